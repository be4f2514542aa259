"""Report → findings, with every rule read from the report's template.

A rule's `kind` selects one evaluator from `EVALUATORS`; the template supplies its cells, severity and
message. Adding a rule of an existing kind to a template file needs no code here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..model import CellKind, Finding, Provenance, Report, Severity
from ..templates import RuleSpec, Template, for_year, load
from ..templates.rules import Equation, equations
from . import meta, narrative, percent, sections, suggest
from .config import CheckConfig
from .findings import finding as _finding
from .findings import plain as _plain

__all__ = ["CheckConfig", "EVALUATORS", "check", "reading_rules", "run_checks"]

Evaluator = Callable[[Report, Template, RuleSpec], Iterable[Finding]]


def _arithmetic(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
    values = report.values()
    mine: list[Equation] = [e for e in equations(template) if e.rule.id == rule.id]
    for eq in mine:
        if all(report.cells[c].kind is CellKind.MISSING for c in eq.cells) or eq.holds(values):
            continue
        left, right = (_plain(x) for x in eq.sums(values))
        yield _finding(rule, report, list(eq.cells), left, right, label=eq.label, left=left, right=right)


def _non_negative(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
    for cid, spec in template.cells.items():
        value = report.cells[cid].value
        if value is not None and value < 0 and spec.column.value != "signed":
            yield _finding(rule, report, [cid], 0, value, label=spec.label)


def _integer(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
    for cid, spec in template.cells.items():
        value = report.cells[cid].value
        if isinstance(value, float) and not value.is_integer() and spec.column.value != "amount":
            yield _finding(rule, report, [cid], round(value), value, label=spec.label)


def _missing_tables(report: Report, template: Template) -> set[str]:
    """Tables of which nothing is printed: no cell found, and no values kept out of the cells (a group
    printed only with the other format's columns is a printed table, reported by its own rule)."""
    printed = {u.table for u in report.unplaced}
    return {
        t.id
        for t in template.tables.values()
        if t.id not in printed and all(report.cells[c].kind is CellKind.MISSING for c in t.cell_ids())
    }


def _cells_printed(*kinds: CellKind) -> Evaluator:
    """One finding per table listing its cells printed so (a missing table is reported once, elsewhere)."""

    def evaluate(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
        skipped = _missing_tables(report, template)
        for table in template.tables.values():
            cells = [c for c in table.cell_ids() if report.cells[c].kind in kinds]
            if cells and table.id not in skipped:
                label = f"{table.label}：{len(cells)} 个单元格（{template.cells[cells[0]].label} 等）"
                yield _finding(rule, report, cells, None, None, label=label)

    return evaluate


def _places(report: Report, cells: list[str]) -> list[Provenance]:
    return [p for c in cells if (p := report.cells[c].provenance) is not None][:1]


def _alternatives(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
    """Readings of an ambiguous print that the rules could not rule out: the extractor kept one and
    says so here, with the other, for a reviewer to settle against the original."""
    for alt in report.alternatives:
        message = rule.message.format(label=alt.text, chosen=alt.chosen, other=alt.other)
        yield Finding(rule.id, Severity(rule.severity), message, list(alt.cells), provenance=_places(report, alt.cells))


def _unplaced_rows(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
    """A heading printed as a row of values, as an older format had it: the values fill no cell of this
    template, so the rows under the heading read as missing and the sums may fail for that reason."""
    for row in (r for r in report.unplaced if r.kind == "row"):
        table = template.tables[row.table]
        children = [(r, g) for r, g in table.rows() if r.parent == row.label]
        cells = [f"{table.id}.{r.id}.{c.id}" for r, g in children for c in g.columns]
        message = rule.message.format(
            label=row.label, values="、".join(row.values) or "空白", rows=len(children), template=template.id
        )
        places = [row.provenance] if row.provenance else []
        yield Finding(rule.id, Severity(rule.severity), message, cells, provenance=places)


def _unplaced_values(kind: str) -> Evaluator:
    """Values the extractor kept out of every cell (rows without labels that the table's shape does not
    place; columns of the other format): named with where they are printed, for a reviewer to place."""

    def evaluate(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
        for row in (r for r in report.unplaced if r.kind == kind):
            label = f"{template.tables[row.table].label}：{row.label}"
            message = rule.message.format(label=label, values="、".join(row.values) or "无", template=template.id)
            yield Finding(rule.id, Severity(rule.severity), message, [], actual=row.values, provenance=[row.provenance] if row.provenance else [])

    return evaluate


def _unread_pages(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
    """Scanned pages of a text PDF skipped because OCR is not installed: whatever they hold is missing."""
    pages = report.source.unread_pages
    if pages:
        where = [Provenance(page=p) for p in pages]
        message = rule.message.format(pages="、".join(map(str, pages)))
        yield Finding(rule.id, Severity(rule.severity), message, [], provenance=where)


def _low_confidence(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
    """Cells read from a scan whose recogniser confidence is below the rule's threshold, per table: the
    reviewer checks these against the scan, and only these (every other cell was read with confidence)."""
    limit = rule.threshold or 0.0
    for table in template.tables.values():
        cells = [
            cid for cid in table.cell_ids()
            if (p := report.cells[cid].provenance) is not None and p.confidence is not None and p.confidence < limit
        ]
        if cells:
            named = "、".join(f"{template.cells[c].label}（{report.cells[c].provenance.text or '空白'}）" for c in cells)  # type: ignore[union-attr]
            yield _finding(rule, report, cells, None, None, label=table.label, count=len(cells), named=named)


def _table_present(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
    for table_id in sorted(_missing_tables(report, template), key=list(template.tables).index):
        table = template.tables[table_id]
        yield _finding(rule, report, table.cell_ids(), table.label, None, label=table.label)


def _sections(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
    order = [s.id for s in template.sections]
    for section in template.sections:
        if section.id not in report.sections:
            text = f"缺少第{section.number}部分“{section.label}”（或其标题无法识别）"
            yield _finding(rule, report, [], section.label, None, label=text)
    found = [s for s in report.sections if s in order]
    if found != sorted(found, key=order.index):
        yield _finding(rule, report, [], order, found, label="各部分顺序与格式不一致")


def _template_year(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
    year = report.meta.year
    if year is None or template.applies_to(year):
        return
    expected = for_year(year)
    if expected.id != template.id:
        yield _finding(rule, report, [], expected.id, template.id, year=year)


EVALUATORS: dict[str, Evaluator] = {
    "sum_equal": _arithmetic,
    "not_greater": _arithmetic,
    "non_negative": _non_negative,
    "integer": _integer,
    "present": _cells_printed(CellKind.EMPTY, CellKind.MISSING),
    "printed_na": _cells_printed(CellKind.NA),
    "alternatives": _alternatives,
    "unplaced_rows": _unplaced_rows,
    "unlabelled_rows": _unplaced_values("unlabelled"),
    "outdated_columns": _unplaced_values("columns"),
    "unread_pages": _unread_pages,
    "low_confidence": _low_confidence,
    "table_present": _table_present,
    "sections": _sections,
    "template_year": _template_year,
    "narrative_numbers": narrative.number_mismatch,
    "narrative_percent": percent.percent_mismatch,
    "year_in_text": meta.year_in_text,
    "deadline": meta.late,
    "meta_present": meta.present,
    "section_empty": sections.empty,
    "section_fees": sections.fees_not_reported,
    "split_suggestion": suggest.split_number,
}


# Kinds whose evidence is how the document was read (other readings, rows no cell holds, pages skipped),
# not the cell values: a report rebuilt from stored cells cannot re-derive them, so a re-check keeps what
# was found.
READING_KINDS = frozenset({"alternatives", "unplaced_rows", "unlabelled_rows", "outdated_columns", "unread_pages"})


def reading_rules(template_id: str) -> set[str]:
    return {r.id for r in load(template_id).rules if r.kind in READING_KINDS}


def run_checks(report: Report, config: CheckConfig | None = None) -> list[Finding]:
    """Every finding of the report's template rules, re-levelled or switched off by `config`."""
    config = config or CheckConfig()
    if report.meta.template is None:
        return []
    template = load(report.meta.template)
    findings: list[Finding] = []
    for rule in template.rules:
        if not config.enabled(rule.id):
            continue
        evaluator = EVALUATORS.get(rule.kind)
        if evaluator is None:
            continue
        for finding in evaluator(report, template, rule):
            finding.severity = config.severity(rule.id, finding.severity)
            findings.append(finding)
    return findings


def check(report: Report, config: CheckConfig | None = None) -> Report:
    """The report with its findings replaced by a fresh run of the checks."""
    report.findings = run_checks(report, config)
    return report
