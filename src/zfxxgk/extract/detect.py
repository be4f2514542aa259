"""Which template a report uses, read from its own headers — never assumed from its year.

Every label that only one template prints (2019: 本年新制作数量, 采购总金额 …; 2021: 本年制发件数,
现行有效件数 …) is evidence for it. Labels come from the template files, so a third template would be
detected without new code.
"""

from __future__ import annotations

from functools import cache

from ..read.normalize import compact
from ..templates import Template, all_templates
from .stream import Stream


def _labels(template: Template) -> set[str]:
    keys: set[str] = set()
    for table in template.tables.values():
        for group in table.groups:
            keys |= {compact(c.label) for c in group.columns}
            keys |= {compact(r.label) for r in group.rows}
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


def detect_template(stream: Stream) -> tuple[Template | None, dict[str, int]]:
    """The template whose distinctive labels the report prints most, with the evidence counts."""
    scores = {tid: sum(1 for k in keys if k in stream.compact) for tid, keys in _distinctive().items()}
    best = max(scores, key=lambda t: scores[t])
    if scores[best] == 0 or list(scores.values()).count(scores[best]) > 1:
        return None, scores
    return next(t for t in all_templates() if t.id == best), scores
