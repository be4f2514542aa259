"""Regenerate the README's Performance and Accuracy figures from the benchmarks, so they cannot drift.

usage: python benchmarks/report.py [--quick] [--readme README.md]

Runs throughput.py, accuracy.py and ocr.py (each in its own process, as anyone would) and replaces the text between
the `<!-- benchmarks:NAME -->` and `<!-- /benchmarks:NAME -->` markers of the README with their tables and
the machine they ran on. The prose around the markers is written by hand and says how to read them.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from inputs import describe
from throughput import table

HERE = Path(__file__).resolve().parent


def _run(script: str, quick: bool) -> dict[str, Any]:
    command = [sys.executable, str(HERE / script), "--json", *(["--quick"] if quick else [])]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def performance(data: dict[str, Any]) -> str:
    return (
        f"Measured by `python benchmarks/throughput.py` on {date.today().isoformat()}: {describe(data['machine'])}; "
        f"{data['seconds']:.0f} CPU-seconds of parse+check in total.\n\n{table(data)}"
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
    args = ap.parse_args()
    text = args.readme.read_text("utf-8")
    text = replace_section(text, "performance", performance(_run("throughput.py", args.quick)))
    text = replace_section(text, "accuracy", accuracy(_run("accuracy.py", args.quick)))
    text = replace_section(text, "ocr", scans(_run("ocr.py", args.quick)))
    args.readme.write_text(text, "utf-8")
    print(f"updated {args.readme}")


if __name__ == "__main__":
    main()
