"""Pages as PDF: the Word document converted by LibreOffice, when it is installed.

Each conversion uses a private LibreOffice profile: a running LibreOffice (or a parallel conversion)
holding the default profile otherwise makes `soffice --convert-to` exit 0 without writing anything.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import ZfxxgkError
from .page import Page
from .word import write_docx

TIMEOUT_SECONDS = 180


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def write_pdf(page: Page, path: Path) -> None:
    command = soffice()
    if command is None:
        raise ZfxxgkError("writing PDF needs LibreOffice (soffice), which is not installed")
    with tempfile.TemporaryDirectory(prefix="zfxxgk-pdf-") as tmp:
        work = Path(tmp)
        source = work / "report.docx"
        write_docx(page, source)
        subprocess.run(
            [
                command,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
        )
        produced = work / "report.pdf"
        if not produced.exists():
            raise ZfxxgkError("LibreOffice did not produce a PDF")
        shutil.move(produced, path)
