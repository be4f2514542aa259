"""Reports list: filter by year, agency, template and errors, sort, count findings, download as CSV/XLSX."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...celltext import csv_writer, text_row
from ...store import Store
from ...store.agencies import normalize_name
from ...templates import template_ids
from .. import queries
from ..deps import get_store
from ..errors import ERROR_RESPONSES
from ..render import is_htmx, render
from ..schemas import ReportItem, ReportList

NAV = ("/reports", "报告列表")

Sort = Literal["agency", "year", "errors", "ingested"]
SORTS = {"agency": "机关", "year": "年度", "errors": "问题数", "ingested": "上传时间"}
EXPORT_COLUMNS = (
    ("id", "编号"), ("agency", "机关"), ("year", "年度"), ("template", "格式"), ("errors", "错误"),
    ("warnings", "警告"), ("infos", "提示"), ("corrections", "更正"), ("published", "发布日期"),
    ("title", "标题"), ("path", "文件名"), ("format", "文件格式"), ("sha256", "SHA-256"), ("ingested_at", "入库时间"),
)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 100  # rows per page of the list: a national store has tens of thousands a year

router = APIRouter()
api = APIRouter(prefix="/api", tags=["reports"], responses=ERROR_RESPONSES)


@dataclass(frozen=True, slots=True)
class Filters:
    """The list's filters, read the same way from the page's form and from API query strings."""

    year: int | None = None
    agency: str | None = None
    template: str | None = None
    has_errors: bool | None = None
    sort: Sort = "agency"

    def query(self) -> str:
        pairs = {k: v for k, v in (("year", self.year), ("agency", self.agency), ("template", self.template), ("sort", self.sort)) if v}
        if self.has_errors is not None:
            pairs["has_errors"] = "true" if self.has_errors else "false"
        return urlencode(pairs)


def filters(
    year: Annotated[str | None, Query(pattern=r"^(\d{4})?$", description="report year, e.g. 2023")] = None,
    agency: Annotated[str | None, Query(max_length=200, description="part of the agency's name")] = None,
    template: Annotated[str | None, Query(max_length=10, description="2019 or 2021")] = None,
    has_errors: Annotated[Literal["true", "false", ""] | None, Query(description="true: only reports with error findings")] = None,
    sort: Sort = "agency",
) -> Filters:
    return Filters(
        year=int(year) if year else None,
        agency=agency.strip() or None if agency else None,
        template=template or None,
        has_errors={"true": True, "false": False}.get(has_errors or ""),
        sort=sort,
    )


FiltersDep = Annotated[Filters, Depends(filters)]
StoreDep = Annotated[Store, Depends(get_store)]


def report_items(store: Store, f: Filters, page: int | None = None) -> tuple[list[ReportItem], int]:
    """The current reports matching the filters (one page of `PAGE_SIZE` if `page` is given), and how
    many match; the agency matches any part of the name, as typed."""
    window = {"limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE} if page else {}
    if f.agency:  # matched on the printed name in Python, then paged
        key = normalize_name(f.agency)
        summaries = [s for s in store.list_reports(year=f.year, template=f.template, has_errors=f.has_errors, sort=f.sort)
                     if key in normalize_name(s.agency)]
        total = len(summaries)
        if window:
            summaries = summaries[window["offset"] : window["offset"] + PAGE_SIZE]
    else:
        summaries = store.list_reports(year=f.year, template=f.template, has_errors=f.has_errors, sort=f.sort, **window)
        total = store.count_reports(year=f.year, template=f.template, has_errors=f.has_errors) if window else len(summaries)
    counts = queries.severity_counts(store, [s.id for s in summaries])
    return [ReportItem.of(s, counts[s.id]) for s in summaries], total


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/reports", status_code=303)


@router.get("/reports", response_class=HTMLResponse, include_in_schema=False)
def reports_page(request: Request, store: StoreDep, f: FiltersDep, page: Annotated[int, Query(ge=1, le=1_000_000)] = 1) -> HTMLResponse:
    items, total = report_items(store, f, page)
    context = {
        "items": items,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "filters": f,
        "years": queries.years(store),
        "templates": template_ids(),
        "sorts": SORTS,
    }
    return render(request, "reports_table.html" if is_htmx(request) else "reports.html", context)


def _rows(items: list[ReportItem]) -> list[list[object]]:
    return [[getattr(item, key) for key, _ in EXPORT_COLUMNS] for item in items]


def _csv(items: list[ReportItem]) -> bytes:
    """UTF-8 with a byte-order mark, or Excel reads the Chinese as the local code page."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow([label for _, label in EXPORT_COLUMNS])
    writer.writerows(_rows(items))
    return out.getvalue().encode("utf-8-sig")


def _xlsx(items: list[ReportItem]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "报告列表"
    sheet.append([label for _, label in EXPORT_COLUMNS])
    for row in _rows(items):
        sheet.append(text_row(sheet, [value.replace(tzinfo=None) if hasattr(value, "tzinfo") else value for value in row]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@router.get("/reports.{kind}", include_in_schema=False)
@api.get("/reports.{kind}", summary="The current list (same filters) as a CSV or XLSX file")
def export_list(kind: Literal["csv", "xlsx"], store: StoreDep, f: FiltersDep) -> Response:
    items, _ = report_items(store, f)
    body, media = (_csv(items), "text/csv; charset=utf-8") if kind == "csv" else (_xlsx(items), XLSX_TYPE)
    return Response(body, media_type=media, headers={"content-disposition": f'attachment; filename="zfxxgk-reports.{kind}"'})


@api.get("/reports", response_model=ReportList, summary="Stored reports, filtered and sorted like the list page")
def list_api(store: StoreDep, f: FiltersDep) -> ReportList:
    items, _ = report_items(store, f)
    return ReportList(count=len(items), items=items)


router.include_router(api)
