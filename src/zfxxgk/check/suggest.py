"""`suggest.split_number`: when the sums fail, a reading of two neighbouring cells under which they all hold.

The commonest misreading of a table is one number's digits landing in two cells (`12` read as `1` | `2`)
or two numbers glued into one (`1` | `2` read as `12`), whether by a crawler, a PDF converter or the
extractor. Regrouping the digits of two neighbouring cells covers both, and moving the boundary
(`1` | `23` → `12` | `3`). The suggestion is only ever a finding: values are never changed, and when more
than a few readings would do, the print cannot tell them apart and nothing is said.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..model import CellKind, Finding, Report
from ..templates import RuleSpec, Template
from ..templates.rules import equations
from .findings import finding

MAX_SUGGESTIONS = 3
MAX_DIGITS = 8

Value = int | float | None


def _neighbours(template: Template) -> Iterator[tuple[str, str]]:
    """Cells printed side by side: along a row of a labelled table, along the one line of a positional one."""
    for table in template.tables.values():
        if table.layout == "positional":
            lines = [table.cell_ids()]
        else:
            lines = [[f"{table.id}.{row.id}.{c.id}" for c in group.columns] for row, group in table.rows()]
        for line in lines:
            yield from zip(line, line[1:])


def _digits(value: Value) -> str | None:
    """The digits of a count as printed; None for anything that is not a plain non-negative count."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer() or value < 0:
        return None
    return str(int(value))


def _regroupings(a: Value, b: Value) -> Iterator[tuple[int | None, int | None]]:
    """Other ways to cut the digits of two neighbouring cells, no part with a leading zero."""
    da, db = _digits(a), _digits(b)
    if da is None or db is None or not 1 < len(da + db) <= MAX_DIGITS:
        return
    joined = da + db
    for cut in range(len(joined) + 1):
        left, right = joined[:cut], joined[cut:]
        if any(len(p) > 1 and p[0] == "0" for p in (left, right)) or (left, right) == (da, db):
            continue
        yield (int(left) if left else None, int(right) if right else None)


def _countable(template: Template, report: Report, cid: str) -> bool:
    return template.cells[cid].column.value == "count" and report.cells[cid].kind is not CellKind.MISSING


def _show(value: Value) -> str:
    return "空" if value is None else str(value)


def split_number(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
    eqs = equations(template)
    values = report.values()
    failing = {c for e in eqs if not e.holds(values) for c in e.cells}
    if not failing:
        return
    found: list[tuple[str, str, tuple[int | None, int | None]]] = []
    for a, b in _neighbours(template):
        if not ({a, b} & failing) or not (_countable(template, report, a) and _countable(template, report, b)):
            continue
        for reading in _regroupings(values[a], values[b]):
            trial = {**values, a: reading[0], b: reading[1]}
            if all(e.holds(trial) for e in eqs):
                found.append((a, b, reading))
    if len(found) > MAX_SUGGESTIONS:
        return
    for a, b, reading in found:
        label = f"{template.cells[a].label} 与 {template.cells[b].label}"
        printed = f"{_show(values[a])} | {_show(values[b])}"
        suggested = f"{_show(reading[0])} | {_show(reading[1])}"
        old = [values[a], values[b]]
        yield finding(rule, report, [a, b], list(reading), old, label=label, printed=printed, reading=suggested)
