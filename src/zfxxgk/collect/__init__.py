"""Collecting reports where they are published, and watching their publication.

`zfxxgk.fetch` (the stage) gets bytes; this layer decides what to fetch, recognises list pages, report
pages and attachments, ingests reports through the store's writer with the site list's agency as a hint,
and records where and when each report was published, so `watch` can say who is missing, late, changed,
removed, conflicting, unreadable or outside the column::

    import zfxxgk

    summary = zfxxgk.fetch(sites="sites.csv", year=2024, db="zfxxgk.db")   # CrawlSummary
    summary.reports, summary.failures                                      # outcomes; (url, reason)
    result = zfxxgk.watch(year=2024, db="zfxxgk.db")                        # re-fetch, then a status per agency-year
    [(row.agency, row.year, row.status, [f.rule for f in row.findings]) for row in result.rows]
"""

from .api import discover, fetch, watch
from .crawl import CrawlSummary, Event
from .sites import Site, SiteListError, read_sites, write_sites
from .watch import WatchResult, WatchRow

__all__ = [
    "CrawlSummary",
    "Event",
    "Site",
    "SiteListError",
    "WatchResult",
    "WatchRow",
    "discover",
    "fetch",
    "read_sites",
    "watch",
    "write_sites",
]
