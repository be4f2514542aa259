"""The stamp on every stored reading: which extractor and which rules produced it.

A reading whose stamp differs from the running code's is stale, and `zfxxgk reprocess` reads its stored
original again. The stamp is the package version plus a hash of the template files, because a label
alias or a rule added to a template changes results without a release.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

from .. import __version__


@cache
def templates_hash() -> str:
    digest = hashlib.sha256()
    folder = resources.files("zfxxgk.templates")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()[:12]


@cache
def extractor_version() -> str:
    """`<package version>+t<template hash>`, e.g. `0.1.0+t3f9a0c12be77`."""
    return f"{__version__}+t{templates_hash()}"
