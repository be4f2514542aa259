"""What the desk refuses, as exceptions the CLI and the web app turn into one clean message each."""

from __future__ import annotations

from ..errors import ZfxxgkError


class DeskError(ZfxxgkError):
    """A step the law or the case's state does not allow (a second 补正, an answer while awaiting a fee)."""


class NotFound(DeskError):
    """No such case, user, agency or document (or none this actor may see)."""


class PermissionDenied(DeskError):
    """The actor's roles do not allow this action on this agency's records."""
