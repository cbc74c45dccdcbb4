"""Run the extraction over files and folders, one document at a time per worker, in document
order; a file that fails is reported, never fatal.

Each document is read and extracted in a worker process (forked, so it shares the language
data already loaded) that can be stopped: the parent kills a worker that runs past the time
limit, and each worker's address space is capped (`max_memory`), so a hostile file (a parser
that never returns, a zip bomb) costs one error row, not the run. The parent only waits on
the workers' pipes, so Ctrl-C and SIGTERM reach it at once; it kills its workers on the way out.
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .model import ALL_COLUMNS
from .read import READERS, STDIN, ReadError, read_document, read_stdin, walk

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from .cache import Cache

DEFAULT_TIMEOUT = 60.0  # seconds per document
DEFAULT_MAX_MEMORY = 2048  # MB of address space per worker
RETIRE_AFTER = 500  # documents a worker reads before a fresh one replaces it (caches do not grow)


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


class _Timeout(BaseException):  # (not an Exception: a reader's `except Exception` must not swallow it)
    pass


def _alarm(signum, frame):
    raise _Timeout()


@cache
def _aliases(path: str | None):
    from .attribute.aliases import load_aliases

    return load_aliases(Path(path)) if path else None


_MEMORY_LIMIT = 0  # MB; set in a worker whose address space is capped


def _out_of_memory() -> str:
    if _MEMORY_LIMIT:
        return f"out of memory: over the {_MEMORY_LIMIT} MB limit per document (--max-memory)"
    return "out of memory"


def _timed_out(timeout: float) -> str:
    return f"took longer than {timeout:g} s; stopped (--timeout)"


def _address_space() -> int:
    """Bytes of address space this process has mapped now (0 where /proc cannot tell)."""
    try:
        with open("/proc/self/statm") as f:
            import os

            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def process(item: tuple) -> Result:
    """Read and extract one file. Never raises: failures come back as `Result.error`.

    `item` is (path, name in the table, timeout, alias file[, the document's bytes]); the
    timeout here is an alarm in this process (the fallback where no worker can be forked).
    Bytes given are read by the path's suffix (a document from stdin: by its first bytes)."""
    path, rel, timeout, aliases, *data = item
    use_alarm = timeout and timeout > 0 and hasattr(signal, "SIGALRM")
    old = None
    stage = "read"
    try:
        if use_alarm:
            try:
                old = signal.signal(signal.SIGALRM, _alarm)
                signal.setitimer(signal.ITIMER_REAL, timeout)
            except ValueError:  # not the main thread: run without a limit
                use_alarm = False
        if not data:
            doc = read_document(Path(path), rel)
        elif Path(path) == STDIN:
            doc = read_stdin(data[0], rel)
        else:
            doc = READERS[Path(path).suffix.lower()](data[0], rel)
        stage = "extract"
        from .extract import extract_document

        claims = extract_document(doc, _aliases(aliases))
        for c in claims:
            c.encoding = doc.encoding
        return Result(rel, [c.as_tuple() for c in claims], len(doc.text))
    except ReadError as e:
        return Result(rel, error=FileError(rel, e.stage, e.reason))
    except _Timeout:
        return Result(rel, error=FileError(rel, "timeout", _timed_out(timeout)))
    except MemoryError:
        return Result(rel, error=FileError(rel, "memory", _out_of_memory()))
    except RecursionError:
        return Result(rel, error=FileError(rel, stage, "nested too deeply to read"))
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


# ---------------------------------------------------------------- workers

def _serve(conn, max_memory: int) -> None:
    """A worker's life: take documents from `conn`, send back (Result, retiring)."""
    global _MEMORY_LIMIT
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the parent decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if max_memory and max_memory > 0:
        try:
            import resource

            # the cap is on what a document adds to the address space the worker starts with (the
            # libraries and language data it shares with the parent are not the document's)
            cap = max_memory * 1024 * 1024 + _address_space()
            hard = resource.getrlimit(resource.RLIMIT_AS)[1]
            resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
            _MEMORY_LIMIT = max_memory
        except (ImportError, ValueError, OSError):
            pass
    done = 0
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        res = process(item)
        done += 1
        # after a MemoryError the heap may be fragmented or a library left in a bad state: retire
        retire = done >= RETIRE_AFTER or (res.error is not None and res.error.stage == "memory")
        try:
            conn.send((res, retire))
        except MemoryError:
            conn.send((Result(res.path, error=FileError(res.path, "memory", _out_of_memory())), True))
        if retire:
            return


def fork_child(max_memory: int, before_serving: Callable[[], None] = lambda: None) -> tuple[int, Connection]:
    """Fork a child that dies with its parent, runs `before_serving`, then serves documents on a
    pipe (_serve) until it retires; (its pid, the parent's end of the pipe)."""
    import multiprocessing as mp

    parent, child = mp.Pipe()
    with warnings.catch_warnings():  # Python 3.12 warns about fork when a library started threads
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child
        code = 0
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)  # (a Dask worker's handler is not the child's)
            _die_with_parent()
            parent.close()
            before_serving()
            _serve(child, max_memory)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    child.close()
    return pid, parent


class _Worker:
    __slots__ = ("pid", "conn", "jobs", "deadline")

    def __init__(self, max_memory: int, others: list[_Worker]):
        def before_serving():
            for w in others:
                w.conn.close()

        self.pid, self.conn = fork_child(max_memory, before_serving)
        # the documents sent to it, in order, as (index, item): it reads the first; the next one
        # waits in the pipe, so that the worker need not wait for the parent between documents
        self.jobs: deque[tuple[int, tuple]] = deque()
        self.deadline: float | None = None  # when the first one is over its time

    def give(self, index: int, item: tuple, timeout: float) -> None:
        if not self.jobs:
            self.deadline = time.monotonic() + timeout if timeout and timeout > 0 else None
        self.jobs.append((index, item))
        self.conn.send(item)

    def finished(self, timeout: float) -> tuple[int, tuple]:
        """The first document is done: its (index, item); the clock starts for the next."""
        job = self.jobs.popleft()
        self.deadline = time.monotonic() + timeout if self.jobs and timeout and timeout > 0 else None
        return job

    def kill(self) -> int:
        """Stop the worker now; return its wait status (0 if it had already gone)."""
        return kill_child(self.pid, self.conn)


def kill_child(pid: int, conn) -> int:
    """Stop a forked child now and close its pipe; its wait status (0 if it had already gone)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    conn.close()
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return 0


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the parent dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _crash_reason(status: int, max_memory: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        if sig == signal.SIGKILL:  # the kernel's out-of-memory killer, most likely
            return "the reader was killed (SIGKILL: out of memory?)"
        limit = f"; over the {max_memory} MB memory limit? (--max-memory)" if max_memory and max_memory > 0 else ""
        return f"the reader crashed ({name}){limit}"
    return f"the reader stopped unexpectedly (exit status {os.WEXITSTATUS(status)})"


def _can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


def _isolated(items: list[tuple], jobs: int, timeout: float, max_memory: int,
              tick: Callable[[], None] | None) -> Iterator[Result]:
    """Results of `items` in order, each read in a worker that is killed at `timeout`."""
    from multiprocessing.connection import wait

    pending = deque(enumerate(items))
    done: dict[int, Result] = {}
    workers: list[_Worker] = []
    nxt = 0

    def drop(w: _Worker) -> int:
        """Kill `w`; what it had not started goes back to the front of the queue."""
        status = w.kill()
        workers.remove(w)
        pending.extendleft(reversed(list(w.jobs)[1:]))
        return status

    try:
        while nxt < len(items):
            while nxt in done:
                yield done.pop(nxt)
                nxt += 1
            if nxt >= len(items):
                break
            while pending:
                # an idle worker, else a new one, else one more document queued behind a worker's
                # current one (not a document from stdin: its bytes could fill the pipe)
                w = next((w for w in workers if not w.jobs), None)
                if w is None and len(workers) < jobs:
                    w = _Worker(max_memory, workers)
                    workers.append(w)
                if w is None and len(pending[0][1]) == 4:
                    w = next((w for w in workers if len(w.jobs) == 1 and len(w.jobs[0][1]) == 4), None)
                if w is None:
                    break
                i, item = pending.popleft()
                try:
                    w.give(i, item, timeout)
                except OSError:  # the worker is gone: a new one takes the documents
                    w.jobs.appendleft((-1, ()))  # (what `drop` skips as the one being read)
                    drop(w)
            busy = [w for w in workers if w.jobs]
            now = time.monotonic()
            deadlines = [w.deadline for w in busy if w.deadline is not None]
            wait_for = max(0.0, min(deadlines) - now) if deadlines else None
            if tick is not None:
                wait_for = 0.5 if wait_for is None else min(wait_for, 0.5)
            ready = wait([w.conn for w in busy], timeout=wait_for)
            if tick is not None:
                tick()
            for w in busy:
                i, item = w.jobs[0]
                rel = item[1]
                if w.conn in ready:
                    try:
                        res, retire = w.conn.recv()
                    except (EOFError, OSError):  # died: a crash in a C library, the OOM killer
                        status = drop(w)
                        done[i] = Result(rel, error=FileError(rel, "crash", _crash_reason(status, max_memory)))
                        continue
                    w.finished(timeout)
                    done[i] = res
                    if retire:
                        w.jobs.appendleft((-1, ()))
                        drop(w)
                elif w.deadline is not None and time.monotonic() >= w.deadline:
                    drop(w)
                    done[i] = Result(rel, error=FileError(rel, "timeout", _timed_out(timeout)))
    finally:
        for w in workers:
            w.kill()


Engine = Callable[[list[tuple], int, float, int, Callable[[], None] | None], Iterator[Result]]


def run(paths: list[Path], jobs: int = 1, timeout: float = DEFAULT_TIMEOUT, aliases: Path | None = None,
        max_memory: int = DEFAULT_MAX_MEMORY, tick: Callable[[], None] | None = None,
        cache: Cache | None = None, engine: Engine | None = None) -> Iterator[Result]:
    """Results for every file under `paths`, in document order.

    Each document runs in a worker process killed after `timeout` seconds (0: no limit) whose
    address space is capped at `max_memory` MB (0: no cap); `tick` is called about twice a
    second while waiting (a progress display). With a `cache` (claimx.cache.Cache), a document
    whose rows are in it is not sent to a worker, and what a worker extracts is stored.
    `engine` extracts the documents instead of this machine's workers: called as
    `engine(items, jobs, timeout, max_memory, tick)`, it yields their Results in order
    (claimx.cluster.DaskEngine)."""
    extract = engine or _extract
    alias_path = str(aliases) if aliases else None
    _aliases(alias_path)  # a bad alias file fails here, once, before any document
    items: list[tuple] = []
    for p, rel in walk(paths):
        if p == STDIN:
            items.append((str(p), rel, timeout, alias_path, sys.stdin.buffer.read()))
        else:
            items.append((str(p), rel, timeout, alias_path))
    if cache is None:
        yield from extract(items, jobs, timeout, max_memory, tick)
        return
    # the cache is asked here, in the parent, before any document goes to a worker
    keys = [cache.key(it[0], it[1], it[4] if len(it) > 4 else None) for it in items]
    hits: dict[int, Result] = {}
    todo: list[int] = []
    for i, (it, k) in enumerate(zip(items, keys, strict=True)):
        got = cache.get(k, len(ALL_COLUMNS))
        if got is None:
            todo.append(i)
        else:
            hits[i] = Result(it[1], got[0], got[1])
    fresh = extract([items[i] for i in todo], jobs, timeout, max_memory, tick)
    try:
        for i in range(len(items)):
            if i in hits:
                yield hits.pop(i)
                continue
            res = next(fresh)
            if res.error is None:  # failures are not cached: a timeout may pass on a free machine
                cache.put(keys[i], res.rows, res.chars)
            yield res
    finally:
        fresh.close()


def _extract(items: list[tuple], jobs: int, timeout: float, max_memory: int,
             tick: Callable[[], None] | None) -> Iterator[Result]:
    if not items:
        return
    if not _can_fork():  # no worker processes: in this process, with an alarm where there is one
        for it in items:
            yield process(it)
        return
    if len(items) > 1:
        _warm()  # once, before the workers fork: they share it
    # the worker's own alarm is off: the parent stops it
    yield from _isolated([(p, rel, 0, a, *d) for p, rel, _, a, *d in items], max(1, jobs), timeout,
                         max_memory, tick)


@dataclass(slots=True)
class Summary:
    documents: int = 0
    claims: int = 0
    chars: int = 0
    errors: list[FileError] = field(default_factory=list)
    seconds: float = 0.0


def rows(paths: list[Path], summary: Summary, jobs: int = 1, timeout: float = DEFAULT_TIMEOUT,
         on_result=None, aliases: Path | None = None, max_memory: int = DEFAULT_MAX_MEMORY,
         tick: Callable[[], None] | None = None, cache: Cache | None = None,
         engine: Engine | None = None) -> Iterator[dict]:
    """Stream the table's rows; fill `summary` as documents go by."""
    t0 = time.perf_counter()
    results = run(paths, jobs, timeout, aliases, max_memory, tick, cache, engine)
    try:
        for res in results:
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
        results.close()  # stops the workers now, not when the generator is collected
        summary.seconds = time.perf_counter() - t0


def extract_paths(paths, jobs: int = 1, timeout: float = DEFAULT_TIMEOUT, aliases: Path | None = None,
                  max_memory: int = DEFAULT_MAX_MEMORY, engine: Engine | None = None):
    """The claims table of every document under `paths`, as a pandas DataFrame.

    Each document is read in a worker process stopped after `timeout` seconds and capped at
    `max_memory` MB (on a Dask cluster with `engine=claimx.cluster.DaskEngine(...)`, started).
    Files that cannot be read are skipped; their errors are in `df.attrs["errors"]` as
    (path, stage, reason).
    """
    from .table import to_frame

    if isinstance(paths, (str, Path)):
        paths = [paths]
    summary = Summary()
    df = to_frame(rows([Path(p) for p in paths], summary, jobs, timeout, aliases=aliases, max_memory=max_memory,
                       engine=engine))
    df.attrs["errors"] = [(e.path, e.stage, e.reason) for e in summary.errors]
    return df

