"""sections.empty and sections.fees_not_reported."""

from __future__ import annotations

import pytest
from check_support import findings, make_report

EMPTY = "sections.empty"
FEES = "sections.fees_not_reported"


@pytest.mark.parametrize("text", ["", "无。", "无", "暂无。\n某某市某某区财政局\n2022年1月20日"])
def test_section_five_empty_or_nil(text: str) -> None:
    [f] = findings(make_report(narrative={"problems": text}), EMPTY)
    assert "第五部分" in f.message


def test_section_five_with_content_or_absent_is_not_this_rule() -> None:
    assert findings(make_report(narrative={"problems": "一是政策解读形式单一。下一步将丰富解读形式。"}), EMPTY) == []
    report = make_report(narrative={})
    report.sections.remove("problems")
    assert findings(report, EMPTY) == []


def test_section_six_nil_is_fine() -> None:
    assert findings(make_report(narrative={"other": "无。", "problems": "存在不足，将改进。"}), EMPTY) == []


def test_fees_charged_but_section_six_silent() -> None:
    values = {"active.fees.amount": 7816}
    [f] = findings(make_report(values=values, narrative={"other": "无其他需要报告的事项。"}), FEES)
    assert f.cells == ["active.fees.amount"] and f.actual == 7816
    said = "2021年，无收取信息处理费情况。"
    assert findings(make_report(values=values, narrative={"other": said}), FEES) == []
    assert findings(make_report(values={}, narrative={"other": "无。"}), FEES) == []


def test_fees_rule_belongs_to_the_2021_format() -> None:
    report = make_report("2019", {"active.fees.prev_items": 3}, {"other": "无。"}, year=2020)
    assert findings(report, FEES) == []
