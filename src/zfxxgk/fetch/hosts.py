"""Per-host politeness: robots.txt, one request at a time, and a pause between requests.

Many agencies of one county share a host (their columns are folders of the portal), so every rule here
is kept per host, not per site: a crawl of a hundred departments on one portal still sends that portal
one request at a time, `delay` seconds apart (longer when its robots.txt asks with Crawl-delay).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiolimiter import AsyncLimiter
from protego import Protego
from yarl import URL


@dataclass(slots=True)
class Host:
    """What a crawl knows about one scheme://host:port."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    limiter: AsyncLimiter | None = None
    robots: Protego | None = None
    robots_problem: str | None = None  # robots.txt could not be read: nothing on the host is fetched
    robots_loaded: bool = False


RobotsLoader = Callable[[URL], Awaitable[tuple[int | None, bytes | None, str | None]]]


class Hosts:
    """The hosts of one crawl. `robots_loader` fetches a robots.txt: (status, body, error)."""

    def __init__(self, user_agent: str, delay: float, obey_robots: bool) -> None:
        self.user_agent = user_agent
        self.delay = delay
        self.obey_robots = obey_robots
        self._hosts: dict[str, Host] = {}

    @staticmethod
    def key(url: URL) -> str:
        return f"{url.scheme}://{url.host}:{url.port}"

    def get(self, url: URL) -> Host:
        key = self.key(url)
        host = self._hosts.get(key)
        if host is None:
            host = self._hosts[key] = Host()
            if self.delay > 0:
                host.limiter = AsyncLimiter(1, self.delay)
        return host

    async def load_robots(self, url: URL, loader: RobotsLoader) -> Host:
        """The host with its robots.txt read (once). RFC 9309: a 4xx means no rules, a 5xx or no answer
        means the host is not crawled for now."""
        host = self.get(url)
        if host.robots_loaded or not self.obey_robots:
            return host
        status, body, error = await loader(url.with_path("/robots.txt").with_query(None).with_fragment(None))
        host.robots_loaded = True
        if error is not None or status is None or status >= 500:
            host.robots_problem = f"robots.txt 无法获取（{error or status}），按 RFC 9309 暂不抓取该站"
        elif status == 200 and body:
            host.robots = Protego.parse(body.decode("utf-8", errors="replace"))
            crawl_delay = host.robots.crawl_delay(self.user_agent)
            if crawl_delay and crawl_delay > self.delay:
                host.limiter = AsyncLimiter(1, float(crawl_delay))
        return host

    def refusal(self, url: URL) -> str | None:
        """Why robots.txt forbids this URL, or None."""
        host = self.get(url)
        if not self.obey_robots:
            return None
        if host.robots_problem:
            return host.robots_problem
        if host.robots is not None and not host.robots.can_fetch(str(url), self.user_agent):
            return "robots.txt 禁止抓取此地址"
        return None
