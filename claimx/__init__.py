"""claimx: every quantitative claim in a folder of Chinese reports, normalized and cross-checked.

Library API (mirrors the CLI):

    claimx.extract_text(text, doc="note.txt") -> list[Claim]
    claimx.extract_paths(["reports/"]) -> pandas.DataFrame
"""
from __future__ import annotations

__version__ = "0.1.0"


def extract_text(text: str, doc: str = "<text>", **kw):
    from .extract import extract_text as _f

    return _f(text, doc=doc, **kw)


def extract_paths(paths, **kw):
    from .runner import extract_paths as _f

    return _f(paths, **kw)


__all__ = ["extract_text", "extract_paths", "__version__"]
