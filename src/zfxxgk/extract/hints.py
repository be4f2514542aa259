"""Numbers the prose states about a row (`现行有效行政规范性文件698件`): evidence for how a run of
digits printed in the table splits, used only when the rules cannot decide."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..read.normalize import compact
from .stream import Stream

_SENTENCE_END = re.compile(r"[。；;！!？?\n]")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    key: str  # compact text


class ProseHints:
    def __init__(self, stream: Stream) -> None:
        self.stream = stream

    @cached_property
    def sentences(self) -> list[Sentence]:
        out: list[Sentence] = []
        for unit in self.stream.units:
            if unit.is_cell:
                continue
            start = unit.start
            for m in _SENTENCE_END.finditer(self.stream.text, unit.start, unit.end):
                out.append(Sentence(start, m.start(), compact(self.stream.text[start : m.start()])))
                start = m.end()
            if start < unit.end:
                out.append(Sentence(start, unit.end, compact(self.stream.text[start : unit.end])))
        return out

    def numbers_about(self, keys: tuple[str, ...], outside: tuple[int, int] | None) -> frozenset[int | float]:
        """Values stated in sentences naming the label, except within the table itself."""
        found: set[int | float] = set()
        for sentence in self.sentences:
            if outside and sentence.start < outside[1] and sentence.end > outside[0]:
                continue
            if any(k in sentence.key for k in keys):
                found.update(
                    t.value for t in self.stream.tokens_between(sentence.start, sentence.end) if t.value is not None
                )
        return frozenset(found)
