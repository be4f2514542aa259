"""The desk's words: channels, applicant types, outcomes and appeal results, with their printed labels.

Applicant types, outcomes and appeal kinds/results are the rows and columns of 表三 and 表四 of the
current national format, read from the template file, so a case is classified into exactly the cell it is
counted in and the two can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache

from ..templates import Template, load

CURRENT_TEMPLATE = "2021"
# 表三 rows that are not outcomes: the inflow and the balances.
_NOT_OUTCOMES = frozenset({"new", "carried_in", "total", "carried_out"})


class Channel(str, Enum):
    """How a request arrived; each channel fixes which day counts as received (条例 第三十一条)."""

    VISIT = "visit"
    LETTER = "letter"
    ORDINARY_LETTER = "ordinary_letter"
    ONLINE = "online"
    FAX = "fax"

    @property
    def label(self) -> str:
        return CHANNELS[self][0]

    @property
    def received_event(self) -> str:
        """The day 第三十一条 takes as the day the request was received."""
        return CHANNELS[self][1]


CHANNELS = {
    Channel.VISIT: ("当面提交", "申请人提交之日"),
    Channel.LETTER: ("邮寄（挂号、快递等需签收）", "行政机关签收之日"),
    Channel.ORDINARY_LETTER: ("平常信函", "行政机关与申请人确认之日"),
    Channel.ONLINE: ("互联网渠道", "双方确认之日"),
    Channel.FAX: ("传真", "双方确认之日"),
}


@dataclass(frozen=True, slots=True)
class Term:
    """A code and how the format prints it (with its group, e.g. （三）不予公开 · 1.属于国家秘密)."""

    id: str
    label: str
    group: str | None = None

    @property
    def full_label(self) -> str:
        """`不予公开·属于国家秘密` for a numbered sub-item, the bare label otherwise."""
        if self.group and self.label[:1].isdigit():
            return f"{_unnumbered(self.group)}·{_unnumbered(self.label)}"
        return _unnumbered(self.label)


def _template() -> Template:
    return load(CURRENT_TEMPLATE)


@cache
def applicant_kinds() -> tuple[Term, ...]:
    """自然人 and the five kinds of 法人或其他组织: the columns of 表三 (总计 excepted)."""
    columns = _template().tables["requests"].groups[0].columns
    return tuple(Term(c.id, c.label, c.parent) for c in columns if c.id != "total")


@cache
def outcomes() -> tuple[Term, ...]:
    """Every outcome a request can be closed with: the result rows of 表三, in printed order."""
    rows = _template().tables["requests"].groups[0].rows
    return tuple(Term(r.id, _bare(r.label), r.parent) for r in rows if r.id not in _NOT_OUTCOMES)


@cache
def appeal_kinds() -> tuple[Term, ...]:
    return tuple(Term(r.id, r.label, r.parent) for r in _template().tables["appeals"].groups[0].rows)


@cache
def appeal_results() -> tuple[Term, ...]:
    """结果维持 / 结果纠正 / 其他结果 / 尚未审结 (`pending` until the body decides)."""
    columns = _template().tables["appeals"].groups[0].columns
    return tuple(Term(c.id, c.label) for c in columns if c.id != "total")


def _bare(label: str) -> str:
    """An outcome label without the format's counting note: `（二）部分公开`, not its whole parenthesis."""
    return label.split("（区分处理")[0]


def term(terms: tuple[Term, ...], code: str) -> Term:
    """The term with this code, or a ValueError listing the codes that exist."""
    for t in terms:
        if t.id == code:
            return t
    raise ValueError(f"unknown code {code!r}; one of: {', '.join(t.id for t in terms)}")


def match(terms: tuple[Term, ...], text: str) -> Term:
    """The term a spreadsheet cell names, by code, by label or by full label (`不予公开·属于国家秘密`)."""
    wanted = _plain(text)
    for t in terms:
        if wanted in {_plain(t.id), _plain(t.label), _plain(t.full_label), _plain(_unnumbered(t.label))}:
            return t
    raise ValueError(f"{text!r} names none of: {', '.join(t.label for t in terms)}")


def _plain(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum() or ch == "_" or ch == ".")


def _unnumbered(label: str) -> str:
    return label.lstrip("0123456789.（）()一二三四五六七八九十、")


def outcome_row(template: Template, outcome: str) -> str:
    """The 表三 row an outcome is counted in under `template`: 2019's single （六）其他处理 takes all three."""
    if f"requests.{outcome}.total" in template.cells:
        return outcome
    return outcome.split(".")[0]
