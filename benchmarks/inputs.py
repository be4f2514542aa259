"""What the benchmarks read and where they run: the shared reference data, the same reports rendered into
other formats, and a description of the machine.

The seeds and the corpus live beside the clone (`../shared`). Real HTML, DOCX and PDF reports are few, so
the text reports are also rendered to HTML and DOCX by `zfxxgk.render` (when it is installed): every
reader is then measured on the same reports, and the gold files of the seeds score the rendered copies.
"""

from __future__ import annotations

import os
import platform
import tempfile
from collections.abc import Callable
from pathlib import Path

from zfxxgk.errors import ZfxxgkError
from zfxxgk.model import Report
from zfxxgk.pipeline import parse_path
from zfxxgk.read import READERS

SHARED = Path(os.environ.get("ZFXXGK_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")
SEEDS = SHARED / "seeds"
SEED_GOLD = SHARED / "gold" / "seeds"
CORPUS = SHARED / "corpus"
CORPUS_GOLD = CORPUS / "expected"

FORMATS = ("text", "html", "docx", "pdf")
SUFFIXES = {"html": ".html", "docx": ".docx", "pdf": ".pdf"}
_CORPUS_FOLDERS = {"text": "txt", "html": "html", "docx": "docx", "pdf": "pdf"}

Render = Callable[[Report, Path], None]


def machine() -> dict[str, str | int]:
    """Cores, CPU model and Python version: the figures mean nothing without them."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cores": os.cpu_count() or 1, "cpu": model, "python": platform.python_version(), "system": platform.system()}


def describe(m: dict[str, str | int]) -> str:
    return f"{m['cores']} cores, {m['cpu']}, Python {m['python']} ({m['system']})"


def text_sources(seeds_only: bool = False) -> list[Path]:
    """The seeds, then the corpus's text reports."""
    seeds = sorted(SEEDS.glob("*.txt"))
    return seeds if seeds_only else seeds + sorted((CORPUS / "txt").glob("*"))


def real_sources(fmt: str, seeds_only: bool = False) -> list[Path]:
    """Reports of one format as published (the text ones include the seeds)."""
    if fmt == "text":
        return text_sources(seeds_only)
    return sorted(p for p in (CORPUS / _CORPUS_FOLDERS[fmt]).glob("*") if p.is_file())


def readable(fmt: str) -> bool:
    """Whether this installation has a reader for the format."""
    return fmt in READERS


def renderer(suffix: str) -> Render | None:
    """A function writing a report as `suffix` (.html, .docx), or None without the renderer."""
    try:
        from zfxxgk.render import FORMATS as WRITERS
        from zfxxgk.render import render_report
    except ImportError:
        return None
    if suffix not in WRITERS:
        return None
    return lambda report, path: render_report(report, path, force=True)


def render_bytes(render: Render, report: Report, suffix: str) -> bytes:
    """The report rendered, as bytes (the renderers write files)."""
    with tempfile.TemporaryDirectory(prefix="zfxxgk-bench-") as tmp:
        path = Path(tmp) / f"report{suffix}"
        render(report, path)
        return path.read_bytes()


def rendered(fmt: str, sources: list[Path], folder: Path) -> list[Path]:
    """The text reports that parse, rendered as `fmt` into `folder`; empty without a renderer."""
    render = renderer(SUFFIXES.get(fmt, ""))
    if render is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    for source in sources:
        try:
            report = parse_path(source)
        except ZfxxgkError:
            continue
        target = folder / f"{source.stem}{SUFFIXES[fmt]}"
        render(report, target)
        out.append(target)
    return out


def scanned(pdfs: list[Path], folder: Path) -> list[Path]:
    """The PDFs as a scanner returns them (150 dpi grey, a small rotation, blur and noise, by
    `zfxxgk.render.scan`), under the same names in `folder`; empty without the ocr extra."""
    from zfxxgk.read.ocr import ocr_available

    if not ocr_available():
        return []
    import random

    from zfxxgk.render.scan import scan_pdf

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for pdf in pdfs:
        target = folder / pdf.name
        target.write_bytes(scan_pdf(pdf.read_bytes(), random.Random(pdf.name)))
        out.append(target)
    return out
