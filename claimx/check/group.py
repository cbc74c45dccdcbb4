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
from .item import Item, subject_key

CONTEXT_DICE = 0.6  # empty periods: contexts must share this much to be compared
_NOISE = regex.compile(r"[\d\s\p{P}\p{S}]+")


def key(it: Item) -> tuple:
    """The figure a claim is about: subject as entity + scope, metric, calendar months,
    unit dimension, what a rate is a rate of, its basis (see figure.py)."""
    return (it.key, it.metric, it.span, it.dim, it.measure or "", it.basis or "")


def ident(it: Item) -> tuple[str, str, str, str, str, str]:
    """The figure as finding ids name it: the subject and period as written, so that ids
    stay what they were before subjects and periods were compared in a canonical form."""
    return (subject_key(it.subject), it.metric, it.period, it.dim, it.measure or "", it.basis or "")


def groups(items: list[Item]) -> dict[tuple, list[Item]]:
    out: dict[tuple, list[Item]] = defaultdict(list)
    for it in items:
        out[key(it)].append(it)
    return {k: v for k, v in out.items() if len(v) > 1}


def _pairs(text: str) -> set[str]:
    t = _NOISE.sub("", to_simplified(text or "")).casefold()
    return {t[i:i + 2] for i in range(len(t) - 1)}


def similar_context(a: str, b: str) -> bool:
    pa, pb = _pairs(a), _pairs(b)
    if not pa or not pb:
        return False
    return 2 * len(pa & pb) / (len(pa) + len(pb)) >= CONTEXT_DICE
