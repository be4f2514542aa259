"""Who may do what: roles, the actions each allows, and masking of applicants' personal data.

An agency's desk has registrars (登记), handlers (承办), approvers (审批: 延期 needs the 负责人's
approval, 条例 第三十三条) and, above the agencies, supervisors who read everything and change nothing.
The public acts only through the application page, the status look-up and the catalogue. A person may
hold several roles, as in a small office where one clerk does everything.

Personal data (ID number, phone, address, e-mail) is needed by those who contact the applicant or send the
letter, so registrars and handlers of the agency see it (each view is audited); everyone else sees it
masked, and public pages and exports never carry it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .errors import PermissionDenied


class Role(str, Enum):
    REGISTRAR = "registrar"
    HANDLER = "handler"
    APPROVER = "approver"
    SUPERVISOR = "supervisor"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {Role.REGISTRAR: "登记员", Role.HANDLER: "承办人", Role.APPROVER: "审批人", Role.SUPERVISOR: "监督员"}

_STAFF = frozenset({Role.REGISTRAR, Role.HANDLER, Role.APPROVER})
_WORKERS = frozenset({Role.REGISTRAR, Role.HANDLER})

# action → roles allowed; supervisors act across agencies, the others only within their own.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "view": _STAFF | {Role.SUPERVISOR},
    "report": _STAFF | {Role.SUPERVISOR},
    "personal": _WORKERS,
    "letter": _WORKERS,
    "register": frozenset({Role.REGISTRAR}),
    "correction.request": frozenset({Role.HANDLER}),
    "correction.receive": _WORKERS,
    "correction.lapse": _WORKERS,
    "consult": frozenset({Role.HANDLER}),
    "extend": frozenset({Role.APPROVER}),
    "fee": _WORKERS,
    "answer": frozenset({Role.HANDLER}),
    "correct": frozenset({Role.HANDLER}),
    "appeal": _WORKERS,
    "publication": _WORKERS,
    "import": frozenset({Role.REGISTRAR}),
}


@dataclass(frozen=True, slots=True)
class Actor:
    """A signed-in person: a name for the audit log, roles, and the agency they work for."""

    name: str
    roles: frozenset[Role]
    agency_id: int | None = None

    def may(self, action: str, agency_id: int | None) -> bool:
        allowed = PERMISSIONS[action] & self.roles
        if Role.SUPERVISOR in allowed:
            return True
        return bool(allowed) and agency_id is not None and agency_id == self.agency_id

    def require(self, action: str, agency_id: int | None) -> None:
        if not self.may(action, agency_id):
            roles = "、".join(r.label for r in self.roles) or "无角色"
            raise PermissionDenied(f"{self.name}（{roles}）无权执行“{action}”")


def mask(value: str | None, keep_start: int = 3, keep_end: int = 4) -> str | None:
    """`110101********1234`: enough to tell two applicants apart, not enough to identify one."""
    if not value:
        return value
    if len(value) <= keep_start + keep_end:
        return value[:1] + "*" * (len(value) - 1)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def mask_address(value: str | None) -> str | None:
    """An address keeps its first six characters (the district), the rest is starred."""
    if not value:
        return value
    return value[:6] + "*" * max(len(value) - 6, 2)


def mask_email(value: str | None) -> str | None:
    if not value or "@" not in value:
        return mask(value)
    user, domain = value.split("@", 1)
    return f"{user[:1]}***@{domain}"
