"""Saved web pages → Document.

Government CMS pages wrap the report in chrome (menus, 当前位置, 分享到, 打印, footers) and lay pages out
with tables of their own. The body is the deepest element that still holds most of the page's text;
a `<table>` is data when it holds no other table and has at least two columns, otherwise it is layout
and its cells are read as running text. Paragraph provenance counts visual lines of the extracted text.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree, html

from ..errors import ReadError
from ..model import Block, Document, Provenance, Source, Table
from .blocks import SpanCell, expand, make_paragraph
from .text import decode

_SKIP = frozenset(
    [
        "script", "style", "noscript", "iframe", "nav", "footer", "form", "select", "button", "object",
        "embed", "svg", "template", "head", "title", "aside"
    ]
)
_BLOCK = frozenset(
    [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "td", "th", "section",
        "article", "blockquote", "center", "dd", "dt", "dl", "pre", "address", "caption", "table", "tbody",
        "thead", "tfoot", "header", "main"
    ]
)
# class/id tokens of page chrome in Chinese CMS templates
_CHROME_TOKENS = frozenset(
    [
        "nav", "navbar", "menu", "breadcrumb", "crumb", "crumbs", "footer", "foot", "share", "bdshare",
        "jiathis", "print", "toolbar", "sidebar", "copyright", "search", "login", "topbar", "friendlink",
        "links", "position", "location", "dqwz", "fxd"
    ]
)
_CHROME_TEXT = (
    "当前位置", "您的位置", "你的位置", "您当前的位置", "分享到", "打印本页", "【打印】", "[打印]", "关闭窗口",
    "【关闭】", "[关闭]", "扫一扫", "返回顶部", "【字体", "字号：", "【大 中 小】", "收藏本页",
)
_CHROME_MAX_LEN = 80
_CHROME_MAX_TEXT = 500
_BODY_SHARE = 0.7
_ENCODING_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}


def _declared_charset(data: bytes) -> str | None:
    """The charset a `<meta>` declares in the page's head, read with a byte-transparent parse."""
    parser = etree.HTMLParser(encoding="iso-8859-1", no_network=True, recover=True)
    root = etree.fromstring(data[:8192], parser)
    if root is None:
        return None
    for meta in root.iter("meta"):
        charset = meta.get("charset")
        if charset is None and (meta.get("http-equiv") or "").lower() == "content-type":
            content = meta.get("content") or ""
            charset = content.lower().partition("charset=")[2].split(";")[0] or None
        if charset:
            return charset.strip().strip("'\"").lower()
    return None


def decode_html(data: bytes) -> tuple[str, str]:
    """BOM, then the declared charset (GB2312/GBK read as their superset GB18030), then detection."""
    declared = None if data[:3] == b"\xef\xbb\xbf" or data[:2] in (b"\xff\xfe", b"\xfe\xff") else _declared_charset(data)
    if declared:
        encoding = _ENCODING_ALIASES.get(declared, declared)
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            pass
    return decode(data)


def _is_chrome(element: etree._Element) -> bool:
    """Skipped tags, and elements named like chrome that hold little text (a report body is never short,
    so a container unluckily called `position` still keeps the report)."""
    if element.tag in _SKIP:
        return True
    names = f"{element.get('class', '')} {element.get('id', '')}".lower().replace("-", " ").replace("_", " ")
    if not any(token in _CHROME_TOKENS for token in names.split()):
        return False
    return len(element.xpath("normalize-space(string())")) < _CHROME_MAX_TEXT


def _text_lengths(root: etree._Element) -> dict[etree._Element, int]:
    """Characters of text outside links and chrome under each element — what a reader of the page would
    call content — measured for the whole tree in one pass (measuring again at every level of the
    descent below was a sixth of reading a page)."""
    lengths: dict[etree._Element, int] = {}

    def measure(element: etree._Element) -> int:
        total = len((element.text or "").strip()) if element.tag != "a" else 0
        for child in element:
            if isinstance(child.tag, str) and not _is_chrome(child):
                total += measure(child)
            total += len((child.tail or "").strip())
        lengths[element] = total
        return total

    measure(root)
    return lengths


def find_body(root: etree._Element) -> etree._Element:
    """Descend from <body> while a single child holds most of the text: the report's container."""
    node = root.find("body")
    node = root if node is None else node
    lengths = _text_lengths(node)
    total = lengths[node]
    while True:
        sized = [(lengths[c], c) for c in node if c in lengths]
        if not sized or total == 0:
            return node
        length, best = max(sized, key=lambda pair: pair[0])
        if length < _BODY_SHARE * total or (best.tag == "table" and _is_data_table(best)):
            return node
        node, total = best, length


def _is_data_table(table: etree._Element) -> bool:
    if table.find(".//table") is not None:
        return False
    return any(len(tr.xpath("./td|./th")) >= 2 for tr in table.iter("tr"))


def _cell_raw(cell: etree._Element) -> str:
    """A cell's text with <br> and block children as line breaks (labels wrap inside cells)."""
    parts: list[str] = []
    for node in cell.iter():
        if not isinstance(node.tag, str):
            continue
        if node is not cell and node.tag in _BLOCK | {"br"}:
            parts.append("\n")
        if node.text and node.tag not in _SKIP:
            parts.append(node.text)
        if node is not cell and node.tail:
            parts.append(node.tail)
    return "".join(parts)


def _span(cell: etree._Element, name: str) -> int:
    value = (cell.get(name) or "1").strip()
    return int(value) if value.isdigit() and int(value) > 0 else 1


def _table(table: etree._Element, index: int) -> Table:
    rows: list[list[SpanCell]] = []
    for tr in table.iter("tr"):
        rows.append(
            [
                SpanCell(_cell_raw(td), Provenance(table=index), _span(td, "rowspan"), _span(td, "colspan"))
                for td in tr.xpath("./td|./th")
            ]
        )
    return Table(expand(rows), Provenance(table=index))


class _Walker:
    """Flattens the body into blocks: one Paragraph per visual line, one Table per data table."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.line: list[str] = []
        self.lines = 0
        self.tables = 0

    def flush(self) -> None:
        raw = "".join(self.line)
        self.line = []
        if not raw.strip():
            return
        self.lines += 1
        if len(raw.strip()) <= _CHROME_MAX_LEN and any(marker in raw for marker in _CHROME_TEXT):
            return
        self.blocks.append(make_paragraph(raw, Provenance(line=self.lines)))

    def read(self, body: etree._Element) -> list[Block]:
        self._text(body.text)
        self.walk(body)
        self.flush()
        return self.blocks

    def walk(self, element: etree._Element) -> None:
        for node in self._children(element):
            if node.tag == "table" and _is_data_table(node):
                self.flush()
                for caption in node.iterchildren("caption"):
                    self._text(caption.text_content())
                    self.flush()
                self.blocks.append(_table(node, self.tables))
                self.tables += 1
            elif node.tag == "br":
                self.flush()
            elif node.tag in _BLOCK:
                self.flush()
                self._text(node.text)
                self.walk(node)
                self.flush()
            else:
                self._text(node.text)
                self.walk(node)
            self._text(node.tail)

    @staticmethod
    def _children(element: etree._Element) -> Iterator[etree._Element]:
        return (c for c in element if isinstance(c.tag, str) and not _is_chrome(c))

    def _text(self, text: str | None) -> None:
        if text:
            self.line.append(text.replace("\n", " ").replace("\r", " "))


def read_html(data: bytes, source: Source) -> Document:
    text, encoding = decode_html(data)
    source.encoding = encoding
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(source.path, f"not a readable web page ({exc})") from exc
    body = find_body(root)
    return Document(source, _Walker().read(body), chrome=_chrome(root, body))


def _chrome(root: etree._Element, body: etree._Element) -> list[str]:
    """The page's <title> and every line of text outside the report body (CMS header, 来源, 发布时间,
    footer): one string per block element, as a reader sees the lines."""
    lines = [t for t in (root.findtext(".//title") or "").split("\n") if t.strip()]
    inside = set(body.iter())
    current: etree._Element | None = None
    parts: list[str] = []
    for node in root.xpath("//body//text()[not(ancestor::script or ancestor::style)]"):
        owner = node.getparent()
        if owner in inside and not (node.is_tail and owner is body):
            continue
        block = owner.getparent() if node.is_tail and owner.getparent() is not None else owner
        while block.tag not in _BLOCK and block.getparent() is not None:
            block = block.getparent()
        if block is not current and parts:
            lines.append("".join(parts))
            parts = []
        current = block
        if node.strip():
            parts.append(" ".join(node.split()) + " ")
    if parts:
        lines.append("".join(parts))
    return [line.strip() for line in lines if line.strip()]
