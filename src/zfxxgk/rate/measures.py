"""One function per kind of indicator: a report in its batch → the share of the indicator's points earned.

Each returns a `Measure`: a fraction in [0, 1] with the evidence for whatever it withheld, or None (not
assessed) with the reason. The rubric names the function (`measure`) and supplies its thresholds
(`params`), so re-weighting or re-thresholding an indicator needs no code here.

Content measures never credit what a report did not write itself: a section that is missing, empty or a
near-duplicate of another report counts as the worst case. That keeps the rating monotone — copying or
deleting a section can never raise a score.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..check.meta import deadline_rule, is_government
from ..check.phrases import phrases
from ..check.text import body, prepare
from ..model import Finding, Provenance, Report
from ..read.normalize import compact
from ..templates import load
from .corpus import Batch, Item, section_sentences, sentence_key
from .results import Evidence, Measure
from .rubric import Indicator

_FIGURE = re.compile(
    r"(?<![第\d.])\d+(?:\.\d+)?(?:万|亿)?(?:余|多)?(?:件|条|个|次|篇|份|项|人次|人|场|期|批|家|起|宗|例|元|万元|天|个工作日|小时|%|％|名|部|本|期)"
)
_CLAUSE = re.compile(r"[^，,；;。！？!?：:]+")


@dataclass(slots=True)
class Context:
    batch: Batch
    index: int
    findings: list[Finding]  # the report's findings and those found across the batch

    @property
    def item(self) -> Item:
        return self.batch.items[self.index]

    @property
    def report(self) -> Report:
        return self.item.report

    @property
    def copied(self) -> set[str]:
        return self.batch.copied[self.index]

    def previous(self) -> Item | None:
        return self.batch.previous(self.index)


def not_assessed(reason: str) -> Measure:
    return Measure(None, [], reason)


def _clamp(x: float) -> float:
    return max(0.0, min(1.0, x))


def section_name(report: Report, section: str) -> str:
    if report.meta.template:
        for s in load(report.meta.template).sections:
            if s.id == section:
                return f"第{s.number}部分“{s.label}”"
    return section


def _text(report: Report, section: str) -> str:
    """A section's own words (the closing signature and date dropped); empty when it is missing."""
    return body(report.narrative.get(section, "") or "")


def findings(ctx: Context, ind: Indicator) -> Measure:
    """Points lost per finding of the listed rules: `per` of the indicator each (`weights` per rule)."""
    p = ind.params
    if p.get("needs_previous") and ctx.previous() is None:
        return not_assessed("没有上年报告，无法比对")
    rules, weights = set(p["rules"]), p.get("weights", {})
    hits = [f for f in ctx.findings if f.rule in rules]
    lost = 0.0
    evidence = []
    for f in hits:
        share = float(weights.get(f.rule, p.get("per", 1.0)))
        lost += share
        evidence.append(Evidence.of(f))
    return Measure(_clamp(1 - lost), evidence, f"{len(hits)} 条相关问题" if hits else "")


def on_time(ctx: Context, ind: Indicator) -> Measure:
    """The printed date, else the first day fetching saw the report, against the deadline of 条例第四十九条."""
    report, facts = ctx.report, ctx.item.facts
    if report.meta.year is None:
        return not_assessed("报告年度不明")
    rule = deadline_rule(report)
    if rule is None:
        return not_assessed("无法从机关名称判断其公开期限（部门还是人民政府）")
    deadline = date(report.meta.year + 1, rule.month, rule.day)
    if report.meta.published:
        day, source = date.fromisoformat(report.meta.published), "报告落款日期"
    elif facts is not None and facts.first_seen is not None:
        day, source = facts.first_seen, "抓取时首次发现日期"
    else:
        return not_assessed("报告未印发布日期，且没有抓取记录（首次发现日期）")
    late = day > deadline
    verdict = f"晚于{rule.kind}年报的公开期限 {deadline.isoformat()}" if late else f"未晚于期限 {deadline.isoformat()}"
    evidence = Evidence(f"{source} {day.isoformat()}，{verdict}", value={"date": day.isoformat(), "deadline": deadline.isoformat()})
    return Measure(0.0 if late else 1.0, [evidence])


FACT_WORDS = {
    "in_column": ("发布在年报专栏", {True: "是", False: "否"}),
    "changed": ("发布后内容有改动", {True: "是", False: "否"}),
    "versions": ("各平台不同版本数", {}),
}


def fact(ctx: Context, ind: Indicator) -> Measure:
    """A publication fact recorded by fetching: `good` is the value that earns the points, or `most` the
    largest number that does."""
    name = ind.params["fact"]
    facts = ctx.item.facts
    value = None if facts is None else getattr(facts, name)
    if value is None:
        return not_assessed("上传的报告没有抓取记录" if facts is None else f"抓取记录中没有“{FACT_WORDS[name][0]}”")
    ok = value == ind.params["good"] if "good" in ind.params else value <= ind.params["most"]
    words, shown = FACT_WORDS[name]
    where = f"（{facts.url}）" if facts and facts.url else ""
    return Measure(1.0 if ok else 0.0, [Evidence(f"抓取记录：{words}：{shown.get(value, value)}{where}", value=value)])


def machine_readable(ctx: Context, ind: Indicator) -> Measure:
    pages = ctx.report.source.unread_pages
    if ctx.item.scanned or pages:
        where = [Provenance(page=p) for p in pages]
        return Measure(0.0, [Evidence("报告为扫描图像，需文字识别才能读出，无法检索和复制", places=where)])
    return Measure(1.0)


def fees_reported(ctx: Context, ind: Indicator) -> Measure:
    spec = phrases().sections
    report = ctx.report
    flagged = [f for f in ctx.findings if f.rule == "sections.fees_not_reported"]
    if flagged:
        return Measure(0.0, [Evidence.of(f) for f in flagged])
    name = section_name(report, spec.fees_section)
    text = _text(report, spec.fees_section)
    if not text:
        return Measure(0.0, [Evidence(f"缺少{name}，未报告收费情况")])
    if any(word in text for word in spec.fees_words):
        return Measure(1.0)
    return Measure(0.0, [Evidence(f"{name}未说明信息处理费收取情况", quote=text[:200])])


def jurisdiction(ctx: Context, ind: Indicator) -> Measure:
    report = ctx.report
    if not is_government(report):
        return not_assessed("不适用：不是人民政府本级的年报")
    text = prepare(_text(report, "overview"))
    found = [w for w in ind.params["words"] if w in text]
    if found:
        return Measure(1.0, [Evidence(f"第一部分写到{'、'.join(found[:3])}的情况")])
    return Measure(0.0, [Evidence("第一部分“总体情况”没有反映全辖区（全市、全区、全县等）的情况", quote=text[:200] or None)])


def _boilerplate(ctx: Context, ind: Indicator, sections: tuple[str, ...]) -> tuple[set[str], int] | None:
    """The sentence keys of this report that count as boilerplate, or None when the corpus is too small."""
    p = ind.params
    counts, agencies = ctx.batch.frequency(sections, int(p.get("min_chars", 8)))
    if agencies < int(p.get("min_agencies", 4)):
        return None
    need = max(int(p.get("min_others", 2)), round(float(p.get("share", 0.1)) * (agencies - 1)))
    name = compact(ctx.report.meta.agency or "")
    own = {sentence_key(s, name) for sec in sections for s in section_sentences(ctx.report, sec)}
    return {k for k in own if counts.get(k, 0) - 1 >= need}, agencies


def original(ctx: Context, ind: Indicator) -> Measure:
    """1 − the mean share of boilerplate per section, between the `good` and `bad` thresholds."""
    p = ind.params
    sections = tuple(p["sections"])
    found = _boilerplate(ctx, ind, sections)
    if found is None:
        return not_assessed(f"可比的机关不足 {p.get('min_agencies', 4)} 个，无法判断套话")
    boiler, agencies = found
    name = compact(ctx.report.meta.agency or "")
    shares: list[float] = []
    evidence: list[Evidence] = []
    for section in sections:
        said = [s for s in section_sentences(ctx.report, section) if len(sentence_key(s, name)) >= int(p.get("min_chars", 8))]
        label = section_name(ctx.report, section)
        if section in ctx.copied:
            shares.append(1.0)
            evidence.append(Evidence(f"{label}与其他报告雷同，按全部为套话计", value=1.0))
            continue
        if not said:
            shares.append(1.0)
            evidence.append(Evidence(f"{label}缺失或没有成句的内容，按全部为套话计", value=1.0))
            continue
        stock = [s for s in said if sentence_key(s, name) in boiler]
        share = sum(map(len, stock)) / sum(map(len, said))
        shares.append(share)
        if stock:
            evidence.append(Evidence(f"{label}套话占 {share:.0%}（在多家机关的报告中逐字出现）", quote="".join(stock[:3])[:240], value=round(share, 3)))
    mean = sum(shares) / len(shares)
    good, bad = float(p["good"]), float(p["bad"])
    return Measure(_clamp((bad - mean) / (bad - good)), evidence, f"套话平均占 {mean:.0%}（{agencies} 个机关比对）")


def figures(ctx: Context, ind: Indicator) -> Measure:
    """Specific figures per section: numbers with a unit of count or amount, `need` of them per section."""
    earned: list[float] = []
    evidence: list[Evidence] = []
    for section, need in ind.params["need"].items():
        label = section_name(ctx.report, section)
        text = prepare(_text(ctx.report, section))
        count = 0 if section in ctx.copied else len(_FIGURE.findall(text))
        earned.append(min(1.0, count / need))
        if count < need:
            why = "与其他报告雷同，不计" if section in ctx.copied else f"只写了 {count} 个具体数字（应至少 {need} 个）"
            evidence.append(Evidence(f"{label}{why}", quote=text[:160] or None, value=count))
    return Measure(sum(earned) / len(earned), evidence)


def concrete_problems(ctx: Context, ind: Indicator) -> Measure:
    """Clauses of section 五 that name a shortcoming and are not boilerplate, `need` of them."""
    report, p = ctx.report, ind.params
    label = section_name(report, "problems")
    text = _text(report, "problems")
    if not text or phrases().sections.nil.match(compact(text)):
        return Measure(0.0, [Evidence(f"{label}缺失或为空")])
    if "problems" in ctx.copied:
        return Measure(0.0, [Evidence(f"{label}与其他报告雷同", quote=text[:200])])
    found = _boilerplate(ctx, ind, ("problems",))
    boiler = found[0] if found else set()
    name = compact(report.meta.agency or "")
    clauses: list[str] = []
    for sentence in section_sentences(report, "problems"):
        if sentence_key(sentence, name) in boiler:
            continue
        clauses += [c for c in _CLAUSE.findall(sentence) if any(w in c for w in p["words"])]
    named = list(dict.fromkeys(clauses))
    need = int(p["need"])
    if len(named) >= need:
        return Measure(1.0, [], f"写出 {len(named)} 个具体问题")
    return Measure(len(named) / need, [Evidence(f"{label}只写出 {len(named)} 个具体问题（应至少 {need} 个）", quote=text[:200], value=len(named))])


def unique(ctx: Context, ind: Indicator) -> Measure:
    """Points lost per near-duplicate section (`duplicate.narrative`), and per required section that is
    missing or empty: a section not written earns no credit for being one's own."""
    p = ind.params
    per = float(p["per"])
    hits = [f for f in ctx.findings if f.rule == "duplicate.narrative"]
    evidence = [Evidence.of(f) for f in hits]
    for section in p["required"]:
        text = _text(ctx.report, section)
        if not text or phrases().sections.nil.match(compact(text)):
            evidence.append(Evidence(f"{section_name(ctx.report, section)}缺失或为空，不计原创"))
    return Measure(_clamp(1 - per * len(evidence)), evidence)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def follow_up(ctx: Context, ind: Indicator) -> Measure:
    """Last year's planned measures (section 五) that this year's report reports on, not merely repeats."""
    p = ind.params
    previous = ctx.previous()
    if previous is None:
        return not_assessed("没有上年报告，无法比对")
    report = ctx.report
    label = section_name(report, "problems")
    last_name = compact(previous.report.meta.agency or "")
    plans = [
        s for s in section_sentences(previous.report, "problems")
        if any(w in s for w in p["words"]) and len(sentence_key(s, last_name)) >= int(p["min_chars"])
    ]
    if not plans:
        return not_assessed("上年报告第五部分没有写改进措施")
    text = _text(report, "problems")
    if not text or phrases().sections.nil.match(compact(text)) or "problems" in ctx.copied:
        return Measure(0.0, [Evidence(f"{label}缺失、为空或与上年雷同，未报告上年改进措施的落实情况")])
    name = compact(report.meta.agency or "")
    this_year = [_bigrams(sentence_key(s, name)) for sec in report.narrative for s in section_sentences(report, sec)]
    missed: list[str] = []
    for plan in plans:
        want = _bigrams(sentence_key(plan, last_name))
        answered = False
        for have in this_year:
            shared = len(want & have)
            if shared / len(want) >= float(p["overlap"]) and shared / len(want | have) < float(p["copy"]):
                answered = True
                break
        if not answered:
            missed.append(plan)
    done = len(plans) - len(missed)
    evidence = [Evidence(f"上年（{previous.report.meta.year}年）提出的措施，本年未见落实情况", quote=m[:200]) for m in missed]
    return Measure(done / len(plans), evidence, f"上年措施 {len(plans)} 条，本年回应 {done} 条")


MEASURES: dict[str, Callable[[Context, Indicator], Measure]] = {
    "findings": findings,
    "on_time": on_time,
    "fact": fact,
    "machine_readable": machine_readable,
    "fees_reported": fees_reported,
    "jurisdiction": jurisdiction,
    "original": original,
    "unique": unique,
    "figures": figures,
    "concrete_problems": concrete_problems,
    "follow_up": follow_up,
}
