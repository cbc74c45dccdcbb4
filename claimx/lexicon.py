"""Language knowledge, loaded once from the reviewed data files in `claimx/data/`.

Code asks `lexicon()` for words and tables; it never spells Chinese words itself.

Start-up: parsing the TOML files and compiling the big patterns (the `regex` module parses a
pattern in Python) cost more than the rest of a one-file run. Both are kept, as they come out,
in the cache folder (claimx.cache.default_dir()/compiled): a parsed data file under a hash of
its bytes, a compiled `regex` pattern (pickled: `regex` pickles a pattern's compiled program,
so loading it skips the parse) under a hash of its text, flags and the `regex` version. An
entry that is missing or cannot be read is made again; nothing else is ever read from there.
"""
from __future__ import annotations

import hashlib
import io
import pickle
import re
import sys
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path


@cache
def _compiled_dir() -> Path:
    from .cache import default_dir

    return default_dir() / "compiled"


class _Unpickler(pickle.Unpickler):
    """Loads plain data, dates and `regex` patterns only: an entry cannot name any other code."""

    ALLOWED = {("regex._regex", "compile"), ("_regex", "compile"), ("datetime", "datetime"), ("datetime", "date"),
               ("datetime", "time"), ("datetime", "timezone"), ("datetime", "timedelta")}

    def find_class(self, module: str, name: str):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed")
        return super().find_class(module, name)


def _kept(key: str, make):
    """`make()`, or what it made before under `key` (a hex digest) in the cache folder."""
    path = _compiled_dir() / f"{key}.pickle"
    try:
        with open(path, "rb") as f:
            return _Unpickler(io.BytesIO(f.read())).load()
    except Exception:  # missing, half-written by an older claimx, unreadable: make it again
        pass
    value = make()
    from .cache import store

    store(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def _key(*parts: str | bytes) -> str:
    h = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    for p in parts:
        h.update(b"\0" + (p if isinstance(p, bytes) else p.encode("utf-8", "surrogatepass")))
    return h.hexdigest()[:40]


def load_toml(name: str) -> dict:
    """A data file of claimx/data, parsed (a fresh copy at each call: callers may extend it)."""
    data = resources.files("claimx.data").joinpath(name).read_bytes()
    def parse() -> dict:
        import tomllib

        return tomllib.loads(data.decode("utf-8"))

    return _kept(_key("toml", name, data), parse)


def compile_regex(pattern: str, flags: int = 0):
    """`regex.compile(pattern, flags)`, loaded from the cache folder when it was compiled before."""
    import regex

    return _kept(_key("regex", regex.__version__, str(flags), pattern), lambda: regex.compile(pattern, flags))


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
