"""The interval a claim covers, from the precision of its quote and its qualifier.

- exact figures cover half a unit of their last significant digit: `612` -> [611.5, 612.5],
  `2350亿` -> ±5亿 (last non-zero digit of an integer), `1,271.4` -> ±0.05 (a decimal's
  written digits all count), but never more than 5% of the value either way: trailing zeros
  may be rounding, yet a round figure is no range (`1000亿` -> [950亿, 1050亿], not ±500亿);
- `approx` (约 左右 近 ...) widens that by 5% of the value more (`约40%` -> [36, 44]);
- `over`/`at_least` are open upward, `under`/`at_most` open downward;
- `low`/`high` from the table (ranges, 1700多亿) are used as they are.

Precision is read from the digits of the quote as written, not from the float.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex

INF = math.inf
EXACT_UNITS = 0.5  # half-width of an exact figure, in units of its last digit ...
ROUNDING_CAP = 0.05  # ... but never more than this share of the value
APPROX_WIDENING = 0.05  # an approximate figure: this share of the value more on each side
OPEN_UP = frozenset({"over", "at_least"})
OPEN_DOWN = frozenset({"under", "at_most"})

_NUMBER = regex.compile(r"\d+(?:[,，]\d{3})*(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class Interval:
    lo: float
    hi: float

    def scaled(self, factor: float) -> Interval:
        a, b = self.lo * factor, self.hi * factor
        return Interval(min(a, b), max(a, b))

    def shifted(self, delta: float) -> Interval:
        return Interval(self.lo + delta, self.hi + delta)

    def hull(self, other: Interval) -> Interval:
        return Interval(min(self.lo, other.lo), max(self.hi, other.hi))

    @property
    def width(self) -> float:
        return self.hi - self.lo

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.lo) and math.isfinite(self.hi)


def distance(a: Interval, b: Interval) -> float:
    """Relative gap between two intervals (0 when they overlap)."""
    if a.hi < b.lo:
        x, y = a.hi, b.lo
    elif b.hi < a.lo:
        x, y = b.hi, a.lo
    else:
        return 0.0
    scale = max(abs(x), abs(y))
    return (y - x) / scale if scale else INF


def separated(a: Interval, b: Interval, tolerance: float) -> bool:
    """True when `a` and `b` are further apart than `tolerance`, relative to their size."""
    return distance(a, b) > tolerance


def _clean(token: str) -> str:
    return token.replace(",", "").replace("，", "")


def _digit_unit(token: str) -> float:
    """Unit of the last significant digit of a number as written: `2350` -> 10, `1.50` -> 0.01."""
    digits = _clean(token)
    if "." in digits:
        return 10.0 ** -len(digits.split(".", 1)[1])
    kept = digits.rstrip("0")
    return 10.0 ** (len(digits) - len(kept)) if kept else 1.0


def _float_unit(value: float) -> float:
    """Fallback when the quote has no usable Arabic digits (一千二百, 三成): the float's own."""
    if value == 0:
        return 1.0
    exp = Decimal(f"{abs(value):.12g}").normalize().as_tuple().exponent
    return 10.0 ** int(exp)


def _is_power_of_ten(x: float) -> bool:
    if x <= 0:
        return False
    e = math.log10(x)
    return abs(e - round(e)) < 1e-9


def last_digit_unit(quote: str, value: float) -> float:
    """One unit of the quote's last significant digit, expressed in the claim's unit.

    The number in the quote is matched to `value` (their ratio is the magnitude word and
    unit conversion: `2350亿` / 2.35e11 -> 1e8); with several numbers in the quote the one
    whose ratio is a power of ten wins. A number that does not match (a year in
    `为2022年的三倍`) is ignored and the float's own precision is used.
    """
    text = unicodedata.normalize("NFKC", quote or "")
    found = []
    for token in _NUMBER.findall(text):
        n = float(_clean(token))
        if n:
            found.append((token, abs(value) / n if value else 1.0))
    tens = [f for f in found if _is_power_of_ten(f[1])]
    pick = None
    if tens:
        pick = next((f for f in tens if abs(f[1] - 1) < 1e-9), tens[-1])
    elif len(found) == 1 and found[0][1] >= 1:
        pick = found[0]  # a unit conversion that is no power of ten (GB/s -> bit/s: x8e9)
    if pick is None:
        return _float_unit(value)
    return _digit_unit(pick[0]) * pick[1]


@lru_cache(maxsize=1 << 16)  # one figure is quoted alike by many documents
def half_width(quote: str, value: float, approx: bool = False) -> float:
    """Half the width of a stated figure's interval: half a unit of its last significant
    digit, at most ROUNDING_CAP of the value; an approximate figure APPROX_WIDENING more."""
    size = abs(value)
    half = min(last_digit_unit(quote, value) * EXACT_UNITS, ROUNDING_CAP * size)
    return half + APPROX_WIDENING * size if approx else half


def _num(x) -> float | None:
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def claim_interval(quote: str, value, qualifier: str, low=None, high=None) -> Interval | None:
    """The interval a claim covers, or None when the row gives nothing to compare."""
    value, lo, hi = _num(value), _num(low), _num(high)
    if value is not None and not math.isfinite(value):
        value = None
    if value is None and lo is None and hi is None:
        return None
    negative = value is not None and value < 0
    up, down = qualifier in OPEN_UP, qualifier in OPEN_DOWN
    if negative and (up or down) and lo is None and hi is None:
        up, down = down, up  # 下降超过10% (-10, over) is open towards -inf
    if up:
        lo = lo if lo is not None else value
        hi = hi if hi is not None else INF
    elif down:
        hi = hi if hi is not None else value
        lo = lo if lo is not None else -INF
    elif lo is None or hi is None:
        if value is None:
            return None
        half = half_width(quote, value, qualifier == "approx")
        lo = value - half if lo is None else lo
        hi = value + half if hi is None else hi
    if lo is None or hi is None:
        return None
    return Interval(min(lo, hi), max(lo, hi))
