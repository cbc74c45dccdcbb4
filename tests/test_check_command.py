"""`run_check` end to end: inputs, formats, exit statuses, baselines, stable ids."""
import csv
import io
import json

import pandas as pd
import pytest
from test_check_helpers import row, table

from claimx.check import check
from claimx.check.command import run_check

CLAIM_KEYS = {"id", "doc", "line", "start", "end", "quote", "value", "unit", "low", "high", "qualifier",
              "forecast"}


def claims_df(extra_line: int = 0):
    return table(
        row("652亿美元", 6.52e10, "全球AI芯片市场", "market_size", "2023", "USD", doc="a.txt", line=3 + extra_line,
            context="2023年全球AI芯片市场规模为652亿美元"),
        row("618.4亿美元", 6.184e10, "全球AI芯片市场", "market_size", "2023", "USD", doc="b.txt", line=7),
        row("1750亿", 1.75e11, "GPT-3", "parameters", "2020", "count", doc="a.txt", line=9 + extra_line),
        row("1750億", 1.75e11, "GPT-3", "parameters", "2020", "count", doc="b.txt", line=2),
        row("500亿元", 5e10, "中国AI芯片市场", "market_size", "2023", "CNY", doc="old.txt", forecast=True),
        row("420亿元", 4.2e10, "中国AI芯片市场", "market_size", "2023", "CNY", doc="new.txt"),
    )


@pytest.fixture
def csv_table(tmp_path):
    path = tmp_path / "claims.csv"
    claims_df().to_csv(path, index=False, encoding="utf-8-sig")
    return path


def run(capsys, *args, **kw):
    code = run_check(list(args), **kw)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_text_report(csv_table, capsys):
    code, out, _ = run(capsys, csv_table)
    assert code == 1
    assert out.index("全球AI芯片市场") < out.index("中国AI芯片市场") < out.index("GPT-3")  # worst first
    for piece in ("ERROR", "contradiction", "652亿美元", "618.4亿美元", "a.txt:3", "b.txt:7", "WARNING",
                  "forecast", "agreement"):
        assert piece in out
    assert out.strip().splitlines()[-1] == "1 error, 1 warning, 1 info in 6 comparable of 6 claims"


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_reads_every_table_format(tmp_path, capsys, suffix):
    path = tmp_path / f"claims{suffix}"
    df = claims_df()
    if suffix == ".csv":
        df.to_csv(path, index=False, encoding="utf-8-sig")
    elif suffix == ".jsonl":
        df.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        df.to_parquet(path)
    code, out, _ = run(capsys, path, format="json")
    assert code == 1
    assert sorted(json.loads(x)["kind"] for x in out.splitlines()) == ["agreement", "contradiction",
                                                                       "contradiction"]


def test_json_lines_carry_every_claim_field(csv_table, capsys):
    _, out, _ = run(capsys, csv_table, format="json")
    findings = [json.loads(x) for x in out.splitlines()]
    assert [f["severity"] for f in findings] == ["error", "warning", "info"]
    first = findings[0]
    assert {"id", "kind", "severity", "subject", "metric", "period", "unit", "explanation", "claims"} <= set(first)
    for c in first["claims"]:
        assert set(c) >= CLAIM_KEYS
    assert {c["quote"] for c in first["claims"]} == {"652亿美元", "618.4亿美元"}
    assert first["claims"][0]["line"] == 3 and isinstance(first["claims"][0]["forecast"], bool)


def test_csv_and_md(csv_table, capsys):
    _, out, _ = run(capsys, csv_table, format="csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 6 and {r["quote"] for r in rows} >= {"652亿美元", "618.4亿美元"}
    assert {"claim_id", "doc", "line", "start", "end", "low", "high", "qualifier", "forecast"} <= set(rows[0])
    _, out, _ = run(capsys, csv_table, format="md")
    assert out.startswith("| finding | kind |") and "| 652亿美元 |" in out


def test_github_annotations(csv_table, capsys):
    code, out, _ = run(capsys, csv_table, format="github")
    lines = out.splitlines()
    assert code == 1
    assert any(x.startswith("::error file=a.txt,line=3,title=claimx contradiction") for x in lines)
    assert any(x.startswith("::error file=b.txt,line=7,") for x in lines)
    assert any(x.startswith("::warning file=new.txt,line=1,") for x in lines)
    assert any(x.startswith("::notice file=") for x in lines)


def test_github_paths_include_the_folder(tmp_path, capsys, monkeypatch):
    docs = tmp_path / "reports"
    docs.mkdir()
    monkeypatch.setattr("claimx.extract_paths", lambda paths: claims_df())
    _, out, _ = run(capsys, docs, format="github")
    assert f"::error file={docs.as_posix().replace(':', '%3A')}/a.txt,line=3," in out


@pytest.mark.parametrize("fail_on,code", [("error", 1), ("info", 1), ("never", 0), ("warning", 1)])
def test_fail_on(csv_table, capsys, fail_on, code):
    assert run(capsys, csv_table, fail_on=fail_on, format="json")[0] == code


@pytest.mark.parametrize("rows,fail_on,code", [
    ("agree", "error", 0), ("agree", "info", 1), ("forecast", "error", 0), ("forecast", "info", 1),
    ("none", "info", 0),
])
def test_exit_status_by_severity(tmp_path, capsys, rows, fail_on, code):
    df = claims_df()
    keep = {"agree": df.subject == "GPT-3", "forecast": df.subject == "中国AI芯片市场",
            "none": df.subject == "nothing"}[rows]
    path = tmp_path / "t.csv"
    df[keep].to_csv(path, index=False, encoding="utf-8-sig")
    assert run(capsys, path, fail_on=fail_on, format="json")[0] == code


def test_baseline_round_trip(tmp_path, csv_table, capsys):
    base = tmp_path / "baseline.json"
    code, _, err = run(capsys, csv_table, write_baseline=base, format="json")
    assert code == 0 and "wrote 3 finding(s)" in err
    assert {f["kind"] for f in json.loads(base.read_text(encoding="utf-8"))["findings"]} == {
        "contradiction", "agreement"}
    code, out, _ = run(capsys, csv_table, baseline=base)
    assert code == 0 and "3 known findings in the baseline not shown" in out
    # a new contradiction fails; the known ones stay quiet
    df = pd.concat([claims_df(extra_line=5), table(
        row("31亿元", 3.1e9, "寒武纪", "revenue", "2023", "CNY", doc="c.txt"),
        row("40亿元", 4e9, "Cambricon", "revenue", "2023", "CNY", doc="d.txt"))])
    df.to_csv(csv_table, index=False, encoding="utf-8-sig")
    code, out, _ = run(capsys, csv_table, baseline=base, format="json")
    assert code == 1
    [new] = [json.loads(x) for x in out.splitlines()]
    assert new["subject"] == "寒武纪"


def test_finding_ids_survive_lines_added_elsewhere():
    before = {f.id for f in check(claims_df())}
    after = {f.id for f in check(claims_df(extra_line=40))}
    assert before == after and len(before) == 3


def test_output_file_is_written_whole(tmp_path, csv_table, capsys):
    out = tmp_path / "findings.csv"
    code, printed, _ = run(capsys, csv_table, format="csv", output=out)
    assert code == 1 and printed == ""
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    text_out = tmp_path / "report.txt"
    run(capsys, csv_table, output=text_out)
    assert "\x1b[" not in text_out.read_text(encoding="utf-8")


@pytest.mark.parametrize("content,message", [
    ("doc,line,quote\na.txt,1,5%\n", "missing column"),
    (None, "column 'value' must be a number"),
    (None, "column 'line' must be a whole number"),
    (None, "column 'forecast' must be true or false"),
])
def test_malformed_table_is_exit_2(tmp_path, capsys, content, message):
    path = tmp_path / "bad.csv"
    if content is None:
        df = claims_df().astype(object)
        col, bad = {"column 'value' must be a number": ("value", "六百亿"),
                    "column 'line' must be a whole number": ("line", "3.5"),
                    "column 'forecast' must be true or false": ("forecast", "maybe")}[message]
        df.loc[1, col] = bad
        df.to_csv(path, index=False, encoding="utf-8-sig")
    else:
        path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, path)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
    if content is None:
        assert "row 2" in err


@pytest.mark.parametrize("setup,kw,message", [
    ("missing", {}, "no such file"),
    ("txt", {}, "unknown table format"),
    ("jsonl", {}, "not valid JSON"),
    ("parquet", {}, "cannot read the table"),
    ("ok", {"format": "xml"}, "unknown --format"),
    ("ok", {"fail_on": "sometimes"}, "unknown --fail-on"),
    ("ok", {"tolerance": -1}, "--tolerance"),
    ("ok", {"baseline": "nope.json"}, "not found"),
])
def test_bad_usage_is_exit_2(tmp_path, capsys, setup, kw, message):
    path = tmp_path / {"missing": "x.csv", "txt": "x.txt", "jsonl": "x.jsonl", "parquet": "x.parquet",
                       "ok": "x.csv"}[setup]
    if setup == "txt":
        path.write_text("hello", encoding="utf-8")
    elif setup == "jsonl":
        path.write_text('{"doc": "a"}\n{oops\n', encoding="utf-8")
    elif setup == "parquet":
        path.write_bytes(b"not parquet")
    elif setup == "ok":
        claims_df().to_csv(path, index=False)
    if "baseline" in kw:
        kw["baseline"] = tmp_path / kw["baseline"]
    code, _, err = run(capsys, path, **kw)
    assert code == 2 and message in err


def test_folder_extraction_failure_is_exit_2(tmp_path, capsys, monkeypatch):
    def boom(paths):
        raise RuntimeError("no extractor")
    monkeypatch.setattr("claimx.extract_paths", boom)
    code, _, err = run(capsys, tmp_path)
    assert code == 2 and "extraction failed" in err


def test_check_raises_table_error_on_a_bad_frame():
    from claimx.check import TableError
    with pytest.raises(TableError, match="missing column"):
        check(pd.DataFrame({"doc": ["a"]}))


def test_cli_check_subcommand(csv_table):
    cli = pytest.importorskip("claimx.cli")
    from typer.testing import CliRunner
    app = getattr(cli, "app", None)
    if app is None:
        pytest.skip("claimx.cli has no app yet")
    names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    if "check" not in names:
        pytest.skip("claimx.cli has no check subcommand yet")
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(csv_table), "--format", "github"])
    assert result.exit_code == 1 and "::error file=a.txt,line=3," in result.output
    result = runner.invoke(app, ["check", str(csv_table), "--fail-on", "never", "--format", "json"])
    assert result.exit_code == 0


def test_folder_with_unreadable_files_warns(tmp_path, capsys, monkeypatch):
    def extract(paths):
        df = claims_df()
        df.attrs["errors"] = [("bad.pdf", "read", "encrypted")]
        return df
    monkeypatch.setattr("claimx.extract_paths", extract)
    code, _, err = run(capsys, tmp_path, format="json")
    assert code == 1 and "1 file(s)" in err and "could not be read" in err
