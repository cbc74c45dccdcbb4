"""claimx: every quantitative claim in a folder of Chinese reports, normalized and cross-checked.

Library API (mirrors the CLI; the table's columns are described in docs/claims.md):

    import claimx
    claims = claimx.extract_text("2021年全球GPU市场规模为334.7亿美元。", doc="note.txt")  # list[Claim]
    df = claimx.extract_paths(["reports/"])     # pandas DataFrame, one row per claim
    from claimx.check import check
    findings = check(df)                        # list[Finding], worst first (docs/check.md)
"""
from __future__ import annotations

from pathlib import Path

__version__ = "0.2.0"


def extract_text(text: str, doc: str = "<text>", **kw):
    """The claims of one text, as a list of `claimx.model.Claim` (the table's columns as
    attributes: quote, value, unit, subject, metric, period, start, end, ...).

    `doc` names the text in the `doc` column and enters the claims' ids. Offsets index `text`
    itself: `text[c.start:c.end] == c.quote`."""
    from .extract import extract_text as _f

    return _f(text, doc=doc, **kw)


def extract_paths(paths, jobs: int = 1, timeout: float = 60.0, aliases=None, **kw):
    """The claims table of every document under `paths` (a file or folder, or a list of
    them), as a pandas DataFrame with the columns of `claimx extract` (docs/claims.md).

    `jobs` worker processes, `timeout` seconds per document (0: none), `aliases` a TOML file
    of extra subject aliases. Documents that cannot be read are left out and listed in
    `df.attrs["errors"]` as (path, stage, reason). A path that does not exist raises
    FileNotFoundError (nothing is extracted): a typo never looks like an empty folder."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = [Path(p) for p in paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    from .runner import extract_paths as _f

    return _f(paths, jobs=jobs, timeout=timeout, aliases=aliases, **kw)


__all__ = ["extract_text", "extract_paths", "__version__"]
