"""`zfxxgk ingest | reports | export | compare | aggregate | correct | reprocess`: the report database.

Each command opens the database (`--db URL` before or after the command name, else $ZFXXGK_DB, else
./zfxxgk.db), calls one method of `zfxxgk.store.Store`, and prints the result; library errors become
one-line messages. Commands that only read refuse a database file that does not exist.
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
from rich.markup import escape
from rich.table import Table as RichTable
from rich.text import Text

from ..errors import ZfxxgkError
from ..model import Finding, Severity
from ..templates import load
from .common import error, error_line, print_finding_line, stderr, stdout, styled
from .i18n import _
from .options import STORE_PANEL, AgencyOpt, ConfigOpt, DbOpt, ExitCode, Output, PathsArg, YearOpt, database, command_help, existing_database, flag, output_option
from .parse import config_or_exit, files_or_exit

if TYPE_CHECKING:  # the store (SQLAlchemy, Alembic) loads only when a store command runs
    from ..store import Aggregate, Comparison, IngestOutcome, IngestSummary, ReportSummary, Store

EXIT_FAILED = ExitCode.USAGE

WorkersOpt = Annotated[Optional[int], typer.Option("--workers", "-w", min=1, help=_("并行读取的进程数（默认：CPU 核数）。"))]
SchedulerOpt = Annotated[Optional[str], typer.Option("--scheduler", help=_("Dask 调度器地址，配合 --executor dask（如 tcp://10.0.0.5:8786）。"))]


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


ExecutorOpt = Annotated[ExecutorChoice, typer.Option("--executor", help=_("process：本机进程池；dask：Dask 集群（需安装 dask 扩展）。"))]


@contextmanager
def open_store(db: str | None, config: Path | None = None, read_only: bool = False) -> Iterator[Store]:
    """The open store; a library error ends the command with its message and status 2. A command that
    only reads (`read_only`) refuses a SQLite file that does not exist instead of creating it empty."""
    from ..store import Store

    settings = config_or_exit(config) if config else None
    url = existing_database(db) if read_only else database(db)
    try:
        with Store.open(url, settings) as store:
            yield store
    except ZfxxgkError as exc:
        error_line(str(exc))
        raise typer.Exit(EXIT_FAILED) from None


class _Rate(ProgressColumn):
    """Files per second so far (Rich's own speed column estimates only over the last seconds)."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0
        return Text(_("{rate:.1f} 个文件/秒").format(rate=task.completed / elapsed) if elapsed else "", style="cyan")


@contextmanager
def _progress(label: str, total: int | None) -> Iterator[Callable[[IngestOutcome], None]]:
    """A bar with files/s and a running error count; the callback advances it by one outcome."""
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), _Rate(), TextColumn("[red]{task.fields[errors]} " + _("失败")), TimeElapsedColumn())
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
    parts = [f"{verb} {counts[k]}" for k, verb in verbs.items()]
    line = _("{counts} — 共 {files} 个文件，用时 {seconds:.1f} 秒（每秒 {rate:.1f} 个）")
    stdout.print(
        line.format(counts="，".join(parts), files=len(summary.outcomes), seconds=summary.seconds, rate=summary.rate),
        markup=False,
        highlight=False,
    )
    for outcome in summary.failures:
        error(outcome.path, outcome.reason or _("原因不明"))
    if summary.failures:
        raise typer.Exit(EXIT_FAILED)


INGEST_VERBS = {"new": _("新增"), "updated": _("更新"), "unchanged": _("未变"), "failed": _("失败")}


def ingest(
    paths: PathsArg,
    db: DbOpt = None,
    workers: WorkersOpt = None,
    executor: ExecutorOpt = ExecutorChoice.process,
    scheduler: SchedulerOpt = None,
    config: ConfigOpt = None,
) -> None:
    files = files_or_exit(paths)
    with open_store(db, config) as store, _progress(_("入库"), len(files)) as advance:
        summary = store.ingest_files(files, workers, executor.value, scheduler, advance)
    _summary(summary, INGEST_VERBS)


INGEST_HELP = command_help(
    _("把报告读入数据库：同一文件只存一次；同一机关同一年度的新文件成为新版本（旧版本保留）。坏文件逐个列出，不影响其他文件。"),
    _("退出状态：0 全部入库；2 有文件无法读取（或未找到文件、数据库无法打开）。"),
    examples=["zfxxgk ingest 2023年报/", "zfxxgk --db reports.db ingest --workers 4 '街道/*.pdf'"],
)


def reprocess(
    db: DbOpt = None,
    workers: WorkersOpt = None,
    executor: ExecutorOpt = ExecutorChoice.process,
    scheduler: SchedulerOpt = None,
    config: ConfigOpt = None,
) -> None:
    with open_store(db, config, read_only=True) as store, _progress(_("重新读取"), None) as advance:
        summary = store.reprocess(workers, executor.value, scheduler, advance)
    _summary(summary, {"updated": _("重新读取"), "new": _("现可读取"), "failed": _("失败")})


REPROCESS_HELP = command_help(
    _("用存档的原件重新读取由旧版提取程序或旧规则得出的报告（及失败的文件）；人工更正保留。"),
    _("退出状态：0 正常；2 有文件仍无法读取，或数据库不存在。"),
    examples=["pip install -U zfxxgk && zfxxgk reprocess"],
)


class ReportSort(str, Enum):
    agency = "agency"
    id = "id"


def _pinyin_key(row: ReportSummary) -> tuple[list[str], str, int]:
    from pypinyin import lazy_pinyin  # the dictionary loads only when a list is printed

    return lazy_pinyin(row.agency), row.agency, row.year


def reports(
    db: DbOpt = None,
    year: YearOpt = None,
    agency: AgencyOpt = None,
    errors: Annotated[bool, flag("--errors", help=_("只列出有错误级问题的报告。"))] = False,
    history: Annotated[bool, flag("--history", help=_("同时列出被新版本取代的旧版本。"))] = False,
    sort: Annotated[ReportSort, typer.Option("--sort", help=_("agency：按机关名称拼音排序（默认，同一机关按年度）；id：按编号。"))] = ReportSort.agency,
) -> None:
    with open_store(db, read_only=True) as store:
        rows = store.list_reports(year, agency, None, True if errors else None, "agency", history)
    rows.sort(key=_pinyin_key if sort is ReportSort.agency else (lambda r: r.id))
    headings = (_("编号"), _("机关"), _("年度"), _("格式"), _("版本"), _("错误数"), _("警告数"), _("更正数"), _("文件"))
    grid = RichTable(*headings)
    for r in rows:
        version = str(r.version) + ("" if r.current else _("（旧）"))
        cells = (str(r.id), r.agency, str(r.year), r.template, version, str(r.errors), str(r.warnings), str(r.corrections), r.path)
        grid.add_row(*(escape(c) for c in cells))
    stdout.print(grid)


REPORTS_HELP = command_help(
    _("列出数据库中已入库的各机关报告（复数 reports）及其编号（供 zfxxgk correct 使用）和问题数。由依申请公开台账生成本机关年度报告请用 zfxxgk report（单数）。"),
    _("排序：默认按机关名称的拼音（同一机关按年度），--sort id 按编号。"),
    _("退出状态：0 正常；2 数据库不存在或无法打开。"),
    examples=["zfxxgk reports --year 2023 --errors", "zfxxgk --db reports.db reports -a 西园街道"],
)


def export(
    output: Annotated[Path, output_option(_("要写入的文件；后缀决定格式（.csv、.xlsx、.parquet、.jsonl）。"))],
    format: Annotated[
        Optional[ExportFormat], typer.Option("--format", "-f", help=_("覆盖按后缀推断的格式：csv（UTF-8 带 BOM，Excel 可直接打开）、xlsx、parquet 或 jsonl。"))
    ] = None,
    db: DbOpt = None,
    shape: Annotated[Shape, typer.Option("--shape", help=_("wide：每份报告一行、每个单元格一列；long：每个单元格一行。"))] = Shape.wide,
    year: YearOpt = None,
) -> None:
    if format is None and output.suffix.lower().lstrip(".") not in {f.value for f in ExportFormat}:
        raise typer.BadParameter(_("无法从后缀推断格式，请用 .csv、.xlsx、.parquet、.jsonl 或 --format 指明"), param_hint="--output")
    with open_store(db, read_only=True) as store:
        rows = store.export(output, format.value if format else None, shape.value, year)
    stdout.print(_("已写入 {rows} 行到 {path}").format(rows=rows, path=output), markup=False, highlight=False)


EXPORT_HELP = command_help(
    _("导出当前各报告（已应用人工更正，并有一列注明被更正的单元格）。格式按 -o 的后缀推断，--format 仅用于覆盖。"),
    _("退出状态：0 正常；2 数据库不存在、格式无法确定或缺少 pyarrow（parquet）。"),
    examples=["zfxxgk export -o reports.parquet", "zfxxgk export -o cells.csv --shape long --year 2023"],
)


def _number(value: Any) -> str:
    return "·" if value is None else str(value)


def _ratio(value: float | None) -> str:
    """A ratio as a reviewer reads it: two decimals (17.25, 0.67), · where it has no meaning."""
    return "·" if value is None else f"{value:.2f}"


def _findings(findings: list[Finding]) -> bool:
    """Print each finding on one line; True when one of them is an error (the command then exits 1)."""
    for f in findings:
        print_finding_line(f)
    return any(f.severity is Severity.ERROR for f in findings)


def _comparison_json(c: Comparison) -> dict[str, Any]:
    return {
        "agency": c.agency,
        "years": [c.year_a, c.year_b],
        "reports": [c.report_a.id, c.report_b.id],
        "cells": [
            {"cell": x.cell, "label": x.label, "a": x.a, "b": x.b, "change": x.change, "ratio": None if x.ratio is None else round(x.ratio, 4)}
            for x in c.cells
        ],
        "findings": [f.to_json() for f in c.findings],
    }


def compare(
    agency: Annotated[str, typer.Argument(help=_("机关名称（报告中用过的任一写法）。"))],
    year_a: Annotated[int, typer.Argument(help=_("第一个年度。"))],
    year_b: Annotated[int, typer.Argument(help=_("第二个年度。"))],
    db: DbOpt = None,
    changed: Annotated[bool, flag("--changed", help=_("只列出数值有变化的单元格。"))] = False,
    format: Annotated[Output, typer.Option("--format", "-f", help=_("table（默认）或 json。"))] = Output.table,
) -> None:
    with open_store(db, read_only=True) as store:
        result = store.compare(agency, year_a, year_b)
    if format is Output.json:
        print(json.dumps(_comparison_json(result), ensure_ascii=False))
    else:
        grid = RichTable(title=escape(f"{result.agency}：{year_a} → {year_b}"))
        for name, justify in ((_("单元格"), "left"), (str(year_a), "right"), (str(year_b), "right"), (_("变化"), "right"), (_("比值"), "right")):
            grid.add_column(name, justify=justify)  # type: ignore[arg-type]
        for x in result.cells:
            if (x.a is None and x.b is None) or (changed and x.change == 0):
                continue
            grid.add_row(escape(x.label), _number(x.a), _number(x.b), _number(x.change), _ratio(x.ratio))
        stdout.print(grid)
        _findings(result.findings)
    if any(f.severity is Severity.ERROR for f in result.findings):
        raise typer.Exit(ExitCode.FINDINGS)


COMPARE_HELP = command_help(
    _("同一机关两个年度并列：每个单元格的数值、变化和比值（保留两位小数），以及跨年度检查（上年结转 = 上年结转下年度；现行有效件数）。"),
    _("退出状态：0 正常；1 跨年度检查发现错误；2 机关或年度没有入库的报告，或数据库不存在。"),
    examples=["zfxxgk compare 西园街道 2022 2023 --changed", "zfxxgk compare 西园街道 2022 2023 -f json"],
)


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
    try:
        lines = path.read_text("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise typer.BadParameter(_("无法读取机关名单 {path}（{error}）").format(path=path, error=exc), param_hint="--agencies") from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def aggregate(
    year: Annotated[int, typer.Option("--year", "-y", help=_("要汇总的年度。"))],
    db: DbOpt = None,
    agency_prefix: Annotated[Optional[str], typer.Option("--agency-prefix", help=_("汇总名称以此开头的机关（如 晋江市）。"))] = None,
    agencies: Annotated[Optional[Path], typer.Option("--agencies", metavar="FILE", help=_("文本文件，每行一个机关：汇总这些机关，并列出未入库的。"))] = None,
    format: Annotated[Output, typer.Option("--format", "-f", help=_("table（默认）或 json。"))] = Output.table,
) -> None:
    if agency_prefix and agencies:
        raise typer.BadParameter(_("--agency-prefix 与 --agencies 只能用一个"))
    names = _read_names(agencies) if agencies else None
    with open_store(db, read_only=True) as store:
        result = store.aggregate(year, agency_prefix, names)
    if not result.included:
        error_line(_("{year}年没有符合条件的已入库报告").format(year=year))
        raise typer.Exit(ExitCode.USAGE)
    if format is Output.json:
        print(json.dumps(_aggregate_json(result), ensure_ascii=False))
    else:
        _print_aggregate(result)
    if any(f.severity is Severity.ERROR for f in result.totals.findings):
        raise typer.Exit(ExitCode.FINDINGS)


def _print_aggregate(result: Aggregate) -> None:
    heading = _("{year}年：{count} 份报告（{template} 版格式）").format(year=result.year, count=len(result.included), template=result.template)
    stdout.print(heading, markup=False, highlight=False)
    for r in result.included:
        note = _("（{template} 版格式，只合计相同单元格）").format(template=r.template) if r in result.other_template else ""
        stdout.print(f"  · {escape(r.agency)} [dim]#{r.id}[/dim]{escape(note)}", highlight=False)
    for name in result.missing:
        stdout.print("  " + styled("red", "✗ " + _("{name}：未入库").format(name=name)), highlight=False)
    labels = {cid: spec.label for cid, spec in load(result.template).cells.items()}
    grid = RichTable(_("单元格"), _("合计"), title=_("合计（零值从略）"))
    grid.columns[1].justify = "right"
    for cid, value in result.totals.values().items():
        if value:
            grid.add_row(escape(labels[cid]), _number(value))
    stdout.print(grid)
    _findings(result.totals.findings)


AGGREGATE_HELP = command_help(
    _("一个辖区一个年度的合计，并对合计数运行勾稽关系检查。"),
    _("退出状态：0 合计数符合勾稽关系；1 合计数违反勾稽关系；2 该年度没有符合条件的报告，或数据库不存在。"),
    examples=["zfxxgk aggregate --year 2023 --agency-prefix 晋江市", "zfxxgk aggregate -y 2023 --agencies 晋江市机关.txt -f json"],
)


def correct(
    report: Annotated[int, typer.Argument(help=_("报告编号（见 zfxxgk reports）。"))],
    cell: Annotated[str, typer.Argument(help=_("单元格编号，如 requests.new.total。"))],
    value: Annotated[str, typer.Argument(help=_("正确的数值；空白单元格写 -。"))],
    reason: Annotated[str, typer.Option("--reason", help=_("更正理由（与更正一同保存）。"))],
    db: DbOpt = None,
    author: Annotated[Optional[str], typer.Option("--author", help=_("更正人（默认 $ZFXXGK_USER 或登录名）。"))] = None,
) -> None:
    with open_store(db, read_only=True) as store:
        corrected = store.correct(report, cell, value, reason, author)
    stdout.print(f"#{report} {escape(cell)} = {_number(corrected.cells[cell].value)}", highlight=False)
    if not corrected.findings:
        stdout.print(styled("green", _("✓ 未发现问题")))
    if _findings(corrected.findings):
        raise typer.Exit(ExitCode.FINDINGS)


CORRECT_HELP = command_help(
    _("更正已入库报告的一个单元格：印刷值保留，全部检查重新运行。"),
    _("退出状态：0 更正后未发现错误；1 更正后仍有错误级问题；2 报告、单元格或数值有误，或数据库不存在。"),
    examples=['zfxxgk correct 17 requests.new.total 52 --reason "表内印刷错误，按正文更正"'],
)


def register(app: typer.Typer) -> None:
    for command, help in (
        (ingest, INGEST_HELP),
        (reports, REPORTS_HELP),
        (export, EXPORT_HELP),
        (compare, COMPARE_HELP),
        (aggregate, AGGREGATE_HELP),
        (correct, CORRECT_HELP),
        (reprocess, REPROCESS_HELP),
    ):
        app.command(help=help, rich_help_panel=STORE_PANEL)(command)
