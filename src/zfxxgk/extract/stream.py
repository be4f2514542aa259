"""A Document seen as one string, so that one algorithm reads every layout.

Grids, one-cell-per-line tables and tables flattened into running text differ only in where the
separators fall. The extractor therefore concatenates every paragraph and table cell into one string
`text` (units joined by a newline), keeps for every position the unit it came from (for provenance and
for knowing which grid row a blank cell sits in), and a `compact` twin without spaces and punctuation
in which labels are searched.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..model import Document, Paragraph, Provenance

_ALNUM_RUN = re.compile(r"[^\W_]+")
UNITS = "万元|亿元|元|个|件|条|项|次|家|篇|期|人"
NA_TEXTS = frozenset({"-", "—", "–", "--", "——", "/", "\\", "无", "－", "―", "...", "…", "×", "x"})
# Words a cell prints instead of a number: `| 0 | 增 | 25 |` under 上一年项目数量 | 本年增/减 | 处理决定数量 is a
# change without a number and 25 decisions. A word cell is a cell (read like a dash: no value), so the
# number beside it is never taken for its value.
WORD_CELLS = frozenset({"增", "减", "增加", "减少", "持平", "不变", "未变", "无变化"})
# A number as printed (sign, thousands separators, decimals, unit), or a dash standing alone between
# spaces, which space-aligned tables print for an empty cell.
_NUMBER = re.compile(
    rf"(?P<sign>增加|减少|增|减|[+\-])?(?P<num>\d+(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<unit>{UNITS})?"
    r"|(?<!\S)(?P<dash>-{1,3}|—{1,2}|–|/|－|―)(?!\S)"
)
# Longer digit runs are not values (a whole 表三 run together is under 200 digits), and Python refuses to
# convert integers of more than 4300 digits.
MAX_DIGITS = 1000


@dataclass(slots=True)
class Unit:
    """One paragraph or one table cell, located in `Stream.text`."""

    start: int
    end: int
    provenance: Provenance
    row_key: tuple[int, int] | None  # (block, grid row) for table cells, None for paragraphs

    @property
    def is_cell(self) -> bool:
        return self.row_key is not None


@dataclass(slots=True)
class Token:
    """A value as printed: a number (with sign and unit), a blank cell or a dash.

    `digits` is the printed digit string a reading may split when numbers were run together.
    """

    start: int
    end: int
    kind: str  # "number" | "empty" | "na", or "gap" for a cell a reading infers the print left out
    text: str
    value: int | float | None
    unit: str | None
    signed: bool
    unit_index: int
    whole_cell: bool = False  # the entire text of a grid cell: its boundaries are printed, never split

    @property
    def splittable(self) -> bool:
        return self.kind == "number" and not self.signed and "," not in self.text and not self.whole_cell

    @property
    def digits(self) -> str:
        """The printed number without its unit: what a reading may cut into several cells."""
        return self.text[: len(self.text) - len(self.unit)] if self.unit else self.text


_NUMBERING_AFTER = re.compile(r"\s*[.、．]\s*[\u4e00-\u9fff]")


def _is_numbering(raw: str, start: int, end: int) -> bool:
    """`5.要求行政机关…`: a list number in front of a label, not a value (a value glued to a
    numbering, `00000002.其他…`, is longer and is cut at the label instead). Called only for an unsigned
    number of one or two digits without a unit."""
    if start > 0 and raw[start - 1].isdigit():
        return False
    return _NUMBERING_AFTER.match(raw, end) is not None


def parse_number(num: str, sign: str | None) -> int | float:
    clean = num.replace(",", "")
    value: int | float = float(clean) if "." in clean else int(clean)
    return -value if sign in ("-", "减", "减少") else value


class Stream:
    def __init__(self, document: Document) -> None:
        parts: list[str] = []
        units: list[Unit] = []
        pos = 0
        for b, block in enumerate(document.blocks):
            if isinstance(block, Paragraph):
                cells = [(block.text, block.provenance, None)]
            else:
                cells = [
                    (c.text, c.provenance, (b, r)) for r, row in enumerate(block.rows) for c in row if not c.merged
                ]
            for text, prov, key in cells:
                units.append(Unit(pos, pos + len(text), prov, key))
                parts.append(text)
                pos += len(text) + 1
        self.text = "\n".join(parts)
        self.units = units
        self._starts = [u.start for u in units]
        self.compact, self._compact_map = self._build_compact()
        self.tokens = self._tokenize()
        self._token_starts = [t.start for t in self.tokens]

    def _build_compact(self) -> tuple[str, list[int]]:
        """Built run by run rather than character by character: labels are long alphanumeric runs."""
        positions: list[int] = []
        runs: list[str] = []
        for m in _ALNUM_RUN.finditer(self.text):
            positions.extend(range(m.start(), m.end()))
            runs.append(m.group())
        positions.append(len(self.text))
        return "".join(runs), positions

    def to_text(self, compact_index: int) -> int:
        """Position in `text` of a position in `compact` (the end maps past the last character)."""
        return self._compact_map[compact_index]

    def to_compact(self, text_index: int) -> int:
        return bisect_right(self._compact_map, text_index - 1)

    def unit_at(self, index: int) -> int:
        return max(0, bisect_right(self._starts, index) - 1)

    def _tokenize(self) -> list[Token]:
        tokens: list[Token] = []
        for i, unit in enumerate(self.units):
            raw = self.text[unit.start : unit.end]
            stripped = raw.strip()
            if unit.is_cell and (not stripped or stripped in NA_TEXTS or stripped in WORD_CELLS):
                kind = "empty" if not stripped else "na"
                tokens.append(Token(unit.start, unit.end, kind, stripped, None, None, False, i))
                continue
            for m in _NUMBER.finditer(raw):
                sign, num, unit_text, dash = m.groups()
                start, end = m.span()
                if dash:
                    tokens.append(Token(unit.start + start, unit.start + end, "na", dash, None, None, False, i))
                    continue
                if len(num) > MAX_DIGITS or (len(num) <= 2 and not sign and not unit_text and _is_numbering(raw, start, end)):
                    continue
                text = m.group()
                tokens.append(
                    Token(
                        unit.start + start,
                        unit.start + end,
                        "number",
                        text,
                        parse_number(num, sign),
                        unit_text,
                        sign is not None,
                        i,
                        unit.is_cell and text == stripped,
                    )
                )
        return tokens

    def tokens_between(self, start: int, end: int) -> list[Token]:
        """Tokens inside text[start:end]; a digit run crossing `end` (glued to the next row's number,
        `00000002.其他…`) is cut there."""
        lo = bisect_right(self._token_starts, start - 1)
        hi = bisect_right(self._token_starts, end - 1)
        out: list[Token] = []
        for t in self.tokens[lo:hi]:
            if t.end <= end:
                out.append(t)
            elif t.splittable and "." not in t.text and t.unit is None:
                text = t.text[: end - t.start]
                out.append(Token(t.start, end, t.kind, text, parse_number(text, None), None, False, t.unit_index))
        return out

    def row_of(self, token: Token) -> tuple[int, int] | None:
        """The grid row a token was printed in (None outside grids)."""
        return self.units[token.unit_index].row_key

    def same_row_blanks(self, tokens: list[Token], anchor_unit: int | None) -> list[Token]:
        """The blank cells among `tokens` that sit in a grid row holding a value or the row's label:
        blanks elsewhere are layout, not empty values."""
        keys = {self.units[t.unit_index].row_key for t in tokens if t.kind != "empty"}
        if anchor_unit is not None:
            keys.add(self.units[anchor_unit].row_key)
        keys.discard(None)
        return [t for t in tokens if t.kind == "empty" and self.units[t.unit_index].row_key in keys]

    def provenance(self, token: Token) -> Provenance:
        unit = self.units[token.unit_index]
        base = unit.provenance
        line = base.line
        if line is not None and not unit.is_cell:
            line += self.text.count("\n", unit.start, token.start)
        return Provenance(
            text=token.text,
            line=line,
            page=base.page,
            table=base.table,
            row=base.row,
            column=base.column,
            bbox=base.bbox if unit.is_cell else None,
            confidence=base.confidence,
        )
