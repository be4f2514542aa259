"""`meta.late` and `meta.year_in_text`: what the report says about its own dates.

The deadline depends on who reports (条例第四十九、五十条): a department, and by local rule a 乡镇 or
街道, by 31 January; a people's government's own report by 31 March. Who reports is read from the name,
the title's first: a report titled by a bare place name (`平潭综合实验区2022年度…`) is the
jurisdiction's, even when an office signs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from ..model import Finding, Report
from ..read.normalize import compact
from ..templates import RuleSpec, Template
from .findings import finding
from .phrases import Deadline, phrases
from .text import Sentence, report_sentences

_YEAR = re.compile(r"(20\d{2})\s*年")
_PERIOD_WORDS = re.compile(r"统计(?:期限|时限|时间|区间|周期)|所列数据")
_OPENING = re.compile(r"^[^。]{0,30}?(20\d{2})年(?:度)?[,，]")
_PLAN = re.compile(
    r"(20\d{2})年(?:度)?[,，]?[^,，。;；\d]{0,8}?将(?:继续|进一步|从|重点|坚持|采取|着力|加强|加大|深化|持续|做好|推进|"
    r"围绕|严格|认真|不断|全面|以|在|紧紧|按照|结合|聚焦)"
)


def _names(report: Report) -> list[str]:
    title = report.meta.title or ""
    m = _YEAR.search(title)
    head = compact(title[: m.start()] if m else "")
    return [n for n in (head, compact(report.meta.agency or "")) if n]


def present(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
    """`meta.agency_missing`, `meta.year_missing`: a report that does not say whose or which year it is
    cannot be filed, compared or checked against its deadline; the rule names the meta field."""
    if not getattr(report.meta, rule.for_each["field"]):
        yield finding(rule, report, [], None, None)


def deadline_rule(report: Report) -> Deadline | None:
    """The deadline that applies to the reporting agency, or None when its name does not tell."""
    for name in _names(report):
        for rule in phrases().deadlines:
            if rule.pattern.search(name):
                return rule
    return None


def is_government(report: Report) -> bool:
    rule = deadline_rule(report)
    return rule is not None and rule.month > 1


def late(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
    kind = deadline_rule(report)
    if kind is None or report.meta.year is None or not report.meta.published:
        return
    deadline = date(report.meta.year + 1, kind.month, kind.day)
    if date.fromisoformat(report.meta.published) > deadline:
        yield finding(rule, report, [], deadline.isoformat(), report.meta.published, kind=kind.kind)


def _years_in_text(report: Report, year: int) -> Iterable[tuple[int, str, Sentence | None]]:
    """(year found, what it is, where) for every place whose year should be `year` and may not be."""
    title = report.meta.title or ""
    if m := _YEAR.search(title):
        yield int(m.group(1)), "标题", None
    for sentence in report_sentences(report):
        if _PERIOD_WORDS.search(sentence.text):
            for found in {int(y) for y in _YEAR.findall(sentence.text)}:
                yield found, "统计期限", sentence
        if sentence.section == "overview" and not sentence.before and (m := _OPENING.match(sentence.text)):
            yield int(m.group(1)), "总体情况开篇", sentence
        if sentence.section == "problems":
            for m in _PLAN.finditer(sentence.text):
                if int(m.group(1)) <= year:
                    yield int(m.group(1)), "改进计划", sentence


def year_in_text(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
    year = report.meta.year
    if year is None:
        return
    reported: set[tuple[int, str]] = set()
    for found, where, sentence in _years_in_text(report, year):
        if found == year and where != "改进计划" or (found, where) in reported:
            continue
        reported.add((found, where))
        quotes = (sentence.text,) if sentence else (report.meta.title or "",)
        if where == "改进计划":
            expected, detail = year + 1, f"改进计划写为{found}年，报告年度为{year}年，计划应针对{year + 1}年"
        else:
            expected, detail = year, f"{where}写为{found}年，报告年度为{year}年"
        yield finding(rule, report, [], expected, found, quotes=quotes, detail=detail)
