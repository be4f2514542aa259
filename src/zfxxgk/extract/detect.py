"""Which template a report uses, read from its own headers — never assumed from its year.

Every label that only one template prints (2019: 本年新制作数量, 采购总金额 …; 2021: 本年制发件数,
现行有效件数 …) is evidence for it. Labels come from the template files, so a third template would be
detected without new code.
"""

from __future__ import annotations

from functools import cache

from ..templates import Template, all_templates, for_year
from .labels import label_spec
from .stream import Stream


def _labels(template: Template) -> set[str]:
    """Every printed label's key without its numbering, parents included (2019's row `（六）其他处理`
    is 2021's parent, so it tells the templates apart no more than `总计` does)."""
    texts: list[str] = []
    for table in template.tables.values():
        for group in table.groups:
            texts += [c.label for c in group.columns] + [c.parent for c in group.columns if c.parent]
            texts += [r.label for r in group.rows] + [r.parent for r in group.rows if r.parent]
    keys = {label_spec(t).keys[0] for t in texts if label_spec(t).keys}
    return {k for k in keys if len(k) >= 4}


@cache
def _distinctive() -> dict[str, frozenset[str]]:
    templates = all_templates()
    labels = {t.id: _labels(t) for t in templates}
    out: dict[str, frozenset[str]] = {}
    for t in templates:
        others = set().union(*(labels[o.id] for o in templates if o.id != t.id))
        out[t.id] = frozenset(k for k in labels[t.id] if not any(k in o or o in k for o in others))
    return out


def detect_template(stream: Stream, year: int | None = None) -> tuple[Template | None, dict[str, int]]:
    """The template whose distinctive labels the report prints most, with the evidence counts. A report
    printing labels of both (formats mixed group by group) uses its year's format where it prints any
    of that format's labels: the groups printed the other way are read as such (extract.columns)."""
    scores = {tid: sum(1 for k in keys if k in stream.compact) for tid, keys in _distinctive().items()}
    if year is not None and all(scores.values()):
        expected = for_year(year)
        if scores.get(expected.id):
            return expected, scores
    best = max(scores, key=lambda t: scores[t])
    if scores[best] == 0 or list(scores.values()).count(scores[best]) > 1:
        return None, scores
    return next(t for t in all_templates() if t.id == best), scores
