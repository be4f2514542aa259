"""The web app in a real browser (Playwright driving Debian's Chromium), doing what a reviewer does.

Each test serves the app in-process (uvicorn in a thread, a fresh SQLite database) and skips, saying why,
when Chromium is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from refdata import CORPUS, require
from web_support import (
    AGENCY,
    CHROMIUM_ARGS,
    PDF_NAME,
    SEED,
    chromium,
    earlier_year,
    make_app,
    seed_bytes,
)

from zfxxgk.store import Store
from zfxxgk.web import BackgroundServer

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")
expect = playwright.expect

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

TIMEOUT_MS = 10_000


@dataclass
class Site:
    url: str
    store: Store

    def two_years(self) -> int:
        """Store seed 001 and its 2019 version; the 2020 report's id."""
        self.store.ingest_bytes(earlier_year(), "001-2019.txt")
        outcome = self.store.ingest_bytes(seed_bytes(), SEED.name)
        assert outcome.report_id is not None
        return outcome.report_id


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium()
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    app, store = make_app(tmp_path)
    with BackgroundServer(app) as server:
        yield Site(server.url, store)
    store.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def correct(page: Page, cell: str, value: str, reason: str) -> None:
    page.click(f'#report-main td[data-cell="{cell}"]')
    dialog = page.locator("#correct-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("input[name=value]").fill(value)
    dialog.locator("input[name=reason]").fill(reason)
    dialog.locator("button[type=submit]").click()
    expect(dialog).to_be_hidden()


def test_upload_open_correct_and_see_the_finding_come_and_go(site: Site, page: Page, tmp_path: Path) -> None:
    empty = tmp_path / "空白.txt"
    empty.write_bytes(b"")
    page.goto(f"{site.url}/upload")
    page.set_input_files("#files", [str(SEED), str(empty)])
    rows = page.locator("#uploads tbody tr")
    expect(rows.filter(has_text=SEED.name).locator(".outcome")).to_contain_text("新增")
    expect(rows.filter(has_text="空白.txt").locator(".outcome")).to_contain_text("失败：空文件")
    expect(page.locator("#upload-summary")).to_contain_text("全部完成")

    rows.filter(has_text=SEED.name).get_by_role("link", name="查看报告").click()
    expect(page.locator("table.official")).to_have_count(3)
    cell = page.locator('#report-main td[data-cell="requests.new.natural"]')
    expect(cell).to_have_text("48")
    expect(page.locator("ol.findings li.none")).to_have_text("未发现问题")

    correct(page, "requests.new.natural", "47", "模拟印刷错误")
    balance = page.locator('li.finding[data-rule="requests.balance"]')
    expect(balance).to_be_visible()
    expect(cell).to_have_text("47")
    expect(cell).to_have_class("cell kind-number sev-error corrected")

    balance.click()
    expect(cell).to_have_class("cell kind-number sev-error corrected hl")
    expect(page.locator("#L111")).to_have_class("line src-hl")

    correct(page, "requests.new.natural", "48", "核对原件后恢复")
    expect(page.locator("li.finding.sev-error")).to_have_count(0)
    expect(page.locator("ol.findings li.none")).to_have_text("未发现问题")
    expect(page.locator("ol.corrections li")).to_have_count(2)


def test_pdf_value_is_boxed_on_its_page(site: Site, page: Page) -> None:
    pdf = require(CORPUS / "pdf" / PDF_NAME)
    report_id = site.store.ingest_bytes(pdf.read_bytes(), PDF_NAME).report_id
    page.goto(f"{site.url}/reports/{report_id}")
    cell = page.locator('#report-main td[data-cell="requests.new.total"]')
    number = cell.get_attribute("data-page")
    cell.click()
    page.keyboard.press("Escape")
    box = page.locator(f"#P{number} .box")
    expect(box).to_be_visible()
    expect(page.locator(f"#P{number} img")).to_have_js_property("complete", True)
    assert page.locator(f"#P{number} img").evaluate("img => img.naturalWidth") > 0


def test_reports_list_filters_and_downloads(site: Site, page: Page) -> None:
    site.two_years()
    page.goto(f"{site.url}/reports")
    rows = page.locator("#report-table tbody tr")
    expect(rows).to_have_count(2)
    page.select_option("select[name=year]", "2019")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("2019")
    expect(page).to_have_url(f"{site.url}/reports?year=2019&agency=&template=&has_errors=&sort=agency")
    page.select_option("select[name=year]", "")
    page.fill("#agency-filter", "海盐")
    expect(page.locator("#report-table .empty")).to_be_visible()
    page.fill("#agency-filter", "栖霞")
    expect(rows).to_have_count(2)
    with page.expect_download() as download:
        page.click("text=下载 CSV")
    text = Path(download.value.path()).read_text("utf-8-sig")
    assert text.startswith("编号,机关,年度") and len(text.splitlines()) == 3


def test_compare_two_years(site: Site, page: Page) -> None:
    site.two_years()
    page.goto(f"{site.url}/compare")
    expect(page.locator("#year-a")).to_have_value("2019")
    expect(page.locator("#year-b")).to_have_value("2020")
    page.click("#compare-form button[type=submit]")
    result = page.locator("#compare-result")
    expect(result.locator("h2")).to_contain_text("2019 年 → 2020 年")
    expect(result.locator(".side")).to_have_count(2)
    expect(result.locator('.side td.changed[data-cell="requests.new.natural"]')).to_have_count(2)
    expect(result.locator('li.finding[data-rule="year.carry_over"]').first).to_be_visible()
    expect(result.locator('table.changes tr[data-cell="requests.new.natural"]')).to_contain_text("-2")


def test_jurisdiction_charts_and_missing_agencies(site: Site, page: Page) -> None:
    site.two_years()
    page.goto(f"{site.url}/jurisdiction")
    for chart in ("outcomes", "applicants", "trend"):
        expect(page.locator(f"#chart-{chart} canvas")).to_have_count(1)
    page.click("details.expected summary")
    page.fill("#agency-list", f"{AGENCY}\n栖霞区不存在局")
    page.click("#jurisdiction-form button[type=submit]")
    expect(page.locator("ul.missing li")).to_have_text(["栖霞区不存在局"])
    expect(page.locator("#chart-trend canvas")).to_have_count(1)


def test_every_page_fits_a_phone(site: Site, browser: Browser) -> None:
    report_id = site.two_years()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    for path in ("/upload", "/reports", f"/reports/{report_id}", f"/compare?agency={AGENCY}&year_a=2019&year_b=2020", "/jurisdiction"):
        page.goto(site.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than a phone"
    context.close()


def test_a_named_reviewer_signs_in_corrects_and_signs_out(tmp_path: Path, page: Page) -> None:
    """Behind a token, a reviewer signs in with a name and password; the correction carries the name."""
    from zfxxgk.web import add_reviewer

    app, store = make_app(tmp_path, token="shared-token-for-scripts", allowed_hosts=("127.0.0.1",))
    add_reviewer(store.engine, "王芳", "pw-wangfang")
    report_id = store.ingest_bytes(seed_bytes(), "001.txt").report_id
    with BackgroundServer(app) as server:
        page.goto(f"{server.url}/reports/{report_id}")
        page.fill("#reviewer-login input[name=name]", "王芳")
        page.fill("#reviewer-login input[name=password]", "pw-wangfang")
        page.click("#reviewer-login button[type=submit]")
        page.wait_for_url(f"{server.url}/reports/{report_id}")
        assert page.locator("#who").inner_text() == "王芳"
        correct(page, "requests.new.natural", "3", "按原件更正")
        expect(page.locator("#report-main")).to_contain_text("按原件更正，王芳")
        page.click("#logout")
        page.wait_for_url(f"{server.url}/login")
        page.goto(f"{server.url}/reports/{report_id}")
        assert "/login" in page.url
    store.close()
