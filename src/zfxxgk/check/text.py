"""The narrative as the text checks read it: one canonical form, cut into sentences.

Reports wrap lines anywhere (`财政信息 4` / `条`), space digits from words (`申请 34 件`) and write counts
in Chinese numerals (`五十二件`). The phrase data is written once against a form where none of that
varies, and findings quote that form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


from ..model import Report
from ..read.normalize import compact, normalize_text

_CN_COUNT = re.compile(r"[零〇一二两三四五六七八九十百千万]+(?=(?:件|条|起|个|宗|例|份|项|次|篇|家|人|场|期|批))")
_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"[^。!?！？]+[。!?！？]?")
_DATE = re.compile(r"^20\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_SIGNATURE = re.compile(r"^[\u4e00-\u9fff]{2,30}(?:办事处|人民政府|办公室|办公厅|政府|局|委员会|委|办|街道|镇|乡|中心)$")


def _arabic(match: re.Match[str]) -> str:
    import cn2an  # slower to import than a report is to check: only when a Chinese numeral is printed

    try:
        return str(cn2an.cn2an(match.group(0), "smart"))
    except ValueError:
        return match.group(0)


def _join(match: re.Match[str]) -> str:
    """Whitespace goes, except between two digits, where it keeps two numbers apart."""
    text, start, end = match.string, match.start(), match.end()
    between_digits = start > 0 and end < len(text) and text[start - 1].isdigit() and text[end].isdigit()
    return " " if between_digits else ""


@lru_cache(maxsize=256)
def prepare(text: str) -> str:
    """Normalised text with line breaks and spaces dropped and Chinese-numeral counts as digits.

    Cached: several checks read the same sections, and preparing is most of their cost."""
    text = _SPACE.sub(_join, normalize_text(text))
    return _CN_COUNT.sub(_arabic, text)


def sentences(text: str) -> list[str]:
    """Sentences of prepared text, each with its closing mark."""
    return [s for s in (m.group(0) for m in _SENTENCE.finditer(text)) if s.strip()]


@dataclass(frozen=True, slots=True)
class Sentence:
    section: str
    text: str
    before: str  # the sentence before it in the same section, for context

    @property
    def context(self) -> str:
        return self.before + self.text


def report_sentences(report: Report) -> list[Sentence]:
    """Every sentence of every narrative section, in section order."""
    out: list[Sentence] = []
    for section, text in report.narrative.items():
        previous = ""
        for sentence in sentences(prepare(text)):
            out.append(Sentence(section, sentence, previous))
            previous = sentence
    return out


def body(text: str) -> str:
    """A section's own words: the closing signature and date printed after the last section go."""
    lines = [line.strip() for line in normalize_text(text).split("\n")]
    kept = [line for line in lines if line and not _DATE.match(line) and not _SIGNATURE.match(compact(line))]
    return "\n".join(kept)
