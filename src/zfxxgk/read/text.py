"""Plain-text reports (and Markdown from PDF converters) → Document.

Copied web pages come in three table layouts: tab-separated rows, pipe tables, and one cell per line
(each cell a line starting with a tab, rows separated by blank lines, long labels wrapped onto
untabbed lines). Everything else is running text, one Paragraph per line so that provenance can name
the line. Space-aligned tables stay paragraphs: the extractor reads numbers from text as well as grids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from charset_normalizer import from_bytes

from ..model import Block, Provenance, Table, TableCell
from .blocks import make_paragraph
from .normalize import normalize_text

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Page numbers that PDF converters leave in the text: `— 5 —`, `- 5 -`, `第 5 页`, `第5页 共7页`, `5/7`.
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$")
# Conditional comments of Word-made web pages (`<!--[if !supportMisalignedColumns]-->`) that crawlers
# keep as text; dropped keeping their line breaks, so line numbers still point into the file.
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_MD_RULE = re.compile(r"^[\s|:\-+=]+$")
_VALUE_LINE = re.compile(r"^\s*[-+]?[\d.,]+\s*$")
# Crawled pages are cut mid-character or carry a few stray bytes; refusing them loses a readable report.
# UTF-8 with at most one bad byte per this many is still UTF-8 (GBK read as UTF-8 fails on every
# Chinese character, so the two cannot be confused); the bad bytes become U+FFFD.
_BYTES_PER_BAD_UTF8 = 1000
_REPLACEMENT = "\ufffd"


def replaced(text: str, data: bytes) -> int:
    """Bytes of `data` that did not decode and stand as U+FFFD in `text` (those printed as U+FFFD aside)."""
    return text.count(_REPLACEMENT) - data.count(_REPLACEMENT.encode())


def _nearly_utf8(data: bytes) -> str | None:
    text = data.decode("utf-8", errors="replace")
    bad = replaced(text, data)
    cut_in_last_character = bad == 1 and text.endswith(_REPLACEMENT)
    return text if cut_in_last_character or 0 < bad <= len(data) // _BYTES_PER_BAD_UTF8 else None


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with: BOMs first, UTF-8 (allowing a few bad bytes), then detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    nearly = _nearly_utf8(data)
    if nearly is not None:
        return nearly, "utf-8"
    best = from_bytes(data, cp_isolation=["gb18030", "utf_16_le", "utf_16_be", "big5"]).best()
    if best is None or best.encoding is None:
        return data.decode("gb18030", errors="strict"), "gb18030"
    encoding = "gb18030" if best.encoding in {"gbk", "gb2312"} else best.encoding
    return data.decode(encoding), encoding


class _Kind(Enum):
    BLANK = 0
    CELL = 1  # one cell per line: a single leading tab
    TABS = 2
    PIPES = 3
    TEXT = 4


@dataclass(slots=True)
class _Line:
    number: int
    raw: str
    kind: _Kind


def _classify(raw: str) -> _Kind:
    if _PAGE_NUMBER.match(raw):
        return _Kind.BLANK
    if raw.startswith("\t") and "\t" not in raw[1:]:
        return _Kind.CELL  # blank too (`\t`, or `\t ` where the page left a space in the empty cell)
    if not raw.strip():
        return _Kind.BLANK
    if "\t" in raw.strip("\r\n "):
        return _Kind.TABS
    if raw.count("|") >= 2:
        return _Kind.PIPES
    return _Kind.TEXT


def _cell(raw: str, line: int, column: int) -> TableCell:
    return TableCell(normalize_text(raw).replace("\n", " "), Provenance(text=raw.strip(), line=line, column=column))


def _split_pipes(raw: str) -> list[str]:
    parts = raw.strip().split("|")
    if raw.strip().startswith("|"):
        parts = parts[1:]
    if raw.strip().endswith("|") and parts:
        parts = parts[:-1]
    return parts


def _grid_table(lines: list[_Line]) -> Table:
    rows: list[list[TableCell]] = []
    for line in lines:
        if line.kind is _Kind.PIPES:
            if _MD_RULE.match(line.raw):
                continue
            parts = _split_pipes(line.raw)
        else:
            parts = line.raw.rstrip("\r\n").split("\t")
        rows.append([_cell(p, line.number, i) for i, p in enumerate(parts)])
    return Table(rows, Provenance(text="", line=lines[0].number))


def _cell_per_line_table(lines: list[_Line]) -> Table:
    """Rows are separated by blank lines; an untabbed line continues the cell above it."""
    rows: list[list[TableCell]] = []
    current: list[TableCell] = []
    for line in lines:
        if line.kind is _Kind.BLANK:
            if current:
                rows.append(current)
                current = []
        elif line.kind is _Kind.CELL:
            current.append(_cell(line.raw, line.number, len(current)))
        elif current:
            previous = current[-1]
            raw = f"{previous.provenance.text}\n{line.raw.strip()}"
            current[-1] = TableCell(
                normalize_text(raw).replace("\n", ""),
                Provenance(text=raw, line=previous.provenance.line, column=previous.provenance.column),
            )
    if current:
        rows.append(current)
    return Table(rows, Provenance(text="", line=lines[0].number))


def _runs(lines: list[_Line]) -> Iterator[tuple[str, list[_Line]]]:
    """Group lines into paragraphs, grid tables and one-cell-per-line tables."""
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.kind in (_Kind.TABS, _Kind.PIPES):
            j = i
            while j < len(lines) and lines[j].kind is line.kind:
                j += 1
            yield "grid", lines[i:j]
            i = j
        elif line.kind is _Kind.CELL:
            j = i + 1
            while j < len(lines):
                kind = lines[j].kind
                continues = (
                    kind is _Kind.TEXT
                    and lines[j - 1].kind in (_Kind.CELL, _Kind.TEXT)
                    and not _VALUE_LINE.match(lines[j - 1].raw)
                )
                if kind in (_Kind.CELL, _Kind.BLANK) or continues:
                    j += 1
                else:
                    break
            yield "cells", lines[i:j]
            i = j
        else:
            if line.kind is _Kind.TEXT:
                yield "text", [line]
            i += 1


# A Markdown heading's marker (`# 栖霞区人民政府办公室2020年…`) is markup, not part of the title it marks.
_MARKDOWN_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+")


def blocks_from_text(text: str) -> list[Block]:
    text = _HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    lines = [_Line(n, raw, _classify(raw)) for n, raw in enumerate(text.splitlines(), start=1)]
    blocks: list[Block] = []
    for kind, run in _runs(lines):
        if kind == "grid":
            blocks.append(_grid_table(run))
        elif kind == "cells":
            blocks.append(_cell_per_line_table(run))
        else:
            blocks.append(make_paragraph(_MARKDOWN_HEADING.sub("", run[0].raw), Provenance(line=run[0].number)))
    return blocks
