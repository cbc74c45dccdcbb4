"""`-o DIR/`: the table as a folder of Parquet parts, the same table as one Parquet file,
written whole or not at all, never over a folder that holds anything else."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from clitools import invoke

from claimx.parquet_folder import write_parquet_folder
from claimx.runner import Summary, rows

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"




def test_a_folder_of_parts_reads_back_as_the_one_file_table(tmp_path):
    one, parts = tmp_path / "t.parquet", tmp_path / "parts"
    assert invoke("extract", FIXTURES, "-q", "-o", one).exit_code == 0
    assert invoke("extract", FIXTURES, "-q", "-o", f"{parts}/").exit_code == 0
    assert sorted(os.listdir(parts)) == ["part-00000.parquet"]
    pd.testing.assert_frame_equal(pd.read_parquet(parts), pd.read_parquet(one))


def test_parts_cut_the_table_in_order(tmp_path):
    table = list(rows([FIXTURES], Summary(), cache=None))
    n = write_parquet_folder(iter(table), tmp_path / "p", rows_per_part=50)
    assert n == len(table) > 150
    names = sorted(os.listdir(tmp_path / "p"))
    assert names == [f"part-{i:05d}.parquet" for i in range((n + 49) // 50)]
    frames = [pd.read_parquet(tmp_path / "p" / name) for name in names]
    assert [len(f) for f in frames[:-1]] == [50] * (len(frames) - 1)
    assert all(f.dtypes.equals(frames[0].dtypes) for f in frames)
    whole = pd.read_parquet(tmp_path / "p")
    assert list(whole["id"]) == [r["id"] for r in table]
    assert list(pd.concat(frames, ignore_index=True)["id"]) == list(whole["id"])


def test_an_empty_table_is_one_part_with_the_columns(tmp_path):
    assert write_parquet_folder(iter([]), tmp_path / "p") == 0
    df = pd.read_parquet(tmp_path / "p" / "part-00000.parquet")
    assert df.empty and "published" in df.columns and df["period"].dtype != "float64"


def test_a_second_run_replaces_the_parts_whole(tmp_path):
    out = tmp_path / "p"
    write_parquet_folder(iter(list(rows([FIXTURES], Summary()))), out, rows_per_part=20)
    assert len(os.listdir(out)) > 3
    assert invoke("extract", FIXTURES / "broker_note.txt", "-q", "-o", f"{out}/").exit_code == 0
    assert os.listdir(out) == ["part-00000.parquet"]
    assert set(pd.read_parquet(out)["doc"]) == {"broker_note.txt"}
    assert [p for p in os.listdir(tmp_path) if p.startswith(".")] == []


def test_an_interrupted_write_leaves_the_previous_folder(tmp_path):
    out = tmp_path / "p"
    write_parquet_folder(iter(list(rows([FIXTURES], Summary()))), out)
    before = (out / "part-00000.parquet").read_bytes()

    def broken():
        yield from list(rows([FIXTURES], Summary()))[:30]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_parquet_folder(broken(), out, rows_per_part=10)
    assert os.listdir(out) == ["part-00000.parquet"] and (out / "part-00000.parquet").read_bytes() == before
    assert [p for p in os.listdir(tmp_path) if p.startswith(".")] == []


@pytest.mark.parametrize("setup", ["other file", "input", "csv"])
def test_a_folder_it_must_not_replace_is_a_usage_error(tmp_path, setup):
    out = tmp_path / "out"
    out.mkdir()
    args = [FIXTURES]
    if setup == "other file":
        (out / "notes.txt").write_text("mine", encoding="utf-8")
    elif setup == "input":
        args = [out]
    r = invoke("extract", *args, "-q", "-o", f"{out}/", *(["--format", "csv"] if setup == "csv" else []))
    assert r.exit_code == 2 and "claimx: error" in r.stderr
    assert sorted(os.listdir(out)) == (["notes.txt"] if setup == "other file" else [])


def test_an_existing_folder_without_the_slash_says_how(tmp_path):
    r = invoke("extract", FIXTURES, "-q", "-o", tmp_path)
    assert r.exit_code == 2 and f"{tmp_path}/" in r.stderr
