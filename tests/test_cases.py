"""Table-driven cases: every [[case]] in tests/cases/*.toml becomes one test.

A case gives a `text` and the claims expected in it ([[case.expect]] rows). For each row
the claim with that exact `quote` must be extracted, and every field the row gives must
match (floats within a relative 1e-6; `"none"` means the field must be empty; subjects
compared leniently, as eval/score.py does, unless written "=X"). `only = true`: no other claims may be
extracted. `xfail = "reason"`: a known hard case (strict: a case that starts passing fails until its mark is removed).

The engine is imported inside each test, so a missing or broken engine fails the tests
instead of breaking collection.
"""
from __future__ import annotations

import math
import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

CASES_DIR = Path(__file__).parent / "cases"
CASE_FILES = ("quantities.toml", "attributes.toml", "periods.toml")
FLOAT_FIELDS = ("value", "low", "high")
FIELDS = ("value", "unit", "low", "high", "qualifier", "subject", "metric", "period", "forecast")


def _load_cases() -> list:
    params, seen = [], {}
    for name in CASE_FILES:
        path = CASES_DIR / name
        if not path.exists():
            continue
        with path.open("rb") as f:
            data = tomllib.load(f)
        for case in data.get("case", []):
            group = case.get("group", "misc")
            seen[group] = seen.get(group, 0) + 1
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            params.append(pytest.param(case, id=f"{group}-{seen[group]}", marks=marks))
    return params


# ---------------------------------------------------------------- comparisons

def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKC", s or "").casefold()
    for ch in " -_·・\u3000":
        s = s.replace(ch, "")
    return s


def _t2s(s: str) -> str:
    try:
        import opencc

        return opencc.OpenCC("t2s").convert(s)
    except Exception:  # pragma: no cover - opencc is a dependency; fall back to the raw text
        return s


_SCOPES = ("全球", "世界", "中国", "国内", "美国", "北美", "欧洲", "亚太", "日本", "韩国", "台湾", "香港", "大陆", "海外")


def same_subject(expected: str, got: str) -> bool:
    """The scorer's rule: containment (the shorter at least 2 characters and a quarter of
    the longer), or most character pairs shared (Dice >= 0.6) with equal scope words and numbers."""
    g, p = _fold(_t2s(expected)), _fold(_t2s(got or ""))
    if not g:
        return not p
    if not p:
        return False
    short, long_ = sorted((g, p), key=len)
    if len(short) >= min(2, len(long_)) and 4 * len(short) >= len(long_) and short in long_:
        return True
    if [w for w in _SCOPES if w in g] != [w for w in _SCOPES if w in p]:
        return False
    if re.findall(r"\d+", g) != re.findall(r"\d+", p):
        return False

    def pairs(x: str) -> set:
        return {x[i:i + 2] for i in range(len(x) - 1)} or {x}

    a, b = pairs(g), pairs(p)
    return 10 * len(a & b) >= 3 * (len(a) + len(b))


def _mismatch(field: str, want, got) -> str | None:
    """A description of the difference, or None when `got` satisfies `want`."""
    if isinstance(want, str) and want.lower() == "none":
        return None if got is None or got == "" else f"{field}: expected empty, got {got!r}"
    if field in FLOAT_FIELDS:
        if got is None or (isinstance(got, float) and math.isnan(got)):
            return f"{field}: expected {want!r}, got empty"
        if not math.isclose(float(got), float(want), rel_tol=1e-6, abs_tol=1e-12):
            return f"{field}: expected {want!r}, got {got!r}"
        return None
    if field == "subject" and want.startswith("="):  # "=X": exactly X, where leniency would hide a loss
        return None if got == want[1:] else f"subject: expected exactly {want[1:]!r}, got {got!r}"
    if field == "subject":
        return None if same_subject(want, got) else f"subject: expected {want!r}, got {got!r}"
    if field == "forecast":
        return None if bool(got) == bool(want) else f"forecast: expected {want!r}, got {got!r}"
    return None if (got or "") == want else f"{field}: expected {want!r}, got {got!r}"


def _describe(c) -> str:
    return (f"{c.quote!r} [{c.start}:{c.end}] value={c.value!r} unit={c.unit!r} low={c.low!r} "
            f"high={c.high!r} qualifier={c.qualifier!r} subject={c.subject!r} metric={c.metric!r} "
            f"period={c.period!r} forecast={c.forecast!r}")


# ---------------------------------------------------------------- the test

@pytest.mark.parametrize("case", _load_cases())
def test_case(case):
    import claimx  # lazily: the engine may not exist yet

    text = case["text"]
    meta = {k: case[k] for k in ("published", "source") if k in case}  # what a document header would say
    claims = list(claimx.extract_text(text, doc="case.txt", **meta))
    listing = "\n  ".join(_describe(c) for c in claims) or "(none)"

    for c in claims:
        assert text[c.start:c.end] == c.quote, (
            f"offsets do not hold the quote: text[{c.start}:{c.end}]={text[c.start:c.end]!r} "
            f"but quote={c.quote!r}"
        )

    used: set[int] = set()
    problems: list[str] = []
    for row in case.get("expect", []):
        quote = row["quote"]
        matches = [i for i, c in enumerate(claims) if c.quote == quote]
        if "occurrence" in row:
            k = int(row["occurrence"]) - 1
            candidates = matches[k:k + 1]
        else:
            candidates = [i for i in matches if i not in used]
        if not candidates:
            problems.append(f"no claim with quote {quote!r}")
            continue
        i = candidates[0]
        used.add(i)
        for field in FIELDS:
            if field in row:
                diff = _mismatch(field, row[field], getattr(claims[i], field))
                if diff:
                    problems.append(f"{quote!r}: {diff}")

    if case.get("only"):
        extra = [claims[i].quote for i in range(len(claims)) if i not in used]
        if extra:
            problems.append(f"unexpected claims (only = true): {extra!r}")

    assert not problems, "\n".join(problems) + f"\ntext: {text}\nextracted:\n  {listing}"
