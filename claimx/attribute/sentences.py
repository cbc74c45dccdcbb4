"""Sentences and clauses of a normalized text, as offset spans."""
from __future__ import annotations

import regex

from ..lexicon import words_regex

# A sentence ends at 。！？!? or a line break; "." ends one only before a space/line end
# and after a non-digit (so 3.5 and 1,271.4 stay whole).
# A list flattened onto one line (summaries: `…增长30% [5] - 第三季度…`) ends an item at a dash
# bullet between spaces, not one between figures (10 - 20) or in a name (Tier - 1).
_SENTENCE_END = regex.compile(r"[。！？!?\n]+|(?<=[^\d\s])\.(?=\s|$)|(?<=[^\d\s-])[ ]+-[ ]+(?=[^\d\s-])")
# ... but a single line break inside a clause only wraps the line (text copied out of PDFs):
# after a comma or semicolon, or between two word characters on a line of prose, punctuated
# (2024年销售额达6,276亿美元，同比\n增长19.1%), not after a heading or a table row.
_WRAP = regex.compile(r"(?<=[，,、；;][ ]*)\n(?=[ ]*\S)|(?<=[\p{Han}\w%）)])\n(?=[ ]*[\p{Han}\w])")
# A clause ends at a comma or colon as well (but not the thousands comma 3,918).
_CLAUSE_END = regex.compile(r"[，,：:；;](?!\d{3}(?!\d))|(?<=\D)[，,]")
_CLAUSE_END_REV = regex.compile(r"(?r)[，,：:；;](?!\d{3}(?!\d))|(?<=\D)[，,]")  # the last one before i
_PROSE = regex.compile(r"[，；;。！？]|,(?!\d)")  # punctuation of prose (not the thousands comma of a table row)


def sentences(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group() == "\n" and _wraps(text, m.start()):
            continue
        if m.start() > pos:
            out.append((pos, m.end()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _wraps(text: str, i: int) -> bool:
    """The line break at `i` only wraps a line: the sentence goes on after it."""
    if not _WRAP.match(text, i):
        return False
    if text[i - 1] in "，,、；; " or words_regex("context", "sentence", "wrap_after", after="$").search(text, max(0, i - 4), i):
        return True  # …，同比\n / …规模约为\n520亿元: the clause goes on
    line_lo = text.rfind("\n", 0, i) + 1
    return "\t" not in text[line_lo:i] and bool(_PROSE.search(text, line_lo, i))


def clause_start(text: str, sent_start: int, i: int) -> int:
    """Offset where the clause holding offset `i` starts (within its sentence)."""
    m = _CLAUSE_END_REV.search(text, sent_start, i)
    return m.end() if m else sent_start


def clause_end(text: str, i: int, sent_end: int) -> int:
    m = _CLAUSE_END.search(text, i, sent_end)
    return m.start() if m else sent_end
