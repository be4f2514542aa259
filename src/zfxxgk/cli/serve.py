"""`zfxxgk serve`: the reviewers' web app on the same database as the other commands."""

from __future__ import annotations

import ipaddress
import secrets
import socket
from pathlib import Path
from typing import Annotated

import typer

from .common import error_line, stderr, styled
from .i18n import _
from .options import STORE_PANEL, ConfigOpt, DbOpt, ExitCode, command_help
from .store import open_store

DEFAULT_MAX_UPLOAD_MB = 50


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _port_free(host: str, port: int) -> bool:
    """Whether the port can be bound now: checked first, so a taken port is one line, not a server's log."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _hosts(host: str, extra: list[str]) -> tuple[str, ...]:
    """The Host headers to answer: loopback names, the address listened on (unless a wildcard) and `extra`."""
    from ..web.settings import (
        LOOPBACK_HOSTS,  # the web app is imported only when it is served
    )

    bound = [] if host in ("0.0.0.0", "::") else [host]
    return tuple(dict.fromkeys([*LOOPBACK_HOSTS, *bound, *extra]))


def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option("--host", help=_("监听地址。默认只供本机访问。"))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535, help=_("监听端口。"))] = 8000,
    token: Annotated[
        str | None,
        typer.Option("--token", envvar="ZFXXGK_TOKEN", help=_("每个请求都须携带此令牌（请求头或登录 Cookie）。--host 不是 127.0.0.1 时务必使用。")),
    ] = None,
    max_upload_mb: Annotated[int, typer.Option("--max-upload-mb", min=1, help=_("单个请求（一个上传文件）的大小上限，MB。"))] = DEFAULT_MAX_UPLOAD_MB,
    spool: Annotated[Path | None, typer.Option("--spool", metavar="DIR", help=_("等待入库的上传文件所在目录（默认临时目录）。"))] = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option("--allowed-host", help=_("服务器应答的主机名（可重复），如反向代理对外的域名。本机回环名总是允许。")),
    ] = None,
    proxy_headers: Annotated[
        bool,
        typer.Option("--proxy-headers", help=_("在本机的反向代理之后：信任其 X-Forwarded-For/-Proto（用于限流的客户端地址、HTTPS 的 Secure Cookie）。")),
    ] = False,
    secure_cookies: Annotated[bool, typer.Option("--secure-cookies", help=_("所有 Cookie 标记为 Secure（仅 HTTPS），无论请求如何。"))] = False,
    config: ConfigOpt = None,
) -> None:
    from ..web import WebSettings, create_app
    from ..web import serve as run

    if not _port_free(host, port):
        error_line(_("端口 {port} 已被占用（{host}）：请用 --port 换一个端口，或先停止占用它的程序").format(port=port, host=host))
        raise typer.Exit(ExitCode.USAGE)
    if not _loopback(host) and token is None:
        token = secrets.token_urlsafe(16)
        warning = _("--host {host} 可从其他机器访问：已生成令牌（可用 --token 自行指定）。").format(host=host)
        stderr.print(styled("yellow", warning), highlight=False)
    if host in ("0.0.0.0", "::") and not allowed_host:
        stderr.print(styled("yellow", _("只应答本机回环名：其他机器访问所用的每个主机名或地址请用 --allowed-host 加上。")), highlight=False)
    settings = WebSettings(
        token=token, max_upload_bytes=max_upload_mb * 1024 * 1024, spool_dir=spool, allowed_hosts=_hosts(host, allowed_host or []),
        secure_cookies=secure_cookies,
    )
    with open_store(db, config) as store:
        url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
        address = url + (f"?token={token}" if token else "")
        stderr.print(_("zfxxgk：在 {url} 提供 {db}").format(url=address, db=store.url), markup=False, highlight=False)
        run(create_app(store, settings), host, port, proxy_headers)


def reviewer(
    name: Annotated[str, typer.Argument(help=_("审核员姓名，即其更正记录上署的名字。"))],
    password: Annotated[
        str,
        typer.Option("--password", envvar="ZFXXGK_PASSWORD", prompt=True, hide_input=True, confirmation_prompt=True, help=_("密码（未给出时提示输入，不回显）。")),
    ],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    from ..web import add_reviewer

    with open_store(db, config) as store:
        add_reviewer(store.engine, name, password)
    stderr.print(_("审核员 {name} 已设立").format(name=name.strip()), highlight=False)


SERVE_HELP = command_help(
    _("打开网页应用：上传报告、审阅表格和问题、更正单元格、年度对比、辖区汇总，以及依申请公开台账。"),
    _("退出状态：0 正常停止；2 端口已被占用或数据库无法打开。"),
    examples=["zfxxgk serve --db reports.db", 'zfxxgk serve --host 0.0.0.0 --token "$TOKEN"'],
)

REVIEWER_HELP = command_help(
    _("设立网页应用的具名审核员（或为其重设密码）；登录后所做的更正署其姓名。"),
    _("退出状态：0 正常；2 数据库无法打开。"),
    examples=["zfxxgk reviewer 王芳 --db reports.db", 'ZFXXGK_PASSWORD="$PW" zfxxgk reviewer 王芳 --db reports.db'],
)


def register(app: typer.Typer) -> None:
    app.command(help=SERVE_HELP, rich_help_panel=STORE_PANEL)(serve)
    app.command(help=REVIEWER_HELP, rich_help_panel=STORE_PANEL)(reviewer)
