"""Figures that must fit together: a stated CAGR, growth rate or multiple against the
values it is computed from, and shares of one whole adding up to well over 100%.

A stated figure is checked only against values from its own document. Every reading of
it is tried (each metric with both values, 同比 and 环比, "3倍" as x3, x4 or 1/3); a
finding is raised only when no reading fits, with the implied figure next to the stated.
"""
from __future__ import annotations

import math
import os
from collections import defaultdict

from ..calendar import shift_span, span_months
from . import fmt, periods
from .basis import SEQUENTIAL, YOY
from .figure import period_form, same_measure
from .findings import Finding
from .interval import Interval, distance, separated
from .item import Item
from .measure import RATE_METRICS

RATE_DIMS = frozenset({"percent", "pp", "times"})
SHARE_SLACK = 2.0  # percentage points over 100% before shares of one whole are flagged
MIN_WHOLE = 3  # characters of a subject prefix naming the whole of several shares

Index = dict[tuple[str, str], dict[tuple[str, str], dict[str, list[Item]]]]


def index_values(items: list[Item]) -> Index:
    """(doc, subject) -> (metric, dimension) -> period -> items, for absolute figures."""
    out: Index = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for it in items:
        if it.metric in RATE_METRICS or it.dim in RATE_DIMS or not it.claim.period:
            continue
        out[(it.doc, it.key)][(it.metric, it.dim)][it.span].append(it)
    return out


def _series(index: Index, item: Item):
    """The value series a rate may be computed from: the metric its sentence names, if
    the document has it, else every metric of its subject."""
    combos = index.get((item.doc, item.key), {})
    if not combos and item.whole:
        combos = index.get((item.doc, item.whole), {})
    named = [s for (metric, _), s in combos.items() if same_measure(metric) == item.measure]
    return named or list(combos.values())


def _value(items: list[Item] | None, tolerance: float) -> Interval | None:
    """The interval of one figure stated by consistent claims (None when they disagree).
    A document repeating the figure repeats its interval: distinct intervals are compared."""
    if not items:
        return None
    distinct = list(dict.fromkeys(it.base for it in items))
    if any(separated(a, b, tolerance) for i, a in enumerate(distinct) for b in distinct[i + 1:]):
        return None
    iv = distinct[0]
    for other in distinct[1:]:
        iv = iv.hull(other)
    return iv if iv.lo > 0 else None


def _mid(items: list[Item]) -> float:
    it = items[0]
    if it.claim.value is not None and not math.isnan(it.claim.value):
        return it.claim.value * it.factor
    return (it.base.lo + it.base.hi) / 2 if it.base.bounded else it.base.lo


def _ratio(a: Interval, b: Interval) -> Interval:
    return Interval(b.lo / a.hi, b.hi / a.lo)


def _factor(rate: Interval) -> Interval:
    return Interval(1 + rate.lo / 100, 1 + rate.hi / 100)


def _as_rate(factor: Interval) -> Interval:
    return Interval((factor.lo - 1) * 100, (factor.hi - 1) * 100)


def _judge(item: Item, label: str, readings: list, tolerance: float) -> Finding | None:
    """readings: (stated, implied, supporting items, text, implied as reported)."""
    if not readings or any(not separated(s, i, tolerance) for s, i, *_ in readings):
        return None
    stated, implied, support, text, shown = readings[0]
    explanation = f"stated {label} {fmt.claim(item)} does not fit its own figures: {text}"
    return Finding("arithmetic", "error", item.subject, item.metric, item.period, item.claim.unit,
                   explanation, [item, *support], stated=item.interval, implied=shown,
                   score=distance(stated, implied))


def _quotes(items: list[Item]) -> str:
    return "/".join(dict.fromkeys(fmt.claim(i) for i in items))


def _at(item: Item, period: str):
    """The calendar months of a period as `item`'s company counts them (figure.period_form)."""
    return period_form(period, item.subject)


def previous_spans(span) -> list:
    """The periods a growth of `span` may be measured against, in calendar months: the
    same months a year before (同比) and, for a month, quarter or half, the one just before
    (环比). A growth that names its basis is read on it alone; one that names none on
    each, and is judged only when the document gives the values of every reading. Fiscal and calendar names of one quarter meet (英伟达 FY2026Q2 and 2025-05..07)."""
    if not isinstance(span, tuple):
        return []
    size = span_months(span)
    return [shift_span(span, -12)] + ([shift_span(span, -size)] if size in (1, 3, 6) else [])


def _pair_readings(series, start, end, tolerance: float, years: int = 1):
    a_items, b_items = series.get(start), series.get(end)
    a, b = _value(a_items, tolerance), _value(b_items, tolerance)
    if a is None or b is None:
        return None
    implied = _ratio(a, b)
    if years > 1:
        implied = Interval(implied.lo ** (1 / years), implied.hi ** (1 / years))
    mid = (_mid(b_items) / _mid(a_items)) ** (1 / years)
    text = (f"{_quotes(a_items)} in {a_items[0].claim.period} and {_quotes(b_items)} in "
            f"{b_items[0].claim.period}")
    return implied, mid, a_items + b_items, text


def check_cagr(item: Item, index: Index, tolerance: float) -> Finding | None:
    span = periods.span_years(item.period)
    if not span or item.claim.unit != "percent":
        return None
    years = span[1] - span[0]
    readings = []
    for series in _series(index, item):
        got = _pair_readings(series, _at(item, str(span[0])), _at(item, str(span[1])), tolerance, years)
        if got:
            implied, mid, support, text = got
            text += f" give a CAGR of {fmt.percent(mid - 1)} over {years} years"
            readings.append((_factor(item.interval), implied, support, text, _as_rate(implied)))
    return _judge(item, "CAGR", readings, tolerance)


def check_growth(item: Item, index: Index, tolerance: float) -> Finding | None:
    if item.claim.unit != "percent" or not item.claim.period:
        return None
    spans = previous_spans(item.span)
    if item.basis == YOY:
        spans = spans[:1]
    elif item.basis == SEQUENTIAL:
        spans = spans[1:]
    readings, read = [], set()
    for series in _series(index, item):
        for before in spans:
            got = _pair_readings(series, before, item.span, tolerance)
            if got:
                implied, mid, support, text = got
                text += f" give a growth of {fmt.percent(mid - 1)}"
                readings.append((_factor(item.interval), implied, support, text, _as_rate(implied)))
                read.add(before)
    if len(read) < len(spans):
        return None  # a reading of its basis the document gives no values for may be the one that fits
    return _judge(item, "growth", readings, tolerance)


def _multiple_periods(item: Item) -> tuple[str, str] | None:
    if span := periods.span_years(item.period):
        return str(span[0]), str(span[1])
    year = periods.year(item.period)
    others = periods.years_in(item.claim.context + item.claim.quote) - {year}
    if year is None or len(others) != 1:
        return None
    return str(others.pop()), str(year)


def check_multiple(item: Item, index: Index, tolerance: float) -> Finding | None:
    pair = _multiple_periods(item)
    if item.claim.unit != "times" or pair is None or item.interval.lo <= 0:
        return None
    m = item.interval
    # 为…的3倍 is x3; 增长3倍 may mean x3 or x4; a fall "3倍" may be x1/3.
    stated_readings = [m, m.shifted(1), Interval(1 / m.hi, 1 / m.lo)]
    readings = []
    for series in _series(index, item):
        got = _pair_readings(series, _at(item, pair[0]), _at(item, pair[1]), tolerance)
        if got:
            implied, mid, support, text = got
            text += f" give a multiple of {mid:.3g}"
            readings += [(s, implied, support, text, implied) for s in stated_readings]
    return _judge(item, "multiple", readings, tolerance)


def check_share_sums(items: list[Item], tolerance: float) -> list[Finding]:
    """Shares stated in one sentence of one document, for one period, of subjects that
    all name one whole followed by a part (全球GPU市场英伟达, 全球GPU市场AMD)."""
    sentences: dict[tuple, list[Item]] = defaultdict(list)
    for it in items:
        if it.metric == "share" and it.claim.unit == "percent":
            where = it.claim.context or f"line {it.claim.line}"
            sentences[(it.doc, it.period, where)].append(it)
    found = []
    for group in sentences.values():
        parts: dict[str, Item] = {}
        for it in group:
            parts.setdefault(it.key, it)
        if len(parts) < 2:
            continue
        names = [it.subject for it in parts.values()]
        whole = os.path.commonprefix(names)
        shortest = min(len(n) for n in names)
        if len(whole) < MIN_WHOLE or 2 * len(whole) < shortest or len(whole) == shortest:
            continue
        lo = sum(max(it.interval.lo, 0.0) for it in parts.values())
        hi = sum(it.interval.hi for it in parts.values())
        if lo - 100 <= max(SHARE_SLACK, 100 * tolerance):
            continue
        listed = ", ".join(fmt.claim(it) for it in parts.values())
        text = f"shares of {whole} add up to at least {lo:.4g}% of one whole: {listed}"
        first = next(iter(parts.values()))
        found.append(Finding("arithmetic", "error", whole, "share", first.period, "percent", text,
                             list(parts.values()), stated=Interval(lo, hi), implied=Interval(0.0, 100.0),
                             score=(lo - 100) / 100))
    return found


def check_part_sums(items: list[Item], tolerance: float) -> list[Finding]:
    """Parts over a stated total: in one sentence of one document, a figure of a subject
    (英伟达 revenue) and figures of two or more of its parts (英伟达数据中心, 英伟达游戏: the
    subject and a scope) for the same metric, period and unit, the parts adding up to more
    than the whole. Parts of parts (英伟达数据中心计算) are not counted again."""
    sentences: dict[tuple, list[Item]] = defaultdict(list)
    for it in items:
        if it.metric in RATE_METRICS or it.dim in RATE_DIMS or not it.claim.period or it.base.lo < 0:
            continue
        where = it.claim.context or f"line {it.claim.line}"
        sentences[(it.doc, where, it.metric, it.span, it.dim)].append(it)
    found = []
    for group in sentences.values():
        by_key: dict[str, Item] = {}
        for it in group:
            by_key.setdefault(it.key, it)
        if len(by_key) < 3:
            continue
        for whole_key, whole in by_key.items():
            under = [k for k in by_key if k != whole_key and k.startswith(whole_key)]
            parts = [by_key[k] for k in under if not any(o != k and k.startswith(o) for o in under)]
            if len(parts) < 2 or not whole.base.bounded:
                continue
            lo = sum(p.base.lo for p in parts)
            if lo <= whole.base.hi * (1 + tolerance):
                continue
            listed = " + ".join(fmt.claim(p) for p in parts)
            text = (f"parts of {whole.subject} add up to at least {fmt.number(lo / whole.factor)} "
                    f"{whole.claim.unit}, more than the whole: {listed} > {fmt.claim(whole)}")
            found.append(Finding("arithmetic", "error", whole.subject, whole.metric, whole.period, whole.claim.unit,
                                 text, [whole, *parts], stated=whole.interval,
                                 implied=Interval(lo / whole.factor, sum(p.base.hi for p in parts) / whole.factor),
                                 score=(lo - whole.base.hi) / whole.base.hi if whole.base.hi else 1.0))
    return found


PRICE_METRICS = frozenset({"price", "cost"})
COUNT_METRICS = frozenset({"count", "shipments"})
TOTAL_METRICS = frozenset({"spending", "revenue", "cost"})


def _money(unit: str) -> bool:
    return len(unit) == 3 and unit.isascii() and unit.isupper()


def check_price_count(items: list[Item], tolerance: float) -> list[Finding]:
    """A price times a count that misses a stated amount: one sentence of one document with
    exactly one unit price (price or cost), one count of things, and one larger amount in
    the same currency after both (采购1万张，单价3万美元，合计3亿美元). Any more figures of
    those kinds in the sentence and it says nothing: which multiplies which is unclear."""
    sentences: dict[tuple, list[Item]] = defaultdict(list)
    for it in items:
        if it.claim.context and (_money(it.claim.unit) or it.claim.unit == "count"):
            sentences[(it.doc, it.claim.context)].append(it)
    found = []
    for group in sentences.values():
        counts = [i for i in group if i.metric in COUNT_METRICS and i.claim.unit == "count"]
        money = [i for i in group if _money(i.claim.unit)]
        if len(counts) != 1 or len(money) != 2 or len({i.claim.unit for i in money}) != 1:
            continue
        price, total = sorted(money, key=lambda i: i.base.lo)
        count = counts[0]
        if (price.metric not in PRICE_METRICS or total.metric not in TOTAL_METRICS
                or total.claim.start < max(price.claim.start, count.claim.start)
                or not (price.base.bounded and count.base.bounded and total.base.bounded)
                or min(price.base.lo, count.base.lo) <= 0):
            continue
        implied = Interval(price.base.lo * count.base.lo, price.base.hi * count.base.hi)
        if not separated(total.base, implied, tolerance):
            continue
        text = (f"{fmt.claim(price)} x {fmt.claim(count)} = {fmt.number(price.claim.value * count.claim.value)} "
                f"{total.claim.unit}, not the stated {fmt.claim(total)}")
        found.append(Finding("arithmetic", "error", total.subject, total.metric, total.period, total.claim.unit,
                             text, [total, price, count], stated=total.interval, implied=implied,
                             score=distance(total.base, implied)))
    return found


CHECKS = {"cagr": check_cagr, "growth": check_growth, "multiple": check_multiple}


def _same_check(it: Item) -> tuple:
    """What a stated figure's check depends on: a document repeating the sentence gets one
    check (the repeats would give the same finding, with the same id)."""
    c = it.claim
    return (it.metric, it.doc, it.key, it.subject, it.measure, c.period, c.unit, c.quote, c.context,
            it.interval)


def arithmetic(items: list[Item], tolerance: float) -> list[Finding]:
    index = index_values(items)
    found, seen = [], set()
    for it in items:
        check = CHECKS.get(it.metric)
        if check is None or (same := _same_check(it)) in seen:
            continue
        seen.add(same)
        if f := check(it, index, tolerance):
            found.append(f)
    return (found + check_share_sums(items, tolerance) + check_part_sums(items, tolerance)
            + check_price_count(items, tolerance))
