"""How a crawl behaves towards the sites it visits; every number can be changed by the caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from .safety import NetworkPolicy


def _default_agent() -> str:
    try:
        own = version("zfxxgk")
    except PackageNotFoundError:
        own = "dev"
    return f"zfxxgk/{own} (政府信息公开年报采集; +https://pypi.org/project/zfxxgk/)"


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Politeness and safety limits. The defaults suit the public web: one request per second per host."""

    user_agent: str = field(default_factory=_default_agent)
    delay: float = 1.0  # seconds between two requests to one host (robots.txt's Crawl-delay, if longer, wins)
    timeout: float = 60.0  # one request, body included
    connect_timeout: float = 15.0
    max_bytes: int = 200 * 1024 * 1024  # per file, as the readers' own limit
    max_redirects: int = 5
    retries: int = 3  # after the first attempt, on timeouts, connection errors, 5xx and 429
    backoff: float = 2.0  # first wait before a retry; doubles each time
    max_wait: float = 300.0  # the longest backoff; a longer Retry-After fails the URL instead of stalling its site
    hosts_in_parallel: int = 16
    obey_robots: bool = True
    policy: NetworkPolicy = field(default_factory=NetworkPolicy)
