"""The first stage: a URL becomes its original bytes and the HTTP facts about them.

Nothing here reads, extracts or checks a report; `zfxxgk.collect` decides what to fetch and what the
bytes are. This package is only about getting bytes politely and safely:

- polite: robots.txt obeyed (protego), one request at a time per host with a delay between requests
  (Crawl-delay honoured), an identifying User-Agent, retries with backoff on timeouts, connection errors,
  5xx and 429 (Retry-After honoured), never on another 4xx;
- safe: http and https only; every address a connection would use is checked at the moment its socket
  is made, on the first request and after every redirect, so loopback, private, link-local, multicast and
  reserved addresses are refused unless allowed; bodies are streamed against a size cap, each request
  has a time cap, redirects are capped.

    async with Fetcher(FetchSettings(delay=1.0)) as fetcher:
        got = await fetcher.get("https://www.example.gov.cn/xxgk/ndbg/index.html")
        got.status, got.final_url, got.etag, got.data   # or got.error, the reason it failed
"""

import sys
from types import ModuleType
from typing import Any

from .client import Fetched, Fetcher
from .safety import AddressRefused, NetworkPolicy
from .settings import FetchSettings


class _CallableStage(ModuleType):
    """`zfxxgk.fetch(...)` is the twin of `zfxxgk fetch`, and `zfxxgk.fetch` is also this package: once
    the package is imported, the attribute is the module, so the module itself answers the call. The
    twin lives in `zfxxgk.collect` (it stores what it fetches) and is imported only when called."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from ..collect import fetch

        return fetch(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableStage

__all__ = ["AddressRefused", "FetchSettings", "Fetched", "Fetcher", "NetworkPolicy"]
