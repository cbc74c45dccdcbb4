"""Small claims tables built in code for the check tests (CLAIMS.md columns); no tests here."""
from __future__ import annotations

import pandas as pd

from claimx.model import COLUMNS


def row(quote: str, value, subject: str, metric: str, period: str, unit: str, doc: str = "a.txt",
        line: int = 1, **kw) -> dict:
    r = {"doc": doc, "page": None, "line": line, "start": 10 * line, "end": 10 * line + len(quote),
         "quote": quote, "subject": subject, "metric": metric, "value": value, "unit": unit, "low": None,
         "high": None, "qualifier": "exact", "period": period, "forecast": False, "source": "",
         "published": "", "context": "", "id": f"{doc}:{line}:{quote}"}
    r.update(kw)
    return r


def table(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(COLUMNS))


def kinds(findings) -> list[tuple[str, str]]:
    return sorted((f.kind, f.severity) for f in findings)
