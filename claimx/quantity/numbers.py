"""Number grammar: Arabic and Chinese numerals -> value, plus the precision of what was written.

`parse_number("1,271.4")` -> (1271.4, 0.1); `parse_number("十二万三千")` -> (123000, 1000).
The precision is the place value of the last significant digit as written: the cross-check
uses it to know what a figure rounds to. Chinese numerals may also state a range by two
adjacent digits (`两三`, `七八十`) or an open end (`十几`); `parse_cn` returns them as bounds.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from ..lexicon import lexicon


@dataclass(frozen=True, slots=True)
class Number:
    value: float
    low: float | None = None  # set for written ranges / open ends (两三, 十几)
    high: float | None = None
    open_up: bool = False  # 十几: at least low, below high
    vague: bool = False  # 数十, 几千: a rough magnitude


@cache
def _tables():
    n = lexicon().numbers
    return n["digits"], n["places"], n["magnitudes"], n.get("vague", {})


def digits() -> dict[str, int]:
    """Every Chinese digit character -> its value (data/numbers.toml [digits])."""
    return _tables()[0]


@cache
def digit_class(lo: int = 0, hi: int = 9) -> str:
    """A regex character class of the Chinese digits worth `lo`..`hi` (〇 零 ○ for 0)."""
    return "[" + "".join(sorted(regex.escape(c) for c, v in digits().items() if lo <= v <= hi)) + "]"


@cache
def numeral_chars() -> str:
    """The characters of a Chinese numeral without magnitude words (digits, 十百千), for a regex class."""
    return "".join(sorted(regex.escape(c) for c in [*digits(), *_tables()[1]]))


def digit_by_digit(s: str) -> str:
    """A numeral read digit by digit, as Arabic digits: 二○二五 -> "2025"."""
    return "".join(str(digits()[c]) for c in s)


@cache
def _points() -> tuple[str, ...]:
    return tuple(lexicon().numbers["decimal"]["points"])


def split_decimal(s: str) -> tuple[str, str] | None:
    """A Chinese numeral with a decimal point (三点五, 二八〇六.二四) -> its integer and fraction
    parts; None when `s` has none (only digits may follow the point)."""
    for p in _points():
        head, sep, frac = s.partition(p)
        if sep and head and frac and all(c in digits() for c in frac):
            return head, frac
    return None


_TIMES_TEN = regex.compile(r"[×xX]10\^")


def parse_arabic(s: str) -> float:
    """`3,918.2`, `23. 56`, `3.14E23`, `3.14×10^23`."""
    s = s.replace(",", "").replace(" ", "")
    return float(_TIMES_TEN.sub("e", s) if "^" in s else s)


def _cn_plain(s: str) -> float | None:
    """A Chinese numeral without ranges: 一千二百 -> 1200, 十二万三千 -> 123000, 两 -> 2."""
    digits, places, mags, _ = _tables()
    total = 0.0  # completed sections above 万/亿
    section = 0.0  # current section (< 万)
    num = None  # pending digit
    i = 0
    if not s:
        return None
    while i < len(s):
        ch = s[i]
        if ch in digits:
            # digit after digit: positional (一九九八) -> treat as sequence
            num = num * 10 + digits[ch] if num is not None else digits[ch]
        elif ch in places:
            section += (num if num is not None else 1) * places[ch]
            num = None
        elif ch in ("万", "亿"):
            m = mags[ch]
            if num is None and section == 0 and total == 0:
                num = 1  # a bare 万 / 亿 (万倍, 上亿)
            section += num or 0
            num = None
            if section == 0 and total:
                total *= m  # 万亿, 亿亿
            else:
                total = (total + section) * m if ch == "亿" else total + section * m
            section = 0.0
        else:
            return None
        i += 1
    return total + section + (num or 0)


def parse_cn(s: str) -> Number | None:
    """Chinese numeral with the spoken range forms: 两三(天), 二三十, 七八十, 十几, 数十, 几千."""
    digits, places, mags, vague = _tables()
    if not s:
        return None
    if (parts := split_decimal(s)) is not None:  # 三点五, 一九四.六四, 二八〇六.二四
        whole = _cn_plain(parts[0])
        if whole is None:
            return None
        return Number(float(f"{int(whole)}.{digit_by_digit(parts[1])}"))
    # vague multipliers: 数十 / 几千 / 几百万
    if s[0] in vague and len(s) > 1 and s[1] in places:
        lo, hi = vague[s[0]]
        rest = _cn_plain("一" + s[1:])
        if rest is None:
            return None
        return Number((lo + hi) / 2 * rest, lo * rest, hi * rest, vague=True)
    # two adjacent digits: 两三 / 七八十 / 二三十万
    if len(s) >= 2 and s[0] in digits and s[1] in digits and s[0] != s[1]:
        a, b = digits[s[0]], digits[s[1]]
        tail = s[2:]
        spoken = not tail or tail[0] in places or tail[0] in mags  # 一二三 is read digit by digit
        if spoken and (b == a + 1 or (s[0] == "两" and b == 3)):
            scale = _cn_plain("一" + tail) if tail else 1.0
            if scale is None:
                return None
            lo, hi = a * scale, b * scale
            return Number((lo + hi) / 2, lo, hi)
    # 十几 / 二十几 / 几十 handled above; 十几 = [10, 20)
    if s.endswith("几") and len(s) >= 2:
        base = _cn_plain(s[:-1])
        if base is None:
            return None
        step = 1.0
        return Number(base, base, base + 10 * step if s[-2] in places else base + step, open_up=True)
    v = _cn_plain(s)
    return None if v is None else Number(v)


def precision_of(s: str) -> float:
    """Place value of the last significant digit written in an Arabic number string."""
    s = s.replace(",", "").replace(" ", "")
    if "." in s:
        return 10.0 ** -len(s.split(".", 1)[1])
    stripped = s.rstrip("0")
    return 10.0 ** (len(s) - len(stripped)) if stripped else 1.0
