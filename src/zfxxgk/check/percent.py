"""`narrative.percent_mismatch`: a share printed in the text, recomputed from the counts it is stated for.

A share is judged against the total the text gives for it: the count stated just before `其中`
(`主动公开政府信息99条…其中，机构职能类1条，占1.1%`) when there is one. Without such a total, the
nearest earlier count of the same unit or the sum of the parts is used, whichever explains more of the
shares; when neither explains any, the base is unknown and nothing is said. A printed share passes when it
is the exact value rounded half up, rounded half to even or truncated to the printed decimals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from ..extract.stream import MAX_DIGITS
from ..model import Finding, Report
from ..read.normalize import compact
from ..templates import RuleSpec, Template
from .findings import finding
from .phrases import Percent, phrases
from .text import prepare

_PAREN = re.compile(r"[(（)）]")


@dataclass(frozen=True, slots=True)
class Item:
    """A count in the text, with what precedes it and the share printed right after it, if any."""

    label: str
    count: int
    unit: str
    start: int
    end: int
    top: bool  # not inside parentheses
    pct: str | None = None
    pct_start: int = -1


def _depths(text: str) -> list[int]:
    """Parenthesis depth at each character (both parentheses count as inside what they enclose).

    Filled a stretch between parentheses at a time: a loop over every character was the costliest
    step of the checks."""
    depth, out, done = 0, [], 0
    for m in _PAREN.finditer(text):
        out += [depth] * (m.start() - done)
        opening = m.group() in "(（"
        depth += opening
        out.append(depth)
        depth = max(0, depth - (not opening))
        done = m.end()
    out += [depth] * (len(text) - done)
    return out


def _items(text: str, percent: Percent) -> list[Item]:
    depth = _depths(text)
    out: list[Item] = []
    for m in percent.item.finditer(text):
        if len(m.group("count")) > MAX_DIGITS:
            continue  # not a count, and more digits than int() converts
        share = percent.share.match(text, m.end())
        out.append(
            Item(
                label=m.group("label"),
                count=int(m.group("count")),
                unit=m.group("unit"),
                start=m.start("count"),
                end=m.end(),
                top=depth[m.start("count")] == 0,
                pct=share.group("pct") if share else None,
                pct_start=share.start("pct") if share else -1,
            )
        )
    return out


def fits(count: int, base: int, printed: str) -> bool:
    """Whether `printed` (a percentage) is count/base rounded or truncated to its own decimals."""
    exact = Decimal(count) * 100 / Decimal(base)
    step = Decimal(1).scaleb(-len(printed.partition(".")[2]))
    return Decimal(printed) in {exact.quantize(step, rounding=r) for r in (ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_FLOOR)}


def _shown(count: int, base: int, printed: str) -> str:
    step = Decimal(1).scaleb(-len(printed.partition(".")[2]))
    return str((Decimal(count) * 100 / Decimal(base)).quantize(step, rounding=ROUND_HALF_UP))


def _stated_total(text: str, before: int, unit: str, items: list[Item], percent: Percent) -> Item | None:
    """The total a `其中` just before position `before` refers to."""
    lo = max(0, before - percent.window)
    among = max((text.rfind(word, lo, before) for word in percent.among), default=-1)
    if among < 0:
        return None
    earlier = [i for i in items if i.end <= among and i.start >= lo and i.top and i.pct is None and i.unit == unit]
    return earlier[-1] if earlier else None


def _nearest(before: int, unit: str, items: list[Item], window: int) -> Item | None:
    earlier = [i for i in items if i.end <= before and i.start >= before - window and i.top and i.pct is None and i.unit == unit]
    return earlier[-1] if earlier else None


def _groups(text: str, parts: list[Item]) -> list[list[Item]]:
    """Runs of shares in one sentence counting the same unit: the parts of one total."""
    groups: list[list[Item]] = []
    for part in parts:
        if groups and groups[-1][-1].unit == part.unit and "。" not in text[groups[-1][-1].end : part.start]:
            groups[-1].append(part)
        else:
            groups.append([part])
    return groups


def _judge(group: list[Item], text: str, items: list[Item], percent: Percent) -> tuple[Item | None, int, list[Item]]:
    """The base the shares of a group are taken of (the item stating it, or None for the parts' sum), and
    the parts whose share does not follow from it."""
    first = group[0]
    stated = _stated_total(text, first.start, first.unit, items, percent)
    if stated is not None and stated.count >= max(p.count for p in group):
        return stated, stated.count, [p for p in group if not fits(p.count, stated.count, p.pct or "")]
    nearest = _nearest(first.start - len(first.label), first.unit, items, percent.window)
    bases = [(b, i) for b, i in ((nearest.count if nearest else 0, nearest), (sum(p.count for p in group), None)) if b > 0]
    scored = [(sum(fits(p.count, b, p.pct or "") for p in group), b, i) for b, i in bases]
    held, base, item = max(scored, key=lambda s: s[0], default=(0, 0, None))
    return item, base, [p for p in group if not fits(p.count, base, p.pct or "")] if held else []


def _key(label: str, percent: Percent) -> str:
    key = compact(label).replace("的", "")
    for word in percent.among:
        key = key.replace(word, "")
    return key


def _subject_parts(text: str, items: list[Item], percent: Percent) -> list[Item]:
    """Shares stated apart from their count (`主动公开的政府信息占41.5%`), joined to the count they name."""
    taken = {i.pct_start for i in items if i.pct}
    out: list[Item] = []
    for m in percent.subject.finditer(text):
        if m.start("pct") in taken:
            continue
        key = _key(m.group("label"), percent)
        named = [
            i for i in items
            if i.end <= m.start() and i.start >= m.start() - percent.window and i.pct is None and len(key) >= 2
            and (_key(i.label, percent).endswith(key) or key.endswith(_key(i.label, percent) or "\0"))
        ]
        if named:
            i = named[-1]
            out.append(Item(i.label, i.count, i.unit, i.start, i.end, i.top, m.group("pct"), m.start("pct")))
    return out


def _quote(text: str, base: Item | None, part: Item) -> str:
    """From the clause stating the base to the end of the sentence stating the share."""
    start = part.start - len(part.label) if base is None else base.start - len(base.label)
    end = text.find("。", part.pct_start)
    return text[start : len(text) if end < 0 else end + 1]


@dataclass(frozen=True, slots=True)
class Share:
    """A printed share that does not follow from its base, and the passage stating both."""

    part: Item
    base: int
    quote: str


def shares(text: str, percent: Percent | None = None) -> list[Share]:
    """Every share of the text that does not follow from its base."""
    percent = percent or phrases().percent
    if percent.share.search(text) is None and percent.subject.search(text) is None:
        return []  # no share printed (most sections): finding every count would be wasted
    items = _items(text, percent)
    wrong: list[Share] = []
    for group in _groups(text, [i for i in items if i.pct]):
        item, base, misfits = _judge(group, text, items, percent)
        wrong.extend(Share(p, base, _quote(text, item, p)) for p in misfits)
    for part in _subject_parts(text, items, percent):
        stated = _stated_total(text, part.start, part.unit, items, percent)
        if stated is not None and stated.count >= part.count and not fits(part.count, stated.count, part.pct or ""):
            wrong.append(Share(part, stated.count, _quote(text, stated, part)))
    return wrong


def percent_mismatch(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
    percent = phrases().percent
    for text in report.narrative.values():
        for share in shares(prepare(text), percent):
            part, printed = share.part, share.part.pct or ""
            yield finding(
                rule,
                report,
                [],
                _shown(part.count, share.base, printed),
                printed,
                quotes=(share.quote,),
                label=_key(part.label, percent) or "该项",
                count=part.count,
                base=share.base,
                unit=part.unit,
            )
