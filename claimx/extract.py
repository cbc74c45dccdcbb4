"""The extraction pipeline for one document:

    Document -> normalized copy -> quantities (scan) -> which dates are claims
             -> metric, subject, period, forecast, cited (attribute/) -> Claim rows

Offsets are found on the normalized copy and mapped back to the document's own text.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections import Counter
from functools import cache

import regex

from .attribute import forecast as fc
from .attribute import metric as mt
from .attribute import period as pd
from .attribute import source as src
from .attribute import subject as sj
from .attribute.sentences import clause_end, clause_start, sentences
from .lexicon import lexicon
from .model import Claim, Document
from .normalize import NormText
from .quantity.scanner import Quantity, scan

_WS = regex.compile(r"\s+")
_NEWLINES = regex.compile(r"\n")


@cache
def _event_after():
    ev = lexicon().context["event"]

    def alt(ws):
        return "|".join(regex.escape(v) for v in sorted(ws, key=len, reverse=True))

    # a date followed (through a few function words) by an event verb dates that event
    return regex.compile(rf"(?:[ ]|{alt(ev['filler'])}){{0,4}}(?:{alt(ev['verbs'])})")


def _currency_of_yuan(text: str) -> str:
    """The currency a bare 元 means in this document (CLAIMS.md)."""
    counts = Counter({
        "TWD": text.count("新台币") + text.count("台币") + text.count("新臺幣") + text.count("臺幣"),
        "HKD": text.count("港元") + text.count("港币") + text.count("港幣"),
        "CNY": text.count("人民币") + text.count("人民幣"),
    })
    cur, n = counts.most_common(1)[0]
    return cur if n and counts[cur] > counts["CNY"] else "CNY"


def claim_id(doc: str, quote: str, context: str, occurrence: int) -> str:
    h = hashlib.blake2b(f"{doc}\x1f{quote}\x1f{context}\x1f{occurrence}".encode(), digest_size=8)
    return h.hexdigest()


def _is_event_date(t: str, q: Quantity) -> bool:
    return bool(_event_after().match(t, q.end))


def extract_document(doc: Document) -> list[Claim]:
    nt = NormText(doc.text)
    t = nt.text
    found = scan(t)
    source, published = doc.source, doc.published
    if not source or not published:
        s2, p2 = src.header(t)
        source, published = source or s2, published or p2
    doc_year = int(published[:4]) if published else None
    yuan = _currency_of_yuan(t)
    line_starts = [0] + [m.end() for m in _NEWLINES.finditer(doc.text)]
    furniture = sorted(doc.furniture)

    def in_furniture(a: int, b: int) -> bool:
        k = bisect_right(furniture, (a, 10**18)) - 1
        return any(fa < b and a < fb for fa, fb in furniture[max(0, k - 1):k + 2])

    claims: list[Claim] = []
    seen: Counter = Counter()
    recent = sj.Recent()
    last_subject = ""
    para_line = -1
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
        times = []
        sent_year = None
        for q in sent:
            if q.kind != "date":
                continue
            if q.relative and q.period.startswith("Y+0-") and sent_year is not None:
                q.period = f"{sent_year}{q.period[3:]}"  # 去年...9月1号: the year said before
            q.period = pd.resolve(q.period, doc_year)
            ys = pd.years(q.period)
            if ys:
                sent_year = ys[-1]
            times.append((q.start, q.end, q.period))
        amounts = [q for q in sent if q.kind == "amount"]
        cuts = [(q.start, q.end) for q in sent]
        carried = ""
        line_no = bisect_right(line_starts, nt.orig(s0))
        if line_no != para_line:
            para_line, last_subject = line_no, ""  # subjects carry within a paragraph only
        first_kw = mt.keywords(t, s0, s1)
        topic = sj.head_phrase(t, s0, first_kw[0].start if first_kw else s1, cuts) or last_subject
        sent_rows: list[tuple[Quantity, Claim]] = []
        prev: Quantity | None = None
        for q in sent:
            o_start, o_end = nt.orig(q.start), nt.orig_end(q.end)
            if furniture and in_furniture(o_start, o_end):
                prev = q
                continue
            row = Claim(doc=doc.path, page=None, line=0, start=o_start, end=o_end,
                        quote=doc.text[o_start:o_end], value=q.value, unit=q.unit, low=q.low, high=q.high,
                        qualifier=q.qualifier, source=source, published=published, context=context, cited=cited)
            if q.kind == "date":
                period = q.period
                if not period:
                    prev = q
                    continue
                later = [a for a in amounts if a.start >= q.end and a.unit_kind != "time"]
                next_time = min((a for a, _, _ in times if a > q.end), default=s1)
                scopes_figure = any(a.start < next_time for a in later)
                full_day = len(period) == 10 and period[4] == "-"  # a day is an event's date
                if q.relative and not full_day and not _is_event_date(t, q):
                    prev = q
                    continue  # 今年, 去年上半年: an adverb unless it dates an event
                if scopes_figure and not full_day and not _is_event_date(t, q):
                    prev = q
                    continue  # a period for the figures after it, not a claim of its own
                row.metric, row.unit, row.value, row.period = "date", "date", None, period
                if published and period == published and source:
                    row.subject = source  # the document's own date: its publisher's
                else:
                    lo = clause_start(t, s0, q.start)
                    row.subject = (sj.phrase_before(t, lo, q.start, cuts)
                                   or sj.head_phrase(t, q.end, clause_end(t, q.end, s1), cuts) or topic)
                    if row.subject == sj.PRONOUN:
                        row.subject = sj.last_entity(t, s0, q.start) or topic
            else:
                if q.small_cn:
                    prev = q
                    continue
                if q.metric == "growth" and prev is not None and prev.unit_kind == "time" and q.start - prev.end <= 2:
                    prev = q
                    continue  # 3-4个月翻一番: the doubling word names the metric of the duration
                if q.unit == "元":
                    row.unit = yuan
                lo = clause_start(t, s0, q.start)
                hi = clause_end(t, q.end, s1)
                metric, kw = mt.assign(t, lo, hi, q)
                row.metric = metric
                anchor = kw.start if kw is not None and kw.end <= q.start else q.start
                subject = sj.phrase_before(t, lo, anchor, cuts)
                if kw is not None and anchor == kw.start:
                    subject = sj.with_keyword(subject, t[kw.start:kw.end])
                if subject == sj.PRONOUN:
                    subject = sj.last_entity(t, s0, q.start) or carried or topic
                elif not subject:
                    subject = carried or topic
                subject = recent.complete(subject)
                carried = subject
                row.subject = subject
                row.period = pd.for_figure(times, q.start, metric)
                if metric == "growth" and row.value is not None and row.value > 0 and mt.is_decline(t, lo, q.start):
                    row.value = -row.value
                    if row.low is not None or row.high is not None:
                        row.low, row.high = (-row.high if row.high is not None else None,
                                             -row.low if row.low is not None else None)
            lo_cue = s0 if q.kind == "amount" else clause_start(t, s0, q.start)
            if row.metric != "date":
                recent.add(carried)
                last_subject = carried or last_subject
            row.forecast = fc.is_forecast(t, lo_cue, q.start, row.period, published)
            row.line = bisect_right(line_starts, o_start)
            if doc.pages:
                row.page = bisect_right(doc.pages, o_start)
            sent_rows.append((q, row))
            key = (row.quote, context)
            seen[key] += 1
            row.id = claim_id(doc.path, row.quote, context, seen[key])
            claims.append(row)
            prev = q
        _distribute_lists(t, s0, s1, sent_rows)
        for _, row in sent_rows:
            row.subject = sj.canonical(row.subject)
    return claims


_RESPECTIVELY = regex.compile(r"分别")


def _distribute_lists(t: str, s0: int, s1: int, sent_rows: list[tuple[Quantity, Claim]]) -> None:
    """`A100和H100的算力分别为19.5和67 TFLOPS`: the n names before 分别 go to the n figures after it."""
    for m in _RESPECTIVELY.finditer(t, s0, s1):
        end = clause_end(t, m.end(), s1)
        group = [(q, r) for q, r in sent_rows if m.end() <= q.start < end and q.kind == "amount"]
        if len(group) < 2:
            continue
        names = sj.split_list(group[0][1].subject, len(group))
        if names:
            for (_, r), name in zip(group, names, strict=True):
                r.subject = name


def extract_text(text: str, doc: str = "<text>", **meta) -> list[Claim]:
    """Claims of one text (the library's simplest entry point)."""
    return extract_document(Document(path=doc, text=text, **meta))
