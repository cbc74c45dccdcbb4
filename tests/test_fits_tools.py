"""The table and the docs fit the tools people use: Excel, pandas, the Python API, pre-commit
and CI recipes, packaging; and the docs the repository points at are in it."""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import claimx
from claimx.cli import app
from claimx.model import claim_id, text_id
from claimx.table import write_csv

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
NUMERIC = re.compile(r"\d+(?:[eE][+-]?\d+)?|\d*\.\d+")  # what Excel and pandas read as a number


@pytest.fixture(scope="module")
def fixtures_df():
    return claimx.extract_paths([FIXTURES])


# ------------------------------------------------------------------ Excel

@pytest.mark.parametrize("digest,expected", [
    ("0123456789012345", "g123456789012345"), ("9876543210987654", "p876543210987654"),
    ("12e45", "h2e45"), ("1234567e89012345", "h234567e89012345"),
    ("0123456789abcdef", "0123456789abcdef"), ("1e2e3", "1e2e3"), ("e123", "e123"),
])
def test_ids_that_look_numeric_become_text(digest, expected):
    assert text_id(digest) == expected


@given(st.text("0123456789abcdef", min_size=16, max_size=16))
def test_no_id_looks_like_a_number(digest):
    out = text_id(digest)
    assert not NUMERIC.fullmatch(out) and len(out) == 16
    assert text_id(digest) == out  # stable
    assert (out == digest) == (not re.fullmatch(r"\d+(?:e\d+)?", digest))


def test_claim_ids_of_all_digit_digests_stay_text():
    """Find documents whose digest is all digits (about 1 in 1,900) and check their ids."""
    import hashlib

    found = 0
    for k in range(20000):
        doc = f"report{k}.txt"
        raw = hashlib.blake2b(f"{doc}\x1f5%\x1fctx\x1f0".encode(), digest_size=8).hexdigest()
        if re.fullmatch(r"\d+(?:e\d+)?", raw):
            found += 1
            cid = claim_id(doc, "5%", "ctx", 0)
            assert cid != raw and not NUMERIC.fullmatch(cid)
    assert found >= 3


def test_fixture_ids_read_back_as_text(fixtures_df, tmp_path):
    out = tmp_path / "t.csv"
    assert CliRunner().invoke(app, ["extract", str(FIXTURES), "-o", str(out), "-q"]).exit_code == 0
    df = pd.read_csv(out, encoding="utf-8-sig")  # no dtype: as a careless script reads it
    assert all(isinstance(x, str) for x in df["id"])


def _csv(row: dict) -> dict:
    from claimx.model import ALL_COLUMNS

    buf = io.StringIO()
    write_csv([{c: row.get(c) for c in ALL_COLUMNS}], buf, bom=False)
    return pd.read_csv(io.StringIO(buf.getvalue()), dtype=str, keep_default_na=False).iloc[0].to_dict()


@pytest.mark.parametrize("col,cell,written", [
    ("subject", "=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
    ("subject", "-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("context", "- 2023年营收下降5%", "'- 2023年营收下降5%"),
    ("source", "+86 研究", "'+86 研究"),
    ("subject", "英伟达", "英伟达"),
    ("value", -15.1, "-15.1"),  # a negative number is a number
    ("low", -3.5, "-3.5"),
    ("quote", "-15.1%", "-15.1%"),  # the figure as written
])
def test_csv_formula_guard(col, cell, written):
    assert _csv({"doc": "a.txt", "line": 1, "start": 0, "end": 1, col: cell})[col] == written


def test_check_drops_the_guard_again(tmp_path):
    from claimx.check.load import claims_from_frame, read_table

    out = tmp_path / "t.csv"
    from claimx.model import ALL_COLUMNS
    row = {c: "" for c in ALL_COLUMNS} | {"doc": "a.txt", "line": 1, "start": 0, "end": 2, "quote": "5%",
                                          "subject": "-下游", "metric": "share", "value": -5, "unit": "percent",
                                          "qualifier": "exact", "forecast": False, "id": "x"}
    with open(out, "w", encoding="utf-8", newline="") as f:
        write_csv([row], f)
    [claim] = claims_from_frame(read_table(out))
    assert claim.subject == "-下游" and claim.value == -5


# ------------------------------------------------------------------ pandas

def test_jsonl_reads_in_pandas_as_documented(tmp_path):
    out = tmp_path / "t.jsonl"
    assert CliRunner().invoke(app, ["extract", str(FIXTURES), "-o", str(out), "-q"]).exit_code == 0
    df = pd.read_json(out, lines=True, dtype={"period": str, "id": str})
    periods = [p for p in df["period"] if isinstance(p, str) and p]
    assert "2024" in periods and all(isinstance(p, str) for p in periods)
    assert df["forecast"].dtype == bool and df["value"].dtype == "float64"


def test_parquet_types(tmp_path, capsys):
    out = tmp_path / "t.parquet"
    assert CliRunner().invoke(app, ["extract", str(FIXTURES), "-o", str(out), "-q"]).exit_code == 0
    schema = pq.read_schema(out)
    assert str(schema.field("published").type) == "date32[day]"
    assert "string" in str(schema.field("period").type) and "string" in str(schema.field("id").type)
    assert str(schema.field("value").type) == "double" and str(schema.field("forecast").type) == "bool"
    df = pd.read_parquet(out)
    import datetime

    assert any(isinstance(d, datetime.date) for d in df["published"])
    # and claimx check reads it back
    from claimx.check.command import run_check

    assert run_check([out], format="json", fail_on="never") == 0
    assert capsys.readouterr().out.count('"kind"') >= 10


# ------------------------------------------------------------------ Python API

def test_extract_paths_raises_on_a_missing_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="nonexistent"):
        claimx.extract_paths("/nonexistent")
    with pytest.raises(FileNotFoundError, match="nope"):
        claimx.extract_paths([FIXTURES, tmp_path / "nope"])
    assert len(claimx.extract_paths(tmp_path)) == 0  # an empty folder is an empty table


def test_api_is_documented():
    from claimx.check import check

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for f, name in ((claimx.extract_text, "claimx.extract_text("), (claimx.extract_paths, "claimx.extract_paths("),
                    (check, "check(df")):
        assert f.__doc__ and len(f.__doc__) > 40
        assert name in readme
    claims = claimx.extract_text("2021年全球GPU市场规模为334.7亿美元。", doc="note.txt")
    assert (claims[0].quote, claims[0].value, claims[0].unit) == ("334.7亿美元", 33470000000.0, "USD")


# ------------------------------------------------------------------ the repository

def test_fixtures_hold_only_reports(fixtures_df):
    """Every file of fixtures/ is a report with claims (no notes read as a document)."""
    files = {p.name for p in FIXTURES.iterdir() if p.is_file() and not p.name.startswith(".")}
    assert set(fixtures_df["doc"]) == files


def test_packaging_metadata():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["license"] == "MIT"  # an SPDX expression, not the deprecated table
    assert any(re.fullmatch(r"setuptools>=(7[7-9]|[89]\d)(\.\d+)*", r) for r in meta["build-system"]["requires"])


def test_docs_are_the_projects_own():
    texts = {p: p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]}
    for p, text in texts.items():
        assert "CLAIMS.md" not in text and "CHECK.md" not in text, p
    for link in re.findall(r"\]\((docs/[^)#]+)", texts[ROOT / "README.md"]):
        assert (ROOT / link).is_file(), link
    for name in ("claims.md", "check.md", "check-report.png"):
        assert (ROOT / "docs" / name).is_file()
    assert "CLAIMS.md" not in CliRunner().invoke(app, ["extract", "--help"]).output
    assert "CHECK.md" not in CliRunner().invoke(app, ["check", "--help"]).output


def _yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.S)


def test_recipes_install_from_no_package_index_and_name_no_missing_tag():
    tags = subprocess.run(["git", "tag"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    for doc in (ROOT / "README.md", ROOT / "docs" / "check.md"):
        blocks = _yaml_blocks(doc.read_text(encoding="utf-8"))
        assert blocks, doc
        for block in blocks:
            assert not re.search(r"pip install\s+['\"]?claimx\b", block), (doc, block)
            for rev in re.findall(r"\brev:\s*(\S+)", block):
                assert re.fullmatch(r"[0-9a-f]{40}", rev) or rev in tags, (doc, rev)


def test_local_pre_commit_recipe_runs_as_written(tmp_path, monkeypatch):
    """The README's `repo: local` hook, run the way pre-commit runs it: entry + args."""
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    [block] = [b for b in _yaml_blocks((ROOT / "README.md").read_text(encoding="utf-8")) if "repo: local" in b]
    field = lambda name: re.search(rf"^\s*(?:- )?{name}:\s*(.+)$", block, flags=re.M).group(1).strip()  # noqa: E731
    assert field("id") in hooks and f"entry: {field('entry')}" in hooks
    assert field("language") == "system" and field("pass_filenames") == "false"
    args = [a.strip() for a in field("args").strip("[]").split(",")]
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.txt").write_text("2023年全球AI芯片市场规模为652亿美元。\n", encoding="utf-8")
    (reports / "b.txt").write_text("2023年全球AI芯片市场规模为540亿美元。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    entry = field("entry").split()
    assert entry[0] == "claimx"
    cli = [sys.executable, "-m", "claimx", *entry[1:]]
    # accept today's findings, then the hook passes; a new contradiction fails it
    assert subprocess.run([*cli, "reports/", "--write-baseline", ".claimx-baseline.json"],
                          capture_output=True).returncode == 0
    assert json.loads(Path(".claimx-baseline.json").read_text(encoding="utf-8"))["findings"]
    assert subprocess.run([*cli, *args], capture_output=True).returncode == 0
    (reports / "c.txt").write_text("2023年英伟达营收为609亿美元。\n", encoding="utf-8")
    (reports / "d.txt").write_text("2023年英伟达营收为400亿美元。\n", encoding="utf-8")
    r = subprocess.run([*cli, *args, "--format", "github"], capture_output=True, text=True)
    assert r.returncode == 1 and "::error file=reports/" in r.stdout
