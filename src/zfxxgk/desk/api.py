"""`Desk`, the object the CLI, the web pages and scripts use: one short transaction per call.

Each method takes the acting user (an `Actor`, from `desk.actor(name)` or `desk.authenticate(...)`), checks
what that user may do, writes the change and its audit entry together, and returns plain views. Dates
default to today; tests and imports pass them explicitly.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ..check import check
from ..check.cross_year import cross_year
from ..model import Report
from ..render import render_report
from ..store import agencies as agency_names
from ..store.database import open_engine
from ..store.schema import Agency
from . import (
    actions,
    annual,
    appeals,
    audit,
    cases,
    corrections,
    exports,
    importer,
    inbox,
    letters,
    publications,
    steps,
    users,
)
from .appeals import AppealView
from .audit import AuditEntry
from .cases import Application, CaseView, PublicStatus, Registered
from .due import DueLists, due_lists
from .errors import DeskError, NotFound
from .inbox import SubmissionView
from .narrative import skeleton, unfilled
from .publications import DocumentView
from .roles import Actor, Role
from .schema import AgencyRemedy, CaseRow, DeskUser
from .steps import StepInput

AgencyRef = str | int | None


class Desk:
    """The request desk and registers of one database. Open with `Desk.open(url)`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str | None = None) -> Desk:
        """The desk on the database at `url`, $ZFXXGK_DB or ./zfxxgk.db (created or upgraded)."""
        return cls(open_engine(url))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        with Session(self.engine) as session, session.begin():
            yield session

    def _agency(self, session: Session, actor: Actor | None, agency: AgencyRef) -> int:
        if isinstance(agency, int):
            if session.get(Agency, agency) is None:
                raise NotFound(f"没有编号为 {agency} 的机关")
            return agency
        if agency is None:
            if actor is None or actor.agency_id is None:
                raise DeskError("请指定机关（--agency）")
            return actor.agency_id
        found = agency_names.find(session, agency)
        if found is None:
            raise NotFound(f"没有机关 {agency}")
        return found.id

    # -- agencies and users ------------------------------------------------------------------------------

    def add_agency(self, name: str) -> int:
        """The agency's id, creating it (or recording this spelling of a known one) as the store does."""
        with self._tx() as session:
            return agency_names.resolve(session, name).id

    def set_remedy(self, agency: AgencyRef, review_body: str, court: str, by: str = "admin") -> None:
        """Record the agency's 复议机关 and the court with jurisdiction, named in every letter ending a case."""
        if not review_body.strip() or not court.strip():
            raise DeskError("复议机关和管辖法院都须填写")
        with self._tx() as session:
            agency_id = self._agency(session, None, agency)
            row = session.get(AgencyRemedy, agency_id) or AgencyRemedy(agency_id=agency_id)
            row.review_body, row.court = review_body.strip(), court.strip()
            session.add(row)
            audit.record(session, by, "agency.remedy", agency_id, review_body=row.review_body, court=row.court)

    def remedy(self, agency: AgencyRef) -> tuple[str, str] | None:
        """The agency's (复议机关, 管辖法院), if recorded."""
        with self._tx() as session:
            row = session.get(AgencyRemedy, self._agency(session, None, agency))
            return (row.review_body, row.court) if row else None

    def agency_id(self, name: str) -> int:
        with self._tx() as session:
            return self._agency(session, None, name)

    def agencies(self, staffed: bool = False) -> list[tuple[int, str]]:
        """Every agency as (id, name), by name; with `staffed`, only those that run their desk here (a desk
        user belongs to them): the public pages must not offer agencies known only from uploaded reports."""
        with self._tx() as session:
            listed = agency_names.listing(session)
            if staffed:
                mine = set(session.scalars(select(DeskUser.agency_id).where(DeskUser.agency_id.is_not(None))))
                listed = [a for a in listed if a.id in mine]
            return [(a.id, a.name) for a in listed]

    def agency_name(self, agency_id: int) -> str:
        with self._tx() as session:
            return next(a.name for a in agency_names.listing(session) if a.id == agency_id)

    def add_user(
        self, name: str, roles: list[Role], agency: AgencyRef = None, password: str | None = None, by: str = "admin"
    ) -> Actor:
        with self._tx() as session:
            agency_id = None if agency is None else self._agency(session, None, agency)
            return users.add(session, by, name, roles, agency_id, password)

    def actor(self, name: str) -> Actor:
        with self._tx() as session:
            return users.actor(session, name)

    def authenticate(self, name: str, password: str) -> Actor | None:
        with self._tx() as session:
            return users.authenticate(session, name, password)

    # -- requests ----------------------------------------------------------------------------------------

    def register(self, actor: Actor, application: Application, today: date | None = None, agency: AgencyRef = None) -> Registered:
        with self._tx() as session:
            return cases.register(session, actor, self._agency(session, actor, agency), application, today or date.today())

    def submit(self, agency: AgencyRef, application: Application, today: date | None = None) -> Registered:
        """A request filed online that is a case at once (for trusted callers; the public page files into
        the inbox instead, `file_online`): the applicant gets the number and the secret code."""
        with self._tx() as session:
            return cases.submit(session, self._agency(session, None, agency), application, today or date.today())

    def lookup(self, number: str, secret: str) -> PublicStatus:
        with self._tx() as session:
            return cases.lookup(session, number, secret)

    # -- the inbox of online submissions (see inbox.py) ------------------------------------------------------

    def file_online(self, agency: AgencyRef, application: Application, today: date | None = None) -> Registered:
        """A form from the public page, waiting in the inbox; the sender gets a receipt number and code."""
        with self._tx() as session:
            return inbox.submit(session, self._agency(session, None, agency), application, today or date.today())

    def inbox(self, actor: Actor, agency: AgencyRef = None) -> list[SubmissionView]:
        with self._tx() as session:
            return inbox.pending(session, actor, self._agency(session, actor, agency))

    def accept_submission(self, actor: Actor, submission_id: int, today: date | None = None) -> Registered:
        with self._tx() as session:
            return inbox.accept(session, actor, submission_id, today or date.today())

    def set_aside_submission(self, actor: Actor, submission_id: int, why: str, note: str | None = None) -> None:
        with self._tx() as session:
            inbox.set_aside(session, actor, submission_id, why, note)

    def lookup_submission(self, number: str, secret: str) -> PublicStatus:
        with self._tx() as session:
            return inbox.lookup(session, number, secret)

    def case(self, actor: Actor, case_id: int, reveal: bool = False) -> CaseView:
        with self._tx() as session:
            return cases.show(session, actor, case_id, reveal)

    def find(self, actor: Actor, number: str, agency: AgencyRef = None) -> CaseView:
        with self._tx() as session:
            agency_id = self._agency(session, actor, agency)
            return cases.view(cases.find(session, actor, number, agency_id))

    def cases(self, actor: Actor, agency: AgencyRef = None, year: int | None = None) -> list[CaseView]:
        """The agency's cases (received in `year`, if given), newest first, masked."""
        with self._tx() as session:
            agency_id = self._agency(session, actor, agency)
            actor.require("view", agency_id)
            query = select(CaseRow).where(CaseRow.agency_id == agency_id)
            if year is not None:
                query = query.where(CaseRow.received_on >= date(year, 1, 1), CaseRow.received_on <= date(year, 12, 31))
            rows = session.scalars(query.order_by(CaseRow.received_on.desc(), CaseRow.id.desc()))
            return [cases.view(r) for r in rows]

    def export_cases(
        self, actor: Actor, path: str | Path, agency: AgencyRef = None, year: int | None = None, description: bool = True
    ) -> int:
        """The case register as CSV or XLSX, without personal data (and without the free-text 申请内容 if
        `description` is False); returns the rows written."""
        return exports.write_cases(self.cases(actor, agency, year), path, description)

    def due(self, actor: Actor, agency: AgencyRef = None, today: date | None = None, within: int = 5) -> DueLists:
        with self._tx() as session:
            return due_lists(session, actor, self._agency(session, actor, agency), today or date.today(), within)

    def take_step(
        self,
        actor: Actor,
        case_id: int,
        action: str,
        on: date | None = None,
        days: int | None = None,
        amount: float | None = None,
        note: str | None = None,
        delivered: date | None = None,
        force: str | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> CaseView:
        """Take one statutory step by its name (see `actions.ACTIONS`); returns the case as it now stands.

        `delivered` is the day a mailed notice reached the other side; `force` the reason for a step taken
        after the answer limit (refused without it); `detail` what a step records (`party`; the fee's
        `basis`, `quantity` and `pay_how`)."""
        spec = actions.BY_ID.get(action)
        if spec is None:
            raise DeskError(f"未知的办理步骤：{action}（可用：{'、'.join(actions.BY_ID)}）")
        with self._tx() as session:
            spec.run(session, actor, case_id, StepInput(on or date.today(), days, amount, note, delivered, force, detail or {}))
            return cases.view(cases.get(session, actor, case_id))

    def request_correction(self, actor: Actor, case_id: int, on: date | None = None, note: str | None = None, delivered: date | None = None) -> CaseView:
        return self.take_step(actor, case_id, "correction-request", on, note=note, delivered=delivered)

    def receive_correction(self, actor: Actor, case_id: int, on: date | None = None, note: str | None = None) -> CaseView:
        return self.take_step(actor, case_id, "correction-received", on, note=note)

    def lapse_correction(self, actor: Actor, case_id: int, on: date | None = None) -> CaseView:
        return self.take_step(actor, case_id, "correction-lapse", on)

    def start_consultation(
        self, actor: Actor, case_id: int, on: date | None = None, note: str | None = None, party: str | None = None,
        delivered: date | None = None, force: str | None = None,
    ) -> CaseView:
        return self.take_step(actor, case_id, "consult", on, note=note, delivered=delivered, force=force, detail={"party": party})

    def end_consultation(self, actor: Actor, case_id: int, on: date | None = None, note: str | None = None) -> CaseView:
        return self.take_step(actor, case_id, "consulted", on, note=note)

    def extend(self, actor: Actor, case_id: int, days: int, on: date | None = None, note: str | None = None, force: str | None = None) -> CaseView:
        return self.take_step(actor, case_id, "extend", on, days=days, note=note, force=force)

    def notify_fee(
        self, actor: Actor, case_id: int, basis: str, quantity: int, pay_how: str, on: date | None = None,
        note: str | None = None, delivered: date | None = None, force: str | None = None, amount: float | None = None,
    ) -> CaseView:
        """收费通知: the amount is computed from the standard (按件/按量) and quantity; `amount`, if given, must agree."""
        detail = {"basis": basis, "quantity": quantity, "pay_how": pay_how}
        return self.take_step(actor, case_id, "fee", on, amount=amount, note=note, delivered=delivered, force=force, detail=detail)

    def fee_paid(self, actor: Actor, case_id: int, on: date | None = None) -> CaseView:
        return self.take_step(actor, case_id, "fee-paid", on)

    def lapse_fee(self, actor: Actor, case_id: int, on: date | None = None) -> CaseView:
        return self.take_step(actor, case_id, "fee-lapse", on)

    def withdraw(self, actor: Actor, case_id: int, on: date | None = None, note: str | None = None) -> CaseView:
        return self.take_step(actor, case_id, "withdraw", on, note=note)

    def answer(
        self, actor: Actor, case_id: int, outcome: str, text: str | None = None, on: date | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> CaseView:
        """Answer with one outcome of 表三; `detail` holds what its letter states (see letters.toml [fields])."""
        with self._tx() as session:
            steps.answer(session, actor, case_id, on or date.today(), outcome, text, detail)
            return cases.view(cases.get(session, actor, case_id))

    def merge(self, actor: Actor, case_id: int, into: int) -> CaseView:
        """合并办理: a duplicate request is answered with the one it is merged into, and closes with it."""
        with self._tx() as session:
            return cases.view(corrections.merge(session, actor, case_id, into))

    def correct(self, actor: Actor, case_id: int, field: str, value: str, reason: str, step: int | None = None) -> CaseView:
        """Put right a mistaken entry (see `corrections.FIELDS`), with the reason, in the audit log."""
        with self._tx() as session:
            return cases.view(corrections.correct(session, actor, case_id, field, value, reason, step))

    def letter_kinds(self, actor: Actor, case_id: int) -> list[str]:
        with self._tx() as session:
            return letters.kinds(cases.get(session, actor, case_id))

    def compose_letter(self, actor: Actor, case_id: int, kind: str = "answer", secret: str | None = None) -> letters.Letter:
        """The letter's text (audited as a view of personal data, as the DOCX is)."""
        with self._tx() as session:
            case = cases.get(session, actor, case_id, "letter")
            made = letters.compose(case, kind, session.get(AgencyRemedy, case.agency_id), secret)
            audit.record(session, actor, "letter", case.agency_id, case.id, kind=kind)
            return made

    def letter(self, actor: Actor, case_id: int, kind: str = "answer", secret: str | None = None) -> bytes:
        """The DOCX of a case's letter; it names the applicant, so it is audited as a personal-data view."""
        return letters.to_docx(self.compose_letter(actor, case_id, kind, secret))

    def import_cases(self, actor: Actor, path: str | Path, today: date | None = None) -> int:
        with self._tx() as session:
            return importer.import_cases(session, actor, self._agency(session, actor, None), path, today or date.today())

    # -- appeals and publications --------------------------------------------------------------------------

    def record_appeal(
        self, actor: Actor, case_id: int, kind: str, filed_on: date, body: str | None = None, review_id: int | None = None
    ) -> AppealView:
        with self._tx() as session:
            return appeals.record(session, actor, case_id, kind, filed_on, body, review_id)

    def decide_appeal(self, actor: Actor, appeal_id: int, result: str, decided_on: date) -> AppealView:
        with self._tx() as session:
            return appeals.decide(session, actor, appeal_id, result, decided_on)

    def appeals(self, actor: Actor, agency: AgencyRef = None) -> list[AppealView]:
        with self._tx() as session:
            return appeals.listing(session, actor, self._agency(session, actor, agency))

    def add_document(
        self, actor: Actor, kind: str, title: str, issued_on: date, doc_number: str | None = None,
        repealed_on: date | None = None, url: str | None = None, summary: str | None = None,
    ) -> DocumentView:
        with self._tx() as session:
            agency_id = self._agency(session, actor, None)
            return publications.add_document(session, actor, agency_id, kind, title, issued_on, doc_number, repealed_on, url, summary)

    def repeal_document(self, actor: Actor, document_id: int, on: date) -> DocumentView:
        with self._tx() as session:
            return publications.repeal(session, actor, document_id, on)

    def set_figure(self, actor: Actor, year: int, item: str, value: float) -> None:
        with self._tx() as session:
            publications.set_figure(session, actor, self._agency(session, actor, None), year, item, value)

    def import_documents(self, actor: Actor, path: str | Path) -> int:
        with self._tx() as session:
            return publications.import_documents(session, actor, self._agency(session, actor, None), path)

    def import_figures(self, actor: Actor, path: str | Path) -> int:
        with self._tx() as session:
            return publications.import_figures(session, actor, self._agency(session, actor, None), path)

    def catalogue(self, agency: AgencyRef, query: str = "", kind: str | None = None) -> list[DocumentView]:
        with self._tx() as session:
            return publications.catalogue(session, self._agency(session, None, agency), query, kind)

    # -- the annual report and the log -----------------------------------------------------------------------

    def annual_report(self, actor: Actor, year: int, agency: AgencyRef = None) -> Report:
        """The year's tables from the registers, with the narrative skeleton, checked by every rule —
        the cross-year ones against the year before, counted from the same registers."""
        with self._tx() as session:
            agency_id = self._agency(session, actor, agency)
            actor.require("report", agency_id)
            report = annual.compute(session, agency_id, year)
            previous = annual.compute(session, agency_id, year - 1)
            facts = annual.facts(session, agency_id, year)
        report.narrative = skeleton(report, facts)
        check(report)
        report.findings += cross_year(report, previous) + unfilled(report)
        return report

    def write_report(self, actor: Actor, year: int, path: str | Path, agency: AgencyRef = None, force: bool = False) -> Report:
        """Write the standard report (DOCX, HTML, … by the file suffix) through the renderer."""
        report = self.annual_report(actor, year, agency)
        render_report(report, path, force)
        return report

    def server_log(self, actor: Actor) -> list[AuditEntry]:
        """The entries of no agency (sign-ins, sign-outs, refused requests), for supervisors only."""
        actor.require("view", None)
        with self._tx() as session:
            return audit.unattached(session)

    def audit_log(self, actor: Actor, agency: AgencyRef = None, case_id: int | None = None) -> list[AuditEntry]:
        with self._tx() as session:
            agency_id = self._agency(session, actor, agency)
            actor.require("view", agency_id)
            return audit.entries(session, agency_id, case_id)
