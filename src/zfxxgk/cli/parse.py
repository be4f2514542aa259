"""`zfxxgk parse` and `zfxxgk check`: one report per file, as JSON or for people to read."""

from __future__ import annotations

import json
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table as RichTable

from ..check import CheckConfig
from ..check.duplicate import find_duplicates
from ..errors import ZfxxgkError
from ..model import Report, Severity
from ..pipeline import parse_path
from ..templates import load
from ..paths import expand
from .common import error, print_findings, progress_over, stdout

EXIT_ERRORS = 1
EXIT_UNREADABLE = 2


class ParseFormat(str, Enum):
    json = "json"
    table = "table"


class CheckFormat(str, Enum):
    table = "table"
    json = "json"
    html = "html"
    xlsx = "xlsx"


PathsArg = Annotated[list[str], typer.Argument(help="Report files, folders (read recursively) or glob patterns.")]
ConfigOpt = Annotated[
    Optional[Path], typer.Option("--config", help="TOML file that switches rules off or re-levels them.")
]
TemplateOpt = Annotated[
    Optional[str], typer.Option("--template", help="Force a template (2019 or 2021) instead of detecting it.")
]


def _reports(paths: list[str], config: CheckConfig, template: str | None, label: str) -> tuple[list[Report], bool]:
    """Parse every file; an unreadable one is reported on stderr and skipped, never stopping the batch."""
    reports: list[Report] = []
    failed = False
    for path in progress_over(expand(paths), label):
        try:
            reports.append(parse_path(path, config, template))
        except ZfxxgkError as exc:
            error(path, getattr(exc, "reason", str(exc)))
            failed = True
    return reports, failed


def _config(path: Path | None) -> CheckConfig:
    return CheckConfig.from_file(path) if path else CheckConfig()


def _cells_table(report: Report) -> list[RichTable]:
    template = load(report.meta.template or "2021")
    out: list[RichTable] = []
    for table in template.tables.values():
        for group in table.groups:
            grid = RichTable(title=f"{table.label} {group.clause or ''}".strip(), show_lines=False)
            grid.add_column("")
            for col in group.columns:
                grid.add_column(col.label, justify="right")
            for row in group.rows:
                values = [report.cells[f"{table.id}.{row.id}.{c.id}"] for c in group.columns]
                grid.add_row(row.label, *("·" if v.value is None else str(v.value) for v in values))
            out.append(grid)
    return out


def _print_report(report: Report) -> None:
    m = report.meta
    stdout.rule(f"{report.source.path}")
    stdout.print(f"{m.agency or '?'} · {m.year or '?'}年 · 模板 {m.template} · 发布 {m.published or '未知'}")
    for grid in _cells_table(report):
        stdout.print(grid)
    print_findings(report)


def parse(
    paths: PathsArg,
    format: Annotated[ParseFormat, typer.Option("--format", "-f", help="json: one JSON object per line per file.")] = ParseFormat.json,
    config: ConfigOpt = None,
    template: TemplateOpt = None,
) -> None:
    """Read reports and print every cell, the meta, the narrative and the findings.

    Example: zfxxgk parse --format json reports/*.pdf > cells.jsonl
    """
    reports, failed = _reports(paths, _config(config), template, "parse")
    for report in reports:
        if format is ParseFormat.json:
            print(json.dumps(report.to_json(), ensure_ascii=False))
        else:
            _print_report(report)
    if failed:
        raise typer.Exit(EXIT_UNREADABLE)


def _write_check(reports: list[Report], format: CheckFormat, output: Path | None) -> None:
    if format is CheckFormat.xlsx:
        if output is None:
            raise typer.BadParameter("--format xlsx writes a workbook: name it with -o FILE.xlsx", param_hint="--output")
        from ..render.findings_xlsx import write_check_workbook  # openpyxl: only when asked for

        write_check_workbook(reports, output)
        return
    if format is CheckFormat.html:
        from ..render.findings_html import check_html  # jinja2 and the layout: only when asked for

        text = check_html(reports)
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
                console.rule(f"{report.source.path} — {report.meta.agency or '?'} {report.meta.year or ''}")
                print_findings(report, console)


def check(
    paths: PathsArg,
    format: Annotated[
        CheckFormat,
        typer.Option("--format", "-f", help="table: readable; json: one object per file; html: one page; xlsx: a workbook (needs -o)."),
    ] = CheckFormat.table,
    config: ConfigOpt = None,
    template: TemplateOpt = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the check report to this file.")] = None,
) -> None:
    """Check reports: sums (勾稽关系), missing tables and cells, text against tables, years and deadlines,
    and, across the files given together, narratives copied from one another (内容雷同).

    Exit status: 0 no error findings, 1 error findings, 2 a file could not be read.

    Example: zfxxgk check 街道年报/*.docx --format xlsx -o 检查结果.xlsx
    """
    settings = _config(config)
    reports, failed = _reports(paths, settings, template, "check")
    for report, duplicates in zip(reports, find_duplicates(reports, settings)):
        report.findings.extend(duplicates)
    _write_check(reports, format, output)
    if failed:
        raise typer.Exit(EXIT_UNREADABLE)
    if any(f.severity is Severity.ERROR for r in reports for f in r.findings):
        raise typer.Exit(EXIT_ERRORS)


def register(app: typer.Typer) -> None:
    app.command()(parse)
    app.command()(check)
