"""What the table readers find for each template row, and what they hand to the reading chooser."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Alternative, UnplacedRow
from ..templates import TableSpec
from .labels import Match
from .readings import Reading
from .stream import Token


@dataclass(slots=True)
class Slot:
    """One template row (or, for positional tables, the whole table) and what was found for it."""

    cell_ids: list[str]
    match: Match | None
    label: tuple[str, tuple[str, ...]] = ("", ())  # the template label and aliases it was searched by
    tokens: list[Token] = field(default_factory=list)
    candidates: list[Reading] = field(default_factory=list)
    chosen: Reading | None = None
    other_format: bool = False  # read with the other format's columns (extract.columns)


@dataclass(slots=True)
class TableResult:
    table: TableSpec
    slots: list[Slot]
    start: int | None
    end: int | None
    notes: list[str] = field(default_factory=list)
    alternatives: list[Alternative] = field(default_factory=list)
    unplaced: list[UnplacedRow] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return any(s.chosen is not None for s in self.slots)
