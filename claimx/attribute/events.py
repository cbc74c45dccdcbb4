"""Dates and their events: which dates are claims, which only scope the figures after
them, what an event date is about, and periods relative to the document resolved."""
from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from ..calendar import canonical, has_fiscal_year
from ..lexicon import compile_plain, lexicon, words_pattern, words_regex
from ..quantity.scanner import FROM_BEFORE, Quantity
from . import discourse as dc
from . import period as pd
from . import subject as sj
from .sentences import clause_end, clause_start
from .timeframe import names_measure

if TYPE_CHECKING:
    from ..model import Claim
    from .context import Sentence
    from .timeframe import TimeFrame


@cache
def _event_after():
    ev = lexicon().context["event"]
    # a date followed (through a few function words, perhaps an occasion) by an event verb dates that event
    venue = rf"(?:的)?[^，,。；;：:\n]{{1,12}}?(?:{words_pattern(ev['venue_ends'])})"
    return compile_plain(rf"(?:{venue})?(?:[ ]|{words_pattern(ev['filler'])}){{0,4}}(?:{words_pattern(ev['verbs'])})")


_CLAUSE_COMMA = compile_plain(r"[ ]?[,，]")


def is_event_date(t: str, q: Quantity, figures: list[Quantity] = ()) -> bool:
    """The date of an event: an event verb right after it (2022年12月推出), or the date is a
    clause of its own and the next clause tells the event before any figure
    (2024年3月，英伟达在GTC大会上发布Blackwell)."""
    if q.as_of:
        return False  # 截至2024年9月，我国已完成备案的…: the date figures are stated as of
    if _event_after().match(t, q.end):
        return True
    m = _CLAUSE_COMMA.match(t, q.end)
    if not m:
        return False
    end = clause_end(t, m.end(), len(t))
    end = min([a.start for a in figures if m.end() <= a.start < end] + [end])
    return bool(words_regex("context", "event", "verbs").search(t, m.end(), end))


def date_claim(st: Sentence, q: Quantity, row: Claim) -> Claim | None:
    """The claim for a date, or None when the date only scopes the figures after it."""
    t, amounts, published, source = st.t, st.amounts, st.ctx.published, st.ctx.source
    period = q.period
    if not period or t[q.end - 1] in "EF":
        return None  # 2024E: a column's or a label's estimate year scopes figures, it dates no event
    event = q.start in st.event_dates
    full_day = len(period) == 10 and period[4] == "-" and not q.as_of  # a day is an event's date
    if q.relative and not full_day and not event:
        return None  # 今年, 去年上半年: an adverb unless it dates an event
    # the next time expression that names its own year ends the figures this date scopes
    # not the base of a comparison (较2023年增长20%), not the start of a change (到2027年将由2023年的5%提升至30%)
    scopes = {a for a, _, _ in st.times if not FROM_BEFORE.search(t, max(0, a - 2), a)}
    next_time = min((x.start for x in st.sent_dates if x.start > q.end and not x.relative and x.start in scopes),
                    default=st.s1)
    if not full_day and not event and any(
            q.end <= a.start < next_time and a.unit_kind != "time" for a in amounts):
        return None  # a period for the figures after it, not a claim of its own
    if not full_day and ((_reporting_period(q) and not _verb_in_clause(t, q, st))
                         or (not event and not _verb_in_clause(t, q, st) and names_measure(t, q.end, st.s1))):
        return None  # 2025财年, 4Q25, 2024年上半年; 2024年半导体营收: a period a measure is of, no event
    row.metric, row.unit, row.value, row.period = "date", "date", None, period
    if (published and period == published and source) or _publication_label().search(t, max(0, q.start - 8), q.start):
        row.subject = source  # the document's own date (发布时间：2024年3月1日): its publisher's
        return row
    lo = clause_start(t, st.s0, q.start)
    hi = clause_end(t, q.end, st.s1)
    subject = ""
    if event:  # 发布ChatGPT / 发布的GPT-3: the thing the event made
        m = _event_after().match(t, q.end)
        made = t.startswith("的", m.end()) if m else False  # 发布的GPT-3拥有…: the noun after 的
        if m and words_regex("context", "event", "creation").search(m.group()) and (
                made or not any(m.end() <= a < hi for a, _ in st.cuts)):
            if made and "是" in t[lo:q.start] and sj.valid(st.topic):
                subject = st.topic  # ChatGPT是由OpenAI于2022年推出的对话模型: what the sentence is about
            else:
                subject = sj.cut_at_metric_word(sj.head_phrase(t, m.end(), hi, st.cuts))
    # 英伟达计划于2025年3月的GTC大会上发布Blackwell Ultra: the thing its clause says is released
    subject = subject or dc.released(t, q.end, hi) or dc.definite(t, lo, q.start, sj.phrase_before(t, lo, q.start, st.cuts))[0]
    if not subject and lo > st.s0 and _AT.fullmatch(t, lo, q.start):
        # 司长陈家昌，于2023年4月3日在…上表示: the one the clause before names
        prev_lo = clause_start(t, st.s0, lo - 1)
        if not any(prev_lo <= a < lo for a, _ in st.cuts):
            subject = sj.phrase_before(t, prev_lo, lo - 1)
    if not subject and _VERB_AFTER.match(t, q.end) and sj.valid(st.topic):
        subject = st.topic  # 预计2024年第四季度开始出货: the thing the sentence is about does it
    subject = subject or sj.head_phrase(t, q.end, st.s1, st.cuts)
    pointing, own = sj.owned(subject)
    if pointing:
        owner = sj.resolve_pronoun(t, st.s0, lo, q.start)
        subject = sj.join(owner, own)
    row.subject = subject or st.topic
    return row


def _reporting_period(q: Quantity) -> bool:
    """A quarter, a half, a fiscal year or a run of months: the period of a report or a
    measure (2025年第三季度, 4Q25, 2025財年, 1-9月), never the date of an event by itself."""
    return q.period.startswith("FY") or any(c in q.period for c in "QH") or q.period.count("-") >= 3


def _verb_in_clause(t: str, q: Quantity, st: Sentence) -> bool:
    """An event verb follows the date in its own clause (于2025年第四季度实现量产)."""
    return bool(words_regex("context", "event", "verbs").search(t, q.end, clause_end(t, q.end, st.s1)))




def resolve_times(t: str, sent: list[Quantity], frame: TimeFrame, year_before: tuple[int, bool] | None = None,
                  company: str = "") -> list[tuple[int, int, str]]:
    """The sentence's time expressions as (start, end, period), relative ones resolved: a
    date without a year takes the year said before it in the sentence, else in the
    paragraph (`year_before`: the year and whether it is fiscal) (2024年…上半年 -> 2024H1;
    2025财年营收…。第四季度… -> FY2025Q4), else the latest that has begun by the publication
    date (`frame`); 今年, 去年 count from the document's year. Quarters said of a company
    with a fiscal year of its own (`company`, else the document's) are its fiscal quarters."""
    times = []
    sent_year, fiscal = year_before or (None, False)
    prev: Quantity | None = None
    by_month = False  # the year said last came with a month or a day
    for q in sent:
        if q.kind != "date":
            continue
        if (q.yearless and "Q" in q.period and prev is not None and prev.as_of
                and _ENDED_QUARTER.fullmatch(t, prev.end, q.start) and (ended := frame.quarter_ending(prev.period, company))):
            q.period = ended  # 截至2025年4月27日的第一季度: the quarter that ends that day
        if q.yearless and sent_year is not None and (fiscal or not by_month or not has_fiscal_year(company or frame.company)):
            # (a month said before a fiscal-year company's quarter does not name its year: 截至10月的本季（第3季）)
            q.period = q.period.replace("Y+0", f"{'FY' if fiscal else ''}{sent_year}")
        q.period = canonical(frame.resolve(q.period, company, yearless=q.yearless, broker=q.broker, nearest=q.as_of))
        if q.as_of and _MONTH_OR_DAY.match(q.period) and _YEAR_ENDING.match(t, q.end):
            q.period = frame.year_ending(q.period, company) or q.period  # 截至今年6月的全年度: 微软 FY2026
        if pd.YEAR.fullmatch(q.period) and (name := _report_name().match(t, q.end)):
            part = lexicon().context["period"]["report_names"][name.group(1)]  # 2025年中报 -> 2025H1
            q.period = "-".join(f"{q.period}{p}" for p in part.split("-"))
        prev = q
        ys = pd.years(q.period)
        if ys:
            sent_year, fiscal = ys[-1], q.period.startswith("FY")
            by_month = bool(_MONTH_OR_DAY.match(q.period))
        times.append((q.start, q.end, q.period))
    return times


_MONTH_OR_DAY = compile_plain(r"^\d{4}-\d{2}")
_YEAR_ENDING = compile_plain(r"[ ]?(?:止|结束)?的[ ]?(?:全年度|全年|年度|财年|财政年度|会计年度|本财年)")  # 截至6月的全年度
_ENDED_QUARTER = compile_plain(r"[ ]?(?:止|结束)?的[ ]?")  # 截至2025年4月27日的第一季度


@cache
def _report_name():
    return compile_plain(rf"[ ]?(?:年)?[ ]?({words_pattern(lexicon().context['period']['report_names'])})")


def year_of(times: list[tuple[int, int, str]]) -> tuple[int, bool] | None:
    """The last year `times` name and whether it is fiscal; None if they name none."""
    for _, _, period in reversed(times):
        if ys := pd.years(period):
            return ys[-1], period.startswith("FY")
    return None


_VERB_AFTER = compile_plain(r"[ ]?(?:开始|正式|向|陆续|逐步|全面|全部|基本|批量|实现|进入|启动|完成|推出|发布|上市|量产|出货|交付|供货)")
_AT = compile_plain(r"[ ]?(?:是|已|已经|并|并且|将)?(?:于|在)[ ]?")  # a clause that starts with its date


def event_dates(t: str, sent: list[Quantity], amounts: list[Quantity]) -> set[int]:
    """Where the sentence's dates of events start (`is_event_date`)."""
    return {q.start for q in sent if q.kind == "date" and is_event_date(t, q, amounts)}


def scoping(t: str, sent: list[Quantity], events: set[int]) -> list[tuple[int, int, str]]:
    """The time expressions that can scope later figures: not the dates of events (`events`)
    (以2020年发布的GPT-3为例，该模型使用了1750亿个参数: 2020 is not the parameters' period),
    nor the base of a comparison (与2023年基本持平，产能利用率回升至85.5%), nor a date in parentheses
    that glosses the one before it (FY2025第四财季（截至2025年1月）)."""
    dates = [q for q in sent if q.kind == "date"]
    glosses = {b.start for a, b in zip(dates, dates[1:], strict=False)
               if b.start - a.end <= 8 and _GLOSS.fullmatch(t, a.end, b.start)} if len(dates) > 1 else ()
    return [(q.start, q.end, q.period) for q in dates if (q.start not in events or _opening_adverbial(t, q))
            and q.start not in glosses and not comparison_base(t, q.start)]


_OPENS = compile_plain(r"(?:^|[。！？!?\n])[ \t\u3000]*$")
_PAUSE_AFTER = compile_plain(r"[ ]?[，,]")


def _opening_adverbial(t: str, q: Quantity) -> bool:
    """The date opens its sentence and a pause follows it (5月21日，阿里云宣布…降至0.5元): it
    says when the whole sentence happened, so it dates its figures too, event or not."""
    return bool(_PAUSE_AFTER.match(t, q.end)) and bool(_OPENS.search(t, max(0, q.start - 8), q.start))


def _publication_label():
    """A header's publication-date label right before a date (发布时间：, 报告日期:)."""
    return words_regex("context", "header", "publication_labels", after="[ ]?[:：][ ]?$")


# FY2025第四财季（截至2025年1月）, 第二季度( 截至 2025 年 7 月): the date glosses the one before
_GLOSS = compile_plain(r"[ ]?[(（][ ]?(?:截至|截止到|截止至|截止)?[ ]?")
_GLOSS_END = compile_plain(r"[ ]?[)）]")


def cuts(t: str, sent: list[Quantity]) -> list[tuple[int, int]]:
    """The spans of the sentence's quantities, a date and the parenthesized date that glosses
    it taken as one (英伟达FY2025第四财季（截至2025年1月）数据中心业务: the name spans the gloss)."""
    spans = [(q.start, q.end) for q in sent]
    for i in range(len(sent) - 1, 0, -1):
        a, b = sent[i - 1], sent[i]
        if (a.kind == b.kind == "date" and b.start - a.end <= 8 and _GLOSS.fullmatch(t, a.end, b.start)
                and (close := _GLOSS_END.match(t, b.end))):
            spans[i - 1:i + 1] = [(a.start, close.end())]
    return spans


def comparison_base(t: str, at: int) -> bool:
    """The date at `at` is the base of a comparison (与2023年持平, 较2024年的800亿元)."""
    return bool(_comparison_base().search(t, max(0, at - 4), at))


@cache
def _comparison_base():
    return compile_plain(rf"(?:{words_pattern(lexicon().context['period']['comparison_base'])})[ ]?$")
