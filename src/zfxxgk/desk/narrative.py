"""A narrative skeleton for the six sections: the year's figures written out, the rest left to the author.

Each sentence states numbers straight from the computed tables, in the wordings the narrative checks
read, so the text cannot disagree with its tables; the bracketed prompts mark what only the agency can
write (its work, its problems). Section 四 prints its table alone, as most reports do: the appeals are
summed up in the overview, where prose naming 行政复议/行政诉讼 cannot be mistaken for 表四's headers.
Beside the tables the registers know more (`annual.Facts`): answers given late, the 信息处理费 charged
(section 六, 条例 第五十条), appeals of earlier years decided in this one. A prompt left in the text is a
finding (`unfilled`): the report is not finished until the agency has written it.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Finding, Report, Severity
from ..render.page import number_text
from ..templates import for_year
from .annual import Facts
from .vocab import appeal_kinds, appeal_results, term

Values = Mapping[str, int | float | None]

PROMPT_OVERVIEW = "（请概述本年度主动公开、依申请公开、政府信息管理、平台建设、监督保障等方面的工作。）"
PROMPT_PROBLEMS = "（请说明本年度政府信息公开工作存在的主要问题，以及上年度问题的改进情况和下一步工作打算。）"
PROMPT_OTHER = "（请报告其他需要报告的事项；没有的，写明“无”。）"
PROMPTS = (PROMPT_OVERVIEW, PROMPT_PROBLEMS, PROMPT_OTHER, "（请填写本年度主动公开政府信息的情况。）")


def _sum(values: Values, *cells: str) -> int | float:
    return sum(values.get(c) or 0 for c in cells)


def _group(values: Values, prefix: str) -> int | float:
    """The total column of every row under `prefix` (2019's single 其他处理 row included)."""
    return sum(v or 0 for c, v in values.items() if c.startswith(prefix) and c.endswith(".total"))


def _n(value: float | None) -> str:
    return number_text(value or 0)


def _active(v: Values) -> str:
    if v.get("active.rules.issued") is None:
        return "（请填写本年度主动公开政府信息的情况。）"
    return (
        f"本年制发规章{_n(v['active.rules.issued'])}件、行政规范性文件{_n(v['active.normative_docs.issued'])}件，"
        f"废止规章{_n(v['active.rules.repealed'])}件、行政规范性文件{_n(v['active.normative_docs.repealed'])}件；"
        f"截至年底，现行有效规章{_n(v['active.rules.in_force'])}件，现行有效行政规范性文件{_n(v['active.normative_docs.in_force'])}件。"
        f"作出行政许可决定{_n(v.get('active.licensing.decisions'))}件，行政处罚决定{_n(v.get('active.penalty.decisions'))}件，"
        f"行政强制决定{_n(v.get('active.coercion.decisions'))}件；行政事业性收费{_n(v.get('active.fees.amount'))}万元。"
    )


def _requests(v: Values, facts: Facts) -> str:
    late = f"其中{facts.late}件未在法定期限内答复。" if facts.late else "全部在法定期限内答复。"
    return (
        f"本年新收政府信息公开申请{_n(v['requests.new.total'])}件，上年结转{_n(v['requests.carried_in.total'])}件。"
        f"本年度办结{_n(v['requests.total.total'])}件，其中予以公开{_n(v['requests.granted.total'])}件，"
        f"部分公开{_n(v['requests.partial.total'])}件，不予公开{_n(_group(v, 'requests.denied.'))}件，"
        f"无法提供{_n(_group(v, 'requests.unavailable.'))}件，不予处理{_n(_group(v, 'requests.not_processed.'))}件，"
        f"其他处理{_n(_group(v, 'requests.other.'))}件；"
        f"结转下年度继续办理{_n(v['requests.carried_out.total'])}件。" + f"本年度作出的答复中，{late}"
    )


def _appeals(v: Values) -> str:
    suits = _sum(v, "appeals.suit_direct.total", "appeals.suit_after_review.total")
    return (
        f"本年因政府信息公开工作被申请行政复议{_n(v['appeals.review.total'])}件，"
        f"其中结果维持{_n(v['appeals.review.upheld'])}件、结果纠正{_n(v['appeals.review.corrected'])}件、"
        f"其他结果{_n(v['appeals.review.other'])}件、尚未审结{_n(v['appeals.review.pending'])}件；"
        f"被提起行政诉讼{_n(suits)}件，其中未经复议直接起诉{_n(v['appeals.suit_direct.total'])}件、"
        f"复议后起诉{_n(v['appeals.suit_after_review.total'])}件。"
    )


def _decided_later(facts: Facts) -> str:
    if not facts.decided_later:
        return ""
    parts = [
        f"{term(appeal_kinds(), key.split('.')[0]).full_label}{term(appeal_results(), key.split('.')[1]).label}{n}件"
        for key, n in sorted(facts.decided_later.items())
    ]
    return f"以前年度受理、本年审结的：{'、'.join(parts)}。"


def _fees(facts: Facts) -> str:
    if not facts.fee_cases:
        return "本年度未收取信息处理费。"
    return f"本年度依申请公开收取信息处理费{facts.fee_cases}件，共计{facts.fee_total:.2f}元。"


def skeleton(report: Report, facts: Facts | None = None) -> dict[str, str]:
    """Section id → text for the sections that have prose."""
    facts = facts or Facts()
    v = report.values()
    intro = f"{report.meta.year}年，{report.meta.agency}依照《中华人民共和国政府信息公开条例》开展政府信息公开工作。"
    return {
        "overview": intro + _appeals(v) + _decided_later(facts) + PROMPT_OVERVIEW,
        "active": _active(v),
        "requests": _requests(v, facts),
        "problems": PROMPT_PROBLEMS,
        "other": _fees(facts) + PROMPT_OTHER,
    }


def unfilled(report: Report) -> list[Finding]:
    """One warning per section whose text still holds a prompt for the agency to write."""
    titles = {s.id: s.label for s in for_year(report.meta.year or 0).sections}
    return [
        Finding("desk.narrative.unfilled", Severity.WARNING, f"正文“{titles.get(section, section)}”部分尚待填写：{prompt}")
        for section, text in report.narrative.items()
        for prompt in PROMPTS
        if prompt in (text or "")
    ]
