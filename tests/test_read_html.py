"""Web pages: seeds printed as CMS pages (rowspan/colspan, chrome, GBK) and a real saved page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from formats import seed_html
from refdata import CORPUS, SEEDS, require, same_value, seed_pairs

from zfxxgk.extract import extract
from zfxxgk.model import Table
from zfxxgk.read import read_bytes, read_path

PAIRS = seed_pairs()


def _wrong(values: dict, gold: dict) -> dict:
    return {k: (v, values.get(k, "ABSENT")) for k, v in gold["cells"].items() if not same_value(v, values.get(k))}


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
@pytest.mark.parametrize(("seed", "gold"), PAIRS, ids=[p.stem[:3] for p, _ in PAIRS])
def test_seed_as_cms_page_gives_gold_cells(seed: Path, gold: dict, encoding: str) -> None:
    document = read_bytes(seed_html(seed, encoding), "report.html")
    assert document.source.format == "html"
    assert document.source.encoding == ("utf-8" if encoding == "utf-8" else "gb18030")
    assert _wrong(extract(document).values(), gold) == {}


def test_page_chrome_is_left_out() -> None:
    require(SEEDS)
    seed, _ = PAIRS[0]
    text = "\n".join(b.text for b in read_bytes(seed_html(seed), "report.html").paragraphs())
    for chrome in ("当前位置", "分享到", "打印", "首页", "网站标识码", "不是正文"):
        assert chrome not in text


def test_spans_expand_to_a_full_grid_with_merged_copies() -> None:
    require(SEEDS)
    seed, _ = PAIRS[0]
    requests = read_bytes(seed_html(seed), "report.html").tables()[1]
    label = requests.rows[5][0]
    assert not label.merged and "本年办理结果" in label.text.replace(" ", "")
    below = requests.rows[6][0]
    assert below.merged and below.text == label.text
    assert (below.provenance.table, below.provenance.row, below.provenance.column) == (1, 5, 0)
    assert {len(r) for r in requests.rows[3:]} == {10}


def test_corpus_page_matches_expected_cells() -> None:
    path = require(CORPUS / "html" / "2019_shanghai_szfbgt.html")
    expected = json.loads((CORPUS / "expected" / "2019_shanghai_szfbgt.json").read_text("utf-8"))
    report = extract(read_path(path))
    assert report.meta.template == expected["meta"]["template"]
    assert _wrong(report.values(), expected) == {}


def test_cell_provenance_names_table_row_and_column() -> None:
    path = require(CORPUS / "html" / "2019_shanghai_szfbgt.html")
    cell = extract(read_path(path)).cells["requests.new.natural"]
    assert cell.provenance is not None
    assert (cell.provenance.table, cell.provenance.text) == (1, "821")
    assert cell.provenance.row is not None and cell.provenance.column is not None


def test_layout_tables_and_br_lines_are_running_text() -> None:
    page = (
        "<html><body><table><tr><td><a href='/'>首页</a></td><td><p>一、总体情况</p>第一行<br>第二行<br/>第三行"
        "<table><caption>表二</caption><tr><td>规章</td><td>5</td></tr></table></td></tr></table></body></html>"
    ).encode()
    document = read_bytes(page, "page.html")
    assert [b.text for b in document.paragraphs()] == ["一、总体情况", "第一行", "第二行", "第三行", "表二"]
    assert document.paragraphs()[0].kind == "heading"
    assert [[c.text for c in r] for r in document.tables()[0].rows] == [["规章", "5"]]


def test_undeclared_gbk_page_is_detected() -> None:
    page = "<html><body><p>二〇二〇年政府信息公开工作年度报告</p><p>本机关全年共收到政府信息公开申请五十二件，均已按时答复。</p></body></html>"
    document = read_bytes(page.encode("gbk"), "page.html")
    assert "政府信息公开" in document.paragraphs()[0].text


def test_entities_are_never_expanded() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>'
        b'<html><body><p>&f;&f;&f;&f;&f;&f;&f;&f;</p><table><tr><td>&f;</td><td>1</td></tr></table></body></html>'
    )
    document = read_bytes(bomb, "bomb.html")
    assert sum(len(b.text) for b in document.paragraphs()) < 1000
    assert all(isinstance(b, Table) or len(b.text) < 1000 for b in document.blocks)


def test_a_long_body_named_like_chrome_is_kept() -> None:
    body = "<p>" + "本机关全年共收到政府信息公开申请五十二件。" * 40 + "</p>"
    page = f'<html><body><div class="position">当前位置：首页</div><div class="main-position">{body}</div></body></html>'
    document = read_bytes(page.encode(), "page.html")
    assert [b.text[:6] for b in document.paragraphs()] == ["本机关全年共"]
