"""What a government web page links to: report titles, the 年报 column, the next list pages, attachments.

CMSs paginate in several ways, all recognised here: numbered static pages announced by a script call
(`createPageHTML(7, 0, "index", "html")` → `index_1.html` … `index_6.html`), `?page=N` and page-number
links, and 下一页/尾页 links. Links are resolved against the page's final URL (or its `<base>`), so
relative paths and `./P0202…pdf` attachments work. Which links are reports is read from their text: a
year and 信息公开…年度报告/年报.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree, html

from ..read.html import decode_html

REPORT_TITLE = re.compile(r"信息公开.{0,8}?(?:年度报告|年报)|(?:年度报告|年报).{0,4}?信息公开")
YEAR = re.compile(r"(20\d{2})\s*年")
ANNUAL_COLUMN = re.compile(r"^(?:政府)?(?:信息公开)?(?:工作)?(?:年度报告|年报)(?:专栏)?$|^(?:政府)?信息公开(?:工作)?(?:年度报告|年报)")
PAGER_TEXT = re.compile(r"^(?:下一?页|下页|尾页|末页|最后一?页|>|»|›|\d{1,4})$")
SCRIPT_PAGER = re.compile(r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]")
DATE = re.compile(r"(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
PAGE_DATE = re.compile(r"(?:发布|公开|成文|发文|印发)(?:日期|时间)\s*[:：]?\s*(20\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")
FILE_SUFFIX = re.compile(r"\.(?:pdf|docx?|wps|xlsx?|et|rtf|ofd|jpe?g|png|tiff?|bmp|gif)$", re.IGNORECASE)
ATTACHMENT_TEXT = re.compile(r"附件|点击下载|下载附件|全文下载|原文下载|查看原文|点击查看")
AGENCY_NAME = re.compile(r"(?:人民政府|政府|办事处|管委会|管理委员会|局|委员会|委|办公室|办公厅|厅|办|中心|署|院|镇|乡|街道|苏木)$")


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str
    year: int | None = None
    listed: str | None = None  # ISO date printed beside the link


@dataclass(slots=True)
class PageLinks:
    """Everything a page offers the crawler."""

    reports: list[Link] = field(default_factory=list)
    columns: list[Link] = field(default_factory=list)  # links to an agency's 年报 column
    pager: list[str] = field(default_factory=list)  # further pages of this list
    attachments: list[Link] = field(default_factory=list)
    agencies: list[Link] = field(default_factory=list)  # links named like an agency (portal indexes)
    published: str | None = None  # the page's own 发布日期
    title: str = ""


def iso_date(text: str) -> str | None:
    m = DATE.search(text)
    if m is None:
        return None
    year, month, day = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _text(element: etree._Element) -> str:
    return re.sub(r"\s+", "", element.text_content() or "")


def _row_text(anchor: etree._Element) -> str:
    """The list item the link sits in (li, tr, dd, p), for the date printed beside it."""
    node = anchor.getparent()
    while node is not None and node.tag not in ("li", "tr", "dd", "dl", "p", "div", "td"):
        node = node.getparent()
    return _text(node) if node is not None else ""


def _same_site(a: str, b: str) -> bool:
    return urlsplit(a).netloc == urlsplit(b).netloc


def _script_pages(source: str, base: str) -> list[str]:
    pages = []
    for m in SCRIPT_PAGER.finditer(source):
        total, stem, ext = int(m.group(1)), m.group(3), m.group(4)
        pages += [urljoin(base, f"{stem}.{ext}")] + [urljoin(base, f"{stem}_{i}.{ext}") for i in range(1, min(total, 1000))]
    return pages


def read_links(data: bytes, url: str) -> PageLinks:
    """The links of an HTML page fetched from `url` (its final URL, after redirects)."""
    source, _encoding = decode_html(data)
    out = PageLinks()
    try:
        root = html.document_fromstring(source)
    except (etree.ParserError, ValueError):
        return out
    base_el = root.find(".//base[@href]")
    base = urljoin(url, base_el.get("href")) if base_el is not None else url
    out.title = _text(root.find(".//title")) if root.find(".//title") is not None else ""
    body_text = _text(root)
    if m := PAGE_DATE.search(body_text):
        out.published = iso_date(m.group(1))
    out.pager = _script_pages(source, base)
    seen: set[str] = set()
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#", "tel:")):
            continue
        target = urldefrag(urljoin(base, href))[0]
        text = _text(anchor) or (anchor.get("title") or "").strip()
        title = (anchor.get("title") or "").strip() or text
        if target in seen or target == urldefrag(url)[0]:
            continue
        seen.add(target)
        path = urlsplit(target).path
        if FILE_SUFFIX.search(path) or ATTACHMENT_TEXT.search(text) and not REPORT_TITLE.search(title):
            out.attachments.append(Link(target, title))
        if REPORT_TITLE.search(title) and (year := YEAR.search(title)):
            out.reports.append(Link(target, title, int(year.group(1)), iso_date(_row_text(anchor).replace(title, ""))))
        elif ANNUAL_COLUMN.search(title):
            out.columns.append(Link(target, title))
        elif PAGER_TEXT.match(text) and _same_site(target, url):
            out.pager.append(target)
        elif AGENCY_NAME.search(text) and 2 < len(text) <= 30:
            out.agencies.append(Link(target, text))
    return out
