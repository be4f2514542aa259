"""The library twins of `zfxxgk rate` and `zfxxgk override`: files or the database in, a `Rating` out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from ..errors import ZfxxgkError
from ..paths import expand
from ..pipeline import parse_path
from .corpus import Item, item_of
from .facts import PublicationFacts, read_facts
from .results import Override, Rating
from .rubric import RateError, load_rubric
from .score import rate_items


def _facts(facts: Mapping[str, PublicationFacts] | str | Path | None) -> Mapping[str, PublicationFacts]:
    if facts is None:
        return {}
    if isinstance(facts, (str, Path)):
        return read_facts(facts)
    return facts


def _matches(agency: str | None, wanted: list[str]) -> str | None:
    from ..store.agencies import names_match

    return next((w for w in wanted if agency and names_match(agency, w)), None)


def rate_files(
    paths: Iterable[str | Path], year: int | None, agencies: list[str] | None, rubric: str | Path | None,
    facts: Mapping[str, PublicationFacts],
) -> Rating:
    """Parse and rate files together; unreadable files are listed in `failures`, never fatal."""
    items: list[Item] = []
    failures: list[tuple[str, str]] = []
    for path in expand(paths):
        try:
            report = parse_path(path)
        except (ZfxxgkError, OSError) as exc:
            failures.append((str(path), getattr(exc, "reason", None) or str(exc)))
            continue
        items.append(item_of(report, facts.get(report.source.sha256) or facts.get(str(path))))
    if agencies is not None:
        items = [i for i in items if _matches(i.report.meta.agency, agencies)]
    rated = [i for i in items if year is None or i.report.meta.year in (year, year - 1)]
    context = [i for i in items if i not in rated]
    rating = rate_items(rated, load_rubric(rubric), context)
    if year is not None:
        rating.reports = [r for r in rating.reports if r.year in (year, year - 1)]
    if agencies is not None and year is not None:
        present = {_matches(r.agency, agencies) for r in rating.reports if r.year == year}
        rating.missing = [a for a in agencies if a not in present]
    rating.failures = failures
    return rating


def rate(
    paths: Iterable[str | Path] | str | Path | None = None,
    db: str | None = None,
    year: int | None = None,
    agencies: list[str] | None = None,
    rubric: str | Path | None = None,
    facts: Mapping[str, PublicationFacts] | str | Path | None = None,
    record: bool = False,
) -> Rating:
    """`zfxxgk rate`: rate the reports in `paths` (files, folders, globs) together, or, without paths,
    the stored reports of `year` (all years when None) in the database `db`.

    `agencies` limits the rating to these agencies (and lists those without a report); `rubric` is a
    user's rubric file; `facts` maps sha256 or path to `PublicationFacts` (or is a JSON file of them);
    `record` keeps the run (rubric and scores) in the database."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if paths:
        if db is not None:
            raise RateError("请只给出报告文件或数据库（--db）之一")
        return rate_files(paths, year, agencies, rubric, _facts(facts))
    from .database import rate_stored

    return rate_stored(db, year, agencies, rubric, _facts(facts), record)


def override(report_id: int, indicator: str, points: float, reason: str, author: str | None = None, db: str | None = None) -> Override:
    """`zfxxgk override`: a reviewer's points for one indicator of one stored report, with the reason."""
    from .database import add_override

    return add_override(db, report_id, indicator, points, reason, author)
