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
from .parse import _cells_table as cells_tables

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
    """Count 表二/三/四 of a year from the desk's registers, run every check, and write the annual report
    (without -o, print the tables).

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
    else:
        for grid in cells_tables(made):
            stdout.print(grid)
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
        extra = "".join(
            f"，{k}{v}"
            for k, v in (("送达 ", s.delivered_on), ("期限至 ", s.due_on), ("完成于 ", s.ended_on), ("延长工作日 ", s.days), ("金额 ", s.amount))
            if v
        )
        stdout.print(f"· {s.label}：{s.started_on}{extra}（{s.actor}）", highlight=False)
    c = case.clock
    for flag in case.flags:
        stdout.print(f"[yellow]注意：{flag}[/yellow]", highlight=False)
    if case.outcome_label:
        stdout.print(f"[green]已办结[/green]：{case.closed_on} {case.outcome_label}", highlight=False)
    else:
        flag = "（节假日安排未公布，暂按周末计算）" if c.provisional else ""
        stdout.print(f"{c.status.label}；{c.next_what}：{c.next_due}{flag}", highlight=False)


def _cases_table(title: str, cases: list[CaseView]) -> RichTable:
    grid = RichTable(title=title, title_justify="left")
    for header in ("编号", "收到", "申请人", "状态", "期限", "办理结果", "注意"):
        grid.add_column(header)
    for c in cases:
        due = f"{c.clock.next_what} {c.clock.next_due}" if c.clock.next_due else ""
        grid.add_row(c.number, str(c.received_on), c.personal.name, c.status.label, due, c.outcome_label or "", "；".join(c.flags))
    return grid


@desk_app.command("agency")
def add_agency(
    name: Annotated[str, typer.Argument(help="The agency's full name.")],
    review_body: Annotated[str | None, typer.Option("--review-body", help="Its 复议机关, named in every answer letter.")] = None,
    court: Annotated[str | None, typer.Option("--court", help="The court with jurisdiction over suits against it.")] = None,
    db: DbOpt = None,
) -> None:
    """Add an agency (or record another spelling of a known one), with its 复议机关 and court.

    Example: zfxxgk desk agency 某区人民政府办公室 --review-body 某区人民政府 --court 某区人民法院
    """
    if (review_body is None) != (court is None):
        raise typer.BadParameter("--review-body and --court go together", param_hint="--court")
    with _desk(db) as desk:
        agency_id = desk.add_agency(name)
        if review_body is not None and court is not None:
            desk.set_remedy(agency_id, review_body, court, by=getpass.getuser())
        remedy = desk.remedy(agency_id)
    where = f"；复议机关 {remedy[0]}，管辖法院 {remedy[1]}" if remedy else "；尚未登记复议机关和管辖法院（答复书需要）"
    stdout.print(f"机关编号 {agency_id}：{name}{where}", highlight=False)


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
    receipt: Annotated[Path | None, typer.Option("--receipt", help="Write the applicant's 登记回执 (with the query code) to this .docx.")] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Register a request; prints its number, the code the applicant can look it up with, and the time limit.

    Example: zfxxgk desk register --name 张三 --id-number 110101199003071233 --phone 13812345678 -d "某文件" --receipt 回执.docx
    """
    from ..desk import Application, Channel

    application = Application(kind, name, description, Channel(channel), _date(received), id_number, phone, address, email)
    with _desk(db) as desk:
        actor = _actor(desk, user)
        made = desk.register(actor, application)
        if receipt is not None:
            receipt.write_bytes(desk.letter(actor, made.case_id, "receipt", made.secret))
    stdout.print(f"已登记 {made.number}，查询码 {made.secret}；答复期限：{made.answer_due}", highlight=False)
    if made.duplicates:
        stdout.print(
            f"[yellow]注意：同一申请人已就相同内容提出申请 {'、'.join(made.duplicates)}，"
            f"可合并办理（desk merge）或按重复申请答复[/yellow]", highlight=False,
        )
    if receipt is not None:
        stdout.print(f"已写入登记回执 {receipt}", highlight=False)


@desk_app.command("step")
def step(
    number: Annotated[str, typer.Argument(help="Case number, e.g. 2025-0007.")],
    action: Annotated[str, typer.Argument(help="correction-request, correction-received, correction-lapse, consult, consulted, delivered, extend, fee, fee-paid, fee-lapse, reason, defer or withdraw.")],
    on: OnOpt = None,
    days: Annotated[int, typer.Option("--days", help="extend: working days added (at most 20 in all); defer: the later limit.")] = 20,
    amount: Annotated[float | None, typer.Option("--amount", help="fee: the amount in 元, checked against the standard.")] = None,
    basis: Annotated[str | None, typer.Option("--basis", help="fee: 按件计收 or 按量计收.")] = None,
    quantity: Annotated[int | None, typer.Option("--quantity", help="fee: pages (按量) or the request's place in the month (按件).")] = None,
    pay_how: Annotated[str | None, typer.Option("--pay-how", help="fee: how to pay (account, counter, …).")] = None,
    party: Annotated[str | None, typer.Option("--party", help="consult: the third party's name.")] = None,
    delivered: Annotated[str | None, typer.Option("--delivered", help="The day a mailed notice was received, YYYY-MM-DD.")] = None,
    force: Annotated[str | None, typer.Option("--force", help="The reason for a fee notice, consultation or extension after the limit.")] = None,
    note: NoteOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Take a statutory step: 补正, 征求意见, 延期, 信息处理费, 第三十五条 (reason, defer), 撤回, 送达.

    Example: zfxxgk desk step 2025-0003 fee --basis 按量计收 --quantity 45 --pay-how "银行转账" --delivered 2025-05-14
    """
    detail = {"basis": basis, "quantity": quantity, "pay_how": pay_how, "party": party}
    with _desk(db) as desk:
        actor = _actor(desk, user)
        case_id = desk.find(actor, number).id
        made = desk.take_step(actor, case_id, action, _date(on), days, amount, note, _date(delivered), force, detail)
        _print_case(made)


@desk_app.command("answer")
def answer(
    number: str,
    outcome: Annotated[str, typer.Argument(help="An outcome of 表三 by code or label: granted, partial, denied.third_party, 不予公开·属于国家秘密, …")],
    text: Annotated[str | None, typer.Option("--text", help="What the letter says beyond the standard wording (the reason, …).")] = None,
    on: OnOpt = None,
    how: Annotated[str | None, typer.Option("--how", help="予以公开/部分公开: how the information is provided.")] = None,
    where: Annotated[str | None, typer.Option("--where", help="予以公开/部分公开: where (address, e-mail, website).")] = None,
    when: Annotated[str | None, typer.Option("--when", help="予以公开/部分公开: when.")] = None,
    published: Annotated[str | None, typer.Option("--published", help="Already published (第三十六条第（一）项): where to find it.")] = None,
    responsible: Annotated[str | None, typer.Option("--responsible", help="不掌握 but known elsewhere (第（五）项): the agency responsible.")] = None,
    contact: Annotated[str | None, typer.Option("--contact", help="With --responsible: that agency's contact.")] = None,
    earlier: Annotated[str | None, typer.Option("--earlier", help="重复申请: the number of the request already answered.")] = None,
    on_the_spot: Annotated[bool, typer.Option("--on-the-spot", help="当场答复 (on the day received).")] = False,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Answer a request, classifying it into exactly one outcome row of 表三.

    Example: zfxxgk desk answer 2025-0001 granted --how 电子邮件 --where zhang@example.com --when 2025年3月3日
    """
    from ..desk.vocab import match, outcomes

    detail = {"how": how, "where": where, "when": when, "published": published, "responsible": responsible,
              "contact": contact, "earlier": earlier, "on_the_spot": on_the_spot or None}
    with _desk(db) as desk:
        actor = _actor(desk, user)
        _print_case(desk.answer(actor, desk.find(actor, number).id, match(outcomes(), outcome).id, text, _date(on), detail))


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
    kind: Annotated[str, typer.Option("--kind", help="answer, withdrawal, receipt, correction, consultation, extension (extension-2, …), fee, reason or deferral.")] = "answer",
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
    without_description: Annotated[bool, typer.Option("--without-description", help="Leave out 申请内容 (free text that can name people).")] = False,
    agency: AgencyOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Write the case register as CSV or XLSX — without names, ID numbers or contact details.

    申请内容 is the applicant's own words and can carry personal details; --without-description leaves it out.

    Example: zfxxgk desk export 2025登记表.xlsx --year 2025 --without-description
    """
    from ..desk.exports import DESCRIPTION_WARNING

    with _desk(db) as desk:
        count = desk.export_cases(_actor(desk, user, read_only=True), path, agency, year, not without_description)
    stdout.print(f"已写入 {count} 行到 {path}", highlight=False)
    if not without_description:
        stderr.print(f"[yellow]{DESCRIPTION_WARNING}[/yellow]", highlight=False)


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


@desk_app.command("merge")
def merge(
    number: Annotated[str, typer.Argument(help="The duplicate request.")],
    into: Annotated[str, typer.Option("--into", help="The request it is answered with.")],
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """合并办理: answer a duplicate request together with the one it repeats (it closes with it)."""
    with _desk(db) as desk:
        actor = _actor(desk, user)
        _print_case(desk.merge(actor, desk.find(actor, number).id, desk.find(actor, into).id))


@desk_app.command("correct")
def correct(
    number: str,
    field: Annotated[str, typer.Argument(help="received_on, closed_on, outcome, or a step's started_on, ended_on, delivered_on.")],
    value: Annotated[str, typer.Argument(help="The right value: a date YYYY-MM-DD, or an outcome.")],
    reason: Annotated[str, typer.Option("--reason", help="Why the entry was wrong (kept in the audit log).")],
    step_no: Annotated[int | None, typer.Option("--step", help="For a step's date: which step (1 = the first shown).")] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Put right a mistaken entry, with the reason, in the audit log.

    Example: zfxxgk desk correct 2025-0004 received_on 2025-03-04 --reason "登记时误录日期"
    """
    with _desk(db) as desk:
        actor = _actor(desk, user)
        _print_case(desk.correct(actor, desk.find(actor, number).id, field, value, reason, step_no))


@desk_app.command("repeal")
def repeal(
    document_id: Annotated[int, typer.Argument(help="The document's id (as printed by `desk document`).")],
    on: Annotated[str, typer.Option("--on", help="Day repealed, YYYY-MM-DD.")],
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """Record that a 规章 or 行政规范性文件 was repealed."""
    with _desk(db) as desk:
        made = desk.repeal_document(_actor(desk, user), document_id, date.fromisoformat(on))
    stdout.print(f"已废止 {made.id}：{made.kind_label}《{made.title}》（{made.repealed_on}）", highlight=False)


@desk_app.command("appeals")
def appeals_list(agency: AgencyOpt = None, user: UserOpt = None, db: DbOpt = None) -> None:
    """The appeals register: every 行政复议 and 行政诉讼 with its request and result."""
    with _desk(db) as desk:
        rows = desk.appeals(_actor(desk, user, read_only=True), agency)
    grid = RichTable(title=f"行政复议、行政诉讼（{len(rows)}）", title_justify="left")
    for header in ("编号", "申请", "类别", "机关或法院", "立案", "结果", "决定日期"):
        grid.add_column(header)
    for a in rows:
        grid.add_row(str(a.id), a.case_number, a.kind_label, a.body or "", str(a.filed_on), a.result_label, str(a.decided_on or ""))
    stdout.print(grid)


@desk_app.command("audit")
def audit_log(
    number: Annotated[str | None, typer.Argument(help="Only this case's entries.")] = None,
    agency: AgencyOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    """The audit log: who changed or saw what, and when, oldest first."""
    with _desk(db) as desk:
        actor = _actor(desk, user, read_only=True)
        case_id = desk.find(actor, number, agency).id if number else None
        entries = desk.audit_log(actor, agency, case_id)
    grid = RichTable(title=f"审计日志（{len(entries)}）", title_justify="left")
    for header in ("时间", "人员", "操作", "案件", "详情"):
        grid.add_column(header)
    for e in entries:
        detail = "，".join(f"{k}={v}" for k, v in e.detail.items())
        grid.add_row(e.at.strftime("%Y-%m-%d %H:%M:%S"), e.actor, e.action, str(e.case_id or ""), detail)
    stdout.print(grid)


def register(app: typer.Typer) -> None:
    app.command()(report)
    app.add_typer(desk_app, name="desk")
