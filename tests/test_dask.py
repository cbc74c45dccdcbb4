"""`claimx extract --engine dask`: the same table as `--jobs 1`, on a Dask cluster.

The clusters here are small and fast: the scheduler and its worker threads run in the test
process (`processes=False`, over TCP so that the CLI can be pointed at it with --scheduler);
each document is still read in a child process forked by its worker thread, as on a real
cluster. One test starts the CLI's own LocalCluster of worker processes. The tests that need
Dask skip, saying so, where it is not installed (`pip install 'claimx[dask]'`)."""
from __future__ import annotations

import contextlib
import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clitools import hang, hostile_reader, invoke
from typer.testing import CliRunner

from claimx import runner
from claimx.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
GOOD = "2021年全球GPU市场规模为334.7亿美元，同比增长22.1%。\n预计到2030年中国智能算力规模将达到52.5 ZFLOPS。\n"

try:
    import distributed  # noqa: F401

    HAVE_DASK = True
except ImportError:
    HAVE_DASK = False
needs_dask = pytest.mark.skipif(not HAVE_DASK, reason="Dask distributed is not installed (pip install 'claimx[dask]')")




def errors(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("claimx: error")]


def _cluster():
    from distributed import LocalCluster

    return LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                        dashboard_address=None, silence_logs=50,
                        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})


@pytest.fixture(scope="module")
def scheduler():
    """The address of a small cluster running in this process."""
    if not HAVE_DASK:
        pytest.skip("Dask distributed is not installed (pip install 'claimx[dask]')")
    cluster = _cluster()
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


@pytest.fixture
def mixed(tmp_path):
    """A folder of good documents and bad ones (empty, binary, a corrupt PDF, a link to nowhere)."""
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(GOOD, encoding="utf-8")
    (d / "sub" / "b.md").write_text("## 概览\n2023年中国AI芯片市场规模约为1206亿元。\n", encoding="utf-8")
    (d / "c.txt").write_text("2022年营收为35.6亿元，毛利率41.2%。\n", encoding="gb18030")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (d / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really a pdf")
    (d / "gone.md").symlink_to(d / "nowhere.md")
    return d


def _same_as_jobs_1(paths, tmp_path, *dask_args, fmt="csv", both=()):
    """Run --jobs 1 and --engine dask (no cache; `both`: options of both runs); both outputs and
    error tables must be equal."""
    out1, out2 = tmp_path / f"one.{fmt}", tmp_path / f"dask.{fmt}"
    err1, err2 = tmp_path / "err1.csv", tmp_path / "err2.csv"
    r1 = invoke("extract", *paths, *both, "--jobs", "1", "--no-cache", "-q", "-o", out1, "--errors", err1)
    r2 = invoke("extract", *paths, *both, "--engine", "dask", *dask_args, "--no-cache", "-q", "-o", out2,
                "--errors", err2)
    assert r2.exit_code == r1.exit_code, r2.stderr
    assert out1.read_bytes() == out2.read_bytes()
    assert err1.read_bytes() == err2.read_bytes()
    assert errors(r1.stderr) == errors(r2.stderr)
    return r2, out2, err2


# ---------------------------------------------------------------- the same table

@needs_dask
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_fixtures_give_the_same_bytes_as_jobs_1(scheduler, tmp_path, fmt):
    r, out, _ = _same_as_jobs_1([FIXTURES], tmp_path, "--scheduler", scheduler, fmt=fmt)
    assert r.exit_code == 0
    assert out.stat().st_size > 10_000


@needs_dask
def test_parquet_parts_are_the_same_table(scheduler, tmp_path):
    import pandas as pd

    one, parts = tmp_path / "one", tmp_path / "dask"
    assert invoke("extract", FIXTURES, "--no-cache", "-q", "-o", f"{one}/").exit_code == 0
    r = invoke("extract", FIXTURES, "--engine", "dask", "--scheduler", scheduler, "--no-cache", "-q", "-o", f"{parts}/")
    assert r.exit_code == 0
    assert (one / "part-00000.parquet").read_bytes() == (parts / "part-00000.parquet").read_bytes()
    pd.testing.assert_frame_equal(pd.read_parquet(one), pd.read_parquet(parts))


@needs_dask
def test_a_bad_file_is_one_error_and_the_rest_goes_through(scheduler, mixed, tmp_path):
    r, out, err = _same_as_jobs_1([mixed], tmp_path, "--scheduler", scheduler)
    assert r.exit_code == 1
    failed = [row[0] for row in csv.reader(err.open(encoding="utf-8"))][1:]
    assert failed == ["binary.txt", "broken.pdf", "empty.txt", "gone.md"]
    with out.open(encoding="utf-8-sig") as f:
        docs = {row["doc"] for row in csv.DictReader(f)}
    assert docs == {"a.txt", "c.txt", "sub/b.md"}


@needs_dask
def test_several_inputs_and_stdin(scheduler, mixed, tmp_path):
    args = [mixed / "a.txt", FIXTURES / "broker_note.txt", mixed / "sub"]
    _same_as_jobs_1(args, tmp_path, "--scheduler", scheduler)
    one = CliRunner().invoke(app, ["extract", "-", "--no-cache", "-q"], input=GOOD.encode())
    dask = CliRunner().invoke(app, ["extract", "-", "--no-cache", "-q", "--engine", "dask", "--scheduler", scheduler],
                              input=GOOD.encode())
    assert one.exit_code == dask.exit_code == 0
    assert one.stdout_bytes == dask.stdout_bytes and "334.7亿美元" in dask.stdout


@needs_dask
def test_aliases_and_fiscal_files_reach_the_workers(scheduler, tmp_path):
    doc = tmp_path / "in" / "n.txt"
    doc.parent.mkdir()
    doc.write_text("星河科技2024财年第四季度营收为12.5亿元。Galaxy Tech的毛利率为40%。\n", encoding="utf-8")
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[entities]\n"星河科技" = ["Galaxy Tech"]\n', encoding="utf-8")
    fiscal = tmp_path / "fiscal.toml"
    fiscal.write_text('[companies]\n"星河科技" = { end = 3 }\n', encoding="utf-8")
    _, out, _ = _same_as_jobs_1([doc.parent], tmp_path, "--scheduler", scheduler,
                                both=("--aliases", aliases, "--fiscal", fiscal))
    with out.open(encoding="utf-8-sig") as f:
        assert [row["subject"] for row in csv.DictReader(f)] == ["星河科技", "星河科技"]  # (Galaxy Tech: an alias)


# ---------------------------------------------------------------- the cache

@needs_dask
def test_the_cache_is_shared_with_local_runs(scheduler, mixed, tmp_path, monkeypatch):
    """The client asks the cache and sends only the misses; what comes back is stored."""
    ref = invoke("extract", mixed, "--jobs", "1", "--no-cache", "-q")
    first = invoke("extract", mixed, "--engine", "dask", "--scheduler", scheduler)  # (fills the cache)
    assert first.exit_code == 1 and first.stdout_bytes == ref.stdout_bytes
    (mixed / "d.txt").write_text("2024年全球数据中心资本开支约为2500亿美元。\n", encoding="utf-8")
    sent = []
    real = runner._extract

    def spy(items, *a):
        sent.extend(it[1] for it in items)
        return real(items, *a)

    monkeypatch.setattr(runner, "_extract", spy)
    local = invoke("extract", mixed, "--jobs", "1")  # the dask run's rows, from the cache
    assert sent == ["binary.txt", "broken.pdf", "d.txt", "empty.txt", "gone.md"]  # (failures are not cached)
    assert "(3 from cache)" in local.stderr
    fresh = invoke("extract", mixed, "--jobs", "1", "--no-cache", "-q")
    assert local.stdout_bytes == fresh.stdout_bytes


@needs_dask
def test_the_dask_engine_sends_only_what_the_cache_misses(scheduler, mixed):
    from claimx.cache import Cache
    from claimx.cluster import DaskEngine

    with DaskEngine(scheduler) as engine:
        calls = []

        def counted(items, *a):
            calls.append([it[1] for it in items])
            return engine(items, *a)

        cache = Cache()
        first = list(runner.rows([mixed], runner.Summary(), cache=cache, engine=counted))
        again = list(runner.rows([mixed], runner.Summary(), cache=cache, engine=counted))
    assert first == again and first
    assert calls[1] == ["binary.txt", "broken.pdf", "empty.txt", "gone.md"]


# ---------------------------------------------------------------- limits: a document never hangs the run



def _crash():
    import faulthandler
    import resource

    faulthandler.disable()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.kill(os.getpid(), signal.SIGSEGV)


@needs_dask
@pytest.mark.parametrize(("action", "stage", "words"), [(hang, "timeout", "1 s"), (_crash, "crash", "SIGSEGV")])
def test_a_document_that_hangs_or_crashes_is_one_error(mixed, tmp_path, monkeypatch, action, stage, words):
    # (a cluster of its own: its worker threads fork their readers after the reader is patched)
    hostile_reader(monkeypatch, action)
    (mixed / "m_hostile.txt").write_text(GOOD, encoding="utf-8")
    cluster = _cluster()
    try:
        err = tmp_path / "errors.csv"
        t0 = time.monotonic()
        r = invoke("extract", mixed, "--engine", "dask", "--scheduler", cluster.scheduler_address, "--timeout", "1",
                   "-q", "--no-cache", "--errors", err)
        assert time.monotonic() - t0 < 60
    finally:
        cluster.close()
    assert r.exit_code == 1
    rows = {row[0]: row[1:] for row in csv.reader(err.open(encoding="utf-8"))}
    assert rows["m_hostile.txt"][0] == stage and words in rows["m_hostile.txt"][1]
    assert len(rows) == 6  # (the header and the four bad files of the folder)
    ref = invoke("extract", mixed, "--no-cache", "-q", "--timeout", "1")
    assert r.stdout_bytes == ref.stdout_bytes  # the other documents went through


@needs_dask
def test_a_worker_with_other_code_is_refused():
    from claimx.cluster import DaskEngine

    class Future:
        def result(self):
            return runner.Result("x.txt", [("row",)], 5), "another install"

    res = DaskEngine._result(Future(), "x.txt")
    assert res.error is not None and res.error.stage == "worker" and "other claimx code" in res.error.reason


# ---------------------------------------------------------------- the command line

@needs_dask
def test_the_cli_starts_its_own_local_cluster(tmp_path):
    """No --scheduler: a LocalCluster of --jobs worker processes, started and closed by the run."""
    out, ref = tmp_path / "dask.csv", tmp_path / "one.csv"
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "claimx", "extract", FIXTURES, "--engine", "dask", "--jobs", "1",
                        "--no-cache", "-o", out], capture_output=True, text=True, timeout=240)
    took = time.monotonic() - t0
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "7 documents" in r.stderr
    subprocess.run([sys.executable, "-m", "claimx", "extract", FIXTURES, "--no-cache", "-q", "-o", ref], check=True)
    assert out.read_bytes() == ref.read_bytes()
    assert took < 200


@needs_dask
def test_ctrl_c_ends_a_local_cluster_run_cleanly(tmp_path):
    """Ctrl-C reaches the whole process group: the client stops, closes its cluster, writes nothing;
    the worker processes (which ignore it) print no tracebacks."""
    import psutil

    docs = tmp_path / "in"
    docs.mkdir()
    text = (FIXTURES / "broker_report_long.md").read_bytes()
    for i in range(400):
        (docs / f"r{i:03d}.md").write_bytes(text)
    out = tmp_path / "t.csv"
    p = subprocess.Popen([sys.executable, "-m", "claimx", "extract", docs, "--engine", "dask", "--jobs", "1",
                          "--no-cache", "-q", "-o", out], stderr=subprocess.PIPE, text=True, start_new_session=True,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and p.poll() is None:  # until a document is being read in a fork
            with contextlib.suppress(psutil.Error):
                if any(len(w.children()) for w in psutil.Process(p.pid).children(recursive=True)):
                    break
            time.sleep(0.2)
        assert p.poll() is None, "the run ended before it could be interrupted"
        time.sleep(0.5)
        os.killpg(p.pid, signal.SIGINT)
        _, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
    assert p.returncode == 130, err
    assert "interrupted: no output written" in err and "Traceback" not in err, err
    assert not out.exists()


def test_without_dask_the_engine_is_a_usage_error_naming_the_extra(tmp_path):
    code = ("import sys; sys.modules['dask'] = None; sys.modules['distributed'] = None\n"
            "from claimx.cli import main; sys.argv = ['claimx'] + sys.argv[1:]; main()")
    r = subprocess.run([sys.executable, "-c", code, "extract", str(FIXTURES), "--engine", "dask", "-o",
                        str(tmp_path / "t.csv")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert "pip install 'claimx[dask]'" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "t.csv").exists()


def test_a_scheduler_without_the_dask_engine_is_a_usage_error():
    r = invoke("extract", FIXTURES, "--scheduler", "tcp://127.0.0.1:8786")
    assert r.exit_code == 2 and "--engine dask" in r.stderr


@needs_dask
def test_the_library_takes_the_engine(scheduler, mixed):
    import claimx
    from claimx.cluster import DaskEngine

    with DaskEngine(scheduler) as engine:
        df = claimx.extract_paths([mixed], engine=engine)
    ref = claimx.extract_paths([mixed])
    assert df.equals(ref) and df.attrs["errors"] == ref.attrs["errors"] and len(df.attrs["errors"]) == 4
