"""The extraction pipeline for one document:

    Document -> normalized copy -> quantities (scan) -> for each sentence: its state
             (attribute/context.py) -> each figure's row (attribute/rows.py) -> Claim rows
             -> the tables' rows (table_cells.py)

Offsets are found on the normalized copy and mapped back to the document's own text.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter

import regex

from .attribute import source as src
from .attribute.context import Context
from .attribute.rows import anchor_table_rows, figure_row, finish_sentence
from .attribute.sentences import sentences
from .furniture import text_furniture
from .model import Claim, Document, claim_id
from .normalize import NormText
from .quantity.scanner import Quantity, scan
from .table_cells import table_claims

_WS = regex.compile(r"\s+")


def extract_document(doc: Document, aliases=None) -> list[Claim]:
    """Every claim of one document. `aliases`: an `Aliases` table to name subjects with
    (default: data/aliases.toml)."""
    nt = NormText(doc.text, reflow=doc.pages is not None, page_starts=set(doc.pages or ()))
    t = nt.text
    found = scan(t)
    ctx = Context.of(doc, nt, found, aliases)
    furniture = sorted([*doc.furniture, *((nt.orig(a), nt.orig_end(b)) for a, b in text_furniture(t))])

    def in_furniture(a: int, b: int) -> bool:
        k = bisect_right(furniture, (a, 10**18)) - 1
        return any(fa < b and a < fb for fa, fb in furniture[max(0, k - 1):k + 2])

    claims: list[Claim] = []
    seen: Counter = Counter()
    qi = 0
    for s0, s1 in sentences(t):
        sent: list[Quantity] = []
        while qi < len(found) and found[qi].start < s1:
            if found[qi].start >= s0:
                sent.append(found[qi])
            qi += 1
        if not sent:
            continue
        context = _WS.sub(" ", t[s0:s1]).strip()
        cited = src.cited(t, s0, s1)
        st = ctx.sentence(s0, s1, sent, qi)
        sent_rows: list[tuple[Quantity, Claim]] = []
        for q in st.figures:
            o_start, o_end = nt.orig(q.start), nt.orig_end(q.end)
            if furniture and in_furniture(o_start, o_end):
                continue
            row = Claim(doc=doc.path, page=None, line=0, start=o_start, end=o_end,
                        quote=doc.text[o_start:o_end], value=q.value, unit=q.unit, low=q.low, high=q.high,
                        qualifier=q.qualifier, source=ctx.source, published=ctx.published, context=context,
                        cited=cited)
            row = figure_row(st, q, row)
            if row is None:
                continue
            row.line = bisect_right(ctx.line_starts, o_start)
            if doc.pages:
                row.page = bisect_right(doc.pages, o_start)
            sent_rows.append((q, row))
            key = (row.quote, context)
            seen[key] += 1
            row.id = claim_id(doc.path, row.quote, context, seen[key])
            claims.append(row)
        finish_sentence(st, sent_rows)
    tables = table_claims(ctx, claims)
    anchor_table_rows(ctx, tables)
    claims.extend(tables)
    claims.sort(key=lambda c: (c.start, c.end))
    return claims


def extract_text(text: str, doc: str = "<text>", aliases=None, **meta) -> list[Claim]:
    """Claims of one text (the library's simplest entry point). `meta`: Document fields such
    as `published="2024-03-06"` or `source="..."` when the text itself does not say them."""
    return extract_document(Document(path=doc, text=text, **meta), aliases)
