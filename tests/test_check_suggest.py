"""suggest.split_number: a regrouping of two neighbouring cells under which every sum holds."""

from __future__ import annotations

from check_support import balanced, findings, make_report

from zfxxgk.model import Severity

RULE = "suggest.split_number"


def test_two_digits_of_one_number_in_two_cells() -> None:
    """12 natural persons printed as 1 | 2 (natural | business): joining them makes every sum hold."""
    values = balanced(new=12)
    values |= {"requests.new.natural": 1, "requests.new.business": 2}
    [f] = findings(make_report(values=values), RULE)
    assert f.severity is Severity.INFO
    assert f.cells == ["requests.new.natural", "requests.new.business"]
    assert (f.expected, f.actual) == ([12, None], [1, 2])
    assert "1 | 2" in f.message and "12 | 空" in f.message


def test_one_number_that_is_two_cells() -> None:
    """Review: 1 upheld and 2 corrected glued into '12' under 结果维持, 结果纠正 left blank; total 3."""
    values = {"appeals.review.upheld": 12, "appeals.review.corrected": None, "appeals.review.total": 3}
    [f] = findings(make_report(values=values), RULE)
    assert (f.expected, f.actual) == ([1, 2], [12, None])


def test_nothing_to_suggest_when_the_sums_hold_or_nothing_helps() -> None:
    assert findings(make_report(values=balanced(new=12)), RULE) == []
    values = balanced(new=12) | {"requests.new.natural": 5}
    assert findings(make_report(values=values), RULE) == []


def test_the_cells_keep_their_printed_values() -> None:
    values = balanced(new=12) | {"requests.new.natural": 1, "requests.new.business": 2}
    report = make_report(values=values)
    findings(report, RULE)
    assert (report.cells["requests.new.natural"].value, report.cells["requests.new.business"].value) == (1, 2)
