"""The rater: every indicator measured, weights shared out, points in hundredths, reports ranked.

Weights are shares of 100: when an indicator cannot be assessed for a report (a fact that only fetching
records, a rule that does not apply to it) its weight goes to the assessed indicators in proportion, and
the report says which and why. Maxima are shared out in hundredths by largest remainder, so they add up
to exactly 100.00 and the points lost add up to exactly 100 − score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..check.meta import is_government
from .corpus import Batch, Item, build_batch
from .measures import MEASURES, Context
from .results import IndicatorScore, Measure, Override, Rating, ReportRating
from .rubric import Indicator, Rubric

HUNDREDTHS = 10_000

Overrides = Mapping[tuple[int, str], Override]  # (report id, indicator id) → the reviewer's points


def _applies(indicator: Indicator, item: Item) -> str | None:
    """Why the indicator does not apply to this report, or None when it does."""
    template = item.report.meta.template
    if indicator.templates is not None and template not in indicator.templates:
        return f"不适用：只评 {'、'.join(indicator.templates)} 版格式的报告"
    if indicator.applies == "government" and not is_government(item.report):
        return "不适用：不是人民政府本级的年报"
    return None


def _share(weights: list[float]) -> list[int]:
    """`HUNDREDTHS` shared in proportion to the weights, by largest remainder (ties to the first)."""
    total = sum(weights)
    exact = [w * HUNDREDTHS / total for w in weights]
    out = [int(x) for x in exact]
    rest = HUNDREDTHS - sum(out)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - out[i]), i))
    for i in order[:rest]:
        out[i] += 1
    return out


def _measure(indicator: Indicator, ctx: Context) -> Measure:
    reason = _applies(indicator, ctx.item)
    if reason is not None:
        return Measure(None, [], reason)
    return MEASURES[indicator.measure](ctx, indicator)


def rate_one(batch: Batch, index: int, rubric: Rubric, overrides: Overrides | None = None) -> ReportRating:
    """One report of the batch: measured, overridden where a reviewer said so, points shared out."""
    item = batch.items[index]
    ctx = Context(batch, index, list(item.report.findings) + batch.findings[index])
    indicators = rubric.active()
    measures = [_measure(i, ctx) for i in indicators]
    chosen: list[Override | None] = [
        (overrides or {}).get((item.report_id, i.id)) if item.report_id is not None else None for i in indicators
    ]
    fractions: list[float | None] = [
        min(1.0, max(0.0, o.points / i.weight)) if o is not None else m.fraction
        for i, m, o in zip(indicators, measures, chosen)
    ]
    counted = [k for k, f in enumerate(fractions) if f is not None]
    maxima = dict(zip(counted, _share([indicators[k].weight for k in counted]))) if counted else {}
    scores: list[IndicatorScore] = []
    total = 0
    for k, (ind, m, o) in enumerate(zip(indicators, measures, chosen)):
        most = maxima.get(k, 0)
        fraction = fractions[k]
        points = 0 if fraction is None else int(most * fraction + 0.5)
        total += points
        computed = None if o is None or m.fraction is None else int(most * m.fraction + 0.5) / 100
        status = "overridden" if o is not None else "assessed" if m.fraction is not None else "not_assessed"
        scores.append(IndicatorScore(ind.id, ind.group, ind.label, most / 100, points / 100, status, m.evidence, m.note, computed, o))
    report = item.report
    return ReportRating(
        agency=report.meta.agency or report.source.path,
        year=report.meta.year,
        score=total / 100 if counted else 0.0,
        indicators=scores,
        path=report.source.path,
        sha256=report.source.sha256,
        report_id=item.report_id,
        template=report.meta.template,
    )


def rank(ratings: list[ReportRating]) -> None:
    """Competition ranking (1, 2, 2, 4) within each year, highest score first."""
    by_year: dict[int | None, list[ReportRating]] = {}
    for r in ratings:
        by_year.setdefault(r.year, []).append(r)
    for group in by_year.values():
        group.sort(key=lambda r: (-r.score, r.agency))
        for position, r in enumerate(group):
            r.rank = group[position - 1].rank if position and group[position - 1].score == r.score else position + 1


def rate_items(
    rated: Sequence[Item], rubric: Rubric, context: Sequence[Item] = (), overrides: Overrides | None = None
) -> Rating:
    """Rate every item of `rated`; `context` items are only compared with (last year, the corpus).

    A rated report whose agency has a rated report of the year before gets that score as `previous`."""
    batch = build_batch(rated, context)
    ratings = [rate_one(batch, i, rubric, overrides) for i in range(len(rated))]
    rank(ratings)
    by_position = {id(batch.items[i]): r for i, r in enumerate(ratings)}
    for i, r in enumerate(ratings):
        previous = batch.previous(i)
        if previous is not None and id(previous) in by_position:
            r.previous = by_position[id(previous)].score
    return Rating(ratings, rubric.version, rubric.digest)
