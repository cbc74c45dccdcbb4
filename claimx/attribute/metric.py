"""Which metric a figure states: the governing word near it that fits its unit (data/metrics.toml)."""
from __future__ import annotations

from bisect import bisect_left
from functools import cache, lru_cache
from typing import NamedTuple

import regex

from ..lexicon import compile_plain, lexicon, words_pattern
from ..quantity.scanner import Quantity
from .forecast import statement_start

CURRENCIES = frozenset(lexicon().units["money"].values())  # USD CNY ... MYR KRW, and 元 (data/units.toml)
TIME_UNITS = frozenset(u if isinstance(u, str) else u[0] for u in lexicon().units["time"].values())  # second ... year


def unit_kind(q: Quantity) -> str:
    """The kind of unit, as data/metrics.toml names it in [fits] and [default]."""
    if q.kind == "date":
        return "date"
    if "/" in q.unit:  # a price per something is a rate of money; 10万片/月 is a capacity
        return "rate" if q.unit.split("/", 1)[0] in CURRENCIES else "per"
    if q.unit in CURRENCIES:
        return "money"
    if q.unit_kind == "time":
        return "time"
    if q.unit_kind == "counter":
        return "count"
    if q.unit_kind == "magnitude":
        return "magnitude"  # 27个亿: a count, or money where a money word governs it
    return q.unit  # percent pp FLOPS OPS times nm W byte point ...


class Keyword(NamedTuple):
    metric: str
    start: int
    end: int


@cache
def _tables():
    m = lexicon().metrics
    word_metric: dict[str, str] = {}
    for metric, words in m["keywords"].items():
        for w in words:
            word_metric.setdefault(w, metric)
    pattern = compile_plain(words_pattern(word_metric))
    fits = {k: set(v) for k, v in m["fits"].items()}
    device = compile_plain(words_pattern(m["device"]["words"]))
    return word_metric, pattern, fits, m["default"], device


@cache
def _market_revenue():
    m = lexicon().metrics["market_revenue"]
    industry = compile_plain(f"(?:{words_pattern(m['industry'])})[^，,。；;：:、的]{{0,{m['gap']}}}$")
    scope = compile_plain(f"(?:{words_pattern(m['scope'])})[^，,。；;：:、的]{{0,{m['reach']}}}$")
    firms = compile_plain(words_pattern(m["firms"]))
    return industry, scope, firms


@cache
def _segment_label():
    heads = words_pattern(lexicon().metrics["segment_label"]["heads"])
    return compile_plain(f"(?:{heads})[ ]?[:：][ ]?(?:[^，,。；;:：]{{0,6}}(?:实现|为|达)[ ]?)?$")


def _whole_market(text: str, lo: int, k: Keyword) -> bool:
    """A revenue word `k` that names the income of an industry or of the world (全球半导体营收)."""
    industry, scope, firms = _market_revenue()
    if industry.search(text, max(lo, k.start - 6), k.start):
        return True
    reach = lexicon().metrics["market_revenue"]["reach"] + 3
    m = scope.search(text, max(lo, k.start - reach), k.start)
    return bool(m) and not firms.search(text, m.start(), k.start)


def keywords(text: str, lo: int, hi: int) -> list[Keyword]:
    word_metric, pattern, *_ = _tables()
    return [Keyword(word_metric[m.group()], m.start(), m.end()) for m in pattern.finditer(text, lo, hi)]


def strip_keywords(s: str) -> str:
    """`s` without its metric words (`全球GPU市场规模` -> `全球GPU`)."""
    return _tables()[1].sub("", s)


def fits(metric: str, kind: str) -> bool:
    allowed = _tables()[2].get(metric, ())
    if kind == "magnitude":
        return "count" in allowed or "money" in allowed
    return kind in allowed or (kind == "percent" and metric in lexicon().metrics["rate_of"])


def is_money_metric(metric: str) -> bool:
    allowed = _tables()[2].get(metric, ())
    return "money" in allowed and "count" not in allowed


# Growth words written after the figure: 35.2% YoY, 3% QoQ
POSTFIX_GROWTH = frozenset({"YoY", "QoQ", "MoM", "yoy", "qoq"})
# How far after a figure a governing word may stand (1750亿参数, 3-4个月翻一番).
AFTER = 4


_AGGREGATE = compile_plain(r"规模|中心|集群|全国|全球|总")  # a total, not one device
# 提升至55%, 增长为: after these stands the new level, not the change (增长达30% is the change)
_TO_LEVEL = compile_plain(r"[ ]?(?:至|到|为)")
# 提升至55%, 从15%攀升至22%: a figure right after these is a level (where a change ends or starts)
_LEVEL_BEFORE = compile_plain(r"(?:至|到|从|由)[ ]?$")
# 环比增长 8 亿美元, 上涨20元, 月增10万台: an amount right after a growth word is the change itself
# (what stands between: spaces, 了, a qualifier word of one or two characters)
_CHANGE_GAP = 3
_CHANGE_FILLER = " 了掉:："  # (蒸发掉大约1,100亿美元: a qualifier is part of the figure)
_SIGNED = "+-－＋"


def within(kws: list[Keyword], lo: int, hi: int) -> list[Keyword]:
    """The keywords of a sentence (in order) that lie inside [lo, hi)."""
    i = bisect_left(kws, lo, key=_start)
    out = []
    for k in kws[i:]:
        if k.start >= hi:
            break
        if k.end <= hi:
            out.append(k)
    return out


def _start(k: Keyword) -> int:
    return k.start


# metrics a word of the sentence gives only to a figure next to it: 参数量达4050亿，使用了1.6万张H100
# (a count, not parameters); 换手率为186%，持有股票62只 (a count, not a turnover rate)
_NOT_SENTENCE_WIDE = frozenset({"parameters", "other"})
_RATE_NOUN = ("率", "速", "幅")
_HEAD_NOUN = compile_plain(r"[ ]?(?:的)?[ ]?")  # between a figure and the noun it quantifies  # 增长率, 增速, 涨幅: a growth word that names the rate
_CLAUSE_MARK = compile_plain(r"[，,。;；]")
_RATE_LIST = regex.compile(r"(?:[ ]?(?:和|及|与|、|或)[ ]?[+\-]?\d+(?:\.\d+)?[ ]?[%％])*")


def written(metric: str) -> str:
    """The vocabulary's name for a metric of the keyword table (valuation ratios are `other`)."""
    return lexicon().metrics["written_as"].get(metric, metric)


def assign(text: str, clause_lo: int, clause_hi: int, q: Quantity, wide_lo: int | None = None,
           inherit: str = "", kws: list[Keyword] | None = None, prev_end: int | None = None) -> tuple[str, Keyword | None]:
    """(metric, the governing keyword or None) for quantity `q` in the clause [clause_lo, clause_hi).

    When its clause has no governing word, the words since the previous figure of the sentence
    (`wide_lo`) are searched, then the metric of the previous figure of the same kind (`inherit`).
    `prev_end`: where the previous figure of the sentence ends, if there is one.
    """
    _, _, _, default, device = _tables()
    kind = unit_kind(q)
    if kind == "date":
        return "date", None
    if inherit == "growth" and not fits("growth", kind):
        inherit = ""  # 环比增长8亿美元，市场预期51亿美元: a change of an amount is not passed on
    if wide_lo is not None and (cut := statement_start(text, wide_lo, clause_lo)) > wide_lo:
        wide_lo, inherit = cut, ""  # … [3] - 累计装机超4500台: a new statement of a summary line starts afresh
    clause_lo = statement_start(text, clause_lo, q.start)  # (a clause of such a line, too)
    best: Keyword | None = None
    # a word right after the figure (skipping 的/个) governs it first: 1750亿参数, 3个月翻一番
    if kws is None:
        kws = keywords(text, min(clause_lo, wide_lo if wide_lo is not None else clause_lo), clause_hi)
    # (36%和13%的增长: the word after the last item of a list of rates governs every item)
    list_end = _RATE_LIST.match(text, q.end).end() if kind == "percent" else q.end
    after = [k for k in within(kws, list_end, min(clause_hi, list_end + AFTER + 3)) if fits(k.metric, kind)]
    after = [k for k in after if k.start - list_end <= AFTER and not _CLAUSE_MARK.search(text, list_end, k.start)]
    if after and (after[0].metric in ("doubling_time", "parameters", "users", "shipments")
                  or text[after[0].start:after[0].end] in POSTFIX_GROWTH  # +35.2% YoY
                  or (kind in ("money", "count") and _HEAD_NOUN.fullmatch(text, list_end, after[0].start))):
        best = after[0]  # 与库存相关的45亿美元费用: the noun a figure stands before is what it counts
    if best is None:
        def governs(k: Keyword) -> bool:
            """A word of the right kind, not a one-character growth word away from the figure
            (降规版的H20…15%: 降 governs only 降5%), not the word right after the previous figure (4050亿参数，
            训练使用了1.6万张: 参数 is that figure's), not 参数 for chips or cards counted (千亿参数大模型需要1000块A100)."""
            return (fits(k.metric, kind) and (k.end - k.start > 1 or k.metric != "growth" or q.start - k.end <= 1)
                    and not (k.metric == "market_size" and k.start < clause_lo and kind == "count")
                    and not (k.metric == "parameters" and q.unit_kind == "counter" and text[q.end - 1] != "个")
                    and not (prev_end is not None and k.start < clause_lo and 0 <= k.start - prev_end <= AFTER
                             and not _CLAUSE_MARK.search(text, prev_end, k.start)))

        before = [k for k in within(kws, clause_lo, q.start) if governs(k)]
        if not before and wide_lo is not None and wide_lo < clause_lo:
            before = [k for k in within(kws, wide_lo, clause_lo) if governs(k)]
        if not before and not inherit and kws:  # 营收环比增长7.9%，达到304.9亿美元: the sentence's word
            # (but not 参数: a parameter count stands next to its word, 参数量达4050亿，使用了1.6万张H100)
            # (within the figure's statement: a long summary line is cut at its citation marks and bullets)
            lo = statement_start(text, kws[0].start, clause_lo)
            before = [k for k in within(kws, lo, clause_lo) if governs(k) and k.metric not in _NOT_SENTENCE_WIDE]
        # 提升至55%, 提升1.8个百分点至35.6%: after 至/到 stands the new level, not the change
        to_level = _LEVEL_BEFORE.search(text, max(clause_lo, q.start - 3), q.start)
        while (before and before[-1].metric == "growth" and not text.endswith(_RATE_NOUN, 0, before[-1].end)
               and (to_level or _TO_LEVEL.match(text, before[-1].end))):
            before.pop()  # (增长率为5%, 增速为5%: the rate itself, not a level)
        if to_level:  # 从15%攀升至22%: the growth word after a level is not its metric
            after = [k for k in after if k.metric != "growth"]
        if before and not (after and text[before[-1].start:before[-1].end] in lexicon().metrics["weak"]["words"]):
            best = before[-1]
        elif after:
            best = after[0]
    change = _change_word(text, clause_lo, q, kws) if kind in ("money", "count") else None
    if change is not None:
        return "growth", change
    if best is None and kind == "percent" and text[q.start] in _SIGNED:
        return "growth", None  # (+42%), /+62.5%: a share has no sign; a signed rate is a change
    if best is None and kind == "money" and _segment_label().search(text, max(0, clause_lo - 12), q.start):
        return lexicon().metrics["segment_label"]["revenue"], None  # 非AI业务：40亿美元
    if best is None and (named := _slash_header(text, q, kind)):
        return named, None  # 营收/市场份额/年增长率 … 665.24亿美元/10.6%/+62.5%: the header's k-th measure
    if best is None and kind == "money" and not inherit and _market_quote(text, q.start):
        return "price", None  # 台股挫近千点，联电逆势收红，上涨0.78%至45元: a share's price that day
    metric = best.metric if best is not None else (inherit or q.metric or default.get(kind, "other"))
    if best is not None and kind == "percent" and metric in lexicon().metrics["rate_of"]:
        # 稀释毛利约2%: a margin; but 利润的30%用于分红 is a part of the profit
        metric = lexicon().metrics["rate_of"][metric] if text[q.start - 1:q.start] != "的" else default["percent"]
    elif best is not None and metric == "revenue" and _whole_market(text, 0, best):
        metric = "market_size"  # 全球半导体营收达6559亿美元
    metric = written(metric)
    if kind in ("FLOPS", "OPS"):
        window = text[clause_lo:min(clause_hi, q.end + 6)]
        if metric in ("compute", "performance"):
            if device.search(window) and not _AGGREGATE.search(window):
                metric = "performance"
            elif q.metric:
                metric = q.metric if best is None or best.metric == q.metric else metric
    return metric, best


_SLASH_HEADER_LINES = 4  # how many lines above a slash-joined row its header may stand


def _slash_header(text: str, q: Quantity, kind: str) -> str:
    """The metric of the k-th figure of a row of figures joined by slashes (665.24亿美元/10.6%/+62.5%)
    that a line above names in the same order (2024年营收/市场份额/年增长率); '' when none does."""
    line_lo = text.rfind("\n", 0, q.start) + 1
    line_hi = text.find("\n", q.end)
    line_hi = len(text) if line_hi < 0 else line_hi
    if "/" not in text[max(line_lo, q.start - 2):q.start] and not text.startswith("/", q.end):
        return ""
    k = text.count("/", line_lo, q.start)
    hi, seen = line_lo - 1, 0
    while seen < _SLASH_HEADER_LINES:  # (blank lines and rows like this one between do not count)
        if hi <= 0:
            return ""
        lo = text.rfind("\n", 0, hi) + 1
        if not text[lo:hi].strip() or ("/" in text[lo:hi] and not keywords(text, lo, hi)):
            hi = lo - 1
            continue
        seen += 1
        for token in text[lo:hi].split():
            parts = token.split("/")
            if len(parts) < 3 or len(parts) <= k:
                continue
            named = [keywords(p, 0, len(p)) for p in parts]
            if all(named):
                m = named[k][-1].metric
                return written(m) if fits(m, kind) else ""
        hi = lo - 1
    return ""


_SENTENCE_END = compile_plain(r"[。！？!?\n]")
_QUOTE_REACH = 60  # characters back from a figure where its sentence's market-quote words count


@cache
def _quote_words():
    return compile_plain(words_pattern(lexicon().context["period"]["quote_words"]))


def _market_quote(text: str, pos: int) -> bool:
    """The sentence of the figure at `pos` (up to it) is a market quote (股价, 收盘, 作收, 台股…):
    an amount of money no word names is the price of a share."""
    lo = max(0, pos - _QUOTE_REACH)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, pos)]
    return bool(_quote_words().search(text, ends[-1] if ends else lo, pos))


def _change_word(text: str, clause_lo: int, q: Quantity, kws: list[Keyword]) -> Keyword | None:
    """A growth word that an amount follows right away in its clause (环比增长 8 亿美元, 上涨20元):
    the amount is the change. Not one-character growth words (增资, 降本 are verbs of their own)."""
    near = within(kws, max(clause_lo, q.start - _CHANGE_GAP - 8), q.start)
    if not near:
        return None
    k = near[-1]
    if (k.metric != "growth" or k.end - k.start < 2 or text.endswith(_RATE_NOUN, 0, k.end)
            or text[k.end:q.start].strip(_CHANGE_FILLER)
            or text[k.start:k.end] in lexicon().metrics["change"]["not_words"]):
        return None
    return k


@lru_cache(maxsize=4096)
def metrics_named(phrase: str) -> frozenset:
    """The metrics of a phrase made of metric words only (归母净利润 -> {profit}); empty when
    the phrase says anything else."""
    if strip_keywords(phrase).strip():
        return frozenset()
    return frozenset(k.metric for k in keywords(phrase, 0, len(phrase)))
