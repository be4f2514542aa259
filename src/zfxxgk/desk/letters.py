"""The letters a case needs (告知书): the answer for its outcome, and the notices of its steps, as DOCX.

The wording and the articles cited live in `letters.toml`, one entry per outcome of 表三 and per step, so
a legal reviewer edits data, not code. A letter carries the applicant's name, so producing one counts as a
view of personal data (the caller audits it).
"""

from __future__ import annotations

import io
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from .clock import Step, answer_due
from .errors import DeskError
from .schema import CaseRow, StepRow
from .vocab import Channel

FONT = "仿宋"


@cache
def _data() -> dict[str, Any]:
    return tomllib.loads(resources.files(__package__).joinpath("letters.toml").read_text("utf-8"))


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True, slots=True)
class Letter:
    title: str
    number: str
    addressee: str
    paragraphs: tuple[str, ...]
    agency: str
    dated: date


def kinds(case: CaseRow) -> list[str]:
    """The letters this case can have now: one per step taken, and the answer once it is closed."""
    out = [s.kind for s in case.steps if s.kind in _data()["steps"]]
    if case.outcome is not None:
        out.append("answer")
    return list(dict.fromkeys(out))


def _last_step(case: CaseRow, kind: str) -> StepRow:
    return [s for s in case.steps if s.kind == kind][-1]


def compose(case: CaseRow, kind: str = "answer") -> Letter:
    """The letter of `kind` ('answer' or a step kind) for the case, with every placeholder filled."""
    if kind not in kinds(case):
        raise DeskError(f"案件 {case.number} 没有可出具的“{kind}”文书")
    data = _data()
    fields: dict[str, Any] = {
        "agency": case.agency.name,
        "number": case.number,
        "name": case.applicant_name,
        "you": "你" if case.applicant_kind == "natural" else "你单位",
        "received": chinese_date(case.received_on),
        "channel": Channel(case.channel).label,
        "description": case.description,
        "answer": case.answer or "",
    }
    if kind == "answer" and case.outcome is not None and case.closed_on is not None:
        entry, title, dated = data["outcomes"][case.outcome], data["common"]["answer_title"], case.closed_on
        body = [*entry["body"], data["common"]["remedy"]]
    else:
        step = _last_step(case, kind)
        entry, title, dated = data["steps"][kind], data["steps"][kind]["title"], step.started_on
        due = answer_due(case) if kind == Step.EXTENSION else step.due_on
        fields |= {"answer": step.note or "", "days": step.days, "amount": step.amount, "due": chinese_date(due) if due else ""}
        body = list(entry["body"])
    paragraphs = [data["common"]["opening"].format(**fields), *(p.format(**fields).strip() for p in body)]
    return Letter(title, case.number, f"{case.applicant_name}：", tuple(p for p in paragraphs if p), case.agency.name, dated)


def _style(document: docx.document.Document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def to_docx(letter: Letter) -> bytes:
    document = docx.Document()
    _style(document)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(f"{letter.agency}\n{letter.title}")
    run.bold, run.font.size = True, Pt(18)
    document.add_paragraph(f"编号：{letter.number}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(letter.addressee)
    for text in letter.paragraphs:
        document.add_paragraph(text).paragraph_format.first_line_indent = Pt(28)
    for line in (letter.agency, chinese_date(letter.dated)):
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
