"""The unit conversion factors kept as data (claimx/data/unit_factors.toml) are pint's, and every
scaled unit of units.toml has one (else run tools/unit_factors.py)."""
from __future__ import annotations

import math

import pytest

from claimx.lexicon import lexicon
from claimx.quantity import units as U

SCALED = sorted({(expr, canon) for expr, canon, _ in lexicon().units["scaled"].values()})


def test_every_scaled_unit_has_a_stored_factor():
    missing = [U.factor_key(e, c) for e, c in SCALED if U.factor_key(e, c) not in U._factors()]
    assert not missing, f"run tools/unit_factors.py: no stored factor for {missing}"


@pytest.mark.parametrize(("expr", "canon"), SCALED)
def test_stored_factor_is_pints(expr, canon):
    stored = U._factors()[U.factor_key(expr, canon)]
    assert math.isclose(stored, U.pint_factor(expr, canon), rel_tol=1e-12)


def test_units_use_the_stored_factors():
    for w, (expr, canon, _) in lexicon().units["scaled"].items():
        assert U.units()[w].factor == U._factors()[U.factor_key(expr, canon)]


def test_a_unit_missing_from_the_file_is_computed_with_pint(monkeypatch):
    monkeypatch.setattr(U, "_factors", lambda: {})
    U.units.cache_clear()
    try:
        assert U.units()["GB/s"].factor == 8e9
        assert U.units()["千瓦"].factor == 1000.0
    finally:
        U.units.cache_clear()
