"""Subject names -> one canonical form across scripts and languages (data/aliases.toml)."""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import regex

from ..lexicon import compile_regex, lexicon, words_pattern
from ..normalize import to_simplified


class Aliases:
    """An alias table: `canonical(name)` rewrites every alias inside `name`."""

    def __init__(self, entities: dict[str, list[str]]):
        self.entities = entities
        pairs: dict[str, str] = {}
        for canon, names in entities.items():
            for n in [canon, *names]:
                pairs[to_simplified(n).casefold()] = canon
        self._to_canon = pairs
        # two tries (one alternation each, fast over long texts): names with Chinese first, so the
        # longer SK海力士 wins over a Latin name it starts with; Latin names must not match inside
        # a longer Latin word (AMD in "AMDX")
        latin = [w for w in pairs if w.isascii()]
        other = [w for w in pairs if not w.isascii()]
        alts = ([words_pattern(other)] if other else []) + (
            [rf"(?<![A-Za-z]){words_pattern(latin)}(?![A-Za-z])"] if latin else [])
        self._pattern = compile_regex("|".join(alts), regex.IGNORECASE) if alts else None

    def finder(self):
        """A pattern that finds any alias (as written, case-insensitively) in a text."""
        return self._pattern or regex.compile(r"(?!)")

    def canonical(self, name: str) -> str:
        name = to_simplified(name or "").strip()
        if not name or self._pattern is None:
            return name
        return self._pattern.sub(lambda m: self._to_canon[m.group(0).casefold()], name)

    def extended(self, path: Path) -> Aliases:
        """This table plus the user's file (same TOML format as data/aliases.toml)."""
        with open(path, "rb") as f:
            extra = _entities(tomllib.load(f))
        merged = {k: list(v) for k, v in self.entities.items()}
        for canon, names in extra.items():
            merged.setdefault(canon, []).extend(names)
        return Aliases(merged)


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


@cache
def default_aliases() -> Aliases:
    return Aliases(lexicon().aliases.get("entities", {}))


def load_aliases(path: Path | None = None) -> Aliases:
    return default_aliases().extended(path) if path else default_aliases()
