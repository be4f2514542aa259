"""The few ways a row's printed tokens can be read as its template cells.

A row expects `k` values. When exactly `k` values are printed there is one plain reading. Otherwise the
layout is ambiguous — blank cells that may or may not be values, digits run together by a crawler
(`713000074` for seven cells), stray numbers — and every reading that fits is listed with a cost
(how far it departs from the plain print). The table reader then lets the template's arithmetic
choose; values are never altered, only grouped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import combinations, islice

from .stream import Token, parse_number

MAX_READINGS = 20_000
MAX_BLANK_CHOICES = 200
MAX_GAPS = 2  # cells a copy may have dropped from one row without a trace


@dataclass(frozen=True, slots=True)
class Piece:
    """One cell's value in a reading: a whole token, or part of a token whose digits were split."""

    token: Token
    text: str
    value: int | float | None
    unit: str | None

    @property
    def split(self) -> bool:
        return self.text != self.token.text


@dataclass(frozen=True, slots=True)
class Reading:
    pieces: tuple[Piece, ...]
    cost: int
    how: str

    @property
    def values(self) -> tuple[int | float | None, ...]:
        return tuple(p.value for p in self.pieces)


def _whole(token: Token) -> Piece:
    return Piece(token, token.text, token.value, token.unit)


def _splits(token: Token, parts: int) -> Iterator[tuple[Piece, ...]]:
    """Every way to cut a digit run into `parts` numbers, none with a leading zero."""
    head, dot, fraction = token.digits.partition(".")
    if parts == 1:
        yield (_whole(token),)
        return
    for cuts in combinations(range(1, len(head)), parts - 1):
        bounds = (0, *cuts, len(head))
        chunks = [head[a:b] for a, b in zip(bounds, bounds[1:])]
        if any(len(c) > 1 and c[0] == "0" for c in chunks):
            continue
        if dot:
            chunks[-1] = f"{chunks[-1]}.{fraction}"
        units = [None] * (len(chunks) - 1) + [token.unit]
        yield tuple(Piece(token, c, parse_number(c, None), u) for c, u in zip(chunks, units))


def _distributions(capacities: list[int], extra: int) -> Iterator[tuple[int, ...]]:
    """Ways to share `extra` additional parts among tokens, token i taking at most capacities[i]."""
    if not capacities:
        if extra == 0:
            yield ()
        return
    for here in range(min(capacities[0], extra) + 1):
        for rest in _distributions(capacities[1:], extra - here):
            yield (here, *rest)


def _split_readings(tokens: list[Token], k: int) -> Iterator[Reading]:
    extra = k - len(tokens)
    capacities = [len(t.digits.partition(".")[0]) - 1 if t.splittable else 0 for t in tokens]
    if sum(capacities) < extra:
        return
    for share in _distributions(capacities, extra):
        options = [list(_splits(t, n + 1)) for t, n in zip(tokens, share)]
        yield from _products(options, 2 + sum(1 for n in share if n), share)


def _products(options: list[list[tuple[Piece, ...]]], cost: int, share: tuple[int, ...]) -> Iterator[Reading]:
    if any(not o for o in options):
        return
    stack: list[tuple[int, tuple[Piece, ...]]] = [(0, ())]
    while stack:
        i, acc = stack.pop()
        if i == len(options):
            yield Reading(acc, cost, f"split run-together digits ({sum(share)} cuts)")
            continue
        for choice in reversed(options[i]):
            stack.append((i + 1, acc + choice))


def _blank_choices(with_blanks: list[Token], k: int) -> Iterator[Reading]:
    """Every value kept, and which blank cells are the row's empty values: a label merged over several
    columns leaves empty cells right after it in copied text, so the last blanks are tried first."""
    blanks = [t for t in with_blanks if t.kind == "empty"]
    needed = k - (len(with_blanks) - len(blanks))
    for chosen in islice(combinations(reversed(blanks), needed), MAX_BLANK_CHOICES):
        picked = [t for t in with_blanks if t.kind != "empty" or t in chosen]
        yield Reading(tuple(map(_whole, picked)), 5, "blank cells read as empty values, merged-label blanks skipped")


def _windows(values: list[Token], k: int, row_of: Callable[[Token], object]) -> Iterator[Reading]:
    """Runs of k values when more were printed: a run filling one grid row is the likeliest, then the
    first run (the extra values belong to what follows), then any other."""
    extra = len(values) - k
    for i in range(extra + 1):
        window = values[i : i + k]
        rows = {row_of(t) for t in window}
        one_row = len(rows) == 1 and None not in rows
        cost = 6 if one_row else 7 if i == 0 else 8
        yield Reading(tuple(map(_whole, window)), cost, f"{extra} extra value(s) outside the row ignored")


def gap_readings(tokens: list[Token], k: int) -> Iterator[Reading]:
    """The printed values in order with the row's missing cells anywhere among them: text copied from a
    page drops empty cells without a trace (`0 0 0 0 12 12` for seven cells). Only the template's rules
    can say where the gaps were, so these readings are offered only when no other reading keeps them."""
    values = [t for t in tokens if t.kind != "empty"]
    missing = k - len(values)
    if not values or not 0 < missing <= MAX_GAPS:
        return
    for gaps in combinations(range(k), missing):
        printed = iter(values)
        pieces: list[Piece] = []
        for i in range(k):
            if i in gaps:
                near = values[min(i, len(values) - 1)]
                pieces.append(Piece(Token(near.start, near.start, "gap", "", None, None, False, near.unit_index), "", None, None))
            else:
                pieces.append(_whole(next(printed)))
        yield Reading(tuple(pieces), 9, f"{missing} cell(s) left out of the print, placed by the rules")


def readings(
    tokens: list[Token],
    k: int,
    same_row_blanks: list[Token],
    row_of: Callable[[Token], object] = lambda t: None,
    aligned: list[Token] | None = None,
) -> list[Reading]:
    """All readings of a row, cheapest first; `same_row_blanks` are blank cells beside the values,
    `row_of` tells which grid row a token was printed in (None outside grids), and `aligned` is the
    row read by grid column when the grid allows it."""
    values = [t for t in tokens if t.kind != "empty"]
    found: list[Reading] = []
    if len(values) == k:
        found.append(Reading(tuple(map(_whole, values)), 0, "as printed"))
    with_blanks = [t for t in tokens if t.kind != "empty" or t in same_row_blanks]
    if len(with_blanks) == k and len(with_blanks) != len(values):
        found.append(Reading(tuple(map(_whole, with_blanks)), 1, "blank cells read as empty values"))
    if aligned is not None and len(values) != k:
        found.append(Reading(tuple(map(_whole, aligned)), 2, "values placed by their grid columns"))
    if len(values) < k:
        for reading in _split_readings(values, k):
            found.append(reading)
            if len(found) >= MAX_READINGS:
                break
    if len(values) > k:
        found.extend(_windows(values, k, row_of))
    if len(with_blanks) > k and len(values) < k:
        found.extend(_blank_choices(with_blanks, k))
        found.append(Reading(tuple(map(_whole, with_blanks[:k])), 6, "leading blank cells read as empty values, values after them ignored"))
    if not found and values:
        found.append(Reading(tuple(map(_whole, values)), 8, f"only {len(values)} of {k} values printed; the rest missing"))
    return sorted(found, key=lambda r: r.cost)
