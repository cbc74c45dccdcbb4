"""DOCX reader: paragraphs and table cells in order, tables found, bad inputs as ReadError."""
from __future__ import annotations

import io
import zipfile

import pytest
from docgen import make_docx

from claimx.read import READERS, ReadError, read_document
from claimx.table_cells import find_table_cells

pytest.importorskip("docx")

BLOCKS = [
    "人工智能芯片行业研究",
    "2022年中国AI芯片市场规模约为850亿元，同比增长94.6%。",
    "表2 中国AI芯片市场规模（亿元）",
    [["", "2021", "2022", "2023E", "2024E"],
     ["AI芯片", "437", "850", "1206", "1780"],
     ["同比", "—", "94.6%", "41.9%", "47.6%"]],
    "资料来源：示例研究所",
    "预计2025年出货量将超过1000万片。",
]


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    path = make_docx(tmp_path_factory.mktemp("docx") / "r.docx", BLOCKS, title="AI芯片研究")
    return read_document(path, "r.docx")


def test_paragraphs_and_table_rows_in_order(doc):
    assert doc.text.split("\n") == [
        BLOCKS[0], BLOCKS[1], BLOCKS[2],
        "\t2021\t2022\t2023E\t2024E",
        "AI芯片\t437\t850\t1206\t1780",
        "同比\t—\t94.6%\t41.9%\t47.6%",
        BLOCKS[4], BLOCKS[5],
    ]
    assert doc.title == "AI芯片研究"
    assert doc.pages is None


@pytest.mark.parametrize(("quote", "line"), [("850亿元", 2), ("1206", 5), ("1000万片", 8)])
def test_offsets_and_lines(doc, quote, line):
    i = doc.text.index(quote)
    assert doc.text[i:i + len(quote)] == quote
    assert doc.text.count("\n", 0, i) + 1 == line


def test_table_cells(doc):
    cells = find_table_cells(doc.text)
    got = [(c.row_label, c.period, c.quote, c.forecast, c.unit_text) for c in cells]
    assert got == [
        ("AI芯片", "2021", "437", False, "亿元"), ("AI芯片", "2022", "850", False, "亿元"),
        ("AI芯片", "2023", "1206", True, "亿元"), ("AI芯片", "2024", "1780", True, "亿元"),
        ("同比", "2022", "94.6%", False, "%"), ("同比", "2023", "41.9%", True, "%"),
        ("同比", "2024", "47.6%", True, "%"),
    ]
    assert all(doc.text[c.start:c.end] == c.quote for c in cells)
    assert {c.caption for c in cells} == {BLOCKS[2]}


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty file"),
    (_zip({"readme.txt": b"hello"}), "zip archive without word/document.xml"),
    (_zip({"word/document.xml": b"<not xml", "[Content_Types].xml": b"<x/>"}), "corrupt .docx"),
    (b"PK\x03\x04" + bytes(range(256)) * 4, "not a zip archive"),
    (bytes(range(256)) * 8, "not a zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "legacy Word 97-2003"),
], ids=["empty", "zip-renamed", "broken-xml", "truncated-zip", "random", "legacy-doc"])
def test_bad_docx(tmp_path, data, reason):
    path = tmp_path / "bad.docx"
    path.write_bytes(data)
    with pytest.raises(ReadError, match=reason) as e:
        read_document(path)
    assert "\n" not in str(e.value)


def test_registered():
    assert ".docx" in READERS
