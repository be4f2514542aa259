"""Each role sees and does only what it may; personal data stays masked where it is not needed, never
leaves in public answers or exports, and every change and every view of it is in the audit log."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest
from desk_support import AGENCY, PROVIDED, Office, application, desk_fixture, office_fixture  # noqa: F401 (fixtures)

from zfxxgk.desk import Actor, Desk, NotFound, PermissionDenied

PERSONAL = ("110101199003071233", "13812345678", "中关村大街1号", "zhangsan@example.com", "张三")


def _case(desk: Desk, office: Office) -> int:
    return desk.register(office.registrar, application(date(2025, 3, 3))).case_id


def _people(office: Office) -> dict[str, Actor]:
    return {
        "registrar": office.registrar,
        "handler": office.handler,
        "approver": office.approver,
        "supervisor": office.supervisor,
        "outsider": office.outsider,
    }


ALLOWED = {
    # action: the people who may take it on a case of AGENCY
    "register": {"registrar"},
    "correction": {"handler"},
    "extend": {"approver"},
    "answer": {"handler"},
    "view": {"registrar", "handler", "approver", "supervisor"},
    "reveal": {"registrar", "handler"},
    "letter": {"registrar", "handler"},
    "report": {"registrar", "handler", "approver", "supervisor"},
}


def _attempt(desk: Desk, office: Office, action: str, actor: Actor, case: int) -> None:
    on = date(2025, 3, 5)
    calls = {
        "register": lambda: desk.register(actor, application(on), agency=AGENCY),
        "correction": lambda: desk.request_correction(actor, case, on),
        "extend": lambda: desk.extend(actor, case, 5, on),
        "answer": lambda: desk.answer(actor, case, "granted", on=on, detail=PROVIDED),
        "view": lambda: desk.case(actor, case),
        "reveal": lambda: desk.case(actor, case, reveal=True),
        "letter": lambda: desk.letter(actor, case, "answer"),
        "report": lambda: desk.annual_report(actor, 2025, AGENCY),
    }
    calls[action]()


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("who", ["registrar", "handler", "approver", "supervisor", "outsider"])
def test_each_role_may_do_only_its_part(desk: Desk, office: Office, action: str, who: str) -> None:
    case = _case(desk, office)
    if action == "letter":
        desk.answer(office.handler, case, "granted", on=date(2025, 3, 4), detail=PROVIDED)
    actor = _people(office)[who]
    if who in ALLOWED[action]:
        _attempt(desk, office, action, actor, case)
        return
    with pytest.raises((PermissionDenied, NotFound)):
        _attempt(desk, office, action, actor, case)


def test_personal_data_is_masked_for_those_who_do_not_need_it(desk: Desk, office: Office) -> None:
    case = _case(desk, office)
    for actor in (office.approver, office.supervisor, office.registrar, office.handler):
        shown = desk.case(actor, case).personal
        text = repr(shown)
        assert not any(value in text for value in PERSONAL), (actor.name, text)
        assert shown.name == "张*" and shown.phone == "138****5678"
    revealed = desk.case(office.handler, case, reveal=True).personal
    assert (revealed.name, revealed.id_number, revealed.phone) == ("张三", "110101199003071233", "13812345678")


def test_the_public_sees_status_only(desk: Desk, office: Office) -> None:
    made = desk.submit(AGENCY, application(None), today=date(2025, 3, 3))
    status = desk.lookup(made.number, made.secret)
    assert not any(value in repr(status) for value in PERSONAL)
    assert status.status == "办理中" and status.received_on == date(2025, 3, 3)


def test_exports_and_the_report_carry_no_personal_data(desk: Desk, office: Office, tmp_path: Path) -> None:
    case = _case(desk, office)
    desk.answer(office.handler, case, "partial", "涉及张三的个人信息部分不予公开", date(2025, 3, 20), detail=PROVIDED)
    for name in ("cases.csv", "cases.xlsx"):
        assert desk.export_cases(office.supervisor, tmp_path / name, AGENCY) == 1
    csv_text = (tmp_path / "cases.csv").read_text("utf-8-sig")
    assert "2025-0001" in csv_text and not any(value in csv_text for value in PERSONAL[:4])
    desk.write_report(office.supervisor, 2025, tmp_path / "report.docx", AGENCY)
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "report.docx")).paragraphs)
    assert not any(value in text for value in PERSONAL)


def test_every_change_and_every_view_of_personal_data_is_audited(desk: Desk, office: Office) -> None:
    case = _case(desk, office)
    desk.request_correction(office.handler, case, date(2025, 3, 4))
    desk.receive_correction(office.registrar, case, date(2025, 3, 10))
    desk.extend(office.approver, case, 10, date(2025, 3, 20))
    desk.case(office.approver, case)  # masked: not a view of personal data
    desk.case(office.handler, case, reveal=True)
    desk.answer(office.handler, case, "granted", on=date(2025, 4, 1), detail=PROVIDED)
    desk.letter(office.registrar, case)
    log = [(e.actor, e.action) for e in desk.audit_log(office.supervisor, AGENCY, case)]
    assert log == [
        ("王登记", "register"),
        ("李承办", "correction"),
        ("王登记", "correction.received"),
        ("赵审批", "extension"),
        ("李承办", "personal.view"),
        ("李承办", "close"),
        ("王登记", "letter"),
    ]


def test_other_agencies_cases_do_not_exist_for_outsiders(desk: Desk, office: Office) -> None:
    case = _case(desk, office)
    with pytest.raises(NotFound):
        desk.case(office.outsider, case)
    with pytest.raises(NotFound):
        desk.find(office.outsider, "2025-0001")
    assert desk.cases(office.outsider) == []
    with pytest.raises(PermissionDenied):
        desk.cases(office.outsider, AGENCY)


def test_passwords(desk: Desk, office: Office) -> None:
    from desk_support import PASSWORD

    assert desk.authenticate("李承办", PASSWORD) == office.handler
    assert desk.authenticate("李承办", "wrong") is None
    assert desk.authenticate("无此人", PASSWORD) is None


def test_the_letter_names_the_applicant(desk: Desk, office: Office) -> None:
    case = _case(desk, office)
    desk.answer(office.handler, case, "granted", on=date(2025, 3, 4), detail=PROVIDED)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(desk.letter(office.handler, case))).paragraphs)
    assert "张三：" in text
