"""DOCX -> Document: body paragraphs and table cells in document order.

`Document.text`: one line per paragraph; a table row is one line with its cells joined
by "\\t" (a merged cell counted once; a paragraph break inside a cell becomes a space).
Page headers and footers of the .docx are not read. Offsets index this text.

The XML is read incrementally (lxml iterparse straight from the zip member): each
paragraph or table is turned into lines when it ends and then dropped, so memory does not
grow with the document; a member that expands far beyond any real document's ratio (a zip
bomb) is refused before it is read.
"""
from __future__ import annotations

import io
import posixpath
import zipfile

from ..model import Document
from .encoding import ReadError

MAX_XML = 256 * 1024 * 1024  # uncompressed word/document.xml larger than this is refused
MAX_RATIO = 200  # ... and so is a large one that expands more than this from its compressed size
RATIO_FROM = 16 * 1024 * 1024  # (small parts may compress very well: only larger ones are judged)
MAX_CHARS = 64 * 1024 * 1024  # text (with its line ends) longer than this is refused

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_OFFICE_DOCUMENT = "/officeDocument"
_P, _TBL, _SDT, _SDT_CONTENT, _BODY = f"{_W}p", f"{_W}tbl", f"{_W}sdt", f"{_W}sdtContent", f"{_W}body"


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def _check_zip(data: bytes) -> None:
    if not data:
        raise ReadError("empty file (0 bytes)")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ReadError("legacy Word 97-2003 file (.doc) named .docx; save it as .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            z.getinfo("word/document.xml")
    except zipfile.BadZipFile as e:
        raise ReadError("not a .docx (not a zip archive)") from e
    except KeyError as e:
        raise ReadError("not a .docx (zip archive without word/document.xml)") from e


def _check_size(info: zipfile.ZipInfo) -> None:
    if info.file_size > MAX_XML:
        raise ReadError(f"document too large ({info.file_size // (1024 * 1024)} MB of XML)")
    if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(1, info.compress_size):
        raise ReadError(f"document too large: {info.filename} expands from {info.compress_size // 1024} KB "
                        f"to {_mb(info.file_size)} (a zip bomb?)")


def _parser_options() -> dict:
    # the options python-docx parses with; no entities, no network
    return {"remove_blank_text": True, "resolve_entities": False, "no_network": True}


def _main_part(z: zipfile.ZipFile) -> str:
    """The package's main document part, as its relationships name it (word/document.xml)."""
    from lxml import etree

    try:
        info = z.getinfo("_rels/.rels")
        if info.file_size < 1024 * 1024:
            root = etree.fromstring(z.read(info), etree.XMLParser(**_parser_options()))
            for rel in root.iter(f"{_REL}Relationship"):
                if (rel.get("Type") or "").endswith(_OFFICE_DOCUMENT) and rel.get("TargetMode") != "External":
                    target = posixpath.normpath(posixpath.join("/", rel.get("Target") or "")).lstrip("/")
                    if target in z.NameToInfo:
                        return target
    except (KeyError, etree.XMLSyntaxError, ValueError):
        pass
    return "word/document.xml"


def _title(z: zipfile.ZipFile) -> str:
    from lxml import etree

    try:
        info = z.getinfo("docProps/core.xml")
        if info.file_size > 1024 * 1024:
            return ""
        root = etree.fromstring(z.read(info), etree.XMLParser(**_parser_options()))
    except (KeyError, etree.XMLSyntaxError, ValueError, zipfile.BadZipFile):
        return ""
    node = root.find(_DC_TITLE)
    return (node.text or "").strip() if node is not None else ""


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


def _block_level(el) -> bool:
    """A paragraph or table of the body itself (or of a content control around body blocks),
    not one inside a table cell."""
    parent = el.getparent()
    if parent is not None and parent.tag == _BODY:
        return True
    while parent is not None and parent.tag in (_SDT_CONTENT, _SDT):
        parent = parent.getparent()
    return parent is not None and parent.tag == _BODY


def _lines(source) -> list[str]:
    from lxml import etree

    lines: list[str] = []
    chars = 0
    for _, el in etree.iterparse(source, events=("end",), tag=(_P, _TBL, _SDT), **_parser_options()):
        if not _block_level(el):
            continue
        if el.tag == _P:
            line = "".join(_runs(el)).replace("\n", " ") if len(el) else ""
            lines.append(line)
            chars += len(line) + 1
        elif el.tag == _TBL:
            for tr in el.iterchildren(f"{_W}tr"):
                line = "\t".join(_row_cells(tr))
                lines.append(line)
                chars += len(line) + 1
        # (a content control's paragraphs and tables were read as they ended)
        if chars > MAX_CHARS:
            raise ReadError(f"document too large (over {_mb(MAX_CHARS)} of text)")
        parent = el.getparent()
        if len(el):
            el.clear(keep_tail=False)
        while el.getprevious() is not None:  # what came before it in its parent is read: drop it
            del parent[0]
    return lines


def read_docx(data: bytes, path: str) -> Document:
    _check_zip(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo(_main_part(z))
            _check_size(info)
            title = _title(z)
            with z.open(info) as f:
                lines = _lines(f)
    except (ReadError, MemoryError):
        raise
    except Exception as e:  # lxml syntax errors, a bad zip member (CRC, truncated data) ...
        raise ReadError(f"corrupt .docx ({type(e).__name__}: {str(e).splitlines()[0][:80] if str(e) else ''})") from e
    text = "\n".join(lines)
    if not text.strip():
        raise ReadError("no text in the .docx")
    return Document(path=path, text=text, encoding="docx", title=title)
