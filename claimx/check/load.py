"""Claims tables in: CSV (UTF-8 with or without BOM, or GBK/GB18030 as Excel on Chinese
Windows saves it), JSON Lines, Parquet, or a folder to extract.

A table that cannot be read at all (no such file, missing columns, not a table) is a
`TableError` with a message that says what to fix; never a traceback. A row that cannot be
checked (a value that is no finite number, a unit or a period the table never holds) is a
row error: it is named, with its row and reason, and left out; the other rows are checked.
"""
from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from ..model import Claim
from ..parquet_folder import is_parquet_folder, read_parquet_folder

REQUIRED = ("doc", "line", "start", "end", "quote", "subject", "metric", "value", "unit",
            "low", "high", "qualifier", "period", "forecast", "id")
OPTIONAL = ("page", "source", "published", "context")
_NUMERIC = ("value", "low", "high")
_INTEGER = ("line", "start", "end")
_TRUE = {"true", "1", "yes", "t", "y"}
_FALSE = {"false", "0", "no", "f", "n", ""}


class TableError(ValueError):
    pass


_NA, _NAT = pd.NA, pd.NaT


def _is_empty(x) -> bool:
    if x is None or x is _NA or x is _NAT:
        return True
    if isinstance(x, float) and math.isnan(x):
        return True
    return isinstance(x, str) and not x.strip()


def _text(x) -> str:
    if type(x) is str:  # most cells: what the rest of this function does to a str, at once
        s = x.strip()
        return s[1:] if s.startswith(_ESCAPED_FORMULA) else s
    if _is_empty(x):
        return ""
    if isinstance(x, float) and x.is_integer():
        return str(int(x))  # a period read as 2021.0
    s = str(x).strip()
    return s[1:] if s.startswith(_ESCAPED_FORMULA) else s  # ('=HYPERLINK…: extract's CSV guard against formulas)


_ESCAPED_FORMULA = ("'=", "'+", "'-", "'@", "'\t", "'\r")


def _number(x, col: str, where: str) -> float | None:
    if type(x) is float or type(x) is int:  # most cells: a finite number is itself
        v = float(x)
        if math.isfinite(v):
            return v
    if _is_empty(x):
        return None
    try:
        v = float(str(x).replace(",", "")) if isinstance(x, str) else float(x)
    except (TypeError, ValueError):
        raise TableError(f"{where}: column {col!r} must be a number or empty, got {x!r}") from None
    if math.isnan(v):
        if isinstance(x, str):  # the text "NaN": not an empty cell
            raise TableError(f"{where}: column {col!r} must be a finite number or empty, got {x!r}")
        return None  # an empty cell of a typed column (Parquet, JSON null)
    if math.isinf(v):
        raise TableError(f"{where}: column {col!r} must be a finite number or empty, got {x!r}")
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


# Periods as the table writes them (docs/claims.md): a point is a year, a quarter or half
# (2024Q3, 2023H1), a month or a day (2024-03, 2024-03-06), a fiscal year or part (FY2025,
# FY2025Q3); a span joins two points with "-" (2021-2030, 2024Q1-2024Q3, 2024-01-2024-09);
# a list of years joins them with "/" (2024/2025/2026).
_POINT = r"(?:FY\d{4}(?:Q[1-4]|H[12])?|\d{4}(?:Q[1-4]|H[12]|-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?)"
_PERIOD = re.compile(rf"{_POINT}(?:-{_POINT})?(?:/{_POINT}(?:-{_POINT})?)*")
_ISO_CURRENCY = re.compile(r"[A-Z]{3}")


@cache
def known_units() -> frozenset[str]:
    """The canonical units of the table: those the unit data (data/units.toml) gives, and the
    units of counting and dates."""
    from ..lexicon import lexicon

    units = lexicon().units
    out = {"count", "date", "token", "FLOP", "FLOPS", "bit/s", "byte", "Hz", "W", "Wh", "nm", "times", "point"}
    for section in ("money", "percent", "time", "currency_prefix"):
        for v in units.get(section, {}).values():
            out.add(v[0] if isinstance(v, list) else v)
    for v in units.get("scaled", {}).values():
        out.add(v[1])
    out.discard("元")  # resolved per document: never a unit of the table
    return frozenset(out)


@cache
def unit_ok(unit: str) -> bool:
    """A canonical unit, an ISO 4217 currency code, or a rate of them (USD/month, CNY/token)."""
    if not unit or unit in known_units() or _ISO_CURRENCY.fullmatch(unit):
        return True
    top, _, per = unit.rpartition("/")
    return bool(top) and unit_ok(top) and (per in known_units() or (per.isascii() and per.isidentifier()))


@cache
def period_ok(period: str) -> bool:
    return not period or bool(_PERIOD.fullmatch(period))


# Dates as Excel on Chinese Windows writes them back into a CSV it re-saves: a day
# 2024-03-06 as 2024/3/6, a month 2024-03 as 2024年3月 (its default formats).
_EXCEL_DAY = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_EXCEL_MONTH = re.compile(r"(\d{4})年(\d{1,2})月")


@cache
def from_excel(text: str) -> str:
    """`2024/3/6` -> `2024-03-06`, `2024年3月` -> `2024-03`; anything else as it is."""
    if m := _EXCEL_DAY.fullmatch(text):
        return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    if m := _EXCEL_MONTH.fullmatch(text):
        return f"{m[1]}-{int(m[2]):02d}"
    return text


def _claim(row: dict, where: str) -> Claim:
    get = row.get
    unit, period = _text(get("unit")), from_excel(_text(get("period")))
    if not unit_ok(unit):
        raise TableError(f"{where}: unknown unit {unit!r} (canonical units: USD CNY percent count "
                         "FLOPS day ...; see docs/claims.md)")
    if not period_ok(period):
        raise TableError(f"{where}: cannot read the period {period!r} (periods look like 2024, "
                         "2024Q3, 2023H1, 2024-03, FY2025Q3, 2021-2030; see docs/claims.md)")
    return Claim(
        doc=_text(get("doc")), page=_integer(get("page"), "page", where, required=False),
        line=_integer(get("line"), "line", where), start=_integer(get("start"), "start", where),
        end=_integer(get("end"), "end", where), quote=_text(get("quote")),
        subject=_text(get("subject")), metric=_text(get("metric")) or "other",
        value=_number(get("value"), "value", where), unit=unit,
        low=_number(get("low"), "low", where), high=_number(get("high"), "high", where),
        qualifier=_text(get("qualifier")) or "exact", period=period,
        forecast=_bool(get("forecast"), where), source=_text(get("source")),
        published=from_excel(_text(get("published"))), context=_text(get("context")), id=_text(get("id")),
    )


def claims_from_frame(df: pd.DataFrame, name: str = "table", errors: list[str] | None = None) -> list[Claim]:
    """Validate a claims table (the columns of docs/claims.md) and turn its rows into claims.

    A row that cannot be checked raises TableError, or, when `errors` is a list, is left out
    and its message ("NAME row N: ...", N counting data rows from 1) appended to it."""
    if not isinstance(df, pd.DataFrame):
        raise TableError(f"{name}: expected a table of claims, got {type(df).__name__}")
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise TableError(f"{name}: missing column(s) {', '.join(missing)}; "
                         f"a claims table needs {', '.join(REQUIRED)} (see docs/claims.md)")
    claims = []
    columns = [str(c) for c in df.columns]
    for n, values in enumerate(zip(*(df.iloc[:, i].tolist() for i in range(df.shape[1])), strict=True), start=1):
        row = dict(zip(columns, values, strict=True))
        try:
            claims.append(_claim(row, f"{name} row {n}"))
        except TableError as e:
            if errors is None:
                raise
            errors.append(str(e))
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
                obj = json.loads(line, parse_constant=str)  # NaN, Infinity: not JSON; a row error
            except json.JSONDecodeError as e:
                raise TableError(f"{path} line {n}: not valid JSON ({e.msg})") from None
            if not isinstance(obj, dict):
                raise TableError(f"{path} line {n}: expected one JSON object per line")
            rows.append(obj)
    return pd.DataFrame(rows) if rows else empty_table()


def _read_csv(path: Path) -> pd.DataFrame:
    """UTF-8 (BOM or not) as `extract` writes it; else GB18030, a superset of the GBK that
    Excel on Chinese Windows saves a CSV in ("CSV (逗号分隔)")."""
    try:
        return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    except UnicodeDecodeError:
        pass
    try:
        return pd.read_csv(path, encoding="gb18030", dtype=str, keep_default_na=False)
    except UnicodeDecodeError:
        raise TableError(f"{path}: neither UTF-8 nor GBK; write the table with `claimx extract`, "
                         "or save it from Excel as \"CSV UTF-8\"") from None


def _read_parquet_folder(path: Path) -> pd.DataFrame:
    try:
        return read_parquet_folder(path)
    except Exception as e:  # pyarrow raises many kinds
        raise TableError(f"{path}: cannot read the Parquet folder ({type(e).__name__}: {e})") from None


def read_table(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _read_csv(path)
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


ROW_ERRORS_SHOWN = 20  # on stderr; the count is always given


@dataclass(slots=True)
class Loaded:
    claims: list[Claim] = field(default_factory=list)
    unread: list[tuple[str, str, str]] = field(default_factory=list)  # (path, stage, reason)
    bad_rows: list[str] = field(default_factory=list)  # row errors: "t.csv row 5: reason"


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
        if path.is_dir() and is_parquet_folder(path):  # the table `extract -o DIR/ --format parquet` wrote
            rows = claims_from_frame(_read_parquet_folder(path), str(path), loaded.bad_rows)
        elif path.is_dir():
            df, unread = _extract(path)
            loaded.unread += unread
            rows = claims_from_frame(df, str(path), loaded.bad_rows)
            if len(inputs) > 1:
                for c in rows:
                    c.doc = f"{path.as_posix().rstrip('/')}/{c.doc}"
        elif path.is_file():
            rows = claims_from_frame(read_table(path), str(path), loaded.bad_rows)
        else:
            raise TableError(f"{path}: no such file or folder")
        loaded.claims += rows
    for message in loaded.bad_rows[:ROW_ERRORS_SHOWN]:
        print(f"claimx check: error: {message}; row not checked", file=sys.stderr)
    if len(loaded.bad_rows) > ROW_ERRORS_SHOWN:
        print(f"claimx check: error: ... and {len(loaded.bad_rows) - ROW_ERRORS_SHOWN} more rows "
              "with errors", file=sys.stderr)
    if loaded.bad_rows:
        print(f"claimx check: error: {len(loaded.bad_rows)} table row(s) could not be checked; "
              "the check fails (exit status 1)", file=sys.stderr)
    return loaded


def load_claims(inputs: list[Path]) -> list[Claim]:
    """Claims from every input (see load_inputs), without the documents left unread."""
    return load_inputs(inputs).claims
