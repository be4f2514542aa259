"""`zfxxgk ingest | reports | export | compare | aggregate | correct | reprocess`: the report database.

Each command opens the database (`--db URL`, else $ZFXXGK_DB, else ./zfxxgk.db), calls one method of
`zfxxgk.store.Store`, and prints the result; library errors become one-line messages.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable
from rich.text import Text

from ..check import CheckConfig
from ..errors import ZfxxgkError
from ..model import Finding, Severity
from ..templates import load
from .common import error, stderr, stdout

if TYPE_CHECKING:  # the store (SQLAlchemy, Alembic) loads only when a store command runs
    from ..store import Aggregate, Comparison, IngestOutcome, IngestSummary, Store

EXIT_FAILED = 2

DbOpt = Annotated[
    Optional[str],
    typer.Option("--db", help="Database: a SQLite file or a URL such as postgresql+psycopg://user@host/db. Default: $ZFXXGK_DB, else ./zfxxgk.db."),
]
WorkersOpt = Annotated[Optional[int], typer.Option("--workers", "-w", min=1, help="Parallel parsers (default: the number of cores).")]
SchedulerOpt = Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address, with --executor dask (e.g. tcp://10.0.0.5:8786).")]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="TOML file that switches rules off or re-levels them.")]


class ExecutorChoice(str, Enum):
    process = "process"
    dask = "dask"


class ExportFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"
    jsonl = "jsonl"


class Shape(str, Enum):
    wide = "wide"
    long = "long"


class Output(str, Enum):
    table = "table"
    json = "json"


ExecutorOpt = Annotated[ExecutorChoice, typer.Option("--executor", help="process: a pool on this machine; dask: a Dask cluster (needs the dask extra).")]


@contextmanager
def open_store(db: str | None, config: Path | None = None) -> Iterator[Store]:
    """The open store; a library error ends the command with its message and status 2."""
    from ..store import Store

    try:
        with Store.open(db, CheckConfig.from_file(config) if config else None) as store:
            yield store
    except ZfxxgkError as exc:
        stderr.print(f"[red]zfxxgk: {exc}[/red]", highlight=False)
        raise typer.Exit(EXIT_FAILED) from exc


class _Rate(ProgressColumn):
    """Files per second so far (Rich's own speed column estimates only over the last seconds)."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0
        return Text(f"{task.completed / elapsed:.1f} files/s" if elapsed else "", style="cyan")


@contextmanager
def _progress(label: str, total: int | None) -> Iterator[Callable[[IngestOutcome], None]]:
    """A bar with files/s and a running error count; the callback advances it by one outcome."""
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), _Rate(), TextColumn("[red]{task.fields[errors]} failed"), TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True, disable=not stderr.is_terminal) as bar:
        task = bar.add_task(label, total=total, errors=0)
        failed = 0

        def advance(outcome: IngestOutcome) -> None:
            nonlocal failed
            failed += outcome.status == "failed"
            bar.update(task, advance=1, errors=failed)

        yield advance


def _summary(summary: IngestSummary, verbs: dict[str, str]) -> None:
    """Counts, rate, then every failure with its file and reason; exit 2 if any file failed."""
    counts = summary.counts
    parts = [f"{counts[k]} {verb}" for k, verb in verbs.items()]
    stdout.print(f"{', '.join(parts)} — {len(summary.outcomes)} files in {summary.seconds:.1f} s ({summary.rate:.1f} files/s)", highlight=False)
    for outcome in summary.failures:
        error(outcome.path, outcome.reason or "unknown error")
    if summary.failures:
        raise typer.Exit(EXIT_FAILED)


def ingest(
    paths: Annotated[list[str], typer.Argument(help="Report files, folders (read recursively) or glob patterns.")],
    db: DbOpt = None,
    workers: WorkersOpt = None,
    executor: ExecutorOpt = ExecutorChoice.process,
    scheduler: SchedulerOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Read reports into the database: the same file twice is stored once; a newer file for the same
    agency and year becomes a new version (the old one is kept). Bad files are listed, never fatal.

    Example: zfxxgk ingest --db reports.db --workers 4 2023年报/
    """
    from ..paths import expand

    files = expand(paths)
    with open_store(db, config) as store, _progress("ingest", len(files)) as advance:
        summary = store.ingest_files(files, workers, executor.value, scheduler, advance)
    _summary(summary, {"new": "new", "updated": "updated", "unchanged": "unchanged", "failed": "failed"})


def reprocess(
    db: DbOpt = None,
    workers: WorkersOpt = None,
    executor: ExecutorOpt = ExecutorChoice.process,
    scheduler: SchedulerOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Re-read every stored report (and failed file) that an older extractor or older rules produced,
    from the stored original. Corrections are kept.

    Example: pip install -U zfxxgk && zfxxgk reprocess
    """
    with open_store(db, config) as store, _progress("reprocess", None) as advance:
        summary = store.reprocess(workers, executor.value, scheduler, advance)
    _summary(summary, {"updated": "re-read", "new": "now readable", "failed": "failed"})


def reports(
    db: DbOpt = None,
    year: Annotated[Optional[int], typer.Option("--year", help="Only this year.")] = None,
    agency: Annotated[Optional[str], typer.Option("--agency", help="Only this agency (any of its names).")] = None,
    errors: Annotated[bool, typer.Option("--errors", help="Only reports with error findings.")] = False,
    history: Annotated[bool, typer.Option("--history", help="Include superseded versions.")] = False,
) -> None:
    """List stored reports with their ids (for `zfxxgk correct`) and finding counts.

    Example: zfxxgk reports --year 2023 --errors
    """
    with open_store(db) as store:
        rows = store.list_reports(year, agency, None, True if errors else None, "agency", history)
    grid = RichTable("id", "机关", "年度", "模板", "版本", "错误", "警告", "更正", "文件")
    for r in rows:
        version = f"{r.version}{'' if r.current else ' (旧)'}"
        grid.add_row(str(r.id), r.agency, str(r.year), r.template, version, str(r.errors), str(r.warnings), str(r.corrections), r.path)
    stdout.print(grid)


def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv (UTF-8 with BOM, opens in Excel), xlsx, parquet or jsonl.")],
    db: DbOpt = None,
    shape: Annotated[Shape, typer.Option("--shape", help="wide: a row per report, a column per cell; long: a row per cell.")] = Shape.wide,
    year: Annotated[Optional[int], typer.Option("--year", help="Only this year.")] = None,
) -> None:
    """Export the current reports, with reviewers' corrections applied (a column names corrected cells).

    Example: zfxxgk export --format parquet -o reports.parquet
    """
    with open_store(db) as store:
        rows = store.export(output, format.value, shape.value, year)
    stdout.print(f"{rows} rows written to {output}", highlight=False)


def _number(value: Any) -> str:
    return "·" if value is None else str(value)


def _findings(findings: list[Finding]) -> None:
    colour = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
    for f in findings:
        stdout.print(f"[{colour[f.severity]}]{f.severity.value:7}[/] [bold]{f.rule}[/bold]  {f.message}", highlight=False)


def _comparison_json(c: Comparison) -> dict[str, Any]:
    return {
        "agency": c.agency,
        "years": [c.year_a, c.year_b],
        "reports": [c.report_a.id, c.report_b.id],
        "cells": [{"cell": x.cell, "label": x.label, "a": x.a, "b": x.b, "change": x.change, "ratio": x.ratio} for x in c.cells],
        "findings": [f.to_json() for f in c.findings],
    }


def compare(
    agency: Annotated[str, typer.Argument(help="Agency name (any spelling the reports used).")],
    year_a: Annotated[int, typer.Argument(help="First year.")],
    year_b: Annotated[int, typer.Argument(help="Second year.")],
    db: DbOpt = None,
    changed: Annotated[bool, typer.Option("--changed", help="Only cells whose value changed.")] = False,
    format: Annotated[Output, typer.Option("--format", "-f", help="table or json.")] = Output.table,
) -> None:
    """One agency's two years side by side: each cell, the change and the ratio, and the cross-year
    checks (上年结转 = 上年结转下年度; 现行有效件数).

    Example: zfxxgk compare 西园街道 2022 2023 --changed
    """
    with open_store(db) as store:
        result = store.compare(agency, year_a, year_b)
    if format is Output.json:
        print(json.dumps(_comparison_json(result), ensure_ascii=False))
        return
    grid = RichTable(title=f"{result.agency}：{year_a} → {year_b}")
    for name, justify in (("单元格", "left"), (str(year_a), "right"), (str(year_b), "right"), ("变化", "right"), ("比值", "right")):
        grid.add_column(name, justify=justify)  # type: ignore[arg-type]
    for x in result.cells:
        if (x.a is None and x.b is None) or (changed and x.change == 0):
            continue
        grid.add_row(x.label, _number(x.a), _number(x.b), _number(x.change), _number(x.ratio))
    stdout.print(grid)
    _findings(result.findings)


def _aggregate_json(a: Aggregate) -> dict[str, Any]:
    return {
        "year": a.year,
        "template": a.template,
        "totals": a.totals.values(),
        "findings": [f.to_json() for f in a.totals.findings],
        "included": [{"report": r.id, "agency": r.agency} for r in a.included],
        "missing": a.missing,
        "other_template": [r.id for r in a.other_template],
    }


def _read_names(path: Path) -> list[str]:
    lines = path.read_text("utf-8-sig").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def aggregate(
    year: Annotated[int, typer.Option("--year", help="The year to sum.")],
    db: DbOpt = None,
    agency_prefix: Annotated[Optional[str], typer.Option("--agency-prefix", help="Sum agencies whose name starts with this (e.g. 晋江市).")] = None,
    agencies: Annotated[Optional[Path], typer.Option("--agencies", help="Text file, one agency per line: sum these and name the missing ones.")] = None,
    format: Annotated[Output, typer.Option("--format", "-f", help="table or json.")] = Output.table,
) -> None:
    """A jurisdiction's totals for one year, with the 勾稽 checks run on the sums.

    Example: zfxxgk aggregate --year 2023 --agencies 晋江市机关.txt
    """
    if agency_prefix and agencies:
        raise typer.BadParameter("use --agency-prefix or --agencies, not both")
    names = _read_names(agencies) if agencies else None
    with open_store(db) as store:
        result = store.aggregate(year, agency_prefix, names)
    if format is Output.json:
        print(json.dumps(_aggregate_json(result), ensure_ascii=False))
        return
    stdout.print(f"{year}年：{len(result.included)} 份报告（{result.template} 版格式）", highlight=False)
    for r in result.included:
        note = f"（{r.template} 版格式，只合计相同单元格）" if r in result.other_template else ""
        stdout.print(f"  · {r.agency} [dim]#{r.id}[/dim]{note}", highlight=False)
    for name in result.missing:
        stdout.print(f"  [red]✗ {name}：未入库[/red]", highlight=False)
    labels = {cid: spec.label for cid, spec in load(result.template).cells.items()}
    grid = RichTable("单元格", "合计", title="合计（零值从略）")
    grid.columns[1].justify = "right"
    for cid, value in result.totals.values().items():
        if value:
            grid.add_row(labels[cid], _number(value))
    stdout.print(grid)
    _findings(result.totals.findings)


def correct(
    report: Annotated[int, typer.Argument(help="Report id (see `zfxxgk reports`).")],
    cell: Annotated[str, typer.Argument(help="Cell id, e.g. requests.new.total.")],
    value: Annotated[str, typer.Argument(help="The right value; - for a blank cell.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (kept with the correction).")],
    db: DbOpt = None,
    author: Annotated[Optional[str], typer.Option("--author", help="Who corrects (default: $ZFXXGK_USER or the login name).")] = None,
) -> None:
    """Correct one cell of a stored report; the printed value is kept, and every check re-runs.

    Example: zfxxgk correct 17 requests.new.total 52 --reason "表内印刷错误，按正文更正"
    """
    with open_store(db) as store:
        corrected = store.correct(report, cell, value, reason, author)
    stdout.print(f"#{report} {cell} = {_number(corrected.cells[cell].value)}", highlight=False)
    _findings(corrected.findings)
    if not corrected.findings:
        stdout.print("[green]✓ 未发现问题[/green]")


def register(app: typer.Typer) -> None:
    for command in (ingest, reports, export, compare, aggregate, correct, reprocess):
        app.command()(command)
