"""duplicate.narrative: copied narratives across agencies in a batch and from the same agency's last year."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from check_support import make_report
from refdata import SEEDS, require

from zfxxgk.check import CheckConfig, duplicate
from zfxxgk.check.duplicate import find_duplicates, pairs
from zfxxgk.check.phrases import phrases
from zfxxgk.model import Report, Severity
from zfxxgk.pipeline import parse_bytes, parse_path

RULE = "duplicate.narrative"


def _seed(name: str) -> str:
    return require(SEEDS / name).read_text("utf-8")


def _copied_by_another_agency() -> Report:
    """Seed 000 retold by a town: its names swapped, a few figures and words changed."""
    text = _seed("000_4339039e26702392.txt")
    for old, new in (("海盐县秦山街道办事处", "海盐县澉浦镇人民政府"), ("秦山街道", "澉浦镇"), ("街道", "镇"),
                     ("218", "187"), ("208", "96"), ("海盐核电小镇", "澉浦古镇"), ("错别字", "不规范用语")):
        text = text.replace(old, new)
    return parse_bytes(text.encode("utf-8"), "ganpu.txt")


def _rules(found: list) -> list[tuple[str, str]]:
    return [(f.rule, f.message[:6]) for f in found]


def test_the_five_seeds_copy_nothing_from_each_other() -> None:
    seeds = [parse_path(p) for p in sorted(require(SEEDS).glob("*.txt"))]
    assert find_duplicates(seeds) == [[] for _ in seeds]


def test_a_narrative_copied_with_small_edits_by_another_agency() -> None:
    original = parse_path(require(SEEDS / "000_4339039e26702392.txt"))
    other, copy = parse_path(SEEDS / "003_9e38e5bfa899f112.txt"), _copied_by_another_agency()
    found = find_duplicates([original, other, copy])
    assert found[1] == []
    for mine, theirs in ((found[0], copy), (found[2], original)):
        sections = {f.message.split("“")[1].split("”")[0] for f in mine}
        assert {"总体情况", "存在的主要问题及改进情况"} <= sections
        assert all(f.rule == RULE and f.severity is Severity.WARNING and theirs.meta.agency in f.message for f in mine)


def test_last_years_narrative_reused_is_reported_on_the_later_report_only() -> None:
    text = _seed("003_9e38e5bfa899f112.txt")
    this_year = parse_bytes(text.replace("2020", "2021").replace("2021年，我街道将", "2022年，我街道将").encode(), "2021.txt")
    last_year = parse_path(SEEDS / "003_9e38e5bfa899f112.txt")
    found = find_duplicates([this_year, last_year])
    assert found[1] == [] and found[0]
    assert all("2020年" in f.message for f in found[0])


def test_the_same_report_twice_is_not_a_copy() -> None:
    report = parse_path(require(SEEDS / "001_5cf84db65c3d4743.txt"))
    assert find_duplicates([report, parse_path(SEEDS / "001_5cf84db65c3d4743.txt")]) == [[], []]


def test_shared_boilerplate_alone_is_not_a_copy() -> None:
    boilerplate = (
        "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发"
        "中华人民共和国政府信息公开工作年度报告格式的通知》要求，编制本年度报告。本报告由总体情况、主动公开政府信息情况、"
        "收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项"
        "六部分组成。本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。坚持“公开为常态、不公开为例外”。"
    )
    a_text = boilerplate + "全年围绕营商环境优化审批服务，推动窗口减材料减环节。"
    b_text = boilerplate + "今年聚焦乡村振兴与农田水利建设，公开涉农补贴名单。"
    a = make_report(narrative={"overview": a_text}, agency="甲区财政局")
    b = make_report(narrative={"overview": b_text}, agency="乙区农业农村局")
    assert pairs([a, b]) == []
    assert len(pairs([a, b], replace(phrases().duplicate, boilerplate=()))) == 1  # what the removal prevents


def test_config_switches_it_off_or_relevels_it() -> None:
    reports = [parse_path(require(SEEDS / "000_4339039e26702392.txt")), _copied_by_another_agency()]
    assert find_duplicates(reports, CheckConfig({RULE: "off"})) == [[], []]
    assert {f.severity for fs in find_duplicates(reports, CheckConfig({RULE: "error"})) for f in fs} == {Severity.ERROR}


def test_pairs_are_found_without_comparing_all_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """2,000 distinct narratives and one planted copy: LSH hands over a handful of candidates, not 2 million pairs."""
    rng = random.Random(5)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    reports = [
        make_report(narrative={"problems": "".join(rng.choice(alphabet) for _ in range(300))}, agency=f"第{i}局", path=f"{i}.txt")
        for i in range(2000)
    ]
    copy = reports[17].narrative["problems"]
    reports.append(make_report(narrative={"problems": copy[:150] + "略有改动" + copy[150:]}, agency="抄袭局", path="copy.txt"))
    candidates: list[tuple[Report, Report]] = []
    related = duplicate._related
    monkeypatch.setattr(duplicate, "_related", lambda *args: candidates.append(args[:2]) or related(*args))
    found = pairs(reports)
    assert [(p.a, p.b) for p in found] == [(17, 2000)]
    assert 1 <= len(candidates) < 100
