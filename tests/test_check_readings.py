"""Which claims are one figure when a subject leaves something unsaid (docs/check.md): a
rate's currency, GAAP or Non-GAAP, a figure stated without something, two sentences of one
line, a forecast without a period."""
import pytest
from test_check_helpers import kinds, row, table

from claimx.check import check
from claimx.check.figure import currency_basis, exclusion_named

USD = "USD"


@pytest.mark.parametrize("quote, context, code", [
    ("35%", "以美元计，甲公司全年营收预计增长35%", "USD"),
    ("30%", "按新台币计算，乙公司营收年增30%", "TWD"),
    ("12%", "丙公司人民币营收同比增长12%", "CNY"),
    ("35%", "甲公司上调全年营收增长预期至35%", ""),  # says no currency
    ("8%", "以美元计，营收增长20%。净利润增长8%", ""),  # another sentence's currency
])
def test_the_currency_a_rate_is_counted_in_is_its_sentences(quote, context, code):
    assert currency_basis(quote, context) == code


@pytest.mark.parametrize("key, stripped", [
    ("台积电美元", "台积电"),
    ("甲公司新台币", "甲公司"),
    ("美元兑人民币", "美元兑人民币"),  # an exchange rate keeps its currencies
    ("人民币", "人民币"),  # never the whole subject
])
def test_a_rates_subject_loses_its_currency(key, stripped):
    from claimx.check.figure import strip_currency
    assert strip_currency(key) == stripped


def _growth(quote, value, subject, context, doc):
    return row(quote, value, subject, "growth", "2026", "percent", doc=doc, context=context, forecast=True)


@pytest.mark.parametrize("a, b, found", [
    # the subject's currency word is no scope when the sentences say nothing of it
    (("35%", 35, "甲公司美元营收", "甲公司营收增长预期为35%"), ("35%", 35, "甲公司营收", "预计甲公司营收增长35%"),
     [("agreement", "info")]),
    (("35%", 35, "甲公司美元营收", "甲公司营收增长预期为35%"), ("28%", 28, "甲公司营收", "预计甲公司营收增长28%"),
     [("contradiction", "error")]),
    # a growth in US dollars and one in new Taiwan dollars are two figures
    (("35%", 35, "甲公司营收", "以美元计，甲公司营收增长35%"), ("28%", 28, "甲公司营收", "以新台币计，甲公司营收增长28%"),
     []),
])
def test_a_growths_currency(a, b, found):
    df = table(_growth(*a, doc="a.txt"), _growth(*b, doc="b.txt"))
    assert kinds(check(df)) == found


def _eps(quote, value, subject, doc, forecast=False, line=1):
    return row(quote, value, subject, "eps", "2025Q3", USD, doc=doc, line=line, forecast=forecast)


def test_an_eps_naming_no_basis_agrees_with_the_basis_it_fits():
    df = table(_eps("1.10美元", 1.10, "甲公司Non-GAAP每股收益", "a.txt"),
               _eps("1.02美元", 1.02, "甲公司GAAP每股收益", "a.txt", line=2),
               _eps("1.10美元", 1.10, "甲公司每股收益", "b.txt"))
    found = check(df)
    assert kinds(found) == [("agreement", "info")]
    assert sorted(i.claim.quote for i in found[0].items) == ["1.10美元", "1.10美元"]


def test_an_eps_naming_no_basis_that_fits_neither_contradicts_both():
    df = table(_eps("1.10美元", 1.10, "甲公司Non-GAAP稀释每股收益", "a.txt"),
               _eps("1.02美元", 1.02, "甲公司GAAP稀释每股收益", "a.txt", line=2),
               _eps("0.80至0.85美元", 0.825, "甲公司每股收益", "b.txt", forecast=True) | {
                   "qualifier": "range", "low": 0.80, "high": 0.85})
    found = check(df)
    assert kinds(found) == [("contradiction", "warning"), ("contradiction", "warning")]
    assert all("0.80至0.85美元" in f.explanation for f in found)


def test_an_eps_naming_no_basis_is_not_read_as_the_missing_one():
    # only the Non-GAAP figure is given: 1.02 may be the GAAP one, so nothing is said
    df = table(_eps("1.10美元", 1.10, "甲公司Non-GAAP每股收益", "a.txt"),
               _eps("1.02美元", 1.02, "甲公司每股收益", "b.txt"))
    assert check(df) == []


def test_gaap_and_non_gaap_never_meet():
    df = table(_eps("1.10美元", 1.10, "甲公司Non-GAAP每股收益", "a.txt"),
               _eps("1.02美元", 1.02, "甲公司GAAP每股收益", "b.txt"))
    assert check(df) == []


@pytest.mark.parametrize("quote, context, key, named", [
    ("71.3%", "不计入45亿美元的费用，第一季度毛利率为71.3%", "甲公司", "不计入45亿美元"),
    ("12%", "剔除汇率影响，乙公司营收增长12%", "乙公司", "剔除汇率影响"),
    ("3.2亿元", "扣除非经常性损益后净利润为3.2亿元", "丙公司", "扣除非经常性损益"),
    ("3.2亿元", "扣除非经常性损益后净利润为3.2亿元", "丙公司扣除非经常性损益", ""),  # the subject says it
    ("61.0%", "本季度毛利率为61.0%。不计入费用，毛利率为71.3%", "甲公司", ""),  # another sentence
    ("1.05美元", "扣除特定项目后每股盈余为1.05美元", "丁公司nongaap", ""),  # = Non-GAAP, not an exclusion
])
def test_what_a_figure_is_stated_without(quote, context, key, named):
    assert exclusion_named(quote, context, key) == named


def test_a_figure_stated_without_a_charge_is_another_figure():
    ctx = "本季度毛利率为61.0%。不计入45亿美元的费用，本季度毛利率为71.3%。"
    df = table(row("61.0%", 61.0, "甲公司", "margin", "2025Q1", "percent", context=ctx),
               row("71.3%", 71.3, "甲公司", "margin", "2025Q1", "percent", line=2, context=ctx))
    assert check(df) == []


def test_two_sentences_of_one_line_naming_one_figure_are_two_statements():
    ctx = "乙公司前三季营收为420.5亿元，季增1.2%；累计前9月营收为1268.3亿元，年增3.1%。"
    df = table(row("420.5亿元", 4.205e10, "乙公司", "revenue", "2025Q1-2025Q3", "CNY", context=ctx),
               row("1268.3亿元", 1.2683e11, "乙公司", "revenue", "2025Q1-2025Q3", "CNY", context=ctx))
    assert kinds(check(df)) == [("internal", "error")]


@pytest.mark.parametrize("ctx", [
    "乙公司营收为1268.3亿元，其中云业务为420.5亿元。",  # one sentence: a list
    "乙公司归母净利润为1268.3亿元；扣非净利润为420.5亿元。",  # two sentences naming two figures
])
def test_two_values_of_one_line_that_may_be_a_list_raise_nothing(ctx):
    df = table(row("1268.3亿元", 1.2683e11, "乙公司", "revenue", "2025", "CNY", context=ctx),
               row("420.5亿元", 4.205e10, "乙公司", "revenue", "2025", "CNY", context=ctx))
    assert check(df) == []


def _report(doc, period_of_price=""):
    """A quarterly report (three claims of 2025Q3) and a target price that states no period."""
    return [row("12亿元", 1.2e9, "甲公司", "revenue", "2025Q3", "CNY", doc=doc, line=1),
            row("3亿元", 3e8, "甲公司", "profit", "2025Q3", "CNY", doc=doc, line=2),
            row("25%", 25.0, "甲公司", "margin", "2025Q3", "percent", doc=doc, line=3),
            row("105元", 105.0, "某券商甲公司目标价", "price", period_of_price, "HKD", doc=doc, line=4,
                forecast=True)]


def test_a_forecast_without_a_period_takes_no_document_period():
    # one report's rows state 2025Q3, the other's do not: the target prices still meet
    rows = _report("a.txt") + [row("105元", 105.0, "某券商甲公司目标价", "price", "", "HKD", doc="b.txt",
                                   forecast=True)]
    found = [f for f in check(table(*rows)) if f.metric == "price"]
    assert kinds(found) == [("agreement", "info")]


def _quarter(quote, value, subject, period, metric="revenue", unit=USD, line=1, **kw):
    return row(quote, value, subject, metric, period, unit, line=line, **kw)


@pytest.mark.parametrize("stated, subject, expect", [
    ("20%", "甲公司营收环比", []),  # 120 on 100 the quarter before: fits
    ("50%", "甲公司营收环比", [("arithmetic", "error")]),
    ("50%", "甲公司营收", []),  # no basis named: the year-earlier quarter, not given, may fit
])
def test_a_growth_is_read_on_its_basis_and_judged_only_when_every_reading_is_given(stated, subject, expect):
    df = table(_quarter("120亿美元", 1.2e10, "甲公司", "2025Q3"),
               _quarter("100亿美元", 1.0e10, "甲公司", "2025Q2", line=2),
               _quarter(stated, float(stated[:-1]), subject, "2025Q3", metric="growth", unit="percent", line=3))
    assert [(f.kind, f.severity) for f in check(df) if f.kind == "arithmetic"] == expect


@pytest.mark.parametrize("quote, context, subject, line", [
    ("1.5%", "第二季度归母净利润为6.2亿元，同比下降1.5%", "甲公司", "归母净利润"),
    ("3.1%", "扣除非经常性损益后的净利润为5.9亿元，同比上升3.1%", "甲公司", "扣非归母净利润"),
    ("3.1%", "同比上升3.1%", "甲公司扣非净利润", "扣非归母净利润"),  # the subject names it
    ("20%", "税后纯益年增20%", "乙公司", "归母净利润"),
    ("12%", "净亏损收窄12%", "丙公司", "净利润"),  # a loss is a profit below zero
])
def test_the_profit_a_rate_of_profit_is_of(quote, context, subject, line):
    from claimx.check.figure import profit_line
    assert profit_line(quote, context, subject) == line


def test_rates_of_two_profits_are_two_figures():
    a = "第二季度归母净利润为6.2亿元，同比下降1.5%；扣非净利润为5.9亿元，同比上升3.1%"
    b = "第二季度归母净利润同比下降1.8%"
    rows = [row("1.5%", -1.5, "甲公司", "growth", "2025Q2", "percent", doc="a.txt", context=a),
            row("3.1%", 3.1, "甲公司", "growth", "2025Q2", "percent", doc="a.txt", context=a),
            row("1.8%", -1.8, "甲公司", "growth", "2025Q2", "percent", doc="b.txt", context=b)]
    found = check(table(*rows))
    assert kinds(found) == [("contradiction", "error")]
    assert sorted(i.claim.quote for i in found[0].items) == ["1.5%", "1.8%"]


def _ranking(doc, scope, value, quote):
    """A ranking report about one scope: two sentences name it, then a company's revenue."""
    return [row("500亿美元", 5e10, f"全球{scope}市场", "market_size", "2025Q3", USD, doc=doc, line=1,
                context=f"第三季全球{scope}产业营收达500亿美元"),
            row("40%", 40.0, f"全球{scope}市场", "growth", "2025Q3", "percent", doc=doc, line=2,
                context=f"{scope}需求强劲，营收季增40%"),
            row(quote, value, "甲公司", "revenue", "2025Q3", USD, doc=doc, line=3,
                context=f"甲公司营收为{quote}，排名第二")]


def test_documents_about_two_scopes_give_two_figures_of_a_company():
    rows = _ranking("dram.txt", "DRAM", 1.35e10, "135亿美元") + _ranking("fab.txt", "晶圆代工", 3.2e9, "32亿美元")
    assert [f for f in check(table(*rows)) if f.metric == "revenue"] == []
    # a document about no scope in particular is compared with each
    rows.append(row("135亿美元", 1.35e10, "甲公司", "revenue", "2025Q3", USD, doc="news.txt",
                    context="甲公司第三季营收为135亿美元"))
    found = [f for f in check(table(*rows)) if f.metric == "revenue"]
    assert kinds(found) == [("agreement", "info")]
    assert sorted(i.doc for i in found[0].items) == ["dram.txt", "news.txt"]
    assert "dram.txt is about dram" in found[0].explanation
