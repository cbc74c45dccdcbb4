"""Which figure a claim is about: its subject as entity + scope, and its period as months.

Two claims speak of the same figure when their subjects, compared as entity + scope, are
equal (`subject_form`), their metrics and unit dimensions are equal, and their periods
cover the same calendar months (`period_form`: 英伟达 FY2026Q2 = 2025-05..2025-07).

A subject is put in one form by the alias table (英偉達 = NVIDIA = 英伟达), script conversion,
case folding, and the words of `data/check.toml`: synonyms of one measure or scope written
one way (资本支出 = 资本开支, 每股盈余 = 每股收益, 非GAAP = Non-GAAP, 人工智能 = AI), and the
words that only restate the claim's metric dropped from the end (全球半导体市场规模 and
全球半导体市场 for a market size, 美光营收 for a revenue). What remains is entity and scope,
and any difference keeps two figures apart: 英伟达 and 英伟达数据中心 (segment and total),
毛利率 and 营业利益率, GAAP and Non-GAAP, 市场预期 and the company's own figure.

A rate's subject may also say what it is a rate of and on what basis (美光营收环比 for a
growth): those words become the rate's measure and basis (see measure.py, basis.py).
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from functools import cache, lru_cache

import regex

from ..calendar import company_of, months
from ..lexicon import load_toml, words_pattern
from ..normalize import to_simplified
from .measure import _last_word

RATE_METRICS_WITH_MEASURE = frozenset({"growth", "cagr", "multiple", "doubling_time"})
_DROP = regex.compile(r"[\s\p{P}\p{S}]+")
_NUMBERING = regex.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]{1,3})(?:、|[.．)）](?!\d))")
DOC_PERIOD_SHARE = 0.6  # a document states a period when this share of its dated claims ...
DOC_PERIOD_MIN = 3  # ... and at least this many share it
EXCLUDED_SPAN = 12  # characters after an exclusion word that say what is left out
SCOPE_WINDOW = 60  # characters before a figure in which its sentence may name its scope
_COMMAS = regex.compile(r"[,，、:：]")
# a figure in a clause: a number that is not a date or period (2024年, 6月, 第3季, 4Q25, HBM3E)
_FIGURE = regex.compile(r"(?<![a-z\d.])\d[\d.,]*(?![\d.,]*\s*(?:年|月|日|季|号|q\d|h\d|[a-z]))")
_OWN_CLAUSE = regex.compile(r"[,，;；。!?！？]")
_CLAUSES = regex.compile(r"[。；;!?！？]|\s-\s|\[\d+\]")  # sentence, independent clause, list item


def fold(text: str) -> str:
    """Comparison form of a name: NFKC, simplified, case-folded, without spaces, punctuation
    and symbols (Non-GAAP = nongaap, 英伟达(不计H20) = 英伟达不计h20)."""
    text = unicodedata.normalize("NFKC", text or "")
    return _DROP.sub("", to_simplified(text)).casefold()


@cache
def _data() -> dict:
    return load_toml("check.toml")


@cache
def _same():
    table = {fold(w): fold(name) for name, words in _data().get("same", {}).items() for w in [name, *words]}
    return regex.compile(words_pattern(list(table))), table


def _suffixes(section: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """metric -> (word, value) pairs, longest word first, from a [section] of metric = [words]."""
    out = {}
    for name, words in _data().get(section, {}).items():
        out[name] = tuple(sorted(((fold(_canon_words(w)), name) for w in words), key=lambda p: -len(p[0])))
    return out


@cache
def _restates():
    """metric -> the words that restate it: [restates], and [rate_of] (what a rate of this
    metric is of is the figure itself: 中国智能算力 compute and its CAGR are of 中国智能)."""
    out = dict(_suffixes("restates"))
    for metric, pairs in _suffixes("rate_of").items():
        out[metric] = tuple(sorted(set(out.get(metric, ())) | set(pairs), key=lambda p: -len(p[0])))
    return out


@cache
def _any_restates() -> tuple[tuple[str, str], ...]:
    """Words at the end of any subject that only say its scope is a line of business."""
    words = {fold(_canon_words(w)) for w in _data().get("any_restates", {}).get("words", [])}
    return tuple(sorted(((w, "") for w in words if w), key=lambda p: -len(p[0])))


@cache
def _rate_of() -> tuple[tuple[str, str], ...]:
    pairs = [p for ps in _suffixes("rate_of").values() for p in ps]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@cache
def _basis() -> tuple[tuple[str, str], ...]:
    pairs = [p for ps in _suffixes("basis").values() for p in ps]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def same_measure(measure: str | None) -> str | None:
    """What a rate is of, in the one form its synonyms share (data/check.toml [measure_same])."""
    return _data().get("measure_same", {}).get(measure, measure) if measure else measure


def _canon_words(text: str) -> str:
    pattern, table = _same()
    return pattern.sub(lambda m: table[m.group(0)], fold(text))


def _strip_end(text: str, pairs) -> tuple[str, str | None]:
    """`text` without the first of `pairs`' words it ends with (never all of it)."""
    for word, value in pairs:
        if word and text.endswith(word) and len(text) > len(word):
            return text[: -len(word)], value
    return text, None


@lru_cache(maxsize=65536)
def subject_form(subject: str, metric: str) -> tuple[str, str | None, str | None, str]:
    """(entity + scope in comparison form, the measure a rate's subject names, its basis,
    and for a rate the form before its measure was taken off: 中国智能算力 for a growth whose
    subject says 算力 is 中国智能 of compute, but its figures may be filed under the whole).

    `subject` is already canonical (alias table applied)."""
    text = _canon_words(_NUMBERING.sub("", (subject or "").strip()))
    measure = basis = None
    whole = text
    if metric in RATE_METRICS_WITH_MEASURE:
        if metric == "growth":
            text, basis = _strip_end(text, _basis())
        whole = text
        text, measure = _strip_end(text, _rate_of())
        if metric == "growth" and basis is None:
            text, basis = _strip_end(text, _basis())
    for _ in range(3):  # 中国算力总规模, 全球半导体市场规模, 数据中心业务营收: several restating words
        text, dropped = _strip_end(text, _restates().get(metric, ()) + _any_restates())
        if dropped is None:
            break
    return text, measure, basis, whole


@cache
def _scope_pattern():
    words = [fold(_canon_words(w)) for w in _data().get("scope", {}).get("words", [])]
    # a Latin word is a word, not part of a longer one (PC is not in PCB)
    return regex.compile(r"(?<![a-z])(?:" + words_pattern(words) + r")(?![a-z])") if words else None


def _plain(text: str) -> str:
    """NFKC, simplified, case-folded; spaces and punctuation kept (they bound words and clauses)."""
    return to_simplified(unicodedata.normalize("NFKC", text or "")).casefold()


@lru_cache(maxsize=65536)
def _canon_context(context: str) -> str:
    pattern, table = _same()
    return pattern.sub(lambda m: table[m.group(0)], _plain(context))


@cache
def scope_metrics() -> frozenset[str]:
    """The metrics a scope named by the sentence may be of (data/check.toml [scope] metrics)."""
    return frozenset(_data().get("scope", {}).get("metrics", []))


def scope_named(quote: str, context: str, key: str) -> str:
    """The scope (data/check.toml [scope]) the figure's sentence names before the figure,
    when its subject form `key` does not name it; else ''. 该季度动能来自DRAM，营收达108亿美元
    is perhaps the DRAM business's revenue: a subject of the company alone is then not
    enough to compare it with the company's whole.

    The scope is the last one named in the figure's own clause before it, or else in a
    clause before that names no figure of its own (a topic: 若只看HBM市场，…; HBM业务持续成长，
    营收达…), looking back over clauses of other figures but not past one that names a scope
    and a figure (我国数据中心超830万机架，算力规模246EFLOPS: the scope is the racks'), unless
    the clauses after it name no measure of their own and so go on about its figure
    (前十大晶圆代工厂营收季增8.1%，达451亿美元), within the sentence (up to 。；!?) and SCOPE_WINDOW characters."""
    pattern = _scope_pattern()
    before = _before_quote(quote, context) if pattern is not None else None
    if before is None:
        return ""
    clauses = _COMMAS.split(_CLAUSES.split(before[-SCOPE_WINDOW:])[-1])
    continued = True  # the clauses so far name no measure of their own (达451亿美元, 年增30%)
    for k, clause in enumerate(reversed(clauses)):
        found = [m.group(0) for m in pattern.finditer(clause)]
        if found and (k == 0 or continued or not _FIGURE.search(clause)):
            scope = _strip_end(found[-1], _any_restates())[0]  # 云业务 is the scope 云
            return scope if scope not in key else ""
        if found:
            return ""
        continued = continued and _last_word(clause) is None
    return ""


@cache
def _market_share_words() -> tuple[str, ...]:
    return tuple(w for w in (_canon_words(w) for w in _data().get("share", {}).get("market", [])) if w)


def market_share_named(quote: str, context: str) -> bool:
    """The share's own clause names a market share before it (市占率升至71%), data/check.toml [share]."""
    q = _plain(quote).strip()
    ctx = _canon_context(context or "")
    i = ctx.find(q) if q else -1
    if i < 0:
        return False
    clause = _OWN_CLAUSE.split(ctx[:i])[-1]
    return any(w in clause for w in _market_share_words())


@lru_cache(maxsize=65536)
def period_form(period: str, subject: str) -> tuple | str:
    """The calendar months a period covers, by the fiscal calendar of the company the
    (canonical) subject names; the period as written when it cannot be read."""
    span = months(period, company_of(subject)) if period else None
    return span if span else (period or "")


def whole_years(span) -> bool:
    """A period of whole calendar-aligned years of its own calendar (12 months, or a run of them)."""
    if not isinstance(span, tuple):
        return False
    (y1, m1), (y2, m2) = span
    return ((y2 * 12 + m2) - (y1 * 12 + m1) + 1) % 12 == 0


def document_periods(claims) -> dict[str, str]:
    """doc -> the period the document states for its figures: the period most of its dated
    claims share (a quarterly report, a year's ranking), when it is clearly most of them."""
    counts: dict[str, Counter] = {}
    for c in claims:
        if c.metric == "date":
            continue
        counts.setdefault(c.doc, Counter())[c.period or ""] += 0  # every doc is seen
        if c.period:
            counts[c.doc][c.period] += 1
    out = {}
    for doc, counter in counts.items():
        dated = sum(counter.values())
        if not dated:
            continue
        period, n = counter.most_common(1)[0]
        if period and n >= DOC_PERIOD_MIN and n >= DOC_PERIOD_SHARE * dated:
            out[doc] = period
    return out


@cache
def _currencies() -> tuple[tuple[str, str], ...]:
    """(word in comparison form, ISO code) for the currency words of units.toml [money] and
    [currency_prefix], longest first (美元 USD, 新台币 TWD, 人民币 CNY; not the bare 元)."""
    from ..lexicon import lexicon

    units = lexicon().units
    pairs = {}
    for section in ("money", "currency_prefix"):
        for word, code in units.get(section, {}).items():
            if isinstance(code, str) and len(code) == 3 and code.isascii() and code.isupper():
                pairs[fold(word)] = code
    return tuple(sorted(((w, c) for w, c in pairs.items() if w), key=lambda p: -len(p[0])))


@cache
def _currency_basis_pattern():
    """A currency named before a word that says what is counted in it (units.toml
    [stated_currency]: 以美元计, 美元营收, 新台币计价)."""
    from ..lexicon import lexicon

    counted = [_canon_context(w) for w in lexicon().units.get("stated_currency", {}).get("before", [])]
    words = [w for w, _ in _currencies()]
    if not words or not counted:
        return None
    return regex.compile(f"({words_pattern(words)})\\s*(?:{words_pattern(counted)})")


def strip_currency(key: str) -> str:
    """A rate's subject form without the currency word at its end (台积电美元 for a growth of
    台积电美元营收): a rate has no currency; the basis it is counted on is its sentence's to say."""
    for word, _ in _currencies():
        if key.endswith(word) and len(key) > len(word):
            rest = key[: -len(word)]
            # a rate of one currency against another (美元兑人民币) keeps its currencies
            return key if any(w in rest for w, _ in _currencies()) else rest
    return key


def _before_quote(quote: str, context: str) -> str | None:
    """The claim's sentence (canonical form) before its quote; None when the quote is not in it."""
    q = _plain(quote).strip()
    ctx = _canon_context(context or "")
    i = ctx.find(q) if q else -1
    return ctx[:i] if i >= 0 else None


def currency_basis(quote: str, context: str) -> str:
    """The currency a rate's own clause says it is counted in, before the figure (以美元计，营收
    增长35%; 新台币营收年增30%): its ISO code, or '' when the clause names none. A growth in US
    dollars and one in new Taiwan dollars are two figures; one that does not say is neither."""
    pattern = _currency_basis_pattern()
    before = _before_quote(quote, context) if pattern is not None else None
    if before is None:
        return ""
    clause = _CLAUSES.split(before[-SCOPE_WINDOW:])[-1]
    found = list(pattern.finditer(clause))
    if not found:
        return ""
    return dict(_currencies()).get(fold(found[-1].group(1)), "")


@cache
def _variants() -> tuple[tuple[str, ...], ...]:
    """Sets of words of which a figure's subject names at most one, in comparison form
    (data/check.toml [variants]): GAAP and Non-GAAP."""
    return tuple(tuple(sorted((fold(_canon_words(w)) for w in words), key=len, reverse=True))
                 for words in _data().get("variants", {}).values())


def variant_of(key: str) -> tuple[str, str]:
    """(subject form without its variant word, the variant word or ''): 英伟达nongaap ->
    (英伟达, nongaap); a subject naming two words of one set keeps them (no reading)."""
    for words in _variants():
        named = [w for w in words if w in key]
        named = [w for w in named if not any(w != o and w in o for o in named)]  # gaap in nongaap
        if len(named) == 1:
            return key.replace(named[0], "", 1), named[0]
    return key, ""


@cache
def _exclusion_words() -> tuple[str, ...]:
    return tuple(fold(w) for w in _data().get("exclusion", {}).get("words", []))


@cache
def _exclusion_pattern():
    words = [_canon_context(w) for w in _data().get("exclusion", {}).get("words", [])]
    # what is left out: up to the end of the clause, a 的 or 后 (不计入45亿美元的费用), or EXCLUDED_SPAN characters
    return regex.compile(f"(?:{words_pattern(words)})[^,，;；:：的后]{{0,{EXCLUDED_SPAN}}}") if words else None


def exclusion_named(quote: str, context: str, key: str) -> str:
    """What the figure's sentence says it is stated without (data/check.toml [exclusion]),
    before the figure: 不计入45亿美元的费用 for 不计入45亿美元的费用，毛利率为71.3%, in
    comparison form, when its subject form `key` names no exclusion; else ''."""
    pattern = _exclusion_pattern()
    q = _plain(quote).strip()
    ctx = _canon_context(context or "")  # 扣除特定项目后 is how Non-GAAP is written (data/check.toml [same])
    i = ctx.find(q) if q and pattern is not None else -1
    if i < 0 or any(w in key for w in _exclusion_words()):
        return ""
    found = list(pattern.finditer(_CLAUSES.split(ctx[max(0, i - SCOPE_WINDOW):i])[-1]))
    return fold(found[-1].group(0)) if found else ""


@cache
def _naming_pattern():
    """Every word of an absolute metric (data/metrics.toml keywords, not of rates), in [same] form."""
    from .measure import _words

    words = {_canon_context(w) for w, _ in _words() if w}
    return regex.compile(words_pattern(sorted(words, key=len, reverse=True))) if words else None


def naming_word(quote: str, context: str) -> str:
    """The word of an absolute metric nearest before the figure in its own clause, in [same] form (营收 for
    前三季營收為591.27億元, 归母净利润 for 归母净利润为12.34亿元), or ''."""
    pattern = _naming_pattern()
    before = _before_quote(quote, context) if pattern is not None else None
    if before is None:
        return ""
    found = list(pattern.finditer(_OWN_CLAUSE.split(before)[-1]))
    return found[-1].group(0) if found else ""


@cache
def _profit_line_pattern():
    from ..lexicon import lexicon

    metric = _data().get("profit_line", {}).get("metric", "")
    words = {_canon_context(w) for w in lexicon().metrics.get("keywords", {}).get(metric, []) if w}
    return regex.compile(words_pattern(sorted(words, key=len, reverse=True))) if words else None


def _last_line(text: str) -> str:
    pattern = _profit_line_pattern()
    found = list(pattern.finditer(text)) if pattern is not None and text else []
    return found[-1].group(0) if found else ""


def profit_line(quote: str, context: str, subject: str) -> str:
    """Which profit a rate of profit is of (data/check.toml [profit_line]): the profit word its
    subject names, else the last before the figure in its clause, else in its sentence, in
    [same] form (归母净利润 for 归母净利润为16.27亿元，同比下降1.47%); '' when none is named."""
    named = _last_line(_canon_context(subject or ""))
    if named:
        return named
    q = _plain(quote).strip()
    ctx = _canon_context(context or "")
    i = ctx.find(q) if q else -1
    if i < 0:
        return ""
    before = ctx[:i]
    return _last_line(_OWN_CLAUSE.split(before)[-1]) or _last_line(before)


TOPIC_MIN = 2  # sentences of a document that name its topic scope ...
TOPIC_SHARE = 0.6  # ... and this share of the sentences that name any scope


def document_topics(claims) -> dict[str, str]:
    """doc -> the one scope of data/check.toml [scope] the document is about, when its
    sentences name it clearly most (a DRAM ranking, a foundry ranking): at least TOPIC_MIN
    of its sentences and TOPIC_SHARE of those naming any scope."""
    pattern = _scope_pattern()
    if pattern is None:
        return {}
    seen: set[tuple[str, str]] = set()
    counts: dict[str, Counter] = {}
    for c in claims:
        if (c.doc, c.context) in seen:
            continue
        seen.add((c.doc, c.context))
        named = {_strip_end(m, _any_restates())[0] for m in pattern.findall(_canon_context(c.context or ""))}
        counts.setdefault(c.doc, Counter()).update(named)
    out = {}
    for doc, counter in counts.items():
        if not counter:
            continue
        scope, n = counter.most_common(1)[0]
        if n >= TOPIC_MIN and n >= TOPIC_SHARE * sum(counter.values()):
            out[doc] = scope
    return out


def names_scope(key: str) -> bool:
    """The subject form names a scope of data/check.toml [scope]."""
    pattern = _scope_pattern()
    return bool(pattern and pattern.search(key))
