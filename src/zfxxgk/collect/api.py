"""The library twins of `zfxxgk fetch` and `zfxxgk watch`, and the portal discovery behind `--discover`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from aiohttp.abc import AbstractResolver
from sqlalchemy.orm import Session

from ..check import CheckConfig
from ..fetch import Fetcher, FetchSettings
from ..fetch.safety import SocketFactory
from ..read.sniff import sniff
from ..store import Store
from .crawl import Crawl, CrawlSummary, Event, run_async
from .links import read_links
from .sites import Site, SiteListError, guess_level, read_sites
from .watch import WatchResult, watch_rows


def fetch(
    urls: Sequence[str] = (),
    sites: str | Path | Sequence[Site] | None = None,
    year: int | None = None,
    db: str | None = None,
    settings: FetchSettings | None = None,
    config: CheckConfig | None = None,
    on_event: Callable[[Event], None] | None = None,
    resolver: AbstractResolver | None = None,
    socket_factory: SocketFactory | None = None,
    workers: int | None = None,
) -> CrawlSummary:
    """`zfxxgk fetch`: fetch report pages, column pages or files (`urls`) and every site of a site list,
    store and check each report found; an interrupted run is resumed, a finished one re-checked with
    conditional requests. Documents are parsed by `workers` processes (default: one per core)."""
    site_list = read_sites(sites) if isinstance(sites, (str, Path)) else list(sites or [])
    with Store.open(db, config) as store:
        crawl = Crawl(store.engine, settings, year, config, on_event, resolver, socket_factory, workers)
        return crawl.run(site_list, list(urls))


def watch(
    sites: str | Path | Sequence[Site] | None = None,
    year: int | None = None,
    db: str | None = None,
    settings: FetchSettings | None = None,
    refetch: bool = True,
    today: date | None = None,
    config: CheckConfig | None = None,
    on_event: Callable[[Event], None] | None = None,
    resolver: AbstractResolver | None = None,
    socket_factory: SocketFactory | None = None,
    workers: int | None = None,
) -> WatchResult:
    """`zfxxgk watch`: re-fetch what is known (conditionally) unless `refetch` is False, then the status
    and findings of every agency-year."""
    site_list = read_sites(sites) if isinstance(sites, (str, Path)) else list(sites or [])
    with Store.open(db, config) as store:
        if refetch:
            Crawl(store.engine, settings, year, config, on_event, resolver, socket_factory, workers).run(site_list, [], only_known=not site_list)
        with Session(store.engine) as session:
            return watch_rows(session, year, today=today)


async def _discover(url: str, settings: FetchSettings, resolver: AbstractResolver | None, socket_factory: SocketFactory | None) -> list[Site]:
    async with Fetcher(settings, resolver, socket_factory) as fetcher:
        index = await fetcher.get(url)
        if index.data is None or sniff(index.data) != "html":
            raise SiteListError(f"{url}: 无法读取门户首页（{index.error or '不是网页'}）")
        portal = read_links(index.data, index.final_url)
        found: list[Site] = []
        for link in portal.agencies:
            page = await fetcher.get(link.url)
            column = link.url
            if page.data is not None and sniff(page.data) == "html":
                columns = read_links(page.data, page.final_url).columns
                column = columns[0].url if columns else page.final_url
            found.append(Site(link.text, column, guess_level(link.text), portal.title or None))
        return found


def discover(
    url: str,
    settings: FetchSettings | None = None,
    resolver: AbstractResolver | None = None,
    socket_factory: SocketFactory | None = None,
) -> list[Site]:
    """`zfxxgk fetch --discover`: from a portal's 政府信息公开 index, every agency it links, with its 年报
    column (or its own page when no 年报 column link is found) and its level guessed from its name."""
    return run_async(_discover(url, settings or FetchSettings(), resolver, socket_factory))
