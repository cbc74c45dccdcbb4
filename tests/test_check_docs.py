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
