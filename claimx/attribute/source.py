"""Who says it: the document's publisher and date (header fields), and the origin a
sentence cites for its figures (根据IDC数据, 据TrendForce)."""
from __future__ import annotations

from functools import cache

import regex

from ..lexicon import compile_plain, lexicon, words_pattern

_DATE = r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"


@cache
def _patterns():
    c = lexicon().context

    alt = words_pattern
    h = c["header"]
    src = regex.compile(rf"(?<!数据|资料)(?:{alt(h['source_labels'])})[ ]?[:：][ ]?([\p{{Han}}A-Za-z&·]{{2,16}}?)"
                        rf"(?=[ ]|$|[，,。;；|/]|{alt(h['date_labels'])}|{alt(h['source_labels'])})", regex.M)
    date = regex.compile(rf"(?:{alt(h['date_labels'])})[ ]?[:：]?[ ]?{_DATE}")
    bare_date = regex.compile(rf"^[ \t]*{_DATE}(?:[ ]+\d{{1,2}}:\d{{2}})?", regex.M)
    k = c["cited"]
    cited = regex.compile(rf"(?:{alt(k['before'])})[ ]?([A-Za-z][\w&.\- ]{{0,30}}?[\w.]|[\p{{Han}}A-Za-z]{{2,14}}?)"
                          rf"[ ]?(?:{alt(k['after'])})")
    label = regex.compile(rf"(?:{alt(k['labels'])})[ ]?[:：][ ]?([\p{{Han}}A-Za-z][\p{{Han}}A-Za-z&·]{{1,20}})")
    return src, date, bare_date, cited, label


_BYLINE = regex.compile(rf"{_DATE}[ ]*(?:来源|来自)[:：][ ]?([\p{{Han}}A-Za-z]{{2,16}})")

HEAD = 4000  # header fields are looked for in the first characters of a document


def header(text: str) -> tuple[str, str]:
    """(source, published ISO date) from a document's header fields, '' when absent."""
    src, date, bare_date, _, _ = _patterns()
    head = text[:HEAD]
    source = ""
    m = src.search(head)
    if m:
        source = m.group(1)
    published = ""
    m = date.search(head) or bare_date.search(head[:600])
    if m:
        y, mo, d = m.group(1), int(m.group(2)), int(m.group(3))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            published = f"{y}-{mo:02d}-{d:02d}"
    if not source or not published:  # a dated byline further down (news pages: "2024-03-06 来源:X")
        m = _BYLINE.search(text)
        if m:
            published = published or f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            source = source or m.group(4)
    return source, published


def cited(text: str, lo: int, hi: int) -> str:
    """The origin the sentence [lo, hi) cites for its figures."""
    _, _, _, cite, label = _patterns()
    m = cite.search(text, lo, hi) or label.search(text, lo, hi)
    return m.group(1).strip() if m else ""


_CITING_CLAUSE = compile_plain(r"[ ]?(?:根据|据|援引|依据)[^，,。；;]{1,30}?(?:[，,])")


def after_citation(text: str, lo: int, hi: int) -> int:
    """Where a sentence's own words start after a leading citation clause (根据IDC数据，…)."""
    m = _CITING_CLAUSE.match(text, lo, hi)
    return m.end() if m else lo
