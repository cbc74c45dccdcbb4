"""Periods on one calendar: the months a period covers, and companies' fiscal years.

A period as the table writes it (`2025`, `2025Q3`, `2025H1`, `2025-09`, `2025-09-30`,
`2021-2030`, `2024Q1-2024Q3`, `FY2026`, `FY2026Q2`) covers a run of months. A fiscal period
covers the months of its company's fiscal year (data/fiscal.toml): NVIDIA's FY2026Q2 is
May-July 2025, Micron's FY2025Q4 June-August 2025. `fiscal_label` goes the other way: the
fiscal quarter a company's quarter ending in a given month is called.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .lexicon import load_toml

Month = tuple[int, int]  # (year, month)


@dataclass(frozen=True, slots=True)
class FiscalYear:
    end: int = 12  # the month the fiscal year ends in
    named: str = "end"  # the fiscal year is named by the calendar year it ends in ("end") or starts in

    def first_month(self, fy: int) -> Month:
        """The first month of fiscal year `fy`."""
        end_year = fy if self.named == "end" else fy + (self.end != 12)
        return add_months((end_year, self.end), -11)

    def year_of(self, year: int, month: int) -> int:
        """The fiscal year that the calendar month (year, month) belongs to."""
        end_year = year if month <= self.end else year + 1
        return end_year if self.named == "end" else end_year - (self.end != 12)


CALENDAR_YEAR = FiscalYear()


_ADDED: dict[str, FiscalYear] = {}  # the user's own entries (--fiscal FILE)


@cache
def _listed() -> dict[str, FiscalYear]:
    return _companies(load_toml("fiscal.toml"))


def fiscal_years() -> dict[str, FiscalYear]:
    """Company -> fiscal year: data/fiscal.toml and the user's additions."""
    return {**_listed(), **_ADDED} if _ADDED else _listed()


def _companies(data: dict) -> dict[str, FiscalYear]:
    """The [companies] table of a fiscal file, checked: ValueError says what is wrong."""
    table = data.get("companies")
    if not isinstance(table, dict):
        raise ValueError("no [companies] table (see claimx/data/fiscal.toml for the format)")
    out = {}
    for name, spec in table.items():
        end, named = (spec.get("end"), spec.get("named", "end")) if isinstance(spec, dict) else (None, None)
        if not (isinstance(end, int) and 1 <= end <= 12 and named in ("end", "start")) or set(spec) - {"end", "named"}:
            raise ValueError(f'companies."{name}" must be {{ end = MONTH (1-12), named = "end" or "start" }}')
        out[name] = FiscalYear(end, named)
    return out


def reset_fiscal_years() -> None:
    """Back to the listed calendars only: a process that serves several runs (a Dask worker, a
    test session) forgets the last run's --fiscal file."""
    _ADDED.clear()
    _by_length.cache_clear()


def add_fiscal_years(path: Path) -> None:
    """Add a user's fiscal calendars (TOML, the format of data/fiscal.toml) for this run; a
    name there overrides the listed one. ValueError or OSError says what is wrong."""
    with open(path, "rb") as f:
        _ADDED.update(_companies(tomllib.load(f)))
    _by_length.cache_clear()


def fiscal_year(entity: str) -> FiscalYear:
    """The fiscal calendar of a company (canonical name); the calendar year when unlisted."""
    return fiscal_years().get(entity, CALENDAR_YEAR)


def company_of(subject: str) -> str:
    """The listed company a subject names at its start (英伟达数据中心业务 -> 英伟达), else ''."""
    return next((name for name in _by_length() if subject.startswith(name)), "")


@cache
def _by_length() -> tuple[str, ...]:
    return tuple(sorted(fiscal_years(), key=len, reverse=True))


def add_months(m: Month, k: int) -> Month:
    """(year, month) `k` months later (earlier when `k` < 0)."""
    i = m[0] * 12 + m[1] - 1 + k
    return (i // 12, i % 12 + 1)


def span_months(span: tuple[Month, Month]) -> int:
    """How many months a span (first, last month) covers."""
    (y1, m1), (y2, m2) = span
    return (y2 - y1) * 12 + m2 - m1 + 1


def shift_span(span: tuple[Month, Month], k: int) -> tuple[Month, Month]:
    """A span (first, last month) `k` months later (earlier when `k` < 0): the same months a year
    before is k = -12, the quarter before a quarter k = -3 (check/arithmetic.py, and TimeFrame's
    上季 and 去年同期 as labels: attribute/timeframe.py)."""
    return add_months(span[0], k), add_months(span[1], k)


_FY = re.compile(r"^FY(\d{4})(?:([QH])([1-4]))?$")
_PLAIN = re.compile(r"^(\d{4})(?:([QH])([1-4])|-(\d{2})(?:-(\d{2}))?)?$")
_SPAN = re.compile(r"^(.+?)-(FY\d{4}.*|\d{4}.*)$")


def months(period: str, entity: str = "") -> tuple[Month, Month] | None:
    """The first and last month `period` covers; fiscal periods by `entity`'s fiscal year.
    None for a period this module cannot read."""
    period = (period or "").strip()
    if m := _FY.match(period):
        fy, part, k = int(m.group(1)), m.group(2), m.group(3)
        first = fiscal_year(entity).first_month(fy)
        if not part:
            return first, add_months(first, 11)
        size = 3 if part == "Q" else 6
        if part == "H" and int(k) > 2:
            return None
        start = add_months(first, size * (int(k) - 1))
        return start, add_months(start, size - 1)
    if m := _PLAIN.match(period):
        year = int(m.group(1))
        if m.group(2):
            size, k = (3 if m.group(2) == "Q" else 6), int(m.group(3))
            if m.group(2) == "H" and k > 2:
                return None
            start = (year, size * (k - 1) + 1)
            return start, add_months(start, size - 1)
        if m.group(4):
            month = int(m.group(4))
            return ((year, month), (year, month)) if 1 <= month <= 12 else None
        return (year, 1), (year, 12)
    if m := _SPAN.match(period):  # 2021-2030, 2024Q1-2024Q3, 2025-01-2025-09, FY2024Q2-FY2026Q2
        a, b = months(m.group(1), entity), months(m.group(2), entity)
        if a and b and a[0] <= b[1]:
            return a[0], b[1]
    return None


def fiscal_label(entity: str, year: int, month: int) -> str:
    """The fiscal quarter of `entity` that ends in calendar month (year, month):
    英伟达, 2025, 7 -> FY2026Q2; a calendar-year company's 2025, 9 -> 2025Q3. '' when no
    quarter of that company ends in that month."""
    fy = fiscal_year(entity)
    quarter_end = (month - fy.end) % 3 == 0
    if not quarter_end:
        return ""
    fyear = fy.year_of(year, month)
    q = ((month - fy.end - 1) % 12) // 3 + 1
    return f"{year}Q{q}" if fy is CALENDAR_YEAR else f"FY{fyear}Q{q}"


def has_fiscal_year(entity: str) -> bool:
    """Whether `entity` reports on a fiscal year other than the calendar year."""
    return fiscal_year(entity) is not CALENDAR_YEAR


_MONTH_SPAN = re.compile(r"^(\d{4})-(\d{2})-(\d{4})-(\d{2})$")


def canonical(period: str) -> str:
    """The year so far to a quarter's end written in quarters, as a report names it (前三季度):
    2025-01-2025-09 (1-9月, 前9月) -> 2025Q1-2025Q3, 2025-01-2025-03 -> 2025Q1, 2025-01-2025-06 ->
    2025H1, 2025-01-2025-12 -> 2025; any other period (前11月, 4月至6月) as it is."""
    m = _MONTH_SPAN.match(period or "")
    if not m or m.group(1) != m.group(3) or m.group(2) != "01":
        return period
    year, b = m.group(1), int(m.group(4))
    if b == 12:
        return year
    if b == 6:
        return f"{year}H1"
    if b in (3, 9):
        return f"{year}Q1" if b == 3 else f"{year}Q1-{year}Q3"
    return period
