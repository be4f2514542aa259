"""The round trip: random but consistent reports, written in every layout published reports come in,
parsed back — every cell identical, template and year detected.

Layouts whose reader is not installed (or whose converter, LibreOffice for PDF, is missing) are
skipped and run as soon as it is. The budget is small and fixed here; `benchmarks/roundtrip.py` runs
many more examples.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from zfxxgk.model import CellKind, CellValue, Severity
from zfxxgk.pipeline import parse_path
from zfxxgk.read import READERS
from zfxxgk.render import blocking_findings, read_workbook, write_workbook
from zfxxgk.read.workbook import DEFAULT_UNIT
from zfxxgk.render.page import cell_text
from zfxxgk.render.sample import LAYOUTS, VARIATIONS, Layout, differences, sample_report, vary
from zfxxgk.templates.totals import totals
from zfxxgk.templates import load, template_ids

SAVED = Path(__file__).parent / "data" / "roundtrip"
# Examples per layout and template: a few seconds each, the PDF ones are a LibreOffice run each.
BUDGET = {"text": 15, "html": 10, "docx": 6, "pdf": 2}
TEXT_LAYOUTS = [layout for layout in LAYOUTS if layout.reader == "text"]


def _settings(examples: int) -> settings:
    """Fixed examples; shrinking (minutes, for a random-driven generator) only outside CI, where a
    failure should be reduced to the smallest document to save under tests/data/roundtrip/."""
    phases = [Phase.explicit, Phase.generate] if os.environ.get("CI") else list(Phase)
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=phases,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example],
    )


def _require(layout: Layout) -> None:
    if reason := layout.unavailable(READERS):
        pytest.skip(reason)


@pytest.mark.parametrize("template_id", template_ids())
@pytest.mark.parametrize("layout", LAYOUTS, ids=[layout.name for layout in LAYOUTS])
def test_every_cell_survives_the_round_trip(layout: Layout, template_id: str) -> None:
    _require(layout)

    @_settings(BUDGET[layout.reader])
    @given(rng=st.randoms(use_true_random=False))
    def round_trip(rng) -> None:
        report = sample_report(rng, template_id)
        with tempfile.TemporaryDirectory() as tmp:
            got = parse_path(layout.render(report, Path(tmp)))
        assert differences(report, got) == []
        assert [f.message for f in got.findings if f.severity is Severity.ERROR] == []

    round_trip()


def _trailing_spaces(text: str, rng: random.Random) -> str:
    """Copied pages keep a space in some cells, empty ones too (`\t `)."""
    return "\n".join(line + (" " if rng.random() < 0.3 else "") for line in text.split("\n"))


def _notes_under_tables(text: str, rng: random.Random) -> str:
    """A note with dates under the tables (`注：…2023年1月1日至12月31日…`), before sections 三, 四 and 五."""
    lines = text.split("\n")
    note = f"注：本表数据统计时间为{rng.randint(2019, 2025)}年1月1日至12月31日，单位：件。"
    for i in sorted((i for i, line in enumerate(lines) if line[:2] in ("三、", "四、", "五、")), reverse=True):
        lines[i:i] = ["", note, ""]
    return "\n".join(lines)


def _page_break_in_table(text: str, rng: random.Random) -> str:
    """A page number and the repeated header row of 表三 between two of its rows."""
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if "属于国家秘密" in line or "本机关不掌握" in line or "重复申请" in line]
    header = [line for line in lines if "商业企业" in line and "科研机构" in line][:1]
    if not rows:
        return text
    i = rng.choice(rows)
    return "\n".join([*lines[:i], "", f"- {rng.randint(2, 9)} -", "", *header, *lines[i:]])


def _merged_labels_repeated(text: str, rng: random.Random) -> str:
    """Converters copy a merged label into every row it spans (`三、本年度办理结果⇥（六）其他处理⇥3.其他⇥…`)."""
    out, above = [], ["", ""]
    for line in text.split("\n"):
        cells = line.split("\t")
        if len(cells) > 4 and any("\u4e00" <= ch <= "\u9fff" for ch in cells[2]):  # a row whose third cell is a label
            above = [cells[i] if cells[i].strip() else above[i] for i in (0, 1)]
            cells[0:2] = above
        out.append("\t".join(cells))
    return "\n".join(out)


PAGE_NOISE = {
    "trailing-spaces": _trailing_spaces,
    "notes": _notes_under_tables,
    "page-break": _page_break_in_table,
}


@pytest.mark.parametrize("noise", PAGE_NOISE)
@pytest.mark.parametrize("layout", TEXT_LAYOUTS, ids=[layout.name for layout in TEXT_LAYOUTS])
def test_text_layouts_survive_what_copied_pages_add(layout: Layout, noise: str) -> None:
    """What copying a web page or a converter adds around the tables changes no cell."""

    @_settings(BUDGET["text"] // 3)
    @given(rng=st.randoms(use_true_random=False), template_id=st.sampled_from(template_ids()))
    def round_trip(rng, template_id: str) -> None:
        report = sample_report(rng, template_id)
        with tempfile.TemporaryDirectory() as tmp:
            path = layout.render(report, Path(tmp))
            path.write_text(PAGE_NOISE[noise](path.read_text("utf-8"), rng), "utf-8")
            got = parse_path(path)
        assert differences(report, got) == []

    round_trip()


@pytest.mark.parametrize("seed", range(8, 16))
@pytest.mark.parametrize("layout", [layout for layout in TEXT_LAYOUTS if layout.name.startswith("tabs")], ids=lambda layout: layout.name)
def test_merged_labels_copied_into_every_row_change_no_cell(layout: Layout, seed: int, tmp_path: Path) -> None:
    """`三、本年度办理结果⇥（六）其他处理⇥3.其他`: the short label `其他` is found after the longer one that
    holds it (seed 11 read row 3.其他's values into the row above)."""
    report = sample_report(random.Random(seed), "2021")
    path = layout.render(report, tmp_path)
    path.write_text(_merged_labels_repeated(path.read_text("utf-8"), random.Random(seed)), "utf-8")
    assert differences(report, parse_path(path)) == []


ABRIDGED = {
    "（区分处理的，只计这一情形，不计其他情形）": "",
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": "申请人无正当理由逾期不补正",
    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": "申请人逾期未按收费通知要求缴纳费用",
    "要求行政机关确认或重新出具已获取信息": "要求确认或重新出具已获取信息",
}


@pytest.mark.parametrize("seed", [1, 6, 7])
@pytest.mark.parametrize("layout", [layout for layout in TEXT_LAYOUTS if "wrapped" not in layout.name], ids=lambda layout: layout.name)
def test_labels_printed_with_words_left_out_change_no_cell(layout: Layout, seed: int, tmp_path: Path) -> None:
    """Agencies shorten the long labels (`5.要求确认或重新出具已获取信息`); fuzzy matching alone lost that row."""
    report = sample_report(random.Random(seed), "2021")
    path = layout.render(report, tmp_path)
    text = path.read_text("utf-8")
    for long, short in ABRIDGED.items():
        text = text.replace(long, short)
    path.write_text(text, "utf-8")
    assert differences(report, parse_path(path)) == []


@pytest.mark.parametrize("seed", range(400, 410))
def test_rows_whose_empty_cells_were_dropped_keep_their_numbers(seed: int, tmp_path: Path) -> None:
    """A dump of the page's text drops empty cells without a trace (`0 0 0 0 12 12` for seven cells).
    The rules place what is left: every number lands in its cell (a dropped blank among zeros may be
    taken for any of them: blank and 0 count alike), never split to fill the row (`12` → `1 | 2`)."""
    layout = next(layout for layout in TEXT_LAYOUTS if layout.name == "tabs")
    report = sample_report(random.Random(seed), "2021" if seed % 2 else "2019")
    path = layout.render(report, tmp_path)
    lines = [" ".join(c for c in line.split("\t") if c.strip()) for line in path.read_text("utf-8").splitlines()]
    path.write_text("\n".join(lines), "utf-8")
    got = parse_path(path)
    number = lambda v: 0 if v is None else v
    assert {c: number(v) for c, v in got.values().items()} == {c: number(v) for c, v in report.values().items()}


@_settings(20)
@given(rng=st.randoms(use_true_random=False), template_id=st.sampled_from(template_ids()))
def test_samples_pass_every_check(rng, template_id: str) -> None:
    report = sample_report(rng, template_id)
    assert report.meta.template == template_id
    assert blocking_findings(report) == []


@_settings(8)
@given(rng=st.randoms(use_true_random=False), template_id=st.sampled_from(template_ids()))
def test_a_filled_workbook_reads_back_as_written(rng, template_id: str) -> None:
    report = sample_report(rng, template_id, units=(DEFAULT_UNIT,))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "填报表.xlsx"
        write_workbook(load(template_id), path, report=report)
        got = read_workbook(path)
    for cid in totals(load(template_id)):  # a formula shows 0 where the report printed a blank total
        if report.cells[cid].value is None:
            report.cells[cid] = CellValue(0, CellKind.ZERO)
    assert differences(report, got) == []
    assert (got.meta.agency, got.meta.published, got.narrative) == (
        report.meta.agency,
        report.meta.published,
        report.narrative,
    )


def _saved_cases() -> list:
    cases = []
    for case in sorted(SAVED.glob("*.json")):
        expected = json.loads(case.read_text("utf-8"))
        marks = [pytest.mark.xfail(strict=True, reason=expected["xfail"])] if expected.get("xfail") else []
        cases.append(pytest.param(expected, marks=marks, id=case.stem))
    return cases


@pytest.mark.parametrize("expected", _saved_cases())
def test_saved_documents_read_as_written(expected: dict) -> None:
    """The smallest documents the round trip found misread, with what they print."""
    got = parse_path(SAVED / expected["document"])
    assert (got.meta.template, got.meta.year) == (expected["template"], expected["year"])
    assert {cid: got.cells[cid].value for cid in expected["cells"]} == expected["cells"]


# Every variation alone, and combined, in the layouts pages are saved in.
VARIED_LAYOUTS = [layout for layout in LAYOUTS if layout.name in ("tabs", "pipes", "cells", "html", "docx", "html-printed")]
COMBINED = [(name,) for name in VARIATIONS] + [tuple(VARIATIONS)]
# Text and HTML layouts where the combined variations misread one report's template (open defect, see README).
KNOWN_COMBINED_MISREAD = ("tabs", "pipes", "cells", "html")


@pytest.mark.parametrize("names", COMBINED, ids=lambda names: "+".join(names))
@pytest.mark.parametrize("layout", VARIED_LAYOUTS, ids=lambda layout: layout.name)
def test_pages_printed_the_ways_agencies_print_them_read_as_printed(layout: Layout, names: tuple[str, ...]) -> None:
    """What is printed is read, what is left out is MISSING and reported, nothing else changes; the
    agency and the publishing date are found wherever the page prints them."""
    _require(layout)
    if "cms-page" in names and not layout.keeps_chrome:
        pytest.skip(f"{layout.suffix} files have no page chrome")
    if len(names) == len(VARIATIONS) and layout.name in KNOWN_COMBINED_MISREAD:
        pytest.xfail("known defect: with every variation at once, one generated 2019 report is read as 2021 (template detection)")

    @_settings(max(1, BUDGET[layout.reader] // 2))
    @given(rng=st.randoms(use_true_random=False), template_id=st.sampled_from(template_ids()))
    def round_trip(rng, template_id: str) -> None:
        report = sample_report(rng, template_id)
        printed = vary(rng, report, names)
        with tempfile.TemporaryDirectory() as tmp:
            got = parse_path(layout.render(report, Path(tmp), printed))
        expected = printed.report
        assert differences(expected, got) == []
        assert (got.meta.agency, got.meta.published) == (expected.meta.agency, expected.meta.published)
        assert [f.message for f in got.findings if f.severity is Severity.ERROR] == []
        missing = {c for c, v in expected.cells.items() if v.kind is CellKind.MISSING}
        reported = {c for f in got.findings if f.rule == "cells.missing" for c in f.cells}
        assert missing <= reported
        assert printed.findings <= {f.rule for f in got.findings}

    round_trip()


@pytest.mark.parametrize("seed", range(3))
def test_rows_without_labels_the_shape_does_not_place_stay_unplaced(seed: int, tmp_path: Path) -> None:
    """A blank label and, below it, a row left out: one value row for two rows. The values are kept out
    of every cell and reported, never added to the row above."""
    layout = next(layout for layout in TEXT_LAYOUTS if layout.name == "tabs")
    report = sample_report(random.Random(seed), "2021")
    path = layout.render(report, tmp_path)
    lines = [line for line in path.read_text("utf-8").splitlines() if "危及“三安全一稳定”" not in line]
    path.write_text("\n".join(lines).replace("2.其他法律行政法规禁止公开", ""), "utf-8")
    got = parse_path(path)
    row = "requests.denied.state_secret."
    assert {c: v for c, v in got.values().items() if c.startswith(row)} == {c: v for c, v in report.values().items() if c.startswith(row)}
    assert {got.cells[f"requests.denied.{r}.total"].kind for r in ("law_prohibited", "three_safety")} == {CellKind.MISSING}
    [unplaced] = got.unplaced
    assert unplaced.kind == "unlabelled"
    printed = [cell_text(c, False) for cid, c in report.cells.items() if cid.startswith("requests.denied.law_prohibited.")]
    assert unplaced.values == [text for text in printed if text]
    assert "tables.unlabelled_values" in {f.rule for f in got.findings}


@pytest.mark.parametrize("seed", range(4))
def test_a_word_in_its_own_cell_is_kept_as_printed(seed: int, tmp_path: Path) -> None:
    """`| 0 | 增 | 25 |`: the change is the word, with no number; 25 stays the decisions."""
    layout = next(layout for layout in LAYOUTS if layout.name == "html")
    report = sample_report(random.Random(seed), "2019")
    printed = vary(random.Random(seed), report, ("word-cells",))
    got = parse_path(layout.render(report, tmp_path, printed))
    words = {c: v.raw for c, v in printed.report.cells.items() if v.kind is CellKind.NA and v.raw}
    assert words
    assert {c: (got.cells[c].kind, got.cells[c].raw) for c in words} == {c: (CellKind.NA, w) for c, w in words.items()}
