"""Fixtures shared by several test modules (pytest finds them here without an import)."""

from __future__ import annotations

import os

from store_support import db_url

# The tests read the CLI's Chinese messages: a machine whose LANG is English must not switch them (the
# variable is inherited by the commands the tests run as subprocesses).
os.environ["ZFXXGK_LANG"] = "zh"

__all__ = ["db_url"]
