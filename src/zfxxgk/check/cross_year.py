"""Checks across two years of one agency: what this year's report says about last year's.

Rules of kind `year_sum_equal` in the template files are sums like the `sum_equal` ones, except that a
term may read last year's report (`previous:requests.carried_out.{col}`) or be subtracted
(`-active.{row}.repealed`). They need the previous report, so `run_checks` skips them and the store
runs them when both years are stored (spec §4 `year.carry_over`, `year.in_force`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..model import CellKind, Finding, Report, Severity
from ..templates import RuleSpec, Template, load
from ..templates.rules import expand_patterns, items
from .config import CheckConfig

KIND = "year_sum_equal"
PREVIOUS = "previous:"


@dataclass(frozen=True, slots=True)
class Term:
    cell: str
    sign: int
    previous: bool


def _terms(patterns: tuple[str, ...], key: str, item: str, cell_ids: list[str]) -> list[Term]:
    terms: list[Term] = []
    for pattern in patterns:
        sign = -1 if pattern.startswith("-") else 1
        bare = pattern.lstrip("-")
        previous = bare.startswith(PREVIOUS)
        bare = bare.removeprefix(PREVIOUS)
        terms += [Term(cell, sign, previous) for cell in expand_patterns((bare,), key, item, cell_ids)]
    return terms


def _plain(number: float) -> int | float:
    return int(number) if float(number).is_integer() else round(number, 6)


def _total(side: list[Term], report: Report, previous: Report) -> float:
    """A side's sum, blank cells as 0 like the other arithmetic rules."""
    return sum(t.sign * ((previous if t.previous else report).cells[t.cell].value or 0) for t in side)


@cache
def _instances(template_id: str, rule_id: str) -> tuple[tuple[str, list[Term], list[Term]], ...]:
    """The rule expanded for each of its items: (label, left terms, right terms)."""
    template = load(template_id)
    rule = next(r for r in template.rules if r.id == rule_id)
    key = "col" if rule.for_each.get("over") == "columns" else "row"
    cell_ids = list(template.cells)
    return tuple(
        (label, _terms(rule.left, key, item, cell_ids), _terms(rule.right, key, item, cell_ids))
        for item, label in items(template, rule)
    )


def _evaluate(rule: RuleSpec, template: Template, report: Report, previous: Report) -> list[Finding]:
    findings: list[Finding] = []
    for label, left, right in _instances(template.id, rule.id):
        terms = left + right
        mine = [t.cell for t in terms if not t.previous]
        theirs = [previous.cells.get(t.cell) for t in terms if t.previous]
        if not left or not right or any(c is None or c.kind is CellKind.MISSING for c in theirs):
            continue
        if all(report.cells[c].kind is CellKind.MISSING for c in mine):
            continue
        actual, expected = _plain(_total(left, report, previous)), _plain(_total(right, report, previous))
        if abs(actual - expected) < 1e-6:
            continue
        message = rule.message.format(label=label, left=actual, right=expected, actual=actual, expected=expected)
        provenance = [p for c in mine if (p := report.cells[c].provenance) is not None]
        findings.append(Finding(rule.id, Severity(rule.severity), message, mine, expected, actual, provenance))
    return findings


def cross_year(report: Report, previous: Report, config: CheckConfig | None = None) -> list[Finding]:
    """The `year_sum_equal` findings of `report` against the report of the year before it.

    Returns nothing unless `previous` covers the year before `report`'s and both have a template.
    """
    config = config or CheckConfig()
    if report.meta.template is None or previous.meta.template is None:
        return []
    if report.meta.year is None or previous.meta.year != report.meta.year - 1:
        return []
    template = load(report.meta.template)
    findings: list[Finding] = []
    for rule in template.rules:
        if rule.kind != KIND or not config.enabled(rule.id):
            continue
        for finding in _evaluate(rule, template, report, previous):
            finding.severity = config.severity(rule.id, finding.severity)
            findings.append(finding)
    return findings
