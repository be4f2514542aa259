"""zfxxgk: read, check, store, compare and write 政府信息公开工作年度报告.

The library API mirrors the CLI: `parse_path` is `zfxxgk parse`, `run_checks` is `zfxxgk check`.
"""

from .check import CheckConfig, run_checks
from .errors import ExtractError, ReadError, ZfxxgkError
from .model import CellKind, CellValue, Document, Finding, Meta, Report, Severity, Source
from .pipeline import parse_bytes, parse_path

__version__ = "0.1.0"

__all__ = [
    "CellKind",
    "CellValue",
    "CheckConfig",
    "Document",
    "ExtractError",
    "Finding",
    "Meta",
    "ReadError",
    "Report",
    "Severity",
    "Source",
    "ZfxxgkError",
    "parse_bytes",
    "parse_path",
    "run_checks",
]
