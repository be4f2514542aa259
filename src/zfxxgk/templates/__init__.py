"""The national report templates, loaded from the TOML files beside this module.

The templates are data so that a row, an alias or a rule added to a file needs no new Python: every
stage (extractor, checks, renderers) asks a `Template` for labels, cell ids and rules.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

ValueKind = Literal["count", "signed", "amount"]


@dataclass(frozen=True, slots=True)
class Column:
    id: str
    label: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    unit: str | None = None  # a fixed unit ("万元"), "printed" (keep what the report prints), or None
    value: ValueKind = "count"


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    label: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """A block of rows sharing one set of columns (表二 has several, 表三 and 表四 one each)."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    clause: str | None = None


@dataclass(frozen=True, slots=True)
class TableSpec:
    id: str
    label: str
    groups: tuple[Group, ...]
    layout: Literal["labelled", "positional"] = "labelled"
    note: str | None = None

    def cell_ids(self) -> list[str]:
        return [f"{self.id}.{r.id}.{c.id}" for g in self.groups for r in g.rows for c in g.columns]

    def rows(self) -> list[tuple[Row, Group]]:
        return [(r, g) for g in self.groups for r in g.rows]


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    number: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One check as written in the template file; `kind` selects how it is evaluated."""

    id: str
    severity: str
    kind: str
    message: str
    for_each: dict[str, Any] = field(default_factory=dict)
    left: tuple[str, ...] = ()
    right: tuple[str, ...] = ()
    threshold: float | None = None  # a limit the kind compares against (e.g. the lowest trusted OCR confidence)


@dataclass(frozen=True, slots=True)
class CellSpec:
    """Everything the template says about one cell id."""

    id: str
    table: str
    row: Row
    column: Column

    @property
    def label(self) -> str:
        return f"{self.row.label}·{self.column.label}"


def counterpart(group: Group, other: TableSpec) -> Group | None:
    """The group of another format's table that holds any of `group`'s rows."""
    ids = {r.id for r in group.rows}
    return next((g for g in other.groups if ids & {r.id for r in g.rows}), None)


@dataclass(frozen=True, slots=True)
class Equivalence:
    """Columns of another format's table that mean what a column of this format means, for a group
    that a report prints the other format's way: `columns` maps the other's column id to this one's."""

    template: str
    table: str
    columns: dict[str, str]
    source: str


@dataclass(frozen=True, slots=True, eq=False)
class Template:
    id: str
    name: str
    years: tuple[int, int | None]  # first and last year this format applies to (None: still in force)
    sections: tuple[Section, ...]
    tables: dict[str, TableSpec]
    rules: tuple[RuleSpec, ...]
    equivalents: tuple[Equivalence, ...] = ()

    def applies_to(self, year: int) -> bool:
        first, last = self.years
        return year >= first and (last is None or year <= last)

    @property
    def cells(self) -> dict[str, CellSpec]:
        return _cells(self)


@cache
def _cells(template: Template) -> dict[str, CellSpec]:
    return {
        f"{t.id}.{r.id}.{c.id}": CellSpec(f"{t.id}.{r.id}.{c.id}", t.id, r, c)
        for t in template.tables.values()
        for g in t.groups
        for r in g.rows
        for c in g.columns
    }


def _column(d: dict[str, Any]) -> Column:
    return Column(
        id=d["id"],
        label=d["label"],
        aliases=tuple(d.get("aliases", ())),
        parent=d.get("parent"),
        unit=d.get("unit"),
        value=d.get("value", "count"),
    )


def _row(d: dict[str, Any]) -> Row:
    return Row(id=d["id"], label=d["label"], aliases=tuple(d.get("aliases", ())), parent=d.get("parent"))


def _group(d: dict[str, Any]) -> Group:
    return Group(
        columns=tuple(_column(c) for c in d["columns"]),
        rows=tuple(_row(r) for r in d["rows"]),
        clause=d.get("clause"),
    )


def _table(table_id: str, d: dict[str, Any], sections: dict[str, Section]) -> TableSpec:
    groups = tuple(_group(g) for g in d["groups"]) if "groups" in d else (_group(d),)
    section = sections.get(table_id)
    return TableSpec(
        id=table_id,
        label=section.label if section else table_id,
        groups=groups,
        layout=d.get("layout", "labelled"),
        note=d.get("note"),
    )


def parse_template(data: dict[str, Any]) -> Template:
    """Build a Template from the TOML structure (also used by tests that write variant templates)."""
    sections = {
        s["id"]: Section(s["id"], s["number"], s["label"], tuple(s.get("aliases", ())))
        for s in data["sections"]
    }
    if "applies_to_years" in data:
        years = (min(data["applies_to_years"]), max(data["applies_to_years"]))
    else:
        years = (data["applies_to_years_from"], None)
    rules = tuple(
        RuleSpec(
            id=r["id"],
            severity=r["severity"],
            kind=r["kind"],
            message=r["message"],
            for_each=dict(r.get("for_each", {})),
            left=tuple(r.get("left", ())),
            right=tuple(r.get("right", ())),
            threshold=r.get("threshold"),
        )
        for r in data.get("rules", [])
    )
    return Template(
        id=data["id"],
        name=data["name"],
        years=years,
        sections=tuple(sections.values()),
        tables={tid: _table(tid, t, sections) for tid, t in data["tables"].items()},
        rules=rules,
        equivalents=tuple(
            Equivalence(e["template"], e["table"], dict(e["columns"]), e["source"]) for e in data.get("equivalents", [])
        ),
    )


@cache
def load(template_id: str) -> Template:
    """The template with this id ("2019" or "2021"); KeyError names the ids that exist."""
    if template_id not in template_ids():
        raise KeyError(f"unknown template {template_id!r}; known: {', '.join(template_ids())}")
    text = resources.files(__package__).joinpath(f"{template_id}.toml").read_text("utf-8")
    return parse_template(tomllib.loads(text))


@cache
def template_ids() -> tuple[str, ...]:
    files = resources.files(__package__).iterdir()
    return tuple(sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml")))


def all_templates() -> list[Template]:
    return [load(t) for t in template_ids()]


def for_year(year: int) -> Template:
    """The template a report on `year` must use (the newest that applies)."""
    matching = [t for t in all_templates() if t.applies_to(year)]
    if not matching:
        return all_templates()[0]
    return max(matching, key=lambda t: t.years[0])
