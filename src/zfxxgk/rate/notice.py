"""The yearly review notice (年报审查情况通报): the document an openness office sends to its agencies.

Built from one rating of the stored reports and the jurisdiction's summed figures, as a `Page` — the
same structure the standard report is written from — so the existing writers make the DOCX, HTML or PDF.
Wording is data (`notice.toml`). Charts (the ranking, the year-over-year figures) are images drawn by
matplotlib when the `charts` extra is installed; the figures' table also carries bars of characters, so
the proportions show in every format even without it.
"""

from __future__ import annotations

import fnmatch
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..model import Report
from ..render import render_page
from ..render.page import Figure, Page, Part
from ..store.aggregate import aggregate
from ..templates.layout import Cell, Grid
from .charts import grouped_bars, horizontal_bars
from .database import rate_session, session_on
from .facts import PublicationFacts
from .outputs import places
from .results import Rating, ReportRating
from .rubric import default_rubric, load_rubric

BAR = "█"
BAR_WIDTH = 20
BODY = "·"  # any cell id: marks a grid cell as a value (right-aligned, not a header)


@cache
def wording() -> dict[str, Any]:
    return tomllib.loads(resources.files(__package__).joinpath("notice.toml").read_text("utf-8"))


def _grid(name: str, header: list[str], rows: list[list[str]]) -> Grid:
    cells = [Cell(0, c, text) for c, text in enumerate(header)]
    cells += [Cell(r, c, text, cell_id=BODY) for r, row in enumerate(rows, 1) for c, text in enumerate(row)]
    return Grid(name, len(rows) + 1, len(header), tuple(cells))


def _names(reports: list[ReportRating] | list[str]) -> str:
    return "、".join(r if isinstance(r, str) else r.agency for r in reports) or "无"


def _sum(report: Report, patterns: list[str]) -> float:
    total = 0.0
    for cid, cell in report.cells.items():
        if cell.value is not None and any(fnmatch.fnmatchcase(cid, p) for p in patterns):
            total += cell.value
    return total


def _plain(x: float) -> str:
    return f"{x:g}"


@dataclass(slots=True)
class NoticeData:
    year: int
    scope: str
    rating: Rating
    totals: Report
    last_totals: Report


def _timeliness(data: NoticeData) -> list[str]:
    w = wording()["sentences"]
    groups: dict[str, list[ReportRating]] = {"on_time": [], "late": [], "unknown": []}
    for r in data.rating.ranking(data.year):
        i = next((x for x in r.indicators if x.id == "publication.on_time"), None)
        key = "unknown" if i is None or i.status == "not_assessed" else "on_time" if i.points >= i.max else "late"
        groups[key].append(r)
    lines = [w[k].format(count=len(v), names=_names(v)) for k, v in groups.items() if v]
    if data.rating.missing:
        lines.append(w["not_published"].format(count=len(data.rating.missing), names=_names(data.rating.missing)))
    return lines


def _problems(data: NoticeData) -> list[str]:
    w = wording()["sentences"]
    rubric = {i.id: i for i in default_rubric().indicators}
    lines: list[str] = []
    for r in data.rating.ranking(data.year):
        lines.append(f"{r.agency}（{r.score:.2f}分）")
        said = False
        for i in r.lost():
            ind = rubric.get(i.id)
            for e in i.evidence:
                where = places(e.places)
                lines.append(w["problem"].format(
                    label=i.label, message=e.message, place=w["place"].format(place=where) if where else "",
                    what=ind.what if ind else "", basis=ind.basis if ind else "",
                ))
                said = True
        if not said:
            lines.append(w["no_problems"])
    lines.append(w["correct"])
    return lines


def _figure_values(data: NoticeData) -> list[tuple[str, float, float]]:
    return [(s["label"], _sum(data.last_totals, s["cells"]), _sum(data.totals, s["cells"])) for s in wording()["figures"]]


def _figures(data: NoticeData) -> Grid:
    rows = []
    pairs = _figure_values(data)
    top = max([max(a, b) for _, a, b in pairs] + [1])
    for label, last, this in pairs:
        bar = BAR * round(BAR_WIDTH * this / top)
        rows.append([label, _plain(last), _plain(this), f"{this - last:+g}", bar])
    return _grid("figures", ["项目", f"{data.year - 1}年", f"{data.year}年", "变化", f"{data.year}年（条形）"], rows)


def _comparison(data: NoticeData) -> list[str]:
    w = wording()["sentences"]
    reports = data.rating.ranking(data.year)
    groups = default_rubric().groups
    means: dict[str, float] = {}
    for g in groups:
        values = [r.groups()[g][0] for r in reports if g in r.groups()]
        means[g] = round(sum(values) / len(values), 2) if values else 0.0
    lines = []
    for r in reports:
        change = w["no_change"] if r.change is None else w["change"].format(sign="增加" if r.change >= 0 else "减少", delta=_plain(abs(r.change)))
        parts = "；".join(
            w["group"].format(label=groups.get(g, g), points=_plain(p), max=_plain(m), mean=_plain(means.get(g, 0)))
            for g, (p, m) in r.groups().items() if m
        )
        lines.append(w["comparison"].format(agency=r.agency, score=f"{r.score:.2f}", rank=r.rank, count=len(reports), change=change, groups=parts + "。"))
    return lines


def _charts(data: NoticeData, reports: list[ReportRating]) -> tuple[tuple[Figure, ...], tuple[Figure, ...]]:
    """(the ranking as bars, the figures last year against this year), when charts can be drawn."""
    c = wording()["charts"]
    ranking = horizontal_bars([r.agency for r in reports], [r.score for r in reports], c["score"])
    values = _figure_values(data)
    years = {f"{data.year - 1}年": [a for _, a, _ in values], f"{data.year}年": [b for _, _, b in values]}
    figures = grouped_bars([label for label, _, _ in values], years, c["count"])
    return (
        (Figure(c["ranking"].format(year=data.year), ranking),) if ranking else (),
        (Figure(c["figures"].format(year=data.year, last=data.year - 1), figures),) if figures else (),
    )


def build_notice(data: NoticeData, issuer: str | None = None) -> Page:
    w = wording()
    s, h = w["sentences"], w["headings"]
    reports = data.rating.ranking(data.year)
    scores = [r.score for r in reports] or [0.0]
    missing = s["missing"].format(count=len(data.rating.missing), year=data.year, names=_names(data.rating.missing)) if data.rating.missing else s["none_missing"]
    overview = s["overview"].format(
        count=len(reports), mean=f"{sum(scores) / len(scores):.2f}", best=f"{max(scores):.2f}", worst=f"{min(scores):.2f}", missing=missing
    )
    ranking = _grid("ranking", ["名次", "单位", "得分", "上年得分", "较上年"], [
        [str(r.rank), r.agency, f"{r.score:.2f}", "" if r.previous is None else f"{r.previous:.2f}", "" if r.change is None else f"{r.change:+.2f}"]
        for r in reports
    ])
    rubric = default_rubric()
    ranking_chart, figures_chart = _charts(data, reports)
    parts = (
        Part(h["overview"], (w["intro"].format(scope=data.scope, year=data.year), overview), ()),
        Part(h["timeliness"], tuple(_timeliness(data)), ()),
        Part(h["ranking"], (), (ranking,), ranking_chart),
        Part(h["problems"], tuple(_problems(data)), ()),
        Part(h["figures"], (s["figures"].format(scope=data.scope, year=data.year, last=data.year - 1),), (_figures(data),), figures_chart),
        Part(h["comparison"], tuple(_comparison(data)), ()),
        Part(h["method"], (s["method"].format(version=data.rating.rubric_version, digest=data.rating.rubric_digest, indicators=len(rubric.active())),), ()),
    )
    today = date.today()
    closing = (issuer or w["issuer"], f"{today.year}年{today.month}月{today.day}日")
    return Page(w["title"].format(scope=data.scope, year=data.year), parts, closing)


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
    """`zfxxgk notice`: write the year's review notice (DOCX, HTML or PDF by the suffix of `output`) for
    the listed agencies (every stored agency when None); returns the rating it was written from."""
    load_rubric(rubric)  # refuse a bad rubric before any work
    with session_on(db) as session:
        rating = rate_session(session, year, agencies, rubric, facts or {})
        totals = aggregate(session, year, None, agencies).totals
        last = aggregate(session, year - 1, None, agencies).totals
    name = scope or ("本辖区" if agencies else "全部单位")
    render_page(build_notice(NoticeData(year, name, rating, totals, last), issuer), output)
    return rating
