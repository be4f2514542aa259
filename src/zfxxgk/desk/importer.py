"""Import of an existing case register (the spreadsheet most agencies keep today) into the desk.

Each row becomes a case: received, and closed with its outcome if the sheet says how and when it ended.
A case still open keeps the steps the sheet records (补正, 征求意见, 延期, with their dates), so its time
limit goes on where it stood, and every case keeps its number as written (`2024-0005` stays that, and new
numbers of the year follow in the same width). Channels, applicant types and outcomes are matched on their
printed labels (`当面`, `科研机构`, `不予公开·属于国家秘密`, `部分公开`). The import is all or nothing:
every faulty cell is listed by row and column (`第3行，C列“申请方式”：…`) and nothing is stored until the
sheet is clean, so a re-run after fixing it never duplicates a case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit, sheets
from .calendar import add_working_days
from .cases import Application, create
from .clock import PERIODS, Step
from .errors import DeskError
from .roles import Actor
from .schema import CaseRow, StepRow
from .vocab import Channel, applicant_kinds, match, outcomes

T = TypeVar("T")

FIELDS = {
    "number": ("编号", "申请编号", "案件编号", "登记号"),
    "received_on": ("收到日期", "收到申请日期", "登记日期", "受理日期", "申请日期"),
    "channel": ("渠道", "申请方式", "提交方式"),
    "applicant_kind": ("申请人类型", "申请人类别"),
    "applicant_name": ("申请人", "申请人姓名", "申请人姓名或名称", "申请人名称"),
    "id_number": ("证件号码", "身份证号", "身份证号码", "统一社会信用代码"),
    "phone": ("联系电话", "电话"),
    "address": ("地址", "通信地址", "联系地址"),
    "email": ("电子邮箱", "邮箱"),
    "description": ("申请内容", "申请公开内容", "所需信息"),
    "closed_on": ("答复日期", "办结日期"),
    "outcome": ("办理结果", "答复结果", "处理结果"),
    "answer": ("答复内容", "答复说明"),
    "correction_on": ("补正告知日期", "告知补正日期"),
    "correction_back": ("收到补正日期", "补正日期"),
    "consulted_on": ("征求意见日期", "征求第三方意见日期"),
    "consulted_back": ("收到意见日期", "第三方意见日期"),
    "extended_on": ("延期日期", "批准延期日期"),
    "extension_days": ("延期工作日", "延期天数"),
}
# (step, field of its start, field of its end, the other side's period)
_STEPS = (
    (Step.CORRECTION, "correction_on", "correction_back", PERIODS.correction),
    (Step.CONSULTATION, "consulted_on", "consulted_back", PERIODS.third_party),
)
REQUIRED = ("received_on", "applicant_kind", "applicant_name", "description")
_CHANNEL_WORDS = {
    Channel.VISIT: ("当面", "现场", "窗口"),
    Channel.ORDINARY_LETTER: ("平常信函", "平信"),
    Channel.LETTER: ("邮寄", "信函", "挂号", "快递"),
    Channel.ONLINE: ("网上", "互联网", "网络", "在线", "电子邮件", "网站"),
    Channel.FAX: ("传真",),
}


def channel_of(text: str) -> Channel:
    """The channel a register writes (`当面提交`, `网上申请`, `平信`); unknown or blank → DeskError."""
    for channel, words in _CHANNEL_WORDS.items():
        if text == channel.value or any(w in text for w in words):
            return channel
    raise DeskError(f"无法识别的申请渠道：{text or '（空）'}")


class _CellError(DeskError):
    """A problem with one cell: the field it came from, to name the column."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _cell(field: str, read: Callable[[], T]) -> T:
    try:
        return read()
    except (DeskError, ValueError) as exc:
        raise _CellError(field, str(exc)) from exc


def _date(row: dict[str, str], field: str) -> date | None:
    return _cell(field, lambda: sheets.parse_date(row.get(field, "")))


def _application(row: dict[str, str], received: date) -> Application:
    return Application(
        applicant_kind=_cell("applicant_kind", lambda: match(applicant_kinds(), row["applicant_kind"]).id),
        applicant_name=row["applicant_name"],
        description=row["description"],
        channel=_cell("channel", lambda: channel_of(row.get("channel", ""))),
        received_on=received,
        id_number=row.get("id_number"),
        phone=row.get("phone"),
        address=row.get("address"),
        email=row.get("email"),
    )


@dataclass(frozen=True, slots=True)
class _Entry:
    """A row read and checked, ready to be stored."""

    application: Application
    number: str | None
    outcome: str | None
    closed: date | None
    answer: str | None
    steps: tuple[StepRow, ...]


def _steps(row: dict[str, str], received: date) -> list[StepRow]:
    """The steps the sheet records, each starting no earlier than the request and ending after it starts."""
    out = []
    for kind, start, end, period in _STEPS:
        began, ended = _date(row, start), _date(row, end)
        if began is None:
            if ended is not None:
                raise _CellError(end, "有完成日期而无开始日期")
            continue
        if began < received:
            raise _CellError(start, f"{began} 早于收到日期 {received}")
        if ended is not None and ended < began:
            raise _CellError(end, f"{ended} 早于{kind.label}开始日期 {began}")
        out.append(StepRow(kind=kind.value, started_on=began, due_on=add_working_days(began, period), ended_on=ended, actor="导入"))
    extended = _date(row, "extended_on")
    if extended is not None:
        days = _cell("extension_days", lambda: int(row.get("extension_days") or "0"))
        if not 1 <= days <= PERIODS.extension:
            raise _CellError("extension_days", f"延期工作日应为1至{PERIODS.extension}")
        out.append(StepRow(kind=Step.EXTENSION.value, started_on=extended, days=days, actor="导入"))
    return out


def _entry(row: dict[str, str]) -> _Entry:
    received = _date(row, "received_on")
    if received is None:
        raise _CellError("received_on", "缺少收到日期")
    closed = _date(row, "closed_on")
    outcome_text = row.get("outcome", "").strip()
    if (closed is None) != (not outcome_text):
        raise _CellError("outcome" if closed else "closed_on", "办理结果和答复日期须同时填写（未办结的都不填）")
    if closed is not None and closed < received:
        raise _CellError("closed_on", f"答复日期 {closed} 早于收到日期 {received}")
    application = _application(row, received)
    if problems := application.problems(complete=False):
        raise DeskError("；".join(problems))
    outcome = _cell("outcome", lambda: match(outcomes(), outcome_text).id) if outcome_text else None
    return _Entry(application, row.get("number") or None, outcome, closed, row.get("answer") or None, tuple(_steps(row, received)))


def _taken(session: Session, agency_id: int, entries: list[tuple[int, _Entry]]) -> list[str]:
    """Numbers used twice in the sheet or already in the desk."""
    numbers = [e.number for _, e in entries if e.number]
    stored = set(session.scalars(select(CaseRow.number).where(CaseRow.agency_id == agency_id, CaseRow.number.in_(numbers))))
    seen: set[str] = set()
    problems = []
    for n, entry in entries:
        if entry.number and (entry.number in stored or entry.number in seen):
            problems.append(f"第{n}行：编号 {entry.number} 重复")
        seen.add(entry.number or "")
    return problems


def import_cases(session: Session, actor: Actor, agency_id: int, path: str | Path, today: date) -> int:
    """Import every row, or none: DeskError lists each faulty row with its reason."""
    actor.require("import", agency_id)
    entries: list[tuple[int, _Entry]] = []
    problems: list[str] = []
    rows, columns = sheets.read_columns(path, FIELDS, REQUIRED)
    for n, row in enumerate(rows, start=2):
        try:
            entries.append((n, _entry(row)))
        except _CellError as exc:
            problems.append(f"第{n}行，{columns.get(exc.field, FIELDS[exc.field][0])}：{exc}")
        except (DeskError, ValueError) as exc:
            problems.append(f"第{n}行：{exc}")
    problems += _taken(session, agency_id, entries)
    if problems:
        raise DeskError(f"{path}: {len(problems)} 行有误，未导入任何案件\n" + "\n".join(problems))
    for _, entry in entries:
        case, _secret = create(session, actor, agency_id, entry.application, today, entry.number, complete=False)
        case.steps.extend(entry.steps)
        for step in entry.steps:
            if step.kind == Step.CORRECTION and step.ended_on is not None:
                case.clock_start = step.ended_on
        if entry.outcome is not None:
            case.outcome, case.closed_on, case.answer = entry.outcome, entry.closed, entry.answer
            audit.record(session, actor, "close", agency_id, case.id, outcome=entry.outcome, on=entry.closed, imported=True)
    return len(entries)
