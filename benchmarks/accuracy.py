"""Accuracy against the gold files, and the single-number mutation test, for every format there is.

usage: python benchmarks/accuracy.py [--quick] [--json] [--cells N] [--samples N]

Gold: the seeds against their hand-checked gold, the corpus against its expected cells, and the same
reports rendered to HTML and DOCX (by `zfxxgk.render`) against the same gold — so the HTML and DOCX readers
are scored on reports whose every cell is known. Mutations: each printed number of a seed is changed in
turn — in the text source itself, and in the HTML and DOCX rendered from the seed with that one value
changed — and the report read back must differ in exactly that cell (placed) and carry a new error
finding naming it (caught). Only 表三 and 表四 are fully covered by arithmetic rules, so `caught` is also
shown for them alone. Variations: random consistent reports printed the ways agencies print them
(`zfxxgk.render.sample.VARIATIONS`: rows and groups left out, the other format's columns, word cells,
blank labels, the agency outside the title, CMS pages), alone and all together, in each format, read
back and scored against what the page prints — cells, non-zero cells, agency and the findings the page
calls for. Work is spread over all cores.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from inputs import (
    CORPUS,
    CORPUS_GOLD,
    SEED_GOLD,
    SEEDS,
    describe,
    machine,
    readable,
    render_bytes,
    rendered,
    renderer,
    scanned,
    text_sources,
)

from zfxxgk.evaluate import (
    FileScore,
    MutationScore,
    Scores,
    evaluate,
    mutate,
    mutate_text,
    printed_cells,
    score_report,
    with_value,
)
from zfxxgk.model import Report
from zfxxgk.pipeline import parse_bytes, parse_path
from zfxxgk.read import READERS
from zfxxgk.render.pdf import soffice
from zfxxgk.render.sample import LAYOUTS, VARIATIONS, differences, sample_report, vary

RULED_TABLES = ("requests.", "appeals.")  # 表三 and 表四: every cell is in an arithmetic rule
SCANNED_SAMPLES = 6  # generated reports printed and scanned (2 with --quick); each page takes ~3 s of OCR
DOCX_CELLS = 40  # rendering a DOCX takes ~0.3 s: this many mutations per seed unless --cells says otherwise
SAMPLES = 12  # generated reports per variation and format unless --samples says otherwise
VARIED_LAYOUTS = ("tabs", "cells", "html", "docx", "html-printed")


def _by_format(label: str, scores: Scores) -> list[tuple[str, Scores]]:
    """The scores split by the documents' format (file suffix)."""
    formats: dict[str, list[FileScore]] = {}
    for f in scores.files:
        suffix = Path(f.name).suffix.lstrip(".").lower()
        formats.setdefault({"txt": "text", "md": "text"}.get(suffix, suffix.upper()), []).append(f)
    return [(f"{label} ({fmt})", Scores(files)) for fmt, files in sorted(formats.items())]


def gold_scores(folder: Path, quick: bool) -> list[tuple[str, Scores]]:
    """Accuracy of the published documents, by format, and of their HTML and DOCX renderings."""
    out = [("seeds (text)", evaluate(SEED_GOLD, SEEDS))]
    if not quick:
        out += _by_format("corpus", evaluate(CORPUS_GOLD, CORPUS))
    for fmt in ("html", "docx"):
        if not readable(fmt):
            continue
        target = folder / fmt
        if rendered(fmt, text_sources(seeds_only=quick), target):
            both = [evaluate(gold, target) for gold in ((SEED_GOLD,) if quick else (SEED_GOLD, CORPUS_GOLD))]
            out.append((f"the same rendered as {fmt.upper()}", Scores([f for s in both for f in s.files])))
    if readable("pdf") and soffice() is not None:
        out += scan_scores(folder, quick)
    return out


def scan_scores(folder: Path, quick: bool) -> list[tuple[str, Scores]]:
    """Scans of the seeds printed to PDF, scored against the seeds' gold, and of generated reports of both
    templates, scored against the values they were generated with."""
    out = []
    if not quick and scanned(rendered("pdf", text_sources(seeds_only=True), folder / "pdf"), folder / "scan"):
        out.append(("the seeds printed to PDF and scanned (150 dpi grey, OCR)", evaluate(SEED_GOLD, folder / "scan")))
    render = renderer(".pdf")
    assert render is not None
    printed = []
    reports = {}
    for seed in range(2 if quick else SCANNED_SAMPLES):
        report = sample_report(random.Random(seed), "2019" if seed % 2 else "2021")
        path = folder / "samples" / f"sample-{seed}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        render(report, path)
        printed.append(path)
        reports[path.name] = report
    scores = Scores([])
    for scan in scanned(printed, folder / "sample-scans"):
        expected = reports[scan.name]
        gold = {"meta": {"agency": expected.meta.agency, "year": expected.meta.year, "template": expected.meta.template},
                "cells": expected.values()}
        scores.files.append(score_report(scan.name, gold, parse_bytes(scan.read_bytes(), scan.name)))
    if scores.files:
        out.append(("generated reports (both templates) printed and scanned", scores))
    return out


def _sample(cells: list[str], limit: int | None) -> list[str]:
    """At most `limit` cells, spread evenly over the tables."""
    if limit is None or len(cells) <= limit:
        return cells
    step = math.ceil(len(cells) / limit)
    return cells[::step]


def text_mutations(path: Path, limit: int | None) -> MutationScore:
    original = parse_path(path)
    return mutate_text(path, _sample(printed_cells(original), limit))


def rendered_mutations(path: Path, suffix: str, limit: int | None) -> MutationScore:
    """Mutations of a seed rendered as `suffix`: the document is rendered again with one value changed."""
    render = renderer(suffix)
    assert render is not None
    report = parse_path(path)
    name = f"{path.stem}{suffix}"
    original = parse_bytes(render_bytes(render, report, suffix), name)
    cells = _sample(printed_cells(original), limit)
    return mutate(original, lambda cid, value: render_bytes(render, with_value(report, cid, value), suffix), name, cells)


def mutation_scores(quick: bool, limit: int | None) -> list[tuple[str, list[MutationScore]]]:
    seeds = text_sources(seeds_only=True)
    corpus = [] if quick else [p for p in text_sources() if p not in seeds]
    jobs: dict[str, list[Any]] = {"text (seeds)": [(text_mutations, p, limit) for p in seeds]}
    if corpus:
        jobs["text (corpus)"] = [(text_mutations, p, limit) for p in corpus]
    for fmt, suffix in (("html", ".html"), ("docx", ".docx")):
        if readable(fmt) and renderer(suffix) is not None:
            cap = limit if limit is not None or fmt != "docx" else DOCX_CELLS
            jobs[f"{fmt.upper()} rendered from the seeds"] = [(rendered_mutations, p, suffix, cap) for p in seeds]
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        futures = {label: [pool.submit(*job) for job in group] for label, group in jobs.items()}
        return [(label, [f.result() for f in group]) for label, group in futures.items()]


def varied_score(layout_name: str, names: tuple[str, ...], seed: int) -> dict[str, int]:
    """One generated report printed with the variations `names` in one layout, read back and scored."""
    layout = next(layout for layout in LAYOUTS if layout.name == layout_name)
    rng = random.Random(seed)
    report = sample_report(rng, ("2019", "2021")[seed % 2])
    printed = vary(rng, report, names)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            got: Report | None = parse_path(layout.render(report, Path(tmp), printed))
        except Exception:  # a document the reader refuses scores nothing right
            got = None
    expected = printed.report
    cells = list(expected.cells)  # a cell the page leaves out is right when read as MISSING
    wrong = {d.split(":")[0] for d in differences(expected, got)} if got is not None else set(cells)
    if got is not None and got.meta.template != expected.meta.template:
        wrong = set(cells)
    nonzero = [c for c in cells if expected.cells[c].value not in (None, 0)]
    rules = {f.rule for f in got.findings} if got is not None else set()
    return {
        "cells": len(cells),
        "cells_right": sum(c not in wrong for c in cells),
        "nonzero": len(nonzero),
        "nonzero_right": sum(c not in wrong for c in nonzero),
        "agency_right": int(got is not None and got.meta.agency == expected.meta.agency),
        "findings": len(printed.findings),
        "findings_right": len(printed.findings & rules),
    }


def variation_scores(samples: int) -> list[tuple[str, str, list[dict[str, int]]]]:
    """Every variation alone and all together, in each layout whose reader is installed."""
    combos = [(name,) for name in VARIATIONS] + [tuple(VARIATIONS)]
    layouts = [layout for layout in LAYOUTS if layout.name in VARIED_LAYOUTS and not layout.unavailable(READERS)]
    jobs: dict[tuple[str, str], list[Any]] = {}
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        for names in combos:
            for layout in layouts:
                if "cms-page" in names and not layout.keeps_chrome:
                    continue
                key = ("+".join(names) if len(names) == 1 else "all together", layout.name)
                jobs[key] = [pool.submit(varied_score, layout.name, names, seed) for seed in range(samples)]
        return [(names, layout, [f.result() for f in futures]) for (names, layout), futures in jobs.items()]


def variation_table(rows: list[tuple[str, str, list[dict[str, int]]]]) -> str:
    lines = [
        "| variation | layout | documents | cells right | non-zero cells right | agency right | findings reported |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for names, layout, scores in rows:
        total = {k: sum(s[k] for s in scores) for k in scores[0]}
        lines.append(
            f"| {names} | {layout} | {len(scores)} | {_pct(total['cells_right'], total['cells'])} "
            f"| {_pct(total['nonzero_right'], total['nonzero'])} | {_pct(total['agency_right'], len(scores))} "
            f"| {_pct(total['findings_right'], total['findings'])} |"
        )
    return "\n".join(lines)


def _pct(right: int, total: int) -> str:
    return f"{right}/{total} ({right / total:.1%})" if total else "—"


def gold_table(rows: list[tuple[str, Scores]]) -> str:
    lines = [
        "| documents | files | cells right | non-zero cells right | agency right | meta right |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, s in rows:
        agency_wrong = sum(any(m.key == "meta.agency" for m in f.misses) for f in s.files)
        lines.append(
            f"| {label} | {len(s.files)} | {_pct(s.total('cells_right'), s.total('cells'))} "
            f"| {_pct(s.total('nonzero_right'), s.total('nonzero'))} | {_pct(len(s.files) - agency_wrong, len(s.files))} "
            f"| {_pct(s.total('meta_right'), s.total('meta'))} |"
        )
    return "\n".join(lines)


def mutation_table(rows: list[tuple[str, list[MutationScore]]]) -> str:
    lines = [
        "| source | documents | numbers changed | placed | caught | caught in 表三/表四 | not changeable in the source |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, scores in rows:
        done = [m for s in scores for m in s.mutations]
        ruled = [m for m in done if m.cell.startswith(RULED_TABLES)]
        skipped = sum(len(s.unlocated) + len(s.failed) for s in scores)
        lines.append(
            f"| {label} | {len(scores)} | {len(done)} | {_pct(sum(m.placed for m in done), len(done))} "
            f"| {_pct(sum(m.caught for m in done), len(done))} | {_pct(sum(m.caught for m in ruled), len(ruled))} | {skipped} |"
        )
    return "\n".join(lines)


def problems(gold: list[tuple[str, Scores]], mutations: list[tuple[str, list[MutationScore]]]) -> list[str]:
    """Every miss against gold, every misplaced mutation and every uncaught one in 表三/表四."""
    out = [f"{label}: {f.name}: {m.key} gold={m.gold} got={m.got}" for label, s in gold for f in s.files for m in f.misses]
    for label, scores in mutations:
        for s in scores:
            for m in s.mutations:
                if not m.placed:
                    out.append(f"{label}: {s.name}: {m.cell} {m.printed}→{m.changed} not placed (also moved: {', '.join(m.stray) or 'none'})")
                elif not m.caught and m.cell.startswith(RULED_TABLES):
                    out.append(f"{label}: {s.name}: {m.cell} {m.printed}→{m.changed} placed but no error names it")
    return out


def run(quick: bool, limit: int | None, samples: int = SAMPLES) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="zfxxgk-bench-") as tmp:
        gold = gold_scores(Path(tmp), quick)
    mutations = mutation_scores(quick, limit)
    varied = variation_scores(samples)
    return {
        "machine": machine(),
        "gold_table": gold_table(gold),
        "mutation_table": mutation_table(mutations),
        "variation_table": variation_table(varied),
        "problems": problems(gold, mutations),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="seeds only, 10 mutations per document: a smoke test")
    ap.add_argument("--cells", type=int, help=f"mutations per document (default: every printed number; {DOCX_CELLS} for DOCX)")
    ap.add_argument("--samples", type=int, help=f"generated reports per variation and layout (default {SAMPLES}; 3 with --quick)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()
    samples = args.samples or (3 if args.quick else SAMPLES)
    data = run(args.quick, 10 if args.quick and args.cells is None else args.cells, samples)
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return
    print(f"Machine: {describe(data['machine'])}\n")
    print(data["gold_table"], end="\n\n")
    print(data["mutation_table"], end="\n\n")
    print(data["variation_table"], end="\n\n")
    print("\n".join(data["problems"]) or "No misses, every mutation placed, every one in 表三/表四 caught.")


if __name__ == "__main__":
    main()
