"""`check` stays near-linear in the number of claims of one figure, and finds what the
plain pairwise comparison finds (a reference implementation kept here)."""
import importlib
import random
from collections import defaultdict
from itertools import combinations

import pytest
from test_check_helpers import row, table

from claimx.check import DEFAULT_TOLERANCE, check, check_claims
from claimx.check.group import groups, similar_context
from claimx.check.interval import distance, separated
from claimx.check.item import prepare
from claimx.check.load import claims_from_frame

compare_mod = importlib.import_module("claimx.check.compare")  # the package names functions so too
arithmetic_mod = importlib.import_module("claimx.check.arithmetic")


def comparable(a, b) -> bool:
    """The reference's pair test: rates of the same thing, with a period, or without one in
    sentences that say the same."""
    if a.measure != b.measure:
        return False
    if a.period and b.period or a.base == b.base:  # one value stated alike: whatever the sentence
        return True
    return similar_context(a.claim.context, b.claim.context)

S, M, P = "全球AI芯片市场", "market_size", "2023"
VALUES = [("652亿美元", 6.52e10), ("618.4亿美元", 6.184e10), ("652.0亿美元", 6.52e10), ("700亿美元", 7e10)]


def many_docs(n: int, values=VALUES, period: str = P) -> list[dict]:
    return [row(q, v, S, M, period, "USD", doc=f"d{i}.txt", context=f"2023年全球AI芯片市场规模为{q}")
            for i, (q, v) in ((i, values[i % len(values)]) for i in range(n))]


def same_figure(n: int) -> list[dict]:
    return many_docs(n, values=VALUES[:1])


def no_period(n: int) -> list[dict]:
    return many_docs(n, values=VALUES[:2], period="")


def one_doc_repeated(n: int) -> list[dict]:
    """One document repeating a sentence n times: a figure, the year before and a growth rate."""
    ctx = "2023年全球AI芯片市场规模为652亿美元，同比增长20%，2022年为543亿美元"
    out = []
    for line in range(1, n + 1):
        out += [row("652亿美元", 6.52e10, S, M, "2023", "USD", line=line, context=ctx),
                row("20%", 20, S, "growth", "2023", "percent", line=line, context=ctx),
                row("543亿美元", 5.43e10, S, M, "2022", "USD", line=line, context=ctx)]
    return out


def counted(monkeypatch, rows: list[dict]) -> int:
    """Interval comparisons `check` makes for a table."""
    return counted_check(monkeypatch, rows)[0]


def counted_check(monkeypatch, rows: list[dict]) -> tuple[int, list]:
    """(interval and sentence comparisons `check` makes for a table, its findings)."""
    calls = [0]

    def wrap(fn):
        def counting(*args):
            calls[0] += 1
            return fn(*args)
        return counting

    for mod in (compare_mod, arithmetic_mod):
        for name in ("separated", "distance", "similar_context"):
            if hasattr(mod, name):
                monkeypatch.setattr(mod, name, wrap(getattr(mod, name)))
    found = check(table(*rows))
    return calls[0], found


@pytest.mark.parametrize("make", [same_figure, many_docs, no_period, one_doc_repeated])
def test_comparisons_grow_linearly_with_the_claims_of_one_figure(monkeypatch, make):
    small, large = counted(monkeypatch, make(100)), counted(monkeypatch, make(400))
    assert large <= 5 * small + 50, (small, large)  # quadratic work would be 16x


@pytest.mark.parametrize("make,n,kinds", [
    # each value the documents share is corroborated, the figure contradicted
    (many_docs, 3000, [("agreement", "info")] * 3 + [("contradiction", "error")]),
    (same_figure, 3000, [("agreement", "info")]),
    (no_period, 2000, [("contradiction", "error")]),
    (one_doc_repeated, 500, []),
])
def test_thousands_of_claims_of_one_figure_are_fast(monkeypatch, make, n, kinds):
    """Counted, not timed: a few comparisons a claim (the plain pairwise way makes n²/2)."""
    rows = make(n)
    calls, found = counted_check(monkeypatch, rows)
    assert calls <= 3 * len(rows) + 100, (len(rows), calls)
    assert sorted((f.kind, f.severity) for f in found) == kinds


# The pairwise comparison as it was first written: quadratic or worse, plainly right.

def ref_clusters(items, tolerance):
    out = []
    for it in sorted(items, key=lambda i: (i.base.lo, i.base.hi, i.where)):
        for cl in out:
            if not any(separated(it.base, o.base, tolerance) for o in cl):
                cl.append(it)
                break
        else:
            out.append([it])
    return out


def ref_agreeing_sets(items, tolerance):
    """Largest sets of claims that agree pairwise among those holding one stated value."""
    sets = []
    for it in items:
        if not it.base.bounded:
            continue
        p = (it.base.lo + it.base.hi) / 2
        members = [x for x in items if x.base.lo - tolerance * abs(x.base.lo) <= p <= x.base.hi + tolerance * abs(x.base.hi)]
        if any(separated(a.base, b.base, tolerance) for a, b in combinations(members, 2)):
            members = [x for x in members if x.base.lo <= p <= x.base.hi]
        if len(members) > 1 and all({id(x) for x in members} != {id(y) for y in m} for m in sets):
            sets.append(members)
    keys = [{id(x) for x in m} for m in sets]
    return sorted((m for m, k in zip(sets, keys, strict=True) if not any(k < o for o in keys)),
                  key=lambda m: (m[0].base.lo + m[0].base.hi))


def ref_ambiguous(items, tolerance):
    by_line, by_doc = defaultdict(list), defaultdict(list)
    for it in items:  # guidance next to the actual on one line is no list
        by_line[(it.doc, it.claim.line, it.forecast)].append(it)
        by_doc[it.doc].append(it)
    return (any(len(ref_clusters(g, tolerance)) > 1 and not compare_mod.glossed(g) for g in by_line.values())
            or any(len(ref_clusters(g, tolerance)) >= 3 for g in by_doc.values()))


def ref_compare_group(items, tolerance):
    """(kind, severity, members, gap, later) of each finding."""
    if ref_ambiguous(items, tolerance):  # no contradiction; what documents state alike still agrees
        found = []
        for cl in ref_agreeing_sets(items, tolerance) if items[0].period else []:
            bounded = [x for x in cl if x.base.bounded]
            narrow = min(bounded, key=lambda x: x.base.hi - x.base.lo).base if bounded else None
            cl = [x for x in bounded if narrow.lo <= (x.base.lo + x.base.hi) / 2 <= narrow.hi]
            if len({i.doc for i in cl}) > 1:
                found.append(("agreement", "info", [id(x) for x in cl], 0.0, None))
        return sorted(found)
    buckets = defaultdict(list)
    agreeing, conflict = [], False
    for a, b in combinations(items, 2):
        if not comparable(a, b):
            continue
        if not separated(a.base, b.base, tolerance):
            if a.doc != b.doc:
                agreeing += [x for x in (a, b) if not any(x is y for y in agreeing)]
            continue
        conflict = True
        if a.doc == b.doc and not a.period:
            continue
        kind = "internal" if a.doc == b.doc else "contradiction"
        severity = "warning" if a.forecast != b.forecast else "error"
        buckets[(kind, severity)].append((a, b))
    found = []
    for (kind, severity), pairs in buckets.items():
        members = [x for x in items if any(x is a or x is b for a, b in pairs)]
        if kind == "contradiction":  # one claim a document, side and fact or forecast
            members = compare_mod.representatives(members, tolerance)
        gap = max(distance(a.base, b.base) for a, b in pairs)
        later = all(bool(fc.claim.published and fact.claim.published
                          and fact.claim.published > fc.claim.published)
                    for fc, fact in ((a, b) if a.forecast else (b, a) for a, b in pairs))
        found.append((kind, severity, [id(x) for x in members], gap, later if severity == "warning" else None))
    if not conflict and len({i.doc for i in agreeing}) > 1:
        found.append(("agreement", "info", [id(x) for x in items if any(x is y for y in agreeing)], 0.0, None))
    if conflict and items[0].period:  # the values several documents share still agree
        for cl in ref_agreeing_sets(items, tolerance):
            if len({i.doc for i in cl}) > 1:
                found.append(("agreement", "info", [id(x) for x in cl], 0.0, None))
    return sorted(found)


def summary(f):
    later = ("later reported fact" in f.explanation) if f.severity == "warning" else None
    return (f.kind, f.severity, [id(x) for x in f.items], f.score, later)


def random_rows(rng: random.Random) -> list[dict]:
    values = [("652亿美元", 6.52e10), ("652.0亿美元", 6.52e10), ("618.4亿美元", 6.184e10), ("约650亿美元", 6.5e10),
              ("超过640亿美元", 6.4e10), ("700亿美元", 7e10), ("6990000万美元", 6.99e10),
              ("-5亿美元", -5e8), ("-5.2亿美元", -5.2e8), ("0.1亿美元", 1e7)]  # signs, for the order argument
    contexts = ["2023年全球AI芯片市场规模为652亿美元", "2023年全球AI芯片市场规模达到652亿美元", "",
                "另有机构估计其明年规模将超过700亿美元"]
    period = rng.choice(["2023", ""])
    out = []
    for _ in range(rng.randint(2, 9)):
        q, v = rng.choice(values)
        qualifier = "approx" if q.startswith("约") else "over" if q.startswith("超过") else "exact"
        out.append(row(q, v, S, M, period, "USD", doc=rng.choice(["a.txt", "b.txt", "c.txt", "d.txt"]),
                       line=rng.randint(1, 6), qualifier=qualifier, low=v if qualifier == "over" else None,
                       forecast=rng.random() < 0.3, context=rng.choice(contexts),
                       published=rng.choice(["", "2021-06-01", "2023-01-05", "2024-03-01"])))
    return out


def test_findings_are_those_of_the_plain_pairwise_comparison():
    rng = random.Random(20240611)
    seen = defaultdict(int)
    for _ in range(600):
        items = prepare(claims_from_frame(table(*random_rows(rng))), _no_aliases())
        for group in groups(items).values():
            want = ref_compare_group(group, DEFAULT_TOLERANCE)
            got = sorted(summary(f) for f in compare_mod.compare_group(group, DEFAULT_TOLERANCE))
            assert got == want
            for f in want:
                seen[f[:2]] += 1
    # the random tables reach every kind of finding
    assert {("agreement", "info"), ("contradiction", "error"), ("contradiction", "warning"),
            ("internal", "error"), ("internal", "warning")} <= set(seen)


def test_clusters_are_those_of_the_plain_greedy_split():
    rng = random.Random(7)
    for _ in range(250):
        items = prepare(claims_from_frame(table(*random_rows(rng))), _no_aliases())
        for tolerance in (0.0, DEFAULT_TOLERANCE, 0.05, 0.5):
            want = [[id(x) for x in cl] for cl in ref_clusters(items, tolerance)]
            assert [[id(x) for x in cl] for cl in compare_mod.clusters(items, tolerance)] == want


def _no_aliases():
    from claimx.attribute.aliases import load_aliases
    return load_aliases(None)


def test_check_claims_on_an_empty_list():
    assert check_claims([]) == []


def distinct_values(n: int) -> list[dict]:
    """n documents, each a different value of one figure (some forecasts, some dated)."""
    out = []
    for i in range(n):
        v = 600 + 0.37 * i
        q = f"{v:.2f}亿美元"
        out.append(row(q, v * 1e8, S, M, P, "USD", doc=f"d{i}.txt", forecast=i % 5 == 0,
                       published=f"2023-{1 + i % 12:02d}-01" if i % 3 else "", context=f"2023年全球AI芯片市场规模为{q}"))
    return out


def test_distinct_values_of_one_figure_take_n_log_n_comparisons(monkeypatch):
    """Each value is compared with a few others (bisection over the values in order), not with all."""
    small, large = counted(monkeypatch, distinct_values(200)), counted(monkeypatch, distinct_values(1600))
    assert large <= 12 * small, (small, large)  # n log n: about 10x; every pair: 64x
    calls, found = counted_check(monkeypatch, distinct_values(1600))
    assert calls <= 40 * 1600, calls
    assert ("contradiction", "error") in {(f.kind, f.severity) for f in found}
