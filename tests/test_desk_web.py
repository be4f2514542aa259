"""The desk's web pages: the public application, the staff desk and the annual-report button.

HTTP-level tests (FastAPI's TestClient) check who sees what; browser tests (Playwright driving Debian's
Chromium, headless) do what an applicant and a clerk do, and skip, saying why, without Chromium.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import docx
import pytest
from desk_support import AGENCY, PASSWORD, Office, application, facts, staffed_database
from fastapi.testclient import TestClient
from web_support import CHROMIUM_ARGS, TEST_HOSTS, chromium

from zfxxgk.desk import Desk
from zfxxgk.store import Store
from zfxxgk.web import BackgroundServer, WebSettings, create_app

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

TIMEOUT_MS = 10_000


@pytest.fixture
def site(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, Desk, Office]]:
    """The web app on a copy of the staffed database; yields the app, a Desk on it and the office."""
    template, office = staffed_database(tmp_path_factory)
    path = tmp_path / "web.db"
    path.write_bytes(template.read_bytes())
    store = Store.open(str(path))
    yield create_app(store, WebSettings(spool_dir=tmp_path / "spool", allowed_hosts=TEST_HOSTS)), Desk(store.engine), office
    store.close()


def _client(app: object) -> tuple[TestClient, str]:
    client = TestClient(app)  # type: ignore[arg-type]
    client.get("/apply")
    return client, client.cookies["zfxxgk_csrf"]


def _login(client: TestClient, csrf: str, name: str) -> None:
    answer = client.post("/desk/login", data={"csrf_token": csrf, "name": name, "password": PASSWORD}, follow_redirects=False)
    assert answer.status_code == 303


def test_the_desk_needs_a_signed_in_user(site: tuple) -> None:
    app, _desk, _office = site
    client, csrf = _client(app)
    assert client.get("/desk", follow_redirects=False).headers["location"] == "/desk/login?next=/desk"
    wrong = client.post("/desk/login", data={"csrf_token": csrf, "name": "李承办", "password": "x"})
    assert wrong.status_code == 401
    client.cookies.set("zfxxgk_desk", "5p2O5om/5Yqe.99999999999.forged")
    assert client.get("/desk/cases/1", follow_redirects=False).status_code == 303


def test_pages_show_each_role_what_it_may_see(site: tuple) -> None:
    app, desk, office = site
    case = desk.register(office.registrar, application(date(2025, 3, 3))).case_id
    client, csrf = _client(app)
    _login(client, csrf, "赵审批")
    page = client.get(f"/desk/cases/{case}").text
    assert "张*" in page and "13812345678" not in page and 'id="reveal"' not in page
    assert client.get(f"/desk/cases/{case}?reveal=1").status_code == 403
    assert 'data-action="extend"' in page and 'data-action="correction-request"' not in page
    _login(client, csrf, "李承办")
    page = client.get(f"/desk/cases/{case}?reveal=1").text
    assert "13812345678" in page and 'id="answer-form"' in page
    log = client.get(f"/desk/audit?case={case}").text
    assert "personal.view" in log and "李承办" in log and "13812345678" not in log
    _login(client, csrf, "周外人")
    assert client.get(f"/desk/cases/{case}").status_code == 404
    _login(client, csrf, "钱监督")
    page = client.get(f"/desk?agency={office.agency_id}").text
    assert "2025-0001" in page and "登记新申请" not in page
    refused = client.post(f"/desk/cases/{case}/answer", data={"csrf_token": csrf, "outcome": "granted", "on": "2025-03-04"})
    assert refused.status_code == 403


def test_public_pages_carry_no_personal_data(site: tuple) -> None:
    app, desk, office = site
    desk.register(office.registrar, application(date(2025, 3, 3)))
    client, csrf = _client(app)
    form = {"csrf_token": csrf, "agency": str(office.agency_id), "kind": "natural", "name": "李四", "description": "某文件"}
    incomplete = client.post("/apply", data=form)
    assert incomplete.status_code == 400 and "身份证明" in incomplete.text
    made = client.post("/apply", data=form | {"id_number": "110101198001011232", "phone": "13900000000"})
    number = re.search(r'id="case-number">([^<]+)', made.text).group(1)
    code = re.search(r'id="case-code">([^<]+)', made.text).group(1)
    status = client.post("/apply/status", data={"csrf_token": csrf, "number": number, "code": code}).text
    assert "待登记" in status and "李四" not in status and "13900000000" not in status
    assert client.post("/apply/status", data={"csrf_token": csrf, "number": number, "code": "WRONG"}).status_code == 404
    assert "张三" not in client.get("/catalogue").text


def test_public_pages_list_only_agencies_that_run_their_desk_here(site: tuple) -> None:
    app, desk, _office = site
    desk.add_agency("某县审阅对象局")  # known only because a reviewer uploaded its report
    client, _csrf = _client(app)
    for page in ("/apply", "/catalogue"):
        text = client.get(page).text
        assert AGENCY in text and "某县审阅对象局" not in text, page


# -- in the browser ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def served(site: tuple) -> Iterator[tuple[str, Desk, Office]]:
    app, desk, office = site
    with BackgroundServer(app) as server:  # type: ignore[arg-type]
        yield server.url, desk, office


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def _sign_in(page: Page, url: str, name: str) -> None:
    page.goto(f"{url}/desk")
    page.fill("#desk-login input[name=name]", name)
    page.fill("#desk-login input[name=password]", PASSWORD)
    page.click("#desk-login button[type=submit]")
    page.wait_for_url(f"{url}/desk")


def _docx_text(path: str | Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_public_application_and_status(served: tuple, page: Page) -> None:
    from playwright.sync_api import expect

    url, _desk, _office = served
    page.goto(f"{url}/apply")
    form = page.locator("#apply-form")
    form.locator("select[name=kind]").select_option("research")
    form.locator("input[name=name]").fill("某大学公共政策研究所")
    form.locator("input[name=id_number]").fill("12100000400000000W")
    form.locator("input[name=email]").fill("office@example.edu.cn")
    form.locator("textarea[name=description]").fill("2024年度本区政府信息公开申请办理情况统计表")
    form.locator("button[type=submit]").click()
    number = page.locator("#case-number").inner_text()
    code = page.locator("#case-code").inner_text()
    assert re.fullmatch(r"W\d{4}-\d{6}", number) and len(code) == 10

    def follow() -> None:
        page.goto(f"{url}/apply/status")
        page.fill("#status-form input[name=number]", number)
        page.fill("#status-form input[name=code]", code)
        page.click("#status-form button[type=submit]")

    follow()
    expect(page.locator("#status-label")).to_have_text("已提交，待登记")
    expect(page.locator("#status")).not_to_contain_text("office@example.edu.cn")
    # The registrar accepts it from the inbox: a case received the day it was submitted.
    _sign_in(page, url, "王登记")
    page.click("#inbox-link")
    page.locator(".submission", has_text=number).locator("button.accept").click()
    expect(page.locator("h1")).to_contain_text(date.today().strftime("%Y"))
    follow()
    expect(page.locator("#status-label")).to_have_text("办理中")


def test_desk_register_correct_answer_letter(served: tuple, page: Page, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    url, _desk, _office = served
    _sign_in(page, url, "孙办事")
    page.click("#register-link")
    form = page.locator("#register-form")
    form.locator("select[name=channel]").select_option("visit")
    form.locator("input[name=received]").fill("2025-01-24")
    form.locator("input[name=name]").fill("张三")
    form.locator("input[name=id_number]").fill("110101199003071233")
    form.locator("input[name=phone]").fill("13812345678")
    form.locator("textarea[name=description]").fill("本区2024年老旧小区改造项目清单")
    form.locator("button[type=submit]").click()
    expect(page.locator("#case-number")).to_have_text("2025-0001")
    page.click("#open-case")

    correction = page.locator('form[data-action="correction-request"]')
    correction.locator("input[name=on]").fill("2025-01-27")
    correction.locator("input[name=note]").fill("请写明小区名称。")
    correction.locator("button[type=submit]").click()
    expect(page.locator("#case-status")).to_have_text("待申请人补正")
    expect(page.locator("#next-due")).to_have_text("2025-02-24")
    with page.expect_download() as notice:
        page.click('a[data-letter="correction"]')
    assert "请写明小区名称" in _docx_text(notice.value.path())

    received = page.locator('form[data-action="correction-received"]')
    received.locator("input[name=on]").fill("2025-02-10")
    received.locator("button[type=submit]").click()
    expect(page.locator("#next-due")).to_have_text("2025-03-10")

    answer = page.locator("#answer-form")
    answer.locator("select[name=outcome]").select_option("partial")
    answer.locator("input[name=on]").fill("2025-03-03")
    answer.locator("input[name=text]").fill("其中住户姓名属于个人信息，不予公开。")
    answer.locator("input[name=how]").fill("电子邮件")
    answer.locator("input[name=where]").fill("申请人预留的电子邮箱")
    answer.locator("input[name=when]").fill("2025年3月3日")
    answer.locator("button[type=submit]").click()
    expect(page.locator("#outcome")).to_have_text("部分公开（2025-03-03）")
    with page.expect_download() as letter:
        page.click('a[data-letter="answer"]')
    text = _docx_text(letter.value.path())
    assert "张三：" in text and "第三十七条" in text and "住户姓名属于个人信息" in text and "2025年3月3日" in text
    assert "向某市人民政府申请行政复议" in text and "（盖章）" in text


def test_report_button_writes_the_annual_report(served: tuple, page: Page) -> None:
    from zfxxgk.pipeline import parse_path

    url, desk, office = served
    for day, kind, outcome in ((date(2024, 3, 4), "natural", "granted"), (date(2024, 6, 3), "legal", "denied.process_info")):
        case = desk.register(office.clerk, application(day, kind)).case_id
        desk.answer(office.clerk, case, outcome, on=day.replace(day=20), detail=facts(outcome))
    desk.register(office.clerk, application(date(2024, 12, 23), "business"))
    desk.add_document(office.clerk, "行政规范性文件", "关于某某的通知", date(2024, 5, 6))
    _sign_in(page, url, "李承办")
    report = page.locator("#annual-report")
    report.locator("input[name=year]").fill("2024")
    with page.expect_download() as download:
        report.locator("#report-button").click()
    assert download.value.suggested_filename == f"{AGENCY}2024年度政府信息公开工作年度报告.docx"
    back = parse_path(download.value.path())
    expected = desk.annual_report(office.supervisor, 2024, AGENCY).values()
    assert back.values() == expected
    assert (expected["requests.new.total"], expected["requests.carried_out.business"]) == (3, 1)
    assert "本年新收政府信息公开申请3件" in _docx_text(download.value.path())


def test_the_web_desk_keeps_the_remedy_prints_the_receipt_and_flags_late_answers(site: tuple) -> None:
    app, desk, office = site
    client, csrf = _client(app)
    _login(client, csrf, "孙办事")
    saved = client.post("/desk/registers/remedy", data={"csrf_token": csrf, "review_body": "某市人民政府", "court": "某铁路运输法院"})
    assert saved.status_code == 200 and 'value="某铁路运输法院"' in saved.text
    assert desk.remedy(AGENCY) == ("某市人民政府", "某铁路运输法院")
    form = {"csrf_token": csrf, "channel": "visit", "received": "2025-09-26", "kind": "natural", "name": "张三",
            "id_number": "110101199003071233", "phone": "13812345678", "description": "某文件"}
    client.post("/desk/register", data=form)
    again = client.post("/desk/register", data=form).text
    assert 'id="duplicates"' in again and "2025-0001" in again
    code = re.search(r'name="code" value="([^"]+)"', again).group(1)
    receipt = client.post("/desk/cases/2/receipt", data={"csrf_token": csrf, "code": code})
    assert code in "\n".join(p.text for p in docx.Document(io.BytesIO(receipt.content)).paragraphs)
    assert client.post("/desk/cases/2/receipt", data={"csrf_token": csrf, "code": "WRONGCODE1"}).status_code == 404
    answered = client.post("/desk/cases/1/answer", data={"csrf_token": csrf, "outcome": "granted", "on": "2025-10-31",
                                                        "how": "电子邮件", "where": "邮箱", "when": "当日"})
    assert "逾期答复：期限 2025-10-30，答复于 2025-10-31" in answered.text
    refused = client.post("/desk/cases/2/step", data={"csrf_token": csrf, "action": "extend", "on": "2025-10-31", "days": "10"})
    assert refused.status_code == 400 and "届满" in refused.text


def test_the_web_desk_corrects_entries_and_merges_duplicates(site: tuple) -> None:
    app, desk, office = site
    first = desk.register(office.clerk, application(date(2025, 3, 3))).case_id
    second = desk.register(office.clerk, application(date(2025, 3, 5))).case_id
    client, csrf = _client(app)
    _login(client, csrf, "孙办事")
    page = client.post(f"/desk/cases/{first}/correct",
                       data={"csrf_token": csrf, "field": "received_on", "value": "2025-03-04", "reason": "误录"}).text
    assert "2025-03-04" in page and "登记日期" not in page
    assert client.post(f"/desk/cases/{first}/correct",
                       data={"csrf_token": csrf, "field": "received_on", "value": "2025-03-04", "reason": ""}).status_code == 422
    merged = client.post(f"/desk/cases/{second}/merge", data={"csrf_token": csrf, "into": "2025-0001"}).text
    assert "已合并办理" in merged and 'id="answer-form"' not in merged and 'id="merge"' not in merged
    assert "entry.corrected" in client.get(f"/desk/audit?case={first}").text
