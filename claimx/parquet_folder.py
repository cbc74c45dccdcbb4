"""The claims table as a folder of Parquet files (`-o DIR/`), for archives whose table does not
fit one file or one process's memory: `part-00000.parquet`, `part-00001.parquet`, ... each of
at most ROWS_PER_PART rows, in the table's order (read the folder back with
`pd.read_parquet("DIR/")` or any Parquet dataset reader: the parts in name order are the table).
The writer holds one part in memory at a time, whatever the size of the archive.

Written whole or not at all: the parts go to a hidden folder beside the target, which is
renamed into place when the last part is written (a folder that a run wrote before is replaced:
moved aside, the new one renamed in, the old one deleted); an error or an interruption removes
the hidden folder. A folder holding anything but such parts is never replaced.
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

ROWS_PER_PART = 100_000
PART = re.compile(r"part-\d{5,}\.parquet")


def part_name(i: int) -> str:
    return f"part-{i:05d}.parquet"


def refusal(folder: Path, inputs: list[Path]) -> str | None:
    """Why `folder` cannot be written as a Parquet folder (None when it can): its parent is
    missing or not writable, it is a file, it is an input, or it holds other files than parts."""
    parent = folder.parent
    if not parent.is_dir():
        return f"output folder {parent} does not exist"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"cannot write in {parent}: permission denied"
    try:
        st = folder.stat()
    except OSError:
        return None  # a new folder
    if not stat.S_ISDIR(st.st_mode):
        return f"{folder} is a file; give a folder (DIR/) or a file name"
    for p in inputs:
        with contextlib.suppress(OSError):
            ps = p.stat()
            if (ps.st_dev, ps.st_ino) == (st.st_dev, st.st_ino):
                return f"{folder} is one of the inputs"
    try:
        other = sorted(name for name in os.listdir(folder) if not PART.fullmatch(name))
    except OSError as e:
        return f"cannot read {folder}: {e.strerror or e}"
    if other:
        return (f"{folder} holds other files than Parquet parts ({other[0]}{', ...' if len(other) > 1 else ''}); "
                f"give a new or empty folder")
    return None


def write_parquet_folder(rows: Iterable[dict], folder: Path | str, rows_per_part: int = ROWS_PER_PART) -> int:
    """Write the table to `folder` as Parquet parts of at most `rows_per_part` rows (an empty
    table: one part with no rows, so that the columns and their types are there). Returns the
    number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .table import parquet_schema, to_frame

    folder = Path(folder)
    if folder.is_symlink():
        folder = folder.resolve()
    parent = folder.parent
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".part", dir=parent))
    try:
        os.chmod(tmp, 0o777 & ~_umask())  # (mkdtemp makes 0700; give what mkdir would)
        schema = None
        n = parts = 0
        chunk: list[dict] = []

        def flush() -> None:
            nonlocal schema, parts
            df = to_frame(chunk, dates=True)
            if schema is None:
                schema = parquet_schema(df)
            pq.write_table(pa.Table.from_pandas(df, schema=schema, preserve_index=False), tmp / part_name(parts))
            parts += 1
            chunk.clear()

        for r in rows:
            chunk.append(r)
            n += 1
            if len(chunk) >= rows_per_part:
                flush()
        if chunk or not parts:
            flush()
        _replace(tmp, folder)
        tmp = None
        return n
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _replace(new: Path, folder: Path) -> None:
    """Put the folder `new` at `folder`; a folder there (of parts only: checked before the run)
    is moved aside and deleted once the new one is in place."""
    try:
        os.rename(new, folder)  # (a new name, or an empty folder there: one rename)
        return
    except OSError as e:
        if not folder.is_dir() or e.errno not in (errno.ENOTEMPTY, errno.EEXIST):
            raise
    old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=folder.parent))
    os.rename(folder, old / folder.name)
    try:
        os.rename(new, folder)
    except BaseException:
        os.rename(old / folder.name, folder)  # (put the previous table back)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def is_parquet_folder(folder: Path | str) -> bool:
    """A folder `claimx extract -o DIR/ --format parquet` wrote: Parquet parts and nothing else."""
    try:
        names = [n for n in os.listdir(folder) if not n.startswith(".")]
    except OSError:
        return False
    return bool(names) and all(PART.fullmatch(n) and os.path.isfile(os.path.join(folder, n)) for n in names)


def read_parquet_folder(folder: Path | str):
    """The table of a Parquet folder: its parts in name order, one DataFrame."""
    import pandas as pd

    folder = Path(folder)
    parts = sorted(p for p in os.listdir(folder) if PART.fullmatch(p))
    frames = [pd.read_parquet(folder / p) for p in parts]
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
