"""Year tables in plain text: shapes that yield cells, prose that must not."""
from __future__ import annotations

import time

import pytest

from claimx.table_cells import find_table_cells

# (name, text, expected cells as (row_label, period, quote, forecast, unit_text))
TABLES = [
    ("tab-separated, caption unit",
     "图：全球GPU市场规模（亿美元）\n2021\t2022\t2023E\t2024E\n全球GPU市场\t334.7\t400.0\t470.5\t550.2\n",
     [("全球GPU市场", "2021", "334.7", False, "亿美元"), ("全球GPU市场", "2022", "400.0", False, "亿美元"),
      ("全球GPU市场", "2023", "470.5", True, "亿美元"), ("全球GPU市场", "2024", "550.2", True, "亿美元")]),
    ("space-aligned with header label and rate row",
     "表1 中国服务器出货量（单位：万台）\n指标        2021A   2022A   2023E\n出货量      391.1   434.5   480.2\n"
     "同比增速    8.9     11.1    10.5\n资料来源：示例咨询\n",
     [("出货量", "2021", "391.1", False, "万台"), ("出货量", "2022", "434.5", False, "万台"),
      ("出货量", "2023", "480.2", True, "万台"), ("同比增速", "2021", "8.9", False, "%"),
      ("同比增速", "2022", "11.1", False, "%"), ("同比增速", "2023", "10.5", True, "%")]),
    ("markdown pipe table with CAGR column and placeholders",
     "| 单位：EFLOPS | 2022 | 2023 | 2025F | CAGR |\n|---|---|---|---|---|\n"
     "| 智能算力 | 259.9 | 414.1 | - | 33.5% |\n",
     [("智能算力", "2022", "259.9", False, "EFLOPS"), ("智能算力", "2023", "414.1", False, "EFLOPS"),
      ("智能算力 CAGR", "2022-2025", "33.5%", True, "%")]),
    ("fiscal years and 年 suffix, row unit in parentheses",
     "图表3：公司盈利预测\n            FY2023  FY2024  FY2025E\n营业收入(亿元)  120.5  150.2  181.0\n",
     [("营业收入(亿元)", "FY2023", "120.5", False, "亿元"), ("营业收入(亿元)", "FY2024", "150.2", False, "亿元"),
      ("营业收入(亿元)", "FY2025", "181.0", True, "亿元")]),  # (FY: the company's fiscal year, table_claims)
    ("年 headers, thousands separators",
     "单位：亿元\n项目 2024年 2025年 2026年\n市场规模 1,100.9 1,350.0 1,620.5\n",
     [("市场规模", "2024", "1,100.9", False, "亿元"), ("市场规模", "2025", "1,350.0", False, "亿元"),
      ("市场规模", "2026", "1,620.5", False, "亿元")]),
    ("half years, a title line above ending in its unit",
     "收入（百万美元）\n2023H1 2023H2 2024H1E\nGPU业务 1200 1500 1800\n",
     [("GPU业务", "2023H1", "1200", False, "百万美元"), ("GPU业务", "2023H2", "1500", False, "百万美元"),
      ("GPU业务", "2024H1", "1800", True, "百万美元")]),
    ("years down the first column",
     "图5：中国智能算力\n年份  规模（EFLOPS）  增速（%）\n2022  259.9  41.2\n2023E  414.1  59.3\n",
     [("规模（EFLOPS）", "2022", "259.9", False, "EFLOPS"), ("增速（%）", "2022", "41.2", False, "%"),
      ("规模（EFLOPS）", "2023", "414.1", True, "EFLOPS"), ("增速（%）", "2023", "59.3", True, "%")]),
]

PROSE = [
    "2021年全球GPU市场规模为334.7亿美元，2022年达到400亿美元，预计2023年增长至470.5亿美元。",
    "2021 2022 2023\n这三年是行业的关键时期。\n",
    "从2019年到2023年，市场规模从100亿元增长到300亿元。\n2024年预计为350亿元，2025年为400亿元。",
    "第1章 2021-2023 回顾\n第2章 2024 展望\n",
    "电话：010-12345678 2021 2022\n地址：北京市 100 200\n",
    "2023年3月26日\n2023年4月1日\n",
    "2019  2020  2021\n\n\n其他内容 1 2 3\n",
]


@pytest.mark.parametrize(("text", "expected"), [t[1:] for t in TABLES], ids=[t[0] for t in TABLES])
def test_table_shapes(text, expected):
    cells = find_table_cells(text)
    assert [(c.row_label, c.period, c.quote, c.forecast, c.unit_text) for c in cells] == expected
    for c in cells:
        assert text[c.start:c.end] == c.quote


def test_caption_is_kept():
    cells = find_table_cells(TABLES[0][1])
    assert {c.caption for c in cells} == {"图：全球GPU市场规模（亿美元）"}


def test_offsets_in_a_longer_document():
    before = "正文第一段。\n2023年的数据见下表。\n\n"
    text = before + TABLES[1][1] + "\n后文：2030年将达到1000万台。\n"
    cells = find_table_cells(text)
    assert len(cells) == 6
    assert all(text[c.start:c.end] == c.quote for c in cells)
    assert cells[0].start > len(before)


@pytest.mark.parametrize("text", PROSE)
def test_prose_is_not_a_table(text):
    assert find_table_cells(text) == []


def test_row_with_wrong_cell_count_is_skipped():
    text = "2021 2022 2023E\n甲 1.0 2.0 3.0\n乙 4.0 5.0\n丙 6.0 7.0 8.0\n"
    assert [c.row_label for c in find_table_cells(text)] == ["甲"] * 3 + ["丙"] * 3


def test_fast_on_long_prose():
    para = "2023年中国智能算力规模达到414.1 EFLOPS，同比增长59.3%，预计2027年将达到1117.4 EFLOPS。\n"
    text = para * 20000  # ~1.3 M characters
    t = time.perf_counter()
    assert find_table_cells(text) == []
    assert time.perf_counter() - t < 1.0


# ---------------------------------------------------------------- unit headers, flattened rows

def _cells(text):
    cells = find_table_cells(text)
    for c in cells:
        assert text[c.start:c.end] == c.quote
    return [(c.row_label, c.quote, c.unit_text, c.currency) for c in cells]


def test_flattened_markdown_rows_are_cut_back():
    text = ("要点 [3] 盈利预测 |项目|2023A|2024E|2025E| |----|----|----|----| "
            "|营业收入(百万元)|12,400|15,100|18,250| |毛利率%|21.0%|22.5%|23.1%|\n")
    assert _cells(text) == [
        ("营业收入(百万元)", "12,400", "百万元", ""), ("营业收入(百万元)", "15,100", "百万元", ""),
        ("营业收入(百万元)", "18,250", "百万元", ""), ("毛利率%", "21.0%", "%", ""),
        ("毛利率%", "22.5%", "%", ""), ("毛利率%", "23.1%", "%", "")]


def test_magnitude_header_with_currency_signs_and_per_share_exception():
    text = ("（千，每股金额除外）\n本季度\n上季度\n"
            "营收 $ 4,210 $ 3,980\n毛利 1,530 1,402\n每股收益 $ 0.42 $ 0.37\n占营收百分比 36.3 % 35.2 %\n")
    assert _cells(text) == [
        ("营收", "4,210", "千", "USD"), ("营收", "3,980", "千", "USD"),
        ("毛利", "1,530", "千", "USD"), ("毛利", "1,402", "千", "USD"),
        ("每股收益", "0.42", "", "USD"), ("每股收益", "0.37", "", "USD"),
        ("占营收百分比", "36.3 %", "%", ""), ("占营收百分比", "35.2 %", "%", "")]


def test_unit_and_currency_labels_and_percent_columns():
    # a statutory report: amounts in 元, the change columns headed (%) hold percents
    text = ("单位:元 币种:人民币\n项目 本期 同比增减\n(%)\n"
            "营业收入 1,234,567.89 12.30 8,765,432.10 -4.56\n"
            "归属于母公司股东的净\n"
            "净利润 234,567.00 3.20 1,111,111.11 8.90\n"
            "每股收益(元/股) 0.12 3.45 0.56 7.80\n")
    got = _cells(text)
    assert got[:4] == [("营业收入", "1,234,567.89", "元", "CNY"), ("营业收入", "12.30", "%", ""),
                       ("营业收入", "8,765,432.10", "元", "CNY"), ("营业收入", "-4.56", "%", "")]
    assert got[-4:] == [("每股收益(元/股)", "0.12", "元/股", "CNY"), ("每股收益(元/股)", "3.45", "%", ""),
                        ("每股收益(元/股)", "0.56", "元/股", "CNY"), ("每股收益(元/股)", "7.80", "%", "")]


def test_wrapped_row_label_and_label_above_figures():
    text = ("单位：百万美元\n项目 本季 上季\n归属于股东的净 1,200 1,100\n利润\n营业收入\n3,400 3,100\n")
    assert _cells(text) == [
        ("归属于股东的净利润", "1,200", "百万美元", ""), ("归属于股东的净利润", "1,100", "百万美元", ""),
        ("营业收入", "3,400", "百万美元", ""), ("营业收入", "3,100", "百万美元", "")]


def test_currency_before_magnitude_in_header():
    assert _cells("单位：人民币百万元\n收入 1,000 2,000\n") == [
        ("收入", "1,000", "百万元", "CNY"), ("收入", "2,000", "百万元", "CNY")]


def test_grouped_figures_under_a_rate_word_are_amounts():
    # US releases translate "gross margin" (dollars) as 毛利率: grouped thousands are not a rate
    assert [c[2] for c in _cells("（百万）\n毛利率 2,150 1,980\n")] == ["百万", "百万"]


def test_row_naming_its_unit_and_its_continuation_lines():
    text = ("预测指标 2023(实际) 2024(实际) 预测2025\n营业收入(元) 10.5亿 12.1亿\n13.8亿\n"
            "营收增长率 5.1% 15.2%\n14.0%\n")
    assert _cells(text) == [
        ("营业收入(元)", "10.5亿", "元", ""), ("营业收入(元)", "12.1亿", "元", ""),
        ("营业收入(元)", "13.8亿", "元", ""), ("营收增长率", "5.1%", "%", ""),
        ("营收增长率", "15.2%", "%", ""), ("营收增长率", "14.0%", "%", "")]


UNIT_PROSE = [
    "单位：亿元\n本章讨论市场结构，数据来自公开资料。\n",
    "（百万）\n这是一段说明文字，其中提到2,000台设备和3,000名员工，并非表格。\n",
    "注：单位为亿元\n",
    "公司收入(亿元)持续增长\n",
]


@pytest.mark.parametrize("text", UNIT_PROSE)
def test_unit_words_in_prose_are_not_a_table(text):
    assert find_table_cells(text) == []


@pytest.mark.parametrize(("text", "quote", "value", "unit"), [
    ("（百万，每股金额除外）\n本季\n上季\n营收 $ 4,210 $ 3,980\n", "4,210", 4.21e9, "USD"),
    ("（百万，每股金额除外）\n本季\n上季\n每股收益 $ 0.42 $ 0.37\n", "0.42", 0.42, "USD"),
    ("单位:元 币种:人民币\n项目 本期 增减\n(%)\n营业收入 1,234,567.89 12.30\n", "1,234,567.89", 1234567.89, "CNY"),
    ("单位:元 币种:人民币\n项目 本期 增减\n(%)\n营业收入 1,234,567.89 12.30\n", "12.30", 12.3, "percent"),
    ("|指标|2023A|2024E| |----|----|----| |营业收入(百万元)|12,400|15,100|\n", "12,400", 1.24e10, "CNY"),
    ("指标 2023(实际) 2024(实际)\n净利润(元) 1.2亿 1.5亿\n", "1.5亿", 1.5e8, "CNY"),
    ("单位：百万美元\n收入 | 11,315 | 11,200 |\n", "11,315", 1.1315e10, "USD"),
])
def test_cells_become_claims_in_the_headers_unit(text, quote, value, unit):
    from claimx.extract import extract_text
    rows = [c for c in extract_text(text) if c.quote.strip("$ ") == quote]
    assert rows, [(c.quote, c.value, c.unit) for c in extract_text(text)]
    assert (rows[0].value, rows[0].unit) == (pytest.approx(value), unit)


def test_column_groups_over_period_columns():
    text = ("机构 分析师 预测每股收益(元) 预测净利润(元) 日期\n"
            "2024预测 2025预测 2024预测 2025预测\n"
            "甲证券 张三 0.52 0.61 3.10亿 3.72亿 2024-11-02\n"
            "乙证券 李四 0.49 0.58 2.95亿 3.40亿 2024-10-21\n")
    cells = find_table_cells(text)
    assert [(c.quote, c.period, c.forecast, c.unit_text) for c in cells[:4]] == [
        ("0.52", "2024", True, "元"), ("0.61", "2025", True, "元"),
        ("3.10亿", "2024", True, "元"), ("3.72亿", "2025", True, "元")]
    assert cells[2].row_label == "甲证券 张三 预测净利润(元)"
    assert len(cells) == 8 and all(text[c.start:c.end] == c.quote for c in cells)


def test_period_columns_above_rows_that_go_on_in_lines_of_their_own():
    text = ("指标 2022(实际) 2023(实际) 预测2024(均值)\n营业收入(元) 10.5亿 12.1亿\n13.8亿\n")
    assert [(c.quote, c.period, c.forecast) for c in find_table_cells(text)] == [
        ("10.5亿", "2022", False), ("12.1亿", "2023", False), ("13.8亿", "2024", True)]


def test_a_table_row_read_as_a_sentence_takes_the_columns_period_and_the_tables_subject():
    from claimx.extract import extract_text
    text = ("星河科技三季度营收创新高。\n|指标|2023A|2024E|2025E| |----|----|----|----| "
            "|营业收入(百万元)|8,100|9,500|11,200| |毛利率%|20.1%|21.4%|22.0%|\n")
    rows = {c.quote: c for c in extract_text(text)}
    assert (rows["21.4%"].period, rows["21.4%"].forecast) == ("2024", True)
    assert (rows["8,100"].value, rows["8,100"].unit, rows["8,100"].period) == (8.1e9, "CNY", "2023")


def test_rates_and_their_changes_in_points_with_the_unit_wrapped():
    text = ("单位:元 币种:人民币\n项目 本期 本期比上年同期增减(%) 年初至今 比上年同期增减(%)\n"
            "营业收入 2,345,678.00 12.50 9,876,543.21 8.40\n"
            "毛利率 41.20 增加 1.30 个 40.80 减少 0.60 个百\n(%) 百分点 分点\n")
    cells = [(c.quote, c.unit_text, c.sign) for c in find_table_cells(text)]
    assert cells[-4:] == [("41.20", "%", 1), ("1.30", "pp", 1), ("40.80", "%", 1), ("0.60", "pp", -1)]
    from claimx.extract import extract_text
    rows = {c.quote.removesuffix(" 个"): (c.value, c.unit) for c in extract_text(text)}
    assert rows["0.60"] == (-0.6, "pp") and rows["1.30"] == (1.3, "pp") and rows["41.20"] == (41.2, "percent")


def test_change_columns_after_the_periods():
    text = ("单位：亿元\n项目 2023A 2024A 同比(%)\n营业收入 120.5 150.2 24.6\n\n"
            "指标 2024Q3 2025Q3 变动(pct)\n毛利率 41.2% 43.0% 1.8\n")
    cells = [(c.quote, c.period, c.unit_text) for c in find_table_cells(text)]
    assert ("24.6", "2024", "%") in cells and ("1.8", "2025Q3", "pct") in cells
    from claimx.extract import extract_text
    rows = {c.quote: c for c in extract_text(text)}
    assert (rows["1.8"].value, rows["1.8"].unit) == (1.8, "pp")
    assert (rows["150.2"].value, rows["150.2"].unit) == (pytest.approx(1.502e10), "CNY")


def test_period_names_in_a_header_are_not_date_claims():
    from claimx.extract import extract_text
    text = ("单位：百万美元 | FY 4Q25 | FY 3Q25 |\n---|---|---|\n营业收入 | 11,020 | 9,310 |\n"
            "\n指标 2024Q3 2025Q3\n毛利率 41.2% 43.0%\n公司于2025年3月20日公布业绩。\n")
    rows = extract_text(text)
    assert [c.quote for c in rows if c.unit == "date"] == ["2025年3月20日"]
    assert {c.quote: c.value for c in rows}["11,020"] == 1.102e10


@pytest.mark.parametrize(("line", "expected"), [
    ("单位：百万美元", ("百万美元", "", "")),
    ("单位:元 币种:人民币", ("元", "CNY", "")),
    ("单位：新台币千元", ("千元", "新台币", "")),
    ("（百万，每股金额除外）", ("百万", "", "每股")),
    ("(单位：亿元)", ("亿元", "", "")),
    ("（单位：百万元，%）", ("百万元", "", "")),
    ("(人民币千元)", ("千元", "人民币", "")),
    ("（万元）", ("万元", "", "")),
    ("(2)", None), ("（一）", None), ("（%）", None), ("(倍)", None), ("(续)", None),
    ("单位：亿元，这一口径与上年一致的部分数据来自于公司年报和公告，全部数据经过调整后列示，并与前述各表保持一致以便比较。"
     "以下各表如无特别说明亦同。", None),
])
def test_unit_header_lines(line, expected):
    from claimx.table_cells import _unit_header
    got = _unit_header(line)
    if expected is not None and expected[1] == "CNY":  # 币种 names the currency by its word
        assert got is not None and got[0] == expected[0] and got[1] in ("人民币", "CNY")
    else:
        assert got == expected


def test_negative_amounts_in_parentheses():
    from claimx.extract import extract_text
    text = "单位：百万美元\n项目 本季 上季\n营业收入 1,234 1,100\n营业利润 (56) 120\n"
    rows = {c.quote: c.value for c in extract_text(text)}
    assert rows["56"] == -5.6e7 and rows["120"] == 1.2e8


def test_a_table_of_forecasts_by_its_caption_and_a_years_down_column_is_no_subject():
    from claimx.extract import extract_text
    text = ("星河科技2024年营收增长20%，净利润增长12%。\n单位:亿元 汇总--预测年报净利润\n"
            "年度 最小值 均值 最大值\n2025 1.55 1.66 1.81\n2026 1.97 2.05 2.25\n")
    rows = {c.quote: c for c in extract_text(text, published="2025-06-30")}
    assert (rows["1.66"].value, rows["1.66"].unit, rows["1.66"].period) == (1.66e8, "CNY", "2025")
    assert rows["1.66"].forecast and rows["2.05"].forecast
    assert rows["1.66"].subject == "星河科技"


def test_periods_in_a_pipe_header_and_stacked_one_per_line():
    text = ("单位：百万美元 | 2025Q4 | 公司预期 | 环比 |\n---|---|---|---|\n营业收入 | 11,020 | 10,900 | 12.5% |\n")
    assert [(c.quote, c.period, c.forecast) for c in find_table_cells(text)] == [
        ("11,020", "2025Q4", False), ("10,900", "2025Q4", True), ("12.5%", "2025Q4", False)]
    text = "（百万，每股金额除外）\nFY25Q2\nFY25Q1\n收入 $ 8,053 $ 8,709\n"
    assert [(c.quote, c.period) for c in find_table_cells(text)] == [("8,053", "FY2025Q2"), ("8,709", "FY2025Q1")]


def test_signs_glued_to_figures_and_footnote_marks_in_labels():
    from claimx.extract import extract_text
    text = "（百万，每股金额除外）\n本季\n上季\n收入\t$8,053\t$8,709\n营业收入(1)\t1,773\t2,174\n每股收益\t$1.41\t$1.79\n"
    rows = {c.quote.lstrip("$"): (c.value, c.unit) for c in extract_text(text)}
    assert rows["8,053"] == (8.053e9, "USD") and rows["1,773"] == (1.773e9, "USD") and rows["1.41"] == (1.41, "USD")


def test_a_change_column_in_points_under_a_unit_header():
    from claimx.extract import extract_text
    text = "单位：亿元\n项目 本期 上年同期 变动(pct)\n毛利 1,234.5 1,100.2 2.2\n"
    rows = {c.quote: (c.value, c.unit) for c in extract_text(text)}
    assert rows["2.2"] == (2.2, "pp") and rows["1,234.5"] == (pytest.approx(1.2345e11), "CNY")


# (name, text, {quote: period}): statutory tables whose columns name periods against the
# report's own (本报告期, 年初至报告期末, 上年同期, 上年度末), column names wrapped over lines
REPORT_COLUMNS = [
    ("third-quarter report, column names wrapped over three lines",
     "星河电子股份有限公司\n2025年第三季度报告\n一、主要财务数据\n单位:元 币种:人民币\n"
     "本报告期比 年初至报告期\n项目 本报告期 上年同期增 年初至报告期末 末比上年同期\n"
     "减变动幅度 增减变动幅度\n(%) (%)\n营业收入 1,234,567.00 12.30 3,456,789.00 8.20\n"
     "本报告期末比\n本报告期末 上年度末 上年度末增减\n变动幅度(%)\n总资产 98,765,432.00 87,654,321.00 12.67\n",
     {"1,234,567.00": "2025Q3", "12.30": "2025Q3", "3,456,789.00": "2025Q1-2025Q3", "8.20": "2025Q1-2025Q3",
      "98,765,432.00": "2025Q3", "87,654,321.00": "2024", "12.67": "2025Q3"}),
    ("half-year report: this period and the same period a year before",
     "远山材料2025年半年度报告\n单位：万元\n项目 本期 上年同期 同比增减(%)\n营业收入 5,210.50 4,380.20 18.96\n",
     {"5,210.50": "2025H1", "4,380.20": "2024H1", "18.96": "2025H1"}),
    ("monthly revenue: this month, a year before, the year so far",
     "晶鼎科技公布2025年10月营收\n单位：百万元\n项目 本月 去年同月 本年累计 去年累计\n营业收入 1,820 1,410 15,300 12,050\n",
     {"1,820": "2025-10", "1,410": "2024-10", "15,300": "2025-01-2025-10", "12,050": "2024-01-2024-10"}),
]


@pytest.mark.parametrize(("text", "expected"), [t[1:] for t in REPORT_COLUMNS], ids=[t[0] for t in REPORT_COLUMNS])
def test_columns_named_against_the_reports_period(text, expected):
    from claimx.extract import extract_text
    rows = {c.quote: c.period for c in extract_text(text)}
    assert {q: rows.get(q) for q in expected} == expected


def test_report_columns_without_a_report_period_are_left_empty():
    from claimx.extract import extract_text
    text = "单位：万元\n项目 本期 上年同期 同比增减(%)\n营业收入 5,210.50 4,380.20 18.96\n"
    assert {c.quote: c.period for c in extract_text(text)}["4,380.20"] == ""


def test_a_row_label_repeated_under_each_item_takes_the_columns_periods():
    text = ("(百万，每股金额除外)\n2025Q3\n2025Q2\n2024Q3\n收入 $ 1,200 $ 1,100 $ 900\n占收入百分比 40.0 % 38.5 % 35.0 %\n"
            "营业费用 300 290 260\n占收入百分比 25.0 % 26.4 % 28.9 %\n")
    cells = [(c.quote, c.period) for c in find_table_cells(text)]
    assert ("38.5 %", "2025Q2") in cells and ("26.4 %", "2025Q2") in cells and ("28.9 %", "2024Q3") in cells


@pytest.mark.parametrize(("text", "expected"), [
    # a broker's quarter labels in a table about a fiscal-year company: its fiscal quarters
    ("美光财务摘要\n单位：百万美元\n项目 4Q25 3Q25 4Q24\n营业收入 11,315 9,301 7,750\n",
     {"11,315": "FY2025Q4", "9,301": "FY2025Q3", "7,750": "FY2024Q4"}),
    # ... of a calendar-year company: calendar quarters
    ("星河科技季度数据\n单位：百万元\n项目 2Q25 1Q25 2Q24\n营业收入 3,120 2,950 2,400\n",
     {"3,120": "2025Q2", "2,400": "2024Q2"}),
    # FY columns: the fiscal year of a fiscal-year company, the calendar year of any other
    ("英伟达业绩预测\n单位：亿美元\n指标 FY2025A FY2026E FY2027E\n营业收入 1305 2000 2600\n",
     {"1305": "FY2025", "2600": "FY2027"}),
    ("星河科技盈利预测\n单位：亿元\n指标 FY2024A FY2025E FY2026E\n营业收入 81 95 112\n",
     {"81": "2024", "112": "2026"}),
])
def test_fiscal_and_broker_column_labels(text, expected):
    from claimx.extract import extract_text
    rows = {c.quote: c.period for c in extract_text(text, published="2025-10-10")}
    assert {q: rows.get(q) for q in expected} == expected
