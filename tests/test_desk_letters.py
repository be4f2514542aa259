"""The letters (告知书) as the law requires them: one golden text per kind, every citation checked against
the 条例's own wording, the 复议机关 and the court named in every letter that ends a case, and each defect
the desk once had pinned by a test that failed before the fix.

Golden files: tests/data/desk_letters/NAME.txt is the DOCX's text; run with ZFXXGK_REGOLD=1 to rewrite them
after a deliberate wording change, and read the diff.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import docx
import pytest
from desk_support import COURT, PROVIDED, REVIEW_BODY, Office, application, desk_fixture, office_fixture  # noqa: F401

from zfxxgk.desk import Desk, DeskError, law, letters
from zfxxgk.desk.vocab import outcomes

GOLDEN = Path(__file__).parent / "data" / "desk_letters"
Letter = tuple[int, str]  # (case id, letter kind)


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def _case(desk: Desk, office: Office, received: date = date(2025, 9, 26), kind: str = "natural") -> int:
    return desk.register(office.clerk, application(received, kind)).case_id


def _answer(outcome: str, detail: dict[str, str] | None = None, text: str = "详见附件。") -> Callable[[Desk, Office], Letter]:
    def make(desk: Desk, office: Office) -> Letter:
        case = _case(desk, office)
        if outcome == "unavailable.unclear":
            desk.request_correction(office.clerk, case, date(2025, 9, 29))
            desk.receive_correction(office.clerk, case, date(2025, 10, 9), "申请人补充了小区名称")
        desk.answer(office.clerk, case, outcome, text, date(2025, 10, 20), detail)
        return case, "answer"
    return make


def _earlier(desk: Desk, office: Office) -> Letter:
    first = _case(desk, office, date(2025, 8, 1))
    number = desk.answer(office.clerk, first, "granted", on=date(2025, 8, 8), detail=PROVIDED).number
    return _answer("not_processed.duplicate", {"earlier": number})(desk, office)


def _consulted(desk: Desk, office: Office) -> Letter:
    case = _case(desk, office)
    desk.start_consultation(office.clerk, case, date(2025, 9, 29), "请于期限内回复。", party="某某置业有限公司", delivered=date(2025, 10, 9))
    desk.end_consultation(office.clerk, case, date(2025, 10, 20), "第三方不同意公开：涉及商业秘密")
    desk.answer(office.clerk, case, "denied.third_party", "第三方不同意公开的理由成立。", date(2025, 10, 27))
    return case, "answer"


def _step(kind: str) -> Callable[[Desk, Office], Letter]:
    def make(desk: Desk, office: Office) -> Letter:
        case = _case(desk, office)
        if kind == "receipt":
            return case, "receipt"
        if kind == "correction":
            desk.request_correction(office.clerk, case, date(2025, 9, 29), "请写明小区名称。", delivered=date(2025, 10, 9))
            desk.receive_correction(office.clerk, case, date(2025, 10, 15), "申请人答复：和平里小区")
        elif kind == "consultation":
            desk.start_consultation(office.clerk, case, date(2025, 9, 29), "所涉信息为贵公司报送的投标文件。", party="某某置业有限公司")
        elif kind in ("extension", "extension-2"):
            desk.extend(office.approver, case, 10, date(2025, 10, 20), "需调取历年档案")
            desk.extend(office.approver, case, 5, date(2025, 10, 27), "档案在外单位借阅")
        elif kind == "fee":
            desk.notify_fee(office.clerk, case, "按量计收", 45, "银行转账至某区财政局非税收入账户", date(2025, 9, 29),
                            "请在转账附言中注明申请编号。", delivered=date(2025, 10, 9), amount=150.0)
        elif kind in ("reason", "deferral"):
            desk.take_step(office.clerk, case, "reason", date(2025, 9, 29), note="请说明申请理由。")
            desk.take_step(office.approver, case, "defer", date(2025, 10, 13), days=30, note="申请理由合理。")
        elif kind == "withdrawal":
            desk.withdraw(office.clerk, case, date(2025, 10, 9), "申请人书面撤回。")
        return case, kind
    return make


SCENARIOS: dict[str, Callable[[Desk, Office], Letter]] = {
    **{k: _step(k) for k in ("receipt", "correction", "consultation", "extension", "extension-2", "fee", "reason", "deferral", "withdrawal")},
    **{f"answer.{o.id}": _answer(o.id, PROVIDED if o.id in ("granted", "partial") else None)
       for o in outcomes() if o.id not in ("not_processed.duplicate", "other.no_correction", "other.no_fee")},
    "answer.granted@published": _answer("granted", {"published": "本机关门户网站“政府信息公开”专栏（2025年3月1日发布）"}),
    "answer.unavailable.not_held@responsible": _answer("unavailable.not_held", {"responsible": "某市某区住房和城乡建设局", "contact": "010-62345678"}),
    "answer.denied.third_party@consulted": _consulted,
    "answer.not_processed.duplicate": _earlier,
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_each_letter_matches_its_golden_text_and_cites_the_law_as_it_reads(desk: Desk, office: Office, name: str) -> None:
    case, kind = SCENARIOS[name](desk, office)
    text = _text(desk.letter(office.clerk, case, kind))
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("ZFXXGK_REGOLD"):
        golden.write_text(text + "\n", encoding="utf-8")
    assert text + "\n" == golden.read_text(encoding="utf-8")
    assert law.unknown(text) == []
    assert "（盖章）" in text and text.rstrip().endswith("日")
    entry = _entry(name)
    cited = {str(c) for c in law.citations(text)}
    assert cited == set(entry["law"]), name
    for citation in law.citations(text):
        assert entry["law"][str(citation)] in law.wording(citation), (name, str(citation))


def _entry(name: str) -> dict:
    """The letters.toml entry a scenario's letter is written from (`answer.OUTCOME@VARIANT`, `extension-2`)."""
    data = letters.data()
    if not name.startswith("answer."):
        return {**data["letters"], **data["steps"]}[name.split("-")[0]]
    outcome, _, variant = name.removeprefix("answer.").partition("@")
    entry = data["outcomes"][outcome]
    return next(v for v in entry["variants"] if v["when"] == variant) if variant else entry


def test_every_letter_that_ends_a_case_names_the_review_body_and_the_court(desk: Desk, office: Office) -> None:
    for name in ("withdrawal", "answer.granted", "answer.denied.state_secret"):
        case, kind = SCENARIOS[name](desk, office)
        text = _text(desk.letter(office.clerk, case, kind))
        assert f"六十日内向{REVIEW_BODY}申请行政复议" in text and f"六个月内向{COURT}提起行政诉讼" in text
    for name in ("receipt", "correction", "consultation"):
        case, kind = SCENARIOS[name](desk, office)
        assert "行政复议" not in _text(desk.letter(office.clerk, case, kind))


def test_no_letter_ends_a_case_without_the_review_body_and_court(desk: Desk, office: Office) -> None:
    desk.add_agency("某县人民政府办公室")
    desk.add_user("新机关办事员", [*office.clerk.roles], "某县人民政府办公室")
    clerk = desk.actor("新机关办事员")
    case = desk.register(clerk, application(date(2025, 6, 3))).case_id
    desk.answer(clerk, case, "granted", on=date(2025, 6, 10), detail=PROVIDED)
    with pytest.raises(DeskError, match="尚未登记复议机关和管辖法院"):
        desk.letter(clerk, case)
    desk.set_remedy("某县人民政府办公室", "某县人民政府", "某县人民法院")
    assert "向某县人民法院提起行政诉讼" in _text(desk.letter(clerk, case))


def test_not_held_cites_item_four_or_item_five_never_both(desk: Desk, office: Office) -> None:
    for name, item in (("answer.unavailable.not_held", "第（四）项"), ("answer.unavailable.not_held@responsible", "第（五）项")):
        case, kind = SCENARIOS[name](desk, office)
        cited = [str(c) for c in law.citations(_text(desk.letter(office.clerk, case, kind)))]
        assert cited == [f"第三十六条{item}"]
    case, _ = SCENARIOS["answer.unavailable.not_held@responsible"](desk, office)
    assert "某市某区住房和城乡建设局，联系方式：010-62345678" in _text(desk.letter(office.clerk, case))


def test_confirmation_requests_do_not_cite_the_publications_clause(desk: Desk, office: Office) -> None:
    case, _ = SCENARIOS["answer.not_processed.confirm"](desk, office)
    assert "第三十九条第二款" not in _text(desk.letter(office.clerk, case))


def test_third_party_wording_only_after_a_consultation(desk: Desk, office: Office) -> None:
    case, _ = SCENARIOS["answer.denied.third_party"](desk, office)
    plain = _text(desk.letter(office.clerk, case))
    assert "经征求意见" not in plain and "理由是：详见附件" in plain
    case, _ = SCENARIOS["answer.denied.third_party@consulted"](desk, office)
    assert "经征求意见，第三方不同意公开" in _text(desk.letter(office.clerk, case))


def test_granted_states_how_where_and_when_and_refuses_without(desk: Desk, office: Office) -> None:
    case = _case(desk, office)
    with pytest.raises(DeskError, match="提供方式、提供地点或途径、提供时间"):
        desk.answer(office.clerk, case, "granted", on=date(2025, 10, 9))
    desk.answer(office.clerk, case, "granted", on=date(2025, 10, 9), detail=PROVIDED)
    text = _text(desk.letter(office.clerk, case))
    assert "于答复当日以电子邮件向你提供，提供地点或途径：申请人预留的电子邮箱" in text
    case, _ = SCENARIOS["answer.granted@published"](desk, office)
    text = _text(desk.letter(office.clerk, case))
    assert "第三十六条第（一）项" in text and "门户网站" in text and "第（二）项" not in text


def test_fee_notice_states_standard_calculation_amount_payment_and_note(desk: Desk, office: Office) -> None:
    case, _ = SCENARIOS["fee"](desk, office)
    text = _text(desk.letter(office.clerk, case, "fee"))
    assert "按量计收" in text and "31—100页部分15页×10元/页" in text and "应缴金额：150.00元" in text
    assert "银行转账至某区财政局非税收入账户" in text and "请在转账附言中注明申请编号" in text
    assert "2025年11月5日前" in text  # 20 working days from the day after delivery on 9 October (11 Oct a make-up day)
    other = _case(desk, office)
    with pytest.raises(DeskError, match="不符"):
        desk.notify_fee(office.clerk, other, "按量计收", 45, "银行转账", date(2025, 9, 29), amount=300.0)


def test_every_extension_letter_is_printable(desk: Desk, office: Office) -> None:
    case, _ = SCENARIOS["extension"](desk, office)
    assert desk.letter_kinds(office.clerk, case) == ["receipt", "extension", "extension-2"]
    first, second = (_text(desk.letter(office.clerk, case, k)) for k in ("extension", "extension-2"))
    assert "延长10个工作日" in first and "需调取历年档案" in first
    assert "延长5个工作日" in second and "档案在外单位借阅" in second


def test_a_reply_never_overwrites_the_notice(desk: Desk, office: Office) -> None:
    case, _ = SCENARIOS["correction"](desk, office)
    text = _text(desk.letter(office.clerk, case, "correction"))
    assert "请写明小区名称" in text and "和平里小区" not in text
    shown = desk.case(office.clerk, case).steps[0]
    assert (shown.note, shown.reply) == ("请写明小区名称。", "申请人答复：和平里小区")
    consulted, _ = SCENARIOS["answer.denied.third_party@consulted"](desk, office)
    assert "第三方不同意公开：涉及商业秘密" not in _text(desk.letter(office.clerk, consulted, "consultation"))


def test_the_receipt_carries_the_query_code_when_registered(desk: Desk, office: Office) -> None:
    made = desk.register(office.clerk, application(date(2025, 9, 26)))
    text = _text(desk.letter(office.clerk, made.case_id, "receipt", made.secret))
    assert made.number in text and made.secret in text and "2025年9月26日" in text and "2025年10月30日前" in text  # 国庆 skipped, make-up days 28 Sep and 11 Oct counted


def test_letters_toml_cites_only_provisions_that_exist() -> None:
    data = letters.data()
    entries = [*data["letters"].values(), *data["steps"].values()]
    for entry in data["outcomes"].values():
        entries += [entry, *entry.get("variants", [])]
    for entry in entries:
        body = "".join(entry["body"])
        assert law.unknown(body) == []
        assert {str(c) for c in law.citations(body)} == set(entry["law"])
        for cited, phrase in entry["law"].items():
            assert phrase in law.wording(next(c for c in law.citations(body) if str(c) == cited))
