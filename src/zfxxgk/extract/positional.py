"""Tables read by position (表四: one run of 15 values under its headers), bounded by the section."""

from __future__ import annotations

import re

from ..read.normalize import compact
from ..templates import TableSpec
from .labels import find_label, find_label_fuzzy, label_spec
from .readings import readings
from .slots import Slot, TableResult
from .stream import Stream, Token

PROSE_MIN = 4  # residue this long between values, once table words are removed, is prose
_CLAUSE_MARK = re.compile(r"[。，；,;：:]")


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


def _capacity(stream: Stream, tokens: list[Token]) -> int:
    """How many cells the tokens can fill at most: a run of digits may hold one per digit, and a blank
    cell in a grid row of values is a value printed empty (a row of 14 numbers and one blank is full)."""
    values = [t for t in tokens if t.kind != "empty"]
    rows = {stream.units[t.unit_index].row_key for t in values} - {None}
    blanks = sum(1 for t in tokens if t.kind == "empty" and stream.units[t.unit_index].row_key in rows)
    return blanks + sum(len(t.digits.partition(".")[0]) if t.splittable else 1 for t in values)


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
        if gap and _capacity(stream, kept) >= len(cell_ids):
            break
        if gap and (len(gap) >= PROSE_MIN or _CLAUSE_MARK.search(raw_gap)):
            kept = []  # the numbers so far were prose before the table ("共有行政复议2件，"): start again
        kept.append(token)
        previous_end = token.end
    values = _trim_blanks(stream, kept)
    blanks = stream.same_row_blanks(values, None) if values else _blank_value_row(stream, kept, len(cell_ids))
    kept = values or blanks
    slot.tokens = kept
    slot.candidates = readings(kept, len(cell_ids), blanks, stream.row_of)
    end = kept[-1].end if kept else anchor.end
    return TableResult(table, [slot], anchor.start, end)
