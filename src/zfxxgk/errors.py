"""The library's exceptions; the CLI turns each into a one-line message naming the file and the reason."""

from __future__ import annotations


class ZfxxgkError(Exception):
    """Base class: anything the library raises on purpose."""


class ReadError(ZfxxgkError):
    """A file could not be read into a Document; `reason` is a sentence a user can act on."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ExtractError(ZfxxgkError):
    """A Document holds nothing that looks like an annual report."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
