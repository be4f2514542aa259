"""Random but consistent reports, and the layouts real reports are printed in: the round trip's inputs.

`sample_report` draws every input cell of a template from a `random.Random` (mostly zeros, some large
numbers, occasional blanks and dashes), computes the totals and solves the balance rules, so every
arithmetic rule of the template holds. Every draw is arranged so that a draw of 0 gives the plainest
report: with Hypothesis' `st.randoms()` a failing example shrinks towards all zeros and no blanks.

`LAYOUTS` writes a report the ways published reports come: DOCX, HTML with rowspan/colspan, tab and
pipe text, one cell per line, labels broken over lines, traditional characters, PDF.
"""

from __future__ import annotations

import copy
import random
import re
import shutil
import subprocess
from collections.abc import Callable, Container
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from html import escape
from pathlib import Path

import opencc

from ..model import CellKind, CellValue, Meta, Report, Source
from ..templates import Column, Template, counterpart, for_year, load
from ..templates.layout import Cell, Grid, grids
from ..templates.rules import equations
from ..templates.totals import fill_totals, totals
from . import render_page
from .page import Page, build_page, cell_text, title
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


def _narrative(rng: random.Random, agency: str, year: int, requests: Number | None) -> dict[str, str]:
    overview = [
        f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。",
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
        narrative=_narrative(rng, agency, year, cells.get("requests.new.total", CellValue(None, CellKind.EMPTY)).value),
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
    browser_print: bool = False  # written as a web page, then printed to PDF by Chromium

    @property
    def keeps_chrome(self) -> bool:
        """Whether the page's CMS chrome ends up in the file (a DOCX has none)."""
        return self.browser_print or self.suffix in CHROME_SUFFIXES

    def unavailable(self, readers: Container[str]) -> str | None:
        """Why this layout cannot be round-tripped here (no reader for it in `readers`, a command
        missing), or None."""
        if self.reader not in readers:
            return f"no {self.reader} reader registered"
        missing = [c for c in self.needs if shutil.which(c) is None]
        return f"{', '.join(missing)} not installed" if missing else None

    def render(self, report: Report, directory: Path, printed: Printed | None = None) -> Path:
        """The report written in this layout; `printed` is the report as printed with variations."""
        page = self.variant(printed.page if printed else build_page(report))
        path = directory / f"{self.name}{self.suffix}"
        source = path.with_suffix(".html") if self.browser_print else path
        (self.write or render_page)(page, source)
        if printed and printed.chrome and source.suffix in CHROME_SUFFIXES:
            source.write_text(with_chrome(source.read_text("utf-8"), source.suffix, printed.chrome), "utf-8")
        if self.browser_print:
            print_page(source, path)
        return path


BROWSER_SECONDS = 120


def print_page(page: Path, pdf: Path) -> None:
    """A web page printed to PDF as a reader's browser prints it: Chromium, with its running header
    (the page's <title> and the date) and footer (the address and page numbers)."""
    browser = shutil.which("chromium") or "chromium"
    args = [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}", page.as_uri()]
    subprocess.run(args, capture_output=True, timeout=BROWSER_SECONDS, check=True)


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
    Layout("html-printed", "pdf", ".pdf", needs=("chromium",), browser_print=True),
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


# ---------------------------------------------------------------- variations real pages print
# Each variation takes a report as printed and returns it as some agencies print it, with the report a
# reader must find there (cells left out become MISSING, …).


@dataclass(frozen=True, slots=True)
class Printed:
    """A page as printed, the report a reader must find in it, and the page's chrome: the lines a CMS
    prints around the report (the first is the HTML <title>; a text copy keeps the others above it)."""

    report: Report
    page: Page
    chrome: tuple[str, ...] = ()
    findings: frozenset[str] = frozenset()  # rules a reader must report on this page


def _without_grid_rows(grid: Grid, drop: set[int]) -> Grid:
    """The grid with rows `drop` left out: spans over them shrink, rows below move up."""
    cells: list[Cell] = []
    for cell in grid.cells:
        if cell.row in drop:
            continue
        covered = sum(1 for r in drop if cell.row < r < cell.row + cell.rowspan)
        above = sum(1 for r in drop if r < cell.row)
        cells.append(replace(cell, row=cell.row - above, rowspan=cell.rowspan - covered))
    return replace(grid, height=grid.height - len(drop), cells=tuple(cells))


def _rows_of(grid: Grid, prefix: str) -> set[int]:
    """The grid rows holding cells whose id starts with `prefix` (one template row, or a group's rows)."""
    return {c.row for c in grid.data() if c.cell_id.startswith(prefix)}


def _map_grids(page: Page, table: str, fn: Callable[[Grid], Grid]) -> Page:
    parts = tuple(replace(p, grids=tuple(fn(g) if g.table == table else g for g in p.grids)) for p in page.parts)
    return replace(page, parts=parts)


def _missing(report: Report, prefixes: list[str]) -> Report:
    out = copy.deepcopy(report)
    for cid in out.cells:
        if cid.startswith(tuple(prefixes)):
            out.cells[cid] = CellValue(None, CellKind.MISSING)
    return out


def _group_rows(grid: Grid, keep: Callable[[int], bool]) -> tuple[set[int], list[str]]:
    """The grid rows of 表二's groups that `keep` rejects (clause line and headers included: a group
    starts at its clause line, which spans the table), and the row prefixes of their cells."""
    starts = sorted(c.row for c in grid.cells if c.col == 0 and c.colspan == grid.width and not c.cell_id)
    drop: set[int] = set()
    for index, (top, bottom) in enumerate(zip(starts, [*starts[1:], grid.height])):
        if not keep(index):
            drop |= set(range(top, bottom))
    prefixes = sorted({c.cell_id.rsplit(".", 1)[0] + "." for c in grid.data() if c.row in drop})
    return drop, prefixes


def rows_left_out(rng: random.Random, printed: Printed) -> Printed:
    """表二 printed without some rows (a department without rule-making power deletes 规章) or groups
    (those that do not concern the agency), or with only one group (第二十条第（九）项)."""
    report, page = printed.report, printed.page
    template = load(report.meta.template or "")
    table = template.tables["active"]
    grid = next(g for p in page.parts for g in p.grids if g.table == "active")
    how = rng.choice(("rules", "groups", "one group"))
    if how == "rules":
        drop, prefixes = _rows_of(grid, "active.rules."), ["active.rules."]
    else:
        n = len(table.groups)
        kept = {rng.randrange(n)} if how == "one group" else set(rng.sample(range(n), rng.randint(1, n - 1)))
        drop, prefixes = _group_rows(grid, kept.__contains__)
    page = _map_grids(page, "active", lambda g: _without_grid_rows(g, drop))
    other_columns = any(c.cell_id not in template.cells for p in page.parts for g in p.grids for c in g.data())
    findings = printed.findings if other_columns else printed.findings - {"template.outdated_columns"}
    return Printed(_missing(report, prefixes), page, printed.chrome, findings)


CHANGE_WORDS = ("增", "减", "持平")


def word_cells(rng: random.Random, printed: Printed) -> Printed:
    """The 2019 format's 本年增/减 printed as a word in its own cell (`| 0 | 增 | 25 |`): a change without a
    number, beside the numbers of its row."""
    changes = [
        cid
        for cid, cell in printed.report.cells.items()
        if cid.startswith("active.") and cid.endswith(".change") and cell.kind is not CellKind.MISSING
    ]
    if not changes:
        return printed
    chosen = {cid: rng.choice(CHANGE_WORDS) for cid in rng.sample(changes, rng.randint(1, len(changes)))}
    expected = copy.deepcopy(printed.report)
    for cid, word in chosen.items():
        expected.cells[cid] = CellValue(None, CellKind.NA, raw=word)

    def words(grid: Grid) -> Grid:
        return replace(grid, cells=tuple(replace(c, text=chosen[c.cell_id]) if c.cell_id in chosen else c for c in grid.cells))

    return replace(printed, report=expected, page=_map_grids(printed.page, "active", words))


def _year_title(report: Report) -> str:
    return f"{report.meta.year}年度政府信息公开工作年度报告"


def _opening(page: Page, sentence: str) -> Page:
    first, *others = page.parts
    return replace(page, parts=(replace(first, paragraphs=(sentence, *first.paragraphs[1:])), *others))


def _agency_named(rng: random.Random, report: Report) -> tuple[str, tuple[str, ...]]:
    """One way a page names its agency outside a title, and the signature it prints."""
    agency, year = report.meta.agency, report.meta.year
    date_line = _closing_date(report)
    forms = {
        "opening": (f"{year}年，在上级的正确领导下，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》。", date_line),
        "publish": (f"根据《中华人民共和国政府信息公开条例》，现向社会公布{year}年{agency}政府信息公开工作年度报告。", date_line),
        "compile": (f"根据《中华人民共和国政府信息公开条例》，{agency}特编制{year}年政府信息公开年度报告。", date_line),
        "signature": (f"{year}年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。", (agency, *date_line)),
    }
    return forms[rng.choice(sorted(forms))]


def _closing_date(report: Report) -> tuple[str, ...]:
    day = date.fromisoformat(report.meta.published or "")
    return (f"{day.year}年{day.month}月{day.day}日",)


def agency_outside_title(rng: random.Random, printed: Printed) -> Printed:
    """The title names no agency (`2021年度政府信息公开工作年度报告`, or `关于…` under a line of its own
    holding the name); the name is in the opening sentence or only in the signature."""
    report, page = printed.report, printed.page
    if rng.random() < 0.25:
        return replace(printed, page=replace(page, title=f"{report.meta.agency}\n关于{_year_title(report)}"))
    sentence, closing = _agency_named(rng, report)
    return replace(printed, page=replace(_opening(page, sentence), title=_year_title(report), closing=closing))


def cms_page(rng: random.Random, printed: Printed) -> Printed:
    """A CMS page: the title only in the page's <title> and header, 发布时间 and 来源 above the report, no
    date (and sometimes no name) under it."""
    report, page = printed.report, printed.page
    site = f"{report.meta.agency[:3]}人民政府门户网站"
    chrome = (
        f"{page.title.replace(chr(10), '')}_{site}",
        f"{site} 首页 政务公开 互动交流",
        "当前位置：首页 > 政府信息公开 > 政府信息公开年报",
        f"发布时间：{report.meta.published} 10:{rng.randint(10, 59)} 来源：{report.meta.agency} 浏览次数：{rng.randint(1, 999)}",
    )
    closing = () if rng.random() < 0.5 else page.closing[:-1]
    return replace(printed, page=replace(page, title="", closing=closing), chrome=chrome)


def _blank_labels(grid: Grid, labels: set[str]) -> Grid:
    return replace(grid, cells=tuple(replace(c, text="") if not c.cell_id and c.text in labels else c for c in grid.cells))


def _printed_row(report: Report, prefix: str) -> bool:
    return any(c.kind is not CellKind.MISSING for cid, c in report.cells.items() if cid.startswith(prefix))


def blank_labels(rng: random.Random, printed: Printed) -> Printed:
    """Row labels printed blank, values present: one row of 表二 or 表三 between labelled rows or under
    the header (the first data row standing where its label should be), or 表三's eight 不予公开 sub-rows
    under their heading; 表二's clause headers cut to `第二十条第`."""
    template = load(printed.report.meta.template or "")
    how = rng.choice(("one row", "不予公开", "clauses"))
    if how == "clauses":
        clauses = {g.clause for g in template.tables["active"].groups if g.clause}
        page = _map_grids(printed.page, "active", lambda g: replace(g, cells=tuple(replace(c, text="第二十条第") if c.text in clauses else c for c in g.cells)))
        return replace(printed, page=page)
    if how == "不予公开":
        labels = {r.label for r, _ in template.tables["requests"].rows() if r.id.startswith("denied.")}
        return replace(printed, page=_map_grids(printed.page, "requests", lambda g: _blank_labels(g, labels)))
    table = rng.choice(("active", "requests"))
    rows = [r for r, _ in template.tables[table].rows()]
    printed_rows = [_printed_row(printed.report, f"{table}.{r.id}.") for r in rows]
    between = [r for i, r in enumerate(rows[:-1]) if all(printed_rows[max(0, i - 1) : i + 2])]
    if not between:  # a label is read by position only between printed rows
        return printed
    row = rng.choice(between)
    return replace(printed, page=_map_grids(printed.page, table, lambda g: _blank_labels(g, {row.label})))


def other_format_columns(rng: random.Random, printed: Printed) -> Printed:
    """Groups of 表二 printed with the other format's columns (a 2021 report's 第二十条第（一）项 with the
    2019 columns beside the 2021 收费 column): the equivalent columns keep this format's values, the
    others print values of their own that no cell of this format holds (MISSING here)."""
    report = printed.report
    template = load(report.meta.template or "")
    if not template.equivalents:
        return printed
    eq = template.equivalents[0]
    other = load(eq.template).tables[eq.table]
    table = template.tables[eq.table]
    pairs = [(i, g, counterpart(g, other)) for i, g in enumerate(table.groups)]
    pairs = [(i, g, o) for i, g, o in pairs if o is not None]
    if not pairs:
        return printed
    chosen = rng.sample(pairs, rng.randint(1, len(pairs)))
    groups = list(table.groups)
    expected = copy.deepcopy(report)
    texts: dict[str, str] = {}
    mapped = {v: k for k, v in eq.columns.items()}
    for i, group, theirs in chosen:
        groups[i] = theirs
        for row in group.rows:
            for column in group.columns:
                cid = f"{table.id}.{row.id}.{column.id}"
                if column.id not in mapped or row.id not in {r.id for r in theirs.rows}:
                    expected.cells[cid] = CellValue(None, CellKind.MISSING)
        for row in theirs.rows:
            for column in theirs.columns:
                own = f"{table.id}.{row.id}.{eq.columns.get(column.id, '')}"
                value = report.cells[own] if own in report.cells else CellValue(_draw(rng, column), CellKind.NUMBER)
                texts[f"{table.id}.{row.id}.{column.id}"] = cell_text(value, column.unit == "printed")
    mixed = replace(template, tables={**template.tables, table.id: replace(table, groups=tuple(groups))})
    grid = next(g for g in grids(mixed) if g.table == table.id)
    own_texts = {c.cell_id: c.text for p in printed.page.parts for g in p.grids if g.table == table.id for c in g.data()}
    filled = grid.with_texts({**own_texts, **texts})  # variations that edit 表二's grid come after this one
    page = _map_grids(printed.page, table.id, lambda g: filled)
    return replace(printed, report=expected, page=page, findings=printed.findings | {"template.outdated_columns"})


VARIATIONS: dict[str, Callable[[random.Random, Printed], Printed]] = {
    "other-format-columns": other_format_columns,
    "rows-left-out": rows_left_out,
    "word-cells": word_cells,
    "agency-outside-title": agency_outside_title,
    "cms-page": cms_page,
    "blank-labels": blank_labels,
}


def vary(rng: random.Random, report: Report, names: tuple[str, ...]) -> Printed:
    """The report printed with the variations `names`, in order, and the report a reader must find."""
    printed = Printed(report, build_page(report))
    for name in names:
        printed = VARIATIONS[name](rng, printed)
    return printed


CHROME_SUFFIXES = (".txt", ".md", ".html")  # the formats a page's chrome is saved with


def with_chrome(text: str, suffix: str, chrome: tuple[str, ...]) -> str:
    """A written page inside its CMS chrome: an HTML page's <title>, header, report container and
    footer; a text copy's lines above the report (the page's title first, as a copied page starts)."""
    if suffix != ".html":
        return "\n".join([*chrome, "", text])
    title, *header = map(escape, chrome)
    top = "".join(f'<div class="top">{line}</div>' for line in header)
    text = re.sub(r"<title>.*?</title>", f"<title>{title}</title>", text, flags=re.S)
    text = re.sub(r"<h1>\s*</h1>", "", text)
    text = text.replace("<body>", f'<body>\n{top}\n<div class="article-content">', 1)
    return text.replace("</body>", '</div>\n<div class="footer">主办单位：人民政府办公室 版权所有</div>\n</body>', 1)
