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
from .attribute import source as src
from .attribute import subject as sj
from .attribute.sentences import clause_end, clause_start, sentences
from .lexicon import compile_plain, lexicon, words_pattern, words_regex
from .model import Claim, Document
from .normalize import NormText, is_traditional
from .quantity.scanner import FROM_BEFORE, Quantity, apply_qualifier, scan
from .table_cells import table_claims

_WS = regex.compile(r"\s+")
_NEWLINES = compile_plain(r"\n")


def _currency_of_yuan(text: str) -> str:
    """The currency a bare 元 means in this document (CLAIMS.md; words in units.toml [yuan]): the
    one its amounts are stated in, written before them (新台币3,142.4亿元, 港币120亿元); a price
    in another currency (目标价450港元) leaves the document's 元 alone."""
    counts = Counter({cur: len(_currency_before_amount(cur).findall(text)) for cur in lexicon().units["yuan"]})
    cur, n = counts.most_common(1)[0]
    return cur if n and counts[cur] > counts["CNY"] else "CNY"


@cache
def _currency_before_amount(cur: str):
    return compile_plain(rf"(?:{words_pattern(lexicon().units['yuan'][cur])})(?=[ ]?[\d一二两三四五六七八九十约近超])")


def claim_id(doc: str, quote: str, context: str, occurrence: int) -> str:
    h = hashlib.blake2b(f"{doc}\x1f{quote}\x1f{context}\x1f{occurrence}".encode("utf-8", "surrogatepass"),
                        digest_size=8)
    return h.hexdigest()


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


NAME_REACH = 3000  # characters back that 公司 may point to a name

# unit kinds whose metric carries to the next figure of the sentence when its words are silent
# (预计2024年将达到87亿美元，2028年将增至124亿美元); counted things (张, 个) differ from figure to figure
INHERITING = {"money", "percent", "FLOPS", "OPS", "rate", "magnitude", "time"}

_GOES_ON = compile_plain(r"[；;，,、：:][ \t]*\n\s*$")  # a line that ends mid-paragraph
_RATIO_TO = compile_plain(r"(?:是|为|相当于)[ ]?$")  # 是2021年的3倍: a ratio to that year's figure
_NOW = compile_plain(r"目前|现在|当前|如今")
_ANSWER = compile_plain(r"\s*答[ ]?[:：]")  # an answer in a transcript: its question names the topic
_NODE_NAME = compile_plain(r"\d+(?:\.\d+)?[ ]?(?:纳米|奈米|nm)")  # a process node named by its figure


def _whole_market(t: str, lo: int, hi: int, cuts) -> str:
    """The market a sentence measures shares within (在全球GPU市场中, 中国AI芯片市场里), if it names one."""
    m = _within_market().search(t, lo, hi)
    if m is None:
        return ""
    whole = sj.phrase_before(t, lo, m.end("head"), cuts)
    return whole if sj.valid(whole) and whole.endswith(tuple(lexicon().context["subject"]["attach_heads"])) else ""


@cache
def _within_market():
    heads = words_pattern(lexicon().context["subject"]["attach_heads"])
    within = words_pattern(lexicon().context["subject"]["after_figure"]["within"])
    shares = words_pattern(lexicon().context["subject"]["market_share_words"])
    return regex.compile(rf"(?P<head>{heads})(?:{within})(?=[，,]|[^，,。]{{0,12}}(?:{shares}))")


@cache
def _parts() -> tuple[str, ...]:
    return tuple(lexicon().context["subject"]["parts"])


def _device(t: str, st: Sentence, pos: int) -> str:
    """The device whose part (晶体管, 核心) a figure counts: the one the sentence is about,
    else the last one named before `pos`."""
    return sj.named_part(st.topic) if sj.has_name(st.topic) else sj.last_entity(t, st.s0, pos)


def _report_after():
    """Words after a period that make it the period a results report covers (2024年第三季财报)."""
    return words_regex("context", "period", "report_words", before="[ ]?(?:全年|的)?")


def _report_before():
    """Words before a period that make it the outlook a paragraph goes on with (展望2025年)."""
    return words_regex("context", "period", "report_before", after="[ ]?$")


@cache
def _carry_opener():
    return compile_plain(rf"\s*(?:{words_pattern(lexicon().context['period']['carry_openers'])})")


_THIS = compile_plain(r"该|这|此|上述")  # 该公司, 这四家公司: the ones named last, not the paragraph's
@cache
def _verb_object():
    """A verb right before a count (规划建设8个, 部署了10万张): the count is its object."""
    return compile_plain(rf"(?:{words_pattern(lexicon().context['subject']['object_verbs'])})了?[ ]?(?:约|大约|超过|近|共)?[ ]?$")


_BASE_OF_VALUE = compile_plain(r"(?:较|相比|相较)(?P<x>[^，,。；;较比]{1,12}?)的[ ]?$")  # 较H100高峰期的N
_CHINESE_NAME = regex.compile(r"\p{Han}{2,8}")  # a company named in Chinese (a topic that may be 公司)
_AND_BEFORE = compile_plain(r"(?:和|及|与|、|以及)[ ]?$")
_OWN_DATE = compile_plain(r"[ ]?(?:[^，,。；;：:、0-9]{0,4}的)?[ ]?")  # 2024年(高峰时期)的800亿元: a date right before its figure
_AFTER_NODE = compile_plain(r"[ ]?[)）]?[ ]?(?:的|制程|製程|工艺|节点|合计|合計|出货|出貨|占|公司|晶圆|晶圓|营收|營收|收入)*[ ]?")
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
        row.unit = yuan + q.unit[1:]  # a bare 元 takes the document's currency (元/月 -> CNY/month)
    elif kind == "magnitude" and mt.is_money_metric(metric):
        row.unit = yuan  # 27个亿 where a money word governs it
    elif kind == "magnitude":  # 从3亿增长到5亿元, 从3亿美元增长到5亿: one currency in one clause
        later = next((a for a in st.amounts if a.start >= q.end), None)
        near = [a for a in (prev, later) if a is not None and mt.unit_kind(a) == "money" and (
            lo <= a.start < hi or (a is prev and metric == st.prev_metric.get("money")))]  # …1.2万亿元，预计2030年突破3万亿
        if near:
            row.unit = near[-1].unit if near[-1].unit != "元" else yuan
            if metric == "count":
                row.metric = metric = st.prev_metric.get("money", "other")
    row.subject = _subject(t, q, row, st, recent, lo, hi, kind, metric, kw)
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
    if metric == "growth" and row.value is not None and row.value > 0 and mt.is_decline(t, lo, q.start):
        row.value = -row.value
        if row.low is not None or row.high is not None:
            row.low, row.high = (-row.high if row.high is not None else None,
                                 -row.low if row.low is not None else None)
    return row


def _subject(t: str, q: Quantity, row: Claim, st: Sentence, recent: sj.Recent, lo: int, hi: int, kind: str,
             metric: str, kw) -> str:
    """What the amount `q` (its clause [lo, hi), its governing word `kw`) is about; a comparing
    word may qualify `row` on the way (不到H100的15%)."""
    prev = st.prev_amount
    anchor = kw.start if kw is not None and lo <= kw.start and kw.end <= q.start else q.start
    subject, counted_named = "", False
    if (base := _BASE_OF_VALUE.search(t, lo, q.start)) and sj.valid(
            of_base := sj.phrase_before(t, base.start("x"), base.end("x"), st.cuts)):
        subject = of_base  # 较H100高峰期的52周以上: the base's own figure
    elif (anchor < q.start and q.start - kw.end > 1 and sj.has_name(t[kw.end:q.start])
            and sj.has_name(own := sj.phrase_before(t, kw.end, q.start, st.cuts))):
        subject = own  # 份额分别为英伟达80.2%、AMD 7.1%: the name right before each figure
    elif prev is not None and prev.unit == "nm" and lo <= prev.start and _AFTER_NODE.fullmatch(t, prev.end, anchor):
        subject = t[prev.start:prev.end]  # 5纳米占32%: the node names what the share is of
    if not subject and metric in ("share", "multiple"):
        subject, verb = sj.compared(t, lo, q.start, st.cuts)
        if verb and row.qualifier == "exact":
            apply_qualifier(row, lexicon().qualifiers["prefix"].get(verb, "exact"))  # 不到H100的15%
        if verb and not subject:
            subject = st.carried  # …1元，仅为o1的3%: the thing before, never the base (o1)
    if not subject and metric in ("share", "growth"):
        # (after the figure before it when a 占 of its own stands there: 训练占六成、推理占四成)
        own_holder = prev is not None and lo <= prev.end and any(w in t[prev.end:q.start] for w in "占在")
        subject, held = sj.holder(t, prev.end if own_holder else lo, anchor, st.cuts)
        if held and not subject:
            subject = st.carried  # …，占总营收比重近88%: the one said before holds it
    if not subject and kind == "percent":
        subject = sj.part_of_whole(t, lo, q.start, q.end, hi)  # 市场由算力芯片(55-75%)…组成
    subject, said = (subject, False) if subject else dc.definite(t, lo, anchor, sj.phrase_before(t, lo, anchor, st.cuts))
    if subject and mt.metrics_named(subject) and not sj.names_thing(subject):
        subject = ""  # 预计归母净利润亏损4.3亿元, 亏损幅度收窄26%: metric words alone name nothing
    if metric == "process_node" and (adopt := words_regex("context", "subject", "adopt_verbs").search(t, lo, q.start)) and (
            sj.valid(adopter := sj.phrase_before(t, lo, adopt.start(), st.cuts))):
        subject = adopter  # 天玑9400采用台积电3纳米制程: the node of the chip that adopts it
    elif subject.endswith(_parts()) and not sj.has_name(subject) and (device := _device(t, st, lo)):
        subject = device  # …，晶体管数量达291亿个: the device's
    # 对于国内来讲的话，…: the topic the clause before names, unless this clause names its own
    frame, framed = st.frame(lo)
    if frame and (sj.has_name(t[lo:anchor]) or (mt.metrics_named(frame) and not sj.names_thing(frame))):
        frame = ""  # (上架率这块呢，…: a frame of metric words alone names nothing)
    carried = not subject
    pointing, own = sj.owned(subject)
    share_of = kind == "percent" and t.startswith("的", q.end)
    if pointing:  # 其数据中心业务 -> 英伟达数据中心业务
        noun = next((w for w in lexicon().context["subject"]["company_nouns"] if w in t[lo:anchor]), "")
        owner = ""
        if noun and not _THIS.search(t, lo, anchor):
            # 公司指引…: the company the paragraph is about (not a product named since), else the one
            # the document named last
            owner = (sj.first_known_name(t, st.s0, lo) or sj.first_known_name(t, t.rfind("\n", 0, st.s0) + 1, st.s0)
                     or (st.topic if _CHINESE_NAME.fullmatch(st.topic) else "")  # 我们上调新易盛盈利预测，…公司
                     or st.before_name)  # (its own sentence's first)
        owner = owner or sj.resolve_pronoun(t, st.s0, lo, anchor)
        owner = owner or st.carried or st.topic or st.before_name or noun  # (a company never named: 公司)
        subject = sj.join(owner, own) if owner and not own.startswith(owner) else own or owner
    elif (not subject or (metric == "count" and q.unit_kind == "counter"
                          and (len(subject) <= 2 or (_verb_object().search(t, lo, q.start) and not sj.has_name(subject))))
          or (share_of and sj.scope_only(subject))
          or (prev is not None and lo <= prev.start and _AND_BEFORE.search(t, prev.end, q.start))):
        # (100p的人工智能算力和5p的…, 8个枢纽节点和10个集群: the words before belong to the figure before)
        subject = "" if prev is not None and lo <= prev.start and subject in t[prev.end:q.start] else subject
        # 使用了1.6万张H100, 建设8个国家算力枢纽节点: the thing counted names it; so does the
        # whole a share is of (超过60%的企业已部署)
        counted = (sj.head_phrase(t, q.end + share_of, hi, st.cuts)
                   if q.unit_kind == "counter" or share_of else "")
        if counted and not sj.valid(mt.strip_keywords(counted)) and not sj.names_thing(counted):
            counted = ""  # 6轮融资: a metric word counts no thing of its own (订单, 用户 are things)
        if counted and counted.endswith(_parts()):
            counted = _device(t, st, q.start)  # 集成2080亿个晶体管: the device's
        counted_named = bool(counted)
        after = _is_after().match(t, q.end) if not counted and not subject else None
        if after:  # 80%以上都是英伟达的芯片
            counted = sj.head_phrase(t, after.end(), hi, st.cuts)
        if counted and sj.scope_only(subject):
            counted = subject + counted  # 国内已建成30多个智算中心: the scope stays
        carried_subject = "" if ((metric == "process_node" and _NODE_NAME.match(st.carried))  # 3纳米…，5纳米
                                 or sj.is_list(st.carried)) else st.carried  # a list was shared out
        subject = counted or subject or frame or st.measured(lo) or carried_subject or st.topic
    elif sj.scope_only(subject) and st.carried and (kw is None or sj.attaches(sj.keyword_head(t[kw.start:kw.end]))):
        # 对应全球市场规模: the scope of the thing named before
        subject = st.carried if subject in st.carried else sj.rescope(subject, st.carried)
    if kw is not None and anchor == kw.start:
        subject = sj.with_keyword(subject, t[kw.start:kw.end], carried)  # 全球GPU + 市场规模 -> 全球GPU市场
    if st.label:
        subject = st.label  # a line of bare figures under its label: what the label names
    # (the thing counted names itself, however short: 400多个场景)
    subject = recent.complete(sj.named(sj.cut_at_metric_word(subject), t, st.s0, q.start, lambda: st.topic, metric,
                                       short_ok=counted_named or (said and not framed),
                                       frame=lambda: frame or st.measured(lo)))
    if frame and subject != frame and not sj.has_name(subject):
        if framed and sj.scope_only(frame) and not sj.scoped(subject):
            subject = frame + subject  # 国内的话，…智能算力的规模 -> 国内智能算力
        elif sj.has_name(frame) and subject.endswith(sj.part_heads()):
            subject = sj.join(frame, subject)  # 英伟达这块，数据中心业务 -> 英伟达数据中心业务
    if metric == "share" and sj.has_name(subject) and (whole := _whole_market(t, st.s0, q.start, st.cuts)) and whole not in subject:
        subject = whole + subject  # 全球GPU市场中，英伟达的份额为80%: the share of that market
    if dc.is_local(subject):
        subject = dc.localized(subject, t, t.rfind("\n", 0, st.s0) + 1, q.start)  # 全市 -> 杭州市
    # the thing a count counts is the topic after it only when the count opens its clause (2048颗A100的
    # 集群，可以…), not when it is an object (共使用约2.5万张A100，训练时长约90天: GPT-4's)
    if not counted_named or not st.carried or not sj.valid(sj.clean(t[lo:q.start])):
        st.carried = subject
    return subject


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
    doc_year = int(published[:4]) if published else None
    yuan = _currency_of_yuan(t)
    taiwan = is_traditional(doc.text, learned=True)  # Taiwan terms in subjects take their mainland form
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
    para_year: tuple[int, bool] | None = None
    para_period = ""  # the period the paragraph's last sentence with a time scoped its figures with
    report_period = ""  # the period the paragraph's results report covers (公布2024年第三季财报)
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
            last_subject, para_year, para_period, report_period = "", None, "", ""
        para_line = line_no
        times = ev.resolve_times(sent, doc_year, para_year)
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
        elif not times and report_period and not words_regex("context", "period", "own_time").search(t, s0, s1):
            scoping = [(s0, s0, report_period)]  # 公布2024年第三季财报…。毛利率57.8%: the report's quarter
        report_period = next((q.period for q in sent if q.kind == "date" and q.period and (
            _report_after().match(t, q.end) or _report_before().search(t, max(0, q.start - 3), q.start))), report_period)
        st = Sentence(t, s0, s1, scoping, cuts, last_subject, event_dates=events)
        st.label = _label_above(t, s0, s1, found, qi)
        st.prev_times = prev_times
        st.sent_dates = [q for q in sent if q.kind == "date"]
        st.amounts = amounts

        prev_times = times or prev_times
        para_period = next((p for _, _, p in reversed(scoping) if p), para_period)
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
            row.subject = sj.canonical(row.subject, aliases, taiwan)
    claims.extend(table_claims(doc, nt, claims, source, published, yuan, line_starts, aliases, taiwan))
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
def _is_after():
    """`都是`, `里边大部分的都是` right after a figure: what follows names it."""
    a = lexicon().context["subject"]["after_figure"]
    w = words_pattern
    return compile_plain(rf"[ ]?(?:{w(a['within'])})?的?(?:{w(a['most'])})?的?(?:{w(a['adverbs'])})?(?:{w(a['verbs'])})")


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
