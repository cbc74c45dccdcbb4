"""Arithmetic findings: CAGR, growth, multiples, shares of one whole (CHECK.md)."""
import pytest
from test_check_helpers import kinds, row, table

from claimx.check import check

S = "中国智能算力"


def series(start, end, periods=("2021", "2026"), doc="a.txt", unit="FLOPS", metric="compute"):
    return [
        row(start[0], start[1], S, metric, periods[0], unit, doc=doc, line=2),
        row(end[0], end[1], S, metric, periods[1], unit, doc=doc, line=3, forecast=True),
    ]


# 155.2 -> 1271.4 EFLOPS over 5 years is a CAGR of 52.3%
CAGR_CASES = [
    ("52.3%", 52.3, []),
    ("52%", 52, []),  # rounder statement, still fits
    ("约50%", 50, []),  # 50 is precise to the tens: ±15pp with 约
    ("约45%", 45, [("arithmetic", "error")]),  # ±1.5pp does not reach 52.3%
    ("33.3%", 33.3, [("arithmetic", "error")]),
]


@pytest.mark.parametrize("quote,value,expected", CAGR_CASES)
def test_cagr_against_its_own_start_and_end(quote, value, expected):
    rows = series(("155.2 EFLOPS", 1.552e20), ("1,271.4 EFLOPS", 1.2714e21))
    qualifier = "approx" if quote.startswith("约") else "exact"
    rows.append(row(quote, value, S, "cagr", "2021-2026", "percent", line=4, forecast=True, qualifier=qualifier))
    found = check(table(*rows))
    assert kinds(found) == expected
    if expected:
        f = found[0]
        assert f.implied.lo == pytest.approx(52.3, abs=0.1) and f.implied.hi == pytest.approx(52.3, abs=0.1)
        assert "52.3%" in f.explanation and quote in f.explanation
        assert len(f.items) == 3


def test_cagr_values_from_another_document_are_not_used():
    rows = series(("155.2 EFLOPS", 1.552e20), ("1,271.4 EFLOPS", 1.2714e21), doc="b.txt")
    rows.append(row("33.3%", 33.3, S, "cagr", "2021-2026", "percent", doc="a.txt"))
    assert check(table(*rows)) == []


@pytest.mark.parametrize("quote,value,expected", [
    ("20.0%", 20.0, []),
    ("20%", 20, []),
    ("68.6%", 68.6, [("arithmetic", "error")]),
])
def test_growth_against_the_two_periods(quote, value, expected):
    rows = series(("105.3亿元", 1.053e10), ("126.4亿元", 1.264e10), periods=("2022", "2023"), unit="CNY",
                  metric="market_size")
    rows.append(row(quote, value, S, "growth", "2023", "percent", line=5))
    assert kinds(check(table(*rows))) == expected


def test_quarterly_growth_fits_either_year_on_year_or_quarter_on_quarter():
    rows = [row("81.2亿元", 8.12e9, S, "revenue", "2022Q4", "CNY", line=1),
            row("101.5亿元", 1.015e10, S, "revenue", "2023Q3", "CNY", line=2),
            row("121.8亿元", 1.218e10, S, "revenue", "2023Q4", "CNY", line=3)]
    assert check(table(*rows, row("20%", 20, S, "growth", "2023Q4", "percent", line=4))) == []
    assert check(table(*rows, row("50%", 50, S, "growth", "2023Q4", "percent", line=4))) == []
    assert kinds(check(table(*rows, row("35%", 35, S, "growth", "2023Q4", "percent", line=4)))) == [
        ("arithmetic", "error")]


@pytest.mark.parametrize("quote,value,expected", [
    ("三倍", 3, []),  # 312 -> 936: x3
    ("两倍", 2, []),  # 增长两倍 read as x3
    ("2.5倍", 2.5, [("arithmetic", "error")]),
])
def test_multiple_against_its_two_values(quote, value, expected):
    ctx = f"预计2025年市场规模将达到936亿元，为2022年的{quote}"
    rows = series(("312亿元", 3.12e10), ("936亿元", 9.36e10), periods=("2022", "2025"), unit="CNY", metric="market_size")
    rows.append(row(quote, value, S, "multiple", "2025", "times", line=3, context=ctx, forecast=True))
    assert kinds(check(table(*rows))) == expected


def test_multiple_over_a_span_period():
    rows = series(("312亿元", 3.12e10), ("936亿元", 9.36e10), periods=("2022", "2025"), unit="CNY", metric="market_size")
    rows.append(row("5倍", 5, S, "multiple", "2022-2025", "times", line=4))
    assert kinds(check(table(*rows))) == [("arithmetic", "error")]


def test_multiple_without_a_clear_base_year_says_nothing():
    rows = series(("312亿元", 3.12e10), ("936亿元", 9.36e10), periods=("2022", "2025"), unit="CNY", metric="market_size")
    ctx = "2025年市场规模将达到936亿元，是2022年的5倍、2020年的10倍"
    rows.append(row("5倍", 5, S, "multiple", "2025", "times", line=3, context=ctx))
    assert check(table(*rows)) == []


def shares(*parts, period="2022Q4", context="独立GPU市场中，厂商1占6%，厂商2占85%，厂商3占9%"):
    return [row(q, v, f"独立GPU市场{name}", "share", period, "percent", line=8, context=context)
            for name, q, v in parts]


def test_shares_of_one_whole_over_100_percent():
    rows = shares(("厂商1", "16%", 16), ("厂商2", "85%", 85), ("厂商3", "9%", 9))
    [f] = check(table(*rows))
    assert (f.kind, f.subject, f.metric) == ("arithmetic", "独立GPU市场厂商", "share")
    assert f.stated.lo == pytest.approx(108.55)  # 9% is [8.55, 9.45]: rounding at most 5% of the value


def test_shares_that_add_up_are_fine():
    assert check(table(*shares(("厂商1", "6%", 6), ("厂商2", "85%", 85), ("厂商3", "9%", 9)))) == []
    # rounding: 34% + 33% + 34% = 101% is not "well over" 100%
    assert check(table(*shares(("厂商1", "34%", 34), ("厂商2", "33%", 33), ("厂商3", "34%", 34)))) == []


def test_shares_of_unrelated_subjects_are_not_summed():
    ctx = "企业客服中AI客服占比70%以上，金融行业AI渗透率60%"
    rows = [row("70%以上", 70, "企业客服AI客服", "share", "2023", "percent", line=3, context=ctx,
                qualifier="over", low=70),
            row("60%", 60, "金融行业AI", "share", "2023", "percent", line=3, context=ctx)]
    assert check(table(*rows)) == []


@pytest.mark.parametrize("stated,alarm", [("25%", False), ("30%", False), ("5%", True), ("68.6%", True)])
def test_round_figures_are_rounded_but_not_ranges(stated, alarm):
    # 100亿 is [95亿, 105亿] (rounding at most 5% of the value), 120亿 [114亿, 126亿]:
    # 100 -> 120 is a growth of 8.6% to 32.6%, not anything from -23% to +150%
    rows = series(("100亿元", 1e10), ("120亿元", 1.2e10), periods=("2022", "2023"), unit="CNY",
                  metric="market_size")
    rows.append(row(stated, float(stated[:-1]), S, "growth", "2023", "percent", line=5))
    assert bool(check(table(*rows))) is alarm


def test_shares_without_context_are_grouped_by_line():
    rows = shares(("厂商1", "16%", 16), ("厂商2", "85%", 85), ("厂商3", "9%", 9), context="")
    assert kinds(check(table(*rows))) == [("arithmetic", "error")]
    rows[0]["line"] = 30
    assert check(table(*rows)) == []


def _parts(total: str, total_value: float, *parts):
    ctx = "甲公司2024年营收" + total + "，其中" + "，".join(f"{n}业务{q}" for n, q, _ in parts)
    rows = [row(total, total_value, "甲公司", "revenue", "2024", "CNY", line=4, context=ctx)]
    rows += [row(q, v, f"甲公司{n}业务", "revenue", "2024", "CNY", line=4, context=ctx) for n, q, v in parts]
    return rows


def test_parts_over_their_stated_total():
    rows = _parts("100亿元", 1e10, ("云", "60亿元", 6e9), ("终端", "52亿元", 5.2e9))
    [f] = check(table(*rows))
    assert (f.kind, f.subject, f.metric) == ("arithmetic", "甲公司", "revenue")
    assert "more than the whole" in f.explanation


def test_parts_within_their_total_and_parts_of_parts():
    assert check(table(*_parts("100亿元", 1e10, ("云", "60亿元", 6e9), ("终端", "38亿元", 3.8e9)))) == []
    # 云计算 is a part of 云, not a third part of the whole
    rows = _parts("100亿元", 1e10, ("云", "60亿元", 6e9), ("终端", "38亿元", 3.8e9), ("云计算", "20亿元", 2e9))
    rows[-1]["subject"] = "甲公司云业务计算"
    assert check(table(*rows)) == []
    # one part alone is no sum (it may be the whole under another name)
    assert check(table(*_parts("100亿元", 1e10, ("云", "160亿元", 1.6e10)))) == []


def test_cagr_of_a_tenfold_rise_in_five_years():
    # 50亿 -> 500亿 in five years is about 58% a year, not a stated 41%
    ctx = "全球某设备市场规模将从2023年的约50亿元增长至2028年的500亿元，年复合增长率41%"
    rows = [row("约50亿元", 5e9, "全球某设备市场", "market_size", "2023", "CNY", qualifier="approx", context=ctx),
            row("500亿元", 5e10, "全球某设备市场", "market_size", "2028", "CNY", forecast=True, context=ctx),
            row("41%", 41, "全球某设备市场", "cagr", "2023-2028", "percent", forecast=True, context=ctx)]
    [f] = check(table(*rows))
    assert f.kind == "arithmetic" and "58" in f.explanation
    rows[2].update(quote="58%", value=58)
    assert check(table(*rows)) == []


def test_a_stated_multiple_of_two_totals():
    # 50兆 / 1200亿 is about 417: 为2020年的417倍 fits, 为2020年的300倍 does not
    ctx = "某模型训练算力2024年达到50兆，为2020年1200亿的417倍"
    rows = [row("1200亿", 1.2e11, "某模型训练算力", "compute", "2020", "FLOPS", context=ctx),
            row("50兆", 5e13, "某模型训练算力", "compute", "2024", "FLOPS", context=ctx),
            row("417倍", 417, "某模型训练算力", "multiple", "2024", "times", context=ctx)]
    assert check(table(*rows)) == []
    rows[2].update(quote="300倍", value=300)
    assert kinds(check(table(*rows))) == [("arithmetic", "error")]


def _purchase(total: str, total_value: float, price: str = "3万美元", price_value: float = 3e4):
    ctx = f"某云厂商采购1万张GPU，单价{price}，合计{total}"
    at = ctx.index
    return [row("1万张", 1e4, "某云厂商GPU", "count", "2024", "count", start=at("1万张"), end=at("1万张") + 3,
                context=ctx),
            row(price, price_value, "GPU", "cost", "2024", "USD", start=at(price), end=at(price) + len(price),
                context=ctx),
            row(total, total_value, "某云厂商", "spending", "2024", "USD", start=at(total),
                end=at(total) + len(total), context=ctx)]


def test_a_price_times_a_count_that_misses_the_stated_amount():
    assert check(table(*_purchase("3亿美元", 3e8))) == []
    [f] = check(table(*_purchase("5亿美元", 5e8)))
    assert f.kind == "arithmetic" and "x" in f.explanation
    # two prices in the sentence: which one multiplies the count is unclear
    rows = _purchase("5亿美元", 5e8)
    rows.append(dict(rows[1], quote="2万美元", value=2e4, start=rows[1]["start"] + 30, end=rows[1]["start"] + 35))
    assert check(table(*rows)) == []
