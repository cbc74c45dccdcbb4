"""`claimx extract` end to end: bad inputs, exit statuses, encodings, the table's formats,
atomic output, stable ids, error files, jobs, time limits, other formats, help and startup."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from clitools import invoke
from docgen import FONT_INSTALL, find_cjk_font, html_page, make_docx, make_html

import claimx.read
import claimx.runner
from claimx.model import ALL_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"

# docs/claims.md, "Columns of claims.csv" (in this order), then the extras.
CONTRACT = ["doc", "page", "line", "start", "end", "quote", "subject", "metric", "value", "unit", "low", "high",
            "qualifier", "period", "forecast", "source", "published", "context", "id"]
EXTRAS = ["cited", "encoding"]

GOOD = "2021年全球GPU市场规模为334.7亿美元，同比增长22.1%。\n预计到2030年中国智能算力规模将达到52.5 ZFLOPS。\n"
SIMPLIFIED = (FIXTURES / "industry_brief_gbk.txt").read_bytes().decode("gb18030")
TRADITIONAL = (FIXTURES / "tw_news_big5.txt").read_bytes().decode("big5")
UNDECODABLE = GOOD.encode("utf-8") + GOOD.encode("gbk")  # half UTF-8, half GBK: neither
BINARY = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


# ---------------------------------------------------------------- helpers



def error_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("claimx: error")]


def read_csv(data: bytes | str | Path) -> pd.DataFrame:
    if isinstance(data, Path):
        data = data.read_bytes()
    if isinstance(data, bytes):
        data = data.decode("utf-8-sig")
    return pd.read_csv(io.StringIO(data), dtype=str, keep_default_na=False)


def canon(df: pd.DataFrame) -> pd.DataFrame:
    """One representation for a table read back from CSV (all strings), JSONL or Parquet."""
    out = pd.DataFrame(index=range(len(df)))
    for c in df.columns:
        col = df[c].reset_index(drop=True)
        if c in ("page", "line", "start", "end", "value", "low", "high"):
            out[c] = pd.to_numeric(col.replace("", None), errors="raise").astype("float64")
        elif c == "forecast":
            out[c] = col.map(lambda v: v if isinstance(v, bool) else {"true": True, "false": False}[str(v).lower()])
        else:
            out[c] = col.map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v))
    return out


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


@pytest.fixture
def good_dir(tmp_path):
    d = tmp_path / "in"
    write(d / "a.txt", GOOD)
    write(d / "sub" / "b.md", "## 概览\n2023年中国AI芯片市场规模约为1206亿元。\n")
    return d


# ---------------------------------------------------------------- bad inputs

BAD = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (b" \n\t\n  \n", "no text"),
    "binary.txt": (BINARY, "binary"),
    "mixed.txt": (UNDECODABLE, "undecodable"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_in_folder_is_one_error_line_others_extracted(good_dir, name):
    data, reason = BAD[name]
    write(good_dir / name, data)
    r = invoke("extract", good_dir)
    assert r.exit_code == 1
    errs = error_lines(r.stderr)
    assert len(errs) == 1, r.stderr
    assert name in errs[0] and reason in errs[0]
    df = read_csv(r.stdout)
    assert set(df["doc"]) == {"a.txt", "sub/b.md"}
    assert "334.7亿美元" in set(df["quote"]) and "约为1206亿元" in set(df["quote"])


def test_missing_path_is_one_error_line(good_dir, tmp_path):
    r = invoke("extract", good_dir / "a.txt", tmp_path / "nowhere.txt", "--quiet")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == error_lines(r.stderr)  # --quiet: nothing but the error
    errs = error_lines(r.stderr)
    assert len(errs) == 1 and "nowhere.txt" in errs[0] and "no such file" in errs[0]
    assert set(read_csv(r.stdout)["doc"]) == {(good_dir / "a.txt").as_posix()}  # several inputs: names as given


def test_only_missing_paths_is_a_usage_error(tmp_path):
    out = tmp_path / "keep.csv"
    out.write_text("previous\n", encoding="utf-8")
    r = invoke("extract", tmp_path / "typo", "-o", out)
    assert r.exit_code == 2 and "typo" in r.stderr
    assert out.read_text(encoding="utf-8") == "previous\n"  # the last good output is untouched


def test_same_names_in_two_inputs_stay_apart(tmp_path):
    for q in ("q1", "q2"):
        write(tmp_path / q / "report.txt", "2024年全球GPU市场规模为600亿美元。")
    r = invoke("extract", tmp_path / "q1", tmp_path / "q2", tmp_path / "q1", "--quiet")
    docs = list(read_csv(r.stdout)["doc"])
    assert len(docs) == 2 and len(set(docs)) == 2 and all(d.endswith("/report.txt") for d in docs)


def test_unknown_output_suffix_is_a_usage_error(good_dir, tmp_path):
    r = invoke("extract", good_dir, "-o", tmp_path / "claims.json")
    assert r.exit_code == 2 and ".csv, .jsonl or .parquet" in r.stderr
    assert not (tmp_path / "claims.json").exists()


def test_version():
    r = invoke("--version")
    assert r.exit_code == 0 and r.stdout.startswith("claimx ")


def test_unsupported_file_named_explicitly(good_dir):
    png = write(good_dir / "chart.png", BINARY)
    r = invoke("extract", good_dir / "a.txt", png, "--quiet")
    assert r.exit_code == 1
    errs = error_lines(r.stderr)
    assert len(errs) == 1 and "chart.png" in errs[0] and "unsupported" in errs[0]


def test_folder_full_of_bad_files(tmp_path):
    d = tmp_path / "in"
    for name, (data, _) in BAD.items():
        write(d / "bad" / name, data)
    write(d / "good.txt", GOOD)
    write(d / "chart.png", BINARY)  # not a supported type: skipped inside a folder, silently
    write(d / ".hidden.txt", b"")  # hidden: skipped
    err_file = tmp_path / "errors.csv"
    r = invoke("extract", d, "--quiet", "--errors", err_file)
    assert r.exit_code == 1
    errs = error_lines(r.stderr)
    assert len(errs) == len(BAD), r.stderr
    for name, (_, reason) in BAD.items():
        (line,) = [e for e in errs if f"bad/{name}" in e]
        assert reason in line
    assert set(read_csv(r.stdout)["doc"]) == {"good.txt"}
    with err_file.open(encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    assert table[0] == ["path", "stage", "reason"]
    stages = {p: (s, why) for p, s, why in table[1:]}
    assert set(stages) == {f"bad/{n}" for n in BAD}
    assert stages["bad/empty.txt"][0] == "read" and stages["bad/binary.txt"][0] == "decode"
    assert stages["bad/mixed.txt"][0] == "decode"
    for name, (_, reason) in BAD.items():
        assert reason in stages[f"bad/{name}"][1]


def test_only_bad_files_still_writes_a_header(tmp_path):
    write(tmp_path / "in" / "empty.txt", b"")
    out = tmp_path / "claims.csv"
    r = invoke("extract", tmp_path / "in", "-o", out)
    assert r.exit_code == 1
    assert list(read_csv(out).columns) == CONTRACT + EXTRAS and len(read_csv(out)) == 0


def test_all_good_exits_0_and_says_no_error(good_dir, tmp_path):
    err_file = tmp_path / "errors.csv"
    r = invoke("extract", good_dir, "-o", tmp_path / "claims.csv", "--errors", err_file)
    assert r.exit_code == 0
    assert error_lines(r.stderr) == []
    assert "2 documents" in r.stderr and "0 errors" in r.stderr
    assert err_file.read_text(encoding="utf-8").splitlines() == ["path,stage,reason"]


def test_quiet_prints_nothing_on_success(good_dir, tmp_path):
    r = invoke("extract", good_dir, "-o", tmp_path / "claims.csv", "-q")
    assert r.exit_code == 0 and r.stderr == "" and r.stdout == ""


@pytest.mark.parametrize(("args", "message"), [
    (["--bogus"], "No such option"),
    (["--format", "parquet"], "parquet"),
    (["--format", "parquet", "-o", "-"], "parquet"),
    (["--format", "xlsx"], "xlsx"),
    (["--jobs", "0"], "jobs"),
    (["-o", "{tmp}/missing/dir/claims.csv"], "does not exist"),
])
def test_bad_usage_exits_2(good_dir, tmp_path, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    r = invoke("extract", good_dir, *args)
    assert r.exit_code == 2, r.stderr
    assert message in r.stderr
    assert r.stdout == ""
    assert not (tmp_path / "missing").exists()


def test_no_arguments_is_usage(good_dir):
    r = invoke("extract")
    assert r.exit_code == 2
    r = invoke()
    assert r.exit_code in (0, 2) and "extract" in (r.stdout + r.stderr)


# ---------------------------------------------------------------- encodings

ENCODED = [
    ("simplified", "utf-8", lambda t: t.encode("utf-8"), "utf-8"),
    ("simplified", "utf-8-sig", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-sig"),
    ("simplified", "gbk", lambda t: t.encode("gbk"), "gb18030"),
    ("simplified", "gb18030", lambda t: t.encode("gb18030"), "gb18030"),
    ("simplified", "crlf", lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ("traditional", "utf-8", lambda t: t.encode("utf-8"), "utf-8"),
    ("traditional", "utf-8-sig", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-sig"),
    ("traditional", "big5", lambda t: t.encode("big5"), "big5"),
]


@pytest.fixture(scope="module")
def utf8_tables(tmp_path_factory):
    """Claims of each script's text as plain UTF-8: the reference."""
    d = tmp_path_factory.mktemp("ref")
    out = {}
    for script, text in (("simplified", SIMPLIFIED), ("traditional", TRADITIONAL)):
        write(d / script / "note.txt", text.encode("utf-8"))
        r = invoke("extract", d / script, "-q")
        assert r.exit_code == 0
        out[script] = read_csv(r.stdout)
    return out


@pytest.mark.parametrize(("script", "label", "encode", "expect"), ENCODED, ids=[f"{s}-{e}" for s, e, _, _ in ENCODED])
def test_encodings_give_the_same_claims(tmp_path, utf8_tables, script, label, encode, expect):
    text = SIMPLIFIED if script == "simplified" else TRADITIONAL
    write(tmp_path / "in" / "note.txt", encode(text))
    r = invoke("extract", tmp_path / "in", "-q")
    assert r.exit_code == 0, r.stderr
    df = read_csv(r.stdout)
    ref = utf8_tables[script]
    assert len(df) >= 10
    assert set(df["encoding"]) == {expect}
    pd.testing.assert_frame_equal(df.drop(columns="encoding"), ref.drop(columns="encoding"))


def test_library_records_encoding_too(tmp_path):
    write(tmp_path / "g.txt", SIMPLIFIED.encode("gbk"))
    write(tmp_path / "b.txt", TRADITIONAL.encode("big5"))
    df = claimx.extract_paths(tmp_path)
    assert df.groupby("doc")["encoding"].unique().map(list).to_dict() == {"b.txt": ["big5"], "g.txt": ["gb18030"]}
    assert df.attrs["errors"] == []


# ---------------------------------------------------------------- the table

def test_csv_bom_columns_and_document_order(tmp_path):
    out = tmp_path / "claims.csv"
    r = invoke("extract", FIXTURES, "-o", out, "-q")
    assert r.exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfdoc,page,line,")
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header == CONTRACT + EXTRAS == list(ALL_COLUMNS)
    df = read_csv(out)
    docs = list(dict.fromkeys(df["doc"]))
    assert docs == sorted(docs) and "tw_news_big5.txt" in docs
    for _, g in df.groupby("doc", sort=False):
        starts = g["start"].astype(int).tolist()
        lines = g["line"].astype(int).tolist()
        assert starts == sorted(starts) and lines == sorted(lines)

    out2 = tmp_path / "nobom.csv"
    assert invoke("extract", FIXTURES, "-o", out2, "-q", "--no-bom").exit_code == 0
    assert out2.read_bytes() == data[3:]


def test_columns_match_the_contract_document():
    """The table in docs/claims.md (the project's own description) lists CONTRACT in order."""
    import re

    doc = ROOT / "docs" / "claims.md"
    text = doc.read_text(encoding="utf-8")
    section = text.split("## Columns of `claims.csv`", 1)[1].split("\n## ", 1)[0]
    names = []
    for line in section.splitlines():
        m = re.match(r"\|\s*(`[^|]*)\|", line)
        if m:
            names += re.findall(r"`([a-z_]+)`", m.group(1))
    assert names == CONTRACT


@pytest.mark.parametrize("dash", [[], ["-o", "-"]])
def test_stdout_is_csv(tmp_path, dash):
    out = tmp_path / "claims.csv"
    assert invoke("extract", FIXTURES, "-o", out, "-q").exit_code == 0
    r = invoke("extract", FIXTURES, "-q", *dash)
    assert r.exit_code == 0
    assert read_csv(r.stdout_bytes).equals(read_csv(out))
    assert r.stdout.startswith("doc,page,line,")


def test_jsonl_and_parquet_round_trip(tmp_path):
    paths = {}
    for fmt in ("csv", "jsonl", "parquet"):
        paths[fmt] = tmp_path / f"claims.{fmt}"
        r = invoke("extract", FIXTURES, "-o", paths[fmt], "-q")  # format from the suffix
        assert r.exit_code == 0, r.stderr
    # --format wins over the suffix
    forced = tmp_path / "claims.out"
    assert invoke("extract", FIXTURES, "-o", forced, "-q", "--format", "jsonl").exit_code == 0
    assert forced.read_bytes() == paths["jsonl"].read_bytes()

    from_csv = read_csv(paths["csv"])
    for c in ("doc", "subject", "source", "context", "cited"):  # undo the CSV's formula guard (table.py)
        from_csv[c] = from_csv[c].map(lambda v: v[1:] if v[:2] in ("'=", "'+", "'-", "'@") else v)
    lines = paths["jsonl"].read_text(encoding="utf-8").splitlines()
    assert all(list(json.loads(ln)) == list(ALL_COLUMNS) for ln in lines)
    from_jsonl = pd.DataFrame([json.loads(ln) for ln in lines], columns=list(ALL_COLUMNS))
    from_parquet = pd.read_parquet(paths["parquet"])
    assert list(from_parquet.columns) == list(ALL_COLUMNS)
    assert len(from_csv) == len(from_jsonl) == len(from_parquet) > 50
    assert from_parquet["line"].dtype == "int64" and from_parquet["forecast"].dtype == bool
    ref = canon(from_csv)
    pd.testing.assert_frame_equal(canon(from_jsonl), ref, rtol=1e-12)
    pd.testing.assert_frame_equal(canon(from_parquet), ref, rtol=1e-12)
    # and the library gives the same table
    pd.testing.assert_frame_equal(canon(claimx.extract_paths(FIXTURES)), ref, rtol=1e-12)


def _fail_on_second_file(monkeypatch, exc: BaseException):
    """The run is stopped (Ctrl-C, a full disk) in the parent, after the first document's rows."""
    real = claimx.runner.run

    def run(*args, **kw):
        results = real(*args, **kw)
        try:
            yield next(results)
            raise exc
        finally:
            results.close()

    monkeypatch.setattr(claimx.runner, "run", run)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
@pytest.mark.parametrize("old", [None, "old content\n"])
def test_interrupted_run_leaves_no_partial_output(tmp_path, monkeypatch, fmt, old):
    out = tmp_path / f"claims.{fmt}"
    if old is not None:
        out.write_text(old, encoding="utf-8")
    _fail_on_second_file(monkeypatch, KeyboardInterrupt())
    r = invoke("extract", FIXTURES, "-o", out, "-q")
    assert r.exit_code == 130 and "no output written" in r.stderr
    assert out.read_text(encoding="utf-8") == old if old is not None else not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ([out.name] if old is not None else [])


def test_write_failure_mid_table_is_exit_2_and_no_output(tmp_path, monkeypatch):
    out = tmp_path / "claims.csv"
    out.write_text("old content\n", encoding="utf-8")
    _fail_on_second_file(monkeypatch, OSError(28, "No space left on device"))
    r = invoke("extract", FIXTURES, "-o", out, "-q")
    assert r.exit_code == 2
    errs = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(errs) == 1 and "No space left on device" in errs[0] and "claims.csv" in errs[0]
    assert out.read_text(encoding="utf-8") == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.csv"]


def test_table_writer_is_atomic(tmp_path):
    from claimx.table import write as write_table

    def rows():
        yield {"doc": "a.txt", "quote": "1亿"}
        raise RuntimeError("boom")

    for fmt in ("csv", "jsonl", "parquet"):
        out = tmp_path / f"t.{fmt}"
        with pytest.raises(RuntimeError):
            write_table(rows(), str(out), fmt)
        assert not out.exists()
        out.write_bytes(b"keep")
        with pytest.raises(RuntimeError):
            write_table(rows(), str(out), fmt)
        assert out.read_bytes() == b"keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv", "t.jsonl", "t.parquet"]


def test_ids_stable_when_lines_added_above(tmp_path):
    body = ("2023年全球AI芯片市场规模为652亿美元，同比增长约30%。\n"
            "GPT-3的参数量为1750亿，训练一次的成本约为460万美元。\n"
            "预计到2027年，中国智能算力规模将达到1117.4 EFLOPS。\n")
    above = "前言\n2022年全球服务器出货量约为1300万台。\n\n"
    write(tmp_path / "v1" / "r.txt", body)
    write(tmp_path / "v2" / "r.txt", above + body)
    one = read_csv(invoke("extract", tmp_path / "v1", "-q").stdout)
    two = read_csv(invoke("extract", tmp_path / "v2", "-q").stdout)
    assert len(one) >= 5 and len(two) > len(one)
    assert one["id"].is_unique and two["id"].is_unique
    moved = two.set_index("id").loc[one["id"]]
    assert moved["quote"].tolist() == one["quote"].tolist()
    assert (moved["line"].astype(int) - 3).tolist() == one["line"].astype(int).tolist()
    assert (moved["start"].astype(int) - len(above)).tolist() == one["start"].astype(int).tolist()


def test_same_quote_twice_gets_two_ids(tmp_path):
    write(tmp_path / "in" / "r.txt", "营收增长20%。\n营收增长20%。\n")
    df = read_csv(invoke("extract", tmp_path / "in", "-q").stdout)
    assert len(df) == 2 and df["id"].is_unique


# ---------------------------------------------------------------- jobs and time limits

def test_jobs_2_gives_the_same_table_as_jobs_1(tmp_path):
    d = tmp_path / "in"
    for i in range(3):
        for f in FIXTURES.glob("*.txt"):
            write(d / f"c{i}" / f.name, f.read_bytes())
    write(d / "c1" / "empty.txt", b"")
    write(d / "c2" / "mixed.txt", UNDECODABLE)
    e1, e2 = tmp_path / "e1.csv", tmp_path / "e2.csv"
    r1 = invoke("extract", d, "--jobs", "1", "-q", "--errors", e1)
    r2 = invoke("extract", d, "--jobs", "2", "-q", "--errors", e2)
    assert r1.exit_code == r2.exit_code == 1
    assert r1.stdout_bytes == r2.stdout_bytes and len(read_csv(r1.stdout)) > 100
    assert r1.stderr == r2.stderr and len(error_lines(r1.stderr)) == 2
    assert e1.read_bytes() == e2.read_bytes()


def test_timeout_stops_a_slow_file(tmp_path, monkeypatch):
    real = claimx.read.READERS[".txt"]

    def slow(data: bytes, path: str):
        if "slow" in path:
            time.sleep(20)
        return real(data, path)

    monkeypatch.setitem(claimx.read.READERS, ".txt", slow)
    d = tmp_path / "in"
    write(d / "a_fast.txt", GOOD)
    write(d / "b_slow.txt", GOOD)
    write(d / "c_fast.txt", GOOD)
    err_file = tmp_path / "errors.csv"
    t0 = time.monotonic()
    r = invoke("extract", d, "--jobs", "1", "--timeout", "0.5", "-q", "--errors", err_file)
    assert time.monotonic() - t0 < 10
    assert r.exit_code == 1
    errs = error_lines(r.stderr)
    assert len(errs) == 1 and "b_slow.txt" in errs[0] and "0.5 s" in errs[0]
    assert list(dict.fromkeys(read_csv(r.stdout)["doc"])) == ["a_fast.txt", "c_fast.txt"]
    assert list(csv.reader(err_file.open(encoding="utf-8")))[1][:2] == ["b_slow.txt", "timeout"]


# ---------------------------------------------------------------- other formats in a folder

def test_html_and_docx_in_a_folder(tmp_path):
    d = tmp_path / "in"
    write(d / "a.txt", GOOD)
    body = "<p>2023年中国智能算力规模达到414.1 EFLOPS，同比增长59.3%。</p>"
    make_html(d / "b.html", html_page("gbk", "算力", body), encoding="gbk")
    make_html(d / "c.htm", html_page("utf-8", "算力", body))
    make_docx(d / "d.docx", ["AI芯片行业研究", "2022年中国AI芯片市场规模约为850亿元，同比增长94.6%。"])
    expect = {"a.txt": "334.7亿美元", "b.html": "414.1 EFLOPS", "c.htm": "414.1 EFLOPS", "d.docx": "约为850亿元"}
    r = invoke("extract", d, "-q")
    assert r.exit_code == 0, r.stderr
    df = read_csv(r.stdout)
    assert list(dict.fromkeys(df["doc"])) == sorted(expect)
    for doc, quote in expect.items():
        assert quote in set(df.loc[df["doc"] == doc, "quote"]), (doc, df.loc[df["doc"] == doc, "quote"].tolist())
    assert set(df["page"]) == {""}
    assert set(df.loc[df["doc"] == "b.html", "encoding"]) == {"gb18030"}


def test_pdf_in_a_folder(tmp_path):
    pytest.importorskip("fpdf", reason="fpdf2 (test extra) builds the PDF fixtures")
    if find_cjk_font() is None:
        pytest.skip(f"no CJK font for the PDF fixtures; install one: {FONT_INSTALL}")
    from docgen import PdfPage, PdfSpec, make_pdf

    d = tmp_path / "in"
    write(d / "a.txt", GOOD)
    (d / "sub").mkdir()
    make_pdf(d / "sub" / "e.pdf",
             PdfSpec(pages=[PdfPage(body=["第一页"]),
                            PdfPage(body=["2023年全球GPU市场规模约为400亿美元，同比增长18%。"])]))
    r = invoke("extract", d, "-q")
    assert r.exit_code == 0, r.stderr
    df = read_csv(r.stdout)
    assert list(dict.fromkeys(df["doc"])) == ["a.txt", "sub/e.pdf"]
    pdf = df[df["doc"] == "sub/e.pdf"]
    assert "约为400亿美元" in set(pdf["quote"])
    assert set(pdf["page"]) == {"2"} and set(df.loc[df["doc"] == "a.txt", "page"]) == {""}


def test_broken_docx_and_pdf_are_errors_not_crashes(tmp_path):
    d = tmp_path / "in"
    write(d / "a.txt", GOOD)
    write(d / "b.docx", b"PK\x03\x04 not really a zip")
    write(d / "c.pdf", b"%PDF-1.7\n garbage")
    write(d / "d.html", b"")
    r = invoke("extract", d, "-q")
    assert r.exit_code == 1
    errs = error_lines(r.stderr)
    assert len(errs) == 3
    assert [e.split(":")[2].strip() for e in errs] == ["b.docx", "c.pdf", "d.html"]
    assert set(read_csv(r.stdout)["doc"]) == {"a.txt"}


# ---------------------------------------------------------------- help, startup, real processes

def test_help_lists_the_commands():
    r = invoke("--help")
    assert r.exit_code == 0
    assert "extract" in r.stdout and "check" in r.stdout
    r = invoke("extract", "--help")
    assert r.exit_code == 0 and "--timeout" in r.stdout and "--errors" in r.stdout


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys, claimx.cli\n"
        "sys.argv = ['claimx', '--help']\n"
        "try:\n    claimx.cli.main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'pint', 'opencc', 'pyarrow', 'numpy') if m in sys.modules]\n"
        "print('HEAVY', ','.join(heavy))\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert "extract" in p.stdout
    assert p.stdout.strip().splitlines()[-1] == "HEAVY"


def _claimx_commands() -> list[list[str]]:
    cmds = [[sys.executable, "-m", "claimx"]]
    script = Path(sys.executable).parent / "claimx"
    if script.is_file():
        cmds.append([str(script)])
    return cmds


@pytest.mark.parametrize("cmd", _claimx_commands(), ids=lambda c: Path(c[-1]).name)
def test_real_process_bad_inputs(tmp_path, cmd):
    d = tmp_path / "in"
    write(d / "good.txt", GOOD)
    write(d / "gbk.txt", SIMPLIFIED.encode("gbk"))
    write(d / "empty.txt", b"")
    write(d / "binary.txt", BINARY)
    out = tmp_path / "claims.csv"
    env = {**os.environ, "NO_COLOR": "1"}
    p = subprocess.run([*cmd, "extract", str(d), str(tmp_path / "missing.txt"), "-o", str(out)],
                       capture_output=True, text=True, timeout=120, env=env, stdin=subprocess.DEVNULL)
    assert p.returncode == 1
    assert "Traceback" not in p.stderr
    errs = error_lines(p.stderr)
    assert len(errs) == 3
    assert [Path(e.split(":")[2].strip()).name for e in errs] == ["binary.txt", "empty.txt", "missing.txt"]
    df = read_csv(out)
    assert set(df["doc"]) == {(d / "good.txt").as_posix(), (d / "gbk.txt").as_posix()}  # two inputs: names as given
    assert "5 documents" in p.stderr and "3 errors" in p.stderr

    p = subprocess.run([*cmd, "extract", str(d), "--format", "parquet"], capture_output=True, text=True,
                       timeout=120, env=env, stdin=subprocess.DEVNULL)
    assert p.returncode == 2 and "Traceback" not in p.stderr and p.stdout == ""


def test_real_process_stdout_closed_early(tmp_path):
    """`claimx extract ... | head -1`: a closed pipe ends the run quietly, without a traceback."""
    d = tmp_path / "in"
    for i in range(40):
        write(d / f"n{i:02d}.txt", (FIXTURES / "broker_note.txt").read_bytes())
    p = subprocess.Popen([sys.executable, "-m", "claimx", "extract", str(d), "-q"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    first = p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read().decode("utf-8", "replace")
    p.wait(timeout=120)
    assert first.startswith(b"doc,page,line")
    assert "Traceback" not in err, err


def test_output_path_is_a_folder(good_dir, tmp_path):
    r = invoke("extract", good_dir, "-o", tmp_path, "-q")
    assert r.exit_code == 2 and "cannot write" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


# ---------------------------------------------------------------- bugs found by these tests, now fixed

def test_errors_file_in_missing_folder_is_usage(good_dir, tmp_path):
    r = invoke("extract", good_dir, "-o", tmp_path / "claims.csv", "--errors", tmp_path / "no" / "e.csv")
    assert r.exit_code == 2 and "does not exist" in r.stderr


def test_output_file_mode_follows_umask(good_dir, tmp_path):
    out = tmp_path / "claims.csv"
    old = os.umask(0o022)
    try:
        assert invoke("extract", good_dir, "-o", out, "-q").exit_code == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


def test_non_utf8_file_name_is_extracted(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    Path(os.fsdecode(bytes(d) + b"/\xc4\xea\xb1\xa8.txt")).write_bytes(GOOD.encode("utf-8"))
    r = invoke("extract", d, "-q")
    assert r.exit_code == 0, r.stderr
    assert "334.7亿美元" in set(read_csv(r.stdout)["quote"])


def test_formats_agree_on_huge_figures(tmp_path):
    write(tmp_path / "in" / "r.txt", GOOD + "规模为" + "9" * 400 + "亿美元。\n")
    tables = []
    for fmt in ("csv", "jsonl", "parquet"):
        out = tmp_path / f"claims.{fmt}"
        assert invoke("extract", tmp_path / "in", "-o", out, "-q").exit_code == 0
        if fmt == "csv":
            tables.append(canon(read_csv(out)))
        elif fmt == "jsonl":
            lines = out.read_text(encoding="utf-8").splitlines()
            tables.append(canon(pd.DataFrame([json.loads(ln) for ln in lines], columns=list(ALL_COLUMNS))))
        else:
            tables.append(canon(pd.read_parquet(out)))
    pd.testing.assert_frame_equal(tables[1], tables[0])
    pd.testing.assert_frame_equal(tables[2], tables[0])


def test_output_through_symlink_and_device(good_dir, tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("", encoding="utf-8")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    assert invoke("extract", good_dir / "a.txt", "-o", link, "--quiet").exit_code == 0
    assert link.is_symlink() and read_csv(real)["doc"].tolist()  # the link stays, its target is written
    assert invoke("extract", good_dir / "a.txt", "-o", "/dev/null", "--quiet").exit_code == 0
    assert Path("/dev/null").is_char_device()  # written to, never replaced


def test_csv_cells_never_run_as_formulas(tmp_path):
    write(tmp_path / "f.txt", '=HYPERLINK("http://x")，2024年全球GPU市场规模为600亿美元。')
    out = tmp_path / "c.csv"
    invoke("extract", tmp_path / "f.txt", "-o", out, "--quiet")
    df = read_csv(out)
    assert df["context"][0].startswith("'=HYPERLINK") and df["quote"][0] == "600亿美元"


@pytest.mark.parametrize("body", ['[entities]\n"寒武纪" = "Cambricon"\n', '[entitys]\n"寒武纪" = ["Cambricon"]\n',
                                  "entities = 3\n", '[entities]\n"寒武纪" = [1, 2]\n'])
def test_bad_alias_file_is_a_usage_error(good_dir, tmp_path, body):
    f = write(tmp_path / "aliases.toml", body)
    r = invoke("extract", good_dir / "a.txt", "--aliases", f, "--quiet")
    assert r.exit_code == 2 and "--aliases" in r.stderr and "Traceback" not in r.stderr


def test_alias_file_renames_subjects(tmp_path):
    f = write(tmp_path / "aliases.toml", '[entities]\n"寒武纪" = ["Cambricon"]\n')
    doc = write(tmp_path / "d.txt", "Cambricon 2024年营收为11.7亿元。")
    r = invoke("extract", doc, "--aliases", f, "--quiet")
    assert read_csv(r.stdout)["subject"].tolist() == ["寒武纪"]


def test_empty_parquet_has_the_schema_of_a_full_one(tmp_path, good_dir):
    import pyarrow.parquet as pq

    empty = write(tmp_path / "e" / "e.txt", "没有数字的文本。")
    invoke("extract", empty, "-o", tmp_path / "e.parquet", "--quiet")
    invoke("extract", good_dir / "a.txt", "-o", tmp_path / "f.parquet", "--quiet")
    a, b = pq.read_schema(tmp_path / "e.parquet"), pq.read_schema(tmp_path / "f.parquet")
    assert [(f.name, str(f.type)) for f in a] == [(f.name, str(f.type)) for f in b]
