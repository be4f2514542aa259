"""`narrative.number_mismatch`: numbers the text states for quantities the tables hold, against the tables.

Precision comes first: a number is compared only where a phrase of `phrases.toml` ties it to one
quantity, no word in the phrase turns it into something else (a change, a subset), and, in a
department's report, the sentence does not speak for the whole jurisdiction. Where two phrases claim the
same number the longer, more specific one wins (`予以公开及部分公开208件` is not `部分公开208件`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import translate
from functools import cache

from ..model import CellKind, Finding, Report
from ..templates import RuleSpec, Template
from .findings import finding, plain
from .meta import is_government
from .phrases import AMOUNT, COUNT, Numbers, Quantity, phrases
from .text import Sentence, report_sentences

# Every phrase captures a count (%N%) or an amount (%AMT%): a sentence holding neither needs only the
# zero phrases ("未收到…申请"), which is most sentences of a report.
_CAPTURABLE = re.compile("|".join(p.replace("(?P<n>", "(?:") for p in (COUNT, AMOUNT)))


@dataclass(frozen=True, slots=True)
class Statement:
    """A number the text states for a quantity, as printed (`text`) and as a value."""

    quantity: Quantity
    text: str
    sentence: Sentence

    @property
    def value(self) -> float:
        return float(self.text)


def _excluded(phrase: str, quantity: Quantity, numbers: Numbers) -> bool:
    return any(word in phrase for word in (*numbers.unless, *quantity.unless))


def _in_sentence(sentence: Sentence, numbers: Numbers) -> list[Statement]:
    claims: dict[tuple[int, int], tuple[int, Statement]] = {}
    zeros: list[Statement] = []
    phrased = _CAPTURABLE.search(sentence.text) is not None
    for quantity in numbers.quantities:
        if quantity.context and not quantity.context.search(sentence.context):
            continue
        for pattern in quantity.phrases if phrased else ():
            for m in pattern.finditer(sentence.text):
                if _excluded(m.group(0), quantity, numbers):
                    continue
                length = m.end() - m.start()
                held = claims.get(m.span("n"))
                if held is None or length > held[0]:
                    claims[m.span("n")] = (length, Statement(quantity, m.group("n"), sentence))
        for pattern in quantity.zero:
            if any(not _excluded(m.group(0), quantity, numbers) for m in pattern.finditer(sentence.text)):
                zeros.append(Statement(quantity, "0", sentence))
    return [s for _, (_, s) in sorted(claims.items())] + zeros


def statements(report: Report, numbers: Numbers | None = None) -> list[Statement]:
    """Every number the narrative states for a table quantity, in text order."""
    numbers = numbers or phrases().numbers
    government = is_government(report)
    out: list[Statement] = []
    for sentence in report_sentences(report):
        if not government and any(word in sentence.text for word in numbers.scope):
            continue
        if any(word in sentence.text for word in numbers.delegated):
            continue
        out.extend(_in_sentence(sentence, numbers))
    return out


@cache
def _glob(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """A reading's glob patterns as one regex, so each cell id is matched once rather than per pattern."""
    return re.compile("|".join(translate(p) for p in patterns))


def reading_sum(report: Report, patterns: tuple[str, ...]) -> tuple[list[str], float] | None:
    """The cells a reading names in this report's template and their sum; None where none was printed."""
    named = _glob(patterns).match
    cells = [cid for cid in report.cells if named(cid)]
    if not cells or all(report.cells[c].kind is CellKind.MISSING for c in cells):
        return None
    return cells, sum(report.cells[c].value or 0 for c in cells)


def _agrees(printed: str, value: float) -> bool:
    """Equal, allowing an amount printed with fewer decimals than the table holds."""
    decimals = len(printed.partition(".")[2])
    return abs(round(value, decimals) - float(printed)) < 1e-9


def number_mismatch(report: Report, template: Template, rule: RuleSpec) -> Iterable[Finding]:
    seen: set[tuple[str, str]] = set()
    for statement in statements(report):
        key = (statement.quantity.id, statement.text)
        readings = [r for r in (reading_sum(report, p) for p in statement.quantity.readings) if r is not None]
        if key in seen or not readings or any(_agrees(statement.text, value) for _, value in readings):
            continue
        seen.add(key)
        cells = list(dict.fromkeys(c for cs, _ in readings for c in cs))
        values = list(dict.fromkeys(plain(v) for _, v in readings))
        expected = values[0] if len(values) == 1 else values
        yield finding(
            rule,
            report,
            cells,
            expected,
            plain(statement.value),
            quotes=(statement.sentence.text,),
            label=statement.quantity.label,
            table="或".join(str(v) for v in values),
        )
