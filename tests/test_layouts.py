"""Layouts of text converted from PDF by other tools (pdftotext -layout, copy from a browser), made from
consistent random values of the 2021 format: every cell must land where it belongs."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from synth import consistent_values
from zfxxgk.pipeline import parse_bytes
from zfxxgk.templates import TableSpec, load

TEMPLATE = load("2021")
WRAP_AT = 14


def _rows(table: TableSpec, values: dict[str, int]) -> list[tuple[str, list[str]]]:
    return [
        (row.label, [str(values[f"{table.id}.{row.id}.{c.id}"]) for c in group.columns])
        for row, group in table.rows()
    ]


def _wrapped(label: str, cells: list[str]) -> list[str]:
    """pdftotext -layout: a long label wraps, and its values sit on the line between its halves."""
    numbers = "   ".join(f"{c:>4}" for c in cells)
    if len(label) <= WRAP_AT:
        return [f"{label:<24}{numbers}"]
    return [label[:WRAP_AT], f"{'':<24}{numbers}", label[WRAP_AT:]]


def _cell_per_line(label: str, cells: list[str]) -> list[str]:
    """Copied from a browser: every cell on its own line, no tabs."""
    return [label, *cells]


def _document(values: dict[str, int], layout: Callable[[str, list[str]], list[str]]) -> str:
    lines = ["某某区人民政府办公室2023年政府信息公开工作年度报告", "一、总体情况", "本年度工作稳步推进。", "二、主动公开政府信息情况"]
    for group in TEMPLATE.tables["active"].groups:
        lines.append("信息内容 " + " ".join(c.label for c in group.columns))
        lines += [line for row in group.rows for line in layout(row.label, [str(values[f"active.{row.id}.{c.id}"]) for c in group.columns])]
    lines.append("三、收到和处理政府信息公开申请情况")
    lines.append("自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计")
    lines += [line for label, cells in _rows(TEMPLATE.tables["requests"], values) for line in layout(label, cells)]
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    lines.append("行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉")
    lines.append("  ".join(str(values[c]) for c in TEMPLATE.tables["appeals"].cell_ids()))
    lines += ["五、存在的主要问题及改进情况", "仍有不足。", "六、其他需要报告的事项", "无。"]
    return "\n".join(lines)


@pytest.mark.parametrize("layout", [_wrapped, _cell_per_line], ids=["pdftotext-wrapped", "cell-per-line"])
@pytest.mark.parametrize("seed", range(4))
def test_converted_layouts_place_every_cell(layout: Callable[[str, list[str]], list[str]], seed: int) -> None:
    values = consistent_values(TEMPLATE, random.Random(seed))
    report = parse_bytes(_document(values, layout).encode("utf-8"), "converted.txt")
    got = report.values()
    assert report.meta.template == "2021" and report.meta.year == 2023
    assert {k: (v, got[k]) for k, v in values.items() if got[k] != v} == {}


@pytest.mark.parametrize(
    "prose",
    [
        "本年度共发生政府信息公开行政复议2件，行政诉讼1件，均已审结。",
        "全年无因政府信息公开引发的行政复议和行政诉讼。其中2件复议维持。",
    ],
)
def test_prose_with_numbers_before_table_four_is_not_read_as_its_values(prose: str) -> None:
    values = consistent_values(TEMPLATE, random.Random(11))
    text = _document(values, _wrapped).replace(
        "四、政府信息公开行政复议、行政诉讼情况\n", f"四、政府信息公开行政复议、行政诉讼情况\n{prose}\n"
    )
    got = parse_bytes(text.encode("utf-8"), "prose.txt").values()
    appeals = TEMPLATE.tables["appeals"].cell_ids()
    assert [got[c] for c in appeals] == [values[c] for c in appeals]


def test_a_stray_number_beside_a_grid_row_is_left_out() -> None:
    """A converter left a lone "1" above a pipe row: the row's own seven cells are its values, even
    when the changed total makes no reading satisfy the row sum."""
    values = consistent_values(TEMPLATE, random.Random(5))
    lines = _document(values, _cell_per_line).split("\n")
    label = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    at = lines.index(label)
    cells = [str(values[f"requests.other.no_fee.{c}"]) for c in ("natural", "business", "research", "ngo", "legal", "other")]
    lines[at + 1 : at + 8] = ["1", "| " + " | ".join([*cells, "9999"]) + " |"]
    got = parse_bytes("\n".join(lines).encode("utf-8"), "stray.txt").values()
    assert [got[f"requests.other.no_fee.{c}"] for c in ("natural", "total")] == [values["requests.other.no_fee.natural"], 9999]


def test_a_2021_report_printing_the_2019_other_row_leaves_the_2021_rows_unprinted() -> None:
    """（六）其他处理 printed with values as one row (the 2019 layout) in a 2021 report: its values belong to
    no 2021 cell, the rows above keep theirs, and the three sub-rows are reported as not printed."""
    values = consistent_values(TEMPLATE, random.Random(3))
    lines = _document(values, _wrapped).split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("1.申请人无正当理由"))
    last = next(i for i, line in enumerate(lines) if line.startswith("3.其他"))
    lines[first : last + 1] = ["（六）其他处理" + " ".join(["   5"] * 7)]
    report = parse_bytes("\n".join(lines).encode("utf-8"), "old-other-row.txt")
    got = report.values()
    other = [c for c in TEMPLATE.tables["requests"].cell_ids() if c.startswith("requests.other.")]
    assert {got[c] for c in other} == {None}
    confirm = [c for c in TEMPLATE.tables["requests"].cell_ids() if c.startswith("requests.not_processed.confirm.")]
    assert [got[c] for c in confirm] == [values[c] for c in confirm]
    assert any(set(other) <= set(f.cells) for f in report.findings if f.rule == "cells.missing")
