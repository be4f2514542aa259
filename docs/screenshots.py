"""Take the README's screenshots of the web app: every page, on example reports, in headless Chromium.

    python docs/screenshots.py [--out docs/screenshots] [--chromium /usr/bin/chromium]

Needs the test extra (Playwright for Python) and a Chromium with CJK fonts (Debian: `chromium`,
`fonts-noto-cjk`). It uploads the example reports through the upload page, adds a 2019 version of one
of them (its year edited, two figures changed) so that the compare page has two years, corrects one
cell so that the report page shows findings, and saves one PNG per page.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from zfxxgk.store import Store
from zfxxgk.web import BackgroundServer, WebSettings, create_app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
COMPARED = EXAMPLES / "001_5cf84db65c3d4743.txt"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def earlier_year(text: str) -> str:
    """The report as if for 2019: the year in its text, and its procurement figures, changed."""
    return text.replace("2020", "2019").replace("22个", "18个").replace("113万元", "98万元")


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
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, Store.open(str(Path(tmp) / "screens.db")) as store:
        older = Path(tmp) / "001_2019.txt"
        older.write_text(earlier_year(COMPARED.read_text("utf-8")), "utf-8")
        empty = Path(tmp) / "空白.txt"
        empty.write_bytes(b"")
        with BackgroundServer(create_app(store, WebSettings())) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1360, "height": 860}, device_scale_factor=1)
            upload(page, server.url, [*sorted(EXAMPLES.glob("*.txt")), older, COMPARED, empty])
            shoot(page, args.out, "upload")
            page.goto(f"{server.url}/reports?sort=errors")
            shoot(page, args.out, "reports")
            report_id = next(r.id for r in store.list_reports(year=2020) if r.path == COMPARED.name)
            store.correct(report_id, "requests.new.natural", 47, "示例：模拟印刷错误", "审核员")
            page.goto(f"{server.url}/reports/{report_id}")
            page.click("li.finding.sev-error")
            shoot(page, args.out, "report")
            agency = store.get_report(report_id).info.agency
            page.goto(f"{server.url}/compare?agency={agency}&year_a=2019&year_b=2020")
            shoot(page, args.out, "compare")
            page.goto(f"{server.url}/jurisdiction")
            page.click("details.expected summary")
            page.fill("textarea[name=agencies]", "\n".join([agency, "栖霞区发展和改革委员会", "海盐县秦山街道办事处"]))
            page.click("#jurisdiction-form button[type=submit]")
            page.wait_for_selector("#chart-trend canvas")
            shoot(page, args.out, "jurisdiction")
            phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            phone.goto(f"{server.url}/reports/{report_id}")
            phone.click("li.finding.sev-error")
            shoot(phone, args.out, "report-phone")
            browser.close()


if __name__ == "__main__":
    main()
