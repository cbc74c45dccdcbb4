"""Findings, their stable ids, their order, and baselines of known findings."""
from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
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

    def __post_init__(self):
        if not self.id:
            self.id = stable_id(self.kind, self.subject, self.metric, self.period, self.items)

    @property
    def rank(self) -> tuple:
        return (SEVERITY_RANK.get(self.severity, 0), KIND_RANK.get(self.kind, 0), self.score)


def _quote_key(quote: str) -> str:
    return regex.sub(r"\s+", "", to_simplified(unicodedata.normalize("NFKC", quote or "")))


def stable_id(kind: str, subject: str, metric: str, period: str, items: list[Item]) -> str:
    """Built from what the finding says, never from lines or offsets: the same finding keeps
    its id when the documents gain lines elsewhere or are extracted again."""
    subject = regex.sub(r"\s+", "", to_simplified(subject)).casefold()
    quotes = sorted(f"{it.claim.doc}\x1f{_quote_key(it.claim.quote)}" for it in items)
    payload = "\x1e".join([kind, subject, metric, period, *quotes])
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16]


def ordered(findings: list[Finding]) -> list[Finding]:
    """Worst first; ties by subject, metric and period so the order is stable."""
    return sorted(findings, key=lambda f: (tuple(-x for x in f.rank), f.subject, f.metric, f.period, f.id))


def write_baseline(findings: list[Finding]) -> str:
    rows = [{"id": f.id, "kind": f.kind, "severity": f.severity, "subject": f.subject,
             "metric": f.metric, "period": f.period, "explanation": f.explanation}
            for f in ordered(findings)]
    doc = {"tool": "claimx check", "version": BASELINE_VERSION, "findings": rows}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def read_baseline(path: Path) -> set[str]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        return {str(row["id"]) for row in data["findings"]}
    except FileNotFoundError as e:
        raise BaselineError(f"baseline {path} not found; create it with --write-baseline {path}") from e
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise BaselineError(f"baseline {path} is not a claimx baseline file ({e})") from e
