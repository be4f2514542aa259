"""Building a Finding from a rule of the template, shared by every evaluator.

The message template, severity and id come from the template file; an evaluator only supplies the cells,
the values and the words that fill the message, so rewording a message never touches code.
"""

from __future__ import annotations

from ..model import Finding, Provenance, Report, Severity
from ..templates import RuleSpec


def finding(
    rule: RuleSpec,
    report: Report,
    cells: list[str],
    expected: object,
    actual: object,
    quotes: tuple[str, ...] = (),
    **fmt: object,
) -> Finding:
    """A finding of `rule`; `quotes` are passages of the text it is about, kept for the reviewer."""
    message = rule.message.format(expected=expected, actual=actual, **fmt)
    provenance = [c.provenance for cid in cells if (c := report.cells.get(cid)) and c.provenance is not None]
    provenance += [Provenance(text=q) for q in quotes]
    return Finding(rule.id, Severity(rule.severity), message, list(cells), expected, actual, provenance)


def plain(number: int | float) -> int | float:
    """A sum as a reviewer would write it: 3, not 3.0; 0.1 + 0.2 as 0.3."""
    return int(number) if float(number).is_integer() else round(number, 6)
