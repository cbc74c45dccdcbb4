"""Plain text and Markdown: the decoded file is the document's text."""
from __future__ import annotations

from ..model import Document
from .encoding import decode


def read_text(data: bytes, path: str) -> Document:
    text, encoding = decode(data)
    if not text.strip():
        from .encoding import ReadError

        raise ReadError("no text (only whitespace)")
    # Offsets index the text with its line ends as written, except that "\r\n" and "\r"
    # count as one "\n": CLAIMS.md lines are "\n"-separated.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Document(path=path, text=text, encoding=encoding)
