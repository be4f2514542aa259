"""发布监测: agencies × years, how each report was published (on time, late, missing, changed, …),
each linking to its report, its source URLs and their fetch history. Read from what `zfxxgk fetch` and
`zfxxgk watch` recorded; the page itself fetches nothing."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...collect.schema import CrawlFetch, CrawlUrl
from ...collect.watch import WatchResult, watch_rows
from ...store import Store
from ..deps import get_store
from ..errors import ERROR_RESPONSES, not_found
from ..ids import Id
from ..render import render

NAV = ("/watch", "发布监测")

router = APIRouter()
api = APIRouter(prefix="/api", tags=["watch"], responses=ERROR_RESPONSES)

StoreDep = Annotated[Store, Depends(get_store)]
YearQuery = Annotated[int | None, Query(ge=1990, le=2100)]
SEVERITY = {"按时": "ok", "未到期限": "pending"}


AgencyQuery = Annotated[str | None, Query(max_length=200)]


def _watch(store: Store, year: int | None, agency: str | None = None) -> WatchResult:
    with Session(store.engine) as session:
        return watch_rows(session, year, agency or None, today=date.today())


@router.get("/watch", response_class=HTMLResponse, include_in_schema=False)
def watch_page(request: Request, store: StoreDep, year: YearQuery = None, agency: AgencyQuery = None, problems: bool = False) -> HTMLResponse:
    """The grid; `agency` keeps the agencies whose name contains it, `problems` those with a finding."""
    result = _watch(store, year, agency)
    shown = [r for r in result.rows if r.problem] if problems else result.rows
    grid: dict[str, dict[int, Any]] = {}
    for row in shown:
        grid.setdefault(row.agency, {})[row.year] = row
    context = {
        "grid": grid, "years": sorted({r.year for r in shown}), "year": year, "agency": agency or "",
        "only_problems": problems, "problems": len(result.problems), "kind": SEVERITY,
    }
    return render(request, "watch.html", context)


@router.get("/watch/history/{url_id}", response_class=HTMLResponse, include_in_schema=False)
def history_page(request: Request, store: StoreDep, url_id: Id) -> HTMLResponse:
    with Session(store.engine) as session:
        url = session.get(CrawlUrl, url_id)
        if url is None:
            raise not_found("找不到该地址的抓取记录")
        fetches = session.scalars(select(CrawlFetch).where(CrawlFetch.url_id == url_id).order_by(CrawlFetch.at.desc())).all()
        return render(request, "watch_history.html", {"url": url, "fetches": fetches})


@api.get("/watch", summary="Per agency and year: publication status and findings (publication.*, meta.late)")
def watch_api(store: StoreDep, year: YearQuery = None, agency: AgencyQuery = None) -> list[dict[str, Any]]:
    return [row.to_json() for row in _watch(store, year, agency).rows]


router.include_router(api)
