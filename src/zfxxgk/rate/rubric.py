"""The rubric as data: `rubric.toml` in this package, re-weighted or trimmed by a user's file.

A rubric is what a reviewer defends a score with, so it is loaded once, validated (every indicator names a
known group and measure) and fingerprinted: each rating carries the rubric's version and hash, and a
rating run recorded in the database keeps the rubric text beside the scores it produced.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ZfxxgkError

OFF = "off"


class RateError(ZfxxgkError):
    """Input to a rating a user must fix (a facts file, an override, a report id)."""


class RubricError(RateError):
    """A rubric file a user must fix: unreadable, an unknown indicator id, a weight that is not a number."""


@dataclass(frozen=True, slots=True)
class Indicator:
    """One line of the rubric. `measure` names the function that measures it; `params` its thresholds."""

    id: str
    group: str
    weight: float
    label: str
    what: str
    how: str
    basis: str
    measure: str
    params: dict[str, Any] = field(default_factory=dict)
    templates: tuple[str, ...] | None = None  # only reports in these formats; None: every format
    applies: str = "all"  # "all" or "government" (a people's government's own report)


@dataclass(frozen=True, slots=True)
class Rubric:
    version: str
    groups: dict[str, str]
    indicators: tuple[Indicator, ...]
    source: str  # the TOML text(s) it was built from, kept with recorded runs

    @property
    def digest(self) -> str:
        """A short fingerprint of the weights and parameters, to tell scores of different rubrics apart."""
        data = [(i.id, i.weight, i.measure, i.params, i.templates, i.applies) for i in self.indicators]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:12]

    def group_label(self, group: str) -> str:
        return self.groups.get(group, group)

    def active(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.weight > 0)


def _indicator(data: dict[str, Any], groups: dict[str, str], where: str) -> Indicator:
    from .measures import (
        MEASURES,  # the measures module reads Indicator; import here to avoid a cycle
    )

    missing = [k for k in ("id", "group", "weight", "label", "what", "how", "basis", "measure") if k not in data]
    if missing:
        raise RubricError(f"{where}：指标 {data.get('id', '?')} 缺少 {'、'.join(missing)}")
    if data["group"] not in groups:
        raise RubricError(f"{where}：指标 {data['id']}：未知的分组 {data['group']!r}")
    if data["measure"] not in MEASURES:
        raise RubricError(f"{where}：指标 {data['id']}：未知的测量方法 {data['measure']!r}")
    templates = data.get("templates")
    return Indicator(
        id=data["id"],
        group=data["group"],
        weight=float(data["weight"]),
        label=data["label"],
        what=data["what"],
        how=data["how"],
        basis=data["basis"],
        measure=data["measure"],
        params=dict(data.get("params", {})),
        templates=tuple(templates) if templates else None,
        applies=data.get("applies", "all"),
    )


def parse_rubric(text: str, where: str = "rubric.toml") -> Rubric:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RubricError(f"{where}: {exc}") from exc
    groups = dict(data.get("groups", {}))
    indicators = tuple(_indicator(d, groups, where) for d in data.get("indicators", []))
    ids = [i.id for i in indicators]
    if len(set(ids)) != len(ids):
        raise RubricError(f"{where}：指标编号重复")
    return Rubric(str(data.get("version", "")), groups, indicators, text)


@cache
def default_rubric() -> Rubric:
    """The package's rubric (`zfxxgk/rate/rubric.toml`)."""
    return parse_rubric(resources.files(__package__).joinpath("rubric.toml").read_text("utf-8"))


def nearest(name: str, choices: list[str]) -> str | None:
    """The known id closest to a mistyped one (rapidfuzz), for the error message."""
    from rapidfuzz import process

    found = process.extractOne(name, choices)
    return found[0] if found else None


def unknown_indicator(name: str, ids: list[str]) -> str:
    """The message for an indicator id the rubric does not know, naming the closest one it does."""
    hint = nearest(name, ids)
    return f"未知的指标 {name!r}" + (f"；是否指 {hint!r}？" if hint else "")


def _weight(value: Any, key: str, where: str) -> float:
    if value == OFF:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise RubricError(f"{where}：[weights] {key}：权重应为不小于 0 的数或 \"off\"，而不是 {value!r}")
    return float(value)


def adjust(base: Rubric, text: str, where: str) -> Rubric:
    """`base` with the `[weights]` of a user's file applied: a number re-weights, "off" switches off.
    An unknown id is refused with the nearest known one."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RubricError(f"{where}: {exc}") from exc
    unknown_keys = sorted(set(data) - {"weights", "version"})
    if unknown_keys:
        raise RubricError(f"{where}：未知的段 {unknown_keys[0]!r}；评分标准调整文件只含 [weights]")
    weights = data.get("weights", {})
    ids = [i.id for i in base.indicators]
    for key in weights:
        if key not in ids:
            raise RubricError(f"{where}：{unknown_indicator(key, ids)}")
    indicators = tuple(
        replace(i, weight=_weight(weights[i.id], i.id, where)) if i.id in weights else i for i in base.indicators
    )
    if not any(i.weight > 0 for i in indicators):
        raise RubricError(f"{where}：所有指标都被关闭了")
    version = str(data.get("version", f"{base.version}+{Path(where).name}"))
    return Rubric(version, base.groups, indicators, base.source + "\n# ---- " + Path(where).name + "\n" + text)


def load_rubric(path: str | Path | None = None) -> Rubric:
    """The package rubric, adjusted by the user's file at `path` when given."""
    if path is None:
        return default_rubric()
    p = Path(path)
    try:
        text = p.read_text("utf-8-sig")
    except OSError as exc:
        raise RubricError(f"{p}：无法读取评分标准（{exc.strerror or exc}）") from exc
    return adjust(default_rubric(), text, str(p))
