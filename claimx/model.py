"""The row schema of the claims table (the contract in docs/claims.md) and the document model."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from operator import attrgetter

# The contract's columns, in order; extra columns follow them.
COLUMNS: tuple[str, ...] = (
    "doc", "page", "line", "start", "end", "quote", "subject", "metric", "value", "unit",
    "low", "high", "qualifier", "period", "forecast", "source", "published", "context", "id",
)
EXTRA_COLUMNS: tuple[str, ...] = ("cited", "encoding")
ALL_COLUMNS: tuple[str, ...] = COLUMNS + EXTRA_COLUMNS

# The metric vocabulary of the contract (docs/claims.md): every row's `metric` is one of these.
METRICS: tuple[str, ...] = (
    "market_size", "revenue", "profit", "margin", "eps", "price", "spending", "cost", "cagr", "growth",
    "share", "compute", "performance", "parameters", "users", "shipments", "count", "duration",
    "doubling_time", "multiple", "date", "process_node", "power", "other",
)
QUALIFIERS = ("exact", "approx", "over", "at_least", "under", "at_most", "range")


@dataclass(slots=True)
class Document:
    """A document as read from disk: its decoded text and what the reader learned about it.

    `text` is the document's own decoded text; every offset in the table indexes it.
    `pages` holds the offset where each page starts (paged formats only).
    """

    path: str  # relative to the input root, `/` separators
    text: str
    encoding: str = "utf-8"
    pages: list[int] | None = None
    title: str = ""
    source: str = ""
    published: str = ""
    # offsets [start, end) of text that is page furniture (headers, footers, page numbers)
    furniture: list[tuple[int, int]] = field(default_factory=list)
    # tables found by the reader: each a dict(caption=str, header=[(start,end,str)], rows=...)
    tables: list[dict] = field(default_factory=list)


@dataclass(slots=True)
class Claim:
    doc: str
    page: int | None
    line: int
    start: int
    end: int
    quote: str
    subject: str = ""
    metric: str = "other"
    value: float | None = None
    unit: str = ""
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    period: str = ""
    forecast: bool = False
    source: str = ""
    published: str = ""
    context: str = ""
    id: str = ""
    cited: str = ""
    encoding: str = ""

    def __post_init__(self):
        # 10.2亿 is 1020000000, not 1019999999.9999999: figures are stated to a few digits
        self.value, self.low, self.high = (tidy(x) for x in (self.value, self.low, self.high))

    def as_row(self) -> dict:
        return dict(zip(ALL_COLUMNS, _ROW(self), strict=True))

    def as_tuple(self) -> tuple:
        return _ROW(self)


_ROW = attrgetter(*ALL_COLUMNS)  # a claim's fields in column order, read in one call


def tidy(x: float | None) -> float | None:
    """`x` to 12 significant digits, dropping the binary noise of decimal arithmetic."""
    if x is None or isinstance(x, int) or (x.is_integer() and -1e12 < x < 1e12):
        return x  # a whole number of 12 digits or fewer has no noise to drop
    return float(f"{x:.12g}")


def claim_id(doc: str, quote: str, context: str, occurrence: int) -> str:
    """A claim's stable id: from its document, quote, sentence and which occurrence of the quote
    in that sentence it is, so it stays when lines are added above it."""
    h = hashlib.blake2b(f"{doc}\x1f{quote}\x1f{context}\x1f{occurrence}".encode("utf-8", "surrogatepass"),
                        digest_size=8)
    return text_id(h.hexdigest())  # never all digits: Excel and pandas would read a number


_NUMERIC_LOOKING = re.compile(r"\d+(?:[eE]\d+)?")


def text_id(hex_id: str) -> str:
    """A claim id that no spreadsheet or pandas reads as a number. Hex digests that are all
    digits (`0123456789012345`) or digits-e-digits (`12e45`, scientific notation to Excel)
    get their first digit replaced by a letter outside hex (0 -> g ... 9 -> p): the same
    digest always gives the same id, and it cannot collide with an id left as it was."""
    if _NUMERIC_LOOKING.fullmatch(hex_id):
        return chr(ord("g") + int(hex_id[0])) + hex_id[1:]
    return hex_id
