"""Documents in: a file on disk -> `Document` (decoded text, pages, metadata).

Each format has a reader `read_xxx(data: bytes, path: str) -> Document`; `READERS` maps
file suffixes to readers. Readers raise `ReadError` with a one-line reason.
"""
from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from ..model import Document
from .encoding import ReadError
from .text import MAX_TEXT_BYTES, read_text, too_large

Reader = Callable[[bytes, str], Document]


def _lazy(module: str, func: str) -> Reader:
    def reader(data: bytes, path: str) -> Document:
        import importlib

        return getattr(importlib.import_module(module, __name__), func)(data, path)

    return reader


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".markdown": read_text,
    ".pdf": _lazy(".pdf", "read_pdf"),
    ".html": _lazy(".html", "read_html"),
    ".htm": _lazy(".html", "read_html"),
    ".xhtml": _lazy(".html", "read_html"),
    ".docx": _lazy(".docx", "read_docx"),
}

MAX_BYTES = 200 * 1024 * 1024  # a single input larger than this is refused, not read

STDIN = Path("-")  # the input `-`: a document read from standard input

_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                         rb"<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE | re.DOTALL)


def _missing(path: Path) -> str:
    """Why a path that does not exist cannot be read: a symlink loop, a dangling link, or none."""
    try:
        os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "symbolic link loop"
        if os.path.islink(path):
            return "broken symbolic link (its target does not exist)"
        return "no such file or directory"
    return "no such file or directory"


def read_document(path: Path, rel: str | None = None) -> Document:
    """Read one file into a Document; raise ReadError with the reason when it cannot be read."""
    reader, data = load_document(path)
    return reader(data, rel if rel is not None else path.name)


def load_document(path: Path) -> tuple[Reader, bytes]:
    """The reader of the file at `path` and the file's bytes, after the checks that need no
    parsing (exists, a file, a known suffix, under the size limits); ReadError says why not."""
    if not path.exists():
        raise ReadError(_missing(path))
    if path.is_dir():  # a folder `walk` could not list
        try:
            os.listdir(path)
        except OSError as e:
            raise ReadError(f"cannot read folder: {e.strerror or e}") from e
        raise ReadError("is a directory")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError(f"unsupported file type {path.suffix or '(none)'}")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(f"file too large ({size // (1024 * 1024)} MB > {MAX_BYTES // (1024 * 1024)} MB limit)")
        if reader is read_text and size > MAX_TEXT_BYTES:
            raise ReadError(too_large(size))
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise ReadError("no such file (or it vanished before it could be read)") from e
    except PermissionError as e:
        raise ReadError("permission denied") from e
    except IsADirectoryError as e:
        raise ReadError("is a directory") from e
    except OSError as e:
        raise ReadError(f"cannot read: {e.strerror or e}") from e
    return reader, data


def read_stdin(data: bytes, rel: str = "-") -> Document:
    """A document given on standard input: PDF, DOCX and HTML are told by their first bytes,
    anything else is read as text."""
    if len(data) > MAX_BYTES:
        raise ReadError(f"input too large (over {MAX_BYTES // (1024 * 1024)} MB)")
    if data.startswith(b"%PDF-"):
        suffix = ".pdf"
    elif data.startswith(b"PK\x03\x04"):
        suffix = ".docx"
    elif _HTML_START.match(data[:4096]):
        suffix = ".html"
    else:
        suffix = ".txt"
    return READERS[suffix](data, rel)


def _key(p: Path) -> str:
    """What identifies a file reached twice: its real path (a symlink loop: its own path)."""
    try:
        return str(p.resolve())
    except (OSError, RuntimeError):  # RuntimeError: Python 3.11/3.12 on a symlink loop
        return os.path.abspath(p)


def display_path(rel: str) -> str:
    """A file name as text: names that are not UTF-8 (GBK bytes from a Windows zip) are
    decoded as GB18030, else shown with replacement characters."""
    try:
        rel.encode("utf-8")
        return rel
    except UnicodeEncodeError:
        raw = os.fsencode(rel)
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            return raw.decode("utf-8", "replace")


def walk(paths: list[Path]) -> Iterator[tuple[Path, str]]:
    """Yield (file, its name in the table), sorted, recursively.

    The name is the path relative to its input folder with / separators; with more than one
    input, each name starts with its input as given (`q1/report.txt`, `q2/report.txt`), so
    that documents of different inputs never share a name. A file reached twice is yielded
    once. Files whose suffix no reader handles are skipped when found inside a folder, but a
    file named explicitly is always yielded (and then reported if it cannot be read); so is a
    folder that cannot be listed.
    """
    seen: set[str] = set()
    several = len(paths) > 1
    for root in paths:
        prefix = root.as_posix().rstrip("/") + "/" if several else ""
        if root == STDIN:
            if "-" not in seen:
                seen.add("-")
                yield STDIN, "-"
        elif root.is_dir():
            found, unlisted = [], []
            for dirpath, dirnames, filenames in os.walk(root, onerror=unlisted.append):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in filenames:
                    p = Path(dirpath) / name
                    if name.startswith(".") or p.suffix.lower() not in READERS:
                        continue
                    found.append(p)
            found += [Path(e.filename) for e in unlisted if e.filename]
            for p in sorted(found):
                if (key := _key(p)) not in seen:
                    seen.add(key)
                    yield p, display_path(prefix + p.relative_to(root).as_posix())
        elif (key := _key(root)) not in seen:
            seen.add(key)
            yield root, display_path(root.as_posix() if several else root.name)


__all__ = ["READERS", "STDIN", "ReadError", "load_document", "read_document", "read_stdin", "walk", "Document"]
