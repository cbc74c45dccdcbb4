"""The same report in every input format gives the same claims; year tables in every format;
a folder of bad inputs through the CLI.

1. Format equivalence: short Chinese report paragraphs written as .txt, .html (full page with
   navigation and footer boilerplate), .docx (paragraphs and a table under a caption) and a
   3-page PDF with a running header and footer (one paragraph per line, and wrapped into short
   lines so that figures break across lines) give the same multiset of
   (quote without line breaks, value, unit, qualifier); PDF claims also carry the right page.
2. A year table (caption 图：全球GPU市场规模（亿美元）, header 2022 2023 2024E 2025E) as a
   tab-separated .txt, a markdown pipe table, a .docx table, an HTML table and a PDF table:
   one claim per cell, value x 1e8 USD, period = the year, forecast for the E columns.
3. A folder of bad inputs (empty, binary, truncated, random bytes, a zip named .docx, an HTML
   page over the 16 MB limit) next to good UTF-8, GBK and Big5 files, through `claimx extract`.
"""
from __future__ import annotations

import csv
import importlib.util
import io
import os
import random
import re
import subprocess
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from docgen import (
    A4_W,
    FONT_INSTALL,
    MARGIN,
    PdfPage,
    PdfSpec,
    find_cjk_font,
    html_page,
    make_docx,
    make_html,
    make_pdf,
)
from typer.testing import CliRunner

from claimx.cli import app
from claimx.extract import extract_document
from claimx.read import ReadError, read_document

HAVE_PDF = find_cjk_font() is not None and importlib.util.find_spec("fpdf") is not None
needs_pdf = pytest.mark.skipif(
    not HAVE_PDF, reason=f"PDF fixtures need fpdf2 and a CJK font; install one: {FONT_INSTALL}")

# ---------------------------------------------------------------- the report text

CAPTION = "图：全球GPU市场规模（亿美元）"
YEARS = ["2022", "2023", "2024E", "2025E"]
TABLE_ROWS = [
    ["", *YEARS],
    ["全球GPU市场", "400.0", "470.5", "550.2", "660.1"],
    ["数据中心GPU", "150.3", "301.2", "455.8", "590.0"],
]
# (quote, value in USD, period, forecast) of every cell, row by row
TABLE_CELLS = [
    (q, float(q) * 1e8, y[:4], y.endswith("E"))
    for row in TABLE_ROWS[1:] for q, y in zip(row[1:], YEARS, strict=True)
]

# Running header and footer of the PDF: page furniture, never claims.
PDF_HEADER = "2024年度报告"
PDF_FOOTER = "第{n}页 共3页"
WRAP = 20  # characters per line of the wrapped PDF; puts a break inside 334.7亿美元


@dataclass
class Case:
    """Three paragraphs (one per PDF page) and the claims of each as
    (quote, value, unit, qualifier); `table`: the year table follows the third paragraph."""

    id: str
    paras: list[str]
    claims: list[list[tuple]]
    table: bool = False


CASES = [
    Case("market-size-cagr", [
        "2021年全球GPU市场规模为334.7亿美元，预计2030年将达到4477.4亿美元。",
        "2021-2030年全球GPU市场的年复合增长率约为33.3%。",
        "2023年全球数据中心GPU出货量同比增长超过40%。",
    ], [
        [("334.7亿美元", 334.7e8, "USD", "exact"), ("4477.4亿美元", 4477.4e8, "USD", "exact")],
        [("约为33.3%", 33.3, "percent", "approx")],
        [("超过40%", 40.0, "percent", "over")],
    ]),
    Case("compute-date", [
        "2023年中国智能算力规模达到414.1 EFLOPS，同比增长59.3%。",
        "预计到2025年中国智能算力规模将超过1000 EFLOPS。",
        "2024年3月18日，英伟达发布了新一代Blackwell架构GPU。",
    ], [
        [("414.1 EFLOPS", 414.1e18, "FLOPS", "exact"), ("59.3%", 59.3, "percent", "exact")],
        [("超过1000 EFLOPS", 1000e18, "FLOPS", "over")],
        [("2024年3月18日", None, "date", "exact")],
    ]),
    Case("traditional-script", [
        "2023年臺灣伺服器出貨量約為145萬臺，年增12.5%。",
        "預計2025年全球AI伺服器市場規模將達到1870億美元。",
        "臺積電2023年營收為2.16兆新台幣，年減4.5%。",
    ], [
        [("約為145萬臺", 145e4, "count", "approx"), ("12.5%", 12.5, "percent", "exact")],
        [("1870億美元", 1870e8, "USD", "exact")],
        [("2.16兆新台幣", 2.16e12, "TWD", "exact"), ("4.5%", -4.5, "percent", "exact")],
    ]),
    Case("report-with-table", [
        "2023年全球GPU市场规模为470.5亿美元，同比增长17.6%。",
        "英伟达数据中心业务2024财年营收为475亿美元。",
        "下表为全球GPU市场规模的统计与预测。",
    ], [
        [("470.5亿美元", 470.5e8, "USD", "exact"), ("17.6%", 17.6, "percent", "exact")],
        [("475亿美元", 475e8, "USD", "exact")],
        [],
    ], table=True),
]


def _num(v: float | None) -> float | None:
    return None if v is None else float(f"{v:.9g}")


def key(quote: str, value: float | None, unit: str, qualifier: str) -> tuple:
    """What must agree across formats: the quote without line breaks, value, unit, qualifier."""
    return quote.replace("\n", ""), _num(value), unit, qualifier


def claim_key(c) -> tuple:
    return key(c.quote, c.value, c.unit, c.qualifier)


def expected_keys(case: Case) -> Counter:
    out = Counter(key(*t) for para in case.claims for t in para)
    if case.table:
        out.update(key(q, v, "USD", "exact") for q, v, _, _ in TABLE_CELLS)
    return out


def expected_pages(case: Case) -> Counter:
    out = Counter((key(*t), page) for page, para in enumerate(case.claims, 1) for t in para)
    if case.table:
        out.update((key(q, v, "USD", "exact"), 3) for q, v, _, _ in TABLE_CELLS)
    return out


# ---------------------------------------------------------------- writing one case in each format

def wrap(text: str, width: int) -> list[str]:
    """Cut `text` into lines of `width` characters, as a typesetter would: no line starts with
    closing punctuation and no break falls next to a space."""
    lines, i = [], 0
    while len(text) - i > width:
        j = i + width
        while j > i + 1 and (text[j] in "，。、；：）%" or text[j] == " " or text[j - 1] == " "):
            j -= 1
        lines.append(text[i:j])
        i = j
    lines.append(text[i:])
    return lines


def write_txt(path: Path, case: Case) -> Path:
    lines = list(case.paras)
    if case.table:
        lines += [CAPTION, *("\t".join(r) for r in TABLE_ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _html_table(rows: list[list[str]]) -> str:
    head = "".join(f"<th>{c}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows[1:])
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


NAV = ('<nav><a href="/">首页</a> | <a href="/r">2024年度报告</a> | 热线：400-820-8820 | '
       "今日访问量12345次 | 会员仅需99元/年</nav>")
FOOTER = ("<footer>第3页 共3页 | © 2024 示例研究院 版权所有 | 京ICP备12345678号 | "
          "本站已服务超过10万家企业</footer>")
SIDEBAR = '<div class="sidebar">热门：2023年AI芯片市场增长50%</div>'


def write_html(path: Path, case: Case) -> Path:
    """Paragraphs straight in <body> between the boilerplate (odd cases: inside <article>)."""
    body = "".join(f"<p>{p}</p>" for p in case.paras)
    if case.table:
        body += f"<p>{CAPTION}</p>" + _html_table(TABLE_ROWS)
    if CASES.index(case) % 2:
        body = f"<article>{body}</article>"
    page = html_page("utf-8", "GPU行业研究简报", f"{NAV}{SIDEBAR}{body}{FOOTER}")
    return make_html(path, page)


def write_docx(path: Path, case: Case) -> Path:
    blocks: list = list(case.paras)
    if case.table:
        blocks += [CAPTION, TABLE_ROWS]
    return make_docx(path, blocks, title="GPU行业研究简报")


def _ems(text: str) -> float:
    """Width of `text` in em, an upper bound: ASCII glyphs are at most 0.6 em in the CJK fonts."""
    return sum(0.6 if ch.isascii() else 1.0 for ch in text)


def write_pdf(path: Path, case: Case, wrapped: bool = False) -> Path:
    pages = []
    for n, para in enumerate(case.paras, 1):
        body = wrap(para, WRAP) if wrapped else [para]
        assert wrapped or _ems(para) * PdfSpec.size < A4_W - 2 * MARGIN, "an unwrapped line must fit the page"
        table = (CAPTION, TABLE_ROWS) if case.table and n == 3 else None
        pages.append(PdfPage(body=body, table=table))
    return make_pdf(path, PdfSpec(pages=pages, header=PDF_HEADER, footer=PDF_FOOTER, title="GPU行业研究简报"))


FORMATS = {
    "txt": (".txt", write_txt),
    "html": (".html", write_html),
    "docx": (".docx", write_docx),
    "pdf": (".pdf", write_pdf),
    "pdf-wrapped": (".pdf", lambda p, c: write_pdf(p, c, wrapped=True)),
}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """(case id, format) -> (Document, claims), each written and read once."""
    folder = tmp_path_factory.mktemp("formats")
    cache: dict = {}

    def get(case: Case, fmt: str):
        if (case.id, fmt) not in cache:
            suffix, writer = FORMATS[fmt]
            path = writer(folder / f"{case.id}-{fmt}{suffix}", case)
            doc = read_document(path, path.name)
            cache[case.id, fmt] = doc, extract_document(doc)
        return cache[case.id, fmt]

    return get


def _fmt_params():
    for fmt in FORMATS:
        marks = [needs_pdf] if fmt.startswith("pdf") else []
        yield pytest.param(fmt, marks=marks, id=fmt)


# ---------------------------------------------------------------- 1. format equivalence

@pytest.mark.parametrize("fmt", list(_fmt_params()))
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_same_claims_in_every_format(extracted, case, fmt):
    doc, claims = extracted(case, fmt)
    for c in claims:
        assert doc.text[c.start:c.end] == c.quote, (c.start, c.end, c.quote)
    got = Counter(claim_key(c) for c in claims)
    assert got == expected_keys(case), (
        f"{fmt}: missing {expected_keys(case) - got}, extra {got - expected_keys(case)}\n{doc.text}")


@needs_pdf
@pytest.mark.parametrize("fmt", ["pdf", "pdf-wrapped"])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_pdf_pages_and_furniture(extracted, case, fmt):
    doc, claims = extracted(case, fmt)
    assert doc.pages is not None and len(doc.pages) == 3
    flat = re.sub(r"\s", "", doc.text)
    assert "第3页共3页" in flat and flat.count(PDF_HEADER) == 3, "the header and footer are in the text"
    got = Counter((claim_key(c), c.page) for c in claims)
    assert got == expected_pages(case), f"missing {expected_pages(case) - got}, extra {got - expected_pages(case)}"
    # nothing from the running header or footer
    lines = doc.text.split("\n")
    for c in claims:
        line = lines[doc.text.count("\n", 0, c.start)]
        assert PDF_HEADER not in line and "共3页" not in re.sub(r"\s", "", line), c


@needs_pdf
def test_pdf_figure_broken_across_lines(extracted):
    case = CASES[0]
    doc, claims = extracted(case, "pdf-wrapped")
    assert "334.7亿美元" not in doc.text, "the wrap must fall inside the figure"
    hits = [c for c in claims if c.quote.replace("\n", "") == "334.7亿美元"]
    assert len(hits) == 1, [c.quote for c in claims]
    c = hits[0]
    assert "\n" in c.quote and doc.text[c.start:c.end] == c.quote
    assert c.value == pytest.approx(33470000000) and c.unit == "USD" and c.page == 1


def _attr_params():
    for case in CASES:
        for fmt in FORMATS:
            if fmt == "txt":
                continue
            marks = [needs_pdf] if fmt.startswith("pdf") else []
            yield pytest.param(case, fmt, marks=marks, id=f"{case.id}-{fmt}")


@pytest.mark.parametrize(("case", "fmt"), list(_attr_params()))
def test_same_attributes_as_plain_text(extracted, case, fmt):
    """Beyond the figures: metric, subject, period and forecast agree with the .txt version
    (given the publication date the other format's metadata states: a PDF's creation date)."""

    def attrs(claims):
        return Counter((c.quote.replace("\n", ""), c.metric, c.subject, c.period, c.forecast) for c in claims)

    doc, claims = extracted(case, fmt)
    txt = extracted(case, "txt")[0]
    want = attrs(extract_document(replace(txt, published=doc.published)))
    got = attrs(claims)
    assert got == want, f"missing {want - got}, extra {got - want}"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_html_boilerplate_is_no_claim(extracted, case):
    doc, claims = extracted(case, "html")
    for junk in ("12345", "8820", "99元", "10万", "50%", "第3页"):
        assert junk not in doc.text, f"boilerplate {junk!r} leaked into the article text"
    assert not any(c.quote.startswith(("12345", "99", "10万", "50")) for c in claims)


# ---------------------------------------------------------------- 2. year tables in every format

def _md_table(rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(out)


LEAD = "全球GPU市场持续扩张，数据中心是主要动力。"


def table_txt(path: Path) -> Path:
    path.write_text("\n".join([LEAD, CAPTION, *("\t".join(r) for r in TABLE_ROWS)]) + "\n", encoding="utf-8")
    return path


def table_md(path: Path) -> Path:
    path.write_text(f"# 行业数据\n\n{LEAD}\n\n{CAPTION}\n\n{_md_table(TABLE_ROWS)}\n", encoding="utf-8")
    return path


def table_docx(path: Path) -> Path:
    return make_docx(path, [LEAD, CAPTION, TABLE_ROWS])


def table_html(path: Path) -> Path:
    table = _html_table(TABLE_ROWS).replace("<table>", f"<table><caption>{CAPTION}</caption>")
    return make_html(path, html_page("utf-8", "行业数据", f"<article><p>{LEAD}</p>{table}</article>"))


def table_pdf(path: Path) -> Path:
    return make_pdf(path, PdfSpec(pages=[PdfPage(body=[LEAD], table=(CAPTION, TABLE_ROWS))]))


TABLE_FORMATS = [
    pytest.param(".txt", table_txt, id="txt-tabs"),
    pytest.param(".md", table_md, id="markdown-pipes"),
    pytest.param(".docx", table_docx, id="docx"),
    pytest.param(".html", table_html, id="html"),
    pytest.param(".pdf", table_pdf, id="pdf", marks=needs_pdf),
]


@pytest.mark.parametrize(("suffix", "writer"), TABLE_FORMATS)
def test_year_table_one_claim_per_cell(tmp_path, suffix, writer):
    path = writer(tmp_path / f"table{suffix}")
    doc = read_document(path, path.name)
    claims = extract_document(doc)
    for c in claims:
        assert doc.text[c.start:c.end] == c.quote
    got = sorted((c.quote, _num(c.value), c.unit, c.period, c.forecast) for c in claims)
    want = sorted((q, _num(v), "USD", y, f) for q, v, y, f in TABLE_CELLS)
    assert got == want, doc.text
    assert all(c.metric == "market_size" for c in claims)
    if doc.pages is not None:
        assert {c.page for c in claims} == {1}


# ---------------------------------------------------------------- 3. bad inputs through the CLI

GBK_TEXT = "2023年中国智能算力规模达到414.1 EFLOPS，同比增长59.3%。\n预计到2025年中国智能算力规模将超过1000 EFLOPS。\n"
BIG5_TEXT = "2023年臺灣伺服器出貨量約為145萬臺，年增12.5%。\n預計2025年全球AI伺服器市場規模將達到1870億美元。\n"
UTF8_TEXT = "2021年全球GPU市场规模为334.7亿美元，预计2030年将达到4477.4亿美元。\n"

GOOD = {  # file -> (quote, value, unit) of its claims, and the encoding column
    "good.txt": ({("334.7亿美元", 334.7e8, "USD"), ("4477.4亿美元", 4477.4e8, "USD")}, "utf-8"),
    "gbk.txt": ({("414.1 EFLOPS", 414.1e18, "FLOPS"), ("59.3%", 59.3, "percent"),
                 ("超过1000 EFLOPS", 1000e18, "FLOPS")}, "gb18030"),
    "big5.txt": ({("約為145萬臺", 145e4, "count"), ("12.5%", 12.5, "percent"),
                  ("1870億美元", 1870e8, "USD")}, "big5"),
    "page.html": ({("470.5亿美元", 470.5e8, "USD"), ("17.6%", 17.6, "percent")}, "utf-8"),
}
BAD = {  # file -> words its error reason must hold
    "empty.txt": "empty",
    "binary.txt": "binary",
    "truncated.pdf": "truncated",
    "zero.pdf": "empty",
    "random.pdf": "not a pdf",
    "archive.docx": "not a .docx",
    "huge.html": "too large",
}
HUGE_MB = 18


def _pdf_bytes() -> bytes:
    """A small valid PDF (no CJK font needed)."""
    if importlib.util.find_spec("fpdf") is not None:
        from fpdf import FPDF

        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        for k in range(40):
            pdf.cell(0, 6, f"GPU market line {k}: 334.7 billion USD in 2021", new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())
    objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"]
    body = b"%PDF-1.4\n" + b"".join(b"%d 0 obj%s endobj\n" % (i, o) for i, o in enumerate(objs, 1))
    return body + b"trailer<</Root 1 0 R>>\n%%EOF\n"


def make_bad_folder(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "good.txt").write_text(UTF8_TEXT, encoding="utf-8")
    (root / "gbk.txt").write_bytes(GBK_TEXT.encode("gbk"))
    (root / "big5.txt").write_bytes(BIG5_TEXT.encode("big5"))
    make_html(root / "page.html", html_page("utf-8", "简报", f"{NAV}<p>2023年全球GPU市场规模为470.5亿美元，"
                                            f"同比增长17.6%。</p>{FOOTER}"))
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16)
    pdf = _pdf_bytes()
    (root / "truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    (root / "zero.pdf").write_bytes(b"")
    (root / "random.pdf").write_bytes(random.Random(7).randbytes(4096))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("report.txt", UTF8_TEXT)
    (root / "archive.docx").write_bytes(buf.getvalue())
    para = "<p>2023年全球GPU市场规模为470.5亿美元。</p>".encode()
    with open(root / "huge.html", "wb") as f:  # cheap: one repeated block
        f.write(b"<html><body>")
        f.write(para * (HUGE_MB * 1024 * 1024 // len(para) + 1))
        f.write(b"</body></html>")
    assert (root / "huge.html").stat().st_size > 16 * 1024 * 1024
    return root


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory) -> Path:
    return make_bad_folder(tmp_path_factory.mktemp("bad") / "in")


def _error_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("claimx: error")]


def _check_run(folder: Path, out: Path, errors: Path, code: int, stderr: str, quiet: bool) -> None:
    assert code == 1, stderr
    assert "Traceback" not in stderr
    errs = _error_lines(stderr)
    if quiet:
        assert stderr.splitlines() == errs, stderr
    else:  # the error lines, then the summary (rich may wrap it at the console width)
        lines = stderr.splitlines()
        assert lines[: len(errs)] == errs, stderr
        summary = " ".join(lines[len(errs):])
        assert f"{len(GOOD) + len(BAD)} documents" in summary and f"{len(BAD)} errors" in summary, stderr
    assert len(errs) == len(BAD), stderr
    for name, reason in BAD.items():
        mine = [ln for ln in errs if re.search(rf"(?<![\w.]){re.escape(name)}\b", ln)]
        assert len(mine) == 1, (name, errs)
        assert reason in mine[0].lower(), (name, mine[0])

    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["doc"] for r in rows} == set(GOOD), "claims of every good file, none of a bad one"
    for name, (claims, encoding) in GOOD.items():
        mine = [r for r in rows if r["doc"] == name]
        got = {(r["quote"], _num(float(r["value"])), r["unit"]) for r in mine}
        assert got == {(q, _num(v), u) for q, v, u in claims}, name
        assert {r["encoding"] for r in mine} == {encoding}, name

    with open(errors, encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    assert list(table[0]) == ["path", "stage", "reason"]
    assert sorted(r["path"] for r in table) == sorted(BAD)
    for r in table:
        assert r["stage"] in ("read", "decode"), r
        assert BAD[r["path"]] in r["reason"].lower(), r


def test_bad_folder_cli_in_process(bad_folder, tmp_path):
    out, errors = tmp_path / "claims.csv", tmp_path / "errors.csv"
    result = CliRunner().invoke(app, ["extract", str(bad_folder), "-o", str(out), "--errors", str(errors)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    _check_run(bad_folder, out, errors, result.exit_code, result.stderr, quiet=False)
    assert "huge.html" in result.stderr and "16 MB" in result.stderr  # says what the limit is


def test_bad_folder_cli_subprocess(bad_folder, tmp_path):
    exe = Path(sys.executable).parent / "claimx"
    if not exe.exists():
        pytest.skip(f"no console script at {exe}; pip install -e .")
    out, errors = tmp_path / "claims.csv", tmp_path / "errors.csv"
    proc = subprocess.run([str(exe), "extract", str(bad_folder), "-o", str(out), "--errors", str(errors),
                           "--quiet", "--jobs", "2"], capture_output=True, text=True, timeout=120)
    _check_run(bad_folder, out, errors, proc.returncode, proc.stderr, quiet=True)
    assert proc.stdout == ""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads files whatever their mode: chmod 000 cannot make one unreadable")
def test_unreadable_file_is_one_error(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(UTF8_TEXT, encoding="utf-8")
    locked = folder / "locked.txt"
    locked.write_text(UTF8_TEXT, encoding="utf-8")
    locked.chmod(0)
    try:
        out, errors = tmp_path / "claims.csv", tmp_path / "errors.csv"
        result = CliRunner().invoke(app, ["extract", str(folder), "-o", str(out), "--errors", str(errors), "-q"])
        assert result.exit_code == 1
        errs = _error_lines(result.stderr)
        assert result.stderr.splitlines() == errs and len(errs) == 1
        assert "locked.txt" in errs[0] and "permission denied" in errs[0]
        with open(out, encoding="utf-8-sig", newline="") as f:
            assert {r["doc"] for r in csv.DictReader(f)} == {"good.txt"}
        with open(errors, encoding="utf-8", newline="") as f:
            assert [(r["path"], r["reason"]) for r in csv.DictReader(f)] == [("locked.txt", "permission denied")]
    finally:
        locked.chmod(0o644)


def test_html_just_over_limit_says_why(tmp_path):
    path = tmp_path / "edge.html"
    path.write_bytes(b"<p>" + b"x" * (16 * 1024 * 1024 - 2))  # 16 MB + 1 byte
    with pytest.raises(ReadError) as err:
        read_document(path, path.name)
    m = re.search(r"([\d.]+) MB > ([\d.]+) MB", err.value.reason)
    assert m is not None, err.value.reason
    assert float(m.group(1)) > float(m.group(2)), err.value.reason


def test_unlistable_folder_is_one_error(tmp_path, monkeypatch):
    """A subfolder that cannot be listed is reported, not skipped (simulated: root lists anything)."""
    import claimx.read as read

    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "good.txt").write_text(UTF8_TEXT, encoding="utf-8")
    real_walk, real_listdir = os.walk, os.listdir

    def walk(root, onerror=None, **kw):
        for dirpath, dirnames, filenames in real_walk(root, **kw):
            if "locked" in dirnames:
                dirnames.remove("locked")
                onerror(PermissionError(13, "Permission denied", os.path.join(dirpath, "locked")))
            yield dirpath, dirnames, filenames

    def listdir(p="."):
        if str(p).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(p))
        return real_listdir(p)

    monkeypatch.setattr(read.os, "walk", walk)
    monkeypatch.setattr(read.os, "listdir", listdir)
    result = CliRunner().invoke(app, ["extract", str(folder), "-q"])
    assert result.exit_code == 1
    errs = _error_lines(result.stderr)
    assert len(errs) == 1 and "locked" in errs[0] and "cannot read folder" in errs[0]
