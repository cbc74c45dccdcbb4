"""Helpers the CLI tests share: run the CLI in-process, and readers that misbehave in the worker."""
import signal
import time

from typer.testing import CliRunner

import claimx.read
from claimx.cli import app


def invoke(*args, **kw):
    """Run the CLI in-process; fail on any traceback (an uncaught exception is a bug)."""
    result = CliRunner().invoke(app, [str(a) for a in args], **kw)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"uncaught {result.exception!r}\nstderr: {result.stderr}")
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    return result


def hostile_reader(monkeypatch, action):
    """`.txt` files named hostile* do `action` in the reader (in the worker process)."""
    real = claimx.read.READERS[".txt"]

    def reader(data: bytes, path: str):
        if "hostile" in path:
            action()
        return real(data, path)

    monkeypatch.setitem(claimx.read.READERS, ".txt", reader)


def hang():
    # like a C parser that never returns: no signal gets through, only SIGKILL ends it
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGALRM})
    time.sleep(300)
