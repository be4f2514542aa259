"""Reading one template table out of a stream, by the layout its template declares, then choosing
between the readings of ambiguous rows."""

from __future__ import annotations

from ..templates import TableSpec, Template
from .choose import choose_readings
from .hints import ProseHints
from .positional import read_positional
from .rows import read_labelled
from .slots import TableResult
from .stream import Stream


def read_table(stream: Stream, template: Template, table: TableSpec, lo: int, hi: int, prose: ProseHints) -> TableResult:
    reader = read_positional if table.layout == "positional" else read_labelled
    result = reader(stream, table, lo, hi)
    result.alternatives = choose_readings(result, template, prose)
    return result
