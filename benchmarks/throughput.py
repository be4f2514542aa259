"""Parse+check throughput and peak memory per format, each beside its floor, and ingest into SQLite and PostgreSQL.

usage: python benchmarks/throughput.py [--seconds 30] [--quick] [--json] [--profile FORMAT] [--pg URL]

For each format (text, HTML, DOCX, PDF) a fresh worker process reads the inputs over and over until it has
spent its share of `--seconds` of CPU time in `parse_path` (read → extract → check). After each report it
runs the format's floor on the same file — the least any tool must do to get at the content: reading the
bytes as text, lxml parsing the HTML, python-docx loading the DOCX, PDFium reading the PDF's text and the box
of every character —
so both figures come from the same minutes on the same machine. Rates are reports per CPU-second, i.e.
per core; peak RSS is the worker's, interpreter and libraries included. Ingest is timed separately: parsed
reports written by the store's writer in batches (one transaction each) into a new SQLite file and, with
`--pg`, a new PostgreSQL database, beside the floor of writing the same cell rows into a bare table.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from hashlib import sha256
from pathlib import Path
from typing import Any

from inputs import FORMATS, describe, machine, readable, real_sources, rendered, text_sources

from zfxxgk.errors import ZfxxgkError
from zfxxgk.model import Report
from zfxxgk.pipeline import parse_path

TARGETS = {"text": 300.0, "html": 300.0, "docx": 150.0, "pdf": 20.0, "ingest-sqlite": 500.0, "ingest-postgresql": 1000.0}
INGEST = ("ingest-sqlite", "ingest-postgresql")
PG_ENV = "ZFXXGK_BENCH_PG"
MAX_RSS_MB = 300.0
FLOOR_NAMES = {"text": "read bytes as text", "html": "lxml parse", "docx": "python-docx load", "pdf": "PDFium text + char boxes"}

Floor = Callable[[], object]


def _floor(fmt: str, path: Path, report: Report) -> Floor:
    """The floor for one file: what any reader of this format must at least do."""
    if fmt == "text":
        encoding = report.source.encoding or "utf-8"
        return lambda: path.read_bytes().decode(encoding)
    if fmt == "html":
        import lxml.html

        return lambda: lxml.html.document_fromstring(path.read_bytes())
    if fmt == "docx":
        import docx

        return lambda: docx.Document(str(path))
    return lambda: pdfium_text_and_boxes(path)


def pdfium_text_and_boxes(path: Path) -> list[tuple[str, list[tuple[float, float, float, float]]]]:
    """The PDF floor: PDFium's text of every page and the box of every character (under the PDFium lock,
    as the reader must) — what any PDF reader that places characters in table cells must at least get."""
    import pypdfium2

    from zfxxgk.read.pdfium import PDFIUM_LOCK

    pages = []
    with PDFIUM_LOCK:
        pdf = pypdfium2.PdfDocument(path.read_bytes())
        try:
            for page in pdf:
                text = page.get_textpage()
                count = text.count_chars()
                pages.append((text.get_text_range(), [text.get_charbox(i) for i in range(count)]))
                text.close()
                page.close()
        finally:
            pdf.close()
    return pages


def _peak_rss_mb() -> float:
    """This process's peak RSS. Linux's VmHWM starts afresh at exec, while getrusage's maximum is carried
    over from the parent that started the worker."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def measure(fmt: str, files: list[Path], seconds: float) -> dict[str, Any]:
    """Parse+check every readable file in turn, each followed by its floor, until `seconds` of CPU."""
    floors: list[tuple[Path, Floor]] = []
    failed: dict[str, str] = {}
    for path in files:  # warm-up pass: imports, caches, and which files read at all
        try:
            report = parse_path(path)
        except ZfxxgkError as exc:
            failed[path.name] = getattr(exc, "reason", str(exc))
            continue
        floor = _floor(fmt, path, report)
        floor()
        floors.append((path, floor))
    result: dict[str, Any] = {"format": fmt, "files": len(floors), "failed": failed, "floor": FLOOR_NAMES[fmt]}
    if not floors:
        return result
    work = base = 0.0
    runs = 0
    started = time.perf_counter()
    while work < seconds:
        for path, floor in floors:
            t0 = time.process_time()
            parse_path(path)
            t1 = time.process_time()
            floor()
            t2 = time.process_time()
            work, base, runs = work + t1 - t0, base + t2 - t1, runs + 1
    result.update(
        runs=runs,
        cpu_seconds=round(work, 3),
        wall_seconds=round(time.perf_counter() - started, 3),
        rate=runs / work,
        floor_rate=runs / base if base else None,
        peak_rss_mb=round(_peak_rss_mb(), 1),
    )
    return result


def measure_ingest(sources: list[Path], count: int, server: str | None = None) -> dict[str, Any]:
    """Write `count` distinct reports (parsed once, then given new bytes, agencies and years) in batches of
    the ingest's size, one transaction each, into a new SQLite file or a new database on the PostgreSQL
    `server`. The floor: the same batches' cell rows written, by the same bulk path, into a bare table
    (no keys, no indexes, no other table) — the least any store of the cells must do."""
    try:
        from sqlalchemy import Column, MetaData, Table, text
        from sqlalchemy.orm import Session

        from zfxxgk.store.bulk import insert_rows
        from zfxxgk.store.database import open_engine
        from zfxxgk.store.ingest import BATCH_SIZE
        from zfxxgk.store.reports import CELL_COLUMNS, cell_rows
        from zfxxgk.store.schema import CellRow
        from zfxxgk.store.stamp import extractor_version
        from zfxxgk.store.writer import save_batch
    except ImportError as exc:
        return {"format": _ingest_kind(server), "error": f"store not available ({exc})"}
    parsed: list[tuple[Report, bytes]] = []
    for path in sources:
        try:
            parsed.append((parse_path(path), path.read_bytes()))
        except ZfxxgkError:
            continue
    if not parsed:
        return {"format": _ingest_kind(server), "error": "no readable reports"}
    bare = Table("bench_cells", MetaData(), *(Column(c.name, c.type) for c in CellRow.__table__.columns if c.name != "id"))
    with tempfile.TemporaryDirectory(prefix="zfxxgk-bench-") as tmp, database(server, Path(tmp)) as url:
        engine = open_engine(url)
        bare.create(engine)
        stamp = extractor_version()
        statuses: dict[str, int] = {}
        elapsed = cpu = floor = 0.0
        for start in range(0, count, BATCH_SIZE):
            batch = [_variant(*parsed[i // 6 % len(parsed)], i) for i in range(start, min(count, start + BATCH_SIZE))]
            t0, c0 = time.perf_counter(), time.process_time()
            with Session(engine) as session, session.begin():
                outcomes = save_batch(session, batch, stamp)
            t1, c1 = time.perf_counter(), time.process_time()
            with Session(engine) as session, session.begin():
                insert_rows(session, bare, CELL_COLUMNS, [row for i, (report, _) in enumerate(batch) for row in cell_rows(start + i, report)])
            elapsed, cpu, floor = elapsed + t1 - t0, cpu + c1 - c0, floor + time.perf_counter() - t1
            with engine.begin() as connection:
                connection.execute(text("DELETE FROM bench_cells"))
            for outcome in outcomes:
                statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
        engine.dispose()
    return {
        "format": _ingest_kind(server), "runs": count, "rate": count / elapsed, "cpu_rate": count / cpu, "floor": "cell rows into a bare table",
        "floor_rate": count / floor, "statuses": statuses, "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def _ingest_kind(server: str | None) -> str:
    return "ingest-postgresql" if server else "ingest-sqlite"


@contextmanager
def database(server: str | None, folder: Path) -> Iterator[str]:
    """A new SQLite file in `folder`, or a new database on the PostgreSQL server, dropped afterwards."""
    if not server:
        yield str(folder / "bench.db")
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"zfxxgk_bench_{os.getpid()}_{time.monotonic_ns()}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _variant(report: Report, data: bytes, i: int) -> tuple[Report, bytes]:
    """Report i of the ingest run: other bytes (so it is not a duplicate), agency i // 6 for six years
    (so the cross-year checks run as in a real archive)."""
    body = data + f"\n#{i}".encode()
    meta = replace(report.meta, agency=f"{report.meta.agency or '机关'}{i // 6}号", year=2019 + i % 6)
    source = replace(report.source, path=f"bench/{i}.{report.source.format}", sha256=sha256(body).hexdigest())
    return replace(report, meta=meta, source=source), body


def prepare(folder: Path, formats: list[str], quick: bool) -> dict[str, list[Path]]:
    """The inputs of each format: the published ones, plus the text reports rendered as HTML and DOCX."""
    texts = text_sources(seeds_only=quick)
    inputs: dict[str, list[Path]] = {}
    for fmt in formats:
        files = real_sources(fmt, seeds_only=quick)
        if fmt in ("html", "docx"):
            files += rendered(fmt, texts, folder / fmt)
        inputs[fmt] = files
    return inputs


def _worker(args: argparse.Namespace) -> None:
    files = [Path(line) for line in Path(args.inputs).read_text("utf-8").splitlines() if line]
    if args.worker.startswith("ingest"):
        result = measure_ingest(files, args.count, args.pg or None)
    else:
        result = measure(args.worker, files, args.seconds)
    print(json.dumps(result, ensure_ascii=False))


def _spawn(kind: str, files: list[Path], folder: Path, seconds: float, count: int, pg: str | None = None) -> dict[str, Any]:
    """Run one measurement in a fresh process, so each format's peak RSS is its own."""
    listing = folder / f"{kind}.list"
    listing.write_text("\n".join(map(str, files)), "utf-8")
    command = [sys.executable, __file__, "--worker", kind, "--inputs", str(listing), "--seconds", str(seconds), "--count", str(count), "--pg", pg or ""]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds * 6 + 600)
    if done.returncode != 0:
        return {"format": kind, "error": (done.stderr.strip().splitlines() or ["worker failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(seconds: float, quick: bool, formats: list[str], pg: str | None = None) -> dict[str, Any]:
    available = [f for f in formats if readable(f)]
    results: list[dict[str, Any]] = [{"format": f, "error": "not available (no reader installed)"} for f in formats if f not in available]
    with tempfile.TemporaryDirectory(prefix="zfxxgk-bench-") as tmp:
        folder = Path(tmp)
        inputs = prepare(folder, available, quick)
        share = seconds / max(1, len(available))
        for fmt in available:
            results.append(_spawn(fmt, inputs[fmt], folder, share, 0) if inputs[fmt] else {"format": fmt, "error": "no input files"})
        count = 300 if quick else 3000
        results.append(_spawn("ingest-sqlite", text_sources(), folder, share, count))
        if pg:
            results.append(_spawn("ingest-postgresql", text_sources(), folder, share, count, pg))
        else:
            results.append({"format": "ingest-postgresql", "error": f"not measured: give --pg URL or ${PG_ENV} (a server where a database may be created)"})
    order = [*FORMATS, *INGEST]
    results.sort(key=lambda r: order.index(r["format"]))
    return {"machine": machine(), "seconds": seconds, "results": results}


def _status(value: float | None, target: float, higher_is_better: bool = True) -> str:
    if value is None:
        return ""
    return "met" if (value >= target if higher_is_better else value < target) else "NOT MET"


def table(data: dict[str, Any]) -> str:
    """The results as a Markdown table (printed, and pasted into the README by report.py)."""
    lines = [
        "| format | files | reports/s (1 core) | ms/report | floor | floor reports/s | × floor's time | peak RSS | target |",
        "|---|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    for r in data["results"]:
        fmt = r["format"]
        if "error" in r or "rate" not in r:
            lines.append(f"| {fmt} | | {r.get('error', 'no readable input')} | | | | | | |")
            continue
        target = TARGETS[fmt]
        rss = r["peak_rss_mb"]
        if fmt in INGEST:  # SQLite works inside the writer's process, so its CPU rate is per core like the others
            rate = r["cpu_rate"] if fmt == "ingest-sqlite" else r["rate"]
            how = "per CPU-second" if fmt == "ingest-sqlite" else f"wall time (the writer's own CPU alone: {r['cpu_rate']:.0f}/s; the server's is not counted)"
            lines.append(
                f"| {fmt} | {r['runs']} reports | {rate:.0f} | {1000 / rate:.2f} | {r['floor']} | {r['floor_rate']:.0f} "
                f"| {r['floor_rate'] / r['rate']:.1f}× (wall) | {rss:.0f} MB | ≥ {target:.0f}/s: {_status(rate, target)}, {how}; wall {r['rate']:.0f}/s |"
            )
            continue
        floor_rate = r["floor_rate"]
        ratio = f"{floor_rate / r['rate']:.0f}×" if floor_rate else ""
        lines.append(
            f"| {fmt} | {r['files']} | {r['rate']:.1f} | {1000 / r['rate']:.2f} | {r['floor']} | {floor_rate:.1f} | {ratio} "
            f"| {rss:.0f} MB | ≥ {target:.0f}/s: {_status(r['rate'], target)}; RSS < {MAX_RSS_MB:.0f} MB: {_status(rss, MAX_RSS_MB, False)} |"
        )
    return "\n".join(lines)


def profile(fmt: str, seconds: float, top: int = 30) -> None:
    """Where parse+check spends its time on one format: cProfile, by own time and by cumulative time."""
    with tempfile.TemporaryDirectory(prefix="zfxxgk-bench-") as tmp:
        files = prepare(Path(tmp), [fmt], quick=False)[fmt]
        profiler = cProfile.Profile()
        profiler.enable()
        measure(fmt, files, seconds)
        profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=30.0, help="CPU seconds of parse+check in total, shared by the formats (default 30)")
    ap.add_argument("--quick", action="store_true", help="a few seconds, the seeds only: a smoke test, not a measurement")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--formats", default=",".join(FORMATS), help="comma-separated subset of text,html,docx,pdf")
    ap.add_argument("--profile", choices=FORMATS, help="profile parse+check of one format instead")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--inputs", help=argparse.SUPPRESS)
    ap.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--pg", default=os.environ.get(PG_ENV, ""), help=f"PostgreSQL server URL for the ingest run (default ${PG_ENV}); a database is created and dropped")
    args = ap.parse_args()
    if args.worker:
        _worker(args)
        return
    seconds = 4.0 if args.quick else args.seconds
    if args.profile:
        profile(args.profile, seconds)
        return
    data = run(seconds, args.quick, [f for f in args.formats.split(",") if f], args.pg or None)
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(f"Machine: {describe(data['machine'])}; {data['seconds']:.0f} CPU-seconds of parse+check in total.\n")
        print(table(data))


if __name__ == "__main__":
    main()
