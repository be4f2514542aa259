"""What the store answers: comparisons, totals, corrections, cross-year checks, exports, agency names.

The reports here are written by hand (a handful of non-zero cells), so every expected figure below is
worked out in the test, not computed by the code under test.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from store_support import write_report

from zfxxgk.store import Store, StoreError
from zfxxgk.store.agencies import names_match
from zfxxgk.store.schema import CellRow
from zfxxgk.templates import load

XIYUAN = "晋江市西园街道办事处"
QINGYANG = "晋江市青阳街道办事处"
SHISHI = "石狮市凤里街道办事处"


def hand(template_id: str, cells: dict[str, int | float]) -> dict[str, int | float]:
    """Every cell 0 except those given."""
    return {cid: 0 for cid in load(template_id).cells} | cells


# 自然人: 2022 new 10, granted 6, partial 2 → total 8, carried out 2 (10 + 0 = 8 + 2).
XIYUAN_2022 = hand("2021", {
    "requests.new.natural": 10, "requests.new.total": 10,
    "requests.granted.natural": 6, "requests.granted.total": 6,
    "requests.partial.natural": 2, "requests.partial.total": 2,
    "requests.total.natural": 8, "requests.total.total": 8,
    "requests.carried_out.natural": 2, "requests.carried_out.total": 2,
    "active.rules.issued": 3, "active.rules.repealed": 1, "active.rules.in_force": 20,
    "active.penalty.decisions": 8,
})
# 2023: carried in 2 (= 2022's carried out), new 4, granted 5, carried out 1 (4 + 2 = 5 + 1);
# 规章 in force 20 + 2 issued − 0 repealed = 22.
XIYUAN_2023 = hand("2021", {
    "requests.new.natural": 4, "requests.new.total": 4,
    "requests.carried_in.natural": 2, "requests.carried_in.total": 2,
    "requests.granted.natural": 5, "requests.granted.total": 5,
    "requests.total.natural": 5, "requests.total.total": 5,
    "requests.carried_out.natural": 1, "requests.carried_out.total": 1,
    "active.rules.issued": 2, "active.rules.repealed": 0, "active.rules.in_force": 22,
    "active.penalty.decisions": 12,
})
# 青阳 2023: 自然人 1 new, 1 granted; 商业企业 2 new, 1 granted, 1 本机关不掌握.
QINGYANG_2023 = hand("2021", {
    "requests.new.natural": 1, "requests.new.business": 2, "requests.new.total": 3,
    "requests.granted.natural": 1, "requests.granted.business": 1, "requests.granted.total": 2,
    "requests.unavailable.not_held.business": 1, "requests.unavailable.not_held.total": 1,
    "requests.total.natural": 1, "requests.total.business": 2, "requests.total.total": 3,
})
SHISHI_2023 = hand("2021", {"requests.new.natural": 100, "requests.new.total": 100, "requests.total.natural": 100,
                            "requests.total.total": 100, "requests.granted.natural": 100, "requests.granted.total": 100})


@pytest.fixture
def store(db_url: str, tmp_path: Path) -> Store:
    folder = tmp_path / "reports"
    folder.mkdir()
    write_report(folder, "xiyuan2022.txt", XIYUAN, 2022, XIYUAN_2022)
    write_report(folder, "xiyuan2023.txt", "西园街道", 2023, XIYUAN_2023)
    write_report(folder, "qingyang2023.txt", QINGYANG, 2023, QINGYANG_2023)
    write_report(folder, "shishi2023.txt", SHISHI, 2023, SHISHI_2023)
    opened = Store.open(db_url)
    assert opened.ingest([folder], workers=1).counts["new"] == 4
    yield opened
    opened.close()


def _id(store: Store, agency: str, year: int) -> int:
    return store.list_reports(year=year, agency=agency)[0].id


def test_compare_two_years(store: Store) -> None:
    result = store.compare("西园街道", 2022, 2023)
    cells = {c.cell: c for c in result.cells}
    assert result.agency == XIYUAN
    assert (cells["requests.new.natural"].a, cells["requests.new.natural"].b) == (10, 4)
    assert (cells["requests.new.natural"].change, cells["requests.new.natural"].ratio) == (-6, 0.4)
    assert (cells["active.rules.in_force"].change, cells["active.rules.in_force"].ratio) == (2, 1.1)
    assert (cells["active.penalty.decisions"].change, cells["active.penalty.decisions"].ratio) == (4, 1.5)
    assert (cells["requests.carried_in.natural"].change, cells["requests.carried_in.natural"].ratio) == (2, None)
    assert result.findings == []
    with pytest.raises(StoreError, match="2021"):
        store.compare(XIYUAN, 2021, 2023)


def test_cross_year_checks_run_when_either_year_arrives(db_url: str, tmp_path: Path) -> None:
    # 2023 says 3 applications were carried in; 2022 carried out 2. 规章 in force 25, not 20 + 2 − 0.
    wrong = XIYUAN_2023 | {"requests.carried_in.natural": 3, "requests.carried_in.total": 3,
                           "requests.new.natural": 3, "requests.new.total": 3, "active.rules.in_force": 25}
    later = write_report(tmp_path, "2023.txt", XIYUAN, 2023, wrong)
    earlier = write_report(tmp_path, "2022.txt", XIYUAN, 2022, XIYUAN_2022)
    with Store.open(db_url) as store:
        report_id = store.ingest([later], workers=1).outcomes[0].report_id
        assert store.get_report(report_id).report.findings == []
        store.ingest([earlier], workers=1)
        found = [(f.rule, f.severity.value, f.cells, f.expected, f.actual) for f in store.get_report(report_id).report.findings]
        assert sorted(found) == [
            ("year.carry_over", "error", ["requests.carried_in.natural"], 2, 3),
            ("year.carry_over", "error", ["requests.carried_in.total"], 2, 3),
            ("year.in_force", "warning", ["active.rules.in_force", "active.rules.issued", "active.rules.repealed"], 22, 25),
        ]
        assert (store.list_reports(year=2023)[0].errors, store.list_reports(year=2023)[0].warnings) == (2, 1)
        assert {f.rule for f in store.compare(XIYUAN, 2022, 2023).findings} == {"year.carry_over", "year.in_force"}


def test_aggregate_by_prefix_and_by_list(store: Store, tmp_path: Path) -> None:
    by_prefix = store.aggregate(2023, agency_prefix="晋江市")
    totals = by_prefix.totals.values()
    assert sorted(r.agency for r in by_prefix.included) == sorted([XIYUAN, QINGYANG])
    assert totals["requests.new.natural"] == 4 + 1
    assert totals["requests.new.business"] == 2
    assert totals["requests.new.total"] == 4 + 3
    assert totals["requests.granted.total"] == 5 + 2
    assert totals["requests.carried_out.total"] == 1
    assert totals["active.rules.in_force"] == 22
    assert by_prefix.totals.findings == []

    by_list = store.aggregate(2023, agencies=["西园街道", QINGYANG, "晋江市梅岭街道办事处"])
    assert by_list.missing == ["晋江市梅岭街道办事处"]
    assert by_list.totals.values() == totals

    everyone = store.aggregate(2023)
    assert everyone.totals.values()["requests.new.natural"] == 4 + 1 + 100

    store.correct(_id(store, QINGYANG, 2023), "requests.new.natural", 3, "按原件更正")
    corrected = store.aggregate(2023, agency_prefix="晋江市").totals
    assert corrected.values()["requests.new.natural"] == 4 + 3  # the database's sums, corrections applied
    assert {"requests.balance", "requests.row_sum"} <= {f.rule for f in corrected.findings}
    store.correct(_id(store, QINGYANG, 2023), "requests.new.natural", None, "原件此格空白")
    assert store.aggregate(2023, agency_prefix="晋江市").totals.values()["requests.new.natural"] == 4
    alone = store.aggregate(2023, agencies=[QINGYANG]).totals.cells["requests.new.natural"]
    assert (alone.value, alone.kind.value) == (None, "EMPTY")


def test_correction_is_kept_beside_the_original_and_checks_rerun(store: Store) -> None:
    report_id = _id(store, QINGYANG, 2023)
    corrected = store.correct(report_id, "requests.new.natural", "3", "表内印刷错误，按正文更正", author="审核员甲")
    assert corrected.cells["requests.new.natural"].value == 3
    rules = {(f.rule, tuple(f.cells)[:1]) for f in corrected.findings}
    assert ("requests.balance", ("requests.new.natural",)) in rules
    stored = store.get_report(report_id)
    assert stored.report.cells["requests.new.natural"].value == 3
    assert stored.info.corrections == 1 and stored.info.errors >= 2
    (fix,) = stored.corrections
    assert (fix["author"], fix["reason"], fix["original"]["value"], fix["value"]) == ("审核员甲", "表内印刷错误，按正文更正", 1, 3)
    with Session(store.engine) as session:
        printed = session.scalar(select(CellRow.value).where(CellRow.report_id == report_id, CellRow.cell == "requests.new.natural"))
    assert printed == 1
    store.correct(report_id, "requests.new.natural", 1, "核实后恢复")
    assert store.get_report(report_id).report.findings == []
    with pytest.raises(StoreError, match="not a cell"):
        store.correct(report_id, "requests.nonsense", 1, "x")
    with pytest.raises(StoreError, match="reason"):
        store.correct(report_id, "requests.new.natural", 1, " ")


@pytest.mark.parametrize("shape", ["wide", "long"])
def test_exports_load_as_they_are(store: Store, tmp_path: Path, shape: str) -> None:
    report_id = _id(store, QINGYANG, 2023)
    store.correct(report_id, "requests.new.natural", 3, "按原件更正")
    out = {fmt: tmp_path / f"all.{fmt}" for fmt in ("csv", "xlsx", "parquet", "jsonl")}
    for fmt, path in out.items():
        assert store.export(path, fmt, shape, year=2023) == (3 if shape == "wide" else 3 * len(load("2021").cells))

    assert out["csv"].read_bytes().startswith(b"\xef\xbb\xbf")
    with out["csv"].open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    jsonl = [json.loads(line) for line in out["jsonl"].read_text("utf-8").splitlines()]
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(out["xlsx"], read_only=True).active
    header, *values = list(sheet.values)
    xlsx = [dict(zip(header, v)) for v in values]
    pq = pytest.importorskip("pyarrow.parquet")
    parquet = pq.read_table(out["parquet"]).to_pylist()

    for table in (rows, jsonl, xlsx, parquet):
        assert {r["agency"] for r in table} == {XIYUAN, QINGYANG, SHISHI}
        mine = [r for r in table if int(r["report_id"]) == report_id]
        if shape == "wide":
            assert float(mine[0]["requests.new.natural"]) == 3
            assert mine[0]["corrected_cells"] == "requests.new.natural"
        else:
            (cell,) = [r for r in mine if r["cell"] == "requests.new.natural"]
            assert float(cell["value"]) == 3 and float(cell["extracted_value"]) == 1
            assert str(cell["corrected"]) in ("True", "true", "1")

    duckdb = pytest.importorskip("duckdb")
    ((count,),) = duckdb.sql(f"select count(distinct report_id) from '{out['parquet']}'").fetchall()
    assert count == 3


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("西园街道", "晋江市西园街道办事处", True),
        ("秦山街道", "海盐县秦山街道办事处", True),
        ("文登区天福街道办事处", "威海市文登区天福街道办事处", True),
        ("栖霞区人民政府", "栖霞区人民政府办公室", False),
        ("晋江市西园街道", "石狮市西园街道办事处", False),
        ("西园街道", "西园街道社区", False),
    ],
)
def test_agency_names_match_within_a_region(a: str, b: str, same: bool) -> None:
    assert names_match(a, b) is same


def test_a_short_name_that_fits_two_agencies_joins_neither(db_url: str, tmp_path: Path) -> None:
    values = hand("2021", {})
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("晋江市西园街道办事处", "石狮市西园街道办事处", "西园街道"):
        write_report(folder, f"{name}.txt", name, 2023, values | {"active.penalty.decisions": len(name)})
    with Store.open(db_url) as store:
        store.ingest([folder], workers=1)
        assert len(store.agencies()) == 3
