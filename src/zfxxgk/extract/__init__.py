"""Document + template → Report: every template cell with its value as printed and where it came from."""

from __future__ import annotations

from ..errors import ExtractError
from ..model import CellKind, CellValue, Document, Hints, Meta, Report
from ..templates import Template, for_year, load
from .detect import detect_template
from .hints import ProseHints
from .meta import extract_meta
from .readings import Piece
from .sections import Heading, find_headings, narrative
from .stream import Stream
from .slots import TableResult
from .tables import read_table

__all__ = ["extract", "ExtractError"]


def _cell(stream: Stream, piece: Piece) -> CellValue:
    token = piece.token
    if token.kind == "gap":  # a cell the print left out: not in the document
        return CellValue(None, CellKind.MISSING)
    if token.kind == "empty":
        kind, value = CellKind.EMPTY, None
    elif token.kind == "na":
        kind, value = CellKind.NA, None
    else:
        value = piece.value
        kind = CellKind.ZERO if value == 0 else CellKind.NUMBER
    provenance = stream.provenance(token)
    return CellValue(value=value, kind=kind, raw=piece.text, unit=piece.unit, provenance=provenance)


def _cells(stream: Stream, template: Template, results: list[TableResult]) -> dict[str, CellValue]:
    cells = {cid: CellValue(None, CellKind.MISSING) for cid in template.cells}
    for result in results:
        for slot in result.slots:
            if slot.chosen is None:
                continue
            for cid, piece in zip(slot.cell_ids, slot.chosen.pieces):
                cells[cid] = _cell(stream, piece)
    return cells


def _section_end(stream: Stream, headings: list[Heading], section: str, cursor: int) -> int:
    """Where the table's section ends: the next heading after its own one, when both were found after
    the cursor; else the end of the document. Bounds a table read by position, which has no row labels
    to stop it from taking the numbers of the next section's prose."""
    ids = [h.section.id for h in headings]
    if section not in ids:
        return len(stream.text)
    i = ids.index(section)
    following = [h.start for h in headings[i + 1 :] if h.start > max(cursor, headings[i].start)]
    return following[0] if following and headings[i].start >= cursor else len(stream.text)


def extract(document: Document, template_id: str | None = None, hints: Hints | None = None) -> Report:
    """Read the report's meta, tables and narrative; raises ExtractError when it holds no report.
    `hints` is what the caller knows from outside the document (the agency a site list names)."""
    stream = Stream(document)
    if not stream.compact:
        raise ExtractError(document.source.path, "no text found in the document")
    meta: Meta = extract_meta(stream, document.chrome, hints)
    detected, scores = detect_template(stream, meta.year)
    if template_id is not None:
        template = load(template_id)
    elif detected is not None:
        template = detected
    elif meta.year is not None:
        template = for_year(meta.year)
    else:
        raise ExtractError(document.source.path, "no annual-report tables or year found: not a 政府信息公开工作年度报告?")
    meta.template = template.id
    prose = ProseHints(stream)
    headings = find_headings(stream, template)
    results: list[TableResult] = []
    cursor = 0
    for table in template.tables.values():
        hi = _section_end(stream, headings, table.id, cursor) if table.layout == "positional" else len(stream.text)
        result = read_table(stream, template, table, cursor, hi, prose)
        results.append(result)
        if result.end is not None:
            cursor = result.end
    if not any(r.found for r in results):
        raise ExtractError(document.source.path, "no tables of the annual-report format found (表二/表三/表四)")
    tables_span = [(r.start, r.end) for r in results if r.start is not None and r.end is not None]
    notes = [f"template {template.id} (evidence {scores})"] + [n for r in results for n in r.notes]
    if document.source.replaced:
        notes.append(f"{document.source.replaced} bytes could not be decoded as {document.source.encoding} and were replaced")
    return Report(
        source=document.source,
        meta=meta,
        cells=_cells(stream, template, results),
        narrative=narrative(stream, template, headings, tables_span, meta.title),
        notes=notes,
        sections=[h.section.id for h in headings],
        alternatives=[a for r in results for a in r.alternatives],
        unplaced=[u for r in results for u in r.unplaced],
    )
