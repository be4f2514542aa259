"""zfxxgk: read, check, store, compare and write 政府信息公开工作年度报告.

The library API mirrors the CLI: `parse_path` is `zfxxgk parse`, `run_checks` is `zfxxgk check`, and
`ingest`, `export`, `compare`, `aggregate`, `correct`, `reprocess` and `Store` are the report database
(`zfxxgk.store`, loaded on first use so that parsing alone never imports SQLAlchemy); `fetch` and `watch`
collect reports where they are published and watch their publication (`zfxxgk.collect`, also on first use);
`rate`, `override` and `notice` are `zfxxgk rate`, `zfxxgk override` and `zfxxgk notice` (`zfxxgk.rate`).
"""

from typing import Any

from .check import CheckConfig, run_checks
from .errors import ExtractError, ReadError, ZfxxgkError
from .model import CellKind, CellValue, Document, Finding, Hints, Meta, Report, Severity, Source
from .pipeline import parse_bytes, parse_path
from .rate import notice, override, rate  # functions: rebinding the subpackage's name to `zfxxgk rate`'s twin

__version__ = "0.1.0"

_STORE_API = ("Store", "aggregate", "compare", "correct", "export", "ingest", "reprocess")
_COLLECT_API = ("fetch", "watch")


def __getattr__(name: str) -> Any:
    if name in _STORE_API:
        from . import store

        return getattr(store, name)
    if name in _COLLECT_API:
        from . import collect, fetch  # noqa: F401 - importing the stage makes `zfxxgk.fetch` the callable package

        return fetch if name == "fetch" else collect.watch
    raise AttributeError(f"module 'zfxxgk' has no attribute {name!r}")


__all__ = [
    *_STORE_API,
    *_COLLECT_API,
    "CellKind",
    "CellValue",
    "CheckConfig",
    "Document",
    "ExtractError",
    "Finding",
    "Hints",
    "Meta",
    "ReadError",
    "Report",
    "Severity",
    "Source",
    "ZfxxgkError",
    "notice",
    "override",
    "parse_bytes",
    "parse_path",
    "rate",
    "run_checks",
]
