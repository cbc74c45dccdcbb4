"""Text furniture (claimx/furniture.py): page furniture holds figures but states no claim;
content of the same look keeps its figures."""
from __future__ import annotations

import pytest

from claimx.extract import extract_text
from claimx.furniture import text_furniture

BODY = "据测算，2024年国内智算中心投资规模约为880亿元，同比增长31%。\n"

# (name, furniture text appended after a body paragraph): only the body's figures remain
FURNITURE = [
    ("related list under a heading",
     "\n相关阅读\n· 某芯片厂三季度营收增长58%\n· 存储价格本月再涨12%\n· 国产GPU出货量突破20万片\n"),
    ("related list with decorated heading and blank lines",
     "\n【推荐阅读】\n\n液冷服务器渗透率有望达到30%\n\n三家云厂商资本开支合计超1200亿美元\n"),
    ("traditional script heading",
     "\n延伸閱讀\n記憶體模組報價季增15%\n"),
    ("previous and next article links",
     "上一篇：光模块龙头前三季度净利润增长3.2倍\n下一篇：某服务器厂商10月营收1950亿元\n"),
    ("page counters after a byline",
     "作者：李明 阅读 3.6万 评论 128 点赞 905\n"),
    ("counters after their numbers",
     "2.1万人阅读 · 36条评论\n"),
    ("counters with a space before their unit",
     "1,024人已阅读 已有 356 人参与讨论\n"),
    ("numbered references",
     "[1] 某研究院. 2023年算力发展白皮书\n[2] 某咨询. 2024年全球服务器市场报告 第3版\n"),
    ("references under a heading",
     "参考文献：\n1. 某研究院 2023年算力发展白皮书 第12页\n"),
    ("rating definitions, one per line",
     "投资评级说明\n买入：预期未来6个月内，个股相对同期基准指数涨幅在15%以上；\n"
     "增持：预期未来6个月内，个股相对同期基准指数涨幅在5%-15%之间；\n"
     "中性：预期未来6个月内，个股相对同期基准指数涨幅在-5%-5%之间；\n"),
    ("rating definitions run together, traditional script",
     "評級說明：強於大市：相對強於市場表現20%以上；中性：相對市場表現在-10%～+10%之間波動；"
     "弱於大市：相對弱於市場表現10%以下。\n"),
    ("rating definitions in a table of two columns",
     "公司评级\n买入 预期未来6个月内股价相对基准指数升幅在15%以上\n增持 预期未来6个月内股价相对基准指数升幅介于5%-15%\n"),
    ("rating definitions with English names",
     "推荐（Buy）：未来12个月内股价表现超越基准20%以上；谨慎推荐（Accumulate）：未来12个月内股价表现超越基准10%-20%；\n"),
]


@pytest.mark.parametrize("tail", [f[1] for f in FURNITURE], ids=[f[0] for f in FURNITURE])
def test_furniture_states_no_claim(tail):
    text = BODY + tail
    quotes = [c.quote for c in extract_text(text) if c.unit != "date"]
    assert quotes == ["约为880亿元", "31%"]


# content that looks like furniture: its figures stay
CONTENT = [
    ("rating counts are figures", "机构评级汇总：买入：5家；增持：3家；中性：1家。\n", ["5家", "3家", "1家"]),
    ("one rating with a target", "评级：买入，目标价：45.6元。\n", ["45.6元"]),
    ("a heading word inside a sentence",
     "相关阅读材料显示，该市场2024年规模达到320亿元。\n", ["320亿元"]),
    ("a bullet list with no heading",
     "要点\n· 三季度营收增长58%\n· 毛利率提升至41.2%\n", ["58%", "41.2%"]),
    ("numbered points that are sentences",
     "[1] 三季度营收增长58%，创历史新高\n[2] 毛利率提升至41.2%，好于预期\n", ["58%", "41.2%"]),
    ("the article going on after a related list",
     "相关阅读\n· 某芯片厂三季度营收增长58%\n\n二、市场规模\n2024年市场规模为100亿元。\n", ["100亿元"]),
    ("a readership figure in a sentence",
     "该平台文章累计阅读量超过3.2亿次，同比增长45%。\n", ["超过3.2亿次", "45%"]),
]


@pytest.mark.parametrize(("text", "quotes"), [c[1:] for c in CONTENT], ids=[c[0] for c in CONTENT])
def test_content_keeps_its_figures(text, quotes):
    got = [c.quote for c in extract_text(text) if c.unit != "date"]
    assert got == quotes


def test_spans_index_the_text():
    text = BODY + FURNITURE[0][1] + FURNITURE[4][1]
    spans = text_furniture(text)
    assert spans and all(0 <= a < b <= len(text) for a, b in spans)
    assert text[spans[0][0]:spans[0][1]].startswith("相关阅读")
    assert "3.6万" in "".join(text[a:b] for a, b in spans)
    # the list ends at the first paragraph line
    text2 = "相关文章\n某厂营收增长20%\n" + "下文是正文：" + "该公司2024年营收同比增长23%，净利润为12亿元，" * 3 + "。\n"
    quotes = [c.quote for c in extract_text(text2)]
    assert quotes.count("12亿元") == 3 and quotes.count("23%") == 3 and "20%" not in quotes


def test_an_html_page_reports_no_row_from_its_furniture():
    from claimx.extract import extract_document
    from claimx.read.html import read_html

    html = ("<html><head><meta charset='utf-8'><title>示例</title></head><body>"
            "<div><p>作者：赵六 阅读 8,312 评论 46</p>"
            "<p>据测算，2024年国内智算中心投资规模约为880亿元，同比增长31%。</p>"
            "<div><h3>相关阅读</h3><ul><li>某芯片厂三季度营收增长58%</li><li>存储价格本月再涨12%</li></ul></div>"
            "<p>上一篇：光模块龙头前三季度净利润增长3.2倍</p></div></body></html>")
    doc = read_html(html.encode("utf-8"), "page.html")
    quotes = [c.quote for c in extract_document(doc) if c.unit != "date"]
    assert quotes == ["约为880亿元", "31%"]
