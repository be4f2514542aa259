"""`zfxxgk report` and `zfxxgk desk …`: the annual report from the registers, and the request desk.

Each command opens the database (`--db`, else $ZFXXGK_DB, else ./zfxxgk.db), calls one method of
`zfxxgk.desk.Desk` as the user named by `--user` (or $ZFXXGK_USER) and prints the result. Read-only
commands run without a user as a supervisor named after the login, who sees personal data masked.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table as RichTable

from ..errors import ZfxxgkError
from ..model import Severity
from .common import print_findings, stderr, stdout

from .store import DbOpt

if TYPE_CHECKING:  # SQLAlchemy loads only when a desk command runs
    from ..desk import Actor, CaseView, Desk

EXIT_ERRORS = 1
EXIT_FAILED = 2

UserOpt = Annotated[str | None, typer.Option("--user", "-u", envvar="ZFXXGK_USER", help="The desk user acting (default: $ZFXXGK_USER).")]
AgencyOpt = Annotated[str | None, typer.Option("--agency", "-a", help="Agency name (default: the user's own).")]
OnOpt = Annotated[str | None, typer.Option("--on", help="Date of the step, YYYY-MM-DD (default: today).")]
NoteOpt = Annotated[str | None, typer.Option("--note", help="Reason or remark, printed in the letter where it belongs.")]

desk_app = typer.Typer(help="The request desk (依申请公开): register, advance and answer requests; registers for 表二/表四.", no_args_is_help=True)


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@contextmanager
def _desk(db: str | None) -> Iterator[Desk]:
    """The open desk; a library error ends the command with its message and status 2."""
    from ..desk import Desk

    try:
        with Desk.open(db) as desk:
            yield desk
    except ZfxxgkError as exc:
        stderr.print(f"[red]zfxxgk: {exc}[/red]", highlight=False)
        raise typer.Exit(EXIT_FAILED) from exc


def _actor(desk: Desk, user: str | None, read_only: bool = False) -> Actor:
    from ..desk import Actor, DeskError, Role

    if user:
        return desk.actor(user)
    if read_only:
        return Actor(f"{getpass.getuser()}（命令行）", frozenset({Role.SUPERVISOR}))
    raise DeskError("请用 --user 或 $ZFXXGK_USER 指明办理人")


def report(
    year: Annotated[int, typer.Option("--year", "-y", help="The year reported on.")],
    agency: AgencyOpt = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here (.docx, .html, .md, .txt, .pdf).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Write even if the checks find errors.")] = False,
    store: Annotated[bool, typer.Option("--store", help="Also store the written report in the report database, for compare and aggregate.")] = False,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Count 表二/三/四 of a year from the desk's registers, run every check, and write the annual report.

    Exit status: 0 no error findings, 1 error findings, 2 a problem with the database or the arguments.

    Example: zfxxgk report --year 2025 --agency 某区政府办公室 -o 2025年报.docx
    """
    from ..store import Store

    if store and output is None:
        raise typer.BadParameter("--store needs --output", param_hint="--store")
    with _desk(db) as desk:
        actor = _actor(desk, user, read_only=True)
        made = desk.write_report(actor, year, output, agency, force) if output else desk.annual_report(actor, year, agency)
        stored = Store(desk.engine).ingest_bytes(output.read_bytes(), output.name) if store and output else None
    if output:
        stdout.print(f"已写入 {output}（{made.meta.agency} {year}年度，{made.meta.template}版格式）", highlight=False)
    if stored:
        stdout.print(f"已存入报告库：{stored.status}，报告编号 {stored.report_id}", highlight=False)
    print_findings(made)
    if any(f.severity is Severity.ERROR for f in made.findings):
        raise typer.Exit(EXIT_ERRORS)


def _print_case(case: CaseView) -> None:
    p = case.personal
    stdout.rule(f"{case.number} · {case.agency}")
    stdout.print(f"{case.channel}，{case.received_on} 收到；{case.applicant_kind} {p.name}", highlight=False)
    contact = "；".join(x for x in (p.id_number, p.phone, p.address, p.email) if x)
    if contact:
        stdout.print(f"证件及联系方式：{contact}", highlight=False)
    stdout.print(f"申请内容：{case.description}", highlight=False)
    for s in case.steps:
        extra = "".join(f"，{k}{v}" for k, v in (("期限至 ", s.due_on), ("完成于 ", s.ended_on), ("延长工作日 ", s.days), ("金额 ", s.amount)) if v)
        stdout.print(f"· {s.label}：{s.started_on}{extra}（{s.actor}）", highlight=False)
    c = case.clock
    if case.outcome_label:
        stdout.print(f"[green]已办结[/green]：{case.closed_on} {case.outcome_label}", highlight=False)
    else:
        flag = "（节假日安排未公布，暂按周末计算）" if c.provisional else ""
        stdout.print(f"{c.status.label}；{c.next_what}：{c.next_due}{flag}", highlight=False)


def _cases_table(title: str, cases: list[CaseView]) -> RichTable:
    grid = RichTable(title=title, title_justify="left")
    for header in ("编号", "收到", "申请人", "状态", "期限", "办理结果"):
        grid.add_column(header)
    for c in cases:
        due = f"{c.clock.next_what} {c.clock.next_due}" if c.clock.next_due else ""
        grid.add_row(c.number, str(c.received_on), c.personal.name, c.status.label, due, c.outcome_label or "")
    return grid


@desk_app.command("agency")
def add_agency(name: Annotated[str, typer.Argument(help="The agency's full name.")], db: DbOpt = None) -> None:
    """Add an agency (or record another spelling of a known one)."""
    with _desk(db) as desk:
        stdout.print(f"机关编号 {desk.add_agency(name)}：{name}", highlight=False)


@desk_app.command("user")
def add_user(
    name: str,
    role: Annotated[list[str], typer.Option("--role", "-r", help="registrar, handler, approver or supervisor; repeat for several.")],
    agency: AgencyOpt = None,
    password: Annotated[str | None, typer.Option("--password", help="For signing in to the web desk.")] = None,
    db: DbOpt = None,
) -> None:
    """Add a desk user with one or more roles (supervisors belong to no agency)."""
    from ..desk import Role

    with _desk(db) as desk:
        actor = desk.add_user(name, [Role(r) for r in role], agency, password, by=getpass.getuser())
    stdout.print(f"用户 {actor.name}：{'、'.join(r.label for r in actor.roles)}", highlight=False)


@desk_app.command("register")
def register_case(
    name: Annotated[str, typer.Option("--name", help="Applicant's name (person) or name (organisation).")],
    description: Annotated[str, typer.Option("--description", "-d", help="The information asked for: title, number or description.")],
    kind: Annotated[str, typer.Option("--kind", help="natural, business, research, ngo, legal or other.")] = "natural",
    channel: Annotated[str, typer.Option("--channel", help="visit, letter, ordinary_letter, online or fax.")] = "letter",
    received: Annotated[str | None, typer.Option("--received", help="The day 条例第三十一条 sets for the channel (default: today).")] = None,
    id_number: Annotated[str | None, typer.Option("--id-number", help="ID card number or unified social credit code.")] = None,
    phone: Annotated[str | None, typer.Option("--phone")] = None,
    address: Annotated[str | None, typer.Option("--address")] = None,
    email: Annotated[str | None, typer.Option("--email")] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Register a request; prints its number and the code the applicant can look it up with."""
    from ..desk import Application, Channel

    application = Application(kind, name, description, Channel(channel), _date(received), id_number, phone, address, email)
    with _desk(db) as desk:
        made = desk.register(_actor(desk, user), application)
    stdout.print(f"已登记 {made.number}，查询码 {made.secret}", highlight=False)


@desk_app.command("step")
def step(
    number: Annotated[str, typer.Argument(help="Case number, e.g. 2025-0007.")],
    action: Annotated[str, typer.Argument(help="correction-request, correction-received, correction-lapse, consult, consulted, extend, fee, fee-paid or fee-lapse.")],
    on: OnOpt = None,
    days: Annotated[int, typer.Option("--days", help="extend: working days added (at most 20 in all).")] = 20,
    amount: Annotated[float, typer.Option("--amount", help="fee: amount in 元.")] = 0.0,
    note: NoteOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Take a statutory step: 补正 (request, received, lapse), 征求意见, 延期, 信息处理费 (notice, paid, lapse)."""
    with _desk(db) as desk:
        actor = _actor(desk, user)
        _print_case(desk.take_step(actor, desk.find(actor, number).id, action, _date(on), days, amount, note))


@desk_app.command("answer")
def answer(
    number: str,
    outcome: Annotated[str, typer.Argument(help="An outcome of 表三 by code or label: granted, partial, denied.third_party, 不予公开·属于国家秘密, …")],
    text: Annotated[str | None, typer.Option("--text", help="What the letter says beyond the standard wording.")] = None,
    on: OnOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Answer a request, classifying it into exactly one outcome row of 表三."""
    from ..desk.vocab import match, outcomes

    with _desk(db) as desk:
        actor = _actor(desk, user)
        _print_case(desk.answer(actor, desk.find(actor, number).id, match(outcomes(), outcome).id, text, _date(on)))


@desk_app.command("show")
def show(
    number: str,
    reveal: Annotated[bool, typer.Option("--reveal", help="Show personal data unmasked (recorded in the audit log).")] = False,
    agency: AgencyOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """One case with its steps, its time limit and its outcome."""
    with _desk(db) as desk:
        actor = _actor(desk, user, read_only=not reveal)
        _print_case(desk.case(actor, desk.find(actor, number, agency).id, reveal))


@desk_app.command("letter")
def letter(
    number: str,
    output: Annotated[Path, typer.Option("--output", "-o", help="The .docx to write.")],
    kind: Annotated[str, typer.Option("--kind", help="answer, correction, extension or fee.")] = "answer",
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Write a case's letter (告知书) as DOCX."""
    with _desk(db) as desk:
        actor = _actor(desk, user)
        output.write_bytes(desk.letter(actor, desk.find(actor, number).id, kind))
    stdout.print(f"已写入 {output}", highlight=False)


@desk_app.command("due")
def due(
    within: Annotated[int, typer.Option("--within", help="Working days counted as 'due soon'.")] = 5,
    today: Annotated[str | None, typer.Option("--today", help="Count from this day instead of today.")] = None,
    agency: AgencyOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Open cases past their time limit, and those whose limit ends within a few working days."""
    with _desk(db) as desk:
        lists = desk.due(_actor(desk, user, read_only=True), agency, _date(today), within)
    stdout.print(_cases_table(f"已逾期（{len(lists.overdue)}）", lists.overdue))
    stdout.print(_cases_table(f"{within}个工作日内到期（{len(lists.soon)}）", lists.soon))


@desk_app.command("list")
def list_cases(
    year: Annotated[int | None, typer.Option("--year", help="Cases received in this year.")] = None,
    agency: AgencyOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """The agency's cases, newest first."""
    with _desk(db) as desk:
        cases = desk.cases(_actor(desk, user, read_only=True), agency, year)
    stdout.print(_cases_table(f"案件（{len(cases)}）", cases))


@desk_app.command("export")
def export_cases(
    path: Annotated[Path, typer.Argument(help="A .csv or .xlsx file to write.")],
    year: Annotated[int | None, typer.Option("--year", help="Cases received in this year.")] = None,
    agency: AgencyOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Write the case register as CSV or XLSX — without names, ID numbers or contact details."""
    with _desk(db) as desk:
        count = desk.export_cases(_actor(desk, user, read_only=True), path, agency, year)
    stdout.print(f"已写入 {count} 行到 {path}", highlight=False)


class ImportWhat(str, Enum):
    cases = "cases"
    documents = "documents"
    figures = "figures"


@desk_app.command("import")
def import_sheet(
    path: Path,
    what: Annotated[ImportWhat, typer.Option("--what", help="cases: a request register; documents: 规章/规范性文件; figures: 表二 yearly figures.")] = ImportWhat.cases,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Import a CSV or XLSX register, all rows or none (faulty rows are listed)."""
    with _desk(db) as desk:
        actor = _actor(desk, user)
        run = {ImportWhat.cases: desk.import_cases, ImportWhat.documents: desk.import_documents, ImportWhat.figures: desk.import_figures}
        count = run[what](actor, path)
    stdout.print(f"已导入 {count} 行", highlight=False)


@desk_app.command("document")
def document(
    kind: Annotated[str, typer.Argument(help="规章, 行政规范性文件 or 其他政府信息 (or rules, normative_docs, other).")],
    title: str,
    issued: Annotated[str, typer.Option("--issued", help="Day issued, YYYY-MM-DD.")],
    doc_number: Annotated[str | None, typer.Option("--number", help="文号.")] = None,
    repealed: Annotated[str | None, typer.Option("--repealed", help="Day repealed, if it is.")] = None,
    url: Annotated[str | None, typer.Option("--url")] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Add a document to the publication register (政府信息公开目录)."""
    issued_on = date.fromisoformat(issued)
    with _desk(db) as desk:
        made = desk.add_document(_actor(desk, user), kind, title, issued_on, doc_number, _date(repealed), url)
    stdout.print(f"已登记文件 {made.id}：{made.kind_label}《{made.title}》", highlight=False)


@desk_app.command("figure")
def figure(
    year: int,
    item: Annotated[str, typer.Argument(help="行政许可, 行政处罚, 行政强制 (decisions) or 行政事业性收费 (万元).")],
    value: float,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Set one yearly figure of 表二."""
    with _desk(db) as desk:
        desk.set_figure(_actor(desk, user), year, item, value)
    stdout.print(f"{year}年 {item}：{value:g}", highlight=False)


@desk_app.command("appeal")
def appeal(
    number: str,
    kind: Annotated[str, typer.Argument(help="review, suit_direct or suit_after_review.")],
    filed: Annotated[str, typer.Option("--filed", help="Day filed, YYYY-MM-DD.")],
    body: Annotated[str | None, typer.Option("--body", help="复议机关 or court.")] = None,
    review: Annotated[int | None, typer.Option("--review", help="suit_after_review: the review's id.")] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Record a 行政复议 or 行政诉讼 about a request."""
    with _desk(db) as desk:
        actor = _actor(desk, user)
        made = desk.record_appeal(actor, desk.find(actor, number).id, kind, date.fromisoformat(filed), body, review)
    stdout.print(f"已登记 {made.id}：{made.kind_label}（{made.case_number}）", highlight=False)


@desk_app.command("decide")
def decide(
    appeal_id: int,
    result: Annotated[str, typer.Argument(help="upheld, corrected or other.")],
    on: Annotated[str, typer.Option("--on", help="Day decided, YYYY-MM-DD.")],
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Record the result of a 行政复议 or 行政诉讼."""
    with _desk(db) as desk:
        made = desk.decide_appeal(_actor(desk, user), appeal_id, result, date.fromisoformat(on))
    stdout.print(f"{made.kind_label} {made.id}：{made.result_label}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(report)
    app.add_typer(desk_app, name="desk")
