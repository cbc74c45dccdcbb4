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

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import Claim, Document

if TYPE_CHECKING:
    from .normalize import NormText

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


def _period(token: str) -> tuple[str, bool] | None:
    m = _PERIOD.fullmatch(token)
    if not m:
        return None
    year, half, mark = m.group(1), m.group(2), m.group(3)
    return year + (half.upper() if half else ""), bool(mark and mark.upper() in "EFP")


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
        if inner and not _YEAR_ANY.search(inner):
            return inner
    return ""


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


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
        elif _TRAILING_HEADS.search(t):
            trailing.append(t)
        else:
            return None
    if len(periods) < 2 or first > MAX_LABEL_TOKENS:
        return None
    keys = [int(p[0][:4]) for p, _ in periods]
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


def _horizontal(lines, i, header, out: list[TableCell]) -> int:
    """Cells of the table whose header is line i; returns the index of the last line used."""
    label, periods, trailing = header
    caption, cap_unit = _caption(lines, i)
    unit = _unit_of(label) or cap_unit
    ncols = len(periods) + len(trailing)
    span = (f"{periods[0][0][:4]}-{periods[-1][0][:4]}", any(f for _, f in periods))
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
        heads = [(p, f, rlabel) for p, f in periods] + [(*span, f"{rlabel} {t}") for t in trailing]
        for (period, forecast, name), m in zip(heads, cells, strict=True):
            q = m.group()
            if not _is_number(q):
                continue
            cell_unit = _row_unit(name, q, unit) if name == rlabel else "%"
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
    years = [int(p[0][:4]) for _, p, _ in rows]
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
                                     caption, _row_unit(name, q, cap_unit)))
    return j - 1


def find_table_cells(text: str) -> list[TableCell]:
    """Every figure of every year table in `text`; `text[c.start:c.end] == c.quote`."""
    out: list[TableCell] = []
    lines = _lines(text)
    i = 0
    while i < len(lines):
        line = lines[i][1]
        if len(_YEAR_ANY.findall(line)) >= 2:
            header = _header(line)
            if header is not None:
                i = _horizontal(lines, i, header, out) + 1
                continue
        if _YEAR_ANY.match(line.lstrip(" \t|｜FYfy")):
            i = _vertical(lines, i, out) + 1
            continue
        i += 1
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


def table_claims(doc: Document, nt: NormText, found: list[Claim], source: str, published: str,
                  yuan: str, line_starts: list[int], aliases=None, taiwan: bool = False) -> list[Claim]:
    """One claim per figure of a year table (claimx.table_cells), unit and subject from its caption."""
    from .attribute import metric as mt
    from .attribute import subject as sj
    from .extract import claim_id
    from .quantity.scanner import scan

    t = nt.text
    taken = sorted((c.start, c.end) for c in found)
    by_span = {(c.start, c.end): c for c in found}
    out = []
    for cell in find_table_cells(t):
        o_start, o_end = nt.orig(cell.start), nt.orig_end(cell.end)
        k = bisect_right(taken, (o_start, 10**18))
        if any(a < o_end and o_start < b for a, b in taken[max(0, k - 1):k + 1]):
            if (prose := by_span.get((o_start, o_end))) is not None and not prose.period:
                # YoY 4% 14% …: a figure the sentence reader found, in a column of the header's year
                prose.period, prose.forecast = cell.period, cell.forecast
                if not prose.subject:
                    prose.subject = sj.canonical(_caption_subject(cell.caption), aliases, taiwan)
            continue
        probe = cell.quote if not cell.unit_text or not cell.quote[-1].isdigit() else cell.quote + cell.unit_text
        qs = [q for q in scan(probe) if q.kind == "amount" and q.start == 0]
        if qs:
            q = qs[0]
            value, unit, kind_q = q.value, q.unit, q
        else:
            try:
                value = float(cell.quote.replace(",", ""))
            except ValueError:
                continue
            unit, kind_q = "count", None
        if unit == "元":
            unit = yuan
        caption = _PARENS.sub("", _CAPTION_HEAD.sub("", cell.caption)).strip()
        label = _PARENS.sub("", cell.row_label).strip()
        words = f"{caption} {label}"
        metric = "other"
        if kind_q is not None:
            kws = [k for k in mt.keywords(words, 0, len(words)) if mt.fits(k.metric, mt.unit_kind(kind_q))]
            metric = kws[-1].metric if kws else (kind_q.metric or "other")
        rate_row = bool(kind_q is not None and kind_q.unit == "percent")
        label_names = sj.valid(sj.clean(mt.strip_keywords(label)))  # 英伟达 names a thing; 市场规模 does not
        subject = label if label_names and not rate_row else _caption_subject(cell.caption)
        row = Claim(doc=doc.path, page=bisect_right(doc.pages, o_start) if doc.pages else None,
                    line=bisect_right(line_starts, o_start), start=o_start, end=o_end,
                    quote=doc.text[o_start:o_end], subject=sj.canonical(subject, aliases, taiwan), metric=metric, value=value,
                    unit=unit, period=cell.period, forecast=cell.forecast, source=source, published=published,
                    context=_WS.sub(" ", f"{cell.caption} {cell.row_label} {cell.period}").strip())
        row.id = claim_id(doc.path, row.quote, row.context, 1)
        out.append(row)
    return out
