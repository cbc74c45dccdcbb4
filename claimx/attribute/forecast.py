"""Forecast or fact: a projection cue before the figure in its statement, or a period
(or the end of a span) after the document's publication date.

A statement is the sentence, cut at the citation marks and bullets of a long summary line
(…同比增长12% [1] - 2025年上半年…). An expectation that a figure is compared with (高于市场预期)
is no cue for the figures after it; the figure that is the expectation (市场预期的431亿美元,
10%至12%的指引) is a forecast, and the base of a comparison in a past period (优于前一季的59.5%)
a fact."""
from __future__ import annotations

from bisect import bisect_right
from functools import cache, lru_cache

import regex

from ..lexicon import compile_plain, lexicon, words_pattern
from .period import years

# where a statement of a long line ends: a citation mark [3], a bullet ` - ` after a word
# (not the dash of a span of years, 2022 - 2027年)
# (not the dash of a span of years, 2022 - 2027年), a line that opens a numbered item (二、 3. ①)
_STATEMENT_END = regex.compile(r"\[\d{1,3}\]|(?<=[^\d\s])[ ]+-[ ]+"
                               r"|\n(?=[ \t]*(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．]\D|[①-⑳]|[-•·]))")
_CLAUSE_MARK = r"，,。；;：:"


@cache
def _cues():
    c = lexicon().context["forecast"]
    target = words_pattern(c["target_year"])
    cues = regex.compile(words_pattern(c["cues"]) + rf"|(?<![\d年截])(?:{target})[ ]?(?:19|20)\d{{2}}[ ]?年")
    nots = compile_plain(words_pattern(c["not_cues"]))
    facts = compile_plain(words_pattern(c["fact_cues"]))
    return cues, nots, facts


@cache
def _comparison():
    """(an expectation word compared with, ending at the search end; a figure right after an
    expectation word; an expectation word right after a figure; a past base right before a figure;
    the expectation words)."""
    c = lexicon().context["forecast"]
    expect = words_pattern(c["expectations"])
    compared = compile_plain(f"(?:{words_pattern(c['compared'])})[^{_CLAUSE_MARK}]{{0,{c['compared_reach']}}}$"
                             f"|(?:{words_pattern(c['compared_adjacent'])})(?:{words_pattern(c['expecters'])})?$")
    value_after = compile_plain(f"(?:{expect})[ ]?(?:的|为|是|在|[(（])?[ ]?$|(?:{words_pattern(c['cues_before_figure'])})[ ]?$")
    opens_quote = compile_plain(words_pattern(c["cues_before_figure"]))
    value_before = compile_plain(f"[ ]?(?:的)?[ ]?(?:{expect})")
    past = compile_plain(f"(?:{words_pattern(c['past_bases'])})[ ]?(?:的|为|是)[ ]?$")
    words = compile_plain(f"(?:{expect})$")
    return compared, value_after, value_before, past, words, opens_quote


@cache
def _not_facts():
    return compile_plain(words_pattern(lexicon().context["forecast"]["not_fact_cues"]))


def _compared(text: str, m) -> bool:
    """The cue `m` is an expectation a figure is compared with (高于市场预期, 优于10%至12%的指引)."""
    compared, *_, words, _ = _comparison()
    if not words.search(m.group()):
        return False
    reach = lexicon().context["forecast"]["compared_reach"] + 4
    return bool(compared.search(text, max(0, m.start() - reach), m.start()))


class SentenceCues:
    """The cue and not-cue words of a sentence [lo, hi), found once for all its figures."""

    __slots__ = ("lo", "cues", "nots", "ends")

    def __init__(self, text: str, lo: int, hi: int):
        cues, nots, _ = _cues()
        self.lo = lo
        self.cues = list(cues.finditer(text, lo, hi))
        self.nots = list(nots.finditer(text, lo, hi))
        self.ends = [m.end() for m in _STATEMENT_END.finditer(text, lo, hi)]

    def before(self, hi: int) -> tuple[list, list] | None:
        """The (cues, not-cues) a search of [lo, hi) finds; None when a word straddles `hi`
        (that search may find a shorter word there: 将 of 将达)."""
        out = []
        for found in (self.cues, self.nots):
            kept = []
            for m in found:
                if m.end() <= hi:
                    kept.append(m)
                elif m.start() < hi:
                    return None
                else:
                    break
            out.append(kept)
        return out[0], out[1]

    def statement_start(self, pos: int) -> int:
        i = bisect_right(self.ends, pos)
        return self.ends[i - 1] if i else self.lo


def statement_start(text: str, lo: int, pos: int) -> int:
    """Where the statement holding `pos` starts in the sentence starting at `lo`."""
    start = lo
    for m in _STATEMENT_END.finditer(text, lo, pos):
        start = m.end()
    return start


def _cue_ends(text: str, lo: int, hi: int, sentence: SentenceCues | None = None, start: int | None = None) -> list[int]:
    """Where the cues in [lo, hi) end; [] when every one of them is part of a not-cue (将 in 将近)
    or names an expectation a figure is compared with. `sentence`: the cues of the sentence,
    when `lo` is where it starts; `start`: where the figure's statement starts (cues before it are not its)."""
    both = sentence.before(hi) if sentence is not None and sentence.lo == lo else None
    if both is None:
        cues, nots, _ = _cues()
        found = list(cues.finditer(text, lo, hi))
        if not found:
            return []
        not_found = list(nots.finditer(text, lo, hi))
    else:
        found, not_found = both
        if not found:
            return []
    if start is not None and start > lo:
        found = [m for m in found if m.start() >= start]
    masked = {i for m in not_found for i in range(m.start(), m.end())}
    return [m.end() for m in found if m.start() not in masked and not _compared(text, m)]


def expected_value(text: str, lo: int, start: int, end: int | None) -> bool:
    """The figure [start, end) is an expectation itself: 市场预期的431亿美元, 市场预估为0.78美元,
    高于上季度51亿美元的指引, 超越318亿至330亿美元目标, 上看6500亿美元 (the cue before it or, as
    a qualifier, in its quote)."""
    _, value_after, value_before, _, _, opens_quote = _comparison()
    if value_after.search(text, max(lo, start - 6), start) or opens_quote.match(text, start):
        return True
    return end is not None and bool(value_before.match(text, end))


@cache
def _target_price():
    c = lexicon().context["forecast"]
    quals = words_pattern(lexicon().qualifiers["prefix"])
    return compile_plain(f"(?:{words_pattern(c['target_price'])})(?:[^{_CLAUSE_MARK}]{{0,{c['target_reach']}}}"
                         f"(?:{words_pattern(c['target_level'])}))?[ ]?(?:{quals})?[ ]?$")


def target_price(text: str, lo: int, start: int) -> bool:
    """The figure at `start` is the level of a target price (目标价上调至105元, 目标价为30元)."""
    reach = lexicon().context["forecast"]["target_reach"] + 12
    return bool(_target_price().search(text, max(lo, start - reach), start))


def past_base(text: str, lo: int, start: int) -> bool:
    """The figure at `start` is the base of a comparison in a past period (优于前一季的59.5%)."""
    return bool(_comparison()[3].search(text, max(lo, start - 8), start))


def _fact_between(text: str, lo: int, hi: int, clause_lo: int | None = None) -> bool:
    """A word in [lo, hi) says the figure at `hi` already happened (已经, 实际, 盘后), or the
    figure's clause (from `clause_lo`) opens with a past period (预计今年营收120亿元，去年为100亿元);
    a word that only holds one (当前约: an exchange rate) reaches a little past `hi`."""
    if clause_lo is not None and clause_lo > lo and _past_opener().match(text, clause_lo - 1, hi):
        return True
    masked = {i for m in _not_facts().finditer(text, lo, hi + 4) for i in range(m.start(), m.end())}
    return any(m.start() not in masked and not _base_of_change(text, m.end(), hi) for m in _cues()[2].finditer(text, lo, hi))


@cache
def _change_to():
    return compile_plain(words_pattern(lexicon().context["forecast"]["change_to"]))


_DIGIT = regex.compile(r"\d")


def _base_of_change(text: str, lo: int, hi: int) -> bool:
    """A figure after `lo` and then a change to (提升到) before `hi`: the fact word ending at `lo`
    dates the base of the change (从目前的20%提升到35%), not the figure at `hi`."""
    m = _change_to().search(text, lo, hi)
    return m is not None and bool(_DIGIT.search(text, lo, m.start()))


_SENTENCE_END = compile_plain(r"[。！？!?\n]")
_DONE_REACH = 40  # characters after a figure where its sentence may say the plan was carried out


@cache
def _done_words():
    return compile_plain(words_pattern(lexicon().context["forecast"]["done"]))


def _done_after(text: str, pos: int) -> bool:
    """The sentence of the figure at `pos` goes on to say the plan was carried out (…，已经完成)."""
    end = _SENTENCE_END.search(text, pos, pos + _DONE_REACH)
    return bool(_done_words().search(text, pos, end.start() if end else min(len(text), pos + _DONE_REACH)))


@cache
def _past_opener():
    c = lexicon().context["forecast"]
    return compile_plain(f"[{_CLAUSE_MARK}][ ]?(?:{words_pattern([*c['past_bases'], *c['fact_openers']])})")


@cache
def _target_year():
    target = words_pattern(lexicon().context["forecast"]["target_year"])
    return regex.compile(rf"(?<![\d年截])(?:{target})[ ]?(?:19|20)\d{{2}}[ ]?年(?:底|末)?[ ]?[，,]")


def _plan_paragraph(text: str, sent_lo: int) -> bool:
    """An earlier sentence of the paragraph opens a clause with a target year (到2025年，) that
    later sentences with no time of their own go on with."""
    para_lo = text.rfind("\n", 0, sent_lo) + 1
    first = _first_target_year(text, para_lo)
    return first is not None and first < sent_lo


@lru_cache(maxsize=256)
def _first_target_year(text: str, para_lo: int) -> int | None:
    """Where the first target year of the paragraph starting at `para_lo` ends (once per paragraph)."""
    para_hi = text.find("\n", para_lo)
    m = _target_year().search(text, para_lo, para_hi if para_hi >= 0 else len(text))
    return m.end() if m else None


@lru_cache(maxsize=8)
@cache
def _estimate_words() -> tuple[str, ...]:
    return tuple(lexicon().context["forecast"]["estimate_cues"])


def _estimate_of_past(text: str, cue_ends: list[int], period: str, published: str) -> bool:
    """Every cue is an estimate word (估计, 据估算) and the figure's period was over before the
    document's publication year: an estimate of what happened, no projection."""
    ys, pub = years(period), years(published)
    if not (ys and pub and max(ys) < pub[0]) or period.startswith("FY"):
        return False
    words = _estimate_words()
    return all(text.endswith(words, 0, e) for e in cue_ends)


def _title_cue(text: str) -> bool:
    c = lexicon().context["forecast"]
    return bool(compile_plain(words_pattern(c["document_cues"])).search(text, 0, c["title_reach"]))


def is_forecast(text: str, sent_lo: int, pos: int, period: str, published: str, clause_lo: int | None = None,
                sentence: SentenceCues | None = None, end: int | None = None, is_range: bool = False) -> bool:
    """A cue before the figure in its statement (unless its own clause, after the last cue, says
    the thing already happened), or a period after the document's publication. `sentence`: the
    cue words of the sentence, found once; `end`: where the figure ends; `is_range`: the figure
    is a range (a results estimate states one)."""
    start = sentence.statement_start(pos) if sentence is not None and sentence.lo == sent_lo else (
        statement_start(text, sent_lo, pos))
    if expected_value(text, start, pos, end) or target_price(text, start, pos):
        return True
    if past_base(text, start, pos):
        return False
    cue_ends = _cue_ends(text, sent_lo, pos, sentence, start)
    if (cue_ends and not _fact_between(text, cue_ends[-1], pos, clause_lo) and not _done_after(text, pos)
            and not _estimate_of_past(text, cue_ends, period, published)):
        return True
    if not period and _plan_paragraph(text, sent_lo) and not _fact_between(text, sent_lo, pos):
        return True  # 提出到2025年，…。运载力方面，…覆盖率达到80%: the plan's targets go on
    if is_range and _title_cue(text):
        return True  # 业绩预告: 净利润盈利98亿元–118亿元
    if period.startswith("FY"):
        return False  # a fiscal year's label is not its calendar year (英伟达's FY2025 ended in January 2025)
    ys = years(period)
    pub = years(published)
    # a span that ends after the publication is not over yet: 2021-2025 in 2023 is a projection
    return bool(ys and pub and (max(ys) if "-" in period else min(ys)) > pub[0])
