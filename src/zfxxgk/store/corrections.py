"""Reviewers' corrections: a new value for one cell, kept beside what the report printed.

The extracted cell is never overwritten; the correction records who, when, why and the value it
replaced, every check re-runs on the corrected report (and the next year's cross-year checks on it),
and every reader of the store (`load_report`) sees the corrected value.
"""

from __future__ import annotations

import getpass
import os

from sqlalchemy.orm import Session

from ..check import CheckConfig
from ..model import Report
from ..templates import load
from .database import StoreError
from .reports import get_row, load_report
from .schema import Correction, HistoryRow
from .writer import recheck

BLANK = {"", "-", "—", "/", "无", "null", "none", "空"}


def parse_value(text: str | int | float | None) -> int | float | None:
    """A reviewer's value: a number (`12`, `1,234`, `3.5`), or blank (`-`, `—`, `无`, empty) for None."""
    if text is None or isinstance(text, (int, float)):
        return text
    cleaned = text.strip().replace(",", "")
    if cleaned.lower() in BLANK:
        return None
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        return float(cleaned)
    except ValueError as exc:
        raise StoreError(f"not a number: {text!r} (use a number, or - for a blank cell)") from exc


def default_author() -> str:
    """Who is correcting, when the caller does not say: $ZFXXGK_USER, else the login name."""
    try:
        return os.environ.get("ZFXXGK_USER") or getpass.getuser()
    except OSError:
        return "unknown"


def correct(
    session: Session,
    report_id: int,
    cell: str,
    value: str | int | float | None,
    reason: str,
    author: str | None = None,
    config: CheckConfig | None = None,
) -> Report:
    """Record the correction, re-run the checks, and return the corrected report with its new findings."""
    if not reason or not reason.strip():
        raise StoreError("a correction needs a reason (--reason)")
    row = get_row(session, report_id)
    if cell not in load(row.template).cells:
        raise StoreError(f"{cell!r} is not a cell of the {row.template} template")
    number = parse_value(value)
    before = load_report(session, row).cells[cell]
    session.add(
        Correction(
            report_id=row.id,
            cell=cell,
            value=None if number is None else float(number),
            is_int=not isinstance(number, float),
            original={"value": before.value, "kind": before.kind.value, "raw": before.raw},
            reason=reason.strip(),
            author=author or default_author(),
        )
    )
    session.add(HistoryRow(report_id=row.id, event="corrected", detail={"cell": cell, "from": before.value, "to": number}))
    session.flush()
    recheck(session, row, config)
    return load_report(session, row)
