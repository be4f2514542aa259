"""Which cells are totals: the template's sum rules that define one cell as the sum of others.

The workbook writes these cells as formulas and reads them back by evaluating the same sums, so a
workbook saved by a program that never calculated it still yields its totals. A cell defined by two
rules (表三's 总计·总计) keeps the first; a rule whose cell would end up depending on itself is skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from . import Template
from .rules import Equation, equations

Number = int | float


def _reaches(graph: Mapping[str, tuple[str, ...]], start: str, target: str) -> bool:
    stack, seen = [start], set()
    while stack:
        node = stack.pop()
        if node == target:
            return True
        if node not in seen:
            seen.add(node)
            stack.extend(graph.get(node, ()))
    return False


@cache
def totals(template: Template) -> dict[str, Equation]:
    """Total cell id → the equation that defines it, in an order where every input comes first."""
    chosen: dict[str, Equation] = {}
    for eq in equations(template):
        if eq.rule.kind != "sum_equal" or len(eq.left) != 1 or eq.left[0] in chosen:
            continue
        graph = {cid: e.right for cid, e in chosen.items()}
        if any(_reaches(graph, cell, eq.left[0]) for cell in eq.right):
            continue
        chosen[eq.left[0]] = eq
    order: list[str] = []

    def visit(cid: str) -> None:
        if cid in order or cid not in chosen:
            return
        for cell in chosen[cid].right:
            visit(cell)
        order.append(cid)

    for cid in chosen:
        visit(cid)
    return {cid: chosen[cid] for cid in order}


def fill_totals(template: Template, values: dict[str, Number | None]) -> dict[str, Number]:
    """The totals computed from `values` as a spreadsheet would (blank counts as 0)."""
    out = dict(values)
    computed: dict[str, Number] = {}
    for cid, eq in totals(template).items():
        computed[cid] = out[cid] = sum(out.get(c) or 0 for c in eq.right)
    return computed
