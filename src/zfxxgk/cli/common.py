"""What every command shares: consoles, the one-line error format, progress over many files."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

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
