"""`claimx check` inputs: empty tables are zero claims; documents that cannot be read fail
the run (exit 1, as `claimx extract` does), whatever the findings."""
import json
from pathlib import Path

import pandas as pd
import pytest
from test_check_command import claims_df
from test_check_helpers import table

from claimx.check.command import run_check
from claimx.model import COLUMNS


def run(capsys, *args, **kw):
    code = run_check(list(args), **kw)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("name,write", [
    ("empty.jsonl", lambda p: p.write_bytes(b"")),  # what `extract -o x.jsonl` writes for no claims
    ("blank.jsonl", lambda p: p.write_text("\n\n", encoding="utf-8")),
    ("bom.jsonl", lambda p: p.write_bytes(b"\xef\xbb\xbf")),
    ("empty.ndjson", lambda p: p.write_bytes(b"")),
    ("header.csv", lambda p: table().to_csv(p, index=False, encoding="utf-8-sig")),
    ("empty.parquet", lambda p: table().to_parquet(p)),
])
def test_an_empty_table_is_zero_claims(tmp_path, capsys, name, write):
    path = tmp_path / name
    write(path)
    code, out, err = run(capsys, path)
    assert (code, err) == (0, "")
    assert out.strip().splitlines()[-1] == "no findings in 0 comparable of 0 claims"


def test_an_empty_table_next_to_a_full_one(tmp_path, capsys):
    empty, full = tmp_path / "empty.jsonl", tmp_path / "full.jsonl"
    empty.write_bytes(b"")
    claims_df().to_json(full, orient="records", lines=True, force_ascii=False)
    code, out, _ = run(capsys, empty, full, format="json")
    assert code == 1 and len(out.splitlines()) == 3


@pytest.mark.parametrize("content,message", [
    ('{"doc": "a.txt"}\n', "missing column"),  # rows, but not claims
    ("[]\n", "expected one JSON object per line"),
])
def test_a_jsonl_table_with_rows_still_needs_the_columns(tmp_path, capsys, content, message):
    path = tmp_path / "t.jsonl"
    path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, path)
    assert code == 2 and message in err


def test_a_zero_byte_csv_is_not_a_table(tmp_path, capsys):
    """`extract` always writes the header; a CSV without one is a broken pipeline, not zero claims."""
    path = tmp_path / "t.csv"
    path.write_bytes(b"")
    assert run(capsys, path)[0] == 2


def _folder(tmp_path, files: dict[str, bytes]):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


GOOD = "2023年全球AI芯片市场规模为652亿美元。\n".encode()


@pytest.mark.parametrize("files,kw,code", [
    ({"empty.txt": b"", "x.pdf": b"\x00\x01garbage"}, {}, 1),  # nothing read at all: not a pass
    ({"empty.txt": b""}, {"fail_on": "never"}, 1),  # read failures are not findings
    ({"empty.txt": b"", "ok.txt": GOOD}, {}, 1),
    ({"empty.txt": b"", "ok.txt": GOOD}, {"format": "json"}, 1),
    ({"ok.txt": GOOD}, {}, 0),
    ({}, {}, 0),  # an empty folder: nothing failed
])
def test_documents_that_cannot_be_read_fail_the_check(tmp_path, capsys, files, kw, code):
    folder = _folder(tmp_path, files)
    got, out, err = run(capsys, folder, **kw)
    assert got == code
    bad = [n for n, data in files.items() if data != GOOD]
    for name in bad:
        assert f"{folder.as_posix()}/{name}:" in err  # each file named, with the reason
    if bad:
        assert f"{len(bad)} file(s)" in err and "could not be read" in err
    if kw.get("format", "text") == "text":
        last = out.strip().splitlines()[-1]
        assert (f"{len(bad)} file{'s' if len(bad) > 1 else ''} could not be read" in last) == bool(bad)


def test_unread_documents_fail_even_when_writing_a_baseline(tmp_path, capsys):
    folder = _folder(tmp_path, {"empty.txt": b"", "ok.txt": GOOD})
    base = tmp_path / "baseline.json"
    assert run(capsys, folder, write_baseline=base)[0] == 1
    assert json.loads(base.read_text(encoding="utf-8"))["findings"] == []
    assert run(capsys, folder, baseline=base)[0] == 1


def test_unread_documents_from_a_monkeypatched_extractor(tmp_path, capsys, monkeypatch):
    def extract(paths):
        df = pd.DataFrame(columns=list(COLUMNS))
        df.attrs["errors"] = [("bad.pdf", "read", "encrypted")]
        return df
    monkeypatch.setattr("claimx.extract_paths", extract)
    code, _, err = run(capsys, tmp_path, fail_on="never")
    assert code == 1 and "bad.pdf: encrypted" in err


def test_a_folder_of_parquet_parts_is_checked_as_one_table(tmp_path, capsys):
    """`claimx extract -o DIR/ --format parquet` then `claimx check DIR/`: the parts in name
    order are the table, checked as the one-file table is (not a folder of documents)."""
    from claimx.parquet_folder import write_parquet_folder
    from claimx.runner import Summary, rows

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    claims = list(rows([fixtures], Summary()))
    parts, one = tmp_path / "parts", tmp_path / "one.parquet"
    write_parquet_folder(iter(claims), parts, rows_per_part=25)
    write_parquet_folder(iter(claims), tmp_path / "tmp1")
    (tmp_path / "tmp1" / "part-00000.parquet").rename(one)
    assert len(list(parts.iterdir())) > 3
    outputs = []
    for path in (parts, one):
        for fmt in ("json", "text"):
            code = run_check([path], format=fmt)
            out = capsys.readouterr()
            outputs.append((code, out.out.replace(str(path), "IN"), out.err))
    assert outputs[:2] == outputs[2:]
    assert outputs[0][0] == 1 and outputs[0][1].count("\n") > 3 and outputs[0][2] == ""
