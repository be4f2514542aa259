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

# The readers' own reasons, as the database keeps them: the English interface shows them untranslated.
CLI = [sys.executable, "-m", "zfxxgk.cli", "--lang", "en"]
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


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig", "utf-16-le", "utf-16-be"])
def test_encodings_give_the_same_cells(tmp_path: Path, encoding: str) -> None:
    """UTF-16 without a BOM (`-le`, `-be`) too: Chinese text there has no NUL bytes to give it away."""
    seed, gold = seed_pairs()[3]
    path = tmp_path / "report.txt"
    path.write_bytes(seed.read_text("utf-8").encode(encoding))
    report = parse_path(path)
    assert report.source.encoding.replace("_", "-") in (encoding, "utf-16", "gb18030")
    assert report.values() == parse_path(seed).values()


@pytest.mark.parametrize("damage", ["cut_in_last_character", "stray_bytes"])
def test_utf8_with_a_few_bad_bytes_is_read_and_says_so(tmp_path: Path, damage: str) -> None:
    seed, _ = seed_pairs()[0]
    data = seed.read_bytes()
    if damage == "cut_in_last_character":
        last_chinese = data.rstrip().rindex(data.rstrip()[-3:])
        damaged = data[: last_chinese + 2]
    else:
        middle = data.index(b"\n", len(data) // 2) + 1
        damaged = data[:middle] + b"\xff\xfe" + data[middle:]
    path = tmp_path / "damaged.txt"
    path.write_bytes(damaged)
    report = parse_path(path)
    assert report.source.encoding == "utf-8" and report.source.replaced in (1, 2)
    assert report.values() == parse_path(seed).values()
    assert any("could not be decoded" in n for n in report.notes)


def test_gbk_text_is_not_taken_for_damaged_utf8(tmp_path: Path) -> None:
    seed, _ = seed_pairs()[0]
    path = tmp_path / "gbk.txt"
    path.write_bytes(seed.read_text("utf-8").encode("gbk"))
    report = parse_path(path)
    assert report.source.encoding == "gb18030" and report.source.replaced == 0
