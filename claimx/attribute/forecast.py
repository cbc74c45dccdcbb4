"""Forecast or fact: a projection cue before the figure in its sentence, or a period
(or the end of a span) after the document's publication date."""
from __future__ import annotations

from functools import cache

import regex

from ..lexicon import compile_plain, lexicon, words_pattern
from .period import years


@cache
def _cues():
    c = lexicon().context["forecast"]
    target = words_pattern(c["target_year"])
    cues = regex.compile(words_pattern(c["cues"]) + rf"|(?<![\d年截])(?:{target})[ ]?(?:19|20)\d{{2}}[ ]?年")
    nots = compile_plain(words_pattern(c["not_cues"]))
    facts = compile_plain(words_pattern(c["fact_cues"]))
    return cues, nots, facts


class SentenceCues:
    """The cue and not-cue words of a sentence [lo, hi), found once for all its figures."""

    __slots__ = ("lo", "cues", "nots")

    def __init__(self, text: str, lo: int, hi: int):
        cues, nots, _ = _cues()
        self.lo = lo
        self.cues = list(cues.finditer(text, lo, hi))
        self.nots = list(nots.finditer(text, lo, hi))

    def before(self, hi: int) -> tuple[list, list] | None:
        """The (cues, not-cues) a search of [lo, hi) finds; None when a word straddles `hi`
        (that search may find a shorter word there: 将 of 将达)."""
        out = []
        for found in (self.cues, self.nots):
            kept = []
            for m in found:
                if m.end() <= hi:
                    kept.append(m)
                elif m.start() < hi:
                    return None
                else:
                    break
            out.append(kept)
        return out[0], out[1]


def _cue_ends(text: str, lo: int, hi: int, sentence: SentenceCues | None = None) -> list[int]:
    """Where the cues in [lo, hi) end; [] when every one of them is part of a not-cue (将 in 将近).
    `sentence`: the cues of the sentence, when `lo` is where it starts."""
    both = sentence.before(hi) if sentence is not None and sentence.lo == lo else None
    if both is None:
        cues, nots, _ = _cues()
        found = list(cues.finditer(text, lo, hi))
        if not found:
            return []
        not_found = nots.finditer(text, lo, hi)
    else:
        found, not_found = both
        if not found:
            return []
    masked = {i for m in not_found for i in range(m.start(), m.end())}
    return [m.end() for m in found] if any(m.start() not in masked for m in found) else []


def is_forecast(text: str, sent_lo: int, pos: int, period: str, published: str, clause_lo: int | None = None,
                sentence: SentenceCues | None = None) -> bool:
    """A cue before the figure in its sentence (unless its own clause, after the last cue, says
    the thing already happened), or a period after the document's publication. `sentence`: the
    cue words of the sentence, found once."""
    cue_ends = _cue_ends(text, sent_lo, pos, sentence)
    if cue_ends:
        facts = _cues()[2]
        lo = clause_lo if clause_lo is not None else sent_lo
        if not facts.search(text, max(lo, cue_ends[-1]), pos):
            return True
    if period.startswith("FY"):
        return False  # a fiscal year's label is not its calendar year (英伟达's FY2025 ended in January 2025)
    ys = years(period)
    pub = years(published)
    # a span that ends after the publication is not over yet: 2021-2025 in 2023 is a projection
    return bool(ys and pub and (max(ys) if "-" in period else min(ys)) > pub[0])
