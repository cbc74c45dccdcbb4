"""The extraction pipeline for one document:

    Document -> normalized copy -> quantities (scan) -> which dates are claims
             -> metric, subject, period, forecast, cited (attribute/) -> Claim rows

Offsets are found on the normalized copy and mapped back to the document's own text.
"""
from __future__ import annotations

import hashlib
import itertools
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

import regex

from .attribute import discourse as dc
from .attribute import events as ev
from .attribute import forecast as fc
from .attribute import metric as mt
from .attribute import period as pd
from .attribute import sign
from .attribute import source as src
from .attribute import subject as sj
from .attribute import timeframe as tf
from .attribute import topic as tp
from .attribute.aliases import default_aliases
from .attribute.amount_subject import Figure, amount_subject
from .attribute.sentences import clause_end, clause_start, sentences
from .furniture import text_furniture
from .lexicon import compile_plain, lexicon, words_pattern, words_regex
from .model import Claim, Document
from .normalize import NormText, is_traditional
from .quantity.numbers import numeral_chars
from .quantity.scanner import FROM_BEFORE, Quantity, apply_qualifier, scan
from .table import text_id
from .table_cells import table_claims

_WS = regex.compile(r"\s+")
_NEWLINES = compile_plain(r"\n")


def _currency_of_yuan(text: str, traditional: bool = False) -> str:
    """The currency a bare 元 means in this document (docs/claims.md; words in units.toml [yuan]): the
    one its amounts are stated in, written before them (新台币3,142.4亿元, 港币120亿元) or right
    after their 元 (9899.2亿元新台币); a price in another currency (目标价450港元) leaves the
    document's 元 alone. A document in traditional script that says neither is placed by its
    words: a Taiwan paper's 元 is TWD (台股, 年增5%), a Hong Kong paper's HKD (港股, 按年)."""
    yuan = lexicon().units["yuan"]
    counts = Counter({cur: len(_currency_near_amount(cur).findall(text)) for cur in yuan["currencies"]})
    cur, n = counts.most_common(1)[0]
    if n and counts[cur] > counts["CNY"]:
        return cur
    if traditional:
        region = Counter({cur: len(_region_words(cur).findall(text)) for cur in yuan["region"]})
        cur, n = region.most_common(1)[0]
        if n and list(region.values()).count(n) == 1:
            return cur
    return "CNY"


@cache
def _currency_near_amount(cur: str):
    words = words_pattern(lexicon().units["yuan"]["currencies"][cur])
    return regex.compile(rf"(?:{words})(?=[ ]?[\d{numeral_chars()}约近超])|(?<=[\d万亿千百兆][ ]?元)(?:{words})")


@cache
def _region_words(cur: str):
    region = lexicon().units["yuan"]["region"][cur]
    return regex.compile(rf"(?:{words_pattern(region['words'])})|(?:{words_pattern(region['before_figure'])})(?=[ ]?[\d约近逾{numeral_chars()}])")


@cache
def _currency_words():
    """Every currency name of units.toml [money] (美元, 新台币) -> its code; Latin codes and signs left out."""
    return {w: u for w, u in lexicon().units["money"].items() if len(w) >= 2 and not w.isascii() and u != "元"}


@cache
def _stated_currency_re():
    """A currency named in a clause as what its figures are counted in (以美元计, 美元营收, 新台币营收):
    before a word that says so (units.toml [stated_currency]), not the unit of a figure before it."""
    words = words_pattern(_currency_words())
    counted = words_pattern(lexicon().units["stated_currency"]["before"])
    return regex.compile(rf"(?r)(?<![\d万亿千百兆元][ ]?)(?P<w>{words})(?=的?(?:{counted}))")


@cache
def _money_figure_re():
    """A figure with its currency written after it (25亿美元, 3.5万元)."""
    words = words_pattern([*_currency_words(), "元"])
    return regex.compile(rf"(?<=[\d万亿千百兆][ ]?)(?P<w>{words})")


CURRENCY_REACH = 600  # characters back in which the figures of a document set its money's currency


def _currency_at(t: str, lo: int, pos: int, yuan: str, bare_magnitude: bool) -> str:
    """The currency of a money figure at `pos` whose own unit is a bare 元 or none (27个亿): the one
    its clause names (美元营收达318至330亿元), else, for a bare magnitude, the one most figures
    before it are stated in (…57亿美元…营收391亿), else the document's 元."""
    m = _stated_currency_re().search(t, lo, pos)
    if m is not None:
        return _currency_words()[m.group("w")]
    if bare_magnitude:
        seen = Counter(_currency_words().get(w, yuan) for w in
                       (x.group("w") for x in _money_figure_re().finditer(t, max(0, pos - CURRENCY_REACH), pos)))
        if seen:
            return seen.most_common(1)[0][0]
    return yuan


_COUNTED_AFTER = compile_plain(r"[ ]?[A-Za-z]")  # 13万GPU集群: what follows is the thing counted
@cache
def _period_rate_re():
    rates = lexicon().units["period_rate"]
    return regex.compile("(?r)" + "|".join(f"(?P<{unit}>{words_pattern(words)})" for unit, words in rates.items()))


def _period_rate(t: str, s0: int, pos: int, kws) -> str:
    """The period a price at `pos` is paid per when a word of the sentence before it says so (年租金,
    月费: units.toml [period_rate]) and no other money word stands between; '' otherwise."""
    m = _period_rate_re().search(t, s0, pos)
    if m is None:
        return ""
    word = m.group()
    if any(m.end() <= k.start < pos and mt.is_money_metric(k.metric) and not word.endswith(t[k.start:k.end])
           for k in kws):
        return ""  # 年租金2万元，购买价格15万元: the price after another money word is not a rent
    return m.lastgroup


@cache
def _exchange_res():
    ex = lexicon().units["exchange"]
    cur = words_pattern(_currency_words())
    verbs = words_pattern(ex["verbs"])
    pair = regex.compile(rf"(?P<a>{cur})(?:[ ]?\d+(?:\.\d+)?[ ]?)?(?:{verbs})[ ]?(?P<b>{cur})?"
                         rf"(?:{words_pattern(ex['words'])})?(?:{words_pattern(ex['gap'])})?[ ]?"
                         rf"(?:\d+(?:\.\d+)?[ ]?(?:{words_pattern(ex['ratio'])})[ ]?)?$")
    base = regex.compile(rf"[ ]?(?:{verbs})[ ]?(?:{cur})?[ ]?\d")
    return pair, base


FX_LOOSE = 2.0  # 人民币兑美元汇率7.2: a rate above this against USD is the other currency per dollar


def _exchange_rate(t: str, lo: int, q: Quantity, unit: str, yuan: bool) -> str | None:
    """The unit of an exchange rate (新台币兑美元汇率29元, 1美元兑30.6元 -> TWD/USD; 美元对新台币汇率1比30.6
    -> TWD/USD); None for the base such a rate is stated against (1美元兑…) or a rate whose currencies
    the clause does not name; '' for any other figure. `yuan`: the figure's unit is a bare 元."""
    if unit not in mt.CURRENCIES and unit != "fx":
        return ""
    pair, base = _exchange_res()
    if unit != "fx" and base.match(t, q.end):
        return None
    m = pair.search(t, lo, q.start)
    if m is None:
        return None if unit == "fx" else ""
    a = _currency_words()[m.group("a")]
    b = _currency_words()[m.group("b")] if m.group("b") else ""
    if unit != "fx":  # the figure's currency per the other one named (a bare 元: the pair's non-dollar one)
        if yuan and (pair_local := [c for c in (a, b) if c and c != "USD"]):
            unit = pair_local[0]
        other = b if a == unit else a
        return f"{unit}/{other}" if other and other != unit else ""
    if not b or a == b:
        return None
    return f"{a}/{b}" if b == "USD" and q.value is not None and q.value > FX_LOOSE else f"{b}/{a}"


# metrics of money or units whose bare magnitude (市场规模6165亿) is money: units would have a counter,
# or the thing counted after the figure (超830万标准机架)
MONEY_WHEN_BARE = ("market_size",)
_ENDS_FIGURE = regex.compile(r"[ ]*(?:$|[\p{P}的])")


def claim_id(doc: str, quote: str, context: str, occurrence: int) -> str:
    h = hashlib.blake2b(f"{doc}\x1f{quote}\x1f{context}\x1f{occurrence}".encode("utf-8", "surrogatepass"),
                        digest_size=8)
    return text_id(h.hexdigest())  # never all digits: Excel and pandas would read a number


@dataclass(slots=True)
class Sentence:
    """What the attribute rules know about one sentence while its figures are read."""

    t: str
    s0: int
    s1: int
    times: list[tuple[int, int, str]]
    cuts: list[tuple[int, int]]
    before: str  # the subject the paragraph was last about
    carried: str = ""  # subject of the previous figure
    prev_amount: Quantity | None = None
    prev_metric: dict = field(default_factory=dict)  # unit kind -> metric of the last figure
    prev_times: list = field(default_factory=list)  # time expressions of the previous sentence
    sent_dates: list = field(default_factory=list)  # the sentence's dates (Quantity)
    amounts: list = field(default_factory=list)  # the sentence's amounts (Quantity)
    label: str = ""  # the label line above a line of bare figures (a slide, a caption)
    event_dates: set = field(default_factory=set)  # where the sentence's dates of events start
    para_lo: int = 0  # where the sentence's paragraph starts
    doc_topic: str = ""  # the entity the document is about (topic.document_topic)
    doc_markets: list = field(default_factory=list)  # the markets the document names (topic.markets)
    _topic: str | None = None
    _kws: list | None = None
    _cues: fc.SentenceCues | None = None
    _frames: dict = field(default_factory=dict)
    _measured: dict = field(default_factory=dict)
    _amount_starts: list | None = None
    _asked: str | None = None

    @property
    def kws(self) -> list:
        """The metric words of the sentence, in order; none that straddles the edge of a date or
        figure (上半[年增]长: 年增 is no growth word there)."""
        if self._kws is None:
            kws = mt.keywords(self.t, self.s0, self.s1)
            edges = sorted({e for span in self.cuts for e in span if self.s0 < e < self.s1})
            if any((i := bisect_right(edges, k.start)) < len(edges) and edges[i] < k.end for k in kws):
                bounds = [self.s0, *edges, self.s1]  # search again between the edges
                kws = [k for a, b in itertools.pairwise(bounds) for k in mt.keywords(self.t, a, b)]
            self._kws = kws
        return self._kws

    @property
    def asked(self) -> str:
        """For an answer (答：…), the metric its question asks about (问：…出货量？); '' otherwise."""
        if self._asked is None:
            span = dc.question_at(self.t, self.s0) if _ANSWER.match(self.t, self.s0) else None
            found = mt.keywords(self.t, *span) if span else []
            self._asked = found[0].metric if found else ""
        return self._asked

    def frame(self, lo: int) -> tuple[str, bool]:
        """The topic a clause before the clause at `lo` frames it with (subject.frame), once per clause."""
        if lo not in self._frames:
            self._frames[lo] = dc.frame(self.t, self.s0, lo, self.cuts, self.amount_starts)
        return self._frames[lo]

    def measured(self, lo: int) -> str:
        """What the clause before the clause at `lo` says is measured (subject.measured_before), once."""
        if lo not in self._measured:
            self._measured[lo] = dc.measured_before(self.t, self.s0, lo, self.cuts, self.amount_starts)
        return self._measured[lo]

    @property
    def amount_starts(self) -> list[int]:
        if self._amount_starts is None:
            self._amount_starts = [q.start for q in self.amounts]
        return self._amount_starts

    @property
    def cues(self) -> fc.SentenceCues:
        """The forecast cue words of the sentence."""
        if self._cues is None:
            self._cues = fc.SentenceCues(self.t, self.s0, self.s1)
        return self._cues

    @property
    def before_name(self) -> str:
        """The last name the document gave before this sentence (公司 points to it)."""
        return sj.last_entity(self.t, max(0, self.s0 - NAME_REACH), self.s0)

    @property
    def topic(self) -> str:
        """The sentence's first noun phrase (up to its first metric word), else the paragraph's
        subject; for a line of bare figures, the label above it."""
        if self._topic is None and self.label:
            self._topic = self.label
        if self._topic is None:
            start = src.after_citation(self.t, self.s0, self.s1)  # 根据IDC数据，… : the topic follows
            start = tp.after_firm_says(self.t, start, self.s1)  # 集邦指出，…: so it does here
            things = sj.thing_words()  # 全球算力需求: 算力 is a metric word that names a thing
            figures = sorted((q.start, q.end) for q in [*self.sent_dates, *self.amounts])  # 前两天: no figure
            # (英伟达在GTC大会上发布B200 GPU，…: what was released is what the sentence goes on about)
            topic, kw = dc.released(self.t, start, self.s1), None
            # up to its first metric word, or past a change verb before the topic (我们上调新易盛盈利预测: 新易盛)
            for kw in (k for k in self.kws if k.start >= start and self.t[k.start:k.end] not in things):
                if topic or (topic := sj.head_phrase(self.t, start, kw.start, figures)) or kw.metric != "growth":
                    break
            else:
                kw = None
            end = kw.start if kw is not None else self.s1
            topic = topic or (sj.head_phrase(self.t, start, end, figures) if kw is None else "")
            if topic and kw is not None and self.t.endswith(topic, start, end):  # 全球AI芯片 + 市场规模 -> …市场
                topic = sj.with_keyword(topic, self.t[kw.start:kw.end])
            self._topic = (topic or (dc.question_topic(self.t, self.s0) if _ANSWER.match(self.t, self.s0) else "")
                           or self.before)
        return self._topic


TIMELESS = {"process_node"}  # metrics whose figures belong to no period
NAME_REACH = 3000  # characters back that 公司 may point to a name

# unit kinds whose metric carries to the next figure of the sentence when its words are silent
# (预计2024年将达到87亿美元，2028年将增至124亿美元); counted things (张, 个) differ from figure to figure
INHERITING = {"money", "percent", "FLOPS", "OPS", "rate", "magnitude", "time"}

_GOES_ON = compile_plain(r"[；;，,、：:][ \t]*\n\s*$")  # a line that ends mid-paragraph
_RATIO_TO = compile_plain(r"(?:是|为|相当于)[ ]?$")  # 是2021年的3倍: a ratio to that year's figure
_NOW = compile_plain(r"目前|现在|当前|如今")
_ANSWER = compile_plain(r"\s*答[ ]?[:：]")  # an answer in a transcript: its question names the topic


def _report_before():
    """Words before a period that make it the outlook a paragraph goes on with (展望2025年)."""
    return words_regex("context", "period", "report_before", after="[ ]?$")


@cache
def _carry_opener():
    return compile_plain(rf"\s*(?:{words_pattern(lexicon().context['period']['carry_openers'])})")


_OWN_DATE = compile_plain(r"[ ]?(?:[^，,。；;：:、0-9]{0,4}的)?[ ]?")  # 2024年(高峰时期)的800亿元: a date right before its figure
_TO = compile_plain(r"(?:至|到)[ ]?$")
_SENTENCE_PUNCT = compile_plain(r"[。！？!?，,；;：:]")
LABEL_MAX = 24  # characters: a longer line is prose, not a label
LABEL_REACH = 4  # lines of bare figures above one that may share its label


def _label_above(t: str, s0: int, s1: int, found: list[Quantity], upto: int) -> str:
    """For a line of bare figures (`460万美元`, `10000块GPU * 13天`: little but figures), the
    short line above the block that labels it (a slide's or a caption's title: `GPT-3`); ''
    for any other line."""
    line_lo = t.rfind("\n", 0, s0) + 1
    line_hi = t.find("\n", s1 - 1)
    line_hi = line_hi if line_hi >= 0 else len(t)
    if line_hi - line_lo > 2 * LABEL_MAX:
        return ""
    spans = [(q.start, q.end) for q in found[max(0, upto - 64):upto + 1]]  # the figures up to this line

    def bare(a: int, b: int) -> bool:
        inside = [(x, y) for x, y in spans if a <= x and y <= b]
        if not inside:
            return False
        rest = "".join(t[x:y] for x, y in zip([a] + [y for _, y in inside], [x for x, _ in inside] + [b], strict=True))
        return len(sj.CONTENT.findall(rest)) <= 4

    if not bare(line_lo, line_hi):
        return ""
    end, seen = line_lo - 1, 0
    while end >= 0 and seen < LABEL_REACH:
        start = t.rfind("\n", 0, end) + 1
        line = t[start:end].strip()
        if line:
            if not bare(start, end):
                if len(line) > LABEL_MAX or _SENTENCE_PUNCT.search(line):
                    return ""
                label = sj.phrase_before(t, start, end)  # 【纪要】专家交流会 -> 专家交流会
                return label if sj.valid(label) else ""
            seen += 1
        end = start - 1
    return ""


def _amount_row(t: str, q: Quantity, row: Claim, st: Sentence, yuan: str, recent: sj.Recent, lo: int) -> Claim | None:
    """Metric, subject, period and sign of an amount; None when it is no claim. `lo`: where its clause starts."""
    prev = st.prev_amount
    if q.small_cn:
        return None
    if q.metric == "growth" and prev is not None and prev.unit_kind == "time" and q.start - prev.end <= 2:
        return None  # 3-4个月翻一番: the doubling word names the metric of the duration
    hi = clause_end(t, q.end, st.s1)
    kind = mt.unit_kind(q)
    metric, kw = mt.assign(t, lo, hi, q, wide_lo=prev.end if prev is not None else st.s0,
                           inherit=st.prev_metric.get(kind, "") if kind in INHERITING else "", kws=st.kws,
                           prev_end=prev.end if prev is not None else None)
    if kw is None and st.asked and st.asked != metric and mt.fits(st.asked, kind):
        metric = st.asked  # 问：…出货量？答：…大概在八十万台上下
    if metric != "growth" or mt.fits(metric, kind):  # 增长8亿美元: a change passes no metric on
        st.prev_metric[kind] = metric
    row.metric = metric
    if q.unit == "元" or q.unit.startswith("元/"):
        row.unit = _currency_at(t, lo, q.start, yuan, False) + q.unit[1:]  # 元/月 -> CNY/month
    elif kind == "magnitude" and mt.is_money_metric(metric) and _COUNTED_AFTER.match(t, q.end):
        row.metric = metric = "count"  # 13万GPU集群: a count, never money
    elif kind == "magnitude" and (mt.is_money_metric(metric) or (metric in MONEY_WHEN_BARE and _ENDS_FIGURE.match(t, q.end))):
        row.unit = _currency_at(t, lo, q.start, yuan, True)  # 27个亿 where a money word governs it
    if (fx := _exchange_rate(t, lo, q, row.unit, q.unit == "元")) is None:
        return None  # 1美元兑30.6元: the base a rate is stated against
    row.unit = fx or row.unit
    if row.unit in mt.CURRENCIES and (per := _period_rate(t, st.s0, q.start, st.kws)):
        row.unit = f"{row.unit}/{per}"  # 年租赁价格…约2万元: CNY/year
    elif kind == "magnitude":  # 从3亿增长到5亿元, 从3亿美元增长到5亿: one currency in one clause
        later = next((a for a in st.amounts if a.start >= q.end), None)
        near = [a for a in (prev, later) if a is not None and mt.unit_kind(a) == "money" and (
            lo <= a.start < hi or (a is prev and metric == st.prev_metric.get("money")))]  # …1.2万亿元，预计2030年突破3万亿
        if near:
            row.unit = near[-1].unit if near[-1].unit != "元" else yuan
            if metric == "count":
                row.metric = metric = st.prev_metric.get("money", "other")
    row.subject = amount_subject(Figure(q, row, lo, hi, kind, metric, kw), st, recent)
    row.period = pd.for_figure(st.times, q.start, metric)
    own = next((d for d in st.sent_dates if d.period and _OWN_DATE.fullmatch(t, d.end, q.start)), None)
    if own is not None and q.unit in ("times", "percent") and _RATIO_TO.search(t, max(0, own.start - 4), own.start):
        # 是2021年的3倍: a ratio to the base year's figure, of the period before it
        row.period = pd.for_figure([x for x in st.times if x[0] != own.start], q.start, metric)
    elif own is not None:
        row.period = own.period  # 较2024年的800亿元: the base's own year, though it scopes nothing after
    if row.period and not any(lo <= a for a, _, _ in st.times if a < q.start) and _NOW.search(t, lo, q.start):
        row.period = ""  # …2025年将达到500亿元，目前渗透率为12%: "now", not the year said before
    if not row.period and metric == "cagr":
        row.period = pd.span([p for _, _, p in st.prev_times])  # 年复合增长率为19%: the span just stated
    if row.qualifier == "exact":
        near = _loose_qualifier().search(t, max(lo, q.start - 8, prev.end if prev is not None else lo), q.start)
        if near:  # 至少差了4年, 接近翻倍
            apply_qualifier(row, lexicon().qualifiers["prefix"][near.group("word")])
        elif words_regex("context", "forecast", "loose_approx").search(t, prev.end if prev is not None else lo, q.start):
            row.qualifier = "approx"  # 约占全球总规模十分之一
    sign.apply(t, lo, q, row, st.amounts)  # a fall is negative: 下降15.1%, 减少40亿美元
    return row


def extract_document(doc: Document, aliases=None) -> list[Claim]:
    """Every claim of one document. `aliases`: an `Aliases` table to name subjects with
    (default: data/aliases.toml)."""
    nt = NormText(doc.text, reflow=doc.pages is not None, page_starts=set(doc.pages or ()))
    t = nt.text
    found = scan(t)
    source, published = doc.source, doc.published
    if not source or not published:
        s2, p2 = src.header(t)
        source, published = source or s2, published or p2
    if aliases is None:
        aliases = default_aliases()
    frame = tf.document_frame(t, published, aliases)
    taiwan = is_traditional(doc.text, learned=True)  # Taiwan terms in subjects take their mainland form
    yuan = _currency_of_yuan(t, taiwan)
    line_starts = [0] + [m.end() for m in _NEWLINES.finditer(doc.text)]
    furniture = sorted([*doc.furniture, *((nt.orig(a), nt.orig_end(b)) for a, b in text_furniture(t))])

    def in_furniture(a: int, b: int) -> bool:
        k = bisect_right(furniture, (a, 10**18)) - 1
        return any(fa < b and a < fb for fa, fb in furniture[max(0, k - 1):k + 2])

    claims: list[Claim] = []
    seen: Counter = Counter()
    recent = sj.Recent()
    doc_topic, doc_markets = tp.document_topic(t), tp.markets(t)
    para_lo = 0
    last_subject = ""
    para_line = -1
    para_year: tuple[int, bool] | None = None
    para_period = ""  # the period the paragraph's last sentence with a time scoped its figures with
    report_period = ""  # the period the paragraph's results report covers (公布2024年第三季财报)
    para_day = ""  # the last day the paragraph named (a trading day: 台股21日…)
    prev_times: list[tuple[int, int, str]] = []
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
        line_no = bisect_right(line_starts, nt.orig(s0))
        if line_no != para_line and not _GOES_ON.search(t, max(0, s0 - 8), s0):
            # subjects and years carry within a paragraph only (its lines may end in ；)
            last_subject, para_year, para_period, report_period, para_day = "", None, "", "", ""
            para_lo = s0
        para_line = line_no
        company = tf.sentence_company(t, s0, s1, aliases)
        own_time = bool(words_regex("context", "period", "own_time").search(t, s0, s1))
        times = ev.resolve_times(t, sent, frame, para_year, company)
        para_year = ev.year_of(times) or para_year
        cuts = ev.cuts(t, sent)
        sent = [q for q in sent if not q.small_cn]  # 三大, 六部: words, not figures
        amounts = [q for q in sent if q.kind == "amount"]
        events = ev.event_dates(t, sent, amounts)
        scoping = ev.scoping(t, sent, events)
        if not times and para_period and _carry_opener().match(t, s0):
            # 我们预计2025年…。其中，训练服务器占比约为六成: a sentence that goes on about the one
            # before (其中, 其, 当季) and states no time of its own takes the period stated last
            scoping = [(s0, s0, para_period)]
        elif not times and report_period and not own_time:
            scoping = [(s0, s0, report_period)]  # 公布2024年第三季财报…。毛利率57.8%: the report's quarter
        report_period = next((q.period for q in sent if q.kind == "date" and q.period and (
            tf.reports_on(t, q.end) or _report_before().search(t, max(0, q.start - 3), q.start))), report_period)
        if not frame.topic:  # the period the headline or the lead's report names
            frame.topic = tf.topic_of(t, s0, s1, [q for q in sent if q.kind == "date"])
        scoping = sorted(scoping + frame.time_words(t, s0, s1, company, scoping, para_period,
                                                    [q.start for q in sent if q.kind == "amount"]))
        st = Sentence(t, s0, s1, scoping, cuts, last_subject, event_dates=events, para_lo=para_lo, doc_topic=doc_topic,
                      doc_markets=doc_markets)
        st.label = _label_above(t, s0, s1, found, qi)
        st.prev_times = prev_times
        st.sent_dates = [q for q in sent if q.kind == "date"]
        st.amounts = amounts

        prev_times = times or prev_times
        para_period = next((p for _, _, p in reversed(scoping) if p), para_period)
        para_day = next((p for _, _, p in reversed(scoping) if tf.is_day(p)), para_day)
        sent_rows: list[tuple[Quantity, Claim]] = []
        for q in sent:
            o_start, o_end = nt.orig(q.start), nt.orig_end(q.end)
            if furniture and in_furniture(o_start, o_end):
                continue
            row = Claim(doc=doc.path, page=None, line=0, start=o_start, end=o_end,
                        quote=doc.text[o_start:o_end], value=q.value, unit=q.unit, low=q.low, high=q.high,
                        qualifier=q.qualifier, source=source, published=published, context=context, cited=cited)
            clause_lo = clause_start(t, s0, q.start)
            if q.kind == "date":
                row = ev.date_claim(t, q, row, st, amounts, published, source)
                cue_lo = clause_lo
            else:
                row = _amount_row(t, q, row, st, yuan, recent, clause_lo)
                st.prev_amount = q
                cue_lo = s0
                if row is not None and row.metric in TIMELESS:
                    row.period = ""  # 3纳米: a process node is a technology, not a figure of a period
                elif (row is not None and (para_day or frame.day) and not tf.dated_in_clause(row.period, st.times, clause_lo, q.start, t, s0)
                      and tf.is_quote(t, clause_lo, q.end, row.metric, s0)):
                    row.period = tf.trading_day(t, st.times, q.start, para_day or frame.day)  # 台股21日挫近千点…。联电ADR以7.24美元作收
                elif row is not None and not row.period and not own_time and tf.of_a_period(row.metric):
                    row.period = frame.topic  # nothing in its paragraph dates it: what the document reports on
                if row is not None:
                    recent.add(row.subject)
                    last_subject = row.subject or last_subject
            if row is None:
                continue
            # the figure a change starts from, or the base of a comparison, is a fact (从X增长至Y, 较2024年的X)
            from_value = FROM_BEFORE.search(t, max(s0, q.start - 12), q.start) or any(
                FROM_BEFORE.search(t, max(s0, a - 3), a) or (ev.comparison_base(t, a) and _OWN_DATE.fullmatch(t, b, q.start))
                for a, b, _ in times if 0 <= q.start - b <= 2)
            statement = st.cues.statement_start(q.start)  # (2025E) in its statement: a broker's estimate
            row.forecast = fc.is_forecast(t, cue_lo if not from_value else q.start, q.start, row.period, published,
                                          clause_lo, st.cues, q.end, row.qualifier == "range") or any(
                p == row.period and t[b - 1] in "EF" for a, b, p in st.times if statement <= a and b <= q.start)
            row.line = bisect_right(line_starts, o_start)
            if doc.pages:
                row.page = bisect_right(doc.pages, o_start)
            sent_rows.append((q, row))
            key = (row.quote, context)
            seen[key] += 1
            row.id = claim_id(doc.path, row.quote, context, seen[key])
            claims.append(row)
        _distribute_lists(t, s0, s1, sent_rows)
        _distribute_years(t, sent_rows, times)
        for _, row in sent_rows:
            if row.metric == "date" and published and row.period == published:
                # the document's own date: its publisher's (else the name its byline gives it, if any)
                row.subject = source or tp.event_subject(row.subject)
            elif row.metric == "date":
                row.subject = tp.event_subject(row.subject)  # no piece of a clause names an event
            elif tp.is_basis(row.subject):  # GAAP和非GAAP…分别为: each basis of the document's entity
                row.subject = tp.anchored(row.subject, lambda: doc_topic)
            row.subject = sj.canonical(row.subject, aliases, taiwan)
    tables = table_claims(doc, nt, claims, source, published, yuan, line_starts, aliases, taiwan, frame)
    for row in tables:  # a table's cell under a label that names no entity: the document's
        row.subject = sj.canonical(tp.anchored(row.subject, lambda: doc_topic), aliases, taiwan)
    claims.extend(tables)
    claims.sort(key=lambda c: (c.start, c.end))
    return claims


def _distribute_lists(t: str, s0: int, s1: int, sent_rows: list[tuple[Quantity, Claim]]) -> None:
    """`A100和H100的算力分别为19.5和67 TFLOPS`: the n names before 分别 go to the n figures after it."""
    for m in words_regex("context", "subject", "respectively").finditer(t, s0, s1):
        end = clause_end(t, m.end(), s1)
        group = [(q, r) for q, r in sent_rows if m.end() <= q.start < end and q.kind == "amount"]
        if len(group) < 2:
            continue
        names = sj.split_list(group[0][1].subject, len(group)) or (
            # 其次是政府和电信行业，分别占15%和10%: the names close the clause before
            sj.split_list(sj.phrase_before(t, s0, m.start()), len(group)) if clause_start(t, s0, m.start()) == m.start()
            else None)
        if names:
            for (_, r), name in zip(group, names, strict=True):
                r.subject = name


@cache
def _loose_qualifier():
    """A qualifier word of two or more characters, then at most a verb or a per-unit word,
    right before a figure (至少差了4年, 不低于每股25元)."""
    q = lexicon().qualifiers
    words = words_pattern([w for w in q["prefix"] if len(w) >= 2])
    return regex.compile(rf"(?P<word>{words})(?:{words_pattern(q['loose']['verbs'])})?了?"
                         rf"(?:{words_pattern(q['loose']['per'])})?[ ]?$")


_LISTED = regex.compile(r"[ ]?(?:、|/|,|，|和|及|与|以及)?[ ]?")


def _distribute_years(t: str, sent_rows: list[tuple[Quantity, Claim]], times: list[tuple[int, int, str]]) -> None:
    """`2024-2026年EPS分别为1.2/1.5/1.9元`: n figures listed one after another (same kind of
    unit, nothing but a separator between them) under a period of n years take a year each;
    the figure a change leads to takes the target year (到2027年将由2023年的5%提升至30%)."""
    rows = [(q, r) for q, r in sent_rows if q.kind == "amount"]
    if len(rows) < 2:
        return
    run: list[tuple[Quantity, Claim]] = []
    for item in [*rows, None]:
        if item is not None and run:
            (pq, pr), (q, r) = run[-1], item
            if (r.period == pr.period and mt.unit_kind(q) == mt.unit_kind(pq)
                    and _LISTED.fullmatch(t, pq.end, q.start)):
                run.append(item)
                continue
        years = pd.each_year(run[0][1].period) if len(run) >= 2 else []
        if len(years) == len(run):
            for (_, r), year in zip(run, years, strict=True):
                r.period = year
        run = [item] if item is not None else []
    # 2021-2025年市场规模将从53.9亿美元增长至103.4亿美元: the span's first and last year
    for (a, ra), (b, rb) in itertools.pairwise(rows):
        years = pd.each_year(ra.period) if ra.period == rb.period and "-" in ra.period else []
        if (years and mt.unit_kind(a) == mt.unit_kind(b) and FROM_BEFORE.search(t, max(0, a.start - 2), a.start)
                and _TO.search(t, a.end, b.start)):
            ra.period, rb.period = years[0], years[-1]
        # 到2027年…将由2023年的5%提升至30%: 2023 is where the change starts, 2027 where it ends
        start = next((x for x in times if x[2] == ra.period and x[1] <= a.start), None)
        if (not years and ra.period and ra.period == rb.period and start is not None
                and FROM_BEFORE.search(t, max(0, start[0] - 2), start[0]) and _TO.search(t, a.end, b.start)):
            rb.period = next((p for _, _, p in times if p and p != ra.period), rb.period)


def extract_text(text: str, doc: str = "<text>", aliases=None, **meta) -> list[Claim]:
    """Claims of one text (the library's simplest entry point). `meta`: Document fields such
    as `published="2024-03-06"` or `source="..."` when the text itself does not say them."""
    return extract_document(Document(path=doc, text=text, **meta), aliases)
