"""meta.late and meta.year_in_text: deadlines by who reports, and years that disagree."""

from __future__ import annotations

import pytest
from check_support import findings, make_report

LATE = "meta.late"
YEAR = "meta.year_in_text"


@pytest.mark.parametrize(
    "agency, title, published, late",
    [
        ("某某市某某区财政局", None, "2022-01-31", False),
        ("某某市某某区财政局", None, "2022-02-01", True),
        ("海盐县秦山街道办事处", None, "2022-02-08", True),
        ("某某县某某镇人民政府", None, "2022-03-01", True),
        ("某某市某某区人民政府", None, "2022-03-31", False),
        ("某某市某某区人民政府", None, "2022-04-01", True),
        ("栖霞区人民政府办公室", None, "2022-02-08", True),
        # A report titled by the jurisdiction is its government's, even when an office signs it.
        ("平潭综合实验区管委会办公室", "平潭综合实验区2021年度政府信息公开工作年度报告", "2022-03-10", False),
        ("上海市科委", "2021年上海市科委政府信息公开工作年度报告", "2022-02-01", True),
    ],
)
def test_deadline_by_who_reports(agency: str, title: str | None, published: str, late: bool) -> None:
    report = make_report(agency=agency, title=title, year=2021, published=published)
    found = findings(report, LATE)
    assert bool(found) is late
    if found:
        assert found[0].actual == published


def test_no_date_or_unknown_kind_says_nothing() -> None:
    assert findings(make_report(published=None), LATE) == []
    assert findings(make_report(agency="某某", title="年度报告", published="2023-06-01"), LATE) == []


def test_statistics_period_of_another_year() -> None:
    text = "本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。2021年，我局认真贯彻条例。"
    [f] = findings(make_report(narrative={"overview": text}, year=2021), YEAR)
    assert (f.expected, f.actual) == (2021, 2020) and "统计期限" in f.message


def test_overview_opening_with_another_year() -> None:
    [f] = findings(make_report(narrative={"overview": "2020年，我局坚持以公开为常态。"}, year=2021), YEAR)
    assert f.actual == 2020
    assert findings(make_report(narrative={"overview": "2021年，我局坚持以公开为常态。"}, year=2021), YEAR) == []


def test_improvement_plan_dated_in_the_report_year() -> None:
    """平潭财政金融局 2021: '2021年，我局将坚持…' in section 五 of the report on 2021."""
    plan = "(二)改进措施。2021年，我局将坚持以习近平新时代中国特色社会主义思想为指导，补短板、强弱项。"
    [f] = findings(make_report(narrative={"problems": plan}, year=2021), YEAR)
    assert (f.expected, f.actual) == (2022, 2021)
    fine = "2022年，我局将继续加强培训。2021年，将政务公开纳入考核，取得一定成效。"
    assert findings(make_report(narrative={"problems": fine}, year=2021), YEAR) == []
