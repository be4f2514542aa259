"""Generated annual reports for the store tests, printed from the templates in the seeds' layout.

The store is tested on a thousand files and on chains of years; these are written from the template
itself (every label, every table), so they need no shared data, with numbers that satisfy every rule —
the cross-year ones too when a previous year is given — unless a test breaks one on purpose.
"""

from __future__ import annotations

import os
import random
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from synth import APPLICANTS, consistent_values

from zfxxgk.templates import Template, for_year, load


def values_for(template_id: str, rng: random.Random, previous: dict[str, int | float] | None = None) -> dict[str, int | float]:
    """Random values under which every rule holds, including the cross-year ones against `previous`."""
    values: dict[str, int | float] = dict(consistent_values(load(template_id), rng))
    if previous is None:
        return values
    for col in APPLICANTS:
        total, out = values[f"requests.total.{col}"], values[f"requests.carried_out.{col}"]
        into = previous[f"requests.carried_out.{col}"]
        deficit = into - (total + out)
        if deficit > 0:
            values[f"requests.granted.{col}"] += deficit
            values[f"requests.total.{col}"] += deficit
        values[f"requests.carried_in.{col}"] = into
        values[f"requests.new.{col}"] = values[f"requests.total.{col}"] + out - into
    for row in ("new", "carried_in", "granted", "total"):
        values[f"requests.{row}.total"] = sum(values[f"requests.{row}.{c}"] for c in APPLICANTS)
    if template_id == "2021" and "active.rules.in_force" in previous:
        for row in ("rules", "normative_docs"):
            before = previous[f"active.{row}.in_force"]
            issued = values[f"active.{row}.issued"]
            repealed = min(values[f"active.{row}.repealed"], before)
            values[f"active.{row}.repealed"] = repealed
            values[f"active.{row}.in_force"] = before + issued - repealed
    return values


def _number(value: int | float | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _active(template: Template, values: dict[str, int | float]) -> list[str]:
    lines: list[str] = []
    table = template.tables["active"]
    for group in table.groups:
        lines += [f"\t{group.clause}", "", "\t信息内容", *(f"\t{c.label}" for c in group.columns), ""]
        for row in group.rows:
            lines += [f"\t{row.label}", *(f"\t{_number(values.get(f'active.{row.id}.{c.id}'))}" for c in group.columns), ""]
    return lines


def _requests(template: Template, values: dict[str, int | float]) -> list[str]:
    table = template.tables["requests"]
    lines = [f"\t（{table.note}）", "\t申请人情况", "", "\t", "\t自然人", "\t法人或其他组织", "\t总计", ""]
    lines += ["\t", "\t", *(f"\t{c.label}" for c in table.groups[0].columns[1:6]), "\t", ""]
    parents_done: set[str] = set()
    for row, group in table.rows():
        if row.parent and row.parent not in parents_done and row.parent.startswith("（"):
            lines.append(f"\t{row.parent}")
            parents_done.add(row.parent)
        elif row.parent and row.parent not in parents_done:
            lines += [f"\t{row.parent}", ""]
            parents_done.add(row.parent)
        lines += [f"\t{row.label}", *(f"\t{_number(values.get(f'requests.{row.id}.{c.id}'))}" for c in group.columns), ""]
    return lines


def _appeals(values: dict[str, int | float]) -> list[str]:
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    lines = ["\t行政复议", "\t行政诉讼", "", *(f"\t{h}" for h in heads), "\t未经复议直接起诉", "\t复议后起诉", ""]
    lines += [*(f"\t{h}" for h in heads * 2), ""]
    for row in ("review", "suit_direct", "suit_after_review"):
        lines += [f"\t{_number(values.get(f'appeals.{row}.{c}'))}" for c in ("upheld", "corrected", "other", "pending", "total")]
    return lines


def report_text(agency: str, year: int, values: dict[str, int | float], template_id: str | None = None) -> str:
    """A complete report in the tab-per-cell layout of the seeds, readable by the text reader."""
    template = load(template_id) if template_id else for_year(year)
    lines = [
        f"{agency}{year}年政府信息公开工作年度报告",
        "",
        f"根据《中华人民共和国政府信息公开条例》要求，特向社会公布{agency}{year}年度政府信息公开工作年度报告。"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        "",
        "一、总体情况",
        "",
        f"{year}年，{agency}认真贯彻落实《条例》，扎实推进政务公开工作。",
        "",
        "二、主动公开政府信息情况",
        "",
        *_active(template, values),
        "",
        "三、收到和处理政府信息公开申请情况",
        "",
        *_requests(template, values),
        "",
        "四、政府信息公开行政复议、行政诉讼情况",
        "",
        *_appeals(values),
        "",
        "五、存在的主要问题及改进情况",
        "",
        "公开内容还不够丰富，下一步将进一步加强。",
        "",
        "六、其他需要报告的事项",
        "",
        "本年度未收取信息处理费。",
        "",
        agency,
        f"{year + 1}年1月20日",
        "",
    ]
    return "\n".join(lines)


def write_report(folder: Path, name: str, agency: str, year: int, values: dict[str, int | float], template_id: str | None = None) -> Path:
    path = folder / name
    path.write_text(report_text(agency, year, values, template_id), encoding="utf-8")
    return path


def write_chain(folder: Path, agency: str, years: range, seed: int = 0) -> dict[int, dict[str, int | float]]:
    """One agency's reports for consecutive years whose cross-year rules hold; returns the values by year."""
    chain: dict[int, dict[str, int | float]] = {}
    previous = None
    for year in years:
        values = values_for(for_year(year).id, random.Random(seed * 1000 + year), previous)
        write_report(folder, f"{agency}{year}.txt", agency, year, values)
        chain[year] = previous = values
    return chain


PG_ENV = "ZFXXGK_TEST_PG"


def postgres_database(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty database on the PostgreSQL server named by $ZFXXGK_TEST_PG, dropped afterwards.

    Skips (with a warning that shows in the test summary) only when no server is reachable.
    """
    server = os.environ.get(PG_ENV)
    if not server:
        _skip(f"${PG_ENV} is not set, so there is no PostgreSQL server to test against")
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"zfxxgk_test_{uuid.uuid4().hex[:12]}"
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        engine.dispose()
        _skip(f"the PostgreSQL server at ${PG_ENV} is not reachable ({str(exc.orig).strip()})")
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def _skip(reason: str) -> NoReturn:
    warnings.warn(f"PostgreSQL tests skipped: {reason}", stacklevel=2)
    pytest.skip(reason)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each store test runs on a SQLite file and on a PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'zfxxgk.db'}"
    else:
        yield from postgres_database(request)
