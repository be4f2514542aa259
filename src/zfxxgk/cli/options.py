"""The options and arguments every command shares, so they read and behave the same everywhere.

One name, one short letter, one meaning: `-y/--year`, `-a/--agency`, `-u/--user`, `-o/--output`,
`-f/--format`, `--db`, `--config`, `--template`, `--force`. Fixed lists (formats, channels, kinds,
outcomes) are `choice(...)` types or enums, so `--help` shows them and a wrong value is refused in one
line, exit 2.
Dates are parsed by one helper. Exit statuses are the three of `ExitCode`; each command's help states
which of them it uses and when ("退出状态：0 …；1 …；2 …"), then its examples (`example`).

How a command uses them::

    from .i18n import _
    from .options import DbOpt, ExitCode, YearOpt, command_help, database, output_option

    RATE_HELP = command_help(_("给报告评分。"), _("退出状态：0 正常；2 用法或输入有误。"), examples=["zfxxgk rate -y 2024 -o 评分.xlsx"])

    def rate(
        year: YearOpt = None,
        output: Annotated[Optional[Path], output_option(_("评分表；后缀决定格式。"))] = None,
        db: DbOpt = None,
    ) -> None:
        url = database(db)                    # honours `zfxxgk --db X rate` and $ZFXXGK_DB
        …
        raise typer.Exit(ExitCode.USAGE)      # never a bare 1 or 2

    def register(app: typer.Typer) -> None:
        app.command(help=RATE_HELP)(rate)

`--db` is also accepted before the subcommand (`zfxxgk --db X reports`); `database(db)` returns
whichever was given. `existing_database(db)` also refuses a SQLite file that does not exist, for
commands that only read.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import Enum, IntEnum
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

import typer

from .i18n import _


class Output(str, Enum):
    """`-f table|json`: for people, or one JSON object for programs."""

    table = "table"
    json = "json"


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # error findings (or, for eval, accuracy below --min)
    USAGE = 2  # a usage or input problem: bad option, unreadable file, nothing found, no database


# `-h` as well as `--help`, for the root command and every group.
HELP_CONTEXT = {"help_option_names": ["-h", "--help"]}

# The root help groups the commands by the job they serve, so `report` (the desk's annual report) and
# `reports` (the stored reports) never sit side by side unexplained.
READ_PANEL = _("读取与检查")
WRITE_PANEL = _("撰写报告")
STORE_PANEL = _("报告库（审阅各机关的报告）")
DESK_PANEL = _("依申请公开台账（本机关）")


def command_help(*paragraphs: str, examples: Iterable[str]) -> str:
    """A command's help: what it does, its exit statuses (and any other paragraph), then the examples."""
    return "\n\n".join(paragraphs) + example(*examples)


def example(*lines: str) -> str:
    """The help's closing paragraph: the examples, one per line (Rich keeps the line breaks)."""
    return "\n\n" + _("示例：") + "\n\n" + "\n\n".join(f"  {line}" for line in lines)


def choice(values: Iterable[str]) -> Any:
    """A fixed list of values as a type (`Literal[...]`): Typer shows it in `--help` and checks it."""
    return Literal[tuple(values)]


def parse_date(text: str) -> date:
    """A YYYY-MM-DD date; anything else is a usage error naming the value (the option is added by click)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(_("“{value}”不是有效日期，应为 YYYY-MM-DD（如 2025-03-01）").format(value=text)) from None


def date_option(*names: str, help: str) -> typer.models.OptionInfo:
    return typer.Option(*names, parser=parse_date, metavar="YYYY-MM-DD", help=help)


# --db: the database of every store and desk command ($ZFXXGK_DB is read by the store itself).
DbOpt = Annotated[
    Optional[str],
    typer.Option(
        "--db",
        metavar="URL",
        help=_("数据库：SQLite 文件路径，或 postgresql+psycopg://user@host/db 这样的地址。默认 $ZFXXGK_DB，否则当前目录的 zfxxgk.db。也可写在子命令之前：zfxxgk --db X reports。"),
    ),
]


_before_command: dict[str, str | None] = {"db": None}


def remember_root(db: str | None) -> None:
    """Called by the root command on every run: the `--db` given before the subcommand (or None)."""
    _before_command["db"] = db


def database(db: str | None) -> str | None:
    """The database named on the subcommand, else before it (`zfxxgk --db X cmd`), else None ($ZFXXGK_DB)."""
    return db or _before_command["db"]


def existing_database(db: str | None) -> str | None:
    """As `database`, refusing a SQLite file that does not exist: a mistyped path must not read as empty."""
    from ..store.database import resolve_url  # the store package loads only when a database command runs

    chosen = database(db)
    url = resolve_url(chosen)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            message = _("数据库文件不存在：{path}（请用 --db 或 $ZFXXGK_DB 指明，或先用 zfxxgk ingest 建库）")
            raise typer.BadParameter(message.format(path=path), param_hint="--db")
    return chosen


UserOpt = Annotated[
    Optional[str],
    typer.Option("--user", "-u", envvar="ZFXXGK_USER", show_envvar=False, help=_("办理人（依申请公开台账的用户名）；默认 $ZFXXGK_USER。")),
]
AgencyOpt = Annotated[Optional[str], typer.Option("--agency", "-a", help=_("机关名称（任一写法均可）。"))]
YearOpt = Annotated[Optional[int], typer.Option("--year", "-y", min=1980, max=2100, help=_("只看这一年度。"))]


def flag(*names: str, help: str) -> typer.models.OptionInfo:
    """An on/off option: present or absent, never `--x true` (no value shown in help)."""
    return typer.Option(*names, metavar="", help=help)


ForceOpt = Annotated[bool, flag("--force", help=_("即使检查发现错误也照样写出。"))]
ConfigOpt = Annotated[
    Optional[Path],
    typer.Option("--config", metavar="FILE", help=_("TOML 配置文件：关闭某些规则或调整其级别（rules 表中写 \"cells.missing\" = \"off\"）。")),
]
PathsArg = Annotated[
    list[str], typer.Argument(metavar="PATH...", help=_("报告文件、文件夹（递归读取）或通配符（如 '街道/*.pdf'）。"))
]


def _template_ids() -> list[str]:
    from ..templates import template_ids

    return list(template_ids())


TemplateOpt = Annotated[
    Optional[choice(_template_ids())],
    typer.Option("--template", help=_("指定格式版本，不自动识别。")),
]


def output_option(help: str) -> typer.models.OptionInfo:
    """`-o/--output FILE`; its suffix picks the format wherever a command writes several."""
    return typer.Option("--output", "-o", metavar="FILE", help=help)


def format_from_suffix(output: Path | None, given: str | None, known: Iterable[str], default: str) -> str:
    """`--format` if given, else the output file's suffix when it names a known format, else `default`."""
    if given:
        return given
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in set(known) else default
