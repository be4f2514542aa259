"""`zfxxgk rate | override | notice`: scores with their evidence, reviewers' overrides, the review notice.

Thin: each command calls the library twin in `zfxxgk.rate` and prints or writes what it returns.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.table import Table as RichTable

from ..errors import ZfxxgkError
from .common import error, stderr, stdout

if TYPE_CHECKING:
    from ..rate.results import Rating

EXIT_USAGE = 2

DbOpt = Annotated[Optional[str], typer.Option("--db", help="数据库：SQLite 文件或 postgresql+psycopg://… 地址（默认 $ZFXXGK_DB，否则 ./zfxxgk.db）。")]
AgenciesOpt = Annotated[Optional[Path], typer.Option("--agencies", help="机关名单（文本文件，每行一个）：只评这些机关，并列出未报送的机关。")]


class RateFormat(str, Enum):
    table = "table"
    json = "json"
    xlsx = "xlsx"
    html = "html"


def _names(path: Path | None) -> list[str] | None:
    if path is None:
        return None
    try:
        lines = path.read_text("utf-8-sig").splitlines()
    except OSError as exc:
        error(path, f"无法读取机关名单（{exc.strerror or exc}）")
        raise typer.Exit(EXIT_USAGE) from exc
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _signed(value: float | None) -> str:
    return "·" if value is None else f"{value:+.2f}"


def print_rating(rating: Rating) -> None:
    """The ranking per year, then each report's lost points with their evidence."""
    for year in rating.years() or [None]:
        grid = RichTable(title=f"{year}年度评分排名（评分标准 {rating.rubric_version}）" if year else "评分排名")
        for name, justify in (("名次", "right"), ("机关", "left"), ("得分", "right"), ("较上年", "right"), ("失分最多的指标", "left")):
            grid.add_column(name, justify=justify)  # type: ignore[arg-type]
        for r in rating.ranking(year):
            worst = sorted(r.lost(), key=lambda i: -i.lost)[:2]
            grid.add_row(str(r.rank), r.agency, f"{r.score:.2f}", _signed(r.change), "；".join(f"{i.label} −{i.lost:g}" for i in worst))
        stdout.print(grid)
    for r in rating.ranking():
        stdout.print(f"\n[bold]{r.agency} {r.year or ''}年度：{r.score:.2f} 分[/bold] [dim]{r.path}[/dim]", highlight=False)
        for i in r.indicators:
            if i.status == "not_assessed":
                stdout.print(f"  [dim]○ {i.id} {i.label}：未评（{i.note}），权重分给其他指标[/dim]", highlight=False)
                continue
            mark = "✎" if i.status == "overridden" else "✗" if i.lost else "✓"
            extra = f"（复核改分，原为 {i.computed:g}；{i.override.author}：{i.override.reason}）" if i.override else ""
            stdout.print(f"  {mark} {i.id} {i.label}：{i.points:g}/{i.max:g}{extra}", highlight=False)
            if i.lost:
                for e in i.evidence[:5]:
                    stdout.print(f"      [dim]· {e.message}{'  原文“' + e.quote[:80] + '”' if e.quote else ''}[/dim]", highlight=False)
    for name in rating.missing:
        stdout.print(f"[red]✗ {name}：未找到报告[/red]", highlight=False)


def rate(
    paths: Annotated[Optional[list[str]], typer.Argument(help="报告文件、文件夹或通配符；不给时评数据库中的报告。")] = None,
    db: DbOpt = None,
    year: Annotated[Optional[int], typer.Option("--year", help="报告年度（同时评上一年度，用于比较）。")] = None,
    agencies: AgenciesOpt = None,
    rubric: Annotated[Optional[Path], typer.Option("--rubric", help="评分标准调整文件（TOML 的 [weights]：改权重或 \"off\" 关闭）。")] = None,
    facts: Annotated[Optional[Path], typer.Option("--facts", help="抓取记录的公开事实（JSON 或 JSON Lines，按 sha256 或路径）。")] = None,
    format: Annotated[RateFormat, typer.Option("--format", "-f", help="table、json（每份报告一行）、xlsx 或 html。")] = RateFormat.table,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="输出文件（xlsx、html 必须给出）。")] = None,
) -> None:
    """给每份年报打分（0–100），逐项说明失分及其依据，并按年度排名。

    Example: zfxxgk rate --db reports.db --year 2024 --agencies 名单.txt --format xlsx -o 评分.xlsx
    """
    from ..rate.api import rate as run

    if format in (RateFormat.xlsx, RateFormat.html) and output is None:
        raise typer.BadParameter(f"--format {format.value} 需要 -o 输出文件")
    try:
        rating = run(paths or None, db, year, _names(agencies), rubric, facts, record=not paths)
    except ZfxxgkError as exc:
        stderr.print(f"[red]zfxxgk: {exc}[/red]", highlight=False)
        raise typer.Exit(EXIT_USAGE) from exc
    for path, reason in rating.failures:
        error(path, reason)
    if format is RateFormat.table:
        print_rating(rating)
    elif format is RateFormat.json:
        lines = "".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in rating.ranking())
        if output:
            output.write_text(lines, encoding="utf-8")
        else:
            print(lines, end="")
    else:
        from ..rate.outputs import write_rating

        write_rating(rating, output, format.value)  # type: ignore[arg-type]
    if output and format is not RateFormat.table:
        stdout.print(f"已写入 {output}（{len(rating.reports)} 份报告）", highlight=False)
    if rating.failures:
        raise typer.Exit(EXIT_USAGE)


def override(
    report: Annotated[int, typer.Argument(help="报告编号（见 zfxxgk reports）。")],
    indicator: Annotated[str, typer.Argument(help="指标编号，如 problems.concrete。")],
    points: Annotated[float, typer.Argument(help="复核给出的分数（按评分标准中该指标的权重计）。")],
    reason: Annotated[str, typer.Option("--reason", help="理由（与复核人、时间一并保存）。")],
    db: DbOpt = None,
    author: Annotated[Optional[str], typer.Option("--author", help="复核人（默认 $ZFXXGK_USER 或登录名）。")] = None,
) -> None:
    """复核改分：给一份入库报告的一个指标改分并写明理由；重新评分时保留，并与计算值并列显示。

    Example: zfxxgk override 17 problems.concrete 4 --reason "问题写得具体，人工复核"
    """
    from ..rate.api import override as run

    try:
        done = run(report, indicator, points, reason, author, db)
    except ZfxxgkError as exc:
        stderr.print(f"[red]zfxxgk: {exc}[/red]", highlight=False)
        raise typer.Exit(EXIT_USAGE) from exc
    stdout.print(f"#{report} {indicator} = {done.points:g}（{done.author}，{done.at}）", highlight=False)


def notice(
    year: Annotated[int, typer.Option("--year", help="审查的报告年度。")],
    output: Annotated[Path, typer.Option("--output", "-o", help="通报文件：.docx、.html 或 .pdf（需 LibreOffice）。")],
    db: DbOpt = None,
    agencies: AgenciesOpt = None,
    scope: Annotated[Optional[str], typer.Option("--scope", help="辖区名称，用于标题（如 某市某区）。")] = None,
    issuer: Annotated[Optional[str], typer.Option("--issuer", help="落款单位。")] = None,
    rubric: Annotated[Optional[Path], typer.Option("--rubric", help="评分标准调整文件。")] = None,
    facts: Annotated[Optional[Path], typer.Option("--facts", help="抓取记录的公开事实（JSON 或 JSON Lines）。")] = None,
) -> None:
    """写出年报审查情况通报：按时、逾期、未发布，排名，各单位问题及整改要求，年度数据对比，逐单位对比。

    Example: zfxxgk notice --year 2024 --agencies 名单.txt --scope 某区 -o 通报.docx
    """
    from ..rate.facts import read_facts
    from ..rate.notice import notice as run

    try:
        rating = run(output, year, _names(agencies), db, scope, rubric, read_facts(facts) if facts else None, issuer)
    except ZfxxgkError as exc:
        stderr.print(f"[red]zfxxgk: {exc}[/red]", highlight=False)
        raise typer.Exit(EXIT_USAGE) from exc
    count = len(rating.ranking(year))
    stdout.print(f"已写入 {output}（{year}年度，{count} 份报告，{len(rating.missing)} 家未发布）", highlight=False)


def register(app: typer.Typer) -> None:
    for command in (rate, override, notice):
        app.command()(command)
