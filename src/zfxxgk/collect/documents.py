"""What a fetched document is, and storing it: list page, report page, or report file.

Parsing happens before the transaction (it is the slow part); then one transaction records the fetch,
the links found, the report (through the store's one writer) and where it was published, so a crawl
killed at any point leaves each URL either wholly processed or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..check import CheckConfig
from ..model import Report
from ..read.sniff import sniff
from ..store import agencies
from ..store.jobs import parse_job
from ..store.reports import load_report
from ..store.schema import Original, ReportRow
from ..store.writer import IngestOutcome, save_report
from .links import Link, PageLinks, read_links
from .schema import CrawlSite, CrawlUrl, Publication
from .sites import Site

IMAGE_ONLY = "image"
# The readers' reasons for a document whose pages are images with no text layer (with or without OCR).
SCANNED_REASONS = ("no text found", "zfxxgk[ocr]")


@dataclass(slots=True)
class Plan:
    """What to do with one fetched document, decided outside the transaction."""

    role: str
    links: PageLinks = field(default_factory=PageLinks)
    report: Report | None = None
    reason: str | None = None  # why the document is not a report
    machine_readable: bool = True


def _scanned(report: Report) -> bool:
    """Read by OCR, or with pages OCR could not read: the report has no text a machine can use."""
    if report.source.unread_pages:
        return True
    return any(c.provenance is not None and c.provenance.confidence is not None for c in report.cells.values())


def same_agency(printed: str, listed: str) -> bool:
    """Whether the name a report prints and the site list's name mean one agency (one contains the other)."""
    a, b = agencies.normalize_name(printed), agencies.normalize_name(listed)
    return bool(a and b) and (a in b or b in a or agencies.names_match(a, b))


def with_hints(report: Report, agency: str | None, year: int | None) -> Report:
    """The report filed under the site list's agency when it prints no agency or the same one (the site
    list is the reviewer's spelling), and under the link's year when it prints none."""
    meta = report.meta
    if agency and (not meta.agency or same_agency(meta.agency, agency)):
        meta = replace(meta, agency=agency)
    if year and not meta.year:
        meta = replace(meta, year=year)
    if meta is not report.meta:
        report = replace(report, meta=meta)
    return report


def plan(role: str, url: str, data: bytes, site: Site | None, year: int | None, config: CheckConfig | None) -> Plan:
    """Decide what the document is and parse it if it may be a report. Runs outside any transaction."""
    kind = sniff(data)
    out = Plan("file" if kind != "html" else role)
    if kind == "html":
        out.links = read_links(data, url)
        if role == "column":
            return out
    if kind == "html" or role != "column":
        report, reason = parse_job(url, data, config)
        if report is not None:
            out.report = with_hints(report, site.agency if site else None, year)
            out.machine_readable = kind != IMAGE_ONLY and not _scanned(report)
        else:
            out.reason = reason
            out.machine_readable = kind != IMAGE_ONLY and not any(r in (reason or "") for r in SCANNED_REASONS)
    if role == "entry" and kind == "html":
        listing = out.report is None and (out.links.reports or out.links.columns)
        out.role = "column" if listing else "page"
    return out


def keep_bytes(session: Session, sha256: str, data: bytes) -> None:
    """A fetched page or attachment's bytes, once per sha256, even when it holds no report."""
    session.merge(Original(sha256=sha256, data=data, size=len(data)))


def record_report(
    session: Session, row: CrawlUrl, plan: Plan, data: bytes, stamp: str, config: CheckConfig | None, published: str | None
) -> IngestOutcome | None:
    """Store the report (if any) and where it was published; returns the store's outcome."""
    publication = session.scalar(select(Publication).where(Publication.url_id == row.id))
    site = session.get(CrawlSite, row.site_id) if row.site_id else None
    if plan.report is None:
        if publication is not None and publication.report_id is not None:
            publication.removed = f"地址上的文件已不是该报告（{plan.reason}）"
        elif not plan.machine_readable and site is not None and row.year:
            _publish(session, row, site, publication, agencies.resolve(session, site.agency).id, row.year, None, plan, published)
        return None
    if publication is not None and publication.report_id is not None and _same_reading(session, publication.report_id, plan.report):
        # Only the page around the report changed (a visit counter, a new sidebar): no new version.
        return IngestOutcome(plan.report.source.path, "unchanged", publication.report_id, agency=plan.report.meta.agency, year=plan.report.meta.year)
    outcome = save_report(session, plan.report, data, stamp, config)
    if outcome.report_id is None:
        return outcome
    stored = session.get(ReportRow, outcome.report_id)
    assert stored is not None
    if publication is not None and publication.report_id is not None and (publication.agency_id, publication.year) != (stored.agency_id, stored.year):
        publication.removed = "地址上现为另一份报告"
        return outcome
    _publish(session, row, site, publication, stored.agency_id, stored.year, stored.id, plan, published)
    return outcome


def _same_reading(session: Session, report_id: int, report: Report) -> bool:
    """Whether a new reading prints the same cells and text as the stored one."""
    stored = session.get(ReportRow, report_id)
    if stored is None:
        return False
    before = load_report(session, stored, corrected=False)
    return before.values() == report.values() and before.narrative == report.narrative and before.meta.year == report.meta.year


def _publish(
    session: Session,
    row: CrawlUrl,
    site: CrawlSite | None,
    publication: Publication | None,
    agency_id: int,
    year: int,
    report_id: int | None,
    plan: Plan,
    published: str | None,
) -> None:
    if publication is None:
        session.add(
            Publication(
                url_id=row.id,
                site_id=site.id if site else None,
                agency_id=agency_id,
                year=year,
                report_id=report_id,
                first_report_id=report_id,
                published=published,
                first_seen=row.first_seen,
                in_column=row.annual or site is None,
                machine_readable=plan.machine_readable,
            )
        )
        return
    if publication.report_id != report_id:
        publication.changed_at = row.fetched_at
    publication.report_id = report_id
    publication.removed = None
    publication.machine_readable = plan.machine_readable
    publication.in_column = publication.in_column or row.annual
    publication.published = publication.published or published


def links_to_add(plan: Plan, row: CrawlUrl, year: int | None, follow_pager: bool) -> list[tuple[str, str, bool, Link | None]]:
    """(url, role, annual, link) of every URL this document adds to the frontier."""
    found: list[tuple[str, str, bool, Link | None]] = []
    links = plan.links
    if plan.role == "column":
        seed = row.referrer is None  # the site list's own URL: a 年报 column, or a 政府信息公开 page linking one
        index = seed and bool(links.columns)
        for link in links.reports:
            if year is None or link.year == year:
                found.append((link.url, "page", row.annual and not index, link))
        if index:
            found += [(link.url, "column", True, None) for link in links.columns]
        if follow_pager:
            found += [(url, "column", row.annual, None) for url in links.pager]
    elif plan.role == "page":
        inherited = Link(row.url, row.title or "", row.year, row.listed)
        found += [(link.url, "file", row.annual, inherited) for link in links.attachments]
    return found
