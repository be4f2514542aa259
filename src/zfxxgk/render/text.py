"""Pages as text: Markdown, and the plain-text table layouts that reports copied from web pages use.

A merged cell prints its text once, in its top left position, and leaves the positions it covers
empty: that is how a merged table reads when copied out of a page or a word processor.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from ..templates.layout import Grid
from .page import Page


class TableStyle(str, Enum):
    PIPES = "pipes"  # | a | b |, with a Markdown rule under the first row
    TABS = "tabs"  # one row per line, cells separated by tabs
    CELLS = "cells"  # one cell per line, each starting with a tab; a blank line ends a row


def _positions(grid: Grid) -> list[list[str]]:
    return [[c.text if c else "" for c in row] for row in grid.matrix()]


def _pipes(grid: Grid) -> list[str]:
    rows = [[t.replace("\n", "") for t in row] for row in _positions(grid)]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    return lines[:1] + ["|" + "---|" * grid.width] + lines[1:]


def _tabs(grid: Grid) -> list[str]:
    return ["\t".join(t.replace("\n", "") for t in row) for row in _positions(grid)]


def _cells(grid: Grid) -> list[str]:
    """A label wrapped over lines keeps its continuation lines untabbed, as copied pages do."""
    lines: list[str] = []
    for row in _positions(grid):
        lines.extend("\t" + text for text in row)
        lines.append("")
    return lines


_TABLES: dict[TableStyle, Callable[[Grid], list[str]]] = {
    TableStyle.PIPES: _pipes,
    TableStyle.TABS: _tabs,
    TableStyle.CELLS: _cells,
}


def page_text(page: Page, style: TableStyle = TableStyle.TABS, markdown: bool = False) -> str:
    """The whole report as text; `markdown` marks the title and headings with `#`."""
    title, heading = ("# ", "## ") if markdown else ("", "")
    lines = [title + page.title, ""]
    for part in page.parts:
        lines += [heading + part.heading, ""]
        for paragraph in part.paragraphs:
            lines += [paragraph, ""]
        for grid in part.grids:
            lines += [*_TABLES[style](grid), ""]
    lines += [*page.closing, ""]
    return "\n".join(lines)


def markdown(page: Page) -> str:
    return page_text(page, TableStyle.PIPES, markdown=True)
