"""The row of each figure of a sentence: a date's (events.py) or an amount's metric, unit,
subject, period, qualifier and sign, then its forecast; last, what the sentence's rows settle
together (a list's names and years, the subjects of dates, canonical names)."""
from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import regex

from ..lexicon import compile_plain, lexicon, words_pattern, words_regex
from ..quantity.scanner import FROM_BEFORE, apply_qualifier
from . import events as ev
from . import forecast as fc
from . import metric as mt
from . import period as pd
from . import sign
from . import subject as sj
from . import timeframe as tf
from . import topic as tp
from .amount_subject import Figure, amount_subject
from .currency import amount_unit
from .lists import distribute_lists, distribute_years
from .sentences import clause_end, clause_start

if TYPE_CHECKING:
    from ..model import Claim
    from ..quantity.scanner import Quantity
    from .context import Context, Sentence

TIMELESS = {"process_node"}  # metrics whose figures belong to no period

# unit kinds whose metric carries to the next figure of the sentence when its words are silent
# (预计2024年将达到87亿美元，2028年将增至124亿美元); counted things (张, 个) differ from figure to figure
INHERITING = {"money", "percent", "FLOPS", "OPS", "rate", "magnitude", "time"}

_OWN_DATE = compile_plain(r"[ ]?(?:[^，,。；;：:、0-9]{0,4}的)?[ ]?")  # 2024年(高峰时期)的800亿元: a date right before its figure


def figure_row(st: Sentence, q: Quantity, row: Claim) -> Claim | None:
    """`row` (a figure's quote, value and provenance) attributed: a date's event or an amount's
    metric, unit, subject and period, then whether it is a forecast; None when it is no claim."""
    ctx, t = st.ctx, st.t
    clause_lo = clause_start(t, st.s0, q.start)
    if q.kind == "date":
        row = ev.date_claim(st, q, row)
        cue_lo = clause_lo
    else:
        row = amount_row(st, q, row, clause_lo)
        st.prev_amount = q
        cue_lo = st.s0
    if row is None:
        return None
    # the figure a change starts from, or the base of a comparison, is a fact (从X增长至Y, 较2024年的X)
    from_value = FROM_BEFORE.search(t, max(st.s0, q.start - 12), q.start) or any(
        FROM_BEFORE.search(t, max(st.s0, a - 3), a) or (ev.comparison_base(t, a) and _OWN_DATE.fullmatch(t, b, q.start))
        for a, b, _ in st.stated if 0 <= q.start - b <= 2)
    statement = st.cues.statement_start(q.start)  # (2025E) in its statement: a broker's estimate
    row.forecast = fc.is_forecast(t, cue_lo if not from_value else q.start, q.start, row.period, ctx.published,
                                  clause_lo, st.cues, q.end, row.qualifier == "range") or any(
        p == row.period and t[b - 1] in "EF" for a, b, p in st.times if statement <= a and b <= q.start)
    return row


def amount_row(st: Sentence, q: Quantity, row: Claim, lo: int) -> Claim | None:
    """Metric, unit, subject, period, qualifier and sign of an amount, its subject then the one the
    paragraph was last about; None when it is no claim. `lo`: where its clause starts."""
    t, prev = st.t, st.prev_amount
    if q.small_cn:
        return None
    if q.metric == "growth" and prev is not None and prev.unit_kind == "time" and q.start - prev.end <= 2:
        return None  # 3-4个月翻一番: the doubling word names the metric of the duration
    hi = clause_end(t, q.end, st.s1)
    kind = mt.unit_kind(q)
    metric, kw = mt.assign(t, lo, hi, q, wide_lo=prev.end if prev is not None else st.s0,
                           inherit=st.prev_metric.get(kind, "") if kind in INHERITING else "", kws=st.kws,
                           prev_end=prev.end if prev is not None else None)
    if kw is None and st.asked and st.asked != metric and mt.fits(st.asked, kind):
        metric = st.asked  # 问：…出货量？答：…大概在八十万台上下
    if metric != "growth" or mt.fits(metric, kind):  # 增长8亿美元: a change passes no metric on
        st.prev_metric[kind] = metric
    row.metric = metric
    if not amount_unit(st, q, row, lo, hi, kind):
        return None
    metric = row.metric  # a bare magnitude may turn out a count, or money
    row.subject = amount_subject(Figure(q, row, lo, hi, kind, metric, kw), st, st.ctx.recent)
    row.period = pd.for_figure(st.times, q.start, metric)
    own = next((d for d in st.sent_dates if d.period and _OWN_DATE.fullmatch(t, d.end, q.start)), None)
    if own is not None and q.unit in ("times", "percent") and _ratio_to().search(t, max(0, own.start - 4), own.start):
        # 是2021年的3倍: a ratio to the base year's figure, of the period before it
        row.period = pd.for_figure([x for x in st.times if x[0] != own.start], q.start, metric)
    elif own is not None:
        row.period = own.period  # 较2024年的800亿元: the base's own year, though it scopes nothing after
    if row.period and not any(lo <= a for a, _, _ in st.times if a < q.start) and words_regex("context", "period", "now").search(t, lo, q.start):
        row.period = ""  # …2025年将达到500亿元，目前渗透率为12%: "now", not the year said before
    if not row.period and metric == "cagr":
        row.period = pd.span([p for _, _, p in st.prev_times])  # 年复合增长率为19%: the span just stated
    if row.qualifier == "exact":
        near = _loose_qualifier().search(t, max(lo, q.start - 8, prev.end if prev is not None else lo), q.start)
        if near:  # 至少差了4年, 接近翻倍
            apply_qualifier(row, lexicon().qualifiers["prefix"][near.group("word")])
        elif words_regex("context", "forecast", "loose_approx").search(t, prev.end if prev is not None else lo, q.start):
            row.qualifier = "approx"  # 约占全球总规模十分之一
    sign.apply(t, lo, q, row, st.amounts)  # a fall is negative: 下降15.1%, 减少40亿美元
    ctx = st.ctx
    if row.period and not tf.of_a_period(row.metric) and any(
            a in st.event_dates and p == row.period for a, _, p in st.times if a < q.start):
        row.period = ""  # 2024年3月，英伟达发布…，其算力达到20 PFLOPS: a spec is no figure of the event's date
    if row.metric in TIMELESS:
        row.period = ""  # 3纳米: a process node is a technology, not a figure of a period
    elif ((day := ctx.para.day or ctx.frame.day) and not tf.dated_in_clause(row.period, st.times, lo, q.start, t, st.s0)
          and tf.is_quote(t, lo, q.end, row.metric, st.s0)):
        row.period = tf.trading_day(t, st.times, q.start, day)  # 台股21日挫近千点…。联电ADR以7.24美元作收: that trading day's
    elif not row.period and not st.own_time and tf.of_a_period(row.metric):
        row.period = ctx.frame.topic  # nothing in its paragraph dates it: what the document reports on
    ctx.recent.add(row.subject)
    ctx.para.subject = row.subject or ctx.para.subject
    return row


def _ratio_to():
    """A word before a year that makes the figure after it a ratio to that year's (是2021年的3倍)."""
    return words_regex("context", "period", "ratio_to", after="[ ]?$")


@cache
def _loose_qualifier():
    """A qualifier word of two or more characters, then at most a verb or a per-unit word,
    right before a figure (至少差了4年, 不低于每股25元)."""
    q = lexicon().qualifiers
    words = words_pattern([w for w in q["prefix"] if len(w) >= 2])
    return regex.compile(rf"(?P<word>{words})(?:{words_pattern(q['loose']['verbs'])})?了?"
                         rf"(?:{words_pattern(q['loose']['per'])})?[ ]?$")


def finish_sentence(st: Sentence, sent_rows: list[tuple[Quantity, Claim]]) -> None:
    """What the rows of a sentence settle together: the names and years of its lists, the subject
    of its dates, a basis (GAAP) anchored on the document's entity, every name canonical."""
    ctx = st.ctx
    distribute_lists(st, sent_rows)
    distribute_years(st, sent_rows)
    for _, row in sent_rows:
        if row.metric == "date" and ctx.published and row.period == ctx.published:
            # the document's own date: its publisher's (else the name its byline gives it, if any)
            row.subject = ctx.source or tp.event_subject(row.subject)
        elif row.metric == "date":
            row.subject = tp.event_subject(row.subject)  # no piece of a clause names an event
        elif tp.is_basis(row.subject):  # GAAP和非GAAP…分别为: each basis of the document's entity
            row.subject = tp.anchored(row.subject, lambda: ctx.topic)
        row.subject = sj.canonical(row.subject, ctx.aliases, ctx.taiwan)


def anchor_table_rows(ctx: Context, rows: list[Claim]) -> None:
    """A table's cell under a label that names no entity is about the document's; names canonical."""
    for row in rows:
        row.subject = sj.canonical(tp.anchored(row.subject, lambda: ctx.topic), ctx.aliases, ctx.taiwan)
