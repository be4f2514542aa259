"""评分排名: a year's ranking, the distribution of scores, and per report each lost point with its evidence,
linked to the finding on the report page (which marks its cells and scrolls the original to its line)."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...rate.database import rate_session
from ...rate.outputs import STATUS, places
from ...rate.results import Rating
from ...rate.rubric import default_rubric
from ...rate.schema import RatingOverride
from ...store import Store
from ...store.schema import Correction, ReportRow
from .. import queries
from ..deps import get_store
from ..errors import ERROR_RESPONSES
from ..render import render

NAV = ("/rating", "评分排名")
BINS = 10  # the distribution chart: scores in bins of 10 points

router = APIRouter()
api = APIRouter(prefix="/api", tags=["rating"], responses=ERROR_RESPONSES)

StoreDep = Annotated[Store, Depends(get_store)]


_CACHE: dict[tuple[int, int, tuple[Any, ...]], Rating] = {}
CACHED = 8  # ratings kept in memory (a year of a whole province takes half a minute to rate)


def _stamp(session: Session) -> tuple[Any, ...]:
    """What a rating depends on in the database: any new or re-read report, correction or override
    changes it, so a cached rating is used only while it would come out the same."""
    return (
        session.scalar(select(func.count(ReportRow.id)).where(ReportRow.is_current)),
        session.scalar(select(func.max(ReportRow.extracted_at))),
        session.scalar(select(func.max(Correction.id))),
        session.scalar(select(func.max(RatingOverride.id))),
    )


def _rating(store: Store, year: int, prefix: str | None) -> Rating:
    with Session(store.engine) as session:
        key = (id(store), year, _stamp(session))
        rating = _CACHE.get(key)
        if rating is None:
            rating = rate_session(session, year, None, None, {})
            while len(_CACHE) >= CACHED:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = rating
    if prefix:
        return replace(rating, reports=[r for r in rating.reports if prefix in r.agency])
    return rating


def distribution(rating: Rating, year: int) -> dict[str, Any]:
    """How many reports scored in each band of ten points (the last band holds 100)."""
    counts = [0] * BINS
    for r in rating.ranking(year):
        counts[min(int(r.score // 10), BINS - 1)] += 1
    return {"bins": [f"{10 * i}–{10 * i + 10}" for i in range(BINS)], "counts": counts}


@router.get("/rating", response_class=HTMLResponse, include_in_schema=False)
def rating_page(
    request: Request,
    store: StoreDep,
    year: Annotated[str | None, Query(pattern=r"^(\d{4})?$")] = None,
    prefix: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    years = queries.years(store)
    chosen = int(year) if year else (years[0] if years else None)
    context: dict[str, Any] = {"years": years, "year": chosen, "prefix": prefix or "", "rating": None}
    if chosen is not None:
        rating = _rating(store, chosen, prefix)
        context |= {
            "rating": rating,
            "reports": rating.ranking(chosen),
            "chart": distribution(rating, chosen),
            "groups": default_rubric().groups,
            "status": STATUS,
            "places": places,
        }
    return render(request, "rating.html", context)


@api.get("/rating", summary="A year's ratings: score, rank, change and every indicator with its evidence")
def rating_api(
    store: StoreDep,
    year: Annotated[int, Query(ge=1990, le=2100)],
    prefix: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    rating = _rating(store, year, prefix)
    return {
        "year": year,
        "rubric": {"version": rating.rubric_version, "digest": rating.rubric_digest},
        "reports": [r.to_json() for r in rating.ranking(year)],
        "distribution": distribution(rating, year),
    }


router.include_router(api)
