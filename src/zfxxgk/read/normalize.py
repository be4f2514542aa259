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
# PDF fonts often map a glyph to a CJK radical (U+2E80–U+2EFF) instead of the character it draws: text
# extracted from them reads `人⺠政府`, `首⻚`. NFKC folds the Kangxi radicals (U+2F00–) but not these;
# each is mapped to its equivalent unified ideograph (Unicode's EquivalentUnifiedIdeograph.txt).
_RADICALS = str.maketrans(
    dict(
        zip(
            "⺁⺅⺆⺇⺊⺎⺏⺐⺒⺓⺕⺖⺗⺘⺙⺛⺜⺝⺞⺠⺡⺢⺣⺤⺦⺨⺩⺪⺫⺬⺭⺮⺯⺰⺲⺳⺹⺺⺻⺼⺽⺾⺿⻀⻁⻂⻃⻄⻅⻆⻈⻉⻋⻌⻍⻎⻏⻐⻑⻒⻓⻔⻖⻗⻘⻙⻚⻛⻜⻝⻟⻠⻡⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻲",
            "厂亻冂几卜兀尣尢巳幺彐忄心扌攵旡日月歺民氵氺灬爫丬犭王疋目示礻竹糹纟罒罓耂肀聿月臼艹艹艹虎衤覀西见角讠贝车辶辶辶阝钅長镸长门阝雨青韦页风飞食飠饣首马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙亀",
            strict=True,
        )
    )
)


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
    """NFKC, radicals as characters, pinyin removed, simplified characters, one space per run of spaces.

    Line breaks are kept: readers rely on them for line-level provenance.
    """
    text = unicodedata.normalize("NFKC", text)
    text = strip_pinyin(text)
    if not text.isascii():
        text = to_simplified(text.translate(_RADICALS))
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def compact(text: str) -> str:
    """The key used to match labels: no spaces or punctuation, so `不予公 开` matches `不予公开`."""
    return _NOT_ALNUM.sub("", text)
