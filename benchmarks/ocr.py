"""Scanned reports: where the OCR reader's time goes on each page, against a floor measured in the same run.

usage: python benchmarks/ocr.py [--quick] [--json]

The corpus's real PDF reports (five and six pages) are rasterised as a scanner returns them — 150 dpi
grey, a small rotation, blur and noise (`zfxxgk.render.scan`) — and parsed in this process, one core,
onnxruntime on one thread; times are CPU seconds. The reader's stages are timed by wrapping its
functions: the grid (straightening, ruling lines, cells and their ink), the detector (text outside the
tables) and the recogniser (every inked cell and detected line); "other" is the rest of parse+check
(rendering the PDF page, layout, extraction, checks). The floor is RapidOCR's text detector alone run
over every whole page — the least any OCR of these pages does; "whole-page OCR" is RapidOCR's detector,
classifier and recogniser over every whole page, the way scans were read before the grid (skipped with
--quick). Cells are compared with what the PDF reader reads from the same file's text layer. Target:
a 6-page scanned report under 30 s on one core.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from inputs import CORPUS, describe, machine

from zfxxgk.pipeline import parse_bytes, parse_path
from zfxxgk.read import ocr, scan_grid
from zfxxgk.render.sample import differences
from zfxxgk.render.scan import DPI, scan_pdf

TARGET_SECONDS = 30.0
TARGET_PAGES = 6
STAGES = {"grid": (scan_grid, ("straighten", "find_tables")), "detection": (ocr, ("_detect",)), "recognition": (ocr, ("_recognise",))}


def _timed(spent: dict[str, float], stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage] += time.process_time() - start

    return wrapper


def _pages(scan: bytes) -> list[Any]:
    """The scan's page images as BGR arrays, as the OCR engine takes them."""
    import cv2
    import pypdfium2

    document = pypdfium2.PdfDocument(scan)
    try:
        grays = [page.render(scale=DPI / 72, grayscale=True).to_numpy() for page in document]
    finally:
        document.close()
    return [cv2.cvtColor(g[..., 0] if g.ndim == 3 else g, cv2.COLOR_GRAY2BGR) for g in grays]


def _cpu(work: Callable[[], Any]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def measure(pdf: Path, whole_page: bool) -> dict[str, Any]:
    """One real report scanned: parse+check time by stage, the floor, and the cells kept."""
    reference = parse_path(pdf)
    scan = scan_pdf(pdf.read_bytes(), random.Random(pdf.name))
    spent: dict[str, float] = defaultdict(float)
    originals = {(module, name): getattr(module, name) for module, names in STAGES.values() for name in names}
    for stage, (module, names) in STAGES.items():
        for name in names:
            setattr(module, name, _timed(spent, stage, getattr(module, name)))
    try:
        start = time.process_time()
        report = parse_bytes(scan, pdf.name)
        total = time.process_time() - start
    finally:
        for (module, name), function in originals.items():
            setattr(module, name, function)
    pages = _pages(scan)
    engine = ocr._engine()
    floor = sum(_cpu(lambda p=p: engine.text_det(p)) for p in pages)
    before = sum(_cpu(lambda p=p: engine(p)) for p in pages) if whole_page else None
    wrong = differences(reference, report)
    named = {c for f in report.findings if f.severity.value == "error" or f.rule == "ocr.low_confidence" for c in f.cells}
    return {
        "report": pdf.stem,
        "pages": len(pages),
        "seconds": total,
        "stages": {stage: spent[stage] for stage in STAGES} | {"other": total - sum(spent.values())},
        "floor": floor,
        "whole_page": before,
        "cells": len(reference.cells),
        "cells_right": len(reference.cells) - len(wrong),
        "wrong": wrong,
        "unnamed": [w for w in wrong if w.split(":")[0] not in named],
        "low_confidence": sum(len(f.cells) for f in report.findings if f.rule == "ocr.low_confidence"),
    }


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| scanned report | pages | parse+check s (1 core) | s/page | grid | detection | recognition | other "
        "| floor: detection alone | × floor | whole-page OCR s | cells as the text PDF | wrong cells no finding names | cells marked low-confidence | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        s = r["stages"]
        whole = f"{r['whole_page']:.1f}" if r["whole_page"] is not None else "—"
        limit = TARGET_SECONDS * r["pages"] / TARGET_PAGES
        met = "met" if r["seconds"] < limit else "NOT MET"
        lines.append(
            f"| {r['report']} | {r['pages']} | {r['seconds']:.1f} | {r['seconds'] / r['pages']:.2f} "
            f"| {s['grid']:.1f} | {s['detection']:.1f} | {s['recognition']:.1f} | {s['other']:.1f} "
            f"| {r['floor']:.1f} | {r['seconds'] / r['floor']:.1f}× | {whole} "
            f"| {r['cells_right']}/{r['cells']} | {len(r['unnamed'])} | {r['low_confidence']} | < {limit:.0f} s: {met} |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="one report, without the whole-page OCR comparison")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()
    if not ocr.ocr_available():
        raise SystemExit('the ocr extra is not installed: pip install "zfxxgk[ocr]"')
    pdfs = sorted((CORPUS / "pdf").glob("*.pdf"), key=lambda p: p.stat().st_size, reverse=True)
    rows = [measure(pdf, not args.quick) for pdf in pdfs[: 1 if args.quick else None]]
    if args.json:
        print(json.dumps({"machine": machine(), "rows": rows}, ensure_ascii=False, indent=2))
        return
    print(f"Measured by `python benchmarks/ocr.py` on {time.strftime('%Y-%m-%d')}: {describe(machine())}.\n")
    print(table(rows))
    for r in rows:
        for miss in r["wrong"]:
            print(f"- {r['report']}: {miss}{'' if miss in r['unnamed'] else ' (named by a finding)'}")


if __name__ == "__main__":
    main()
