"""Periods as the table writes them: 2021, 2021-2030, 2022Q4, 2023H1, 2023-01."""
from __future__ import annotations

import regex

_SPAN = regex.compile(r"^(\d{4})-(\d{4})$")
_YEAR = regex.compile(r"^(\d{4})$")
_PART = regex.compile(r"^(\d{4})(Q|H)(\d)$")
_MONTH = regex.compile(r"^(\d{4})-(\d{2})$")
_PARTS = {"Q": 4, "H": 2}
_YEAR_IN_TEXT = regex.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def span_years(period: str) -> tuple[int, int] | None:
    """`2021-2030` -> (2021, 2030)."""
    m = _SPAN.match(period or "")
    if not m:
        return None
    a, b = int(m.group(1)), int(m.group(2))
    return (a, b) if b > a else None


def year(period: str) -> int | None:
    m = _YEAR.match(period or "")
    return int(m.group(1)) if m else None


def previous(period: str) -> list[str]:
    """The periods a growth rate of `period` may be measured against: the same part of
    the year before (同比) and, for quarters, halves and months, the part just before (环比)."""
    p = period or ""
    if (y := year(p)) is not None:
        return [str(y - 1)]
    if m := _PART.match(p):
        y, kind, k = int(m.group(1)), m.group(2), int(m.group(3))
        before = f"{y}{kind}{k - 1}" if k > 1 else f"{y - 1}{kind}{_PARTS[kind]}"
        return [f"{y - 1}{kind}{k}", before]
    if m := _MONTH.match(p):
        y, k = int(m.group(1)), int(m.group(2))
        before = f"{y}-{k - 1:02d}" if k > 1 else f"{y - 1}-12"
        return [f"{y - 1}-{k:02d}", before]
    return []


def years_in(text: str) -> set[int]:
    """Four-digit years mentioned in a text."""
    return {int(y) for y in _YEAR_IN_TEXT.findall(text or "")}
