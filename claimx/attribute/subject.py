"""What a figure is about: the noun phrase that names it, in canonical form.

The phrase is read leftwards from the governing word (or the figure itself) to the
nearest break: punctuation, a date, another figure, or a break word (data/context.toml).
Lead words (其 该 目前 据 ...) are stripped; an empty phrase or a pronoun takes the
subject carried from the figure before it in the same sentence.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache, lru_cache

import regex

from ..lexicon import compile_plain, lexicon, words_pattern, words_regex
from ..normalize import to_traditional
from .aliases import default_aliases, model_tail
from .sentences import clause_start

MAX_LEN = 18  # characters: a longer phrase is trimmed to its last MAX_LEN


# `regex`'s \s for the standard library's engine, whose \s also takes \x1c-\x1f
_SPACE = r"[^\S\x1c-\x1f]"


@cache
def _tables():
    c = lexicon().context["subject"]
    alt = words_pattern
    singles = []
    for ch, ctx in c["single"].items():
        e = regex.escape(ch)
        if ctx.get("not_after"):
            e = f"(?<![{regex.escape(ctx['not_after'])}]){e}"
        if ctx.get("not_before"):
            e = f"{e}(?![{regex.escape(ctx['not_before'])}])"
        singles.append(e)
    # a line break, a tab or a run of spaces breaks; one space does not (全球 GPU 市场, Llama 2:
    # badly converted pages put single spaces inside phrases)
    words = c["breaks"] + [w for w in c["causes"] if len(w) > 1]
    # (the lookahead lets the engine skip with a bitmap to where a break can start: the
    # lookbehinds of the one-character words and the optional spaces would keep it from it)
    firsts = regex.escape("".join(sorted({w[0] for w in words} | set(c["single"]) | set(_BREAK_CHARS) | set(" \t\n\r\f\v"))))
    breaks = compile_plain(rf"(?=[{firsts}])(?:[{regex.escape(_BREAK_CHARS)}]|[ ]*[\t\n\r\f\v]{_SPACE}*|[ ]{{2,}}"
                           rf"|{alt(words)}|{'|'.join(singles)})")
    lead = compile_plain(rf"^(?:{alt(c['lead'])})+")
    trail = compile_plain(rf"(?:{alt(c['trail'])})$")
    pronoun = compile_plain(rf"^(?:{alt(c['pronouns'])})$")
    # characters a phrase must start or end with for `clean` to have anything to strip
    edges = (frozenset(w[0] for w in c["lead"]) | frozenset(_STRIPPED),
             frozenset(w[-1] for w in c["trail"]) | frozenset(_STRIPPED))
    return breaks, lead, trail, pronoun, edges


_BREAK_CHARS = "，,。;；：:！？!?()（）[]【】《》<>|"  # punctuation that ends a phrase
CONTENT = regex.compile(r"[\p{Han}A-Za-z]")  # a word character of a name
_DIGITS_ONLY = regex.compile(r"^[\d.\s年月日号%-]*$")
# what may stand between a figure or date and the one after it, still "adjacent": 的, 至, 到
_ADJACENT = compile_plain(r"^[ ]?(?:的|至|到|由|从)?[ ]?$")


@lru_cache(maxsize=8192)
def valid(s: str) -> bool:
    """`s` can name what a figure is about: two or more characters with a word in them, not a
    pronoun, not a speaker's words (我们…; 我国 excepted)."""
    return (len(s) >= 2 and not _no_name().match(s) and bool(CONTENT.search(s))
            and not words_regex("context", "subject", "speaker_words", after="(?!国)").search(s))


@cache
def _no_name():
    """Whole phrases that name nothing: figures and dates, pronouns, periods and codes, ratios,
    units of measure (每股, 每卡, 亿美元), those who only say figures (业内人士)."""
    c = lexicon().context["subject"]
    units = words_pattern([*lexicon().units["money"], *lexicon().units["percent"]])
    return regex.compile(rf"(?:{_DIGITS_ONLY.pattern}|^(?:{words_pattern(c['pronouns'])})$|{_PERIOD_WORD.pattern}|^每"
                         rf"|^(?:{words_pattern([*c['not_subjects'], *c['topic']['sayers']])})$"
                         rf"|^[十百千万亿兆]*(?:{units})$)")  # 亿美元, 百万美元: a table's unit


_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")
_NUMBERING = regex.compile(r"^\d{1,2}[ ]+(?=\p{Han})")  # `4 李克强…`: a list number left of the phrase
_LOOSE_SPACE = regex.compile(r"(?<![A-Za-z0-9.])[ ]+|[ ]+(?![A-Za-z0-9])")  # kept only in `Llama 3`


_STRIPPED = " -·*#、，,：:；;"


@lru_cache(maxsize=8192)
def clean(s: str) -> str:
    _, lead, trail, _, (firsts, lasts) = _tables()
    s = s.translate(_QUOTES)
    if " " in s:
        s = _LOOSE_SPACE.sub("", _NUMBERING.sub("", s.strip()))
    for _ in range(3):
        if not s or (s[0] not in firsts and s[-1] not in lasts):
            break  # nothing to strip
        s2 = lead.sub("", s)
        while (m := trail.search(s2)) and not _name_at_end().search(s2) and not s2.endswith(_trail_keep()):  # 华为 keeps its 为
            s2 = s2[:m.start()]
        s2 = s2.strip(_STRIPPED)
        if s2 == s:
            break
        s = s2
    if (person := _person().search(s)) is not None:
        return person.group("name")
    if len(s) > 2 and words_regex("context", "subject", "topic", "investor_verbs", after="$").search(s, 1):
        return ""  # 阿里巴巴领投(的…融资): who puts money in, not what the figure is about
    if len(s) > 4 and (vague := _vague().search(s, 1)) is not None and vague.end() < len(s) - 1:
        s = s[:vague.start()] + s[vague.end():]  # 海外几家大厂 -> 海外大厂: a vague count inside a name
    if len(s) > 4 and (now := _inside_adverb().search(s, 2)) is not None and now.end() < len(s) - 1:
        s = s[:now.start()] + s[now.end():]  # Kimi现在用户: an adverb of time inside a phrase
    if (tail := _count_tail().search(s)) is not None and tail.start() >= 2:
        s = s[:tail.start()]  # 微软、谷歌、Meta四家: the list, not its count
    if (per := _PER_TAIL.search(s)) is not None and per.start() >= 2:
        s = s[:per.start()]  # GPT-4o每百万输入, H100单卡每小时: the thing, not its unit of measure
    return _last_words(s) if len(s) > MAX_LEN else s


_LATIN_RUN = regex.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]*(?:[ ][A-Za-z0-9][A-Za-z0-9.\-]*)*")


def _last_words(s: str) -> str:
    """The last MAX_LEN characters of a long phrase, never starting inside a Latin name or a
    name of the alias table (谷歌Gemini 1.5 Pro的上下文窗口 -> Gemini 1.5 Pro的上下文窗口, not mini…)."""
    cut = len(s) - MAX_LEN
    names = sorted([*_LATIN_RUN.finditer(s), *default_aliases().finder().finditer(s)], key=lambda m: m.start())
    for m in names:
        if m.start() < cut < m.end():
            cut = m.start()
    # a list keeps all its names (GPT-4o、Claude 3.5 Sonnet和Gemini 1.5 Pro的…: shared out by 分别)
    at = next((m.start() for m in names if m.start() >= cut and not s[cut:m.start()].strip("和、与及跟以 ")), -1)
    while at >= 0 and (prev := [m for m in names if m.end() < at and _LIST_SEP.fullmatch(s, m.end(), at)]):
        at = cut = prev[-1].start()
    return s[cut:]


@cache
def _inside_adverb():
    return compile_plain(words_pattern(lexicon().context["subject"]["inside_adverbs"]))


@cache
def _vague():
    return compile_plain(words_pattern(lexicon().context["subject"]["vague_counts"]))


@cache
def _trail_keep() -> tuple[str, ...]:
    return tuple(lexicon().context["subject"]["trail_keep"])


def _counted(more: str = "") -> str:
    """A count of things (三家, 四个): a numeral (its characters and `more`) and a counter of count_tail."""
    digits = "".join(d for d in lexicon().numbers["digits"] if d not in "一〇零")
    return f"[{digits}十{more}]+(?:{words_pattern(lexicon().context['subject']['count_tail'])})"


@cache
def _count_tail():
    return regex.compile(_counted() + "$")  # (几家 ending a name is a vague count: _vague)


@cache
def _count_head():
    return regex.compile("^" + _counted("几\\d"))


@cache
def _person():
    """A title and the name after it ending a phrase: the person (司长陈家昌)."""
    return regex.compile(rf"(?:{words_pattern(lexicon().context['subject']['titles'])})(?P<name>\p{{Han}}{{2,3}})$")


@cache
def _name_at_end():
    """A name of the alias table that ends a phrase (so that no trailing word is cut from it)."""
    return regex.compile(f"(?:{default_aliases().finder().pattern})$", regex.IGNORECASE)


def _segments(text: str, lo: int, hi: int) -> Iterator[tuple[str, str]]:
    """[lo, hi) split at breaks: (segment, the break before it), in order."""
    pos, before = lo, ""
    names = None
    for m in _tables()[0].finditer(text, lo, hi):
        if m.end() - m.start() == 1:  # 华为: a one-character break word inside a name is no break
            if names is None:
                names = [n.span() for n in default_aliases().finder().finditer(text, lo, hi)]
            if any(a < m.end() and m.start() < b for a, b in names):
                continue
        yield text[pos:m.start()], before
        pos, before = m.end(), m.group()
    yield text[pos:hi], before


def phrase_before(text: str, lo: int, hi: int, cuts: list[tuple[int, int]] = ()) -> str:
    """The subject phrase that ends at `hi`, not reaching left of `lo` nor into `cuts` spans.

    A date or figure right before `hi` (2021年232EFlops) is stepped over; then the window is
    split at break words and the nearest segment that names something is taken.
    """
    moved = True
    while moved:  # step over dates/figures that stand right before the anchor
        moved = False
        for a, b in cuts:
            if lo <= a < hi and b <= hi and _ADJACENT.match(text[b:hi]):
                hi, moved = a, True
    pronoun_starts = words_regex("context", "subject", "pronoun_starts")
    not_pronouns = tuple(lexicon().context["subject"]["not_pronouns"])
    window_lo = outer = lo
    date_cut = None
    for a, b in cuts:
        if lo < b <= hi:
            lo, date_cut = max(lo, b), (a, b)
    segments = list(_segments(text, lo, hi))
    fallback = ""
    base_words = lexicon().context["subject"]["comparison_base"]
    causes = lexicon().context["subject"]["causes"]
    based = date_cut is not None and _comparison_before_date().search(text, max(0, date_cut[0] - 4), date_cut[0])
    for i in range(len(segments) - 1, -1, -1):
        seg, before = segments[i]
        if i == 0 and based:
            continue  # 较2023年高峰时期的8美元: what follows a base date is the base
        after = segments[i + 1][1] if i + 1 < len(segments) else ""
        if before in base_words and not (after == "是" and i + 2 == len(segments) and not segments[-1][0].strip()):
            continue  # 较上一代提升50%: the base of the comparison (but 比摩尔定律是18个月: the base's own figure)
        if (after == "比" and (seg.lstrip().startswith(_BASE_OPENERS) or before in _BASE_OPENERS)) or (
                after in _frame_words() and (seg.lstrip().startswith(not_frames()) or before in not_frames())):
            continue  # 跟H100比差了六七倍, 按台数的话: a comparison's base, a measure
        if before in "(（" and after in ")）" and i > 0 and (seg.strip().isascii() or _SHORT_NAME.match(seg)):
            continue  # 高性能计算（HPC）占比53%, X股份有限公司（以下简称“公司”）: the gloss of the words before it
        seg = seg.strip()
        if seg.startswith("每"):
            per = _PER_HEAD.match(seg)
            if not per:
                return ""  # 每个token, 每卡: a unit of measure, not what is measured
            seg = seg[per.end():]  # 每个人的出行时间: the time, per person
        if before == "其中" or seg.startswith("其中"):  # 其中数据中心业务: a part of the thing named before
            rest = cut_at_metric_word(clean(seg.removeprefix("其中")))  # (其中HBM产品收入: HBM产品)
            if valid(rest) and rest.endswith(tuple(lexicon().context["subject"]["noun_heads"])):
                return PRONOUN + rest
        m = pronoun_starts.match(seg)
        if m and not seg.startswith(not_pronouns):
            rest = clean(seg[m.end():])
            if not valid(rest) or words_regex("context", "subject", "pointing_nouns").match(rest):
                return PRONOUN  # 其 / 该公司 / 它: the caller resolves it
            if m.group() in _POSSESSIVE:  # 它的API价格, 其上下文窗口: the owner's API (它就支持…: it)
                owns = m.group() == "其" or seg.startswith("的", m.end())
                return PRONOUN + rest if owns and (not metric_words_only(rest) or names_thing(rest)) else PRONOUN
            return rest  # 该智算中心: the noun itself
        c = clean(seg)
        if valid(c):
            bare = _strip_metric_words(c)
            if is_pronoun(bare):
                return PRONOUN  # 公司营收: the company's
            if c.startswith(_company_heads()) and c.endswith(part_heads()) and not has_name(c):
                return PRONOUN + c[next(len(h) for h in _company_heads() if c.startswith(h)):]  # 公司AI业务
            if seg is segments[0][0].strip() and date_cut and _DATE_END.search(text, date_cut[0], date_cut[1]):
                owner = _owner_before(text, outer, date_cut[0], cuts)  # 英伟达2024年数据中心业务
                if not owner and not bare and phrase_before(text, outer, date_cut[0], cuts) == PRONOUN:
                    return PRONOUN  # 公司2024年营收: the company's
                return owner + c
            if bare or before in causes or names_thing(c):
                return c
            fallback = fallback or c
            continue  # 英伟达表示营收同比增长: only metric words, the name before them says more
        if (c and is_pronoun(c)) or (seg and is_pronoun(seg)):
            return PRONOUN  # 公司预估…, 他是从…: the company or the one named before
        if before in causes:
            return ""  # 算法使得…缩短了17%: what lies before is the cause
    if fallback:
        return fallback  # 一个亿的活跃用户只用了60天: the metric words are all there is
    if date_cut and _DATE_END.search(text, date_cut[0], date_cut[1]) and (
            owner := _owner_before(text, outer, date_cut[0], cuts) or _short_phrase(phrase_before(text, outer, date_cut[0], cuts))):
        return owner  # 寒武纪2024年实现营收…, 金像电2025年第一季毛利率…: the name before the date
    window = text[window_lo:hi].lstrip()
    pronoun_first = pronoun_starts.match(window) if not window.startswith(not_pronouns) else None
    return PRONOUN if pronoun_first and pronoun_first.group() == "其" else ""


PRONOUN = "其"
_POSSESSIVE = ("它", "它们", "其")  # pronouns that own the noun after them (它的API, 它们的收入)
OWNER_MAX = 8  # characters: a longer phrase before a date is no owner's name


def _short_phrase(p: str) -> str:
    return p if p and len(p) <= OWNER_MAX and not p.startswith(PRONOUN) else ""


_PER_TAIL = regex.compile(r"(?:单[卡颗台柜片张])?每[\p{Han}A-Za-z]{1,6}$")
_SUB_END = compile_plain(r"[；;]")  # ends a sub-sentence
_SHORT_NAME = compile_plain(r"[ ]?(?:以下简称|以下称|下称|简称)")  # （以下简称“公司”）: a name's gloss
_BASE_OPENERS = ("跟", "和", "与", "同")  # 跟X比: X is a comparison's base
_PER_HEAD = compile_plain(r"^每[^的]{1,3}的")
_DATE_END = regex.compile(r"(?:年|年度|财年|季度|季|月|月份|日|号|[HQ][1-4]|[EFA])(?:[ ]?[)）])?$")


def _owner_before(text: str, lo: int, date_at: int, cuts) -> str:
    """`英伟达` of `英伟达2024年数据中心业务`, `中国` of `中国2023年AI服务器`: a name or a scope
    right before the date that splits a subject phrase; '' if there is none."""
    m = _OWNER_TAIL.search(text, lo, date_at)
    if not m:
        return ""
    phrase = phrase_before(text, lo, date_at, cuts)
    if phrase.startswith(PRONOUN) or len(phrase) > OWNER_MAX:
        return ""
    name, _ = _from_first_name(phrase)
    return name if has_name(name) or scope_only(name) or name.endswith(_company_heads()) else ""


@cache
def part_heads() -> tuple[str, ...]:
    """Heads of a part of a company (数据中心业务, 云计算部门): the company said before owns it."""
    return tuple(lexicon().context["subject"]["part_heads"])


@cache
def _company_heads() -> tuple[str, ...]:
    return tuple(lexicon().context["subject"]["company_nouns"])


_OWNER_TAIL = regex.compile(r"[\p{Han}A-Za-z0-9][ ]?$")  # the date follows a word directly


def join(owner: str, own: str) -> str:
    """`英伟达` + `数据中心业务`; `GPT-4o` + `API` -> `GPT-4o API` (two Latin words keep a space);
    `中国算力` + `智能算力` -> `中国智能算力` (a kind of the owner's thing takes its place, in the owner's
    scope)."""
    if owner and own and owner[-1].isascii() and owner[-1].isalnum() and own[0].isascii() and own[0].isalnum():
        return f"{owner} {own}"
    head = next((h for h in lexicon().context["subject"]["noun_heads"] if owner.endswith(h) and own.endswith(h)), "")
    if head and len(owner) > len(head):
        return (scope_of(owner) or owner[:-len(head)]) + own  # 全球智能手机 + AI手机 -> 全球AI手机
    return owner + own


def owned(subject: str) -> tuple[bool, str]:
    """(`subject` points back, what it names of its own): `其` -> (True, ''), `其数据中心业务` ->
    (True, '数据中心业务'), `英伟达` -> (False, '英伟达')."""
    if subject.startswith(PRONOUN):
        return True, subject[len(PRONOUN):]
    return False, subject


def resolve_pronoun(text: str, sent_lo: int, lo: int, hi: int) -> str:
    """The thing a pronoun in [lo, hi) refers to: the last noun phrase of the clause before
    its own when that is nearer than any name (发布了豆包大模型，其日均调用量), else the last name
    before it that is not an agent (ChatGPT是由OpenAI推出的…，其月活: not OpenAI)."""
    m = words_regex("context", "subject", "pronoun_starts").search(text, lo, hi)
    at = m.start() if m else hi
    name, name_at = last_entity_at(text, sent_lo, at, agents=False)
    if m and name and text.startswith(tuple(lexicon().context["subject"]["company_nouns"]), m.end()):
        return name  # 该公司: a company named before
    if lo > sent_lo:
        prev_lo = clause_start(text, sent_lo, lo - 1)
        phrase = phrase_before(text, prev_lo, lo - 1)
        if (valid(phrase) and phrase.endswith(tuple(lexicon().context["subject"]["noun_heads"]))
                and not INDEFINITE.match(phrase)):  # 它是一个软件公司，他…: no referent
            phrase_at = text.rfind(phrase, prev_lo, lo)
            if phrase_at >= name_at:
                return phrase
    return name


INDEFINITE = regex.compile(r"一[个家款种类项只台颗位座套批]")  # 一个, 一座: a thing not named before


@cache
def _comparison_before_date():
    return compile_plain(rf"(?:{words_pattern(lexicon().context['period']['comparison_base'])})[ ]?$")


@cache
def _frame_words() -> frozenset:
    return frozenset(lexicon().context["subject"]["frame_end"])


@cache
def not_frames() -> tuple[str, ...]:
    return tuple(lexicon().context["subject"]["not_frames"])


@cache
def heads_longest_first() -> tuple[str, ...]:
    return tuple(sorted(lexicon().context["subject"]["noun_heads"], key=len, reverse=True))


@cache
def _composition():
    c = lexicon().context["subject"]["composition"]
    return (compile_plain(rf"(?:{words_pattern(c['by'])})|(?P<listing>{words_pattern(c['listing'])})"),
            compile_plain(words_pattern(c["ending"])))


_IN_PARENS = compile_plain(r"[ ]?[(（][ ]?$")


def part_of_whole(text: str, lo: int, start: int, end: int, hi: int) -> str:
    """`市场主要由算力芯片 (55-75%)、内存 (10-20%)…组成`: for the figure at [start, end) in
    parentheses after a part, the whole's part (`市场内存`); '' for any other figure. [lo, hi): its clause."""
    paren = _IN_PARENS.search(text, max(lo, start - 3), start)
    if not paren:
        return ""
    by, ending = _composition()
    m = next(iter(reversed(list(by.finditer(text, lo, paren.start())))), None)  # the last one
    if m is None or (not m.group("listing") and not ending.search(text, end, hi)):
        return ""
    whole = phrase_before(text, lo, m.start())
    part = phrase_before(text, m.end(), paren.start())
    return join(cut_at_metric_word(whole), part) if valid(whole) and valid(part) and not whole.startswith(PRONOUN) else ""


# `英伟达在全球AI芯片市场的份额` / `数据中心业务收入占总营收的比重`: the holder is the subject
_HOLDER = compile_plain(r"^(?P<who>.*?)(?:在|占)(?P<whole>.+?)(?:中|里|内|上)?的?[ ]?$")


@cache
def _compared():
    verbs = words_pattern(lexicon().context["subject"]["comparison_verbs"])
    return compile_plain(rf"^(?P<who>.*?)(?P<verb>{verbs})(?P<base>[^是为，,]+?)的[ ]?$")


def holder(text: str, lo: int, hi: int, cuts: list[tuple[int, int]] = ()) -> tuple[str, bool]:
    """(the subject stated as the holder of a share (英伟达在…市场的份额), whether the clause
    states a holder's share at all: `占总营收比重近88%` does, holder unsaid)."""
    m = _HOLDER.match(text[lo:hi])
    if not m:
        return "", False
    return (phrase_before(text, lo, lo + m.end("who"), cuts) if m.group("who").strip() else ""), True


def compared(text: str, lo: int, hi: int, cuts: list[tuple[int, int]] = ()) -> tuple[str, str]:
    """`GB200的推理性能是H100的` 30倍, `H20的算力不到H100的` 15%: (the first term of the
    comparison, which is the subject; the comparing word, which may qualify the figure), or
    ('', '') when [lo, hi) states no comparison."""
    m = _compared().match(text[lo:hi])
    return (phrase_before(text, lo, lo + m.end("who"), cuts), m.group("verb")) if m else ("", "")


@lru_cache(maxsize=8192)
def _strip_metric_words(s: str) -> str:
    from .metric import strip_keywords

    return strip_keywords(s)


@cache
def thing_words() -> frozenset:
    """Metric words that also name a thing (市场, 算力): a subject may keep them."""
    return frozenset(lexicon().context["subject"]["thing_words"])


@lru_cache(maxsize=4096)
def cut_at_metric_word(s: str) -> str:
    """`英伟达股价当日` -> `英伟达`: a subject ends where a metric word starts, keeping the
    thing a metric word names (`我国算力总规模` -> `我国算力`, `中国智能算力规模` -> `中国智能算力`)."""
    from .metric import keywords

    things = thing_words()
    for k in keywords(s, 0, len(s)):
        w = s[k.start:k.end]
        if w in things:
            continue
        head = keyword_head(w) or next((x for x in things if w.startswith(x)), "")
        if (k.start < 2 and not head) or s.endswith(heads_longest_first(), k.end):
            continue  # (千亿参数大模型: the word modifies the thing after it)
        cut = clean(s[:k.start] + head)
        if valid(cut):
            return cut
    return s


@cache
def _tw2sp():
    import opencc

    return opencc.OpenCC("tw2sp")


def names_thing(s: str) -> bool:
    """`s` holds a metric word that also names a thing (算力, 市场, 用户)."""
    return any(w in s for w in thing_words())


def scope_of(s: str) -> str:
    """The scope words `s` starts with: `中国` of `中国智能算力`; '' if none."""
    m = words_regex("context", "subject", "scope_words", before="(?:", after=")+").match(s)
    return m.group() if m else ""


def scoped(s: str) -> bool:
    """`s` states where it is: a scope word anywhere in it, or 国产 (国内国产AI芯片 says it twice)."""
    return bool(words_regex("context", "subject", "scope_words").search(s)) or "国产" in s


def scope_only(s: str) -> bool:
    """`全球`, `中国`: a scope with nothing scoped."""
    return bool(s) and scope_of(s) == s


def rescope(scope: str, subject: str) -> str:
    """`subject` in `scope`: `国内` + `海外厂商` -> `国内厂商`, `全球` + `市场` -> `全球市场`."""
    return scope + subject[len(scope_of(subject)):]


def keyword_head(keyword: str) -> str:
    """`市场规模` -> `市场`, `智能算力规模` -> `智能算力`; '' when the word names no thing."""
    m = words_regex("context", "subject", "keep_before", after="$").search(keyword)
    return keyword[:m.start()] if m else ""


def attaches(head: str) -> bool:
    return head in lexicon().context["subject"]["attach_heads"]


def with_keyword(subject: str, keyword: str, carried: bool = False) -> str:
    """`全球GPU` + `市场规模` -> `全球GPU市场`: a governing word's head belongs to the subject.

    With a `carried` subject (the phrase before the word was empty), a head that names a
    thing of its own keeps only the carried scope: `中国在用机架` + `算力总规模` -> `中国算力`.
    """
    if (keyword in thing_words() and not carried and subject and not subject.startswith(PRONOUN)
            and not subject.endswith(keyword) and not has_name(subject)
            and not subject.endswith(tuple(lexicon().context["subject"]["noun_heads"]))):
        return subject + keyword  # 智能 + 算力 -> 智能算力: the word names the thing its modifiers modify
    m = words_regex("context", "subject", "keep_before", after="$").search(keyword)
    if not m or m.start() == 0 or subject.startswith(PRONOUN):
        return subject
    head = keyword[:m.start()]
    if subject.endswith(head) or not clean(head) or not (valid(_strip_metric_words(head)) or names_thing(head)):
        return subject  # (合计规模, 回购资金总额: 合计 and 回购资金 name nothing)
    if carried and head not in lexicon().context["subject"]["attach_heads"]:
        return scope_of(subject) + head
    return subject + head





def is_pronoun(s: str) -> bool:
    return bool(_tables()[3].match(s))


def canonical(s: str, aliases=None, taiwan: bool = False) -> str:
    """Simplified script, without 的 (英伟达的数据中心业务 -> 英伟达数据中心业务), aliases resolved
    (the default table, or `aliases`: an `Aliases` with the user's own names). `taiwan`: the
    document is in traditional script, so its Taiwan terms take their mainland form too (伺服器
    -> 服务器); a mainland text keeps its words (程序 is no 进程 there)."""
    if aliases is None:
        return _canonical_default(s, taiwan)
    return aliases.canonical(_plain(s, taiwan))


@lru_cache(maxsize=4096)
def _canonical_default(s: str, taiwan: bool = False) -> str:
    return default_aliases().canonical(_plain(s, taiwan))


def _is_latin_gap(s: str, i: int) -> bool:
    return 0 < i < len(s) - 1 and s[i - 1].isascii() and s[i - 1].isalnum() and s[i + 1].isascii() and s[i + 1].isalnum()


def _plain(s: str, taiwan: bool = False) -> str:
    if not s or s.isascii():
        return s
    if taiwan:  # (its Taiwan terms are keyed in traditional script: 资料中心 -> 資料中心 -> 数据中心)
        s = _tw2sp().convert(to_traditional(s))
    if "的" in s:  # (between two Latin words it leaves a space: DeepSeek-R1的API -> DeepSeek-R1 API)
        s = words_regex("context", "subject", "keep_de", after="|的").sub(
            lambda m: m.group() if len(m.group()) > 1 else " " if _is_latin_gap(m.string, m.start()) else "", s)
    return s


def head_phrase(text: str, lo: int, hi: int, cuts: list[tuple[int, int]] = ()) -> str:
    """The first noun phrase of [lo, hi): a sentence's topic (from its start to the first break);
    a speaker's label opening it (王小川：…) is none."""
    from .discourse import label_end

    lo = label_end(text, lo)
    for a, b in sorted(cuts):
        if a <= lo < b or (lo <= a and not text[lo:a].strip(" ,，、")):
            lo = max(lo, b)
    hi = min([a for a, _ in cuts if lo <= a < hi] + [hi])  # the topic ends at the first figure
    c, pointer = _head(text, lo, hi)
    return "" if pointer else c


def opens_with_pointer(text: str, lo: int, hi: int, cuts: list[tuple[int, int]] = ()) -> bool:
    """The first noun phrase of [lo, hi) only points back (这家公司成立于…, 该模型…)."""
    from .discourse import label_end

    lo = label_end(text, lo)
    for a, b in sorted(cuts):
        if a <= lo < b or (lo <= a and not text[lo:a].strip(" ,，、")):
            lo = max(lo, b)
    hi = min([a for a, _ in cuts if lo <= a < hi] + [hi])
    return _head(text, lo, hi)[1]


def _head(text: str, lo: int, hi: int) -> tuple[str, bool]:
    seg, c = next(((seg, c) for seg, _ in _segments(text, lo, hi) if valid(c := clean(seg))), ("", ""))
    seg = seg.strip()
    m = words_regex("context", "subject", "pronoun_starts").match(seg)
    return c, bool(is_pointer(c) or (m and is_pointer(seg[:m.end()] + clean(seg[m.end():]))))  # (这家公司成立于)


def is_pointer(s: str) -> bool:
    """`s` only points back at things named before (上述三家公司, 该公司, 这家企业)."""
    m = words_regex("context", "subject", "pronoun_starts").match(s)
    if not m:
        return False
    rest = _count_head().sub("", s[m.end():])  # 上述三家公司: a count of them
    return not rest or bool(words_regex("context", "subject", "pointing_nouns", after="$").match(rest))


# a Latin name of one or more capitalized words, with a version after a space when the name ends
# in a letter (Llama 3.1, Claude 3, Blackwell Ultra)
@cache
def _entity():
    """A Latin name: one or more capitalized words, a version after a space when the name ends in a
    letter (Llama 3.1, Claude 3, Blackwell Ultra), then what a model's name may go on with: a
    size, a tier, a version (Llama 3.1 405B, Claude 3.5 Sonnet, Mixtral 8x7B; aliases.model_tail)."""
    tiers = lexicon().context["subject"].get("model_tiers", ())
    return regex.compile(r"(?<![A-Za-z0-9'’])[A-Za-z][A-Za-z0-9]*(?:[-.'’][A-Za-z0-9]+)*"
                         r"(?:[ ][A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*)*"  # more capitalized words: Blackwell Ultra
                         r"(?:(?<=[A-Za-z])[ ]\d+(?:\.\d+)?(?![\d%.A-Za-z]))?"
                         rf"{model_tail(tiers)}(?![A-Za-z0-9])")


def last_entity(text: str, lo: int, hi: int) -> str:
    """The last named thing in [lo, hi): a Latin product or company name (GPT-3, A100, OpenAI)
    or a name from the alias table."""
    return last_entity_at(text, lo, hi)[0]


def _is_name(word: str) -> bool:
    """A Latin token that names one thing (GPT-3, A100, OpenAI), not a kind or a unit."""
    from ..quantity.units import lookup

    first = word.split(" ", 1)[0]  # (tokens 2.5: a unit and a figure, no name)
    return ((len(word) >= 3 or _SHORT_MODEL.fullmatch(word)) and any(ch.isalpha() for ch in word) and word not in _generic()
            and _VERSION.sub("", word) not in _generic() and lookup(word) is None and not _PERIOD_WORD.match(word)
            and (first == word or (first not in _generic() and lookup(first) is None)))


_SHORT_MODEL = regex.compile(r"[A-Z]\d")  # M4, A9: a model named in two characters
_VERSION = regex.compile(r"(?<=[A-Za-z])\d[A-Za-z0-9]*$")  # HBM3e, DDR5, PCIe5: a kind and its generation


# Q1-Q3, 3Q24, FY2025: times; 688041.SH: a stock code
_PERIOD_WORD = regex.compile(r"^(?:(?:FY)?\d*(?:Q[1-4]|H[12])\b-?)+$|^FY\d*$|^\d{4,6}\.[A-Z]{2}$")


@cache
def _generic() -> frozenset:
    """Words that never stand as the named thing: kinds (GPU), scopes (全球), research firms (IDC)."""
    c = lexicon().context
    firms = set(c["cited"]["firms"])
    # a firm's other names too (集邦 for TrendForce)
    firms |= {n for canon, names in lexicon().aliases.get("entities", {}).items() if canon in firms for n in names}
    return frozenset(c["subject"]["generic_latin"]) | frozenset(c["subject"]["scope_words"]) | frozenset(firms)


_CITING = compile_plain(r"(?:据|根据|援引|来源[:：]?)[ ]?$")
_CITED_AFTER = compile_plain(r"[ ]?(?:的)?(?:数据|统计|报告|研究|调研)(?:显示|指出|表明)?")  # Counterpoint数据显示: a source
_AGENT = compile_plain(r"(?:由|被)[ ]?$")  # 由OpenAI推出: the maker, not what the sentence is about
_USED = compile_plain(r"采用|使用|基于|借助|依托|代工")  # 采用台积电4NP工艺: an input, not what the sentence is about


def last_entity_at(text: str, lo: int, hi: int, agents: bool = True) -> tuple[str, int]:
    """The last name in [lo, hi) and where it starts; names cited as a source (据IDC) are
    not it, nor (with `agents=False`) the agent of a passive (由OpenAI)."""
    skip = (_CITING,) if agents else (_CITING, _AGENT)
    # the candidates from the last one back (a Latin name before an alias name at the same
    # place); the first that qualifies is the answer
    found = sorted([(m.start(), 1, m) for m in _entity().finditer(text, lo, hi)]
                   + [(m.start(), 0, m) for m in default_aliases().finder().finditer(text, lo, hi)], reverse=True)
    for start, _, m in found:
        w = m.group()
        if not (_is_name(w) if w.isascii() else w not in _generic()):
            continue
        before = text[lo:start]
        if before.count("(") + before.count("（") > before.count(")") + before.count("）"):
            continue  # inside a parenthesis: a gloss (ChatGPT(Chat Generative Pre-trained Transformer))
        if (not any(p.search(text, max(lo, start - 4), start) for p in skip) and not _CITED_AFTER.match(text, m.end())
                and not _USED.search(text, clause_start(text, lo, start), start) and not _others_figures(text, w, m.end())):
            return w, start
    return "", -1


@cache
def _investor_after():
    return words_regex("context", "subject", "topic", "investor_verbs", before="[ ]?")


@cache
def _sayer_after():
    return words_regex("context", "subject", "topic", "sayer_verbs", before="[ ]?", after="[ ]?[，,：:]")


def _others_figures(text: str, name: str, end: int) -> bool:
    """The name ending at `end` invests in the thing (阿里巴巴领投的…融资), or is a bank or an agency
    saying what it expects of others (摩根士丹利预计，…): not what the sentence's figures are about."""
    if _investor_after().match(text, end):
        return True
    return bool(_sayer_after().match(text, end)) and (
        default_aliases().canonical(name) in lexicon().context["subject"]["topic"]["not_owners"])


_OWNER_LINK = compile_plain(r"[ ]?(?:旗下的|旗下|推出的|发布的|开发的|的)[ ]?")


def _owned_name(s: str, pos: int) -> str:
    """The name that an owner link right after `pos` leads to (OpenAI的GPT-3 -> GPT-3), ''."""
    link = _OWNER_LINK.match(s, pos)
    return name_at(s, link.end()) if link else ""


def name_at(text: str, pos: int) -> str:
    """The name (a Latin product or company name, or one of the alias table) that starts at
    `pos`, '' if none does."""
    m = _entity().match(text, pos)
    if m and _is_name(m.group()):
        return m.group()
    m = default_aliases().finder().match(text, pos)
    return m.group() if m and m.group() not in _generic() else ""


def first_known_name(text: str, lo: int, hi: int) -> str:
    """The first name of the alias table in [lo, hi), not cited as a source: the company a
    paragraph is about (**海光信息**：… 公司营收…)."""
    for m in default_aliases().finder().finditer(text, lo, hi):
        if (m.group() not in _generic() and not _CITING.search(text, max(lo, m.start() - 4), m.start())
                and not _others_figures(text, m.group(), m.end())):
            return m.group()
    return ""


def named_part(s: str) -> str:
    """`s` from its first name on (晶圆代工龙头台积电 -> 台积电)."""
    return _from_first_name(s)[0]


def has_name(s: str) -> bool:
    """`s` holds a name (a Latin product or company name, or one from the alias table)."""
    return bool(s) and (any(_is_name(m.group()) for m in _entity().finditer(s))
                        or any(m.group() not in _generic() and not _CITED_END.match(s, m.end())
                               for m in default_aliases().finder().finditer(s)))


# a name and the words that cite it, ending a phrase (工信部数据, 工信部统计): a source, not a name of it
_CITED_END = compile_plain(r"[ ]?的?(?:数据|统计|调查|报告|研究|调研)(?:显示|指出|表明|称)?$")


def named(subject: str, text: str, sent_lo: int, pos: int, topic: Callable[[], str] = str, metric: str = "",
          short_ok: bool = False, frame: Callable[[], str] = str) -> str:
    """Anchor a subject on the thing a sentence names: a phrase that holds a name keeps it
    from the name on (晶圆代工龙头台积电 -> 台积电); a phrase that says too little (short,
    a pronoun, a figure) gives way to the sentence's topic when that is a name (对于ChatGPT
    而言，…一次模型训练成本超过1200万美元), else to the last name before the figure. So does
    a phrase without a name for a metric only named things have (模型的能力来源于1750亿参数).
    `topic` gives the sentence's topic when it is needed; `short_ok`: a short phrase stands
    (the thing a count counts); `frame` gives the topic the clauses before name (对于国内来讲的话),
    which a phrase that says too little gives way to first."""
    trimmed, weak = _from_first_name(subject)
    if metric in lexicon().context["subject"]["named_metrics"]:
        if not has_name(trimmed):
            return last_entity(text, sent_lo, pos) or (named_part(topic()) if has_name(topic()) else trimmed)
        m = _entity().match(trimmed)
        if m and _is_name(m.group()) and (last := _owned_name(trimmed, m.end())):
            return last  # OpenAI的GPT-3: the model its maker owns
        return m.group() if m and _is_name(m.group()) else trimmed  # GPT-3模型, Llama 3.1最大版本: the model
    if weak and not short_ok:
        if (said := frame()) and said != trimmed:
            return said
        sub_lo = max((m.end() for m in _SUB_END.finditer(text, sent_lo, pos)), default=sent_lo)
        if sub_lo > sent_lo and (name := last_entity(text, sub_lo, pos)):
            return name  # …；Claude 3 Haiku的输入价格为0.25美元，输出为1.25美元: its sub-sentence's
        if has_name(topic()):
            return named_part(topic())
        name = last_entity(text, sent_lo, pos)
        if name:
            return name
        if (len(trimmed) <= 2 and trimmed not in topic() and not scope_only(trimmed)
                and topic().endswith(tuple(lexicon().context["subject"]["noun_heads"]))):
            return topic()  # 我们算力中心…规划了300p的AI…: the center the sentence is about
    return trimmed


@lru_cache(maxsize=8192)
def _from_first_name(subject: str) -> tuple[str, bool]:
    """(the subject from its first name on, whether it says too little to stand alone)."""
    if _LIST_SEP.search(subject) and len(_LIST_SEP.split(subject)) > 1:
        return subject, False  # a list of names is shared out later (分别)
    names = [*_entity().finditer(subject), *default_aliases().finder().finditer(subject)]
    names = sorted((m for m in names if _is_name(m.group()) or (not m.group().isascii() and m.group() not in _generic())),
                   key=lambda m: m.start())
    if names and names[0].start() > 0 and not scope_only(subject[:names[0].start()]):
        rest = clean(subject[names[0].start():])  # the first name starts the subject
        if valid(rest):
            return rest, False
    unnamed = default_aliases().finder().sub("", subject)  # (我国 is 中国: its 我 says nothing of weakness)
    weak = not names and (len(subject) <= 2 or subject in _generic()  # GPU alone: a kind, not the thing (高通 is a name)
                          or any(ch in unnamed for ch in lexicon().context["subject"]["weak_chars"]))
    return subject, weak


_LIST_SEP = compile_plain(r"[和、与及跟]|以及")
_TAIL_TOKEN = compile_plain(r"[A-Za-z][A-Za-z0-9.\-]*$")


def is_list(subject: str) -> bool:
    """`subject` names several things (SK海力士、三星和美光, A100和H100), not one whose name joins
    two words (行动与客户端事业部): two or more of its items are names."""
    if not _LIST_SEP.search(subject):
        return False
    return sum(1 for x in _LIST_SEP.split(subject) if x and has_name(x)) >= 2


def split_list(subject: str, n: int) -> list[str] | None:
    """`A100和H100` for a 分别 list of n figures -> ['A100', 'H100']; None when it is no list of n."""
    items = [x for x in _LIST_SEP.split(subject) if x]
    if len(items) != n:
        return None
    first = items[0]
    if all(_TAIL_TOKEN.fullmatch(x) for x in items[1:]):
        m = _TAIL_TOKEN.search(first)
        if m:
            items[0] = m.group()
    return items


class Recent:
    """Subjects named recently in a document, to restore scope words a later mention drops
    (中国智能算力规模 ... 2022年智能算力规模达到X: X is about 中国智能算力)."""

    def __init__(self, size: int = 6):
        self.size = size
        self.items: list[str] = []

    def complete(self, s: str) -> str:
        if len(s) < 2:
            return s
        for r in reversed(self.items):
            if r != s and r.endswith(s) and len(r) - len(s) <= 4 and scope_only(r[:-len(s)]):
                return r
        return s

    def add(self, s: str) -> None:
        if s:
            if s in self.items:
                self.items.remove(s)
            self.items.append(s)
            del self.items[:-self.size]


def generic_words() -> frozenset:
    """Words that never stand as the named thing (kinds, scopes, research firms)."""
    return _generic()


@cache
def company_heads() -> tuple[str, ...]:
    """Nouns that stand for a company named elsewhere (公司, 集团)."""
    return tuple(lexicon().context["subject"]["company_nouns"])


def cited_at(text: str, lo: int, start: int, end: int) -> bool:
    """The name at [start, end) is cited as a source (据IDC, 根据TrendForce)."""
    return bool(_CITING.search(text, max(lo, start - 4), start))


def metric_words_only(s: str) -> bool:
    """`s` is made of metric words alone (营收, 归母净利润)."""
    return bool(s) and not _strip_metric_words(s).strip()


@lru_cache(maxsize=8192)
def simplified(s: str) -> str:
    """`s` in simplified script with Taiwan words in their mainland form (隨著 -> 随着), to
    match word lists against."""
    if not s or s.isascii():
        return s
    try:
        return _tw2sp().convert(s)
    except UnicodeEncodeError:  # a lone surrogate of a badly decoded page: left as it is
        return s


def latin_names(s: str):
    """The Latin names in `s` (GPT-3, A100, OpenAI), as matches."""
    return [m for m in _entity().finditer(s) if _is_name(m.group())]


def ends_with_name(s: str) -> bool:
    """`s` ends with a name of the alias table (英伟达 ends in 达, yet is whole)."""
    return bool(_name_at_end().search(s))
