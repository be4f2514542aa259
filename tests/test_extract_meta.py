"""Where a page names its agency, year and publishing date: every source read, ranked, and named in
`meta.provenance`; a fragment (`政府`, `我局`) is never taken for a name."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from zfxxgk.extract.meta import is_name
from zfxxgk.model import Hints
from zfxxgk.pipeline import parse_bytes, parse_path
from zfxxgk.render.sample import LAYOUTS, sample_report

TABS = next(layout for layout in LAYOUTS if layout.name == "tabs")


def _without_agency(tmp_path: Path, seed: int = 5) -> tuple[str, bytes]:
    """A report whose title names no agency, nor does any other line: `关于2021年度…`, no signature."""
    report = sample_report(random.Random(seed), "2021")
    text = TABS.render(report, tmp_path).read_text("utf-8")
    agency = report.meta.agency or ""
    text = text.replace(f"{agency}{report.meta.year}年度", f"关于{report.meta.year}年度", 1).replace(agency, "我局")
    return agency, text.encode()


def test_a_title_without_a_name_gives_no_agency_rather_than_a_fragment(tmp_path: Path) -> None:
    _, data = _without_agency(tmp_path)
    got = parse_bytes(data, "report.txt")
    assert got.meta.agency is None
    assert got.meta.title.startswith("关于")


def test_an_agency_hint_is_used_where_the_document_names_none(tmp_path: Path) -> None:
    agency, data = _without_agency(tmp_path)
    got = parse_bytes(data, "report.txt", hints=Hints(agency=agency, source="站点列表"))
    assert (got.meta.agency, got.meta.provenance["agency"]) == (agency, "站点列表")


def test_a_hint_completes_a_short_name_but_never_replaces_the_documents(tmp_path: Path) -> None:
    report = sample_report(random.Random(3), "2021")
    path = TABS.render(report, tmp_path)
    agency = report.meta.agency or ""
    assert parse_path(path, hints=Hints(agency="某省某市" + agency)).meta.agency == "某省某市" + agency
    assert parse_path(path, hints=Hints(agency="某市教育局")).meta.agency == agency


@pytest.mark.parametrize(
    ("line", "expected", "where"),
    [
        ("在市委市政府的正确领导下，区教育局认真贯彻落实《条例》。", "区教育局", "开头语句"),
        ("现向社会公布2021年某市教育局政府信息公开工作年度报告。", "某市教育局", "开头语句"),
        ("城关街道特编制2023年政府信息公开年度报告。", "城关街道", "开头语句"),
    ],
)
def test_the_opening_sentence_names_the_agency(tmp_path: Path, line: str, expected: str, where: str) -> None:
    _, data = _without_agency(tmp_path)
    text = data.decode().replace("一、总体情况\n", f"一、总体情况\n\n{line}\n", 1)
    got = parse_bytes(text.encode(), "report.txt")
    assert (got.meta.agency, got.meta.provenance["agency"]) == (expected, where)


def test_the_cms_header_gives_agency_and_date_where_the_body_has_none(tmp_path: Path) -> None:
    _, data = _without_agency(tmp_path)
    body = data.decode().rsplit("\n", 3)[0]  # no closing date
    page = (
        "<html><head><title>某市教育局2021年度政府信息公开工作年度报告_某市人民政府</title></head><body>"
        '<div class="head">发布时间：2022-01-25 09:30 来源：某市教育局 浏览次数：12</div>'
        f'<div class="content"><pre>{body}</pre></div></body></html>'
    )
    got = parse_bytes(page.encode(), "page.html")
    assert (got.meta.agency, got.meta.published) == ("某市教育局", "2022-01-25")
    assert got.meta.provenance["published"] == "网页发布时间"


@pytest.mark.parametrize("text", ["政府", "人民政府", "我局", "本机关", "全局", "街道办事处", "关"])
def test_fragments_are_no_names(text: str) -> None:
    assert not is_name(text)


@pytest.mark.parametrize("text", ["区教育局", "平潭综合实验区", "海盐县秦山街道办事处", "城关街道"])
def test_names_are_names(text: str) -> None:
    assert is_name(text)
