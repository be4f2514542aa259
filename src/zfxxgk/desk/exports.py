"""The case register as a spreadsheet for statistics and hand-over: never with anyone's personal data.

Only what the annual tables count and a reviewer needs leaves the desk: number, dates, channel, applicant
type, the request, the step history, the outcome. Names, ID numbers and contact details stay inside.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from ..celltext import csv_writer, text_row
from .cases import CaseView
from .errors import DeskError

HEADERS = ("编号", "收到日期", "渠道", "申请人类型", "申请内容", "办理步骤", "状态", "答复日期", "办理结果")


def _row(case: CaseView) -> tuple[str, ...]:
    steps = "；".join(f"{s.label} {s.started_on}" for s in case.steps)
    return (
        case.number, case.received_on.isoformat(), case.channel, case.applicant_kind, case.description, steps,
        case.status.label, case.closed_on.isoformat() if case.closed_on else "", case.outcome_label or "",
    )


def write_cases(cases: list[CaseView], path: str | Path) -> int:
    """Write the cases to a .csv (UTF-8 with BOM, for Excel) or .xlsx file; returns the rows written."""
    target = Path(path)
    rows = [_row(c) for c in cases]
    if target.suffix.lower() == ".csv":
        with target.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv_writer(out)
            writer.writerow(HEADERS)
            writer.writerows(rows)
    elif target.suffix.lower() == ".xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "依申请公开登记"
        for row in (HEADERS, *rows):
            sheet.append(text_row(sheet, row))
        book.save(target)
    else:
        raise DeskError(f"{target}: 请使用 .csv 或 .xlsx")
    return len(rows)
