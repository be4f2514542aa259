"""`Fetcher`: one GET, made politely and safely, becomes a `Fetched` — bytes and HTTP facts, or a reason.

aiohttp because a crawl is many hosts at once, each slow: one event loop keeps thousands of connections
waiting cheaply, and its resolver and socket-factory hooks are where the address policy is enforced.
Redirects are followed here, hop by hop, so each hop is checked (scheme, robots.txt, address) like the
first request. Retries are tenacity's; waits honour Retry-After.
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import ipaddress
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from types import TracebackType
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)
from yarl import URL

from .hosts import Hosts
from .safety import SCHEMES, AddressRefused, NetworkPolicy, SocketFactory
from .settings import FetchSettings

REDIRECTS = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512 * 1024  # Google reads the first 500 KiB of a robots.txt


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(slots=True)
class Fetched:
    """The outcome of one GET: `data` when the server sent a body (status 200), `error` when it failed.

    `status` 304 means the copy already held is current (a conditional request). `redirects` lists every
    URL passed through, the first one included.
    """

    url: str
    final_url: str
    status: int | None = None
    content_type: str | None = None
    last_modified: str | None = None
    etag: str | None = None
    data: bytes | None = None
    error: str | None = None
    sha256: str | None = None  # of `data`
    redirects: list[str] = field(default_factory=list)
    fetched_at: datetime = field(default_factory=_now)
    attempts: int = 0

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Transient(Exception):
    """A failure worth retrying: timeout, connection error, 5xx, 429."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class _Final(Exception):
    """A failure that another attempt would not change: refused address, oversized body."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class _Answer:
    status: int
    headers: Any
    data: bytes | None


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - _now()).total_seconds())


class GuardedResolver(AbstractResolver):
    """Resolves with `inner`, then refuses the whole name if any of its addresses is forbidden."""

    def __init__(self, policy: NetworkPolicy, inner: AbstractResolver | None = None) -> None:
        self.policy = policy
        self.inner = inner

    async def resolve(self, host: str, port: int = 0, family: Any = 0) -> list[ResolveResult]:
        if self.inner is None:
            self.inner = DefaultResolver()
        results = await self.inner.resolve(host, port, family)
        for result in results:
            reason = self.policy.refusal(result["host"])
            if reason is not None:
                raise AddressRefused(f"{host}（{result['host']}）", reason)
        return results

    async def close(self) -> None:
        if self.inner is not None:
            await self.inner.close()


class Fetcher:
    """Fetches URLs for one crawl; use as `async with Fetcher(settings) as f: await f.get(url)`.

    `resolver` and `socket_factory` replace the system's (tests map names to addresses and watch every
    socket); the address policy is applied in front of both.
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        resolver: AbstractResolver | None = None,
        socket_factory: SocketFactory | None = None,
    ) -> None:
        self.settings = settings or FetchSettings()
        self.hosts = Hosts(self.settings.user_agent, self.settings.delay, self.settings.obey_robots)
        self._resolver = GuardedResolver(self.settings.policy, resolver)
        self._socket_factory = self.settings.policy.guarded(socket_factory)
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Fetcher:
        connector = aiohttp.TCPConnector(
            limit=self.settings.hosts_in_parallel,
            limit_per_host=1,
            resolver=self._resolver,
            socket_factory=self._socket_factory,
        )
        timeout = aiohttp.ClientTimeout(total=self.settings.timeout, sock_connect=self.settings.connect_timeout)
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=timeout,
            headers={"User-Agent": self.settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            auto_decompress=False,  # decompressed here, against the size cap: a gzip bomb stops at the cap
            trust_env=False,  # a proxy from the environment would connect on our behalf, past the address check
        )
        return self

    async def __aexit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._session is not None:
            await self._session.close()

    async def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET `url`, conditionally when a validator is given; never raises for what the network does."""
        result = Fetched(url=url, final_url=url, redirects=[url])
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        try:
            current = URL(url)
        except ValueError:
            result.error = "地址无效"
            return result
        for _hop in range(self.settings.max_redirects + 1):
            problem = await self._unfit(current)
            if problem is not None:
                result.error = problem
                return result
            try:
                answer = await self._attempts(current, headers, result, self.settings.max_bytes)
            except (_Transient, _Final) as exc:
                result.error = exc.reason
                return result
            location = answer.headers.get("Location") if answer.status in REDIRECTS else None
            if location is None:
                self._fill(result, answer)
                return result
            try:
                current = current.join(URL(location))
            except ValueError:
                result.error = f"重定向地址无效：{location}"
                return result
            result.final_url = str(current)
            result.redirects.append(str(current))
        result.error = f"重定向超过 {self.settings.max_redirects} 次，已停止"
        return result

    @staticmethod
    def _fill(result: Fetched, answer: _Answer) -> None:
        result.status = answer.status
        result.content_type = answer.headers.get("Content-Type")
        result.last_modified = answer.headers.get("Last-Modified")
        result.etag = answer.headers.get("ETag")
        result.data = answer.data if answer.status == 200 else None
        result.sha256 = hashlib.sha256(result.data).hexdigest() if result.data is not None else None

    async def _unfit(self, url: URL) -> str | None:
        """Why this URL is not requested: scheme, a forbidden IP literal, robots.txt."""
        if url.scheme not in SCHEMES or not url.host:
            return f"只抓取 http 和 https 地址：{url}"
        if url.raw_host is not None and _is_ip(url.raw_host):
            reason = self.settings.policy.refusal(url.raw_host.strip("[]"))
            if reason is not None:
                return f"{url.raw_host}：{reason}"
        await self.hosts.load_robots(url, self._robots)
        return self.hosts.refusal(url)

    async def _robots(self, url: URL) -> tuple[int | None, bytes | None, str | None]:
        probe = Fetched(url=str(url), final_url=str(url))
        try:
            answer = await self._attempts(url, {}, probe, ROBOTS_MAX_BYTES)
        except (_Transient, _Final) as exc:
            return None, None, exc.reason
        if answer.status in REDIRECTS:
            return 404, None, None  # a redirected robots.txt is read as absent rather than followed off-host
        return answer.status, answer.data, None

    def _worth_retrying(self, exc: BaseException) -> bool:
        """Transient failures, unless the server asks for a longer pause than the crawl will wait."""
        return isinstance(exc, _Transient) and (exc.retry_after is None or exc.retry_after <= self.settings.max_wait)

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Transient) and exc.retry_after is not None:
            return exc.retry_after
        return wait_exponential(multiplier=self.settings.backoff, max=self.settings.max_wait)(state)

    async def _attempts(self, url: URL, headers: dict[str, str], result: Fetched, max_bytes: int) -> _Answer:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.settings.retries + 1),
            wait=self._wait,
            retry=retry_if_exception(self._worth_retrying),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                result.attempts += 1
                return await self._once(url, headers, max_bytes)
        raise AssertionError("unreachable: tenacity reraises the last failure")

    async def _once(self, url: URL, headers: dict[str, str], max_bytes: int) -> _Answer:
        assert self._session is not None, "use Fetcher in `async with`"
        host = self.hosts.get(url)
        async with host.lock:
            if host.limiter is not None:
                await host.limiter.acquire()
            try:
                async with asyncio.timeout(self.settings.timeout):
                    async with self._session.get(url, headers=headers, allow_redirects=False) as response:
                        return await self._answer(response, max_bytes)
            except TimeoutError as exc:
                raise _Transient(f"超时（{self.settings.timeout:g} 秒内未完成）") from exc
            except aiohttp.ClientConnectorError as exc:
                if isinstance(exc.os_error, AddressRefused):
                    raise _Final(str(exc.os_error)) from exc
                raise _Transient(f"连接失败：{exc.os_error.strerror or exc.os_error}") from exc
            except aiohttp.ClientError as exc:
                raise _Transient(f"连接出错：{exc.__class__.__name__} {exc}") from exc

    async def _answer(self, response: aiohttp.ClientResponse, max_bytes: int) -> _Answer:
        status = response.status
        if status == 429 or status >= 500:
            raise _Transient(f"HTTP {status}", retry_after(response.headers.get("Retry-After")))
        if status != 200:
            return _Answer(status, response.headers, None)
        return _Answer(status, response.headers, await _body(response, max_bytes))


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


async def _body(response: aiohttp.ClientResponse, max_bytes: int) -> bytes:
    """The body, decompressed, streamed against the cap: an oversized file is abandoned, not buffered."""
    limit = f"文件超过 {max_bytes / 1024 / 1024:g} MB 上限，已停止下载"
    if response.content_length is not None and response.content_length > max_bytes and not response.headers.get("Content-Encoding"):
        raise _Final(limit)
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    decoder = zlib.decompressobj(zlib.MAX_WBITS | 32) if encoding in ("gzip", "deflate", "x-gzip") else None
    body = bytearray()
    try:
        async for chunk in response.content.iter_chunked(64 * 1024):
            if decoder is not None:
                chunk = decoder.decompress(chunk, max_bytes + 1 - len(body))
            body += chunk
            if len(body) > max_bytes:
                raise _Final(limit)
    except zlib.error as exc:
        raise _Final(f"压缩数据损坏：{exc}") from exc
    return bytes(body)
