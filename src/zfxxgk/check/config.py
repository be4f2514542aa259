"""Switching rules off or re-levelling them, as linters do, from a TOML file:

    [rules]
    "cells.missing" = "off"
    "sections.missing" = "info"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

from ..errors import ZfxxgkError
from ..model import Severity
from ..templates import all_templates

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
        """The configuration in a TOML file; ZfxxgkError names the file and what is wrong in it: a
        misspelled rule id would otherwise switch nothing off, silently, so it is refused too."""
        try:
            data = tomllib.loads(Path(path).read_text("utf-8"))
        except FileNotFoundError:
            raise ZfxxgkError(f"{path}: no such check configuration file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ZfxxgkError(f"{path}: cannot read the check configuration ({exc})") from None
        except tomllib.TOMLDecodeError as exc:
            raise ZfxxgkError(f"{path}: not valid TOML ({exc})") from None
        rules = data.get("rules", {})
        if not isinstance(rules, dict):
            raise ZfxxgkError(f"{path}: rules must be a table ([rules])")
        levels = {str(k): str(v) for k, v in rules.items()}
        for rule_id, level in levels.items():
            if level not in _LEVELS:
                raise ZfxxgkError(f"{path}: unknown level '{level}' for {rule_id}; use one of {', '.join(sorted(_LEVELS))}")
        known = rule_ids()
        for rule_id in levels:
            if rule_id not in known:
                nearest = process.extractOne(rule_id, sorted(known), scorer=fuzz.ratio)
                raise ZfxxgkError(f"{path}: no rule with the id {rule_id}" + (f"; did you mean {nearest[0]}?" if nearest else ""))
        return cls(levels)


@cache
def rule_ids() -> frozenset[str]:
    """Every rule id of every template: what a configuration may name."""
    return frozenset(r.id for t in all_templates() for r in t.rules)
