"""Cross-check of a claims table (docs/check.md): contradictions, agreements, arithmetic.

    from claimx.check import check
    findings = check(df)                # df: a claims table (docs/claims.md columns)
    for f in findings: print(f.kind, f.severity, f.explanation)
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..attribute.aliases import Aliases, load_aliases
from ..model import Claim
from .arithmetic import arithmetic
from .compare import compare
from .findings import Finding, ordered
from .group import groups
from .item import Item, prepare
from .load import TableError, claims_from_frame

DEFAULT_TOLERANCE = 0.005


def _aliases(aliases) -> Aliases:
    if aliases is None or isinstance(aliases, (str, Path)):
        return load_aliases(Path(aliases) if aliases else None)
    return aliases


def check_items(items: list[Item], tolerance: float = DEFAULT_TOLERANCE) -> list[Finding]:
    found = compare(groups(items, tolerance), tolerance) + arithmetic(items, tolerance)
    unique: dict[str, Finding] = {}
    for f in found:
        unique.setdefault(f.id, f)
    return ordered(list(unique.values()))


def check_claims(claims: list[Claim], tolerance: float = DEFAULT_TOLERANCE, aliases=None) -> list[Finding]:
    return check_items(prepare(claims, _aliases(aliases)), tolerance)


def check(df: pd.DataFrame, tolerance: float = DEFAULT_TOLERANCE, aliases=None) -> list[Finding]:
    """Findings for a claims table, worst first. `aliases`: None, a TOML path, or an Aliases.

    Raises TableError when the table lacks columns or holds bad numbers."""
    return check_claims(claims_from_frame(df), tolerance, aliases)


__all__ = ["check", "check_claims", "Finding", "TableError", "DEFAULT_TOLERANCE"]
