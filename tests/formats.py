"""Seed reports printed into other file formats, shaped like the files agencies publish.

A seed's tab-separated tables leave a merged cell's other positions empty. `spans` turns those into
real merges, as a CMS editor or Word would print them: empty cells right of a header become its
colspan, empty label cells below a label become its rowspan. The same spans drive the HTML and DOCX
writers, so both formats are tested on the same merges.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK

from zfxxgk.model import Paragraph, Table
from zfxxgk.read import read_path
from zfxxgk.read.office import soffice

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_VALUE = re.compile(r"^[-+]?[\d.,]+\s*(万元|元|个|件|条|项)?$")


@dataclass(slots=True)
class Span:
    row: int
    column: int
    text: str
    rowspan: int = 1
    colspan: int = 1


def _first_value(row: list[str]) -> int:
    return next((i for i, text in enumerate(row) if _VALUE.match(text.strip())), len(row))


def spans(table: Table) -> list[list[Span]]:
    """The seed table's cells as merged cells; positions a merge covers are left out."""
    rows = [_rstrip([c.provenance.text for c in row]) for row in table.rows]
    width = max(len(row) for row in rows)
    rows = [_right_align(row, width) for row in rows]
    covered: set[tuple[int, int]] = set()
    out: list[list[Span]] = []
    for r, row in enumerate(rows):
        values_from = _first_value(row)
        line: list[Span] = []
        for c, text in enumerate(row):
            if (r, c) in covered or (not text.strip() and c < values_from):
                continue  # covered by a merge, or an empty label position nothing covers
            span = Span(r, c, text)
            if c < values_from:
                span.colspan = _label_colspan(row, r, c, width, covered)
                covered.update((r, c + k) for k in range(1, span.colspan))
                span.rowspan = _label_rowspan(rows, r, c, covered)
                covered.update((r + dr, c + k) for dr in range(1, span.rowspan) for k in range(span.colspan))
            line.append(span)
        out.append(line)
    return out


def _rstrip(row: list[str]) -> list[str]:
    while row and not row[-1].strip():
        row = row[:-1]
    return row


def _right_align(row: list[str], width: int) -> list[str]:
    """Values end at the table's right edge; the labels before them span what is left."""
    values_from = _first_value(row)
    if values_from == len(row):
        return row
    return row[:values_from] + [""] * (width - len(row)) + row[values_from:]


def _label_colspan(row: list[str], r: int, c: int, width: int, covered: set[tuple[int, int]]) -> int:
    """A label spans the empty label positions after it; a header row's last cell reaches the edge."""
    values_from = _first_value(row)
    limit = width if values_from == len(row) else values_from
    end = c + 1
    while end < limit and (end >= len(row) or not row[end].strip()) and (r, end) not in covered:
        end += 1
    return end - c


def _label_rowspan(rows: list[list[str]], r: int, c: int, covered: set[tuple[int, int]]) -> int:
    """A label spans the rows below (of its own kind, header or values) whose cell is an empty label."""
    header = _first_value(rows[r]) == len(rows[r])
    below = r + 1
    while below < len(rows):
        row = rows[below]
        if (below, c) in covered or c < len(row) and row[c].strip():
            break
        if any(row[k].strip() and (below, k) not in covered for k in range(min(c, len(row)))):
            break  # a label starting further left in that row spans this position
        if header != (_first_value(row) == len(row)) or not header and c >= _first_value(row):
            break
        below += 1
    return below - r


def seed_html(seed: Path, encoding: str = "utf-8") -> bytes:
    """A CMS page: navigation, breadcrumb, share and print links around the report body."""
    parts = [
        f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">',
        "<title>政府信息公开</title><script>var x = '<p>不是正文</p>';</script></head><body>",
        '<div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/hd">互动交流</a></div>',
        '<div class="main"><div class="crumbs">当前位置：首页 &gt; 政府信息公开 &gt; 年度报告</div>',
        '<div class="article">',
    ]
    for block in read_path(seed).blocks:
        if isinstance(block, Paragraph):
            parts.append(f"<p>{escape(block.provenance.text)}</p>")
        else:
            parts.append('<table border="1" cellspacing="0">')
            for line in spans(block):
                cells = "".join(
                    f'<td rowspan="{s.rowspan}" colspan="{s.colspan}">{escape(s.text) or "&nbsp;"}</td>' for s in line
                )
                parts.append(f"<tr>{cells}</tr>")
            parts.append("</table>")
    parts += [
        '</div><div class="share">分享到：微信 微博</div><p>【打印本页】 【关闭窗口】</p></div>',
        '<div class="footer">主办单位：某某人民政府办公室 网站标识码 1234567890 联系电话 0571-12345678</div>',
        "</body></html>",
    ]
    return "\n".join(parts).encode(encoding)


def seed_docx(seed: Path, target: Path, *, split_tables: bool = False, grid: bool = True) -> Path:
    """A Word file with merged cells; `split_tables` breaks each long table over a page break."""
    document = docx.Document()
    for block in read_path(seed).blocks:
        if isinstance(block, Paragraph):
            document.add_paragraph(block.provenance.text)
            continue
        grid_spans = spans(block)
        halves = [grid_spans]
        if split_tables and len(grid_spans) > 12:
            cut = _safe_cut(grid_spans)
            halves = [grid_spans[:cut], grid_spans[cut:]]
        for i, half in enumerate(halves):
            if i:
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            _docx_table(document, half, grid)
    document.save(target)
    return target


def _safe_cut(rows: list[list[Span]]) -> int:
    """A row after the middle that no rowspan crosses, so each half is a complete table."""
    first = rows[0][0].row
    for cut in range(len(rows) // 2, len(rows)):
        start = rows[cut][0].row if rows[cut] else first + cut
        if all(s.row + s.rowspan <= start for row in rows[:cut] for s in row):
            return cut
    return len(rows) // 2


def _docx_table(document: docx.document.Document, rows: list[list[Span]], grid: bool) -> None:
    top = rows[0][0].row if rows and rows[0] else 0
    width = max(s.column + s.colspan for row in rows for s in row)
    table = document.add_table(rows=len(rows), cols=width)
    if grid:
        table.style = "Table Grid"
    cells = [list(row.cells) for row in table.rows]  # once: python-docx recomputes the grid per lookup
    for row in rows:
        for s in row:
            cell = cells[s.row - top][s.column]
            cell.text = s.text
            if s.rowspan > 1 or s.colspan > 1:
                cell.merge(cells[s.row - top + s.rowspan - 1][s.column + s.colspan - 1])


def convert_all(sources: list[Path], target_format: str, outdir: Path) -> dict[Path, Path]:
    """Convert files with one LibreOffice run (its start-up dominates), as an office suite exports them."""
    binary = soffice()
    assert binary is not None
    profile = (outdir / "lo-profile").as_uri()
    subprocess.run(
        [binary, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target_format,
         "--outdir", str(outdir), *map(str, sources)],
        check=True, capture_output=True, timeout=300,
    )
    suffix = target_format.split(":")[0]
    return {source: outdir / f"{source.stem}.{suffix}" for source in sources}


def docx_bytes(body: str) -> bytes:
    """A minimal .docx whose body is the given WordprocessingML (what python-docx cannot write)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        document = f'<?xml version="1.0"?><w:document {W_NS}><w:body>{body}</w:body></w:document>'
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def print_with_chromium(page: Path, pdf: Path) -> Path:
    """A web page printed to PDF by Chromium, another PDF producer than LibreOffice."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed: cannot print web pages to PDF")
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", f"--print-to-pdf={pdf}"]
    subprocess.run([browser, *args, page.as_uri()], capture_output=True, timeout=120, check=True)
    return pdf
