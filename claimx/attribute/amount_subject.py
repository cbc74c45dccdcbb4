"""What an amount is about: the rules that read its subject from its clause, its sentence and
the text around it, then anchor it on an entity (topic.py).

In order: the base of a comparison (较H100高峰期的…), a name right before the figure, a process
node a share is of, the holder of a share, the first term of a comparison, the phrase before
the governing word (subject.phrase_before), a pointing word (其, 公司) resolved, the thing a
count counts, a frame the clause before sets (对于国内来讲的话), the market a share is within,
a place's word for itself; last, a phrase that names no entity takes the one its
sub-sentence, paragraph or document is about (topic.anchored).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import regex

from ..lexicon import compile_plain, lexicon, words_pattern, words_regex
from ..quantity.scanner import Quantity, apply_qualifier
from . import discourse as dc
from . import metric as mt
from . import subject as sj
from . import topic as tp

if TYPE_CHECKING:
    from ..model import Claim
    from .context import Sentence


@dataclass(slots=True)
class Figure:
    """One amount being attributed: the figure, its row, its clause [lo, hi), the kind of its
    unit, its metric and the metric word that governs it (None if none does)."""

    q: Quantity
    row: Claim
    lo: int
    hi: int
    kind: str
    metric: str
    kw: object | None


_NODE_NAME = compile_plain(r"\d+(?:\.\d+)?[ ]?(?:纳米|奈米|nm)")  # a process node named by its figure
_THIS = compile_plain(r"该|这|此|上述")  # 该公司, 这四家公司: the ones named last, not the paragraph's
_BASE_OF_VALUE = compile_plain(r"(?:较|相比|相较)(?P<x>[^，,。；;较比]{1,12}?)的[ ]?$")  # 较H100高峰期的N
_CHINESE_NAME = regex.compile(r"\p{Han}{2,8}")  # a company named in Chinese (a topic that may be 公司)
# a figure's unit words and 的 before the name it is of (1750亿参数的GPT-3, 700W的B200)
_OF_NAME = compile_plain(r"[ ]?(?:个)?(?:参数量?|参数规模)?[ ]?的[ ]?")
_AND_BEFORE = compile_plain(r"(?:和|及|与|、|以及)[ ]?$")
_AFTER_NODE = compile_plain(r"[ ]?[)）]?[ ]?(?:的|制程|製程|工艺|节点|合计|合計|出货|出貨|占|公司|晶圆|晶圓|营收|營收|收入)*[ ]?")


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


@cache
def _verb_object():
    """A verb right before a count (规划建设8个, 部署了10万张): the count is its object."""
    return compile_plain(rf"(?:{words_pattern(lexicon().context['subject']['object_verbs'])})了?[ ]?(?:约|大约|超过|近|共)?[ ]?$")



@cache
def _is_after():
    """`都是`, `里边大部分的都是` right after a figure: what follows names it."""
    a = lexicon().context["subject"]["after_figure"]
    w = words_pattern
    return compile_plain(rf"[ ]?(?:{w(a['within'])})?的?(?:{w(a['most'])})?的?(?:{w(a['adverbs'])})?(?:{w(a['verbs'])})")


def _pointed_noun(t: str, lo: int, hi: int) -> str:
    """The noun a pointing word points with (该项目 -> 项目) when it names no company or model, which
    a far name never stands for; ''."""
    c = lexicon().context["subject"]
    m = words_regex("context", "subject", "pronoun_starts").search(t, lo, hi)
    n = words_regex("context", "subject", "pointing_nouns").match(t, m.end(), hi) if m else None
    word = n.group() if n else ""
    return word if word and word not in c["company_nouns"] and word not in c["pointing_named"] else ""


def _pointed(t: str, st: Sentence, recent: sj.Recent) -> str:
    """What a sentence that opens pointing back (这家公司…, 它…, 该模型…) is about: the entity the
    sentences before it in its paragraph name, else, when it opens a paragraph, the last named
    subject before it."""
    line_lo = t.rfind("\n", 0, st.s0) + 1
    found = tp.previous_entity(t, st.s0, line_lo)
    if not found and not t[line_lo:st.s0].strip() and recent.items and sj.has_name(recent.items[-1]):
        found = recent.items[-1]
    return found


def amount_subject(fig: Figure, st: Sentence, recent: sj.Recent) -> str:
    """What the amount `fig.q` (its clause [fig.lo, fig.hi), its governing word `fig.kw`) is
    about, in the sentence `st` (the document's recent subjects: `recent`); a comparing word may
    qualify `fig.row` on the way (不到H100的15%)."""
    t, q, row, lo, hi, kind, metric, kw = st.t, fig.q, fig.row, fig.lo, fig.hi, fig.kind, fig.metric, fig.kw
    prev = st.prev_amount
    span = dc.question_span(t, q.start)  # (an answer's: the question names what it is about)
    asked = (tp.names_in(t, *span) or [(m.start(), m.group()) for m in sj.latin_names(t[span[0]:span[1]])]) if span else []
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
            owner = dc.speaker_entity(t, q.start, st.doc_topic)  # 王小川：现在公司大概有500人: his company
        if noun and not owner and not _THIS.search(t, lo, anchor):
            # 公司指引…: the company the paragraph is about (not a product named since), else the one
            # the document named last
            owner = (sj.first_known_name(t, st.s0, lo) or sj.first_known_name(t, t.rfind("\n", 0, st.s0) + 1, st.s0)
                     or (st.topic if _CHINESE_NAME.fullmatch(st.topic) else "")  # 我们上调新易盛盈利预测，…公司
                     or st.before_name)  # (its own sentence's first)
        owner = owner or sj.resolve_pronoun(t, st.s0, lo, anchor) or next(
            (x for x in (st.carried, st.before) if sj.has_name(x)), "")
        itself = _pointed_noun(t, lo, anchor)  # (该项目: a project, no name said before stands for it)
        owner = owner or (_pointed(t, st, recent) if not itself else "") or st.carried  # DeepSeek-V3是…开源模型。它的API价格…
        owner = owner or itself or st.topic or st.before_name or noun  # (a company never named: 公司)
        if sj.has_name(own):
            subject = sj.named_part(own)  # 其旗下产品Kimi: the product named
        else:
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
        subject = counted or subject or frame or st.measured(lo) or carried_subject or st.topic or (
            _pointed(t, st, recent) if sj.opens_with_pointer(t, st.s0, st.s1, st.cuts) else "")
    elif sj.scope_only(subject) and st.carried and (kw is None or sj.attaches(sj.keyword_head(t[kw.start:kw.end]))):
        # 对应全球市场规模: the scope of the thing named before
        subject = st.carried if subject in st.carried else sj.rescope(subject, st.carried)
    if kw is not None and anchor == kw.start:
        subject = sj.with_keyword(subject, t[kw.start:kw.end], carried)  # 全球GPU + 市场规模 -> 全球GPU市场
    if st.label:
        subject = st.label  # a line of bare figures under its label: what the label names
    elif (dc.first_person(t, lo, anchor) and not sj.has_name(subject)
          and (speaker := dc.speaker_entity(t, q.start, st.doc_topic))):
        own = "" if (not sj.valid(subject) or subject.startswith(sj.PRONOUN) or subject == st.carried
                     or (mt.metrics_named(subject) and not sj.names_thing(subject))) else subject
        subject = sj.join(speaker, own) if own and not own.startswith(speaker) else speaker  # 我们的企业客户
    if (metric in lexicon().context["subject"]["named_metrics"]
            and (after := _OF_NAME.match(t, q.end)) and (name := sj.name_at(t, after.end()))):
        subject = name  # 训练1750亿参数的GPT-3: the model the figure is of, named right after it
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
    if carried and subject == st.carried and prev is not None:
        subject = tp.carried_past(t, st.s0, prev.end, q.start, subject)  # …；第二名为三星，营收32亿美元
    # a phrase that names no entity: the one its sub-sentence, paragraph or document is about
    def entity():
        return tp.entity_before(t, st.s0, q.start, st.para_lo, st.doc_topic, metric,
                                asked[0][1] if asked else dc.speaker_entity(t, q.start, st.doc_topic))

    if word := tp.consensus(t, lo, q.start):  # 优于市场预期的431亿美元: the market's figure for it
        subject = tp.expected(subject, word, entity)
    else:
        subject = tp.anchored(subject, entity, piece=tp.metric_piece(t, subject, anchor),
                              basis=tp.basis_before(t, st.s0, q.start))
    if subject and not sj.has_name(subject) and not sj.scoped(subject) and not tp.is_market(subject) and asked:
        subject = sj.join(asked[0][1], subject)  # 问：GPT-4o呢？答：输出10美元: the question's entity
    if subject and not sj.has_name(subject) and (not sj.scoped(subject) or sj.scope_only(subject)) and (
            not tp.is_market(subject)) and (speaker := dc.speaker_entity(t, q.start)) and speaker not in subject:
        subject = sj.join(speaker, subject)  # 姜大昕：研发投入…: a speaker's words are of the one they speak for
    if metric == "share" and kw is not None:  # 台积电…市占率71%: of the market the document is about
        market = tp.sentence_market(t, st.s0, kw.start, tp.market_before(st.doc_markets, q.start))
        subject = tp.share_of(subject, t[kw.start:kw.end], market)
    # the thing a count counts is the topic after it only when the count opens its clause (2048颗A100的
    # 集群，可以…), not when it is an object (共使用约2.5万张A100，训练时长约90天: GPT-4's)
    if not counted_named or not st.carried or not sj.valid(sj.clean(t[lo:q.start])):
        st.carried = subject
    return subject
