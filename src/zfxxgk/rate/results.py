"""What a rating says: per report, per indicator, the points, the status and the evidence for each point lost.

Points are kept in hundredths as integers while they are shared out, so the points lost over all
indicators add up to exactly 100 − score (the `explained` property the tests hold).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..model import Finding, Provenance

Status = Literal["assessed", "not_assessed", "overridden"]


@dataclass(slots=True)
class Evidence:
    """Why points were lost (or kept): a finding, a publication fact, a measured share, quoted text."""

    message: str
    rule: str | None = None
    cells: list[str] = field(default_factory=list)
    places: list[Provenance] = field(default_factory=list)
    quote: str | None = None
    value: Any = None

    @classmethod
    def of(cls, finding: Finding) -> Evidence:
        quotes = [p.text for p in finding.provenance if p.text and p.line is None and p.page is None and p.table is None]
        places = [p for p in finding.provenance if p.line is not None or p.page is not None or p.table is not None]
        return cls(finding.message, finding.rule, list(finding.cells), places, quotes[0] if quotes else None, finding.actual)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"message": self.message}
        if self.rule:
            out["rule"] = self.rule
        if self.cells:
            out["cells"] = self.cells
        if self.places:
            out["places"] = [p.to_json() for p in self.places]
        if self.quote:
            out["quote"] = self.quote
        if self.value is not None:
            out["value"] = self.value
        return out


@dataclass(slots=True)
class Measure:
    """What a measure found: the share of the indicator's points earned (None: not assessed) and why."""

    fraction: float | None
    evidence: list[Evidence] = field(default_factory=list)
    note: str = ""  # why it was not assessed, or what was measured


@dataclass(slots=True)
class Override:
    """A reviewer's points for one indicator of one report, with who, when and why."""

    points: float  # out of the indicator's weight in the rubric
    reason: str
    author: str
    at: str  # ISO timestamp

    def to_json(self) -> dict[str, Any]:
        return {"points": self.points, "reason": self.reason, "author": self.author, "at": self.at}


@dataclass(slots=True)
class IndicatorScore:
    id: str
    group: str
    label: str
    max: float
    points: float
    status: Status
    evidence: list[Evidence]
    note: str = ""
    computed: float | None = None  # the measured points, when a reviewer's override replaced them
    override: Override | None = None

    @property
    def lost(self) -> float:
        return round(self.max - self.points, 2)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "group": self.group,
            "label": self.label,
            "max": self.max,
            "points": self.points,
            "status": self.status,
            "evidence": [e.to_json() for e in self.evidence],
        }
        if self.note:
            out["note"] = self.note
        if self.override is not None:
            out["computed"] = self.computed
            out["override"] = self.override.to_json()
        return out


@dataclass(slots=True)
class ReportRating:
    agency: str
    year: int | None
    score: float
    indicators: list[IndicatorScore]
    path: str = ""
    sha256: str = ""
    report_id: int | None = None
    template: str | None = None
    rank: int | None = None
    previous: float | None = None  # last year's score of the same agency, same rubric

    @property
    def change(self) -> float | None:
        return None if self.previous is None else round(self.score - self.previous, 2)

    def groups(self) -> dict[str, tuple[float, float]]:
        """Points and maximum per indicator group, in rubric order."""
        out: dict[str, tuple[float, float]] = {}
        for i in self.indicators:
            points, most = out.get(i.group, (0.0, 0.0))
            out[i.group] = (round(points + i.points, 2), round(most + i.max, 2))
        return out

    def lost(self) -> list[IndicatorScore]:
        return [i for i in self.indicators if i.lost > 0]

    def to_json(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "year": self.year,
            "score": self.score,
            "rank": self.rank,
            "previous_score": self.previous,
            "change": self.change,
            "report_id": self.report_id,
            "path": self.path,
            "sha256": self.sha256,
            "template": self.template,
            "indicators": [i.to_json() for i in self.indicators],
        }


@dataclass(slots=True)
class Rating:
    """Every rated report, ranked within its year; `rubric_version`/`rubric_digest` say which rubric."""

    reports: list[ReportRating]
    rubric_version: str
    rubric_digest: str
    missing: list[str] = field(default_factory=list)  # listed agencies with no report for the year
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason) of unreadable files

    def years(self) -> list[int]:
        return sorted({r.year for r in self.reports if r.year is not None}, reverse=True)

    def ranking(self, year: int | None = None) -> list[ReportRating]:
        """The reports of `year` (all when None) by rank, then agency name."""
        chosen = [r for r in self.reports if year is None or r.year == year]
        return sorted(chosen, key=lambda r: (-(r.year or 0), r.rank or 0, r.agency))
