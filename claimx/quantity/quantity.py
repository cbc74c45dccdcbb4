"""A quantity found in the normalized text: a figure or a date, before attributes."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Quantity:
    start: int  # offsets in the normalized text
    end: int
    value: float | None
    unit: str
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    kind: str = "amount"  # amount | date
    period: str = ""  # dates: the date or span itself
    metric: str = ""  # metric the unit or form implies (compute, multiple, duration ...)
    unit_kind: str = ""  # money | percent | scaled | time | counter | magnitude | date
    small_cn: bool = False  # a small count written in Chinese numerals (三大, 两种): an idiom
    relative: bool = False  # dates relative to the document date (去年, 今年)
    yearless: bool = False  # a date without a year (上半年, 第四季度, 3月): the year said before it
    as_of: bool = False  # 截至2024年9月末: the date figures are stated as of, not an event
    year_only: bool = False  # a date that is a bare year (2021年)
    broker: bool = False  # a broker's quarter label with a 2-digit year (4Q25, 1H26): fiscal for a fiscal-year company
    bare_yy: bool = False  # 2-digit year form (21年): a duration unless context says date
    signed: bool = False  # the figure states its own direction (持平至成长6%): no fall word flips it
