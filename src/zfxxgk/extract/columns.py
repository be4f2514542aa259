"""Groups of a table printed with the other format's columns.

Reports mix the two formats group by group: a 2021 report prints 表二's 第二十条第（一）项 with the 2019
columns (本年新制作数量/本年新公开数量/对外公开总数量) beside the 2021 收费 column. The format is therefore
decided per group, from the column headers printed above its first row; a group printed the other way
is read with the other format's columns, then the columns the template data declares equivalent
(`[[equivalents]]`, with their source) fill this format's cells and the rest go to `unplaced`.
"""

from __future__ import annotations

from ..model import UnplacedRow
from ..read.normalize import compact
from ..templates import Column, Equivalence, Group, TableSpec, Template, counterpart, load
from .labels import Match
from .readings import Reading
from .slots import TableResult
from .stream import Stream

HEADER_WINDOW = 300  # characters before a group's first row label searched for its column headers


def other_format(template: Template, table: TableSpec) -> tuple[TableSpec, Equivalence] | None:
    """The other format's version of `table`, when the template data says how its columns map."""
    for eq in template.equivalents:
        if eq.table == table.id:
            return load(eq.template).tables[table.id], eq
    return None


def _headers_found(window: str, columns: tuple[Column, ...], others: tuple[Column, ...]) -> tuple[int, int]:
    """How many of each format's column headers the window prints; a header found only inside a longer
    one found (处理决定数量 in 本年处理决定数量) is not counted."""
    own = {k for c in columns for k in (compact(c.label), *map(compact, c.aliases)) if k in window}
    theirs = {k for c in others for k in (compact(c.label), *map(compact, c.aliases)) if k in window}
    found = own | theirs
    longest = {k for k in found if not any(k != o and k in o for o in found)}
    return len(own & longest - theirs), len(theirs & longest - own)


def printed_other_way(stream: Stream, table: TableSpec, other: TableSpec, matches: list[Match | None], lo: int) -> dict[int, Group]:
    """The groups (by index) whose headers, between the rows above and their first row, name only the
    other format's columns; mapped to the other format's group with the same rows."""
    out: dict[int, Group] = {}
    index, previous_end = 0, lo
    for gi, group in enumerate(table.groups):
        found = [m for m in matches[index : index + len(group.rows)] if m is not None]
        index += len(group.rows)
        theirs = counterpart(group, other)
        if not found or theirs is None:
            continue
        start = max(previous_end, found[0].start - HEADER_WINDOW)
        window = stream.compact[stream.to_compact(start) : stream.to_compact(found[0].start)]
        own, others = _headers_found(window, group.columns, theirs.columns)
        if others and not own:
            out[gi] = theirs
        previous_end = max(m.end for m in found)
    return out


def place_other_columns(result: TableResult, template: Template, stream: Stream) -> None:
    """Slots read with the other format's columns: equivalent columns fill this format's cells, the
    rest become unplaced values (kind "columns"), with a note naming the equivalence's source."""
    found = other_format(template, result.table)
    if found is None:
        return
    other, eq = found
    for slot in result.slots:
        if not slot.other_format:
            continue
        printed = slot.cell_ids
        table, rest = printed[0].split(".", 1)
        row_id = rest.rsplit(".", 1)[0]
        labels = {c.id: c.label for g in other.groups for r in g.rows if r.id == row_id for c in g.columns}
        column_of = [cid.rsplit(".", 1)[1] for cid in printed]
        kept = [
            (i, f"{table}.{row_id}.{eq.columns[col]}")
            for i, col in enumerate(column_of)
            if col in eq.columns and f"{table}.{row_id}.{eq.columns[col]}" in template.cells
        ]
        left = [i for i in range(len(printed)) if i not in dict(kept)]
        names = "、".join(labels[col] for col in column_of)
        if slot.chosen is not None:
            pieces = slot.chosen.pieces
            values = [pieces[i].text for i in left if pieces[i].token.kind != "empty"]
            where = stream.provenance(pieces[0].token)
            result.unplaced.append(UnplacedRow(table, f"{slot.label[0]}（{names}）", values, where, "columns"))
            slot.chosen = Reading(tuple(pieces[i] for i, _ in kept), slot.chosen.cost, slot.chosen.how)
        elif slot.match is not None:  # printed blank: the columns are still the other format's
            result.unplaced.append(UnplacedRow(table, f"{slot.label[0]}（{names}）", [], None, "columns"))
        slot.cell_ids = [cid for _, cid in kept]
        mapped = "; ".join(f"{labels[column_of[i]]} → {template.cells[cid].column.label}" for i, cid in kept)
        result.notes.append(f"{table}.{row_id}: printed with the {eq.template} format's columns; {mapped or 'no column maps'} ({eq.source})")
