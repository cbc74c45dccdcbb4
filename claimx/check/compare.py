"""Claims of one figure against each other: contradiction, internal, agreement."""
from __future__ import annotations

import heapq
from bisect import bisect_left
from collections import defaultdict

import regex

from ..normalize import to_simplified
from . import fmt
from .figure import naming_word
from .findings import Finding, figure_key, value_keys
from .group import ident, similar_context, topic_of
from .interval import INF, Interval, distance, separated
from .item import Item
from .measure import RATE_METRICS


def _unit(items: list[Item]) -> str:
    units = {it.claim.unit for it in items}
    return units.pop() if len(units) == 1 else ("day" if items[0].dim == "time" else items[0].dim)


def clusters(items: list[Item], tolerance: float) -> list[list[Item]]:
    """Items split into runs of mutually consistent values, lowest first: each item, taken
    in order of its interval, joins the first run none of whose members it is apart from.

    Taken in that order, an item is apart from some member of a run exactly when it is
    apart from the member with the lowest upper bound, and a run it is apart from stays so
    for every later item; so only the last run can take it (one comparison an item)."""
    ordered_items = sorted(items, key=lambda i: (i.base.lo, i.base.hi, i.where))
    if not 0 <= tolerance < 1:
        return _clusters_pairwise(ordered_items, tolerance)
    out: list[list[Item]] = []
    lowest = None  # of the last run, the member interval with the lowest upper bound
    for it in ordered_items:
        b = it.base
        if out and not separated(b, lowest, tolerance):
            out[-1].append(it)
            if b.hi < lowest.hi:
                lowest = b
        else:
            out.append([it])
            lowest = b
    return out


def _clusters_pairwise(ordered_items: list[Item], tolerance: float) -> list[list[Item]]:
    """The same split by trying every run (a tolerance of 100% or more is no gap test)."""
    out: list[list[Item]] = []
    seen: list[set[Interval]] = []  # distinct intervals of each run
    for it in ordered_items:
        b = it.base
        for cl, ivs in zip(out, seen, strict=True):
            if b in ivs or not any(separated(b, o, tolerance) for o in ivs):
                cl.append(it)
                ivs.add(b)
                break
        else:
            out.append([it])
            seen.append({b})
    return out


def representatives(items: list[Item], tolerance: float) -> list[Item]:
    """Of the claims one document gives for one side of a contradiction (one run of
    consistent values, fact or forecast), those of its most precise statement: a report's
    prose rounding its own table (665亿 and 665.24亿) is one statement, not two; a value the
    document repeats (a headline and its body) is kept wherever it stands."""
    best: dict[tuple, Interval] = {}
    slot_of: dict[int, tuple] = {}
    for k, cl in enumerate(clusters(items, tolerance)):
        for it in cl:
            slot = slot_of[id(it)] = (it.doc, it.forecast, k)
            old = best.get(slot)
            if old is None or _width(it.base) < _width(old):
                best[slot] = it.base
    return [it for it in items if it.base == best[slot_of[id(it)]]]


def agreeing_sets(items: list[Item], tolerance: float) -> list[list[Item]]:
    """The largest sets of claims whose values all agree with each other: for each value
    stated (the middle of a bounded interval), the claims whose intervals hold it, when no
    two of them are apart; sets inside another are dropped. A wide figure (约9899亿) may
    agree with two values that contradict each other and is then in both sets."""
    points = sorted({(it.base.lo + it.base.hi) / 2 for it in items if it.base.bounded})
    sets: list[list[Item]] = []
    seen: set[frozenset] = set()
    # a sweep over the points in order: the claims whose widened interval holds the point are
    # those that start at or before it and have not ended (n log n, not points x claims)
    spans = [(it.base.lo - tolerance * abs(it.base.lo), it.base.hi + tolerance * abs(it.base.hi), k)
             for k, it in enumerate(items)]
    by_start = sorted(sp for sp in spans if sp[0] <= sp[1])  # (NaN bounds hold no point)
    active: list[tuple[float, int]] = []  # (end, index in items): a heap
    nxt = 0
    for p in points:
        while nxt < len(by_start) and by_start[nxt][0] <= p:
            heapq.heappush(active, by_start[nxt][1:])
            nxt += 1
        while active and active[0][0] < p:
            heapq.heappop(active)
        members = [items[j] for j in sorted(j for _, j in active)]
        if separated(min(members, key=lambda i: i.base.hi).base, max(members, key=lambda i: i.base.lo).base,
                     tolerance):
            members = [it for it in members if it.base.lo <= p <= it.base.hi]
        k = frozenset(id(it) for it in members)
        if len(members) > 1 and k not in seen:
            seen.add(k)
            sets.append(members)
    keys = [frozenset(id(it) for it in m) for m in sets]
    return [m for m, k in zip(sets, keys, strict=True) if not any(k < o for o in keys)]


def _width(iv: Interval) -> float:
    return iv.width if iv.bounded else float("inf")


def _months(span) -> str:
    (y1, m1), (y2, m2) = span
    return f"{y1}-{m1:02d}" if span[0] == span[1] else f"{y1}-{m1:02d}..{y2}-{m2:02d}"


def matched(items: list[Item], tolerance: float = 0.005) -> str:
    """Why claims written differently were taken for one figure ('' when written alike)."""
    why = []
    subjects = list(dict.fromkeys(i.claim.subject.strip() for i in items))
    if len(subjects) > 1:
        why.append(f"subjects {' / '.join(subjects)} are one entity and scope ({items[0].key})")
    stated = list(dict.fromkeys(i.claim.period for i in items if i.claim.period))
    if len(stated) > 1 and isinstance(items[0].span, tuple):
        why.append(f"periods {' / '.join(stated)} cover the same months ({_months(items[0].span)})")
    taken = [i for i in items if i.inherited]
    if taken:
        docs = ", ".join(dict.fromkeys(i.doc for i in taken))
        why.append(f"{len(taken)} claim(s) of {docs} state no period and take their document's {taken[0].inherited}")
    named = list(dict.fromkeys(i.variant for i in items if i.variant))
    open_ = list(dict.fromkeys(i.claim.subject.strip() for i in items if not i.variant))
    if named and open_:
        given = [i for i in items if i.variant]
        fits = all(any(not separated(o.base, q.base, tolerance) for q in given) for o in items if not o.variant)
        why.append(f"{' / '.join(open_)} names no basis ({named[0]} or another): "
                   + (f"read as {named[0]}, the only one it fits" if fits else
                      "it fits none of the bases given, so it is compared with each"))
    if items[0].currency:
        why.append(f"rates counted in {items[0].currency}, as their sentences say")
    units = list(dict.fromkeys(i.claim.unit for i in items))
    if len(units) > 1:
        why.append(f"units {' / '.join(units)} compared after conversion")
    return f" (same figure: {'; '.join(why)})" if why else ""


def _says(items: list[Item], tolerance: float) -> str:
    return " vs ".join(", ".join(fmt.claim(i) for i in cl) for cl in clusters(items, tolerance))


def _forecast_note(later: bool) -> str:
    return f"a forecast contradicted by a {'later ' if later else ''}reported fact: "


def _conflict(kind: str, severity: str, items: list[Item], gap: float, later: bool,
              tolerance: float) -> Finding:
    first = items[0]
    note = _forecast_note(later) if severity == "warning" else ""
    where = "one document gives" if kind == "internal" else "documents give"
    text = (f"{note}{where} values for the same figure that do not overlap "
            f"({fmt.percent(gap)} apart, tolerance {fmt.percent(tolerance)}): {_says(items, tolerance)}"
            f"{matched(items, tolerance)}")
    return Finding(kind, severity, first.subject, first.metric, first.period, _unit(items), text,
                   items, score=gap, figure=figure_key(kind, severity, ident(first)), values=value_keys(items))


def _agreement(items: list[Item], tolerance: float, keys: tuple[str, ...] = ()) -> Finding:
    first = items[0]
    docs = len({i.doc for i in items})
    values = {i.claim.value for i in items}
    listed = ", ".join(fmt.claim(i) for i in items)
    if len(values) == 1:
        text = f"{docs} documents give the same value: {listed}"
    else:
        rounder = max(items, key=lambda i: i.interval.width if i.interval.bounded else -1)
        text = f"{docs} documents agree: {listed}"
        if rounder.interval.bounded:
            half = fmt.number(rounder.interval.width / 2)
            text += (f"; the figures differ only by rounding (agree at the precision of the rounder "
                     f"one, {rounder.claim.quote} ±{half} {rounder.claim.unit})")
    text += matched(items, tolerance)
    return Finding("agreement", "info", first.subject, first.metric, first.period, _unit(items), text, items,
                   figure=figure_key("agreement", "info", ident(first)), values=keys)


LIST_CLUSTERS = 3  # distinct values of one figure in one document: a list, not a figure


def ambiguous(items: list[Item], tolerance: float) -> bool:
    """The key does not name one figure: one sentence gives two different values for it, or one
    document three or more (a table or list of parts filed under one subject). Such a group
    raises no contradiction; the values two documents share still agree. A forecast
    and a reported fact side by side (guidance and the actual) are two values of one figure,
    not a list, and so is a figure with its own gloss (246EFLOPS（2460万亿次）)."""
    by_line: dict[tuple, list[Item]] = defaultdict(list)
    by_doc: dict[str, list[Item]] = defaultdict(list)
    for it in items:
        by_line[(it.doc, it.claim.line, it.forecast)].append(it)
        by_doc[it.doc].append(it)
    return (any(len(g) > 1 and len(clusters(g, tolerance)) > 1 and not glossed(g) and not restated(g)
                for g in by_line.values())
            or any(len(g) >= LIST_CLUSTERS and len(clusters(g, tolerance)) >= LIST_CLUSTERS
                   for g in by_doc.values()))


_SENTENCE_END = regex.compile(r"[。；;!?！？]")


def _sentence(it: Item) -> tuple[str, int]:
    """Which sentence of its line a claim is in: its context and the sentence ends before
    the quote in it."""
    ctx = to_simplified(it.claim.context or "")
    i = ctx.find(to_simplified(it.claim.quote or "")) if it.claim.quote else -1
    return ctx, len(_SENTENCE_END.findall(ctx, 0, i)) if i > 0 else 0


def restated(items: list[Item]) -> bool:
    """Values of one line that are statements of one figure, not a list: each in a sentence
    of its own, and every sentence naming the figure by the same metric word (前三季营收为
    591亿元；前9月营收为1757亿元). One sentence giving two values (营收120亿元，其中乙业务30亿元)
    or sentences naming them by different words (归母净利润…；扣非净利润…) are a list."""
    if any(it.metric in RATE_METRICS or it.dim in ("percent", "pp") for it in items):
        return False  # a rate's own clause names its verb (同比上升14.97%), not its figure
    sentences = {_sentence(it) for it in items}
    words = {naming_word(it.claim.quote, it.claim.context) for it in items}
    return len(sentences) == len(items) and len(words) == 1 and "" not in words


_GLOSS_GAP = 6  # characters between a figure and the bracket of its gloss, and inside it before the gloss


def glossed(items: list[Item]) -> bool:
    """Two figures of one line, the second in brackets right after the first: one figure
    written twice (246EFLOPS（2460万亿次）, 3000P（即30亿亿次）), whatever their values."""
    quotes = {(it.claim.start, it.claim.end, it.claim.quote) for it in items}
    if len(quotes) != 2:
        return False
    (s1, e1, q1), (s2, _, q2) = sorted(quotes)
    if not 0 <= s2 - e1 <= _GLOSS_GAP:
        return False
    ctx = items[0].claim.context or ""
    i = ctx.find(q1)
    j = ctx.find(q2, i + len(q1)) if i >= 0 else -1
    between = ctx[i + len(q1):j] if j >= 0 else ""
    return j >= 0 and len(between) <= _GLOSS_GAP and any(b in between for b in "（(")


_NEVER = "\U0010ffff"  # a forecast without a date: no fact is later than it


class _Side:
    """The claims of a group that state one interval (and, without a period, in one
    sentence), by document and forecast flag: what a pair of claims needs to know of each
    other, so that n claims of a handful of values cost a handful of comparisons."""

    __slots__ = ("base", "context", "inherited", "dates", "facts", "forecasts", "docs")

    def __init__(self, base: Interval, context: str | None, inherited: bool = False):
        self.base, self.context, self.inherited = base, context, inherited
        # (doc, forecast) -> the date that decides whether a fact is later than a forecast:
        # the earliest fact ("" when one is undated), the latest forecast (_NEVER when undated)
        self.dates: dict[tuple[str, bool], str] = {}

    def add(self, it: Item) -> None:
        k = (it.doc, it.forecast)
        if it.forecast:
            self.dates[k] = max(self.dates.get(k, ""), it.claim.published or _NEVER)
        else:
            self.dates[k] = min(self.dates.get(k, _NEVER), it.claim.published or "")

    def finish(self) -> None:
        """Two documents of each kind, the one a fact-after-forecast test fails first."""
        facts = sorted((d, doc) for (doc, fc), d in self.dates.items() if not fc)
        forecasts = sorted(((d, doc) for (doc, fc), d in self.dates.items() if fc), reverse=True)
        self.facts, self.forecasts = facts[:2], forecasts[:2]
        self.docs = list(dict.fromkeys(doc for doc, _ in self.dates))[:2]

    def of(self, forecast: bool) -> list[tuple[str, str]]:
        return self.forecasts if forecast else self.facts


def _elsewhere(entries: list[tuple[str, str]], doc: str) -> tuple[str, str] | None:
    """The first (date, doc) entry of another document."""
    return next((e for e in entries if e[1] != doc), None)


class _Bucket:
    __slots__ = ("members", "gap", "later")

    def __init__(self):
        self.members: set[tuple[int, str, bool]] = set()
        self.gap, self.later = 0.0, True


def compare_group(items: list[Item], tolerance: float) -> list[Finding]:
    """Findings of one group (claims of one figure: see group.key). Every pair of claims is
    judged as if compared one by one; pairs are taken by distinct value (and sentence, for
    claims without a period), not claim by claim."""
    period = items[0].period
    if ambiguous(items, tolerance):  # no contradiction is sure; documents that give one value still agree
        return _agreements(items, tolerance, same_value=True) if period else []
    sides: dict[tuple, _Side] = {}
    side_of: list[_Side] = []
    for it in items:
        ctx = None if period else it.claim.context
        k = (it.base, ctx, bool(it.inherited))
        side = sides.get(k)
        if side is None:
            side = sides[k] = _Side(it.base, ctx, bool(it.inherited))
        side.add(it)
        side_of.append(side)
    order = list(sides.values())
    for side in order:
        side.finish()
    if period and _sweepable(order):
        buckets, agreeing, conflict = _sweep(order, tolerance)
    else:
        buckets, agreeing, conflict = _pairwise(order, period, tolerance)
    found = []
    for (kind, severity), bucket in buckets.items():
        members = [it for it, side in zip(items, side_of, strict=True) if (id(side), it.doc, it.forecast) in bucket.members]
        if kind == "contradiction":
            members = representatives(members, tolerance)
        found.append(_conflict(kind, severity, members, bucket.gap, bucket.later, tolerance))
    if not conflict:
        members = [it for it, side in zip(items, side_of, strict=True) if (id(side), it.doc, it.forecast) in agreeing]
        if len({i.doc for i in members}) > 1:
            found.append(_agreement(members, tolerance))
    elif period:  # the documents that agree with each other still corroborate one value
        found += _agreements(items, tolerance)
    return found


def _pairwise(order: list[_Side], period: str, tolerance: float) -> tuple[dict, set, bool]:
    """The findings' buckets, the agreeing claims and whether any pair is apart, by comparing
    every pair of sides (claims without a period: only sides whose sentences say the same)."""
    similar: dict[tuple[str, str], bool] = {}

    def comparable_sides(a: _Side, b: _Side) -> bool:
        if period or a.base == b.base:  # one value stated alike corroborates, whatever the sentence
            return True
        k = (a.context, b.context) if a.context <= b.context else (b.context, a.context)
        if k not in similar:
            similar[k] = similar_context(*k)
        return similar[k]

    buckets: dict[tuple[str, str], _Bucket] = {}
    agreeing: set[tuple[int, str, bool]] = set()
    conflict = False
    for i, a in enumerate(order):
        for b in order[i:]:
            if not comparable_sides(a, b):
                continue
            if a is b or not separated(a.base, b.base, tolerance):
                for x, y in ((a, b), (b, a)):
                    agreeing.update((id(x), doc, fc) for doc, fc in x.dates if any(d != doc for d in y.docs))
                continue
            conflict = True
            gap = distance(a.base, b.base)
            for x, y in ((a, b), (b, a)):
                for (doc, fc), date in x.dates.items():
                    _pair_up(buckets, x, y, doc, fc, date, period, gap)
    return buckets, agreeing, conflict


def _sweepable(order: list[_Side]) -> bool:
    """Whether the gap between two sides grows the further apart their bounds lie, so that
    the sides apart from one are those beyond a threshold on either side of it: true unless
    values lie on both sides of zero (a gap across zero is measured against the larger of
    the two values) or a bound is NaN or infinite where no interval ends."""
    if any(s.base.hi < 0 for s in order) and any(s.base.lo > 0 for s in order):
        return False
    return all(s.base.lo == s.base.lo and s.base.hi == s.base.hi and s.base.lo < INF and s.base.hi > -INF
               for s in order)


def _first(n: int, pred) -> int:
    """The first index in range(n) where `pred` holds (it holds from there on)."""
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if pred(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _sweep(order: list[_Side], tolerance: float) -> tuple[dict, set, bool]:
    """What _pairwise finds for a group whose claims state their period, from the sides in
    order of their bounds: the sides apart from a side are those above a threshold of the
    lower bounds and below one of the upper bounds (found by bisection), and what a side
    needs of them (another document, the earliest fact) is kept as running aggregates of
    those two orders (n log n, not n² comparisons)."""
    n = len(order)
    by_lo = sorted(order, key=lambda s: s.base.lo)
    by_hi = sorted(order, key=lambda s: s.base.hi)
    above: dict[int, int] = {}  # id(side) -> the first index in by_lo of the sides apart above it
    below: dict[int, int] = {}  # id(side) -> the end of the prefix of by_hi of the sides apart below it
    for x in order:
        above[id(x)] = _first(n, lambda k, b=x.base: by_lo[k].base.lo > b.hi and separated(b, by_lo[k].base, tolerance))
        below[id(x)] = _first(n, lambda k, b=x.base: not (by_hi[k].base.hi < b.lo
                                                          and separated(by_hi[k].base, b, tolerance)))
    conflict = any(above[id(x)] < n for x in order)

    # running aggregates per class (inherited or not) and forecast flag: two documents, and
    # the earliest fact dates of two documents, over suffixes of by_lo and prefixes of by_hi
    def entries(sides, inh: bool, fc: bool, rev: bool) -> list[list[tuple]]:
        seq = sides[::-1] if rev else sides
        per_side = [sorted((d, doc) for (doc, f), d in s.dates.items() if f == fc) if s.inherited == inh else []
                    for s in seq]
        out, best = [], []
        for es in per_side:
            for d, doc in es:
                best = _merge_two(best, (d, doc))
            out.append(best)
        return out[::-1] + [[]] if rev else [[]] + out  # rev: out[k] is of sides[k:]; else of sides[:k]

    suf = {(inh, fc): entries(by_lo, inh, fc, True) for inh in (False, True) for fc in (False, True)}
    pre = {(inh, fc): entries(by_hi, inh, fc, False) for inh in (False, True) for fc in (False, True)}

    buckets: dict[tuple[str, str], _Bucket] = {}

    def bucket(kind: str, severity: str) -> _Bucket:
        b = buckets.get((kind, severity))
        if b is None:
            b = buckets[(kind, severity)] = _Bucket()
        return b

    for x in order:
        i, j = above[id(x)], below[id(x)]
        classes = (False,) if x.inherited else (False, True)
        for (doc, fc), date in x.dates.items():
            for other, severity in ((fc, "error"), (not fc, "warning")):
                apart = [e for inh in classes for e in (*suf[(inh, other)][i], *pre[(inh, other)][j])
                         if e[1] != doc]
                if not apart:
                    continue
                bk = bucket("contradiction", severity)
                bk.members.add((id(x), doc, fc))
                if severity == "warning" and fc:  # the earliest fact of another document apart from it
                    bk.later = bk.later and min(apart)[0] > date
    # the gap: the widest pair of each kind (the gap grows as the lower side's upper bound
    # falls and the upper side's lower bound rises), from the two lowest and two highest
    # bounds of different documents
    for (_, severity), bk in list(buckets.items()):
        for fa in (False, True):
            fb = fa if severity == "error" else not fa
            for ia, ib in ((False, False), (False, True), (True, False)):
                lows = _bounds(order, ia, fa, lambda s: s.base.hi)
                highs = _bounds(order, ib, fb, lambda s: -s.base.lo)
                for _, da, sa in lows:
                    for _, db, sb in highs:
                        if da != db and sa.base.hi < sb.base.lo:
                            bk.gap = max(bk.gap, distance(sa.base, sb.base))
    # one document's own values apart (internal): pairs within each document
    by_doc: dict[str, list[tuple[_Side, bool, str]]] = defaultdict(list)
    for s in order:
        if not s.inherited:
            for (doc, fc), date in s.dates.items():
                by_doc[doc].append((s, fc, date))
    for doc, es in by_doc.items():
        for k, (x, fx, dx) in enumerate(es):
            for y, fy, dy in es[k + 1:]:
                if x is y or not separated(x.base, y.base, tolerance):
                    continue
                bk = bucket("internal", "error" if fx == fy else "warning")
                bk.members.update(((id(x), doc, fx), (id(y), doc, fy)))
                bk.gap = max(bk.gap, distance(x.base, y.base))
                if fx != fy:
                    fact, forecast = (dy, dx) if fx else (dx, dy)
                    bk.later = bk.later and fact > forecast
    # agreeing: a claim with a value not apart from its own of another document (its own
    # side included), by counting the (side, document) pairs outside the sides apart
    pos_lo = {id(s): k for k, s in enumerate(by_lo)}
    pos_hi = {id(s): k for k, s in enumerate(by_hi)}
    docs_of = {id(s): set(doc for doc, _ in s.dates) for s in order}
    lo_of_doc: dict[str, list[int]] = defaultdict(list)
    hi_of_doc: dict[str, list[int]] = defaultdict(list)
    for s in order:
        for doc in docs_of[id(s)]:
            lo_of_doc[doc].append(pos_lo[id(s)])
            hi_of_doc[doc].append(pos_hi[id(s)])
    for v in (*lo_of_doc.values(), *hi_of_doc.values()):
        v.sort()
    suf_cnt = [0] * (n + 1)
    for k in range(n - 1, -1, -1):
        suf_cnt[k] = suf_cnt[k + 1] + len(docs_of[id(by_lo[k])])
    pre_cnt = [0] * (n + 1)
    for k in range(n):
        pre_cnt[k + 1] = pre_cnt[k] + len(docs_of[id(by_hi[k])])
    total = suf_cnt[0]
    agreeing: set[tuple[int, str, bool]] = set()
    for x in order:
        i, j = above[id(x)], below[id(x)]
        near = total - suf_cnt[i] - pre_cnt[j]
        for doc, fc in x.dates:
            los, his = lo_of_doc[doc], hi_of_doc[doc]
            near_doc = len(los) - (len(los) - bisect_left(los, i)) - bisect_left(his, j)
            if near - near_doc > 0:
                agreeing.add((id(x), doc, fc))
    return buckets, agreeing, conflict


def _merge_two(best: list[tuple], e: tuple) -> list[tuple]:
    """The two smallest (date, doc) entries of different documents, with `e` added."""
    same = [b for b in best if b[1] == e[1]]
    if same:
        if e >= same[0]:
            return best
        best = [b for b in best if b[1] != e[1]]
    return sorted([*best, e])[:2]


def _bounds(order: list[_Side], inh: bool, fc: bool, key) -> list[tuple]:
    """The (key, doc, side) of the two lowest keys of different documents among the sides of
    class `inh` with claims of forecast flag `fc`."""
    best: list[tuple] = []
    for s in order:
        if s.inherited != inh:
            continue
        k = key(s)
        for doc, f in s.dates:
            if f == fc:
                best = _merge_two_key(best, (k, doc, s))
    return best


def _merge_two_key(best: list[tuple], e: tuple) -> list[tuple]:
    same = [b for b in best if b[1] == e[1]]
    if same:
        if e[0] >= same[0][0]:
            return best
        best = [b for b in best if b[1] != e[1]]
    return sorted([*best, e], key=lambda b: b[0])[:2]


def _agreements(items: list[Item], tolerance: float, same_value: bool = False) -> list[Finding]:
    """An agreement for each set of claims of two or more documents whose values agree. With
    `same_value` (a group that may hold several figures), only claims that state one value up
    to rounding: each value inside the narrowest interval of the set (约50% and 46.9% overlap,
    but they are not one statement)."""
    sets = agreeing_sets(items, tolerance)
    if same_value:
        sets = [_one_value(cl) for cl in sets]
    return [_agreement(cl, tolerance, keys=value_keys(cl)) for cl in sets if len({i.doc for i in cl}) > 1]


def _one_value(items: list[Item]) -> list[Item]:
    """The claims whose stated value (the middle of a bounded interval) lies in the narrowest interval."""
    bounded = [it for it in items if it.base.bounded]
    if not bounded:
        return []
    narrow = min(bounded, key=lambda it: it.base.width).base
    return [it for it in bounded if narrow.lo <= (it.base.lo + it.base.hi) / 2 <= narrow.hi]


def _pair_up(buckets: dict, x: _Side, y: _Side, doc: str, fc: bool, date: str, period: str,
             gap: float) -> None:
    """File the claims of `doc` with forecast flag `fc` in side `x` under the findings their
    pairs with side `y` (a value apart from x's) make."""
    def bucket(kind: str, severity: str, later: bool = True) -> None:
        b = buckets.get((kind, severity))
        if b is None:
            b = buckets[(kind, severity)] = _Bucket()
        b.members.add((id(x), doc, fc))
        b.gap = max(b.gap, gap)
        b.later = b.later and later

    def later(other_date: str) -> bool:
        """A fact dated after the forecast it meets (both dated)."""
        fact, forecast = (other_date, date) if fc else (date, other_date)
        return fact > forecast

    # one document: only claims that state their period (without one, rows of a table are
    # more likely than one figure given twice)
    if period and not (x.inherited or y.inherited):
        if (doc, fc) in y.dates:
            bucket("internal", "error")
        if (doc, not fc) in y.dates:
            bucket("internal", "warning", later(y.dates[(doc, not fc)]))
    if x.inherited and y.inherited:  # two documents' usual periods: too weak to contradict
        return
    if _elsewhere(y.of(fc), doc):
        bucket("contradiction", "error")
    if other := _elsewhere(y.of(not fc), doc):
        bucket("contradiction", "warning", later(other[0]))


def compare(groups: dict[tuple, list[Item]], tolerance: float) -> list[Finding]:
    out: list[Finding] = []
    for k, items in groups.items():
        found = compare_group(items, tolerance)
        if topic := topic_of(k):
            docs = ", ".join(dict.fromkeys(i.doc for i in items if i.topic))
            for f in found:
                f.explanation += f" ({docs} {'are' if ', ' in docs else 'is'} about {topic}: a company's figure there is of {topic})"
        out += found
    return out
