"""What the web app's tests share: an app on a fresh database, seed 001 in two years, the browser to use."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zfxxgk.store import Store
from zfxxgk.web import WebSettings, create_app
from zfxxgk.web.settings import LOOPBACK_HOSTS

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "001_5cf84db65c3d4743.txt"  # seed 001, shipped with the repository as an example
AGENCY = "栖霞区人民政府办公室"
PDF_NAME = "2024_淮安市洪泽区_区政府.pdf"  # in the shared corpus: 表三 on page 3, values with boxes
# TestClient's default Host header, accepted by the apps of tests that are not about the Host header.
TEST_HOSTS = (*LOOPBACK_HOSTS, "testserver")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Seed 001 as if for 2019: 2 natural-person requests more, carried over into 2020 (whose report says it
# carried none in), so the 2019 report balances and the 2020 report breaks `year.carry_over`.
_EARLIER = {111: ("\t48", "\t50"), 117: ("\t52", "\t54"), 345: ("\t0", "\t2"), 351: ("\t0", "\t2")}


def seed_bytes() -> bytes:
    return SEED.read_bytes()


def earlier_year() -> bytes:
    lines = SEED.read_text("utf-8").split("\n")
    for number, (printed, changed) in _EARLIER.items():
        assert lines[number - 1] == printed, f"seed 001 line {number} changed: {lines[number - 1]!r}"
        lines[number - 1] = changed
    return "\n".join(lines).replace("2020", "2019").encode("utf-8")


def make_app(tmp_path: Path, **settings: object):  # type: ignore[no-untyped-def]
    """An app over a new SQLite database in `tmp_path` (spooling uploads there too), and its store."""
    store = Store.open(str(tmp_path / "web.db"))
    spool = tmp_path / "spool"
    settings.setdefault("allowed_hosts", TEST_HOSTS)
    return create_app(store, WebSettings(spool_dir=spool, **settings)), store  # type: ignore[arg-type]


def chromium() -> str:
    path = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if path is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium); the browser tests need it")
    return path
