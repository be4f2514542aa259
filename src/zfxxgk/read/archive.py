"""Limits on what an Office file (a ZIP archive) may unpack to, checked before anything is decompressed.

A DOCX or XLSX is a ZIP; a hostile one (a zip bomb) declares or holds members far larger than any
report. Each member is refused above a size, or above a ratio to its compressed size that real Office
files never reach.
"""

from __future__ import annotations

import zipfile

from ..errors import ReadError

MAX_PART_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200  # deflate tops out near 1000:1 only for pathological, repeated content


def refuse_bomb(info: zipfile.ZipInfo, path: str) -> None:
    """ReadError when a member declares more than a report could hold."""
    if info.file_size > MAX_PART_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1024):
        raise ReadError(path, f"{info.filename} would unpack to {info.file_size // 1_000_000} MB: refused as a zip bomb")


def refuse_bombs(archive: zipfile.ZipFile, path: str) -> None:
    for info in archive.infolist():
        refuse_bomb(info, path)
