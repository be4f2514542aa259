"""Reading one template table out of a stream, by the layout its template declares, then choosing
between the readings of ambiguous rows."""

from __future__ import annotations

from ..templates import TableSpec, Template
from .choose import choose_readings
from .columns import other_format, place_other_columns
from .hints import ProseHints
from .positional import read_positional
from .rows import read_labelled
from .slots import TableResult
from .stream import Stream


def read_table(stream: Stream, template: Template, table: TableSpec, lo: int, hi: int, prose: ProseHints) -> TableResult:
    if table.layout == "positional":
        result = read_positional(stream, table, lo, hi)
    else:
        other = other_format(template, table)
        result = read_labelled(stream, table, lo, hi, other[0] if other else None)
    result.alternatives = choose_readings(result, template, prose)
    place_other_columns(result, template, stream)
    return result
