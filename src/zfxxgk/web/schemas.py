"""The JSON API's request and response bodies, so the OpenAPI page documents every field."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from ..store import ReportSummary


class ReportItem(BaseModel):
    """One stored report as the list shows it, with its findings counted per severity."""

    id: int
    agency: str
    year: int
    template: str
    title: str | None
    published: str | None
    path: str = Field(description="the file name it was uploaded or ingested under (a label, not a location)")
    format: str
    sha256: str
    version: int
    errors: int
    warnings: int
    infos: int
    corrections: int
    ingested_at: datetime

    @classmethod
    def of(cls, summary: ReportSummary, counts: dict[str, int]) -> ReportItem:
        return cls(
            id=summary.id, agency=summary.agency, year=summary.year, template=summary.template, title=summary.title,
            published=summary.published, path=summary.path, format=summary.format, sha256=summary.sha256,
            version=summary.version, errors=counts.get("error", summary.errors),
            warnings=counts.get("warning", summary.warnings), infos=counts.get("info", 0),
            corrections=summary.corrections, ingested_at=summary.ingested_at,
        )


class ReportList(BaseModel):
    count: int
    items: list[ReportItem]


class FileOut(BaseModel):
    id: int
    name: str = Field(description="the uploaded file's name without any folder part")
    size: int
    sha256: str
    status: Literal["queued", "processing", "new", "duplicate", "updated", "failed"]
    report_id: int | None = None
    agency: str | None = None
    year: int | None = None
    reason: str | None = None


class BatchOut(BaseModel):
    id: str
    files: list[FileOut]
    counts: dict[str, int]
    done: bool


class CorrectionIn(BaseModel):
    cell: str = Field(description="cell id, e.g. requests.new.natural")
    value: str | int | float | None = Field(description="the right value; null, '' or '-' for a blank cell")
    reason: str = Field(min_length=1, description="why the printed value is wrong")


class ReportDetail(BaseModel):
    info: ReportItem
    report: dict[str, Any] = Field(description="the report in the output contract (zfxxgk.report/1), corrections applied")
    corrections: list[dict[str, Any]]
    history: list[dict[str, Any]]


class CellChangeOut(BaseModel):
    cell: str
    label: str
    a: int | float | None
    b: int | float | None
    change: int | float | None
    ratio: float | None


class ComparisonOut(BaseModel):
    agency: str
    year_a: int
    year_b: int
    report_a: ReportItem
    report_b: ReportItem
    cells: list[CellChangeOut]
    findings: list[dict[str, Any]]


class JurisdictionIn(BaseModel):
    year: int
    prefix: str | None = Field(None, description="sum the agencies whose name starts with this (e.g. 栖霞区)")
    agencies: list[str] | None = Field(None, description="the agencies expected to report; those without a report are listed as missing")


class JurisdictionOut(BaseModel):
    year: int
    template: str
    scope: str
    included: list[ReportItem]
    missing: list[str]
    other_template: list[int] = Field(description="ids of included reports in the other template (only shared cells summed)")
    totals: dict[str, int | float | None]
    findings: list[dict[str, Any]]
    charts: dict[str, Any]
