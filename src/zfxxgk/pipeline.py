"""read → extract → check for one file: the job every interface (CLI, store, web) runs.

A fill-in workbook (`zfxxgk template`, filled by an agency) already holds cells, not a printed report: it
is read by the workbook's own reader and checked like any report, so `zfxxgk check 填报表.xlsx` works.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

from .check import CheckConfig, check
from .errors import ReadError, ZfxxgkError
from .extract import extract
from .model import Hints, Report
from .read import load_path, read_bytes
from .read.archive import refuse_bombs
from .read.sniff import sniff


def parse_path(
    path: str | Path, config: CheckConfig | None = None, template: str | None = None, hints: Hints | None = None
) -> Report:
    """The checked Report of one file; raises ReadError or ExtractError with a user-facing reason.
    `hints` is what the caller knows about the file from elsewhere (`Hints(agency=…)` from a site list)."""
    return _parse(load_path(path), str(path), config, template, hints)


def parse_bytes(data: bytes, name: str = "<bytes>", config: CheckConfig | None = None, hints: Hints | None = None) -> Report:
    return _parse(data, name, config, None, hints)


def _parse(data: bytes, name: str, config: CheckConfig | None, template: str | None, hints: Hints | None = None) -> Report:
    if sniff(data) == "xlsx":
        return check(_filled_workbook(data, name), config)
    return check(extract(read_bytes(data, name), template, hints), config)


def _filled_workbook(data: bytes, name: str) -> Report:
    from .read.workbook import read_workbook  # openpyxl: only for workbooks

    try:
        refuse_bombs(zipfile.ZipFile(BytesIO(data)), name)
        return read_workbook(name, data)
    except ReadError:
        raise
    except ZfxxgkError as exc:
        raise ReadError(name, f"a spreadsheet, but not a filled workbook of `zfxxgk template`: {exc}") from exc
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(name, f"corrupt or truncated spreadsheet ({exc.__class__.__name__}: {exc})") from exc
