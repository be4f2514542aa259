"""Bad input: a one-line error naming the file and the reason, never a traceback; partial reports keep
what they have and say what is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from refdata import seed_pairs
from zfxxgk.pipeline import parse_path

CLI = [sys.executable, "-m", "zfxxgk.cli"]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + os.urandom(64)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("random.txt", bytes(range(256)) * 40, "binary"),
        ("photo.txt", PNG, "image"),
        ("notes.txt", "会议纪要\n今天讨论了天气。\n".encode("utf-8"), "no annual-report"),
    ],
)
def test_unreadable_files_give_one_line_errors(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = _run("check", str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and reason in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_file_and_directory_in_a_batch_do_not_stop_it(tmp_path: Path) -> None:
    seed = seed_pairs()[0][0]
    result = _run("parse", str(tmp_path / "nope.txt"), str(seed))
    assert result.returncode == 2
    assert "no such file" in result.stderr
    assert len(result.stdout.strip().splitlines()) == 1


def test_report_cut_off_in_the_middle_keeps_its_cells(tmp_path: Path) -> None:
    seed, gold = seed_pairs()[1]
    text = seed.read_text("utf-8")
    cut = tmp_path / "cut.txt"
    cut.write_text(text[: text.index("（三）不予公开")], "utf-8")
    report = parse_path(cut)
    assert report.values()["requests.new.natural"] == gold["cells"]["requests.new.natural"]
    rules = {f.rule for f in report.findings}
    assert {"tables.missing", "cells.missing"} <= rules


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_encodings_give_the_same_cells(tmp_path: Path, encoding: str) -> None:
    seed, gold = seed_pairs()[3]
    path = tmp_path / "report.txt"
    path.write_bytes(seed.read_text("utf-8").encode(encoding))
    report = parse_path(path)
    assert report.source.encoding in (encoding, "utf-16", "gb18030")
    assert report.values() == parse_path(seed).values()
