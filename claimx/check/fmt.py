"""How numbers, intervals and claims are written in explanations and reports."""
from __future__ import annotations

import math

from .interval import Interval
from .item import Item


def number(v: float | None) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    a = abs(v)
    if a >= 1e16 or (0 < a < 1e-3):
        return f"{v:.6g}"
    if a >= 1e8:
        return f"{v / 1e8:.6g}亿"
    if a >= 1e5:
        return f"{v / 1e4:.6g}万"
    return f"{v:.6g}"


def interval(iv: Interval | None, unit: str = "") -> str:
    if iv is None:
        return ""
    text = f"[{number(iv.lo)}, {number(iv.hi)}]"
    return f"{text} {unit}".rstrip()


def percent(x: float) -> str:
    return f"{x * 100:.1f}%" if math.isfinite(x) else "∞"


def claim(it: Item) -> str:
    """`652亿美元 (a.txt:3, forecast)`."""
    tag = ", forecast" if it.forecast else ""
    return f"{it.claim.quote} ({it.where}{tag})"
