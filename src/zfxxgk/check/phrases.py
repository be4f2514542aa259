"""The text checks' knowledge of report wording, loaded from `phrases.toml` beside this module.

Phrasings vary from report to report; keeping them as data lets a reviewer who meets a new wording add
it to the file, with a test, and no evaluator changes.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

COUNT = r"(?<![\d.])(?P<n>\d+)(?:件|宗|个|例|份|起)"
AMOUNT = r"(?<![\d.])(?P<n>\d+(?:\.\d+)?)万元"
_MACRO = re.compile(r"%([A-Z]+)%")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity the tables hold and the ways the text states it."""

    id: str
    label: str
    readings: tuple[tuple[str, ...], ...]
    phrases: tuple[re.Pattern[str], ...]
    zero: tuple[re.Pattern[str], ...]
    context: re.Pattern[str] | None
    unless: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Numbers:
    scope: tuple[str, ...]
    delegated: tuple[str, ...]
    unless: tuple[str, ...]
    quantities: tuple[Quantity, ...]


@dataclass(frozen=True, slots=True)
class Percent:
    item: re.Pattern[str]
    share: re.Pattern[str]
    subject: re.Pattern[str]
    among: tuple[str, ...]
    window: int


@dataclass(frozen=True, slots=True)
class Deadline:
    kind: str
    pattern: re.Pattern[str]
    month: int
    day: int


@dataclass(frozen=True, slots=True)
class Sections:
    required: tuple[str, ...]
    nil: re.Pattern[str]
    fees_cells: tuple[str, ...]
    fees_section: str
    fees_words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Duplicate:
    threshold: float
    shingle: int
    num_perm: int
    min_chars: int
    sections: tuple[str, ...]
    boilerplate: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class Phrases:
    numbers: Numbers
    percent: Percent
    deadlines: tuple[Deadline, ...]
    sections: Sections
    duplicate: Duplicate


def expand(pattern: str, words: dict[str, str]) -> str:
    """Replace %NAME% macros (words may use other words) until none is left."""
    for _ in range(5):
        expanded = _MACRO.sub(lambda m: words[m.group(1)], pattern)
        if expanded == pattern:
            return expanded
        pattern = expanded
    raise ValueError(f"macros nest too deep in {pattern!r}")


def _quantity(d: dict[str, Any], words: dict[str, str]) -> Quantity:
    def compile_all(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(expand(p, words)) for p in d.get(key, ()))

    return Quantity(
        id=d["id"],
        label=d["label"],
        readings=tuple(tuple(r) for r in d["readings"]),
        phrases=compile_all("phrases"),
        zero=compile_all("zero"),
        context=re.compile(expand(d["context"], words)) if "context" in d else None,
        unless=tuple(d.get("unless", ())),
    )


def parse_phrases(data: dict[str, Any]) -> Phrases:
    """Build the compiled phrase data from its TOML structure (tests use variants of it)."""
    words = {**data["words"], "N": COUNT, "AMT": AMOUNT, "UNITS": data["percent"]["units"]}
    numbers, percent, sections, dup = data["numbers"], data["percent"], data["sections"], data["duplicate"]
    return Phrases(
        numbers=Numbers(
            scope=tuple(numbers["scope"]),
            delegated=tuple(numbers.get("delegated", ())),
            unless=tuple(numbers["unless"]),
            quantities=tuple(_quantity(q, words) for q in numbers["quantity"]),
        ),
        percent=Percent(
            item=re.compile(expand(percent["item"], words)),
            share=re.compile(expand(percent["share"], words)),
            subject=re.compile(expand(percent["subject"], words)),
            among=tuple(percent["among"]),
            window=int(percent["window"]),
        ),
        deadlines=tuple(Deadline(d["kind"], re.compile(d["pattern"]), d["month"], d["day"]) for d in data["deadline"]),
        sections=Sections(
            required=tuple(sections["required"]),
            nil=re.compile(sections["nil"]),
            fees_cells=tuple(sections["fees_cells"]),
            fees_section=sections["fees_section"],
            fees_words=tuple(sections["fees_words"]),
        ),
        duplicate=Duplicate(
            threshold=float(dup["threshold"]),
            shingle=int(dup["shingle"]),
            num_perm=int(dup["num_perm"]),
            min_chars=int(dup["min_chars"]),
            sections=tuple(dup["sections"]),
            boilerplate=tuple(re.compile(p) for p in dup["boilerplate"]),
        ),
    )


@cache
def phrases() -> Phrases:
    text = resources.files(__package__).joinpath("phrases.toml").read_text("utf-8")
    return parse_phrases(tomllib.loads(text))
