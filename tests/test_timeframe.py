"""The document's time frame (attribute/timeframe.py): periods read against a publication date
and a company's fiscal calendar."""
import datetime as dt

import pytest

from claimx.attribute.timeframe import TimeFrame, can_be_topic

RESOLVE = [
    # (published, company, scanned period, yearless, broker, expected)
    ("2025-10-16", "", "Y+0Q3", True, False, "2025Q3"),  # 第3季 in October: this year's
    ("2026-01-20", "", "Y+0Q4", True, False, "2025Q4"),  # 第四季 in January: last year's
    ("2025-12-08", "", "Y+0-11", True, False, "2025-11"),  # 11月
    ("2025-02-10", "", "Y+0-11", True, False, "2024-11"),
    ("2025-05-28", "英伟达", "Y+0Q1", True, False, "FY2026Q1"),  # NVIDIA's first quarter ends in April
    ("2025-08-28", "英伟达", "Y+0Q3", True, False, "FY2026Q3"),  # ... its third begins in August
    ("2025-09-25", "美光", "2025Q4", False, True, "FY2025Q4"),  # a broker's 4Q25 of Micron
    ("2026-01-16", "台积电", "2025Q4", False, True, "2025Q4"),  # of a calendar-year company
    ("2025-03-01", "", "Y-1", False, False, "2024"),  # 去年
    ("", "", "Y+0Q3", True, False, ""),  # no date, no year: unknown
]


@pytest.mark.parametrize(("published", "company", "period", "yearless", "broker", "expected"), RESOLVE)
def test_resolve(published, company, period, yearless, broker, expected):
    frame = TimeFrame(dt.date.fromisoformat(published) if published else None)
    assert frame.resolve(period, company, yearless=yearless, broker=broker) == expected


def test_an_undated_document_reads_yearless_periods_in_the_year_it_names_most():
    assert TimeFrame(None, year_hint=2025).resolve("Y+0Q3", "", yearless=True) == "2025Q3"
    assert TimeFrame(None, year_hint=2025).resolve("Y+0Q2", "美光", yearless=True) == "FY2025Q2"


QUARTER_NOW = [
    ("2025-08-28", "英伟达", 0, "FY2026Q3"),
    ("2025-08-28", "英伟达", -1, "FY2026Q2"),
    ("2025-10-16", "", 0, "2025Q4"),
    ("2025-10-16", "", -1, "2025Q3"),
    ("2025-01-05", "", 1, "2025Q2"),
]


@pytest.mark.parametrize(("published", "company", "step", "expected"), QUARTER_NOW)
def test_quarter_now(published, company, step, expected):
    assert TimeFrame(dt.date.fromisoformat(published)).quarter_now(company, step) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("本季营收", ["FY2026Q3"]),
    ("上季营收", ["FY2026Q2"]),
    ("较上季增长", []),  # a comparison's base scopes nothing
    ("周三盘后", ["2025-08-27"]),
    ("今日收盘", ["2025-08-28"]),
    ("昨天", ["2025-08-27"]),
    ("台股21日", ["2025-08-21"]),
    ("30日", ["2025-07-30"]),  # a day later than the publication day: the month before
    ("年初租金", ["2025-01"]),
    ("年底产能", ["2025-12"]),
    ("一年前售价", ["2024-08"]),
    ("年初至今营收", ["2025-01-2025-08"]),  # no report period: January to the publication's month
])
def test_time_words(text, expected):
    frame = TimeFrame(dt.date(2025, 8, 28))
    assert [p for _, _, p in frame.time_words(text, 0, len(text), "英伟达")] == expected


def test_year_ago_is_a_year_before_the_period_said_last():
    frame = TimeFrame(dt.date(2025, 8, 20), topic="2025Q2")
    text = "去年同期为58.2亿元"
    assert frame.time_words(text, 0, len(text), figures=[6])[0][2] == "2024Q2"


@pytest.mark.parametrize(("period", "ok"), [("2025", True), ("FY2026Q1", True), ("2025-09", True),
                                            ("2025H1", True), ("2021-2030", False), ("2025-10-16", False)])
def test_what_a_document_may_report_on(period, ok):
    assert can_be_topic(period) is ok


@pytest.mark.parametrize(("topic", "kind", "expected"), [
    ("2025Q3", "this_period", "2025Q3"),
    ("2025Q3", "year_to_date", "2025Q1-2025Q3"),
    ("2025Q1", "year_to_date", "2025Q1"),
    ("2025Q3", "year_ago", "2024Q3"),
    ("2025Q3", "year_ago_to_date", "2024Q1-2024Q3"),
    ("2025Q3", "last_year_end", "2024"),
    ("2025H1", "year_to_date", "2025H1"),
    ("2025H1", "year_ago", "2024H1"),
    ("2025", "last_year_end", "2024"),
    ("2025-10", "year_to_date", "2025-01-2025-10"),
    ("2025-10", "year_ago_to_date", "2024-01-2024-10"),
    ("FY2026Q2", "year_ago", "FY2025Q2"),
    ("FY2026Q2", "last_year_end", "FY2025"),
    ("", "this_period", ""),  # a report that names no period of its own
])
def test_table_columns_named_against_the_reports_period(topic, kind, expected):
    assert TimeFrame(None, topic=topic).column(kind) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("公司预计AI芯片需求将以约40%的复合增速持续增长至2029年且当前需求超过该预测", ""),  # the year a growth runs to
    ("机构预计数据中心资本开支将提升到2028年的水平且需求仍强", ""),
    ("三部门印发行动方案 到2027年智能工厂占比达到40%", "2027"),  # a plan's target said up front
    ("集邦发布报告，聚焦2025年第三季度全球晶圆代工营收", "2025Q3"),
])
def test_the_period_a_lead_reports_on(text, expected):
    from claimx.attribute.timeframe import topic_of
    from claimx.quantity.scanner import scan
    assert topic_of(text, 0, len(text), [q for q in scan(text) if q.kind == "date"]) == expected
