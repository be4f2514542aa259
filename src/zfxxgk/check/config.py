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
            raise ZfxxgkError(f"{path}：配置文件不存在") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ZfxxgkError(f"{path}：无法读取配置文件（{exc}）") from None
        except tomllib.TOMLDecodeError as exc:
            raise ZfxxgkError(f"{path}：不是有效的 TOML（{exc}）") from None
        rules = data.get("rules", {})
        if not isinstance(rules, dict):
            raise ZfxxgkError(f"{path}：rules 应为一个表（[rules]）")
        levels = {str(k): str(v) for k, v in rules.items()}
        for rule_id, level in levels.items():
            if level not in _LEVELS:
                raise ZfxxgkError(f"{path}：规则 {rule_id} 的级别“{level}”无效，可用：{'、'.join(sorted(_LEVELS))}")
        known = rule_ids()
        for rule_id in levels:
            if rule_id not in known:
                nearest = process.extractOne(rule_id, sorted(known), scorer=fuzz.ratio)
                hint = f"，是否应为 {nearest[0]}？" if nearest else ""
                raise ZfxxgkError(f"{path}：没有编号为 {rule_id} 的规则{hint}")
        return cls(levels)


@cache
def rule_ids() -> frozenset[str]:
    """Every rule id of every template: what a configuration may name."""
    return frozenset(r.id for t in all_templates() for r in t.rules)
