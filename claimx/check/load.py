"""Claims tables in: CSV (UTF-8, BOM or not), JSON Lines, Parquet, or a folder to extract.

Every problem is a `TableError` with a message that says what to fix; never a traceback.
"""
from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..model import Claim

REQUIRED = ("doc", "line", "start", "end", "quote", "subject", "metric", "value", "unit",
            "low", "high", "qualifier", "period", "forecast", "id")
OPTIONAL = ("page", "source", "published", "context")
_NUMERIC = ("value", "low", "high")
_INTEGER = ("line", "start", "end")
_TRUE = {"true", "1", "yes", "t", "y"}
_FALSE = {"false", "0", "no", "f", "n", ""}


class TableError(ValueError):
    pass


def _is_empty(x) -> bool:
    if x is None:
        return True
    if isinstance(x, float) and math.isnan(x):
        return True
    return isinstance(x, str) and not x.strip()


def _text(x) -> str:
    if _is_empty(x):
        return ""
    if isinstance(x, float) and x.is_integer():
        return str(int(x))  # a period read as 2021.0
    s = str(x).strip()
    return s[1:] if s.startswith(_ESCAPED_FORMULA) else s  # ('=HYPERLINK…: extract's CSV guard against formulas)


_ESCAPED_FORMULA = ("'=", "'+", "'@", "'\t", "'\r")


def _number(x, col: str, where: str) -> float | None:
    if _is_empty(x):
        return None
    try:
        v = float(str(x).replace(",", "")) if isinstance(x, str) else float(x)
    except (TypeError, ValueError):
        raise TableError(f"{where}: column {col!r} must be a number or empty, got {x!r}") from None
    if math.isnan(v):
        return None
    return v


def _integer(x, col: str, where: str, required: bool = True) -> int | None:
    v = _number(x, col, where)
    if v is None:
        if required:
            raise TableError(f"{where}: column {col!r} must be a whole number, got nothing")
        return None
    if not v.is_integer():
        raise TableError(f"{where}: column {col!r} must be a whole number, got {x!r}")
    return int(v)


def _bool(x, where: str) -> bool:
    if isinstance(x, bool):
        return x
    s = _text(x).lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise TableError(f"{where}: column 'forecast' must be true or false, got {x!r}")


def claims_from_frame(df: pd.DataFrame, name: str = "table") -> list[Claim]:
    """Validate a claims table (CLAIMS.md columns) and turn its rows into claims."""
    if not isinstance(df, pd.DataFrame):
        raise TableError(f"{name}: expected a table of claims, got {type(df).__name__}")
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise TableError(f"{name}: missing column(s) {', '.join(missing)}; "
                         f"a claims table needs {', '.join(REQUIRED)} (see CLAIMS.md)")
    claims = []
    for n, row in enumerate(df.to_dict("records"), start=1):
        where = f"{name} row {n}"
        get = row.get
        claims.append(Claim(
            doc=_text(get("doc")), page=_integer(get("page"), "page", where, required=False),
            line=_integer(get("line"), "line", where), start=_integer(get("start"), "start", where),
            end=_integer(get("end"), "end", where), quote=_text(get("quote")),
            subject=_text(get("subject")), metric=_text(get("metric")) or "other",
            value=_number(get("value"), "value", where), unit=_text(get("unit")),
            low=_number(get("low"), "low", where), high=_number(get("high"), "high", where),
            qualifier=_text(get("qualifier")) or "exact", period=_text(get("period")),
            forecast=_bool(get("forecast"), where), source=_text(get("source")),
            published=_text(get("published")), context=_text(get("context")), id=_text(get("id")),
        ))
    return claims


def empty_table() -> pd.DataFrame:
    """A claims table of no claims."""
    return pd.DataFrame(columns=[*REQUIRED, *OPTIONAL], dtype=object)


def _read_jsonl(path: Path) -> pd.DataFrame:
    """One object a line; a file of no lines (what `extract` writes for no claims) is a table
    of no claims: JSON Lines has no header to carry the columns."""
    rows = []
    with open(path, encoding="utf-8-sig") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise TableError(f"{path} line {n}: not valid JSON ({e.msg})") from None
            if not isinstance(obj, dict):
                raise TableError(f"{path} line {n}: expected one JSON object per line")
            rows.append(obj)
    return pd.DataFrame(rows) if rows else empty_table()


def read_table(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        if suffix in (".jsonl", ".ndjson", ".json"):
            return _read_jsonl(path)
        if suffix in (".parquet", ".pq"):
            return pd.read_parquet(path)
    except TableError:
        raise
    except UnicodeDecodeError:
        raise TableError(f"{path}: not UTF-8; write the table with `claimx extract`") from None
    except Exception as e:  # pandas and pyarrow raise many kinds
        raise TableError(f"{path}: cannot read the table ({type(e).__name__}: {e})") from None
    raise TableError(f"{path}: unknown table format {suffix or '(no suffix)'}; "
                     "give a .csv, .jsonl or .parquet table, or a folder of documents")


@dataclass(slots=True)
class Loaded:
    claims: list[Claim] = field(default_factory=list)
    unread: list[tuple[str, str, str]] = field(default_factory=list)  # (path, stage, reason)


def _extract(folder: Path) -> tuple[pd.DataFrame, list[tuple[str, str, str]]]:
    """The claims of a folder and the documents in it that could not be read, each named
    on stderr with its reason (as `claimx extract` does)."""
    try:
        from .. import extract_paths
        df = extract_paths([folder])
    except Exception as e:
        raise TableError(f"{folder}: extraction failed ({type(e).__name__}: {e}); "
                         "run `claimx extract` and check its table instead") from None
    unread = []
    for path, stage, reason in getattr(df, "attrs", {}).get("errors") or []:
        path = str(path)
        full = path if Path(path).is_absolute() else f"{folder.as_posix().rstrip('/')}/{path}"
        print(f"claimx check: error: {full}: {reason}", file=sys.stderr)
        unread.append((full, str(stage), str(reason)))
    if unread:
        print(f"claimx check: error: {len(unread)} file(s) under {folder} could not be read and are "
              "not checked; the check fails (exit status 1)", file=sys.stderr)
    return df, unread


def load_inputs(inputs: list[Path]) -> Loaded:
    """Claims from every input: tables are read, folders extracted first. With several
    folders, documents are named by their path including the folder, so they stay apart.
    Documents of a folder that cannot be read are listed in `unread`."""
    loaded = Loaded()
    for path in inputs:
        path = Path(path)
        if path.is_dir():
            df, unread = _extract(path)
            loaded.unread += unread
            rows = claims_from_frame(df, str(path))
            if len(inputs) > 1:
                for c in rows:
                    c.doc = f"{path.as_posix().rstrip('/')}/{c.doc}"
        elif path.is_file():
            rows = claims_from_frame(read_table(path), str(path))
        else:
            raise TableError(f"{path}: no such file or folder")
        loaded.claims += rows
    return loaded


def load_claims(inputs: list[Path]) -> list[Claim]:
    """Claims from every input (see load_inputs), without the documents left unread."""
    return load_inputs(inputs).claims
