"""What an operator can change about the web app, in one place the CLI fills from its options."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_UPLOAD_MB = 50
# The names this machine is reached by from itself: the only Host headers a server without a token accepts.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True, slots=True)
class WebSettings:
    """`token`: when set, every request must carry it (header or login cookie), for servers shared beyond one desk.

    `max_upload_bytes` bounds one request's body, so one upload cannot fill memory or disk; the upload page
    sends one file per request. `spool_dir` holds queued uploads under their sha256 (when None, a folder
    of the system's temporary directory named after the database, so a restart finds it).
    `secure_cookies` marks every cookie HTTPS-only (it is anyway when the request came over HTTPS).
    `allowed_hosts` are the Host headers answered: anything else is refused, which stops DNS rebinding (a
    hostile page whose name resolves to this machine still sends its own name).
    """

    token: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_MB * 1024 * 1024
    spool_dir: Path | None = None
    secure_cookies: bool = False
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
