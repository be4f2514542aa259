"""The six sections of a report: where their headings are and what prose belongs to each.

A heading counts only where a heading can stand — after its number (`五、`) or at the start of a line
or cell — because the introduction usually lists every section name in one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..read.normalize import compact
from ..templates import Section, Template
from .stream import Stream

MIN_SIMILARITY = 72


@dataclass(frozen=True, slots=True)
class Heading:
    section: Section
    start: int
    end: int


def _similar(key: str, text: str) -> bool:
    return fuzz.ratio(key, compact(text)[: len(key)]) >= MIN_SIMILARITY


def _numbered(stream: Stream, section: Section, key: str, lo: int) -> Heading | None:
    for m in re.finditer(rf"{section.number}\s*[、.．]\s*", stream.text[lo:]):
        start = lo + m.start()
        body = stream.text[lo + m.end() : lo + m.end() + len(key) * 2 + 8]
        if _similar(key, body):
            return Heading(section, start, lo + m.end() + _span(body, key))
    return None


def _span(body: str, key: str) -> int:
    """Length in `body` of the text covering the first len(key) compact characters."""
    seen = 0
    for i, ch in enumerate(body):
        if compact(ch):
            seen += 1
            if seen == len(key):
                return i + 1
    return len(body)


def _unit_start(stream: Stream, section: Section, key: str, lo: int) -> Heading | None:
    for unit in stream.units:
        if unit.end <= lo or unit.is_cell:
            continue
        text = stream.text[unit.start : unit.end]
        if len(compact(text)) <= len(key) + 4 and _similar(key, text):
            return Heading(section, unit.start, unit.end)
    return None


def find_headings(stream: Stream, template: Template) -> list[Heading]:
    """Headings in document order; a section not found is simply absent from the list."""
    found: list[Heading] = []
    cursor = 0
    for section in template.sections:
        key = compact(section.label)
        heading = _numbered(stream, section, key, cursor) or _unit_start(stream, section, key, cursor)
        if heading is not None:
            found.append(heading)
            cursor = heading.end
    return found


def narrative(stream: Stream, headings: list[Heading], excluded: list[tuple[int, int]]) -> dict[str, str]:
    """Each section's prose: paragraphs between its heading and the next, tables left out."""
    out: dict[str, str] = {}
    for i, heading in enumerate(headings):
        end = headings[i + 1].start if i + 1 < len(headings) else len(stream.text)
        parts: list[str] = []
        for unit in stream.units:
            if unit.is_cell or unit.end <= heading.end or unit.start >= end:
                continue
            a, b = max(unit.start, heading.end), min(unit.end, end)
            for x, y in excluded:
                if x < b and y > a:
                    if x > a:
                        parts.append(stream.text[a:x])
                    a = max(a, y)
            if a < b:
                parts.append(stream.text[a:b])
        text = "\n".join(p.strip() for p in parts if p.strip())
        if text:
            out[heading.section.id] = text
    return out
