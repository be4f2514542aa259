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
from .labels import is_debris, label_characters
from .stream import Stream

MIN_SIMILARITY = 72
MAX_SIGNATURE = 30
_CLOSING = re.compile(r"(20\d{2}|[〇○零一二三四五六七八九]{4})\s*年.{1,6}月.{1,6}日")
_SIGNED = re.compile(r"(?<=[。；;！!？?])[^。；;！!？?]{0,30}?(?:20\d{2}|[〇○零一二三四五六七八九]{4})\s*年.{1,6}月.{1,6}日\s*$")
_SENTENCE_END = re.compile(r"[。；;！!？?]")
_CRAWLER = re.compile(r"^[\u4e00-\u9fff]{2,6}\s*[:：]|^=+|^页面链接")
_LINKS = re.compile(r"(?:\s*(?:附件下载|相关附件|打印本页|关闭窗口|【打印】|【关闭】))+\s*$")


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


def _prose(stream: Stream, start: int, end: int, excluded: list[tuple[int, int]]) -> list[str]:
    """The paragraphs (not table cells) in text[start:end], with the tables' spans cut out."""
    parts: list[str] = []
    for unit in stream.units:
        if unit.is_cell or unit.end <= start or unit.start >= end:
            continue
        a, b = max(unit.start, start), min(unit.end, end)
        for x, y in excluded:
            if x < b and y > a:
                if x > a:
                    parts.append(stream.text[a:x])
                a = max(a, y)
        if a < b:
            parts.append(stream.text[a:b])
    return [p.strip() for p in parts if p.strip()]


def _without_signature(parts: list[str]) -> list[str]:
    """The closing date, the signature above it and page links are not the section's text."""
    parts = [*parts[:-1], _SIGNED.sub("", _LINKS.sub("", parts[-1])).strip()] if parts else parts
    while parts and (_CLOSING.fullmatch(parts[-1]) or not parts[-1]):
        dated = bool(_CLOSING.fullmatch(parts.pop()))
        if dated and parts and len(parts[-1]) <= MAX_SIGNATURE and not _SENTENCE_END.search(parts[-1]):
            parts.pop()
    return parts


def narrative(
    stream: Stream, template: Template, headings: list[Heading], excluded: list[tuple[int, int]], title: str | None
) -> dict[str, str]:
    """Each section's prose between its heading and the next, and the preamble before the first
    (`intro`, with the 统计期限 sentence); tables, table headers and the signature left out."""
    furniture = label_characters(template.tables.values())
    spans = [("intro", 0, headings[0].start if headings else len(stream.text))]
    spans += [
        (h.section.id, h.end, headings[i + 1].start if i + 1 < len(headings) else len(stream.text))
        for i, h in enumerate(headings)
    ]
    out: dict[str, str] = {}
    for section, start, end in spans:
        parts = _prose(stream, start, end, excluded)
        if section in template.tables:
            parts = [p for p in parts if not is_debris(compact(p), furniture)]
        if section == "intro":
            parts = [p for p in parts if not (title and compact(p) in compact(title)) and not _CRAWLER.match(p)]
        if end == len(stream.text):
            parts = _without_signature(parts)
        if parts:
            out[section] = "\n".join(parts)
    return out
