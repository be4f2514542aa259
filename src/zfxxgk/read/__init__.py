"""Readers: a file's bytes → `Document`, whatever the format.

The format is sniffed from the content and routed through `READERS`, a table from format name to reader
function, so a new format is one module and one entry here; callers never branch on formats.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from ..errors import ReadError
from ..model import Document, Source
from .docx import read_docx
from .html import read_html
from .ocr import read_image
from .office import read_office
from .pdf import read_pdf
from .sniff import sniff
from .text import blocks_from_text, decode, replaced

MAX_BYTES = 200 * 1024 * 1024
# A report's text is tens of kilobytes; reading costs ~50 bytes of memory per byte of text, so a text file
# this large is refused before it is split into lines (100 MB otherwise ran out of memory after a minute).
MAX_TEXT_BYTES = 5 * 1024 * 1024

Reader = Callable[[bytes, Source], Document]


def read_text(data: bytes, source: Source) -> Document:
    if len(data) > MAX_TEXT_BYTES:
        megabytes = f"{len(data) / 1_000_000:.0f} MB; the limit for text is {MAX_TEXT_BYTES // 1_000_000} MB"
        raise ReadError(source.path, f"text file too large for an annual report ({megabytes})")
    try:
        text, encoding = decode(data)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReadError(source.path, f"text in an unknown encoding ({exc.__class__.__name__})") from exc
    source.encoding = encoding
    source.replaced = replaced(text, data)
    return Document(source, blocks_from_text(text))


READERS: dict[str, Reader] = {
    "text": read_text,
    "html": read_html,
    "docx": read_docx,
    "pdf": read_pdf,
    "image": read_image,
    "ole": read_office,
    "rtf": read_office,
}

_UNREADABLE = {
    "empty": "the file is empty",
    "binary": "binary data, not a report in a known format",
    "zip": "a ZIP archive that is not a Word document",
    "xlsx": "a spreadsheet: only fill-in workbooks made by `zfxxgk template` are read (zfxxgk parse/check)",
}


def read_bytes(data: bytes, path: str = "<bytes>") -> Document:
    """Read one report from memory; raises ReadError with a user-facing reason."""
    if len(data) > MAX_BYTES:
        raise ReadError(path, f"file too large ({len(data) // 1_000_000} MB; the limit is {MAX_BYTES // 1_000_000} MB)")
    kind = sniff(data)
    reader = READERS.get(kind)
    if reader is None:
        reason = _UNREADABLE.get(kind, f"{kind} files are not supported by this installation")
        raise ReadError(path, reason)
    source = Source(path=path, sha256=hashlib.sha256(data).hexdigest(), format=kind)
    return reader(data, source)


def read_path(path: str | Path) -> Document:
    """Read one report file; raises ReadError naming the file and the reason."""
    return read_bytes(load_path(path), str(path))


def load_path(path: str | Path) -> bytes:
    """A file's bytes, or a ReadError naming the file and why it cannot be opened."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(str(p), f"file too large ({size // 1_000_000} MB; the limit is {MAX_BYTES // 1_000_000} MB)")
        data = p.read_bytes()
    except IsADirectoryError as exc:
        raise ReadError(str(p), "is a directory") from exc
    except FileNotFoundError as exc:
        raise ReadError(str(p), "no such file") from exc
    except PermissionError as exc:
        raise ReadError(str(p), "permission denied") from exc
    return data
