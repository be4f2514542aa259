"""The rating's tables, beside the report store's: reviewers' overrides and recorded rating runs.

An override is kept like a correction — who, when, why, never over the computed value — and the latest
one per report and indicator applies at every rating. A run records the rubric (its text and digest)
with the scores it produced, so a changed rubric can always be shown beside the scores it gave.

Any change here needs a new migration in `zfxxgk/store/migrations/versions/`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..store.schema import Base, utcnow


class RatingOverride(Base):
    __tablename__ = "rating_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    indicator: Mapped[str] = mapped_column(String(80))
    points: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RatingRun(Base):
    __tablename__ = "rating_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int | None] = mapped_column(Integer)
    rubric_version: Mapped[str] = mapped_column(String(80))
    rubric_digest: Mapped[str] = mapped_column(String(20), index=True)
    rubric: Mapped[str] = mapped_column(Text)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # report id → score
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
