"""Rating: monotone, explained and stable over the seeds and generated reports; the rubric as data."""

from __future__ import annotations

import copy
import json
import random
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from zfxxgk.check import check
from zfxxgk.pipeline import parse_path
from zfxxgk.rate.corpus import item_of
from zfxxgk.rate.facts import PublicationFacts, read_facts
from zfxxgk.rate.results import Rating, ReportRating
from zfxxgk.rate.rubric import RubricError, default_rubric, load_rubric
from zfxxgk.rate.score import rate_items
from zfxxgk.render.sample import sample_report
from zfxxgk.model import Report

from refdata import SEEDS, require

PROBLEMS = (
    "一是政策解读的形式较为单一，图表和视频解读偏少；二是依申请公开答复文书的规范性有待提高，"
    "个别答复说理不够充分；三是基层政务公开标准目录的更新不及时，部分栏目内容较少。"
    "下一步，我们将针对上述问题，丰富解读形式，加强答复文书审核，按季度更新标准目录。"
)


def _settings(examples: int) -> settings:
    phases = [Phase.explicit, Phase.generate]  # shrinking a batch of reports takes minutes
    return settings(max_examples=examples, deadline=None, phases=phases, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _seeds() -> list[Report]:
    return [parse_path(p) for p in sorted(require(SEEDS).glob("*.txt"))]


OVERVIEW = (
    "全年主动公开政府信息{n}条，其中规范性文件{m}件。", "围绕优化营商环境发布政策解读{m}篇，开展在线访谈{k}次。",
    "更新政务公开标准目录{k}次，新增目录事项{m}项。", "办理人大代表建议和政协提案{m}件，全部按期办结。",
    "组织政务公开业务培训{k}场，培训工作人员{n}人次。", "政府网站发布信息{n}条，政务新媒体推送{m}条。",
    "召开新闻发布会{k}场，回应社会关切{m}次。", "对{m}件行政规范性文件开展清理，废止{k}件。",
    "在政府网站开设重点领域信息公开专栏{k}个。", "完成政务服务事项办事指南更新{n}项。",
)
ISSUES = (
    "政策解读的形式较为单一，图表和视频解读偏少。", "依申请公开答复文书的规范性有待提高，个别答复说理不够充分。",
    "基层政务公开标准目录的更新不及时，部分栏目内容较少。", "政务新媒体的互动回应不够及时，留言答复周期偏长。",
    "重点领域信息公开的深度不够，财政预决算说明不够细。", "工作人员业务能力有待加强，培训覆盖面不足。",
    "政府信息管理工作存在短板，规范性文件清理滞后。", "公开平台的检索功能不完善，历史信息查找困难。",
)


def _generated(seed: int, count: int) -> list[Report]:
    """Sample reports of distinct agencies, each with an overview and problems section of its own."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        report = sample_report(rng, "2021")
        report.meta.agency = f"某市第{n + 1}区人民政府办公室"
        report.meta.year = 2023
        report.meta.published = "2024-01-20"
        figures = {"n": rng.randint(100, 900), "m": rng.randint(5, 60), "k": rng.randint(2, 9)}
        report.narrative["overview"] = "".join(s.format(**figures) for s in rng.sample(OVERVIEW, 4))
        report.narrative["problems"] = "".join(f"{i}是{s}" for i, s in zip("一二三四", rng.sample(ISSUES, 4)))
        out.append(check(report))
    return out


def _rate(reports: list[Report]) -> list[ReportRating]:
    return rate_items([item_of(r) for r in reports], default_rubric()).reports


def _hundredths(x: float) -> int:
    return round(x * 100)


def _explained(rating: ReportRating) -> None:
    maxima = sum(_hundredths(i.max) for i in rating.indicators)
    lost = sum(_hundredths(i.max) - _hundredths(i.points) for i in rating.indicators)
    assert maxima == 10_000
    assert lost == 10_000 - _hundredths(rating.score)
    for i in rating.indicators:
        if i.points < i.max:
            assert i.evidence, f"{i.id} lost {i.lost} without evidence"


# -- worsenings: each names the indicator it must lower ----------------------------------------------

def misprint_total(report: Report, others: list[Report]) -> str:
    cell = report.cells["requests.total.total"]
    cell.value = (cell.value or 0) + 7
    return "accuracy.arithmetic"


def drop_section(report: Report, others: list[Report]) -> str:
    report.narrative.pop("problems", None)
    report.sections = [s for s in report.sections if s != "problems"]
    return "completeness.sections"


def publish_late(report: Report, others: list[Report]) -> str:
    report.meta.published = date((report.meta.year or 2020) + 1, 5, 20).isoformat()
    return "publication.on_time"


def copy_problems(report: Report, others: list[Report]) -> str:
    report.narrative["problems"] = others[0].narrative["problems"]
    return "content.unique"


WORSENINGS = [misprint_total, drop_section, publish_late, copy_problems]


def _monotone(batch: list[Report], index: int, worsen) -> None:
    for r in batch:  # a printed, timely date, so that lateness is measurable
        r.meta.published = r.meta.published or date((r.meta.year or 2020) + 1, 1, 15).isoformat()
        check(r)
    before = _rate(batch)[index]
    worse = copy.deepcopy(batch)
    others = [r for i, r in enumerate(worse) if i != index and len(r.narrative.get("problems", "")) > 80]
    named = worsen(worse[index], others)
    check(worse[index])
    after = _rate(worse)[index]
    _explained(after)
    assert after.score <= before.score, f"{worsen.__name__} raised {before.score} → {after.score}"
    was = next(i for i in before.indicators if i.id == named)
    now = next(i for i in after.indicators if i.id == named)
    assert now.points < was.points, f"{worsen.__name__}: {named} {was.points} → {now.points}"


@pytest.mark.parametrize("worsen", WORSENINGS, ids=lambda w: w.__name__)
@pytest.mark.parametrize("index", range(5))
def test_worse_seed_never_scores_higher(worsen, index: int) -> None:
    batch = _seeds()
    if worsen is copy_problems:  # the seeds' own problems sections are short: give the others one to copy
        batch[(index + 1) % 5].narrative["problems"] = PROBLEMS
    _monotone(batch, index, worsen)


@_settings(6)
@given(seed=st.integers(0, 10_000), worsen=st.sampled_from(WORSENINGS), index=st.integers(0, 4))
def test_worse_generated_report_never_scores_higher(seed: int, worsen, index: int) -> None:
    _monotone(_generated(seed, 5), index, worsen)


def test_scores_are_explained_and_stable() -> None:
    reports = _seeds() + _generated(7, 4)
    first = [r.to_json() for r in _rate(reports)]
    for rating in _rate(reports):
        _explained(rating)
    assert first == [r.to_json() for r in _rate(copy.deepcopy(reports))]


def test_not_assessed_weight_goes_to_the_others() -> None:
    report = _generated(3, 1)[0]
    bare = _rate([report])[0]
    facts = PublicationFacts(first_seen=date(2024, 1, 20), in_column=False, changed=False, versions=2)
    fetched = rate_items([item_of(report, facts)], default_rubric()).reports[0]
    by_id = {i.id: i for i in bare.indicators}
    assert by_id["publication.in_column"].status == "not_assessed" and by_id["publication.in_column"].max == 0
    assert "抓取记录" in by_id["publication.in_column"].note
    got = {i.id: i for i in fetched.indicators}
    assert got["publication.in_column"].status == "assessed" and got["publication.in_column"].points == 0
    assert got["publication.one_version"].points == 0 and got["publication.unchanged"].points == got["publication.unchanged"].max
    assert got["publication.in_column"].evidence[0].message.startswith("抓取记录")
    _explained(bare)
    _explained(fetched)
    assert fetched.score < bare.score


def test_user_rubric_reweights_and_switches_off(tmp_path: Path) -> None:
    own = tmp_path / "rubric.toml"
    own.write_text('[weights]\n"content.original" = 20\n"publication.in_column" = "off"\n', "utf-8")
    rubric = load_rubric(own)
    by_id = {i.id: i for i in rubric.indicators}
    assert by_id["content.original"].weight == 20 and by_id["publication.in_column"].weight == 0
    assert "publication.in_column" not in {i.id for i in rubric.active()}
    assert rubric.digest != default_rubric().digest


def test_unknown_indicator_is_refused_with_the_nearest(tmp_path: Path) -> None:
    own = tmp_path / "rubric.toml"
    own.write_text('[weights]\n"content.orignal" = 3\n', "utf-8")
    with pytest.raises(RubricError, match="是否指 'content.original'"):
        load_rubric(own)


def test_facts_file_by_sha256_and_path(tmp_path: Path) -> None:
    lines = [{"sha256": "ab" * 32, "first_seen": "2024-01-18", "in_column": True}, {"path": "a.txt", "versions": 3}]
    path = tmp_path / "facts.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines), "utf-8")
    facts = read_facts(path)
    assert facts["ab" * 32].first_seen == date(2024, 1, 18) and facts["ab" * 32].in_column is True
    assert facts["a.txt"].versions == 3 and facts["a.txt"].changed is None


def test_follow_up_and_change_against_last_year() -> None:
    last, this = _generated(11, 2)
    this.meta.agency = last.meta.agency
    last.meta.year, last.meta.published = 2022, "2023-01-20"
    last.narrative["problems"] = "存在宣传不够的问题。下一步将加强政策解读，制作图解和视频解读材料。"
    this.narrative["problems"] = "针对上年问题，本年制作政策图解和视频解读材料12件。目前仍存在解读形式不够丰富的问题。"
    rating: Rating = rate_items([item_of(check(this)), item_of(check(last))], default_rubric())
    now = rating.ranking(2023)[0]
    follow = next(i for i in now.indicators if i.id == "problems.follow_up")
    assert follow.status == "assessed" and follow.points == follow.max
    assert now.previous == rating.ranking(2022)[0].score and now.change == round(now.score - now.previous, 2)
    this.narrative["problems"] = last.narrative["problems"]  # copied: no credit, and named as a copy
    copied = rate_items([item_of(check(this)), item_of(check(last))], default_rubric()).ranking(2023)[0]
    assert next(i for i in copied.indicators if i.id == "problems.follow_up").points == 0
    assert next(i for i in copied.indicators if i.id == "content.unique").points < follow.max + 100


def test_cli_writes_workbook_and_page(tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from zfxxgk.cli import app

    book, page = tmp_path / "评分.xlsx", tmp_path / "评分.html"
    for fmt, out in (("xlsx", book), ("html", page)):
        result = CliRunner().invoke(app, ["rate", str(require(SEEDS)), "-f", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
    wb = load_workbook(book)
    assert wb.sheetnames == ["排名", "公开发布", "要素完整", "数据准确", "内容详实", "问题与改进", "失分依据"]
    ranks = [row[1].value for row in wb["排名"].iter_rows(min_row=2)]
    assert ranks == sorted(ranks) and len(ranks) == 5
    evidence = [row[5].value for row in wb["失分依据"].iter_rows(min_row=2)]
    assert any("1.1%" in e for e in evidence)  # seed 003's misprinted share, named where it costs points
    html = page.read_text("utf-8")
    assert "2020年度排名" in html and "按 1/99 计算应为 1.0%" in html and "<script" not in html
    bad = CliRunner().invoke(app, ["rate", str(require(SEEDS)), "-f", "xlsx"])
    assert bad.exit_code == 2


def test_last_year_found_under_another_spelling() -> None:
    last, this = _generated(5, 2)
    last.meta.agency, this.meta.agency = "洪泽区人民政府", "淮安市洪泽区人民政府"
    last.meta.year = 2022
    rating = rate_items([item_of(this), item_of(last)], default_rubric())
    assert rating.ranking(2023)[0].previous == rating.ranking(2022)[0].score
