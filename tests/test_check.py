"""claimx check: which claims are compared, and the kinds of finding (CHECK.md)."""
import pytest
from test_check_helpers import kinds, row, table

from claimx.check import check

USD = "USD"


def test_true_contradiction_between_two_documents():
    df = table(
        row("652亿美元", 6.52e10, "全球AI芯片市场", "market_size", "2023", USD, doc="a.txt", line=3),
        row("618.4亿美元", 6.184e10, "全球AI芯片市场", "market_size", "2023", USD, doc="b.txt", line=7),
    )
    [f] = check(df)
    assert (f.kind, f.severity) == ("contradiction", "error")
    assert (f.subject, f.metric, f.period, f.unit) == ("全球AI芯片市场", "market_size", "2023", USD)
    assert "652亿美元 (a.txt:3)" in f.explanation and "618.4亿美元 (b.txt:7)" in f.explanation
    assert [i.claim.quote for i in f.items] == ["652亿美元", "618.4亿美元"]


def test_figures_differing_only_by_rounding_agree_and_say_so():
    df = table(
        row("2350亿", 2.35e11, "GPT-3.5", "parameters", "2022", "count", doc="a.txt"),
        row("2347亿", 2.347e11, "GPT-3.5", "parameters", "2022", "count", doc="b.txt"),
    )
    [f] = check(df)
    assert (f.kind, f.severity) == ("agreement", "info")
    assert "rounding" in f.explanation and "2350亿" in f.explanation


def test_612_and_618_eflops_contradict_but_not_with_a_wider_tolerance():
    df = table(
        row("612 EFLOPS", 6.12e20, "中国智能算力", "compute", "2023", "FLOPS", doc="a.txt"),
        row("618 EFLOPS", 6.18e20, "中国智能算力", "compute", "2023", "FLOPS", doc="b.txt"),
    )
    assert kinds(check(df)) == [("contradiction", "error")]
    assert kinds(check(df, tolerance=0.01)) == [("agreement", "info")]


def test_qualifier_makes_figures_consistent():
    df = table(
        row("超过80%", 80, "全球智能算力", "cagr", "2021-2030", "percent", doc="a.txt", qualifier="over", low=80),
        row("82%", 82, "全球智能算力", "cagr", "2021-2030", "percent", doc="b.txt"),
    )
    assert kinds(check(df)) == [("agreement", "info")]


@pytest.mark.parametrize("a,b", [
    (("全球AI服务器市场", "2023"), ("中国AI服务器市场", "2023")),  # scopes
    (("中国智能算力", "2023"), ("中国通用算力", "2023")),  # 智能算力 vs 通用算力
    (("中国AI服务器市场", "2023"), ("中国AI服务器市场", "2024")),  # periods
    (("中国AI服务器市场", "2022Q4"), ("中国AI服务器市场", "2022")),
])
def test_different_scopes_or_periods_are_never_compared(a, b):
    df = table(
        row("211亿", 2.11e10, a[0], "market_size", a[1], "CNY", doc="a.txt"),
        row("98亿", 9.8e9, b[0], "market_size", b[1], "CNY", doc="b.txt"),
    )
    assert check(df) == []


def test_different_currencies_and_metrics_are_never_compared():
    df = table(
        row("53.9亿美元", 5.39e9, "中国加速服务器市场", "market_size", "2021", USD, doc="a.txt"),
        row("350.3亿人民币", 3.503e10, "中国加速服务器市场", "market_size", "2021", "CNY", doc="b.txt"),
        row("30亿美元", 3e9, "中国加速服务器市场", "revenue", "2021", USD, doc="c.txt"),
    )
    assert check(df) == []


@pytest.mark.parametrize("change", [
    {"subject": ""}, {"metric": "other"}, {"unit": "date", "value": None}, {"metric": "date"},
    {"period": ""},
])
def test_claims_that_are_never_compared(change):
    a = row("652亿美元", 6.52e10, "全球AI芯片市场", "market_size", "2023", USD, doc="a.txt")
    b = row("618.4亿美元", 6.184e10, "全球AI芯片市场", "market_size", "2023", USD, doc="b.txt")
    a.update(change)
    b.update(change)
    assert check(table(a, b)) == []


def test_empty_periods_compare_only_when_the_sentences_say_the_same():
    same = "GPT-3模型的参数量达到{}，训练成本高昂"
    a = row("1750亿", 1.75e11, "GPT-3", "parameters", "", "count", doc="a.txt", context=same.format("1750亿"))
    b = row("1850亿", 1.85e11, "GPT-3", "parameters", "", "count", doc="b.txt", context=same.format("1850亿"))
    assert kinds(check(table(a, b))) == [("contradiction", "error")]
    b["context"] = "有报道称其下一代产品将拥有1850亿个参数"
    assert check(table(a, b)) == []
    b.update(period="2023", context=same.format("1850亿"))  # one empty period, one not
    assert check(table(a, b)) == []


def test_traditional_and_simplified_subjects_are_one_subject():
    df = table(
        row("269億美元", 2.69e10, "英偉達", "revenue", "2022", USD, doc="tw.txt"),
        row("269亿美元", 2.69e10, "英伟达", "revenue", "2022", USD, doc="cn.txt"),
        row("280.0亿美元", 2.8e10, "NVIDIA", "revenue", "2022", USD, doc="en.txt"),
    )
    f, agree = check(df)
    assert (f.kind, f.subject, len(f.items)) == ("contradiction", "英伟达", 3)
    # the two that agree still corroborate each other
    assert (agree.kind, sorted(i.doc for i in agree.items)) == ("agreement", ["cn.txt", "tw.txt"])


def test_same_figures_in_two_scripts_agree():
    df = table(
        row("1750億個", 1.75e11, "GPT-3", "parameters", "2020", "count", doc="tw.txt"),
        row("1750亿个", 1.75e11, "gpt-3", "parameters", "2020", "count", doc="cn.txt"),
    )
    [f] = check(df)
    assert f.kind == "agreement" and "same value" in f.explanation


def test_internal_contradiction_in_one_document():
    df = table(
        row("155.2 EFLOPS", 1.552e20, "中国智能算力", "compute", "2021", "FLOPS", line=4),
        row("165.2 EFLOPS", 1.652e20, "中国智能算力", "compute", "2021", "FLOPS", line=40),
    )
    assert kinds(check(df)) == [("internal", "error")]


def test_two_figures_in_one_sentence_are_not_an_internal_contradiction():
    df = table(
        row("155.2 EFLOPS", 1.552e20, "中国算力", "compute", "2021", "FLOPS", line=4),
        row("47.7 EFLOPS", 4.77e19, "中国算力", "compute", "2021", "FLOPS", line=4),
    )
    assert check(df) == []


def test_forecast_contradicted_by_a_later_fact_is_a_warning():
    df = table(
        row("500亿元", 5e10, "中国AI芯片市场", "market_size", "2023", "CNY", doc="old.txt", forecast=True,
            published="2021-06-01"),
        row("420亿元", 4.2e10, "中国AI芯片市场", "market_size", "2023", "CNY", doc="new.txt",
            published="2024-03-01"),
    )
    [f] = check(df)
    assert (f.kind, f.severity) == ("contradiction", "warning")
    assert "forecast contradicted by a later reported fact" in f.explanation
    assert "(old.txt:1, forecast)" in f.explanation


def test_two_forecasts_that_disagree_are_an_error():
    df = table(
        row("500亿元", 5e10, "中国AI芯片市场", "market_size", "2025", "CNY", doc="a.txt", forecast=True),
        row("420亿元", 4.2e10, "中国AI芯片市场", "market_size", "2025", "CNY", doc="b.txt", forecast=True),
    )
    assert kinds(check(df)) == [("contradiction", "error")]


def test_worst_first():
    df = table(
        row("1750亿", 1.75e11, "GPT-3", "parameters", "2020", "count", doc="a.txt"),
        row("1750亿", 1.75e11, "GPT-3", "parameters", "2020", "count", doc="b.txt"),
        row("652亿美元", 6.52e10, "全球AI芯片市场", "market_size", "2023", USD, doc="a.txt"),
        row("618.4亿美元", 6.184e10, "全球AI芯片市场", "market_size", "2023", USD, doc="b.txt"),
    )
    assert [f.kind for f in check(df)] == ["contradiction", "agreement"]


def test_aliases_file_extends_the_table(tmp_path):
    path = tmp_path / "aliases.toml"
    path.write_text('[entities]\n"智源研究院" = ["BAAI"]\n', encoding="utf-8")
    df = table(
        row("31亿元", 3.1e9, "BAAI", "spending", "2023", "CNY", doc="a.txt"),
        row("40亿元", 4e9, "智源研究院", "spending", "2023", "CNY", doc="b.txt"),
    )
    assert check(df) == []
    assert kinds(check(df, aliases=path)) == [("contradiction", "error")]


@pytest.mark.parametrize("quote,context,measure", [
    ("20%", "英伟达2023年营收同比增长20%，净利润增长50%", "revenue"),
    ("50%", "英伟达2023年营收同比增长20%，净利润增长50%", "profit"),
    ("20.0%", "2023年全球AI芯片市场规模为652亿美元，同比增长20.0%", "market_size"),
    ("33.3%", "2021-2026年年复合增長率為33.3%", None),
    ("5%", "", None),
])
def test_what_a_rate_is_a_rate_of(quote, context, measure):
    from claimx.check.measure import measure_of
    assert measure_of(quote, context) == measure


def test_rates_of_different_things_are_not_compared():
    df = table(
        row("20%", 20, "英伟达", "growth", "2023", "percent", doc="a.txt", context="英伟达2023年营收同比增长20%"),
        row("50%", 50, "英伟达", "growth", "2023", "percent", doc="b.txt", context="英伟达2023年净利润同比增长50%"),
    )
    assert check(df) == []
    df.loc[1, "context"] = "英伟达2023年营收同比增长50%"
    assert kinds(check(df)) == [("contradiction", "error")]


def test_a_list_filed_under_one_subject_is_not_a_contradiction():
    # 6%, 85%, 9% of one market, all given the market as subject, in a passage repeated twice
    parts = [("6%", 6), ("85%", 85), ("9%", 9)]
    rows = [row(q, v, "独立GPU市场", "share", "2022Q4", "percent", line=line) for line in (60, 130) for q, v in parts]
    assert check(table(*rows)) == []
    rows += [row(q, v + 1, "独立GPU市场", "share", "2022Q4", "percent", doc="b.txt", line=3) for q, v in parts]
    assert check(table(*rows)) == []


def test_three_values_of_one_figure_in_one_document_are_a_list():
    rows = [row(q, v, "AI服务器", "market_size", "2023", "CNY", line=n)
            for n, (q, v) in enumerate([("211亿元", 2.11e10), ("312亿元", 3.12e10), ("98亿元", 9.8e9)], start=1)]
    assert check(table(*rows)) == []
    assert kinds(check(table(*rows[:2]))) == [("internal", "error")]


def test_rows_of_a_table_without_periods_are_not_an_internal_contradiction():
    rows = [row(q, v, "换手率", "share", "", "percent", line=n, context=f"板块指数换手率{q}")
            for n, (q, v) in enumerate([("0.84%", 0.84), ("1.58%", 1.58)], start=20)]
    assert check(table(*rows)) == []


def test_rates_of_two_things_in_one_sentence_leave_each_comparable():
    ctx = "英伟达2023年营收同比增长20%，净利润增长50%"
    df = table(
        row("20%", 20, "英伟达", "growth", "2023", "percent", doc="a.txt", line=2, context=ctx),
        row("50%", 50, "英伟达", "growth", "2023", "percent", doc="a.txt", line=2, context=ctx),
        row("35%", 35, "英伟达", "growth", "2023", "percent", doc="b.txt", context="英伟达2023年营收同比增长35%"),
    )
    [f] = check(df)
    assert f.kind == "contradiction" and {i.claim.quote for i in f.items} == {"20%", "35%"}
