"""The check's docs and hook file say what the code does."""
import inspect
from pathlib import Path

from claimx.check.command import FAIL_ON, run_check
from claimx.check.report import FORMATS

ROOT = Path(__file__).resolve().parents[1]


def test_docs_mention_every_option_and_format():
    text = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
    for name in inspect.signature(run_check).parameters:
        if name in ("inputs", "output"):
            continue
        assert f"--{name.replace('_', '-')}" in text, name
    for fmt in FORMATS:
        assert fmt in text
    for level in FAIL_ON:
        assert level in text


def test_pre_commit_hook_file():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: claimx-check" in text
    assert "entry: claimx check" in text
    assert "pass_filenames: false" in text


def test_docs_report_excerpt_is_what_check_prints(tmp_path):
    import pandas as pd
    from test_check_command import claims_df
    from test_check_helpers import row, table

    s = "中国智能算力"
    extra = table(
        row("155.2 EFLOPS", 1.552e20, s, "compute", "2021", "FLOPS", doc="c.txt", line=12),
        row("1,271.4 EFLOPS", 1.2714e21, s, "compute", "2026", "FLOPS", doc="c.txt", line=12, forecast=True),
        row("33.3%", 33.3, s, "cagr", "2021-2026", "percent", doc="c.txt", line=14, forecast=True),
        row("2350亿", 2.35e11, "GPT-3.5", "parameters", "2022", "count", doc="a.txt", line=20),
        row("2347亿", 2.347e11, "GPT-3.5", "parameters", "2022", "count", doc="c.txt", line=30),
    )
    df = pd.concat([claims_df(), extra])
    df.loc[df.doc == "old.txt", "published"] = "2021-06-01"
    df.loc[df.doc == "new.txt", "published"] = "2024-03-01"
    path, out = tmp_path / "claims.csv", tmp_path / "report.txt"
    df.to_csv(path, index=False, encoding="utf-8-sig")
    assert run_check([path], output=out) == 1
    report = out.read_text(encoding="utf-8")
    assert report in (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
