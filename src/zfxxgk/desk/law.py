"""The 《政府信息公开条例》 as data (`law.toml`), and the citations a letter makes of it.

A letter that cites the wrong article, or an item that does not exist, is a defective administrative act.
The letters' wording lives in `letters.toml`; each entry names the provisions it relies on and a phrase of
their wording, and `citations`/`wording` let the tests (and a legal reviewer) check every citation a
letter prints against the regulation's own text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import cn2an

TITLE = "《中华人民共和国政府信息公开条例》"
_NUM = "[一二三四五六七八九十百]+"
_PROVISION = f"第({_NUM})条(?:第({_NUM})款)?(?:第（({_NUM})）项)?|第（({_NUM})）项"
_RUN = re.compile(f"(?:{_PROVISION})(?:[、和及](?:{_PROVISION}))*")
_ONE = re.compile(_PROVISION)


@dataclass(frozen=True, slots=True)
class Citation:
    """第`article`条[第`paragraph`款][第（`item`）项]."""

    article: int
    paragraph: int | None = None
    item: int | None = None

    def __str__(self) -> str:
        text = f"第{_cn(self.article)}条"
        if self.paragraph is not None:
            text += f"第{_cn(self.paragraph)}款"
        if self.item is not None:
            text += f"第（{_cn(self.item)}）项"
        return text


def _cn(number: int) -> str:
    return str(cn2an.an2cn(number))


def _int(text: str | None) -> int | None:
    return None if text is None else int(cn2an.cn2an(text, "strict"))


@cache
def _articles() -> dict[int, list[dict[str, Any]]]:
    data = tomllib.loads(resources.files(__package__).joinpath("law.toml").read_text("utf-8"))
    return {int(cn2an.cn2an(a["label"][1:-1], "strict")): a["paragraphs"] for a in data["articles"]}


def citations(text: str) -> list[Citation]:
    """Every provision of the 条例 that `text` cites after naming it (`…条例》第三十六条第（四）项的规定`);
    a bare `第（五）项` after an article continues it. Other laws' articles are not the 条例's."""
    found: list[Citation] = []
    for start in (m.end() for m in re.finditer(re.escape(TITLE), text)):
        run = _RUN.match(text, start)
        if run is None:
            continue
        last: Citation | None = None
        for m in _ONE.finditer(run.group()):
            article, paragraph, item, bare_item = m.groups()
            if article is not None:
                last = Citation(_int(article) or 0, _int(paragraph), _int(item))
            elif last is not None:
                last = Citation(last.article, last.paragraph, _int(bare_item))
            else:
                continue
            found.append(last)
    return found


def wording(citation: Citation) -> str:
    """The text of the cited provision; KeyError when the 条例 has no such article, paragraph or item."""
    paragraphs = _articles()[citation.article]
    if citation.paragraph is not None:
        if not 1 <= citation.paragraph <= len(paragraphs):
            raise KeyError(str(citation))
        chosen = [paragraphs[citation.paragraph - 1]]
    else:
        chosen = paragraphs
    if citation.item is None:
        return "".join(p["text"] + "".join(p.get("items", [])) for p in chosen)
    items = next((p["items"] for p in chosen if p.get("items")), [])
    if not 1 <= citation.item <= len(items):
        raise KeyError(str(citation))
    return items[citation.item - 1]


def unknown(text: str) -> list[str]:
    """The citations in `text` that name no provision of the 条例."""
    out = []
    for c in citations(text):
        try:
            wording(c)
        except KeyError:
            out.append(str(c))
    return out
