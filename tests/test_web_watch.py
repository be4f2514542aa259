"""The 发布监测 page in a real browser (and its API): the county of the fetch tests crawled, then read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fetch_site import County, Guard, StubResolver, TestSite
from web_support import CHROMIUM_ARGS, chromium, make_app

import zfxxgk
from zfxxgk.fetch import FetchSettings, NetworkPolicy
from zfxxgk.web import BackgroundServer

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")
expect = playwright.expect

if TYPE_CHECKING:
    from playwright.sync_api import Page


def crawled(tmp_path: Path) -> None:
    """The county of the fetch tests, crawled into the database `make_app` opens."""
    guard = Guard()
    with TestSite() as site:
        county = County(site, tmp_path).build()
        sites = tmp_path / "sites.csv"
        sites.write_text(county.csv(), encoding="utf-8")
        settings = FetchSettings(delay=0, timeout=1.5, retries=1, backoff=0.01, max_bytes=2 * 1024 * 1024, policy=NetworkPolicy.of(only=["127.0.0.1/32"]))
        zfxxgk.fetch(sites=sites, year=2023, db=str(tmp_path / "web.db"), settings=settings, resolver=StubResolver(), socket_factory=guard, workers=1)
    assert guard.attempts == []


def test_watch_api_and_history_of_an_unknown_url(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    crawled(tmp_path)
    app, store = make_app(tmp_path)
    try:
        with TestClient(app) as client:
            rows = client.get("/api/watch", params={"year": 2023, "agency": "教育局"}).json()
            assert [(r["agency"], r["status"]) for r in rows] == [("甲县教育局", "多版本不一致")]
            assert rows[0]["findings"][0]["rule"] == "publication.conflicting_versions" and len(rows[0]["sources"]) == 2
            missing = client.get("/watch/history/99999")
            assert missing.status_code == 404 and "找不到" in missing.text
    finally:
        store.close()


@pytest.fixture
def page() -> Iterator[Page]:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        yield context.new_page()
        browser.close()


def test_watch_grid_links_reports_sources_and_fetch_history(tmp_path: Path, page: Page) -> None:
    crawled(tmp_path)
    app, store = make_app(tmp_path)
    try:
        with BackgroundServer(app) as server:
            page.goto(f"{server.url}/watch?year=2023")
            missing = page.locator('#watch-grid tr[data-agency="甲县卫生健康委员会"] td[data-year="2023"]')
            expect(missing.locator(".watch-status")).to_have_text("缺失")
            conflict = page.locator('#watch-grid tr[data-agency="甲县教育局"] td[data-year="2023"]')
            expect(conflict.locator(".watch-status")).to_have_text("多版本不一致")
            conflict.locator("summary").click()
            expect(conflict.locator("li.finding")).to_contain_text("规章·本年制发件数")
            on_time = page.locator('#watch-grid tr[data-agency="甲县财政局"] td[data-year="2023"]')
            expect(on_time.locator(".watch-status")).to_have_text("按时")
            on_time.locator("a", has_text="抓取记录").first.click()
            expect(page.locator("#fetch-history tbody tr")).to_have_count(1)
            expect(page.locator("#fetch-history")).to_contain_text("czj2023-v1")
            page.go_back()
            page.locator("input[name=problems]").check()
            page.locator("form.filters button[type=submit]").click()
            expect(page.locator('#watch-grid tr[data-agency="甲县卫生健康委员会"]')).to_have_count(1)
            expect(page.locator('#watch-grid tr[data-agency="甲县财政局"]')).to_have_count(0)
            page.goto(f"{server.url}/watch?year=2023")
            page.locator('#watch-grid tr[data-agency="甲县财政局"] td[data-year="2023"] a', has_text="报告").click()
            expect(page.locator("h1")).to_contain_text("甲县财政局")
    finally:
        store.close()
