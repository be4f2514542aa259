"""What a report says about itself: title, agency, the year it covers, the date it was published.

Titles are often split over two lines (`栖霞区人民政府办公室` / `2020年度…年度报告`), abbreviated
(`秦山街道`) or missing. A page names its agency in many places, of unequal weight: the title, the CMS
header's 发布机构 or 来源, the page's <title>, the opening sentence (`特向社会公布海盐县秦山街道办事处2020年度…`,
`…正确领导下，区教育局认真贯彻…`, `某街道特编制2023年…`), the signature above the closing date, and what a
caller knows from outside (a fetcher's site list). Every source is read, the best-ranked name that is
a name (never a fragment such as `政府` or `我局`) is taken, completed by a longer form another source
prints, and `meta.provenance` says where it came from.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date

from ..model import Hints, Meta
from .stream import Stream

_YEAR = re.compile(r"(20\d{2})\s*年")
_CN_DATE = re.compile(
    r"[〇○零一二三四五六七八九]{4}\s*年(?:\s*[一二三四五六七八九十]{1,3}\s*月(?:\s*[一二三四五六七八九十]{1,3}\s*日)?)?"
)
_TITLE_WORDS = ("年度报告", "工作报告", "年报")
_FIELD = re.compile(r"(标题|发布时间|发布日期|发布机构|成文日期|信息来源|来源|发文机关|发布单位)\s*[:：]\s*")
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


def _fields(lines: list[str]) -> dict[str, str]:
    """`发布时间：2022-01-25 来源：某市教育局 浏览次数：12` → each field's value (a title whole, other
    values up to the first space); the first line naming a field wins."""
    fields: dict[str, str] = {}
    for line in lines:
        found = list(_FIELD.finditer(line))
        for m, nxt in zip(found, found[1:] + [None]):
            value = line[m.end() : nxt.start() if nxt else len(line)].strip()
            if m.group(1) != "标题":
                value = value.split(" ")[0] if not _DATE_ISO.match(value) else value
            if value and m.group(1) not in fields:
                fields[m.group(1)] = value
    return fields


def _head_lines(stream: Stream) -> list[str]:
    return [stream.text[u.start : u.end].strip() for u in stream.units[:12] if not u.is_cell]


def _title(stream: Stream, fields: dict[str, str]) -> str | None:
    if "标题" in fields:
        return fields["标题"]
    texts = [
        _without_site(t.lstrip("#* "))
        for u in stream.units[:8]
        if not u.is_cell and not _BREADCRUMB.search(t := stream.text[u.start : u.end].strip()) and not _SECTION.match(t)
    ]
    for i, text in enumerate(texts):
        if any(w in text for w in _TITLE_WORDS) and len(text) <= 60 and not _SENTENCE.search(text):
            title = text
            before_about = text.startswith("关于") and i > 0 and _ORG.fullmatch(texts[i - 1]) is not None
            if before_about or (i > 0 and not _YEAR.search(text[:8]) and len(texts[i - 1]) <= 30 and not texts[i - 1].endswith("。")):
                title = texts[i - 1] + text
            elif i + 1 < len(texts) and texts[i + 1] in ("年度报告", "工作年度报告"):
                title = text + texts[i + 1]
            elif _YEAR.search(text) is not None and _YEAR.search(text).start() == 0 and i > 0 and len(texts[i - 1]) <= 30:
                title = texts[i - 1] + text
            return title
        if i + 1 < len(texts) and texts[i + 1] in ("年度报告", "工作年度报告") and len(text) <= 40:
            return text + texts[i + 1]
    return None


_SITE_SEPARATOR = re.compile(r"\s*[_|｜]\s*|\s+[-－—–]+\s+")
_SECTION = re.compile(r"^[一二三四五六七八九十]+、")  # 一、总体情况: a section, never the title
_SENTENCE = re.compile(r"[，。；]")


def _without_site(line: str) -> str:
    """`某市教育局2021年度…年度报告_某市人民政府门户网站` → the part naming a report (a page's <title>, or
    its copy heading a saved page, adds the site's name)."""
    parts = [p for p in _SITE_SEPARATOR.split(line) if any(w in p for w in _TITLE_WORDS)]
    return parts[0].strip() if parts else line


def _page_title(chrome: list[str]) -> str | None:
    """The report's title in the page's <title> or header."""
    for line in chrome:
        title = _without_site(line)
        if any(w in title for w in _TITLE_WORDS) and len(title) <= 60 and not _SENTENCE.search(title):
            return title
    return None


def _year(titles: list[tuple[str, str | None]], text: str) -> tuple[int | None, str | None]:
    for source, title in titles:
        m = _YEAR.search(title or "")
        if m:
            return int(m.group(1)), source
    period = re.search(r"(20\d{2})\s*年\s*1\s*月\s*1\s*日", text)
    if period:
        return int(period.group(1)), "统计期限"
    years = Counter(int(y) for y in _YEAR.findall(text[:3000]))
    return (years.most_common(1)[0][0], "正文") if years else (None, None)


def _title_agency(title: str | None) -> str | None:
    if not title:
        return None
    m = _YEAR.search(title)
    head = re.sub(r"\s+", "", (title[: m.start()] if m else title).strip(" 《》“”"))
    head = _NOT_NAME.sub("", head)
    if len(head) < 2 and m:
        after = re.match(r"\s*(?:度)?\s*([\u4e00-\u9fff]{2,30}?)(?:政府信息公开|信息公开|政务公开)", title[m.end() :])
        head = after.group(1) if after else ""
    return head if is_name(head) else None


def _date_field(fields: dict[str, str]) -> tuple[str, str] | None:
    for name in ("发布时间", "发布日期", "成文日期"):
        if name in fields:
            m = _DATE_ISO.search(fields[name]) or _DATE_CN.search(fields[name])
            if m and (day := _iso(m)):
                return day, name
    return None


def _published(stream: Stream, fields: dict[str, str], page: dict[str, str], year: int | None) -> tuple[str, str] | None:
    """The date a field at the top of the body states, else the closing date, else the page header's."""
    if found := _date_field(fields):
        return found
    tail = arabic_dates(stream.text[-400:])
    matches = list(_DATE_CN.finditer(tail)) or list(_DATE_ISO.finditer(tail[-60:]))
    for m in reversed(matches):
        if year is None or int(m.group(1)) > year or (int(m.group(1)) == year and int(m.group(2)) == 12):
            if day := _iso(m):
                return day, "文末日期"
    if found := _date_field(page):
        return found[0], f"网页{found[1]}"
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


# The opening sentence names the agency in a few set phrases.
_NAME = rf"[\u4e00-\u9fff]{{2,30}}?(?:{_ORG_SUFFIX})"
_OPENING = (
    _INTRO_ORG,  # 特向社会公布海盐县秦山街道办事处2020年度…
    _LEADING_ORG,  # 海盐县秦山街道办事处2020年度…
    re.compile(rf"(?:公布|发布|编制)\s*\d{{4}}\s*年度?\s*({_NAME})(?:政府信息公开|信息公开|政务公开)"),  # 现向社会公布2021年某市教育局政府信息…
    re.compile(rf"(?:^|[，,：:])\s*({_NAME})\s*(?:特|现)?(?:编制|编写|公布|发布)了?\s*\d{{4}}\s*年"),  # 某街道特编制2023年…
    re.compile(rf"(?:^|[，,])\s*({_NAME})(?:认真|深入|全面|坚持|始终|严格|持续|进一步|高度重视)"),  # …领导下，区教育局认真贯彻…
)
_FRAGMENT_HEAD = 2  # characters a name holds before its suffix (`政府`, `人民政府`, `全局` name nothing)
_UNNAMED = ("我", "本", "该", "各", "全", "现", "特")
_NOT_IN_NAME = ("向社会", "公布", "发布", "编制", "报告", "信息公开", "条例")  # the words around a name, never in it


def is_name(text: str | None) -> bool:
    """Whether `text` can name an agency: two characters or more, not a pronoun (`我局`, `本机关`) and,
    when it ends as an agency does, with at least two characters before that ending (`政府` is a
    fragment; `区教育局`, `平潭综合实验区` are names)."""
    if not text or len(text) < 2 or text.startswith(_UNNAMED + _NOT_AGENCY) or any(w in text for w in _NOT_IN_NAME):
        return False
    m = re.fullmatch(rf"(.*?)(?:{_ORG_SUFFIX})", text)
    return m is None or len(m.group(1)) >= _FRAGMENT_HEAD


WRAPPED_LINE = 20  # a line this long not ending a clause was wrapped: the sentence goes on below
_CLAUSE_END = "。；;!！?？:：，,"


def _opening(stream: Stream) -> list[str]:
    """Names in the opening sentences, read across line ends (a PDF breaks a name over two lines)."""
    found: list[str] = []
    lines = [stream.text[u.start : u.end].strip() for u in stream.units[:40] if not u.is_cell]
    text = "".join(line + ("" if len(line) >= WRAPPED_LINE and line[-1] not in _CLAUSE_END else "\n") for line in lines)
    for sentence in re.split(r"[。；;!！?？\n]", text):
        for pattern in _OPENING:
            found += [m.group(1) for m in pattern.finditer(sentence.strip()) if is_name(m.group(1))]
    return found


def _agency(sources: list[tuple[str, str | None]]) -> tuple[str, str] | None:
    """The best-ranked name (sources come in rank order), completed by the longest name another source
    prints that holds it (`秦山街道` in the title, `海盐县秦山街道办事处` in the signature)."""
    names = [(source, name) for source, name in sources if is_name(name)]
    if not names:
        return None
    source, base = names[0]
    longer = [(len(n), n, s) for s, n in names if base in n and len(n) > len(base)]
    if not longer:
        return base, source
    _, name, where = max(longer)
    return name, f"{source}（全称见{where}）"


def _organisation(text: str | None) -> str | None:
    """A field's value when it is an agency's name (来源 may name a website or a newspaper)."""
    m = _ORG.fullmatch(text or "")
    return m.group(1) if m else None


def extract_meta(stream: Stream, chrome: list[str] | None = None, hints: Hints | None = None) -> Meta:
    """The meta of the body in `stream`, with the page's chrome and a caller's hints where the body is silent."""
    chrome = [unicodedata.normalize("NFKC", line) for line in chrome or []]
    fields, page = _fields(_head_lines(stream)), _fields(chrome)
    title = _title(stream, fields)
    title = arabic_dates(title) if title else None
    page_title = _page_title(chrome)
    year, year_source = _year([("标题", title), ("网页标题", page_title)], stream.text)
    sources: list[tuple[str, str | None]] = [("标题", _title_agency(title))]
    for where, found in (("", fields), ("网页", page)):
        sources += [(f"{where}{name}", _organisation(found.get(name))) for name in ("发布机构", "发文机关", "发布单位", "信息来源", "来源")]
    sources.append(("网页标题", _title_agency(page_title)))
    sources += [("开头语句", name) for name in _opening(stream)]
    sources.append(("署名", _signature(stream)))
    if hints is not None:
        sources.append((hints.source, hints.agency))
    agency = _agency(sources)
    published = _published(stream, fields, page, year)
    provenance = {"title": "标题" if title else "网页标题" if page_title else "", "agency": agency[1] if agency else "", "year": year_source or ""}
    provenance["published"] = published[1] if published else ""
    return Meta(
        title=title or page_title,
        agency=agency[0] if agency else None,
        year=year,
        published=published[0] if published else None,
        provenance={k: v for k, v in provenance.items() if v},
    )
