"""Extraction past one machine: `claimx extract --engine dask [--scheduler ADDRESS]` runs the
documents on a Dask distributed cluster (the optional extra `claimx[dask]`) and writes the same
table, in the same order, as `--jobs 1`.

- The client (the `claimx` process) walks the inputs, asks the cache (claimx.cache: only the
  documents it misses go out), reads each remaining document's bytes and sends them with its
  task: workers need no shared file system, and what is extracted is exactly what the cache key
  hashed. Files that cannot be read (missing, too large, an unknown suffix) are reported by the
  client, as `claimx extract` reports them, and never sent.
- On a worker, each document is read and extracted in a forked child process (one kept per
  worker thread, replaced after a timeout, a crash or RETIRE_AFTER documents), the way
  claimx.runner does it on one machine: the worker thread waits on the child's pipe and kills
  it at `--timeout`; `--max-memory` caps the child's address space. A document that hangs, or
  crashes its reader, costs one error row, never a worker or the run. A worker that dies anyway
  is retried by Dask elsewhere; a document that kills workers again is reported (stage `crash`).
- At most a window of documents is out at a time (4 per worker thread), so the client's memory
  does not grow with the archive; results come back in document order.
- Every worker must run the same claimx code and reading libraries as the client (a content
  hash of the installed package, the library versions, the Python version), checked when the
  run starts and with every result: a cluster of mixed installs would write another table than
  `--jobs 1`, and fill the cache with it.

Dask is imported only here, and only when `--engine dask` is asked for.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import signal
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from . import runner
from .runner import FileError, Result

INSTALL = "pip install 'claimx[dask]'"
WORKERS_WAIT = 60.0  # seconds to wait for a scheduler to have a worker
WINDOW_PER_THREAD = 4  # documents out per worker thread
SCATTER_OVER = 1 << 20  # bytes: a larger document is scattered to a worker, not put in the task


class EngineError(Exception):
    """The cluster cannot be used (not installed, unreachable, mixed installs): a usage error."""


def missing() -> str | None:
    """Why `--engine dask` cannot run here (None when it can)."""
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as e:
        return f"--engine dask needs Dask distributed ({e.name or e} is not installed): {INSTALL}"
    return None


# ---------------------------------------------------------------- what must match on every worker

@cache
def fingerprint() -> str:
    """A hash of the installed claimx (file contents: two installs of the same code agree), the
    libraries that read documents and the Python version: what the table depends on."""
    from .cache import _library_versions

    root = Path(__file__).resolve().parent
    h = hashlib.sha256(f"{sys.version_info[0]}.{sys.version_info[1]}\0{_library_versions()}\0".encode())
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith((".py", ".toml", ".json", ".txt")):
                p = os.path.join(dirpath, name)
                with contextlib.suppress(OSError), open(p, "rb") as f:
                    h.update(f"{os.path.relpath(p, root)}\0".encode() + hashlib.sha256(f.read()).digest())
    return h.hexdigest()


def _about() -> tuple[str, str]:
    from . import __version__

    return fingerprint(), __version__


# ---------------------------------------------------------------- on a worker

_local = threading.local()
_warm_lock = threading.Lock()
_warmed = False


def _materialize(kind: str, content: bytes | None) -> str | None:
    """The user's data file (--aliases, --fiscal) as a file on this worker: sent as bytes, kept
    under a name made of its content in the temporary folder."""
    if content is None:
        return None
    path = Path(tempfile.gettempdir()) / f"claimx-{kind}-{hashlib.sha256(content).hexdigest()[:24]}.toml"
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.replace(tmp, path)
    return str(path)


def _use_fiscal(path: str | None) -> None:
    """This process's fiscal calendars: the listed ones plus the run's --fiscal file only (a
    worker lives on across runs with other files)."""
    from . import calendar

    calendar.reset_fiscal_years()
    if path:
        calendar.add_fiscal_years(Path(path))


class _Child:
    """A forked process that reads and extracts documents for one worker thread (runner._serve)."""

    def __init__(self, fiscal: str | None, max_memory: int):
        self.setup = (fiscal, max_memory)
        # (the thread that forked it lives as long as the worker)
        self.pid, self.conn = runner.fork_child(max_memory, lambda: _use_fiscal(fiscal))

    def kill(self) -> int:
        return runner.kill_child(self.pid, self.conn)

    def extract(self, item: tuple, timeout: float) -> tuple[Result, bool]:
        """The document's Result, and whether this child can take another one."""
        rel = item[1]
        self.conn.send(item)
        if not self.conn.poll(timeout if timeout and timeout > 0 else None):
            self.kill()
            return Result(rel, error=FileError(rel, "timeout", runner._timed_out(timeout))), False
        try:
            res, retire = self.conn.recv()
        except (EOFError, OSError):  # died under the document: a crash in a C library, the OOM killer
            status = self.kill()
            return Result(rel, error=FileError(rel, "crash", runner._crash_reason(status, self.setup[1]))), False
        if retire:
            self.kill()
        return res, not retire


def _warm() -> None:
    global _warmed
    with _warm_lock:
        if not _warmed:
            runner._warm()  # before the first fork: the children share the compiled patterns
            _warmed = True


def extract_one(path: str, rel: str, data: bytes, aliases: bytes | None, fiscal: bytes | None, timeout: float,
                max_memory: int) -> tuple[Result, str]:
    """The Dask task: the Result of the document at `path` (named `rel` in the table, its bytes
    `data`); never raises for the document. With this worker's fingerprint."""
    alias_path = _materialize("aliases", aliases)
    fiscal_path = _materialize("fiscal", fiscal)
    if not runner._can_fork():  # no child processes: in this thread, without limits
        _use_fiscal(fiscal_path)
        return runner.process((path, rel, 0, alias_path, data)), fingerprint()
    _warm()
    job = (path, rel, 0, alias_path, data)  # (the child's own alarm is off: this thread stops it)
    for attempt in range(2):
        child = getattr(_local, "child", None)
        if child is not None and child.setup != (fiscal_path, max_memory):
            child.kill()
            child = None
        if child is None:
            child = _local.child = _Child(fiscal_path, max_memory)
        try:
            res, alive = child.extract(job, timeout)
        except OSError:  # the pipe broke before the document went: a new child takes it
            child.kill()
            _local.child = None
            if attempt:
                raise
            continue
        if not alive:
            _local.child = None
        return res, fingerprint()
    raise AssertionError("unreachable")


# ---------------------------------------------------------------- on the client

class DaskEngine:
    """The extraction on a Dask cluster, for `claimx.runner.run(engine=...)`.

    With no `scheduler`, a LocalCluster of `jobs` worker processes (one thread each) is started
    and closed with the engine; with one (`tcp://host:8786`), the engine connects to it. Use as
    a context manager, or call `start()` and `close()`."""

    def __init__(self, scheduler: str | None = None, jobs: int = 1, aliases: Path | str | None = None,
                 fiscal: Path | str | None = None, processes: bool = True):
        self.scheduler = scheduler
        self.jobs = max(1, jobs)
        self.processes = processes
        self.aliases = Path(aliases).read_bytes() if aliases else None
        self.fiscal = Path(fiscal).read_bytes() if fiscal else None
        self.client = None
        self.cluster = None
        self.threads = 0

    def __enter__(self) -> DaskEngine:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        why = missing()
        if why:
            raise EngineError(why)
        from distributed import Client, LocalCluster

        try:
            if self.scheduler:
                self.client = Client(self.scheduler, timeout="20s", set_as_default=False)
                self.client.wait_for_workers(1, timeout=WORKERS_WAIT)
            else:
                # the worker processes start with Ctrl-C ignored (it reaches the whole process group:
                # the client decides, and closes them), as claimx.runner's workers do
                main = threading.current_thread() is threading.main_thread()
                old = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
                try:
                    self.cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=self.processes,
                                                dashboard_address=None, silence_logs=logging.ERROR,
                                                # (no dashboard; its health server on a free port, not 8787)
                                                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
                finally:
                    if old is not None:
                        signal.signal(signal.SIGINT, old)
                self.client = Client(self.cluster, set_as_default=False)
        except (OSError, TimeoutError) as e:
            self.close()
            where = f"the Dask scheduler at {self.scheduler}" if self.scheduler else "a local Dask cluster"
            raise EngineError(f"cannot use {where}: {e or type(e).__name__}") from None
        except BaseException:
            self.close()
            raise
        self.threads = sum(self.client.nthreads().values()) or 1
        mine = fingerprint()
        try:
            theirs = self.client.run(_about)
        except Exception as e:  # noqa: BLE001 (a worker that cannot run claimx at all)
            self.close()
            raise EngineError(f"the Dask workers cannot run claimx ({type(e).__name__}: {e}); install the "
                              f"same claimx on every worker") from None
        other = sorted(addr for addr, (fp, _) in theirs.items() if fp != mine)
        if other:
            from . import __version__

            ver = theirs[other[0]][1]
            self.close()
            raise EngineError(f"{len(other)} of {len(theirs)} Dask workers ({other[0]}, claimx {ver}) run other "
                              f"claimx code or reading libraries than this client (claimx {__version__}): install "
                              f"the same claimx, libraries and Python on every worker")

    def close(self) -> None:
        client, cluster = self.client, self.cluster
        self.client = self.cluster = None
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close()

    def _send(self, item: tuple) -> tuple | Result:
        """(path, name, bytes) for a worker, or the Result of a file the client cannot read."""
        from .read import ReadError, load_document

        path, rel = item[0], item[1]
        if len(item) > 4:  # stdin: already read
            return path, rel, item[4]
        try:
            _, data = load_document(Path(path))
        except ReadError as e:
            return Result(rel, error=FileError(rel, e.stage, e.reason))
        except MemoryError:
            return Result(rel, error=FileError(rel, "memory", "out of memory reading it"))
        return path, rel, data

    def __call__(self, items: list[tuple], jobs: int, timeout: float, max_memory: int,
                 tick: Callable[[], None] | None = None) -> Iterator[Result]:
        """Results of `items` (claimx.runner's) in order."""
        if not items:
            return
        if self.client is None:
            raise EngineError("the Dask engine is not started")
        from distributed import wait

        client = self.client
        run_id = uuid.uuid4().hex[:12]
        window = max(8, WINDOW_PER_THREAD * self.threads)
        out: dict[int, object] = {}  # index -> its future
        done: dict[int, Result] = {}
        sent = nxt = 0
        try:
            while nxt < len(items):
                while sent < len(items) and len(out) + len(done) < window:
                    job = self._send(items[sent])
                    if isinstance(job, Result):
                        done[sent] = job
                    else:
                        path, rel, data = job
                        if len(data) > SCATTER_OVER:  # (straight to a worker, not through the scheduler)
                            data = client.scatter(data, hash=False)
                        out[sent] = client.submit(extract_one, path, rel, data, self.aliases, self.fiscal, timeout,
                                                  max_memory, key=f"claimx-{run_id}-{sent}", pure=False)
                    sent += 1
                if nxt in done:
                    yield done.pop(nxt)
                    nxt += 1
                    continue
                with contextlib.suppress(TimeoutError), client.as_current():
                    wait(list(out.values()), timeout=0.5 if tick is not None else None, return_when="FIRST_COMPLETED")
                if tick is not None:
                    tick()
                for i in [i for i, f in out.items() if f.done()]:
                    done[i] = self._result(out.pop(i), items[i][1])
        finally:
            if out:
                with contextlib.suppress(Exception):
                    client.cancel(list(out.values()))

    @staticmethod
    def _result(future, rel: str) -> Result:
        try:
            res, theirs = future.result()
        except Exception as e:  # noqa: BLE001 (KilledWorker: the document took workers down with it)
            name = type(e).__name__
            stage = "crash" if name == "KilledWorker" else "worker"
            return Result(rel, error=FileError(rel, stage, f"the Dask worker failed on it ({name}: {e})".strip()))
        if theirs != fingerprint():
            return Result(rel, error=FileError(rel, "worker", "read by a Dask worker that runs other claimx code or "
                                                              "reading libraries than this client"))
        return res
