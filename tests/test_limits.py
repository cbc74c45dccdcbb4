"""Hostile inputs and hostile ends: every run ends, ends clean, and overwrites nothing.

Each document is read in a worker process that the parent kills at `--timeout`, whose memory
is capped (`--max-memory`); Ctrl-C and SIGTERM end a run at once with no partial output; a
closed stdout ends it quietly; an output that is an input is refused. The hostile files are
built here, small enough to keep the suite fast."""
from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from clitools import hang, hostile_reader, invoke

from claimx.read import ReadError, read_document

ROOT = Path(__file__).resolve().parents[1]
GOOD = "2021年全球GPU市场规模为334.7亿美元，同比增长22.1%。\n预计到2030年中国智能算力规模将达到52.5 ZFLOPS。\n"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'




def errors(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("claimx: error")]


def docs(stdout: str) -> list[str]:
    return list(dict.fromkeys(pd.read_csv(io.StringIO(stdout), dtype=str, keep_default_na=False)["doc"]))


def nested_html(depth: int) -> bytes:
    return ("<html><body>" + "<div>" * depth + "2023年全球AI芯片市场规模为652亿美元。" + "</div>" * depth
            + "</body></html>").encode("utf-8")


def docx_of(body_xml: bytes, repeat: int = 1, tail: bytes = b"") -> bytes:
    """A .docx whose body is `body_xml` written `repeat` times, then `tail` (streamed into the zip)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>'.encode())
            for _ in range(repeat):
                f.write(body_xml)
            f.write(tail + b"</w:body></w:document>")
    return buf.getvalue()


def para(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(GOOD, encoding="utf-8")
    (d / "z.md").write_text("## 概览\n2023年中国AI芯片市场规模约为1206亿元。\n", encoding="utf-8")
    return d


# ---------------------------------------------------------------- readers refuse what would not end

def test_deeply_nested_html_is_refused_before_parsing(tmp_path):
    path = tmp_path / "deep.html"
    path.write_bytes(nested_html(100_000))  # the parser's work is the square of the depth: ~1 min
    t0 = time.monotonic()
    with pytest.raises(ReadError, match="nested too deeply"):
        read_document(path)
    assert time.monotonic() - t0 < 5
    shallow = tmp_path / "shallow.html"
    shallow.write_bytes(nested_html(300))
    assert "652亿美元" in read_document(shallow).text


def test_docx_zip_bomb_is_refused_unread(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(docx_of(b"<w:p/>" * 100_000, repeat=30, tail=para("2021年营收为1亿元。")))  # 18 MB of XML
    assert path.stat().st_size < 200_000
    t0 = time.monotonic()
    with pytest.raises(ReadError, match="zip bomb"):
        read_document(path)
    assert time.monotonic() - t0 < 2


def test_docx_is_read_as_a_stream(tmp_path, monkeypatch):
    """Each paragraph is dropped once read: the tree holds what the parser read ahead, never
    the document."""
    import claimx.read.docx as reader

    seen = []
    real = reader._block_level

    def spy(el):
        seen.append(len(el.getparent()))
        return real(el)

    monkeypatch.setattr(reader, "_block_level", spy)
    path = tmp_path / "long.docx"
    path.write_bytes(docx_of(para("2023年出货量为100万台。") + b"<w:p/>", repeat=20_000))
    doc = read_document(path)
    assert doc.text.count("100万台") == 20_000 and len(doc.text.split("\n")) == 40_000
    assert len(seen) == 40_000 and max(seen) < 4_000


def test_huge_text_file_is_refused_with_the_limit(tmp_path, folder):
    big = folder / "huge.txt"
    with open(big, "wb") as f:  # sparse: no time or disk spent
        f.truncate(70 * 1024 * 1024)
    with pytest.raises(ReadError, match=r"text too large \(70 MB > 64 MB limit.*split it"):
        read_document(big)
    r = invoke("extract", folder, "-q")
    assert r.exit_code == 1 and len(errors(r.stderr)) == 1 and "huge.txt" in errors(r.stderr)[0]
    assert docs(r.stdout) == ["a.txt", "z.md"]


# ---------------------------------------------------------------- workers: time and memory limits



@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_document_that_never_returns_is_killed_at_the_timeout(folder, tmp_path, monkeypatch, jobs):
    hostile_reader(monkeypatch, hang)
    (folder / "m_hostile.txt").write_text(GOOD, encoding="utf-8")
    err_file = tmp_path / "errors.csv"
    t0 = time.monotonic()
    r = invoke("extract", folder, "--timeout", "1", "--jobs", jobs, "-q", "--errors", err_file)
    assert time.monotonic() - t0 < 60
    assert r.exit_code == 1
    errs = errors(r.stderr)
    assert len(errs) == 1 and "m_hostile.txt" in errs[0] and "1 s" in errs[0] and "--timeout" in errs[0]
    assert docs(r.stdout) == ["a.txt", "z.md"]
    assert list(csv.reader(err_file.open(encoding="utf-8")))[1][:2] == ["m_hostile.txt", "timeout"]


def test_a_document_over_the_memory_limit_is_one_error(folder, monkeypatch):
    def hog():
        blocks = []
        for _ in range(64):  # 4 GB in 64 MB steps: the cap stops it early
            blocks.append(bytearray(64 * 1024 * 1024))

    hostile_reader(monkeypatch, hog)
    (folder / "m_hostile.txt").write_text(GOOD, encoding="utf-8")
    r = invoke("extract", folder, "--max-memory", "1024", "-q")
    assert r.exit_code == 1
    errs = errors(r.stderr)
    assert len(errs) == 1 and "m_hostile.txt" in errs[0] and "1024 MB" in errs[0] and "--max-memory" in errs[0]
    assert docs(r.stdout) == ["a.txt", "z.md"]


def test_a_reader_that_crashes_is_one_error(folder, monkeypatch):
    def crash():
        import faulthandler
        import resource

        faulthandler.disable()  # (pytest's handler would print a stack on stderr)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # (no core file)
        os.kill(os.getpid(), signal.SIGSEGV)

    hostile_reader(monkeypatch, crash)
    (folder / "m_hostile.txt").write_text(GOOD, encoding="utf-8")
    r = invoke("extract", folder, "-q")
    assert r.exit_code == 1
    errs = errors(r.stderr)
    assert len(errs) == 1 and "m_hostile.txt" in errs[0] and "SIGSEGV" in errs[0]
    assert docs(r.stdout) == ["a.txt", "z.md"]


def test_hostile_files_jobs_2_gives_the_same_bytes_as_jobs_1(folder, tmp_path):
    (folder / "deep.html").write_bytes(nested_html(20_000))
    (folder / "bomb.docx").write_bytes(docx_of(b"<w:p/>" * 100_000, repeat=30))
    (folder / "huge.txt").write_bytes(b"")
    with open(folder / "huge.txt", "wb") as f:
        f.truncate(65 * 1024 * 1024)
    (folder / "ok.docx").write_bytes(docx_of(para("2022年全球服务器出货量约为1300万台。")))
    r1 = invoke("extract", folder, "--jobs", "1", "-q")
    r2 = invoke("extract", folder, "--jobs", "2", "-q")
    assert r1.exit_code == r2.exit_code == 1
    assert r1.stdout_bytes == r2.stdout_bytes and r1.stderr == r2.stderr
    assert docs(r1.stdout) == ["a.txt", "ok.docx", "z.md"]
    assert [e.split(":")[2].strip() for e in errors(r1.stderr)] == ["bomb.docx", "deep.html", "huge.txt"]


def test_without_fork_documents_run_in_process_with_an_alarm(folder, monkeypatch):
    """Where no worker can be forked (Windows) the run reads in-process, the timeout an alarm."""
    import claimx.runner

    reference = invoke("extract", folder, "-q")
    monkeypatch.setattr(claimx.runner, "_can_fork", lambda: False)
    hostile_reader(monkeypatch, lambda: time.sleep(30))
    (folder / "m_hostile.txt").write_text(GOOD, encoding="utf-8")
    t0 = time.monotonic()
    r = invoke("extract", folder, "-q", "--timeout", "0.5")
    assert time.monotonic() - t0 < 20
    assert r.exit_code == 1 and r.stdout_bytes == reference.stdout_bytes
    errs = errors(r.stderr)
    assert len(errs) == 1 and "m_hostile.txt" in errs[0] and "0.5 s" in errs[0]


# ---------------------------------------------------------------- signals end the run at once

_HANGING_RUN = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path
    import claimx.read
    real = claimx.read.READERS[".txt"]
    marker = Path(sys.argv[1])

    def reader(data, path):
        if "hostile" in path:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
            marker.write_text(str(os.getpid()))
            time.sleep(300)
        return real(data, path)

    claimx.read.READERS[".txt"] = reader
    from claimx.cli import main
    sys.argv = ["claimx", "extract", *sys.argv[2:]]
    main()
""")


def _gone(pid: int, wait: float = 5.0) -> bool:
    end = time.monotonic() + wait
    while time.monotonic() < end:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except OSError:
            return True
        if state == "Z":  # a zombie: dead, waiting for whoever reaps it
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize(("sig", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130), (signal.SIGKILL, -9)],
                         ids=["SIGTERM", "SIGINT", "SIGKILL"])
def test_a_signal_ends_a_stuck_run_at_once_and_leaves_nothing(folder, tmp_path, sig, status):
    (folder / "m_hostile.txt").write_text(GOOD, encoding="utf-8")
    marker, out_dir = tmp_path / "worker.pid", tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "claims.csv").write_text("old table\n", encoding="utf-8")
    p = subprocess.Popen([sys.executable, "-c", _HANGING_RUN, str(marker), str(folder), "-o",
                          str(out_dir / "claims.csv"), "--timeout", "0", "-q"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        end = time.monotonic() + 120
        while not (marker.exists() and marker.read_text()) and time.monotonic() < end and p.poll() is None:
            time.sleep(0.05)
        assert marker.exists(), p.communicate(timeout=10)
        worker = int(marker.read_text())
        t0 = time.monotonic()
        p.send_signal(sig)
        _, err = p.communicate(timeout=30)
        assert time.monotonic() - t0 < 3
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == status, err
    assert b"Traceback" not in err
    assert _gone(worker), "the worker outlived the run"
    assert [f.name for f in out_dir.iterdir()] == ["claims.csv"]  # no .part left behind
    assert (out_dir / "claims.csv").read_text(encoding="utf-8") == "old table\n"
    if sig != signal.SIGKILL:
        assert b"no output written" in err


# ---------------------------------------------------------------- nothing overwritten

@pytest.mark.parametrize("target", ["in/a.txt", "in/z.md", "a.txt"], ids=["in-folder", "in-folder-md", "named"])
def test_an_output_that_is_an_input_is_a_usage_error(folder, tmp_path, target, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    inputs = ["in"] if target.startswith("in/") else ["in/a.txt", "in/z.md"]
    out = target if target.startswith("in/") else "in/a.txt"
    for flag in ("-o", "--errors"):
        args = ["extract", *inputs, flag, out] + (["--format", "csv"] if flag == "-o" else ["-o", "t.csv"])
        r = invoke(*args)
        assert r.exit_code == 2, (args, r.stderr)
        assert "will not write" in r.stderr and out in r.stderr
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert not (tmp_path / "t.csv").exists()


def test_an_input_reached_through_a_link_is_not_overwritten(folder, tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(folder / "a.txt")
    r = invoke("extract", folder, "-o", link, "--format", "csv")
    assert r.exit_code == 2 and (folder / "a.txt").read_text(encoding="utf-8") == GOOD


def test_a_new_table_inside_the_input_folder_is_fine(folder):
    r = invoke("extract", folder, "-o", folder / "claims.csv", "-q")
    assert r.exit_code == 0 and (folder / "claims.csv").exists()
    r = invoke("extract", folder, "-o", folder / "claims.csv", "-q")  # (a .csv is not read as a document)
    assert r.exit_code == 0


# ---------------------------------------------------------------- symlink loops, stdin, pipes

def test_a_symlink_loop_is_one_error(folder):
    (folder / "x.txt").symlink_to(folder / "y.txt")
    (folder / "y.txt").symlink_to(folder / "x.txt")
    (folder / "self.md").symlink_to(folder / "self.md")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder)  # a loop of folders: not followed
    r = invoke("extract", folder, "-q")
    assert r.exit_code == 1
    errs = errors(r.stderr)
    assert len(errs) == 3 and all("symbolic link loop" in e for e in errs)
    assert docs(r.stdout) == ["a.txt", "z.md"]
    r = invoke("extract", folder / "x.txt", "-q")
    assert r.exit_code == 1 and "symbolic link loop" in r.stderr


@pytest.mark.parametrize(("data", "quote"), [
    (GOOD.encode("gb18030"), "334.7亿美元"),
    (b"<!DOCTYPE html><html><body><p>2023\xe5\xb9\xb4\xe8\x90\xa5\xe6\x94\xb6\xe4\xb8\xba12\xe4\xba\xbf\xe5\x85\x83"
     b"\xe3\x80\x82</p></body></html>", "12亿元"),
    (docx_of(para("2022年全球服务器出货量约为1300万台。")), "约为1300万台"),
], ids=["text-gbk", "html", "docx"])
def test_dash_reads_a_document_from_stdin(data, quote):
    r = invoke("extract", "-", "-q", input=data)
    assert r.exit_code == 0, r.stderr
    df = pd.read_csv(io.StringIO(r.stdout), dtype=str, keep_default_na=False)
    assert set(df["doc"]) == {"-"} and quote in set(df["quote"])


def test_dash_with_a_folder(folder):
    r = invoke("extract", folder, "-", "-q", input=GOOD.encode())
    assert r.exit_code == 0
    assert docs(r.stdout) == [f"{folder.as_posix()}/a.txt", f"{folder.as_posix()}/z.md", "-"]


def test_real_process_reads_stdin_and_stops_quietly_on_a_closed_pipe(tmp_path):
    p = subprocess.run([sys.executable, "-m", "claimx", "extract", "-", "-q"], input=GOOD.encode(),
                       capture_output=True, timeout=120)
    assert p.returncode == 0 and p.stderr == b""
    assert b"334.7" in p.stdout
    big = (ROOT / "fixtures" / "broker_note.txt").read_text(encoding="utf-8") * 12  # ~100 KB of CSV
    sh = subprocess.run(["bash", "-c", f"set -o pipefail; '{sys.executable}' -m claimx extract - -q | head -1"],
                        input=big.encode(), capture_output=True, timeout=120)
    assert sh.stdout.startswith(b"doc,page,line")
    assert sh.stderr == b"", sh.stderr  # no "Broken pipe", no traceback
    assert sh.returncode == 141  # 128 + SIGPIPE, as `yes | head -1` leaves
