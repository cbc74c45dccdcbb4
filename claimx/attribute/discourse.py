"""What a figure is about beyond its own phrase: the discourse around it.

The clause before that frames it (对于国内来讲的话，…), the clause before that says what is
measured (互联网行业占比最高，达到53.8%), a thing named again (我们中心 -> the center named
before), what a sentence says was released (发布B200 GPU，…), the question an answer replies
to (问：…？答：…), and a place's word for itself (全市 -> 杭州市). subject.py reads phrases;
this module relates them to the text around them.
"""
from __future__ import annotations

from bisect import bisect_left
from functools import cache, lru_cache

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
            ok = valid(x) and not x.startswith(PRONOUN) and (
                not text[a:m.start("marker")].lstrip().startswith(not_frames())
                or m.group("marker") in lexicon().context["subject"]["example_frames"])  # 以GPT-4为例
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


# ---------------------------------------------------------------- speakers

LABEL_MAX = 10  # characters: a longer run before a colon is a clause, not a speaker's label
SPEAKER_REACH = 24  # characters before a person's name in which the text names whom they speak for


@cache
def _label():
    """A speaker's label opening a line: an optional floor (2楼, #3, 楼主), the label, an optional
    affiliation in parentheses, a colon."""
    floors = words_pattern(lexicon().context["subject"]["speakers"]["floors"])
    replies = words_pattern(lexicon().context["subject"]["speakers"]["replies"])
    return regex.compile(rf"(?m)^[ \t\u3000]*(?:【[^】\n]{{1,8}}】[ \t]*)?"  # (【对话】杨植麟：…)
                         rf"(?:(?P<reply>{replies})[ \t]+)?"  # (推 cloudboy: …)
                         rf"(?:(?:\d{{1,4}}|[一二三四五六七八九十]{{1,3}})[ ]?楼[ \t]*|#\d{{1,4}}[ \t]*|(?:{floors})[ \t]+)?"
                         rf"(?P<label>[^\s：:，。,；;！？!?（）()、]{{1,{LABEL_MAX}}}?)"
                         r"[ \t]*(?:[（(](?P<affil>[^）)\n]{1,24})[）)])?[ \t]*[：:]")


def _speakers() -> dict:
    return lexicon().context["subject"]["speakers"]


@cache
def _role():
    """(asking, answering): a label that is a role word (Q, 问, 主持人) or opens with one of two
    Chinese characters or more (网友小李, 嘉宾张三)."""
    s = _speakers()

    def role(words):
        whole = words_pattern(words)
        opening = words_pattern([w for w in words if len(w) >= 2 and not w.isascii()])
        return compile_plain(rf"^(?:(?:{whole})$|(?:{opening}))")

    return role(s["asking"]), role(s["answering"])


def _plain_label(label: str) -> str:
    return label.translate(_QUOTE_MARKS).strip()


_QUOTE_MARKS = str.maketrans("", "", "“”\"'‘’「」")


@cache
def _person_name():
    """A label that is a person's name: a family name and one or two characters (张三, 王小川,
    欧阳娜娜), or a Latin first and last name (Sam Altman)."""
    surnames = words_pattern(_speakers()["surnames"])
    # (a foreign name in Chinese letters, its parts joined by a middle dot: 萨提亚·纳德拉, 黄仁勋 has none)
    return regex.compile(rf"(?:{surnames})\p{{Han}}{{1,2}}|[A-Z][a-z]+ [A-Z][A-Za-z]+|\p{{Han}}{{1,6}}[·・•]\p{{Han}}{{1,8}}")


@lru_cache(maxsize=8)
def turns(text: str) -> tuple[tuple[int, int, str, str, str], ...]:
    """The turns of a transcript or a thread, in order: (where the label starts, where the turn's
    words start, the label, the role: 'asking', 'answering' or '', the entity the speaker speaks
    for or ''). A label is a speaker's when it is a role (主持人, Q, 网友…) or a person the alias
    table knows; or a person's name (张三) that has an affiliation after it (张三（某云厂商）),
    recurs as a label, or stands in a text where others speak too. A text with none has none."""
    from .aliases import default_aliases

    aliases = default_aliases()
    found = [(m, _plain_label(m.group("label"))) for m in _label().finditer(text)]
    asking, answering = _role()
    found = [(m, label) for m, label in found
             if label not in _not_speakers() and (asking.match(label) or answering.match(label) or m.group("reply")
                                                  or not _is_heading(label, aliases))]
    counts: dict[str, int] = {}
    for _, label in found:
        counts[label] = counts.get(label, 0) + 1
    kept = []
    for m, label in found:
        role = "asking" if asking.match(label) or m.group("reply") else "answering" if answering.match(label) else ""
        known = aliases.affiliation(label)
        person = bool(_person_name().fullmatch(label))
        if role or known or person:
            kept.append((m, label, role, known, bool(role or known or (person and (m.group("affil") or counts[label] >= 2)))))
    talk = len(kept) >= 2 and any(strong for *_, strong in kept)  # a text where people take turns
    out, orgs = [], {}
    for m, label, role, known, strong in kept:
        if not (strong or talk):
            continue  # 张明：… alone in a text: a list's label, maybe
        org = known or _affiliation(text, m.group("affil") or "") or orgs.get(label) or (
            "" if role else _said_for(text, label))
        orgs[label] = orgs.get(label) or org  # (张三（某云厂商）：… then 张三：…)
        out.append((m.start("label"), m.end(), label, role, org))
    return tuple(out)


@cache
def _not_speakers() -> frozenset:
    c = lexicon().context
    return frozenset([*_speakers()["not_speakers"], *c["header"]["source_labels"], *c["header"]["date_labels"],
                      *c["cited"]["labels"], *c["subject"]["topic"]["metadata_labels"]])


def _is_heading(label: str, aliases) -> bool:
    """`label` is a page's or a section's (来源, 核心观点, 一、市场规模), a list item's that names an
    entity (TSMC(台积电)：…) or a clause's (…达到): no speaker."""
    from .metric import keywords

    return (not label or label in _not_speakers() or any(ch.isdigit() for ch in label)
            or bool(aliases.finder().search(label)) or bool(keywords(label, 0, len(label))))


def _affiliation(text: str, affil: str) -> str:
    """The entity an affiliation in parentheses names (张三（百度）), else its words (某云厂商); ''."""
    from .aliases import default_aliases

    if not affil or _titles().fullmatch(affil.strip()):
        return ""  # 艾米·胡德（CFO）: a title, no entity
    m = default_aliases().finder().search(affil)
    if m:
        return default_aliases().canonical(m.group())
    a = clean(affil)
    return a if valid(a) else ""


@cache
def _titles():
    c = lexicon().context["subject"]
    return compile_plain(rf"(?:{words_pattern([*c['titles'], *c['topic']['speaker_titles'], '前', '现任', '的', ' '])})+$")


def _said_for(text: str, name: str) -> str:
    """The entity the text says `name` speaks for: a name of the alias table right before theirs,
    titles between (百川智能王小川, 对话阶跃星辰CEO姜大昕, 月之暗面创始人杨植麟), or in parentheses
    right after it (杨植麟（月之暗面创始人）); ''."""
    from .aliases import default_aliases

    if len(name) < 2 or not regex.fullmatch(r"\p{Han}{2,4}|[A-Za-z][A-Za-z .]{2,20}", name):
        return ""
    aliases = default_aliases()
    at_end = regex.compile(f"(?:{aliases.finder().pattern})$", regex.IGNORECASE)
    pos, unknown = text.find(name), ""
    while pos >= 0:
        before = text[max(0, pos - SPEAKER_REACH):pos]
        titled = _titles().search(before)
        before = before[:titled.start()] if titled else before
        if (m := at_end.search(before)) is not None:
            return aliases.canonical(m.group())
        after = regex.match(r"[ ]?[（(]([^）)\n]{2,24})[）)]", text[pos + len(name):pos + len(name) + 30])
        if after and (m := aliases.finder().search(after.group(1))):
            return aliases.canonical(m.group())
        unknown = unknown or _named_before(before, titled is not None, pos - SPEAKER_REACH <= 0)
        pos = text.find(name, pos + len(name))
    return unknown


@cache
def _opener():
    return compile_plain(rf"^(?:{words_pattern(_speakers()['openers'])})")


@cache
def _introducer():
    return compile_plain(words_pattern(_speakers()["introducers"]))


ORG_MAX = 8  # characters: a longer run before a person's name is a clause, not whom they speak for


def _named_before(before: str, titled: bool, at_start: bool) -> str:
    """A name the alias table does not know, right before a person's name: a line or a headline
    that opens with it (星河智能刘一鸣：…, 对话云帆科技CEO赵立新), or with a title between it and
    the name; ''."""
    m = regex.search(r"(?:^|[\s，,。；;：:！？!?、“”])([^\s，,。；;：:！？!?、“”]*)$", before)
    run = m.group(1) if m else ""
    opened = _opener().match(run)
    run = run[opened.end():] if opened else run
    if titled and (intro := list(_introducer().finditer(run))):
        run, opened = run[intro[-1].end():], True  # 今天我们请到了星河智能(的创始人王磊)
    line_start = m is not None and (m.start(1) > 0 and before[m.start(1) - 1] == "\n" or (m.start(1) == 0 and at_start))
    if not (titled or opened or line_start):
        return ""
    c = clean(run)
    return c if valid(c) and 2 <= len(c) <= ORG_MAX and not has_name(c[:1]) else ""


def turn_at(text: str, pos: int) -> tuple[int, int, str, str, str] | None:
    """The turn that the words at `pos` belong to (see `turns`), None outside any."""
    found = turns(text)
    if not found:
        return None
    i = bisect_left([b for _, b, _, _, _ in found], pos + 1) - 1
    return found[i] if i >= 0 else None


def question_span(text: str, pos: int) -> tuple[int, int] | None:
    """For words at `pos` in an answer (答：…, A：…, a speaker's turn right after a host's
    question), the span of the question they reply to; None otherwise."""
    found = turns(text)
    turn = turn_at(text, pos)
    if turn is None or turn[3] == "asking":
        return None
    i = found.index(turn)
    if i == 0 or found[i - 1][3] != "asking":
        return None
    return found[i - 1][1], turn[0]


def label_end(text: str, lo: int) -> int:
    """Where a sentence's own words start: past a speaker's label opening it (王小川：…), else `lo`."""
    found = turns(text)
    i = bisect_left([a for a, _, _, _, _ in found], lo)
    if i < len(found) and found[i][0] <= lo + 16 and not regex.search(r"[。！？!?，,；;\n]", text[lo:found[i][0]]):
        return found[i][1]
    return lo


def speaker_entity(text: str, pos: int, doc_topic: str = "") -> str:
    """The entity the speaker of the words at `pos` speaks for: the one their label, the alias
    table or the text gives; an answering speaker's otherwise the document's (`doc_topic`);
    '' for one who asks or outside any turn."""
    turn = turn_at(text, pos)
    if turn is None or turn[3] == "asking":
        return ""
    return turn[4] or doc_topic


def is_speaker(text: str, name: str) -> bool:
    """`name` is a speaker's label in `text` (王小川 of 王小川：…): a person, never a subject."""
    return any(label == name for _, _, label, _, _ in turns(text))


@cache
def _first_person():
    return compile_plain(words_pattern(_speakers()["first_person"]))


def first_person(text: str, lo: int, hi: int) -> bool:
    """[lo, hi) says "we" (我们的企业客户, 我司): in a speaker's words, the entity they speak for."""
    return bool(_first_person().search(text, lo, hi))
