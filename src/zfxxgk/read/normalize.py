"""Text normalisation shared by every reader: one canonical form so the extractor sees one language.

Reports arrive with full-width digits, ideographic spaces, traditional characters and, when copied from
some sites, pinyin glued after each character (`動(dòng)態(tài)`). All readers call `normalize_text`
on every string they emit, so label matching and number parsing never see these variants.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import opencc

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_CHARS = f"a-zü{_TONED}"
# A pinyin gloss: latin letters (at least one tone mark, or a plain syllable when the text is glossed)
# in parentheses, glued directly to a CJK character. Real parentheses hold CJK text, digits or
# capitalised words, so they never match.
_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])\(([{_PINYIN_CHARS}]{{1,7}})\)")
_HAS_TONE = re.compile(f"[{_TONED}]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000\ufeff]+")
_NOT_ALNUM = re.compile(r"[\W_]+")


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def strip_pinyin(text: str) -> str:
    """Remove pinyin glosses; unmarked syllables (`的(de)`) only when the text carries marked ones too."""
    glosses = _GLOSS.findall(text)
    if not glosses:
        return text
    glossed = any(_HAS_TONE.search(g) for g in glosses)
    return _GLOSS.sub(lambda m: "" if glossed or _HAS_TONE.search(m.group(1)) else m.group(0), text)


def to_simplified(text: str) -> str:
    return _converter().convert(text)


@lru_cache(maxsize=1 << 16)
def normalize_text(text: str) -> str:
    """NFKC, pinyin removed, simplified characters, all space variants folded to one space per run.

    Line breaks are kept: readers rely on them for line-level provenance.
    """
    text = unicodedata.normalize("NFKC", text)
    text = strip_pinyin(text)
    if not text.isascii():
        text = to_simplified(text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def compact(text: str) -> str:
    """The key used to match labels: no spaces or punctuation, so `不予公 开` matches `不予公开`."""
    return _NOT_ALNUM.sub("", text)
