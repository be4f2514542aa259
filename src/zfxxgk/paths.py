"""PATH arguments → files: named files, files below folders (recursively), glob matches.

Every command and the library's `ingest` take the same PATH arguments, so notebooks can pass a folder.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable
from pathlib import Path


def _below(folder: Path) -> list[Path]:
    """Files under a folder, in name order, skipping hidden files and folders (.git, .DS_Store)."""
    return [p for p in sorted(folder.rglob("*")) if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)]


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Every file the arguments name, in argument order; a path that does not exist is kept, to fail later."""
    out: list[Path] = []
    for raw in paths:
        text = str(raw)
        matches = [Path(p) for p in sorted(glob.glob(text, recursive=True))] if glob.has_magic(text) else [Path(text)]
        for path in matches:
            out.extend(_below(path) if path.is_dir() else [path])
    return out
