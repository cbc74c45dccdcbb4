"""PDF reader: pages, lines, offsets, furniture, two-column order, tables, metadata, bad inputs."""
from __future__ import annotations

import bisect
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from docgen import FONT_INSTALL, PdfPage, PdfSpec, find_cjk_font, make_pdf

from claimx.normalize import NormText
from claimx.read import READERS, ReadError, read_document
from claimx.table_cells import find_table_cells

pytest.importorskip("fpdf", reason="fpdf2 (test extra) builds the PDF fixtures")
pytest.importorskip("pypdfium2")
if find_cjk_font() is None:
    pytest.skip(f"no CJK font for the PDF fixtures; install one: {FONT_INSTALL}", allow_module_level=True)

from claimx.read.pdf import read_pdf  # noqa: E402

HEADER = "华芯证券 | 半导体行业深度报告"
FOOTER = "请务必阅读正文之后的免责声明部分  第{n}页"
BODY1 = [
    "一、全球GPU市场概览",
    "2023年全球GPU市场规模约为400亿美元，同比增⻓18%。",
    "⾏业算⼒需求持续上升，预计到2030年全球智能算力规模将达到52.5 ZFLOPS。",
]
LEFT = [
    "根据测算，二零二三年中国智能算力",
    "规模达到了二百六十八亿亿次每秒",
    "即268.0 EFLOPS，超过通用算力规模",
    "左栏结束：同比增长52%。",
]
RIGHT = [
    "英伟达数据中心芯片的代表产品A100",
    "在半精度浮点运算下的峰值性能为",
    "312 TFLOPS，单卡功耗约为400瓦",
    "右栏结束：训练耗时约13天。",
]
TABLE = ("图：全球GPU市场规模（亿美元）", [
    ["", "2021", "2022", "2023E", "2024E"],
    ["全球GPU市场", "334.7", "400.0", "470.5", "550.2"],
    ["同比增速(%)", "22.1", "19.5", "17.6", "16.9"],
])
CREATED = datetime(2023, 3, 26, 9, 30, tzinfo=timezone(timedelta(hours=8)))


def _spec(interleave: bool = True, footer: str = FOOTER) -> PdfSpec:
    return PdfSpec(
        pages=[
            PdfPage(body=BODY1),
            PdfPage(body=["二、双栏页面"], columns=(LEFT, RIGHT), interleave=interleave),
            PdfPage(body=["三、年度数据"], table=TABLE),
        ],
        header=HEADER, footer=footer, title="GPU行业深度报告", author="华芯证券", created=CREATED,
    )


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory) -> Path:
    return make_pdf(tmp_path_factory.mktemp("pdf") / "report.pdf", _spec())


@pytest.fixture(scope="module")
def doc(pdf_path):
    return read_pdf(pdf_path.read_bytes(), "report.pdf")


def _page_of(doc, offset: int) -> int:
    return bisect.bisect_right(doc.pages, offset)


def _line_of(doc, offset: int) -> int:
    return doc.text.count("\n", 0, offset) + 1


def _find(doc, quote: str) -> int:
    i = doc.text.find(quote)
    assert i >= 0, f"{quote!r} not in the extracted text"
    assert doc.text[i:i + len(quote)] == quote
    return i


def test_pages_start_at_line_starts(doc):
    assert len(doc.pages) == 3
    assert doc.pages[0] == 0
    for start in doc.pages[1:]:
        assert doc.text[start - 1] == "\n"
    assert doc.text[doc.pages[1]:].startswith(HEADER)


@pytest.mark.parametrize(("quote", "page", "line_text"), [
    ("400亿美元", 1, BODY1[1]),
    ("52.5 ZFLOPS", 1, BODY1[2]),
    ("268.0 EFLOPS", 2, LEFT[2]),
    ("312 TFLOPS", 2, RIGHT[2]),
    ("550.2", 3, None),
])
def test_offsets_page_and_line(doc, quote, page, line_text):
    i = _find(doc, quote)
    assert _page_of(doc, i) == page
    line = doc.text.split("\n")[_line_of(doc, i) - 1]
    assert quote in line
    if line_text is not None:
        assert line == line_text


def test_header_and_footer_are_furniture(doc):
    spans = [doc.text[a:b] for a, b in doc.furniture]
    assert spans.count(HEADER) == 3
    for n in (1, 2, 3):
        assert f"请务必阅读正文之后的免责声明部分 第{n}页" in spans
    assert len(spans) == 6
    body = _find(doc, "400亿美元")
    assert not any(a <= body < b for a, b in doc.furniture)


@pytest.mark.parametrize("footer", ["- {n} -", "{n}", "第 {n} 页", "{n} / 3"])
def test_page_numbers_are_furniture(tmp_path, footer):
    path = make_pdf(tmp_path / "n.pdf", _spec(footer=footer))
    d = read_pdf(path.read_bytes(), "n.pdf")
    spans = [d.text[a:b] for a, b in d.furniture]
    assert spans.count(HEADER) == 3
    assert len(spans) == 6, spans


@pytest.mark.parametrize("interleave", [True, False], ids=["row-by-row", "right-column-first"])
def test_two_column_reading_order(tmp_path, interleave):
    path = make_pdf(tmp_path / "cols.pdf", _spec(interleave=interleave))
    d = read_pdf(path.read_bytes(), "cols.pdf")
    page2 = d.text[d.pages[1]:d.pages[2]].split("\n")
    expected = LEFT + RIGHT
    got = [ln for ln in page2 if ln in expected]
    assert got == expected


def test_radicals_kept_in_text_and_repaired_in_normalized_copy(doc):
    i = _find(doc, "增⻓18%")
    j = _find(doc, "⾏业算⼒")
    norm = NormText(doc.text)
    assert norm.text[i:i + 5] == "增长18%"
    assert norm.text[j:j + 4] == "行业算力"


def test_year_table_cells(doc):
    cells = find_table_cells(doc.text)
    got = {(c.row_label, c.period): c for c in cells}
    assert len(cells) == 8
    c = got[("全球GPU市场", "2023")]
    assert (c.quote, c.forecast, c.unit_text) == ("470.5", True, "亿美元")
    assert c.caption == TABLE[0]
    assert got[("全球GPU市场", "2021")].forecast is False
    assert got[("同比增速(%)", "2024")].unit_text == "%"
    for c in cells:
        assert doc.text[c.start:c.end] == c.quote
        assert _page_of(doc, c.start) == 3


def test_metadata(doc):
    assert doc.title == "GPU行业深度报告"
    assert doc.source == "华芯证券"
    assert doc.published == "2023-03-26"


def test_registered_reader(tmp_path, pdf_path):
    path = tmp_path / "r.PDF"
    path.write_bytes(pdf_path.read_bytes())
    assert ".pdf" in READERS
    d = read_document(path, "sub/r.PDF")
    assert d.path == "sub/r.PDF" and d.pages and len(d.pages) == 3


def test_scanned_pdf_has_a_clear_message(tmp_path):
    path = make_pdf(tmp_path / "scan.pdf", PdfSpec(pages=[PdfPage(image_only=True)] * 2))
    with pytest.raises(ReadError, match=r"no text layer \(scanned PDF\?\)"):
        read_pdf(path.read_bytes(), "scan.pdf")


@pytest.mark.parametrize(("name", "make", "reason"), [
    ("empty", lambda ok: b"", "empty file"),
    ("random", lambda ok: bytes(range(256)) * 40, "not a PDF"),
    ("truncated", lambda ok: ok[: len(ok) // 2], "truncated"),
    ("garbage-body", lambda ok: b"%PDF-1.7\n" + b"\x00garbage" * 500 + b"\n%%EOF\n", "corrupt PDF"),
    ("html-named-pdf", lambda ok: b"<html><body>404 not found</body></html>", "not a PDF"),
])
def test_bad_inputs_raise_read_error(tmp_path, pdf_path, name, make, reason):
    data = make(pdf_path.read_bytes())
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    with pytest.raises(ReadError, match=reason) as e:
        read_document(path)
    assert "\n" not in str(e.value)


def test_padding_after_eof_is_read(tmp_path, pdf_path):
    path = tmp_path / "padded.pdf"
    path.write_bytes(pdf_path.read_bytes() + b"\x00" * 3000)
    assert read_document(path).text == read_document(pdf_path).text


def test_watermark_side_note_and_varying_top_lines(tmp_path):
    values = ["12.5", "8.1", "30.2"]
    spec = PdfSpec(
        pages=[PdfPage(body=[f"本期营收为{v}亿元，毛利率为41%。", "正文。"]) for v in values],
        header=HEADER, footer="第{n}页", watermark="内部资料 仅供参考", side_note="请务必阅读最后一页的免责声明",
    )
    d = read_pdf(make_pdf(tmp_path / "w.pdf", spec).read_bytes(), "w.pdf")
    spans = [d.text[a:b] for a, b in d.furniture]
    for v in values:  # top of the page, same shape on every page, but not a page counter
        line = f"本期营收为{v}亿元，毛利率为41%。"
        assert line in d.text.split("\n") and line not in spans
    assert spans.count("内部资料 仅供参考") == 3
    assert spans.count("请务必阅读最后一页的免责声明") == 3
    assert spans.count(HEADER) == 3
    assert {f"第{n}页" for n in (1, 2, 3)} <= set(spans)
