"""Rating stored reports: the same scores as rating the files, overrides kept and shown, runs recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import zfxxgk
from zfxxgk.cli import app
from zfxxgk.rate.database import runs
from zfxxgk.rate.rubric import RateError

from refdata import SEEDS, require
from store_support import write_chain


@pytest.fixture()
def stored(db_url: str, tmp_path: Path) -> str:
    db = db_url
    folder = tmp_path / "reports"
    folder.mkdir()
    write_chain(folder, "海盐县秦山街道办事处", range(2021, 2023))
    write_chain(folder, "晋江市西园街道办事处", range(2021, 2023), seed=3)
    zfxxgk.ingest([str(require(SEEDS)), str(folder)], db=db, workers=1)
    return db


def test_stored_reports_rate_like_files_and_rank_per_year(stored: str, tmp_path: Path) -> None:
    rating = zfxxgk.rate(db=stored, year=2022)
    years = {r.year for r in rating.reports}
    assert years == {2021, 2022}
    this_year = rating.ranking(2022)
    assert [r.rank for r in this_year] == sorted(r.rank for r in this_year) and this_year[0].rank == 1
    assert all(r.previous is not None and r.change == round(r.score - r.previous, 2) for r in this_year)
    cross = {i.id: i for i in this_year[0].indicators}["accuracy.cross_year"]
    assert cross.status == "assessed"  # the store's year findings stand in for the batch's
    seeds = zfxxgk.rate(db=stored, year=2020)
    from_files = {r.sha256: r.score for r in zfxxgk.rate(str(SEEDS)).reports}
    assert {r.sha256: r.score for r in seeds.ranking(2020)} == from_files


def test_override_survives_rerating_and_is_shown_beside_the_computed(stored: str) -> None:
    first = zfxxgk.rate(db=stored, year=2020).ranking(2020)[-1]
    indicator = next(i for i in first.indicators if i.lost > 0 and i.status == "assessed")
    rubric_weight = {"content.figures": 6, "content.original": 7, "accuracy.text_tables": 8}.get(indicator.id, 1)
    done = zfxxgk.override(first.report_id, indicator.id, rubric_weight, reason="人工复核：数字已写明", author="王芳", db=stored)
    assert done.author == "王芳" and done.at
    again = next(r for r in zfxxgk.rate(db=stored, year=2020).reports if r.report_id == first.report_id)
    now = {i.id: i for i in again.indicators}[indicator.id]
    assert now.status == "overridden" and now.points == now.max and now.computed == indicator.points
    assert now.override.reason == "人工复核：数字已写明" and again.score > first.score
    line = now.to_json()
    assert line["status"] == "overridden" and line["override"]["author"] == "王芳" and line["computed"] == indicator.points


def test_override_is_refused_with_a_reason(stored: str) -> None:
    with pytest.raises(RateError, match="是否指 'problems.concrete'"):
        zfxxgk.override(1, "problems.concret", 1, reason="x", db=stored)
    with pytest.raises(RateError, match="分数应在 0 到"):
        zfxxgk.override(1, "problems.concrete", 50, reason="x", db=stored)
    with pytest.raises(RateError, match="no stored report"):
        zfxxgk.override(9999, "problems.concrete", 1, reason="x", db=stored)


def test_cli_json_lines_and_recorded_run(stored: str, tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("海盐县秦山街道办事处\n某县不存在的局\n", "utf-8")
    result = CliRunner().invoke(app, ["rate", "--db", stored, "--year", "2022", "--agencies", str(names), "-f", "json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.output.splitlines() if x.startswith("{")]
    assert {x["agency"] for x in lines} == {"海盐县秦山街道办事处"}
    for x in lines:
        assert {"agency", "year", "score", "rank", "indicators"} <= x.keys()
        assert all({"id", "group", "max", "points", "status", "evidence"} <= i.keys() for i in x["indicators"])
        assert round(sum(i["max"] - i["points"] for i in x["indicators"]), 2) == round(100 - x["score"], 2)
    table = CliRunner().invoke(app, ["rate", "--db", stored, "--year", "2022", "--agencies", str(names)])
    assert "某县不存在的局：未找到报告" in table.output
    recorded = runs(stored)
    assert recorded and recorded[0].year == 2022 and recorded[0].rubric_digest and "[[indicators]]" in recorded[0].rubric


def test_facts_file_assesses_the_publication_indicators(stored: str, tmp_path: Path) -> None:
    rated = zfxxgk.rate(db=stored, year=2020).ranking(2020)[0]
    facts = tmp_path / "facts.jsonl"
    facts.write_text(json.dumps({"sha256": rated.sha256, "first_seen": "2021-01-20", "in_column": False, "versions": 2}), "utf-8")
    result = CliRunner().invoke(app, ["rate", "--db", stored, "--year", "2020", "--facts", str(facts), "-f", "json"])
    line = next(json.loads(x) for x in result.output.splitlines() if x.startswith("{") and rated.sha256 in x)
    got = {i["id"]: i for i in line["indicators"]}
    assert got["publication.in_column"]["status"] == "assessed" and got["publication.in_column"]["points"] == 0
    assert got["publication.one_version"]["points"] == 0 and got["publication.unchanged"]["status"] == "not_assessed"
    assert line["score"] < rated.score


def test_cli_refuses_unknown_rubric_id(stored: str, tmp_path: Path) -> None:
    rubric = tmp_path / "r.toml"
    rubric.write_text('[weights]\n"publication.on_tim" = 2\n', "utf-8")
    result = CliRunner().invoke(app, ["rate", "--db", stored, "--rubric", str(rubric)])
    assert result.exit_code == 2 and "publication.on_time" in result.output


def test_notice_names_on_time_missing_ranking_problems_and_figures(stored: str, tmp_path: Path) -> None:
    import docx

    names = tmp_path / "names.txt"
    names.write_text("海盐县秦山街道办事处\n晋江市西园街道办事处\n某县不存在的局\n", "utf-8")
    out = tmp_path / "通报.docx"
    result = CliRunner().invoke(app, ["notice", "--db", stored, "--year", "2022", "--agencies", str(names), "--scope", "某市", "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "某市2022年度政府信息公开工作年度报告审查情况通报" in text
    assert "未发布的1家：某县不存在的局" in text and "要求：" in text and "较上年" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "海盐县秦山街道办事处" in cells and "新收政府信息公开申请" in cells and any("█" in c for c in cells)
    from zfxxgk.rate.charts import cjk_font

    if cjk_font() is not None:  # the ranking and the year-over-year figures as images
        assert len(document.inline_shapes) == 2 and "图2 2021年度与2022年度主要数据对比" in text
    html = tmp_path / "通报.html"
    zfxxgk.notice(html, 2022, agencies=["海盐县秦山街道办事处"], db=stored)
    page = html.read_text("utf-8")
    assert "三、评分排名" in page and ("data:image/png;base64," in page) == (cjk_font() is not None)


@pytest.mark.slow
def test_notice_as_pdf(stored: str, tmp_path: Path) -> None:
    from zfxxgk.render.pdf import soffice

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path / "通报.pdf"
    zfxxgk.notice(out, 2022, db=stored, scope="某市")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "审查情况通报" in text and "评分排名" in text


def test_fetched_reports_bring_their_publication_facts(stored: str) -> None:
    """A report stored by a crawl is rated with what the crawl recorded: outside the column, two
    differing contents of its agency-year, changed since first seen — no facts file needed."""
    from datetime import datetime, timezone

    from sqlalchemy.orm import Session

    from zfxxgk.collect.schema import CrawlUrl, Publication
    from zfxxgk.store import Store
    from zfxxgk.store.schema import ReportRow

    rated = zfxxgk.rate(db=stored, year=2020).ranking(2020)[0]
    seen = datetime(2021, 1, 20, tzinfo=timezone.utc)
    with Store.open(stored) as store, Session(store.engine) as session:
        row = session.query(ReportRow).filter_by(sha256=rated.sha256).one()
        other = session.query(ReportRow).filter(ReportRow.id != row.id).first()
        for n, report in enumerate((row, other)):
            url = CrawlUrl(url=f"http://127.0.0.1/{n}.html", role="report", annual=True, state="done")
            session.add(url)
            session.flush()
            session.add(Publication(
                url_id=url.id, agency_id=row.agency_id, year=row.year, report_id=report.id, first_report_id=report.id,
                first_seen=seen, changed_at=seen if n == 0 else None, in_column=n != 0,
            ))
        session.commit()
    again = next(r for r in zfxxgk.rate(db=stored, year=2020).ranking(2020) if r.sha256 == rated.sha256)
    got = {i.id: i for i in again.indicators}
    assert got["publication.in_column"].status == "assessed" and got["publication.in_column"].points == 0
    assert got["publication.one_version"].points == 0 and got["publication.unchanged"].points == 0
    assert again.score < rated.score
