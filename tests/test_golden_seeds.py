"""Every seed against its hand-checked gold: every cell and the meta, exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from zfxxgk.pipeline import parse_path

from refdata import same_agency, same_value, seed_pairs

PAIRS = seed_pairs()


@pytest.mark.parametrize(("path", "gold"), PAIRS, ids=[p.stem[:3] for p, _ in PAIRS])
def test_seed_cells_and_meta(path: Path, gold: dict) -> None:
    report = parse_path(path)
    values = report.values()
    wrong = {k: (v, values.get(k, "ABSENT")) for k, v in gold["cells"].items() if not same_value(v, values.get(k))}
    assert wrong == {}
    assert report.meta.year == gold["meta"]["year"]
    assert report.meta.template == gold["meta"]["template"]
    assert same_agency(gold["meta"]["agency"], report.meta.agency)


@pytest.mark.parametrize(("path", "gold"), PAIRS, ids=[p.stem[:3] for p, _ in PAIRS])
def test_consistent_seeds_have_no_error_findings(path: Path, gold: dict) -> None:
    report = parse_path(path)
    assert [f.message for f in report.findings if f.severity.value == "error"] == []


def test_every_value_has_provenance_pointing_at_its_line() -> None:
    path, _ = next(p for p in PAIRS if p[0].stem.startswith("001"))
    report = parse_path(path)
    lines = path.read_text("utf-8").splitlines()
    cell = report.cells["requests.new.natural"]
    assert cell.provenance is not None and cell.provenance.line is not None
    assert "48" in lines[cell.provenance.line - 1]


def test_units_printed_in_cells_are_stripped_into_units() -> None:
    path, _ = next(p for p in PAIRS if p[0].stem.startswith("001"))
    data = parse_path(path).to_json()
    assert data["cells"]["active.procurement.items"] == 22
    assert data["units"]["active.procurement.items"] == "个"
    assert data["units"]["active.procurement.amount"] == "万元"


def test_narrative_keeps_the_preamble_and_drops_tables_and_signature() -> None:
    path, _ = next(p for p in PAIRS if p[0].stem.startswith("000"))
    narrative = parse_path(path).narrative
    assert "统计时限为 2020 年 1 月 1 日" in narrative["intro"]
    assert narrative["other"] == "无。"
    assert "active" not in narrative and "requests" not in narrative


@pytest.mark.parametrize(("path", "gold"), PAIRS, ids=[p.stem[:3] for p, _ in PAIRS])
def test_a_page_copied_with_its_menu_and_breadcrumb_keeps_its_meta(path: Path, gold: dict, tmp_path: Path) -> None:
    """Text copied from the whole web page starts with the site's menu and 当前位置 path, which name
    the column (`年度报告`) and look like a title; the report's own title still gives the agency."""
    copied = tmp_path / path.name
    chrome = "首页 政务公开 互动交流 办事服务\n当前位置：首页 > 政府信息公开 > 年度报告\n"
    copied.write_text(chrome + path.read_text("utf-8"), "utf-8")
    report = parse_path(copied)
    assert same_agency(gold["meta"]["agency"], report.meta.agency), report.meta.agency
    assert report.meta.year == gold["meta"]["year"] and report.values() == parse_path(path).values()
