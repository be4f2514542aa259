"""`zfxxgk eval` and the evaluate module: gold scoring as the reference scorer does it, and mutations that
change exactly one printed number."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from refdata import GOLD, SEEDS, seed_pairs
from zfxxgk.evaluate import changed_value, evaluate, mutate_text, printed_cells, same_meta, score_report, text_variant
from zfxxgk.pipeline import parse_bytes, parse_path

PAIRS = seed_pairs()
pytestmark = pytest.mark.skipif(not PAIRS, reason="seeds not found")


def test_agency_printed_shorter_or_longer_counts_as_right() -> None:
    assert same_meta("agency", "西园街道", "晋江市西园街道办事处")
    assert not same_meta("agency", "西园街道", "西园")  # too short to be a name
    assert not same_meta("year", 2020, 2021)


def test_a_wrong_cell_and_a_wrong_year_are_misses() -> None:
    path, gold = PAIRS[1]
    report = parse_path(path)
    wrong = {"meta": {**gold["meta"], "year": 1999}, "cells": {**gold["cells"], "requests.new.natural": 47}}
    score = score_report(path.name, wrong, report)
    assert (score.cells - score.cells_right, score.meta - score.meta_right) == (1, 1)
    assert {m.key for m in score.misses} == {"requests.new.natural", "meta.year"}


def test_the_seeds_score_every_cell() -> None:
    scores = evaluate(GOLD, SEEDS)
    assert len(scores.files) == len(PAIRS) and scores.missing == []
    assert (scores.rate("cells"), scores.rate("meta")) == (1.0, 1.0)


def test_a_variant_changes_one_number_and_nothing_else() -> None:
    path, _ = PAIRS[1]
    data = path.read_bytes()
    report = parse_bytes(data, path.name)
    before, after = data.decode().splitlines(), text_variant(data, report)("requests.new.natural", 49).decode().splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and changed == [("\t48", "\t49")]


def test_single_changes_are_placed_and_those_in_tables_three_and_four_caught() -> None:
    path, _ = PAIRS[0]
    cells = printed_cells(parse_path(path))[::9]
    score = mutate_text(path, cells)
    assert len(score.mutations) == len(cells) and score.unlocated == []
    assert [m.cell for m in score.mutations if not m.placed] == []
    assert [m.cell for m in score.mutations if m.cell.startswith(("requests.", "appeals.")) and not m.caught] == []
    assert all(m.changed == changed_value(m.cell, m.printed) != m.printed for m in score.mutations)


def _eval(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zfxxgk.cli", "eval", *args], capture_output=True, text=True, timeout=120)


def test_eval_command_reports_and_exits_on_accuracy(tmp_path: Path) -> None:
    result = _eval(str(GOLD), str(SEEDS), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["cells"][0] == data["cells"][1] > 0 and len(data["files"]) == len(PAIRS)

    gold = tmp_path / "gold"
    shutil.copytree(GOLD, gold)
    first = sorted(gold.glob("*.json"))[1]
    edited = json.loads(first.read_text("utf-8"))
    edited["cells"]["requests.new.natural"] = 47
    first.write_text(json.dumps(edited, ensure_ascii=False), "utf-8")
    result = _eval(str(gold), str(SEEDS))
    assert result.returncode == 1
    assert "requests.new.natural 应为 47，读出 48" in result.stdout
