"""Take the README's screenshots of the web app: every page, on example reports, in headless Chromium.

    python docs/screenshots.py [--out docs/screenshots] [--chromium /usr/bin/chromium]

Needs the test extra (Playwright for Python) and a Chromium with CJK fonts (Debian: `chromium`,
`fonts-noto-cjk`). It uploads the example reports through the upload page together with the browser
tests' 2019 version of seed 001 (so the compare page has two years and a cross-year finding), corrects
one cell so that the report page shows findings, and saves one PNG per page.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from zfxxgk.store import Store
from zfxxgk.web import BackgroundServer, WebSettings, create_app

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from web_support import AGENCY, CHROMIUM, CHROMIUM_ARGS, SEED, earlier_year

EXAMPLES = ROOT / "examples"


def upload(page: Page, base: str, files: list[Path]) -> None:
    page.goto(f"{base}/upload")
    page.set_input_files("#files", [str(f) for f in files])
    page.wait_for_selector("#upload-summary:has-text('全部完成')", timeout=60_000)


def shoot(page: Page, out: Path, name: str) -> None:
    page.wait_for_timeout(400)
    page.screenshot(path=str(out / f"{name}.png"), full_page=False)
    print(out / f"{name}.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", default=CHROMIUM)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, Store.open(str(Path(tmp) / "screens.db")) as store:
        older = Path(tmp) / "001_2019.txt"
        older.write_bytes(earlier_year())
        empty = Path(tmp) / "空白.txt"
        empty.write_bytes(b"")
        with BackgroundServer(create_app(store, WebSettings())) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1360, "height": 860}, device_scale_factor=1)
            upload(page, server.url, [*sorted(EXAMPLES.glob("*.txt")), older, SEED, empty])
            shoot(page, args.out, "upload")
            page.goto(f"{server.url}/reports?sort=errors")
            shoot(page, args.out, "reports")
            page.goto(f"{server.url}/compare?agency={AGENCY}&year_a=2019&year_b=2020")
            shoot(page, args.out, "compare")
            report_id = next(r.id for r in store.list_reports(year=2020) if r.path == SEED.name)
            store.correct(report_id, "requests.new.natural", 47, "示例：模拟印刷错误", "审核员")
            page.set_viewport_size({"width": 1360, "height": 1200})  # tall enough to show the finding's cells
            page.goto(f"{server.url}/reports/{report_id}")
            page.click('li.finding[data-rule="requests.balance"]')
            shoot(page, args.out, "report")
            page.set_viewport_size({"width": 1360, "height": 860})
            page.goto(f"{server.url}/jurisdiction")
            page.click("details.expected summary")
            page.fill("textarea[name=agencies]", f"{AGENCY}\n栖霞区发展和改革委员会\n海盐县秦山街道办事处")
            page.click("#jurisdiction-form button[type=submit]")
            page.wait_for_selector("#chart-trend canvas")
            page.evaluate("document.getElementById('jurisdiction-result').scrollIntoView()")
            shoot(page, args.out, "jurisdiction")
            page.goto(f"{server.url}/rating?year=2020")
            page.wait_for_selector("#rating-chart canvas")
            page.click("details.breakdown:last-of-type summary")
            shoot(page, args.out, "rating")
            phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            phone.goto(f"{server.url}/reports/{report_id}")
            shoot(phone, args.out, "report-phone")
            browser.close()


if __name__ == "__main__":
    main()
