"""What a report says about itself: title, agency, the year it covers, the date it was published.

Titles are often split over two lines (`栖霞区人民政府办公室` / `2020年度…年度报告`), abbreviated
(`秦山街道`) or missing; the agency's full name then comes from the opening sentence (`特向社会公布
海盐县秦山街道办事处2020年度…`) or the signature above the closing date.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from ..model import Meta
from .stream import Stream

_YEAR = re.compile(r"(20\d{2})\s*年")
_CN_DATE = re.compile(
    r"[〇○零一二三四五六七八九]{4}\s*年(?:\s*[一二三四五六七八九十]{1,3}\s*月(?:\s*[一二三四五六七八九十]{1,3}\s*日)?)?"
)
_TITLE_WORDS = ("年度报告", "工作报告", "年报")
_CRAWLER_FIELD = re.compile(r"^(标题|发布时间|发布日期|发布机构|成文日期)\s*[:：]\s*(.*)$")
_DATE_CN = re.compile(r"(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_ISO = re.compile(r"(20\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")
_ORG_SUFFIX = "街道办事处|办事处|街道|人民政府办公室|人民政府|政府办公室|办公厅|办公室|管委会|委员会|政府|局|厅|委|办|中心|镇|乡|院|署|会|所|队|站"
_ORG = re.compile(rf"([\u4e00-\u9fff]{{2,30}}?(?:{_ORG_SUFFIX}))")
_INTRO_ORG = re.compile(rf"(?:公布|发布|编制|现将|本报告由|是)\s*([\u4e00-\u9fff]{{2,30}}?(?:{_ORG_SUFFIX}))\s*\d{{4}}\s*年")
_LEADING_ORG = re.compile(rf"^([\u4e00-\u9fff]{{2,30}}?(?:{_ORG_SUFFIX}))\s*\d{{4}}\s*年")
_NOT_NAME = re.compile(r"^关于|关于$|(?:政府信息公开|信息公开|政务公开).*$")
_NOT_AGENCY = ("根据", "按照", "本报告", "截至", "截止", "我", "全年", "今年", "本年")


def arabic_dates(text: str) -> str:
    """`二〇二四年一月二十日` → `2024年1月20日`: formal documents date their signature in characters.

    cn2an is imported only when such a date is printed: it takes longer to import than a report to read.
    """
    if not _CN_DATE.search(text):
        return text
    import cn2an

    return _CN_DATE.sub(lambda m: cn2an.transform(m.group(0).replace("○", "〇"), "cn2an"), text)


# A site's path printed above a saved or printed page (`当前位置：首页 > 政府信息公开 > 年度报告`) names
# the column the report sits in, never the report: it is no title.
# The site's menu printed with it (`首页 政务公开 互动交流`) neither.
_BREADCRUMB = re.compile(r"当前位置|您的位置|您现在的位置|所在位置|\S\s*[>›»]\s*\S.*[>›»]|^(?:网站)?首页|^(?:\D{1,6}\s+){2,}\D{1,6}$")


def _crawler_fields(stream: Stream) -> dict[str, str]:
    fields: dict[str, str] = {}
    for unit in stream.units[:12]:
        m = _CRAWLER_FIELD.match(stream.text[unit.start : unit.end].strip())
        if m and m.group(2).strip():
            fields[m.group(1)] = m.group(2).strip()
    return fields


def _title(stream: Stream, fields: dict[str, str]) -> str | None:
    if "标题" in fields:
        return fields["标题"]
    texts = [t for u in stream.units[:8] if not u.is_cell and not _BREADCRUMB.search(t := stream.text[u.start : u.end].strip())]
    for i, text in enumerate(texts):
        if any(w in text for w in _TITLE_WORDS) and len(text) <= 60:
            title = text
            if i > 0 and not _YEAR.search(text[:8]) and len(texts[i - 1]) <= 30 and not texts[i - 1].endswith("。"):
                title = texts[i - 1] + text
            elif i + 1 < len(texts) and texts[i + 1] in ("年度报告", "工作年度报告"):
                title = text + texts[i + 1]
            elif _YEAR.search(text) is not None and _YEAR.search(text).start() == 0 and i > 0 and len(texts[i - 1]) <= 30:
                title = texts[i - 1] + text
            return title
        if i + 1 < len(texts) and texts[i + 1] in ("年度报告", "工作年度报告") and len(text) <= 40:
            return text + texts[i + 1]
    return None


def _year(title: str | None, text: str) -> int | None:
    if title:
        m = _YEAR.search(title)
        if m:
            return int(m.group(1))
    period = re.search(r"(20\d{2})\s*年\s*1\s*月\s*1\s*日", text)
    if period:
        return int(period.group(1))
    years = Counter(int(y) for y in _YEAR.findall(text[:3000]))
    return years.most_common(1)[0][0] if years else None


def _title_agency(title: str | None) -> str | None:
    if not title:
        return None
    m = _YEAR.search(title)
    head = re.sub(r"\s+", "", (title[: m.start()] if m else title).strip(" 《》“”"))
    head = _NOT_NAME.sub("", head)
    if len(head) < 2 and m:
        after = re.match(r"\s*(?:度)?\s*([\u4e00-\u9fff]{2,30}?)(?:政府信息公开|信息公开|政务公开)", title[m.end() :])
        head = after.group(1) if after else ""
    return head if len(head) >= 2 else None


def _published(stream: Stream, fields: dict[str, str], year: int | None) -> str | None:
    for name in ("发布时间", "发布日期", "成文日期"):
        if name in fields:
            m = _DATE_ISO.search(fields[name]) or _DATE_CN.search(fields[name])
            if m:
                return _iso(m)
    tail = arabic_dates(stream.text[-400:])
    matches = list(_DATE_CN.finditer(tail)) or list(_DATE_ISO.finditer(tail[-60:]))
    for m in reversed(matches):
        if year is None or int(m.group(1)) > year or (int(m.group(1)) == year and int(m.group(2)) == 12):
            return _iso(m)
    return None


def _iso(m: re.Match[str]) -> str | None:
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def _signature(stream: Stream) -> str | None:
    """The agency name printed alone on a line above the closing date."""
    units = [u for u in stream.units[-6:] if not u.is_cell]
    for unit in reversed(units):
        text = stream.text[unit.start : unit.end].strip()
        if _DATE_CN.fullmatch(text) or not text:
            continue
        m = _ORG.fullmatch(text)
        return m.group(1) if m else None
    return None


def _agency_candidates(stream: Stream) -> list[str]:
    found: list[str] = []
    for unit in stream.units[:40]:
        if unit.is_cell:
            continue
        text = stream.text[unit.start : unit.end]
        for sentence in re.split(r"[。；;!！?？]", text):
            sentence = sentence.strip()
            for pattern in (_INTRO_ORG, _LEADING_ORG):
                for m in pattern.finditer(sentence):
                    name = m.group(1)
                    if not name.startswith(_NOT_AGENCY):
                        found.append(name)
    return found


def _agency(stream: Stream, title: str | None, fields: dict[str, str]) -> str | None:
    printed = fields.get("发布机构")
    base = _title_agency(title) or (printed if printed and re.search(r"[\u4e00-\u9fff]{2}", printed) else None)
    candidates = _agency_candidates(stream)
    signature = _signature(stream)
    if signature:
        candidates.append(signature)
    if base is None:
        return max(candidates[:1] + [c for c in candidates if candidates and candidates[0] in c], key=len, default=None)
    longer = [c for c in candidates if base in c and len(c) > len(base)]
    return max(longer, key=len) if longer else base


def extract_meta(stream: Stream) -> Meta:
    fields = _crawler_fields(stream)
    title = _title(stream, fields)
    title = arabic_dates(title) if title else None
    year = _year(title, stream.text)
    return Meta(
        title=title,
        agency=_agency(stream, title, fields),
        year=year,
        published=_published(stream, fields, year),
    )
