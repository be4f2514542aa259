"""The CLI contract: JSON Lines for parse, exit codes for check, help that explains."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from refdata import CORPUS, seed_pairs

CLI = [sys.executable, "-m", "zfxxgk.cli"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=60)


def test_parse_prints_one_json_object_per_file_in_the_spec_shape() -> None:
    paths = [str(p) for p, _ in seed_pairs()[:2]]
    result = _run("parse", "--format", "json", *paths)
    assert result.returncode == 0
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["source"]["path"] for o in objects] == paths
    for o in objects:
        assert o["schema"] == "zfxxgk.report/1"
        assert {"source", "meta", "cells", "units", "provenance", "narrative", "findings"} <= o.keys()
        assert len(o["cells"]) == 198


def test_check_exit_status_says_whether_errors_were_found(tmp_path: Path) -> None:
    seed = seed_pairs()[1][0]
    assert _run("check", str(seed)).returncode == 0
    broken = tmp_path / "broken.txt"
    broken.write_text(seed.read_text("utf-8").replace("\t48\n", "\t47\n", 1), "utf-8")
    result = _run("check", "--format", "json", str(broken))
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    assert any("requests.new.natural" in f["cells"] and f["severity"] == "error" for f in findings)


def test_parse_table_view_shows_the_tables(tmp_path: Path) -> None:
    result = _run("parse", "--format", "table", str(seed_pairs()[1][0]))
    assert result.returncode == 0
    assert "本年新收政府信息公开申请数量" in result.stdout and "栖霞区" in result.stdout


def test_help_explains_every_command_with_an_example() -> None:
    top = _run("--help")
    assert top.returncode == 0
    for command in ("parse", "check"):
        assert command in top.stdout
        assert "示例" in _run(command, "--help").stdout


def test_explain_shows_which_text_became_which_cell_and_why() -> None:
    flattened = CORPUS / "txt" / "2022_pingtan_gwh_page.txt"
    if not flattened.exists():
        pytest.skip("corpus not present")
    result = _run("explain", str(flattened))
    assert result.returncode == 0
    line = next(l for l in result.stdout.splitlines() if "行政规范性文件" in l)
    assert "88 | 55 | 698" in line and "拆分连在一起的数字" in line
