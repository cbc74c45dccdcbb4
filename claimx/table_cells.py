"""Year tables in any document text: one cell per figure, with its period, row and unit words.

Shapes found (cells separated by tabs, `|` or spaces; see docs/readers.md):

    图：全球GPU市场规模（亿美元）          <- caption (up to 3 lines above the header)
    指标        2021  2022  2023E  2024E    <- header: optional label, then >= 2 periods
    全球GPU市场  334.7 400.0 470.5  550.2    <- row: a label, then one figure per period
    同比增速(%)  22.1  19.5  17.6   16.9

and the transposed shape, years down the first column:

    年份  市场规模（亿元）  增速（%）
    2022  259.9            41.2
    2023  414.1            59.3

Periods: `2021`, `2021A`, `2023E`/`2023F`/`2023P` (forecast), `FY2024`, `2025年`, `2023H1`,
`2023Q4`; a trailing `CAGR` column gives cells with the span (`2022-2024`) as period and
the row label plus the column name as label. Units are not converted here: `unit_text` carries the unit words as written
(from the row label, else the header label, else the caption; `%` for rate rows).
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from .calendar import has_fiscal_year
from .lexicon import lexicon, load_toml, words_pattern
from .model import Claim, claim_id

if TYPE_CHECKING:
    from .attribute.context import Context

_TOKEN = re.compile(r"[^\s|｜]+")
_YEAR_ANY = re.compile(r"(?:19|20)\d\d")
_PERIOD = re.compile(
    r"(?:FY)?((?:19|20)\d\d)(?:年度?)?([HQ][1-4])?([AEFP])?(?:年度?)?", re.IGNORECASE
)
_NUMBER = re.compile(
    r"[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[%％‰倍xX]|[万亿]+(?:美元|元)?)?"
)
_PLACEHOLDER = re.compile(r"[-－—–/]+|N/?A|n\.?a\.?|NM|nm|不适用|无|\*+", re.IGNORECASE)
_CAPTION = re.compile(
    r"^\s*(?:图表?|表格?|附表|Figure|Fig\.|Table|Exhibit|Chart)\s*[\d一二三四五六七八九十]*(?:[-.]\d+)?\s*[：:.、\s]"
)
_UNIT_WORD = re.compile(r"单位\s*[：:]\s*([^\s，,。；;）)]+)")
_PAREN = re.compile(r"[（(]\s*(?:单位\s*[：:]\s*)?([^（）()]{1,16}?)\s*[)）]")
_RATE_LABEL = re.compile(r"增速|增长率|增幅|同比|环比|yoy|cagr|毛利率|净利率|利润率|占比|渗透率|份额|比例|比率", re.IGNORECASE)
_TITLE_UNIT = re.compile(r"[（(][^（）()\d]{1,12}[)）]\s*$")  # a title line ending in its unit: …规模（亿美元）
_TABLE_END = re.compile(r"^\s*(?:资料来源|数据来源|来源|注|备注|source|note)\s*[：:]", re.IGNORECASE)
_TRAILING_HEADS = re.compile(r"CAGR|复合增速|复合增长率|年均增速", re.IGNORECASE)
_HAS_WORD = re.compile(r"[^\W\d_]")
_LONG_DIGITS = re.compile(r"\d{3}")  # phone numbers, codes: not a header label

MAX_LABEL_TOKENS = 4  # a header may carry a short label before its periods ("单位：亿元", "指标")
MAX_GAP_LINES = 1  # blank lines allowed between a header and its first row
MAX_SKIPPED_ROWS = 2  # short lines inside a table that are not rows (sub-headings, rows with gaps)


@dataclass(slots=True)
class TableCell:
    start: int
    end: int
    quote: str
    row_label: str
    period: str
    forecast: bool
    caption: str
    unit_text: str
    currency: str = ""  # a currency word the table's header names apart from its unit (币种：美元, a $ cell)
    sign: int = 1  # -1 for a change the row states as a fall (减少 3.12 个百分点)
    label_is_measure: bool = False  # row_label names the measure only (a column of a years-down table)
    change: bool = False  # in a column of changes (增减变动幅度(%), QoQ, YoY): a growth rate
    column: str = ""  # the name of its column, when the header names each column (公司预期, 市场共识)


def _period(token: str) -> tuple[str, bool] | None:
    m = _PERIOD.fullmatch(token)
    if not m:
        return None
    year, half, mark = m.group(1), m.group(2), m.group(3)
    head = FISCAL if token[:2].upper() == "FY" else ""
    return head + year + (half.upper() if half else ""), bool(mark and mark.upper() in "EFP")


FISCAL = "FY"  # a column named FY2025: the fiscal year of the document's company (table_claims)
BROKER = "~"  # a column named 4Q25: a broker's quarter, fiscal for a fiscal-year company (table_claims)


def _year(period: str) -> int:
    return int(_YEAR_ANY.search(period).group())


def _is_number(token: str) -> bool:
    return _NUMBER.fullmatch(token) is not None


def _is_blank_cell(token: str) -> bool:
    return _PLACEHOLDER.fullmatch(token) is not None


def _unit_of(label: str) -> str:
    m = _UNIT_WORD.search(label)
    if m:
        return m.group(1)
    for m in reversed(list(_PAREN.finditer(label))):
        inner = m.group(1).strip()
        if inner and not _YEAR_ANY.search(inner) and not _NOTE_MARK.fullmatch(inner):
            return inner
    return ""


_NOTE_MARK = re.compile(r"\d{1,2}|[a-zA-Z*]|[ivx]{1,4}")  # 营业收入(1), 毛利(a): a footnote mark, not a unit


_MD_RULE = re.compile(r"\|\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|")
_MD_JOIN = re.compile(r"\|[ \t]+\|")


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) of each line; a markdown table flattened onto one line (`|a|b| |---|---|
    |c|d|`, as text extraction of web pages gives it) is cut back into its rows."""
    out, pos = [], 0
    for line in text.split("\n"):
        rule = _MD_RULE.search(line) if "|-" in line or "| -" in line or "|:-" in line else None
        if rule is None:
            out.append((pos, line))
        else:
            lead = _first_pipe_of_header(line, rule.start())
            if lead > 0:
                out.append((pos, line[:lead]))
            at = lead
            for m in _MD_JOIN.finditer(line, lead):
                out.append((pos + at, line[at:m.start() + 1]))
                at = m.end() - 1
            out.append((pos + at, line[at:]))
        pos += len(line) + 1
    return out


def _first_pipe_of_header(line: str, rule_at: int) -> int:
    """Offset of the pipe that opens the header row right before a markdown rule: the header
    holds as many cells as the rule, so count that many pipes back from the rule."""
    ncols = line.count("|", rule_at, _MD_RULE.match(line, rule_at).end()) - 1
    k = line.rfind("|", 0, rule_at)  # the header's closing pipe
    for _ in range(ncols):
        j = line.rfind("|", 0, k)
        if j < 0:
            return 0
        k = j
    return k


def _header(line: str) -> tuple[str, list[tuple[str, bool]], list[str]] | None:
    """(label, periods, names of trailing growth columns such as CAGR) of a header line, or None."""
    toks = _TOKEN.findall(line)
    periods: list[tuple[str, bool]] = []
    first = None
    trailing: list[str] = []
    for i, t in enumerate(toks):
        p = _period(t)
        if p is not None:
            if trailing:
                return None
            if first is None:
                first = i
            periods.append(p)
        elif first is None:
            continue
        elif _TRAILING_HEADS.search(t) or _change_column_re().search(t):
            trailing.append(t)
        else:
            return None
    if len(periods) < 2 or first > MAX_LABEL_TOKENS:
        return None
    keys = [_year(p) for p, _ in periods]
    if any(b < a for a, b in zip(keys, keys[1:], strict=False)) or len({p for p, _ in periods}) != len(periods):
        return None
    label = " ".join(toks[:first])
    if first and (not _HAS_WORD.search(label) or _LONG_DIGITS.search(label)):
        return None
    return label, periods, trailing


def _row(line: str, ncols: int) -> tuple[str, list[re.Match]] | None:
    """(label, the `ncols` cell matches) of a data row, or None."""
    toks = list(_TOKEN.finditer(line))
    k = len(toks)
    while k > 0 and (_is_number(toks[k - 1].group()) or _is_blank_cell(toks[k - 1].group())):
        k -= 1
    if len(toks) - k < ncols:
        return None
    k = len(toks) - ncols
    label = line[: toks[k].start()].strip(" \t|｜")
    if not label or not _HAS_WORD.search(label) or _period(label) is not None:
        return None
    return label, toks[k:]


def _caption(lines: list[tuple[int, str]], at: int) -> tuple[str, str]:
    """(caption, unit words) from the lines just above line `at`."""
    caption = unit = ""
    for j in range(at - 1, max(-1, at - 4), -1):
        s = lines[j][1].strip()
        if not s:
            continue
        titled = j == at - 1 and len(s) <= 40 and _TITLE_UNIT.search(s)  # 全球GPU市场规模（亿美元）
        if not unit:
            unit = _unit_of(s) if (_UNIT_WORD.search(s) or _CAPTION.match(s) or titled) else ""
        if _CAPTION.match(s) or titled:
            caption = s
            break
        if not caption and len(s) <= 40 and _UNIT_WORD.search(s):
            caption = s
    return caption, unit


def _row_unit(label: str, quote: str, fallback: str) -> str:
    own = _unit_of(label)
    if own:
        return own
    if quote.endswith(("%", "％")):
        return "%"
    if _RATE_LABEL.search(label):
        return "%"
    return fallback


@cache
def _change_column_re() -> re.Pattern:
    return re.compile(words_pattern(_words()["change_column"]), re.IGNORECASE)


def _change_unit(head: str) -> str:
    """The unit of a trailing column's cells: its own when it names points (变动(pct)), else %."""
    own = _unit_of(head)
    return own if own and _is_points(own) else "%"


@cache
def _is_points(unit: str) -> bool:
    from .quantity.scanner import scan
    qs = scan("1" + unit)
    return bool(qs) and qs[0].unit == "pp"


def _horizontal(lines, i, header, out: list[TableCell]) -> int:
    """Cells of the table whose header is line i; returns the index of the last line used."""
    label, periods, trailing = header
    caption, cap_unit = _caption(lines, i)
    unit = _unit_of(label) or cap_unit
    ncols = len(periods) + len(trailing)
    span = (f"{_year(periods[0][0])}-{_year(periods[-1][0])}", any(f for _, f in periods))
    j, gap, last = i + 1, 0, i
    rows = skipped = 0
    while j < len(lines):
        off, line = lines[j]
        if not line.strip():
            gap += 1
            if rows or gap > MAX_GAP_LINES:
                break
            j += 1
            continue
        if _TABLE_END.match(line):
            break
        row = _row(line, ncols)
        if row is None:
            toks = _TOKEN.findall(line)
            if toks and all(_is_blank_cell(t) or set(t) <= set("-:=") for t in toks):
                j += 1  # a markdown |---|---| rule
                continue
            skipped += 1
            if skipped > MAX_SKIPPED_ROWS or len(line) > 30 or "。" in line:
                break
            j += 1  # a sub-heading or a row this shape cannot place (missing cells)
            continue
        skipped = 0
        rlabel, cells = row
        rows += 1
        heads = [(p, f, rlabel) for p, f in periods] + [
            (*(span if _TRAILING_HEADS.search(t) else periods[-1]), f"{rlabel} {t}") for t in trailing]
        for (period, forecast, name), m in zip(heads, cells, strict=True):
            q = m.group()
            if not _is_number(q):
                continue
            cell_unit = _row_unit(name, q, unit) if name == rlabel else _change_unit(name)
            out.append(TableCell(off + m.start(), off + m.end(), q, name, period, forecast, caption, cell_unit))
        last = j
        j += 1
    return last


def _vertical(lines, i, out: list[TableCell]) -> int:
    """Cells of a table whose first column holds the periods, starting at line i."""
    rows = []
    ncols = None
    j = i
    while j < len(lines):
        toks = list(_TOKEN.finditer(lines[j][1]))
        if len(toks) < 2 or _period(toks[0].group()) is None:
            break
        vals = toks[1:]
        if not all(_is_number(t.group()) or _is_blank_cell(t.group()) for t in vals):
            break
        if ncols is None:
            ncols = len(vals)
        elif len(vals) != ncols:
            break
        rows.append((lines[j][0], _period(toks[0].group()), vals))
        j += 1
    if len(rows) < 2:
        return i
    years = [_year(p[0]) for _, p, _ in rows]
    if any(b < a for a, b in zip(years, years[1:], strict=False)) or len({p for _, p, _ in rows}) != len(rows):
        return i
    names = [""] * ncols
    head_at = i
    if i > 0:
        htoks = _TOKEN.findall(lines[i - 1][1])
        if len(htoks) in (ncols, ncols + 1) and not any(_is_number(t) for t in htoks):
            names = htoks[-ncols:]
            head_at = i - 1
    caption, cap_unit = _caption(lines, head_at)
    for off, (period, forecast), vals in rows:
        for name, m in zip(names, vals, strict=True):
            q = m.group()
            if _is_number(q):
                out.append(TableCell(off + m.start(), off + m.end(), q, name, period, forecast,
                                     caption, _row_unit(name, q, cap_unit), label_is_measure=True))
    return j - 1


# ---------------------------------------------------------------- unit-header tables

MAX_HEADER_LINES = 12  # header lines (column names wrapped by text extraction) before the first row
MAX_LABEL_LINES = 5  # lines between rows: the rest of a wrapped row label, a second header, a row of words
MAX_WRAP = 8  # the rest of a row label wrapped onto the next line
_SENTENCE = re.compile(r"[。！？；;!?，]|,(?!\d)")  # 1,234 is a figure, not a clause break
_SHORT = 24  # a header or label line is short
_CURRENCY_SIGN = re.compile(r"(?:US|HK|NT|RMB)?[$¥￥]|[$¥￥€]")
_UNIT_ROW = re.compile(r"[)）][ \t|｜]+[$¥￥]?[ ]?[-+−]?\d[\d,.]*(?:[%％万亿])?[ \t|｜]+[$¥￥]?[ ]?[-+−]?\d")
_SIGNED = re.compile(r"((?:US|HK|NT|RMB)?[$¥￥€])([-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)")
_NEG_PAREN = re.compile(r"[(（]\d[\d,]*(?:\.\d+)?[)）]")  # (1,234): a negative amount in a statement
_WHOLE_PAREN = re.compile(r"^\s*[（(]([^（）()]{1,24})[)）]\s*$")


@cache
def _words() -> dict:
    return load_toml("tables.toml")


@cache
def _unit_label_re() -> re.Pattern:
    w = _words()
    return re.compile(rf"(?:{words_pattern(w['unit_label'])})\s*[：:]\s*")


@cache
def _currency_label_re() -> re.Pattern:
    return re.compile(rf"(?:{words_pattern(_words()['currency_label'])})\s*[：:]\s*")


@cache
def _percent_column_re() -> re.Pattern:
    return re.compile(words_pattern(_words()["percent_column"]), re.IGNORECASE)


@cache
def _currency_prefix_re() -> re.Pattern:
    return re.compile(words_pattern(lexicon().units["currency_prefix"]))


def _unit_words(rest: str) -> tuple[str, str]:
    """(unit words, currency words) that `rest` starts with: 百万美元 -> (百万美元, ''),
    人民币百万元 -> (百万元, 人民币), 元 币种:… -> (元, '')."""
    from .quantity.scanner import scan

    currency = ""
    m = _currency_prefix_re().match(rest)
    if m and m.end() < len(rest):
        currency, rest = m.group(), rest[m.end():]
    qs = [q for q in scan("1" + rest[:12]) if q.start == 0 and q.kind == "amount"]
    if not qs or qs[0].end <= 1:
        return ("", currency) if currency else ("", "")
    return rest[:qs[0].end - 1], currency


def _unit_header(line: str) -> tuple[str, str, str] | None:
    """(unit words, currency words, excepted rows' word) of a line that states a table's unit:
    `单位：百万美元`, `单位:元 币种:人民币`, a line that is only `（百万，每股金额除外）`."""
    s = line.strip(" \t|｜")
    if len(s) > 80 or "。" in s:  # a sentence that starts with 单位 is no header
        return None
    m = _unit_label_re().match(s)
    if m is not None:
        unit, currency = _unit_words(s[m.end():])
    elif (p := _WHOLE_PAREN.match(s)) is not None:
        inner = p.group(1).strip()
        if (lab := _unit_label_re().match(inner)) is not None:  # （单位：百万元，%）
            inner = inner[lab.end():]
        unit, currency = _unit_words(re.split(r"[,，;；]", inner)[0].strip())
        if unit and not (_has_magnitude(unit) or _has_currency(unit)):
            return None  # (%) over a column, (倍): a column's unit, not the table's
    else:
        return None
    if not unit and not currency:
        return None
    if (c := _currency_label_re().search(s)) is not None:
        currency = _unit_words(s[c.end():])[1] or s[c.end():].split()[0] if s[c.end():].split() else currency
    excepted = ""
    w = _words()
    for ex in w["except_word"]:
        k = s.find(ex)
        if k > 0:
            head = re.split(r"[,，;；(（\s]", s[:k])[-1]
            for glue in w["except_glue"]:
                head = head.removesuffix(glue)
            excepted = head
    return unit, currency, excepted


def _cells(line: str) -> tuple[str, list[tuple[int, int, str]]]:
    """(label, cells as (start, end, sign)) of a line ending in figures: `收入 $ 8,053 $ 8,709`,
    `占收入百分比 36.8 % 38.4 %`; the cells keep their order; `sign` is a currency sign before one."""
    toks = list(_TOKEN.finditer(line))
    k = len(toks)
    cells: list[tuple[int, int, str]] = []
    while k > 0:
        t = toks[k - 1].group()
        if t in ("%", "％") and k >= 2 and _is_number(toks[k - 2].group()):
            a, b = toks[k - 2].start(), toks[k - 1].end()
            k -= 2
        elif _is_number(t) or _is_blank_cell(t) or _NEG_PAREN.fullmatch(t):
            a, b = toks[k - 1].span()
            k -= 1
        elif (glued := _SIGNED.fullmatch(t)) is not None:  # $8,053: the sign glued to its figure
            cells.append((toks[k - 1].start() + glued.start(2), toks[k - 1].end(), glued.group(1)))
            k -= 1
            continue
        else:
            break
        sign = ""
        if k > 0 and _CURRENCY_SIGN.fullmatch(toks[k - 1].group()):
            sign = toks[k - 1].group()
            a = toks[k - 1].start()
            k -= 1
        cells.append((a, b, sign))
    cells.reverse()
    label = line[: toks[k].start()].strip(" \t|｜") if k < len(toks) else line.strip(" \t|｜")
    return (label if k > 0 else ""), cells


@cache
def _change_words() -> tuple[frozenset, frozenset, frozenset]:
    w = _words()
    return frozenset(w["change_up"]), frozenset(w["change_down"]), frozenset(w["change_unit"])


def _change_row(line: str) -> tuple[str, list[tuple[int, int, int]]] | None:
    """(label, figures as (start, end, sign or 0)) of a row of rates and their changes in
    points: `净资产收益率 3.61 增加 0.07 个 9.30 增加 1.42 个百`; sign 0 marks a rate, ±1 a change."""
    up, down, unit = _change_words()
    toks = list(_TOKEN.finditer(line))
    k = next((x for x, t in enumerate(toks) if _is_number(t.group())), None)
    if not k:
        return None
    cells, changes, sign = [], 0, 0
    for t in toks[k:]:
        w = t.group()
        if w in up or w in down:
            if sign:
                return None
            sign = 1 if w in up else -1
        elif _is_number(w):
            cells.append((t.start(), t.end(), sign))
            changes += bool(sign)
            sign = 0
        elif w not in unit:
            return None
    label = line[:toks[k].start()].strip(" \t|｜")
    return (label, cells) if changes and len(cells) >= 2 and _HAS_WORD.search(label) else None


def _amount_like(line: str, a: int, b: int, sign: str) -> bool:
    """A cell that holds an amount rather than a rate: a currency sign, grouped thousands."""
    return bool(sign) or "," in line[a:b]


def _unit_block(lines, i: int, header: tuple[str, str, str] | None, out: list[TableCell]) -> int:
    """Cells of a table under the unit header on line i (rows of a label and >= 2 figures, or a
    label line and a line of figures); with no header, of the rows from line i on whose labels
    carry their units (营业收入(亿元) 14.55亿 15.42亿); returns the index of the last line used."""
    unit, currency, excepted = header or ("", "", "")
    caption, _ = _caption(lines, i)
    caption = caption or (lines[i][1].strip() if header else "")
    head_text: list[str] = []
    rows: list[list] = []  # [offset, line, label, cells]
    pending = ""  # a label line waiting for its line of figures
    loose = 0  # non-row lines since the last row
    between: list[str] = []  # the non-row lines since the last row (a second table's header)
    heads: list[list[str]] = []  # the header lines over each row
    j, last = (i + 1 if header else i), i

    def under_header() -> list[str]:
        """The header lines over the next row: the lines since the last row when they name
        columns by period (a second table under the same unit: 本报告期末 上年度末 …), else the
        header over the last row."""
        if not heads or (between and any(_relative_columns([ln], 0, any_width=True) for ln in between)):
            return list(between) if heads else head_text
        return heads[-1]

    while j < len(lines):
        off, line = lines[j]
        s = line.strip()
        if not s:
            if rows:
                break
            j += 1
            continue
        if all(_is_blank_cell(t) or set(t) <= set("-:=") for t in _TOKEN.findall(line)):
            j += 1  # a markdown |---|---| rule
            continue
        if _TABLE_END.match(line) or (_unit_header(line) is not None and j > i) or (
                len(_YEAR_ANY.findall(line)) >= 2 and _header(line) is not None):
            break
        label, cells = _cells(line)
        figures = [c for c in cells if not _is_blank_cell(line[c[0]:c[1]])]
        if not figures and (change := _change_row(line)) is not None:
            _wrap_label(rows, pending, loose)
            head = under_header()
            cols = _relative_columns(head, len(change[1]))
            for k, (a, b, sign) in enumerate(change[1]):  # rates in percent, their changes in points
                out.append(TableCell(off + a, off + b, line[a:b], change[0], cols[k] if cols else "", False, caption,
                                     "pp" if sign else "%", "", sign or 1))
            if rows:
                heads[-1] = head  # (a row of rates keeps the header for the rows after it)
            pending, loose, last, between = "", 0, j, []
            j += 1
            continue
        if not label and cells and _period(line[cells[0][0]:cells[0][1]]) is not None and len(cells) >= 3:
            break  # 2025 7 0.22 0.23: a table of years down its first column
        if label and len(cells) >= 2 and figures and _HAS_WORD.search(label) and _period(label) is None and (
                header or rows or _unit_of(label)):
            _wrap_label(rows, pending, loose)
            heads.append(under_header())
            rows.append([off, line, label, cells])
            pending, loose, last, between = "", 0, j, []
        elif not label and cells and figures and (pending or (rows and loose == 0 and len(cells) == 1)):
            # 营业收入 \n 1,773 2,174 191: the label above; 18.39亿 alone under a row: that row's next cell
            heads.append(under_header())
            rows.append([off, line, pending or rows[-1][2], cells])
            pending, loose, last, between = "", 0, j, []
        else:
            if len(s) > (60 if rows else 40) or _SENTENCE.search(s) or cells and not label:
                break
            _wrap_label(rows, pending, loose)
            loose += 1
            between.append(s)
            if rows and loose > MAX_LABEL_LINES:
                break
            if not rows:
                if len(head_text) >= MAX_HEADER_LINES or header is None:
                    return i  # with no unit header, line i itself must be the first row
                head_text.append(s)
            pending = "" if cells else s
        j += 1
    if not rows:
        return i
    pct_header = bool(_percent_column_re().search(" ".join(head_text)))
    # a header whose change columns are in points only (变动(pct), 增减(个百分点)) and never in %
    inners = [m.group(1).strip() for h in head_text for m in _PAREN.finditer(h)]
    change_unit = next((u for u in inners if _is_points(u)), "") if not any(
        "%" in u or "％" in u for u in inners) else ""
    amount_cols: dict[int, set[int]] = {}
    signs = ""
    for _, line, _, cells in rows:
        for k, (a, b, sign) in enumerate(cells):
            if _amount_like(line, a, b, sign):
                amount_cols.setdefault(len(cells), set()).add(k)
            signs = signs or sign
    sign_currency = _sign_currency(signs) if signs else ""
    periods = _header_periods(([lines[i][1]] + head_text) if header else [lines[i - 1][1]] if i > 0 else [])
    names = _column_names(lines[i][1]) if header else []  # a pipe table's column names
    seen: dict[str, int] = {}  # cells given so far to each label (a row goes on in lines of its own)
    total: dict[str, int] = {}
    for _, _, label, cells in rows:
        total[label] = total.get(label, 0) + len(cells)
    for (off, line, label, cells), head in zip(rows, heads, strict=True):
        columns = _relative_columns(head, len(cells))
        first = seen.get(label, 0)
        seen[label] = first + len(cells)
        own = _unit_of(label)
        # a rate row holds no grouped thousands: 毛利率 2,963 3,348 is gross profit (gross margin)
        rate_row = bool(_RATE_LABEL.search(label) or "%" in label or "％" in label
                        or _percent_column_re().search(label)) and not any(
                            _amount_like(line, a, b, sg) for a, b, sg in cells)
        cols = amount_cols.get(len(cells), set())
        for k, (a, b, sign) in enumerate(cells):
            q = line[a:b]
            if _is_blank_cell(q):
                continue
            num = _NUMBER.search(q)
            if num is None:
                continue
            qa, qb = a + num.start(), a + num.end()
            change = False
            column = names[k] if len(names) == len(cells) else ""
            if q.rstrip().endswith(("%", "％")):
                cell_unit, qb = "%", b
            elif rate_row:
                cell_unit = "%"
            elif pct_header and cols and k not in cols:
                cell_unit, change = change_unit or "%", True
            elif own:
                cell_unit = own
            elif excepted and excepted in label:
                cell_unit = ""  # 每股 rows of a (百万，每股金额除外) table: not scaled
            else:
                cell_unit = unit
            cur = ""
            if cell_unit != "%":
                cur = _sign_currency(currency) or _sign_currency(sign) or sign_currency or (
                    "元" if excepted and not _has_currency(cell_unit) else "")
            # a row of one cell per period column (a label repeated under each item: 占收入百分比), or a
            # row that goes on in lines of its own
            period, forecast = (periods[k] if len(cells) == len(periods) else periods[first + k]
                                if len(periods) == total[label] else ("", False))
            if not period and columns:
                period = columns[k]  # 本报告期, 年初至报告期末: against the report's period (table_claims)
            change = change or bool(column and _change_column_re().search(column))
            out.append(TableCell(off + qa, off + qb, line[qa:qb], label, period, forecast, caption, cell_unit, cur,
                                 -1 if _NEG_PAREN.fullmatch(q) else 1, change=change, column=column))
    return last


RELATIVE = "@"  # a cell period written against the report's own: @this_period, @year_to_date (table_claims)


@cache
def _column_words():
    period = lexicon().context["period"]
    words = period["columns"]
    return (re.compile(f"(?:{words_pattern(words)})"), words,
            re.compile(words_pattern(period["column_change"])))


_BASES = ("year_ago", "year_ago_to_date", "last_year_end")  # columns a change is measured from


def _relative_columns(head: list[str], ncols: int, any_width: bool = False) -> list[str]:
    """The periods of a statutory table's columns named against the report's own period, from
    the header line (of several, the column names wrapped over them) that holds one name per
    column, an optional row-label name first: `项目 本报告期 上年同期增 年初至报告期末 末比上年同期`
    -> @this_period, @this_period, @year_to_date, @year_to_date. A column of a change (比, 增减,
    变动幅度) is of the period it compares: the nearest column to its left that is no base
    (上年同期, 上年度末). [] when no header line names such columns."""
    starts, words, change = _column_words()
    for line in reversed(head):
        toks = _TOKEN.findall(line)
        if toks and not starts.match(toks[0]) and (any_width or len(toks) == ncols + 1):
            toks = toks[1:]  # 项目, 单位：元: the name of the row labels' column
        if not toks or (len(toks) != ncols and not any_width):
            continue
        kinds: list[str | None] = []
        for t in toks:
            m = starts.match(t)
            if change.search(t):
                kinds.append(None)  # 本报告期比上年同期增减, 上年度末增减: a change
            elif m:
                kinds.append(words[m.group()])
            else:
                break
        else:
            if not any(kinds):
                continue
            out, current = [], ""
            for kind in kinds:
                if kind is not None and kind not in _BASES:
                    current = kind
                out.append(RELATIVE + (kind or current) if kind or current else "")
            return out
    return []


def _column_names(line: str) -> list[str]:
    """The names of a pipe table's figure columns, from its header line
    (`单位:百万美元 | FY 4Q25 | 公司预期 | QoQ |` -> FY 4Q25, 公司预期, QoQ): the first cell labels the rows."""
    if "|" not in line and "｜" not in line:
        return []
    names = [c.strip() for c in re.split(r"[|｜]", line.strip().strip("|｜"))]
    return names[1:] if len(names) > 2 else []


def _header_periods(head: list[str]) -> list[tuple[str, bool]]:
    """The column periods of a table's header, from the last line that gives them:
    a line of >= 2 periods after at most a short label (预测指标 2022(实际值) 预测2024(平均));
    a pipe header whose columns after the first are periods or columns of the period to their
    left (`单位:百万美元 | FY 4Q25 | 公司预期 | QoQ |`: 公司预期 is a forecast of 4Q25, QoQ its
    change); or periods stacked one per line at the header's end (FY25Q2 / FY25Q1 / FY24Q2)."""
    stacked: list[tuple[str, bool]] = []
    for line in reversed(head):
        if line.count("|") + line.count("｜") >= 2 and (got := _pipe_periods(line)):
            return got
        toks = _TOKEN.findall(line)
        if len(toks) == 1 and (p := _token_period(toks[0])) is not None:
            stacked.insert(0, p)
            continue
        if len(stacked) >= 2:
            return stacked
        stacked = []
        periods = [_column_period(t) or _broker_period(t) for t in toks]
        k = next((x for x, p in enumerate(periods) if p is not None), None)
        if k is not None and k <= MAX_LABEL_TOKENS and len(toks) - k >= 2 and all(p is not None for p in periods[k:]):
            return periods[k:]
    return stacked if len(stacked) >= 2 else []


def _token_period(token: str) -> tuple[str, bool] | None:
    """The period one header cell names: `2025E`, `2025预测`, or a period the scanner reads
    (`FY 4Q25`, `2025年第三季度`) filling most of the cell."""
    if (p := _column_period(token)) is not None:
        return p
    from .quantity.scanner import scan

    cell = token.strip()
    qs = [q for q in scan(cell) if q.kind == "date" and q.period and q.period.count("-") < 2 and not q.relative]
    if len(qs) == 1 and (qs[0].end - qs[0].start) * 2 >= len(cell):
        return (BROKER if qs[0].broker else "") + qs[0].period, bool(_forecast_word().search(cell))
    return None


_BROKER_LABEL = re.compile(r"[1-4][QH]\d{2}[AEFP]?|[QH][1-4][-']?\d{2}[AEFP]?", re.IGNORECASE)


def _broker_period(token: str) -> tuple[str, bool] | None:
    """A broker's quarter or half as a column name: 4Q25, 2H25E, Q3-25."""
    if not _BROKER_LABEL.fullmatch(token):
        return None
    m = re.fullmatch(r"(?:([1-4])([QH])|([QH])([1-4])[-']?)(\d{2})([AEFP])?", token, re.IGNORECASE)
    n, part = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    if part.upper() == "H" and n not in "12":
        return None
    return f"{BROKER}20{m.group(5)}{part.upper()}{n}", bool(m.group(6) and m.group(6).upper() in "EFP")


def _pipe_periods(line: str) -> list[tuple[str, bool]]:
    cols = [c.strip() for c in re.split(r"[|｜]", line.strip().strip("|｜"))][1:]
    out: list[tuple[str, bool]] = []
    cur = None
    for c in cols:
        p = _token_period(c) if c else None
        if p is not None:
            cur = p
            out.append(p)
        elif cur is not None:
            out.append((cur[0], cur[1] or bool(_forecast_word().search(c))))
        else:
            return []
    return out if cur is not None and len(out) >= 2 else []


def _wrap_label(rows: list[list], pending: str, loose: int) -> None:
    """归属于上市公司股东的净 759,994,598.37 … \n 利润: a short line right after a row, that no line
    of figures took, is the rest of that row's label."""
    if rows and pending and loose == 1 and len(pending) <= MAX_WRAP and " " not in pending:
        rows[-1][2] += pending


def _sign_currency(sign: str) -> str:
    """The currency code of a currency sign or word ($ -> USD, 人民币 -> CNY; units.toml)."""
    u = lexicon().units
    return u["money"].get(sign) or u["currency_prefix"].get(sign) or "" if sign else ""


@cache
def _has_currency(unit: str) -> bool:
    """`unit` names money (美元, 千元, 人民币), units.toml [money]."""
    from .quantity.scanner import scan
    qs = scan("1" + unit) if unit else []
    return bool(qs) and qs[0].unit in set(lexicon().units["money"].values())


# ---------------------------------------------------------------- grouped columns

_COLUMN_YEAR = re.compile(r"(?:FY)?((?:19|20)\d\d)(?:年度?)?([HQ][1-4])?([AEFP])?(?![\d])", re.IGNORECASE)


@cache
def _forecast_word() -> re.Pattern:
    return re.compile(words_pattern([w for w in lexicon().context["forecast"]["cues"] if len(w) >= 2]))


@cache
def _expectation_word() -> re.Pattern:
    """The name of a column of expectations (公司预期, 市场共识)."""
    return re.compile(words_pattern(lexicon().context["forecast"]["expectations"]))


def _expected_column(cell: TableCell) -> bool:
    """The cell stands in a column of someone's expectation (公司预期, 市场共识), not of results."""
    return bool(cell.column) and not _period(cell.column.replace(" ", "")) and bool(
        _expectation_word().search(cell.column))


def _column_period(token: str) -> tuple[str, bool] | None:
    """The period a column header names, words around the year allowed: `2025预测`,
    `2022(实际值)`, `预测2026(平均)`, `2024E`; forecast by its mark or a forecast word."""
    if len(token) > 14 or len(_YEAR_ANY.findall(token)) != 1:
        return None
    m = _COLUMN_YEAR.search(token)
    if m is None:
        return None
    year, half, mark = m.groups()
    head = FISCAL if m.group().upper().startswith("FY") else ""
    return head + year + (half.upper() if half else ""), bool(mark and mark.upper() in "EFP") or bool(
        _forecast_word().search(token))


def _grouped(lines, i: int, out: list[TableCell]) -> int:
    """A header of column groups over a header of periods, each group with its unit:

        机构 预测每股收益(元) 预测净利润(元) 日期
        2025预测 2026预测 2025预测 2026预测
        甲证券 0.25 0.31 1.81亿 2.25亿 2025-12-24

    Each row: a label, then one figure per period column (anything after them is ignored).
    Returns the index of the last line used (i when line i heads no such table)."""
    if i == 0 or len(lines[i][1]) > 160 or "(" not in lines[i - 1][1] and "（" not in lines[i - 1][1]:
        return i
    toks = _TOKEN.findall(lines[i][1])
    periods = [_column_period(t) for t in toks]
    if len(toks) < 2 or any(p is None for p in periods):
        return i
    groups = [t for t in _TOKEN.findall(lines[i - 1][1]) if _unit_of(t)]
    n = len(periods)
    if not groups or n % len(groups) or n // len(groups) < 2:
        return i
    per = n // len(groups)
    last, skipped = i, 0
    for j in range(i + 1, len(lines)):
        off, line = lines[j]
        row = list(_TOKEN.finditer(line))
        at = next((p for p in range(1, len(row) - n + 1)
                   if all(_is_number(t.group()) or _is_blank_cell(t.group()) for t in row[p:p + n])
                   and not _is_number(row[p - 1].group())), None)
        if at is None:
            skipped += 1
            if skipped > 1 or not line.strip():
                break
            continue
        label = line[:row[at].start()].strip(" \t|｜")
        if not _HAS_WORD.search(label):
            break
        skipped = 0
        for k, m in enumerate(row[at:at + n]):
            q = m.group()
            if not _is_number(q):
                continue
            group = groups[k // per]
            period, forecast = periods[k]
            out.append(TableCell(off + m.start(), off + m.end(), q, f"{label} {group}", period, forecast,
                                 lines[i - 1][1].strip(), _row_unit(group, q, "")))
        last = j
    return last


def find_table_cells(text: str, headers: list[tuple[int, int]] | None = None) -> list[TableCell]:
    """Every figure of every year table in `text`; `text[c.start:c.end] == c.quote`.
    `headers`, when given, receives the spans of the tables' header lines (column names and
    periods, unit lines): they name columns and state no claim."""
    out: list[TableCell] = []
    lines = _lines(text)
    i = 0

    def found(top: int, n: int) -> None:
        """The lines from `top` down to the first new cell's line are the table's header."""
        if headers is None or len(out) == n:
            return
        first = min(c.start for c in out[n:])
        k = top
        while k < len(lines) and lines[k][0] + len(lines[k][1]) < first:
            if lines[k][1].strip():
                headers.append((lines[k][0], lines[k][0] + len(lines[k][1])))
            k += 1

    while i < len(lines):
        line = lines[i][1]
        n = len(out)
        if "。" in line and len(line) > 40:  # a sentence line: no header, row or unit line of a table
            i += 1
            continue
        if len(_YEAR_ANY.findall(line)) >= 2:
            header = _header(line)
            if header is not None:
                end = _horizontal(lines, i, header, out)
                found(i, n)
                i = end + 1
                continue
            end = _grouped(lines, i, out)
            if end > i:
                found(i - 1, n)
                i = end + 1
                continue
        if _YEAR_ANY.match(line.lstrip(" \t|｜FYfy")):
            i = _vertical(lines, i, out) + 1
            continue
        if (unit := _unit_header(line)) is not None:
            end = _unit_block(lines, i, unit, out)
            found(i, n)
            i = end + 1
            continue
        if (")" in line or "）" in line) and _UNIT_ROW.search(line):  # 营业收入(亿元) 14.55亿 15.42亿 17.21亿: a row that names its unit
            end = _unit_block(lines, i, None, out)
            if end >= i and len(out) > n:
                if i > 0 and _header_periods([lines[i - 1][1]]):
                    found(i - 1, n)
                i = end + 1
                continue
        i += 1
    out.sort(key=lambda c: c.start)
    return out


# ---------------------------------------------------------------- cells -> claims

_CAPTION_HEAD = re.compile(r"^\s*(?:图表?|表格?|附表|Figure|Fig\.|Table|Exhibit|Chart)\s*[\d一二三四五六七八九十]*(?:[-.]\d+)?\s*[：:.、\s]*")
_PARENS = re.compile(r"[(（][^()（）]*[)）]")
_WS = re.compile(r"\s+")


_LEADING_SPAN = re.compile(r"^(?:FY)?(?:19|20)\d\d[A-Z]?(?:[-–~至](?:FY)?(?:19|20)\d\d[A-Z]?)?年?(?:度)?")


def _caption_subject(caption: str) -> str:
    """What a table's caption is about: 图表9：2019-2024年全球数据中心资本开支及增速 -> 全球数据中心."""
    from .attribute import subject as sj
    words = _PARENS.sub("", _CAPTION_HEAD.sub("", caption)).strip()
    return sj.cut_at_metric_word(_LEADING_SPAN.sub("", words))


_MAGNITUDE_END = re.compile(r"[十百千万亿兆]$")


def _cell_value(cell: TableCell, yuan: str):
    """(value, unit, the scanned quantity or None) of a cell under its unit words and currency:
    `8,053` under 百万 with a $ -> 8.053e9 USD; `1.81亿` under (元) -> 1.81e8 CNY."""
    from .quantity.scanner import scan

    unit_text = cell.unit_text
    scaled = bool(unit_text) and unit_text != "%" and _MAGNITUDE_END.search(cell.quote) is not None
    if scaled and _has_magnitude(unit_text):
        unit_text = ""  # 1.81亿 under a header of 亿元: the cell states its own magnitude
    probe = cell.quote
    if unit_text and (cell.quote[-1].isdigit() or scaled):
        probe = cell.quote + unit_text
    qs = [q for q in scan(probe) if q.kind == "amount" and q.start == 0]
    if qs:
        value, unit, kind_q = qs[0].value * cell.sign, qs[0].unit, qs[0]
    else:
        try:
            value = float(cell.quote.replace(",", ""))
        except ValueError:
            return None
        unit, kind_q = "count", None
    if cell.currency and unit in ("count", "元") and kind_q is not None and kind_q.unit != "percent" or (
            cell.currency and kind_q is None):
        unit = cell.currency
    if unit == "元":
        unit = yuan
    return value, unit, kind_q


@cache
def _has_magnitude(unit_text: str) -> bool:
    from .quantity.scanner import scan
    qs = scan("1" + unit_text)
    return bool(qs) and qs[0].value not in (None, 1)


def _rescale(prose: Claim, cell: TableCell, yuan: str) -> None:
    """A figure the sentence reader found bare (`1.81亿` as a count, `$ 8,053` as 8053 USD) in a
    table whose header or row label names its unit takes that unit and scale."""
    if prose.unit in ("", "date", "percent", "pp") or not (cell.unit_text or cell.currency) or cell.unit_text == "%":
        return
    cv = _cell_value(cell, yuan)
    if cv is None or cv[2] is None and not cell.currency:
        return
    value, unit, _ = cv
    if unit in ("count", "percent") or not prose.value or not value:
        return
    ratio = abs(value / prose.value)  # a sign the row states in words (减少 3.12 个百分点) comes along
    if prose.unit not in ("count", unit):
        return
    # 1.81亿 read as a count under (元): the unit is missing; $ 8,053 read as 8053 USD under
    # (百万): the header's power of ten is missing
    tens = math.log10(ratio) if ratio > 0 else 0.5
    if abs(tens - round(tens)) > 1e-9 or round(tens) < (0 if prose.unit != unit else 1):
        return
    prose.value, prose.unit = value, unit
    prose.low = prose.low * ratio if prose.low is not None else None
    prose.high = prose.high * ratio if prose.high is not None else None


def _claim_kind(unit: str) -> str:
    """The unit kind (attribute/metric.py) of a claim's canonical unit."""
    from .attribute import metric as mt
    if unit in mt.CURRENCIES:
        return "money"
    if "/" in unit:
        return "rate" if unit.split("/", 1)[0] in mt.CURRENCIES else "per"
    return "time" if unit in mt.TIME_UNITS else unit


@cache
def _of_revenue() -> re.Pattern:
    return re.compile(words_pattern(lexicon().metrics["table_rows"]["of_revenue"]))


def _label_metric(label: str, kind: str, change: bool) -> str:
    """The metric a row label names for a figure of unit kind `kind` ('' when none): the last
    metric word of the label that fits; a rate word over money names the money it is the rate of
    (毛利率 2,963 under 百万美元: the gross profit); a column of changes holds growth rates."""
    from .attribute import metric as mt
    if change and kind in ("percent", "pp"):
        return "growth"
    kws = mt.keywords(label, 0, len(label))
    fitting = [k for k in kws if mt.fits(k.metric, kind)]
    if fitting:
        return mt.written(fitting[-1].metric)
    money_of = lexicon().metrics["table_rows"]["money_of"]
    if kind == "money" and kws and kws[-1].metric in money_of:
        return money_of[kws[-1].metric]
    return ""


def table_claims(ctx: Context, found: list[Claim]) -> list[Claim]:
    """One claim per figure of a table (claimx.table_cells), unit and subject from its caption.
    Figures of `found` (the sentence reader's claims) that sit in a table's cells take the
    table's unit, scale, period and subject; date claims in a table's header lines are removed
    from `found` (column names, not events). Columns named against the report's period
    (本报告期, 上年同期) take it from the document's time frame. `ctx`: the document's
    (attribute/context.py)."""
    from .attribute import metric as mt
    from .attribute import subject as sj

    doc, nt, source, published, yuan = ctx.doc, ctx.nt, ctx.source, ctx.published, ctx.yuan
    line_starts, aliases, taiwan, frame = ctx.line_starts, ctx.aliases, ctx.taiwan, ctx.frame

    t = nt.text

    @cache
    def doc_subject() -> str:
        """The company or thing the document's sentences name most: what a table whose labels
        and caption name nothing (营业收入, 单位：元) is about."""
        names = Counter(name for c in found if c.subject and (name := sj.last_entity(c.subject, 0, len(c.subject))))
        if names:
            return names.most_common(1)[0][0]
        # no known name: the subject a quarter or more of the sentences' figures share
        subjects = Counter(c.subject for c in found if c.subject and c.unit != "date")
        top = subjects.most_common(1)
        return top[0][0] if top and top[0][1] >= 2 and 4 * top[0][1] >= sum(subjects.values()) else ""

    def cell_subject(cell: TableCell, rate: bool) -> str:
        label = _PARENS.sub("", cell.row_label).strip()
        if not rate and not cell.label_is_measure and sj.valid(sj.clean(mt.strip_keywords(label))):  # 英伟达 names a thing; 市场规模 does not
            return label
        return (_caption_subject(cell.caption) if _unit_header(cell.caption) is None else "") or doc_subject()

    def cell_forecast(cell: TableCell) -> bool:
        """E/F/预测 columns; or a table its caption calls forecasts (预测年报每股收益) in a year
        not over when the document was published. A table whose header names each column: the
        column's own name says it (公司预期, 市场共识 are forecasts; FY 4Q25, QoQ are not)."""
        if cell.forecast:
            return True
        if cell.column:
            return bool(_forecast_word().search(f"{cell.column} {cell.row_label}")
                        or _expectation_word().search(cell.column))
        if not _forecast_word().search(f"{cell.caption} {cell.row_label}"):
            return False
        return not (cell.period and published and _YEAR_ANY.search(cell.period) and _year(cell.period) < int(published[:4]))

    rows: list[tuple[str, str, str]] = []  # (caption, row label, metric) of the rows so far, in order

    def row_metric(cell: TableCell, kind: str) -> str:
        """The metric the row label (and the column) of a cell names for a figure of unit kind
        `kind`, '' when they name none; the rows above it tell a rate of revenue under a profit
        (a margin) and an income after expenses (a profit)."""
        label = _PARENS.sub("", cell.row_label).strip()
        metric = _label_metric(label, kind, cell.change)
        table = [(lab, m) for cap, lab, m in rows if cap == cell.caption and lab != cell.row_label]
        above = table[-1][1] if table else ""
        if metric == "share" and above in ("profit", "margin") and _of_revenue().search(label):
            metric = "margin"  # 营业利润 / 占收入百分比: the profit's share of revenue
        elif metric == "revenue" and above in ("spending", "cost") and any(m == "revenue" for _, m in table[:-1]):
            metric = "profit"  # 收入 … 营业费用 / 营业收入: the income left after expenses (operating income)
        if not rows or rows[-1][:2] != (cell.caption, cell.row_label):
            rows.append((cell.caption, cell.row_label, metric))
        return metric

    taken = sorted((c.start, c.end) for c in found)
    by_span = {(c.start, c.end): c for c in found}
    out = []
    heads: list[tuple[int, int]] = []
    cells = find_table_cells(t, heads)
    if heads:
        # FY 4Q25, 2024E, 2025预测 in a header name columns: no date claims
        spans = sorted((nt.orig(a), nt.orig_end(b)) for a, b in heads)
        starts = [a for a, _ in spans]

        def in_header(c: Claim) -> bool:
            k = bisect_right(starts, c.start) - 1
            return k >= 0 and c.end <= spans[k][1]

        found[:] = [c for c in found if c.unit != "date" or not in_header(c)]
    fiscal = frame is not None and has_fiscal_year(frame.company)
    for cell in cells:
        if cell.period.startswith(RELATIVE):
            cell.period = frame.column(cell.period[len(RELATIVE):]) if frame is not None else ""
        elif cell.period.startswith(BROKER):  # 4Q25 in a table about NVIDIA: its fiscal quarter
            cell.period = frame.resolve(cell.period[1:], broker=True) if frame is not None else cell.period[1:]
        elif cell.period.startswith(FISCAL) and not fiscal:  # FY2025 of a calendar-year company: 2025
            cell.period = cell.period[len(FISCAL):]
        o_start, o_end = nt.orig(cell.start), nt.orig_end(cell.end)
        k = bisect_right(taken, (o_start, 10**18))
        near = [(a, b) for a, b in taken[max(0, k - 1):k + 1] if a < o_end and o_start < b]
        if near:
            if (prose := by_span.get((o_start, o_end))) is not None and cell.period:
                # YoY 4% 14% …: a figure the sentence reader found, in a column of the header's year
                prose.period, prose.forecast = cell.period, cell_forecast(cell)
                row_text = f"{cell.caption} {cell.row_label}"
                if not prose.subject or sj.clean(prose.subject) not in row_text:
                    # the sentence reader read the row as part of a sentence: the subject is the table's
                    prose.subject = sj.canonical(cell_subject(cell, prose.unit in ("percent", "pp")) or prose.subject,
                                                 aliases, taiwan)
            elif len(near) == 1 and near[0][0] == o_start and cell.period:
                by_span[near[0]].period = cell.period  # 1.42 个 (百分点 wrapped away): the cell's column
            for span in near:
                _rescale(by_span[span], cell, yuan)
            if prose is not None and prose.unit not in ("", "date") and (
                    named := row_metric(cell, _claim_kind(prose.unit))):
                prose.metric = named  # a figure in a row: the row's label names what it is
            if prose is not None and _expected_column(cell) and prose.subject:
                prose.subject = f"{cell.column}{prose.subject}"  # 市场共识美光: whose expectation it is
            continue
        cv = _cell_value(cell, yuan)
        if cv is None:
            continue
        value, unit, kind_q = cv
        caption = _PARENS.sub("", _CAPTION_HEAD.sub("", cell.caption)).strip()
        label = _PARENS.sub("", cell.row_label).strip()
        words = f"{caption} {label}"
        metric = "other"
        if kind_q is not None:
            kind = _claim_kind(unit) if unit != "count" else mt.unit_kind(kind_q)
            kws = [k for k in mt.keywords(words, 0, len(words)) if mt.fits(k.metric, kind)]
            metric = row_metric(cell, kind) or (mt.written(kws[-1].metric) if kws else (kind_q.metric or "other"))
        subject = cell_subject(cell, bool(kind_q is not None and kind_q.unit == "percent"))
        if _expected_column(cell) and subject:
            subject = f"{cell.column}{subject}"
        row = Claim(doc=doc.path, page=bisect_right(doc.pages, o_start) if doc.pages else None,
                    line=bisect_right(line_starts, o_start), start=o_start, end=o_end,
                    quote=doc.text[o_start:o_end], subject=sj.canonical(subject, aliases, taiwan), metric=metric, value=value,
                    unit=unit, period=cell.period, forecast=cell_forecast(cell), source=source, published=published,
                    context=_WS.sub(" ", f"{cell.caption} {cell.row_label} {cell.period}").strip())
        row.id = claim_id(doc.path, row.quote, row.context, 1)
        out.append(row)
    return out
