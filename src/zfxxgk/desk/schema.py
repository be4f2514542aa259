"""The desk's tables, beside the report store's on the same database and the same agencies.

A case (`desk_cases`) is one 依申请公开 request; its statutory steps (`desk_steps`: 补正, 征求意见, 延期,
收费) are rows with the dates the law counts from, so deadlines and the annual tables are computed from
what happened, never typed in. Appeals, the publication register and the yearly figures for 表二 are
registers of their own; `desk_audit` records every change and every view of personal data.

Any change here needs a new migration in `zfxxgk/store/migrations/versions/`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..store.schema import Agency, Base, utcnow


class DeskUser(Base):
    """A person who works the desk: roles as codes (`registrar`, …), the agency (None for supervisors)."""

    __tablename__ = "desk_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    agency: Mapped[Agency | None] = relationship()


class CaseRow(Base):
    """One request: who asked (personal fields masked outside the desk), what, when, and how it ended.

    `received_on` is the day 条例 第三十一条 sets for the channel; `clock_start` is that day, or the day a
    correction arrived (第三十条). `outcome` is a 表三 row id and `closed_on` the day it was decided; both
    stay empty while the case is open.
    """

    __tablename__ = "desk_cases"
    __table_args__ = (UniqueConstraint("agency_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    number: Mapped[str] = mapped_column(String(40))
    secret_hash: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(20))
    received_on: Mapped[date] = mapped_column(Date, index=True)
    clock_start: Mapped[date] = mapped_column(Date)
    applicant_kind: Mapped[str] = mapped_column(String(20))
    applicant_name: Mapped[str] = mapped_column(String(200))
    id_number: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    form: Mapped[str | None] = mapped_column(String(40))
    delivery: Mapped[str | None] = mapped_column(String(40))
    outcome: Mapped[str | None] = mapped_column(String(60))
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)
    answer: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # What the answer letter states beyond its standard wording (how/where/when the information is
    # provided, where it was published, the responsible agency, the earlier case of a 重复申请, …).
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # 合并办理: the case this duplicate request is answered with (closed with it, same outcome).
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("desk_cases.id"))

    agency: Mapped[Agency] = relationship()
    steps: Mapped[list[StepRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="StepRow.id"
    )
    appeals: Mapped[list[AppealRow]] = relationship(
        back_populates="case", foreign_keys="AppealRow.case_id", order_by="AppealRow.id"
    )


class StepRow(Base):
    """A statutory step: `kind` correction | consultation | extension | fee.

    `started_on` is the notice (or approval) day; `due_on` the day the other side's period ends;
    `ended_on` the day the correction, the opinion or the payment arrived (None while awaited);
    `days` the working days an extension (or a 第三十五条 deferral) adds; `amount` a fee in 元.
    """

    __tablename__ = "desk_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("desk_cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    started_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    days: Mapped[int | None] = mapped_column(Integer)
    amount: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100))
    # The day the applicant or third party received the notice, when it was mailed: their period runs
    # from it. `reply` is what came back (the correction, the opinion), kept apart from the notice's `note`.
    delivered_on: Mapped[date | None] = mapped_column(Date)
    reply: Mapped[str | None] = mapped_column(Text)
    # Step-specific facts: a fee's standard and quantity, a third party's name, a step forced after the limit.
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    case: Mapped[CaseRow] = relationship(back_populates="steps")


class AppealRow(Base):
    """A 行政复议 or 行政诉讼 about a request: `kind` and `result` are 表四's row and column ids.

    A suit after review names the review it follows (`review_id`); `result` stays `pending` until decided.
    """

    __tablename__ = "desk_appeals"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("desk_cases.id"), index=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("desk_appeals.id"))
    kind: Mapped[str] = mapped_column(String(30))
    body: Mapped[str | None] = mapped_column(String(200))
    filed_on: Mapped[date] = mapped_column(Date, index=True)
    result: Mapped[str] = mapped_column(String(20), default="pending")
    decided_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[CaseRow] = relationship(back_populates="appeals", foreign_keys=[case_id])


class DocumentRow(Base):
    """An entry of the publication register (政府信息公开目录): a 规章, a 行政规范性文件 or other information.

    `kind` rules | normative_docs | other; 表二 counts the first two by `issued_on` and `repealed_on`.
    """

    __tablename__ = "desk_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    doc_number: Mapped[str | None] = mapped_column(String(100))
    issued_on: Mapped[date] = mapped_column(Date)
    repealed_on: Mapped[date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)


class FigureRow(Base):
    """A yearly figure of 表二 the agency's other systems hold: decisions (件) or fees (万元)."""

    __tablename__ = "desk_figures"
    __table_args__ = (UniqueConstraint("agency_id", "year", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    item: Mapped[str] = mapped_column(String(30))
    value: Mapped[float] = mapped_column(Float)


class AgencyRemedy(Base):
    """Where an agency's answers can be challenged: its 复议机关 and the court with jurisdiction.

    Every letter that ends a case names both (行政复议法 第二十条: a decision that does not tell the
    applicant the 复议机关 and the period does not start the 60 days).
    """

    __tablename__ = "desk_agency_remedies"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    review_body: Mapped[str] = mapped_column(String(200))
    court: Mapped[str] = mapped_column(String(200))


class AuditRow(Base):
    """Who did or saw what, when: every state change and every view of an applicant's personal data."""

    __tablename__ = "desk_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("desk_cases.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
