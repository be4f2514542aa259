"""The 评分排名 page in a real browser: ranking, distribution chart, breakdown, and a lost point's link to
the finding on the report page; and its JSON API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from refdata import SEEDS, require
from web_support import CHROMIUM_ARGS, chromium, make_app

from zfxxgk.web import BackgroundServer

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")
expect = playwright.expect


def _fill(store) -> None:  # type: ignore[no-untyped-def]
    for path in sorted(require(SEEDS).glob("*.txt")):
        store.ingest_bytes(path.read_bytes(), path.name)


def test_rating_api(tmp_path: Path) -> None:
    app, store = make_app(tmp_path)
    _fill(store)
    with TestClient(app) as client:
        data = client.get("/api/rating", params={"year": 2020}).json()
        assert [r["rank"] for r in data["reports"]] == [1, 2, 3, 4, 5]
        assert sum(data["distribution"]["counts"]) == 5
        first = data["reports"][0]
        assert round(sum(i["max"] - i["points"] for i in first["indicators"]), 2) == round(100 - first["score"], 2)
        assert client.get("/api/rating", params={"year": "x"}).json()["error"]["status"] == 422
    store.close()


def test_rating_page_ranks_charts_and_links_to_the_finding(tmp_path: Path) -> None:
    executable = chromium()
    app, store = make_app(tmp_path)
    _fill(store)
    with BackgroundServer(app) as server, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(10_000)
        page.goto(f"{server.url}/rating?year=2020")
        expect(page.locator("h1")).to_have_text("评分排名")
        expect(page.locator("#ranking tbody tr")).to_have_count(5)
        expect(page.locator("#rating-chart canvas")).to_have_count(1)
        worst = page.locator("#ranking tbody tr").last
        expect(worst.locator("td").nth(1)).to_have_text("晋江市西园街道")
        breakdown = page.locator("details.breakdown").last
        breakdown.locator("summary").click()
        lost = breakdown.locator('tr[data-indicator="accuracy.text_tables"] .evidence a').first
        expect(lost).to_contain_text("1.1%")
        lost.click()
        page.wait_for_url("**/reports/*#finding=narrative.percent_mismatch")
        expect(page.locator('li.finding.active[data-rule="narrative.percent_mismatch"]')).to_have_count(1)
        browser.close()
    store.close()


def test_rating_is_cached_until_an_override_changes_it(tmp_path: Path) -> None:
    app, store = make_app(tmp_path)
    _fill(store)
    from zfxxgk.rate.database import add_override

    with TestClient(app) as client:
        first = client.get("/api/rating", params={"year": 2020}).json()["reports"]
        again = client.get("/api/rating", params={"year": 2020, "prefix": "街道"}).json()["reports"]
        assert len(again) == 4 and all("街道" in r["agency"] for r in again)
        last = first[-1]
        add_override(store.engine.url.render_as_string(hide_password=False), last["report_id"], "accuracy.text_tables", 8, "复核：比例按两位小数计", "王芳")
        now = next(r for r in client.get("/api/rating", params={"year": 2020}).json()["reports"] if r["report_id"] == last["report_id"])
        assert now["score"] > last["score"]
    store.close()
