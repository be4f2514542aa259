"""narrative.number_mismatch: numbers in the text against the tables, precision first."""

from __future__ import annotations

import pytest
from check_support import balanced, findings, make_report

from zfxxgk.check.narrative import statements
from zfxxgk.model import Severity

RULE = "narrative.number_mismatch"


def _mismatches(text: str, values: dict, section: str = "overview", **kw: object) -> list:
    return findings(make_report(values=values, narrative={section: text}, **kw), RULE)


@pytest.mark.parametrize(
    "text",
    [
        "2021年，我局共收到政府信息公开申请52件，均已按期答复。",
        "全年受理依申请公开52件。",
        "本年度共收到52件申请，办结52件。",
        "2021年，我局收到政府信息公开申请五十二件。",
        "全年收到政府信息公开申请 52\n件，上年结转政府信息公开申请 0 件。",
    ],
)
def test_received_stated_as_in_the_table_is_quiet(text: str) -> None:
    assert _mismatches(text, balanced(new=52)) == []


@pytest.mark.parametrize(
    "text, stated",
    [
        ("2021年，我局共收到政府信息公开申请53件，均已按期答复。", 53),
        ("全年受理依申请公开50件。", 50),
        ("2021年，我局收到政府信息公开申请五十件。", 50),
    ],
)
def test_received_differing_from_the_table_is_an_error_quoting_the_sentence(text: str, stated: int) -> None:
    [f] = _mismatches(text, balanced(new=52))
    assert (f.severity, f.actual, f.expected) == (Severity.ERROR, stated, 52)
    assert "requests.new.total" in f.cells
    assert any("申请" in p.text and p.line is None for p in f.provenance)


def test_received_may_count_the_carried_in_applications_too() -> None:
    """'收到申请75件' for 74 new + 1 carried in (平潭 2022): either reading passes, neither fails."""
    values = balanced(new=74, carried_in=1)
    assert _mismatches("2022年，全区收到政府信息公开申请75件。", values, agency="平潭综合实验区") == []
    assert _mismatches("2022年，收到政府信息公开申请74件。", values) == []
    [f] = _mismatches("2022年，收到政府信息公开申请76件。", values)
    assert f.expected == [74, 75]


def test_none_received_is_zero() -> None:
    assert _mismatches("2021年，我街道未收到政府信息公开申请。", balanced(new=0)) == []
    [f] = _mismatches("2021年，我街道未收到政府信息公开申请。", balanced(new=3))
    assert f.actual == 0


def test_an_applicant_not_sending_a_correction_is_not_a_zero_count() -> None:
    text = "我局收到政府信息公开申请1件，作出补正告知，目前未收到该申请人提交的补正，结转下年度办理。"
    assert _mismatches(text, balanced(new=1, carried_out=1)) == []


def test_outcomes_and_carry_over_are_compared_row_by_row() -> None:
    values = balanced(new=10, carried_in=2, granted=6, carried_out=1)
    good = "共受理申请10件，办结11件（含上年结转2件），其中予以公开6件，无法提供5件，1件结转下年度继续办理。"
    assert _mismatches(good, values) == []
    bad = "其中予以公开7件，无法提供5件，转下一年度办理答复的有2件。"
    assert {(f.actual, f.expected) for f in _mismatches(bad, values)} == {(7, 6), (2, 1)}


def test_granted_and_partial_together_are_one_quantity() -> None:
    values = {**balanced(new=10, granted=6), "requests.partial.natural": 2, "requests.partial.total": 2,
              "requests.unavailable.not_held.natural": 2, "requests.unavailable.not_held.total": 2}
    assert _mismatches("其中，予以公开及部分公开8件（80%）。", values) == []
    [f] = _mismatches("其中，予以公开及部分公开9件。", values)
    assert f.expected == 8 and "requests.partial.total" in f.cells


def test_changes_and_other_fees_are_not_counts_of_the_table() -> None:
    values = balanced(new=52)
    assert _mismatches("收到政府信息公开申请同比增加5件。", values) == []
    assert _mismatches("2021年，收到行政复议申请3件。", values) == []
    assert _mismatches("2021年，无收取信息处理费情况。", {**values, "active.fees.amount": 12.5}) == []


def test_a_departments_text_about_the_whole_district_is_not_its_table() -> None:
    text = "全区各单位共收到政府信息公开申请300件。"
    assert _mismatches(text, balanced(new=5)) == []
    assert len(_mismatches(text, balanced(new=5), agency="某某区人民政府")) == 1


def test_appeals_and_their_zero_phrasings() -> None:
    values = {"appeals.review.upheld": 2, "appeals.review.total": 2,
              "appeals.suit_direct.pending": 1, "appeals.suit_direct.total": 1}
    text = "2021年，政府信息公开工作方面共有行政诉讼案件1件、行政复议案件2件，均已结案。"
    assert _mismatches(text, values) == []
    [f] = _mismatches("因依申请公开引发行政复议3起、行政诉讼1起。", values)
    assert (f.actual, f.expected) == (3, 2)
    none = "没有因政府信息公开申请行政复议或行政诉讼的事项。"
    assert {f.expected for f in _mismatches(none, values)} == {2, 1}
    lost = "未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。"
    assert _mismatches(lost, values) == []


def test_documents_and_decisions() -> None:
    values = {"active.normative_docs.issued": 88, "active.normative_docs.repealed": 55,
              "active.normative_docs.in_force": 698, "active.licensing.decisions": 3}
    text = "集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。作出行政许可决定3件。"
    assert _mismatches(text, values, section="active") == []
    [f] = _mismatches("我局制定规范性文件5件。", values, section="active")
    assert (f.actual, f.expected) == (5, 88)
    assert _mismatches("主动公开规范性文件类信息5条。", values, section="active") == []


def test_fees_in_ten_thousand_yuan_allow_the_printed_decimals() -> None:
    values = {"active.fees.amount": 712.187895}
    assert _mismatches("全年行政事业性收费712.19万元。", values, section="active") == []
    [f] = _mismatches("全年行政事业性收费713万元。", values, section="active")
    assert f.cells == ["active.fees.amount"]


def test_statements_on_the_2019_template_use_its_columns() -> None:
    report = make_report("2019", {"active.normative_docs.made": 4}, {"active": "本年制定规范性文件4件。"}, year=2020)
    [s] = statements(report)
    assert s.quantity.id == "normative_issued"
    assert findings(report, RULE) == []


def test_switched_off_or_relevelled_by_config() -> None:
    from zfxxgk.check import CheckConfig

    report = make_report(values=balanced(new=52), narrative={"overview": "共收到政府信息公开申请53件。"})
    assert findings(report, RULE, CheckConfig({RULE: "off"})) == []
    [f] = findings(report, RULE, CheckConfig({RULE: "warning"}))
    assert f.severity is Severity.WARNING


def test_answers_counted_only_in_a_sentence_about_applications() -> None:
    values = balanced(new=70, carried_out=1)
    assert _mismatches("本年度共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理。", values) == []
    assert _mismatches("全年受理各类咨询申请120件，办结118件。", values) == []
    [f] = _mismatches("本年度共收到70件申请，及时依法依规办结68件。", values)
    assert (f.actual, f.expected) == (68, 69)


def test_a_sentence_about_a_body_acting_on_the_reporters_behalf_is_not_compared() -> None:
    text = "2024年，区政府办代表区政府受理政府信息公开申请17件，均已在法定期限内予以答复。"
    assert _mismatches(text, balanced(new=95), agency="某某区人民政府") == []
    assert len(_mismatches("2024年，区政府受理政府信息公开申请17件。", balanced(new=95), agency="某某区人民政府")) == 1
