"""The series behind the jurisdiction page's charts, read from summed reports through the template.

Outcome categories are the headings of 三、本年度办理结果 （（一）予以公开 … （六）其他处理), each the sum of
its rows' 总计 column, and applicant types are 表三's columns, so the charts follow the template rather
than a list of cell ids kept here.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Report
from .layout import row_paths, template_of

REQUESTS = "requests"
TOTAL = "total"
_REMARK = re.compile(r"（[^（）]*）$")  # （二）部分公开（区分处理的，只计这一情形…）: the remark is not the name
TREND_SERIES = (
    ("新收申请", ("requests.new.total",)),
    ("予以公开", ("requests.granted.total",)),
    ("行政复议", ("appeals.review.total",)),
    ("行政诉讼", ("appeals.suit_direct.total", "appeals.suit_after_review.total")),
)


def _value(report: Report, cid: str) -> int | float:
    cell = report.cells.get(cid)
    return cell.value if cell is not None and cell.value is not None else 0


def outcomes(report: Report) -> list[dict[str, Any]]:
    """Requests by outcome: one entry per heading under the results row, in printed order."""
    table = template_of(report.meta.template).tables[REQUESTS]
    rows = [r for r, _ in table.rows()]
    sums: dict[str, int | float] = {}
    for row, path in zip(rows, row_paths(rows)):
        if len(path) < 2 or row.id == TOTAL:
            continue
        name = _REMARK.sub("", path[1]) or path[1]
        sums[name] = sums.get(name, 0) + _value(report, f"{REQUESTS}.{row.id}.{TOTAL}")
    return [{"name": name, "value": value} for name, value in sums.items()]


def applicants(report: Report) -> list[dict[str, Any]]:
    """New requests by applicant type (表三's columns other than 总计)."""
    table = template_of(report.meta.template).tables[REQUESTS]
    return [
        {"name": c.label, "value": _value(report, f"{REQUESTS}.new.{c.id}")} for c in table.groups[0].columns if c.id != TOTAL
    ]


def trend(by_year: dict[int, Report]) -> dict[str, Any]:
    """A few headline totals per year, oldest first."""
    years = sorted(by_year)
    return {
        "years": years,
        "series": [
            {"name": name, "data": [sum(_value(by_year[y], cid) for cid in cells) for y in years]} for name, cells in TREND_SERIES
        ],
    }
