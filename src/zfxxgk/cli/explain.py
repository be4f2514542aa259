"""`zfxxgk explain`: which printed text became which cell, and why — the table finder made visible."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table as RichTable

from ..errors import ZfxxgkError
from ..model import CellValue, Provenance, Report
from ..pipeline import parse_path
from ..templates import load
from .common import error, grouped, in_language, stdout, styled
from .i18n import _
from .options import READ_PANEL, ExitCode, command_help


def _place(p: Provenance | None) -> str:
    if p is None:
        return ""
    if p.page is not None:
        return f"p{p.page}"
    return f"L{p.line}" if p.line is not None else ""


def _printed(cell: CellValue) -> str:
    if cell.kind.value == "MISSING":
        return "[red]∅[/red]"
    return escape(cell.raw) if cell.raw else (styled("dim", _("空白")) if cell.kind.value == "EMPTY" else "—")


def _notes_by_row(report: Report) -> dict[str, str]:
    notes: dict[str, str] = {}
    for note in report.notes:
        where, _, why = note.partition(": ")
        notes[where] = why
    return notes


def _reading(note: str) -> str:
    """The extractor's note (`split run-together digits (2 cuts) → [88, 55, 698]`) in the CLI's language."""
    how, arrow, values = note.partition(" → ")
    return in_language(how) + arrow + values


def _row_table(report: Report) -> RichTable:
    template = load(report.meta.template or "2021")
    notes = _notes_by_row(report)
    grid = RichTable(title=escape(f"{report.source.path} — ") + _("格式 {id}").format(id=template.id), show_lines=False)
    for name in (_("行"), _("印刷内容 → 单元格"), _("位置"), _("读法")):
        grid.add_column(name)
    for table in template.tables.values():
        for heading, (row, group) in grouped(table.rows(), lambda pair: pair[0].parent):
            if heading:
                grid.add_row(styled("bold", heading))
            row_id = f"{table.id}.{row.id}"
            cells = [report.cells[f"{row_id}.{c.id}"] for c in group.columns]
            places = sorted({_place(c.provenance) for c in cells} - {""})
            why = notes.get(row_id) or (notes.get(table.id) if table.layout == "positional" else None)
            reading = escape(_reading(why)) if why else styled("dim", _("按印刷内容"))
            label = f"  {row.label}" if row.parent else row.label
            grid.add_row(escape(label), " | ".join(_printed(c) for c in cells), ",".join(places), reading)
    return grid


def explain(path: Annotated[str, typer.Argument(help=_("一个报告文件。"))]) -> None:
    try:
        report = parse_path(path)
    except ZfxxgkError as exc:
        error(path, getattr(exc, "reason", str(exc)))
        raise typer.Exit(ExitCode.USAGE) from None
    stdout.print(_row_table(report))
    for alt in report.alternatives:
        line = _("{text}：{chosen} 或 {other}（{cells}）").format(text=alt.text, chosen=alt.chosen, other=alt.other, cells=", ".join(alt.cells))
        stdout.print(styled("yellow", _("另一读法")) + " " + escape(line))
    for row in report.unplaced:
        why = {"row": _("本格式中它只是标题"), "unlabelled": _("其后没有行标签的数值"), "columns": _("本格式没有这一栏")}.get(row.kind, "")
        where = "，".join(filter(None, (_place(row.provenance), why)))
        line = _("{label}：{values}（{where}）").format(label=row.label, values=" | ".join(row.values), where=where)
        stdout.print(styled("yellow", _("未计入单元格")) + " " + escape(line))


EXPLAIN_HELP = command_help(
    _("逐行显示每个单元格读自哪段印刷内容、在文件中的位置，以及有歧义的印刷内容是如何读的。"),
    _("退出状态：0 正常；2 文件无法读取。"),
    examples=["zfxxgk explain 2024年报.txt"],
)


def register(app: typer.Typer) -> None:
    app.command(help=EXPLAIN_HELP, rich_help_panel=READ_PANEL)(explain)
