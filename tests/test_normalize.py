"""Normalisation properties: pinyin glosses go, real parentheses stay, widths fold, 简体 is a fixed point."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from zfxxgk.read.normalize import compact, normalize_text, strip_pinyin, to_simplified
from zfxxgk.templates import all_templates

SIMPLIFIED = sorted(
    {
        ch
        for t in all_templates()
        for cell in t.cells.values()
        for ch in cell.row.label + cell.column.label
        if "\u4e00" <= ch <= "\u9fff"
    }
)
SYLLABLES = ["dòng", "tài", "kāi", "zhèng", "fǔ", "xìn", "xī", "gōng", "shēn", "qǐng", "de", "le"]
hanzi = st.sampled_from(SIMPLIFIED)


@given(hanzi, st.lists(st.tuples(hanzi, st.sampled_from(SYLLABLES)), max_size=30))
def test_glued_pinyin_is_removed_and_nothing_else(first: str, rest: list[tuple[str, str]]) -> None:
    pairs = [(first, "zhèng"), *rest]
    glossed = "".join(f"{ch}({py})" for ch, py in pairs)
    assert strip_pinyin(glossed) == "".join(ch for ch, _ in pairs)


@given(st.text(alphabet=SIMPLIFIED, min_size=1, max_size=12), st.text(alphabet="ABCXYZ0123456789一二三", min_size=1, max_size=6))
def test_real_parentheses_survive(text: str, inside: str) -> None:
    assert strip_pinyin(f"{text}({inside})") == f"{text}({inside})"


@given(st.integers(min_value=0, max_value=10**9))
def test_full_width_digits_become_ascii(n: int) -> None:
    wide = "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    assert normalize_text(f"{wide}件") == f"{n}件"


@given(st.text(alphabet=SIMPLIFIED, max_size=40))
def test_simplified_text_is_a_fixed_point(text: str) -> None:
    assert to_simplified(text) == text


@given(st.text(alphabet=SIMPLIFIED + [" ", "\u3000", "\u00a0", "\t"], max_size=40))
def test_spaces_never_matter_for_label_keys(text: str) -> None:
    assert compact(normalize_text(text)) == compact(text.replace("\u3000", "").replace("\u00a0", ""))


def test_traditional_with_pinyin_matches_the_simplified_label() -> None:
    assert normalize_text("主動(dòng)公開(kāi)政府信息情況") == "主动公开政府信息情况"


@given(st.text(alphabet=SIMPLIFIED, max_size=20))
def test_radicals_from_pdf_fonts_read_as_their_characters(text: str) -> None:
    """PDF text layers print `人⺠政府` and `首⻚`: the radical code points read as the characters they draw."""
    radicals = {"民": "⺠", "页": "⻚", "门": "⻔", "长": "⻓", "见": "⻅", "车": "⻋", "马": "⻢", "风": "⻛"}
    as_printed = "".join(radicals.get(ch, ch) for ch in text)
    assert normalize_text(as_printed) == normalize_text(text)
    assert normalize_text("海盐县人⺠政府办公室 首⻚ 部⻔ 意⻅") == "海盐县人民政府办公室 首页 部门 意见"
