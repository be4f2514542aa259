"""What each table cell shows: its value, its colour, and where it came from.

A page fills the official layout (`layout.grids`) with `CellView`s; the report page colours cells by their
worst finding and carries each cell's provenance so a click can scroll the original to it, the compare
page marks what changed between two years. The templates stay free of that logic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..model import CellKind, CellValue, Finding, Report
from .layout import template_of
from .render import SEVERITY_ORDER, number

NA_TEXT = "—"


@dataclass(slots=True)
class CellView:
    text: str
    classes: list[str] = field(default_factory=list)
    title: str = ""
    data: dict[str, str] = field(default_factory=dict)


def shown(cell: CellValue) -> str:
    """The value as printed: a number (with a unit the template does not fix), a dash, or nothing."""
    if cell.kind is CellKind.NA:
        return cell.raw or NA_TEXT
    text = number(cell.value)
    return f"{text}{cell.unit}" if text and cell.unit else text


def worst(findings: list[Finding]) -> dict[str, str]:
    """The most severe finding's level for every cell any finding names."""
    out: dict[str, str] = {}
    for f in findings:
        level = f.severity.value
        for cid in f.cells:
            if cid not in out or SEVERITY_ORDER[level] < SEVERITY_ORDER[out[cid]]:
                out[cid] = level
    return out


def provenance_data(cell: CellValue) -> dict[str, str]:
    """`data-*` attributes locating the cell's source: a line of text, or a page and box of a PDF."""
    prov = cell.provenance
    if prov is None:
        return {}
    data = {"raw": prov.text}
    if prov.line is not None:
        data["line"] = str(prov.line)
    if prov.page is not None:
        data["page"] = str(prov.page)
    if prov.bbox is not None:
        data["bbox"] = json.dumps(list(prov.bbox))
    return data


def report_views(report: Report, corrections: list[dict[str, Any]]) -> dict[str, CellView]:
    """Views of every cell of a stored report: value, finding colour, provenance, correction note."""
    labels = {cid: spec.label for cid, spec in template_of(report.meta.template).cells.items()}
    levels = worst(report.findings)
    fixes = {c["cell"]: c for c in corrections}
    views: dict[str, CellView] = {}
    for cid, cell in report.cells.items():
        classes = ["cell", f"kind-{cell.kind.value.lower()}"]
        title = labels.get(cid, cid)
        if cid in levels:
            classes.append(f"sev-{levels[cid]}")
        if cid in fixes:
            fix = fixes[cid]
            classes.append("corrected")
            before = (fix.get("original") or {}).get("value")
            title += f"\n已更正：原值 {number(before) or '空'} → {number(fix['value']) or '空'}（{fix['reason']}，{fix['author']}）"
        data = {"cell": cid, "label": labels.get(cid, cid), **provenance_data(cell)}
        views[cid] = CellView(shown(cell), classes, title, data)
    return views
