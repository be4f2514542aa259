"""`zfxxgk template` and `zfxxgk render`: write the fill-in workbook, then the report from it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import ZfxxgkError
from ..render import FORMATS, RenderRefused, read_data, render_report, write_workbook
from ..templates import for_year, load
from .common import error, print_findings, stdout
from .parse import EXIT_ERRORS, EXIT_UNREADABLE


def template(
    output: Annotated[Path, typer.Option("--output", "-o", help="The workbook to write (.xlsx).")],
    year: Annotated[
        Optional[int], typer.Option("--year", help="The year the report covers (default: last year); picks the format.")
    ] = None,
    template_id: Annotated[
        Optional[str], typer.Option("--template", help="Force a format (2019 or 2021) instead of the year's.")
    ] = None,
) -> None:
    """Write a fill-in workbook: the tables in the official layout, totals as formulas, inputs validated.

    Fill it in (Excel, WPS or LibreOffice), then write the report with `zfxxgk render`.

    Example: zfxxgk template --year 2024 -o 填报表.xlsx
    """
    year = year or date.today().year - 1
    try:
        chosen = load(template_id) if template_id else for_year(year)
    except KeyError as exc:
        error(template_id or "", str(exc.args[0]))
        raise typer.Exit(EXIT_UNREADABLE) from None
    write_workbook(chosen, output, year=year)
    stdout.print(f"{output}: {year}年度填报表（{chosen.name}，{chosen.id}版）", highlight=False)


def render(
    data: Annotated[Path, typer.Argument(help="A filled workbook, a report JSON file or one `zfxxgk parse` line.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help=f"The report to write; its suffix picks the format ({', '.join(FORMATS)}).")
    ],
    force: Annotated[bool, typer.Option("--force", help="Write the report even when it fails the checks.")] = False,
) -> None:
    """Write the standard report: title, the six sections, the tables in the official layout.

    Refuses (exit 1, printing the findings) when the data fails the checks, unless --force.

    Example: zfxxgk render 填报表.xlsx -o 2024年报.docx
    """
    if output.suffix.lower() not in FORMATS:
        error(output, f"unknown output format; use one of {', '.join(FORMATS)}")
        raise typer.Exit(EXIT_UNREADABLE)
    try:
        report = read_data(data)
        render_report(report, output, force=force)
    except RenderRefused as refused:
        report.findings = refused.findings
        print_findings(report)
        error(data, f"{refused}")
        raise typer.Exit(EXIT_ERRORS) from None
    except (ZfxxgkError, OSError, ValueError, KeyError) as exc:
        error(data, getattr(exc, "reason", None) or str(exc))
        raise typer.Exit(EXIT_UNREADABLE) from None
    stdout.print(f"{output}: {report.meta.title or ''}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(template)
    app.command()(render)
