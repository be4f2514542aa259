"""Word (.docx) documents → Document, read straight from the OOXML.

python-docx hides what reports depend on (content controls, text boxes, vertical merges as data), so
the body is walked directly with lxml: paragraphs and tables in document order, text boxes after the
paragraph anchoring them, content controls unwrapped. A one-column table is a layout frame and its
content is read as if it were the body. Consecutive tables of the same width are one table that Word
split at a page break. The archive is read with size limits before anything is decompressed.
"""

from __future__ import annotations

import zipfile
import zlib
from io import BytesIO

from lxml import etree

from ..errors import ReadError
from ..model import Block, Document, Provenance, Source, Table
from .archive import MAX_PART_BYTES, refuse_bomb
from .blocks import SpanCell, expand, join_tables, make_paragraph, number_tables

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_NS = {"w": W}
_CONTAINERS = {f"{{{W}}}sdt", f"{{{W}}}sdtContent", f"{{{W}}}customXml", f"{{{W}}}smartTag"}
_SKIP = {f"{{{W}}}txbxContent", f"{{{MC}}}Fallback", f"{{{W}}}del", f"{{{W}}}instrText", f"{{{W}}}rPr", f"{{{W}}}pPr"}
# Compiled once: `element.xpath(...)` compiles its expression on every call, once per table cell.
_ROWS = etree.XPath("./w:tr | ./w:sdt/w:sdtContent/w:tr", namespaces=_NS)
_CELLS = etree.XPath("./w:tc | ./w:sdt/w:sdtContent/w:tc", namespaces=_NS)
_CELL_PARAGRAPHS = etree.XPath("./w:p | ./w:sdt/w:sdtContent/w:p", namespaces=_NS)
_NESTED_TABLES = etree.XPath("./w:tbl", namespaces=_NS)
_TC_PR = f"{{{W}}}tcPr"
_TEXT = {f"{{{W}}}t": None, f"{{{W}}}tab": "\t", f"{{{W}}}br": "\n", f"{{{W}}}cr": "\n", f"{{{W}}}noBreakHyphen": "-"}


def read_part(data: bytes, name: str, path: str) -> bytes:
    """One archive member, refusing members that declare or turn out to be too large (zip bombs)."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        info = archive.getinfo(name)
        refuse_bomb(info, path)
        with archive.open(info) as member:
            content = member.read(MAX_PART_BYTES + 1)
    except KeyError as exc:
        raise ReadError(path, f"not a Word document ({name} is missing)") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, ValueError) as exc:
        raise ReadError(path, f"corrupt or truncated Word document ({exc})") from exc
    if len(content) > MAX_PART_BYTES:
        raise ReadError(path, f"{name} unpacks to more than {MAX_PART_BYTES // 1_000_000} MB: refused as a zip bomb")
    return content


def parse_xml(content: bytes, path: str) -> etree._Element:
    """Parse without DTDs, entity expansion or network access (XML bombs, external entities)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise ReadError(path, f"corrupt Word document XML ({exc})") from exc
    if root.getroottree().docinfo.internalDTD is not None:
        raise ReadError(path, "the Word document declares a DTD, which Word never writes: refused (XML bomb?)")
    return root


class _Body:
    """Walks block-level OOXML into blocks, numbering paragraphs and tables for provenance."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.paragraphs = 0

    def walk(self, parent: etree._Element) -> None:
        for child in parent:
            if child.tag == f"{{{W}}}p":
                self.paragraph(child)
            elif child.tag == f"{{{W}}}tbl":
                self.table(child)
            elif child.tag in _CONTAINERS:
                self.walk(child)

    def paragraph(self, p: etree._Element) -> None:
        for line in _inline_text(p).split("\n"):
            if line.strip():
                self.paragraphs += 1
                self.blocks.append(make_paragraph(line, Provenance(line=self.paragraphs)))
        for box in p.iter(f"{{{W}}}txbxContent"):
            if not any(a.tag == f"{{{MC}}}Fallback" for a in box.iterancestors()):
                self.walk(box)

    def table(self, tbl: etree._Element) -> None:
        cells = [_CELLS(r) for r in _ROWS(tbl)]
        if all(len(row) <= 1 for row in cells):
            for row in cells:
                for tc in row:
                    self.walk(tc)
            return
        self.blocks.append(Table(expand(_span_rows(cells))))
        for row in cells:
            for tc in row:
                for nested in _NESTED_TABLES(tc):
                    self.table(nested)


def _inline_text(element: etree._Element) -> str:
    """Text of runs in order; text boxes, deleted text, field codes and fallback copies left out."""
    parts: list[str] = []
    stack = [element]
    while stack:
        node = stack.pop()
        if node.tag in _SKIP or node.tag == f"{{{W}}}tbl" and node is not element:
            continue
        if node.tag in _TEXT:
            fixed = _TEXT[node.tag]
            parts.append((node.text or "") if fixed is None else fixed)
        stack.extend(reversed([c for c in node if isinstance(c.tag, str)]))
    return "".join(parts)


def _cell_raw(tc: etree._Element) -> str:
    return "\n".join(_inline_text(p) for p in _CELL_PARAGRAPHS(tc))


def _merges(tc: etree._Element) -> tuple[str | None, str | None]:
    """The cell's gridSpan and vMerge values (a bare vMerge continues the merge above)."""
    span = vmerge = None
    properties = tc.find(_TC_PR)
    for prop in properties if properties is not None else ():
        if prop.tag == f"{{{W}}}gridSpan":
            span = prop.get(f"{{{W}}}val")
        elif prop.tag == f"{{{W}}}vMerge":
            vmerge = prop.get(f"{{{W}}}val", "continue")
    return span, vmerge


def _span_rows(rows: list[list[etree._Element]]) -> list[list[SpanCell]]:
    """gridSpan → colspan; a vMerge run → one cell with a rowspan (its continuation cells dropped)."""
    open_merges: dict[int, SpanCell] = {}
    out: list[list[SpanCell]] = []
    for cells in rows:
        row: list[SpanCell] = []
        column = 0
        for tc in cells:
            span, vmerge = _merges(tc)
            colspan = int(span) if span and span.isdigit() else 1
            if vmerge == "continue" and column in open_merges:
                open_merges[column].rowspan += 1
            else:
                cell = SpanCell(_cell_raw(tc), Provenance(), colspan=colspan)
                row.append(cell)
                open_merges.pop(column, None)
                if vmerge == "restart":
                    open_merges[column] = cell
            column += colspan
        out.append(row)
    return out


def read_docx(data: bytes, source: Source) -> Document:
    root = parse_xml(read_part(data, "word/document.xml", source.path), source.path)
    body = root.find("w:body", _NS)
    if body is None:
        raise ReadError(source.path, "not a Word document (no document body)")
    walker = _Body()
    walker.walk(body)
    return Document(source, number_tables(join_tables(walker.blocks)))
