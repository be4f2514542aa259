"""Fixtures shared by several test modules (pytest finds them here without an import)."""

from __future__ import annotations

from store_support import db_url

__all__ = ["db_url"]
