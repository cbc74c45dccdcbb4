"""Which claims are the same figure (docs/check.md, CHECK.md): subjects as entity + scope,
periods on one calendar, a document's stated period, glosses, units after conversion."""
import pytest
from test_check_helpers import kinds, row, table

from claimx.check import check
from claimx.check.figure import period_form, subject_form

USD = "USD"


@pytest.mark.parametrize("a,b,metric", [
    ("英伟达", "NVIDIA", "revenue"),
    ("輝達營收", "英伟达", "revenue"),  # script, alias, a word restating the metric
    ("美光每股盈余", "美光每股收益", "eps"),
    ("美光每股纯益", "Micron EPS", "eps"),
    ("Meta资本支出", "Meta资本开支", "spending"),
    ("全球半导体市场规模", "全球半导体市场", "market_size"),
    ("全球半导体市场", "全球半导体", "market_size"),
    ("中国人工智能芯片市场", "中国AI芯片市场规模", "market_size"),
    ("台积电营业利润率", "台积电营益率", "margin"),
    ("中国算力总规模", "中国算力规模", "compute"),
    ("SK海力士全球DRAM市场份额", "SK Hynix全球DRAM市占率", "share"),
    ("三星(晶圆代工)", "三星 晶圆代工", "revenue"),
    ("1、英伟达", "英伟达", "revenue"),  # a list number is no part of a name
    ("2. 英伟达", "英伟达", "revenue"),
    ("甲公司总收入", "甲公司营业收入", "revenue"),
    ("甲公司数据中心业务", "甲公司数据中心", "revenue"),  # a line of business named as such
    ("乙公司游戏业务营收", "乙公司游戏", "revenue"),
    ("丙公司存储事业部", "丙公司存储", "margin"),
])
def test_same_entity_and_scope(a, b, metric):
    from claimx.attribute.aliases import load_aliases
    al = load_aliases(None)
    assert subject_form(al.canonical(a), metric)[0] == subject_form(al.canonical(b), metric)[0]


@pytest.mark.parametrize("a,b,metric", [
    ("英伟达", "英伟达数据中心", "revenue"),  # segment and total
    ("台积电毛利率", "台积电营业利益率", "margin"),
    ("英伟达Non-GAAP毛利率", "英伟达GAAP毛利率", "margin"),
    ("英伟达非GAAP每股收益", "英伟达调整后每股收益", "eps"),
    ("市场预期博通AI营收", "博通AI营收", "revenue"),  # market consensus and the company
    ("全球DRAM市场", "三星", "market_size"),
    ("SK海力士全球DRAM市占率", "SK海力士全球HBM市占率", "share"),
    ("中国智能算力", "中国算力", "compute"),
    ("英伟达净利润", "英伟达归母净利润", "profit"),
    ("2.5D封装", "5D封装", "market_size"),  # 2.5 is a number, not a list number
    ("甲公司数据中心业务", "甲公司", "revenue"),  # the business word goes, the scope stays
])
def test_different_scope_is_kept_apart(a, b, metric):
    from claimx.attribute.aliases import load_aliases
    al = load_aliases(None)
    assert subject_form(al.canonical(a), metric)[0] != subject_form(al.canonical(b), metric)[0]


def test_a_rate_subject_names_its_measure_and_basis():
    key, measure, basis, whole = subject_form("美光营收环比", "growth")
    assert (key, measure, basis, whole) == ("美光", "revenue", "sequential", "美光营收")
    # a profit word stays in the subject: 净利润 and 归母净利润 are two figures
    assert subject_form("北方华创归母净利润同比", "growth")[:3] == ("北方华创归母净利润", None, "yoy")


def test_a_rate_of_a_subjects_profit_is_a_rate_of_profit():
    df = table(
        row("1.47%", -1.47, "北方华创归母净利润", "growth", "2025Q2", "percent", doc="a.txt",
            context="北方华创第二季度实现营收79.36亿元，归母净利润同比下降1.47%"),
        row("1.6%", -1.6, "北方华创归母净利润", "growth", "2025Q2", "percent", doc="b.txt",
            context="归母净利润同比下降1.6%"),
    )
    assert kinds(check(df)) == [("contradiction", "error")]


@pytest.mark.parametrize("a,company_a,b,company_b,same", [
    ("FY2026Q2", "英伟达", "2025-05-2025-07", "英伟达", True),
    ("FY2025Q4", "美光", "2025-06-2025-08", "美光", True),
    ("FY2026", "微软", "2025-07-2026-06", "微软", True),
    ("FY2026Q2", "英伟达", "2025Q2", "英伟达", False),  # Feb-Apr is no calendar quarter
    ("2025Q3", "台积电", "FY2025Q3", "台积电", True),  # a calendar-year company's FY is the year
    ("2025", "英伟达", "FY2025", "英伟达", False),
])
def test_periods_meet_on_the_calendar(a, company_a, b, company_b, same):
    assert (period_form(a, company_a) == period_form(b, company_b)) is same


def test_fiscal_and_calendar_names_of_one_quarter_are_one_figure():
    df = table(
        row("467.4亿美元", 4.674e10, "英伟达", "revenue", "FY2026Q2", USD, doc="a.txt"),
        row("450.0亿美元", 4.5e10, "NVIDIA", "revenue", "2025-05-2025-07", USD, doc="b.txt"),
    )
    [f] = check(df)
    assert f.kind == "contradiction"


def test_units_compare_after_conversion_per_time():
    df = table(
        row("1.2万元/年", 12000, "GPU服务器租金", "cost", "2024", "CNY/year", doc="a.txt"),
        row("1000元/月", 1000, "GPU服务器租金", "cost", "2024", "CNY/month", doc="b.txt"),
    )
    [f] = check(df)
    assert f.kind == "agreement"
    df.loc[1, ["quote", "value"]] = ["1500元/月", 1500]
    [f] = check(df)
    assert f.kind == "contradiction"


def test_currencies_are_never_converted():
    df = table(
        row("100亿美元", 1e10, "某公司", "revenue", "2024", USD, doc="a.txt"),
        row("700亿元", 7e10, "某公司", "revenue", "2024", "CNY", doc="b.txt"),
    )
    assert check(df) == []


def _report(doc: str, value: str, v: float, period: str = "", line: int = 5, **kw):
    """A quarterly report: three figures that state 2025Q3, and one that states no period."""
    return [row("120亿元", 1.2e10, "甲公司", "revenue", "2025Q3", "CNY", doc=doc, line=1),
            row("30%", 30, "甲公司", "margin", "2025Q3", "percent", doc=doc, line=2),
            row("12亿元", 1.2e9, "甲公司", "profit", "2025Q3", "CNY", doc=doc, line=3),
            row(value, v, "甲公司", "spending", period, "CNY", doc=doc, line=line, **kw)]


def test_a_claim_without_a_period_takes_its_documents_period():
    # b.txt states 2025Q3 for its spending; a.txt's spending takes the report's period
    df = table(*_report("a.txt", "8亿元", 8e8), *_report("b.txt", "8亿元", 8e8, period="2025Q3"))
    found = [f for f in check(df) if f.metric == "spending"]
    assert [f.kind for f in found] == ["agreement"]
    df = table(*_report("a.txt", "8亿元", 8e8), *_report("b.txt", "9.5亿元", 9.5e8, period="2025Q3"))
    assert [f.kind for f in check(df) if f.metric == "spending"] == ["contradiction"]


def test_two_documents_usual_periods_agree_but_never_contradict():
    df = table(*_report("a.txt", "8亿元", 8e8), *_report("b.txt", "9.5亿元", 9.5e8))
    assert [f for f in check(df) if f.metric == "spending"] == []
    df = table(*_report("a.txt", "8亿元", 8e8), *_report("b.txt", "8亿元", 8e8))
    assert [f.kind for f in check(df) if f.metric == "spending"] == ["agreement"]


def test_a_document_without_a_clear_period_lends_none():
    rows = _report("a.txt", "8亿元", 8e8)
    rows[1]["period"] = rows[2]["period"] = "2024Q3"  # 1 of 3 dated claims: no clear period
    df = table(*rows, *_report("b.txt", "9.5亿元", 9.5e8, period="2025Q3"))
    assert [f for f in check(df) if f.metric == "spending"] == []


def test_a_figure_and_its_gloss_are_one_figure():
    ctx = "截至6月底，全国算力总规模达到246EFLOPS（2460万亿次浮点运算）。"
    df = table(
        row("246EFLOPS", 2.46e20, "中国算力", "compute", "2024-06", "FLOPS", start=15, end=24, context=ctx),
        row("2460万亿次", 2.46e15, "中国算力总规模", "compute", "2024-06", "FLOPS", start=25, end=32,
            context=ctx),
    )
    assert kinds(check(df)) == [("internal", "error")]


def test_two_figures_of_one_line_without_a_gloss_are_a_list():
    ctx = "甲公司营收为120亿元，其中乙业务为30亿元。"
    df = table(
        row("120亿元", 1.2e10, "甲公司", "revenue", "2025", "CNY", start=5, end=11, context=ctx),
        row("30亿元", 3e9, "甲公司", "revenue", "2025", "CNY", start=18, end=22, context=ctx),
    )
    assert check(df) == []


def test_guidance_beside_the_actual_is_no_list():
    # one document gives the guidance (forecast) and the actual on one line, another the actual
    df = table(
        row("13.5%", 13.5, "华虹半导体毛利率", "margin", "2025Q3", "percent", doc="a.txt", line=2),
        row("10%至12%", 11, "华虹半导体毛利率", "margin", "2025Q3", "percent", doc="a.txt", line=2,
            qualifier="range", low=10, high=12, forecast=True),
        row("13.5%", 13.5, "华虹半导体毛利率", "margin", "2025Q3", "percent", doc="b.txt", line=4),
    )
    assert ("agreement", "info") in kinds(check(df))


def test_a_years_growth_has_one_basis():
    # a year's growth is on the year before, whether the sentence says 同比 or nothing
    df = table(
        row("16%", 16, "全球半导体市场", "growth", "2024", "percent", doc="a.txt",
            context="2024年全球半导体市场同比增长16%"),
        row("21%", 21, "全球半导体市场", "growth", "2024", "percent", doc="b.txt",
            context="全球半导体市场2024年增长21%"),
    )
    assert kinds(check(df)) == [("contradiction", "error")]


def test_a_contradiction_names_each_documents_most_precise_statement():
    df = table(
        row("665亿美元", 6.65e10, "三星", "revenue", "2024", USD, doc="a.txt", line=3),
        row("665.24亿美元", 6.6524e10, "三星", "revenue", "2024", USD, doc="a.txt", line=9),
        row("656.97亿美元", 6.5697e10, "三星", "revenue", "2024", USD, doc="b.txt", line=2),
    )
    [f] = check(df)
    assert f.kind == "contradiction"
    assert sorted(i.claim.quote for i in f.items) == ["656.97亿美元", "665.24亿美元"]
