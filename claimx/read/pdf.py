"""PDF -> Document: text in reading order per page, page offsets, page furniture, metadata.

Library: pypdfium2 (PDFium; Apache-2.0/BSD-3), see docs/readers.md for the comparison.
PDFium gives each character with its box; the layout here is ours:

- characters are grouped into lines by baseline, lines into segments at wide gaps;
- a page whose body splits at a vertical gutter into two text columns is read left
  column first, then right; lines that span the gutter (titles, headers) cut the flow;
- segments of one line (table cells) are joined with "\\t", words with " " where the
  glyphs leave a gap (over 0.2 em, or 0.45 em between two CJK characters);
- rotated characters (side notes, diagonal watermarks) follow the page's text, one line per run.

`Document.text` is the pages' text joined with "\\n"; `pages[i]` is where page i+1 starts.
"""
from __future__ import annotations

import ctypes
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field

from ..model import Document
from .encoding import ReadError

_LOCK = threading.Lock()  # PDFium is not thread-safe

_PAGE_NO = re.compile(
    r"^\s*(?:[-–—]\s*\d+\s*[-–—]|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+"
    r"|(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?|\d+)\s*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_SKIP = frozenset("\u00a0\u3000\ufffe\uffff\ufffd")
_SPACE = re.compile(r"\s+")
_PDF_DATE = re.compile(r"D?:?(\d{4})(\d{2})?(\d{2})?")
_TITLE_JUNK = re.compile(r"^(?:Microsoft (?:Word|PowerPoint) - )|\.(?:docx?|pptx?|wps)$", re.IGNORECASE)

EDGE_LINES = 2  # header/footer candidates: this many lines at the top and bottom of a page
EDGE_ZONE = 0.15  # ... lying within this fraction of the page height from its edge


@dataclass(slots=True)
class _Char:
    ch: str
    x0: float
    x1: float
    base: float  # vertical centre of the glyph's loose box: equal along a line
    size: float


@dataclass(slots=True)
class _Seg:
    x0: float
    x1: float
    text: str


@dataclass(slots=True)
class _Line:
    base: float
    segs: list[_Seg] = field(default_factory=list)


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"


def _page_chars(raw, tp) -> tuple[list[_Char], list[str]]:
    """Upright characters with their boxes, and the text of rotated runs (in stream order)."""
    n = raw.FPDFText_CountChars(tp)
    if n <= 0:
        return [], []
    buf = ctypes.create_string_buffer(2 * (n + 1))
    got = raw.FPDFText_GetText(tp, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[: 2 * max(got - 1, 0)].decode("utf-16-le", errors="replace")
    if len(text) != n:  # characters outside the BMP: fall back to one call per character
        text = "".join(chr(raw.FPDFText_GetUnicode(tp, i)) for i in range(n))
    rect = raw.FS_RECTF()
    loose, angle_of, size_of = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharAngle, raw.FPDFText_GetFontSize
    upright: list[_Char] = []
    rotated: list[str] = []
    run: list[str] = []
    run_angle = 0.0
    for i, ch in enumerate(text):
        if ch <= " " or ch in _SKIP:  # spaces: recomputed from the gaps between glyphs
            if run:
                run.append(" ")
            continue
        angle = angle_of(tp, i)
        if 0.01 < angle < 2 * math.pi - 0.01:
            if run and abs(angle - run_angle) > 0.01:
                rotated.append("".join(run).strip())
                run = []
            run_angle = angle
            run.append(ch)
            continue
        if run:
            rotated.append("".join(run).strip())
            run = []
        loose(tp, i, rect)
        size = size_of(tp, i) or (rect.top - rect.bottom) or 1.0
        upright.append(_Char(ch, rect.left, max(rect.right, rect.left), (rect.top + rect.bottom) / 2, size))
    if run:
        rotated.append("".join(run).strip())
    return upright, [r for r in rotated if r]


def _lines(chars: list[_Char]) -> list[_Line]:
    """Group characters into lines (top-down) and each line into segments (left-right)."""
    chars.sort(key=lambda c: -c.base)
    groups: list[list[_Char]] = []
    for c in chars:
        if groups and abs(groups[-1][0].base - c.base) <= 0.45 * max(c.size, groups[-1][0].size):
            groups[-1].append(c)
        else:
            groups.append([c])
    lines = []
    for g in groups:
        g.sort(key=lambda c: c.x0)
        line = _Line(base=g[0].base)
        buf: list[str] = []
        x0 = prev = None
        for c in g:
            if prev is not None:
                gap = c.x0 - prev.x1
                em = max(c.size, prev.size)
                if gap > 1.2 * em:
                    line.segs.append(_Seg(x0, prev.x1, "".join(buf)))
                    buf, x0 = [], None
                elif gap > (0.45 if _is_cjk(c.ch) and _is_cjk(prev.ch) else 0.2) * em:
                    buf.append(" ")
            if x0 is None:
                x0 = c.x0
            buf.append(c.ch)
            prev = c
        line.segs.append(_Seg(x0, prev.x1, "".join(buf)))
        lines.append(line)
    return lines


def _gutter(lines: list[_Line], width: float) -> tuple[float, float] | None:
    """The empty vertical band between two text columns, or None for a one-column page."""
    segs = [s for ln in lines for s in ln.segs]
    if len(segs) < 6:
        return None
    lo, hi = int(width * 0.3), int(width * 0.7)
    cover = [0] * (hi - lo + 1)
    for s in segs:
        for x in range(max(lo, int(s.x0)), min(hi, int(s.x1)) + 1):
            cover[x - lo] += 1
    allowed = max(1, len(segs) // 10)  # titles and full-width lines may cross it
    best = None
    start = None
    for i, v in enumerate(cover + [allowed + 1]):
        if v <= allowed and start is None:
            start = i
        elif v > allowed and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    if best is None or best[1] - best[0] < 6:
        return None
    g0, g1 = best[0] + lo, best[1] + lo
    left = [s for s in segs if s.x1 <= g0 + 1]
    right = [s for s in segs if s.x0 >= g1 - 1]
    # columns of prose, not the columns of a table: both sides wide and filled
    if len(left) < 3 or len(right) < 3:
        return None
    for side in (left, right):
        widths = sorted(s.x1 - s.x0 for s in side)
        if widths[len(widths) // 2] < 0.25 * width:
            return None
    return g0, g1


def _order(lines: list[_Line], width: float) -> list[_Line]:
    """Reading order: column regions left column first; spanning lines in place."""
    gut = _gutter(lines, width)
    if gut is None:
        return lines
    g0, g1 = gut
    out: list[_Line] = []
    left: list[_Line] = []
    right: list[_Line] = []

    def flush():
        out.extend(left)
        out.extend(right)
        left.clear()
        right.clear()

    for ln in lines:
        ls = [s for s in ln.segs if s.x1 <= g0 + 1]
        rs = [s for s in ln.segs if s.x0 >= g1 - 1]
        if len(ls) + len(rs) != len(ln.segs):  # crosses the gutter
            flush()
            out.append(ln)
            continue
        if ls:
            left.append(_Line(ln.base, ls))
        if rs:
            right.append(_Line(ln.base, rs))
    flush()
    return out


@dataclass(slots=True)
class _PageText:
    lines: list[str]
    edge: set[int]  # indexes of lines near the top or bottom edge


def _page_text(raw, tp, width: float, height: float) -> _PageText:
    chars, rotated = _page_chars(raw, tp)
    lines = _order(_lines(chars), width) if chars else []
    texts = ["\t".join(s.text for s in ln.segs) for ln in lines]
    edge = set()
    for i, ln in enumerate(lines):
        if (i < EDGE_LINES and ln.base > height * (1 - EDGE_ZONE)) or (
            i >= len(lines) - EDGE_LINES and ln.base < height * EDGE_ZONE
        ):
            edge.add(i)
    return _PageText(texts + rotated, edge)


def _edge_key(text: str) -> tuple[str, tuple[int, ...]]:
    t = _SPACE.sub("", text)
    return _DIGITS.sub("#", t), tuple(int(d) for d in _DIGITS.findall(t)[:8])


def _repeats(hits: list[tuple[int, tuple[int, ...]]]) -> bool:
    """Edge lines of one shape are furniture when their numbers are the same on every page
    (a dated header) or one of them counts the pages (a page number)."""
    if len({nums for _, nums in hits}) == 1:
        return True
    width = len(hits[0][1])
    return any(len({nums[k] - page for page, nums in hits}) == 1 for k in range(width))


def _furniture_lines(pages: list[_PageText]) -> list[set[int]]:
    """For each page, the indexes of its lines that are page furniture."""
    n = len(pages)
    edge_hits: dict[str, list[tuple[int, tuple[int, ...]]]] = {}
    all_lines: Counter[str] = Counter()
    for k, p in enumerate(pages):
        seen = set()
        for i in p.edge:
            key, nums = _edge_key(p.lines[i])
            if key not in seen:
                seen.add(key)
                edge_hits.setdefault(key, []).append((k, nums))
        all_lines.update({_SPACE.sub("", t) for t in p.lines})
    need_edge = max(2, math.ceil(n * 0.5))
    need_any = max(3, math.ceil(n * 0.6))
    running = {key for key, hits in edge_hits.items() if len(hits) >= need_edge and _repeats(hits)}
    out = []
    for p in pages:
        marks = set()
        for i, t in enumerate(p.lines):
            key = _SPACE.sub("", t)
            if not key:
                continue
            at_edge = i in p.edge and (_PAGE_NO.match(t) or _edge_key(t)[0] in running)
            if at_edge or (len(key) >= 8 and all_lines[key] >= need_any):
                marks.add(i)
        out.append(marks)
    return out


def _iso_date(value: str) -> str:
    m = _PDF_DATE.match(value.strip())
    if not m or not m.group(2) or not m.group(3):
        return ""
    y, mo, d = m.group(1), m.group(2), m.group(3)
    if not (1990 <= int(y) <= 2100 and 1 <= int(mo) <= 12 and 1 <= int(d) <= 31):
        return ""
    return f"{y}-{mo}-{d}"


def _check_bytes(data: bytes) -> None:
    if not data:
        raise ReadError("empty file (0 bytes)")
    if b"%PDF-" not in data[:1024]:
        raise ReadError("not a PDF (no %PDF- header)")
    if b"%%EOF" not in data.rstrip(b"\x00 \t\r\n")[-2048:]:  # (padding after %%EOF is harmless)
        raise ReadError("truncated or damaged PDF (no %%EOF at the end)")


def read_pdf(data: bytes, path: str) -> Document:
    _check_bytes(data)
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    with _LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as e:
            msg = str(e)
            if "password" in msg.lower():
                raise ReadError("encrypted PDF (password required)") from e
            raise ReadError(f"corrupt PDF ({msg.rstrip('.')})") from e
        try:
            meta = pdf.get_metadata_dict(skip_empty=True)
            pages = []
            for i in range(len(pdf)):
                page = pdf[i]
                tp = page.get_textpage()
                try:
                    w, h = page.get_size()
                    pages.append(_page_text(raw, tp.raw, w, h))
                finally:
                    tp.close()
                    page.close()
        except pdfium.PdfiumError as e:
            raise ReadError(f"corrupt PDF ({str(e).rstrip('.')})") from e
        finally:
            pdf.close()
    if not pages:
        raise ReadError("PDF has no pages")
    if not any(t.strip() for p in pages for t in p.lines):
        raise ReadError(f"no text layer (scanned PDF?): {len(pages)} page(s) without text; OCR it first")

    furniture_idx = _furniture_lines(pages)
    parts: list[str] = []
    starts: list[int] = []
    furniture: list[tuple[int, int]] = []
    pos = 0
    for p, marks in zip(pages, furniture_idx, strict=True):
        starts.append(pos)
        at = pos
        for i, t in enumerate(p.lines):
            if i in marks and t:
                furniture.append((at, at + len(t)))
            at += len(t) + 1
        page_text = "\n".join(p.lines)
        parts.append(page_text)
        pos += len(page_text) + 1
    text = "\n".join(parts)
    title = _TITLE_JUNK.sub("", meta.get("Title", "").strip()).strip()
    return Document(
        path=path,
        text=text,
        encoding="pdf",
        pages=starts,
        title=title,
        source=meta.get("Author", "").strip(),
        published=_iso_date(meta.get("CreationDate", "")),
        furniture=furniture,
    )
