"""Reading one template table out of a stream: anchor on row labels, read each row's values, and let
the template's arithmetic choose where the print is ambiguous.

The approach of spec §6: each row label owns the values between it and the next row label, so one
dropped or split number can only disturb its own row, never shift the cells after it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import product

from ..model import Alternative
from ..read.normalize import compact
from ..templates import Group, Row, TableSpec, Template
from ..templates.rules import Equation, equations
from .hints import ProseHints
from .labels import Match, find_label, find_label_fuzzy, is_debris, label_characters, label_spec
from .readings import Reading, readings
from .stream import Stream, Token

MAX_ROW_GAP = 1500  # characters between consecutive row labels before a match is taken as unrelated
MAX_COMBINATIONS = 50_000
GROUP_WINDOW = 1500
PROSE_MIN = 4  # residue this long between values, once table words are removed, is prose
_CLAUSE_MARK = re.compile(r"[。，；,;：:]")
SHORT_LABEL = 4  # labels this short (`其他`) are only trusted where the next row's label follows them


@dataclass(slots=True)
class Slot:
    """One template row (or, for positional tables, the whole table) and what was found for it."""

    cell_ids: list[str]
    match: Match | None
    label: tuple[str, tuple[str, ...]] = ("", ())  # the template label and aliases it was searched by
    tokens: list[Token] = field(default_factory=list)
    candidates: list[Reading] = field(default_factory=list)
    chosen: Reading | None = None


@dataclass(slots=True)
class TableResult:
    table: TableSpec
    slots: list[Slot]
    start: int | None
    end: int | None
    notes: list[str] = field(default_factory=list)
    alternatives: list[Alternative] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return any(s.chosen is not None for s in self.slots)


def _row_cells(table: TableSpec, row: Row, group: Group) -> list[str]:
    return [f"{table.id}.{row.id}.{c.id}" for c in group.columns]


def _stands_alone(stream: Stream, m: Match) -> bool:
    """A label as short as `其他` counts only with its printed number (`3.其他`) or at the start of a line
    or cell — not inside another label such as `（六）其他处理`."""
    unit = stream.units[stream.unit_at(m.start)]
    return m.numbered or not compact(stream.text[unit.start : m.start])


def _follow_rows(stream: Stream, rows: list[tuple[Row, Group]], first: Match, hi: int) -> list[Match | None]:
    """Find each row label in order after `first`, skipping rows whose label is not where expected."""
    matches: list[Match | None] = [first]
    cursor = first.end
    for i, (row, _) in enumerate(rows[1:], start=1):
        limit = min(hi, cursor + MAX_ROW_GAP)
        m = find_label(stream, label_spec(row.label, row.aliases), cursor, limit)
        if m is not None and len(m.key) < SHORT_LABEL and not _stands_alone(stream, m):
            m = None
        if m is not None and i + 1 < len(rows):
            nxt_row = rows[i + 1][0]
            nxt = find_label(stream, label_spec(nxt_row.label, nxt_row.aliases), cursor, limit)
            if nxt is not None and nxt.start < m.start and len(m.key) < SHORT_LABEL:
                m = None
        if m is None:
            m = find_label_fuzzy(stream, label_spec(row.label, row.aliases), cursor, min(limit, cursor + 200))
        matches.append(m)
        if m is not None:
            cursor = m.end
    return matches


def _locate_rows(
    stream: Stream, rows: list[tuple[Row, Group]], lo: int, hi: int, prefer_last: bool = False
) -> list[Match | None]:
    """Try every occurrence of the first row label; keep the start from which most rows follow
    (labels inside table cells first, then most rows, then the closest-packed; the last one on ties
    when searching backwards from a table)."""
    first_spec = label_spec(rows[0][0].label, rows[0][0].aliases)
    best: list[Match | None] = [None] * len(rows)
    best_score = (0, 0, 0)
    cursor = lo
    while True:
        first = find_label(stream, first_spec, cursor, hi)
        if first is None:
            break
        found = _follow_rows(stream, rows, first, hi)
        last = max(m.end for m in found if m is not None)
        in_cells = sum(1 for m in found if m is not None and stream.units[stream.unit_at(m.end - 1)].is_cell)
        score = (in_cells, sum(m is not None for m in found), -(last - first.start))
        if score > best_score or (prefer_last and score >= best_score):
            best, best_score = found, score
        cursor = first.end
    return best


def _values_span(stream: Stream, start: int, end: int, label_chars: frozenset[str]) -> list[Token]:
    """The value tokens of a row: from its label to the next, cut at the first prose after a value or
    after the blank cells of the label's own grid row (a row printed blank ends there too)."""
    tokens = stream.tokens_between(start, end)
    label_row = stream.units[stream.unit_at(start - 1)].row_key
    kept: list[Token] = []
    previous_end = start
    for token in tokens:
        gap = compact(stream.text[previous_end : token.start])
        ended = any(t.kind != "empty" or (label_row and stream.units[t.unit_index].row_key == label_row) for t in kept)
        if gap and ended and not is_debris(gap, label_chars):
            break
        kept.append(token)
        previous_end = token.end
    return kept


def _regroup(slots: list[Slot], k_of: list[int]) -> None:
    """Where labels drifted away from their values (PDF converters shuffle them), a row holding
    several rows' values shares them, in order, with the neighbouring rows that hold none."""
    counts = [sum(t.kind != "empty" for t in s.tokens) for s in slots]
    for i, count in enumerate(counts):
        k = k_of[i]
        if count <= k or count % k:
            continue
        window = _window(counts, k_of, i)
        if window is None:
            continue
        a, b = window
        tokens = [t for s in slots[a : b + 1] for t in s.tokens if t.kind != "empty"]
        for n, slot in enumerate(slots[a : b + 1]):
            slot.tokens = tokens[n * k : (n + 1) * k]
        counts[a : b + 1] = [k] * (b + 1 - a)


def _window(counts: list[int], k_of: list[int], i: int) -> tuple[int, int] | None:
    """The stretch of empty rows after (else before) row i that its surplus fills exactly."""
    k, need = k_of[i], counts[i] // k_of[i] - 1
    after = list(range(i + 1, min(len(counts), i + 1 + need)))
    before = list(range(i - need, i)) if i >= need else []
    for others, window in ((after, (i, i + need)), (before, (i - need, i))):
        if len(others) == need and all(counts[j] == 0 and k_of[j] == k for j in others):
            return window
    return None


def _aligned(stream: Stream, tokens: list[Token], label_unit: int | None, k: int) -> list[Token] | None:
    """The row read by grid column, when its label and every token are cells of one grid row: the
    cell j columns right of the label is the row's j-th value. Blank cells then fall where they are
    printed (`行政事业性收费 | (blank) | 27 |`). None where that is not possible or would drop a value."""
    if label_unit is None or not tokens:
        return None
    label = stream.units[label_unit]
    if label.row_key is None or label.provenance.column is None:
        return None
    placed: dict[int, Token] = {}
    for token in tokens:
        unit = stream.units[token.unit_index]
        if unit.row_key != label.row_key or unit.provenance.column is None or not (token.whole_cell or token.kind != "number"):
            return None
        index = unit.provenance.column - label.provenance.column - 1
        if 0 <= index < k and index not in placed:
            placed[index] = token
        elif token.kind != "empty":
            return None
    return [placed[i] for i in range(k)] if len(placed) == k else None


def _row_of(stream: Stream) -> Callable[[Token], tuple[int, int] | None]:
    return lambda token: stream.units[token.unit_index].row_key


def _same_row_blanks(stream: Stream, tokens: list[Token], anchor_unit: int | None) -> list[Token]:
    keys = {stream.units[t.unit_index].row_key for t in tokens if t.kind != "empty"}
    if anchor_unit is not None:
        keys.add(stream.units[anchor_unit].row_key)
    keys.discard(None)
    return [t for t in tokens if t.kind == "empty" and stream.units[t.unit_index].row_key in keys]


def _relocate_groups(stream: Stream, table: TableSpec, matches: list[Match | None], lo: int, hi: int) -> None:
    """A group whose rows were all missed (converters move 表二's groups around) is searched for on
    its own, nearest to the rows that were found: just before them, else just after."""
    found = [m for m in matches if m is not None]
    if not found:
        return
    start, end = found[0].start, max(m.end for m in found)
    index = 0
    for group in table.groups:
        n = len(group.rows)
        if all(m is None for m in matches[index : index + n]):
            rows = [(r, group) for r in group.rows]
            before = _locate_rows(stream, rows, max(lo, start - GROUP_WINDOW), start, prefer_last=True)
            after = _locate_rows(stream, rows, end, min(hi, end + GROUP_WINDOW))
            located = before if any(before) else after
            matches[index : index + n] = located
        index += n


def _parents_printed_as_rows(stream: Stream, table: TableSpec, found: list[Match], hi: int) -> list[int]:
    """Where a parent label carries values of its own — a 2021 report printing （六）其他处理 as the one
    row of the 2019 format — those values belong to no row of this template: the row above stops there."""
    if not found:
        return []
    parents = {r.parent for r, _ in table.rows() if r.parent} - {r.label for r, _ in table.rows()}
    lo, top = found[0].start, max(m.end for m in found)
    stops: list[int] = []
    for parent in parents:
        cursor = lo
        while (m := find_label(stream, label_spec(parent), cursor, top)) is not None:
            cursor = m.end
            following = [t for t in stream.tokens_between(m.end, min(hi, m.end + 200)) if t.kind != "empty"]
            if following and not compact(stream.text[m.end : following[0].start]):
                stops.append(m.start)
    return stops


def read_labelled(stream: Stream, table: TableSpec, lo: int, hi: int) -> TableResult:
    rows = table.rows()
    matches = _locate_rows(stream, rows, lo, hi)
    if len(table.groups) > 1:
        _relocate_groups(stream, table, matches, lo, hi)
    found = [m for m in matches if m is not None]
    label_chars = label_characters([table])
    stops = [m.start for m in found] + _parents_printed_as_rows(stream, table, found, hi)
    slots: list[Slot] = []
    for i, ((row, group), m) in enumerate(zip(rows, matches)):
        slot = Slot(_row_cells(table, row, group), m, (row.label, row.aliases))
        if m is not None:
            end = min((x for x in stops if x >= m.end), default=hi)
            slot.tokens = _values_span(stream, m.end, end, label_chars)
        slots.append(slot)
    _regroup(slots, [len(s.cell_ids) for s in slots])
    for slot in slots:
        if slot.tokens:
            anchor = stream.unit_at(slot.match.end - 1) if slot.match else None
            blanks = _same_row_blanks(stream, slot.tokens, anchor)
            aligned = _aligned(stream, slot.tokens, anchor, len(slot.cell_ids))
            slot.candidates = readings(slot.tokens, len(slot.cell_ids), blanks, _row_of(stream), aligned)
    start = found[0].start if found else None
    ends = [s.tokens[-1].end if s.tokens else s.match.end if s.match else 0 for s in slots]
    end = max(ends) if found else None
    return TableResult(table, slots, start, end)


def _allowed_words(table: TableSpec) -> list[str]:
    words = {compact(c.label) for g in table.groups for c in g.columns}
    words |= {compact(r.label) for g in table.groups for r in g.rows}
    words |= {compact(r.parent) for g in table.groups for r in g.rows if r.parent}
    return sorted(words, key=len, reverse=True)


def _trim_blanks(stream: Stream, tokens: list[Token]) -> list[Token]:
    """Blank cells around the values, except those in a grid row holding values: a blank first or last
    cell of 表四's one row of values is a value (printed empty), the blanks of its header rows are not."""
    rows = {stream.units[t.unit_index].row_key for t in tokens if t.kind != "empty"} - {None}

    def outside(token: Token) -> bool:
        return token.kind == "empty" and stream.units[token.unit_index].row_key not in rows

    start, end = 0, len(tokens)
    while start < end and outside(tokens[start]):
        start += 1
    while end > start and outside(tokens[end - 1]):
        end -= 1
    return tokens[start:end]


def _blank_value_row(stream: Stream, tokens: list[Token], k: int) -> list[Token]:
    """A table printed with every value cell blank: the last grid row of exactly k blank cells."""
    rows: dict[tuple[int, int], list[Token]] = {}
    for token in tokens:
        key = stream.units[token.unit_index].row_key
        if token.kind == "empty" and key is not None:
            rows.setdefault(key, []).append(token)
    full = [row for row in rows.values() if len(row) == k]
    return full[-1] if full else []


def _capacity(tokens: list[Token]) -> int:
    """How many cells the tokens can fill at most (a run of digits may hold one per digit)."""
    return sum(len(t.digits.partition(".")[0]) if t.splittable else 1 for t in tokens if t.kind != "empty")


def read_positional(stream: Stream, table: TableSpec, lo: int, hi: int) -> TableResult:
    """A table printed as one run of values under its headers (表四): values are read by position."""
    cell_ids = table.cell_ids()
    spec = label_spec(table.label)
    anchor = find_label(stream, spec, lo, hi) or find_label_fuzzy(stream, spec, lo, min(hi, lo + 3000), cutoff=80)
    if anchor is None:
        first_row = table.rows()[0][0]
        anchor = find_label(stream, label_spec(first_row.label), lo, hi)
    slot = Slot(cell_ids, anchor, (table.label, ()))
    if anchor is None:
        return TableResult(table, [slot], None, None)
    words = _allowed_words(table)
    kept: list[Token] = []
    previous_end = anchor.end
    for token in stream.tokens_between(anchor.end, hi):
        raw_gap = stream.text[previous_end : token.start]
        gap = compact(raw_gap)
        for word in words:
            gap = gap.replace(word, "")
        if gap and _capacity(kept) >= len(cell_ids):
            break
        if gap and (len(gap) >= PROSE_MIN or _CLAUSE_MARK.search(raw_gap)):
            kept = []  # the numbers so far were prose before the table ("共有行政复议2件，"): start again
        kept.append(token)
        previous_end = token.end
    values = _trim_blanks(stream, kept)
    blanks = _same_row_blanks(stream, values, None) if values else _blank_value_row(stream, kept, len(cell_ids))
    kept = values or blanks
    slot.tokens = kept
    slot.candidates = readings(kept, len(cell_ids), blanks, _row_of(stream))
    end = kept[-1].end if kept else anchor.end
    return TableResult(table, [slot], anchor.start, end)


def _assignment(slots: list[Slot], chosen: tuple[Reading | None, ...]) -> dict[str, int | float | None]:
    values: dict[str, int | float | None] = {}
    for slot, reading in zip(slots, chosen):
        if reading is not None:
            values.update(zip(slot.cell_ids, reading.values))
    return values


def _local(eqs: list[Equation], cells: set[str]) -> list[Equation]:
    return [e for e in eqs if set(e.cells) <= cells]


def _prior(template: Template, slot: Slot, reading: Reading) -> float:
    """Log-plausibility of a split: counts are mostly 0 and fall off like 1/n; amounts have no bias.

    Used only between readings that the rules, the print and the text cannot separate.
    """
    total = 0.0
    for cid, value in zip(slot.cell_ids, reading.values):
        if value is None or template.cells[cid].column.value == "amount":
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


def choose_readings(result: TableResult, template: Template, prose: ProseHints) -> list[Alternative]:
    """Pick one reading per row: rules first, then fewest departures from the print, then the prose,
    then plausibility. Returns the ambiguities the rules could not settle."""
    eqs = [e for e in equations(template) if e.cells[0].startswith(result.table.id + ".")]
    for slot in result.slots:
        if len(slot.candidates) < 2:
            continue
        local = _local(eqs, set(slot.cell_ids))
        if local:
            passing = [r for r in slot.candidates if all(e.holds(dict(zip(slot.cell_ids, r.values))) for e in local)]
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
            if a is not None and b is not None and a.values != b.values:
                text = " ".join(dict.fromkeys(p.token.text for p in a.pieces))
                alternatives.append(Alternative(list(slot.cell_ids), list(a.values), list(b.values), text))
    return alternatives


def read_table(stream: Stream, template: Template, table: TableSpec, lo: int, hi: int, prose: ProseHints) -> TableResult:
    reader = read_positional if table.layout == "positional" else read_labelled
    result = reader(stream, table, lo, hi)
    result.alternatives = choose_readings(result, template, prose)
    return result
