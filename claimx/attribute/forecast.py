"""Forecast or fact: a projection cue before the figure in its sentence, or a period
after the document's publication date."""
from __future__ import annotations

from functools import cache

import regex

from ..lexicon import lexicon, words_pattern
from .period import years


@cache
def _cues():
    c = lexicon().context["forecast"]
    target = "|".join(regex.escape(w) for w in c["target_year"])
    cues = regex.compile(words_pattern(c["cues"]) + rf"|(?<![\d年])(?:{target})[ ]?(?:19|20)\d{{2}}[ ]?年")
    nots = regex.compile(words_pattern(c["not_cues"]))
    return cues, nots


def has_cue(text: str, lo: int, hi: int) -> bool:
    cues, nots = _cues()
    masked = {i for m in nots.finditer(text, lo, hi) for i in range(m.start(), m.end())}
    return any(m.start() not in masked for m in cues.finditer(text, lo, hi))


def is_forecast(text: str, sent_lo: int, pos: int, period: str, published: str) -> bool:
    if has_cue(text, sent_lo, pos):
        return True
    ys = years(period)
    pub = years(published)
    return bool(ys and pub and min(ys) > pub[0])
