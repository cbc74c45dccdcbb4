"""A claim made ready for checking: canonical subject, unit dimension, interval."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import regex

from ..model import Claim
from ..normalize import to_simplified
from .basis import basis_of
from .figure import (
    RATE_METRICS_WITH_MEASURE,
    currency_basis,
    document_periods,
    document_topics,
    exclusion_named,
    market_share_named,
    names_scope,
    period_form,
    profit_line,
    same_measure,
    scope_metrics,
    scope_named,
    strip_currency,
    subject_form,
    variant_of,
    whole_years,
)
from .interval import Interval, claim_interval
from .measure import RATE_METRICS, measure_named, measure_of

# Time units convert into one another (in days); every other canonical unit is its own
# dimension, so money is compared only within one currency.
DAYS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0,
        "month": 365.25 / 12, "quarter": 365.25 / 4, "year": 365.25}
NEVER_METRICS = frozenset({"other", "date"})
MARKET_SHARE = "market"  # the measure of a market share (市占率)
NEVER_UNITS = frozenset({"date", ""})
PROFIT = "profit"  # the measure of a rate of profit, which names its line (figure.profit_line)


def unit_dimension(unit: str) -> tuple[str, float]:
    """(dimension, factor to the dimension's base unit). A rate per unit of time converts
    like its time unit: 1200 CNY/year is 100 CNY/month (both in CNY/day)."""
    if unit in DAYS:
        return "time", DAYS[unit]
    if "/" in unit:
        top, _, per = unit.rpartition("/")
        if per in DAYS and top:
            dim, factor = unit_dimension(top)
            return f"{dim}/day", factor / DAYS[per]
    return unit, 1.0


def subject_key(name: str) -> str:
    """Comparison form of a canonical subject: simplified, case-folded, no spaces."""
    return regex.sub(r"\s+", "", to_simplified(name)).casefold()


@dataclass(slots=True)
class Item:
    claim: Claim
    subject: str  # canonical subject (display form)
    key: str  # comparison form of the subject
    dim: str  # unit dimension
    factor: float  # claim unit -> dimension base unit
    interval: Interval  # in the claim's own unit
    measure: str | None = None  # rates: the metric they are a rate of, when the sentence says
    basis: str | None = None  # growth: yoy or sequential, when the sentence says (basis.py)
    span: tuple | str = ""  # the calendar months the period covers (figure.period_form)
    inherited: str = ""  # the document's period, taken by a claim that states none
    whole: str = ""  # rates: the subject's form with the measure it names (figure.subject_form)
    currency: str = ""  # rates: the currency their sentence says they are counted in (figure.currency_basis)
    plain: str = ""  # the subject form without its variant word (figure.variant_of) ...
    variant: str = ""  # ... and that word (nongaap, gaap), '' when it names none
    line: str = ""  # a rate of profit: which profit (figure.profit_line)
    topic: str = ""  # the scope its document is about, when its subject names none (figure.document_topics)

    _base: Interval | None = None

    @property
    def base(self) -> Interval:
        """The interval in the dimension's base unit (computed once)."""
        if self._base is None:
            self._base = self.interval.scaled(self.factor)
        return self._base

    @property
    def doc(self) -> str:
        return self.claim.doc

    @property
    def period(self) -> str:
        return self.claim.period or self.inherited

    @property
    def metric(self) -> str:
        return self.claim.metric

    @property
    def forecast(self) -> bool:
        return bool(self.claim.forecast)

    @property
    def where(self) -> str:
        return f"{self.claim.doc}:{self.claim.line}"


def _occurrences(claims: list[Claim]) -> dict[int, tuple[int, int]]:
    """Growth claims of one quote in one sentence of one document: id(claim) -> (its rank
    in document order, how many)."""
    same: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.metric == "growth":
            same[(c.doc, c.context, c.quote)].append(c)
    out = {}
    for group in same.values():
        for k, c in enumerate(sorted(group, key=lambda c: (c.start, c.line))):
            out[id(c)] = (k, len(group))
    return out


def prepare(claims: list[Claim], aliases) -> list[Item]:
    """Items for the claims that can be checked at all (subject, metric, unit, a value)."""
    items = []
    occurrences = _occurrences(claims)
    stated = document_periods(claims)
    topics = document_topics(claims)
    canonical: dict[str, str] = {}
    for c in claims:
        if not c.subject.strip() or c.metric in NEVER_METRICS or c.unit in NEVER_UNITS:
            continue
        interval = claim_interval(c.quote, c.value, c.qualifier, c.low, c.high)
        if interval is None:
            continue
        subject = canonical.get(c.subject)
        if subject is None:  # (a report names its subject in many claims)
            subject = canonical[c.subject] = aliases.canonical(c.subject)
        key, named_measure, named_basis, whole = subject_form(subject, c.metric)
        if not key:
            continue
        scope = scope_named(c.quote, c.context, key) if c.metric in scope_metrics() else ""
        if scope:  # the sentence names a scope the subject lacks: the figure is perhaps of it
            key, whole = key + scope, whole + scope
        key += exclusion_named(c.quote, c.context, key)  # 不计入…费用，毛利率为71.3%: another figure
        currency = ""
        if c.metric in RATE_METRICS_WITH_MEASURE:  # a rate's currency is its sentence's, not its subject's
            key = strip_currency(key)
            currency = currency_basis(c.quote, c.context)
        plain, variant = variant_of(key)
        dim, factor = unit_dimension(c.unit)
        measure = None
        if c.metric in RATE_METRICS:  # what the rate is of: its subject says, else its sentence
            measure = named_measure or measure_named(subject)
            if not measure and c.metric == "share" and market_share_named(c.quote, c.context):
                measure = MARKET_SHARE  # a share of the market, not of the company's own revenue
            measure = same_measure(measure or measure_of(c.quote, c.context))
        line = profit_line(c.quote, c.context, subject) if measure == PROFIT else ""
        basis = named_basis or (basis_of(c.quote, c.context, *occurrences[id(c)]) if c.metric == "growth" else None)
        # a forecast that states no period is of a later one than the document reports
        inherited = "" if c.period or c.forecast else stated.get(c.doc, "")
        span = period_form(c.period or inherited, subject)
        if basis and whole_years(span):
            basis = None  # a year's growth is on the year before, 同比 or 环比 alike
        items.append(Item(c, subject, key, dim, factor, interval, measure, basis, span, inherited, whole,
                          currency, plain, variant, line,
                          "" if names_scope(key) else topics.get(c.doc, "")))
    return items
