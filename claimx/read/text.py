"""Plain text and Markdown: the decoded file is the document's text."""
from __future__ import annotations

from ..model import Document
from .encoding import ReadError, decode

# A text file larger than this is refused: it would take many minutes and gigabytes to read
# as one document (about 0.2 MB/s and 20 bytes of memory per byte); split it.
MAX_TEXT_BYTES = 64 * 1024 * 1024


def too_large(size: int) -> str:
    mb = size / (1024 * 1024)
    return (f"text too large ({mb:.0f} MB > {MAX_TEXT_BYTES // (1024 * 1024)} MB limit for one document); "
            "split it into smaller files")


def read_text(data: bytes, path: str) -> Document:
    if len(data) > MAX_TEXT_BYTES:
        raise ReadError(too_large(len(data)))
    text, encoding = decode(data)
    if not text.strip():
        raise ReadError("no text (only whitespace)")
    # Offsets index the text with its line ends as written, except that "\r\n" and "\r"
    # count as one "\n": docs/claims.md lines are "\n"-separated.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Document(path=path, text=text, encoding=encoding)
