"""HTML reader: declared charsets (UTF-8, GBK/GB2312, Big5), boilerplate removal, metadata, tables."""
from __future__ import annotations

import pytest
from docgen import html_page, make_html

from claimx.read import READERS, ReadError, read_document
from claimx.read.html import read_html
from claimx.table_cells import find_table_cells

pytest.importorskip("selectolax")

# Page chrome in traditional characters: GBK and Big5 both encode them.
SITE = "新聞網"
NAV = '<div class="nav"><a href="/">首頁</a> | <a href="/a">財經</a> | <a href="/b">科技2024</a></div>'
FOOT = f'<div class="footer">版權所有 2024 {SITE} 京ICP備12345678號 電話 010-12345678</div>'
SCRIPT = '<script>var hits = 2023; document.write("廣告 99元");</script><style>p{margin:0}</style>'
HEAD = (f'<meta name="author" content="{SITE}"><meta name="PubDate" content="2024-05-01 10:20">'
        '<meta name="keywords" content="算力">')

SIMPLIFIED = {
    "heading": "智能算力规模持续增长",
    "p1": "据测算，2023年中国智能算力规模达到414.1 EFLOPS，同比增长59.3%。",
    "p2": "预计2027年将达到1117.4 EFLOPS。",
    "caption": "表1 中国智能算力规模（EFLOPS）",
    "label": "智能算力",
}
TRADITIONAL = {
    "heading": "智慧算力規模持續增長",
    "p1": "據測算，2023年中國智慧算力規模達到414.1 EFLOPS，年增59.3%。",
    "p2": "預計2027年將達到1117.4 EFLOPS。",
    "caption": "表1 中國智慧算力規模（EFLOPS）",
    "label": "智慧算力",
}


def _body(t: dict) -> str:
    return (
        f"{NAV}<div id='header'>{SITE} 登入 註冊</div><h1>{t['heading']}</h1>"
        f"<div class='article-content'><p>{t['p1']}</p>\n<p>  {t['p2'].replace(' ', '&nbsp;')}  </p>"
        f"<table><caption>{t['caption']}</caption>"
        "<tr><th></th><th>2022</th><th>2023</th><th>2024E</th></tr>"
        f"<tr><td>{t['label']}</td><td>259.9</td><td>414.1</td><td>725.3</td></tr></table></div>"
        f"{FOOT}{SCRIPT}"
    )


@pytest.mark.parametrize(("encoding", "declared", "texts", "expect_enc"), [
    ("utf-8", "utf-8", SIMPLIFIED, "utf-8"),
    ("gbk", "gb2312", SIMPLIFIED, "gb18030"),
    ("gbk", "GBK", SIMPLIFIED, "gb18030"),
    ("gb18030", None, SIMPLIFIED, "gb18030"),  # undeclared: detected
    ("big5", "big5", TRADITIONAL, "cp950"),
    ("utf-8", None, TRADITIONAL, "utf-8"),
], ids=["utf8", "gb2312-declared", "gbk-declared", "gb-undeclared", "big5-declared", "utf8-undeclared"])
def test_encodings_and_article_text(tmp_path, encoding, declared, texts, expect_enc):
    page = html_page(declared, texts["heading"] + "_" + SITE, _body(texts), HEAD)
    path = make_html(tmp_path / "a.html", page, encoding)
    doc = read_document(path)
    assert doc.encoding == expect_enc
    lines = doc.text.split("\n")
    assert lines[:4] == [texts["heading"], texts["p1"], texts["p2"], texts["caption"]]
    for junk in ("首頁", "登入", "版權所有", "ICP", "hits", "廣告", "margin"):
        assert junk not in doc.text
    i = doc.text.index("414.1 EFLOPS")
    assert doc.text[i:i + 12] == "414.1 EFLOPS"
    assert doc.text.count("\n", 0, i) + 1 == 2  # CLAIMS line
    assert doc.title == texts["heading"] + "_" + SITE
    assert doc.source == SITE
    assert doc.published == "2024-05-01"
    assert doc.pages is None


def test_table_rows_are_tab_separated_and_found(tmp_path):
    path = make_html(tmp_path / "t.htm", html_page("utf-8", "t", _body(SIMPLIFIED)))
    doc = read_document(path)
    assert "2022\t2023\t2024E" in doc.text
    assert "智能算力\t259.9\t414.1\t725.3" in doc.text
    cells = find_table_cells(doc.text)
    assert [(c.quote, c.period, c.forecast, c.unit_text) for c in cells] == [
        ("259.9", "2022", False, "EFLOPS"), ("414.1", "2023", False, "EFLOPS"), ("725.3", "2024", True, "EFLOPS"),
    ]
    assert all(doc.text[c.start:c.end] == c.quote for c in cells)


@pytest.mark.parametrize(("head", "published", "source"), [
    ('<meta property="article:published_time" content="2023-03-26T08:00:00+08:00">'
     '<meta property="og:site_name" content="华芯证券">', "2023-03-26", "华芯证券"),
    ('<meta name="publishdate" content="2023年3月6日">', "2023-03-06", ""),
    ("", "", ""),
])
def test_metadata_variants(tmp_path, head, published, source):
    path = make_html(tmp_path / "m.html", html_page("utf-8", "标题", "<article><p>正文1</p></article>", head))
    doc = read_html(path.read_bytes(), "m.html")
    assert (doc.published, doc.source, doc.title) == (published, source, "标题")


def test_article_element_preferred_over_sidebar(tmp_path):
    body = ("<div class='sidebar'><p>热门：2022年某公司营收100亿元</p></div>"
            "<article><h2>正文标题</h2><p>2023年市场规模为334.7亿美元。</p><p>第二段。</p></article>"
            "<div class='related'><p>相关阅读：2021年规模50亿元</p></div>")
    doc = read_html(html_page("utf-8", "t", body).encode(), "x.html")
    assert "334.7亿美元" in doc.text
    assert "营收100亿元" not in doc.text and "50亿元" not in doc.text


def test_br_and_list_items_make_lines():
    body = "<div class='content'><p>第一行<br>第二行</p><ul><li>甲 10%</li><li>乙 20%</li></ul></div>"
    doc = read_html(html_page("utf-8", "", body).encode(), "x.html")
    assert doc.text.split("\n") == ["第一行", "第二行", "甲 10%", "乙 20%"]


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty file"),
    (b"<html><head><title>t</title></head><body><script>x=1</script></body></html>", "no article text"),
    (b"\x00\x01\x02\x03" * 1000, "binary"),
])
def test_bad_html(tmp_path, data, reason):
    path = tmp_path / "bad.html"
    path.write_bytes(data)
    with pytest.raises(ReadError, match=reason):
        read_document(path)


def test_50_mb_html_is_one_clear_error(tmp_path):
    path = tmp_path / "big.html"
    chunk = ("<p>" + "数据" * 500 + "</p>\n").encode()
    path.write_bytes(chunk * (50 * 1024 * 1024 // len(chunk) + 1))
    with pytest.raises(ReadError, match=r"HTML too large \(50 MB"):
        read_document(path)


def test_registered_suffixes():
    assert {".html", ".htm"} <= set(READERS)
