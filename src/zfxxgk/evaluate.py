"""Measured accuracy: cells and meta against hand-made gold files, and single-number mutations.

The claim is "exact"; these are the measurements behind it, shared by `zfxxgk eval` and the accuracy
benchmark so both report the same figures. Gold files are `{"meta": {...}, "cells": {id: value}}`, scored
as the reference scorer does: only the cells a gold names, meta `agency`/`year`/`template`, an agency
printed shorter or longer counting as right.

A gold file checks the numbers a report happens to print, mostly zeros. The mutation test checks the
property the extractor exists for: change one printed number in the source and exactly that cell must
change, and a check must name it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import ZfxxgkError
from .model import CellKind, CellValue, Report, Severity
from .pipeline import parse_bytes, parse_path

META_KEYS = ("agency", "year", "template")

Number = int | float
Variant = Callable[[str, Number], bytes | None]


@dataclass(frozen=True, slots=True)
class Miss:
    """One scored item that came out wrong: a cell id or `meta.<key>`, what the gold says, what was read."""

    key: str
    gold: Any
    got: Any


@dataclass(slots=True)
class FileScore:
    """One document against its gold; `error` is why it could not be read at all (every item then misses)."""

    name: str
    cells: int = 0
    cells_right: int = 0
    nonzero: int = 0
    nonzero_right: int = 0
    meta: int = 0
    meta_right: int = 0
    misses: list[Miss] = field(default_factory=list)
    error: str | None = None


@dataclass(slots=True)
class Scores:
    files: list[FileScore]
    missing: list[str] = field(default_factory=list)  # gold files without a document

    def total(self, attribute: str) -> int:
        return sum(getattr(f, attribute) for f in self.files)

    def rate(self, attribute: str) -> float:
        """Share right of `cells`, `nonzero` or `meta` (1.0 when there is nothing to score)."""
        total = self.total(attribute)
        return self.total(f"{attribute}_right") / total if total else 1.0


def same_value(gold: Any, got: Any) -> bool:
    if gold is None or got is None:
        return gold is None and got is None
    try:
        return abs(float(gold) - float(got)) < 1e-6
    except (TypeError, ValueError):
        return False


def same_meta(key: str, gold: Any, got: Any) -> bool:
    """Exact, except that an agency may be printed shorter or longer (西园街道 / 晋江市西园街道办事处)."""
    g, o = str(gold).replace(" ", ""), str(got).replace(" ", "")
    return g == o or (key == "agency" and got is not None and len(o) >= 3 and (g in o or o in g))


def score_report(name: str, gold: dict[str, Any], report: Report | None, error: str | None = None) -> FileScore:
    """Score a report (None when the document could not be read) against one gold file."""
    score = FileScore(name, error=error)
    values = report.values() if report is not None else {}
    meta = report.meta.to_json() if report is not None else {}
    for cid, expected in gold.get("cells", {}).items():
        got = values.get(cid, "ABSENT") if report is not None else None
        right = report is not None and same_value(expected, got)
        score.cells += 1
        score.cells_right += right
        if expected not in (None, 0):
            score.nonzero += 1
            score.nonzero_right += right
        if not right:
            score.misses.append(Miss(cid, expected, got))
    for key in META_KEYS:
        expected = gold.get("meta", {}).get(key)
        if expected is None:
            continue
        right = report is not None and same_meta(key, expected, meta.get(key))
        score.meta += 1
        score.meta_right += right
        if not right:
            score.misses.append(Miss(f"meta.{key}", expected, meta.get(key)))
    return score


def pairs(gold_dir: Path, docs_dir: Path) -> Iterator[tuple[Path, Path | None]]:
    """(gold file, document) by file stem; documents are searched below `docs_dir` and a gold file with
    several documents (the same report as .txt and .html) is paired with each."""
    docs: dict[str, list[Path]] = {}
    for path in sorted(p for p in docs_dir.rglob("*") if p.is_file() and p.suffix != ".json"):
        docs.setdefault(path.stem, []).append(path)
    for gold in sorted(gold_dir.glob("*.json")):
        for doc in docs.get(gold.stem, [None]):
            yield gold, doc


def evaluate(gold_dir: str | Path, docs_dir: str | Path) -> Scores:
    """Every document under `docs_dir` that has a gold file in `gold_dir`, parsed and scored."""
    scores = Scores([])
    root = Path(docs_dir)
    for gold_path, doc in pairs(Path(gold_dir), root):
        if doc is None:
            scores.missing.append(gold_path.stem)
            continue
        gold = json.loads(gold_path.read_text("utf-8"))
        name = str(doc.relative_to(root))
        try:
            scores.files.append(score_report(name, gold, parse_path(doc)))
        except ZfxxgkError as exc:
            scores.files.append(score_report(name, gold, None, getattr(exc, "reason", str(exc))))
    return scores


# ------------------------------------------------------------------------------------------- mutations


@dataclass(frozen=True, slots=True)
class Mutation:
    """One printed number changed: did exactly its cell change (`placed`), and did an error finding that
    the unchanged report lacks name it (`caught`)? `stray` lists other cells whose value moved."""

    cell: str
    printed: Number
    changed: Number
    placed: bool
    caught: bool
    stray: tuple[str, ...] = ()


@dataclass(slots=True)
class MutationScore:
    name: str
    mutations: list[Mutation] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)  # cells whose number could not be found in the source
    failed: list[str] = field(default_factory=list)  # cells whose variant could not be read at all

    @property
    def placed(self) -> int:
        return sum(m.placed for m in self.mutations)

    @property
    def caught(self) -> int:
        return sum(m.caught for m in self.mutations)


def changed_value(cell: str, value: Number) -> Number:
    """A different number of the same kind and sign: the magnitude grows by 1…9 (varying by cell)."""
    step = 1 + sum(map(ord, cell)) % 9
    return value - step if value < 0 else value + step


def printed_cells(report: Report) -> list[str]:
    """Cells printed as a number (0 included), in template order: the ones a mutation can change."""
    return [cid for cid, cell in report.cells.items() if cell.value is not None]


def _errors(report: Report) -> set[tuple[str, str]]:
    return {(f.rule, f.message) for f in report.findings if f.severity is Severity.ERROR}


def mutate(original: Report, variant: Variant, name: str, cells: Iterable[str] | None = None) -> MutationScore:
    """Change each cell's number in the source (through `variant`), read it back and judge the result."""
    score = MutationScore(name)
    before = original.values()
    known = _errors(original)
    for cid in printed_cells(original) if cells is None else cells:
        printed = before[cid]
        assert printed is not None, cid
        changed = changed_value(cid, printed)
        data = variant(cid, changed)
        if data is None:
            score.unlocated.append(cid)
            continue
        try:
            report = parse_bytes(data, name)
        except ZfxxgkError:
            score.failed.append(cid)
            continue
        after = report.values()
        moved = tuple(c for c in before if c != cid and not same_value(before[c], after.get(c)))
        placed = same_value(changed, after.get(cid)) and not moved
        caught = any(
            cid in f.cells and (f.rule, f.message) not in known for f in report.findings if f.severity is Severity.ERROR
        )
        score.mutations.append(Mutation(cid, printed, changed, placed, caught, moved))
    return score


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _digits(value: Number, like: str) -> str:
    """`value` printed the way `like` prints numbers (same number of decimals, no separators)."""
    return f"{abs(value):.{len(like.partition('.')[2])}f}"


def _fields(line: str) -> list[tuple[int, int]]:
    """Spans of a line's grid fields, split as the text reader splits them (tabs, else pipes)."""
    body = line.rstrip("\r\n")
    if body.startswith("\t") and "\t" not in body[1:]:
        return [(0, len(body))]  # one cell per line
    if "\t" in body.strip(" "):
        separator, lead, text = "\t", 0, body
    elif body.count("|") >= 2:
        separator, lead, text = "|", len(body) - len(body.lstrip()), body.strip()
    else:
        return [(0, len(body))]
    spans, start = [], lead
    for part in text.split(separator):
        spans.append((start, start + len(part)))
        start += len(part) + 1
    return spans[1:] if separator == "|" and text.startswith("|") else spans


def _locate(line: str, cell: CellValue) -> tuple[int, int] | None:
    """Where in `line` the cell's number is printed: its only standalone occurrence, else the one in the
    grid field its provenance names; None when that is still ambiguous, or when the value is a piece of
    a run of digits (`1077` read as 10, 7, 7), whose cut points the source does not show."""
    assert cell.provenance is not None
    printed = cell.provenance.text
    number = _NUMBER.search(printed)
    if number is None or cell.raw != printed:
        return None
    pattern = re.compile(rf"(?<![\d.,]){re.escape(printed)}(?![\d.,])")
    found = [m.start() for m in pattern.finditer(line)]
    if len(found) > 1 and cell.provenance.column is not None:
        spans = _fields(line)
        if cell.provenance.column < len(spans):
            a, b = spans[cell.provenance.column]
            found = [s for s in found if a <= s < b]
    if len(found) != 1:
        return None
    return found[0] + number.start(), found[0] + number.end()


def text_variant(data: bytes, report: Report) -> Variant:
    """Variants of a text source with one cell's printed number changed, located by its provenance."""
    encoding = report.source.encoding or "utf-8"
    lines = data.decode(encoding).splitlines(keepends=True)

    def variant(cid: str, value: Number) -> bytes | None:
        cell = report.cells[cid]
        if cell.provenance is None or cell.provenance.line is None or not 0 < cell.provenance.line <= len(lines):
            return None
        index = cell.provenance.line - 1
        span = _locate(lines[index], cell)
        if span is None:
            return None
        a, b = span
        line = lines[index]
        changed = lines[:index] + [line[:a] + _digits(value, line[a:b]) + line[b:]] + lines[index + 1 :]
        return "".join(changed).encode(encoding)

    return variant


def mutate_text(path: str | Path, cells: Iterable[str] | None = None) -> MutationScore:
    """The mutation test on a text report: every printed number (or `cells`) changed in turn."""
    p = Path(path)
    data = p.read_bytes()
    original = parse_bytes(data, p.name)
    if original.source.format != "text":
        raise ZfxxgkError(f"mutations are made in text sources only (this is {original.source.format})")
    return mutate(original, text_variant(data, original), p.name, cells)


def with_value(report: Report, cid: str, value: Number) -> Report:
    """A copy of the report with one cell's value replaced (for sources rendered from reports)."""
    cells = dict(report.cells)
    cells[cid] = replace(cells[cid], value=value, kind=CellKind.ZERO if value == 0 else CellKind.NUMBER)
    return replace(report, cells=cells)
