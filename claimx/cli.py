"""The command line: a thin layer over the library (`claimx.runner`, `claimx.check`).

Heavy libraries (pandas, pint, opencc) are imported inside the commands so that
`claimx --help` starts fast.
"""
from __future__ import annotations

import os
import signal
import sys
from enum import StrEnum
from pathlib import Path

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Extract every quantitative claim from a folder of Chinese reports, and cross-check them.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class TableFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


class Engine(StrEnum):
    local = "local"
    dask = "dask"


def _err(msg: str) -> None:
    sys.stderr.write(f"claimx: {msg}\n")


def _check_writable(target: Path) -> None:
    """Exit 2 with a clear message when `target` cannot be written (before any work is done)."""
    try:
        if not target.parent.exists():
            _err(f"error: output folder {target.parent} does not exist")
            raise typer.Exit(2)
        if target.is_dir():
            _err(f"error: cannot write {target}: it is a folder; give a file name (or {target}/ for a folder of Parquet parts)")
            raise typer.Exit(2)
        if not os.access(target.parent, os.W_OK | os.X_OK) and not (target.exists() and os.access(target, os.W_OK)):
            _err(f"error: cannot write {target}: permission denied")
            raise typer.Exit(2)
    except OSError as e:
        _err(f"error: cannot write {target}: {e.strerror or e}")
        raise typer.Exit(2) from None


class _Terminated(KeyboardInterrupt):
    """SIGTERM: ends a run the way Ctrl-C does, with exit status 143 (128 + SIGTERM)."""


def _terminate_as_interrupt() -> None:
    """SIGTERM (CI cancellation, `timeout`) ends a run the way Ctrl-C does: no partial output."""
    main = os.getpid()

    def handler(signum, frame):
        if os.getpid() != main:  # a worker forked before it set its own handler: just end
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        raise _Terminated

    signal.signal(signal.SIGTERM, handler)


def _input_clash(target: Path, paths: list[Path]) -> str | None:
    """Why writing `target` would overwrite an input (one of `paths`, or a document inside one
    of the folders), or None."""
    import stat

    try:
        st = target.stat()
    except OSError:
        return None  # a new file overwrites nothing
    if not stat.S_ISREG(st.st_mode):
        return None  # /dev/stdout, a FIFO: written to, not replaced
    same = (st.st_dev, st.st_ino)
    from .read import READERS, STDIN, walk

    folders = []
    for p in paths:
        if p == STDIN:
            continue
        try:
            ps = p.stat()
        except OSError:
            continue
        if (ps.st_dev, ps.st_ino) == same:
            return f"{target} is one of the inputs"
        if stat.S_ISDIR(ps.st_mode):
            folders.append(p)
    if folders and target.suffix.lower() in READERS:  # only such files are read inside a folder
        for f, rel in walk(folders):
            try:
                fs = f.stat()
            except OSError:
                continue
            if (fs.st_dev, fs.st_ino) == same:
                return f"{target} is a document the run reads" + (f" ({rel})" if rel != target.as_posix() else "")
    return None


def _quiet_broken_pipe() -> None:
    """The reader of stdout went away (`claimx extract … | head`): end quietly, as Unix tools do."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # (Python flushes stdout at exit: let that go nowhere)
    except (OSError, ValueError):
        pass


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        sys.stdout.write(f"claimx {version('claimx')}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """claimx: claims from Chinese reports."""


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Files or folders (walked recursively: .txt .md and the other supported formats)."),
    output: str = typer.Option("-", "-o", "--output", help="Output file; '-' writes CSV to stdout; DIR/ (a trailing "
                               "slash) a folder of Parquet files of at most 100,000 rows each."),
    fmt: TableFormat = typer.Option(None, "--format", "-f", help="csv, jsonl or parquet (default: from the -o suffix, else csv)."),
    no_bom: bool = typer.Option(False, "--no-bom", help="No UTF-8 BOM in CSV files (the BOM makes Excel and WPS read Chinese right)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes."),
    timeout: float = typer.Option(60.0, "--timeout", min=0, help="Per-file time limit in seconds (0: none)."),
    max_memory: int = typer.Option(2048, "--max-memory", min=0, metavar="MB",
                                   help="Per-file memory limit in MB (address space of its worker; 0: none)."),
    errors: Path = typer.Option(None, "--errors", help="Also write the files that failed as a CSV table (path, stage, reason)."),
    aliases: Path = typer.Option(None, "--aliases", help="Extra subject aliases (TOML, same format as claimx/data/aliases.toml)."),
    fiscal: Path = typer.Option(None, "--fiscal", help="Extra fiscal calendars (TOML, same format as claimx/data/fiscal.toml)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Extract every document again; neither read nor write the cache "
                                  "(kept in $CLAIMX_CACHE_DIR, else $XDG_CACHE_HOME/claimx or ~/.cache/claimx)."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local: worker processes on this machine; dask: a Dask "
                                  "cluster (pip install 'claimx\\[dask]'), local with --jobs workers unless --scheduler."),
    scheduler: str = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                  help="With --engine dask: the scheduler to use (tcp://host:8786)."),
) -> None:
    """Extract the claims table (columns: docs/claims.md) from PATHS ('-': a document on stdin)."""
    from .read import STDIN
    from .runner import Summary, rows
    from .table import write

    missing = [p for p in paths if p != STDIN and not os.path.lexists(p)]  # (a link that leads nowhere: its error)
    if len(missing) == len(paths):  # a typo must not replace the last good output with an empty table
        _err(f"error: no such file or folder: {', '.join(str(p) for p in missing)}")
        raise typer.Exit(2)
    parts = output.endswith(("/", os.sep)) and output not in ("/", os.sep)  # -o DIR/: Parquet parts
    if parts:
        if fmt not in (None, TableFormat.parquet):
            _err(f"error: -o {output} writes a folder of Parquet parts; give --format parquet or -o FILE.{fmt.value}")
            raise typer.Exit(2)
        fmt = TableFormat.parquet
        from .parquet_folder import refusal

        if (why := refusal(Path(output), paths)) is not None:
            _err(f"error: will not write {output}: {why}")
            raise typer.Exit(2)
    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output not in ("-", "") else "csv"
        if suffix and suffix not in TableFormat.__members__:
            _err(f"error: cannot tell the table format from .{suffix}: name the file .csv, .jsonl or .parquet, or give --format")
            raise typer.Exit(2)
        fmt = TableFormat(suffix) if suffix else TableFormat.csv
    for target in ([output] if output not in ("-", "") and not parts else []) + ([str(errors)] if errors else []):
        _check_writable(Path(target))
        if (clash := _input_clash(Path(target), paths)) is not None:
            _err(f"error: will not write {target}: {clash}; choose another output file")
            raise typer.Exit(2)
    if fmt is TableFormat.parquet and output in ("-", ""):
        _err("error: parquet needs a file: give -o FILE.parquet")
        raise typer.Exit(2)

    if aliases is not None:
        try:
            from .attribute.aliases import load_aliases

            load_aliases(aliases)
        except (OSError, ValueError) as e:
            _err(f"error: cannot read --aliases {aliases}: {e}")
            raise typer.Exit(2) from None
    _use_fiscal(fiscal)
    dask = _dask_engine(scheduler, jobs, aliases, fiscal) if engine is Engine.dask else None
    if scheduler and dask is None:
        _err("error: --scheduler needs --engine dask")
        raise typer.Exit(2)
    summary = Summary()
    progress = None
    on_result = None
    if not quiet and sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        # no refresh thread (workers are forked: a process with threads should not fork); the
        # runner calls `tick` while it waits
        progress = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            TextColumn("{task.fields[name]}"), transient=True, console=_console(),
                            auto_refresh=False)
        from .read import walk

        total = sum(1 for _ in walk(paths))
        task = progress.add_task("extract", total=total, name="")

        def on_result(res):
            progress.update(task, advance=1, name=res.path[-40:])
            progress.refresh()

    def report(res):
        if res.error is not None:
            e = res.error
            msg = f"error: {e.path}: {e.reason}"
            if progress is not None:
                progress.console.print(f"claimx: {msg}", markup=False, highlight=False)
            else:
                _err(msg)
        if on_result is not None:
            on_result(res)

    cache = None
    if not no_cache:
        from .cache import Cache

        cache = Cache(aliases=aliases, fiscal=fiscal)
    _terminate_as_interrupt()
    table = rows(paths, summary, jobs=jobs, timeout=timeout, on_result=report, aliases=aliases,
                 max_memory=max_memory, tick=progress.refresh if progress is not None else None, cache=cache,
                 engine=dask)
    try:
        if progress is not None:
            progress.start()
        if parts:
            from .parquet_folder import write_parquet_folder

            n = write_parquet_folder(table, Path(output))
        else:
            n = write(table, output, fmt.value, bom=not no_bom)
    except KeyboardInterrupt as e:
        table.close()  # the workers stop now, before the message
        terminated = isinstance(e, _Terminated)
        if output in ("-", ""):
            _err("terminated" if terminated else "interrupted")
        else:
            _err(f"{'terminated' if terminated else 'interrupted'}: no output written")
        raise typer.Exit(143 if terminated else 130) from None
    except BrokenPipeError:
        if output in ("-", ""):
            _quiet_broken_pipe()
            raise typer.Exit(141) from None  # 128 + SIGPIPE, what `yes | head` leaves
        _err(f"error: cannot write {output}: broken pipe")
        raise typer.Exit(2) from None
    except OSError as e:
        _err(f"error: cannot write {output}: {e.strerror or e}")
        raise typer.Exit(2) from None
    finally:
        table.close()
        if dask is not None:
            dask.close()
        if progress is not None:
            progress.stop()
    if errors is not None:
        try:
            _write_errors(errors, summary.errors)
        except OSError as e:
            _err(f"error: cannot write {errors}: {e.strerror or e}")
            raise typer.Exit(2) from None
    if not quiet:
        mb = summary.chars / 1e6
        speed = f", {mb / summary.seconds:.2f} MB/s" if summary.seconds > 0 and mb > 0.5 else ""
        dest = "" if output in ("-", "") else f" -> {output}"
        if cache is not None and cache.hits:
            dest = f" ({cache.hits} from cache){dest}"
        _console().print(
            f"[bold]{summary.documents}[/] {_plural(summary.documents, 'document')}, [bold]{n}[/] {_plural(n, 'claim')}, "
            f"[{'red' if summary.errors else 'green'}]{len(summary.errors)} {_plural(len(summary.errors), 'error')}[/] "
            f"in {summary.seconds:.1f} s{speed}{dest}", highlight=False)
    raise typer.Exit(1 if summary.errors else 0)


def _dask_engine(scheduler: str | None, jobs: int, aliases: Path | None, fiscal: Path | None):
    """The started Dask engine (claimx.cluster); a usage error (exit 2) when it cannot start."""
    from .cluster import EngineError, missing

    if (why := missing()) is not None:
        _err(f"error: {why}")
        raise typer.Exit(2)
    from .cluster import DaskEngine

    try:
        engine = DaskEngine(scheduler, jobs, aliases, fiscal)
        engine.start()
    except EngineError as e:
        _err(f"error: {e}")
        raise typer.Exit(2) from None
    return engine


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def _use_fiscal(path: Path | None) -> None:
    """Add the user's fiscal calendars for this run; a bad file is a usage error (exit 2)."""
    if path is None:
        return
    from .calendar import add_fiscal_years

    try:
        add_fiscal_years(path)
    except (OSError, ValueError) as e:
        _err(f"error: cannot read --fiscal {path}: {e}")
        raise typer.Exit(2) from None


@app.command()
def check(
    inputs: list[Path] = typer.Argument(..., help="Claims tables (.csv .jsonl .parquet from `extract`) or folders (extracted first)."),
    fmt: str = typer.Option("text", "--format", "-f", help="text, json (JSON Lines), csv, md, github (annotations) or html (a self-contained page)."),
    output: Path = typer.Option(None, "-o", "--output", help="Write the findings to this file (whole or not at all; never over an input); '-' is stdout."),
    tolerance: float = typer.Option(0.005, "--tolerance", help="Relative tolerance on top of rounding (0.005 = 0.5%)."),
    fail_on: str = typer.Option("error", "--fail-on", help="Exit 1 on findings at or above: error, warning, info, never."),
    aliases: Path = typer.Option(None, "--aliases", help="Extra subject aliases (TOML, same format as data/aliases.toml)."),
    fiscal: Path = typer.Option(None, "--fiscal", help="Extra fiscal calendars (TOML, same format as data/fiscal.toml)."),
    baseline: Path = typer.Option(None, "--baseline", help="Known findings (from --write-baseline): only new ones fail."),
    write_baseline: Path = typer.Option(None, "--write-baseline", help="Record today's findings as the baseline."),
) -> None:
    """Report contradictions, agreements and figures that do not add up (docs/check.md)."""
    from .check.command import run_check

    _use_fiscal(fiscal)
    raise typer.Exit(run_check(inputs, fmt, output, tolerance, fail_on, aliases, baseline, write_baseline))


def _console():
    from rich.console import Console

    return Console(stderr=True)


def _write_errors(path: Path, errs) -> None:
    import csv

    from .table import atomic_output

    with atomic_output(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["path", "stage", "reason"])
        for e in errs:
            w.writerow([e.path, e.stage, e.reason])


def main() -> None:
    app()


if __name__ == "__main__":
    main()
