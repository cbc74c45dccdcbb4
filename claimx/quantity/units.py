"""Unit words -> canonical units (CLAIMS.md), with conversion factors computed by pint.

The registry is pint's default one extended with the definitions in data/units.toml
(FLOP, FLOPS, OPS, times, index points); factors are computed once, at load time.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..lexicon import lexicon


@dataclass(frozen=True, slots=True)
class Unit:
    word: str  # as listed in the data file
    unit: str  # canonical unit
    factor: float = 1.0
    kind: str = "scaled"  # money | percent | scaled | time | counter
    metric: str = ""  # metric the unit implies when words are silent


@cache
def registry():
    import pint

    try:  # pint caches its parsed definitions on disk: registry in ~30 ms instead of ~500 ms
        ureg = pint.UnitRegistry(cache_folder=":auto:")
    except Exception:  # no writable cache folder: build it in memory
        ureg = pint.UnitRegistry(cache_folder=None)
    for d in lexicon().units["pint"]["definitions"]:
        ureg.define(d)
    return ureg


@cache
def units() -> dict[str, Unit]:
    """Every unit word (as listed; Latin case-insensitive words also casefolded) -> Unit."""
    data = lexicon().units
    out: dict[str, Unit] = {}
    for w, u in data["money"].items():
        out[w] = Unit(w, u, 1.0, "money")
    for w, u in data["percent"].items():  # "pp", or [unit, factor]: ‰ = 0.1 percent, bp = 0.01 pp
        unit, factor = (u, 1.0) if isinstance(u, str) else u
        out[w] = Unit(w, unit, float(factor), "percent", "")
    ureg = registry()
    for w, (expr, canon, metric) in data["scaled"].items():
        factor = float(ureg(expr).to(canon.replace("m2", "meter ** 2")).magnitude)
        out[w] = Unit(w, canon, factor, "scaled", metric)
    for w, u in data["time"].items():  # a unit, or [unit, factor]: 毫秒 = 0.001 second
        unit, factor = (u, 1.0) if isinstance(u, str) else u
        out[w] = Unit(w, unit, float(factor), "time", "duration")
    for w in data["counter"]["words"]:
        out[w] = Unit(w, "count", 1.0, "counter", "count")
    for w in data["case_insensitive"]["words"]:
        out[w.casefold()] = out[w]
    return out


def lookup(word: str) -> Unit | None:
    table = units()
    return table.get(word) or table.get(word.casefold())


def case_insensitive_words() -> set[str]:
    return set(lexicon().units["case_insensitive"]["words"])
