"""信息处理费: the amount and its calculation from the standard (按件 or 按量) and the quantity.

The fee notice must state the standard, how the amount was calculated and the amount
(《政府信息公开信息处理费管理办法》), so the desk computes it from `fees.toml` instead of taking a typed
number: the letter's arithmetic is then the standard's, and an officer's slip is refused.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .errors import DeskError


@cache
def standards() -> dict[str, dict[str, Any]]:
    return tomllib.loads(resources.files(__package__).joinpath("fees.toml").read_text("utf-8"))


@dataclass(frozen=True, slots=True)
class Fee:
    basis: str
    quantity: int
    amount: float
    standard: str
    calculation: str


def basis_of(text: str) -> str:
    """`by_volume` for `按量计收`/`按量`/`by_volume`, likewise 按件; DeskError for anything else."""
    for code, spec in standards().items():
        if text in (code, spec["label"], spec["label"][:2]):
            return code
    raise DeskError(f"未知的收费标准：{text}（可用：{'、'.join(s['label'] for s in standards().values())}）")


def _per_count(spec: dict[str, Any], n: int) -> tuple[float, str]:
    lower = 0
    for tier in spec["tiers"]:
        if n <= tier["upto"]:
            return tier["price"], f"本月第{n}件，属{lower + 1}—{tier['upto']}件档，{tier['price']}元/件"
        lower = tier["upto"]
    top = spec["tiers"][-1]
    band = math.ceil((n - top["upto"]) / spec["step"])
    price = top["price"] + band * spec["rise"]
    first = top["upto"] + (band - 1) * spec["step"] + 1
    return price, f"本月第{n}件，属{first}—{first + spec['step'] - 1}件档，{price}元/件"


def _by_volume(spec: dict[str, Any], pages: int) -> tuple[float, str]:
    total, parts, lower = 0.0, [], 0
    bands = [*spec["tiers"], {"upto": math.inf, "price": spec["rise"]}]
    for tier in bands:
        units = min(pages, tier["upto"]) - lower
        if units > 0 and tier["price"]:
            total += units * tier["price"]
            band = f"{lower + 1}页以上" if tier["upto"] == math.inf else f"{lower + 1}—{tier['upto']}页"
            parts.append(f"{band}部分{units}页×{tier['price']}元/页")
        lower = tier["upto"]
        if pages <= lower:
            break
    return total, f"共{pages}页，" + ("＋".join(parts) if parts else "30页以下不收费")


def compute(basis: str, quantity: int) -> Fee:
    """The fee of a request by `basis` (`by_count`: its place in the applicant's month; `by_volume`: pages)."""
    code = basis_of(basis)
    if quantity < 1:
        raise DeskError("数量应为正整数")
    spec = standards()[code]
    amount, how = (_per_count if spec["marginal"] else _by_volume)(spec, quantity)
    return Fee(code, quantity, float(amount), f"{spec['label']}（{spec['standard']}）", f"{how}，合计{amount:.2f}元")
