"""Jurisdiction: a year's totals with charts (by outcome, by applicant, over the years) and missing agencies."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse

from ...store import Aggregate, Store
from .. import charts, queries
from ..cells import report_views
from ..deps import get_store
from ..errors import ERROR_RESPONSES
from ..layout import grids
from ..render import is_htmx, render
from ..schemas import JurisdictionIn, JurisdictionOut, ReportItem

NAV = ("/jurisdiction", "辖区汇总")
MAX_AGENCIES = 5000

router = APIRouter()
api = APIRouter(prefix="/api", tags=["jurisdiction"], responses=ERROR_RESPONSES)

StoreDep = Annotated[Store, Depends(get_store)]
_SEPARATORS = re.compile(r"[\n\r,，、;；\t]+")


def agency_list(text: str) -> list[str]:
    """Names pasted one per line (or separated by commas, 、 or semicolons), blanks and repeats dropped."""
    return list(dict.fromkeys(n.strip() for n in _SEPARATORS.split(text) if n.strip()))[:MAX_AGENCIES]


def _scope(prefix: str | None, agencies: list[str] | None) -> str:
    if agencies:
        return f"名单中的 {len(agencies)} 个机关"
    return f"名称以“{prefix}”开头的机关" if prefix else "全部机关"


def summarize(store: Store, year: int, prefix: str | None, agencies: list[str] | None) -> tuple[Aggregate, JurisdictionOut]:
    """The year's aggregate, and everything the page and the API show about it (charts included)."""
    result = store.aggregate(year, prefix or None, agencies or None)
    by_year = {y: store.aggregate(y, prefix or None, agencies or None).totals for y in sorted(queries.years(store))}
    counts = queries.severity_counts(store, [s.id for s in result.included])
    out = JurisdictionOut(
        year=year,
        template=result.template,
        scope=_scope(prefix, agencies),
        included=[ReportItem.of(s, counts[s.id]) for s in result.included],
        missing=result.missing,
        other_template=[s.id for s in result.other_template],
        totals=result.totals.values(),
        findings=[f.to_json() for f in result.totals.findings],
        charts={
            "outcomes": charts.outcomes(result.totals),
            "applicants": charts.applicants(result.totals),
            "trend": charts.trend(by_year),
        },
    )
    return result, out


def _page(request: Request, store: Store, year: int | None, prefix: str | None, agencies: list[str] | None) -> HTMLResponse:
    years = queries.years(store)
    year = year or (years[0] if years else None)
    context: dict[str, Any] = {"years": years, "year": year, "prefix": prefix or "", "agencies": "\n".join(agencies or []), "data": None}
    if year is not None:
        result, data = summarize(store, year, prefix, agencies)
        context |= {
            "data": data,
            "listed": agencies is not None,
            "grids": grids(result.template),
            "cells": report_views(result.totals, []),
        }
    return render(request, "jurisdiction_result.html" if is_htmx(request) else "jurisdiction.html", context)


@router.get("/jurisdiction", response_class=HTMLResponse, include_in_schema=False)
def jurisdiction_page(
    request: Request,
    store: StoreDep,
    year: Annotated[str | None, Query(pattern=r"^(\d{4})?$")] = None,
    prefix: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    return _page(request, store, int(year) if year else None, prefix, None)


@router.post("/jurisdiction", response_class=HTMLResponse, include_in_schema=False)
def jurisdiction_form(
    request: Request,
    store: StoreDep,
    year: Annotated[str, Form(pattern=r"^(\d{4})?$")] = "",
    prefix: Annotated[str, Form(max_length=200)] = "",
    agencies: Annotated[str, Form(max_length=500_000)] = "",
) -> HTMLResponse:
    """The same page with a pasted (or file-loaded) list of the agencies expected to report."""
    listed = agency_list(agencies)
    return _page(request, store, int(year) if year else None, prefix.strip() or None, listed or None)


@api.get("/jurisdiction", response_model=JurisdictionOut, summary="A year's totals, charts data and missing agencies")
def jurisdiction_api(
    store: StoreDep,
    year: Annotated[int, Query(ge=1990, le=2100)],
    prefix: Annotated[str | None, Query(max_length=200)] = None,
    agency: Annotated[list[str] | None, Query(description="an expected agency (repeat for each)")] = None,
) -> JurisdictionOut:
    return summarize(store, year, prefix, agency)[1]


@api.post("/jurisdiction", response_model=JurisdictionOut, summary="As GET, for long lists of expected agencies")
def jurisdiction_post(body: JurisdictionIn, store: StoreDep) -> JurisdictionOut:
    return summarize(store, body.year, body.prefix, body.agencies)[1]


router.include_router(api)
