"""The `zfxxgk` command: a thin layer over the library, one module per command group.

Each command module exposes `register(app)`; adding a command is one module and one line in COMMANDS.
Shared options, exit codes and examples are in `options`, the language in `i18n` (see their docstrings).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated, Any, Optional

import typer
from rich.text import Text
from typer import rich_utils

from .i18n import LANGUAGES, _
from .options import HELP_CONTEXT, DbOpt, ExitCode, choice, example, remember_root

from . import common, desk, evaluate, explain, fetch, parse, rate, render, serve, store  # noqa: E402  (after the language is set)

COMMANDS = [parse, render, store, explain, desk, serve, evaluate, fetch, rate]

TYPER_HELP_OPTION = "Show this message and exit."  # the one help text Typer writes itself


def _folding(make: Callable[..., Any]) -> Callable[..., Any]:
    """Rich wraps help text only at spaces and cuts a longer run with "…"; Chinese has no spaces, so a
    clause of help would be lost. Its text is folded at the column edge instead (and Typer's own text
    for -h is given in the CLI's language)."""

    def make_text(**kwargs: Any) -> Any:
        if kwargs.get("text") == TYPER_HELP_OPTION:
            kwargs["text"] = _("显示本帮助并退出。")
        text = make(**kwargs)
        if isinstance(text, Text):
            text.overflow = "fold"
        return text

    return make_text


def _one_line(error: Exception) -> None:
    """A usage error (bad option, value or argument) as every other error: one line naming what is wrong,
    with where to read more, instead of Typer's usage line and box."""
    if type(error).__name__ == "NoArgsIsHelpError":  # the help was printed already
        return
    context = getattr(error, "ctx", None)
    hint = _("（{command} -h 查看用法）").format(command=context.command_path) if context else ""
    common.error_line(error.format_message(), hint)  # type: ignore[attr-defined]


rich_utils._make_rich_text = _folding(rich_utils._make_rich_text)  # Typer's one place for help text
rich_utils.rich_format_error = _one_line  # Typer's one place for usage errors
# Typer's help headings, in the CLI's language (its settings for exactly this).
rich_utils.ARGUMENTS_PANEL_TITLE = _("参数")
rich_utils.OPTIONS_PANEL_TITLE = _("选项")
rich_utils.COMMANDS_PANEL_TITLE = _("命令")
rich_utils.REQUIRED_LONG_STRING = _("[必填]")
rich_utils.DEFAULT_STRING = _("[默认：{}]")
rich_utils.RICH_HELP = _("用 [blue]'{command_path} {help_option}'[/] 查看帮助。")
rich_utils.ABORTED_TEXT = _("已中止。")

app = typer.Typer(
    name="zfxxgk",
    help=_("读取、检查、入库、比较和撰写政府信息公开工作年度报告。") + example("zfxxgk check 年报.pdf", "zfxxgk --lang en --help"),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings=HELP_CONTEXT,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        try:
            typer.echo(f"zfxxgk {version('zfxxgk')}")
        except PackageNotFoundError:
            typer.echo("zfxxgk (not installed)")
        raise typer.Exit()


@app.callback()
def root(
    db: DbOpt = None,
    lang: Annotated[
        Optional[choice(LANGUAGES)],
        typer.Option("--lang", help=_("界面语言：zh（默认）或 en；也可设 ZFXXGK_LANG 或 LANG=en_US.UTF-8。")),
    ] = None,
    show_version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, metavar="", help=_("显示版本号并退出。"))
    ] = False,
) -> None:
    """`--db`, `--lang` and `--version` before any subcommand (the language is read at start-up, see i18n)."""
    remember_root(db)


for module in COMMANDS:
    module.register(app)


def main() -> None:
    """Run the command. A closed pipe (`zfxxgk reports | head`) ends quietly with status 0, as other Unix
    tools do; an unexpected exception is one line on stderr (status 2), its traceback only with
    ZFXXGK_DEBUG=1."""
    writing_to_null = _on_null()
    try:
        app()
        code: int | str | None = ExitCode.OK
    except SystemExit as done:
        code = done.code
    except Exception as exc:  # noqa: BLE001  the last guard: a user never sees a traceback
        if os.environ.get("ZFXXGK_DEBUG"):
            raise
        message = _("内部错误：{error}（设 ZFXXGK_DEBUG=1 可看到详细信息，请报告此问题）")
        common.error_line(message.format(error=f"{type(exc).__name__}: {exc}"))
        code = ExitCode.USAGE
    try:
        sys.stdout.flush()  # the interpreter's last flush, where a closed pipe would otherwise complain
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    # Rich, Typer and the flush above all meet a closed pipe by pointing stdout at /dev/null (Typer also
    # wraps it) and ending with status 1, which would read as "error findings": the reader had enough.
    if type(sys.stdout).__name__ == "PacifyFlushWrapper" or (_on_null() and not writing_to_null):
        code = ExitCode.OK
    sys.exit(code)


def _on_null() -> bool:
    try:
        return os.path.samestat(os.fstat(sys.stdout.fileno()), os.stat(os.devnull))
    except (OSError, ValueError, AttributeError):  # stdout closed or not a file
        return False
