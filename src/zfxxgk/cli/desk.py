"""`zfxxgk report` and `zfxxgk desk …`: the annual report from the registers, and the request desk.

Each command opens the database (`--db`, before or after the command name, else $ZFXXGK_DB, else
./zfxxgk.db), calls one method of `zfxxgk.desk.Desk` as the user named by `--user` (or $ZFXXGK_USER)
and prints the result. Read-only commands run without a user as a supervisor named after the login, who
sees personal data masked. Codes (channels, kinds, outcomes, steps) are checked against the desk's own
vocabulary before anything runs, and dates by `options.parse_date`, so a wrong value is one line, exit 2.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table as RichTable

from ..errors import ZfxxgkError
from ..model import Severity
from .common import error_line, print_findings, stderr, stdout, styled
from .i18n import _
from .options import (
    DESK_PANEL,
    HELP_CONTEXT,
    AgencyOpt,
    DbOpt,
    ExitCode,
    UserOpt,
    command_help,
    database,
    date_option,
    example,
    existing_database,
    flag,
    output_option,
)
from .parse import cells_tables

if TYPE_CHECKING:  # SQLAlchemy loads only when a desk command runs
    from ..desk import Actor, CaseView, Desk

EXIT_ERRORS = ExitCode.FINDINGS
EXIT_FAILED = ExitCode.USAGE
PASSWORD_ENV = "ZFXXGK_PASSWORD"

OnOpt = Annotated[Optional[date], date_option("--on", help=_("这一步的日期（默认今天）。"))]
NoteOpt = Annotated[Optional[str], typer.Option("--note", help=_("理由或备注，写入文书相应位置。"))]
NumberArg = Annotated[str, typer.Argument(help=_("案件编号，如 2025-0007。"))]
CaseYearOpt = Annotated[Optional[int], typer.Option("--year", "-y", help=_("只看这一年收到的案件。"))]


def _one_of(codes: Callable[[], Iterable[str]]) -> Callable[[str], str]:
    """A parser accepting one of the desk's codes, refusing anything else in one line that lists them.
    The codes are read from the desk when the command runs: importing the desk package (SQLAlchemy and
    all) when the CLI starts would slow every command, `--help` included. `--help` lists them in words."""

    def parse(text: str) -> str:
        allowed = list(codes())
        if text not in allowed:
            raise typer.BadParameter(_("“{value}”不可用，可用：{codes}").format(value=text, codes=_("、").join(allowed)))
        return text

    return parse


def _channels() -> list[str]:
    from ..desk.vocab import Channel

    return [c.value for c in Channel]


def _applicant_kinds() -> list[str]:
    from ..desk.vocab import applicant_kinds

    return [t.id for t in applicant_kinds()]


def _steps() -> list[str]:
    from ..desk.actions import BY_ID

    return list(BY_ID)


def _roles() -> list[str]:
    from ..desk.roles import Role

    return [r.value for r in Role]


def _appeal_kinds() -> list[str]:
    from ..desk.vocab import appeal_kinds

    return [t.id for t in appeal_kinds()]


def _appeal_results() -> list[str]:
    from ..desk.vocab import appeal_results

    return [t.id for t in appeal_results() if t.id != "pending"]


def _outcome(text: str) -> str:
    """An outcome of 表三 by code or printed label; anything else is refused naming the codes."""
    from ..desk.vocab import match, outcomes

    try:
        return match(outcomes(), text).id
    except ValueError:
        codes = _("、").join(t.id for t in outcomes())
        raise typer.BadParameter(_("“{value}”不是表三的办理结果，可用：{codes}").format(value=text, codes=codes)) from None


desk_app = typer.Typer(
    help=_("依申请公开台账：登记、办理、答复申请；表二、表四所需的登记簿。") + example("zfxxgk desk register -h", "zfxxgk desk due"),
    no_args_is_help=True,
    context_settings=HELP_CONTEXT,
)


@contextmanager
def _desk(db: str | None, create: bool = False) -> Iterator[Desk]:
    """The open desk; a library error ends the command with its message and status 2. Only the commands
    that set a desk up (`desk agency`, `desk user`) may `create` its database; the others refuse a
    database file that does not exist, which is a mistyped path, never an empty desk."""
    from ..desk import Desk

    url = database(db) if create else existing_database(db)
    try:
        with Desk.open(url) as desk:
            yield desk
    except ZfxxgkError as exc:
        error_line(str(exc))
        raise typer.Exit(EXIT_FAILED) from None


def _actor(desk: Desk, user: str | None, read_only: bool = False) -> Actor:
    from ..desk import Actor, DeskError, Role

    if user:
        return desk.actor(user)
    if read_only:
        return Actor(f"{getpass.getuser()}（命令行）", frozenset({Role.SUPERVISOR}))  # a name kept in data, not a message
    raise DeskError(_("请用 --user 或 $ZFXXGK_USER 指明办理人"))


def report(
    year: Annotated[int, typer.Option("--year", "-y", help=_("报告所属年度。"))],
    agency: AgencyOpt = None,
    output: Annotated[Optional[Path], output_option(_("写入年度报告的文件（.docx、.html、.md、.txt、.pdf）。"))] = None,
    force: Annotated[bool, flag("--force", help=_("即使检查发现错误、或台账中该年度没有任何案件，也照样写出。"))] = False,
    store: Annotated[bool, flag("--store", help=_("同时把写出的报告存入报告库，供 compare 和 aggregate 使用。"))] = False,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    from ..store import Store

    if store and output is None:
        raise typer.BadParameter(_("--store 需要同时用 -o 指明文件"), param_hint="--store")
    with _desk(db) as desk:
        actor = _actor(desk, user, read_only=True)
        made = desk.annual_report(actor, year, agency)
        values = made.values()
        if not force and not any(values.get(f"requests.{row}.total") for row in ("new", "carried_in")):
            error_line(_("台账中没有 {year} 年度的任何申请案件（新收和上年结转均为 0）；确需写出全零的报告请加 --force").format(year=year))
            raise typer.Exit(EXIT_FAILED)
        if output:
            made = desk.write_report(actor, year, output, agency, force)
        stored = Store(desk.engine).ingest_bytes(output.read_bytes(), output.name) if store and output else None
    if output:
        line = _("已写入 {path}（{agency} {year}年度，{template}版格式）")
        stdout.print(line.format(path=output, agency=made.meta.agency, year=year, template=made.meta.template), markup=False, highlight=False)
    else:
        for grid in cells_tables(made):
            stdout.print(grid)
    if stored:
        stdout.print(_("已存入报告库：{status}，报告编号 {id}").format(status=stored.status, id=stored.report_id), markup=False, highlight=False)
    print_findings(made)
    if any(f.severity is Severity.ERROR for f in made.findings):
        raise typer.Exit(EXIT_ERRORS)


REPORT_HELP = command_help(
    _("由依申请公开台账统计本机关一个年度的表二、表三、表四，运行全部检查，写出年度报告（单数 report）。列出报告库中各机关的报告请用 zfxxgk reports（复数）。"),
    _("退出状态：0 未发现错误级问题；1 有错误级问题；2 数据库或参数有误，或台账中该年度没有案件（可加 --force）。"),
    examples=["zfxxgk report --year 2025 -a 某区政府办公室 -o 2025年报.docx", "zfxxgk report -y 2025 -o 2025年报.docx --store"],
)


def _print_case(case: CaseView) -> None:
    p = case.personal
    stdout.rule(escape(f"{case.number} · {case.agency}"))

    def line(text: str) -> None:
        stdout.print(text, markup=False, highlight=False)

    line(_("{channel}，{received} 收到；{kind} {name}").format(channel=case.channel, received=case.received_on, kind=case.applicant_kind, name=p.name))
    contact = "；".join(x for x in (p.id_number, p.phone, p.address, p.email) if x)
    if contact:
        line(_("证件及联系方式：{contact}").format(contact=contact))
    line(_("申请内容：{description}").format(description=case.description))
    for s in case.steps:
        parts = (
            (_("送达 {value}"), s.delivered_on), (_("期限至 {value}"), s.due_on), (_("完成于 {value}"), s.ended_on),
            (_("延长工作日 {value}"), s.days), (_("金额 {value}"), s.amount),
        )
        extra = "".join("，" + label.format(value=v) for label, v in parts if v)
        line(f"· {s.label}：{s.started_on}{extra}（{s.actor}）")
    c = case.clock
    for warning in case.flags:
        stdout.print(styled("yellow", _("注意：{warning}").format(warning=warning)), highlight=False)
    if case.outcome_label:
        stdout.print(styled("green", _("已办结")) + escape(f"：{case.closed_on} {case.outcome_label}"), highlight=False)
    else:
        provisional = _("（节假日安排未公布，暂按周末计算）") if c.provisional else ""
        line(f"{c.status.label}；{c.next_what}：{c.next_due}{provisional}")


def _cases_table(title: str, cases: list[CaseView]) -> RichTable:
    grid = RichTable(title=title, title_justify="left")
    for header in (_("编号"), _("收到"), _("申请人"), _("状态"), _("期限"), _("办理结果"), _("注意")):
        grid.add_column(header)
    for c in cases:
        due = f"{c.clock.next_what} {c.clock.next_due}" if c.clock.next_due else ""
        grid.add_row(*(escape(x) for x in (c.number, str(c.received_on), c.personal.name, c.status.label, due, c.outcome_label or "", "；".join(c.flags))))
    return grid


DESK_EXITS = _("退出状态：0 正常；2 参数有误、案件或用户不存在，或这一步不允许（错误信息说明原因）。")


def _help(text: str, *examples: str) -> str:
    return command_help(text, DESK_EXITS, examples=examples)


@desk_app.command(
    "agency",
    help=_help(
        _("添加机关（或记录已知机关的另一写法），并登记其复议机关和管辖法院（结束案件的文书都要写明）。"),
        "zfxxgk desk agency 某市某区人民政府办公室 --review-body 某区人民政府 --court 某区人民法院",
    ),
)
def add_agency(
    name: Annotated[str, typer.Argument(help=_("机关全称。"))],
    review_body: Annotated[Optional[str], typer.Option("--review-body", help=_("复议机关，写入每份答复书。"))] = None,
    court: Annotated[Optional[str], typer.Option("--court", help=_("对本机关提起诉讼的管辖法院。"))] = None,
    db: DbOpt = None,
) -> None:
    if (review_body is None) != (court is None):
        raise typer.BadParameter(_("--review-body 和 --court 须同时给出"), param_hint="--court")
    with _desk(db, create=True) as desk:
        agency_id = desk.add_agency(name)
        if review_body is not None and court is not None:
            desk.set_remedy(agency_id, review_body, court, by=getpass.getuser())
        remedy = desk.remedy(agency_id)
    where = _("；复议机关 {body}，管辖法院 {court}").format(body=remedy[0], court=remedy[1]) if remedy else _("；尚未登记复议机关和管辖法院（答复书需要）")
    stdout.print(_("机关编号 {id}：{name}").format(id=agency_id, name=name) + where, markup=False, highlight=False)


def _password(asked: bool, from_stdin: bool) -> str | None:
    """The password for the web desk, never from the command line (shell history, `ps`): prompted
    hidden and confirmed, read from stdin, or taken from $ZFXXGK_PASSWORD."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n") or None
    if asked:
        return typer.prompt(_("密码"), hide_input=True, confirmation_prompt=True)
    return os.environ.get(PASSWORD_ENV) or None


@desk_app.command(
    "user",
    help=_help(
        _("添加台账用户，可有多个角色（监督员不属于任何机关）。网页台账的登录密码不写在命令行上：用 --password 隐藏输入并确认，或 --password-stdin 从标准输入读取，或设环境变量 ZFXXGK_PASSWORD。"),
        "zfxxgk desk user 王芳 -r registrar -r handler -a 某区政府办公室 --password",
        'printf %s "$PW" | zfxxgk desk user 李明 -r supervisor --password-stdin',
    ),
)
def add_user(
    name: Annotated[str, typer.Argument(help=_("用户名（登录网页台账时使用）。"))],
    role: Annotated[
        list[str],
        typer.Option("--role", "-r", parser=_one_of(_roles), metavar="ROLE", help=_("角色：registrar（登记员）、handler（承办人）、approver（审批人）或 supervisor（监督员）；可重复。")),
    ],
    agency: AgencyOpt = None,
    password: Annotated[bool, flag("--password", help=_("提示输入网页台账的登录密码（隐藏输入，须确认）。"))] = False,
    password_stdin: Annotated[bool, flag("--password-stdin", help=_("从标准输入读取登录密码（一行）。"))] = False,
    db: DbOpt = None,
) -> None:
    secret = _password(password, password_stdin)
    with _desk(db, create=True) as desk:
        from ..desk import Role

        actor = desk.add_user(name, [Role(r) for r in role], agency, secret, by=getpass.getuser())
    stdout.print(_("用户 {name}：{roles}").format(name=actor.name, roles="、".join(r.label for r in actor.roles)), markup=False, highlight=False)


@desk_app.command(
    "register",
    help=_help(
        _("登记一件申请；显示其编号和申请人查询用的查询码。"),
        "zfxxgk desk register --name 张三 --phone 13812345678 --channel visit --received 2025-01-24 -d 某项目清单",
    ),
)
def register_case(
    name: Annotated[str, typer.Option("--name", help=_("申请人姓名或单位名称。"))],
    description: Annotated[str, typer.Option("--description", "-d", help=_("所需信息：名称、文号或描述。"))],
    kind: Annotated[
        str,
        typer.Option("--kind", parser=_one_of(_applicant_kinds), metavar="KIND", help=_("申请人类别（表三各列）：natural（自然人）、business（商业企业）、research（科研机构）、ngo（社会公益组织）、legal（法律服务机构）或 other（其他）。")),
    ] = "natural",
    channel: Annotated[
        str,
        typer.Option("--channel", parser=_one_of(_channels), metavar="CHANNEL", help=_("申请渠道，决定第三十一条的收到之日：visit（当面）、letter（邮寄）、ordinary_letter（平常信函）、online（网上）或 fax（传真）。")),
    ] = "letter",
    received: Annotated[Optional[date], date_option("--received", help=_("第三十一条按渠道确定的收到之日（默认今天）。"))] = None,
    id_number: Annotated[Optional[str], typer.Option("--id-number", help=_("身份证号或统一社会信用代码。"))] = None,
    phone: Annotated[Optional[str], typer.Option("--phone", help=_("联系电话。"))] = None,
    address: Annotated[Optional[str], typer.Option("--address", help=_("通信地址。"))] = None,
    email: Annotated[Optional[str], typer.Option("--email", help=_("电子邮箱。"))] = None,
    receipt: Annotated[Optional[Path], typer.Option("--receipt", help=_("把申请人的登记回执（含查询码）写入这个 .docx。"))] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    from ..desk import Application
    from ..desk.vocab import Channel

    application = Application(kind, name, description, Channel(channel), received, id_number, phone, address, email)
    with _desk(db) as desk:
        actor = _actor(desk, user)
        made = desk.register(actor, application)
        if receipt is not None:
            receipt.write_bytes(desk.letter(actor, made.case_id, "receipt", made.secret))
    line = _("已登记 {number}，查询码 {code}；答复期限：{due}").format(number=made.number, code=made.secret, due=made.answer_due)
    stdout.print(line, markup=False, highlight=False)
    if made.duplicates:
        warning = _("注意：同一申请人已就相同内容提出申请 {numbers}，可合并办理（desk merge）或按重复申请答复").format(numbers="、".join(made.duplicates))
        stdout.print(styled("yellow", warning), highlight=False)
    if receipt is not None:
        stdout.print(_("已写入登记回执 {path}").format(path=receipt), markup=False, highlight=False)


@desk_app.command(
    "step",
    help=_help(
        _("办理一个法定步骤：补正（告知、收到、逾期）、征求第三方意见、延期、信息处理费（通知、缴纳、逾期）。"),
        "zfxxgk desk step 2025-0001 correction-request --on 2025-01-27 --note 请写明小区名称。",
        "zfxxgk desk step 2025-0002 extend --days 10",
    ),
)
def step(
    number: NumberArg,
    action: Annotated[
        str,
        typer.Argument(
            parser=_one_of(_steps),
            metavar="ACTION",
            help=_("步骤：correction-request、correction-received、correction-lapse（补正）；consult、consulted（征求第三方意见）；delivered（送达）；extend（延期）；fee、fee-paid、fee-lapse（信息处理费）；reason、defer（第三十五条）；withdraw（撤回）。"),
        ),
    ],
    on: OnOpt = None,
    days: Annotated[int, typer.Option("--days", min=1, help=_("extend：延长的工作日数（合计不超过 20）；defer：推迟后的期限。"))] = 20,
    amount: Annotated[Optional[float], typer.Option("--amount", min=0, help=_("fee：金额（元），按收费标准核对。"))] = None,
    basis: Annotated[Optional[str], typer.Option("--basis", help=_("fee：按件计收或按量计收。"))] = None,
    quantity: Annotated[Optional[int], typer.Option("--quantity", help=_("fee：页数（按量），或本申请在申请人当月申请中的序位（按件）。"))] = None,
    pay_how: Annotated[Optional[str], typer.Option("--pay-how", help=_("fee：缴费方式（账户、窗口等）。"))] = None,
    party: Annotated[Optional[str], typer.Option("--party", help=_("consult：第三方名称。"))] = None,
    delivered: Annotated[Optional[date], date_option("--delivered", help=_("邮寄的告知书送达之日。"))] = None,
    force: Annotated[Optional[str], typer.Option("--force", help=_("期限已过仍要收费、征求意见或延期时的理由（记录并标注）。"))] = None,
    note: NoteOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    detail = {"basis": basis, "quantity": quantity, "pay_how": pay_how, "party": party}
    with _desk(db) as desk:
        actor = _actor(desk, user)
        case_id = desk.find(actor, number).id
        _print_case(desk.take_step(actor, case_id, action, on, days, amount, note, delivered, force, detail))


@desk_app.command(
    "answer",
    help=_help(_("答复申请，归入表三的一个办理结果。"), "zfxxgk desk answer 2025-0001 部分公开 --on 2025-03-03 --text 住户姓名不予公开。", "zfxxgk desk answer 2025-0002 denied.third_party"),
)
def answer(
    number: NumberArg,
    outcome: Annotated[
        str,
        typer.Argument(parser=_outcome, metavar="OUTCOME", help=_("表三的办理结果，写代码（granted、partial、denied.third_party 等）或表上的名称（部分公开、不予公开·属于国家秘密 等）。")),
    ],
    text: Annotated[Optional[str], typer.Option("--text", help=_("文书中标准措辞之外要写的内容。"))] = None,
    on: OnOpt = None,
    how: Annotated[str | None, typer.Option("--how", help=_("予以公开、部分公开：提供信息的方式。"))] = None,
    where: Annotated[str | None, typer.Option("--where", help=_("予以公开、部分公开：提供的地点（地址、邮箱、网址）。"))] = None,
    when: Annotated[str | None, typer.Option("--when", help=_("予以公开、部分公开：提供的时间。"))] = None,
    published: Annotated[str | None, typer.Option("--published", help=_("已主动公开（第三十六条第（一）项）：获取的途径。"))] = None,
    responsible: Annotated[str | None, typer.Option("--responsible", help=_("本机关不掌握、能确定负责机关的（第（五）项）：负责机关。"))] = None,
    contact: Annotated[str | None, typer.Option("--contact", help=_("与 --responsible 一起：该机关的联系方式。"))] = None,
    earlier: Annotated[str | None, typer.Option("--earlier", help=_("重复申请：已答复的申请编号。"))] = None,
    on_the_spot: Annotated[bool, typer.Option("--on-the-spot", help=_("当场答复（收到当日）。"))] = False,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    detail = {"how": how, "where": where, "when": when, "published": published, "responsible": responsible,
              "contact": contact, "earlier": earlier, "on_the_spot": on_the_spot or None}
    with _desk(db) as desk:
        actor = _actor(desk, user)
        _print_case(desk.answer(actor, desk.find(actor, number).id, outcome, text, on, detail))


@desk_app.command("show", help=_help(_("显示一件案件：各步骤、期限和办理结果。"), "zfxxgk desk show 2025-0001", "zfxxgk desk show 2025-0001 --reveal"))
def show(
    number: NumberArg,
    reveal: Annotated[bool, flag("--reveal", help=_("显示未遮蔽的个人信息（记入审计日志）。"))] = False,
    agency: AgencyOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    with _desk(db) as desk:
        actor = _actor(desk, user, read_only=not reveal)
        _print_case(desk.case(actor, desk.find(actor, number, agency).id, reveal))


@desk_app.command("letter", help=_help(_("写出案件的文书（告知书、答复书）DOCX。"), "zfxxgk desk letter 2025-0001 -o 2025-0001答复书.docx"))
def letter(
    number: NumberArg,
    output: Annotated[Path, output_option(_("要写入的 .docx 文件。"))],
    kind: Annotated[
        str,
        typer.Option("--kind", help=_("answer 答复书；withdrawal 撤回确认；receipt 登记回执；correction 补正告知书；consultation 征求第三方意见书；extension 延期答复告知书（第二次为 extension-2，依此类推）；fee 收费通知书；reason 要求说明理由；deferral 延迟答复。")),
    ] = "answer",
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    with _desk(db) as desk:
        actor = _actor(desk, user)
        output.write_bytes(desk.letter(actor, desk.find(actor, number).id, kind))
    stdout.print(_("已写入 {path}").format(path=output), markup=False, highlight=False)


@desk_app.command("due", help=_help(_("已逾期的案件，以及几个工作日内到期的案件。"), "zfxxgk desk due", "zfxxgk desk due --within 3 --today 2025-03-01"))
def due(
    within: Annotated[int, typer.Option("--within", min=0, help=_("几个工作日内算“即将到期”。"))] = 5,
    today: Annotated[Optional[date], date_option("--today", help=_("从这一天算起，而不是今天。"))] = None,
    agency: AgencyOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    with _desk(db) as desk:
        lists = desk.due(_actor(desk, user, read_only=True), agency, today, within)
    stdout.print(_cases_table(_("已逾期（{count}）").format(count=len(lists.overdue)), lists.overdue))
    stdout.print(_cases_table(_("{days}个工作日内到期（{count}）").format(days=within, count=len(lists.soon)), lists.soon))


@desk_app.command("list", help=_help(_("本机关的案件，新的在前。"), "zfxxgk desk list --year 2025"))
def list_cases(
    year: CaseYearOpt = None,
    agency: AgencyOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    with _desk(db) as desk:
        cases = desk.cases(_actor(desk, user, read_only=True), agency, year)
    stdout.print(_cases_table(_("案件（{count}）").format(count=len(cases)), cases))


@desk_app.command("export", help=_help(_("把案件登记簿写成 CSV 或 XLSX（按 -o 的后缀），不含姓名、证件号和联系方式。"), "zfxxgk desk export -o 案件.xlsx --year 2025"))
def export_cases(
    output: Annotated[Path, output_option(_("要写入的 .csv 或 .xlsx 文件。"))],
    year: CaseYearOpt = None,
    without_description: Annotated[bool, flag("--without-description", help=_("不导出申请内容（申请人自己写的文字，可能含个人信息）。"))] = False,
    agency: AgencyOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    from ..desk.exports import DESCRIPTION_WARNING

    with _desk(db) as desk:
        count = desk.export_cases(_actor(desk, user, read_only=True), output, agency, year, not without_description)
    stdout.print(_("已写入 {count} 行到 {path}").format(count=count, path=output), markup=False, highlight=False)
    if not without_description:
        stderr.print(styled("yellow", DESCRIPTION_WARNING), highlight=False)


class ImportWhat(str, Enum):
    cases = "cases"
    documents = "documents"
    figures = "figures"


@desk_app.command("import", help=_help(_("导入 CSV 或 XLSX 登记簿，要么全部导入，要么一行不导（列出有误的行）。"), "zfxxgk desk import 2024年登记表.xlsx", "zfxxgk desk import 文件目录.csv --what documents"))
def import_sheet(
    path: Annotated[Path, typer.Argument(help=_("CSV 或 XLSX 文件。"))],
    what: Annotated[ImportWhat, typer.Option("--what", help=_("cases：申请登记簿；documents：规章、规范性文件；figures：表二的年度数字。"))] = ImportWhat.cases,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    with _desk(db) as desk:
        actor = _actor(desk, user)
        run = {ImportWhat.cases: desk.import_cases, ImportWhat.documents: desk.import_documents, ImportWhat.figures: desk.import_figures}
        count = run[what](actor, path)
    stdout.print(_("已导入 {count} 行").format(count=count), markup=False, highlight=False)


@desk_app.command("document", help=_help(_("在政府信息公开目录中登记一份文件。"), 'zfxxgk desk document 行政规范性文件 "关于某某的通知" --number "某政办发〔2025〕3号" --issued 2025-05-06'))
def document(
    kind: Annotated[str, typer.Argument(help=_("规章、行政规范性文件或其他政府信息（或 rules、normative_docs、other）。"))],
    title: Annotated[str, typer.Argument(help=_("文件标题。"))],
    issued: Annotated[date, date_option("--issued", help=_("制发日期。"))],
    doc_number: Annotated[Optional[str], typer.Option("--number", help=_("文号。"))] = None,
    repealed: Annotated[Optional[date], date_option("--repealed", help=_("废止日期（如已废止）。"))] = None,
    url: Annotated[Optional[str], typer.Option("--url", help=_("公开网址。"))] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    with _desk(db) as desk:
        made = desk.add_document(_actor(desk, user), kind, title, issued, doc_number, repealed, url)
    stdout.print(_("已登记文件 {id}：{kind}《{title}》").format(id=made.id, kind=made.kind_label, title=made.title), markup=False, highlight=False)


@desk_app.command("figure", help=_help(_("设置表二的一个年度数字。"), "zfxxgk desk figure 2025 行政许可 1534", "zfxxgk desk figure 2025 行政事业性收费 36.25"))
def figure(
    year: Annotated[int, typer.Argument(help=_("年度。"))],
    item: Annotated[str, typer.Argument(help=_("行政许可、行政处罚、行政强制（决定数）或行政事业性收费（万元）。"))],
    value: Annotated[float, typer.Argument(help=_("数值。"))],
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    with _desk(db) as desk:
        desk.set_figure(_actor(desk, user), year, item, value)
    stdout.print(_("{year}年 {item}：{value}").format(year=year, item=item, value=f"{value:g}"), markup=False, highlight=False)


@desk_app.command("appeal", help=_help(_("登记一件针对申请的行政复议或行政诉讼。"), "zfxxgk desk appeal 2025-0002 review --filed 2025-04-20 --body 某区人民政府"))
def appeal(
    number: NumberArg,
    kind: Annotated[str, typer.Argument(parser=_one_of(_appeal_kinds), metavar="KIND", help=_("review：行政复议；suit_direct：未经复议直接起诉；suit_after_review：复议后起诉。"))],
    filed: Annotated[date, date_option("--filed", help=_("提起日期。"))],
    body: Annotated[Optional[str], typer.Option("--body", help=_("复议机关或法院。"))] = None,
    review: Annotated[Optional[int], typer.Option("--review", help=_("suit_after_review：所针对的复议编号。"))] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    with _desk(db) as desk:
        actor = _actor(desk, user)
        made = desk.record_appeal(actor, desk.find(actor, number).id, kind, filed, body, review)
    stdout.print(_("已登记 {id}：{kind}（{number}）").format(id=made.id, kind=made.kind_label, number=made.case_number), markup=False, highlight=False)


@desk_app.command("decide", help=_help(_("登记行政复议或行政诉讼的结果。"), "zfxxgk desk decide 1 upheld --on 2025-06-30"))
def decide(
    appeal_id: Annotated[int, typer.Argument(help=_("复议或诉讼的编号（见 desk appeal 的输出）。"))],
    result: Annotated[str, typer.Argument(parser=_one_of(_appeal_results), metavar="RESULT", help=_("upheld：结果维持；corrected：结果纠正；other：其他结果。"))],
    on: Annotated[date, date_option("--on", help=_("决定或判决日期。"))],
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    with _desk(db) as desk:
        made = desk.decide_appeal(_actor(desk, user), appeal_id, result, on)
    stdout.print(f"{made.kind_label} {made.id}：{made.result_label}", markup=False, highlight=False)


@desk_app.command(
    "merge",
    help=_help(_("合并办理：重复的申请与其所重复的申请一并答复（随之办结）。"), "zfxxgk desk merge 2025-0009 --into 2025-0004"),
)
def merge(
    number: Annotated[str, typer.Argument(help=_("重复的申请编号。"))],
    into: Annotated[str, typer.Option("--into", help=_("与之一并答复的申请编号。"))],
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    with _desk(db) as desk:
        actor = _actor(desk, user)
        _print_case(desk.merge(actor, desk.find(actor, number).id, desk.find(actor, into).id))


@desk_app.command(
    "correct",
    help=_help(_("更正误录的内容，写明理由，记入审计日志。"), 'zfxxgk desk correct 2025-0004 received_on 2025-03-04 --reason "登记时误录日期"'),
)
def correct(
    number: NumberArg,
    field: Annotated[str, typer.Argument(help=_("received_on、closed_on、outcome，或某一步骤的 started_on、ended_on、delivered_on。"))],
    value: Annotated[str, typer.Argument(help=_("正确的值：日期 YYYY-MM-DD，或办理结果。"))],
    reason: Annotated[str, typer.Option("--reason", help=_("误录的原因（记入审计日志）。"))],
    step_no: Annotated[Optional[int], typer.Option("--step", help=_("更正步骤日期时：第几个步骤（1 为显示的第一个）。"))] = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    with _desk(db) as desk:
        actor = _actor(desk, user)
        _print_case(desk.correct(actor, desk.find(actor, number).id, field, value, reason, step_no))


@desk_app.command("repeal", help=_help(_("登记规章或行政规范性文件的废止。"), "zfxxgk desk repeal 3 --on 2025-09-01"))
def repeal(
    document_id: Annotated[int, typer.Argument(help=_("文件编号（desk document 的输出）。"))],
    on: Annotated[date, date_option("--on", help=_("废止日期。"))],
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    with _desk(db) as desk:
        made = desk.repeal_document(_actor(desk, user), document_id, on)
    line = _("已废止 {id}：{kind}《{title}》（{on}）").format(id=made.id, kind=made.kind_label, title=made.title, on=made.repealed_on)
    stdout.print(line, markup=False, highlight=False)


@desk_app.command("appeals", help=_help(_("行政复议、行政诉讼登记簿：每一件及其申请和结果。"), "zfxxgk desk appeals"))
def appeals_list(agency: AgencyOpt = None, user: UserOpt = None, db: DbOpt = None) -> None:
    with _desk(db) as desk:
        rows = desk.appeals(_actor(desk, user, read_only=True), agency)
    grid = RichTable(title=_("行政复议、行政诉讼（{count}）").format(count=len(rows)), title_justify="left")
    for header in (_("编号"), _("申请"), _("类别"), _("机关或法院"), _("立案"), _("结果"), _("决定日期")):
        grid.add_column(header)
    for a in rows:
        grid.add_row(*(escape(x) for x in (str(a.id), a.case_number, a.kind_label, a.body or "", str(a.filed_on), a.result_label, str(a.decided_on or ""))))
    stdout.print(grid)


@desk_app.command("audit", help=_help(_("审计日志：谁在何时改动或查看了什么，按时间先后。"), "zfxxgk desk audit 2025-0004"))
def audit_log(
    number: Annotated[Optional[str], typer.Argument(help=_("只看这件案件的记录。"))] = None,
    agency: AgencyOpt = None,
    user: UserOpt = None,
    db: DbOpt = None,
) -> None:
    with _desk(db) as desk:
        actor = _actor(desk, user, read_only=True)
        case_id = desk.find(actor, number, agency).id if number else None
        entries = desk.audit_log(actor, agency, case_id)
    grid = RichTable(title=_("审计日志（{count}）").format(count=len(entries)), title_justify="left")
    for header in (_("时间"), _("人员"), _("操作"), _("案件"), _("详情")):
        grid.add_column(header)
    for e in entries:
        detail = "，".join(f"{k}={v}" for k, v in e.detail.items())
        grid.add_row(*(escape(x) for x in (e.at.strftime("%Y-%m-%d %H:%M:%S"), e.actor, e.action, str(e.case_id or ""), detail)))
    stdout.print(grid)


def register(app: typer.Typer) -> None:
    app.command(help=REPORT_HELP, rich_help_panel=DESK_PANEL)(report)
    app.add_typer(desk_app, name="desk", rich_help_panel=DESK_PANEL)
