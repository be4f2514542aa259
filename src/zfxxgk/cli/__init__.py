"""The `zfxxgk` command: a thin layer over the library, one module per command group.

Each command module exposes `register(app)`; adding a command is one module and one line in COMMANDS.
"""

from __future__ import annotations

import typer

from . import desk, evaluate, explain, fetch, parse, rate, render, serve, store

COMMANDS = [parse, render, store, explain, desk, serve, evaluate, fetch, rate]

app = typer.Typer(
    name="zfxxgk",
    help=(
        "Read, check, store and compare 政府信息公开工作年度报告 (annual open-government-information reports).\n\n"
        "Example: zfxxgk check report.pdf"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
for module in COMMANDS:
    module.register(app)


def main() -> None:
    app()
