"""Writing reports: the fill-in workbook and the standard report in the official format.

Agency staff fill the workbook (`write_workbook`), `read_workbook` turns it into a Report, and
`render_report` writes any Report — from a workbook, from JSON, from `zfxxgk parse` — as DOCX, HTML,
Markdown, text or PDF. Rendering refuses a report that fails the checks unless forced: a published
report that contradicts itself is exactly what this package exists to prevent.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ..check import run_checks
from ..errors import ZfxxgkError
from ..model import Finding, Report, Severity
from ..read.workbook import read_workbook
from .html import page_html
from .page import Page, build_page
from .pdf import write_pdf
from .text import TableStyle, markdown, page_text
from .word import write_docx
from .workbook import write_workbook

__all__ = [
    "FORMATS",
    "RenderRefused",
    "blocking_findings",
    "read_data",
    "read_workbook",
    "render_page",
    "render_report",
    "write_workbook",
]


class RenderRefused(ZfxxgkError):
    """The report fails the checks; `findings` are the errors to fix first."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"the report fails {len(findings)} check(s); fix them or render with --force")
        self.findings = findings


def _write_text(render: Callable[[Page], str]) -> Callable[[Page, Path], None]:
    def write(page: Page, path: Path) -> None:
        path.write_text(render(page), encoding="utf-8")

    return write


FORMATS: dict[str, Callable[[Page, Path], None]] = {
    ".docx": write_docx,
    ".html": _write_text(page_html),
    ".htm": _write_text(page_html),
    ".md": _write_text(markdown),
    ".txt": _write_text(lambda page: page_text(page, TableStyle.TABS)),
    ".pdf": write_pdf,
}


def blocking_findings(report: Report) -> list[Finding]:
    """The error findings of a fresh run of the checks (those a report must not be published with)."""
    return [f for f in run_checks(report) if f.severity is Severity.ERROR]


def render_page(page: Page, path: str | Path) -> None:
    """Write a page in the format its file suffix names."""
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        raise ZfxxgkError(f"unknown output format “{target.suffix}”; use one of {', '.join(FORMATS)}")
    FORMATS[target.suffix.lower()](page, target)


def render_report(report: Report, path: str | Path, force: bool = False) -> None:
    """Write the standard report; raises RenderRefused when it fails the checks and not `force`."""
    if not force and (errors := blocking_findings(report)):
        raise RenderRefused(errors)
    render_page(build_page(report), path)


def read_data(path: str | Path) -> Report:
    """A Report from a filled workbook, a Report JSON file or one line of `zfxxgk parse` output."""
    p = Path(path)
    data = p.read_bytes()
    if data.startswith(b"PK"):
        return read_workbook(p)
    text = data.decode("utf-8-sig")
    try:
        try:
            objects = [json.loads(text)]
        except json.JSONDecodeError:
            objects = [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise ZfxxgkError(f"neither a workbook nor report JSON ({exc.msg}, line {exc.lineno})") from None
    if len(objects) != 1:
        raise ZfxxgkError(f"holds {len(objects)} reports; render one at a time")
    if not isinstance(objects[0], dict):
        raise ZfxxgkError("report JSON must be an object, as `zfxxgk parse` writes")
    missing = [key for key in ("source", "meta", "cells") if key not in objects[0]]
    if missing:
        raise ZfxxgkError(f"not report JSON: no {', '.join(repr(k) for k in missing)} (write it with `zfxxgk parse`, schema zfxxgk.report/1)")
    try:
        return Report.from_json(objects[0])
    except (KeyError, TypeError, ValueError) as exc:
        raise ZfxxgkError(f"report JSON not in the zfxxgk.report/1 shape ({exc.__class__.__name__}: {exc})") from None
