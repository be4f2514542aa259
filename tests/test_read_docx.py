"""Word documents: seeds written with python-docx (merged cells, tables split over a page break), and
hand-made OOXML for what python-docx cannot write (text boxes, content controls, nested tables)."""

from __future__ import annotations

from pathlib import Path

import pytest
from formats import docx_bytes, seed_docx
from refdata import CORPUS, SEEDS, require, same_value, seed_pairs

from zfxxgk.extract import extract
from zfxxgk.model import Table
from zfxxgk.read import read_bytes, read_path

PAIRS = seed_pairs()
def p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{p(text)}</w:tc>"


@pytest.mark.parametrize("split", [False, True], ids=["whole", "split"])
@pytest.mark.parametrize(("seed", "gold"), PAIRS, ids=[p.stem[:3] for p, _ in PAIRS])
def test_seed_as_word_file_gives_gold_cells(tmp_path: Path, seed: Path, gold: dict, split: bool) -> None:
    document = read_path(seed_docx(seed, tmp_path / "report.docx", split_tables=split))
    assert document.source.format == "docx"
    values = extract(document).values()
    assert {k: (v, values.get(k)) for k, v in gold["cells"].items() if not same_value(v, values.get(k))} == {}


def test_merged_cells_are_marked_and_split_tables_joined(tmp_path: Path) -> None:
    require(SEEDS)
    seed, _ = PAIRS[0]
    whole = read_path(seed_docx(seed, tmp_path / "whole.docx"))
    split = read_path(seed_docx(seed, tmp_path / "split.docx", split_tables=True))
    assert len(split.tables()) == len(whole.tables())
    requests = whole.tables()[1]
    assert any(c.merged for row in requests.rows for c in row)
    label = requests.rows[5][0]
    assert "本年办理结果" in label.text.replace(" ", "") and not label.merged
    assert requests.rows[6][0].merged and requests.rows[6][0].text == label.text


def test_vertical_and_horizontal_merges() -> None:
    span, restart, cont = '<w:gridSpan w:val="2"/>', '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    body = (
        "<w:tbl>"
        f"<w:tr>{tc('信息内容')}{tc('第二十条', span)}</w:tr>"
        f"<w:tr>{tc('规章', restart)}{tc('1')}{tc('2')}</w:tr>"
        f"<w:tr>{tc('', cont)}{tc('3')}{tc('4')}</w:tr>"
        "</w:tbl>"
    )
    rows = read_bytes(docx_bytes(body), "t.docx").tables()[0].rows
    assert [[(c.text, c.merged) for c in r] for r in rows] == [
        [("信息内容", False), ("第二十条", False), ("第二十条", True)],
        [("规章", False), ("1", False), ("2", False)],
        [("规章", True), ("3", False), ("4", False)],
    ]


def test_text_boxes_content_controls_and_nested_tables_in_order() -> None:
    box = (
        '<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps">'
        f"<w:drawing><w:txbxContent>{p('框中文字')}</w:txbxContent></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><w:txbxContent>{p('框中文字')}</w:txbxContent></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    nested = f"<w:tbl><w:tr>{tc('规章')}{tc('7')}</w:tr></w:tbl>"
    frame = f"<w:tbl><w:tr><w:tc>{p('一、总体情况')}{nested}</w:tc></w:tr></w:tbl>"
    sdt = f"<w:sdt><w:sdtContent>{p('控件内文字')}</w:sdtContent></w:sdt>"
    deleted = '<w:p><w:r><w:t>留下</w:t></w:r><w:del><w:r><w:delText>删去</w:delText></w:r></w:del></w:p>'
    document = read_bytes(docx_bytes(box + sdt + frame + deleted), "t.docx")
    texts = [b.text if not isinstance(b, Table) else [c.text for r in b.rows for c in r] for b in document.blocks]
    assert texts == ["正文", "框中文字", "控件内文字", "一、总体情况", ["规章", "7"], "留下"]
    assert document.blocks[3].kind == "heading"


def test_line_breaks_make_separate_paragraphs_with_provenance() -> None:
    body = '<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>'
    paragraphs = read_bytes(docx_bytes(body), "t.docx").paragraphs()
    assert [(x.text, x.provenance.line) for x in paragraphs] == [("第一行", 1), ("第二行", 2)]


def test_blank_official_template_reads() -> None:
    path = require(CORPUS / "other" / "TEMPLATE_2021_政务公开年报模版.docx")
    document = read_path(path)
    assert len(document.tables()) >= 3
    assert "本年制发件数" in "".join(c.text for t in document.tables() for r in t.rows for c in r)
