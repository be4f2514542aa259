"""`zfxxgk serve`: the reviewers' web app on the same database as the other commands."""

from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path
from typing import Annotated

import typer

from .common import stderr
from .store import ConfigOpt, DbOpt, open_store

DEFAULT_MAX_UPLOAD_MB = 50


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _hosts(host: str, extra: list[str]) -> tuple[str, ...]:
    """The Host headers to answer: loopback names, the address listened on (unless a wildcard) and `extra`."""
    from ..web.settings import LOOPBACK_HOSTS  # the web app is imported only when it is served

    bound = [] if host in ("0.0.0.0", "::") else [host]
    return tuple(dict.fromkeys([*LOOPBACK_HOSTS, *bound, *extra]))


def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on. The default serves this machine only.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option("--token", envvar="ZFXXGK_TOKEN", help="Require this token (header or login cookie) for every request. Use it whenever --host is not 127.0.0.1."),
    ] = None,
    max_upload_mb: Annotated[int, typer.Option("--max-upload-mb", min=1, help="Largest request body (one uploaded file), in MB.")] = DEFAULT_MAX_UPLOAD_MB,
    spool: Annotated[Path | None, typer.Option("--spool", help="Folder for uploads waiting to be stored; kept across restarts (default: one per database in the temporary directory).")] = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option("--allowed-host", help="A host name the server answers to (repeat for several), e.g. the name behind your reverse proxy. Loopback names are always allowed."),
    ] = None,
    proxy_headers: Annotated[
        bool,
        typer.Option("--proxy-headers", help="Behind a reverse proxy on this machine: trust its X-Forwarded-For/-Proto (client address for limits, HTTPS for Secure cookies)."),
    ] = False,
    secure_cookies: Annotated[bool, typer.Option("--secure-cookies", help="Mark every cookie Secure (HTTPS only), whatever the request says.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Open the web app: upload reports, review tables and findings, correct cells, compare years, sum a jurisdiction.

    Example: zfxxgk serve --db reports.db   (then open http://127.0.0.1:8000)

    Shared: zfxxgk serve --host 0.0.0.0 --token "$TOKEN" --allowed-host zfxxgk.example.gov.cn
    """
    from ..web import WebSettings, create_app
    from ..web import serve as run

    if not _loopback(host) and token is None:
        token = secrets.token_urlsafe(16)
        stderr.print(f"[yellow]--host {host} is reachable from other machines: a token was generated (use --token to choose one).[/yellow]")
    if host in ("0.0.0.0", "::") and not allowed_host:
        stderr.print("[yellow]Only loopback names are answered: add --allowed-host NAME for each name or address other machines use.[/yellow]")
    settings = WebSettings(
        token=token, max_upload_bytes=max_upload_mb * 1024 * 1024, spool_dir=spool, allowed_hosts=_hosts(host, allowed_host or []),
        secure_cookies=secure_cookies,
    )
    with open_store(db, config) as store:
        url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
        stderr.print(f"zfxxgk: serving {store.url} at {url}" + (f"?token={token}" if token else ""), highlight=False)
        run(create_app(store, settings), host, port, proxy_headers)


def reviewer(
    name: Annotated[str, typer.Argument(help="The reviewer's name, as corrections will carry it.")],
    password: Annotated[str, typer.Option("--password", envvar="ZFXXGK_PASSWORD", prompt=True, hide_input=True, help="The password (asked when not given).")],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Add a named reviewer to the web app (or give one a new password); corrections made after signing in carry the name.

    Example: zfxxgk reviewer 王芳 --password "$PW" --db reports.db
    """
    from ..web import add_reviewer

    with open_store(db, config) as store:
        add_reviewer(store.engine, name, password)
    stderr.print(f"审核员 {name.strip()} 已设立", highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(reviewer)
