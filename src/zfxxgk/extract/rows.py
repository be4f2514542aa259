"""Tables read by their row labels (表二, 表三): each label owns the values up to the next one.

The approach of spec §6: one dropped or split number can only disturb its own row, never shift the
cells after it. Labels that drifted away from their values, groups moved by a converter and parent
labels printed as rows are handled here, before the readings of each row are listed.
"""

from __future__ import annotations

from ..model import UnplacedRow
from ..read.normalize import compact
from ..templates import Group, Row, TableSpec
from .labels import (
    LabelSpec,
    Match,
    find_label,
    find_label_abridged,
    find_label_fuzzy,
    is_debris,
    label_characters,
    label_spec,
)
from .columns import HEADER_WINDOW, printed_other_way
from .readings import readings
from .slots import Slot, TableResult
from .stream import Stream, Token

MAX_ROW_GAP = 1500  # characters between consecutive row labels before a match is taken as unrelated
GROUP_WINDOW = 1500
SHORT_LABEL = 4  # labels this short (`其他`) are only trusted where the next row's label follows them


def _row_cells(table: TableSpec, row: Row, group: Group) -> list[str]:
    return [f"{table.id}.{row.id}.{c.id}" for c in group.columns]


def _stands_alone(stream: Stream, m: Match) -> bool:
    """A label as short as `其他` counts only with its printed number (`3.其他`) or at the start of a line
    or cell — not inside another label such as `（六）其他处理`."""
    unit = stream.units[stream.unit_at(m.start)]
    return m.numbered or not compact(stream.text[unit.start : m.start])


def _find_standing(stream: Stream, spec: LabelSpec, lo: int, hi: int) -> Match | None:
    """The first occurrence of a label that stands as a label: a short one (`其他`) inside a longer
    label (`（六）其他处理`, repeated on every row where a converter copied a merged cell) is passed over."""
    while (m := find_label(stream, spec, lo, hi)) is not None:
        if len(m.key) >= SHORT_LABEL or _stands_alone(stream, m):
            return m
        lo = m.end
    return None


def _follow_rows(stream: Stream, rows: list[tuple[Row, Group]], first: Match, hi: int) -> list[Match | None]:
    """Find each row label in order after `first`, skipping rows whose label is not where expected."""
    matches: list[Match | None] = [first]
    cursor = first.end
    for i, (row, _) in enumerate(rows[1:], start=1):
        limit = min(hi, cursor + MAX_ROW_GAP)
        spec = label_spec(row.label, row.aliases)
        m = _find_standing(stream, spec, cursor, limit)
        if m is not None and i + 1 < len(rows):
            nxt_row = rows[i + 1][0]
            nxt = find_label(stream, label_spec(nxt_row.label, nxt_row.aliases), cursor, limit)
            if nxt is not None and nxt.start < m.start and len(m.key) < SHORT_LABEL:
                m = None
        if m is None:
            window = min(limit, cursor + 200)
            m = find_label_fuzzy(stream, spec, cursor, window) or find_label_abridged(stream, spec, cursor, window)
        matches.append(m)
        if m is not None:
            cursor = m.end
    return matches


def _locate_rows(
    stream: Stream, rows: list[tuple[Row, Group]], lo: int, hi: int, prefer_last: bool = False
) -> list[Match | None]:
    """The rows' labels, found from the first row whose label is printed: agencies leave rows out
    (departments without rule-making power delete 规章), and one row left out must not lose the rest."""
    for skipped in range(len(rows)):
        found = _locate_from(stream, rows[skipped:], lo, hi, prefer_last)
        if any(m is not None for m in found):
            return [None] * skipped + found
    return [None] * len(rows)


def _locate_from(
    stream: Stream, rows: list[tuple[Row, Group]], lo: int, hi: int, prefer_last: bool
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


def _parents_printed_as_rows(stream: Stream, table: TableSpec, found: list[Match], hi: int) -> list[tuple[str, Match]]:
    """Where a parent label carries values of its own — a 2021 report printing （六）其他处理 as the one
    row of the 2019 format — those values belong to no row of this template: the row above stops there."""
    if not found:
        return []
    parents = {r.parent for r, _ in table.rows() if r.parent} - {r.label for r, _ in table.rows()}
    lo, top = found[0].start, max(m.end for m in found)
    printed: list[tuple[str, Match]] = []
    for parent in parents:
        cursor = lo
        while (m := find_label(stream, label_spec(parent), cursor, top)) is not None:
            cursor = m.end
            following = [t for t in stream.tokens_between(m.end, min(hi, m.end + 200)) if t.kind != "empty"]
            if following and not compact(stream.text[m.end : following[0].start]):
                printed.append((parent, m))
    return sorted(printed, key=lambda p: p[1].start)


def _unplaced(stream: Stream, table: TableSpec, label: str, tokens: list[Token], kind: str = "row") -> UnplacedRow:
    printed = [t for t in tokens if t.kind != "empty"]
    where = stream.provenance(printed[0]) if printed else None
    return UnplacedRow(table.id, label, [t.text for t in printed], where, kind)


def _grid_rows(stream: Stream, tokens: list[Token], skip: tuple[int, int] | None) -> list[list[Token]] | None:
    """The tokens by the grid row they sit in (rows holding no value dropped, row `skip` left out), or
    None when some token is not a grid cell: only a grid shows where one row ends."""
    rows: dict[tuple[int, int], list[Token]] = {}
    for token in tokens:
        key = stream.units[token.unit_index].row_key
        if key is None:
            return None
        if key != skip:
            rows.setdefault(key, []).append(token)
    return [row for row in rows.values() if any(t.kind != "empty" for t in row)]


def _header_end(stream: Stream, tables: list[TableSpec], before: int) -> int | None:
    """The end of the last column header (of either format) printed in the window before `before` (the
    top of a table whose first rows lost their labels), or None."""
    clo, chi = stream.to_compact(max(0, before - HEADER_WINDOW)), stream.to_compact(before)
    keys = {compact(c.label) for t in tables for g in t.groups for c in g.columns}
    ends = [at + len(k) for k in keys if (at := stream.compact.rfind(k, clo, chi)) >= 0]
    return stream.to_text(max(ends) - 1) + 1 if ends else None


def _unlabelled_runs(slots: list[Slot]) -> list[tuple[int, int]]:
    """Runs [i, j] of rows whose label was not found, before a row whose label was and after one whose
    label was or at the top of the table."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(slots):
        if slots[i].match is None and (i == 0 or slots[i - 1].match is not None):
            j = i
            while j + 1 < len(slots) and slots[j + 1].match is None:
                j += 1
            if j + 1 < len(slots):
                runs.append((i, j))
            i = j + 1
        i += 1
    return runs


def _read_unlabelled(
    stream: Stream, table: TableSpec, slots: list[Slot], parents: list[tuple[str, Match]], other: TableSpec | None
) -> tuple[list[str], list[UnplacedRow], list[tuple[str, Match]]]:
    """Rows printed with a blank label cell, values present (a whitespace-only label, 表三's eight 不予公开
    sub-row labels missing under their heading). Where the grid holds exactly as many value rows as
    rows lack a label between two labelled rows (or under the heading the rows belong to), each is read
    by position and a note says so; otherwise those values go to `unplaced`, never into the row above.
    Returns the notes, the unplaced rows and the headings that turned out to head such rows."""
    notes: list[str] = []
    unplaced: list[UnplacedRow] = []
    anchors: list[tuple[str, Match]] = []
    for i, j in _unlabelled_runs(slots):
        above, below = (slots[i - 1] if i else None), slots[j + 1]
        assert below.match is not None
        top = above.match.end if above is not None and above.match is not None else _header_end(stream, [table, *([other] if other else [])], below.match.start)
        if top is None:
            continue
        heading = [p for p in parents if top <= p[1].start < below.match.start][-1:]
        start = heading[0][1].end if heading else top
        own = None if heading or above is None else stream.units[stream.unit_at(top - 1)].row_key
        rows = _grid_rows(stream, stream.tokens_between(start, below.match.start), own)
        if not rows:
            continue
        run = slots[i : j + 1]
        if above is not None and not heading:
            above.tokens = [t for t in above.tokens if stream.units[t.unit_index].row_key == own]
        after = heading[0][0] if heading else above.label[0] if above is not None else "the header"
        if len(rows) == len(run):
            for slot, row in zip(run, rows):
                slot.tokens = row
            anchors += heading
            labels = "、".join(slot.label[0] for slot in run)
            notes.append(f"{table.id}: {labels}: label blank, values read by position after {after}")
        elif not heading:  # a heading with fewer value rows than rows under it is an older format's row
            values = [t for row in rows for t in row]
            unplaced.append(_unplaced(stream, table, after, values, kind="unlabelled"))
    return notes, unplaced, anchors


def _with_other_columns(
    stream: Stream, table: TableSpec, other: TableSpec, matches: list[Match | None], lo: int, hi: int
) -> tuple[list[tuple[Row, Group]], list[Match | None]]:
    """The rows to read, with each group printed the other format's way replaced by the other format's
    group (its columns; its rows found where this format's are, or after them)."""
    rows: list[tuple[Row, Group]] = []
    located: list[Match | None] = []
    other_way = printed_other_way(stream, table, other, matches, lo)
    index = 0
    for gi, group in enumerate(table.groups):
        own = matches[index : index + len(group.rows)]
        index += len(group.rows)
        if gi not in other_way:
            rows += [(r, group) for r in group.rows]
            located += own
            continue
        theirs = other_way[gi]
        by_id = {r.id: m for r, m in zip(group.rows, own)}
        start = next(m for m in own if m is not None).start
        end = next((m.start for m in matches[index:] if m is not None), hi)
        for row in theirs.rows:
            m = by_id.get(row.id) or _find_standing(stream, label_spec(row.label, row.aliases), start, end)
            rows.append((row, theirs))
            located.append(m)
    return rows, located


def read_labelled(stream: Stream, table: TableSpec, lo: int, hi: int, other: TableSpec | None = None) -> TableResult:
    """`other`: the other format's version of the table, for groups printed with its columns."""
    rows = table.rows()
    matches = _locate_rows(stream, rows, lo, hi)
    if len(table.groups) > 1:
        _relocate_groups(stream, table, matches, lo, hi)
    if other is not None:
        rows, matches = _with_other_columns(stream, table, other, matches, lo, hi)
    found = [m for m in matches if m is not None]
    label_chars = label_characters([table])
    parents = _parents_printed_as_rows(stream, table, found, hi)
    stops = [m.start for m in found] + [m.start for _, m in parents]
    slots: list[Slot] = []
    for i, ((row, group), m) in enumerate(zip(rows, matches)):
        slot = Slot(_row_cells(table, row, group), m, (row.label, row.aliases))
        slot.other_format = not any(group is own for own in table.groups)
        if m is not None:
            end = min((x for x in stops if x >= m.end), default=hi)
            slot.tokens = _values_span(stream, m.end, end, label_chars)
        slots.append(slot)
    notes, unplaced, anchors = _read_unlabelled(stream, table, slots, parents, other)
    _regroup(slots, [len(s.cell_ids) for s in slots])
    for slot in slots:
        if slot.tokens:
            anchor = stream.unit_at(slot.match.end - 1) if slot.match else None
            blanks = stream.same_row_blanks(slot.tokens, anchor)
            aligned = _aligned(stream, slot.tokens, anchor, len(slot.cell_ids))
            slot.candidates = readings(slot.tokens, len(slot.cell_ids), blanks, stream.row_of, aligned)
    start = found[0].start if found else None
    ends = [s.tokens[-1].end if s.tokens else s.match.end if s.match else 0 for s in slots]
    end = max(ends) if found else None
    for label, m in parents:
        if (label, m) in anchors:
            continue
        end_of_row = min((x for x in stops if x > m.start), default=hi)
        unplaced.append(_unplaced(stream, table, label, _values_span(stream, m.end, end_of_row, label_chars)))
    return TableResult(table, slots, start, end, notes=notes, unplaced=unplaced)
