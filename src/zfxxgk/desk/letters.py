"""The letters a case needs (告知书), as DOCX: the registration receipt, a notice per step, the answer.

The wording and the provisions cited live in `letters.toml`, one entry per outcome of 表三 and per step,
each naming the provisions of the 条例 it relies on (checked against `law.toml` by the tests), so a legal
reviewer edits data, not code. An outcome's variant is chosen by what happened (a consultation took place)
or what the answer records (where published information is found, the agency responsible). Every letter
that ends a case names the 复议机关 and the court (行政复议法 第二十条) and refuses to print without them;
every letter ends with the agency, the seal's place and the date. A letter carries the applicant's name,
so producing one counts as a view of personal data (the caller audits it).
"""

from __future__ import annotations

import io
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from . import fees
from .calendar import working_days_between
from .clock import PERIODS, Periods, Step, answer_due
from .errors import DeskError
from .schema import AgencyRemedy, CaseRow, StepRow
from .vocab import Channel

FONT = "仿宋"
RECEIPT, ANSWER, WITHDRAWAL = "receipt", "answer", "withdrawal"


@cache
def data() -> dict[str, Any]:
    return tomllib.loads(resources.files(__package__).joinpath("letters.toml").read_text("utf-8"))


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def correction_late(received: date, on: date, periods: Periods = PERIODS) -> bool:
    """A 补正 notice later than 7 working days after receipt (第三十条)."""
    return working_days_between(received, on) > periods.correction_notice


@dataclass(frozen=True, slots=True)
class Letter:
    title: str
    number: str
    addressee: str
    paragraphs: tuple[str, ...]
    agency: str
    dated: date


def _step_letters(case: CaseRow) -> list[tuple[str, StepRow]]:
    """`correction`, `extension`, `extension-2`, …: one letter per step that has one, numbered by kind."""
    seen: dict[str, int] = {}
    out = []
    for step in case.steps:
        if step.kind in data()["steps"]:
            seen[step.kind] = seen.get(step.kind, 0) + 1
            out.append((step.kind if seen[step.kind] == 1 else f"{step.kind}-{seen[step.kind]}", step))
    return out


def _withdrawn(case: CaseRow) -> StepRow | None:
    return next((s for s in case.steps if s.kind == Step.WITHDRAWAL), None)


def kinds(case: CaseRow) -> list[str]:
    """The letters this case can have now: the receipt, one per step, and the answer (or the withdrawal)."""
    out = [RECEIPT, *(kind for kind, _ in _step_letters(case))]
    if case.outcome is not None:
        out.append(WITHDRAWAL if _withdrawn(case) else ANSWER)
    return out


def label(kind: str) -> str:
    """A letter kind's title, numbered for the second and later of a kind (`延期答复告知书（二）`)."""
    base, _, n = kind.partition("-")
    entry = data()["common"] if base == ANSWER else {**data()["letters"], **data()["steps"]}[base]
    title = entry.get("answer_title", entry.get("title"))
    return f"{title}（{n}）" if n else title


def _outcome_entry(case: CaseRow, outcome: str, facts: Mapping[str, Any]) -> dict[str, Any]:
    """The outcome's wording, or the first variant whose fact is recorded (or happened: `consulted`)."""
    entry = data()["outcomes"][outcome]
    known = {k for k, v in facts.items() if v not in (None, "")}
    if any(s.kind == Step.CONSULTATION for s in case.steps):
        known.add("consulted")
    return next((v for v in entry.get("variants", []) if v["when"] in known), entry)


def missing_facts(case: CaseRow, outcome: str, facts: Mapping[str, Any]) -> list[str]:
    """What the outcome's letter must state and the answer did not record, as the officer is asked for it."""
    entry = _outcome_entry(case, outcome, facts)
    return [data()["fields"][f] for f in entry.get("needs", []) if facts.get(f) in (None, "")]


def _remedy(remedy: AgencyRemedy | None, agency: str) -> dict[str, str]:
    if remedy is None:
        raise DeskError(
            f"{agency}尚未登记复议机关和管辖法院，答复书不能告知救济途径"
            f"（zfxxgk desk agency {agency} --review-body … --court …）"
        )
    return {"review_body": remedy.review_body, "court": remedy.court}


def _fields(case: CaseRow) -> dict[str, Any]:
    return {
        "agency": case.agency.name,
        "number": case.number,
        "name": case.applicant_name,
        "you": "你" if case.applicant_kind == "natural" else "你单位",
        "received": chinese_date(case.received_on),
        "channel": Channel(case.channel).label,
        "description": case.description,
        "answer": case.answer or "",
    }


def _step_fields(case: CaseRow, step: StepRow) -> dict[str, Any]:
    detail = step.detail or {}
    due = answer_due(case) if step.kind in (Step.EXTENSION, Step.DEFERRAL) else step.due_on
    out: dict[str, Any] = {
        "answer": step.note or "", "days": step.days, "due": chinese_date(due) if due else "",
        "party": detail.get("party") or "第三方", "pay_how": detail.get("pay_how", ""),
    }
    if step.kind == Step.FEE and detail.get("basis"):
        fee = fees.compute(detail["basis"], detail["quantity"])
        out |= {"standard": fee.standard, "calculation": fee.calculation, "amount": f"{fee.amount:.2f}"}
    return out


def compose(case: CaseRow, kind: str = ANSWER, remedy: AgencyRemedy | None = None, secret: str | None = None) -> Letter:
    """The letter of `kind` (see `kinds`) for the case, with every placeholder filled.

    `remedy` is the agency's 复议机关 and court (needed by letters that end the case); `secret` the query
    code, known only when the case is registered (a later receipt says it was given then).
    """
    if kind not in kinds(case):
        raise DeskError(f"案件 {case.number} 没有可出具的“{kind}”文书")
    common = data()["common"]
    fields = _fields(case)
    opening = common["opening"]
    addressee = f"{case.applicant_name}："
    ends = False
    if kind == RECEIPT:
        entry, title, dated = data()["letters"][RECEIPT], data()["letters"][RECEIPT]["title"], case.received_on
        fields |= {"secret": secret or "（已于登记时告知）", "due": chinese_date(answer_due(case))}
    elif kind in (ANSWER, WITHDRAWAL) and case.outcome is not None and case.closed_on is not None:
        dated, ends = case.closed_on, True
        if kind == WITHDRAWAL:
            entry, title = data()["letters"][WITHDRAWAL], data()["letters"][WITHDRAWAL]["title"]
            fields |= {"on": chinese_date(case.closed_on), "answer": ""}
        else:
            facts = case.detail or {}
            entry, title = _outcome_entry(case, case.outcome, facts), common["answer_title"]
            fields |= {k: v for k, v in facts.items() if isinstance(v, str)}
    else:
        step = dict(_step_letters(case))[kind]
        entry = data()["steps"][step.kind]
        title, dated = label(kind), step.started_on
        fields |= _step_fields(case, step)
        opening = entry.get("opening", opening)
        if "addressee" in entry:
            addressee = entry["addressee"].format(**fields) + "："
    body = [*entry["body"]]
    if ends:
        fields |= _remedy(remedy, case.agency.name)
        body.append(common["remedy"])
    paragraphs = [opening.format(**fields), *(p.format(**fields).strip() for p in body)]
    return Letter(title, case.number, addressee, tuple(p for p in paragraphs if p), case.agency.name, dated)


def text(letter: Letter) -> str:
    """The letter as plain lines, as the DOCX prints them (what the README and the golden files show)."""
    lines = [letter.agency, letter.title, f"编号：{letter.number}", letter.addressee, *letter.paragraphs]
    return "\n".join([*lines, letter.agency, data()["common"]["seal"], chinese_date(letter.dated)])


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
    for paragraph in letter.paragraphs:
        document.add_paragraph(paragraph).paragraph_format.first_line_indent = Pt(28)
    for line in (letter.agency, data()["common"]["seal"], chinese_date(letter.dated)):
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
