"""Formula injection: text from outside (a file name, a request's description) is written as text by every
CSV and XLSX writer — the web list's exports, `zfxxgk export`, the checks' workbook, the desk's export —
while numbers stay numbers."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date
from pathlib import Path

import pytest
from desk_support import application, desk_fixture, office_fixture  # noqa: F401
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from web_support import make_app, seed_bytes

from zfxxgk.celltext import csv_writer
from zfxxgk.desk import Desk
from zfxxgk.pipeline import parse_bytes
from zfxxgk.render.findings_xlsx import write_check_workbook
from zfxxgk.store import Store

EVIL = "=cmd|' -C calc'!A0"  # no slash: an uploaded name keeps only its last path component


def _xlsx_cells(data: bytes) -> list[tuple[object, str]]:
    book = load_workbook(io.BytesIO(data))
    return [(c.value, c.data_type) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _assert_text_not_formula(cells: list[tuple[object, str]]) -> None:
    evil = [(v, t) for v, t in cells if isinstance(v, str) and v.startswith(EVIL)]
    assert evil, "the hostile text is missing from the workbook"
    assert all(t == "s" for _, t in evil), evil


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _assert_csv_neutral(text: str) -> None:
    hostile = [cell for cell in _csv_cells(text) if "calc" in cell]
    assert hostile and all(cell.startswith("'=cmd") for cell in hostile), hostile


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+A1", "@SUM(A1)", "\tx", "\rx", "|x", "%x"])
def test_csv_text_neutralises_every_formula_start(text: str) -> None:
    out = io.StringIO()
    csv_writer(out).writerow([text, 12, -3.5])
    first, number, negative = _csv_cells(out.getvalue())
    assert first.startswith("'"), first
    assert (number, negative) == ("12", "-3.5")


def test_web_exports_write_a_hostile_file_name_as_text(tmp_path: Path) -> None:
    app, store = make_app(tmp_path)
    with TestClient(app) as client:
        client.get("/api/csrf")
        headers = {"X-CSRF-Token": client.cookies["zfxxgk_csrf"]}
        client.post("/api/batches", files=[("files", (f"{EVIL}.txt", seed_bytes(), "text/plain"))], headers=headers)
        app.state.uploads.join()
        _assert_csv_neutral(client.get("/reports.csv").content.decode("utf-8-sig"))
        cells = _xlsx_cells(client.get("/reports.xlsx").content)
    store.close()
    _assert_text_not_formula(cells)
    assert 2020 in [v for v, t in cells if t == "n"], "the year stays a number"


def test_store_export_writes_text_as_text(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "r.db")) as store:
        store.ingest_bytes(seed_bytes(), f"{EVIL}.txt")
        store.export(tmp_path / "out.csv")
        store.export(tmp_path / "out.xlsx")
    _assert_csv_neutral((tmp_path / "out.csv").read_text("utf-8-sig"))
    _assert_text_not_formula(_xlsx_cells((tmp_path / "out.xlsx").read_bytes()))


def test_check_workbook_writes_text_as_text(tmp_path: Path) -> None:
    report = parse_bytes(seed_bytes(), f"{EVIL}.txt")
    report = dataclasses.replace(report, meta=dataclasses.replace(report.meta, agency=EVIL))
    write_check_workbook([report], tmp_path / "check.xlsx")
    cells = _xlsx_cells((tmp_path / "check.xlsx").read_bytes())
    _assert_text_not_formula(cells)
    assert any(t == "n" for _, t in cells), "cell values stay numbers"


def test_desk_export_writes_a_hostile_description_as_text(desk: Desk, office, tmp_path: Path) -> None:  # noqa: F811
    made = dataclasses.replace(application(date(2025, 3, 3)), description=EVIL)
    desk.register(office.registrar, made)
    for name in ("cases.csv", "cases.xlsx"):
        desk.export_cases(office.handler, tmp_path / name, office.agency_id, 2025)
    _assert_csv_neutral((tmp_path / "cases.csv").read_text("utf-8-sig"))
    _assert_text_not_formula(_xlsx_cells((tmp_path / "cases.xlsx").read_bytes()))
