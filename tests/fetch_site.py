"""A local test site for `zfxxgk fetch` and `watch`: government CMSs in several styles, on 127.0.0.1 only.

`TestSite` serves every case the crawler must handle from a dict of routes (path with query → reply):
static pages announced by `createPageHTML`, `?page=N` lists, 下一页 links and a pagination loop; reports
as an HTML body, a PDF attachment, a Word attachment under a `.doc` name, a scanned image; GBK pages,
relative links, redirect chains, a 404 attachment, 500 twice then 200, robots.txt, a 1 GB file that is
generated as it is sent. `Silent` is a host that accepts connections and never answers. `Guard` is the
socket factory every test hands the crawler: it fails the test if a socket to anything but 127.0.0.1 is
even created, so no packet ever leaves loopback.
"""

from __future__ import annotations

import io
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiohttp.abc import AbstractResolver, ResolveResult
from formats import seed_docx, seed_html
from PIL import Image
from refdata import CORPUS
from store_support import report_text, values_for

Reply = tuple[int, dict[str, str], bytes]
Route = Reply | Callable[["Handler"], Reply | None]
ONE_GB = 1024**3


@dataclass(slots=True)
class Guard:
    """A socket factory that lets only 127.0.0.1 through and records every other address tried."""

    attempts: list[str] = field(default_factory=list)

    def __call__(self, addr_info: tuple[Any, ...]) -> socket.socket:
        family, kind, proto, _name, sockaddr = addr_info
        if sockaddr[0] != "127.0.0.1":
            self.attempts.append(sockaddr[0])
            raise OSError(f"test guard: a connection to {sockaddr[0]} was attempted")
        return socket.socket(family, kind, proto)


class StubResolver(AbstractResolver):
    """Names the tests use, mapped to addresses; nothing is looked up in the real DNS."""

    NAMES = {"metadata.test": "169.254.169.254", "intranet.test": "10.0.0.7", "public.test": "93.184.216.34", "localhost": "127.0.0.1"}

    async def resolve(self, host: str, port: int = 0, family: Any = socket.AF_INET) -> list[ResolveResult]:
        address = self.NAMES.get(host)
        if address is None:
            raise OSError(f"test resolver: unknown name {host}")
        return [{"hostname": host, "host": address, "port": port, "family": socket.AF_INET, "proto": 0, "flags": 0}]

    async def close(self) -> None:
        return None


class Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        return None

    def do_GET(self) -> None:
        site = self.server.site
        with site.lock:
            site.requests[self.path] += 1
            site.headers.append((self.path, dict(self.headers)))
            site.in_flight += 1
            site.most_in_flight = max(site.most_in_flight, site.in_flight)
            hook = site.on_request
        try:
            if hook is not None:
                hook(self.path)
            if site.hold:
                time.sleep(site.hold)  # widens the window in which a second request would overlap
            route = site.routes.get(self.path)
        finally:
            with site.lock:  # left before answering: once answered, the client may rightly send the next
                site.in_flight -= 1
        if route is None:
            self._send((404, {"Content-Type": "text/html"}, b"<html><body>not found</body></html>"))
            return
        reply = route(self) if callable(route) else route
        if reply is not None:
            self._send(reply)
        with site.lock:
            site.completed[self.path] += 1

    def _send(self, reply: Reply) -> None:
        status, headers, body = reply
        etag = headers.get("ETag")
        if status == 200 and etag and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: TestSite


class TestSite:
    """One host on 127.0.0.1 serving `routes`; counts requests (`requests`) and full answers (`completed`)."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: Counter[str] = Counter()
        self.completed: Counter[str] = Counter()
        self.headers: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.on_request: Callable[[str], None] | None = None
        self.in_flight = 0
        self.most_in_flight = 0  # the most requests the host ever had at once
        self.hold = 0.0  # seconds each request is held before it is answered
        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.site = self
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> TestSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class Silent:
    """A host that accepts TCP connections (the kernel's backlog) and never answers a byte."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def close(self) -> None:
        self.sock.close()


# -- content -------------------------------------------------------------------------------------------


def html(body: str, encoding: str = "utf-8", title: str = "政府信息公开") -> bytes:
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}"><title>{title}</title>'
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode(encoding)


def page(body: str, encoding: str = "utf-8", etag: str | None = None, title: str = "政府信息公开") -> Reply:
    headers = {"Content-Type": f"text/html; charset={encoding}"}
    if etag:
        headers["ETag"] = f'"{etag}"'
    return 200, headers, html(body, encoding, title)


def listing(links: list[tuple[str, str, str]], extra: str = "") -> str:
    """A CMS list: one `<li>` per (href, title, date)."""
    items = "".join(f'<li><a href="{href}" title="{title}">{title}</a><span>{date}</span></li>' for href, title, date in links)
    return f'<div class="nav"><a href="/">首页</a></div><ul class="list">{items}</ul>{extra}'


def report_values(seed: int) -> dict[str, int | float]:
    return values_for("2021", random.Random(seed))


def report_page(folder: Path, agency: str, year: int, values: dict[str, int | float], encoding: str = "utf-8", published: str | None = None) -> bytes:
    """A report printed in an HTML page's body, as CMS editors paste it (with the page's 发布时间)."""
    path = folder / f"{agency}{year}{encoding}.txt"
    path.write_text(report_text(agency, year, values), encoding="utf-8")
    body = seed_html(path, encoding)
    if published:
        body = body.replace("<div class=\"article\">".encode(encoding), f'<div class="info">发布时间：{published}</div><div class="article">'.encode(encoding), 1)
    return body


def report_docx(folder: Path, agency: str, year: int, values: dict[str, int | float]) -> bytes:
    path = folder / f"{agency}{year}.txt"
    path.write_text(report_text(agency, year, values), encoding="utf-8")
    return seed_docx(path, folder / f"{agency}{year}.docx").read_bytes()


def scan(kind: str = "PNG") -> bytes:
    """A scanned page: an image, or a PDF holding only an image (no text layer)."""
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(buffer, kind)
    return buffer.getvalue()


def corpus_pdf() -> bytes | None:
    path = CORPUS / "pdf" / "2023_淮安市洪泽区_区政府.pdf"
    return path.read_bytes() if path.exists() else None


def endless(handler: Handler) -> None:
    """A 1 GB file sent as it is generated: the crawler must stop reading at its cap."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/pdf")
    handler.send_header("Content-Length", str(ONE_GB))
    handler.end_headers()
    chunk = b"%PDF-1.4\n" + b"0" * (1024 * 1024 - 9)
    try:
        for _ in range(1024):
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        return None
    return None


def flaky(failures: int, reply: Reply) -> Callable[[Handler], Reply]:
    """Answers 500 `failures` times, then `reply`."""
    count = {"n": 0}

    def route(_handler: Handler) -> Reply:
        count["n"] += 1
        if count["n"] <= failures:
            return 500, {"Content-Type": "text/plain"}, b"busy"
        return reply

    return route


def redirect(location: str, status: int = 302) -> Reply:
    return status, {"Location": location}, b""


@dataclass(slots=True)
class County:
    """Agencies of one county on the test site, each column in another CMS's style."""

    site: TestSite
    folder: Path
    values: dict[str, dict[str, int | float]] = field(default_factory=dict)
    chains: list[set[str]] = field(default_factory=lambda: [{"/jyj/r/2023", "/jyj/r2/2023", "/jyj/final/2023.html"}])

    def rows(self) -> list[tuple[str, str, str]]:
        """The site list: (agency, url, level)."""
        u = self.site.url
        return [
            ("甲县财政局", u("/czj/ndbg/index.html"), "department"),
            ("甲县教育局", u("/jyj/list?page=1"), "department"),
            ("甲县某镇人民政府", u("/zhen/nb/"), "township"),
            ("甲县卫生健康委员会", u("/wjw/ndbg/"), "department"),
            ("甲县人民政府", u("/zf/xxgk.html"), "government"),
        ]

    def csv(self) -> str:
        return "agency,url,level\n" + "".join(f"{a},{b},{c}\n" for a, b, c in self.rows())

    def edit(self) -> None:
        """The finance bureau changes one number of its 2023 report after publishing it."""
        values = dict(self.values["czj2023"])
        values["requests.new.natural"] = values["requests.new.natural"] + 1
        values["requests.new.total"] = values["requests.new.total"] + 1
        values["requests.granted.natural"] = values["requests.granted.natural"] + 1
        values["requests.granted.total"] = values["requests.granted.total"] + 1
        values["requests.total.natural"] = values["requests.total.natural"] + 1
        values["requests.total.total"] = values["requests.total.total"] + 1
        self.site.routes["/czj/ndbg/202401/t20240115_1.html"] = (
            200, {"Content-Type": "text/html; charset=utf-8", "ETag": '"czj2023-v2"'},
            report_page(self.folder, "甲县财政局", 2023, values, published="2024-01-15"),
        )

    def build(self) -> County:
        r = self.site.routes
        f = self.folder
        r["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n")
        # 1. Static numbered pages announced by createPageHTML; relative links; HTML body, Word under .doc, 1 GB.
        self.values["czj2023"] = report_values(1)
        r["/czj/ndbg/index.html"] = page(
            listing([("./202401/t20240115_1.html", "甲县财政局2023年政府信息公开工作年度报告", "2024-01-15")])
            + '<script>createPageHTML(3, 0, "index", "html");</script>', etag="czj-list-0",
        )
        r["/czj/ndbg/index_1.html"] = page(listing([("../ndbg/202301/t20230110_2.html", "甲县财政局2022年度政府信息公开工作年度报告", "2023-01-10")]), etag="czj-list-1")
        r["/czj/ndbg/index_2.html"] = page(
            listing([("/czj/ndbg/202201/big.html", "甲县财政局2021年政府信息公开年报", "2022-01-12"),
                     ("/private/2020.html", "甲县财政局2020年政府信息公开工作年度报告", "2021-01-12")]), etag="czj-list-2",
        )
        r["/czj/ndbg/202401/t20240115_1.html"] = (
            200, {"Content-Type": "text/html; charset=utf-8", "ETag": '"czj2023-v1"'},
            report_page(f, "甲县财政局", 2023, self.values["czj2023"], published="2024-01-15"),
        )
        r["/czj/ndbg/202301/t20230110_2.html"] = page('<p>发布时间：2023-01-10</p><p>甲县财政局2022年度报告</p><p><a href="./P020230110.doc">附件：年度报告.doc</a></p>', etag="czj2022")
        r["/czj/ndbg/202301/P020230110.doc"] = (200, {"Content-Type": "application/msword", "ETag": '"czj2022doc"'}, report_docx(f, "甲县财政局", 2022, report_values(2)))
        r["/czj/ndbg/202201/big.html"] = page('<p>甲县财政局2021年年报</p><a href="./P0202201.pdf">附件下载</a>', etag="czj2021")
        r["/czj/ndbg/202201/P0202201.pdf"] = endless
        r["/private/2020.html"] = page("<p>robots.txt forbids this</p>")
        # 2. ?page=N with 下一页; GBK; redirect chain; a second URL of the same agency-year with another number; late.
        self.values["jyj2023"] = report_values(3)
        other = dict(self.values["jyj2023"])
        other["active.rules.issued"] = other["active.rules.issued"] + 7
        r["/jyj/list?page=1"] = page(listing([("/jyj/r/2023", "甲县教育局2023年政府信息公开工作年度报告", "2024-01-20")], '<a href="/jyj/list?page=2">下一页</a>'), "gbk", etag="jyj1")
        r["/jyj/list?page=2"] = page(
            listing([("/jyj/copy/2023.html", "甲县教育局2023年政府信息公开工作年度报告（更正）", "2024-01-22"),
                     ("/jyj/2022.html", "甲县教育局2022年政府信息公开工作年度报告", "2023-03-15")],
                    '<a href="/jyj/list?page=1">上一页</a><a href="/jyj/list?page=2">2</a>'), "gbk", etag="jyj2",
        )
        r["/jyj/r/2023"] = redirect("/jyj/r2/2023", 302)
        r["/jyj/r2/2023"] = redirect("../final/2023.html", 301)
        r["/jyj/final/2023.html"] = (200, {"Content-Type": "text/html; charset=gbk", "ETag": '"jyj2023"'}, report_page(f, "甲县教育局", 2023, self.values["jyj2023"], "gbk", "2024-01-20"))
        r["/jyj/copy/2023.html"] = (200, {"Content-Type": "text/html", "ETag": '"jyj2023b"'}, report_page(f, "甲县教育局", 2023, other, published="2024-01-22"))
        r["/jyj/2022.html"] = (200, {"Content-Type": "text/html", "ETag": '"jyj2022"'}, report_page(f, "甲县教育局", 2022, report_values(4), published="2023-03-15"))
        # 3. 下一页 links that loop back; a scanned image; a 404 attachment; 500 twice then 200.
        r["/zhen/nb/"] = page(listing([("2023/scan.html", "甲县某镇2023年政府信息公开工作年度报告", "2024-01-30")], '<a href="list2.html">下一页</a>'), etag="zhen1")
        r["/zhen/nb/list2.html"] = page(listing([("2022/t.html", "甲县某镇2022年政府信息公开工作年度报告", "2023-01-05"),
                                                 ("2021/P0scan.pdf", "甲县某镇2021年政府信息公开工作年度报告", "2022-01-05")], '<a href="list3.html">下一页</a>'), etag="zhen2")
        r["/zhen/nb/2021/P0scan.pdf"] = (200, {"Content-Type": "application/pdf", "ETag": '"scanpdf"'}, scan("PDF"))
        r["/zhen/nb/list3.html"] = page(listing([], '<a href="/zhen/nb/list2.html">下一页</a>'), etag="zhen3")
        r["/zhen/nb/2023/scan.html"] = page('<p>发布时间：2024-01-30</p><a href="./P02024scan.png">附件：年度报告（扫描件）</a>', etag="zhen2023")
        r["/zhen/nb/2023/P02024scan.png"] = (200, {"Content-Type": "image/png", "ETag": '"scan"'}, scan())
        r["/zhen/nb/2022/t.html"] = flaky(2, page('<p>发布时间：2023-01-05</p><a href="./P0gone.pdf">附件下载</a><a href="./download?fileid=88">附件2</a>', etag="zhen2022"))
        # No file name in the link and a wrong Content-Type: the Word file is known by its bytes.
        r["/zhen/nb/2022/download?fileid=88"] = (200, {"Content-Type": "text/html", "ETag": '"zhen2022docx"'}, report_docx(f, "甲县某镇人民政府", 2022, report_values(5)))
        # 4. An agency whose column lists nothing: its report is missing.
        r["/wjw/ndbg/"] = page(listing([("/wjw/notice.html", "关于开展爱国卫生月活动的通知", "2024-03-01")]), etag="wjw")
        # 5. A government's 政府信息公开 page: its 年报 column, and a report linked only from the news list.
        pdf = corpus_pdf()
        r["/zf/xxgk.html"] = page(
            '<div class="menu"><a href="/zf/ndbg/">政府信息公开年报</a></div>'
            + listing([("/zf/dt/2022.html", "甲县人民政府2022年政府信息公开工作年度报告", "2023-03-20")]), etag="zf",
        )
        r["/zf/ndbg/"] = page(listing([("/zf/ndbg/2023.html", "甲县人民政府2023年政府信息公开工作年度报告", "2024-03-25")]), etag="zfnb")
        r["/zf/ndbg/2023.html"] = (200, {"Content-Type": "text/html", "ETag": '"zf2023"'}, report_page(f, "甲县人民政府", 2023, report_values(6), published="2024-03-25"))
        r["/zf/dt/2022.html"] = (200, {"Content-Type": "text/html", "ETag": '"zf2022"'}, report_page(f, "甲县人民政府", 2022, report_values(7), published="2023-03-20"))
        if pdf is not None:
            r["/zf/ndbg/"] = page(listing([("/zf/ndbg/2023.html", "甲县人民政府2023年政府信息公开工作年度报告", "2024-03-25"),
                                           ("/hz/2023.html", "淮安市洪泽区2023年政府信息公开工作年度报告", "2024-01-20")]), etag="zfnb")
            r["/hz/2023.html"] = page('<p>洪泽区2023年年报</p><a href="./P020240120.pdf">附件：年度报告.pdf</a>', etag="hz")
            r["/hz/P020240120.pdf"] = (200, {"Content-Type": "application/pdf", "ETag": '"hzpdf"'}, pdf)
        # SSRF: redirects off loopback.
        r["/go/metadata"] = redirect("http://169.254.169.254/latest/meta-data/")
        r["/go/metadata-name"] = redirect("http://metadata.test/latest/meta-data/")
        r["/go/private"] = redirect("http://intranet.test/ndbg/")
        r["/go/public"] = redirect("http://public.test/ndbg/")
        r["/go/ftp"] = redirect("ftp://127.0.0.1/report.pdf")
        r["/go/ipv6"] = redirect("http://[::ffff:a9fe:a9fe]/latest/")  # 169.254.169.254 written as IPv6
        r["/go/loop"] = redirect("/go/loop2")
        r["/go/loop2"] = redirect("/go/loop")
        return self
