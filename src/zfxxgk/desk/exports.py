"""The case register as a spreadsheet for statistics and hand-over: never with anyone's personal data.

Only what the annual tables count and a reviewer needs leaves the desk: number, dates, channel, applicant
type, the request, the step history, the outcome and whether it was late. Names, ID numbers and contact
details stay inside. 申请内容 is the applicant's own free text and can name people or give an address
("我家（某路12号）的拆迁补偿"), so the export warns of it and can leave it out.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from ..celltext import csv_writer, text_row
from .cases import CaseView
from .errors import DeskError

HEADERS = ("编号", "收到日期", "渠道", "申请人类型", "申请内容", "办理步骤", "状态", "答复日期", "办理结果", "逾期答复", "注意")
DESCRIPTION = "申请内容"
DESCRIPTION_WARNING = "注意：“申请内容”是申请人自述，可能含有姓名、住址等个人信息；对外提供前请核查，或用 --without-description 不导出该列。"


def _row(case: CaseView) -> tuple[str, ...]:
    steps = "；".join(f"{s.label} {s.started_on}" for s in case.steps)
    return (
        case.number, case.received_on.isoformat(), case.channel, case.applicant_kind, case.description, steps,
        case.status.label, case.closed_on.isoformat() if case.closed_on else "", case.outcome_label or "",
        "是" if case.late else "", "；".join(case.flags),
    )


def write_cases(cases: list[CaseView], path: str | Path, description: bool = True) -> int:
    """Write the cases to a .csv (UTF-8 with BOM, for Excel) or .xlsx file; returns the rows written.
    `description=False` leaves out the free-text 申请内容 column."""
    target = Path(path)
    keep = [i for i, h in enumerate(HEADERS) if description or h != DESCRIPTION]
    headers = tuple(HEADERS[i] for i in keep)
    rows = [tuple(r[i] for i in keep) for r in map(_row, cases)]
    if target.suffix.lower() == ".csv":
        with target.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv_writer(out)
            writer.writerow(headers)
            writer.writerows(rows)
    elif target.suffix.lower() == ".xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "依申请公开登记"
        for row in (headers, *rows):
            sheet.append(text_row(sheet, row))
        book.save(target)
    else:
        raise DeskError(f"{target}: 请使用 .csv 或 .xlsx")
    return len(rows)
