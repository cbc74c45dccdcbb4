"""What a rate is a rate of: the nearest word of an absolute metric before the figure.

A growth rate, CAGR, multiple or share does not say in its own columns what grew or what
is shared: 营收增长20% and 净利润增长50% are both `growth` of one subject in one period.
The words of `data/metrics.toml` before the quote in its sentence tell them apart.
"""
from __future__ import annotations

import re
from functools import cache

import regex

from ..lexicon import compile_plain, lexicon, words_pattern
from ..normalize import to_simplified

RATE_METRICS = frozenset({"cagr", "growth", "multiple", "share", "margin", "doubling_time"})
_CLAUSE = regex.compile(r"[，,；;。！？!?：:]")


@cache
def _words() -> tuple[tuple[str, str], ...]:
    keywords = lexicon().metrics.get("keywords", {})
    pairs = [(w, m) for m, words in keywords.items() if m not in RATE_METRICS for w in words]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@cache
def _last_word_finder() -> tuple[re.Pattern, dict[str, str]]:
    """The metric words spelled backwards, as one pattern searched on the reversed text: its
    first match is the word that ends last, and at that end the longest word (words_pattern
    tries longer words first), so one C-speed search replaces a search per word."""
    metric_of: dict[str, str] = {}
    for word, metric in _words():  # longest first: the first metric of a word counts
        metric_of.setdefault(word[::-1], metric)
    return compile_plain(words_pattern(metric_of)), metric_of


def _last_word(text: str) -> str | None:
    """The metric of the word of `_words()` that ends last in `text` (the longest at that end)."""
    pattern, metric_of = _last_word_finder()
    m = pattern.search(text[::-1])
    return metric_of[m.group()] if m else None


def measure_of(quote: str, context: str) -> str | None:
    """The absolute metric a rate refers to, or None when its sentence does not say."""
    ctx, q = to_simplified(context or ""), to_simplified(quote or "")
    i = ctx.find(q) if q else -1
    if i < 0:
        return None
    before = ctx[:i]
    return _last_word(_CLAUSE.split(before)[-1]) or _last_word(before)


def measure_named(subject: str) -> str | None:
    """The absolute metric a rate's subject names (北方华创归母净利润 -> profit), or None."""
    return _last_word(to_simplified(subject or ""))
