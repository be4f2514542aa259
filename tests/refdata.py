"""Where the shared reference data lives and how tests compare against it.

$ZFXXGK_SHARED names the folder; by default it is `shared/` beside the clone."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("ZFXXGK_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds"
CORPUS = SHARED / "corpus"


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not found: {path.name} (expected beside the clone)")
    return path


def seed_pairs() -> list[tuple[Path, dict]]:
    """(seed file, its gold) for every seed; empty when the shared data is absent."""
    if not GOLD.exists():
        return []
    return [(SEEDS / f"{g.stem}.txt", json.loads(g.read_text("utf-8"))) for g in sorted(GOLD.glob("*.json"))]


def same_value(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6  # type: ignore[arg-type]


def same_agency(gold: str, got: str | None) -> bool:
    """An agency may be printed shorter or longer (西园街道 / 晋江市西园街道办事处), as score.py accepts."""
    g, o = gold.replace(" ", ""), (got or "").replace(" ", "")
    return g == o or (len(o) >= 3 and (g in o or o in g))
