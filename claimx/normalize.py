"""A normalized copy of a document's text, with a map back to the original offsets.

Extraction runs on the copy; quotes and offsets are always taken from the original
(`text[start:end] == quote` on the document's own decoded text).

The copy differs from the original in two ways:
- characters are replaced one for one (same length): NFKC (full-width digits and
  punctuation, Kangxi radicals such as `⼒` -> `力`), look-alike punctuation from
  `data/script.toml`, and traditional -> simplified script (OpenCC, per character);
- some spans are deleted: pinyin glosses glued in by bad converters (`個(gè)` -> `個`) and
  invisible characters (zero-width spaces, soft hyphens).
  Deletions are why the map exists; without them the map is the identity.
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_right
from functools import cache

import regex

from .lexicon import lexicon

# A pinyin gloss after an ideograph: `(gè)`, `(shù)`; it must carry a tone mark so that
# ordinary parenthesised Latin words (`(Compute)`) are never taken for one.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = regex.compile(
    rf"(?<=\p{{Han}})[(（][a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*[)）]"
    "|[\u200b-\u200d\u2060\ufeff\u00ad]+"  # and invisible characters (zero-width spaces, soft hyphens)
)


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _map_char(ch: str) -> str:
    """One character of the normalized copy for one original character."""
    extra = lexicon().char_map
    if ch in extra:
        return extra[ch]
    out = unicodedata.normalize("NFKC", ch)
    if len(out) != 1:
        out = ch
    if "\u3400" <= out <= "\u9fff" or "\uf900" <= out <= "\ufaff":
        s = _t2s().convert(out)
        if len(s) == 1:
            out = s
    return out


# The normalized form of every character met so far, and the set of those characters: a
# text only adds the characters it brings new. Unchanged characters map to themselves, as
# a character missing from the table costs str.translate a raised and caught KeyError.
_TABLE: dict[int, str] = {}
_SEEN: set[str] = set()
_TRADITIONAL: set[str] = set()  # the Chinese characters seen that change in simplified script
_BACK: dict[int, str] = {}  # simplified -> the traditional character it was first seen for


_MEMO: dict[str, str] = {}  # short texts (phrases, sentences) -> their normalized form
_MEMO_TEXT = 400  # characters: longer texts (documents) are not kept
_MEMO_SIZE = 8192  # entries: the table is emptied when full


def to_simplified(text: str) -> str:
    """The normalized characters of `text` (same length), without deletions."""
    if text.isascii():
        return text
    if len(text) > _MEMO_TEXT:
        _learn(text)
        return text.translate(_TABLE)
    # the claims of one sentence ask for its context again and again (check reads each claim's)
    out = _MEMO.get(text)
    if out is None:
        _learn(text)
        out = text.translate(_TABLE)
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        _MEMO[text] = out
    return out


def _learn(text: str) -> None:
    """Put the characters of `text` not met before into the table."""
    if not _SEEN.issuperset(text):
        new = set(text) - _SEEN
        for ch in new:
            _TABLE[ord(ch)] = out = ch if ch.isascii() else _map_char(ch)
            if out != ch and _HAN.match(ch):
                _TRADITIONAL.add(ch)
                _BACK.setdefault(ord(out), ch)
        _SEEN.update(new)


_HAN = regex.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
TRADITIONAL_SHARE = 0.1  # of a text's distinct Chinese characters: above it, the text is in traditional script
SAMPLE = 5_000  # characters read to tell the script


def to_traditional(text: str) -> str:
    """`text` in the traditional characters the simplified ones of it were read from (资料中心 ->
    資料中心), for phrase conversions keyed in traditional script; others stay."""
    return text.translate(_BACK)


def is_traditional(text: str, learned: bool = False) -> bool:
    """`text` is written in traditional script: at least TRADITIONAL_SHARE of the distinct
    Chinese characters of its start change in simplified script (a mainland text quoting a
    traditional name stays simplified). `learned`: its characters were normalized already."""
    sample = text[:SAMPLE]
    if not learned:
        _learn(sample)
    chars = set(sample)
    traditional = len(_TRADITIONAL.intersection(chars))
    return traditional > 0 and traditional >= TRADITIONAL_SHARE * len(_HAN.findall("".join(chars)))


# A line break inside a sentence of extracted PDF text: between two word characters.
_LINE_BREAK = regex.compile(r"(?<=[\p{Han}\w%.,、，；：;:])\n(?=[\p{Han}\w%])")


def reflow_breaks(text: str, starts: set[int] = frozenset()) -> list[tuple[int, int]]:
    """The line breaks of extracted PDF text that only wrap a full line (`334.7亿\n美元`,
    `市\n场规模`): a line at least 80% as long as the document's long lines, no table cells
    (tabs) on either side, not at a page start (`starts`)."""
    lengths = sorted(len(x) for x in text.split("\n") if len(x) >= 8)
    if not lengths:
        return []
    full = 0.8 * lengths[(len(lengths) * 3) // 4]
    out = []
    for m in _LINE_BREAK.finditer(text):
        a = text.rfind("\n", 0, m.start()) + 1
        b = text.find("\n", m.end())
        b = len(text) if b < 0 else b
        if m.end() in starts or m.start() - a < full or "\t" in text[a:b]:
            continue
        out.append(m.span())
    return out


# A figure whose unit or magnitude a hard line break cut off (…达到414.1\nEFLOPS, 334.7亿\n美元)
# on a line of prose: the break is deleted, so the figure reads whole.
_WRAPPED_FIGURE = regex.compile(
    r"(?<=\d)\n(?=[ ]?(?:[万亿千百兆]|美元|元|人民币|%|％|[EPTZ]?FLOPS|[EPTZ]?Flops|TOPS|[GMk]W|nm|[GTPEZ]B)(?![A-Za-z]))"
    r"|(?<=\d[万亿千百兆])\n(?=[ ]?(?:美元|元|人民币|港元|日元|欧元))")


def wrapped_figures(text: str) -> list[tuple[int, int]]:
    """The line breaks inside figures of plain text (`_WRAPPED_FIGURE`), on lines of prose."""
    out = []
    for m in _WRAPPED_FIGURE.finditer(text):
        line = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
        if "\t" not in line and len(_HAN.findall(line)) >= 4:  # prose, not a table row
            out.append(m.span())
    return out


class NormText:
    """`text` is the normalized copy; `orig(i)` maps its offsets back to the original.

    `reflow`: also delete the line breaks that only wrap a line (extracted PDF text),
    so that figures and words broken across lines are found whole.
    """

    __slots__ = ("original", "text", "_norm_starts", "_orig_starts")

    def __init__(self, original: str, reflow: bool = False, page_starts: set[int] = frozenset()):
        self.original = original
        spans = [m.span() for m in _PINYIN.finditer(original)]
        if reflow:
            spans = sorted(spans + reflow_breaks(original, page_starts))
        elif "\n" in original:
            spans = sorted(spans + wrapped_figures(original))
        if spans:
            pieces, ns, os_ = [], [0], [0]
            pos = n = 0
            for a, b in spans:
                pieces.append(original[pos:a])
                n += a - pos
                pos = b
                ns.append(n)
                os_.append(b)
            pieces.append(original[pos:])
            kept = "".join(pieces)
            self._norm_starts, self._orig_starts = ns, os_
        else:
            kept = original
            self._norm_starts = self._orig_starts = None
        self.text = to_simplified(kept)

    def orig(self, i: int) -> int:
        """Original offset of normalized offset `i` (a start or an end)."""
        if self._norm_starts is None:
            return i
        k = bisect_right(self._norm_starts, i) - 1
        return self._orig_starts[k] + (i - self._norm_starts[k])

    def orig_end(self, i: int) -> int:
        """Original offset for an *end* offset: a deletion right at the end stays outside."""
        if self._norm_starts is None or i == 0:
            return i
        return self.orig(i - 1) + 1
