"""Switching rules off or re-levelling them, as linters do, from a TOML file:

    [rules]
    "cells.missing" = "off"
    "sections.missing" = "info"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ZfxxgkError
from ..model import Severity

_LEVELS = {"off", *(s.value for s in Severity)}


@dataclass(frozen=True, slots=True)
class CheckConfig:
    levels: dict[str, str] = field(default_factory=dict)

    def enabled(self, rule_id: str) -> bool:
        return self.levels.get(rule_id) != "off"

    def severity(self, rule_id: str, default: Severity) -> Severity:
        level = self.levels.get(rule_id)
        return Severity(level) if level and level != "off" else default

    @classmethod
    def from_file(cls, path: str | Path) -> CheckConfig:
        try:
            data = tomllib.loads(Path(path).read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ZfxxgkError(f"{path}: cannot read the check configuration ({exc})") from exc
        levels = {str(k): str(v) for k, v in data.get("rules", {}).items()}
        bad = {k: v for k, v in levels.items() if v not in _LEVELS}
        if bad:
            raise ZfxxgkError(f"{path}: unknown level(s) {bad}; use one of {sorted(_LEVELS)}")
        return cls(levels)
