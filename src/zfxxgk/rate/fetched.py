"""Publication facts from what `zfxxgk fetch` and `zfxxgk watch` recorded, for every fetched report.

A report stored by a crawl has its publication in the `publications` table: the URL it was found at,
whether it sat in the agency's 年报 column, when it was first seen and whether it changed since. The same
agency-year found at several URLs with different contents counts as several versions. Uploaded reports
have no publication, so their publication indicators stay not assessed.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..collect.schema import CrawlUrl, Publication
from ..store.schema import ReportRow
from .facts import PublicationFacts


def recorded_facts(session: Session) -> dict[str, PublicationFacts]:
    """Facts keyed by the sha256 of each fetched report (the report now stored at its URL)."""
    rows = session.execute(
        select(Publication, CrawlUrl.url, ReportRow.sha256)
        .join(CrawlUrl, CrawlUrl.id == Publication.url_id)
        .join(ReportRow, ReportRow.id == Publication.report_id)
    ).all()
    contents: dict[tuple[int, int], set[str]] = defaultdict(set)
    for publication, _, sha256 in rows:
        contents[(publication.agency_id, publication.year)].add(sha256)
    facts: dict[str, PublicationFacts] = {}
    for publication, url, sha256 in rows:
        facts[sha256] = PublicationFacts(
            first_seen=publication.first_seen.date(),
            in_column=publication.in_column,
            changed=publication.changed_at is not None,
            versions=len(contents[(publication.agency_id, publication.year)]),
            url=url,
        )
    return facts
