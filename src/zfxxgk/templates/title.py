"""The report's title as the official format words it, from the agency and the year reported on."""

from __future__ import annotations

from ..model import Report


def title(report: Report) -> str:
    """`某机关2024年度政府信息公开工作年度报告`; the parts not known are left out, never invented."""
    year = f"{report.meta.year}年度" if report.meta.year else ""
    return f"{report.meta.agency or ''}{year}政府信息公开工作年度报告"
