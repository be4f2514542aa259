"""A desk on a fresh SQLite database with one office's staff, for the desk tests.

Test modules import the fixtures (`from desk_support import desk_fixture, office_fixture`); pytest
knows them as `desk` and `office`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from zfxxgk.desk import Actor, Application, Channel, Desk, Role

AGENCY = "某市某区人民政府办公室"
OTHER_AGENCY = "某市某区教育局"


@dataclass(frozen=True)
class Office:
    """The people of AGENCY (one per role, and a clerk holding all three), a supervisor, and an outsider."""

    agency_id: int
    registrar: Actor
    handler: Actor
    approver: Actor
    clerk: Actor
    supervisor: Actor
    outsider: Actor


PASSWORD = "mima-2025"


REVIEW_BODY, COURT = "某市人民政府", "某市某区人民法院"
# What a 予以公开 or 部分公开 answer must state: how, where and when the information is provided.
PROVIDED = {"how": "电子邮件", "where": "申请人预留的电子邮箱", "when": "答复当日"}


def facts(outcome: str) -> dict[str, str]:
    """The facts an answer with `outcome` records in these tests (those its letter needs)."""
    return PROVIDED if outcome in ("granted", "partial") else {}


def _staff(desk: Desk) -> Office:
    agency_id = desk.add_agency(AGENCY)
    desk.add_agency(OTHER_AGENCY)
    desk.set_remedy(AGENCY, REVIEW_BODY, COURT)
    return Office(
        agency_id,
        desk.add_user("王登记", [Role.REGISTRAR], AGENCY, PASSWORD),
        desk.add_user("李承办", [Role.HANDLER], AGENCY, PASSWORD),
        desk.add_user("赵审批", [Role.APPROVER], AGENCY, PASSWORD),
        desk.add_user("孙办事", [Role.REGISTRAR, Role.HANDLER, Role.APPROVER], AGENCY, PASSWORD),
        desk.add_user("钱监督", [Role.SUPERVISOR], password=PASSWORD),
        desk.add_user("周外人", [Role.REGISTRAR, Role.HANDLER, Role.APPROVER], OTHER_AGENCY, PASSWORD),
    )


_STAFFED: dict[str, tuple[Path, Office]] = {}


def staffed_database(factory: pytest.TempPathFactory) -> tuple[Path, Office]:
    """A migrated database with the office's staff, made once per run and copied for each test (hashing
    the passwords and running the migrations for every test would take most of the suite's time)."""
    if "db" not in _STAFFED:
        path = factory.mktemp("desk") / "staffed.db"
        with Desk.open(f"sqlite:///{path}") as made:
            _STAFFED["db"] = (path, _staff(made))
    return _STAFFED["db"]


@pytest.fixture(name="desk")
def desk_fixture(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    copy = tmp_path / "desk.db"
    shutil.copyfile(staffed_database(tmp_path_factory)[0], copy)
    with Desk.open(f"sqlite:///{copy}") as opened:
        yield opened


@pytest.fixture(name="office")
def office_fixture(desk: Desk, tmp_path_factory: pytest.TempPathFactory) -> Office:
    return staffed_database(tmp_path_factory)[1]


def application(received: date | None = None, kind: str = "natural", channel: Channel = Channel.LETTER) -> Application:
    """A complete request (第二十九条) from 张三 or, for an organisation, 某某有限公司."""
    name = "张三" if kind == "natural" else "某某有限公司"
    return Application(
        kind, name, "2024年本区老旧小区改造项目清单", channel, received,
        id_number="110101199003071233" if kind == "natural" else "91110000600037341L", phone="13812345678", address="北京市海淀区中关村大街1号", email="zhangsan@example.com",
    )
