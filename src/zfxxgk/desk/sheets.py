"""Rows of a CSV or XLSX register as dictionaries keyed by field, whatever the headers' wording.

Agencies keep registers in spreadsheets with their own headers (`收到日期`, `收文日期`); each importer
names its fields with the header words that may stand for them, and dates come as Excel dates or as
`2025-01-03`, `2025/1/3`, `2025年1月3日`, `2025.1.3`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

from charset_normalizer import from_bytes

from ..read.sheetlimits import MAX_COLUMNS, MAX_ROWS, SheetTooLarge, capped, sheet_rows

from .errors import DeskError

Row = dict[str, str]
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _grid(path: Path) -> list[list[str]]:
    """The first sheet's rows (CSV: the file's), within the caps of `read.sheetlimits`."""
    data = path.read_bytes()
    try:
        if data.startswith(b"PK"):
            return [[_text(v) for v in row] for row in sheet_rows(data, first_only=True)[0]]
        best = from_bytes(data).best()
        text = str(best) if best is not None else data.decode("utf-8", errors="replace")
        return [[c.strip() for c in row] for row in capped(csv.reader(io.StringIO(text.lstrip("\ufeff"))))]
    except SheetTooLarge as exc:
        raise DeskError(f"{path}: 表格过大（最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列）") from exc


def _key(text: str) -> str:
    return re.sub(r"[\s（）()：:*]", "", text)


def column_name(index: int) -> str:
    """`A`, …, `Z`, `AA`: the column as a spreadsheet shows it."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def read(path: str | Path, fields: Mapping[str, tuple[str, ...]], required: tuple[str, ...]) -> list[Row]:
    """Non-empty rows as {field: text}; `fields` maps a field to the header words it may be printed as."""
    return read_columns(path, fields, required)[0]


def read_columns(
    path: str | Path, fields: Mapping[str, tuple[str, ...]], required: tuple[str, ...]
) -> tuple[list[Row], dict[str, str]]:
    """`read`, and where each field was found: field → `C列“申请方式”`, for errors that name the place."""
    grid = [row for row in _grid(Path(path)) if any(row)]
    if not grid:
        raise DeskError(f"{path}: 表格为空")
    header = [_key(h) for h in grid[0]]
    columns: dict[str, int] = {}
    for name, words in fields.items():
        for i, head in enumerate(header):
            if head in {_key(w) for w in (name, *words)}:
                columns[name] = i
                break
    if missing := [f for f in required if f not in columns]:
        raise DeskError(f"{path}: 缺少列 {', '.join(fields[f][0] for f in missing)}")
    rows = [{name: (row[i] if i < len(row) else "") for name, i in columns.items()} for row in grid[1:]]
    return rows, {name: f"{column_name(i)}列“{grid[0][i]}”" for name, i in columns.items()}


def parse_date(text: str) -> date | None:
    """A date as registers write it; None for an empty cell; DeskError for anything else."""
    if not text.strip():
        return None
    match = _DATE.match(text)
    if not match:
        raise DeskError(f"无法识别的日期：{text}")
    return date(*(int(g) for g in match.groups()))
