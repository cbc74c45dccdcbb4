"""Which claims speak of the same figure.

Same canonical subject (after the alias table), same metric, same period, units of one
dimension. A claim without a period is compared only with claims also without one, of
the same subject, whose sentences say the same thing (most character pairs shared). Rates
(growth, CAGR, share, multiple) are compared only when their sentences name the same
thing they are a rate of, or both name none (see measure.py); growth rates only on the
same basis, 同比 with 同比 and 环比 with 环比, or both saying none (see basis.py).
"""
from __future__ import annotations

from collections import defaultdict

import regex

from ..normalize import to_simplified
from .interval import separated
from .item import Item, subject_key

CONTEXT_DICE = 0.6  # empty periods: contexts must share this much to be compared
_NOISE = regex.compile(r"[\d\s\p{P}\p{S}]+")


def key(it: Item) -> tuple:
    """The figure a claim is about: subject as entity + scope, metric, calendar months,
    unit dimension, what a rate is a rate of, its basis, a rate's currency, the profit a rate
    of profit is of (see figure.py)."""
    return (it.key, it.metric, it.span, it.dim, it.measure or "", it.basis or "", it.currency, it.line)


def ident(it: Item) -> tuple:
    """The figure as finding ids name it: the subject and period as written, so that ids
    stay what they were before subjects and periods were compared in a canonical form."""
    base = (subject_key(it.subject), it.metric, it.period, it.dim, it.measure or "", it.basis or "")
    extra = tuple(x for x in (it.currency, it.line) if x)
    return (*base, *extra) if extra else base


def groups(items: list[Item], tolerance: float = 0.005) -> dict[tuple, list[Item]]:
    out: dict[tuple, list[Item]] = defaultdict(list)
    for it in items:
        out[key(it)].append(it)
    read_variants(out, tolerance)
    split_topics(out, tolerance)
    return {k: v for k, v in out.items() if len(v) > 1}


def split_topics(out: dict[tuple, list[Item]], tolerance: float) -> None:
    """A group whose claims name no scope but come from documents about different scopes (a
    DRAM ranking and a foundry ranking both giving 三星's revenue) is split into a group per topic. A
    claim of a document about no scope in particular stays with the others of its kind and
    joins the one topic whose values it fits (it may be of any scope, or of the whole)."""
    for k in [k for k, v in out.items() if len({it.topic for it in v if it.topic}) > 1]:
        members = out.pop(k)
        plain = [it for it in members if not it.topic]
        topics = {t: [it for it in members if it.topic == t] for t in dict.fromkeys(it.topic for it in members if it.topic)}
        out[(*k, (TOPIC, ""))] = plain
        for topic, group in topics.items():
            out[(*k, (TOPIC, topic))] = list(group)
        for it in plain:
            fits = [t for t, group in topics.items() if any(not separated(it.base, o.base, tolerance) for o in group)]
            if len(fits) == 1:
                out[(*k, (TOPIC, fits[0]))].append(it)


TOPIC = "topic"


def topic_of(k: tuple) -> str:
    """The scope of the documents a group was split by (split_topics), or ''."""
    last = k[-1] if k else None
    return last[1] if isinstance(last, tuple) and len(last) == 2 and last[0] == TOPIC else ""


def read_variants(out: dict[tuple, list[Item]], tolerance: float) -> None:
    """Claims whose subject names no variant word (美光每股收益: GAAP or Non-GAAP?) join the
    groups of the figure's variants (data/check.toml [variants]) they may be: the one
    reading whose claims they fit, or, when they fit none and every reading is given, all
    of them (a contradiction whatever they meant). Fitting several readings, or none while
    a reading is missing (it may be that one), they join none."""
    by_plain: dict[tuple, dict[str, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for k, members in out.items():
        it = members[0]
        by_plain[(it.plain, *k[1:])][it.variant].append(k)
    for readings in by_plain.values():
        if "" not in readings or len(readings) < 2:
            continue
        variants = {v: [it for k in ks for it in out[k]] for v, ks in readings.items() if v}
        complete = any(set(variants) == set(words) for words in _variant_sets())
        for k in readings[""]:
            for it in list(out[k]):
                fits = [v for v, qs in variants.items() if any(not separated(it.base, q.base, tolerance) for q in qs)]
                joins = fits if len(fits) == 1 else (list(variants) if not fits and complete else [])
                for v in joins:
                    out[readings[v][0]].append(it)


def _variant_sets() -> list[set[str]]:
    from .figure import _variants

    return [set(words) for words in _variants()]


def _pairs(text: str) -> set[str]:
    t = _NOISE.sub("", to_simplified(text or "")).casefold()
    return {t[i:i + 2] for i in range(len(t) - 1)}


def similar_context(a: str, b: str) -> bool:
    pa, pb = _pairs(a), _pairs(b)
    if not pa or not pb:
        return False
    return 2 * len(pa & pb) / (len(pa) + len(pb)) >= CONTEXT_DICE
