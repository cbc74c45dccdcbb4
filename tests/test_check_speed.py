"""check's sweeps give what comparing every claim with every value gives (claimx/check)."""
import math
import random

from claimx.check.compare import agreeing_sets
from claimx.check.interval import separated
from claimx.check.measure import _last_word, _words


def _agreeing_sets_by_pairs(items, tolerance):
    """agreeing_sets as first written: every claim tested at every stated value."""
    points = sorted({(it.base.lo + it.base.hi) / 2 for it in items if it.base.bounded})
    sets, seen = [], set()
    for p in points:
        members = [it for it in items if it.base.lo - tolerance * abs(it.base.lo) <= p
                   <= it.base.hi + tolerance * abs(it.base.hi)]
        if separated(min(members, key=lambda i: i.base.hi).base, max(members, key=lambda i: i.base.lo).base,
                     tolerance):
            members = [it for it in members if it.base.lo <= p <= it.base.hi]
        k = frozenset(id(it) for it in members)
        if len(members) > 1 and k not in seen:
            seen.add(k)
            sets.append(members)
    keys = [frozenset(id(it) for it in m) for m in sets]
    return [m for m, k in zip(sets, keys, strict=True) if not any(k < o for o in keys)]


class _Base:
    def __init__(self, lo, hi, bounded=True):
        self.lo, self.hi, self.bounded = lo, hi, bounded


class _Item:
    def __init__(self, base):
        self.base = base


def test_agreeing_sets_sweep_is_the_pairwise_definition():
    rng = random.Random(7)
    for _ in range(2000):
        items = []
        for _ in range(rng.randint(1, 25)):
            v = rng.choice([100, 101, 102, 150, 200, -5, 0, 1e9, 1.005e9]) * rng.choice([1, 1, 1.003, 0.99])
            w = rng.choice([0, 0, 0.5, 1, 10, 50])
            r = rng.random()
            base = (_Base(-math.inf, v, False) if r < 0.05 else _Base(v, math.inf, False) if r < 0.1
                    else _Base(v - w, v + w))
            items.append(_Item(base))
        tol = rng.choice([0.005, 0.0, 0.05])
        got = [[id(x) for x in m] for m in agreeing_sets(items, tol)]
        assert got == [[id(x) for x in m] for m in _agreeing_sets_by_pairs(items, tol)]


def _last_word_by_words(text):
    best, best_end = None, -1
    for word, metric in _words():
        i = text.rfind(word)
        if i >= 0 and i + len(word) > best_end:
            best, best_end = metric, i + len(word)
    return best


def test_last_metric_word_found_by_one_search_is_the_one_a_search_per_word_finds():
    words = [w for w, _ in _words()]
    pieces = [*words, "，", "的", "同比", "增长", "2024年", "约", "%"]
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        assert _last_word(text) == _last_word_by_words(text), text


def _random_sides(rng: random.Random, compare_mod):
    from claimx.check.interval import Interval
    sign = rng.choice([1, -1])
    sides = {}
    for _ in range(rng.randint(1, 30)):
        v = sign * rng.choice([0, 5, 100, 100.4, 101, 102, 150, 1e9, 1.004e9]) * rng.choice([1, 1, 1.003, 0.99])
        w = rng.choice([0, 0, 0.2, 0.5, 1, 10])
        r = rng.random()
        lo, hi = (-math.inf, v) if r < 0.05 else (v, math.inf) if r < 0.1 else (v - w, v + w)
        if sign > 0 and lo < 0 < hi:  # a figure near zero, of one sign
            lo = 0.0
        if sign < 0 and lo < 0 < hi:
            hi = 0.0
        inh = rng.random() < 0.25
        side = sides.setdefault((lo, hi, inh), compare_mod._Side(Interval(lo, hi), None, inh))
        for _ in range(rng.randint(1, 3)):
            fc = rng.random() < 0.35
            doc = rng.choice("abcdef")
            date = rng.choice(["", "2021-06-01", "2023-01-05", "2024-03-01", compare_mod._NEVER if fc else ""])
            k = (doc, fc)
            side.dates[k] = max(side.dates.get(k, ""), date) if fc else min(side.dates.get(k, "\U0010ffff"), date)
    for side in sides.values():
        side.finish()
    return list(sides.values())


def _outcome(found):
    buckets, agreeing, conflict = found
    return ({k: (sorted(b.members), b.gap, b.later) for k, b in buckets.items()}, sorted(agreeing), conflict)


def test_sweep_over_sides_is_the_pairwise_comparison():
    """compare_group's sweep (claims with a period) finds the buckets, gaps, 'later' flags and
    agreeing claims the comparison of every pair of sides finds."""
    import importlib
    compare_mod = importlib.import_module("claimx.check.compare")
    rng = random.Random(15)
    swept = 0
    for _ in range(3000):
        sides = _random_sides(rng, compare_mod)
        tol = rng.choice([0.005, 0.0, 0.05, 0.5])
        want = _outcome(compare_mod._pairwise(sides, "2023", tol))
        if compare_mod._sweepable(sides):
            swept += 1
            assert _outcome(compare_mod._sweep(sides, tol)) == want
    assert swept > 2500
