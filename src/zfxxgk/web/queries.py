"""Read-only questions the pages ask that the store's API does not answer: all counts, no writes.

The store counts errors and warnings per report; the list page also shows 提示 (info) findings, and the
filter and compare forms offer only the years and agency-years that exist.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..store import Store
from ..store.schema import Agency, FindingRow, ReportRow


def severity_counts(store: Store, report_ids: list[int]) -> dict[int, dict[str, int]]:
    """Findings per severity for each report (every severity present, zero when none)."""
    counts: dict[int, dict[str, int]] = {rid: {"error": 0, "warning": 0, "info": 0} for rid in report_ids}
    if not report_ids:
        return counts
    query = (
        select(FindingRow.report_id, FindingRow.severity, func.count())
        .where(FindingRow.report_id.in_(report_ids))
        .group_by(FindingRow.report_id, FindingRow.severity)
    )
    with Session(store.engine) as session:
        for rid, severity, n in session.execute(query):
            counts[rid][severity] = n
    return counts


def years(store: Store) -> list[int]:
    """Years that have a current report, newest first."""
    query = select(ReportRow.year).where(ReportRow.is_current).distinct().order_by(ReportRow.year.desc())
    with Session(store.engine) as session:
        return list(session.scalars(query))


def agency_years(store: Store) -> dict[str, list[int]]:
    """Each agency's years with a current report, ascending; agencies by name."""
    query = select(Agency.name, ReportRow.year).join(ReportRow).where(ReportRow.is_current).order_by(Agency.name, ReportRow.year)
    out: dict[str, list[int]] = defaultdict(list)
    with Session(store.engine) as session:
        for name, year in session.execute(query):
            out[name].append(year)
    return dict(out)
