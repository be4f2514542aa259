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

`notice` loads the writers and the store only when called, so that `import zfxxgk` stays fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .api import override, rate

if TYPE_CHECKING:
    from .facts import PublicationFacts
    from .results import Rating


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
