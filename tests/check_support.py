"""Reports built in memory for the check tests: every cell of a template, zero unless a test says otherwise.

Checks read only a Report, so most rule tests need no file at all; shaping the narrative and the few
cells a rule looks at keeps each test about one rule and fast.
"""

from __future__ import annotations

from zfxxgk.check import CheckConfig, run_checks
from zfxxgk.model import CellKind, CellValue, Finding, Meta, Report, Source
from zfxxgk.templates import load

SECTIONS = ("overview", "active", "requests", "appeals", "problems", "other")


def make_report(
    template_id: str = "2021",
    values: dict[str, int | float | None] | None = None,
    narrative: dict[str, str] | None = None,
    agency: str = "某某市某某区财政局",
    year: int = 2021,
    published: str | None = None,
    title: str | None = None,
    path: str = "report.txt",
) -> Report:
    """A report whose cells are 0 except `values` (None: printed blank); all six headings found."""
    template = load(template_id)
    cells: dict[str, CellValue] = {}
    for cid in template.cells:
        value = (values or {}).get(cid, 0)
        kind = CellKind.EMPTY if value is None else CellKind.ZERO if value == 0 else CellKind.NUMBER
        cells[cid] = CellValue(value, kind, "" if value is None else str(value))
    meta = Meta(title=title or f"{agency}{year}年政府信息公开工作年度报告", agency=agency, year=year,
                template=template_id, published=published)
    return Report(
        source=Source(path=path, sha256=path, format="text"),
        meta=meta,
        cells=cells,
        narrative=dict(narrative or {}),
        sections=list(SECTIONS),
    )


def findings(report: Report, rule: str, config: CheckConfig | None = None) -> list[Finding]:
    return [f for f in run_checks(report, config) if f.rule == rule]


def requests_row(row: str, **columns: int) -> dict[str, int]:
    """Cells of one 表三 row, the total filled in as the sum of the applicant columns given."""
    out = {f"requests.{row}.{col}": n for col, n in columns.items()}
    out[f"requests.{row}.total"] = sum(columns.values())
    return out


def balanced(new: int, carried_in: int = 0, granted: int | None = None, carried_out: int = 0) -> dict[str, int]:
    """A 表三 that balances: natural persons only; everything not granted is counted as 不掌握."""
    done = new + carried_in - carried_out
    granted = done if granted is None else granted
    values = {
        **requests_row("new", natural=new),
        **requests_row("carried_in", natural=carried_in),
        **requests_row("granted", natural=granted),
        **requests_row("unavailable.not_held", natural=done - granted),
        **requests_row("total", natural=done),
        **requests_row("carried_out", natural=carried_out),
    }
    return values
