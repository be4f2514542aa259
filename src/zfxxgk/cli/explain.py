"""`zfxxgk explain`: which printed text became which cell, and why — the table finder made visible."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table as RichTable

from ..errors import ZfxxgkError
from ..model import CellValue, Provenance, Report
from ..pipeline import parse_path
from ..templates import load
from .common import error, stdout


def _place(p: Provenance | None) -> str:
    if p is None:
        return ""
    if p.page is not None:
        return f"p{p.page}"
    return f"L{p.line}" if p.line is not None else ""


def _printed(cell: CellValue) -> str:
    if cell.kind.value == "MISSING":
        return "[red]∅[/red]"
    return cell.raw or ("[dim]空白[/dim]" if cell.kind.value == "EMPTY" else "—")


def _notes_by_row(report: Report) -> dict[str, str]:
    notes: dict[str, str] = {}
    for note in report.notes:
        where, _, why = note.partition(": ")
        notes[where] = why
    return notes


def _row_table(report: Report) -> RichTable:
    template = load(report.meta.template or "2021")
    notes = _notes_by_row(report)
    grid = RichTable(title=f"{report.source.path} — 模板 {template.id}", show_lines=False)
    for name in ("行", "印刷内容 → 单元格", "位置", "读法"):
        grid.add_column(name)
    for table in template.tables.values():
        for row, group in table.rows():
            row_id = f"{table.id}.{row.id}"
            cells = [report.cells[f"{row_id}.{c.id}"] for c in group.columns]
            places = sorted({_place(c.provenance) for c in cells} - {""})
            why = notes.get(row_id) or (notes.get(table.id) if table.layout == "positional" else None)
            grid.add_row(row.label, " | ".join(_printed(c) for c in cells), ",".join(places), why or "[dim]as printed[/dim]")
    return grid


def explain(path: Annotated[str, typer.Argument(help="One report file.")]) -> None:
    """Show, row by row, the text each cell was read from, where it is, and how ambiguous prints were read.

    Example: zfxxgk explain 2024年报.txt
    """
    try:
        report = parse_path(path)
    except ZfxxgkError as exc:
        error(path, getattr(exc, "reason", str(exc)))
        raise typer.Exit(2) from exc
    stdout.print(_row_table(report))
    for alt in report.alternatives:
        stdout.print(f"[yellow]另一读法[/yellow] {alt.text}: {alt.chosen} 或 {alt.other}（{', '.join(alt.cells)}）")
    for row in report.unplaced:
        where = _place(row.provenance)
        why = {"row": "本格式中它只是标题", "unlabelled": "其后没有行标签的数值", "columns": "本格式没有这一栏"}.get(row.kind, "")
        stdout.print(f"[yellow]未计入单元格[/yellow] {row.label}: {' | '.join(row.values)}（{'，'.join(filter(None, (where, why)))}）")


def register(app: typer.Typer) -> None:
    app.command()(explain)
