"""What a section must say, beyond being present: `sections.empty` and `sections.fees_not_reported`.

Section 五 (problems and improvements) left empty or answered `无` is a finding every reviewer writes: the
format asks each agency to name its shortcomings. A report whose 表二 shows fees charged but whose
section 六 says nothing about 收费 leaves out what the format asks it to report there.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Finding, Report
from ..read.normalize import compact
from ..templates import RuleSpec, Template
from .findings import finding
from .phrases import phrases
from .text import body


def empty(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
    """Required sections whose heading was found but whose text is blank or a bare `无`."""
    spec = phrases().sections
    for section in template.sections:
        if section.id not in spec.required or section.id not in report.sections:
            continue
        text = body(report.narrative.get(section.id, ""))
        if spec.nil.match(compact(text)):
            label = f"第{section.number}部分“{section.label}”"
            yield finding(rule, report, [], None, text, quotes=(text,) if text else (), label=label)


def fees_not_reported(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
    spec = phrases().sections
    charged = [c for c in spec.fees_cells if (cell := report.cells.get(c)) and (cell.value or 0) > 0]
    if not charged or spec.fees_section not in report.sections:
        return
    text = report.narrative.get(spec.fees_section, "")
    if not any(word in text for word in spec.fees_words):
        section = next(s for s in template.sections if s.id == spec.fees_section)
        amount = report.cells[charged[0]].value
        yield finding(
            rule, report, charged, None, amount, quotes=(text,) if text else (),
            label=f"第{section.number}部分“{section.label}”",
        )
