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
     [("营业收入(亿元)", "2023", "120.5", False, "亿元"), ("营业收入(亿元)", "2024", "150.2", False, "亿元"),
      ("营业收入(亿元)", "2025", "181.0", True, "亿元")]),
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
