"""The arithmetic rules of a template, expanded into concrete equations over cell ids.

Both the extractor (to choose between readings of an ambiguous layout) and the checks (to report what
fails) evaluate the same equations, so they live here, beside the template data, before either stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache

from . import RuleSpec, Template

Number = int | float


@dataclass(frozen=True, slots=True)
class Equation:
    """One instance of an arithmetic rule: Σ left (= or ≤) Σ right."""

    rule: RuleSpec
    item: str  # the column or row id the rule was instantiated for
    label: str  # its printed label, for messages
    left: tuple[str, ...]
    right: tuple[str, ...]

    @property
    def cells(self) -> tuple[str, ...]:
        return self.left + self.right

    def sums(self, values: Mapping[str, Number | None]) -> tuple[Number, Number]:
        """Both sides, with absent or blank cells as 0 (the checks say so separately)."""
        return (
            sum(values.get(c) or 0 for c in self.left),
            sum(values.get(c) or 0 for c in self.right),
        )

    def holds(self, values: Mapping[str, Number | None]) -> bool:
        left, right = self.sums(values)
        if self.rule.kind == "not_greater":
            return left <= right + 1e-9
        return abs(left - right) < 1e-6


ARITHMETIC_KINDS = ("sum_equal", "not_greater")


def items(template: Template, rule: RuleSpec) -> list[tuple[str, str]]:
    table = template.tables[rule.for_each["table"]]
    only = rule.for_each.get("only")
    if rule.for_each.get("over") == "columns":
        seen: dict[str, str] = {}
        for group in table.groups:
            for col in group.columns:
                seen.setdefault(col.id, col.label)
        items = list(seen.items())
    else:
        items = [(row.id, row.label) for row, _ in table.rows()]
    return [(i, label) for i, label in items if only is None or i in only]


def expand_patterns(patterns: tuple[str, ...], key: str, item: str, cell_ids: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for pattern in patterns:
        concrete = pattern.replace("{" + key + "}", item)
        out.extend(c for c in cell_ids if fnmatchcase(c, concrete) and c not in out)
    return tuple(out)


@cache
def equations(template: Template) -> tuple[Equation, ...]:
    """Every arithmetic equation of the template, in rule order; instances naming no cell are dropped."""
    cell_ids = list(template.cells)
    result: list[Equation] = []
    for rule in template.rules:
        if rule.kind not in ARITHMETIC_KINDS:
            continue
        key = "col" if rule.for_each.get("over") == "columns" else "row"
        for item, label in items(template, rule):
            left = expand_patterns(rule.left, key, item, cell_ids)
            right = expand_patterns(rule.right, key, item, cell_ids)
            if left and right:
                result.append(Equation(rule, item, label, left, right))
    return tuple(result)
