"""The check report as one self-contained HTML page (no CDN, no script): a reviewer can mail it or open
it offline. Each finding shows its message, the text it quotes and links to its cells; each table is
drawn in the official layout with the cells findings are about coloured by severity, the messages on
hover. A batch starts with a summary table linking to each report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import jinja2

from ..check.presentation import (
    LABELS,
    ORDER,
    Mark,
    counts,
    marks,
    ordered,
    quotes,
    shown,
    title,
)
from ..model import Report
from ..templates import load
from ..templates.layout import grids


@dataclass(frozen=True, slots=True)
class _Cell:
    text: str
    rowspan: int
    colspan: int
    cell_id: str | None
    mark: Mark | None


@dataclass(frozen=True, slots=True)
class _Grid:
    caption: str
    rows: list[list[_Cell]]


def _grids(report: Report) -> list[_Grid]:
    if report.meta.template is None:
        return []
    template = load(report.meta.template)
    marked = marks(report)
    sections = {s.id: f"{s.number}、{s.label}" for s in template.sections}
    out: list[_Grid] = []
    for grid in grids(template):
        rows = [
            [
                _Cell(
                    shown(report.cells.get(c.cell_id)) if c.cell_id else c.text,
                    c.rowspan,
                    c.colspan,
                    c.cell_id,
                    marked.get(c.cell_id) if c.cell_id else None,
                )
                for c in row
            ]
            for row in grid.rows()
        ]
        out.append(_Grid(sections.get(grid.table, grid.table), rows))
    return out


def _cell_label(report: Report, cell_id: str) -> str:
    if report.meta.template is None:
        return cell_id
    spec = load(report.meta.template).cells.get(cell_id)
    return spec.label if spec else cell_id


@cache
def _template() -> jinja2.Template:
    source = resources.files(__package__).joinpath("findings.html").read_text("utf-8")
    env = jinja2.Environment(autoescape=True)
    env.globals.update(labels=LABELS, quotes=quotes, cell_label=_cell_label)
    return env.from_string(source)


def check_html(
    reports: Sequence[Report], heading: str = "政府信息公开工作年度报告 检查结果", failures: Sequence[tuple[str, str]] = ()
) -> str:
    """The page for one report or a batch (a summary table first when there are several), and every
    file that could not be read, with its reason (`failures`: path and reason)."""
    views = [
        {
            "report": r,
            "title": title(r),
            "counts": [counts(r)[s] for s in ORDER],
            "findings": ordered(r.findings),
            "grids": _grids(r),
        }
        for r in reports
    ]
    return _template().render(heading=heading, reports=views, failures=failures)
