"""Legacy office files (DOC, WPS, RTF) → DOCX with LibreOffice → the DOCX reader.

Word 97 and Kingsoft WPS binaries are a maze of formats no small library reads reliably; LibreOffice
does, when it is installed. It runs headless in a private temporary profile (so concurrent conversions
never share a lock) inside its own process group, which is killed whole if it overruns the timeout.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import ReadError
from ..model import Document, Source
from .docx import read_docx

TIMEOUT_SECONDS = 120
_SUFFIX = {"ole": ".doc", "rtf": ".rtf"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _run(command: list[str], path: str) -> None:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        process.wait(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise ReadError(path, f"LibreOffice did not finish converting within {TIMEOUT_SECONDS} s") from exc


def to_docx(data: bytes, kind: str, path: str) -> bytes:
    """The file converted to DOCX by LibreOffice; ReadError when it is missing or cannot convert it."""
    binary = soffice()
    if binary is None:
        raise ReadError(path, "a legacy DOC/WPS/RTF file: reading it needs LibreOffice (soffice), not installed")
    with tempfile.TemporaryDirectory(prefix="zfxxgk-") as tmp:
        work = Path(tmp)
        source = work / f"input{_SUFFIX.get(kind, '.doc')}"
        source.write_bytes(data)
        profile = (work / "profile").as_uri()
        _run([binary, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "docx",
              "--outdir", str(work), str(source)], path)
        converted = work / "input.docx"
        if not converted.exists():
            raise ReadError(path, "LibreOffice could not convert it (encrypted, corrupt, or not a text document)")
        return converted.read_bytes()


def read_office(data: bytes, source: Source) -> Document:
    return read_docx(to_docx(data, source.format, source.path), source)
