"""Who says it: the document's publisher and date (header fields), and the origin a
sentence cites for its figures (根据IDC数据, 据TrendForce)."""
from __future__ import annotations

from functools import cache

import regex

from ..lexicon import compile_plain, lexicon, words_pattern

_DATE = r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"


@cache
def _patterns():
    c = lexicon().context

    alt = words_pattern
    h = c["header"]
    src = regex.compile(rf"(?<!数据|资料)(?:{alt(h['source_labels'])})[ ]?[:：][ ]?([\p{{Han}}A-Za-z&·]{{2,16}}?)"
                        rf"(?=[ ]|$|[，,。;；|/]|{alt(h['date_labels'])}|{alt(h['source_labels'])})", regex.M)
    date = regex.compile(rf"(?:{alt(h['date_labels'])})[ ]?[:：]?[ ]?{_DATE}")
    bare_date = regex.compile(rf"^[ \t]*{_DATE}(?:[ ]+\d{{1,2}}:\d{{2}})?", regex.M)
    k = c["cited"]
    cited = regex.compile(rf"(?:{alt(k['before'])})[ ]?([A-Za-z][\w&.\- ]{{0,30}}?[\w.]|[\p{{Han}}A-Za-z]{{2,14}}?)"
                          rf"[ ]?(?:{alt(k['after'])})")
    label = regex.compile(rf"(?:{alt(k['labels'])})[ ]?[:：][ ]?([\p{{Han}}A-Za-z][\p{{Han}}A-Za-z&·]{{1,20}})")
    return src, date, bare_date, cited, label


_BYLINE = regex.compile(rf"{_DATE}[ ]*(?:来源|来自)[:：][ ]?([\p{{Han}}A-Za-z]{{2,16}})")
# a news byline: the outlet before its reporter (联合报／记者…报导, （中央社记者…电）, 钜亨网记者…)
_REPORTER = regex.compile(r"^[ \t]*[（(【〔\[]?[ ]?(\p{Han}{2,6}?)[ ]?[／/]?[ ]?(?:记者|编译|特派员)", regex.M)
# a dated byline line: an outlet or author next to the date (天风证券·2025-04-11 19:14, 2024-07-09IT之家)
_DATED_LINE = regex.compile(rf"^[ \t]*(?:(?P<before>[\p{{Han}}A-Za-z0-9]{{2,12}}?)[ ]?[·|•]?[ ]?)?{_DATE}"
                            rf"(?:[ ]+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?[ ]*(?P<after>[\p{{Han}}A-Za-z]{{2,8}})?[ \t\d]*$", regex.M)
# a press release's dateline: place, date, a dash (加利福尼亚州圣克拉拉— 2025年5月28日——英伟达…)
_DATELINE = regex.compile(rf"{_DATE}[ ]?(?:—|–|－|-{{1,2}}){{1,2}}")
BYLINE_LINES = 8  # a byline sits in the first lines of a page

HEAD = 4000  # header fields are looked for in the first characters of a document


def header(text: str) -> tuple[str, str]:
    """(source, published ISO date) from a document's header fields, '' when absent."""
    src, date, bare_date, _, _ = _patterns()
    head = text[:HEAD]
    source = ""
    m = src.search(head)
    if m:
        source = m.group(1)
    published = ""
    top = "\n".join(head.split("\n", BYLINE_LINES)[:BYLINE_LINES])
    dated = _DATED_LINE.search(top)
    m = date.search(head) or bare_date.search(head[:600])
    if m:
        published = _iso(*m.group(1, 2, 3))
    elif dated:
        published = _iso(*dated.group(dated.re.groupindex["before"] + 1, dated.re.groupindex["before"] + 2,
                                      dated.re.groupindex["before"] + 3))
    elif m := _DATELINE.search(head) or _short_dated_line(top):
        published = _iso(*m.group(1, 2, 3))
    if not source and (m := _REPORTER.search(top)):
        source = m.group(1)
    if not source and dated:
        source = dated.group("before") or dated.group("after") or ""
    if not source or not published:  # a dated byline further down (news pages: "2024-03-06 来源:X")
        m = _BYLINE.search(text)
        if m:
            published = published or f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            source = source or m.group(4)
    if not published and (m := _ROC_CODE.search(text, max(0, len(text) - 80))):
        published = _iso(str(int(m.group(1)) + 1911), m.group(2), m.group(3))
    return source, published


# a Taiwan wire story's closing code after its editor's name: （编辑：张良知）1141208 is 民国114年12月8日
_ROC_CODE = regex.compile(r"[（(][ ]?编辑[ ]?[:：][^（）()\n]{1,12}[)）][ ]?(1[0-4]\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\s*$")


_FULL_DATE = regex.compile(_DATE)
BYLINE_MAX = 60  # characters: a longer line is prose, whose dates are the events it tells


def _short_dated_line(top: str):
    """A full date on a short line near the top without sentence punctuation: a byline
    (作者：张三 | 2024-03-05, 楼主 发表于 2024-3-5 10:23, 编辑于 2024年03月05日)."""
    for line in top.split("\n"):
        if len(line.strip()) <= BYLINE_MAX and "。" not in line and (m := _FULL_DATE.search(line)):
            return m
    return None


def _iso(y: str, mo: str, d: str) -> str:
    mo_, d_ = int(mo), int(d)
    return f"{y}-{mo_:02d}-{d_:02d}" if 1 <= mo_ <= 12 and 1 <= d_ <= 31 else ""


def cited(text: str, lo: int, hi: int) -> str:
    """The origin the sentence [lo, hi) cites for its figures."""
    _, _, _, cite, label = _patterns()
    m = cite.search(text, lo, hi) or label.search(text, lo, hi)
    return m.group(1).strip() if m else ""


_CITING_CLAUSE = compile_plain(r"[ ]?(?:根据|据|援引|依据)[^，,。；;]{1,30}?(?:[，,])")


def after_citation(text: str, lo: int, hi: int) -> int:
    """Where a sentence's own words start after a leading citation clause (根据IDC数据，…)."""
    m = _CITING_CLAUSE.match(text, lo, hi)
    return m.end() if m else lo
