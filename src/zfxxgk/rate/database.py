"""Rating stored reports: bulk loading, reviewers' overrides, recorded runs.

Rating reads what the store already holds — the findings (corrections applied and re-checked, the
cross-year ones included), the narrative, the dates — in a few queries per thousand reports instead of
one `load_report` per report (whose cells the rubric does not need), so a year of a whole province
rates in seconds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session, selectinload

from ..model import Finding, Meta, Report, Source
from ..store import Store
from ..store.agencies import find
from ..store.corrections import default_author
from ..store.database import StoreError
from ..store.reports import get_row
from ..store.schema import CellRow, FindingRow, ReportRow
from .corpus import Item
from .facts import PublicationFacts
from .fetched import recorded_facts
from .results import Override, Rating
from .rubric import RateError, default_rubric, load_rubric, unknown_indicator
from .schema import RatingOverride, RatingRun
from .score import rate_items

CHUNK = 500  # ids per IN (…) list: well under every backend's limit on bound parameters


@contextmanager
def session_on(db: str | None) -> Iterator[Session]:
    with Store.open(db) as store, Session(store.engine) as session:
        yield session


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def load_items(session: Session, rows: Sequence[ReportRow], facts: Mapping[str, PublicationFacts]) -> list[Item]:
    """The rows as Items: report (without cells), stored findings, facts, and whether OCR read it."""
    ids = [r.id for r in rows]
    findings: dict[int, list[Finding]] = {i: [] for i in ids}
    scanned: set[int] = set()
    for chunk in _chunks(ids):
        for f in session.execute(
            select(FindingRow.report_id, FindingRow.rule, FindingRow.severity, FindingRow.message, FindingRow.cells,
                   FindingRow.expected, FindingRow.actual, FindingRow.provenance)
            .where(FindingRow.report_id.in_(chunk)).order_by(FindingRow.id)
        ):
            findings[f.report_id].append(Finding.from_json({
                "rule": f.rule, "severity": f.severity, "message": f.message, "cells": f.cells or [],
                "expected": f.expected, "actual": f.actual, "provenance": f.provenance or [],
            }))
        ocr = select(CellRow.report_id).where(CellRow.report_id.in_(chunk), cast(CellRow.provenance, String).like('%"confidence"%'))
        scanned |= set(session.scalars(ocr.distinct()))
    items = []
    for row in rows:
        report = Report(
            source=Source(path=row.path, sha256=row.sha256, format=row.format, encoding=row.encoding, pages=row.pages),
            meta=Meta(title=row.title, agency=row.agency.name, year=row.year, template=row.template, published=row.published),
            cells={},
            narrative=dict(row.narrative or {}),
            findings=findings[row.id],
            sections=list(row.sections or []),
        )
        fact = facts.get(row.sha256) or facts.get(row.path)
        items.append(Item(report, str(row.agency_id), row.id, fact, row.id in scanned, has_year_findings=True))
    return items


def _current(session: Session, years: Sequence[int] | None) -> list[ReportRow]:
    query = select(ReportRow).where(ReportRow.is_current).options(selectinload(ReportRow.agency))
    if years is not None:
        query = query.where(ReportRow.year.in_(list(years)))
    return list(session.scalars(query.order_by(ReportRow.year, ReportRow.id)))


def overrides_for(session: Session, report_ids: Sequence[int]) -> dict[tuple[int, str], Override]:
    """The latest override of each (report, indicator)."""
    out: dict[tuple[int, str], Override] = {}
    for chunk in _chunks(list(report_ids)):
        rows = session.scalars(select(RatingOverride).where(RatingOverride.report_id.in_(chunk)).order_by(RatingOverride.id))
        for o in rows:
            out[(o.report_id, o.indicator)] = Override(o.points, o.reason, o.author, o.created_at.isoformat(timespec="seconds"))
    return out


def rate_session(
    session: Session,
    year: int | None,
    agencies: list[str] | None,
    rubric_path: str | Path | None,
    facts: Mapping[str, PublicationFacts],
) -> Rating:
    """Rate the current reports of `year` and the year before (every year when None), compared with every
    stored report of those years and the year before them; limited to `agencies` when given. Facts that
    fetching recorded are used for fetched reports; `facts` given by the caller take precedence."""
    rubric = load_rubric(rubric_path)
    facts = {**recorded_facts(session), **facts}
    years = None if year is None else (year - 2, year - 1, year)
    rows = _current(session, years)
    missing: list[str] = []
    if agencies is not None:
        wanted: set[int] = set()
        for name in agencies:
            agency = find(session, name)
            if agency is None or (year is not None and not any(r.agency_id == agency.id and r.year == year for r in rows)):
                missing.append(name)
            if agency is not None:
                wanted.add(agency.id)
    rated_rows = [r for r in rows if (year is None or r.year >= year - 1) and (agencies is None or r.agency_id in wanted)]
    rated_ids = {r.id for r in rated_rows}
    items = load_items(session, rows, facts)
    rated = [i for i in items if i.report_id in rated_ids]
    context = [i for i in items if i.report_id not in rated_ids]
    rating = rate_items(rated, rubric, context, overrides_for(session, sorted(rated_ids)))
    rating.missing = missing
    return rating


def rate_stored(
    db: str | None, year: int | None, agencies: list[str] | None, rubric_path: str | Path | None,
    facts: Mapping[str, PublicationFacts], record: bool = False,
) -> Rating:
    with session_on(db) as session:
        rating = rate_session(session, year, agencies, rubric_path, facts)
        if record:
            rubric = load_rubric(rubric_path)
            scores = {str(r.report_id): r.score for r in rating.reports if year is None or r.year == year}
            session.add(RatingRun(year=year, rubric_version=rubric.version, rubric_digest=rubric.digest, rubric=rubric.source, scores=scores))
            session.commit()
    return rating


def runs(db: str | None = None) -> list[RatingRun]:
    """Recorded rating runs, most recent first (rubric text and digest with the scores they gave)."""
    with session_on(db) as session:
        found = list(session.scalars(select(RatingRun).order_by(RatingRun.id.desc())))
        session.expunge_all()
        return found


def record_override(
    session: Session, report_id: int, indicator: str, points: float, reason: str, author: str | None = None
) -> Override:
    """Keep a reviewer's points for one indicator (out of its rubric weight), refusing what cannot apply."""
    if not reason or not reason.strip():
        raise RateError("复核改分必须写明理由（--reason）")
    try:
        get_row(session, report_id)
    except StoreError as exc:
        raise RateError(str(exc)) from exc
    weights = {i.id: i.weight for i in default_rubric().indicators}
    if indicator not in weights:
        raise RateError(unknown_indicator(indicator, list(weights)))
    if not 0 <= points <= weights[indicator]:
        raise RateError(f"{indicator}：分数应在 0 到该指标权重 {weights[indicator]:g} 之间")
    row = RatingOverride(
        report_id=report_id, indicator=indicator, points=float(points), reason=reason.strip(),
        author=author or default_author(), created_at=datetime.now(timezone.utc),
    )
    session.add(row)
    session.flush()
    return Override(row.points, row.reason, row.author, row.created_at.isoformat(timespec="seconds"))


def add_override(
    db: str | None, report_id: int, indicator: str, points: float, reason: str, author: str | None = None
) -> Override:
    with session_on(db) as session:
        done = record_override(session, report_id, indicator, points, reason, author)
        session.commit()
        return done
