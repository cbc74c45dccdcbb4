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
    target = words_pattern(c["target_year"])
    cues = regex.compile(words_pattern(c["cues"]) + rf"|(?<![\d年截])(?:{target})[ ]?(?:19|20)\d{{2}}[ ]?年")
    nots = regex.compile(words_pattern(c["not_cues"]))
    facts = regex.compile(words_pattern(c["fact_cues"]))
    return cues, nots, facts


def has_cue(text: str, lo: int, hi: int) -> bool:
    cues, nots, _ = _cues()
    masked = {i for m in nots.finditer(text, lo, hi) for i in range(m.start(), m.end())}
    return any(m.start() not in masked for m in cues.finditer(text, lo, hi))


def is_forecast(text: str, sent_lo: int, pos: int, period: str, published: str, clause_lo: int | None = None) -> bool:
    """A cue before the figure in its sentence (unless its own clause, after the last cue, says
    the thing already happened), or a period after the document's publication."""
    if has_cue(text, sent_lo, pos):
        facts = _cues()[2]
        lo = clause_lo if clause_lo is not None else sent_lo
        last_cue = max((m.end() for m in _cues()[0].finditer(text, sent_lo, pos)), default=sent_lo)
        if not facts.search(text, max(lo, last_cue), pos):
            return True
    if period.startswith("FY"):
        return False  # a fiscal year's label is not its calendar year (英伟达's FY2025 ended in January 2025)
    ys = years(period)
    pub = years(published)
    return bool(ys and pub and min(ys) > pub[0])
