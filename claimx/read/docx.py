"""DOCX -> Document: body paragraphs and table cells in document order (python-docx, MIT).

`Document.text`: one line per paragraph; a table row is one line with its cells joined
by "\\t" (a merged cell counted once; a paragraph break inside a cell becomes a space).
Page headers and footers of the .docx are not read. Offsets index this text.
"""
from __future__ import annotations

import io
import zipfile

from ..model import Document
from .encoding import ReadError

MAX_XML = 256 * 1024 * 1024  # uncompressed word/document.xml larger than this is refused

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _check_zip(data: bytes) -> None:
    if not data:
        raise ReadError("empty file (0 bytes)")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ReadError("legacy Word 97-2003 file (.doc) named .docx; save it as .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo("word/document.xml")
    except zipfile.BadZipFile as e:
        raise ReadError("not a .docx (not a zip archive)") from e
    except KeyError as e:
        raise ReadError("not a .docx (zip archive without word/document.xml)") from e
    if info.file_size > MAX_XML:
        raise ReadError(f"document too large ({info.file_size // (1024 * 1024)} MB of XML)")


def _runs(p):
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if el.tag == f"{_W}t":
            yield el.text or ""
        elif el.tag == f"{_W}tab":
            yield "\t"
        else:
            yield " "


def _row_cells(tr) -> list[str]:
    cells = []
    for tc in tr.iterchildren(f"{_W}tc"):
        paras = [" ".join("".join(_runs(p)).split()) for p in tc.iter(f"{_W}p")]
        cells.append(" ".join(t for t in paras if t))
    return cells


def _lines(body) -> list[str]:
    lines: list[str] = []
    for el in body.iterchildren():
        if el.tag == f"{_W}p":
            lines.append("".join(_runs(el)).replace("\n", " "))
        elif el.tag == f"{_W}tbl":
            for tr in el.iterchildren(f"{_W}tr"):
                lines.append("\t".join(_row_cells(tr)))
        elif el.tag == f"{_W}sdt":  # content controls wrap paragraphs and tables
            content = el.find(f"{_W}sdtContent")
            if content is not None:
                lines.extend(_lines(content))
    return lines


def read_docx(data: bytes, path: str) -> Document:
    _check_zip(data)
    import docx

    try:
        d = docx.Document(io.BytesIO(data))
        lines = _lines(d.element.body)
        title = (d.core_properties.title or "").strip()
    except ReadError:
        raise
    except Exception as e:  # python-docx raises KeyError, ValueError, lxml errors ... on bad parts
        raise ReadError(f"corrupt .docx ({type(e).__name__}: {str(e).splitlines()[0][:80] if str(e) else ''})") from e
    text = "\n".join(lines)
    if not text.strip():
        raise ReadError("no text in the .docx")
    return Document(path=path, text=text, encoding="docx", title=title)
