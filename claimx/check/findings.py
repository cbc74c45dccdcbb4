"""Findings, their stable ids, their order, and baselines of known findings."""
from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

from ..normalize import to_simplified
from .interval import Interval
from .item import Item

SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}
KIND_RANK = {"contradiction": 4, "internal": 3, "arithmetic": 2, "agreement": 1}
BASELINE_VERSION = 1


class BaselineError(ValueError):
    pass


@dataclass(slots=True)
class Finding:
    kind: str  # contradiction | agreement | arithmetic | internal
    severity: str  # error | warning | info
    subject: str
    metric: str
    period: str
    unit: str
    explanation: str
    items: list[Item]
    stated: Interval | None = None  # arithmetic: the stated figure ...
    implied: Interval | None = None  # ... and what the other figures give
    score: float = 0.0  # how far apart (relative); orders findings of one severity
    id: str = field(default="")
    figure: str = ""  # comparisons: the figure and the finding's kind (figure_key)
    values: tuple[str, ...] = ()  # comparisons: the distinct values in conflict (value_key)

    def __post_init__(self):
        if not self.id:
            self.id = (figure_id(self.figure, self.values) if self.figure else
                       stable_id(self.kind, self.subject, self.metric, self.period, self.items))

    @property
    def legacy_id(self) -> str:
        """The id claimx gave before ids of comparisons named values, not documents: still
        matched against baselines written then."""
        return stable_id(self.kind, self.subject, self.metric, self.period, self.items)

    @property
    def rank(self) -> tuple:
        return (SEVERITY_RANK.get(self.severity, 0), KIND_RANK.get(self.kind, 0), self.score)


_SPACES = regex.compile(r"\s+")


@lru_cache(maxsize=65536)
def _quote_key(quote: str) -> str:
    return _SPACES.sub("", to_simplified(unicodedata.normalize("NFKC", quote or "")))


def stable_id(kind: str, subject: str, metric: str, period: str, items: list[Item]) -> str:
    """Built from what the finding says, never from lines or offsets: the same finding keeps
    its id when the documents gain lines elsewhere or are extracted again."""
    subject = _SPACES.sub("", to_simplified(subject)).casefold()
    quotes = sorted(f"{it.claim.doc}\x1f{_quote_key(it.claim.quote)}" for it in items)
    payload = "\x1e".join([kind, subject, metric, period, *quotes])
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16]


def value_key(it: Item) -> str:
    """A claim's value in its dimension's base unit, as finding ids name it: `652亿美元`
    and `652.0亿美元` are one value, `约650亿美元` another."""
    v = it.claim.value
    if v is not None and math.isfinite(v):
        return f"{v * it.factor:.12g}"
    return f"{it.base.lo:.12g}..{it.base.hi:.12g}"


def value_keys(items: list[Item]) -> tuple[str, ...]:
    return tuple(sorted({value_key(it) for it in items}))


def figure_key(kind: str, severity: str, group: tuple) -> str:
    """The figure a comparison is about (the group key: subject, metric, period, unit
    dimension, what a rate is a rate of, its basis) and what the finding says of it."""
    payload = "\x1e".join([kind, severity, *(str(x) for x in group)])
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16]


def figure_id(figure: str, values: tuple[str, ...]) -> str:
    """Id of a comparison: its figure and the distinct values in conflict (none for an
    agreement). A source that repeats one of the values, or a line added anywhere, leaves
    it as it is; a new value in conflict changes it."""
    payload = "\x1e".join(["figure", figure, *values])
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16]


def ordered(findings: list[Finding]) -> list[Finding]:
    """Worst first; ties by subject, metric and period so the order is stable."""
    return sorted(findings, key=lambda f: (tuple(-x for x in f.rank), f.subject, f.metric, f.period, f.id))


def write_baseline(findings: list[Finding]) -> str:
    rows = []
    for f in ordered(findings):
        row = {"id": f.id, "kind": f.kind, "severity": f.severity, "subject": f.subject,
               "metric": f.metric, "period": f.period, "explanation": f.explanation}
        if f.figure:
            row.update(figure=f.figure, values=list(f.values))
        rows.append(row)
    doc = {"tool": "claimx check", "version": BASELINE_VERSION, "findings": rows}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


@dataclass(slots=True)
class Baseline:
    """Known findings. A finding is known when the baseline has its id (or the id an older
    claimx gave it), or has a finding of the same kind about the same figure whose values
    include all of this one's: sources added or dropped that repeat a known value change
    nothing; a new value in conflict is a new finding."""
    ids: set[str] = field(default_factory=set)
    figures: dict[str, list[frozenset[str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, findings: list[Finding]) -> Baseline:
        known = cls()
        for f in findings:
            known.add(f.id, f.figure, f.values)
        return known

    def add(self, id: str, figure: str = "", values=()) -> None:
        self.ids.add(id)
        if figure:
            self.figures.setdefault(figure, []).append(frozenset(values))

    def knows(self, f: Finding) -> bool:
        if f.id in self.ids or f.legacy_id in self.ids:
            return True
        mine = set(f.values)
        return bool(f.figure) and any(mine <= vs for vs in self.figures.get(f.figure, ()))

    def __len__(self) -> int:
        return len(self.ids)


def read_baseline(path: Path) -> Baseline:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        known = Baseline()
        for row in data["findings"]:
            values = row.get("values", [])
            if not isinstance(values, list):
                raise TypeError(f"'values' must be a list, got {type(values).__name__}")
            known.add(str(row["id"]), str(row.get("figure") or ""), (str(v) for v in values))
        return known
    except FileNotFoundError as e:
        raise BaselineError(f"baseline {path} not found; create it with --write-baseline {path}") from e
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise BaselineError(f"baseline {path} is not a claimx baseline file ({e})") from e
