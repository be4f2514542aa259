"""Running the app: in the foreground for `zfxxgk serve`, or in a thread for tests, scripts and notebooks."""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
from types import TracebackType
from typing import Self

import uvicorn
from fastapi import FastAPI

STARTUP_SECONDS = 15
# Query parameters that carry a secret: the access log shows them as `***`.
_SECRETS = re.compile(r"([?&](?:token|csrf_token|password|code)=)[^&#\s]*", re.IGNORECASE)


def without_secrets(target: str) -> str:
    """A request target as it may be logged: secret query values replaced by `***`."""
    return _SECRETS.sub(r"\1***", target)


class AccessLogWithoutSecrets(logging.Filter):
    """uvicorn logs `GET /reports?token=… HTTP/1.1`; this filter rewrites the target before it is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) == 5 and isinstance(record.args[2], str):
            client, method, target, version, status = record.args
            record.args = (client, method, without_secrets(target), version, status)
        return True


_ACCESS_FILTER = AccessLogWithoutSecrets()


def _server(config: uvicorn.Config) -> uvicorn.Server:
    """uvicorn's server for `config`, its access log filtered (after `Config` has set up logging)."""
    logging.getLogger("uvicorn.access").addFilter(_ACCESS_FILTER)
    return uvicorn.Server(config)


def serve(app: FastAPI, host: str = "127.0.0.1", port: int = 8000, proxy_headers: bool = False) -> None:
    """Serve in the foreground. `proxy_headers`: a reverse proxy on this machine (127.0.0.1) is trusted for
    X-Forwarded-For and X-Forwarded-Proto; nobody else is."""
    config = uvicorn.Config(
        app, host=host, port=port, log_level="info", proxy_headers=proxy_headers, forwarded_allow_ips="127.0.0.1", server_header=False
    )
    _server(config).run()


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class BackgroundServer:
    """The app served by uvicorn in a daemon thread on a free loopback port; a context manager.

    `url` is the base URL once started. Stopping asks uvicorn to exit, which runs the app's shutdown
    (the upload worker finishes the file it is storing).
    """

    def __init__(self, app: FastAPI, host: str = "127.0.0.1", port: int | None = None) -> None:
        self.host = host
        self.port = port or free_port(host)
        config = uvicorn.Config(app, host=host, port=self.port, log_level="warning", lifespan="on")
        self.server = _server(config)
        self.thread = threading.Thread(target=self.server.run, name="zfxxgk-web", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> Self:
        self.thread.start()
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the web server did not start on {self.url}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=STARTUP_SECONDS)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
