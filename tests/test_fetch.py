"""`zfxxgk fetch` and `watch` against the local test site: every CMS style, every failure, every finding.

Every crawl here gets the `Guard` socket factory and the stub resolver: a socket to anything but
127.0.0.1 fails the test (`guard.attempts` stays empty), so no test sends a packet beyond loopback.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fetch_site import County, Guard, Silent, StubResolver, TestSite, corpus_pdf, page
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

import zfxxgk
from zfxxgk.cli import app
from zfxxgk.collect import Site, SiteListError, discover, read_sites, watch
from zfxxgk.collect.schema import CrawlFetch, CrawlUrl
from zfxxgk.fetch import FetchSettings, NetworkPolicy
from zfxxgk.fetch.client import Fetcher, retry_after
from zfxxgk.fetch.hosts import Hosts
from zfxxgk.store import Store

TODAY = date(2026, 12, 1)
LOOPBACK = NetworkPolicy.of(only=["127.0.0.1/32"])


def settings(**changes: object) -> FetchSettings:
    base: dict[str, object] = {"delay": 0, "timeout": 1.5, "retries": 2, "backoff": 0.01, "max_bytes": 2 * 1024 * 1024, "policy": LOOPBACK}
    return FetchSettings(**{**base, **changes})  # type: ignore[arg-type]


@pytest.fixture()
def guard() -> Iterator[Guard]:
    g = Guard()
    yield g
    assert g.attempts == [], f"a connection beyond loopback was attempted: {g.attempts}"


@pytest.fixture()
def county(tmp_path: Path) -> Iterator[County]:
    with TestSite() as site:
        yield County(site, tmp_path).build()


@dataclass
class Crawled:
    """The county crawled once, for the tests that only read what a first crawl found."""

    county: County
    folder: Path
    summary: zfxxgk.collect.CrawlSummary


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    folder = tmp_path_factory.mktemp("county")
    guard = Guard()
    with TestSite() as site:
        county = County(site, folder).build()
        yield Crawled(county, folder, crawl(county, folder, guard, workers=2))  # parsed in a process pool
    assert guard.attempts == []


def crawl(county: County, tmp_path: Path, guard: Guard, year: int | None = None, workers: int = 1, **changes: object) -> zfxxgk.collect.CrawlSummary:
    """Parsed in this process (`workers=1`): the OCR models load once per test session, not per crawl."""
    sites = tmp_path / "sites.csv"
    sites.write_text(county.csv(), encoding="utf-8")
    return zfxxgk.fetch(sites=sites, year=year, db=str(tmp_path / "z.db"), settings=settings(**changes), resolver=StubResolver(), socket_factory=guard, workers=workers)


def rows(tmp_path: Path, year: int | None = 2023) -> dict[tuple[str, int], zfxxgk.collect.WatchRow]:
    result = watch(year=year, db=str(tmp_path / "z.db"), refetch=False, today=TODAY)
    return {(r.agency, r.year): r for r in result.rows}


def rules(row: zfxxgk.collect.WatchRow) -> list[str]:
    return [f.rule for f in row.findings]


# -- the crawl ---------------------------------------------------------------------------------------------


def test_every_column_style_is_walked_and_every_report_stored(crawled: Crawled) -> None:
    summary, site = crawled.summary, crawled.county.site
    # createPageHTML pages, ?page=N with 下一页, 下一页 links: every list page fetched once, the loop stopped.
    for path in ("/czj/ndbg/index_1.html", "/czj/ndbg/index_2.html", "/jyj/list?page=2", "/zhen/nb/list2.html", "/zhen/nb/list3.html"):
        assert site.requests[path] == 1, path
    stored = {(o.agency, o.year) for o in summary.reports if o.status in ("new", "updated")}
    assert {("甲县财政局", 2023), ("甲县财政局", 2022), ("甲县教育局", 2023), ("甲县教育局", 2022), ("甲县某镇人民政府", 2022), ("甲县人民政府", 2023), ("甲县人民政府", 2022)} <= stored
    failures = dict(summary.failures)
    assert "robots.txt" in failures[site.url("/private/2020.html")] and site.requests["/private/2020.html"] == 0
    assert failures[site.url("/zhen/nb/2022/P0gone.pdf")] == "HTTP 404" and site.requests["/zhen/nb/2022/P0gone.pdf"] == 1  # never retried
    assert "上限" in failures[site.url("/czj/ndbg/202201/P0202201.pdf")]
    assert site.requests["/zhen/nb/2022/t.html"] == 3  # 500, 500, then 200


def test_http_facts_and_originals_are_kept(crawled: Crawled) -> None:
    county, tmp_path = crawled.county, crawled.folder
    with Store.open(str(tmp_path / "z.db")) as store, Session(store.engine) as session:
        row = session.scalar(select(CrawlUrl).where(CrawlUrl.url == county.site.url("/jyj/r/2023")))
        assert row is not None and row.final_url == county.site.url("/jyj/final/2023.html") and row.etag == '"jyj2023"'
        assert row.status == 200 and row.content_type == "text/html; charset=gbk" and row.sha256
        report = store.list_reports(agency="甲县教育局", year=2023, include_history=True)
        assert {r.path for r in report} == {county.site.url("/jyj/final/2023.html"), county.site.url("/jyj/copy/2023.html")}  # the final URL
        original = store.get_report(report[0].id).original
        assert original is not None and len(original) > 1000


def test_gbk_page_word_under_doc_name_and_pdf_attachment_are_read(crawled: Crawled) -> None:
    county, summary = crawled.county, crawled.summary
    by_url = {o.path: o for o in summary.reports}
    assert by_url[county.site.url("/jyj/final/2023.html")].agency == "甲县教育局"  # the GBK page
    assert by_url[county.site.url("/czj/ndbg/202301/P020230110.doc")].year == 2022
    if corpus_pdf() is not None:
        assert by_url[county.site.url("/hz/P020240120.pdf")].year == 2023


def test_year_option_fetches_only_that_years_reports(county: County, tmp_path: Path, guard: Guard) -> None:
    crawl(county, tmp_path, guard, year=2022)
    assert county.site.requests["/czj/ndbg/202401/t20240115_1.html"] == 0
    assert county.site.requests["/czj/ndbg/202301/t20230110_2.html"] == 1


def test_a_host_that_never_answers_fails_alone(county: County, tmp_path: Path, guard: Guard) -> None:
    silent = Silent()
    base = silent.base
    try:
        sites = tmp_path / "sites.csv"
        sites.write_text(county.csv() + f"甲县交通运输局,{base}/jtj/ndbg/,department\n", encoding="utf-8")
        summary = zfxxgk.fetch(sites=sites, db=str(tmp_path / "z.db"), settings=settings(timeout=0.5, retries=1), resolver=StubResolver(), socket_factory=guard)
    finally:
        silent.close()
    failures = dict(summary.failures)
    assert "超时" in failures[f"{base}/jtj/ndbg/"]
    assert any(o.agency == "甲县财政局" for o in summary.reports)


def test_rerun_of_a_finished_crawl_sends_conditional_requests_only(county: County, tmp_path: Path, guard: Guard) -> None:
    crawl(county, tmp_path, guard)
    first = len(county.site.headers)
    summary = crawl(county, tmp_path, guard)
    again = [(path, headers) for path, headers in county.site.headers[first:] if path != "/robots.txt"]
    with Store.open(str(tmp_path / "z.db")) as store, Session(store.engine) as session:
        validated = {r.url.removeprefix(county.site.base) for r in session.scalars(select(CrawlUrl).where(CrawlUrl.etag.is_not(None)))}
        conditional = session.scalars(select(CrawlFetch.conditional).where(CrawlFetch.run_id == summary.run_id)).all()
    assert validated and again
    for path, headers in again:
        if path in validated:
            assert "If-None-Match" in headers, path
    assert summary.not_modified >= len(validated) - 1 and sum(conditional) >= len(validated)
    assert not [o for o in summary.reports if o.status in ("new", "updated")]


def test_kill_9_mid_crawl_then_rerun_fetches_nothing_twice(county: County, tmp_path: Path) -> None:
    sites = tmp_path / "sites.csv"
    sites.write_text(county.csv(), encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from fetch_site import Guard, StubResolver
        import zfxxgk
        from zfxxgk.fetch import FetchSettings, NetworkPolicy
        settings = FetchSettings(delay=0, timeout=1.5, retries=2, backoff=0.01, max_bytes=2 * 1024 * 1024, hosts_in_parallel=1,
                                 policy=NetworkPolicy.of(only=["127.0.0.1/32"]))
        zfxxgk.fetch(sites={str(sites)!r}, db={str(tmp_path / "z.db")!r}, settings=settings, resolver=StubResolver(), socket_factory=Guard())
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script])
    served: list[str] = []

    workers: list[int] = []

    def kill_on_tenth(path: str) -> None:
        served.append(path)
        if len(served) == 10:
            workers.extend(_children(child.pid))
            os.kill(child.pid, signal.SIGKILL)

    county.site.on_request = kill_on_tenth
    assert child.wait(timeout=120) == -signal.SIGKILL
    county.site.on_request = None
    before = county.site.completed.copy()
    assert sum(before.values()) >= 5
    rerun = subprocess.run([sys.executable, "-c", script], timeout=120)
    assert rerun.returncode == 0
    # Only the URL in flight when the crawler died (with the redirect hops it had passed) is fetched again;
    # robots.txt is read once per process, and the flaky page's 500s are answers too.
    in_flight = next((chain for chain in county.chains if served[9] in chain), {served[9]})
    twice = {p for p, n in county.site.completed.items() if n > 1 and p not in in_flight and p not in ("/robots.txt", "/zhen/nb/2022/t.html")}
    assert twice == set()
    assert county.site.requests["/zhen/nb/list3.html"] == 1
    assert workers and _exited(workers)  # the killed crawler's parsing processes did not outlive it


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _exited(pids: list[int], attempts: int = 100) -> bool:
    """Whether every process has exited, looking again for up to 100 × 0.1 s (zombies of init count)."""
    import time

    for _ in range(attempts):
        alive = [p for p in pids if Path(f"/proc/{p}").exists() and " Z " not in Path(f"/proc/{p}/stat").read_text()]
        if not alive:
            return True
        time.sleep(0.1)
    for p in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(p, signal.SIGKILL)  # leave no process behind, whatever the verdict
    return False


# -- safety ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, reason",
    [
        ("/go/metadata", "169.254.169.254"),
        ("/go/metadata-name", "169.254.169.254"),
        ("/go/private", "10.0.0.7"),
        ("/go/public", "93.184.216.34"),
        ("/go/ftp", "只抓取 http 和 https"),
        ("/go/ipv6", "::ffff:a9fe:a9fe"),
        ("/go/loop", "重定向超过"),
    ],
)
def test_redirects_off_the_allowed_networks_are_refused_before_connecting(county: County, tmp_path: Path, guard: Guard, path: str, reason: str) -> None:
    summary = zfxxgk.fetch([county.site.url(path)], db=str(tmp_path / "z.db"), settings=settings(), resolver=StubResolver(), socket_factory=guard)
    (url, why), = summary.failures
    assert url == county.site.url(path) and reason in why


def test_without_allow_private_even_loopback_is_refused(county: County, tmp_path: Path, guard: Guard) -> None:
    summary = zfxxgk.fetch([county.site.url("/zf/ndbg/")], db=str(tmp_path / "z.db"), settings=settings(policy=NetworkPolicy()), resolver=StubResolver(), socket_factory=guard)
    assert "本机回环地址" in summary.failures[0][1]
    assert sum(county.site.requests.values()) == 0


def test_allow_private_opens_the_intranet_but_not_the_unspecified_address() -> None:
    policy = NetworkPolicy(allow_private=True)
    assert policy.refusal("10.0.0.7") is None and policy.refusal("127.0.0.1") is None
    assert policy.refusal("0.0.0.0") is not None


@given(st.ip_addresses())
def test_the_default_policy_admits_exactly_the_public_addresses(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    ip = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped else address
    public = ip.is_global and not ip.is_multicast and not ip.is_reserved and not ip.is_link_local and not ip.is_private
    assert (NetworkPolicy().refusal(str(address)) is None) == public


# -- politeness --------------------------------------------------------------------------------------------


def test_crawl_delay_from_robots_sets_the_hosts_pace() -> None:
    from protego import Protego
    from yarl import URL

    hosts = Hosts("zfxxgk-test", delay=0.5, obey_robots=True)

    async def load() -> None:
        async def loader(_url: URL) -> tuple[int, bytes, None]:
            return 200, b"User-agent: *\nCrawl-delay: 7\nDisallow: /x/\n", None

        await hosts.load_robots(URL("http://127.0.0.1:9/"), loader)

    import asyncio

    asyncio.run(load())
    host = hosts.get(URL("http://127.0.0.1:9/a"))
    assert isinstance(host.robots, Protego) and host.limiter is not None and host.limiter.time_period == 7
    assert hosts.refusal(URL("http://127.0.0.1:9/x/1")) and hosts.refusal(URL("http://127.0.0.1:9/y")) is None


def test_retry_after_is_honoured_and_identifies_itself(tmp_path: Path, guard: Guard) -> None:
    answers = iter([(429, {"Retry-After": "0"}, b""), (503, {"Retry-After": "0"}, b""), (200, {"Content-Type": "text/plain"}, b"ok")])
    with TestSite({"/busy": lambda _h: next(answers), "/robots.txt": (404, {}, b"")}) as site:

        async def get() -> object:
            async with Fetcher(settings(user_agent="zfxxgk-test/1"), StubResolver(), guard) as fetcher:
                return await fetcher.get(site.url("/busy"))

        import asyncio

        got = asyncio.run(get())
        assert got.status == 200 and got.data == b"ok" and got.attempts == 3  # type: ignore[attr-defined]
        assert all(h["User-Agent"] == "zfxxgk-test/1" for _p, h in site.headers)
    assert retry_after("120") == 120 and retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0 and retry_after("soon") is None


# -- watch -------------------------------------------------------------------------------------------------


def test_watch_names_missing_late_conflicting_unreadable_and_outside_column(crawled: Crawled) -> None:
    tmp_path = crawled.folder
    found = rows(tmp_path)
    assert rules(found[("甲县卫生健康委员会", 2023)]) == ["publication.missing"]
    conflict = found[("甲县教育局", 2023)]
    assert conflict.status == "多版本不一致" and "规章·本年制发件数" in conflict.findings[0].message
    assert rules(found[("甲县某镇人民政府", 2023)]) == ["publication.not_machine_readable"]
    assert found[("甲县财政局", 2023)].status == "按时"
    earlier = rows(tmp_path, 2022)
    late = earlier[("甲县教育局", 2022)]
    assert rules(late) == ["meta.late"] and "2023-03-15" in late.findings[0].message and "2023-01-31" in late.findings[0].message
    assert rules(earlier[("甲县人民政府", 2022)]) == ["publication.outside_column"]
    assert rules(rows(tmp_path, 2021)[("甲县某镇人民政府", 2021)]) == ["publication.not_machine_readable"]  # a PDF without text


def test_a_report_edited_between_crawls_is_changed_with_the_cell_named(county: County, tmp_path: Path, guard: Guard) -> None:
    crawl(county, tmp_path, guard)
    county.edit()
    crawl(county, tmp_path, guard)
    row = rows(tmp_path)[("甲县财政局", 2023)]
    assert row.status == "发布后修改"
    changed = row.findings[0]
    assert "requests.new.natural" in changed.cells
    before = county.values["czj2023"]["requests.new.natural"]
    assert f"一、本年新收政府信息公开申请数量·自然人：{before} → {before + 1}" in changed.message


def test_a_report_taken_down_is_removed(county: County, tmp_path: Path, guard: Guard) -> None:
    crawl(county, tmp_path, guard)
    del county.site.routes["/zf/ndbg/2023.html"]
    crawl(county, tmp_path, guard)
    row = rows(tmp_path)[("甲县人民政府", 2023)]
    assert rules(row) == ["publication.removed"] and "HTTP 404" in row.findings[0].message and row.status == "已撤下"


def test_late_falls_back_to_the_printed_date_then_the_day_first_seen(county: County, tmp_path: Path, guard: Guard) -> None:
    from zfxxgk.collect.schema import Publication
    from zfxxgk.store.schema import ReportRow

    crawl(county, tmp_path, guard)
    assert rows(tmp_path)[("甲县人民政府", 2023)].published == "2024-03-25"  # the page's 发布时间
    with Store.open(str(tmp_path / "z.db")) as store, Session(store.engine) as session:
        for publication in session.scalars(select(Publication)):
            publication.published = None
        session.commit()
        assert rows(tmp_path)[("甲县人民政府", 2023)].published == "2024-01-20"  # the report's own date
        for report in session.scalars(select(ReportRow)):
            report.published = None
        session.commit()
    late = rows(tmp_path)[("甲县人民政府", 2023)]
    assert rules(late) == ["meta.late"] and "首次发现日期" in late.findings[0].message


# -- site lists, discovery, the commands -------------------------------------------------------------------


def test_site_list_errors_name_the_row(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("agency,url,level\n甲,http://a/,county\n乙,ftp://b/,\n", encoding="utf-8")
    with pytest.raises(SiteListError) as caught:
        read_sites(path)
    assert "第2行" in str(caught.value) and "第3行" in str(caught.value)
    path.write_text("name,link\n", encoding="utf-8")
    with pytest.raises(SiteListError, match="agency,url"):
        read_sites(path)


def test_discover_proposes_the_agencies_with_their_annual_columns(guard: Guard) -> None:
    with TestSite() as site:
        site.routes["/robots.txt"] = (404, {}, b"")
        site.routes["/xxgk/"] = page('<a href="/bm/czj/">甲县财政局</a><a href="/bm/zhen/">甲县某镇人民政府</a><a href="/about">关于我们</a>', title="甲县人民政府")
        site.routes["/bm/czj/"] = page('<a href="/bm/czj/ndbg/">政府信息公开年报</a>')
        site.routes["/bm/zhen/"] = page("<p>暂无栏目</p>")
        found = discover(site.url("/xxgk/"), settings(), StubResolver(), guard)
    assert found == [
        Site("甲县财政局", site.url("/bm/czj/ndbg/"), "department", "甲县人民政府"),
        Site("甲县某镇人民政府", site.url("/bm/zhen/"), "township", "甲县人民政府"),
    ]


def test_the_commands_fetch_then_watch(county: County, tmp_path: Path, guard: Guard, monkeypatch: pytest.MonkeyPatch) -> None:
    import zfxxgk.collect.crawl as crawl_module

    original = crawl_module.Fetcher
    monkeypatch.setattr(crawl_module, "Fetcher", lambda s, _r, _f: original(s, StubResolver(), guard))
    sites = tmp_path / "sites.csv"
    sites.write_text(county.csv(), encoding="utf-8")
    db = str(tmp_path / "z.db")
    runner = CliRunner()
    fetched = runner.invoke(app, ["fetch", "--sites", str(sites), "--db", db, "--delay", "0", "--only-network", "127.0.0.1/32", "--max-mb", "2", "--timeout", "2", "--workers", "1"])
    assert fetched.exit_code == 1, fetched.output  # the robots.txt refusal, the 404 and the capped file
    assert "robots.txt 禁止" in fetched.output and "新增" in fetched.output
    watched = runner.invoke(app, ["watch", "--year", "2023", "--db", db, "--format", "json", "--delay", "0", "--only-network", "127.0.0.1/32", "--max-mb", "2", "--workers", "1"])
    assert watched.exit_code == 1
    data = json.loads(watched.stdout)
    assert {r["agency"]: r["status"] for r in data}["甲县卫生健康委员会"] == "缺失"
    usage = runner.invoke(app, ["fetch"])
    assert usage.exit_code == 2


def test_a_pager_that_never_ends_stops_at_the_list_page_cap(tmp_path: Path, guard: Guard, monkeypatch: pytest.MonkeyPatch) -> None:
    import zfxxgk.collect.crawl as crawl_module

    monkeypatch.setattr(crawl_module, "MAX_LIST_PAGES", 12)
    with TestSite() as site:
        site.routes["/robots.txt"] = (404, {}, b"")
        for n in range(1, 60):
            site.routes[f"/endless?page={n}"] = page(f'<ul><li>第{n}页</li></ul><a href="/endless?page={n + 1}">下一页</a>')
        summary = zfxxgk.fetch(sites=[Site("甲县某局", site.url("/endless?page=1"))], db=str(tmp_path / "z.db"), settings=settings(), resolver=StubResolver(), socket_factory=guard)
    assert summary.requests <= 13 and site.requests["/endless?page=20"] == 0


def test_a_retry_after_longer_than_the_crawl_waits_fails_the_url_at_once(tmp_path: Path, guard: Guard) -> None:
    with TestSite({"/robots.txt": (404, {}, b""), "/slow": (503, {"Retry-After": "86400"}, b"")}) as site:
        summary = zfxxgk.fetch([site.url("/slow")], db=str(tmp_path / "z.db"), settings=settings(), resolver=StubResolver(), socket_factory=guard)
    assert summary.failures == [(site.url("/slow"), "HTTP 503")] and site.requests["/slow"] == 1


def test_progress_shows_sites_in_flight_and_totals_of_the_rest() -> None:
    import io

    from rich.console import Console
    from rich.progress import Progress

    from zfxxgk.cli.fetch import _SiteProgress
    from zfxxgk.collect import Event

    progress = Progress(console=Console(file=io.StringIO()))
    show = _SiteProgress(progress)
    show(Event("report", "甲县财政局", "u1", "new"))
    show(Event("failed", "甲县财政局", "u2", "HTTP 404"))
    show(Event("fetched", "甲县教育局", "u3"))
    assert [t.description for t in progress.tasks][1:] == ["甲县财政局：2 次请求，1 份报告，1 个失败", "甲县教育局：1 次请求，0 份报告，0 个失败"]
    show(Event("site_done", "甲县财政局", ""))
    assert [t.description for t in progress.tasks] == ["已完成 1 个站点：2 次请求，1 份报告，1 个失败", "甲县教育局：1 次请求，0 份报告，0 个失败"]


def test_a_page_that_changes_around_an_unchanged_report_is_no_new_version(county: County, tmp_path: Path, guard: Guard) -> None:
    crawl(county, tmp_path, guard)
    status, headers, body = county.site.routes["/czj/ndbg/202401/t20240115_1.html"]  # type: ignore[misc]
    county.site.routes["/czj/ndbg/202401/t20240115_1.html"] = (status, {**headers, "ETag": '"counted"'}, body.replace(b"</body>", b"<p>\xe6\xb5\x8f\xe8\xa7\x88\xe6\xac\xa1\xe6\x95\xb0\xef\xbc\x9a1234</p></body>"))
    summary = crawl(county, tmp_path, guard)
    assert [o.status for o in summary.reports if o.agency == "甲县财政局" and o.year == 2023] == ["unchanged"]
    assert rows(tmp_path)[("甲县财政局", 2023)].status == "按时"


def test_urls_given_directly_a_file_a_report_page_and_a_column(county: County, tmp_path: Path, guard: Guard) -> None:
    urls = [county.site.url(p) for p in ("/czj/ndbg/202301/P020230110.doc", "/zhen/nb/2022/t.html", "/zf/ndbg/")]
    summary = zfxxgk.fetch(urls, db=str(tmp_path / "z.db"), settings=settings(), resolver=StubResolver(), socket_factory=guard)
    stored = {(o.agency, o.year, o.status) for o in summary.reports}
    assert ("甲县财政局", 2022, "new") in stored  # the Word file
    assert ("甲县某镇人民政府", 2022, "new") in stored  # the page's attachment
    assert ("甲县人民政府", 2023, "new") in stored  # the report listed in the column
    result = watch(db=str(tmp_path / "z.db"), refetch=False, today=TODAY)
    assert {(r.agency, r.year) for r in result.rows} >= {("甲县财政局", 2022), ("甲县人民政府", 2023)}
    assert not any(f.rule == "publication.missing" for r in result.rows for f in r.findings)  # no site list, no deadline claims


def test_one_host_never_gets_two_requests_at_once(county: County, tmp_path: Path, guard: Guard) -> None:
    county.site.hold = 0.02
    crawl(county, tmp_path, guard, hosts_in_parallel=8)  # five agencies on one host, eight sites at a time
    assert county.site.most_in_flight == 1 and sum(county.site.requests.values()) > 20


def test_a_page_and_its_attachment_with_different_numbers_conflict(county: County, tmp_path: Path, guard: Guard) -> None:
    from fetch_site import report_page, report_values

    path = "/czj/ndbg/202301/t20230110_2.html"
    body = report_page(tmp_path, "甲县财政局", 2022, report_values(99)).replace(b"</body>", b'<a href="./P020230110.doc">\xe9\x99\x84\xe4\xbb\xb6</a></body>')
    county.site.routes[path] = (200, {"Content-Type": "text/html"}, body)
    crawl(county, tmp_path, guard, year=2022)
    row = rows(tmp_path, 2022)[("甲县财政局", 2022)]
    assert rules(row) == ["publication.conflicting_versions"]
    assert county.site.url(path) in row.findings[0].message and county.site.url("/czj/ndbg/202301/P020230110.doc") in row.findings[0].message


def test_a_url_fetched_alone_then_listed_as_a_site_is_crawled_with_it(county: County, tmp_path: Path, guard: Guard) -> None:
    zfxxgk.fetch([county.site.url("/wjw/ndbg/")], db=str(tmp_path / "z.db"), settings=settings(), resolver=StubResolver(), socket_factory=guard)
    crawl(county, tmp_path, guard)
    assert county.site.requests["/wjw/ndbg/"] == 2 and county.site.requests["/wjw/notice.html"] == 0
    assert rules(rows(tmp_path)[("甲县卫生健康委员会", 2023)]) == ["publication.missing"]


@given(
    st.integers(min_value=1, max_value=40),
    st.lists(st.tuples(st.integers(min_value=2015, max_value=2030), st.sampled_from(["./", "../ndbg/", "/x/ndbg/", ""])), max_size=8),
    st.sampled_from(["utf-8", "gbk"]),
)
def test_list_pages_give_their_pages_and_reports_whatever_the_cms(pages: int, reports: list[tuple[int, str]], encoding: str) -> None:
    from fetch_site import html, listing

    from zfxxgk.collect.links import read_links

    url = "http://127.0.0.1:8080/x/ndbg/index.html"
    links = [(f"{prefix}{year}/t{i}.html", f"某某局{year}年政府信息公开工作年度报告", f"{year + 1}-01-2{i % 10}") for i, (year, prefix) in enumerate(reports)]
    body = html(listing(links, f'<script>createPageHTML({pages}, 0, "index", "html");</script>'), encoding)
    found = read_links(body, url)
    expected_pages = {"http://127.0.0.1:8080/x/ndbg/index.html"} | {f"http://127.0.0.1:8080/x/ndbg/index_{i}.html" for i in range(1, pages)}
    assert set(found.pager) == expected_pages
    assert {(r.url, r.year, r.listed) for r in found.reports} == {
        (f"http://127.0.0.1:8080/x/ndbg/{year}/t{i}.html", year, f"{year + 1}-01-2{i % 10}") for i, (year, _prefix) in enumerate(reports)
    }


def test_text_changes_name_the_sections_that_changed() -> None:
    from zfxxgk.collect.watch import text_changes
    from zfxxgk.model import Meta, Report, Source

    def report(problems: str) -> Report:
        return Report(Source("a", "0", "html"), Meta(), {}, narrative={"overview": "总体情况不变。", "problems": problems})

    assert text_changes(report("公开内容不够丰富。"), report("公开内容不够丰富。")) == ""
    changed = text_changes(report("公开内容不够丰富。"), report("公开内容不够丰富，解读不够深入。"))
    assert changed.startswith("；正文改动：第五部分“存在的主要问题及改进情况”（相似度") and "总体情况" not in changed


def test_a_report_url_that_now_holds_another_document_is_removed(county: County, tmp_path: Path, guard: Guard) -> None:
    crawl(county, tmp_path, guard, year=2023)
    county.site.routes["/zf/ndbg/2023.html"] = page("<p>该信息已过期。</p>", etag="gone")
    crawl(county, tmp_path, guard, year=2023)
    row = rows(tmp_path)[("甲县人民政府", 2023)]
    assert rules(row) == ["publication.removed"] and "已不是该报告" in row.findings[0].message
