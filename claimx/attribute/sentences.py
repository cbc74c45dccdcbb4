"""Sentences and clauses of a normalized text, as offset spans."""
from __future__ import annotations

import regex

# A sentence ends at 。！？!?；; or a line break; "." ends one only before a space/line end
# and after a non-digit (so 3.5 and 1,271.4 stay whole).
_SENTENCE_END = regex.compile(r"[。！？!?\n]+|(?<=[^\d\s])\.(?=\s|$)")
# A clause ends at a comma or colon as well (but not the thousands comma 3,918).
_CLAUSE_END = regex.compile(r"[，,：:；;](?!\d{3}(?!\d))|(?<=\D)[，,]")
_CLAUSE_END_REV = regex.compile(r"(?r)[，,：:；;](?!\d{3}(?!\d))|(?<=\D)[，,]")  # the last one before i


def sentences(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > pos:
            out.append((pos, m.end()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def clause_start(text: str, sent_start: int, i: int) -> int:
    """Offset where the clause holding offset `i` starts (within its sentence)."""
    m = _CLAUSE_END_REV.search(text, sent_start, i)
    return m.end() if m else sent_start


def clause_end(text: str, i: int, sent_end: int) -> int:
    m = _CLAUSE_END.search(text, i, sent_end)
    return m.start() if m else sent_end
