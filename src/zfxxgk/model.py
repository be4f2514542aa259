"""The one data model every stage shares.

Readers produce a `Document`; the extractor (and, later, the request desk) produces a `Report`; checks add
`Finding`s to it. Everything downstream (store, compare, render, web) consumes these types only, so a new
reader or producer never needs changes elsewhere.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any, Literal

SCHEMA = "zfxxgk.report/1"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a piece of text came from, precise enough for a reviewer to click back to it.

    Text readers fill `line`; PDF readers `page` and `bbox`; HTML/DOCX readers `table`, `row`, `column`.
    `text` is always the raw source text, before normalisation, so it can be quoted verbatim.
    """

    text: str = ""
    line: int | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    confidence: float | None = None

    def placed(
        self, text: str | None = None, table: int | None = None, row: int | None = None, column: int | None = None
    ) -> Provenance:
        """A copy with the raw text and grid position given (None keeps this one's). Readers copy a
        provenance per table cell, and `dataclasses.replace` was a fifth of the time of reading a DOCX."""
        return Provenance(
            self.text if text is None else text,
            self.line,
            self.page,
            self.table if table is None else table,
            self.row if row is None else row,
            self.column if column is None else column,
            self.bbox,
            self.confidence,
        )

    def to_json(self) -> dict[str, Any]:
        """Only the fields that are set (dataclasses.asdict deep-copies and dominated store writes)."""
        out: dict[str, Any] = {"text": self.text}
        for name in ("line", "page", "table", "row", "column", "confidence"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.bbox is not None:
            out["bbox"] = list(self.bbox)
        return out


@dataclass(slots=True)
class TableCell:
    """One cell of a table grid; `text` is normalised, `provenance.text` the original.

    `merged` marks a grid position covered by another cell's rowspan/colspan: it repeats that cell's
    text so the grid is full, and the extractor skips it so the text is read once.
    """

    text: str
    provenance: Provenance = field(default_factory=Provenance)
    merged: bool = False


@dataclass(slots=True)
class Paragraph:
    """A run of running text (heading or body); normalised text with its source location."""

    text: str
    provenance: Provenance = field(default_factory=Provenance)
    kind: Literal["heading", "paragraph"] = "paragraph"


@dataclass(slots=True)
class Table:
    """A grid of cells as laid out in the source, merged cells already expanded or left empty.

    Rows may have different lengths: text layouts rarely say how many columns a row spans, and the
    extractor reads tables by labels, not by column positions.
    """

    rows: list[list[TableCell]]
    provenance: Provenance = field(default_factory=Provenance)


Block = Paragraph | Table


@dataclass(slots=True)
class Source:
    """What was read: enough to identify the bytes again and to explain how they were decoded."""

    path: str
    sha256: str
    format: str
    encoding: str | None = None
    pages: int | None = None
    replaced: int = 0  # bytes that did not decode (a page cut mid-character) and were read as U+FFFD
    unread_pages: list[int] = field(default_factory=list)  # scanned pages skipped: OCR is not installed

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Document:
    """A report's content in reading order, normalised, independent of the file format it came from."""

    source: Source
    blocks: list[Block]
    # The page's text outside the report body (an HTML page's <title>, its CMS header and footer, one
    # string per line): pages often name the agency and the publishing date only there.
    chrome: list[str] = field(default_factory=list)

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


class CellKind(str, Enum):
    """How a cell was printed: pdfplumber's lesson that an empty cell is never the same as 0."""

    ZERO = "ZERO"
    NUMBER = "NUMBER"
    EMPTY = "EMPTY"  # printed blank
    NA = "NA"  # printed as a dash, slash or 无
    MISSING = "MISSING"  # not found in the document at all


@dataclass(slots=True)
class CellValue:
    """One template cell as the report prints it; `value` is never changed to make a rule pass."""

    value: int | float | None
    kind: CellKind
    raw: str = ""
    unit: str | None = None
    provenance: Provenance | None = None


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(slots=True)
class Finding:
    """A check result a reviewer can act on: which rule, which cells, what was expected and printed."""

    rule: str
    severity: Severity
    message: str
    cells: list[str] = field(default_factory=list)
    expected: Any = None
    actual: Any = None
    provenance: list[Provenance] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "cells": self.cells,
            "expected": self.expected,
            "actual": self.actual,
        }
        if self.provenance:
            out["provenance"] = [p.to_json() for p in self.provenance]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        return cls(
            rule=data["rule"],
            severity=Severity(data["severity"]),
            message=data["message"],
            cells=list(data.get("cells", [])),
            expected=data.get("expected"),
            actual=data.get("actual"),
            provenance=[_provenance_from_json(p) for p in data.get("provenance", [])],
        )


@dataclass(slots=True)
class Alternative:
    """Another reading of an ambiguous print that the template's rules could not rule out."""

    cells: list[str]
    chosen: list[int | float | None]
    other: list[int | float | None]
    text: str  # the printed text both readings come from

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class UnplacedRow:
    """A row printed with values that no cell of the template holds: a heading of the template's rows
    printed as one row, as an older format had it (2021 reports printing （六）其他处理 as in 2019)."""

    table: str
    label: str
    values: list[str]  # as printed
    provenance: Provenance | None = None
    # "row": a heading printed as a row; "unlabelled": value rows without labels that the table's shape
    # does not place (label = the row above them); "columns": a group printed with the other format's
    # columns, values of the columns this format lacks (label = row·column)
    kind: str = "row"

    def to_json(self) -> dict[str, Any]:
        provenance = self.provenance.to_json() if self.provenance else None
        return {"table": self.table, "label": self.label, "values": self.values, "provenance": provenance, "kind": self.kind}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> UnplacedRow:
        prov = data.get("provenance")
        where = _provenance_from_json(prov) if prov else None
        return cls(data["table"], data["label"], list(data["values"]), where, data.get("kind", "row"))


@dataclass(slots=True)
class Meta:
    """What the report says about itself. `year` is the year reported on, not the year published."""

    title: str | None = None
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    published: str | None = None  # ISO date
    # Where each field was read (`{"agency": "署名"}`): a page names its agency in many places, of
    # unequal weight, and a reviewer must see which one was taken.
    provenance: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Hints:
    """What a caller knows about a document from outside it (a fetcher's site list names the agency of
    the pages it collects): used where the document names no agency, or a shorter form of this one."""

    agency: str | None = None
    source: str = "外部提示"  # where the caller's knowledge comes from, kept in meta.provenance


@dataclass(slots=True)
class Report:
    """A report's cells, narrative and findings: the output of the extractor and of the request desk.

    `cells` holds every cell of `meta.template`, including those missing from the document (kind MISSING),
    so consumers never have to ask the template which cells exist.
    """

    source: Source
    meta: Meta
    cells: dict[str, CellValue]
    narrative: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why the extractor chose a reading, for --explain
    sections: list[str] = field(default_factory=list)  # section ids whose headings were found, in order
    alternatives: list[Alternative] = field(default_factory=list)
    unplaced: list[UnplacedRow] = field(default_factory=list)

    def values(self) -> dict[str, int | float | None]:
        return {cid: c.value for cid, c in self.cells.items()}

    def to_json(self) -> dict[str, Any]:
        """The output contract of spec §3 (schema `zfxxgk.report/1`)."""
        return {
            "schema": SCHEMA,
            "source": self.source.to_json(),
            "meta": self.meta.to_json(),
            "cells": self.values(),
            "units": {cid: c.unit for cid, c in self.cells.items() if c.unit},
            "kinds": {cid: c.kind.value for cid, c in self.cells.items()},
            "provenance": {
                cid: c.provenance.to_json() for cid, c in self.cells.items() if c.provenance is not None
            },
            "narrative": self.narrative,
            "sections": self.sections,
            "alternatives": [a.to_json() for a in self.alternatives],
            "unplaced": [u.to_json() for u in self.unplaced],
            "findings": [f.to_json() for f in self.findings],
            "notes": self.notes,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        """Rebuild a Report from its JSON form, so stored or rendered reports re-enter the pipeline."""
        kinds = data.get("kinds", {})
        units = data.get("units", {})
        prov = data.get("provenance", {})
        cells = {
            cid: CellValue(
                value=value,
                kind=CellKind(kinds.get(cid) or _kind_of(value)),
                raw=prov.get(cid, {}).get("text", ""),
                unit=units.get(cid),
                provenance=_provenance_from_json(prov[cid]) if cid in prov else None,
            )
            for cid, value in data.get("cells", {}).items()
        }
        return cls(
            source=Source(**data["source"]),
            meta=Meta(**data.get("meta", {})),
            cells=cells,
            narrative=dict(data.get("narrative", {})),
            findings=[Finding.from_json(f) for f in data.get("findings", [])],
            notes=list(data.get("notes", [])),
            sections=list(data.get("sections", [])),
            alternatives=[Alternative(**a) for a in data.get("alternatives", [])],
            unplaced=[UnplacedRow.from_json(u) for u in data.get("unplaced", [])],
        )


def _kind_of(value: int | float | None) -> str:
    if value is None:
        return CellKind.MISSING.value
    return CellKind.ZERO.value if value == 0 else CellKind.NUMBER.value


def _provenance_from_json(data: dict[str, Any]) -> Provenance:
    bbox = data.get("bbox")
    return Provenance(**{**data, "bbox": tuple(bbox) if bbox else None})
