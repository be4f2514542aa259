"""`duplicate.narrative` (内容雷同): a section's prose copied from another agency's report or from last year's.

A batch-level check: one report alone cannot be a copy. Sections are compared as sets of character
5-grams, estimated with MinHash and paired through LSH (datasketch), so a batch of 100,000 reports costs
one pass to hash and near-linear time to pair, never all pairs; a section keeps only its 128 hash values
(LeanMinHash) while the batch is paired. What every report shares anyway is
removed first — the 条例 and other citations, the 统计期限 sentence, slogans in quotes, contact lines, the
template's own labels (tables pasted as text), digits and the agency's own name — so two reports only
meet on prose someone wrote.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..model import Finding, Report, Severity
from ..read.normalize import compact
from ..templates import RuleSpec, Template, load
from .config import CheckConfig
from .findings import finding
from .phrases import Duplicate, phrases

RULE_ID = "duplicate.narrative"
CANDIDATE_MARGIN = 0.15  # LSH pairs candidates from this far below the threshold; MinHash then decides
MAX_NAMED = 3


@dataclass(frozen=True, slots=True)
class Pair:
    """Two reports whose same section is near-identical; `later` is the copy when they are one agency's years."""

    a: int
    b: int
    section: str
    similarity: float
    previous_year: bool


def _hash(data: bytes) -> int:
    return zlib.crc32(data)


def _band_key(band: bytes) -> bytes:
    """An LSH band's 8-byte stand-in: the index keeps one key per band per report, and the band's own
    bytes (8 per hash value in it) were a tenth of the check's memory at 100,000 reports. A collision
    only adds a candidate, which MinHash then rejects."""
    return hashlib.blake2b(band, digest_size=8).digest()


@cache
def _labels(template: Template) -> tuple[str, ...]:
    """The template's printed words, longest first, as they appear in compacted prose."""
    words = {compact(s.label) for s in template.sections}
    for table in template.tables.values():
        words.add(compact(table.note or ""))
        for group in table.groups:
            words.add(compact(group.clause or ""))
            words |= {compact(t) for c in group.columns for t in (c.label, c.parent or "", *c.aliases)}
            words |= {compact(t) for r in group.rows for t in (r.label, r.parent or "", *r.aliases)}
    return tuple(sorted((w for w in words if len(w) > 1), key=len, reverse=True))


def agency_key(report: Report) -> str:
    """Who wrote the report, for telling another agency's copy from the same agency's years."""
    return compact(report.meta.agency or "") or report.source.sha256 or report.source.path


def _clean(text: str, report: Report, spec: Duplicate) -> str:
    for pattern in spec.boilerplate:
        text = pattern.sub("", text)
    text = "".join(ch for ch in compact(text) if not ch.isdigit())
    names = [compact(report.meta.agency or "")]
    if report.meta.template:
        names += list(_labels(load(report.meta.template)))
    for name in names:
        if name:
            text = text.replace(name, "")
    return text


def _shingles(text: str, k: int) -> list[bytes]:
    return list({text[i : i + k].encode() for i in range(len(text) - k + 1)})


def _related(x: Report, y: Report, x_key: str, y_key: str) -> tuple[bool, bool]:
    """(compared at all, same agency's neighbouring years)."""
    if x_key != y_key:
        return True, False
    years = (x.meta.year, y.meta.year)
    neighbours = None not in years and abs(years[0] - years[1]) == 1  # type: ignore[operator]
    return neighbours, neighbours


def pairs(reports: Sequence[Report], spec: Duplicate | None = None) -> list[Pair]:
    """Every pair of reports whose same narrative section is near-identical."""
    spec = spec or phrases().duplicate
    found: list[Pair] = []
    keys = [agency_key(r) for r in reports]  # once per batch: candidate pairs can run into millions
    import numpy  # datasketch's own dependency
    from datasketch import LeanMinHash, MinHash, MinHashLSH  # a second to import: only for batches

    for section in spec.sections:
        keyed = [(i, _clean(r.narrative.get(section, ""), r, spec)) for i, r in enumerate(reports)]
        keyed = [(i, t) for i, t in keyed if len(t) >= spec.min_chars]
        if len(keyed) < 2:
            continue
        shingled = (_shingles(t, spec.shingle) for _, t in keyed)
        hashes = [LeanMinHash(m) for m in MinHash.generator(shingled, num_perm=spec.num_perm, hashfunc=_hash)]
        lsh = MinHashLSH(threshold=max(0.1, spec.threshold - CANDIDATE_MARGIN), num_perm=spec.num_perm, hashfunc=_band_key)
        for (i, _), m in zip(keyed, hashes):
            lsh.insert(i, m)
        row = {i: n for n, (i, _) in enumerate(keyed)}
        matrix = numpy.stack([m.hashvalues for m in hashes])  # MinHash similarity of many pairs at once
        for (i, _), m in zip(keyed, hashes):
            related = [(j, _related(reports[i], reports[j], keys[i], keys[j])) for j in lsh.query(m) if j > i]
            related = [(j, neighbours) for j, (compared, neighbours) in related if compared]
            if not related:
                continue
            others = matrix[[row[j] for j, _ in related]]
            similarities = numpy.count_nonzero(others == matrix[row[i]], axis=1) / matrix.shape[1]
            for (j, neighbours), similarity in zip(related, similarities.tolist()):
                if similarity >= spec.threshold:
                    found.append(Pair(i, j, section, similarity, neighbours))
    return found


def _rule(report: Report) -> RuleSpec | None:
    if report.meta.template is None:
        return None
    return next((r for r in load(report.meta.template).rules if r.id == RULE_ID), None)


def _name(report: Report) -> str:
    who = report.meta.agency or report.source.path
    return f"{who}（{report.meta.year}年）" if report.meta.year else who


def find_duplicates(
    reports: Sequence[Report], config: CheckConfig | None = None, found: list[Pair] | None = None
) -> list[list[Finding]]:
    """The `duplicate.narrative` findings of each report, in input order (empty lists where none).

    A copy between two agencies is reported on both; a copy of the same agency's previous year only on
    the later report. One finding per report and section names the others (the first few of them).
    `found` are the batch's `pairs`, when the caller needs them too (the rater marks copied sections).
    """
    config = config or CheckConfig()
    out: list[list[Finding]] = [[] for _ in reports]
    if not config.enabled(RULE_ID):
        return out
    others: dict[tuple[int, str], list[tuple[int, float]]] = defaultdict(list)
    for p in pairs(reports) if found is None else found:
        later, earlier = (p.a, p.b) if (reports[p.a].meta.year or 0) >= (reports[p.b].meta.year or 0) else (p.b, p.a)
        others[(later, p.section)].append((earlier, p.similarity))
        if not p.previous_year:
            others[(earlier, p.section)].append((later, p.similarity))
    for (i, section_id), matches in sorted(others.items()):
        report, rule = reports[i], _rule(reports[i])
        if rule is None:
            continue
        section = next(s for s in load(report.meta.template or "").sections if s.id == section_id)
        matches.sort(key=lambda m: -m[1])
        names = "、".join(_name(reports[j]) for j, _ in matches[:MAX_NAMED])
        if len(matches) > MAX_NAMED:
            names += f"等{len(matches)}份报告"
        best = matches[0][1]
        f = finding(
            rule, report, [], None, round(best, 2),
            quotes=(report.narrative.get(section_id, "")[:200],),
            number=section.number, section=section.label, others=names, similarity=f"{best:.0%}",
        )
        f.severity = config.severity(RULE_ID, Severity(rule.severity))
        out[i].append(f)
    return out
