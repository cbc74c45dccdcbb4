"""Documents in: a file on disk -> `Document` (decoded text, pages, metadata).

Each format has a reader `read_xxx(data: bytes, path: str) -> Document`; `READERS` maps
file suffixes to readers. Readers raise `ReadError` with a one-line reason.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from ..model import Document
from .encoding import ReadError
from .text import read_text

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


def read_document(path: Path, rel: str | None = None) -> Document:
    """Read one file into a Document; raise ReadError with the reason when it cannot be read."""
    rel = rel if rel is not None else path.name
    if not path.exists():
        raise ReadError("no such file or directory")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError(f"unsupported file type {path.suffix or '(none)'}")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(f"file too large ({size // (1024 * 1024)} MB)")
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise ReadError("no such file (or it vanished before it could be read)") from e
    except PermissionError as e:
        raise ReadError("permission denied") from e
    except IsADirectoryError as e:
        raise ReadError("is a directory") from e
    except OSError as e:
        raise ReadError(f"cannot read: {e.strerror or e}") from e
    return reader(data, rel)


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
    """Yield (file, path relative to its input root with / separators), sorted, recursively.

    Files whose suffix no reader handles are skipped when found inside a folder, but a file
    named explicitly is always yielded (and then reported if it cannot be read).
    """
    for root in paths:
        if root.is_dir():
            found = []
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in filenames:
                    p = Path(dirpath) / name
                    if name.startswith(".") or p.suffix.lower() not in READERS:
                        continue
                    found.append(p)
            for p in sorted(found):
                yield p, display_path(p.relative_to(root).as_posix())
        else:
            yield root, display_path(root.name)


__all__ = ["READERS", "ReadError", "read_document", "walk", "Document"]
