"""Language knowledge, loaded once from the reviewed data files in `claimx/data/`.

Code asks `lexicon()` for words and tables; it never spells Chinese words itself.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


def load_toml(name: str) -> dict:
    with resources.files("claimx.data").joinpath(name).open("rb") as f:
        return tomllib.load(f)


@dataclass(frozen=True)
class Lexicon:
    numbers: dict
    units: dict
    qualifiers: dict
    script: dict
    metrics: dict
    context: dict
    aliases: dict

    @property
    def char_map(self) -> dict[str, str]:
        return self.script.get("chars", {})


@cache
def lexicon() -> Lexicon:
    return Lexicon(
        numbers=load_toml("numbers.toml"),
        units=load_toml("units.toml"),
        qualifiers=load_toml("qualifiers.toml"),
        script=load_toml("script.toml"),
        metrics=load_toml("metrics.toml"),
        context=load_toml("context.toml"),
        aliases=load_toml("aliases.toml"),
    )


def words_pattern(words, ending=None) -> str:
    """A regex matching any of `words`, longest first, built as a trie: at each character
    the engine tries only the branches that can still match, so a list of hundreds of
    words costs about what one word does.

    `ending(word)`: a lookahead that must hold after that word (or ''); where it fails, the
    shorter words the text also starts with are tried, as in an alternation of the words
    longest first."""
    import regex

    trie: dict = {}
    for w in set(words):
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = ending(w) if ending else ""  # a word ends here

    def build(node: dict) -> str:
        branches = [regex.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        end = node.get("")
        if not branches:
            return end
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end is None:
            return body
        return f"(?:{body}|{end})" if end else f"(?:{body})?"

    return "(?:" + build(trie) + ")" if trie else "(?!)"


def compile_plain(pattern: str) -> re.Pattern:
    """Compile a pattern of words, literal characters, character classes, anchors and
    fixed-width lookarounds with the standard library's engine, which skips to the first
    characters of a word list with a bitmap and searches such patterns several times faster
    than `regex`. Only for patterns without \\d, \\s or \\w (their Unicode tables differ
    between the two engines), not case-insensitive (the two fold a few letters differently,
    dotless ı) and without `regex`'s own syntax (\\p{Han}, variable-width lookbehinds,
    reverse search): those stay with `regex`."""
    return re.compile(pattern)


@cache
def words_regex(table: str, *keys: str, before: str = "", after: str = ""):
    """The compiled `words_pattern` of a word list in the data, e.g.
    `words_regex("context", "event", "creation")`; `before`/`after` wrap it (`$` to anchor)."""
    node = getattr(lexicon(), table)
    for k in keys:
        node = node[k]
    return compile_plain(before + words_pattern(node) + after)
