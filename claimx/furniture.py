"""Text furniture: spans of a document's text that hold figures but state no claim.

Found by the shape of the text, on the normalized copy (simplified script), with the words
in `data/furniture.toml`:

- a list of links to other articles or of references under a heading line (相关阅读,
  推荐阅读, 参考文献 ...): the short lines after the heading, down to the first paragraph
  line; reference entries numbered [1], [2] in a run;
- a line that links to the previous or next article (上一篇：…);
- page counters in a line that is not a sentence (阅读 1.2万 评论 35, 已有2.3万人关注);
- a broker's rating definitions: two or more clauses in a run, each a rating word and a
  colon (买入：未来6个月内…15%以上；增持：未来6个月内…), their texts opening alike.

Citation markers (新高1。, [1], [10]) never become figures in the scanner and need no span.
"""
from __future__ import annotations

import re
from functools import cache

from .lexicon import load_toml, words_pattern

MAX_LINK_LINE = 60  # a line of a link list: an article title, not a paragraph
MAX_LINK_LINES = 40
MAX_COUNTER_LINE = 80  # a line of page counters
MAX_RATING_GAP = 200  # characters between two definitions of one run
_DECOR = r"[\s【】\[\]〖〗「」『』<>《》>»▼▶►■□●◆★☆|｜:：\-—=]*"
_NUM = r"\d[\d,.]*\s*(?:万|w|W|k|K|千|\+)?"
_REF_ENTRY = re.compile(r"^\s*[\[［【]\d{1,3}[\]］】]\s*\S")
MAX_REF_LINE = 160
_SENTENCE = re.compile(r"[。，；;！？!?]|,(?!\d)")  # 1,024 is a figure, not a clause break


@cache
def _words() -> dict:
    return load_toml("furniture.toml")


@cache
def _heading_re() -> re.Pattern:
    w = _words()
    return re.compile(rf"^{_DECOR}(?:{words_pattern(w['related_headings'] + w['reference_headings'])}){_DECOR}$",
                      re.IGNORECASE)


@cache
def _link_re() -> re.Pattern:
    return re.compile(rf"^\s*(?:{words_pattern(_words()['link_prefixes'])})\s*[:：]", re.IGNORECASE)


@cache
def _counter_re() -> re.Pattern:
    w = _words()
    return re.compile(rf"(?:{words_pattern(w['counters_before'])})\s*[:：]?\s*{_NUM}"
                      rf"|(?<![\d:：.\-/]){_NUM}\s*(?:{words_pattern(w['counters_after'])})", re.IGNORECASE)


@cache
def _rating_re() -> re.Pattern:
    ratings = words_pattern(_words()["ratings"])
    # 买入：…, 买入（Buy）：…, and in a table of two columns 买入 预期未来6个月内…
    return re.compile(rf"(?:^|(?<=[\n；;。：:\s]))(?:{ratings})(?:评级)?(?:\s*[（(][^()（）\n]{{1,20}}[)）])?"
                      rf"(?:\s*[：:]\s*|[ \t]+(?=\S{{4}}))", re.IGNORECASE)


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def text_furniture(text: str) -> list[tuple[int, int]]:
    """Spans [start, end) of `text` that are furniture (see the module docstring)."""
    out: list[tuple[int, int]] = []
    lines = list(_lines(text))
    i = 0
    while i < len(lines):
        off, line = lines[i]
        s = line.strip()
        if s and len(s) <= 24 and _heading_re().match(s):
            j = i + 1
            while j < len(lines) and j - i <= MAX_LINK_LINES:
                t = lines[j][1].strip()
                if len(t) > MAX_LINK_LINE or t.endswith(("。", ".", "!", "?")) and not _REF_ENTRY.match(t):
                    break  # a paragraph: the article goes on (titles end in no full stop)
                j += 1
            if j > i + 1:
                out.append((off, lines[j - 1][0] + len(lines[j - 1][1])))
            i = j
            continue
        if _REF_ENTRY.match(line) and len(line) <= MAX_REF_LINE and not _SENTENCE.search(line) and any(
                _REF_ENTRY.match(lines[x][1]) for x in (i - 1, i + 1) if 0 <= x < len(lines)):
            out.append((off, off + len(line)))  # [2] IDC. 2024年全球AI服务器市场报告: a reference
        elif _link_re().match(line):
            out.append((off, off + len(line)))
        elif s and len(s) <= MAX_COUNTER_LINE and not _SENTENCE.search(s):
            out.extend((off + m.start(), off + m.end()) for m in _counter_re().finditer(line))
        i += 1
    out.extend(_rating_definitions(text))
    return sorted(out)


def _rating_definitions(text: str) -> list[tuple[int, int]]:
    """买入：未来6个月内…；增持：未来6个月内…: runs of >= 2 definitions whose texts open alike."""
    heads = list(_rating_re().finditer(text))
    if len(heads) < 2:
        return []
    items = []
    for k, m in enumerate(heads):
        end = heads[k + 1].start() if k + 1 < len(heads) else len(text)
        stop = re.search(r"[；;。\n]", text[m.end():end])
        items.append((m.start(), m.end(), m.end() + stop.start() if stop else end))
    out = []
    for k, (a, b, e) in enumerate(items):
        neighbours = [items[x] for x in (k - 1, k + 1) if 0 <= x < len(items)]
        if any(abs(n[0] - a) <= MAX_RATING_GAP + (e - a) and _alike(text[b:e], text[n[1]:n[2]]) for n in neighbours):
            out.append((a, e))
    return out


def _alike(x: str, y: str) -> bool:
    """Two definitions open alike: the same first two characters (未来, 相对, 预期), figures aside."""
    x, y = re.sub(r"\d", "#", x[:6]), re.sub(r"\d", "#", y[:6])
    return len(x) >= 2 and x[:2] == y[:2] and len(x.strip()) >= 4
