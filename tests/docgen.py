"""Build PDF, HTML and DOCX fixtures at test time from Chinese text written for the tests.

PDFs need a CJK TrueType font: `find_cjk_font()` looks for one installed by Debian's
`fonts-wqy-zenhei` (CI: `apt-get install -y fonts-wqy-zenhei`); PDF tests skip without it.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

# Fonts with the CJK ideographs *and* the Kangxi / radical-supplement code points.
FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
)
FONT_INSTALL = "apt-get install -y fonts-wqy-zenhei"


def find_cjk_font() -> tuple[str, int] | None:
    for path, index in FONT_CANDIDATES:
        if Path(path).is_file():
            return path, index
    if shutil.which("fc-match"):
        out = subprocess.run(["fc-match", "-f", "%{file}", ":lang=zh"], capture_output=True, text=True)
        path = out.stdout.strip()
        if path.endswith((".ttf", ".ttc")) and Path(path).is_file():
            return path, 0
    return None


# ---------------------------------------------------------------- PDF

A4_W, A4_H = 595.28, 841.89
MARGIN = 56.0
LEADING = 16.0


@dataclass
class PdfPage:
    """One page: `body` lines top-down; `columns` = (left lines, right lines) for a two-column page.

    `table` = (caption, rows of cells) drawn as positioned cells (each cell its own text object).
    `interleave` writes a two-column page row by row (left 1, right 1, left 2 ...) into the
    content stream, as some producers do, so stream order is not reading order.
    """

    body: list[str] = field(default_factory=list)
    columns: tuple[list[str], list[str]] | None = None
    table: tuple[str, list[list[str]]] | None = None
    interleave: bool = True
    image_only: bool = False


@dataclass
class PdfSpec:
    pages: list[PdfPage]
    header: str = ""  # running header; "{n}" is replaced by the page number
    footer: str = ""  # running footer; "{n}" is replaced by the page number
    watermark: str = ""  # drawn diagonally across every page
    side_note: str = ""  # drawn vertically (rotated 90 degrees) in the left margin of every page
    title: str = ""
    author: str = ""
    created: datetime | None = None
    size: float = 10.0


def make_pdf(path: Path, spec: PdfSpec) -> Path:
    from fpdf import FPDF

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    found = find_cjk_font()
    if found is None:
        raise RuntimeError(f"no CJK font; install one: {FONT_INSTALL}")
    font, index = found
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_compression(True)
    pdf.add_font("cjk", fname=font, collection_font_number=index)
    if spec.title:
        pdf.set_title(spec.title)
    if spec.author:
        pdf.set_author(spec.author)
    pdf.set_creation_date(spec.created or datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=8))))
    size = spec.size
    for n, page in enumerate(spec.pages, 1):
        pdf.add_page()
        pdf.set_font("cjk", size=size)
        if page.image_only:
            for k in range(20):  # drawings, no text: what a scan looks like to a text extractor
                pdf.rect(MARGIN, MARGIN + k * 30, 400 - k * 10, 12, style="F")
            continue
        # footer first: stream order must not matter
        if spec.footer:
            text = spec.footer.replace("{n}", str(n))
            pdf.text((A4_W - pdf.get_string_width(text)) / 2, A4_H - 30, text)
        if spec.header:
            pdf.text(MARGIN, 36, spec.header.replace("{n}", str(n)))
        if spec.watermark:
            with pdf.rotation(35, A4_W / 2, A4_H / 2):
                pdf.text(A4_W / 2 - 100, A4_H / 2, spec.watermark)
        if spec.side_note:
            with pdf.rotation(90, 24, A4_H - 200):
                pdf.text(24, A4_H - 200, spec.side_note)
        y = MARGIN + 20
        for line in page.body:
            pdf.text(MARGIN, y, line)
            y += LEADING
        if page.columns:
            left, right = page.columns
            col_x = (MARGIN, A4_W / 2 + 12)
            if page.interleave:
                for i in range(max(len(left), len(right))):
                    if i < len(left):
                        pdf.text(col_x[0], y + i * LEADING, left[i])
                    if i < len(right):
                        pdf.text(col_x[1], y + i * LEADING, right[i])
            else:
                for i, line in enumerate(right):
                    pdf.text(col_x[1], y + i * LEADING, line)
                for i, line in enumerate(left):
                    pdf.text(col_x[0], y + i * LEADING, line)
            y += max(len(left), len(right)) * LEADING + LEADING
        if page.table:
            caption, rows = page.table
            pdf.text(MARGIN, y, caption)
            y += LEADING
            for row in rows:
                pdf.text(MARGIN, y, row[0])
                for j, cell in enumerate(row[1:]):
                    x = MARGIN + 170 + j * 70
                    pdf.text(x + 50 - pdf.get_string_width(cell), y, cell)  # right-aligned cells
                y += LEADING
    pdf.output(str(path))
    return path


# ---------------------------------------------------------------- HTML

def make_html(path: Path, html: str, encoding: str = "utf-8") -> Path:
    """Write `html` in `encoding`; the page declares its own charset (or not) in `html`."""
    path.write_bytes(html.encode(encoding))
    return path


def html_page(charset: str | None, title: str, body: str, head_extra: str = "") -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{title}</title>{head_extra}</head>"
        f"<body>{body}</body></html>"
    )


# ---------------------------------------------------------------- DOCX

def make_docx(path: Path, blocks: list[str | list[list[str]]], title: str = "") -> Path:
    """Paragraphs (str) and tables (list of rows of cell strings), in order."""
    import docx

    d = docx.Document()
    if title:
        d.core_properties.title = title
    for block in blocks:
        if isinstance(block, str):
            d.add_paragraph(block)
        else:
            table = d.add_table(rows=len(block), cols=max(len(r) for r in block))
            for i, row in enumerate(block):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
    d.save(str(path))
    return path
