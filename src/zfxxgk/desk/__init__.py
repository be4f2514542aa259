"""The request desk: run the disclosure work itself, so the annual tables are right by construction.

Staff register 依申请公开 requests, take them through the statutory steps (补正, 征求第三方意见, 延期,
信息处理费) against working-day deadlines, answer each with exactly one outcome of 表三 and print the
letter; appeals and the publication register feed 表四 and 表二. The annual report is then counted from
what happened — a `Report` like a parsed one, checked by the same rules and written by the same renderer::

    from datetime import date
    from zfxxgk.desk import Application, Desk, Role

    desk = Desk.open("zfxxgk.db")
    desk.add_agency("某市某区人民政府办公室")
    desk.add_user("王芳", [Role.REGISTRAR, Role.HANDLER], agency="某市某区人民政府办公室")
    clerk = desk.actor("王芳")
    new = desk.register(clerk, Application("natural", "张三", "2024年老旧小区改造项目清单",
                                          id_number="110101199003071233", phone="13800000000"))
    desk.answer(clerk, new.case_id, "granted", "已通过电子邮件提供")
    desk.due(clerk).overdue                      # cases past their time limit
    desk.letter(clerk, new.case_id)              # the 告知书 as DOCX bytes
    desk.write_report(clerk, 2025, "2025年报.docx")  # 表二/三/四 counted, checked, rendered

Roles (`registrar`, `handler`, `approver`, `supervisor`) decide who may do what; applicants' personal data
is masked for everyone but registrars and handlers, and every change and every view of it is audited.
"""

from .api import Desk
from .appeals import AppealView
from .calendar import add_working_days, is_working_day, working_days_between
from .cases import Application, CaseView, PublicStatus, Registered
from .clock import PERIODS, Clock, Periods, Status
from .due import DueLists
from .errors import DeskError, NotFound, PermissionDenied
from .publications import DocumentView
from .roles import Actor, Role
from .vocab import Channel

__all__ = [
    "PERIODS",
    "Actor",
    "AppealView",
    "Application",
    "CaseView",
    "Channel",
    "Clock",
    "Desk",
    "DeskError",
    "DocumentView",
    "DueLists",
    "NotFound",
    "Periods",
    "PermissionDenied",
    "PublicStatus",
    "Registered",
    "Role",
    "Status",
    "add_working_days",
    "is_working_day",
    "working_days_between",
]
