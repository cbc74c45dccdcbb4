"""Subject names -> one canonical form across scripts and languages (data/aliases.toml).

A name is found whole: a short name inside a longer word is none (力成 in 算力成本: the table's
[guards] say which neighbours make it so), and a Latin name with a model's version, size or
tier after it (Qwen2.5-72B, Llama 3.1 405B, Claude 3.5 Sonnet, GPT-4o mini) is found as that
longer name and kept as written: only a name written as the table has it is rewritten
(Qwen -> 通义千问, NVIDIA -> 英伟达).
"""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import regex

from ..lexicon import compile_regex, lexicon, words_pattern
from ..normalize import to_simplified


def model_tail(tiers) -> str:
    """What may follow a Latin name and still be part of it: a version glued on (2.5, -72B,
    -4o, -V3), then, after one space each, a version (3.1), a size (405B, 8x7B), a tier word
    (mini, Pro, Sonnet) or a lowercase version (k1.5). A number with a magnitude or a unit
    after it (Kimi 1200万) is a figure, not a version."""
    tier = words_pattern(tiers) if tiers else "(?!)"
    return (r"(?:\d[A-Za-z0-9]*)?(?:-[A-Za-z0-9]+|\.\d[A-Za-z0-9]*)*"  # (micron.com: a site, not a version)
            r"(?:[ ](?:\d{1,2}(?:\.\d{1,2})?(?![\d%.A-Za-z]|[ ]?[万亿千百兆个倍年月日元成家代台张颗款位名])"
            r"|\d+(?:x\d+)?(?:\.\d+)?[BMKT](?![A-Za-z0-9])"
            rf"|[a-z]\d+(?:\.\d+)?(?![A-Za-z0-9])|(?:{tier})(?![A-Za-z0-9])))*")


# a version glued to a Chinese name (文心一言4.0, 讯飞星火V3.5), not a figure (豆包1.5亿)
_HAN_VERSION = r"(?:[Vv]?\d{1,2}\.\d{1,2}|[Vv]\d{1,2})(?![\d.%]|[ ]?[万亿千百兆个倍年月日元美港台])"


class Aliases:
    """An alias table: `canonical(name)` rewrites every alias inside `name`.

    `guards`: name -> {not_after, not_before}: characters that, right before or after the name,
    make it part of another word (力成 not after 算: 算力成本). `tiers`: the words that name a
    model's tier after its Latin name (mini, Pro). `people`: person -> the entity they speak for."""

    def __init__(self, entities: dict[str, list[str]], guards: dict | None = None, tiers=(),
                 people: dict[str, str] | None = None):
        self.entities = entities
        self.guards = dict(guards or {})
        self.tiers = tuple(tiers)
        self.people = dict(people or {})
        pairs: dict[str, str] = {}
        for canon, names in entities.items():
            for n in [canon, *names]:
                pairs[to_simplified(n).casefold()] = canon
        self._to_canon = pairs
        guards_of = {to_simplified(k).casefold(): v for k, v in self.guards.items()}

        def ending(w: str) -> str:
            g = guards_of.get(w.casefold())
            if not g:
                return ""
            out = ""
            if g.get("not_before"):
                out += f"(?![{regex.escape(g['not_before'])}])"
            if g.get("not_after"):
                out += rf"(?<![{regex.escape(g['not_after'])}][\s\S]{{{len(w)}}})"
            return out

        # two tries (one alternation each, fast over long texts): names with Chinese first, so the
        # longer SK海力士 wins over a Latin name it starts with; Latin names must not match inside
        # a longer Latin word (AMD in "AMDX")
        latin = [w for w in pairs if w.isascii()]
        other = [w for w in pairs if not w.isascii()]
        alts = ([f"(?:{words_pattern(other, ending)})(?:{_HAN_VERSION})?"] if other else []) + (
            [rf"(?<![A-Za-z0-9]){words_pattern(latin)}{model_tail(self.tiers)}(?![A-Za-z0-9])"] if latin else [])
        self._pattern = compile_regex("|".join(alts), regex.IGNORECASE) if alts else None
        self._people = (regex.compile(words_pattern([to_simplified(p) for p in self.people]))
                        if self.people else None)

    def finder(self):
        """A pattern that finds any alias (as written, case-insensitively) in a text."""
        return self._pattern or regex.compile(r"(?!)")

    def canonical(self, name: str) -> str:
        name = to_simplified(name or "").strip()
        if not name or self._pattern is None:
            return name
        return self._pattern.sub(lambda m: self._to_canon.get(m.group(0).casefold(), m.group(0)), name)

    def is_alias(self, name: str) -> bool:
        """`name` is written as the table has it (not a longer name found around it: GPT-4o)."""
        return to_simplified(name).casefold() in self._to_canon

    def person_finder(self):
        """A pattern that finds the people of the table (黄仁勋, 王小川) in a text."""
        return self._people or regex.compile(r"(?!)")

    def affiliation(self, person: str) -> str:
        """The entity `person` speaks for (王小川 -> 百川智能), '' if the table does not know them."""
        return self.people.get(person, "") or next(
            (e for p, e in self.people.items() if to_simplified(p) == person), "")

    def extended(self, path: Path) -> Aliases:
        """This table plus the user's file (same TOML format as data/aliases.toml)."""
        with open(path, "rb") as f:
            data = tomllib.load(f)
        extra = _entities(data)
        merged = {k: list(v) for k, v in self.entities.items()}
        for canon, names in extra.items():
            merged.setdefault(canon, []).extend(names)
        people = {**self.people, **_people(data)}
        return Aliases(merged, {**self.guards, **data.get("guards", {})}, self.tiers, people)


def _entities(data: dict) -> dict[str, list[str]]:
    """The [entities] table of a user's alias file, checked: ValueError says what is wrong."""
    if "entities" not in data:
        raise ValueError("no [entities] table (see claimx/data/aliases.toml for the format)")
    table = data["entities"]
    if not isinstance(table, dict):
        raise ValueError("[entities] must be a table of name = [aliases]")
    for canon, names in table.items():
        if not (isinstance(names, list) and all(isinstance(n, str) and n.strip() for n in names)):
            raise ValueError(f'entities."{canon}" must be a list of names, e.g. "{canon}" = ["alias", …]')
    return table


def _people(data: dict) -> dict[str, str]:
    """The [people] table of an alias file (person = "entity"), checked."""
    table = data.get("people", {})
    if not isinstance(table, dict) or not all(isinstance(v, str) and v.strip() for v in table.values()):
        raise ValueError('[people] must be a table of person = "entity"')
    return table


@cache
def default_aliases() -> Aliases:
    data = lexicon().aliases
    return Aliases(data.get("entities", {}), data.get("guards", {}),
                   lexicon().context["subject"].get("model_tiers", ()), _people(data))


def load_aliases(path: Path | None = None) -> Aliases:
    return default_aliases().extended(path) if path else default_aliases()
