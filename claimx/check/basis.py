"""The basis of a growth rate: year on year (同比 年增 YoY) or on the period before (环比
季增 QoQ), read in the few characters before the figure in its sentence.

英伟达第二季度营收同比增长122% and 环比增长15% are two figures, not a contradiction; a
growth rate that does not say its basis is compared only with others that do not say.
The words are data: `[check.growth_basis]` of `data/metrics.toml`.
"""
from __future__ import annotations

from functools import cache

import regex

from ..lexicon import lexicon
from ..normalize import to_simplified

YOY, SEQUENTIAL = "yoy", "sequential"
_SPACE = regex.compile(r"\s+")


@cache
def _table() -> tuple[int, tuple[tuple[str, str], ...], frozenset[str], frozenset[str]]:
    data = lexicon().metrics.get("check", {}).get("growth_basis", {})
    words = [(w.casefold(), YOY) for w in data.get("yoy", [])]
    words += [(w.casefold(), SEQUENTIAL) for w in data.get("sequential", [])]
    dated = frozenset(w.casefold() for w in data.get("dated", []))
    return (int(data.get("window", 6)), tuple(sorted(words, key=lambda p: -len(p[0]))), dated,
            frozenset(data.get("not_after", [])))


def _basis_before(before: str) -> str | None:
    """The basis named by the word of the window nearest its end."""
    window, words, dated, not_after = _table()
    text = _SPACE.sub("", before).casefold()
    head, text = text[:-window], text[-window:]
    best, best_end = None, -1
    for word, basis in words:  # longest first: a longer word ending at the same place wins
        i = text.rfind(word)
        while i >= 0:
            prev = text[i - 1] if i else (head[-1:] or "")
            if not (word in dated and prev in not_after):
                if i + len(word) > best_end:
                    best, best_end = basis, i + len(word)
                break
            i = text.rfind(word, 0, i)
    return best


def basis_of(quote: str, context: str, occurrence: int | None = None, claims: int | None = None) -> str | None:
    """`yoy`, `sequential`, or None when the sentence does not say (or the quote is not in
    it). With the quote several times in the sentence, `occurrence` (0-based) says which
    one the claim is: the claims of one quote in one sentence, in document order, are its
    occurrences in order (`claims` of them: a sentence repeated in the document repeats
    them). Without it, or when the claims do not match the occurrences, all must agree."""
    ctx, q = to_simplified(context or ""), to_simplified(quote or "")
    if not q:
        return None
    starts = []
    i = ctx.find(q)
    while i >= 0:
        starts.append(i)
        i = ctx.find(q, i + 1)
    if not starts:
        return None
    found = [_basis_before(ctx[:i]) for i in starts]
    if occurrence is not None and (claims is None or claims % len(found) == 0):
        return found[occurrence % len(found)]
    return found[0] if len(set(found)) == 1 else None
