"""The CLI's language: Chinese by default, English from a gettext catalog managed with Babel.

Messages are written in Chinese in the code, each wrapped in `_()`; `locale/en/LC_MESSAGES/zfxxgk.po`
holds their English. English is chosen by `--lang en` or `ZFXXGK_LANG=en`, else by the usual locale
variables (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`) naming an English locale (`en_US.UTF-8`). `C`,
`POSIX` and every other locale keep Chinese, the users' language.

How a command uses it::

    from .i18n import _

    @app.command(help=_("列出库中的报告。\\n\\n示例：zfxxgk reports --year 2023"))
    def reports(...):
        stdout.print(_("{count} 份报告").format(count=n))

Help texts are read when the command modules are imported, so the language is settled once, at import,
from the command line and the environment. Wrap the literal (never a variable) so that `pybabel
extract` finds it; put values in with `.format()` after translation, never into the message itself.

The catalog workflow (commands in the README): `pybabel extract` → `locale/zfxxgk.pot`, `pybabel update`
→ the `.po`, translate, commit the `.po`. The `.po` is compiled when English is first asked for (Babel
reads it and builds the gettext catalog in memory), so an editable install and a wheel behave the same and
no compiled `.mo` is kept in the repository.
"""

from __future__ import annotations

import gettext
import os
import sys
from functools import cache
from importlib import resources
from io import BytesIO

DOMAIN = "zfxxgk"
LANGUAGES = ("zh", "en")
ENV_VAR = "ZFXXGK_LANG"


def _from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def choose(argv: list[str], environ: os._Environ[str] | dict[str, str]) -> str:
    """`en` or `zh`: the command line first, then $ZFXXGK_LANG, then the locale variables."""
    asked = _from_argv(argv) or environ.get(ENV_VAR)
    if asked:
        return "en" if asked.lower().startswith("en") else "zh"
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if value := environ.get(name):
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    """The compiled catalog of `language`; Chinese, the language of the code, needs none."""
    if language == "zh":
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo  # Babel: only when English is asked for
    from babel.messages.pofile import read_po

    po = resources.files(__package__).parent.joinpath("locale", language, "LC_MESSAGES", f"{DOMAIN}.po")
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


LANGUAGE = choose(sys.argv[1:], os.environ)


def _(message: str) -> str:
    """The message in the CLI's language."""
    return _catalog(LANGUAGE).gettext(message)
