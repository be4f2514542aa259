"""What every command shares: turning PATH arguments into files, and printing errors the same way."""

from __future__ import annotations

import glob
import sys
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

# Piped output is read by people in editors and by tests: wide enough that labels never wrap.
stdout = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)
stderr = Console(stderr=True, soft_wrap=True)


def expand(paths: list[str]) -> list[Path]:
    """Files named, files below folders (recursively, hidden ones skipped) and glob matches, in order."""
    out: list[Path] = []
    for raw in paths:
        matches = [Path(p) for p in sorted(glob.glob(raw, recursive=True))] if glob.has_magic(raw) else [Path(raw)]
        for path in matches:
            if path.is_dir():
                out.extend(
                    p for p in sorted(path.rglob("*")) if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            else:
                out.append(path)
    return out


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
