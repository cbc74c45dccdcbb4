"""`claimx check`: read, check, report, and an exit status for CI.

0: nothing at or above --fail-on; 1: findings at or above it, or a document of a folder
(or a row of a table) that could not be read (not checked, so not passed: the convention
of `claimx extract`); 2: bad usage or a table that cannot be read.

Outputs never replace an input: a report or baseline written over a table or a document
being checked, or into a checked folder under a name the next run would read as a
document, is a usage error and nothing is written.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from ..table import atomic_output
from . import _aliases, check_items
from .findings import SEVERITY_RANK, Baseline, BaselineError, read_baseline
from .findings import write_baseline as baseline_text
from .item import prepare
from .load import TableError, load_inputs
from .report import FORMATS, Summary, render

FAIL_ON = {"error": SEVERITY_RANK["error"], "warning": SEVERITY_RANK["warning"],
           "info": SEVERITY_RANK["info"], "never": None}


def _error(message: str) -> int:
    print(f"claimx check: error: {message}", file=sys.stderr)
    return 2


class OutputError(OSError):
    """An output that could not be written, named as the user gave it (not its temporary file)."""


def write_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Whole or not at all (the same writer as the claims table): the temporary file is made
    in the output's own folder, and an error names the output, never the temporary file."""
    path = Path(path)
    try:
        with atomic_output(path, "w", encoding=encoding, newline="") as f:
            f.write(text)
    except OSError as e:
        raise OutputError(f"cannot write {path}: {_why(path, e)}") from e


def _why(path: Path, e: OSError) -> str:
    folder = path.parent
    if not folder.is_dir():
        return f"its folder {folder} does not exist"
    if path.is_dir():
        return "it is a folder"
    return e.strerror or str(e)


def _document_suffixes() -> frozenset[str]:
    from ..read import READERS

    return frozenset(READERS)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def clobbers(target: Path, inputs: list[Path]) -> str | None:
    """Why writing `target` would destroy or pollute an input, or None when it is safe."""
    target = Path(target)
    if str(target) in ("-", "/dev/stdout", "/dev/stderr"):
        return None
    try:
        if target.exists() and not target.is_file() and not target.is_dir():
            return None  # a FIFO, /dev/null: written to, never replaced
    except OSError:
        return None
    resolved = target.resolve()
    for p in inputs:
        p = Path(p)
        if _same(target, p):
            return f"{target} is one of the inputs; it would be overwritten"
        if (p.is_dir() and resolved.is_relative_to(p.resolve()) and not resolved.name.startswith(".")
                and resolved.suffix.lower() in _document_suffixes()):
            return (f"{target} is a document of the folder being checked ({p}); it would be "
                    f"{'overwritten' if target.exists() else 'read as a report next time'}")
    return None


def _root(inputs: list[Path]) -> str:
    """Folder that document paths are relative to (for annotation paths), when known."""
    if len(inputs) == 1 and Path(inputs[0]).is_dir():
        return Path(inputs[0]).as_posix()
    return ""


def run_check(inputs: list[Path], format: str = "text", output: Path | None = None,
              tolerance: float = 0.005, fail_on: str = "error", aliases: Path | None = None,
              baseline: Path | None = None, write_baseline: Path | None = None) -> int:
    fmt_name = format
    if fmt_name not in FORMATS:
        return _error(f"unknown --format {fmt_name!r}; choose one of {', '.join(FORMATS)}")
    if fail_on not in FAIL_ON:
        return _error(f"unknown --fail-on {fail_on!r}; choose one of {', '.join(FAIL_ON)}")
    if tolerance is None or not 0 <= tolerance < 1:
        return _error(f"--tolerance must be a fraction in [0, 1), e.g. 0.005 for 0.5%; got {tolerance}")
    if not inputs:
        return _error("give a claims table (.csv, .jsonl, .parquet) or a folder of documents")
    outputs = [("-o", output), ("--write-baseline", write_baseline)]
    protected = [*(Path(p) for p in inputs), *(Path(p) for p in (aliases, baseline) if p)]
    for flag, target in outputs:
        if target is None:
            continue
        if flag == "--write-baseline" and baseline and _same(Path(target), Path(baseline)):
            continue  # re-recording the baseline in place is what --write-baseline is for
        reason = clobbers(Path(target), protected)
        if reason:
            return _error(f"{flag} {target}: {reason}; write it somewhere else")
    if output is not None and write_baseline is not None and _same(Path(output), Path(write_baseline)):
        return _error(f"-o and --write-baseline name the same file {output}")
    try:
        table = _aliases(aliases)
    except (OSError, ValueError) as e:
        return _error(f"cannot read --aliases {aliases}: {e}")
    try:
        known = read_baseline(baseline) if baseline else Baseline()
        loaded = load_inputs([Path(p) for p in inputs])
    except (TableError, BaselineError) as e:
        return _error(str(e))
    claims = loaded.claims
    items = prepare(claims, table)
    findings = check_items(items, tolerance)
    try:
        if write_baseline:
            write_atomic(Path(write_baseline), baseline_text(findings))
            known = Baseline.of(findings)
            print(f"claimx check: wrote {len(findings)} finding(s) to the baseline {write_baseline}",
                  file=sys.stderr)
            shown = findings
        else:
            shown = [f for f in findings if not known.knows(f)]
        summary = Summary(claims=len(claims), checked=len(items), known=len(findings) - len(shown),
                          root=_root(inputs), unread=len(loaded.unread),
                          documents=len({c.doc for c in claims}), bad_rows=len(loaded.bad_rows))
        if output is not None and str(output) != "-":
            report = render(shown, fmt_name, summary, color=False, width=100)
            write_atomic(Path(output), report, encoding="utf-8-sig" if fmt_name == "csv" else "utf-8")
        else:
            tty = sys.stdout.isatty()
            color = tty and not os.environ.get("NO_COLOR")  # https://no-color.org
            width = shutil.get_terminal_size((100, 20)).columns if tty else 100
            sys.stdout.write(render(shown, fmt_name, summary, color=color, width=width))
            sys.stdout.flush()
    except OutputError as e:
        return _error(str(e))
    except OSError as e:
        return _error(f"cannot write: {e}")
    if loaded.unread or loaded.bad_rows:
        return 1  # as `claimx extract`: some document or row could not be read, so it was not checked
    threshold = FAIL_ON[fail_on]
    if threshold is None:
        return 0
    failing = [f for f in findings if not known.knows(f) and SEVERITY_RANK[f.severity] >= threshold]
    return 1 if failing else 0
