"""read → extract → check for one file: the job every interface (CLI, store, web) runs."""

from __future__ import annotations

from pathlib import Path

from .check import CheckConfig, check
from .extract import extract
from .model import Report
from .read import read_bytes, read_path


def parse_path(path: str | Path, config: CheckConfig | None = None, template: str | None = None) -> Report:
    """The checked Report of one file; raises ReadError or ExtractError with a user-facing reason."""
    return check(extract(read_path(path), template), config)


def parse_bytes(data: bytes, name: str = "<bytes>", config: CheckConfig | None = None) -> Report:
    return check(extract(read_bytes(data, name)), config)
