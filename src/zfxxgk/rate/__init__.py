"""Rating: a score 0–100 per report, explained indicator by indicator, a ranking and the review notice.

A stage after check and store: it reads findings, narrative and (when given) publication facts, never
changes them, and nothing earlier imports it. The rubric is data (`rubric.toml`); `rate` is the twin of
`zfxxgk rate`, `notice` of `zfxxgk notice`, `override` of `zfxxgk override`::

    import zfxxgk

    rating = zfxxgk.rate(["reports/"])                      # files, rated together
    rating = zfxxgk.rate(db="zfxxgk.db", year=2024)         # stored reports of a year (and last year's)
    for r in rating.ranking(2024):
        r.rank, r.agency, r.score, r.change                   # change: against last year's score
        [(i.id, i.points, i.max, i.status, i.evidence) for i in r.indicators]
    zfxxgk.override(17, "problems.concrete", 4, reason="问题写得具体，人工复核")
    zfxxgk.notice("通报.docx", 2024, agencies=["…", "…"], scope="某区")   # the review notice

Imports are deferred so that `import zfxxgk` stays fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .facts import PublicationFacts
    from .results import Override, Rating


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
    from .api import rate as run

    return run(paths, db, year, agencies, rubric, facts, record)


def override(
    report_id: int, indicator: str, points: float, reason: str, author: str | None = None, db: str | None = None
) -> Override:
    """`zfxxgk override`: a reviewer's points for one indicator of one stored report, with the reason."""
    from .api import override as run

    return run(report_id, indicator, points, reason, author, db)


def notice(
    output: str | Path,
    year: int,
    agencies: list[str] | None = None,
    db: str | None = None,
    scope: str | None = None,
    rubric: str | Path | None = None,
    facts: Mapping[str, PublicationFacts] | None = None,
    issuer: str | None = None,
) -> Rating:
    """`zfxxgk notice`: the year's review notice (年报审查情况通报) as DOCX, HTML or PDF (by suffix)."""
    from .notice import notice as run

    return run(output, year, agencies, db, scope, rubric, facts, issuer)


__all__ = ["notice", "override", "rate"]
