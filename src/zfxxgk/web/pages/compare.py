"""Compare: one agency's two years side by side, every changed cell marked, and the cross-year findings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from ...store import CellChange, Comparison, Store, StoreError
from .. import queries
from ..cells import CellView, worst
from ..deps import get_store
from ..errors import ERROR_RESPONSES, not_found
from ..layout import grids
from ..render import is_htmx, number, render
from ..schemas import CellChangeOut, ComparisonOut, ReportItem

NAV = ("/compare", "年度对比")

router = APIRouter()
api = APIRouter(prefix="/api", tags=["compare"], responses=ERROR_RESPONSES)

StoreDep = Annotated[Store, Depends(get_store)]
Year = Annotated[int, Query(ge=1990, le=2100)]


def _compare(store: Store, agency: str, year_a: int, year_b: int) -> Comparison:
    try:
        return store.compare(agency, year_a, year_b)
    except StoreError as exc:
        raise not_found(f"找不到 {agency} {year_a} 年和 {year_b} 年的报告") from exc


def _change_text(change: CellChange) -> str:
    if change.change is None:
        return ""
    sign = "+" if change.change > 0 else ""
    percent = f"（{change.ratio - 1:+.1%}）" if change.ratio is not None else ""
    return f"{sign}{number(change.change)}{percent}"


def side_views(comparison: Comparison) -> tuple[dict[str, CellView], dict[str, CellView]]:
    """Views of both years: changed cells marked in both, cells named by cross-year findings coloured."""
    levels = worst(comparison.findings)
    left: dict[str, CellView] = {}
    right: dict[str, CellView] = {}
    for c in comparison.cells:
        classes = ["cell"]
        if c.a != c.b:
            classes.append("changed")
        if c.change:
            classes.append("up" if c.change > 0 else "down")
        if c.cell in levels:
            classes.append(f"sev-{levels[c.cell]}")
        title = f"{c.label}\n{comparison.year_a}年 {number(c.a) or '空'} → {comparison.year_b}年 {number(c.b) or '空'}"
        data = {"cell": c.cell, "label": c.label}
        left[c.cell] = CellView(number(c.a), list(classes), title, data)
        right[c.cell] = CellView(number(c.b), list(classes), f"{title} {_change_text(c)}".rstrip(), data)
    return left, right


def comparison_out(store: Store, comparison: Comparison) -> ComparisonOut:
    ids = [comparison.report_a.id, comparison.report_b.id]
    counts = queries.severity_counts(store, ids)
    return ComparisonOut(
        agency=comparison.agency,
        year_a=comparison.year_a,
        year_b=comparison.year_b,
        report_a=ReportItem.of(comparison.report_a, counts[ids[0]]),
        report_b=ReportItem.of(comparison.report_b, counts[ids[1]]),
        cells=[CellChangeOut(cell=c.cell, label=c.label, a=c.a, b=c.b, change=c.change, ratio=c.ratio) for c in comparison.cells],
        findings=[f.to_json() for f in comparison.findings],
    )


def _result(comparison: Comparison) -> dict[str, Any]:
    left, right = side_views(comparison)
    return {
        "comparison": comparison,
        "left": left,
        "right": right,
        "grids_a": grids(comparison.report_a.template),
        "grids_b": grids(comparison.report_b.template),
        "changes": [c for c in comparison.cells if c.a != c.b],
        "findings": [f.to_json() for f in comparison.findings],
        "change_text": {c.cell: _change_text(c) for c in comparison.cells},
    }


@router.get("/compare", response_class=HTMLResponse, include_in_schema=False)
def compare_page(
    request: Request,
    store: StoreDep,
    agency: Annotated[str | None, Query(max_length=200)] = None,
    year_a: Annotated[str | None, Query(pattern=r"^(\d{4})?$")] = None,
    year_b: Annotated[str | None, Query(pattern=r"^(\d{4})?$")] = None,
) -> HTMLResponse:
    """The form lists agencies with two or more years; once both years are chosen, the comparison."""
    choices = {name: ys for name, ys in queries.agency_years(store).items() if len(ys) > 1}
    context: dict[str, Any] = {"choices": choices, "agency": agency, "year_a": year_a, "year_b": year_b, "result": None}
    if agency and year_a and year_b:
        context["result"] = _result(_compare(store, agency, int(year_a), int(year_b)))
    return render(request, "compare_result.html" if is_htmx(request) else "compare.html", context)


@api.get("/compare", response_model=ComparisonOut, summary="One agency's two years, cell by cell, with year.* findings")
def compare_api(agency: Annotated[str, Query(max_length=200)], year_a: Year, year_b: Year, store: StoreDep) -> ComparisonOut:
    return comparison_out(store, _compare(store, agency, year_a, year_b))


@api.get("/agencies", summary="Stored agencies, their aliases and years with a current report")
def agencies_api(store: StoreDep) -> list[dict[str, Any]]:
    years = queries.agency_years(store)
    return [{"id": a.id, "name": a.name, "aliases": list(a.aliases), "years": years.get(a.name, [])} for a in store.agencies()]


router.include_router(api)
