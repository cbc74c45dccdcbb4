"""The claims table: rows in the contract's column order, and its writers.

Every writer is atomic: it writes a temporary file beside the target and renames it
into place only when the whole table is written, so an interrupted run (an error,
Ctrl-C, SIGTERM, even SIGKILL on Linux) never leaves a half-written output file.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from .model import ALL_COLUMNS

FORMATS = ("csv", "jsonl", "parquet")


def _cell(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:.15g}"
    return str(v)


def _jsonable(v):
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None
    return v


def _file_mode(path: Path) -> int:
    """The mode a new file would get (0666 less the umask), or the mode of the file replaced."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _unnamed_file(folder: Path) -> int | None:
    """A file in `folder` with no name yet (Linux O_TMPFILE): if the process dies, even by
    SIGKILL, it vanishes with it. None where the system or file system has none."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(folder, flag | os.O_RDWR, 0o600)
    except OSError:  # (EOPNOTSUPP, EISDIR on old kernels, EINVAL ...): a named temp file then
        return None


def _give_name(fd: int, path: Path) -> None:
    """Link the unnamed file `fd` at `path`, replacing what is there, in one rename."""
    folder = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        for _ in range(100):
            tmp = f".{path.name}.{os.urandom(4).hex()}.part"
            try:  # linkat(AT_SYMLINK_FOLLOW) of /proc/self/fd/N: the way to name it (a dir fd makes
                # Python call linkat, not link)
                os.link(f"/proc/self/fd/{fd}", tmp, dst_dir_fd=folder, follow_symlinks=True)
                break
            except FileExistsError:
                continue
        else:
            raise FileExistsError(f"cannot name a temporary file beside {path}")
        try:
            os.replace(tmp, path.name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=folder)
            raise
    finally:
        os.close(folder)


@contextlib.contextmanager
def atomic_output(path: Path, mode: str = "w", **kw) -> Iterator:
    """Open a temp file beside `path`; move it into place only if the block succeeds.

    On Linux the temp file has no name until the table is whole (O_TMPFILE), so not even a
    SIGKILL leaves a `.part` behind; elsewhere it is a hidden `.NAME.XXXX.part`, removed on
    any error or interruption. A symlink is written through (its target is replaced, the
    link stays); a path that exists and is no regular file (/dev/null, a FIFO, /dev/fd/N of
    a shell's `>(…)`) is written to directly, since it cannot be replaced."""
    path = Path(path)
    try:
        regular = stat.S_ISREG(path.stat().st_mode)
    except OSError:
        regular = True  # a new file
    if not regular:
        with open(path, mode, **kw) as f:
            yield f
        return
    if path.is_symlink():
        path = path.resolve()
    folder = path.parent or Path(".")
    fd = _unnamed_file(folder)
    if fd is not None:
        with os.fdopen(fd, mode, **kw) as f:
            yield f
            f.flush()
            os.fchmod(fd, _file_mode(path))  # what open() would give
            _give_name(fd, path)
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, mode, **kw) as f:
            yield f
        os.chmod(tmp, _file_mode(path))  # mkstemp makes 0600; give what open() would
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# Text cells a spreadsheet would run as a formula (=HYPERLINK(…), +cmd, -cmd, @SUM) get a
# leading apostrophe in CSV, as OWASP advises; `quote` is never touched (it is a figure as
# written), nor are the numeric columns (a negative value is a number, not a formula).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TEXT_COLUMNS = frozenset({"doc", "subject", "source", "context", "cited"})


_CSV_COLUMNS = tuple((c, c in _TEXT_COLUMNS) for c in ALL_COLUMNS)  # (column, guarded against formulas)


def _csv_cells(r: dict) -> list[str]:
    """The CSV cells of a row: `_cell` of each value, text cells (most of them) as they are, and
    an apostrophe before a text column's formula (a lone "-", the document read from stdin, is
    no formula)."""
    cells = []
    for c, guarded in _CSV_COLUMNS:
        v = r.get(c)
        s = v if type(v) is str else _cell(v)
        if guarded and s.startswith(_FORMULA_START) and s != "-":
            s = "'" + s
        cells.append(s)
    return cells


def write_csv(rows: Iterable[dict], out: io.TextIOBase, bom: bool = True) -> int:
    if bom:
        out.write("\ufeff")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(ALL_COLUMNS)
    n = 0
    for r in rows:
        w.writerow(_csv_cells(r))
        n += 1
    return n


def write_jsonl(rows: Iterable[dict], out: io.TextIOBase) -> int:
    n = 0
    for r in rows:
        out.write(json.dumps({c: _jsonable(r.get(c)) for c in ALL_COLUMNS}, ensure_ascii=False) + "\n")
        n += 1
    return n


def to_frame(rows: Iterable[dict], dates: bool = False):
    """The table as a DataFrame: `page` Int64, `line` `start` `end` int64, `value` `low` `high`
    float64, `forecast` bool, the rest text (`period` too: `2021` is a period, not a number).
    With `dates` (Parquet), `published` holds dates (datetime.date, None when unknown)."""
    import pandas as pd

    df = pd.DataFrame(list(rows), columns=list(ALL_COLUMNS))
    if dates:  # datetime.date, None when unknown; parquet_schema types the column date32
        day = pd.to_datetime(df["published"].replace("", None), format="%Y-%m-%d", errors="coerce")
        df["published"] = pd.Series([None if pd.isna(d) else d.date() for d in day], index=df.index,
                                    dtype=object)
    df["page"] = df["page"].astype("Int64")
    for c in ("line", "start", "end"):
        df[c] = df[c].astype("int64")
    for c in ("value", "low", "high"):
        df[c] = df[c].astype("float64")
    df["forecast"] = df["forecast"].astype(bool)
    if df.empty:  # (no values to infer from: text columns would be typed null in Parquet)
        for c in df.columns:
            if df[c].dtype == object and not (dates and c == "published"):
                df[c] = df[c].astype("string")
    return df


def parquet_schema(df):
    """The Arrow schema of a table from `to_frame(rows, dates=True)`: as pandas gives it, with
    `published` a date32 column even when no row knows its date (else it would be typed null)."""
    import pyarrow as pa

    schema = pa.Schema.from_pandas(df, preserve_index=False)
    return schema.set(schema.get_field_index("published"), pa.field("published", pa.date32()))


def write(rows: Iterable[dict], output: str | None, fmt: str = "csv", bom: bool = True) -> int:
    """Write the table to `output` ('-' or None: stdout). Returns the number of rows."""
    to_stdout = output in (None, "-")
    if fmt == "parquet":
        if to_stdout:
            raise ValueError("parquet cannot be written to stdout; give -o FILE")
        df = to_frame(rows, dates=True)
        with atomic_output(Path(output), "wb") as f:
            df.to_parquet(f, index=False, schema=parquet_schema(df))
        return len(df)
    if to_stdout:
        out = sys.stdout
        return write_csv(rows, out, bom=False) if fmt == "csv" else write_jsonl(rows, out)
    with atomic_output(Path(output), "w", encoding="utf-8", errors="replace", newline="") as f:
        return write_csv(rows, f, bom=bom) if fmt == "csv" else write_jsonl(rows, f)
