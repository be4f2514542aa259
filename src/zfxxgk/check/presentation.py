"""What a check report shows of one report, whatever it is written to (HTML page, workbook).

Both writers mark the same cells with the same severity and messages, and count findings the same way;
working that out once keeps the page and the workbook from disagreeing about a report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import CellKind, CellValue, Finding, Report, Severity

ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
DASH = "—"


@dataclass(slots=True)
class Mark:
    """A cell some findings are about: the gravest of their severities and all their messages."""

    severity: Severity
    messages: list[str] = field(default_factory=list)


def marks(report: Report) -> dict[str, Mark]:
    out: dict[str, Mark] = {}
    for f in report.findings:
        for cid in f.cells:
            mark = out.setdefault(cid, Mark(f.severity))
            if ORDER.index(f.severity) < ORDER.index(mark.severity):
                mark.severity = f.severity
            if f.message not in mark.messages:
                mark.messages.append(f.message)
    return out


def shown(cell: CellValue | None) -> str:
    """A cell's value as the report prints it: blank stays blank, a dash stays a dash."""
    if cell is None or cell.value is None:
        return DASH if cell is not None and cell.kind is CellKind.NA else ""
    value = cell.value
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def counts(report: Report) -> dict[Severity, int]:
    return {s: sum(f.severity is s for f in report.findings) for s in ORDER}


def ordered(findings: Sequence[Finding]) -> list[Finding]:
    """Errors first, then warnings, then information; otherwise in the order the checks found them."""
    return sorted(findings, key=lambda f: ORDER.index(f.severity))


def quotes(finding: Finding) -> list[str]:
    """The passages of text a finding is about (provenance without a place in a table)."""
    return [p.text for p in finding.provenance if p.text and p.line is None and p.page is None and p.table is None]


def title(report: Report) -> str:
    m = report.meta
    return f"{m.agency or report.source.path} {m.year or ''}年".strip()
