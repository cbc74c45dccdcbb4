"""Periods as the table writes them: 2021, 2021-2030, 2022Q4, 2023H1, 2023-01."""
from __future__ import annotations

import regex

_SPAN = regex.compile(r"^(\d{4})-(\d{4})$")
_YEAR = regex.compile(r"^(\d{4})$")
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


def years_in(text: str) -> set[int]:
    """Four-digit years mentioned in a text."""
    return {int(y) for y in _YEAR_IN_TEXT.findall(text or "")}
