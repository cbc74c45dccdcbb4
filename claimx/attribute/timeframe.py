"""The document's time frame: what its relative and yearless periods mean.

A report is read against its publication date and the company it is about:
- a yearless quarter, half or month (`第3季`, `9月營收`) is the latest one that has begun by
  the publication date (a story of 16 Oct 2025: 第3季 -> 2025Q3; of 20 Jan 2026: 第4季 -> 2025Q4);
- a company whose fiscal year is not the calendar year (data/fiscal.toml) names its quarters
  in fiscal terms (英伟达 第一季度 in May 2025 -> FY2026Q1; `4Q25` in a Micron note -> FY2025Q4);
- time words (`本季`, `上季`, `去年同期`, `今日`, `昨天`, `本月`, `周三`; data/context.toml
  [period.relative]) resolve against the report's own period when the document states one
  (a results release's `本季度` is the quarter it reports) and else against the publication date;
- the document's topic period (the period its headline or lead names, or the one its results
  report covers: 英伟达公布2026财年第一季度财务业绩) scopes the figures nothing else dates.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from ..calendar import add_months, canonical, fiscal_label, fiscal_year, fiscal_years, has_fiscal_year, months
from ..lexicon import lexicon, words_pattern, words_regex
from .period import years
from .sentences import clause_end

_REL = regex.compile(r"Y([+-]\d+)")
_LAST_PART = regex.compile(r"^.+?-(?=(?:FY)?\d{4})")  # 2025Q1-2025Q3 -> 2025Q3
_QUARTER = regex.compile(r"^(FY)?(\d{4})Q([1-4])$")


@dataclass(slots=True)
class TimeFrame:
    published: dt.date | None = None
    company: str = ""  # the company the document is about, when it has a fiscal year of its own
    topic: str = ""  # the period the document reports on, '' when it names none
    year_hint: int | None = None  # undated documents: the year they name most, to read 第三季 with
    day: str = ""  # the day the story's lead names (周三公布财报, 台股21日): the trading day of its quotes

    @property
    def year(self) -> int | None:
        return self.published.year if self.published else None

    def resolve(self, period: str, company: str = "", yearless: bool = False, broker: bool = False,
                nearest: bool = False) -> str:
        """A scanned period written against the document's year (`Y+0Q3`, `Y-1-12`) made absolute.
        A yearless quarter, half or month is the latest that has begun by the publication date;
        a yearless quarter, or a broker's `4Q25`, of a fiscal-year company is its fiscal quarter."""
        if broker:
            fiscal = has_fiscal_year(company or self.company) and _QUARTER.match(period)
            return f"FY{period}" if fiscal else period
        if not period.startswith("Y"):
            return period
        if yearless and period == "Y+0" and self.topic.startswith("FY") and (fy := years(self.topic)):
            return f"FY{fy[-1]}"  # 全年 in a fiscal quarter's report (FY2025Q4): that fiscal year
        if self.published is None:  # an undated document: a yearless period of the year it names most
            if not (yearless and self.year_hint):
                return ""
            return self.fiscal(period.replace("Y+0", str(self.year_hint)), company)
        resolved = _REL.sub(lambda m: str(self.published.year + int(m.group(1))), period)
        now = (self.published.year, self.published.month)
        last = _LAST_PART.sub("", resolved)  # a span (前三季度, 前11月): its last part must have begun
        if yearless and (span := months(last)) and span[0] > now and not (
                nearest and _months_between(now, span[0]) <= 6):  # 截至10月 said in August: this October
            resolved = _REL.sub(lambda m: str(self.published.year + int(m.group(1)) - 1), period)
        return self.fiscal(resolved, company) if yearless else resolved

    def fiscal(self, period: str, company: str) -> str:
        """`2025Q1` said of a fiscal-year company without a year of its own: its fiscal quarter
        that has begun by the publication date."""
        company = company or self.company
        m = _QUARTER.match(period)
        if not m or m.group(1) or not has_fiscal_year(company):
            return period
        if self.published is None:  # an undated document: the fiscal quarter of the year it names
            return f"FY{period}"
        q = int(m.group(3))
        for back in range(12):  # the latest of the company's Qn that has begun by the publication date
            y, mo = add_months((self.published.year, self.published.month), -back)
            label = fiscal_label(company, *add_months((y, mo), 2))  # the quarter starting in (y, mo)
            if label.endswith(f"Q{q}"):
                return label
        return period

    def day_of_month(self, d: int) -> str:
        """Day `d` of the publication's month, or of the month before when `d` is later than the
        publication day (a story of 2 Dec on 28日 means 28 Nov)."""
        pub = self.published
        y, mo = (pub.year, pub.month) if d <= pub.day else add_months((pub.year, pub.month), -1)
        try:
            return dt.date(y, mo, d).isoformat()
        except ValueError:
            return ""

    def quarter_ending(self, period: str, company: str = "") -> str:
        """The quarter that ends in the month of `period` (`2025-04-27`: 截至2025年4月27日的第一季度),
        in the company's fiscal terms; '' when no quarter of the company ends that month."""
        m = regex.match(r"^(\d{4})-(\d{2})", period)
        return fiscal_label(company or self.company, int(m.group(1)), int(m.group(2))) if m else ""

    def year_ending(self, period: str, company: str = "") -> str:
        """The (fiscal) year that ends in the month of `period` (截至2026年6月的全年度 of 微软 ->
        FY2026; 截至2025年12月的年度 -> 2025); '' when no year of the company ends that month."""
        m = regex.match(r"^(\d{4})-(\d{2})", period)
        if not m:
            return ""
        company = company or self.company
        y, mo = int(m.group(1)), int(m.group(2))
        fy = fiscal_year(company)
        if mo != fy.end:
            return ""
        return f"FY{fy.year_of(y, mo)}" if has_fiscal_year(company) else str(y)

    def quarter_now(self, company: str = "", step: int = 0) -> str:
        """The quarter the publication date falls in (`step` quarters later or earlier), in the
        company's fiscal terms."""
        if self.published is None:
            return ""
        company = company or self.company
        y, mo = add_months((self.published.year, self.published.month), 3 * step)
        fy = fiscal_year(company)
        end_month = mo + (fy.end - mo) % 3  # the quarter's last month
        ey, emo = (y, end_month) if end_month <= 12 else (y + 1, end_month - 12)
        return fiscal_label(company, ey, emo)

    def shifted(self, period: str, quarters: int = 0, years: int = 0) -> str:
        """`period` moved by whole quarters or years (上季, 去年同期)."""
        m = _QUARTER.match(period)
        if m:
            n = int(m.group(2)) * 4 + int(m.group(3)) - 1 + quarters + 4 * years
            return f"{m.group(1) or ''}{n // 4}Q{n % 4 + 1}"
        if regex.fullmatch(r"(FY)?\d{4}(H[12])?", period):
            head = "FY" if period.startswith("FY") else ""
            year = int(period[len(head):len(head) + 4]) + years
            return f"{head}{year}{period[len(head) + 4:]}" if not quarters else ""
        return ""

    def column(self, kind: str) -> str:
        """The period a statutory table's column names against the report's own (data/context.toml
        [period.columns]): of a third-quarter report (topic 2025Q3) 本报告期 -> 2025Q3,
        年初至报告期末 -> 2025Q1-2025Q3, 上年同期 -> 2024Q3, 上年度末 -> 2024; '' with no topic."""
        topic = self.topic
        if not topic or not can_be_topic(topic):
            return ""
        if kind == "this_period":
            return topic
        if kind in ("year_ago", "year_ago_to_date"):
            base = self.column("year_to_date") if kind == "year_ago_to_date" else topic
            return shift_years(base, -1)
        m = _PART.match(topic)
        head, year, part = m.group(1) or "", int(m.group(2)), m.group(3) or ""
        if kind == "last_year_end":
            return f"{head}{year - 1}"
        if kind == "year_to_date":
            if part.startswith("Q") and part != "Q1":
                return f"{head}{year}Q1-{head}{year}{part}"
            if part.startswith("-") and part != "-01":
                return canonical(f"{year}-01-{year}{part}")
            return topic
        return ""

    def time_words(self, text: str, lo: int, hi: int, company: str = "",
                   times: list[tuple[int, int, str]] = (), base: str = "",
                   figures: list[int] = ()) -> list[tuple[int, int, str]]:
        """The relative time words of text[lo:hi] (本季, 上季, 去年同期, 今日, 本月 …) as
        (start, end, period) scoping the figures after them (`figures`: where the sentence's figures
        start). 上一季度 and 去年同期 date the next figure only; 去年同期 is a year before the period
        said last before it (`times`, else `base`: the paragraph's, else the document's topic).
        A word that is the base of a comparison (比上一季度增长12%) scopes nothing."""
        out = []
        if self.published is not None:  # 台股21日挫近千点, 股价今日（7日）: a day of the publication's month
            for m in _DAY.finditer(text, lo, hi):
                day = self.day_of_month(int(m.group(1)))
                if day:
                    out.append((m.start(), m.end(), day))
        table = lexicon().context["period"]["relative"]
        for m in _time_words().finditer(text, lo, hi):
            if any(a <= m.start() < b for a, b, _ in times) or _DATE_BEFORE.search(text, max(0, m.start() - 1), m.start()):
                continue  # (2023年底, 今年年初: a part of a date said in full)
            if _BASE_BEFORE.search(text, max(lo, m.start() - 4), m.start()) and not (
                    _OWN_FIGURE.match(text, m.end()) and any(f >= m.end() for f in figures)):
                continue  # 比上一季度增长12%: the base of a comparison (but 较去年同期的87亿元 is its figure)
            before = [p for a, _, p in sorted([*times, *out]) if a < m.start() and p]  # (单季…，去年同期: of that quarter)
            kind, now = table[m.group()], before[-1] if before else base or self.topic
            period = self._relative(kind, company, now)
            if period:
                out.append((m.start(), m.end(), period))
                if kind in COMPARED and now:  # 营收80.5亿美元，上一季度为87.1亿美元，…: the next figure only
                    end = clause_end(text, m.end(), hi)
                    end = min([f + 1 for f in figures if m.end() <= f < end] + [end])
                    out.append((end, end, now))
        for a, b, _ in times:  # 约108亿元(2024年度:56.6亿元)，比上年同期增加90%: an aside's date ends with it
            opened = _OPEN.search(text, max(lo, a - 2), a)
            close = _CLOSE.search(text, b, min(hi, b + 40)) if opened else None
            if close is not None:
                before = [p for x, _, p in sorted([*times, *out]) if x < opened.start() and p]
                back = before[-1] if before else base or self.topic
                if back:
                    out.append((close.end(), close.end(), back))
        return out

    def _relative(self, kind: str, company: str, base: str) -> str:
        topic_q = self.topic if _QUARTER.match(self.topic or "") else ""
        if kind == "this_quarter":  # 第3季每股纯益…，单季大赚: the quarter just said, else the report's
            return (base if _QUARTER.match(base or "") else "") or topic_q or self.quarter_now(company)
        if kind == "last_quarter":
            return self.shifted(topic_q, -1) if topic_q else self.quarter_now(company, -1)
        if kind == "next_quarter":
            return self.shifted(topic_q, 1) if topic_q else self.quarter_now(company, 1)
        if kind == "year_ago":
            return self.shifted(base, years=-1) if base else ""
        if kind == "this_period":
            return self.topic
        if kind == "year_to_date":  # 年初至报告期末 of a third-quarter report: its first three quarters
            m = _QUARTER.match(self.topic or "")
            if m:
                return f"{m.group(1) or ''}{m.group(2)}Q1-{m.group(1) or ''}{m.group(2)}Q{m.group(3)}"
            if self.published is None or self.topic:
                return ""
            day = self.published  # 年初至今 in a story that reports on no quarter: January to its month
            return canonical(f"{day.year}-01-{day.year}-{day.month:02d}") if day.month > 1 else f"{day.year}-01"
        if kind == "this_year":  # 本年度: the year of the story's period, else of its date
            year = (years(self.topic) or (self.year,))[-1]
            return (f"FY{year}" if self.topic.startswith("FY") else str(year)) if year else ""
        if kind in ("year_start", "year_end"):  # 年初, 年底 said alone: of the year said before, else the story's
            year = (years(base) or years(self.topic) or (self.year,))[-1]
            return f"{year}-{'01' if kind == 'year_start' else '12'}" if year else ""
        if self.published is None:
            return ""
        day = self.published
        if kind == "today":
            return day.isoformat()
        if kind == "yesterday":
            return (day - dt.timedelta(days=1)).isoformat()
        if kind == "this_month":
            return f"{day.year}-{day.month:02d}"
        if kind == "last_month":
            y, mo = add_months((day.year, day.month), -1)
            return f"{y}-{mo:02d}"
        if kind == "to_date":  # 至今, 迄今, 自去年12月启用以来: up to the story's month
            return f"{day.year}-{day.month:02d}"
        if kind == "a_year_ago":  # 一年前: the month a year before
            return f"{day.year - 1}-{day.month:02d}"
        if kind.startswith("weekday"):  # the last such weekday before the publication day
            want = int(kind[-1])  # 1 = Monday
            back = (day.isoweekday() - want) % 7
            return (day - dt.timedelta(days=back)).isoformat()
        return ""


_PART = regex.compile(r"^(FY)?(\d{4})((?:[QH][1-4])|-\d{2})?$")


def shift_years(period: str, years: int) -> str:
    """`period` (a year, quarter, half, month or a span of them) `years` years later or earlier:
    2025Q3, -1 -> 2024Q3; 2025-01-2025-11, -1 -> 2024-01-2024-11."""
    return regex.sub(r"(?<![\d])(\d{4})(?![\d])", lambda m: str(int(m.group(1)) + years), period)


# a day of the month alone (21日, （7日）, 于17日): not 3月2日 (a full date), 30日内 or 5个工作日
_DAY = regex.compile(r"(?<![\d.月年号个])([1-9]|[12]\d|3[01])[ ]?日(?![内前后均度子常])")
_DATE_BEFORE = regex.compile(r"[\d年]$")
_OPEN = regex.compile(r"[(（][ ]?$")
_CLOSE = regex.compile(r"[^()（）]*?[)）]")
_OWN_FIGURE = regex.compile(r"[ ]?的[ ]?(?=[\d约近逾超])")  # 较去年同期的87.09亿美元: the base's own figure
COMPARED = {"last_quarter", "next_quarter", "year_ago"}  # periods a figure is compared with, clause by clause
_BASE_BEFORE = regex.compile(r"(?:比|较|相比|相较|对比|与|跟|同)(?:于)?[ ]?$")


def _months_between(a: tuple[int, int], b: tuple[int, int]) -> int:
    return (b[0] - a[0]) * 12 + b[1] - a[1]


@lru_cache(maxsize=4)
def _fiscal_names(names: tuple[str, ...]):
    """The fiscal table's names in a text (Latin ones as whole words: Arm, not Army)."""
    latin = [n for n in names if n.isascii()]
    other = [n for n in names if not n.isascii()]
    return regex.compile("|".join([words_pattern(other), rf"(?<![A-Za-z]){words_pattern(latin)}(?![A-Za-z])"]))


@cache
def _time_words():
    return regex.compile(words_pattern(lexicon().context["period"]["relative"]))


def parse_day(iso: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


HEAD_CHARS = 800  # a document's headline, byline and lead: where it names what it reports on
HEADLINE_MAX = 80  # characters: a longer first line is prose, not a headline


def document_frame(text: str, published: str, aliases) -> TimeFrame:
    """The frame of a document (its normalized text): its publication day and, when the
    company it names most is one with a fiscal year of its own, that company."""
    names = Counter(aliases.canonical(m.group()) for m in aliases.finder().finditer(text))
    names.update(m.group() for m in _fiscal_names(tuple(fiscal_years())).finditer(text) if m.group() not in names)
    top = names.most_common(1)[0][0] if names else ""
    company = top if has_fiscal_year(top) else ""
    hint = None
    if not published:  # the fiscal years an undated story of a fiscal-year company names, else its years
        years = Counter(_fiscal_years(text)) if company else None
        years = years or Counter(int(y) for y in _YEAR.findall(text))
        hint = max(years, key=lambda y: (years[y], y)) if years else None
    frame = TimeFrame(parse_day(published), company, year_hint=hint)
    if frame.published is not None:  # the first day the lead names (not the publication line's own date)
        head = min(len(text), HEAD_CHARS)
        frame.day = next((p for _, _, p in frame.time_words(text, 0, head) if is_day(p)), "")
    return frame


# a year a document names, not one a change runs to or a forecast is for (增长至2029年, 2026年预测)
_YEAR = regex.compile(r"(?<![\d.]|至|到|至[ ]|到[ ])(20[0-4]\d)(?=[ ]?年)(?![ ]?年[ ]?(?:预测|预期|预计|目标|展望))")
# a fiscal year a document names (2026 财年, FY2026, 2025/26财年: the year it ends)
_FISCAL_YEAR = regex.compile(r"(?<![\d.])(?:20[0-4]\d/)?(20[0-4]\d|(?<=/)[0-4]\d)[ ]?(?:财年|财政年度|会计年度)"
                             r"|(?<![A-Za-z])FY[ ]?(20[0-4]\d)(?!\d)")


def _fiscal_years(text: str) -> list[int]:
    return [int(y) + (2000 if len(y) == 2 else 0) for m in _FISCAL_YEAR.finditer(text) for y in [m.group(1) or m.group(2)]]


def sentence_company(text: str, lo: int, hi: int, aliases) -> str:
    """The first name text[lo:hi] gives (its quarters are that one's: 据集邦，美光第三季… is a
    tracker's calendar quarter), else ''."""
    m = aliases.finder().search(text, lo, hi)
    listed = _fiscal_names(tuple(fiscal_years())).search(text, lo, m.start() if m else hi)
    if listed:  # a company of the fiscal table (the user's --fiscal file too) named first
        return listed.group()
    return aliases.canonical(m.group()) if m else ""


def is_headline(text: str, lo: int, hi: int) -> bool:
    """text[lo:hi] lies on one of a document's first lines, a short unpunctuated one: its headline."""
    if lo > HEAD_CHARS or len([ln for ln in text[:lo].split("\n") if ln.strip()]) > 3:
        return False
    start, end = text.rfind("\n", 0, lo) + 1, text.find("\n", lo)
    line = text[start:end if end >= 0 else len(text)].strip()
    own_line = "\n" not in text[lo:hi].strip()  # a sentence that runs on to the next line is prose
    return own_line and 0 < len(line) <= HEADLINE_MAX and "。" not in line and not _is_turn(text, start)


def _is_turn(text: str, line_start: int) -> bool:
    """The line at `line_start` is a speaker's turn of a transcript or a thread (问：明年的需求怎么看？):
    a question or an answer, not a headline naming what the document reports on."""
    from .discourse import turns

    return any(text.rfind("\n", 0, label_at) + 1 == line_start for label_at, *_ in turns(text))


_TOPIC = regex.compile(r"^(?:FY)?\d{4}(?:[QH][1-4]|-\d{2})?$")


def can_be_topic(period: str) -> bool:
    """A year, fiscal year, quarter, half or month: a period a document may report on."""
    return bool(_TOPIC.match(period))


def names_measure(text: str, at: int, hi: int) -> bool:
    """The words right after a date ending at `at`, up to the end of its clause (before `hi`),
    name what is measured in it (2024年全球半导体营收, 2025年度业绩预告, 2026年景气与需求,
    2023年的第3名): the date scopes a measure, it dates no event."""
    from .metric import keywords

    end = clause_end(text, at, hi)
    verb = words_regex("context", "event", "verbs").search(text, at, end)
    end = verb.start() if verb else end
    return bool(keywords(text, at, end) or words_regex("context", "period", "measure_words").search(text, at, end)
                or _RANK.match(text, at))


_RANK = regex.compile(r"[ ]?的?[ ]?第[ ]?[\d一二三四五六七八九十]+[ ]?[名位大]")  # 2023年的第3名: a rank that year


def reports_on(text: str, at: int) -> bool:
    """The words after a period ending at `at` make it the period a results report covers
    (2024年第三季财报, 2025年第二季度业绩)."""
    return bool(words_regex("context", "period", "report_words", before="[ ]?(?:全年|的)?").match(text, at))


def topic_of(text: str, lo: int, hi: int, dates: list) -> str:
    """The period a document reports on, if the sentence text[lo:hi] of its head names it: the
    headline's period of a measure (2024年全球半导体营收排行), a results report's
    (公布2026财年第一季度财务业绩), the period of a measure in a lead that frames a report
    (集邦发布报告，聚焦2025年第三季度…营收), or a quarter's measure that opens the lead (4Q25营收…);
    the first such period, or the one right after it that refines it (2025财年第二季度)."""
    if lo > HEAD_CHARS:
        return ""
    headline, framed = is_headline(text, lo, hi), None
    named = []
    for q in dates:
        if not can_be_topic(q.period) or _TARGET.search(text, max(lo, q.start - 3), q.start):
            continue  # (增长至2029年: the year a change runs to, not what the story reports on)
        measure = names_measure(text, q.end, hi)
        if framed is None:
            framed = bool(words_regex("context", "period", "framing").search(text, lo, hi))
        if (headline and measure) or reports_on(text, q.end) or (measure and (framed or ("Q" in q.period and q is dates[0]))):
            named.append(q)
    if not named:
        return ""
    finer = next((q for q in named[1:] if q.start - named[0].end <= 1), None)
    return (finer or named[0]).period


# a year a change runs to (增长至2029年, 提升到2030年), not a plan's target said up front (到2025年，…达到)
_TARGET = regex.compile(r"(?:(?<!截|截止)至|(?<=[长升增高大加])到)[ ]?$")
@cache
def _specs() -> frozenset:
    return frozenset(lexicon().context["period"]["spec_metrics"])


def of_a_period(metric: str) -> bool:
    """A figure of this metric is one a report states for its period (revenue, growth, share),
    not a specification that holds whenever it is said (a chip's power, a model's parameters,
    a duration; data/context.toml [period] spec_metrics): the document's topic period may date it."""
    return metric not in _specs()


_DAY_PERIOD = regex.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_day(period: str) -> bool:
    return bool(_DAY_PERIOD.match(period))


def is_quote(text: str, lo: int, end: int, metric: str, s0: int | None = None) -> bool:
    """The figure ending at `end` (its clause from `lo`) is a market quote: a share price, or a
    move or value of a stock (收涨2%, 市值38.5兆元, ADR以7.24美元作收): it is of its trading day.
    With `s0` (its sentence's start), a clause that only tells the move goes on with the quote
    before it (ADR以7.24美元作收，上涨0.12美元，涨幅1.69%)."""
    if words_regex("context", "period", "quote_targets").search(text, lo, end):
        return False  # 目标价105元: an analyst's target, of no trading day
    quote = words_regex("context", "period", "quote_words")
    if metric == "price" or quote.search(text, lo, end) or words_regex(
            "context", "period", "quote_words", before="[ ]?的?[ ]?").match(text, end):
        return True  # (4.4兆美元的市值: the word right after the figure names it)
    return s0 is not None and s0 < lo and bool(
        words_regex("context", "period", "quote_moves", before="[ ]?").match(text, lo)) and bool(quote.search(text, s0, lo))


def trading_day(text: str, times: list[tuple[int, int, str]], pos: int, fallback: str) -> str:
    """The trading day of a market quote at `pos`: the last day its sentence names before it that
    is no period's end (周二盘后公布截至8月28日的第4季财报，…股价盘后涨1%: Tuesday), else `fallback`
    (the day its paragraph named)."""
    for a, _, p in reversed(times):
        if a < pos and is_day(p) and not _AS_OF.search(text, max(0, a - 3), a + 2):
            return p
    return fallback


_AS_OF = regex.compile(r"截至|截止")


def dated_in_clause(period: str, times: list[tuple[int, int, str]], lo: int, pos: int,
                    text: str = "", s0: int | None = None) -> bool:
    """A market quote keeps `period`: a day, or a time said in the figure's own clause
    (text[lo:pos]: 2025年股价上涨120%), or in a clause before it in its sentence (from `s0`) when
    its own clause names no trading session (2024年，公司股价累计上涨120%); a quarter said before a
    session's move is no quote's period (上季…低于预期，盘后股价下跌3%: the trading day's)."""
    if is_day(period) or any(lo <= a < pos and p == period for a, _, p in times):
        return True
    return bool(period) and s0 is not None and any(s0 <= a < lo and p == period for a, _, p in times) and not (
        words_regex("context", "period", "session_words").search(text, lo, pos))
