"""A short, readable summary of a claims table (`make demo`).

    .venv/bin/python tools/summary.py claims.csv

Claims per document and per metric, and a sample of varied rows, with rich.
Reads the CSV (with or without BOM), JSONL or Parquet tables that `claimx extract` writes.
"""
from __future__ import annotations

import sys
from pathlib import Path

SAMPLE = 8


def load(path: Path):
    import pandas as pd

    suffix = path.suffix.lower()
    if suffix == ".parquet":
        df = pd.read_parquet(path)
    elif suffix in (".jsonl", ".json"):
        df = pd.read_json(path, lines=True, dtype=False)
    else:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    df = df.astype(object).where(df.notna(), "")
    for c in ("value", "low", "high", "line", "page"):
        if c in df:
            df[c] = pd.to_numeric(df[c].replace("", None), errors="coerce")
    if "forecast" in df:
        df["forecast"] = df["forecast"].map(lambda v: v if isinstance(v, bool) else str(v).lower() == "true")
    return df


def fmt_value(v) -> str:
    if v is None or v != v:  # empty or NaN
        return ""
    if abs(v) >= 1e7 or (v and abs(v) < 1e-3):
        return f"{v:.4g}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def _interest(r) -> int:
    """Rows worth showing: attributed, dated, qualified figures with a real unit."""
    score = 0
    score += 3 if r["subject"] else 0
    score += 2 if r["period"] else 0
    score += 1 if r["metric"] not in ("other", "date", "count") else -2
    score += 1 if r["qualifier"] not in ("exact", "") else 0
    score += 1 if r["unit"] not in ("percent", "count", "date") else 0
    return score


def sample(df, n: int = SAMPLE):
    """Up to `n` interesting rows, as varied as possible in metric and document, in table order."""
    ranked = sorted(range(len(df)), key=lambda i: -_interest(df.iloc[i]))
    picked: list[int] = []
    metrics: set[str] = set()
    per_doc: dict[str, int] = {}
    cap = max(1, -(-n // max(1, df["doc"].nunique())))
    for strict in (True, False):
        for i in ranked:
            if len(picked) >= n:
                break
            r = df.iloc[i]
            if i in picked:
                continue
            if strict and (r["metric"] in metrics or per_doc.get(r["doc"], 0) >= cap):
                continue
            picked.append(i)
            metrics.add(r["metric"])
            per_doc[r["doc"]] = per_doc.get(r["doc"], 0) + 1
    return df.iloc[sorted(picked)]


def main(argv: list[str]) -> int:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console() if sys.stdout.isatty() else Console(width=140)
    if len(argv) != 1:
        console.print("usage: python tools/summary.py CLAIMS.csv", style="red")
        return 2
    path = Path(argv[0])
    if not path.is_file():
        console.print(f"summary: {path}: no such file (run `claimx extract fixtures/ -o {path}` first)", style="red")
        return 2
    try:
        df = load(path)
    except Exception as e:  # a table that is not a claims table
        console.print(f"summary: {path}: cannot read the table: {e}", style="red")
        return 2
    missing = [c for c in ("doc", "line", "quote", "value", "unit", "subject", "metric", "period", "forecast")
               if c not in df]
    if missing:
        console.print(f"summary: {path}: not a claims table (no column {', '.join(missing)})", style="red")
        return 2

    n_docs = df["doc"].nunique()
    console.print(f"\n[bold]{len(df)}[/] claims in [bold]{n_docs}[/] documents ({path})\n", highlight=False)
    if df.empty:
        console.print("No claims: check the input folder and the errors claimx printed.")
        return 0

    docs = Table(title="Claims per document", title_justify="left", box=box.SIMPLE_HEAD)
    docs.add_column("document")
    docs.add_column("claims", justify="right")
    docs.add_column("forecasts", justify="right")
    docs.add_column("encoding")
    docs.add_column("source")
    for doc, g in df.groupby("doc", sort=True):
        enc = ", ".join(sorted(set(g["encoding"]) - {""})) if "encoding" in g else ""
        src = ", ".join(sorted(set(g["source"]) - {""})) if "source" in g else ""
        docs.add_row(str(doc), str(len(g)), str(int(g["forecast"].sum())), enc, src)

    metrics = Table(title="Claims per metric", title_justify="left", box=box.SIMPLE_HEAD)
    metrics.add_column("metric")
    metrics.add_column("claims", justify="right")
    metrics.add_column("units")
    for metric, g in sorted(df.groupby("metric"), key=lambda kv: (-len(kv[1]), kv[0])):
        units = g["unit"].replace("", "-").value_counts()
        metrics.add_row(str(metric), str(len(g)), " ".join(str(u) for u in units.index[:4]))

    console.print(docs)
    console.print()
    console.print(metrics)
    console.print()

    rows = Table(title=f"A sample of {min(SAMPLE, len(df))} claims", title_justify="left", box=box.SIMPLE_HEAD)
    for col, kw in (("quote", {"no_wrap": True}), ("value", {"justify": "right", "no_wrap": True}),
                    ("unit", {"no_wrap": True}), ("subject", {"overflow": "fold", "min_width": 16}), ("metric", {"no_wrap": True}),
                    ("period", {"no_wrap": True}), ("forecast", {"no_wrap": True}), ("doc:line", {"no_wrap": True})):
        rows.add_column(col, **kw)
    for _, r in sample(df).iterrows():
        line = "" if r["line"] != r["line"] else int(r["line"])
        rows.add_row(str(r["quote"]), fmt_value(r["value"]), str(r["unit"]), str(r["subject"]), str(r["metric"]),
                     str(r["period"]), "yes" if r["forecast"] else "", f"{r['doc']}:{line}")
    console.print(rows)
    reader = {".parquet": "read_parquet", ".jsonl": "read_json"}.get(path.suffix.lower(), "read_csv")
    lines = {"read_json": ", lines=True", "read_csv": ", dtype={'period': str}"}.get(reader, "")
    excel = "Excel/WPS open it; " if reader == "read_csv" else ""
    console.print(f"\nThe whole table is in [bold]{path}[/] ({excel}pandas: "
                  f"pd.{reader}('{path}'{lines})).", highlight=False)
    console.print("Next: [bold cyan]claimx check fixtures/[/] finds the figures that disagree across documents.",
                  highlight=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
