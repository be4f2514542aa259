"""Placement under real layouts: each seed's numbers rewritten (consistently, then with one error).

Every cell must land where it belongs, and every single changed number in 表三 or 表四 must be named
by an error finding — the property a stream-of-numbers reader lacks.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from refdata import seed_pairs
from synth import consistent_values, rewrite
from zfxxgk.model import Severity
from zfxxgk.pipeline import parse_bytes, parse_path
from zfxxgk.templates import load

SEEDS = [p for p, _ in seed_pairs()]
TEXT_RULES = ("narrative.", "meta.")  # only the tables are rewritten: the prose keeps the seed's figures


def _rewritten(path: Path, seed: int) -> tuple[str, dict[str, int]]:
    original = parse_path(path)
    values = consistent_values(load(original.meta.template), random.Random(seed))
    return rewrite(path.read_text("utf-8"), original, values), values


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_consistent_numbers_land_in_their_cells(path: Path, seed: int) -> None:
    text, values = _rewritten(path, seed)
    report = parse_bytes(text.encode("utf-8"), path.name)
    got = report.values()
    assert {k: (v, got[k]) for k, v in values.items() if got[k] != v} == {}
    table_errors = [f.message for f in report.findings if f.severity is Severity.ERROR and not f.rule.startswith(TEXT_RULES)]
    assert table_errors == []


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_every_single_error_in_tables_three_and_four_is_placed_and_named(path: Path) -> None:
    original = parse_path(path)
    template = load(original.meta.template)
    values = consistent_values(template, random.Random(7))
    source = path.read_text("utf-8")
    missed: list[str] = []
    for cid in template.tables["requests"].cell_ids() + template.tables["appeals"].cell_ids():
        wrong = dict(values, **{cid: values[cid] + 1 + len(cid) % 9})
        report = parse_bytes(rewrite(source, original, wrong).encode("utf-8"), path.name)
        placed = report.values() == wrong
        named = any(cid in f.cells for f in report.findings if f.severity is Severity.ERROR)
        if not (placed and named):
            missed.append(cid)
    assert missed == []
