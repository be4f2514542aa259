"""What every command shares: consoles, the one-line error format, progress over many files, findings."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..check.presentation import quotes
from ..model import Finding, Provenance, Report, Severity

# Piped output is read by people in editors and by tests: wide enough that labels never wrap.
stdout = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)
stderr = Console(stderr=True, soft_wrap=True)


def error(path: Path | str, reason: str) -> None:
    """The one-line error format: `zfxxgk: FILE: reason`."""
    stderr.print(f"[red]zfxxgk: {path}: {reason}[/red]", highlight=False)


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
        return f"第{p.page}页"
    if p.line:
        return f"第{p.line}行"
    if p.table is not None and p.row is not None and p.column is not None:  # counted from 0 in the model
        return f"第{p.table + 1}个表格第{p.row + 1}行第{p.column + 1}列"
    return None


def _where(finding: Finding) -> str:
    places = [place for p in finding.provenance[:3] if (place := _place(p))]
    return "，".join(dict.fromkeys(places))


def print_findings(report: Report, console: Console = stdout) -> None:
    """One block per finding: level, rule and message, then the cells, values, places and text involved."""
    if not report.findings:
        console.print("[green]✓ 未发现问题[/green]")
        return
    colour = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
    for f in report.findings:
        console.print(f"[{colour[f.severity]}]{f.severity.value:7}[/] [bold]{f.rule}[/bold]  {f.message}", highlight=False)
        details = []
        if f.cells:
            shown = ", ".join(f.cells[:3]) + (f" …(+{len(f.cells) - 3})" if len(f.cells) > 3 else "")
            details.append(f"单元格 {shown}")
        if f.expected is not None:
            details.append(f"应为 {f.expected}，实为 {f.actual}")
        if where := _where(f):
            details.append(f"位置 {where}")
        if details:
            console.print(f"        [dim]{'；'.join(details)}[/dim]", highlight=False)
        for quote in quotes(f)[:2]:
            console.print(f"        [dim]原文“{quote[:160]}{'…' if len(quote) > 160 else ''}”[/dim]", highlight=False, markup=True)
