"""A list's attributes and years distributed over its figures: the names before 分别 one to each
figure after it, a span of n years one year to each of n figures listed one after another, and
the first and last year of a span to the figures a change goes from and to."""
from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from ..lexicon import words_regex
from ..quantity.scanner import FROM_BEFORE
from . import metric as mt
from . import period as pd
from . import subject as sj
from .sentences import clause_end, clause_start

if TYPE_CHECKING:
    from ..model import Claim
    from ..quantity.scanner import Quantity
    from .context import Sentence


def distribute_lists(st: Sentence, sent_rows: list[tuple[Quantity, Claim]]) -> None:
    """`A100和H100的算力分别为19.5和67 TFLOPS`: the n names before 分别 go to the n figures after it."""
    t, s0, s1 = st.t, st.s0, st.s1
    for m in words_regex("context", "subject", "respectively").finditer(t, s0, s1):
        end = clause_end(t, m.end(), s1)
        group = [(q, r) for q, r in sent_rows if m.end() <= q.start < end and q.kind == "amount"]
        if len(group) < 2:
            continue
        names = sj.split_list(group[0][1].subject, len(group)) or (
            # 其次是政府和电信行业，分别占15%和10%: the names close the clause before
            sj.split_list(sj.phrase_before(t, s0, m.start()), len(group)) if clause_start(t, s0, m.start()) == m.start()
            else None)
        if names:
            for (_, r), name in zip(group, names, strict=True):
                r.subject = name


def _listed():
    """What stands between two figures listed one after another (1.2/1.5/1.9元)."""
    return words_regex("context", "sentence", "list_separators", before="[ ]?", after="?[ ]?")


def _change_to():
    """The word before the figure a change ends at (增长到5亿)."""
    return words_regex("context", "sentence", "change_to", after="[ ]?$")


def distribute_years(st: Sentence, sent_rows: list[tuple[Quantity, Claim]]) -> None:
    """`2024-2026年EPS分别为1.2/1.5/1.9元`: n figures listed one after another (same kind of
    unit, nothing but a separator between them) under a period of n years take a year each;
    the figure a change leads to takes the target year (到2027年将由2023年的5%提升至30%)."""
    t, times = st.t, st.stated
    rows = [(q, r) for q, r in sent_rows if q.kind == "amount"]
    if len(rows) < 2:
        return
    run: list[tuple[Quantity, Claim]] = []
    for item in [*rows, None]:
        if item is not None and run:
            (pq, pr), (q, r) = run[-1], item
            if (r.period == pr.period and mt.unit_kind(q) == mt.unit_kind(pq)
                    and _listed().fullmatch(t, pq.end, q.start)):
                run.append(item)
                continue
        years = pd.each_year(run[0][1].period) if len(run) >= 2 else []
        if len(years) == len(run):
            for (_, r), year in zip(run, years, strict=True):
                r.period = year
        run = [item] if item is not None else []
    # 2021-2025年市场规模将从53.9亿美元增长至103.4亿美元: the span's first and last year
    for (a, ra), (b, rb) in itertools.pairwise(rows):
        years = pd.each_year(ra.period) if ra.period == rb.period and "-" in ra.period else []
        if (years and mt.unit_kind(a) == mt.unit_kind(b) and FROM_BEFORE.search(t, max(0, a.start - 2), a.start)
                and _change_to().search(t, a.end, b.start)):
            ra.period, rb.period = years[0], years[-1]
        # 到2027年…将由2023年的5%提升至30%: 2023 is where the change starts, 2027 where it ends
        start = next((x for x in times if x[2] == ra.period and x[1] <= a.start), None)
        if (not years and ra.period and ra.period == rb.period and start is not None
                and FROM_BEFORE.search(t, max(0, start[0] - 2), start[0]) and _change_to().search(t, a.end, b.start)):
            rb.period = next((p for _, _, p in times if p and p != ra.period), rb.period)
