"""`zfxxgk eval`: measured accuracy against hand-made gold files, and the single-number mutation test.

Anyone can check the "exact" claim on their own reports: write a gold file per report, run this command.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table as RichTable

from ..errors import ZfxxgkError
from ..evaluate import FileScore, MutationScore, Scores, evaluate, mutate_text
from .common import error, progress_over, stdout

EXIT_BELOW = 1


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


def _share(right: int, total: int) -> str:
    return f"{right}/{total} = {right / total:.4f}" if total else "—"


def _files_table(scores: Scores) -> RichTable:
    grid = RichTable(show_lines=False)
    for name, justify in (("file", "left"), ("cells", "right"), ("non-zero", "right"), ("meta", "right"), ("misses", "left")):
        grid.add_column(name, justify=justify)  # type: ignore[arg-type]
    for f in scores.files:
        shown = f.error or "; ".join(f"{m.key} gold={m.gold} got={m.got}" for m in f.misses[:3])
        more = f" …(+{len(f.misses) - 3})" if len(f.misses) > 3 and not f.error else ""
        grid.add_row(f.name, f"{f.cells_right}/{f.cells}", f"{f.nonzero_right}/{f.nonzero}", f"{f.meta_right}/{f.meta}", shown + more)
    return grid


def _mutation_line(m: MutationScore) -> str:
    n = len(m.mutations)
    placed = f"placed {m.placed}/{n}" + (f" ({m.placed / n:.1%})" if n else "")
    caught = f"caught {m.caught}/{n}" + (f" ({m.caught / n:.1%})" if n else "")
    skipped = f"; {len(m.unlocated)} not changeable in the source (inside digit runs or ambiguous)" if m.unlocated else ""
    return f"{m.name}: {placed}, {caught}{skipped}"


def _file_json(f: FileScore) -> dict[str, object]:
    return {
        "file": f.name,
        "cells": [f.cells_right, f.cells],
        "nonzero": [f.nonzero_right, f.nonzero],
        "meta": [f.meta_right, f.meta],
        "error": f.error,
        "misses": [{"key": m.key, "gold": m.gold, "got": m.got} for m in f.misses],
    }


def _mutation_json(m: MutationScore) -> dict[str, object]:
    return {
        "file": m.name,
        "mutations": len(m.mutations),
        "placed": m.placed,
        "caught": m.caught,
        "unlocated": len(m.unlocated),
        "not_placed": [{"cell": x.cell, "printed": x.printed, "changed": x.changed, "stray": list(x.stray)} for x in m.mutations if not x.placed],
    }


def eval_command(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold files <stem>.json: {\"meta\": {...}, \"cells\": {...}}.")],
    docs_dir: Annotated[Path, typer.Argument(help="Folder searched (recursively) for the documents, matched to gold files by stem.")],
    mutations: Annotated[bool, typer.Option("--mutations", help="Also change each printed number of the text documents in turn and check it is placed and caught.")] = False,
    minimum: Annotated[float, typer.Option("--min", help="Exit with 1 when cell or meta accuracy is below this share.")] = 1.0,
    format: Annotated[EvalFormat, typer.Option("--format", "-f", help="table: per file and overall; json: one object.")] = EvalFormat.table,
) -> None:
    """Cell and meta accuracy of the documents against their gold files, per file and overall.

    Exit status: 0 when accuracy reaches --min (default 1.0, i.e. every scored item right), 1 otherwise.

    Example: zfxxgk eval gold/ reports/ --mutations
    """
    for folder in (gold_dir, docs_dir):
        if not folder.is_dir():
            error(folder, "not a folder")
            raise typer.Exit(2)
    scores = evaluate(gold_dir, docs_dir)
    results: list[MutationScore] = []
    if mutations:
        texts = [docs_dir / f.name for f in scores.files if f.error is None]
        for path in progress_over(texts, "mutations"):
            try:
                results.append(mutate_text(path))
            except ZfxxgkError as exc:
                stdout.print(f"{path}: no mutations: {getattr(exc, 'reason', exc)}", highlight=False)
    if format is EvalFormat.json:
        data = {
            "files": [_file_json(f) for f in scores.files],
            "missing": scores.missing,
            "cells": [scores.total("cells_right"), scores.total("cells")],
            "nonzero": [scores.total("nonzero_right"), scores.total("nonzero")],
            "meta": [scores.total("meta_right"), scores.total("meta")],
            "mutations": [_mutation_json(m) for m in results],
        }
        print(json.dumps(data, ensure_ascii=False))
    else:
        stdout.print(_files_table(scores))
        for stem in scores.missing:
            stdout.print(f"{stem}: no document", highlight=False)
        for m in results:
            stdout.print(_mutation_line(m), highlight=False)
        stdout.print(
            f"cells {_share(scores.total('cells_right'), scores.total('cells'))} "
            f"(non-zero {scores.total('nonzero_right')}/{scores.total('nonzero')}); "
            f"meta {_share(scores.total('meta_right'), scores.total('meta'))}",
            highlight=False,
        )
    if scores.rate("cells") < minimum or scores.rate("meta") < minimum:
        raise typer.Exit(EXIT_BELOW)


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
