"""Random but consistent reports, and the layouts real reports are printed in: the round trip's inputs.

`sample_report` draws every input cell of a template from a `random.Random` (mostly zeros, some large
numbers, occasional blanks and dashes), computes the totals and solves the balance rules, so every
arithmetic rule of the template holds. Every draw is arranged so that a draw of 0 gives the plainest
report: with Hypothesis' `st.randoms()` a failing example shrinks towards all zeros and no blanks.

`LAYOUTS` writes a report the ways published reports come: DOCX, HTML with rowspan/colspan, tab and
pipe text, one cell per line, labels broken over lines, traditional characters, PDF.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import opencc

from ..model import CellKind, CellValue, Meta, Report, Source
from ..templates import Column, Template, for_year, load
from ..templates.rules import equations
from ..templates.totals import fill_totals, totals
from . import render_page
from .page import Page, build_page, title
from .text import TableStyle, page_text

AGENCIES = (
    "南京市栖霞区人民政府办公室",
    "海盐县秦山街道办事处",
    "淮安市洪泽区交通运输局",
    "杭州市西湖区市场监督管理局",
    "平潭综合实验区财政金融局",
    "天津市和平区劝业场街道办事处",
    "成都市武侯区卫生健康局",
)
LAST_YEAR = 2025
PRINTED_UNITS = (None, "万元", "元")

Number = int | float


def _count(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.6:
        return 0
    if r < 0.92:
        return rng.randint(1, 30)
    if r < 0.99:
        return rng.randint(31, 2000)
    return rng.randint(2001, 200_000)


def _amount(rng: random.Random) -> Number:
    if rng.random() < 0.5:
        return 0
    value = round(rng.uniform(0, 10 ** rng.randint(1, 7)), rng.randint(0, 4))
    return int(value) if value.is_integer() else value


def _draw(rng: random.Random, column: Column) -> Number:
    if column.value == "amount":
        return _amount(rng)
    value = _count(rng)
    return -value if column.value == "signed" and rng.random() > 0.5 else value


def _solve(template: Template, values: dict[str, Number]) -> None:
    """Make the rules that are not totals hold: a balance's first free cell takes what balances it, a
    deficit is added to its other side; a `not_greater` excess is added to its right side."""
    free = set(template.cells) - set(totals(template))
    for eq in equations(template):
        left, right = eq.sums(values)
        if eq.rule.kind == "not_greater":
            target = next((c for c in eq.right if c in free), None)
            if left > right and target is not None:
                values[target] += left - right
            continue
        if eq.rule.kind != "sum_equal" or len(eq.left) < 2:
            continue
        unknown = next((c for c in eq.left if c in free), None)
        if unknown is None:
            continue
        value = values[unknown] + right - left
        if value < 0:
            target = next(c for c in eq.right if c in free)
            values[target] -= value
            value = 0
        values[unknown] = value
        values.update(fill_totals(template, values))


def _blank_or(rng: random.Random, value: Number, unit: str | None) -> CellValue:
    """A zero is sometimes printed blank or as a dash, which the rules read as 0 as well."""
    r = rng.random()
    if value == 0 and r > 0.97:
        return CellValue(None, CellKind.NA if r > 0.99 else CellKind.EMPTY)
    return CellValue(value, CellKind.ZERO if value == 0 else CellKind.NUMBER, unit=unit if value else None)


def sample_values(rng: random.Random, template: Template, units: tuple[str | None, ...] = PRINTED_UNITS) -> dict[str, CellValue]:
    specs = template.cells
    computed = set(totals(template))
    values: dict[str, Number] = {cid: 0 if cid in computed else _draw(rng, s.column) for cid, s in specs.items()}
    values.update(fill_totals(template, values))
    _solve(template, values)
    values.update(fill_totals(template, values))
    failing = [eq for eq in equations(template) if not eq.holds(values)]
    if failing:
        raise AssertionError(f"sample breaks {failing[0].rule.id} for {failing[0].label}")
    printed = {cid: rng.choice(units) for cid, s in specs.items() if s.column.unit == "printed"}
    return {cid: _blank_or(rng, values[cid], printed.get(cid)) for cid in specs}


def _narrative(rng: random.Random, agency: str, requests: Number | None) -> dict[str, str]:
    overview = [
        f"本年度，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。",
        "进一步加强政府信息公开平台建设，持续做好政策解读和回应关切工作。",
    ]
    if requests:
        overview.append(f"全年共收到政府信息公开申请{requests}件，均在法定期限内答复。")
    out = {
        "overview": "\n".join(overview),
        "problems": "一是信息公开的及时性有待提高；二是政策解读形式较为单一。下一步将加强培训，完善工作机制。",
        "other": "本年度未收取信息处理费。" if rng.random() < 0.8 else "无其他需要报告的事项。",
    }
    if rng.random() > 0.7:
        out["requests"] = "具体情况如下："
    return out


def sample_report(
    rng: random.Random, template_id: str | None = None, units: tuple[str | None, ...] = PRINTED_UNITS
) -> Report:
    """A report whose every arithmetic rule holds, on a year its template applies to; amounts whose
    unit the format leaves open are printed in one of `units`."""
    if template_id is None:
        year = rng.randint(2019, LAST_YEAR)
        template = for_year(year)
    else:
        template = load(template_id)
        first, last = template.years
        year = rng.randint(first, last or LAST_YEAR)
    agency = AGENCIES[rng.randint(0, len(AGENCIES) - 1)]
    cells = sample_values(rng, template, units)
    published = date(year + 1, 1, rng.randint(5, 31)).isoformat()
    meta = Meta(agency=agency, year=year, template=template.id, published=published)
    report = Report(
        source=Source(path="<sample>", sha256="", format="sample"),
        meta=meta,
        cells=cells,
        narrative=_narrative(rng, agency, cells.get("requests.new.total", CellValue(None, CellKind.EMPTY)).value),
        sections=[s.id for s in template.sections],
    )
    meta.title = title(report)
    return report


@cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def traditional(page: Page) -> Page:
    return page.map_text(_s2t().convert)


def wrap_labels(page: Page, width: int = 6) -> Page:
    """Long labels broken over lines as narrow columns print them (`本年新` / `制作数量`)."""

    def wrap(text: str) -> str:
        if len(text) <= width:
            return text
        cut = len(text) // 2
        return f"{text[:cut]}\n{text[cut:]}"

    return page.map_text(wrap, labels_only=True)


def _text(style: TableStyle, markdown: bool = False) -> Callable[[Page, Path], None]:
    def write(page: Page, path: Path) -> None:
        path.write_text(page_text(page, style, markdown), encoding="utf-8")

    return write


@dataclass(frozen=True, slots=True)
class Layout:
    """One way a report is printed; `reader` is the format name a reader must handle to parse it."""

    name: str
    reader: str
    suffix: str
    variant: Callable[[Page], Page] = lambda page: page
    write: Callable[[Page, Path], None] | None = None
    needs: tuple[str, ...] = field(default=())  # commands that must be installed

    def unavailable(self, readers: Container[str]) -> str | None:
        """Why this layout cannot be round-tripped here (no reader for it in `readers`, a command
        missing), or None."""
        if self.reader not in readers:
            return f"no {self.reader} reader registered"
        missing = [c for c in self.needs if shutil.which(c) is None]
        return f"{', '.join(missing)} not installed" if missing else None

    def render(self, report: Report, directory: Path) -> Path:
        page = self.variant(build_page(report))
        path = directory / f"{self.name}{self.suffix}"
        (self.write or render_page)(page, path)
        return path


LAYOUTS: tuple[Layout, ...] = (
    Layout("tabs", "text", ".txt", write=_text(TableStyle.TABS)),
    Layout("pipes", "text", ".md", write=_text(TableStyle.PIPES, markdown=True)),
    Layout("cells", "text", ".txt", write=_text(TableStyle.CELLS)),
    Layout("cells-wrapped", "text", ".txt", wrap_labels, _text(TableStyle.CELLS)),
    Layout("tabs-traditional", "text", ".txt", traditional, _text(TableStyle.TABS)),
    Layout("cells-traditional-wrapped", "text", ".txt", lambda p: traditional(wrap_labels(p)), _text(TableStyle.CELLS)),
    Layout("html", "html", ".html"),
    Layout("html-wrapped-traditional", "html", ".html", lambda p: traditional(wrap_labels(p))),
    Layout("docx", "docx", ".docx"),
    Layout("docx-wrapped", "docx", ".docx", wrap_labels),
    Layout("pdf", "pdf", ".pdf", needs=("soffice",)),
)


def _printed(cell: CellValue | None) -> str:
    if cell is None:
        return "absent"
    if cell.value is None:
        return cell.kind.value
    return f"{cell.value!r}{cell.unit or ''}"


def differences(expected: Report, got: Report) -> list[str]:
    """What a parse changed: template, year, agency (a Markdown title's `#` is not part of it), and every
    cell whose value, number type, unit or (for a cell printed without a number) blank-or-dash differs."""
    if got.meta.template != expected.meta.template:
        return [f"template {got.meta.template} ≠ {expected.meta.template}"]
    out = [] if got.meta.year == expected.meta.year else [f"year {got.meta.year} ≠ {expected.meta.year}"]
    if got.meta.agency != expected.meta.agency:
        out.append(f"agency {got.meta.agency} ≠ {expected.meta.agency}")
    for cid, want in expected.cells.items():
        have = got.cells.get(cid)
        if _printed(have) != _printed(want):
            out.append(f"{cid}: {_printed(have)} ≠ {_printed(want)}")
    return out
