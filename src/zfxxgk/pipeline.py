"""read → extract → check for one file: the job every interface (CLI, store, web) runs.

A fill-in workbook (`zfxxgk template`, filled by an agency) already holds cells, not a printed report: it
is read by the workbook's own reader and checked like any report, so `zfxxgk check 填报表.xlsx` works.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

from .check import CheckConfig, check
from .errors import ExtractError, ReadError, ZfxxgkError
from .extract import extract
from .model import CellKind, Hints, Report
from .read import load_path, read_bytes
from .read.archive import refuse_bombs
from .read.sniff import sniff
from .templates import load
from .templates.totals import totals


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
        report = _filled_workbook(data, name)
    else:
        report = extract(read_bytes(data, name), template, hints)
    refuse_non_report(report, name)
    return check(report, config)


_FILLED = frozenset({CellKind.NUMBER, CellKind.ZERO, CellKind.NA})


def refuse_non_report(report: Report, name: str) -> None:
    """The one rule of what is a report, for every interface (check, ingest, web): ExtractError for a
    blank template or workbook (no cell filled in; the totals a workbook computes do not count) and for a
    document with neither agency, title nor section headings, whose stray numbers (a manifest, a JSON
    file) happened to sit near table labels. A report missing only its agency or year is a report: the
    checks say so (`meta.agency_missing`, `meta.year_missing`)."""
    computed = totals(load(report.meta.template)) if report.meta.template else {}
    if not any(c.kind in _FILLED for cid, c in report.cells.items() if cid not in computed):
        raise ExtractError(name, "a blank template, nothing filled in")
    if not (report.meta.agency or report.meta.title or report.sections):
        raise ExtractError(name, "not an annual report: no agency, title or section headings found")


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
