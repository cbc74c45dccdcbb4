"""Run the extraction over files and folders: one document at a time per worker, in
document order, with a per-file time limit; a file that fails is reported, never fatal."""
from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .extract import extract_document
from .model import ALL_COLUMNS
from .read import ReadError, read_document, walk


@dataclass(slots=True)
class FileError:
    path: str
    stage: str
    reason: str


@dataclass(slots=True)
class Result:
    path: str
    rows: list[tuple] = field(default_factory=list)  # values in ALL_COLUMNS order: cheap to pass between processes
    chars: int = 0
    error: FileError | None = None


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


@cache
def _aliases(path: str | None):
    from .attribute.aliases import load_aliases

    return load_aliases(Path(path)) if path else None


def process(item: tuple[str, str, float, str | None]) -> Result:
    """Read and extract one file. Never raises: failures come back as `Result.error`."""
    path, rel, timeout, aliases = item
    use_alarm = timeout and timeout > 0 and hasattr(signal, "SIGALRM")
    old = None
    try:
        if use_alarm:
            try:
                old = signal.signal(signal.SIGALRM, _alarm)
                signal.setitimer(signal.ITIMER_REAL, timeout)
            except ValueError:  # not the main thread: run without a limit
                use_alarm = False
        stage = "read"
        doc = read_document(Path(path), rel)
        stage = "extract"
        claims = extract_document(doc, _aliases(aliases))
        for c in claims:
            c.encoding = doc.encoding
        return Result(rel, [c.as_tuple() for c in claims], len(doc.text))
    except ReadError as e:
        return Result(rel, error=FileError(rel, e.stage, e.reason))
    except _Timeout:
        return Result(rel, error=FileError(rel, "timeout", f"took longer than {timeout:g} s; stopped"))
    except MemoryError:
        return Result(rel, error=FileError(rel, stage, "out of memory"))
    except Exception as e:  # a bug or a library failure on a strange file: report, go on
        return Result(rel, error=FileError(rel, stage, f"{type(e).__name__}: {e}".strip()))
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            if old is not None:
                signal.signal(signal.SIGALRM, old)


def _warm() -> None:
    """Load the language data and compile the patterns once, before workers fork."""
    from .extract import extract_text

    extract_text("2021年全球市场规模为1亿美元。")


def run(paths: list[Path], jobs: int = 1, timeout: float = 60.0, aliases: Path | None = None) -> Iterator[Result]:
    """Results for every file under `paths`, in document order."""
    alias_path = str(aliases) if aliases else None
    _aliases(alias_path)  # a bad alias file fails here, once, before any document
    items = [(str(p), rel, timeout, alias_path) for p, rel in walk(paths)]
    if jobs <= 1 or len(items) <= 1:
        for it in items:
            yield process(it)
        return
    import multiprocessing as mp

    _warm()
    ctx = mp.get_context("fork")
    with ctx.Pool(jobs, maxtasksperchild=500) as pool:
        # a few documents per message to a worker (each message costs a round trip), while every
        # worker still gets many messages (so one slow document does not leave the others idle)
        chunk = max(1, min(8, len(items) // (jobs * 16)))
        yield from pool.imap(process, items, chunksize=chunk)


@dataclass(slots=True)
class Summary:
    documents: int = 0
    claims: int = 0
    chars: int = 0
    errors: list[FileError] = field(default_factory=list)
    seconds: float = 0.0


def rows(paths: list[Path], summary: Summary, jobs: int = 1, timeout: float = 60.0,
         on_result=None, aliases: Path | None = None) -> Iterator[dict]:
    """Stream the table's rows; fill `summary` as documents go by."""
    t0 = time.perf_counter()
    try:
        for res in run(paths, jobs, timeout, aliases):
            summary.documents += 1
            if res.error is not None:
                summary.errors.append(res.error)
            else:
                summary.claims += len(res.rows)
                summary.chars += res.chars
                for r in res.rows:
                    yield dict(zip(ALL_COLUMNS, r, strict=True))
            if on_result is not None:
                on_result(res)
    finally:
        summary.seconds = time.perf_counter() - t0


def extract_paths(paths, jobs: int = 1, timeout: float = 60.0, aliases: Path | None = None):
    """The claims table of every document under `paths`, as a pandas DataFrame.

    Files that cannot be read are skipped; their errors are in `df.attrs["errors"]`.
    """
    from .table import to_frame

    if isinstance(paths, (str, Path)):
        paths = [paths]
    summary = Summary()
    df = to_frame(rows([Path(p) for p in paths], summary, jobs, timeout, aliases=aliases))
    df.attrs["errors"] = [(e.path, e.stage, e.reason) for e in summary.errors]
    return df

