"""Quantity scanner: forms of figures in Chinese reports (quote span, value, unit, bounds)."""
from __future__ import annotations

import pytest

from claimx.normalize import NormText, is_traditional
from claimx.quantity.numbers import parse_cn
from claimx.quantity.scanner import scan


def _scan(text: str) -> dict[str, object]:
    nt = NormText(text)
    return {nt.text[q.start:q.end]: q for q in scan(nt.text)}


@pytest.mark.parametrize("text, quote, value, unit, low, high", [
    ("投入了一百多亿元", "一百多亿元", 1e10, "元", 1e10, 2e10),
    ("服务客户三百多家", "三百多家", 300, "count", 300, 400),
    ("共一百二十多家", "一百二十多家", 120, "count", 120, 130),
    ("两百多万台", "两百多万台", 2e6, "count", 2e6, 3e6),
    ("建成250余座", "250余座", 250, "count", 250, 260),
    ("已经十几年", "十几年", 10, "year", 10, 20),
    ("已有十多年", "十多年", 10, "year", 10, 20),
])
def test_open_upper_bound_is_next_step_of_last_place(text, quote, value, unit, low, high):
    q = _scan(text)[quote]
    assert (q.value, q.unit, q.low, q.high, q.qualifier) == (value, unit, low, high, "over")


@pytest.mark.parametrize("text, quote, value, unit", [
    ("营收为人民币8.65亿元。", "人民币8.65亿元", 8.65e8, "CNY"),
    ("营收新台币7,596.9亿元。", "新台币7,596.9亿元", 7.5969e11, "TWD"),
    ("港币100亿元", "港币100亿元", 1e10, "HKD"),
    ("人民币100亿美元", "100亿美元", 1e10, "USD"),  # a different unit follows: 人民币 is not the figure's
    ("零售价为$1,599。", "$1,599", 1599, "USD"),
    ("规模达到5.6 万亿元。", "5.6 万亿元", 5.6e12, "元"),
    ("定价为每月68元。", "每月68元", 68, "元/month"),
    ("254TOPS。", "254TOPS", 2.54e14, "FLOPS"),
    ("大约半年", "大约半年", 0.5, "year"),
    ("贡献了一半的算力", "一半", 50, "percent"),
    ("包括28、40纳米这些制程", "28", 28, "nm"),
    ("完成了5轮融资", "5轮", 5, "count"),
    # magnitudes in a row: one figure
    ("总算力18万千万亿次浮点运算", "18万千万亿次", 1.8e20, "FLOPS"),
    ("营收2 兆 7,629 亿元", "2 兆 7,629 亿元", 2.7629e12, "元"),
    ("1亿2000万台", "1亿2000万台", 1.2e8, "count"),
    ("投资1亿2千万元", "1亿2千万元", 1.2e8, "元"),
    ("月薪3万5千元", "3万5千元", 35000, "元"),
])
def test_forms(text, quote, value, unit):
    q = _scan(text)[quote]
    assert q.value == pytest.approx(value) and q.unit == unit


def test_bare_number_with_comparison_word():
    q = _scan("PUE需低于1.25。")["低于1.25"]
    assert (q.value, q.high, q.qualifier) == (1.25, 1.25, "under")
    assert "约1" not in _scan("约1:1的比例")


@pytest.mark.parametrize("text", ["上半年营收", "2023年半年报", "一个周期", "三年来", "第1、2、3项"])
def test_not_figures(text):
    found = _scan(text)
    assert not any(q.kind == "amount" and ("半" in k or "周" in k or "来" in k or k.isdigit())
                   for k, q in found.items()), found


@pytest.mark.parametrize("text, quote, period", [
    ("二〇二三年三月，发布", "二〇二三年三月", "2023-03"),
    ("成立于一九九八年十一月二十三日。", "一九九八年十一月二十三日", "1998-11-23"),
    ("鸿海2024年第四季营收", "2024年第四季", "2024Q4"),
    ("二○二四年第三季营收", "二○二四年第三季", "2024Q3"),  # ○ for 〇 (Taiwan papers)
])
def test_dates(text, quote, period):
    q = _scan(text)[quote]
    assert q.kind == "date" and q.period == period


@pytest.mark.parametrize("numeral, value", [
    ("三点五", 3.5), ("二八○六.二四", 2806.24), ("一.九三", 1.93), ("十二点五", 12.5), ("二〇二五", 2025),
])
def test_chinese_numerals_with_a_decimal_point(numeral, value):
    assert parse_cn(numeral).value == value  # exactly as written, no binary noise


def test_spoken_ranges_need_a_place_after_the_digits():
    assert parse_cn("七八十").low == 70
    assert parse_cn("一二三").low is None  # read digit by digit
    assert parse_cn("一九九八").value == 1998


@pytest.mark.parametrize("text, quote, value", [
    ("归母净利润为10.2亿元", "10.2亿元", 1020000000.0),
    ("市值约1.1万亿元", "约1.1万亿元", 1100000000000.0),
    ("营收为85.6亿元", "85.6亿元", 8560000000.0),
    ("单价0.29元", "0.29元", 0.29),
])
def test_values_are_written_as_stated_without_binary_noise(text, quote, value):
    from claimx import extract_text

    (claim,) = [c for c in extract_text(text) if c.quote == quote]
    assert claim.value == value  # exactly: 10.2 * 1e8 is 1019999999.9999999 in floating point


@pytest.mark.parametrize("text, traditional", [
    ("2024年全球伺服器市場規模達到2,164億美元，年增59.9%。", True),
    ("2024年全球服务器市场规模达到2164亿美元，同比增长59.9%。", False),
    ("据台積電公告，公司营收同比增长30%，其中数据中心业务增长最快。", False),  # a quoted name
    ("GPU revenue grew 30% in 2024.", False),
])
def test_script_of_a_text(text, traditional):
    assert is_traditional(text) is traditional
