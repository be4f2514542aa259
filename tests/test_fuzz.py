"""Robustness: whatever the bytes, reading ends in a Report or a ReadError/ExtractError — never another
exception, a hang or unbounded memory.

Two kinds of input. Generated ones (hypothesis: arbitrary bytes, arbitrary text in several encodings, seeds
mangled by deletions, duplications, digit changes and re-encodings) run in this process, each example under
a watchdog alarm. Deliberately broken files made here (truncated PDF and DOCX, zip and entity bombs, wrong
encodings, a 100 MB text, garbage behind every magic number, deeply nested HTML) are each read in a forked
child with a 1.5 GB address-space limit and a time limit, so a bomb or a hang fails its own case, not the
run; `zfxxgk ingest` over the same folder must then store every good file beside them. The limits only
protect the run from hangs: nothing here asserts a duration.
"""

from __future__ import annotations

import io
import json
import os
import resource
import signal
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formats import W_NS, seed_docx
from refdata import CORPUS, seed_pairs
from zfxxgk.errors import ExtractError, ReadError
from zfxxgk.pipeline import parse_bytes
from zfxxgk.store import Store

MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space per file read
FILE_SECONDS = 60  # per broken file: generous, only so that a hang fails instead of blocking
EXAMPLE_SECONDS = 30  # per generated example, likewise
SEEDS = [p for p, _ in seed_pairs()]
ENCODINGS = ["utf-8", "gb18030", "utf-16", "utf-16-le", "big5", "shift_jis", "cp1252", "utf-32"]


class Hang(Exception):
    """An example ran past the watchdog: a hang, reported as a failure of that example."""


@contextmanager
def watchdog(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def outcome(data: bytes, name: str = "fuzz.txt") -> str:
    """'report' or 'error' (a ReadError or ExtractError); anything else propagates and fails the test.

    A report must also serialise to the output contract: a value the JSON writer cannot take is a crash
    the user would see."""
    with watchdog(EXAMPLE_SECONDS):
        try:
            report = parse_bytes(data, name)
        except (ReadError, ExtractError):
            return "error"
        json.dumps(report.to_json(), ensure_ascii=False)
        return "report"


FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(st.binary(max_size=4096))
def test_arbitrary_bytes(data: bytes) -> None:
    outcome(data)


@FUZZ
@given(st.text(max_size=3000), st.sampled_from(ENCODINGS))
def test_arbitrary_text_in_any_encoding(text: str, encoding: str) -> None:
    outcome(text.encode(encoding, errors="replace"))


# An edit of a seed: (kind, where as a share of the text, length, payload).
EDIT = st.tuples(
    st.sampled_from(["delete", "duplicate", "digit", "insert"]),
    st.floats(min_value=0, max_value=1),
    st.integers(min_value=1, max_value=400),
    st.text(alphabet="0123456789 \t\n|—-/.,+年件个万元一二三（）总计其他", max_size=20),
)


def mangle(text: str, edits: list[tuple[str, float, int, str]]) -> str:
    for kind, where, length, payload in edits:
        at = int(where * len(text))
        if kind == "delete":
            text = text[:at] + text[at + length :]
        elif kind == "duplicate":
            text = text[:at] + text[at : at + length] + text[at:]
        elif kind == "insert":
            text = text[:at] + payload + text[at:]
        else:
            digits = [i for i, ch in enumerate(text) if ch.isdigit()]
            if digits:
                i = digits[at % len(digits)]
                text = text[:i] + str((int(text[i]) + length) % 10) + text[i + 1 :]
    return text


@pytest.mark.skipif(not SEEDS, reason="seeds not found")
@settings(FUZZ, max_examples=300)
@given(st.sampled_from(SEEDS or [Path()]), st.lists(EDIT, max_size=10), st.sampled_from(ENCODINGS))
def test_mangled_seeds(seed: Path, edits: list[tuple[str, float, int, str]], encoding: str) -> None:
    text = mangle(seed.read_text("utf-8"), edits)
    outcome(text.encode(encoding, errors="replace"), seed.name)


# ------------------------------------------------------------------------------------ broken files


def _zip_bomb(lie: bool) -> bytes:
    """A DOCX whose document.xml unpacks to 300 MB; `lie`: its local and central headers claim 1 kB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            for _ in range(300):
                member.write(b" " * 1_000_000)
    data = bytearray(buffer.getvalue())
    if lie:
        local = data.find(b"word/document.xml")  # the name follows a 30-byte local header …
        central = data.find(b"word/document.xml", local + 1)  # … and a 46-byte central one
        for size_at in (local - 30 + 22, central - 46 + 24):
            data[size_at : size_at + 4] = (1000).to_bytes(4, "little")
    return bytes(data)


def _entity_bomb_docx() -> bytes:
    """A DOCX whose document.xml declares a billion laughs and uses the last one."""
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "lol">{LAUGHS}]>'
        f"<w:document {W_NS}><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))


def _seed_text() -> str:
    return SEEDS[1].read_text("utf-8")


def _mojibake() -> bytes:
    return _seed_text().encode("utf-8").decode("latin-1").encode("utf-8")


def _invalid_utf8() -> bytes:
    data = bytearray(_seed_text().encode("utf-8"))
    for at in range(100, len(data), 997):
        data[at] = 0xFF
    return bytes(data)


def _cut_inside_a_character() -> bytes:
    data = _seed_text().encode("utf-8")
    last_lead = max(i for i, b in enumerate(data) if b >= 0xE0)  # the first byte of a 3-byte character
    return data[: last_lead + 1]


def _huge_text(folder: Path) -> Path:
    """100 MB of a report repeated, written in pieces (it must never be held twice here)."""
    path = folder / "huge.txt"
    chunk = _seed_text().encode("utf-8")
    with path.open("wb") as out:
        for _ in range(100_000_000 // len(chunk) + 1):
            out.write(chunk)
    return path


def _nested(tag: str, depth: int, inner: str) -> bytes:
    return f"<html><body>{f'<{tag}>' * depth}{inner}{f'</{tag}>' * depth}</body></html>".encode()


def _seed_html_table() -> str:
    rows = [line.split("\t") for line in _seed_text().splitlines()]
    return "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)


def _corpus_pdf() -> bytes:
    pdfs = sorted((CORPUS / "pdf").glob("*.pdf"))
    if not pdfs:
        pytest.skip("corpus PDFs not found")
    return pdfs[0].read_bytes()


def _docx(folder: Path) -> bytes:
    return seed_docx(SEEDS[0], folder / "seed.docx").read_bytes()


def _cut(data: bytes) -> bytes:
    return data[: len(data) * 6 // 10]


Maker = Callable[[Path], bytes]

BROKEN: dict[str, Maker] = {
    "truncated.pdf": lambda d: _cut(_corpus_pdf()),
    "pdf_header_only.pdf": lambda d: b"%PDF-1.7\n",
    "truncated.docx": lambda d: _cut(_docx(d)),
    "zip_bomb.docx": lambda d: _zip_bomb(lie=False),
    "zip_bomb_lying_sizes.docx": lambda d: _zip_bomb(lie=True),
    "entity_bomb.docx": lambda d: _entity_bomb_docx(),
    "entity_bomb.html": lambda d: f'<!DOCTYPE html [<!ENTITY l0 "lol">{LAUGHS}]><html><body><p>&l9;</p></body></html>'.encode(),
    "big5.txt": lambda d: _seed_text().encode("big5", errors="replace"),
    "shift_jis.txt": lambda d: _seed_text().encode("shift_jis", errors="replace"),
    "utf16le_without_bom.txt": lambda d: _seed_text().encode("utf-16-le"),
    "utf32.txt": lambda d: _seed_text().encode("utf-32"),
    "ebcdic.txt": lambda d: _seed_text().encode("cp500", errors="replace"),
    "mojibake.txt": lambda d: _mojibake(),
    "invalid_utf8.txt": lambda d: _invalid_utf8(),
    "cut_inside_a_character.txt": lambda d: _cut_inside_a_character(),
    "gbk_declared_utf8.html": lambda d: f'<html><head><meta charset="utf-8"></head><body><table>{_seed_html_table()}</table></body></html>'.encode("gbk", errors="replace"),
    "number_of_5000_digits.txt": lambda d: _seed_text().replace("\t48\n", "\t" + "4" * 5000 + "\n", 1).encode(),
    "million_zeros.txt": lambda d: ("2020年政府信息公开工作年度报告\n" + "0 " * 1_000_000).encode(),
    "garbage.bin": lambda d: os.urandom(1_000_000),
    "garbage.pdf": lambda d: b"%PDF-1.4\n" + os.urandom(200_000),
    "garbage.docx": lambda d: b"PK\x03\x04" + os.urandom(200_000),
    "garbage.doc": lambda d: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(50_000),
    "garbage.png": lambda d: b"\x89PNG\r\n\x1a\n" + os.urandom(50_000),
    "nuls.txt": lambda d: bytes(1_000_000),
    "empty.txt": lambda d: b"",
    "nested_divs.html": lambda d: _nested("div", 100_000, f"<table>{_seed_html_table()}</table>"),
    "nested_tables.html": lambda d: _nested("table><tr><td", 2_000, "2020年政府信息公开工作年度报告"),
    "huge_spans.html": lambda d: ("<table>" + '<tr><td rowspan="65534" colspan="65534">0</td>' * 300 + "</table>").encode(),
}

# Good reports in the same folder: reading and ingesting the broken ones must not cost them.
GOOD = {f"good_{p.stem}.txt": p for p in SEEDS}

# What a child process runs for each file: fork from one warm interpreter, limit, parse, report.
DRIVER = r"""
import json, os, resource, sys, time
from zfxxgk.errors import ExtractError, ReadError
from zfxxgk.pipeline import parse_path
import zfxxgk.read.docx, zfxxgk.read.html, zfxxgk.read.pdf  # imported once, before the forks

limit, seconds, paths = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]

def child(path, out):
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        report = parse_path(path)
        result = {"outcome": "report", "detail": report.meta.agency}
    except (ReadError, ExtractError) as exc:
        result = {"outcome": type(exc).__name__, "detail": exc.reason}
    except BaseException as exc:
        result = {"outcome": "crash", "detail": f"{type(exc).__name__}: {exc}"[:400]}
    os.write(out, json.dumps(result, ensure_ascii=False).encode())
    os._exit(0)

results = {}
for path in paths:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        child(path, write_end)
    os.close(write_end)
    deadline = time.monotonic() + seconds
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    if not done:
        os.kill(pid, 9)
        os.wait4(pid, 0)
        result = {"outcome": "hang", "detail": f"killed after {seconds} s"}
    else:
        raw = os.read(read_end, 1 << 16)
        result = json.loads(raw) if raw else {"outcome": "killed", "detail": f"exit status {status}"}
        result["peak_rss_mb"] = usage.ru_maxrss // 1024
    os.close(read_end)
    results[os.path.basename(path)] = result
print(json.dumps(results, ensure_ascii=False))
"""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if not SEEDS:
        pytest.skip("seeds not found")
    work = tmp_path_factory.mktemp("work")
    out = tmp_path_factory.mktemp("broken")
    for name, make in BROKEN.items():
        try:
            (out / name).write_bytes(make(work))
        except pytest.skip.Exception:
            continue
    _huge_text(out)
    for name, seed in GOOD.items():
        (out / name).write_bytes(seed.read_bytes())
    yield out
    (out / "huge.txt").unlink()  # 100 MB: not to be kept among pytest's last three temporary folders


@pytest.fixture(scope="module")
def outcomes(folder: Path) -> dict[str, dict[str, object]]:
    paths = sorted(str(p) for p in folder.iterdir())
    command = [sys.executable, "-c", DRIVER, str(MEMORY_LIMIT), str(FILE_SECONDS), *paths]
    done = subprocess.run(command, capture_output=True, text=True, timeout=FILE_SECONDS * len(paths) + 60)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


CASES = [*BROKEN, "huge.txt", *GOOD]


@pytest.mark.parametrize("name", CASES)
def test_broken_file_ends_in_a_report_or_a_clear_error(outcomes: dict[str, dict[str, object]], name: str) -> None:
    if name not in outcomes:
        pytest.skip(f"{name}: its source data is not available")
    assert outcomes[name]["outcome"] in ("report", "ReadError", "ExtractError"), outcomes[name]


def test_bombs_and_oversized_files_are_refused_not_read(outcomes: dict[str, dict[str, object]]) -> None:
    refused = ["zip_bomb.docx", "zip_bomb_lying_sizes.docx", "huge.txt", "truncated.docx"]
    assert {n: outcomes[n]["outcome"] for n in refused} == {n: "ReadError" for n in refused}


def test_good_files_beside_them_are_read(outcomes: dict[str, dict[str, object]]) -> None:
    assert {n: outcomes[n]["outcome"] for n in GOOD} == {n: "report" for n in GOOD}


def test_ingest_over_the_folder_loses_no_good_file(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "fuzz.db"
    command = [sys.executable, "-m", "zfxxgk.cli", "ingest", "--db", str(db), "--workers", "2", str(folder)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, preexec_fn=_limit_memory)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    with Store.open(str(db)) as store:
        stored = {Path(r.path).name for r in store.list_reports(include_history=True)}
        failed = {Path(f.path).name for f in store.failures()}
    assert set(GOOD) <= stored
    assert {p.name for p in folder.iterdir()} == stored | failed
