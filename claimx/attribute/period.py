"""The period a figure refers to: the nearest time expression before it in its sentence.

A CAGR takes the span its sentence states (`2021-2030年`), or the span from the
earliest to the latest year its sentence names (`由2021年...至2030年..., 复合增速`).
Relative periods (`今年`, `去年12月`, `2月9日`) are resolved by attribute/timeframe.py.
"""
from __future__ import annotations

from functools import lru_cache

import regex

_YEAR = regex.compile(r"(?:19|20)\d{2}")
YEAR = regex.compile(r"(?:19|20)\d{2}")  # a period that is one whole year


@lru_cache(maxsize=1024)
def years(period: str) -> tuple[int, ...]:
    """The years a period names (few periods, asked again for every figure)."""
    return tuple(int(y) for y in _YEAR.findall(period))


_EACH_YEAR = regex.compile(r"^((?:19|20)\d{2})-((?:19|20)\d{2})$|^(?:19|20)\d{2}(?:/(?:19|20)\d{2})+$")


def each_year(period: str) -> list[str]:
    """The years a list of figures may take one by one: `2024-2026` and `2024/2025/2026`
    -> ['2024', '2025', '2026']; [] for any other period."""
    m = _EACH_YEAR.match(period)
    if not m:
        return []
    if m.group(1):
        a, b = int(m.group(1)), int(m.group(2))
        return [str(y) for y in range(a, b + 1)]
    return period.split("/")


def span(periods: list[str]) -> str:
    ys = sorted({y for p in periods for y in years(p)})
    return f"{ys[0]}-{ys[-1]}" if len(ys) >= 2 else ""


def for_figure(times: list[tuple[int, int, str]], pos: int, metric: str) -> str:
    """Period for the figure at `pos`, from the sentence's time expressions (start, end, period)."""
    before = [p for s, e, p in times if e <= pos and p]
    if metric == "cagr":  # the span said last, unless a newer time is said after it (…，今年仍会有60%以上)
        spans = [i for i, p in enumerate(before) if "-" in p and len(years(p)) == 2]
        if spans:
            return before[spans[-1]] if spans[-1] == len(before) - 1 or not years(before[-1]) else before[-1]
        return span([p for _, _, p in times if p])
    return before[-1] if before else ""
