"""What every command shares: consoles, the one-line error format, progress over many files, findings."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..check.presentation import quotes
from ..model import Finding, Provenance, Report, Severity
from ..reasons import in_chinese
from .i18n import LANGUAGE, _

T = TypeVar("T")

# Piped output is read by people in editors and by tests: wide enough that labels never wrap.
stdout = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)
stderr = Console(stderr=True, soft_wrap=True)


def error(path: Path | str, reason: str) -> None:
    """The one-line error format: `zfxxgk: FILE: reason` (markup in either is printed as written:
    `pip install "zfxxgk[ocr]"` keeps its extra)."""
    _print_error(f"{path}: {in_language(reason)}")


def error_line(message: str, suffix: str = "") -> None:
    """`zfxxgk: message` on stderr, in red, then `suffix` (already in the CLI's language); the message is
    data, never Rich markup."""
    _print_error(in_language(message) + suffix)


def _print_error(message: str) -> None:
    stderr.print(f"[red]zfxxgk: {escape(message)}[/red]", highlight=False)


def in_language(reason: str) -> str:
    """A library's reason in the CLI's language: the readers and the store give theirs in English (the
    database keeps them so), shown in Chinese unless English was asked for; a message the table of
    reasons does not know (the CLI's own, already translated, or a new one) is shown as written."""
    if LANGUAGE == "en":
        return reason
    chinese = in_chinese(reason)
    return reason if chinese == f"无法处理：{reason}" else chinese


def styled(style: str, text: str) -> str:
    """Text in a Rich style, the text itself printed as written (it may come from data)."""
    return f"[{style}]{escape(text)}[/{style}]"


def grouped(rows: Iterable[T], parent: Callable[[T], str | None]) -> Iterator[tuple[str | None, T]]:
    """Each row with the group heading to print above it, once per group: 表三's （三）不予公开 before its
    numbered rows, so that two rows never both read only "1.…"."""
    last = None
    for row in rows:
        heading = parent(row)
        yield (heading if heading and heading != last else None), row
        last = heading


def shown(value: object) -> str:
    """A value in a message: a blank cell as 空白 (never Python's None), a list as 1、2."""
    if value is None:
        return _("空白")
    if isinstance(value, (list, tuple)):
        return "、".join(shown(v) for v in value)
    return str(value)


def progress_over(paths: list[Path], label: str) -> Iterator[Path]:
    """Yield the paths, with a progress bar on stderr when there are several and stderr is a terminal."""
    if len(paths) < 2 or not stderr.is_terminal:
        yield from paths
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=stderr, transient=True) as bar:
        task = bar.add_task(label, total=len(paths))
        for path in paths:
            yield path
            bar.advance(task)


def _place(p: Provenance) -> str | None:
    if p.page:
        return _("第{page}页").format(page=p.page)
    if p.line:
        return _("第{line}行").format(line=p.line)
    if p.table is not None and p.row is not None and p.column is not None:  # counted from 0 in the model
        return _("第{table}个表格第{row}行第{column}列").format(table=p.table + 1, row=p.row + 1, column=p.column + 1)
    return None


def _where(finding: Finding) -> str:
    places = [place for p in finding.provenance[:3] if (place := _place(p))]
    return _("，").join(dict.fromkeys(places))


COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
LEVELS = {Severity.ERROR: _("错误"), Severity.WARNING: _("警告"), Severity.INFO: _("提示")}


def print_findings(report: Report, console: Console = stdout) -> None:
    """One block per finding: level, rule and message, then the cells, values, places and text involved."""
    if not report.findings:
        console.print(styled("green", _("✓ 未发现问题")))
        return
    for f in report.findings:
        print_finding_line(f, console)
        details = []
        if f.cells:
            cells = ", ".join(f.cells[:3]) + (f" …(+{len(f.cells) - 3})" if len(f.cells) > 3 else "")
            details.append(_("单元格 {cells}").format(cells=cells))
        if f.expected is not None:
            details.append(_("应为 {expected}，实为 {actual}").format(expected=shown(f.expected), actual=shown(f.actual)))
        if where := _where(f):
            details.append(_("位置 {where}").format(where=where))
        if details:
            console.print("        " + styled("dim", _("；").join(details)), highlight=False)
        for quote in quotes(f)[:2]:
            text = _("原文“{quote}”").format(quote=quote[:160] + ("…" if len(quote) > 160 else ""))
            console.print(f"        [dim]{escape(text)}[/dim]", highlight=False)


def print_finding_line(f: Finding, console: Console = stdout) -> None:
    """Level, rule and message on one line, coloured by level."""
    level = LEVELS[f.severity]
    console.print(f"[{COLOURS[f.severity]}]{level}[/] [bold]{escape(f.rule)}[/bold]  {escape(f.message)}", highlight=False)
