"""`zfxxgk watch`: per agency and year, how the report was published, as findings.

Read from what the crawls recorded (`publications`, `crawl_urls`) and the stored readings; nothing here
fetches. The deadline is the site list's level's, else the one the agency's name implies (the patterns
of `meta.late`); the publication date is the one the page prints (or its list), else the report's own,
else the day the crawl first saw it — and the finding says which.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..model import Finding, Report, Severity
from ..store import agencies
from ..store.reports import load_report
from ..store.schema import Agency, ReportRow
from ..templates import load
from .schema import CrawlSite, CrawlUrl, Publication
from .sites import deadline, deadline_for

ORDER = (
    "publication.missing",
    "publication.removed",
    "publication.conflicting_versions",
    "publication.changed",
    "meta.late",
    "publication.not_machine_readable",
    "publication.outside_column",
)
ON_TIME, PENDING = "按时", "未到期限"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: str
    status: str
    message: str


@cache
def rules() -> dict[str, Rule]:
    data = tomllib.loads(resources.files(__package__).joinpath("watch.toml").read_text("utf-8"))
    return {r["id"]: Rule(r["id"], r["severity"], r["status"], r["message"]) for r in data["rules"]}


def _finding(rule_id: str, cell_ids: list[str] | None = None, expected: Any = None, actual: Any = None, **fmt: Any) -> Finding:
    rule = rules()[rule_id]
    return Finding(rule.id, Severity(rule.severity), rule.message.format(**fmt), cell_ids or [], expected, actual)


@dataclass(slots=True)
class Source:
    """One place a report was published, for the page's links and the fetch history."""

    url: str
    url_id: int
    report_id: int | None
    removed: str | None
    in_column: bool


@dataclass(slots=True)
class WatchRow:
    agency: str
    year: int
    status: str  # the most serious finding's status word, 按时, or 未到期限
    deadline: str | None
    published: str | None
    report_id: int | None
    sources: list[Source] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    site_url: str | None = None

    @property
    def problem(self) -> bool:
        return any(f.severity in (Severity.ERROR, Severity.WARNING) for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        return {
            "agency": self.agency, "year": self.year, "status": self.status, "deadline": self.deadline,
            "published": self.published, "report_id": self.report_id, "site": self.site_url,
            "sources": [{"url": s.url, "report_id": s.report_id, "removed": s.removed, "in_column": s.in_column} for s in self.sources],
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass(slots=True)
class WatchResult:
    rows: list[WatchRow]
    today: date

    @property
    def problems(self) -> list[WatchRow]:
        return [r for r in self.rows if r.problem]


def last_due_year(today: date, agency: str, level: str | None) -> int:
    """The latest year whose report is already due for this agency."""
    year = today.year - 1
    due = deadline(agency, level, year)
    return year if due is None or today > due else year - 1


def _values(session: Session, report_id: int) -> Report:
    row = session.get(ReportRow, report_id)
    assert row is not None
    return load_report(session, row, corrected=False)


def cell_differences(a: Report, b: Report, limit: int = 8) -> tuple[list[str], str]:
    """The cells whose printed values differ, and a text naming them: `label：before → after`."""
    template = load(b.meta.template or a.meta.template or "2021")
    differing = [cid for cid in template.cells if (a.cells[cid].value if cid in a.cells else None) != (b.cells[cid].value if cid in b.cells else None)]
    parts = [f"{template.cells[cid].label}：{_v(a, cid)} → {_v(b, cid)}" for cid in differing[:limit]]
    more = f"…（共 {len(differing)} 处）" if len(differing) > limit else ""
    return differing, "；".join(parts) + more


def _v(report: Report, cell: str) -> str:
    value = report.cells[cell].value if cell in report.cells else None
    return "空" if value is None else str(value)


def text_changes(a: Report, b: Report) -> str:
    """Which sections' text changed (named as the template prints them), and how much."""
    titles = {s.id: f"第{s.number}部分“{s.label}”" for s in load(b.meta.template or a.meta.template or "2021").sections}
    changed = []
    for section in dict.fromkeys([*a.narrative, *b.narrative]):
        before, after = a.narrative.get(section, ""), b.narrative.get(section, "")
        if before != after:
            ratio = difflib.SequenceMatcher(None, before, after, autojunk=False).ratio()
            changed.append(f"{titles.get(section, section)}（相似度 {ratio:.0%}）")
    return f"；正文改动：{'、'.join(changed)}" if changed else ""


class _Watch:
    def __init__(self, session: Session, today: date) -> None:
        self.session = session
        self.today = today

    def row(self, agency: str, level: str | None, year: int, pubs: list[Publication], site_url: str | None) -> WatchRow:
        due = deadline(agency, level, year)
        urls = {p.url_id: self.session.get(CrawlUrl, p.url_id) for p in pubs}
        sources = [Source(urls[p.url_id].url, p.url_id, p.report_id, p.removed, p.in_column) for p in pubs]
        live = [p for p in pubs if not p.removed]
        current = next((p.report_id for p in reversed(live) if p.report_id), None)
        out = WatchRow(agency, year, ON_TIME, due.isoformat() if due else None, None, current, sources, site_url=site_url)
        if not pubs:
            if due is not None and self.today > due:
                out.findings.append(_finding("publication.missing", agency=agency, year=year, deadline=due, url=site_url or "—"))
            else:
                out.status = PENDING
        for p in pubs:
            url = urls[p.url_id]
            if p.removed:
                out.findings.append(_finding("publication.removed", url=url.url, year=year, reason=p.removed))
                continue
            if p.report_id and p.first_report_id and p.report_id != p.first_report_id:
                before, after = _values(self.session, p.first_report_id), _values(self.session, p.report_id)
                cells, named = cell_differences(before, after)
                out.findings.append(
                    _finding("publication.changed", cells, url=url.url, first_seen=p.first_seen.date().isoformat(),
                             cells=named or "数字未变", text=text_changes(before, after))
                )
            if not p.machine_readable:
                out.findings.append(_finding("publication.not_machine_readable", url=url.url))
            if not p.in_column:
                out.findings.append(_finding("publication.outside_column", url=url.url, referrer=url.referrer or "—"))
        out.findings += self._conflicts(live, urls, year)
        out.findings += self._late(out, agency, level, live, due)
        out.findings.sort(key=lambda f: ORDER.index(f.rule))
        if out.findings:
            out.status = rules()[out.findings[0].rule].status
        return out

    def _conflicts(self, live: list[Publication], urls: dict[int, CrawlUrl], year: int) -> list[Finding]:
        readings = [(p, _values(self.session, p.report_id)) for p in live if p.report_id]
        found = []
        for i, (pa, a) in enumerate(readings):
            for pb, b in readings[i + 1 :]:
                if pa.report_id == pb.report_id:
                    continue
                cells, named = cell_differences(a, b)
                if cells:
                    found.append(_finding("publication.conflicting_versions", cells, year=year, url_a=urls[pa.url_id].url, url_b=urls[pb.url_id].url, cells=named))
        return found

    def _late(self, out: WatchRow, agency: str, level: str | None, live: list[Publication], due: date | None) -> list[Finding]:
        dates = []
        for p in live:
            printed = self.session.get(ReportRow, p.report_id).published if p.report_id else None
            if p.published:
                dates.append((p.published, "页面所载发布日期"))
            elif printed:
                dates.append((printed, "落款日期"))
            else:
                dates.append((p.first_seen.date().isoformat(), "首次发现日期"))
        if not dates:
            return []
        published, basis = min(dates)
        out.published = published
        rule = deadline_for(agency, level)
        if due is None or rule is None or date.fromisoformat(published) <= due:
            return []
        return [_finding("meta.late", [], due.isoformat(), published, year=out.year, basis=basis, published=published, kind=rule.kind, deadline=due)]


def watch_rows(session: Session, year: int | None = None, agency: str | None = None, today: date | None = None) -> WatchResult:
    """The status of every agency-year known to the crawls (the site list's agencies, and reports fetched
    by URL), for `year` or for every year seen plus the last year already due."""
    today = today or date.today()
    watch = _Watch(session, today)
    pubs = list(session.scalars(select(Publication).order_by(Publication.id)))
    by_agency: dict[int, list[Publication]] = {}
    for p in pubs:
        by_agency.setdefault(p.agency_id, []).append(p)
    rows: list[WatchRow] = []
    covered: set[int] = set()
    for site in session.scalars(select(CrawlSite).order_by(CrawlSite.agency)):
        if agency and agency not in site.agency:
            continue
        known = agencies.find(session, site.agency)
        mine = by_agency.get(known.id, []) if known is not None else []
        covered.update(p.id for p in mine)
        years = {year} if year else {p.year for p in mine} | {last_due_year(today, site.agency, site.level)}
        for y in sorted(years):
            rows.append(watch.row(site.agency, site.level, y, [p for p in mine if p.year == y], site.url))
    loose: dict[tuple[int, int], list[Publication]] = {}
    for p in pubs:
        if p.id not in covered and (year is None or p.year == year):
            loose.setdefault((p.agency_id, p.year), []).append(p)
    for (agency_id, y), group in sorted(loose.items()):
        name = session.get(Agency, agency_id).name  # type: ignore[union-attr]
        if agency is None or agency in name:
            rows.append(watch.row(name, None, y, group, None))
    return WatchResult(rows, today)
