"""A 2021 report printing （六）其他处理 as the one row of the 2019 format (two of the corpus PDFs do).

Its values fill no cell of the 2021 template: the three rows under it stay missing, the other cells keep
their values, and `template.outdated_row` says what was printed — also after a stored report is corrected.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from refdata import CORPUS, require

from zfxxgk.model import CellKind, Severity
from zfxxgk.pipeline import parse_path
from zfxxgk.render.sample import LAYOUTS, sample_report
from zfxxgk.store import Store
from zfxxgk.templates import load

RULE = "template.outdated_row"
COLUMNS = ("natural", "business", "research", "ngo", "legal", "other", "total")
OTHER_ROWS = [row.id for row, _ in load("2021").tables["requests"].rows() if row.parent == "（六）其他处理"]


def _other_cells() -> list[str]:
    return [f"requests.{r}.{c}" for r in OTHER_ROWS for c in COLUMNS]


def _printed_the_2019_way(tmp_path: Path, seed: int) -> tuple[Path, dict[str, int | float | None], list[str]]:
    """A sample 2021 report in tab layout with its three 其他处理 rows replaced by one row of their sums."""
    report = sample_report(random.Random(seed), "2021")
    tabs = next(layout for layout in LAYOUTS if layout.name == "tabs")
    lines = tabs.render(report, tmp_path).read_text("utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if "（六）其他处理" in line)
    values = report.values()
    sums = [str(sum(values[f"requests.{r}.{c}"] or 0 for r in OTHER_ROWS)) for c in COLUMNS]
    lines[first : first + 3] = ["\t（六）其他处理\t\t" + "\t".join(sums)]
    path = tmp_path / "outdated.txt"
    path.write_text("\n".join(lines), "utf-8")
    return path, report.values(), sums


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_row_is_reported_and_no_other_cell_moves(tmp_path: Path, seed: int) -> None:
    path, printed, sums = _printed_the_2019_way(tmp_path, seed)
    got = parse_path(path)
    assert [(u.table, u.label, u.values) for u in got.unplaced] == [("requests", "（六）其他处理", sums)]
    other = set(_other_cells())
    assert all(got.cells[c].kind is CellKind.MISSING for c in other)
    assert {c: v for c, v in got.values().items() if c not in other} == {c: v for c, v in printed.items() if c not in other}
    (finding,) = [f for f in got.findings if f.rule == RULE]
    assert finding.severity is Severity.WARNING and set(finding.cells) == other
    assert "、".join(sums) in finding.message and "分为 3 行" in finding.message


def test_a_report_in_the_current_format_has_no_such_finding(tmp_path: Path) -> None:
    report = sample_report(random.Random(1), "2021")
    tabs = next(layout for layout in LAYOUTS if layout.name == "tabs")
    got = parse_path(tabs.render(report, tmp_path))
    assert got.unplaced == [] and RULE not in {f.rule for f in got.findings}


def test_real_pdf_printing_the_old_row() -> None:
    got = parse_path(require(CORPUS / "pdf" / "2024_淮安市洪泽区_区政府.pdf"))
    (row,) = got.unplaced
    assert row.label == "（六）其他处理" and row.values == ["0"] * 7 and row.provenance and row.provenance.page
    assert got.values()["requests.total.total"] == 95


def test_the_finding_survives_a_correction(tmp_path: Path) -> None:
    path, _, _ = _printed_the_2019_way(tmp_path, 1)
    store = Store.open(f"sqlite:///{tmp_path / 'z.db'}")
    try:
        store.ingest([path], workers=1)
        (info,) = store.list_reports()
        assert RULE in {f.rule for f in store.get_report(info.id).report.findings}
        corrected = store.correct(info.id, "requests.new.natural", 0, "核对")
        assert RULE in {f.rule for f in corrected.findings}
    finally:
        store.close()


def test_explain_lists_the_row_no_cell_holds() -> None:
    import subprocess
    import sys

    pdf = require(CORPUS / "pdf" / "2024_淮安市洪泽区_区政府.pdf")
    shown = subprocess.run([sys.executable, "-m", "zfxxgk.cli", "explain", str(pdf)], capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0
    assert "未计入单元格 （六）其他处理：0 | 0 | 0 | 0 | 0 | 0 | 0（p4" in shown.stdout
