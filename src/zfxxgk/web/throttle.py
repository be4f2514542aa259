"""How often one client may sign in wrongly or file public forms, counted with `limits` (moving windows).

- **Sign-in** (reviewers and desk staff alike): after 5 failures for one name within 15 minutes that
  name is locked for the rest of the window, the right password included; one client (address) gets 20
  failures in 15 minutes across all names. A success clears the name's count.
- **Public forms** (the application form, the status look-up): 5 per minute and 50 per day from one
  client, so nobody can fill the desk with hundreds of requests a second.

Counts are kept in memory: a restart forgets them, which only ever helps the honest user locked out.
Behind a reverse proxy the client is the address the proxy reports (`serve --proxy-headers`).
"""

from __future__ import annotations

from fastapi import Request
from limits import parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

LOGIN_PER_USER = parse_many("5 per 15 minutes")
LOGIN_PER_CLIENT = parse_many("20 per 15 minutes")
PUBLIC_FORMS = parse_many("5 per minute; 50 per day")


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class Throttle:
    """The app's counters (one per app: tests and apps never share them)."""

    def __init__(self) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def _allows(self, limits: list, *key: str) -> bool:
        return all(self._limiter.test(limit, *key) for limit in limits)

    def login_allowed(self, user: str, client: str) -> bool:
        """Whether a sign-in may even be tried (checked before the password is)."""
        return self._allows(LOGIN_PER_USER, "login-user", user) and self._allows(LOGIN_PER_CLIENT, "login-client", client)

    def login_failed(self, user: str, client: str) -> None:
        for limit in LOGIN_PER_USER:
            self._limiter.hit(limit, "login-user", user)
        for limit in LOGIN_PER_CLIENT:
            self._limiter.hit(limit, "login-client", client)

    def login_succeeded(self, user: str) -> None:
        for limit in LOGIN_PER_USER:
            self._limiter.clear(limit, "login-user", user)

    def public_form(self, form: str, client: str) -> bool:
        """Count one submission of a public form; False when the client is over its limit."""
        return all([self._limiter.hit(limit, "form", form, client) for limit in PUBLIC_FORMS])
