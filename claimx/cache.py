"""The extraction cache: a document's table rows, kept under a key made of its bytes, its name
in the table, the claimx version (and a fingerprint of the installed code and language data,
and the versions of the libraries that read documents) and the content of the user's alias and
fiscal-calendar files, so that a second run over a growing folder extracts only the new or
changed documents and writes the same table.

Where: `$CLAIMX_CACHE_DIR`, else `$XDG_CACHE_HOME/claimx`, else `~/.cache/claimx`. One small
file per document (zlib-compressed JSON), written atomically (a temporary file renamed into
place). An entry that cannot be read or does not look right is ignored: the document is
extracted again. Failures are never cached. Delete the folder at any time to empty it.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import tempfile
import zlib
from functools import cache
from pathlib import Path

FORMAT = 1  # bump when the entry layout changes


def default_dir() -> Path:
    if d := os.environ.get("CLAIMX_CACHE_DIR"):
        return Path(d)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "claimx"


def version() -> str:
    from . import __version__

    return __version__


# the libraries whose versions can change what is extracted: the readers, the script converter,
# the pattern engine, the encoding arbiter (names as in their .dist-info folders, lower case)
_OUTPUT_LIBRARIES = ("regex", "opencc", "charset_normalizer", "pypdfium2", "selectolax", "lxml", "pint")


@cache
def _library_versions() -> str:
    """The installed versions of `_OUTPUT_LIBRARIES`, from the names of their .dist-info folders
    (a directory listing: importlib.metadata would cost a tenth of a second)."""
    found = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                dist, _, ver = name[:-10].rpartition("-")
                if dist.lower().replace("-", "_").replace(".", "_") in _OUTPUT_LIBRARIES:
                    found.add(f"{dist.lower()}={ver}")
    return ",".join(sorted(found))


@cache
def _code_fingerprint() -> str:
    """The claimx version and the size and time of every file of the installed package: an edit
    to the rules or the language data (an editable install keeps its version) empties the cache
    in effect. Stats only: a few milliseconds."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith((".py", ".toml", ".json", ".txt")):
                p = os.path.join(dirpath, name)
                with contextlib.suppress(OSError):
                    st = os.stat(p)
                    h.update(f"{os.path.relpath(p, root)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


class Cache:
    """Rows of extracted documents on disk. `get` and `put` never raise."""

    def __init__(self, folder: Path | str | None = None, aliases: str | Path | None = None,
                 fiscal: str | Path | None = None):
        """`aliases`, `fiscal`: the user's data files of the run (--aliases, --fiscal); their
        content enters every key."""
        self.folder = Path(folder) if folder is not None else default_dir()
        h = hashlib.sha256()
        py = sys.version_info
        h.update(f"claimx-cache {FORMAT}\0{version()}\0{_code_fingerprint()}\0{py[0]}.{py[1]}\0"
                 f"{_library_versions()}\0".encode())
        for name, path in (("aliases", aliases), ("fiscal", fiscal)):
            h.update(f"\0{name}\0".encode())
            if path:
                try:
                    data = Path(path).read_bytes()
                    h.update(f"{len(data)}\0".encode() + data)
                except OSError:
                    h.update(b"unreadable\0" + str(path).encode())
            else:
                h.update(b"none")
        self._base = h.digest()
        self.hits = 0
        self.misses = 0
        self._stamps: dict[str, tuple[str, int, int]] = {}

    def key(self, path: str | Path, rel: str, data: bytes | None = None) -> str | None:
        """The key of the document at `path` (named `rel` in the table); None when it has none: it
        cannot be read (the worker then reports why) or it is no regular file (a FIFO or a device
        is read once, by the worker)."""
        h = hashlib.sha256(self._base)
        h.update(rel.encode("utf-8", "surrogateescape") + b"\0")
        if data is not None:
            h.update(data)
            return h.hexdigest()
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):  # (before opening it: opening a FIFO waits for a writer)
                return None
            with open(path, "rb") as f:
                st = os.fstat(f.fileno())
                while chunk := f.read(1 << 20):
                    h.update(chunk)
        except OSError:
            return None
        key = h.hexdigest()
        self._stamps[key] = (str(path), st.st_size, st.st_mtime_ns)
        return key

    def _changed(self, key: str) -> bool:
        """Whether the file of `key` changed since it was hashed (then its rows may be of other bytes)."""
        stamp = self._stamps.pop(key, None)
        if stamp is None:
            return False
        try:
            st = os.stat(stamp[0])
        except OSError:
            return True
        return (st.st_size, st.st_mtime_ns) != stamp[1:]

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key[2:]}.json.z"

    def get(self, key: str | None, ncols: int) -> tuple[list[tuple], int] | None:
        """(rows, characters) stored under `key`, or None (absent, unreadable or corrupt)."""
        if key is None:
            return None
        try:
            with open(self._file(key), "rb") as f:
                entry = json.loads(zlib.decompress(f.read()))
            rows = [tuple(r) for r in entry["rows"]]
            chars = entry["chars"]
            if not isinstance(chars, int) or any(len(r) != ncols for r in rows):
                raise ValueError("bad entry")
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception:  # corrupt, truncated, another layout: extract again (and overwrite it)
            self.misses += 1
            return None
        self.hits += 1
        self._stamps.pop(key, None)
        return rows, chars

    def put(self, key: str | None, rows: list[tuple], chars: int) -> None:
        if key is None or self._changed(key):
            return
        store(self._file(key), zlib.compress(json.dumps({"rows": rows, "chars": chars}, ensure_ascii=False,
                                                        separators=(",", ":")).encode("utf-8"), 1))


def store(target: Path, blob: bytes) -> None:
    """Write `blob` to `target` in the cache folder whole (a temporary file renamed into place),
    or not at all: a full disk or a read-only cache folder costs the entry, never the run."""
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".part")
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
        os.replace(tmp, target)
        tmp = None
    except Exception:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
