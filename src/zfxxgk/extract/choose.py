"""Choosing one reading per row: the template's rules first, then the print, the prose, plausibility.

Values are never altered, only grouped; what the rules cannot settle is returned as an Alternative.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import product

from ..model import Alternative
from ..templates import Template
from ..templates.rules import Equation, equations
from .hints import ProseHints
from .labels import label_spec
from .readings import Reading, gap_readings
from .slots import Slot, TableResult

MAX_COMBINATIONS = 50_000


def _assignment(slots: list[Slot], chosen: tuple[Reading | None, ...]) -> dict[str, int | float | None]:
    values: dict[str, int | float | None] = {}
    for slot, reading in zip(slots, chosen):
        if reading is not None:
            values.update(zip(slot.cell_ids, reading.values))
    return values


def _local(eqs: list[Equation], cells: set[str]) -> list[Equation]:
    return [e for e in eqs if set(e.cells) <= cells]


def _keeping(local: list[Equation], slot: Slot, readings: Iterable[Reading]) -> list[Reading]:
    """The readings under which every rule within the row holds."""
    return [r for r in readings if all(e.holds(dict(zip(slot.cell_ids, r.values))) for e in local)]


def _gaps_kept(local: list[Equation], slot: Slot) -> list[Reading]:
    """Readings with cells left out of the print, when no other reading keeps the row's rules: placed by
    the rules that state what the format requires (errors), never by a warning's rule of thumb."""
    required = [e for e in local if e.rule.severity == "error"]
    return _keeping(required, slot, gap_readings(slot.tokens, len(slot.cell_ids))) if required else []


def _prior(template: Template, slot: Slot, reading: Reading) -> float:
    """Log-plausibility of a split: counts are mostly 0 and fall off like 1/n; amounts have no bias.

    Used only between readings that the rules, the print and the text cannot separate.
    """
    total = 0.0
    for cid, value in zip(slot.cell_ids, reading.values):
        spec = template.cells.get(cid)  # None for a column of the other format (extract.columns)
        if value is None or (spec is not None and spec.column.value == "amount"):
            continue
        total += ZERO_LOG if value == 0 else math.log(COUNT_SCALE / max(1.0, abs(float(value))))
    return total


ZERO_LOG = math.log(0.6)


COUNT_SCALE = 0.03


def _hinted(reading: Reading | None, hints: frozenset[int | float]) -> int:
    """Digits of split pieces the prose states as numbers: longer numbers are stronger evidence."""
    if reading is None:
        return 0
    return sum(len(p.text) for p in {p.text: p for p in reading.pieces if p.split and p.value in hints}.values())


def _numbers(reading: Reading) -> tuple[int | float, ...]:
    """What a reading says in numbers: a blank and a 0 count alike in every rule, so two readings that
    differ only there (where a dropped blank sat among zeros) are no ambiguity worth a reviewer's time."""
    return tuple(0 if v is None else v for v in reading.values)


def choose_readings(result: TableResult, template: Template, prose: ProseHints) -> list[Alternative]:
    """Pick one reading per row: rules first, then fewest departures from the print, then the prose,
    then plausibility. Returns the ambiguities the rules could not settle."""
    eqs = [e for e in equations(template) if e.cells[0].startswith(result.table.id + ".")]
    for slot in result.slots:
        if not slot.candidates:
            continue
        local = _local(eqs, set(slot.cell_ids))
        if local:
            passing = _keeping(local, slot, slot.candidates) or _gaps_kept(local, slot)
            if passing:
                slot.candidates = passing
    options: list[list[Reading | None]] = [list(s.candidates) or [None] for s in result.slots]
    span = (result.start, result.end) if result.start is not None and result.end is not None else None
    hints = [
        prose.numbers_about(label_spec(*s.label).keys, span) if len(o) > 1 else frozenset()
        for s, o in zip(result.slots, options)
    ]
    if math.prod(len(o) for o in options) > MAX_COMBINATIONS:
        options = [o[:1] if len(o) > 1 else o for o in options]

    def score(combo: tuple[Reading | None, ...]) -> tuple[int, int, int, float]:
        values = _assignment(result.slots, combo)
        held = sum(e.holds(values) for e in eqs)
        cost = sum(r.cost for r in combo if r is not None)
        hinted = sum(_hinted(r, h) for r, h in zip(combo, hints))
        prior = sum(_prior(template, s, r) for s, r in zip(result.slots, combo) if r is not None)
        return held, -cost, hinted, prior

    combos = list(product(*options))
    # Most tables print one reading per row: a single combination needs no scoring.
    ranked = combos if len(combos) == 1 else sorted(combos, key=score, reverse=True)
    best = ranked[0]
    for slot, reading in zip(result.slots, best):
        slot.chosen = reading
        if reading is not None and reading.cost > 0:
            rows = {c.rsplit(".", 1)[0] for c in slot.cell_ids}
            where = rows.pop() if len(rows) == 1 else result.table.id
            result.notes.append(f"{where}: {reading.how} → {list(reading.values)}")
    alternatives: list[Alternative] = []
    if len(ranked) > 1 and score(ranked[1])[:3] == score(best)[:3]:
        for slot, a, b in zip(result.slots, best, ranked[1]):
            if a is not None and b is not None and _numbers(a) != _numbers(b):
                text = " ".join(dict.fromkeys(p.token.text for p in a.pieces))
                alternatives.append(Alternative(list(slot.cell_ids), list(a.values), list(b.values), text))
    return alternatives
