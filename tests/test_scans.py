"""Scanned reports: tables read from their own ruling lines, cells scored on generated reports printed,
rasterised at 150 dpi grey with a small rotation, blur and noise, and read back by OCR."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from formats import print_with_chromium
from PIL import Image, ImageDraw, ImageFont

from zfxxgk.check import run_checks
from zfxxgk.model import Provenance, Report, Severity
from zfxxgk.pipeline import parse_bytes
from zfxxgk.read import ocr, read_bytes
from zfxxgk.render import render_report
from zfxxgk.render.pdf import soffice
from zfxxgk.render.sample import LAYOUTS, differences, sample_report
from zfxxgk.templates import load

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CELLS_RIGHT = 0.99  # the target on clean 150 dpi grey scans


def _needs_ocr() -> None:
    if not ocr.ocr_available():
        pytest.skip('the ocr extra is not installed (pip install "zfxxgk[ocr]")')


def _ruled_table_scan(seed: int) -> bytes:
    """A sentence and a ruled table drawn at 150 dpi — a label merged over two rows, a header merged over
    two columns, a blank cell and a dash — then scanned (rotated, blurred, noised) as a PNG."""
    from zfxxgk.render.scan import scan_image

    if not FONT.exists():
        pytest.skip("no CJK font to draw the test scan (fonts-noto-cjk)")
    font = ImageFont.truetype(str(FONT), 22)
    page = Image.new("L", (1100, 560), 255)
    draw = ImageDraw.Draw(page)
    draw.text((60, 30), "全年共收到政府信息公开申请120件。", font=font, fill=0)
    xs, ys = [60, 360, 600, 840, 1040], [110, 160, 210, 260, 310, 360, 410]
    rows = [
        ["信息内容", "申请人情况", None, "总计"],
        [None, "自然人", "商业企业", None],
        ["规章", "12", "0", "12"],
        ["规范性文件", "", "—", "0"],
        ["行政许可", "105", "3", "108"],
        ["行政处罚", "7", "16", "23"],
    ]
    for y in ys:
        draw.line((xs[0], y, xs[-1], y), fill=0, width=2)
    for x in xs:
        draw.line((x, ys[0], x, ys[-1]), fill=0, width=2)
    # merges: 信息内容 and 总计 over the two header rows, 申请人情况 over two columns
    for x0, x1 in ((xs[0], xs[1]), (xs[3], xs[4])):
        draw.line((x0 + 2, ys[1], x1 - 2, ys[1]), fill=255, width=2)
    draw.line((xs[2], ys[0] + 2, xs[2], ys[1] - 2), fill=255, width=2)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                draw.text((xs[c] + 14, ys[r] + 12), text, font=font, fill=0)
    out = io.BytesIO()
    scan_image(page, random.Random(seed)).save(out, "PNG", dpi=(150, 150))
    return out.getvalue()


@pytest.mark.parametrize("seed", [1, 2])
def test_ruled_table_in_a_scan_is_read_cell_by_cell(seed: int) -> None:
    _needs_ocr()
    document = read_bytes(_ruled_table_scan(seed), "scan.png")
    (table,) = document.tables()
    assert [[c.text for c in row] for row in table.rows] == [
        ["信息内容", "申请人情况", "申请人情况", "总计"],
        ["信息内容", "自然人", "商业企业", "总计"],
        ["规章", "12", "0", "12"],
        ["规范性文件", "", "—", "0"],
        ["行政许可", "105", "3", "108"],
        ["行政处罚", "7", "16", "23"],
    ]
    assert [[c.merged for c in row] for row in table.rows[:2]] == [[False, False, True, False], [True, False, False, True]]
    blank, dash = table.rows[3][1], table.rows[3][2]
    assert blank.provenance.confidence is None and dash.provenance.confidence is not None
    assert all(0 < c.provenance.confidence <= 1 for c in table.rows[4])  # type: ignore[operator]
    assert document.paragraphs()[0].text == "全年共收到政府信息公开申请120件。"


def test_low_confidence_cells_are_named_for_review() -> None:
    """Only the cells read with low confidence are named, per table, with their printed text."""
    report: Report = sample_report(random.Random(7), "2021")
    sure, unsure, other_table = "requests.new.natural", "requests.granted.business", "appeals.review.total"
    limit = next(r.threshold for r in load("2021").rules if r.id == "ocr.low_confidence")
    assert limit is not None
    for cid, confidence in ((sure, 0.99), (unsure, limit - 0.2), (other_table, limit - 0.01)):
        report.cells[cid].provenance = Provenance(text="8", page=1, confidence=confidence)
    found = [f for f in run_checks(report) if f.rule == "ocr.low_confidence"]
    assert sorted(c for f in found for c in f.cells) == sorted([unsure, other_table])
    assert all(f.severity is Severity.INFO for f in found)
    assert any("申请人情况" in f.message or "商业企业" in f.message for f in found)


def test_a_report_read_without_ocr_has_no_low_confidence_finding() -> None:
    report = sample_report(random.Random(8), "2019")
    assert not [f for f in run_checks(report) if f.rule == "ocr.low_confidence"]


def scanned_sample(seed: int, folder: Path) -> tuple[Report, bytes]:
    """A generated report printed by LibreOffice and scanned."""
    from zfxxgk.render.scan import scan_pdf

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot print reports to PDF")
    rng = random.Random(seed)
    report = sample_report(rng, "2019" if seed % 2 else "2021")
    printed = folder / f"sample-{seed}.pdf"
    render_report(report, printed, force=True)
    return report, scan_pdf(printed.read_bytes(), rng)


def unflagged_errors(expected: Report, got: Report) -> list[str]:
    """Wrong cells that neither an error finding nor ocr.low_confidence names."""
    named = {c for f in got.findings if f.severity is Severity.ERROR or f.rule == "ocr.low_confidence" for c in f.cells}
    return [d for d in differences(expected, got) if d.split(":")[0] not in named]


@pytest.mark.slow
@pytest.mark.parametrize("seed", [101, 102, 103, 104])
def test_scanned_sample_reports_keep_their_cells(seed: int, tmp_path: Path) -> None:
    _needs_ocr()
    expected, scan = scanned_sample(seed, tmp_path)
    got = parse_bytes(scan, "scan.pdf")
    wrong = differences(expected, got)
    assert len(wrong) <= (1 - CELLS_RIGHT) * len(expected.cells), wrong
    assert unflagged_errors(expected, got) == []
    assert got.meta.agency == expected.meta.agency and got.meta.year == expected.meta.year


def test_known_misreadings_of_report_phrases_are_undone() -> None:
    assert ocr._as_printed("（一）子以公开") == "（一）予以公开"
    assert ocr._as_printed("（三）不子公开") == "（三）不予公开"
    assert ocr._as_printed("子女") == "子女"


@pytest.mark.parametrize(("pixels_per_point", "dpi"), [(None, 150), (100 / 72, 150), (200 / 72, 200), (600 / 72, 300)])
def test_scans_are_read_at_their_own_resolution_within_bounds(pixels_per_point: float | None, dpi: int) -> None:
    assert ocr.scan_scale(pixels_per_point) == pytest.approx(dpi / 72)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [204, 208])
def test_web_pages_printed_by_a_browser_and_scanned_keep_their_cells(seed: int, tmp_path: Path) -> None:
    """Chromium prints minus signs small and leaves tables open at page breaks."""
    from zfxxgk.render.scan import scan_pdf

    _needs_ocr()
    layout = next(layout for layout in LAYOUTS if layout.name == "html")
    rng = random.Random(seed)
    expected = sample_report(rng, "2021" if seed % 2 else "2019")
    printed = print_with_chromium(layout.render(expected, tmp_path), tmp_path / "printed.pdf")
    got = parse_bytes(scan_pdf(printed.read_bytes(), rng), "scan.pdf")
    assert len(differences(expected, got)) <= (1 - CELLS_RIGHT) * len(expected.cells) + 5
    assert unflagged_errors(expected, got) == []
