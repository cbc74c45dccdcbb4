import math

import pytest

from claimx.check.interval import Interval, claim_interval, last_digit_unit, separated

INF = math.inf

CASES = [
    # quote, value, qualifier, low, high -> lo, hi
    ("612", 612, "exact", None, None, 611.5, 612.5),
    ("2350亿", 2.35e11, "exact", None, None, 2.345e11, 2.355e11),
    ("2347亿", 2.347e11, "exact", None, None, 2.3465e11, 2.3475e11),
    ("1,271.4 EFLOPS", 1.2714e21, "exact", None, None, 1.27135e21, 1.27145e21),
    ("２．５亿", 2.5e8, "exact", None, None, 2.45e8, 2.55e8),
    ("2.50亿", 2.5e8, "exact", None, None, 2.495e8, 2.505e8),
    ("652亿美元", 6.52e10, "exact", None, None, 6.515e10, 6.525e10),
    ("618.4亿美元", 6.184e10, "exact", None, None, 6.1835e10, 6.1845e10),
    ("约120亿", 1.2e10, "approx", None, None, 1.09e10, 1.31e10),  # ±5亿 rounding, ±6亿 for 约
    ("612左右", 612, "approx", None, None, 580.9, 643.1),
    ("超过80%", 80, "over", 80, None, 80, INF),
    ("逾2000台", 2000, "over", None, None, 2000, INF),
    ("不到20%", 20, "under", None, 20, -INF, 20),
    ("3-4个月", 3.5, "range", 3, 4, 3, 4),
    ("1700多亿", 1.7e11, "over", 1.7e11, 1.8e11, 1.7e11, 1.8e11),
    ("近三成", 30, "approx", None, None, 27, 33),
    ("17%", -17, "exact", None, None, -17.5, -16.5),
    ("下降超过10%", -10, "over", None, None, -INF, -10),
    ("三倍", 3, "exact", None, None, 2.85, 3.15),
    ("为2022年的三倍", 3, "exact", None, None, 2.85, 3.15),
    ("300P", 3e17, "exact", None, None, 2.85e17, 3.15e17),
    ("8.55 MB", 8.55e6, "exact", None, None, 8.545e6, 8.555e6),
    ("2 TB/s", 1.6e13, "exact", None, None, 1.52e13, 1.68e13),
    # a round figure is no range: half a unit of the last non-zero digit, at most 5% either way
    ("1000亿美元", 1e11, "exact", None, None, 9.5e10, 1.05e11),
    ("600亿美元", 6e10, "exact", None, None, 5.7e10, 6.3e10),
    ("200万台", 2e6, "exact", None, None, 1.9e6, 2.1e6),
    ("约为167万台", 1.67e6, "approx", None, None, 1.5815e6, 1.7585e6),
    ("约为100亿美元", 1e10, "approx", None, None, 9e9, 1.1e10),
    ("约40%", 40, "approx", None, None, 36, 44),
    ("大约3万人", 3e4, "approx", None, None, 2.7e4, 3.3e4),
    ("0", 0, "exact", None, None, 0, 0),
]


@pytest.mark.parametrize("quote,value,qualifier,low,high,lo,hi", CASES)
def test_claim_interval(quote, value, qualifier, low, high, lo, hi):
    iv = claim_interval(quote, value, qualifier, low, high)
    assert iv.lo == pytest.approx(lo, rel=1e-9)
    assert iv.hi == pytest.approx(hi, rel=1e-9)


def test_nothing_to_compare():
    assert claim_interval("", None, "exact") is None
    assert claim_interval("若干", float("nan"), "approx") is None


def test_precision_is_read_from_the_quote_not_the_float():
    # 2350亿 and 2350.0亿 are the same float, not the same precision
    assert last_digit_unit("2350亿", 2.35e11) == pytest.approx(1e9)
    assert last_digit_unit("2350.0亿", 2.35e11) == pytest.approx(1e7)


@pytest.mark.parametrize("a,b,tolerance,apart", [
    ((611.5, 612.5), (617.5, 618.5), 0.005, True),  # 612 vs 618 EFLOPS contradict
    ((611.5, 612.5), (617.5, 618.5), 0.01, False),
    ((2.345e11, 2.355e11), (2.3465e11, 2.3475e11), 0.005, False),  # 2350亿 vs 2347亿
    ((80, INF), (81.5, 82.5), 0.005, False),
    ((6.515e10, 6.525e10), (6.1835e10, 6.1845e10), 0.005, True),
])
def test_separated(a, b, tolerance, apart):
    assert separated(Interval(*a), Interval(*b), tolerance) is apart
    assert separated(Interval(*b), Interval(*a), tolerance) is apart


@pytest.mark.parametrize("a,b,apart", [
    (("1000亿美元", 1e11, "exact"), ("600亿美元", 6e10, "exact"), True),
    (("200万台", 2e6, "exact"), ("约为167万台", 1.67e6, "approx"), True),
    (("2350亿", 2.35e11, "exact"), ("2347亿", 2.347e11, "exact"), False),
    (("约40%", 40, "approx"), ("43%", 43, "exact"), False),
    (("约40%", 40, "approx"), ("45%", 45, "exact"), True),
    (("3万", 3e4, "exact"), ("2.9万", 2.9e4, "exact"), False),
    (("3万", 3e4, "exact"), ("2.7万", 2.7e4, "exact"), True),
    (("接近451亿美元", 4.51e10, "approx"), ("451亿美元", 4.51e10, "exact"), False),
])
def test_round_figures_are_not_ranges(a, b, apart):
    ia, ib = claim_interval(*a), claim_interval(*b)
    assert separated(ia, ib, 0.005) is apart


def test_infinite_value_is_not_compared():
    assert claim_interval("∞", float("inf"), "exact") is None


hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.integers(min_value=1, max_value=10**7), st.integers(min_value=0, max_value=3),
       st.sampled_from([("", 1.0), ("亿", 1e8), ("万", 1e4), (" EFLOPS", 1e18)]),
       st.sampled_from(["exact", "approx"]))
def test_interval_holds_the_value_and_its_rounding(digits, decimals, magnitude, qualifier):
    number = digits / 10**decimals
    quote = f"{number:.{decimals}f}{magnitude[0]}"
    value = float(f"{number:.{decimals}f}") * magnitude[1]
    iv = claim_interval(quote, value, qualifier)
    assert iv.lo < value < iv.hi
    unit = 10.0 ** -decimals * magnitude[1]
    # the rounding of the last written digit, but never more than 5% of the value either way
    rounding = min(unit, 0.1 * value)
    widening = 0.1 * value if qualifier == "approx" else 0.0
    assert iv.hi - iv.lo >= (rounding + widening) * (1 - 1e-9)
    assert iv.hi - iv.lo <= (0.1 * value + widening) * (1 + 1e-9)
