"""`zfxxgk parse` and `zfxxgk check`: one report per file, as JSON or for people to read."""

from __future__ import annotations

import json
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from ..check import CheckConfig
from ..check.duplicate import find_duplicates
from ..errors import ZfxxgkError
from ..model import Report, Severity
from ..paths import expand
from ..pipeline import parse_path
from ..templates import load
from .common import (
    error,
    error_line,
    grouped,
    in_language,
    print_findings,
    progress_over,
    stdout,
    styled,
)
from .i18n import _
from .options import (
    READ_PANEL,
    ConfigOpt,
    ExitCode,
    Output,
    PathsArg,
    TemplateOpt,
    command_help,
    format_from_suffix,
    output_option,
)

EXIT_ERRORS = ExitCode.FINDINGS
EXIT_UNREADABLE = ExitCode.USAGE


class CheckFormat(str, Enum):
    table = "table"
    json = "json"
    html = "html"
    xlsx = "xlsx"


def files_or_exit(paths: list[str]) -> list[Path]:
    """The files the arguments name; none at all is a usage error naming what was searched (exit 2)."""
    files = expand(paths)
    if not files:
        error("、".join(paths), _("未找到报告文件"))
        raise typer.Exit(ExitCode.USAGE)
    return files


def config_or_exit(path: Path | None) -> CheckConfig:
    """The check configuration; a missing or faulty file is one line and exit 2, before any work."""
    try:
        return CheckConfig.from_file(path) if path else CheckConfig()
    except ZfxxgkError as exc:
        error_line(str(exc))
        raise typer.Exit(ExitCode.USAGE) from None


def _reports(paths: list[str], config: CheckConfig, template: str | None, label: str) -> tuple[list[Report], list[tuple[str, str]]]:
    """Parse every file; an unreadable one is reported on stderr, kept with its reason, and skipped:
    it never stops the batch."""
    reports: list[Report] = []
    failures: list[tuple[str, str]] = []
    for path in progress_over(files_or_exit(paths), label):
        try:
            reports.append(parse_path(path, config, template))
        except ZfxxgkError as exc:
            reason = getattr(exc, "reason", str(exc))
            error(path, reason)
            failures.append((str(path), reason))
    return reports, failures


def cells_tables(report: Report) -> list[RichTable]:
    """The tables as printed, group headings of 表三 as rows of their own."""
    template = load(report.meta.template or "2021")
    out: list[RichTable] = []
    for table in template.tables.values():
        for group in table.groups:
            grid = RichTable(title=escape(f"{table.label} {group.clause or ''}".strip()), show_lines=False)
            grid.add_column("")
            for col in group.columns:
                grid.add_column(escape(col.label), justify="right")
            for heading, row in grouped(group.rows, lambda r: r.parent):
                if heading:
                    grid.add_row(styled("bold", heading))
                values = [report.cells[f"{table.id}.{row.id}.{c.id}"] for c in group.columns]
                label = f"  {row.label}" if row.parent else row.label
                grid.add_row(escape(label), *("·" if v.value is None else str(v.value) for v in values))
            out.append(grid)
    return out


def _print_report(report: Report) -> None:
    m = report.meta
    stdout.rule(escape(str(report.source.path)))
    line = _("{agency} · {year}年 · 格式 {template} · 发布 {published}")
    stdout.print(
        line.format(agency=m.agency or "?", year=m.year or "?", template=m.template, published=m.published or _("未知")),
        markup=False,
        highlight=False,
    )
    for grid in cells_tables(report):
        stdout.print(grid)
    print_findings(report)


def parse(
    paths: PathsArg,
    format: Annotated[
        Output, typer.Option("--format", "-f", help=_("json：每个文件一行 JSON（默认）；table：按原表格式显示，供人阅读。"))
    ] = Output.json,
    config: ConfigOpt = None,
    template: TemplateOpt = None,
) -> None:
    reports, failures = _reports(paths, config_or_exit(config), template, "parse")
    for report in reports:
        if format is Output.json:
            print(json.dumps(report.to_json(), ensure_ascii=False))
        else:
            _print_report(report)
    if failures:
        raise typer.Exit(EXIT_UNREADABLE)


PARSE_HELP = command_help(
    _("读取报告，输出每个单元格、元数据、正文各部分和检查结果。"),
    _("退出状态：0 全部读出；2 有文件无法读取或未找到文件。"),
    examples=["zfxxgk parse 年报.txt", "zfxxgk parse --format json 街道/*.pdf > cells.jsonl", "zfxxgk parse -f table 年报.docx"],
)


def _failure_json(path: str, reason: str) -> dict[str, str]:
    return {"source": {"path": path}, "error": reason}


def _write_check(reports: list[Report], failures: list[tuple[str, str]], format: CheckFormat, output: Path | None) -> None:
    """The check report in the chosen format; every file given appears in it, the unreadable ones with
    their reason (JSON: one object with `error` per file, the reason as the library gives it, for
    programs; HTML and XLSX: in the reader's language)."""
    shown_failures = [(path, in_language(reason)) for path, reason in failures]
    if format is CheckFormat.xlsx and output is not None:
        from ..render.findings_xlsx import (
            write_check_workbook,  # openpyxl: only when asked for
        )

        write_check_workbook(reports, output, shown_failures)
        return
    if format is CheckFormat.html:
        from ..render.findings_html import (
            check_html,  # jinja2 and the layout: only when asked for
        )

        text = check_html(reports, failures=shown_failures)
        if output is None:
            print(text)
        else:
            output.write_text(text, encoding="utf-8")
        return
    with output.open("w", encoding="utf-8") if output else nullcontext(None) as handle:
        console = Console(file=handle, soft_wrap=True, no_color=True) if handle else stdout
        for report in reports:
            if format is CheckFormat.json:
                findings = [f.to_json() for f in report.findings]
                data = {"source": report.source.to_json(), "meta": report.meta.to_json(), "findings": findings}
                console.out(json.dumps(data, ensure_ascii=False), highlight=False)
            else:
                console.rule(escape(f"{report.source.path} — {report.meta.agency or '?'} {report.meta.year or ''}"))
                print_findings(report, console)
        if format is CheckFormat.json:
            for path, reason in failures:
                console.out(json.dumps(_failure_json(path, reason), ensure_ascii=False), highlight=False)


def check(
    paths: PathsArg,
    format: Annotated[
        Optional[CheckFormat],
        typer.Option(
            "--format",
            "-f",
            help=_("table：供人阅读（默认）；json：每个文件一个对象；html：一个网页；xlsx：工作簿（须用 -o）。不指定时按 -o 的后缀推断。"),
        ),
    ] = None,
    config: ConfigOpt = None,
    template: TemplateOpt = None,
    output: Annotated[Optional[Path], output_option(_("把检查结果写入此文件（后缀 .json/.html/.xlsx 决定格式）。"))] = None,
) -> None:
    settings = config_or_exit(config)
    chosen = CheckFormat(format_from_suffix(output, format.value if format else None, [f.value for f in CheckFormat], "table"))
    if chosen is CheckFormat.xlsx and output is None:  # refused before any file is read
        raise typer.BadParameter(_("xlsx 格式写成工作簿，请用 -o 文件.xlsx 指明文件"), param_hint="--output")
    reports, failures = _reports(paths, settings, template, "check")
    for report, duplicates in zip(reports, find_duplicates(reports, settings)):
        report.findings.extend(duplicates)
    _write_check(reports, failures, chosen, output)
    if failures:
        raise typer.Exit(EXIT_UNREADABLE)
    if any(f.severity is Severity.ERROR for r in reports for f in r.findings):
        raise typer.Exit(EXIT_ERRORS)


CHECK_HELP = command_help(
    _("检查报告：勾稽关系、缺失的表格和单元格、正文与表格是否一致、年度和公开期限，以及同批文件之间正文内容雷同。"),
    _("退出状态：0 未发现错误级问题；1 有错误级问题；2 有文件无法读取、未找到文件或用法有误。"),
    examples=["zfxxgk check 年报.pdf", "zfxxgk check 街道年报/ -o 检查结果.xlsx", "zfxxgk check --config 规则.toml --format json a.txt b.txt"],
)


def register(app: typer.Typer) -> None:
    app.command(help=PARSE_HELP, rich_help_panel=READ_PANEL)(parse)
    app.command(help=CHECK_HELP, rich_help_panel=READ_PANEL)(check)
