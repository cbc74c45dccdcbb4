"""The extraction cache (claimx.cache): a second run extracts only new or changed documents and
writes the same bytes; `--no-cache`; corrupt entries; version and alias changes; failures are
not cached. (tests/conftest.py gives every test its own empty cache folder.)"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claimx.cache
import claimx.runner
from claimx.cache import Cache
from claimx.cli import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOTE = "2022年公司营业收入为18.6亿元，同比增长12.5%，毛利率约为41%。\n预计2025年市场规模将超过300亿元。\n"
OTHER = "截至2023年末，该行业从业人数约12万人，较上年减少3.4%。\n"


@pytest.fixture
def sent(monkeypatch):
    """The names of the documents the parent sends to workers for extraction, run by run."""
    runs: list[list[str]] = []
    real = claimx.runner._extract

    def spy(items, *a, **kw):
        runs.append([it[1] for it in items])
        return real(items, *a, **kw)

    monkeypatch.setattr(claimx.runner, "_extract", spy)
    return runs


def extract(*args):
    r = CliRunner().invoke(app, [str(a) for a in args])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.stderr
    return r


def table(folder: Path, out: Path, *extra) -> bytes:
    r = extract("extract", folder, "-o", out, "-q", *extra)
    assert r.exit_code in (0, 1), r.stderr
    return out.read_bytes()


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "reports"
    d.mkdir()
    for name in ("broker_note.txt", "expert_call.txt", "industry_brief_gbk.txt"):
        shutil.copy(FIXTURES / name, d / name)
    return d


def cache_files() -> list[Path]:
    return [p for p in Path(os.environ["CLAIMX_CACHE_DIR"]).rglob("*") if p.is_file()]


def test_same_bytes_with_and_without_the_cache(folder, tmp_path, sent):
    plain = table(folder, tmp_path / "plain.csv", "--no-cache")
    cold = table(folder, tmp_path / "cold.csv")
    warm = table(folder, tmp_path / "warm.csv")
    assert plain == cold == warm
    assert len(sent[0]) == 3 and len(sent[1]) == 3 and sent[2] == []  # the warm run extracts nothing
    for fmt in ("jsonl", "parquet"):
        a = table(folder, tmp_path / f"a.{fmt}", "--no-cache")
        b = table(folder, tmp_path / f"b.{fmt}")
        if fmt == "jsonl":
            assert a == b
        else:
            import pandas as pd

            pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "a.parquet"), pd.read_parquet(tmp_path / "b.parquet"))


def test_one_new_report_is_the_only_one_extracted(folder, tmp_path, sent):
    table(folder, tmp_path / "first.csv")
    (folder / "new_note.txt").write_text(NOTE, encoding="utf-8")
    second = table(folder, tmp_path / "second.csv")
    assert sent[-1] == ["new_note.txt"]
    assert second == table(folder, tmp_path / "plain.csv", "--no-cache")


def test_a_changed_report_is_extracted_again(folder, tmp_path, sent):
    (folder / "note.txt").write_text(NOTE, encoding="utf-8")
    table(folder, tmp_path / "first.csv")
    (folder / "note.txt").write_text(OTHER, encoding="utf-8")
    second = table(folder, tmp_path / "second.csv")
    assert sent[-1] == ["note.txt"]
    assert "12万人".encode() in second and "18.6亿元".encode() not in second


def test_no_cache_neither_reads_nor_writes(folder, tmp_path, sent):
    table(folder, tmp_path / "a.csv", "--no-cache")
    assert cache_files() == []
    table(folder, tmp_path / "b.csv")
    n = len(cache_files())
    assert n == 3
    table(folder, tmp_path / "c.csv", "--no-cache")
    assert len(sent[-1]) == 3 and len(cache_files()) == n


@pytest.mark.parametrize("damage", [b"", b"not zlib at all", b"x\x9c\x03\x00", "zlib json of another shape"])
def test_a_corrupt_entry_is_extracted_again(folder, tmp_path, sent, damage):
    first = table(folder, tmp_path / "first.csv")
    if isinstance(damage, str):
        import json
        import zlib

        damage = zlib.compress(json.dumps({"rows": [[1, 2]], "chars": 5}).encode())
    for p in cache_files():
        p.write_bytes(damage)
    second = table(folder, tmp_path / "second.csv")
    assert second == first and len(sent[-1]) == 3
    table(folder, tmp_path / "third.csv")  # the entries were written again, whole
    assert sent[-1] == []


def test_a_new_version_extracts_again(folder, tmp_path, sent, monkeypatch):
    first = table(folder, tmp_path / "first.csv")
    monkeypatch.setattr(claimx.cache, "version", lambda: "99.0.0")
    assert table(folder, tmp_path / "second.csv") == first
    assert len(sent[-1]) == 3


def test_another_reader_library_version_extracts_again(folder, tmp_path, sent, monkeypatch):
    assert "regex=" in claimx.cache._library_versions()
    table(folder, tmp_path / "first.csv")
    monkeypatch.setattr(claimx.cache, "_library_versions", lambda: "pypdfium2=0.0.1")
    table(folder, tmp_path / "second.csv")
    assert len(sent[-1]) == 3


def test_other_aliases_give_fresh_results(folder, tmp_path, sent):
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[entities]\n"甲公司" = ["甲司"]\n', encoding="utf-8")
    table(folder, tmp_path / "a.csv", "--aliases", aliases)
    table(folder, tmp_path / "b.csv", "--aliases", aliases)
    assert sent[-1] == []
    aliases.write_text('[entities]\n"乙公司" = ["乙司"]\n', encoding="utf-8")
    table(folder, tmp_path / "c.csv", "--aliases", aliases)
    assert len(sent[-1]) == 3
    table(folder, tmp_path / "d.csv")  # no alias file: another key again
    assert len(sent[-1]) == 3


def test_another_fiscal_file_gives_fresh_results(folder, tmp_path, sent):
    fiscal = tmp_path / "fiscal.toml"
    fiscal.write_bytes((Path(claimx.cache.__file__).parent / "data" / "fiscal.toml").read_bytes())
    table(folder, tmp_path / "a.csv", "--fiscal", fiscal)
    table(folder, tmp_path / "b.csv", "--fiscal", fiscal)
    assert sent[-1] == []
    fiscal.write_bytes(fiscal.read_bytes() + b"\n# edited\n")
    table(folder, tmp_path / "c.csv", "--fiscal", fiscal)
    assert len(sent[-1]) == 3


def test_failures_are_not_cached(folder, tmp_path, sent):
    (folder / "broken.txt").write_bytes(NOTE.encode("utf-8") + NOTE.encode("gbk"))  # neither encoding
    r = extract("extract", folder, "-o", tmp_path / "a.csv", "-q")
    assert r.exit_code == 1
    r = extract("extract", folder, "-o", tmp_path / "b.csv", "-q")
    assert r.exit_code == 1 and sent[-1] == ["broken.txt"]


def test_cache_folder_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIMX_CACHE_DIR", str(tmp_path / "c"))
    assert Cache().folder == tmp_path / "c"
    monkeypatch.delenv("CLAIMX_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert Cache().folder == tmp_path / "xdg" / "claimx"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert Cache().folder == tmp_path / "home" / ".cache" / "claimx"


def test_an_unwritable_cache_folder_is_no_failure(folder, tmp_path, monkeypatch, sent):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("CLAIMX_CACHE_DIR", str(blocker / "cache"))
    assert table(folder, tmp_path / "a.csv") == table(folder, tmp_path / "b.csv", "--no-cache")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_read_once_by_the_worker(tmp_path):
    import threading

    fifo = tmp_path / "note.txt"
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "wb") as f:
            f.write(NOTE.encode("utf-8"))

    t = threading.Thread(target=feed, daemon=True)
    t.start()
    r = extract("extract", fifo, "-o", tmp_path / "out.csv", "-q", "--timeout", "20")
    t.join(5)
    assert r.exit_code == 0, r.stderr
    assert "18.6亿元".encode() in (tmp_path / "out.csv").read_bytes()
    assert cache_files() == []


def test_a_file_changed_while_extracted_is_not_cached(tmp_path):
    doc = tmp_path / "note.txt"
    doc.write_text(NOTE, encoding="utf-8")
    c = Cache(tmp_path / "cache")
    key = c.key(doc, "note.txt")
    doc.write_text(NOTE + OTHER, encoding="utf-8")
    os.utime(doc, ns=(1, 1))  # (another time, whatever the clock's resolution)
    c.put(key, [("row",)], 3)
    assert c.get(key, 1) is None
    key = c.key(doc, "note.txt")
    c.put(key, [("row",)], 3)
    assert c.get(key, 1) == ([("row",)], 3)
