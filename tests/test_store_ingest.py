"""Ingesting into the store: idempotence, versions, bad files, big batches, crashes, re-reading, Dask."""

from __future__ import annotations

import importlib
import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from store_support import report_text, values_for, write_chain, write_report

from zfxxgk.model import Report
from zfxxgk.pipeline import parse_bytes
from zfxxgk.store import Store, jobs, writer
from zfxxgk.store.reports import cell_rows
from zfxxgk.store.schema import Agency, AgencyAlias, FindingRow, HistoryRow, Original, ReportRow
from zfxxgk.store.stamp import extractor_version

AGENCY = "晋江市西园街道办事处"
batching = importlib.import_module("zfxxgk.store.ingest")  # the package exports a function of that name


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Where a test writes its reports, apart from the database file beside it."""
    path = tmp_path / "reports"
    path.mkdir()
    return path


def _count(store: Store, model: type) -> int:
    with Session(store.engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_same_files_twice_are_stored_once(db_url: str, folder: Path) -> None:
    write_chain(folder, AGENCY, range(2021, 2023))
    write_chain(folder, "海盐县秦山街道办事处", range(2022, 2023), seed=1)
    with Store.open(db_url) as store:
        first = store.ingest([folder], workers=1)
        again = store.ingest([folder], workers=1)
        assert first.counts == {"new": 3, "updated": 0, "unchanged": 0, "failed": 0}
        assert again.counts == {"new": 0, "updated": 0, "unchanged": 3, "failed": 0}
        assert _count(store, ReportRow) == 3 and _count(store, Original) == 3
        assert {o.report_id for o in again.outcomes} == {o.report_id for o in first.outcomes}
        assert all(r.errors == 0 and r.warnings == 0 for r in store.list_reports())


def test_another_file_for_the_same_agency_year_is_a_new_version(db_url: str, folder: Path) -> None:
    values = values_for("2021", random.Random(1))
    first = write_report(folder, "a.txt", AGENCY, 2023, values)
    second = write_report(folder, "b.txt", "西园街道", 2023, values | {"active.penalty.decisions": 99})
    with Store.open(db_url) as store:
        old = store.ingest([first], workers=1).outcomes[0]
        new = store.ingest([second], workers=1).outcomes[0]
        assert (old.status, new.status) == ("new", "updated")
        current = store.list_reports()
        assert [(r.id, r.version, r.agency) for r in current] == [(new.report_id, 2, AGENCY)]
        assert len(store.list_reports(include_history=True)) == 2
        kept = store.get_report(old.report_id)
        assert not kept.info.current and kept.original == first.read_bytes()
        assert [h["event"] for h in kept.history] == ["ingested", "superseded"]
        assert store.get_report(new.report_id).report.cells["active.penalty.decisions"].value == 99
        assert store.agencies()[0].aliases == ("晋江市西园街道办事处", "西园街道")


def test_bad_files_are_listed_kept_and_never_stop_the_batch(db_url: str, folder: Path) -> None:
    write_chain(folder, AGENCY, range(2022, 2023))
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.txt").write_text("会议纪要\n今天讨论了工作安排。\n", encoding="utf-8")
    with Store.open(db_url) as store:
        summary = store.ingest([folder, folder / "missing.txt"], workers=1)
        assert summary.counts["new"] == 1 and summary.counts["failed"] == 4
        reasons = {Path(o.path).name: o.reason for o in summary.failures}
        assert reasons["empty.txt"] == "the file is empty"
        assert "binary" in reasons["binary.txt"] and reasons["missing.txt"]
        assert {Path(f.path).name for f in store.failures()} == set(reasons)
        assert store.ingest([folder], workers=1).counts == {"new": 0, "updated": 0, "unchanged": 1, "failed": 3}


def test_ingest_bytes_reports_what_happened_to_an_upload(db_url: str) -> None:
    data = report_text(AGENCY, 2023, values_for("2021", random.Random(3))).encode("utf-8")
    with Store.open(db_url) as store:
        first = store.ingest_bytes(data, "upload.txt")
        again = store.ingest_bytes(data, "same-again.txt")
        broken = store.ingest_bytes(b"%PDF-1.4 truncated", "broken.pdf")
        assert (first.status, first.agency, first.year) == ("new", AGENCY, 2023)
        assert (again.status, again.report_id) == ("unchanged", first.report_id)
        assert broken.status == "failed" and broken.reason
        assert store.get_report(first.report_id).original == data


def _crash_on(data: bytes, name: str, config: object) -> object:
    if name.endswith("crash.txt"):
        os._exit(1)  # what a segfault in a native reader does to a worker
    return parse_bytes(data, name, config)


def test_a_worker_that_dies_fails_its_files_not_the_batch(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the crash is injected into forked workers")
    monkeypatch.setattr(jobs, "parse_bytes", _crash_on)
    for i in range(6):
        write_report(folder, f"{i}.txt", f"测试县第{i}街道办事处", 2022, values_for("2021", random.Random(i)))
    (folder / "crash.txt").write_text("anything", encoding="utf-8")
    with Store.open(str(tmp_path / "z.db")) as store:
        summary = store.ingest([folder], workers=2)
        assert len(summary.outcomes) == 7 and "crash.txt" in {Path(o.path).name for o in summary.failures}
        assert all("crashed" in (o.reason or "") for o in summary.failures), summary.failures
        monkeypatch.undo()
        rerun = store.ingest([folder], workers=2)
        assert rerun.counts["new"] + rerun.counts["unchanged"] == 6
        assert [(Path(o.path).name, "crashed" in (o.reason or "")) for o in rerun.failures] == [("crash.txt", False)]


def _corrupt(rng: random.Random, text: str, kind: int) -> bytes:
    """Four ways real batches go bad: binary junk, an empty file, a picture, a report cut after its title."""
    return [
        bytes(rng.getrandbits(8) for _ in range(2000)),
        b"",
        b"\x89PNG\r\n\x1a\n" + bytes(500),
        text[:120].encode("utf-8"),
    ][kind % 4]


def test_a_thousand_files_with_ten_percent_corrupt(tmp_path: Path) -> None:
    rng = random.Random(7)
    folder = tmp_path / "batch"
    folder.mkdir()
    bad: set[str] = set()
    for i in range(1000):
        year = rng.choice(range(2019, 2025))
        text = write_report(folder, f"{i:04d}.txt", f"测试县第{i}街道办事处", year, values_for("2019" if year < 2021 else "2021", rng)).read_text("utf-8")
        if i % 10 == 3:
            (folder / f"{i:04d}.txt").write_bytes(_corrupt(rng, text, i // 10))
            bad.add(f"{i:04d}.txt")
    with Store.open(str(tmp_path / "big.db")) as store:
        summary = store.ingest([folder], workers=2)
        assert summary.counts == {"new": 900, "updated": 0, "unchanged": 0, "failed": 100}
        assert {Path(o.path).name for o in summary.failures} == bad
        assert all(o.reason for o in summary.failures)
        assert len(store.list_reports()) == 900 and len(store.failures()) == 100
        print(f"1,000 files (100 corrupt), 2 workers: {summary.seconds:.1f} s, {summary.rate:.0f} files/s")


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            return connection.execute("select count(*) from reports").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_kill_9_mid_batch_leaves_a_database_that_a_rerun_completes(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(240):
        write_report(folder, f"{i:04d}.txt", f"测试县第{i}街道办事处", 2022, values_for("2021", random.Random(i)))
    db = tmp_path / "crash.db"
    command = [sys.executable, "-c", "from zfxxgk.cli import main; main()", "ingest", "--db", str(db), "--workers", "2", str(folder)]
    child = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while _stored(db) < 30 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    before = _stored(db)
    assert 0 < before < 240, "the batch should have been killed part-way"
    with sqlite3.connect(db) as connection:
        assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
    with Store.open(str(db)) as store:
        summary = store.ingest([folder], workers=2)
        assert summary.counts["unchanged"] == before and summary.counts["new"] == 240 - before
        assert summary.counts["failed"] == 0
        assert _count(store, ReportRow) == 240


def test_reprocess_rereads_stale_readings_and_keeps_corrections(folder: Path, tmp_path: Path) -> None:
    write_chain(folder, AGENCY, range(2021, 2024))
    with Store.open(str(tmp_path / "z.db")) as store:
        store.ingest([folder], workers=1)
        report_id = store.list_reports(year=2023)[0].id
        store.correct(report_id, "active.penalty.decisions", 7, "按原件更正", author="审核员")
        with Session(store.engine) as session, session.begin():
            session.execute(update(ReportRow).values(extractor_version="0.0.1+told"))
        summary = store.reprocess(workers=1)
        assert summary.counts["updated"] == 3 and summary.counts["failed"] == 0
        assert {r.extractor_version for r in store.list_reports()} == {extractor_version()}
        assert store.get_report(report_id).report.cells["active.penalty.decisions"].value == 7
        assert store.reprocess(workers=1).outcomes == []


def test_dask_executor_on_a_local_cluster(folder: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    write_chain(folder, AGENCY, range(2019, 2024))
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None)
    with cluster, Store.open(str(tmp_path / "z.db")) as store:
        summary = store.ingest([folder], executor="dask", scheduler=cluster.scheduler_address)
    assert summary.counts["new"] == 5 and summary.counts["failed"] == 0


def _contents(store: Store) -> list[tuple[object, ...]]:
    """Everything a batch writes, without ids and times: reports, their findings, history and agencies."""
    with Session(store.engine) as session:
        reports = session.execute(
            select(ReportRow.id, Agency.name, ReportRow.year, ReportRow.path, ReportRow.version, ReportRow.is_current,
                   ReportRow.errors, ReportRow.warnings).join(Agency)
        ).all()
        paths = {rid: path for rid, _, _, path, *_ in reports}
        findings = session.execute(select(FindingRow.report_id, FindingRow.scope, FindingRow.rule, FindingRow.cells)).all()
        history = session.execute(select(HistoryRow.report_id, HistoryRow.event)).all()
        aliases = session.execute(select(AgencyAlias.alias, Agency.name).join(Agency)).all()
    return sorted(
        [("report", *r[1:]) for r in reports]
        + [("finding", paths[rid], scope, rule, tuple(cells)) for rid, scope, rule, cells in findings]
        + [("history", paths[rid], event) for rid, event in history]
        + [("alias", *a) for a in aliases],
        key=repr,
    )


def test_a_batch_files_its_reports_as_one_at_a_time_would(db_url: str, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Years out of order, a second version of an agency-year, the same bytes under two names, a name
    # spelt two ways, a report whose next year is already stored, and an unreadable file: all in one batch.
    chain = write_chain(folder, AGENCY, range(2020, 2024))
    (folder / f"{AGENCY}2022.txt").rename(folder / "z2022.txt")
    write_report(folder, "again2021.txt", "西园街道", 2021, chain[2021] | {"active.penalty.decisions": 99})
    (folder / "copy2023.txt").write_bytes((folder / f"{AGENCY}2023.txt").read_bytes())
    (folder / "broken.txt").write_bytes(b"")
    stored_first = write_report(tmp_path, "2024.txt", AGENCY, 2024, values_for("2021", random.Random(9)))  # not carried over
    results = []
    for size in (1, 200):
        monkeypatch.setattr(batching, "BATCH_SIZE", size)
        db = db_url if size == 200 else f"sqlite:///{tmp_path / 'alone.db'}"
        with Store.open(db) as store:
            store.ingest([stored_first], workers=1)
            summary = store.ingest([folder], workers=1)
            results.append((sorted((Path(o.path).name, o.status) for o in summary.outcomes), _contents(store)))
    assert results[0] == results[1]
    outcomes = results[0][0]
    assert (f"{AGENCY}2021.txt", "updated") in outcomes and (f"{AGENCY}2023.txt", "unchanged") in outcomes
    assert ("broken.txt", "failed") in outcomes
    assert any(item[0] == "finding" and item[2] == "year" for item in results[0][1]), "cross-year checks ran"


def _poisoned(report_id: int, report: Report) -> list[tuple[object, ...]]:
    rows = cell_rows(report_id, report)
    if "坏" in (report.meta.agency or ""):
        return [(*row[:4], None, *row[5:]) for row in rows]  # cells.kind is NOT NULL: the database refuses
    return rows


def test_a_report_the_database_refuses_fails_alone_and_the_rest_of_its_batch_is_stored(db_url: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(6):
        write_report(folder, f"{i}.txt", f"测试县第{i}街道办事处", 2022, values_for("2021", random.Random(i)))
    write_report(folder, "bad.txt", "测试县坏街道办事处", 2022, values_for("2021", random.Random(7)))
    monkeypatch.setattr(writer, "cell_rows", _poisoned)
    with Store.open(db_url) as store:
        summary = store.ingest([folder], workers=1)
        assert summary.counts == {"new": 6, "updated": 0, "unchanged": 0, "failed": 1}
        assert [Path(o.path).name for o in summary.failures] == ["bad.txt"]
        assert summary.failures[0].reason.startswith("could not be stored")
        assert _count(store, ReportRow) == 6
        monkeypatch.undo()
        assert store.ingest([folder], workers=1).counts == {"new": 1, "updated": 0, "unchanged": 6, "failed": 0}
