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
from .i18n import _
from .options import WRITE_PANEL, ForceOpt, TemplateOpt, command_help, output_option
from .parse import EXIT_ERRORS, EXIT_UNREADABLE


def template(
    output: Annotated[Path, output_option(_("要写入的填报表（.xlsx）。"))],
    year: Annotated[Optional[int], typer.Option("--year", "-y", help=_("报告所属年度（默认去年），据此选择格式。"))] = None,
    template_id: TemplateOpt = None,
) -> None:
    if output.suffix.lower() != ".xlsx":
        error(output, _("填报表只能写成 .xlsx（Excel 2007 及以后、WPS、LibreOffice 均可打开）；.xls 等旧格式不支持，请改用 -o {name}").format(name=output.with_suffix(".xlsx").name))
        raise typer.Exit(EXIT_UNREADABLE)
    year = year or date.today().year - 1
    chosen = load(template_id) if template_id else for_year(year)
    write_workbook(chosen, output, year=year)
    stdout.print(_("{path}：{year}年度填报表（{name}，{id}版）").format(path=output, year=year, name=chosen.name, id=chosen.id), markup=False, highlight=False)


TEMPLATE_HELP = command_help(
    _("写出填报表：官方表格版式，合计为公式，输入项有校验。用 Excel、WPS 或 LibreOffice 填好后，用 zfxxgk render 写出报告。"),
    _("退出状态：0 已写出；2 参数有误（如文件后缀不是 .xlsx）。"),
    examples=["zfxxgk template --year 2024 -o 填报表.xlsx", "zfxxgk template --template 2019 -o 旧版填报表.xlsx"],
)


def render(
    data: Annotated[Path, typer.Argument(help=_("填好的填报表、报告 JSON 文件或 zfxxgk parse 输出的一行。"))],
    output: Annotated[Path, output_option(_("要写入的报告；后缀决定格式（{formats}）。").format(formats="、".join(FORMATS)))],
    force: ForceOpt = False,
) -> None:
    if output.suffix.lower() not in FORMATS:
        error(output, _("无法识别的输出格式，可用：{formats}").format(formats="、".join(FORMATS)))
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
    stdout.print(f"{output}: {report.meta.title or ''}", markup=False, highlight=False)


RENDER_HELP = command_help(
    _("写出标准格式的年度报告：标题、六个部分、按官方版式的表格。数据未通过检查（含缺少机关名称或年度）时拒绝写出并列出问题，加 --force 照样写出。"),
    _("退出状态：0 已写出；1 数据有错误级问题而拒绝写出；2 输入文件或输出格式有误。"),
    examples=["zfxxgk render 填报表.xlsx -o 2024年报.docx", "zfxxgk render report.json -o report.html"],
)


def register(app: typer.Typer) -> None:
    app.command(help=TEMPLATE_HELP, rich_help_panel=WRITE_PANEL)(template)
    app.command(help=RENDER_HELP, rich_help_panel=WRITE_PANEL)(render)
