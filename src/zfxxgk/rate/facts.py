"""Publication facts: what only watching the website can tell about a report, given to the rater.

The report alone cannot say whether it sat in the 年报 column, was changed after publication, exists in
several versions on several platforms, or (when it prints no date) when it appeared. Fetching records
these; a rating takes them per report as a `PublicationFacts`, keyed by the report's sha256 (or its
path), and marks the indicators that need a fact it lacks as not assessed — never guessed.

The input is deliberately small so any producer can fill it. In a file (`zfxxgk rate --facts FILE`), a
JSON object keyed by sha256 or path, or JSON Lines each with a `sha256` or `path` key::

    {"sha256": "9f…", "first_seen": "2024-01-18", "in_column": true, "changed": false, "versions": 1,
     "url": "https://…/2023年报.html"}

Keys: `first_seen` (ISO date the report was first seen published), `in_column` (found in the
政府信息公开工作年度报告 column of the agency's 政府信息公开专栏), `changed` (its content changed after it was
first seen), `versions` (how many different contents were found for it across platforms), `url`.
Every key is optional; a missing key is a fact not known.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .rubric import RateError

FACT_KEYS = ("first_seen", "in_column", "changed", "versions", "url")


@dataclass(frozen=True, slots=True)
class PublicationFacts:
    first_seen: date | None = None
    in_column: bool | None = None
    changed: bool | None = None
    versions: int | None = None
    url: str | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PublicationFacts:
        seen = data.get("first_seen")
        return cls(
            first_seen=date.fromisoformat(seen[:10]) if isinstance(seen, str) and seen else seen if isinstance(seen, date) else None,
            in_column=data.get("in_column"),
            changed=data.get("changed"),
            versions=data.get("versions"),
            url=data.get("url"),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "in_column": self.in_column,
            "changed": self.changed,
            "versions": self.versions,
            "url": self.url,
        }


def _entries(text: str) -> list[tuple[str, dict[str, Any]]]:
    stripped = text.strip()
    if not stripped:
        return []
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict) and not ({"sha256", "path"} & whole.keys()):
        return [(k, v) for k, v in whole.items()]
    rows = [whole] if isinstance(whole, dict) else whole if isinstance(whole, list) else [json.loads(line) for line in stripped.splitlines() if line.strip()]
    return [(str(r.get("sha256") or r.get("path") or ""), r) for r in rows]


def read_facts(path: str | Path) -> dict[str, PublicationFacts]:
    """Facts per sha256 or path from a JSON or JSON Lines file; a malformed file is refused with its place."""
    p = Path(path)
    try:
        entries = _entries(p.read_text("utf-8-sig"))
        out = {key: PublicationFacts.from_json(value) for key, value in entries if key}
    except OSError as exc:
        raise RateError(f"{p}：无法读取公开事实文件（{exc.strerror or exc}）") from exc
    except (json.JSONDecodeError, ValueError, TypeError, AttributeError) as exc:
        raise RateError(f"{p}：不是 JSON 或 JSON Lines 格式的公开事实（{exc}）") from exc
    return out
