"""Crawl throughput: agencies on a local test site, fetched, stored and checked by `zfxxgk.fetch`.

Each agency has a 年报 column (two list pages) and one report page whose body holds a generated report,
so one agency is four requests and one ingest. Beside the crawl runs its floor, measured in the same
run: plain aiohttp GETs of the same URLs with nothing else (no robots.txt, no database, no parsing).
Reported: pages/s of both, their ratio, and peak RSS of the crawler and of its parsing workers. The
site is served by another process, so it takes no time or memory from the crawler. Politeness delay is 0
(a local server); the real crawl's pace is set by `--delay`, see docs/crawl.md.

    python benchmarks/crawl.py --agencies 10000      # the issue's scale (long: every report is parsed)
    python benchmarks/crawl.py --agencies 200        # a quick run
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fetch_site import Guard, StubResolver, TestSite, html, page  # noqa: E402
from store_support import report_text, values_for  # noqa: E402

import zfxxgk  # noqa: E402
from zfxxgk.fetch import FetchSettings, NetworkPolicy  # noqa: E402


def build(site: TestSite, agencies: int) -> list[str]:
    """Routes for `agencies` agencies; the report body is shared (its bytes differ per agency by the name)."""
    site.routes["/robots.txt"] = (404, {}, b"")
    values = values_for("2021", random.Random(0))
    rows = []
    for i in range(agencies):
        agency = f"测试县第{i}局"
        base = f"/a{i}/ndbg/"
        site.routes[base] = page(f'<ul><li><a href="r.html">{agency}2023年政府信息公开工作年度报告</a></li></ul><a href="index_1.html">下一页</a>', etag=f"l{i}")
        site.routes[base + "index_1.html"] = page("<ul></ul>", etag=f"m{i}")
        text = report_text(agency, 2023, values).replace("\n", "<br>\n")
        site.routes[base + "r.html"] = (200, {"Content-Type": "text/html", "ETag": f'"r{i}"'}, html(f"<pre>{text}</pre>"))
        rows.append(f"{agency},{site.url(base)},department")
    return rows


async def floor(urls: list[str], parallel: int) -> float:
    gate = asyncio.Semaphore(parallel)
    async with aiohttp.ClientSession() as session:

        async def one(url: str) -> None:
            async with gate, session.get(url) as response:
                await response.read()

        started = time.perf_counter()
        await asyncio.gather(*(one(u) for u in urls))
        return time.perf_counter() - started


def serve(agencies: int, ready: multiprocessing.Queue, stop: multiprocessing.Event) -> None:  # type: ignore[type-arg]
    """The test site in a process of its own: (base URL, site list rows, page URLs) go back on `ready`."""
    with TestSite() as site:
        rows = build(site, agencies)
        ready.put((site.base, rows, [site.url(p) for p in site.routes if p != "/robots.txt"]))
        stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agencies", type=int, default=200)
    parser.add_argument("--hosts", type=int, default=16, help="sites fetched at the same time")
    parser.add_argument("--workers", type=int, default=None, help="parsing processes (default: one per core)")
    args = parser.parse_args()
    ready: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    stop = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(args.agencies, ready, stop), daemon=True)
    server.start()
    try:
        _base, rows, urls = ready.get(timeout=600)
        with tempfile.TemporaryDirectory() as folder:
            sites = Path(folder) / "sites.csv"
            sites.write_text("agency,url,level\n" + "\n".join(rows) + "\n", encoding="utf-8")
            floor_seconds = asyncio.run(floor(urls, args.hosts))
            settings = FetchSettings(delay=0, hosts_in_parallel=args.hosts, policy=NetworkPolicy.of(only=["127.0.0.1/32"]))
            run = {"sites": sites, "db": str(Path(folder) / "crawl.db"), "settings": settings, "resolver": StubResolver(), "socket_factory": Guard(), "workers": args.workers}
            started = time.perf_counter()
            summary = zfxxgk.fetch(**run)
            crawl_seconds = time.perf_counter() - started
            started = time.perf_counter()
            again = zfxxgk.fetch(**run)
            rerun_seconds = time.perf_counter() - started
    finally:
        stop.set()
        server.join(timeout=10)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child: a parser (or the site)
    pages = summary.requests
    print("| agencies | requests | crawl pages/s | floor pages/s | × floor's time | rerun (conditional) pages/s | 304s | reports stored | failures | peak RSS crawler | peak RSS largest child |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {args.agencies} | {pages} | {pages / crawl_seconds:.1f} | {len(urls) / floor_seconds:.1f} | "
        f"{(crawl_seconds / pages) / (floor_seconds / len(urls)):.0f}× | {again.requests / rerun_seconds:.1f} | {again.not_modified} | "
        f"{sum(1 for o in summary.reports if o.status == 'new')} | {len(summary.failures)} | {rss:.0f} MB | {workers_rss:.0f} MB |"
    )


if __name__ == "__main__":
    main()
