"""Finding the template's labels in a stream, however they are numbered, spaced or abbreviated.

Labels are searched in the compact text (no spaces, no punctuation), so `不予公 开` and `本年新\\n制作数量`
match. A row's printed number (`6.`, `（一）`) is searched separately and claimed by the row: in text
flattened by a crawler, `…10000016.属于四类过程性信息` must give `1000001` to the row above and `6.` to
the label.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from ..read.normalize import compact
from ..templates import TableSpec
from .stream import Stream

_CN_NUM = "一二三四五六七八九十"
_NUMBERING = re.compile(
    rf"^\s*(?:(?P<cn>[{_CN_NUM}]+)\s*[、.．]|[（(]\s*(?P<paren>[{_CN_NUM}\d]+)\s*[)）]|(?P<digit>\d+)\s*[.、．)）])\s*"
)
# The first clause of a long label (`申请人无正当理由逾期不补正`): wrapped layouts print the rest of the
# label after the values, so the head alone must identify the row.
_CLAUSE_BREAK = re.compile(r"[、，,；;]")
MIN_HEAD = 8
MIN_PREFIX = 6
DEBRIS_SHARE = 0.9
PREFIX_SHARE = 0.6
_PARENTHETICAL = re.compile(r"[（(][^（()）]*[)）]")


@dataclass(frozen=True, slots=True)
class LabelSpec:
    """How to find one label: compact variants (longest first) and the number printed before it."""

    keys: tuple[str, ...]
    number: str | None


@dataclass(frozen=True, slots=True)
class Match:
    start: int  # in Stream.text, including a claimed number
    end: int  # in Stream.text, after the label
    key: str
    numbered: bool = False  # the row's printed number (`3.`, `（一）`) was found before the label


def split_numbering(label: str) -> tuple[str | None, str]:
    m = _NUMBERING.match(label)
    if not m:
        return None, label
    return m.group("cn") or m.group("paren") or m.group("digit"), label[m.end() :]


@cache
def label_spec(label: str, aliases: tuple[str, ...] = ()) -> LabelSpec:
    number, _ = split_numbering(label)
    keys: list[str] = []
    for text in (label, *aliases):
        _, body = split_numbering(text)
        head = _CLAUSE_BREAK.split(body, maxsplit=1)[0]
        for variant in (body, _PARENTHETICAL.sub("", body), head if len(head) >= MIN_HEAD else body):
            key = compact(variant)
            if len(key) >= 2 and key not in keys:
                keys.append(key)
    return LabelSpec(tuple(sorted(keys, key=len, reverse=True)), number)


def _claim_number(stream: Stream, label_start: int, number: str | None, floor: int) -> int:
    if number is None:
        return label_start
    window_start = max(floor, label_start - 12)
    before = stream.text[window_start:label_start]
    pattern = rf"(?:[（(]\s*{number}\s*[)）]|{number}\s*[、.．)）])\s*$"
    m = re.search(pattern, before)
    return window_start + m.start() if m else label_start


def _prefixes(key: str) -> list[str]:
    """Ever shorter beginnings of a label, for rows whose label wraps around its values."""
    shortest = max(MIN_PREFIX, math.ceil(len(key) * PREFIX_SHARE))
    return [key[:n] for n in range(len(key) - 1, shortest - 1, -1)]


def _earliest(stream: Stream, keys: tuple[str, ...] | list[str], clo: int, chi: int) -> tuple[int, int, str] | None:
    best: tuple[int, int, str] | None = None
    for key in keys:
        at = stream.compact.find(key, clo, chi)
        if at >= 0 and (best is None or at < best[0] or (at == best[0] and len(key) > len(best[2]))):
            best = (at, at + len(key), key)
    return best


def find_label(stream: Stream, spec: LabelSpec, lo: int, hi: int) -> Match | None:
    """The earliest occurrence of any variant within text[lo:hi] (longest variant on ties); failing
    that, of the longest beginning of the label that is found."""
    clo, chi = stream.to_compact(lo), stream.to_compact(hi)
    best = _earliest(stream, spec.keys, clo, chi)
    if best is None and spec.keys:
        for prefix in _prefixes(spec.keys[0]):
            best = _earliest(stream, [prefix], clo, chi)
            if best is not None:
                break
    if best is None:
        return None
    start = stream.to_text(best[0])
    end = stream.to_text(best[1] - 1) + 1
    claimed = _claim_number(stream, start, spec.number, lo)
    return Match(claimed, end, best[2], numbered=claimed < start)


def find_label_fuzzy(stream: Stream, spec: LabelSpec, lo: int, hi: int, cutoff: float = 86) -> Match | None:
    """A misspelt or truncated label (`本年废纸件数`): best partial alignment of the longest key."""
    key = spec.keys[0]
    if len(key) < 4:
        return None
    clo, chi = stream.to_compact(lo), stream.to_compact(hi)
    window = stream.compact[clo:chi]
    if not window:
        return None
    found = fuzz.partial_ratio_alignment(key, window, score_cutoff=cutoff)
    if found is None:
        return None
    start = stream.to_text(clo + found.dest_start)
    end = stream.to_text(clo + found.dest_end - 1) + 1
    claimed = _claim_number(stream, start, spec.number, lo)
    return Match(claimed, end, key, numbered=claimed < start)


# A label printed with words left out keeps this much of the template's label, and adds almost nothing.
ABRIDGED_MIN_KEY = 8
ABRIDGED_KEPT = 0.6
ABRIDGED_OWN = 0.9
ABRIDGED_HEAD = 2  # and begins as the label does
_DIGIT_FREE = re.compile(r"\D+")


def find_label_abridged(stream: Stream, spec: LabelSpec, lo: int, hi: int) -> Match | None:
    """A label printed with words left out (`5.要求确认或重新出具已获取信息` for `…要求行政机关确认…`),
    which fuzzy matching scores low because the print is shorter: a digit-free run of the window that
    begins as the label does, whose characters are almost all, in order, the label's, and cover most of it."""
    key = spec.keys[0]
    if len(key) < ABRIDGED_MIN_KEY:
        return None
    clo, chi = stream.to_compact(lo), stream.to_compact(hi)
    for run in _DIGIT_FREE.finditer(stream.compact, clo, chi):
        text = run.group()
        if not text.startswith(key[:ABRIDGED_HEAD]):  # the tail of a label wrapped around its values is no label
            continue
        common = LCSseq.similarity(text, key)
        if common >= ABRIDGED_OWN * len(text) and common >= ABRIDGED_KEPT * len(key):
            start = stream.to_text(run.start())
            end = stream.to_text(run.end() - 1) + 1
            claimed = _claim_number(stream, start, spec.number, lo)
            return Match(claimed, end, key, numbered=claimed < start)
    return None


def label_characters(tables: Iterable[TableSpec]) -> frozenset[str]:
    """Every character the tables print in labels, headers and notes."""
    texts: list[str] = []
    for table in tables:
        texts.append(table.note or "")
        for group in table.groups:
            texts += [c.label for c in group.columns] + [c.parent or "" for c in group.columns]
            texts += [t for r in group.rows for t in (r.label, r.parent or "", *r.aliases)]
    return frozenset(compact("".join(texts)))


def is_debris(text: str, label_chars: frozenset[str]) -> bool:
    """Pieces of labels wrapped or shuffled by a PDF converter (`度办`, `理结果`): text made almost
    only of label characters is table furniture, not prose."""
    return sum(ch in label_chars for ch in text) >= DEBRIS_SHARE * len(text)
