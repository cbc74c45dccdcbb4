"""`run_check` end to end: inputs, formats, exit statuses, baselines, stable ids."""
import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from test_check_helpers import row, table

from claimx.check import check
from claimx.check.command import run_check

ROOT = Path(__file__).resolve().parents[1]
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
    """One annotation per finding, at its first claim; the others named in the message."""
    code, out, _ = run(capsys, csv_table, format="github")
    lines = out.splitlines()
    assert code == 1
    assert [x.split(" ", 1)[0] for x in lines[:-1]] == ["::error", "::warning", "::notice"]  # worst first
    assert lines[0].startswith("::error file=a.txt,line=3,title=claimx contradiction")
    assert "618.4亿美元 (b.txt:7)" in lines[0]
    assert lines[1].startswith("::warning file=new.txt,line=1,") and "old.txt:1" in lines[1]
    assert lines[2].startswith("::notice file=a.txt,line=9,") and "b.txt:2" in lines[2]
    assert lines[-1] == "claimx check: 1 error, 1 warning, 1 info in 6 comparable of 6 claims"


def test_github_annotations_are_capped(tmp_path, capsys):
    """GitHub shows 10 annotations of a level per step: the worst come first, the rest are counted."""
    from claimx.check.report import GITHUB_CAP

    rows = []
    for k in range(GITHUB_CAP + 3):
        rows += [row(f"{121 + k}亿元", (121 + k) * 1e8, f"公司{k}", "revenue", "2023", "CNY", doc="a.txt", line=k + 1),
                 row(f"{231 + k}亿元", (231 + k) * 1e8, f"公司{k}", "revenue", "2023", "CNY", doc="b.txt", line=k + 1)]
    rows += [row("1750亿", 1.75e11, "GPT-3", "parameters", "2020", "count", doc="a.txt", line=90),
             row("1750亿", 1.75e11, "GPT-3", "parameters", "2020", "count", doc="b.txt", line=90)]
    path = tmp_path / "t.csv"
    table(*rows).to_csv(path, index=False)
    _, out, _ = run(capsys, path, format="github")
    lines = out.splitlines()
    assert sum(x.startswith("::error ") for x in lines) == GITHUB_CAP
    assert sum(x.startswith("::notice ") for x in lines) == 1  # notices have their own quota
    assert lines[-1].startswith(f"claimx check: {GITHUB_CAP + 3} errors, 1 info")
    assert "3 more findings not annotated" in lines[-1]


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


def test_missing_columns_is_exit_2(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("doc,line,quote\na.txt,1,5%\n", encoding="utf-8")
    code, out, err = run(capsys, path)
    assert code == 2 and out == ""
    assert "missing column" in err and "docs/claims.md" in err and "Traceback" not in err


@pytest.mark.parametrize("col,bad,message", [
    ("value", "六百亿", "column 'value' must be a number"),
    ("line", "3.5", "column 'line' must be a whole number"),
    ("forecast", "maybe", "column 'forecast' must be true or false"),
    ("value", "inf", "column 'value' must be a finite number"),
    ("value", "NaN", "column 'value' must be a finite number"),
    ("low", "-Infinity", "column 'low' must be a finite number"),
    ("unit", "亿美元", "unknown unit '亿美元'"),
    ("unit", "usd", "unknown unit 'usd'"),
    ("period", "2023年", "cannot read the period '2023年'"),
    ("period", "2023Q5", "cannot read the period '2023Q5'"),
    ("period", "Jan-23", "cannot read the period 'Jan-23'"),
])
def test_a_bad_row_is_a_row_error(tmp_path, capsys, col, bad, message):
    """The row is named with its reason and left out; the other rows are checked; exit 1."""
    path = tmp_path / "bad.csv"
    df = claims_df().astype(object)
    df.loc[1, col] = bad  # row 2: 618.4亿美元, half of the contradiction
    df.to_csv(path, index=False, encoding="utf-8-sig")
    code, out, err = run(capsys, path, format="json", fail_on="never")
    assert code == 1
    assert f"{path} row 2: {message}" in err and "row not checked" in err and "Traceback" not in err
    assert sorted(json.loads(x)["kind"] for x in out.splitlines()) == ["agreement", "contradiction"]


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_json_numbers_are_row_errors(tmp_path, capsys, token):
    """JSON has no NaN or Infinity (null is an empty cell); Python writes them anyway."""
    path = tmp_path / "t.jsonl"
    lines = claims_df().to_json(orient="records", lines=True, force_ascii=False).splitlines()
    row = json.loads(lines[1])
    row["value"] = float(token)
    lines[1] = json.dumps(row, ensure_ascii=False)
    assert token in lines[1]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, path, format="json", fail_on="never")
    assert code == 1 and f"row 2: column 'value' must be a finite number or empty, got '{token}'" in err


def test_many_row_errors_are_counted_not_all_listed(tmp_path, capsys):
    from claimx.check.load import ROW_ERRORS_SHOWN

    df = pd.concat([claims_df()] * 10).astype(object)
    df["unit"] = "亿元"
    path = tmp_path / "t.csv"
    df.to_csv(path, index=False)
    code, _, err = run(capsys, path)
    assert code == 1 and err.count("row not checked") == ROW_ERRORS_SHOWN
    assert f"... and {60 - ROW_ERRORS_SHOWN} more rows with errors" in err and "60 table row(s)" in err


def test_row_errors_in_the_summary_line(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    df = claims_df().astype(object)
    df.loc[0, "unit"] = "美元"
    df.to_csv(path, index=False, encoding="utf-8-sig")
    code, out, _ = run(capsys, path)
    assert code == 1 and out.strip().splitlines()[-1].endswith("; 1 table row not checked (row errors)")


def test_every_unit_and_period_extract_writes_is_read(tmp_path):
    """The row checks accept the whole table `extract` writes for the demo fixtures."""
    from claimx import extract_paths
    from claimx.check.load import claims_from_frame

    df = extract_paths(["fixtures"] if Path("fixtures").is_dir() else [ROOT / "fixtures"])
    errors: list[str] = []
    assert len(claims_from_frame(df, "fixtures", errors)) == len(df) and errors == []


def test_a_csv_saved_by_excel_in_gbk_is_read(tmp_path, capsys):
    """Excel on Chinese Windows saves "CSV (逗号分隔)" in GBK, without a BOM."""
    path = tmp_path / "excel.csv"
    claims_df().to_csv(path, index=False, encoding="gbk")
    code, out, err = run(capsys, path, format="json")
    assert code == 1 and err == ""
    quotes = {c["quote"] for x in out.splitlines() for c in json.loads(x)["claims"]}
    assert {"652亿美元", "618.4亿美元", "1750亿"} <= quotes


def test_dates_as_excel_writes_them_back_are_read(tmp_path, capsys):
    """Excel re-saves a day 2023-06-30 as 2023/6/30 and a month 2023-06 as 2023年6月."""
    df = claims_df().astype(object)
    df["period"] = ["2023/6/30", "2023-06-30", "2023年6月", "2023-06", "2023", "2023"]
    df["published"] = ["2023/7/1", "", "", "", "2021/6/1", "2024/3/1"]
    path = tmp_path / "excel.csv"
    df.to_csv(path, index=False, encoding="gbk")
    code, out, err = run(capsys, path, format="json")
    assert err == "" and code == 1
    found = [json.loads(x) for x in out.splitlines()]
    assert [(f["kind"], f["period"]) for f in found] == [
        ("contradiction", "2023-06-30"), ("contradiction", "2023"), ("agreement", "2023-06")]
    assert "later reported fact" in found[1]["explanation"]  # the publication dates were read


@pytest.mark.parametrize("name", ["t.csv", "t.jsonl"])
@pytest.mark.parametrize("flag", ["output", "write_baseline"])
def test_never_writes_over_its_input_table(tmp_path, capsys, name, flag):
    path = tmp_path / name
    df = claims_df()
    if name.endswith(".csv"):
        df.to_csv(path, index=False)
    else:
        df.to_json(path, orient="records", lines=True, force_ascii=False)
    before = path.read_bytes()
    code, out, err = run(capsys, path, **{flag: path})
    assert code == 2 and out == "" and "is one of the inputs" in err
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing else written either
    # the same file by another name
    code, _, err = run(capsys, path, **{flag: tmp_path / "." / name})
    assert code == 2 and path.read_bytes() == before


@pytest.mark.parametrize("target,code", [
    ("reports/a.txt", 2),  # a document of the folder
    ("reports/report.html", 2),  # would be read as a document next time
    ("reports/sub/findings.md", 2),
    ("reports/findings.json", 0),  # not a document: fine
    ("reports/.report.html", 0),  # hidden files are not read
    ("report.html", 0),
])
def test_never_writes_a_document_of_a_checked_folder(tmp_path, capsys, monkeypatch, target, code):
    monkeypatch.setattr("claimx.extract_paths", lambda paths: table())
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("2023年收入为5亿元。", encoding="utf-8")
    got, _, err = run(capsys, folder, output=tmp_path / target, format="html")
    assert got == code, err
    assert (folder / "a.txt").read_text(encoding="utf-8") == "2023年收入为5亿元。"
    assert (tmp_path / target).exists() == (code == 0 or target == "reports/a.txt")


def test_rewriting_the_baseline_in_place_is_allowed(tmp_path, csv_table, capsys):
    base = tmp_path / "baseline.json"
    assert run(capsys, csv_table, write_baseline=base)[0] == 0
    assert run(capsys, csv_table, baseline=base, write_baseline=base)[0] == 0
    code, _, err = run(capsys, csv_table, baseline=base, output=base)
    assert code == 2 and "is one of the inputs" in err


def test_dash_output_is_stdout(csv_table, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, csv_table, format="json", output=Path("-"))
    assert code == 1 and len(out.splitlines()) == 3
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("no_color,colored", [(None, True), ("1", False), ("", True)])
def test_no_color(csv_table, capsys, monkeypatch, no_color, colored):
    """https://no-color.org: NO_COLOR set and not empty turns colour off, even on a terminal."""
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    _, out, _ = run(capsys, csv_table)
    assert ("\x1b[" in out) == colored


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


@pytest.mark.parametrize("target, says", [
    ("missing/out.txt", "its folder"),  # a folder that does not exist
    ("adir", "it is a folder"),  # the output names a folder
])
def test_write_errors_name_the_output_not_a_temporary_file(tmp_path, csv_table, capsys, monkeypatch, target, says):
    (tmp_path / "adir").mkdir()
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, csv_table, output=Path(target))
    assert code == 2
    assert f"cannot write {target}" in err and says in err and ".part" not in err


def test_the_temporary_file_is_made_in_the_outputs_folder(tmp_path, csv_table, capsys, monkeypatch):
    import claimx.table as table_module

    folders = []
    real = table_module._unnamed_file
    monkeypatch.setattr(table_module, "_unnamed_file", lambda folder: folders.append(Path(folder)) or real(folder))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    run(capsys, csv_table, output=out_dir / "findings.txt")
    assert folders and all(f.resolve() == out_dir.resolve() for f in folders)
    assert [p.name for p in out_dir.iterdir()] == ["findings.txt"] and list(elsewhere.iterdir()) == []
