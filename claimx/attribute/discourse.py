"""What a figure is about beyond its own phrase: the discourse around it.

The clause before that frames it (对于国内来讲的话，…), the clause before that says what is
measured (互联网行业占比最高，达到53.8%), a thing named again (我们中心 -> the center named
before), what a sentence says was released (发布B200 GPU，…), the question an answer replies
to (问：…？答：…), and a place's word for itself (全市 -> 杭州市). subject.py reads phrases;
this module relates them to the text around them.
"""
from __future__ import annotations

from bisect import bisect_left
from functools import cache

import regex

from ..lexicon import compile_plain, lexicon, words_pattern, words_regex
from .sentences import clause_end, clause_start
from .subject import (
    INDEFINITE,
    PRONOUN,
    clean,
    cut_at_metric_word,
    has_name,
    head_phrase,
    heads_longest_first,
    not_frames,
    phrase_before,
    thing_words,
    valid,
    with_keyword,
)


def _frame_end():
    return words_regex("context", "subject", "frame_end", before="(?P<marker>", after=")[ ]?$")


def _topic_opening():
    """A clause that opens with a topic and a topic marker (推理集群这块就低一些)."""
    return words_regex("context", "subject", "topic_markers", before="[^，,]{2,16}?(?P<marker>", after=")")


@cache
def _scope_topic():
    c = lexicon().context["subject"]
    return compile_plain(rf"[ ]?(?P<scope>{words_pattern(c['scope_words'])})(?:{words_pattern(c['scope_topic_after'])})")


def frame(text: str, sent_lo: int, lo: int, cuts: list[tuple[int, int]] = (),
          figure_starts: list[int] | None = None) -> tuple[str, bool]:
    """(the topic that a clause before the clause at `lo` names on its own, with no figure
    between; whether that clause is a frame of its own): the clause right before, ending in a
    frame word (对于国内来讲的话，是…被卡在28nm -> 国内, True), or the nearest clause that opens
    with a scope (国内是因为…，我们目前的节点是在28纳米 -> 国内, False); ('', False) if none.
    `figure_starts`: where the sentence's amounts start, in order (a date ends no topic)."""
    starts = sorted(a for a, _ in cuts) if figure_starts is None else figure_starts
    b = lo - 1  # where the clause before ends
    while b > sent_lo:
        a = clause_start(text, sent_lo, b)
        i = bisect_left(starts, a)
        if i < len(starts) and starts[i] < lo:
            break
        if b == lo - 1 and ((m := _frame_end().search(text, a, b)) or (m := _topic_opening().match(text, a, b))):
            x = phrase_before(text, a, m.start("marker"))
            ok = valid(x) and not x.startswith(PRONOUN) and not text[a:m.start("marker")].lstrip().startswith(not_frames())
            return (x, True) if ok else ("", False)
        if m := _scope_topic().match(text, a, b):
            return m.group("scope"), False
        b = a - 1
    return "", False


def measured_before(text: str, sent_lo: int, lo: int, cuts: list[tuple[int, int]] = (),
                    figure_starts: list[int] = ()) -> str:
    """What the clause right before the clause at `lo` says is measured, when it holds no figure
    (互联网行业占比最高，达到53.8% -> 互联网行业); ''."""
    if lo - 1 <= sent_lo:
        return ""
    a = clause_start(text, sent_lo, lo - 1)
    i = bisect_left(figure_starts, a)
    return "" if i < len(figure_starts) and figure_starts[i] < lo else _measured_in(text, a, lo - 1, cuts)


def _measured_in(text: str, a: int, b: int, cuts: list[tuple[int, int]] = ()) -> str:
    """What a clause without a figure says is measured: its first noun phrase before its first
    metric word that names no thing (互联网行业占比最高 -> 互联网行业, 其中GPU服务器依然占据主导地位 ->
    GPU服务器); '' if it has none."""
    from .metric import keywords

    kw = next((k for k in keywords(text, a, b) if text[k.start:k.end] not in thing_words()), None)
    x = head_phrase(text, a, kw.start, cuts) if kw is not None else ""
    # (全球AI芯片市场规模（2024E）：…: the market, 市场规模's head)
    return with_keyword(x, text[kw.start:kw.end]) if x and text.endswith(x, a, kw.start) else x


ANTECEDENT_REACH = 400  # characters back that a definite description may point to a fuller name


def _definite():
    return words_regex("context", "subject", "definite", after="[ ]?$")


def definite(text: str, lo: int, hi: int, subject: str) -> tuple[str, bool]:
    """(`subject` as named before, whether it is a definite description): `subject` written
    in [lo, hi) after 我们/这个/该 names a thing already spoken of; when it ends in a noun head
    (我们算力中心), the fuller name said before in the paragraph with that head (大连人工智能
    计算中心) replaces it."""
    at = text.rfind(subject, lo, hi) if subject else -1
    if at < 0 or not _definite().search(text, max(lo, at - 4), at):
        return subject, False
    core = words_regex("context", "subject", "keep_before", after="$").sub("", cut_at_metric_word(subject))  # 该ETF规模: the ETF
    head = next((h for h in heads_longest_first() if core.endswith(h)), "")
    floor = max(text.rfind("\n", 0, at) + 1, at - ANTECEDENT_REACH)
    pos = text.rfind(head, floor, at) if head else -1
    while pos >= 0:
        p = phrase_before(text, clause_start(text, floor, pos), pos + len(head))
        p = p[m.end():] if (m := INDEFINITE.search(p)) else p  # 建了一座先进计算中心: what was built
        if valid(p) and len(p) > len(core) and p.endswith(head) and not p.startswith(PRONOUN):
            return p, True
        pos = text.rfind(head, floor, pos)
    return subject, True


_PLACE = regex.compile(r"(?:^|(?<=[《“\s，,。；;：:]))(\p{Han}{2,3}?(?:市|省))")


def is_local(subject: str) -> bool:
    """`subject` starts with a place's word for itself (全市, 本省)."""
    return subject[:2] in lexicon().context["subject"]["local_scopes"]


def localized(subject: str, text: str, lo: int, hi: int) -> str:
    """`全市算力` -> `杭州市算力` when [lo, hi) names the city (《杭州市…》); `subject` otherwise."""
    for word, ending in lexicon().context["subject"]["local_scopes"].items():
        if subject.startswith(word):
            places = [m.group(1) for m in _PLACE.finditer(text, lo, hi) if m.group(1).endswith(ending)]
            return places[-1] + subject[len(word):] if places else subject
    return subject


@cache
def _released():
    verbs = words_pattern(lexicon().context["event"]["creation"])
    return compile_plain(rf"(?:{verbs})了?(?P<what>[^，,。；;！？!?]{{2,24}})")


def released(text: str, lo: int, hi: int) -> str:
    """The named thing the first clause of [lo, hi) says is released (英伟达在GTC大会上发布B200 GPU，…
    -> B200 GPU): what the rest of the sentence is about; '' if none."""
    m = _released().search(text, lo, clause_end(text, lo, hi))
    if not m:
        return ""
    what = clean(text[m.start("what"):m.end("what")])
    return what if has_name(what) and valid(what) else ""



def _question():
    return words_regex("context", "sentence", "question", after="[ ]?[:：]")  # 问：… in a transcript


QUESTION_REACH = 400  # characters back an answer looks for its question


def question_at(text: str, answer_at: int) -> tuple[int, int] | None:
    """For an answer (答：… at `answer_at`), where the question it replies to (问：…) stands."""
    questions = list(_question().finditer(text, max(0, answer_at - QUESTION_REACH), answer_at))
    return (questions[-1].end(), answer_at) if questions else None


def question_topic(text: str, answer_at: int) -> str:
    """For an answer (答：… at `answer_at`), the topic its question names (问：国内AI芯片的市场规模
    大概多大？ -> 国内AI芯片市场); '' if no question is near."""
    span = question_at(text, answer_at)
    if span is None:
        return ""
    from .metric import keywords

    lo, hi = span
    found = keywords(text, lo, hi)  # the topic ends at its first metric word (…调用量大概什么量级)
    phrase = head_phrase(text, lo, found[0].end if found else hi)
    k = _metric_keyword_in(phrase)
    return with_keyword(cut_at_metric_word(phrase), k) if k else phrase


def _metric_keyword_in(s: str) -> str:
    from .metric import keywords

    found = keywords(s, 0, len(s))
    return s[found[0].start:found[0].end] if found else ""
