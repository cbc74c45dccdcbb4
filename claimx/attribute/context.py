"""What the attribute rules know while a document's sentences are read in order: one `Context`
per document (its text, time frame, aliases, the currency of its 元, what it is about, the
subjects it named recently and the `Paragraph` being read), and a `Sentence` for the sentence
whose figures are being attributed (its periods, metric words, topic, the figure before)."""
from __future__ import annotations

import itertools
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from ..lexicon import compile_plain, lexicon, words_pattern, words_regex
from ..normalize import is_traditional
from . import discourse as dc
from . import events as ev
from . import forecast as fc
from . import metric as mt
from . import source as src
from . import subject as sj
from . import timeframe as tf
from . import topic as tp
from .aliases import default_aliases
from .currency import currency_of_yuan

if TYPE_CHECKING:
    from ..model import Document
    from ..normalize import NormText
    from ..quantity.scanner import Quantity
    from .aliases import Aliases

NAME_REACH = 3000  # characters back that 公司 may point to a name
_NEWLINES = compile_plain(r"\n")
_GOES_ON = compile_plain(r"[；;，,、：:][ \t]*\n\s*$")  # a line that ends mid-paragraph


@dataclass(slots=True)
class Paragraph:
    """What a paragraph carries from one sentence to the next: subjects and years carry within a
    paragraph only (its lines may end in ；)."""

    lo: int = 0  # where it starts
    line: int = -1  # the line of its last sentence
    subject: str = ""  # the subject it was last about
    year: tuple[int, bool] | None = None
    period: str = ""  # the period its last sentence with a time scoped its figures with
    report_period: str = ""  # the period its results report covers (公布2024年第三季财报)
    day: str = ""  # the last day it named (a trading day: 台股21日…)


@dataclass(slots=True)
class Context:
    """A document being read: its normalized text and figures, what it says of itself (source,
    date, time frame, currency of 元, topic, markets) and what reading it has gathered so far."""

    doc: Document
    nt: NormText
    found: list[Quantity]  # every figure of the text, in order
    source: str
    published: str
    aliases: Aliases
    frame: tf.TimeFrame
    taiwan: bool  # in traditional script: Taiwan terms in subjects take their mainland form
    yuan: str  # the currency a bare 元 means in it
    line_starts: list[int]  # offsets in the document's own text
    topic: str  # the entity the document is about (topic.document_topic)
    markets: list  # the markets the document names (topic.markets)
    recent: sj.Recent = field(default_factory=sj.Recent)
    para: Paragraph = field(default_factory=Paragraph)
    prev_times: list = field(default_factory=list)  # time expressions of the last sentence that stated one

    @classmethod
    def of(cls, doc: Document, nt: NormText, found: list[Quantity], aliases: Aliases | None = None) -> Context:
        """The context of `doc` read as `nt` with figures `found`; source and date from its header
        when the reader found none. `aliases`: default data/aliases.toml."""
        t = nt.text
        source, published = doc.source, doc.published
        if not source or not published:
            s2, p2 = src.header(t)
            source, published = source or s2, published or p2
        if aliases is None:
            aliases = default_aliases()
        frame = tf.document_frame(t, published, aliases)
        taiwan = is_traditional(doc.text, learned=True)
        yuan = currency_of_yuan(t, taiwan)
        line_starts = [0] + [m.end() for m in _NEWLINES.finditer(doc.text)]
        return cls(doc, nt, found, source, published, aliases, frame, taiwan, yuan, line_starts,
                   tp.document_topic(t), tp.markets(t))

    @property
    def t(self) -> str:
        return self.nt.text

    def sentence(self, s0: int, s1: int, sent: list[Quantity], upto: int) -> Sentence:
        """The sentence [s0, s1) whose figures are `sent` (`upto`: the index in `found` past them),
        its periods resolved; the paragraph it goes on or starts carried past it."""
        t, frame = self.t, self.frame
        line_no = bisect_right(self.line_starts, self.nt.orig(s0))
        if line_no != self.para.line and not _GOES_ON.search(t, max(0, s0 - 8), s0):
            # (a paragraph that opens going on about the one before, 同期，… 其中，…, keeps its period)
            self.para = Paragraph(lo=s0, period=self.para.period if _carry_across().match(t, s0) else "")
        para = self.para
        para.line = line_no
        company = tf.sentence_company(t, s0, s1, self.aliases)
        own_time = bool(words_regex("context", "period", "own_time").search(t, s0, s1))
        times = ev.resolve_times(t, sent, frame, para.year, company)
        para.year = ev.year_of(times) or para.year
        cuts = ev.cuts(t, sent)
        sent = [q for q in sent if not q.small_cn]  # 三大, 六部: words, not figures
        amounts = [q for q in sent if q.kind == "amount"]
        events = ev.event_dates(t, sent, amounts)
        scoping = ev.scoping(t, sent, events)
        if not times and para.period and _carry_opener().match(t, s0):
            # 我们预计2025年…。其中，训练服务器占比约为六成: a sentence that goes on about the one
            # before (其中, 其, 当季) and states no time of its own takes the period stated last
            scoping = [(s0, s0, para.period)]
        elif not times and para.report_period and not own_time:
            scoping = [(s0, s0, para.report_period)]  # 公布2024年第三季财报…。毛利率57.8%: the report's quarter
        para.report_period = next((q.period for q in sent if q.kind == "date" and q.period and (
            tf.reports_on(t, q.end) or _report_before().search(t, max(0, q.start - 3), q.start))), para.report_period)
        if not frame.topic:  # the period the headline or the lead's report names
            frame.topic = tf.topic_of(t, s0, s1, [q for q in sent if q.kind == "date"])
        scoping = sorted(scoping + frame.time_words(t, s0, s1, company, scoping, para.period,
                                                    [q.start for q in sent if q.kind == "amount"]))
        st = Sentence(self, s0, s1, scoping, cuts, para.subject, figures=sent, stated=times, own_time=own_time,
                      event_dates=events, label=label_above(t, s0, s1, self.found, upto), prev_times=self.prev_times,
                      sent_dates=[q for q in sent if q.kind == "date"], amounts=amounts)
        self.prev_times = times or self.prev_times
        para.period = next((p for _, _, p in reversed(scoping) if p), para.period)
        para.day = next((p for _, _, p in reversed(scoping) if tf.is_day(p)), para.day)
        return st


@cache
def _carry_across():
    """Words opening a paragraph that name the time of the paragraph before (同期，…)."""
    return compile_plain(rf"\s*(?:{words_pattern(lexicon().context['period']['carry_across'])})")


def _answer():
    """An answer in a transcript (答：…): its question names the topic and the metric."""
    return words_regex("context", "sentence", "answer", before=r"\s*", after="[ ]?[:：]")


def _report_before():
    """Words before a period that make it the outlook a paragraph goes on with (展望2025年)."""
    return words_regex("context", "period", "report_before", after="[ ]?$")


@cache
def _carry_opener():
    return compile_plain(rf"\s*(?:{words_pattern(lexicon().context['period']['carry_openers'])})")


@dataclass(slots=True)
class Sentence:
    """What the attribute rules know about one sentence while its figures are read."""

    ctx: Context
    s0: int
    s1: int
    times: list[tuple[int, int, str]]  # the periods that scope its figures: (start, end, period)
    cuts: list[tuple[int, int]]
    before: str  # the subject the paragraph was last about
    figures: list = field(default_factory=list)  # its figures (Quantity), words like 三大 left out
    stated: list = field(default_factory=list)  # the time expressions it states itself
    own_time: bool = False  # it has a time word of its own (目前): no period carries into it
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
    def t(self) -> str:
        return self.ctx.nt.text

    @property
    def para_lo(self) -> int:
        """Where the sentence's paragraph starts."""
        return self.ctx.para.lo

    @property
    def doc_topic(self) -> str:
        return self.ctx.topic

    @property
    def doc_markets(self) -> list:
        return self.ctx.markets

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
            span = dc.question_at(self.t, self.s0) if _answer().match(self.t, self.s0) else None
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
            self._topic = (topic or (dc.question_topic(self.t, self.s0) if _answer().match(self.t, self.s0) else "")
                           or self.before)
        return self._topic


_SENTENCE_PUNCT = compile_plain(r"[。！？!?，,；;：:]")
LABEL_MAX = 24  # characters: a longer line is prose, not a label
LABEL_REACH = 4  # lines of bare figures above one that may share its label


def label_above(t: str, s0: int, s1: int, found: list[Quantity], upto: int) -> str:
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
