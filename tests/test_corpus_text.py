"""Real reports copied from web pages and PDF converters: flattened digit runs, shuffled rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zfxxgk.errors import ExtractError
from zfxxgk.extract import extract
from zfxxgk.pipeline import parse_path
from zfxxgk.read import read_path

from refdata import CORPUS, same_agency, same_value

EXPECTED = sorted((CORPUS / "expected").glob("*.json")) if CORPUS.exists() else []
TEXT_CASES = [(p, t) for p in EXPECTED for t in (CORPUS / "txt").glob(f"{p.stem}.*")]
ALL_TEXT = sorted((CORPUS / "txt").glob("*")) if CORPUS.exists() else []


@pytest.mark.parametrize(("expected", "path"), TEXT_CASES, ids=[t.stem for _, t in TEXT_CASES])
def test_corpus_cells_match_expected(expected: Path, path: Path) -> None:
    gold = json.loads(expected.read_text("utf-8"))
    report = parse_path(path)
    values = report.values()
    wrong = {k: (v, values.get(k)) for k, v in gold["cells"].items() if not same_value(v, values.get(k))}
    assert wrong == {}
    assert report.meta.template == gold["meta"]["template"]
    assert report.meta.year == gold["meta"]["year"]
    assert same_agency(gold["meta"]["agency"], report.meta.agency)


@pytest.mark.parametrize("path", ALL_TEXT, ids=[p.stem for p in ALL_TEXT])
def test_every_corpus_text_finds_all_three_tables(path: Path) -> None:
    report = parse_path(path)
    assert not [f for f in report.findings if f.rule == "tables.missing"]
    assert report.meta.template in ("2019", "2021")


def test_report_defect_is_kept_not_fixed() -> None:
    """公安局 2021 counts one application as processed and carried over: the balance must fail."""
    path = CORPUS / "txt" / "2021_pingtan_gaj_page.txt"
    if not path.exists():
        pytest.skip("corpus not present")
    report = parse_path(path)
    assert any(f.rule == "requests.balance" for f in report.findings)


def test_scrambled_pdf_conversion_is_regrouped() -> None:
    """A PDF→Markdown conversion that moved row labels away from their values (上海市政府办公厅 2025):
    the values keep their order, so the rows are filled and every 表三 rule holds."""
    path = CORPUS / "txt" / "2025_上海市_市政府办公厅_pdf2md.md"
    if not path.exists():
        pytest.skip("corpus not present")
    report = parse_path(path)
    values = report.values()
    assert values["requests.other.no_correction.total"] == 43
    assert values["requests.not_processed.confirm.total"] == 0
    assert values["appeals.suit_after_review.total"] == 22
    assert not [f for f in report.findings if f.rule.startswith("requests.")]


def test_the_blank_official_template_has_every_table_and_only_blank_cells() -> None:
    """The 2021 template as distributed (a DOCX with empty tables): three tables, no value; as a report
    it is refused, saying it is a blank template."""
    path = CORPUS / "other" / "TEMPLATE_2021_政务公开年报模版.docx"
    if not path.exists():
        pytest.skip("corpus not present")
    report = extract(read_path(path))
    assert report.meta.template == "2021"
    assert {c.kind.value for c in report.cells.values()} == {"EMPTY"}
    with pytest.raises(ExtractError, match="a blank template, nothing filled in"):
        parse_path(path)
