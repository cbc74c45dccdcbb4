"""Claims that look alike but are consistent stay quiet (CHECK.md: when unsure, say
nothing rather than raise a false alarm): a scope the sentence names but the subject
lacks, and the like. Sentences are made up for these tests."""
import pytest
from test_check_helpers import kinds, row, table

from claimx.check import check
from claimx.check.figure import scope_named

USD = "USD"


@pytest.mark.parametrize("quote,context,key,scope", [
    # a topic clause without a figure names the scope of the figures after it
    ("8.5亿美元", "甲公司NAND业务本季回温，营收增至8.5亿美元", "甲公司", "nand"),
    ("41%", "动能主要来自数据中心，营收达到60亿美元，年增41%", "乙公司", "数据中心"),
    ("48%", "若只看HBM市场，丙公司市占率升至48%", "丙公司全球dram", "hbm"),
    ("12亿美元", "丁公司受惠高频宽記憶體需求，營收成長到12亿美元", "丁公司", "hbm"),  # synonym, script
    ("9%", "戊公司晶圆代工营收季增9%", "戊公司", "晶圆代工"),  # in the figure's own clause
    # the subject already names it
    ("30亿美元", "DRAM营收为30亿美元", "己公司dram", ""),
    ("60亿元", "己公司营收100亿元，其中云业务60亿元", "己公司云", ""),  # 云业务 is the scope 云
    # ... unless the clauses after it name no measure of their own: they go on about its figure
    ("52亿美元", "前五大NAND厂商营收季增7%，年增12%，达52亿美元", "甲公司", "nand"),
    ("52亿美元", "前五大NAND厂商营收季增7%，全行业资本支出降至52亿美元", "甲公司", ""),
    # a clause with its own figure keeps its scope: 数据中心 is the racks'
    ("310EFLOPS", "截至年中，全国数据中心超900万标准机架，算力规模310EFLOPS", "中国算力", ""),
    # another sentence or list item, or far back, says nothing of this figure
    ("50亿元", "HBM需求旺盛。公司营收为50亿元", "庚公司", ""),
    ("50亿元", "受益HBM需求；公司营收为50亿元", "庚公司", ""),
    ("3%", "- 先进封装设备需求高增 [2] - 辛公司营收同比增长3%", "辛公司", ""),
    ("7亿美元", "DRAM" + "，" * 3 + "年度回顾" * 20 + "，营收7亿美元", "壬公司", ""),
    # a Latin word is a whole word: DRAM is not in DRAMeXchange
    ("5亿元", "DRAMeXchange报价上涨，营收达5亿元", "癸公司", ""),
    ("6亿元", "企业级SSD出货增加，营收达6亿元", "癸公司", "ssd"),
    # an end market that drives demand is no scope of the company's figure
    ("7亿元", "受智能手机与PC需求带动，营收达7亿元", "癸公司", ""),
    # a number in a name or period is not a figure of its own clause
    ("15亿美元", "HBM3E放量，于FY 2Q26营收提升至15亿美元", "甲公司", "hbm"),
])
def test_the_scope_a_sentence_names(quote, context, key, scope):
    assert scope_named(quote, context, key) == scope


def test_a_segments_figure_the_subject_misses_does_not_contradict_the_whole():
    whole = "甲公司第三季营收达120亿美元，年增30%"
    part = "甲公司表示，HBM业务持续成长，营收提升至近25亿美元"
    rows = [row("120亿美元", 1.2e10, "甲公司", "revenue", "2025Q3", USD, doc="a.txt", context=whole),
            row("120亿美元", 1.2e10, "甲公司营收", "revenue", "2025Q3", USD, doc="b.txt", context=whole),
            row("近25亿美元", 2.5e9, "甲公司", "revenue", "2025Q3", USD, doc="b.txt", line=2, context=part)]
    assert kinds(check(table(*rows))) == [("agreement", "info")]


def test_two_sentences_of_one_segment_are_still_compared():
    a = "动能来自HBM，乙公司营收提升至近25亿美元"
    b = "乙公司HBM业务营收达到31亿美元"
    rows = [row("近25亿美元", 2.5e9, "乙公司", "revenue", "2025Q3", USD, doc="a.txt", context=a,
                qualifier="approx"),
            row("31亿美元", 3.1e9, "乙公司HBM", "revenue", "2025Q3", USD, doc="b.txt", context=b)]
    assert kinds(check(table(*rows))) == [("contradiction", "error")]


def test_a_market_share_and_a_segment_share_of_one_sentence_group_stay_apart():
    ctx = "丙公司在DRAM市场市占率为36%，若只看HBM市场，丙公司市占率为55%"
    rows = [row("36%", 36, "丙公司DRAM", "share", "2025Q3", "percent", context=ctx),
            row("55%", 55, "丙公司DRAM", "share", "2025Q3", "percent", line=2, context=ctx)]
    assert kinds(check(table(*rows))) == []


def test_a_line_of_two_values_raises_no_contradiction_but_what_documents_share_agrees():
    # one line gives two profits filed under one subject (归母 and 扣非): no value is sure to
    # be the figure, so nothing contradicts; the value another report repeats still agrees
    ctx = "甲公司上半年归母净利润为12.34亿元;扣非净利润为11.02亿元"
    rows = [row("12.34亿元", 1.234e9, "甲公司", "profit", "2025H1", "CNY", doc="a.txt", context=ctx),
            row("11.02亿元", 1.102e9, "甲公司", "profit", "2025H1", "CNY", doc="a.txt", context=ctx),
            row("12.34亿元", 1.234e9, "甲公司", "profit", "2025H1", "CNY", doc="b.txt", context="甲公司归母净利润12.34亿元")]
    found = check(table(*rows))
    assert kinds(found) == [("agreement", "info")]
    assert sorted(i.doc for i in found[0].items) == ["a.txt", "b.txt"]
    rows[2]["value"], rows[2]["quote"] = 1.5e9, "15亿元"  # a third value: still no alarm
    assert check(table(*rows)) == []


def test_a_markets_income_and_its_size_are_one_measure_of_its_growth():
    a = "据甲机构统计，2024年全球存储芯片营收增长18%"
    b = "乙机构称2024年全球存储芯片市场规模增长21%"
    rows = [row("18%", 18, "全球存储芯片", "growth", "2024", "percent", doc="a.txt", context=a),
            row("21%", 21, "全球存储芯片市场", "growth", "2024", "percent", doc="b.txt", context=b)]
    assert kinds(check(table(*rows))) == [("contradiction", "error")]
    # a company's revenue growth and its profit growth stay two figures
    c = "丙公司2024年净利润增长21%"
    rows = [row("18%", 18, "丙公司", "growth", "2024", "percent", doc="a.txt", context="丙公司2024年营收增长18%"),
            row("21%", 21, "丙公司", "growth", "2024", "percent", doc="b.txt", context=c)]
    assert check(table(*rows)) == []


def test_a_scope_the_sentence_names_completes_a_subject_of_the_company_alone():
    # 甲公司 + 数据中心 named by its sentence is the figure 甲公司数据中心业务 of another report
    a = "甲公司表示，数据中心业务营收达到391亿美元"
    rows = [row("391亿美元", 3.91e10, "甲公司", "revenue", "2025Q1", USD, doc="a.txt", context=a),
            row("391亿美元", 3.91e10, "甲公司数据中心业务", "revenue", "2025Q1", USD, doc="b.txt",
                context="甲公司数据中心业务营收391亿美元")]
    assert kinds(check(table(*rows))) == [("agreement", "info")]


def test_a_group_of_several_figures_agrees_only_on_values_stated_alike():
    # two margins of one line filed under one subject, their sentences not saying which profit
    # they are of: 约50% overlaps 46.9% of another report, but only the value stated alike
    # (59.5%) is corroboration
    ctx = "甲公司第三季两项利润率为59.5%，另一项约50%"
    rows = [row("59.5%", 59.5, "甲公司", "margin", "2025Q3", "percent", doc="a.txt", context=ctx),
            row("约50%", 50, "甲公司", "margin", "2025Q3", "percent", doc="a.txt", context=ctx, qualifier="approx"),
            row("59.5%", 59.5, "甲公司", "margin", "2025Q3", "percent", doc="b.txt", line=2,
                context="甲公司第三季利润率为59.5%"),
            row("46.9%", 46.9, "甲公司", "margin", "2025Q3", "percent", doc="b.txt", line=3,
                context="甲公司第三季另一项利润率为46.9%")]
    found = check(table(*rows))
    assert kinds(found) == [("agreement", "info")]
    assert [i.claim.quote for i in found[0].items] == ["59.5%", "59.5%"]


def test_a_market_share_and_a_share_of_the_companys_own_revenue_are_two_rates():
    market = "甲公司第三季营收增长，市占率升至68%"
    mix = "甲公司第三季车用芯片营收达到全季销售金额的72%"
    rows = [row("68%", 68, "甲公司", "share", "2025Q3", "percent", doc="a.txt", context=market),
            row("72%", 72, "甲公司", "share", "2025Q3", "percent", doc="b.txt", context=mix)]
    assert check(table(*rows)) == []
    rows[1]["context"] = "甲公司第三季市场份额为72%"  # 市场份额 = 市占率: two market shares disagree
    assert kinds(check(table(*rows))) == [("contradiction", "error")]


def test_a_figure_no_segment_reports_ignores_the_scope_its_sentence_names():
    # a duration in a sentence about a data-centre park is the park's, not a segment's
    a = "用地将发展为数据中心园区，批租期为五十年，中标者预计在36个月内开始营运"
    b = "中标者预计在36个月内开始营运"
    rows = [row("36个月", 36, "中标者", "duration", "", "month", doc="a.txt", context=a),
            row("36个月", 36, "中标者", "duration", "", "month", doc="b.txt", context=b)]
    assert kinds(check(table(*rows))) == [("agreement", "info")]
