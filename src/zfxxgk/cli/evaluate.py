"""`zfxxgk eval`: measured accuracy against hand-made gold files, and the single-number mutation test.

Anyone can check the "exact" claim on their own reports: write a gold file per report, run this command.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table as RichTable

from ..errors import ZfxxgkError
from ..evaluate import FileScore, MutationScore, Scores, evaluate, mutate_text
from .common import error, in_language, progress_over, shown, stdout
from .i18n import _
from .options import READ_PANEL, ExitCode, Output, command_help, flag

EXIT_BELOW = ExitCode.FINDINGS


def _share(right: int, total: int) -> str:
    return f"{right}/{total} = {right / total:.4f}" if total else _("无")


def _files_table(scores: Scores) -> RichTable:
    grid = RichTable(show_lines=False)
    for name, justify in ((_("文件"), "left"), (_("单元格"), "right"), (_("非零单元格"), "right"), (_("元数据"), "right"), (_("读错"), "left")):
        grid.add_column(name, justify=justify)  # type: ignore[arg-type]
    miss = _("{key} 应为 {gold}，读出 {got}")
    for f in scores.files:
        listed = "；".join(miss.format(key=m.key, gold=shown(m.gold), got=shown(m.got)) for m in f.misses[:3])
        more = f" …(+{len(f.misses) - 3})" if len(f.misses) > 3 and not f.error else ""
        detail = in_language(f.error) if f.error else listed + more
        grid.add_row(escape(f.name), f"{f.cells_right}/{f.cells}", f"{f.nonzero_right}/{f.nonzero}", f"{f.meta_right}/{f.meta}", escape(detail))
    return grid


def _mutation_line(m: MutationScore) -> str:
    n = len(m.mutations)
    placed = _("定位 {count}/{total}").format(count=m.placed, total=n) + (f"（{m.placed / n:.1%}）" if n else "")
    caught = _("查出 {count}/{total}").format(count=m.caught, total=n) + (f"（{m.caught / n:.1%}）" if n else "")
    skipped = _("；{count} 个无法在原文中改动（在数字串中或有歧义）").format(count=len(m.unlocated)) if m.unlocated else ""
    return f"{m.name}：{placed}，{caught}{skipped}"


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
    gold_dir: Annotated[Path, typer.Argument(help=_("金标准文件夹：每份报告一个 <文件名>.json，形如 {\"meta\": {...}, \"cells\": {...}}。"))],
    docs_dir: Annotated[Path, typer.Argument(help=_("报告文件夹（递归查找），按文件名（不含后缀）与金标准对应。"))],
    mutations: Annotated[bool, flag("--mutations", help=_("另对文本报告逐个改动印刷的数字，检验是否定位到正确的单元格并被检查发现。"))] = False,
    minimum: Annotated[float, typer.Option("--min", min=0, max=1, help=_("单元格或元数据准确率低于此比例时退出状态为 1。"))] = 1.0,
    format: Annotated[Output, typer.Option("--format", "-f", help=_("table：逐个文件及总计；json：一个对象。"))] = Output.table,
) -> None:
    for folder in (gold_dir, docs_dir):
        if not folder.is_dir():
            error(folder, _("不是文件夹"))
            raise typer.Exit(ExitCode.USAGE)
    scores = evaluate(gold_dir, docs_dir)
    if not scores.files:
        error(docs_dir, _("未找到与 {gold} 中金标准文件对应的报告文件").format(gold=gold_dir))
        raise typer.Exit(ExitCode.USAGE)
    results: list[MutationScore] = []
    if mutations:
        texts = [docs_dir / f.name for f in scores.files if f.error is None]
        for path in progress_over(texts, "mutations"):
            try:
                results.append(mutate_text(path))
            except ZfxxgkError as exc:
                stdout.print(_("{path}：无法改动：{reason}").format(path=path, reason=getattr(exc, "reason", exc)), markup=False, highlight=False)
    if format is Output.json:
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
            stdout.print(_("{stem}：没有对应的报告文件").format(stem=stem), markup=False, highlight=False)
        for m in results:
            stdout.print(_mutation_line(m), highlight=False)
        line = _("单元格 {cells}（非零 {nonzero}）；元数据 {meta}")
        nonzero = f"{scores.total('nonzero_right')}/{scores.total('nonzero')}"
        cells, meta = _share(scores.total("cells_right"), scores.total("cells")), _share(scores.total("meta_right"), scores.total("meta"))
        stdout.print(line.format(cells=cells, nonzero=nonzero, meta=meta), markup=False, highlight=False)
    if scores.rate("cells") < minimum or scores.rate("meta") < minimum:
        raise typer.Exit(EXIT_BELOW)


EVAL_HELP = command_help(
    _("对照人工核对的金标准文件，逐个文件及总计给出单元格和元数据的准确率。"),
    _("退出状态：0 准确率达到 --min（默认 1.0，即全部正确）；1 低于 --min；2 文件夹有误或未找到对应的报告。"),
    examples=["zfxxgk eval gold/ reports/", "zfxxgk eval gold/ reports/ --mutations --min 0.99"],
)


def register(app: typer.Typer) -> None:
    app.command("eval", help=EVAL_HELP, rich_help_panel=READ_PANEL)(eval_command)
