"""Growth rates are compared only on the same basis: 同比 (year on year) with 同比, 环比
(on the period before) with 环比, and rates that do not say with each other."""
import pytest
from test_check_helpers import kinds, row, table

from claimx.check import check
from claimx.check.basis import basis_of

YOY, SEQ = "yoy", "sequential"


@pytest.mark.parametrize("quote,context,basis", [
    ("122%", "英伟达第二季度营收为300亿美元，同比增长122%", YOY),
    ("15%", "英伟达第二季度营收为300亿美元，环比增长15%", SEQ),
    ("15%", "英伟达第二季度营收为300亿美元，环比大增15%", SEQ),
    ("122%", "第二季度营收同比大幅增长122%", YOY),  # 同比 six characters before
    ("20%", "台积电3月营收年增20%", YOY),
    ("12%", "台积电第二季营收季增12%", SEQ),
    ("31%", "推升内存产业营收较前一季成长31%", SEQ),  # the period before, named
    ("9%", "乙公司营收比上一季增加9%", SEQ),
    ("8%", "乙公司全年营收较前一年增长8%", YOY),
    ("5%", "乙公司第一季营收增长5%", None),  # 第一季 is the period, not the one before
    ("5%", "3月营收月增5%", SEQ),
    ("8%", "销售额按年上升8%", YOY),
    ("8%", "销售额按季上升8%", SEQ),
    ("94%", "Revenue was up 94% YoY", None),  # after the figure: not read
    ("94%", "数据中心收入YoY+94%", YOY),
    ("17%", "数据中心收入QoQ +17%", SEQ),
    ("17%", "数据中心收入qoq +17%", SEQ),
    ("10%", "营收较上年同期增长10%", YOY),
    ("10%", "营收较上季度增长10%", SEQ),
    ("10%", "营收年減10%", YOY),  # traditional script
    ("10%", "營收季增10%", SEQ),
    ("20%", "英伟达2023年增长20%", None),  # 2023年增: a year, not 年增
    ("20%", "第二季增长20%", None),  # 二季增: a quarter, not 季增
    ("20%", "英伟达营收增长20%", None),
    ("20%", "营收同比增长5%，净利润在本季度增长20%", None),  # 同比 too far before
    ("20%", "", None),
    ("20%", "营收同比增长5%", None),  # quote not in the sentence
])
def test_basis_of_a_growth_rate(quote, context, basis):
    assert basis_of(quote, context) == basis


def test_repeated_quote_takes_the_basis_of_its_own_occurrence():
    ctx = "第二季度营收同比增长15%，环比增长15%"
    assert [basis_of("15%", ctx, n) for n in (0, 1)] == [YOY, SEQ]
    assert basis_of("15%", ctx) is None  # which one, unknown


NV = "英伟达"


def growth(quote, value, doc, context, **kw):
    return row(quote, value, NV, "growth", "2024Q2", "percent", doc=doc, context=context, **kw)


@pytest.mark.parametrize("a,b,expected", [
    # the QA report: 同比 122% in one file, 环比 15% in another
    (("122%", 122, "英伟达第二季度营收为300亿美元，同比增长122%"),
     ("15%", 15, "英伟达第二季度营收为300亿美元，环比增长15%"), []),
    (("122%", 122, "英伟达第二季度营收同比增长122%"), ("15%", 15, "英伟达第二季度营收年增15%"),
     [("contradiction", "error")]),
    (("15%", 15, "英伟达第二季度营收环比增长15%"), ("17%", 17, "英伟达第二季度营收季增17%"),
     [("contradiction", "error")]),
    (("122%", 122, "英伟达第二季度营收同比增长122%"), ("122%", 122, "英伟达第二季度营收YoY+122%"),
     [("agreement", "info")]),
    (("122%", 122, "英伟达第二季度营收增长122%"), ("15%", 15, "英伟达第二季度营收环比增长15%"), []),  # unknown vs known
    (("122%", 122, "英伟达第二季度营收增长122%"), ("15%", 15, "英伟达第二季度营收增长15%"),
     [("contradiction", "error")]),  # unknown vs unknown: still compared
])
def test_growth_rates_are_compared_only_on_one_basis(a, b, expected):
    df = table(growth(*a[:2], "a.txt", a[2]), growth(*b[:2], "b.txt", b[2]))
    assert kinds(check(df)) == expected


def test_one_sentence_with_both_bases_against_two_documents():
    ctx = "英伟达第二季度营收同比增长122%，环比增长15%"
    df = table(
        growth("122%", 122, "a.txt", ctx, line=2),
        growth("15%", 15, "a.txt", ctx, line=2),
        growth("122%", 122, "b.txt", "英伟达第二季度营收同比增长122%"),
        growth("17%", 17, "c.txt", "英伟达第二季度营收环比增长17%"),
    )
    found = sorted((f.kind, tuple(sorted(i.doc for i in f.items))) for f in check(df))
    assert found == [("agreement", ("a.txt", "b.txt")), ("contradiction", ("a.txt", "c.txt"))]


def test_other_rates_ignore_the_basis():
    df = table(
        row("61%", 61, NV, "share", "2024Q2", "percent", doc="a.txt", context="英伟达份额同比提升至61%"),
        row("73%", 73, NV, "share", "2024Q2", "percent", doc="b.txt", context="英伟达份额环比提升至73%"),
    )
    assert kinds(check(df)) == [("contradiction", "error")]
