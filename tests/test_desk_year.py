"""A county 政府办公室's year 2025 at the desk, as an experienced 依申请公开 officer ran it: 34 requests (3
carried in from December 2024, 2 carried out) through every channel, around 春节, 清明, 劳动节, 端午 and
国庆 with their make-up days, every outcome of 表三, 补正, 征求意见, 延期, 信息处理费, 第三十五条, a
withdrawal, a duplicate, two answers given late, appeals and the publication register. All 200 cells of
the 2021-format report and the narrative's facts are asserted, as counted by hand from the table below.
"""

from __future__ import annotations

from datetime import date

import pytest
from desk_support import AGENCY, PROVIDED, Office, desk_fixture, office_fixture  # noqa: F401 (fixtures)

from zfxxgk.desk import Application, Channel, Desk
from zfxxgk.model import Report

V, L, O, N, F = Channel.VISIT, Channel.LETTER, Channel.ORDINARY_LETTER, Channel.ONLINE, Channel.FAX
PERSON, ORG = "110101199003071233", "91110000600037341L"
TODAY = date(2026, 1, 5)

# (key, received, channel, applicant kind, outcome or None if open on 31 December, closed)
YEAR = [
    ("C1", date(2024, 12, 10), L, "natural", "granted", date(2025, 1, 6)),
    ("C2", date(2024, 12, 16), N, "business", "partial", date(2025, 1, 10)),
    ("C3", date(2024, 12, 23), V, "natural", "unavailable.unclear", date(2025, 1, 20)),
    ("N1", date(2025, 1, 6), V, "natural", "granted", date(2025, 1, 6)),  # 当场答复
    ("N2", date(2025, 1, 13), L, "natural", "granted", date(2025, 2, 10)),
    ("N3", date(2025, 1, 20), N, "natural", "granted", date(2025, 2, 24)),  # late: the limit was 21 February
    ("N4", date(2025, 2, 10), N, "business", "partial", date(2025, 3, 7)),
    ("N5", date(2025, 2, 17), L, "natural", "denied.state_secret", date(2025, 3, 10)),
    ("N6", date(2025, 2, 24), L, "natural", "denied.law_prohibited", date(2025, 3, 14)),
    ("N7", date(2025, 3, 3), N, "research", "denied.three_safety", date(2025, 3, 20)),
    ("N8", date(2025, 3, 10), L, "business", "denied.third_party", date(2025, 4, 3)),
    ("N9", date(2025, 3, 17), N, "natural", "denied.internal_affairs", date(2025, 4, 3)),
    ("N10", date(2025, 3, 24), N, "legal", "denied.process_info", date(2025, 4, 14)),
    ("N11", date(2025, 4, 1), L, "natural", "denied.enforcement_file", date(2025, 4, 22)),
    ("N12", date(2025, 4, 7), V, "business", "denied.inquiry", date(2025, 4, 8)),
    ("N13", date(2025, 4, 14), N, "natural", "unavailable.not_held", date(2025, 4, 30)),
    ("N14", date(2025, 4, 21), N, "natural", "unavailable.not_held", date(2025, 5, 12)),
    ("N15", date(2025, 5, 6), L, "ngo", "unavailable.needs_creation", date(2025, 5, 27)),
    ("N16", date(2025, 5, 12), L, "natural", "unavailable.unclear", date(2025, 6, 10)),
    ("N17", date(2025, 5, 19), V, "natural", "not_processed.petition", date(2025, 5, 19)),
    ("N18", date(2025, 5, 26), N, "natural", "not_processed.duplicate", date(2025, 6, 3)),
    ("N19", date(2025, 6, 3), F, "natural", "not_processed.publication", date(2025, 6, 5)),
    ("N20", date(2025, 6, 9), N, "natural", "not_processed.excessive", date(2025, 6, 30)),
    ("N21", date(2025, 6, 16), O, "natural", "not_processed.confirm", date(2025, 6, 20)),
    ("N22", date(2025, 6, 23), N, "natural", "other.no_correction", date(2025, 7, 16)),
    ("N23", date(2025, 7, 1), N, "business", "other.no_fee", date(2025, 8, 1)),
    ("N24", date(2025, 7, 7), N, "natural", "granted", date(2025, 8, 5)),
    ("N25", date(2025, 7, 14), N, "natural", "other.other", date(2025, 7, 21)),  # withdrawn
    ("N26", date(2025, 8, 4), L, "natural", "granted", date(2025, 9, 12)),
    ("N27", date(2025, 9, 26), L, "natural", "granted", date(2025, 10, 31)),  # late: the limit was 30 October
    ("N28", date(2025, 10, 9), N, "natural", "granted", date(2025, 10, 20)),
    ("N29", date(2025, 11, 3), N, "research", "partial", date(2025, 11, 28)),
    ("N30", date(2025, 12, 22), L, "natural", None, None),
    ("N31", date(2025, 12, 29), N, "business", None, None),
]

# 表三 as it must print: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
TABLE_3 = """
new                           22 5 2 1 1 0 31
carried_in                     2 1 0 0 0 0 3
granted                        8 0 0 0 0 0 8
partial                        0 2 1 0 0 0 3
denied.state_secret            1 0 0 0 0 0 1
denied.law_prohibited          1 0 0 0 0 0 1
denied.three_safety            0 0 1 0 0 0 1
denied.third_party             0 1 0 0 0 0 1
denied.internal_affairs        1 0 0 0 0 0 1
denied.process_info            0 0 0 0 1 0 1
denied.enforcement_file        1 0 0 0 0 0 1
denied.inquiry                 0 1 0 0 0 0 1
unavailable.not_held           2 0 0 0 0 0 2
unavailable.needs_creation     0 0 0 1 0 0 1
unavailable.unclear            2 0 0 0 0 0 2
not_processed.petition         1 0 0 0 0 0 1
not_processed.duplicate        1 0 0 0 0 0 1
not_processed.publication      1 0 0 0 0 0 1
not_processed.excessive        1 0 0 0 0 0 1
not_processed.confirm          1 0 0 0 0 0 1
other.no_correction            1 0 0 0 0 0 1
other.no_fee                   0 1 0 0 0 0 1
other.other                    1 0 0 0 0 0 1
total                         23 5 2 1 1 0 32
carried_out                    1 1 0 0 0 0 2
"""
COLUMNS = ("natural", "business", "research", "ngo", "legal", "other", "total")
# 表四: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
TABLE_4 = {"review": (1, 0, 0, 0, 1), "suit_direct": (0, 1, 0, 0, 1), "suit_after_review": (0, 0, 0, 1, 1)}
TABLE_2 = {
    "active.rules.issued": 1, "active.rules.repealed": 1, "active.rules.in_force": 1,
    "active.normative_docs.issued": 2, "active.normative_docs.repealed": 1, "active.normative_docs.in_force": 3,
    "active.licensing.decisions": 1534, "active.penalty.decisions": 27, "active.coercion.decisions": 3, "active.fees.amount": 36.25,
}


def _application(n: int, received: date, channel: Channel, kind: str) -> Application:
    return Application(
        kind, "张三" if kind == "natural" else "某某有限公司", f"事项{n}：某项目的批复文件", channel, received,
        id_number=PERSON if kind == "natural" else ORG, phone="13812345678",
    )


def _run(desk: Desk, office: Office) -> dict[str, int]:
    """Take the year's 34 requests through what happened to them; returns key → case id."""
    clerk, boss = office.clerk, office.approver
    ids: dict[str, int] = {}
    for n, (key, received, channel, kind, _outcome, _closed) in enumerate(YEAR):
        ids[key] = desk.register(clerk, _application(n, received, channel, kind), today=TODAY).case_id

    def answer(key: str, outcome: str, on: date, **detail: object) -> None:
        desk.answer(clerk, ids[key], outcome, "详见附件。", on, {**(PROVIDED if outcome in ("granted", "partial") else {}), **detail})

    answer("C1", "granted", date(2025, 1, 6))
    answer("C2", "partial", date(2025, 1, 10))
    desk.request_correction(clerk, ids["C3"], date(2024, 12, 24), "请写明项目名称。")
    desk.receive_correction(clerk, ids["C3"], date(2025, 1, 6), "申请人补正：某项目")
    answer("C3", "unavailable.unclear", date(2025, 1, 20))
    answer("N1", "granted", date(2025, 1, 6), on_the_spot=True)
    answer("N2", "granted", date(2025, 2, 10))
    answer("N3", "granted", date(2025, 2, 24))
    answer("N4", "partial", date(2025, 3, 7))
    answer("N5", "denied.state_secret", date(2025, 3, 10))
    answer("N6", "denied.law_prohibited", date(2025, 3, 14))
    answer("N7", "denied.three_safety", date(2025, 3, 20))
    desk.start_consultation(clerk, ids["N8"], date(2025, 3, 12), party="某某置业有限公司")
    desk.end_consultation(clerk, ids["N8"], date(2025, 3, 26), "不同意公开：涉及商业秘密")
    answer("N8", "denied.third_party", date(2025, 4, 3))
    answer("N9", "denied.internal_affairs", date(2025, 4, 3))
    answer("N10", "denied.process_info", date(2025, 4, 14))
    answer("N11", "denied.enforcement_file", date(2025, 4, 22))
    answer("N12", "denied.inquiry", date(2025, 4, 8))
    answer("N13", "unavailable.not_held", date(2025, 4, 30))
    answer("N14", "unavailable.not_held", date(2025, 5, 12), responsible="某县住房和城乡建设局", contact="0311-86013388")
    answer("N15", "unavailable.needs_creation", date(2025, 5, 27))
    desk.request_correction(clerk, ids["N16"], date(2025, 5, 14))
    desk.receive_correction(clerk, ids["N16"], date(2025, 5, 21))
    answer("N16", "unavailable.unclear", date(2025, 6, 10))
    answer("N17", "not_processed.petition", date(2025, 5, 19), on_the_spot=True)
    answer("N18", "not_processed.duplicate", date(2025, 6, 3), earlier=desk.case(clerk, ids["N13"]).number)
    answer("N19", "not_processed.publication", date(2025, 6, 5))
    desk.take_step(clerk, ids["N20"], "reason", date(2025, 6, 10), note="请说明申请理由。")
    answer("N20", "not_processed.excessive", date(2025, 6, 30))
    answer("N21", "not_processed.confirm", date(2025, 6, 20))
    desk.request_correction(clerk, ids["N22"], date(2025, 6, 24))
    desk.lapse_correction(clerk, ids["N22"], date(2025, 7, 16))
    desk.notify_fee(clerk, ids["N23"], "按量计收", 45, "银行转账", date(2025, 7, 3))
    desk.lapse_fee(clerk, ids["N23"], date(2025, 8, 1))
    desk.notify_fee(clerk, ids["N24"], "按量计收", 60, "银行转账", date(2025, 7, 9))
    desk.fee_paid(clerk, ids["N24"], date(2025, 7, 15))
    answer("N24", "granted", date(2025, 8, 5))
    desk.withdraw(clerk, ids["N25"], date(2025, 7, 21), "申请人书面撤回")
    desk.extend(boss, ids["N26"], 10, date(2025, 8, 29), "需调取档案")
    answer("N26", "granted", date(2025, 9, 12))
    answer("N27", "granted", date(2025, 10, 31))
    answer("N28", "granted", date(2025, 10, 20))
    answer("N29", "partial", date(2025, 11, 28))

    review = desk.record_appeal(clerk, ids["N10"], "review", date(2025, 5, 6), "某市人民政府")
    desk.decide_appeal(clerk, review.id, "upheld", date(2025, 7, 1))
    desk.record_appeal(clerk, ids["N10"], "suit_after_review", date(2025, 7, 15), "某区人民法院", review.id)
    suit = desk.record_appeal(clerk, ids["N11"], "suit_direct", date(2025, 5, 20), "某区人民法院")
    desk.decide_appeal(clerk, suit.id, "corrected", date(2025, 9, 10))

    desk.add_document(clerk, "规章", "某县某某管理办法", date(2025, 3, 1))
    desk.add_document(clerk, "规章", "某县旧管理办法", date(2019, 6, 1), repealed_on=date(2025, 6, 30))
    desk.add_document(clerk, "行政规范性文件", "关于某某的通知", date(2025, 5, 6))
    desk.add_document(clerk, "行政规范性文件", "关于某某的意见", date(2025, 8, 1))
    desk.add_document(clerk, "行政规范性文件", "关于某某的规定", date(2023, 2, 1))
    desk.add_document(clerk, "行政规范性文件", "关于某某的办法", date(2021, 4, 1), repealed_on=date(2025, 9, 30))
    for item, value in (("行政许可", 1534), ("行政处罚", 27), ("行政强制", 3), ("行政事业性收费", 36.25)):
        desk.set_figure(clerk, 2025, item, value)
    return ids


@pytest.fixture(name="year")
def year_fixture(desk: Desk, office: Office) -> tuple[Report, dict[str, int]]:
    ids = _run(desk, office)
    return desk.annual_report(office.supervisor, 2025, AGENCY), ids


def _expected() -> dict[str, float]:
    out: dict[str, float] = {}
    for line in TABLE_3.strip().splitlines():
        row, *numbers = line.split()
        out |= {f"requests.{row}.{col}": int(n) for col, n in zip(COLUMNS, numbers, strict=True)}
    for kind, numbers in TABLE_4.items():
        out |= {f"appeals.{kind}.{col}": n for col, n in zip(("upheld", "corrected", "other", "pending", "total"), numbers, strict=True)}
    return out | TABLE_2


def test_all_200_cells_of_the_year(year: tuple[Report, dict[str, int]]) -> None:
    report, _ids = year
    expected = _expected()
    assert len(expected) == len(report.cells) == 200
    assert report.values() == expected
    assert [f.rule for f in report.findings if f.rule != "desk.narrative.unfilled"] == []


def test_the_narrative_facts_of_the_year(year: tuple[Report, dict[str, int]]) -> None:
    report, _ids = year
    text = report.narrative
    assert "本年新收政府信息公开申请31件，上年结转3件。本年度办结32件，其中予以公开8件，部分公开3件，不予公开8件" in text["requests"]
    assert "无法提供5件，不予处理5件，其他处理3件；结转下年度继续办理2件。" in text["requests"]
    assert "本年度作出的答复中，其中2件未在法定期限内答复。" in text["requests"]
    assert text["other"].startswith("本年度依申请公开收取信息处理费1件，共计300.00元。")
    assert "被申请行政复议1件，其中结果维持1件" in text["overview"] and "被提起行政诉讼2件" in text["overview"]
    assert "制发规章1件、行政规范性文件2件，废止规章1件、行政规范性文件1件" in text["active"]


def test_the_year_s_late_answers_and_letters(desk: Desk, office: Office, year: tuple[Report, dict[str, int]]) -> None:
    _report, ids = year
    late = {key for key, case_id in ids.items() if desk.case(office.clerk, case_id).late}
    assert late == {"N3", "N27"}
    assert "第三十六条第（五）项" in "".join(desk.compose_letter(office.clerk, ids["N14"]).paragraphs)
    assert "经征求意见，第三方不同意公开" in "".join(desk.compose_letter(office.clerk, ids["N8"]).paragraphs)
