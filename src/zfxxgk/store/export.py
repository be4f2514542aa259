"""Stored reports → a file pandas, DuckDB and Excel open as-is (CSV, XLSX, Parquet, JSON Lines).

Two shapes: `wide`, one row per report with one column per cell id (for spreadsheets and models), and
`long`, one row per cell with its kind, raw text, provenance and number of findings (for review and
databases). Values are the corrected ones; a column says which cells a reviewer changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..celltext import csv_writer, text_row
from ..model import Report
from ..templates import load
from .database import StoreError
from .reports import latest_corrections, load_report, to_number
from .schema import Agency, CellRow, ReportRow

Format = Literal["csv", "xlsx", "parquet", "jsonl"]
Shape = Literal["wide", "long"]
ColumnType = Literal["int", "float", "str", "bool"]


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: ColumnType


META = [
    Column("report_id", "int"),
    Column("agency", "str"),
    Column("year", "int"),
    Column("template", "str"),
]
WIDE_META = META + [
    Column("title", "str"),
    Column("published", "str"),
    Column("path", "str"),
    Column("format", "str"),
    Column("sha256", "str"),
    Column("version", "int"),
    Column("errors", "int"),
    Column("warnings", "int"),
    Column("corrected_cells", "str"),
    Column("extractor_version", "str"),
]
LONG = META + [
    Column("cell", "str"),
    Column("label", "str"),
    Column("value", "float"),
    Column("kind", "str"),
    Column("raw", "str"),
    Column("unit", "str"),
    Column("corrected", "bool"),
    Column("extracted_value", "float"),
    Column("page", "int"),
    Column("line", "int"),
    Column("provenance", "str"),
    Column("findings", "int"),
]


@dataclass(slots=True)
class Loaded:
    row: ReportRow
    report: Report
    extracted: dict[str, int | float | None]  # the printed value of each corrected cell


def _rows(session: Session, year: int | None) -> Iterator[Loaded]:
    query = select(ReportRow).join(Agency).where(ReportRow.is_current)
    if year is not None:
        query = query.where(ReportRow.year == year)
    for row in session.scalars(query.order_by(ReportRow.year, Agency.name, ReportRow.id)):
        fixes = latest_corrections(session, row.id)
        extracted: dict[str, int | float | None] = {}
        if fixes:
            cells = session.execute(
                select(CellRow.cell, CellRow.value, CellRow.is_int).where(CellRow.report_id == row.id, CellRow.cell.in_(fixes))
            )
            extracted = {cell: to_number(value, is_int) for cell, value, is_int in cells}
        yield Loaded(row, load_report(session, row), extracted)


def _meta(item: Loaded) -> dict[str, Any]:
    return {"report_id": item.row.id, "agency": item.row.agency.name, "year": item.row.year, "template": item.row.template}


def _cell_columns(items: list[Loaded]) -> list[Column]:
    seen: dict[str, None] = {}
    for template_id in sorted({i.row.template for i in items}):
        seen.update(dict.fromkeys(load(template_id).cells))
    return [Column(cid, "float") for cid in seen]


def wide(items: list[Loaded]) -> tuple[list[Column], list[dict[str, Any]]]:
    columns = WIDE_META + _cell_columns(items)
    rows = []
    for item in items:
        r, report = item.row, item.report
        rows.append(
            _meta(item)
            | {
                "title": r.title, "published": r.published, "path": r.path, "format": r.format, "sha256": r.sha256,
                "version": r.version, "errors": r.errors, "warnings": r.warnings,
                "corrected_cells": ";".join(sorted(item.extracted)), "extractor_version": r.extractor_version,
            }
            | report.values()
        )
    return columns, rows


def long(items: list[Loaded]) -> tuple[list[Column], list[dict[str, Any]]]:
    rows = []
    for item in items:
        labels = {cid: spec.label for cid, spec in load(item.row.template).cells.items()}
        named = [cid for f in item.report.findings for cid in f.cells]
        for cid, cell in item.report.cells.items():
            prov = cell.provenance
            rows.append(
                _meta(item)
                | {
                    "cell": cid, "label": labels.get(cid, ""), "value": cell.value, "kind": cell.kind.value,
                    "raw": cell.raw, "unit": cell.unit, "corrected": cid in item.extracted,
                    "extracted_value": item.extracted.get(cid, cell.value),
                    "page": prov.page if prov else None, "line": prov.line if prov else None,
                    "provenance": json.dumps(prov.to_json(), ensure_ascii=False) if prov else None,
                    "findings": named.count(cid),
                }
            )
    return LONG, rows


def _csv(path: Path, columns: list[Column], rows: list[dict[str, Any]]) -> None:
    """UTF-8 with a byte-order mark: without it Excel reads Chinese CSV as the local code page."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv_writer(handle)
        writer.writerow([c.name for c in columns])
        writer.writerows([row.get(c.name) for c in columns] for row in rows)


def _jsonl(path: Path, columns: list[Column], rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps({c.name: row.get(c.name) for c in columns}, ensure_ascii=False) + "\n")


def _xlsx(path: Path, columns: list[Column], rows: list[dict[str, Any]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("reports")
    sheet.append([c.name for c in columns])
    for row in rows:
        sheet.append(text_row(sheet, [row.get(c.name) for c in columns]))
    book.save(path)


def _parquet(path: Path, columns: list[Column], rows: list[dict[str, Any]]) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise StoreError("Parquet export needs pyarrow: pip install 'zfxxgk[parquet]'") from exc
    types = {"int": pa.int64(), "float": pa.float64(), "str": pa.string(), "bool": pa.bool_()}
    schema = pa.schema([(c.name, types[c.type]) for c in columns])
    data = {c.name: [row.get(c.name) for row in rows] for c in columns}
    pq.write_table(pa.Table.from_pydict(data, schema=schema), path)


WRITERS: dict[str, Callable[[Path, list[Column], list[dict[str, Any]]], None]] = {
    "csv": _csv,
    "xlsx": _xlsx,
    "parquet": _parquet,
    "jsonl": _jsonl,
}
SHAPES = {"wide": wide, "long": long}


def export(session: Session, path: str | Path, format: Format | None = None, shape: Shape = "wide", year: int | None = None) -> int:
    """Write the current reports (of one year, or all) to `path`; the format defaults to the suffix.

    Returns the number of data rows written.
    """
    path = Path(path)
    format = format or path.suffix.lstrip(".").lower()  # type: ignore[assignment]
    if format not in WRITERS:
        raise StoreError(f"unknown export format {format!r}; use one of {', '.join(WRITERS)}")
    if shape not in SHAPES:
        raise StoreError(f"unknown shape {shape!r}; use wide or long")
    columns, rows = SHAPES[shape](list(_rows(session, year)))
    WRITERS[format](path, columns, rows)
    return len(rows)
