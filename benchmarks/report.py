"""Regenerate the README's Performance and Accuracy figures from the benchmarks, so they cannot drift.

usage: python benchmarks/report.py [--quick] [--readme README.md] [--pg URL] [-n 2000]

Runs throughput.py, accuracy.py, ocr.py and, given a PostgreSQL server (`--pg` or $ZFXXGK_BENCH_PG),
national.py at `-n` reports (each in its own process, as anyone would) and replaces the text between the
`<!-- benchmarks:NAME -->` and `<!-- /benchmarks:NAME -->` markers of the README with their tables and the
machine they ran on. The prose around the markers is written by hand and says how to read them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from inputs import describe
from national import table as national_table
from throughput import table

HERE = Path(__file__).resolve().parent


def _run(script: str, *options: str) -> dict[str, Any]:
    command = [sys.executable, str(HERE / script), "--json", *options]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def performance(data: dict[str, Any]) -> str:
    return (
        f"Measured by `python benchmarks/throughput.py` on {date.today().isoformat()}: {describe(data['machine'])}; "
        f"{data['seconds']:.0f} CPU-seconds of parse+check in total.\n\n{table(data)}"
    )


def national(data: dict[str, Any]) -> str:
    return (
        f"Measured by `python benchmarks/national.py -n {data['n']}` on {date.today().isoformat()}: {describe(data['machine'])}, "
        f"{data['workers']} Dask workers; **measured at n = {data['n']} and extrapolated** to 100,000, not run at 100,000.\n\n{national_table(data)}"
    )


def accuracy(data: dict[str, Any]) -> str:
    misses = "\n".join(f"- {line}" for line in data["problems"]) or "No misses; every mutation placed; every one in 表三/表四 caught."
    return (
        f"Measured by `python benchmarks/accuracy.py` on {date.today().isoformat()}: {describe(data['machine'])}.\n\n"
        f"{data['gold_table']}\n\n{data['mutation_table']}\n\n{data['variation_table']}\n\n{misses}"
    )


def scans(data: dict[str, Any]) -> str:
    from ocr import table as ocr_table

    return f"Measured by `python benchmarks/ocr.py` on {date.today().isoformat()}: {describe(data['machine'])}.\n\n{ocr_table(data['rows'])}"


def replace_section(text: str, name: str, body: str) -> str:
    """The text with the block between the markers of `name` replaced; ValueError when they are absent."""
    pattern = re.compile(rf"(<!-- benchmarks:{name} -->\n).*?(\n<!-- /benchmarks:{name} -->)", re.S)
    if not pattern.search(text):
        raise ValueError(f"the README has no <!-- benchmarks:{name} --> … <!-- /benchmarks:{name} --> markers")
    return pattern.sub(lambda m: m.group(1) + body + m.group(2), text, count=1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke-test figures (not for publishing)")
    ap.add_argument("--readme", type=Path, default=HERE.parent / "README.md")
    ap.add_argument("--pg", default=os.environ.get("ZFXXGK_BENCH_PG", ""), help="PostgreSQL server for the ingest and national runs")
    ap.add_argument("-n", type=int, default=2000, help="reports in the national run (default 2000)")
    ap.add_argument("--only", choices=("performance", "accuracy", "ocr", "national"), help="regenerate this section alone")
    args = ap.parse_args()
    quick = ["--quick"] if args.quick else []
    pg = ["--pg", args.pg] if args.pg else []
    text = args.readme.read_text("utf-8")
    wanted = {args.only} if args.only else {"performance", "accuracy", "ocr", "national"}
    if "performance" in wanted:
        text = replace_section(text, "performance", performance(_run("throughput.py", *quick, *pg)))
    if "accuracy" in wanted:
        text = replace_section(text, "accuracy", accuracy(_run("accuracy.py", *quick)))
    if "ocr" in wanted:
        text = replace_section(text, "ocr", scans(_run("ocr.py", *quick)))
    if "national" in wanted and args.pg:
        text = replace_section(text, "national", national(_run("national.py", *pg, "-n", str(200 if args.quick else args.n))))
    args.readme.write_text(text, "utf-8")
    print(f"updated {args.readme}")


if __name__ == "__main__":
    main()
