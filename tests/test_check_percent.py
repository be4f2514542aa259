"""narrative.percent_mismatch: shares recomputed from the counts they are stated for."""

from __future__ import annotations

import pytest
from check_support import findings, make_report
from refdata import SEEDS, require

from zfxxgk.check.percent import fits, shares
from zfxxgk.check.text import prepare
from zfxxgk.model import Severity
from zfxxgk.pipeline import parse_path

RULE = "narrative.percent_mismatch"


def _wrong(text: str) -> list[tuple[int, int, str]]:
    return [(s.part.count, s.base, s.part.pct or "") for s in shares(prepare(text))]


@pytest.mark.parametrize(
    "count, base, printed, ok",
    [
        (1, 99, "1.01", True),
        (1, 99, "1.0", True),
        (1, 99, "1.1", False),  # 1.0101 %: neither rounded nor truncated to one decimal
        (2, 99, "2.02", True),
        (2, 99, "2.2", False),
        (61, 99, "61.62", True),
        (2, 3, "66.7", True),  # rounded
        (2, 3, "66.6", True),  # truncated
        (2, 3, "66.8", False),
        (3, 7, "43", True),
        (4, 7, "57", True),
        (1, 8, "12.5", True),
    ],
)
def test_printed_rounding_is_allowed(count: int, base: int, printed: str, ok: bool) -> None:
    assert fits(count, base, printed) is ok


def test_seed_003_prints_1_1_and_2_2_percent_for_1_and_2_of_99() -> None:
    """1/99 = 1.01 % and 2/99 = 2.02 %: printed 1.1 % and 2.2 % (the zero dropped); 61.62, 23.23, 12.12 are right."""
    report = parse_path(require(SEEDS / "003_9e38e5bfa899f112.txt"))
    found = [f for f in report.findings if f.rule == RULE]
    assert [(f.actual, f.expected) for f in found] == [("1.1", "1.0"), ("2.2", "2.0")]
    assert all(f.severity is Severity.WARNING and "99条" in f.provenance[0].text for f in found)


def test_seed_000_seven_shares_of_218_are_all_right() -> None:
    """16, 51, 6, 97, 19, 4 (its 条 on the next line) and 25 of 218: 7.3, 23.4, 2.8, 44.5, 8.7, 1.8, 11.5 %."""
    report = parse_path(require(SEEDS / "000_4339039e26702392.txt"))
    assert [f for f in report.findings if f.rule == RULE] == []


def test_a_share_of_a_total_given_before_its_parts() -> None:
    text = "主动公开政府信息99条。其中，机构职能类1条，占1.1%；规划计划类98条，占98.99%。"
    assert _wrong(text) == [(1, 99, "1.1")]


def test_the_stated_total_wins_over_the_parts_sum() -> None:
    """198/510 = 38.8 %, printed 41.5 % = 198/477 (the parts' sum): the text's own total is 510."""
    text = "制作、获取政府信息总数510条，其中主动公开政府信息198条，依申请公开信息数142条，不予公开信息数137条。主动公开的政府信息占41.5%。"
    assert _wrong(text) == [(198, 510, "41.5")]


def test_shares_in_parentheses_and_a_total_with_a_parenthesis() -> None:
    text = "共受理申请1295件，办结1191件（含上年结转189件），均在法定期限内答复。其中，予以公开208件（17.46%），不予公开20件（1.86%）。"
    assert _wrong(text) == [(20, 1191, "1.86")]


def test_without_a_total_the_nearest_count_or_the_parts_sum_is_the_base() -> None:
    assert _wrong("收到申请7件，及时答复7件。从申请方式看，网络申请3件，占43%；信函申请4件，占57%。") == []
    assert _wrong("网络申请3件，占43%；信函申请4件，占57%。") == []
    assert _wrong("网络申请3件，占40%；信函申请4件，占57%。") == [(3, 7, "40")]


def test_an_unknown_base_or_a_rate_is_not_judged() -> None:
    assert _wrong("申请数量较2019年增长30%，办结率100%，全文电子化率达100%。") == []
    assert _wrong("网络申请3件，占13%；信函申请4件，占17%。") == []


def test_findings_quote_the_passage_and_name_the_base() -> None:
    report = make_report(narrative={"overview": "主动公开政府信息99条。其中，机构职能类1条，占1.1%；规划计划类98条，占98.99%。"})
    [f] = findings(report, RULE)
    assert f.message == "机构职能类1条占比印为 1.1%，按 1/99 计算应为 1.0%"
    assert f.provenance[0].text.startswith("主动公开政府信息99条")
