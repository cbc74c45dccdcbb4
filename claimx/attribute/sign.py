"""The sign of a figure: a fall is negative, in every form and for every metric (docs/claims.md).

`下降15.1%` -> -15.1, `减少 40 亿美元` -> -4e9, `急挫逾11%` -> -11 (high -11), `下滑约1%至3%` ->
-2 (-3..-1), `分别下降3.2%和7.5%` -> both negative. A fall word governs a figure when it stands
right before it with only gap words and qualifiers between (data/signs.toml); 下降至30% states
the level reached, not a fall.
"""
from __future__ import annotations

from functools import cache

import regex

from ..lexicon import lexicon, load_toml, words_pattern
from ..quantity.quantity import Quantity

RATE_UNITS = ("percent", "pp")
UNSIGNED = ("times",)  # 成本降20倍: a factor, never negative
REACH = 16  # characters back from a figure where a governing word may end


@cache
def _data() -> dict:
    return load_toml("signs.toml")


@cache
def _patterns():
    d = _data()
    quals = [*lexicon().qualifiers["prefix"], *lexicon().qualifiers["prefix_place"]]
    gap = words_pattern([*d["gap"]["words"], *quals])
    noun_gap = words_pattern([*d["gap"]["words"], *d["gap"]["noun_gap"], *quals])
    fall = d["fall"]
    words = regex.compile(rf"(?r)(?:(?P<verb>{words_pattern(fall['verbs'])})|(?P<noun>{words_pattern(fall['nouns'])})"
                          rf"|(?P<rate>{words_pattern(fall['rate_verbs'])}))(?P<gap>(?:[ ]|{noun_gap})*)$")
    # a fall word, then a vague figure a parenthesis glosses (季减|低个位数百分比|(…)
    glossed = regex.compile(rf"(?r)(?:(?P<verb>{words_pattern(fall['verbs'])})|(?P<noun>{words_pattern(fall['nouns'])})"
                            rf"|(?P<rate>{words_pattern(fall['rate_verbs'])}))[^\d\p{{P}}]{{0,{GLOSS_REACH}}}"
                            rf"(?:{words_pattern(d['gloss']['vague_ends'])})$")
    return (words, regex.compile(rf"(?:[ ]|{gap})*"), regex.compile(rf"[ ]?(?:{words_pattern(d['list']['separators'])})[ ]?"),
            glossed)


_GLOSS = regex.compile(r"\([ ]?$")
GLOSS_REACH = 12  # characters of a vague figure (低个位数百分比) a parenthesis may gloss


def is_fall(text: str, lo: int, q: Quantity, before: list[Quantity], rate: bool) -> bool:
    """A fall word governs the figure `q` (its clause starts at `lo`; `before`: the figures of its
    sentence before it; `rate`: it is a percent or pp). A figure listed right after one that
    falls (下降3.2%和7.5%) falls too."""
    fall_words, gap, listed, glossed = _patterns()
    m = fall_words.search(text, max(lo, q.start - REACH), q.start)
    if m is not None and (m.group("noun") or gap.fullmatch(m.group("gap"))) and (rate or not m.group("rate")):
        return True
    if (paren := _GLOSS.search(text, max(lo, q.start - 2), q.start)) is not None:
        # 季减低个位数百分比(约1%至3%): a figure in parentheses glosses the one said before them
        back = max(lo, paren.start() - GLOSS_REACH)
        m = fall_words.search(text, back, paren.start()) or glossed.search(text, back, paren.start())
        if m is not None and (rate or not m.group("rate")):
            return True
    prev = before[-1] if before else None
    if prev is not None and prev.kind == "amount" and listed.fullmatch(text, prev.end, q.start):
        clause = max(text.rfind(c, 0, prev.start) for c in "，,。；;：:\n") + 1
        return is_fall(text, clause, prev, before[:-1], rate)
    return False


def apply(text: str, lo: int, q: Quantity, row, amounts: list[Quantity]) -> None:
    """Make `row` (the claim of `q`) negative when a fall governs it; a figure written with its
    own sign (-5%, 负4.2%) or as a change range (持平至成长6%), and a factor (降20倍), keep theirs."""
    if row.value is None or row.value <= 0 or q.signed or text.startswith("+", q.start) or row.unit in UNSIGNED:
        return
    before = [a for a in amounts if a.end <= q.start]
    if not is_fall(text, lo, q, before, row.unit in RATE_UNITS):
        return
    row.value = -row.value
    row.low, row.high = (-row.high if row.high is not None else None,
                         -row.low if row.low is not None else None)
