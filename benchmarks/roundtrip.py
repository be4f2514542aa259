"""The round trip at scale: many random consistent reports through every available layout.

    python benchmarks/roundtrip.py                 # 200 reports per layout (PDF: 20)
    python benchmarks/roundtrip.py -n 1000 --layout tabs --layout html

Prints, per layout, how many reports came back with every cell, the format and the year unchanged,
and the time per report; failing seeds are listed with their first differences, so that
`sample_report(random.Random(SEED))` reproduces them.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from zfxxgk.errors import ZfxxgkError
from zfxxgk.pipeline import parse_path
from zfxxgk.read import READERS
from zfxxgk.render.sample import LAYOUTS, Layout, differences, sample_report

SLOW = {"pdf": 10}  # a LibreOffice run per report: a tenth of the examples


def run(layout: Layout, seeds: range) -> tuple[list[tuple[int, list[str]]], float]:
    failures: list[tuple[int, list[str]]] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            report = sample_report(random.Random(seed))
            try:
                diff = differences(report, parse_path(layout.render(report, Path(tmp))))
            except ZfxxgkError as exc:
                diff = [f"{type(exc).__name__}: {exc}"]
            if diff:
                failures.append((seed, diff))
    return failures, (time.perf_counter() - started) / max(1, len(seeds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--examples", type=int, default=200, help="reports per layout")
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--layout", action="append", help="only these layouts (repeatable)")
    args = parser.parse_args()
    print(f"{'layout':28} {'ok':>9} {'s/report':>9}")
    for layout in LAYOUTS:
        if args.layout and layout.name not in args.layout:
            continue
        if reason := layout.unavailable(READERS):
            print(f"{layout.name:28} skipped: {reason}")
            continue
        seeds = range(args.seed, args.seed + max(1, args.examples // SLOW.get(layout.reader, 1)))
        failures, seconds = run(layout, seeds)
        print(f"{layout.name:28} {len(seeds) - len(failures):>4}/{len(seeds):<4} {seconds:>9.3f}", flush=True)
        for seed, diff in failures[:5]:
            print(f"    seed {seed}: {'; '.join(diff[:3])}{' …' if len(diff) > 3 else ''}")


if __name__ == "__main__":
    main()
