"""Findings out: text (rich), json (JSON Lines), csv, md, github annotations, html (html.py)."""
from __future__ import annotations

import csv
import io
import json
import math
from collections import defaultdict
from dataclasses import dataclass

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from . import fmt
from .findings import SEVERITY_RANK, Finding, ordered
from .item import Item

FORMATS = ("text", "json", "csv", "md", "github", "html")
CLAIM_FIELDS = ("id", "doc", "page", "line", "start", "end", "quote", "value", "unit", "low", "high",
                "qualifier", "forecast", "period", "subject", "source", "published")
FINDING_FIELDS = ("finding", "kind", "severity", "subject", "metric", "period", "finding_unit",
                  "stated_low", "stated_high", "implied_low", "implied_high", "explanation")
_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "cyan"}
_GITHUB = {"error": "error", "warning": "warning", "info": "notice"}


@dataclass(slots=True)
class Summary:
    claims: int = 0  # rows read
    checked: int = 0  # rows that could be compared at all
    known: int = 0  # findings hidden because the baseline has them
    root: str = ""  # folder the documents live in, for annotation paths
    unread: int = 0  # documents of a folder that could not be read (not checked)
    documents: int = 0  # documents the claims come from
    bad_rows: int = 0  # table rows that could not be checked (row errors)


def _num(x):
    if x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x))):
        return None
    return x


def _bound(x):
    """An interval bound for machines: None when open, float noise rounded off."""
    x = _num(x)
    return None if x is None else float(f"{x:.12g}")


def claim_dict(it: Item) -> dict:
    c = it.claim
    out = {k: getattr(c, k) for k in CLAIM_FIELDS}
    for k in ("value", "low", "high"):
        out[k] = _num(out[k])
    out["interval"] = [_bound(it.interval.lo), _bound(it.interval.hi)]
    return out


def finding_dict(f: Finding) -> dict:
    iv = lambda x: None if x is None else [_bound(x.lo), _bound(x.hi)]  # noqa: E731
    return {"id": f.id, "kind": f.kind, "severity": f.severity, "subject": f.subject, "metric": f.metric,
            "period": f.period, "unit": f.unit, "explanation": f.explanation, "stated": iv(f.stated),
            "implied": iv(f.implied), "claims": [claim_dict(i) for i in f.items]}


def counts(findings: list[Finding]) -> str:
    n = defaultdict(int)
    for f in findings:
        n[f.severity] += 1
    plural = {"error": "errors", "warning": "warnings", "info": "info"}
    parts = [f"{n[s]} {s if n[s] == 1 else plural[s]}" for s in ("error", "warning", "info") if n[s]]
    return ", ".join(parts) or "no findings"


def summary_line(findings: list[Finding], s: Summary) -> str:
    line = f"{counts(findings)} in {s.checked} comparable of {s.claims} claims"
    if s.known:
        line += f" ({s.known} known finding{'' if s.known == 1 else 's'} in the baseline not shown)"
    if s.bad_rows:
        line += f"; {s.bad_rows} table row{'' if s.bad_rows == 1 else 's'} not checked (row errors)"
    if s.unread:
        line += f"; {s.unread} file{'' if s.unread == 1 else 's'} could not be read and {'was' if s.unread == 1 else 'were'} not checked"
    return line


def _json(findings, s) -> str:
    return "".join(json.dumps(finding_dict(f), ensure_ascii=False) + "\n" for f in findings)


def _rows(findings):
    for f in findings:
        d = finding_dict(f)
        head = [f.id, f.kind, f.severity, f.subject, f.metric, f.period, f.unit,
                *(d["stated"] or [None, None]), *(d["implied"] or [None, None]), f.explanation]
        for c in d["claims"]:
            yield head + [c[k] for k in CLAIM_FIELDS]


def _cell(x) -> str:
    if x is None:
        return ""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return str(x)


def _csv(findings, s) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(FINDING_FIELDS + tuple(f"claim_{k}" if k in ("id", "unit", "period", "subject") else k
                                      for k in CLAIM_FIELDS))
    for row in _rows(findings):
        w.writerow([_cell(x) for x in row])
    return buf.getvalue()


def _md(findings, s) -> str:
    header = ["finding", "kind", "severity", "subject", "metric", "period", "quote", "value", "unit",
              "low", "high", "qualifier", "forecast", "doc", "line", "start", "end", "claim id", "explanation"]
    esc = lambda x: _cell(x).replace("|", "\\|").replace("\n", " ")  # noqa: E731
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for f in findings:
        for i, c in enumerate(finding_dict(f)["claims"]):
            row = [f.id, f.kind, f.severity, f.subject, f.metric, f.period, c["quote"], c["value"], c["unit"],
                   c["low"], c["high"], c["qualifier"], c["forecast"], c["doc"], c["line"], c["start"], c["end"],
                   c["id"], f.explanation if i == 0 else ""]
            lines.append("| " + " | ".join(esc(x) for x in row) + " |")
    lines.append("")
    lines.append(summary_line(findings, s))
    return "\n".join(lines) + "\n"


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


# GitHub shows at most 10 annotations of each level per step (and 50 per job): more are
# dropped silently, so the worst come first and the rest are counted in the summary line.
GITHUB_CAP = 10


def _github(findings, s) -> str:
    """One annotation per finding, at its first claim's file and line (the other claims are
    named in the message), worst first, at most GITHUB_CAP of each level; then a summary line."""
    out = []
    root = s.root.rstrip("/") + "/" if s.root else ""
    used: dict[str, int] = defaultdict(int)
    left = 0
    for f in findings:
        level = _GITHUB[f.severity]
        if used[level] >= GITHUB_CAP:
            left += 1
            continue
        used[level] += 1
        first, *others = sorted(f.items, key=lambda i: (i.claim.doc, i.claim.line, i.claim.start))
        title = _gh_escape(f"claimx {f.kind}: {f.subject} {f.metric} {f.period}".strip(), prop=True)
        where = f"file={_gh_escape(root + first.claim.doc, prop=True)},line={first.claim.line}"
        unnamed = [it for it in others if it.where not in f.explanation]
        also = ""
        if unnamed:
            also = " Also: " + "; ".join(f"{it.claim.quote} ({it.where})" for it in unnamed) + "."
        out.append(f"::{level} {where},title={title}::{_gh_escape(f.explanation + also)} [{f.id}]")
    line = "claimx check: " + summary_line(findings, s)
    if left:
        line += (f"; {left} more finding{'' if left == 1 else 's'} not annotated (GitHub shows "
                 f"{GITHUB_CAP} of each level per step): see claimx check --format text")
    out.append(line)
    return "\n".join(out) + "\n"


_CLAIM_COLUMNS = ("value", "quote", "interval", "where", "")


def _claims_table(f: Finding, width: int = 100) -> Table | Text:
    """The claims of a finding as a table. One that fits the width is laid out here (the layout
    rich gives it, at a fraction of the cost on reports of thousands of findings); a wider one
    is rich's, which folds its cells."""
    rows = [(f"{fmt.number(it.claim.value)} {it.claim.unit}", it.claim.quote, fmt.interval(it.interval),
             it.where, "forecast" if it.forecast else "fact")
            for it in sorted(f.items, key=lambda i: (i.base.lo, i.where))]
    widths = [max(cell_len(r[k]) for r in [_CLAIM_COLUMNS, *rows]) for k in range(len(_CLAIM_COLUMNS))]
    if sum(widths) + 3 * (len(widths) - 1) <= width:
        def line(cells) -> str:
            return "   ".join(c + " " * (w - cell_len(c)) for c, w in zip(cells, widths, strict=True))
        out = Text(line(_CLAIM_COLUMNS), style="bold")
        out.append("\n" + "─" * (sum(widths) + 3 * (len(widths) - 1)))
        out.append("".join("\n" + line(r) for r in rows))
        return out
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for col in _CLAIM_COLUMNS:
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(*r)
    return t


def _text(findings, s, color: bool = False, width: int = 100) -> str:
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False)
    by_subject: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_subject[f.subject].append(f)
    for subject, fs in by_subject.items():  # findings arrive worst first
        worst = max(SEVERITY_RANK[f.severity] for f in fs)
        style = next(st for sev, st in _STYLE.items() if SEVERITY_RANK[sev] == worst)
        con.rule(Text(subject, style=style), align="left")
        for f in fs:
            head = Text()
            head.append(f"{f.severity.upper():8}", style=_STYLE[f.severity])
            head.append(f"{f.kind}  {f.metric}  {f.period or '(no period)'}  {f.unit}", style="bold")
            head.append(f"  [{f.id}]", style="dim")
            con.print(head)
            con.print(_claims_table(f, width))
            if f.stated is not None and f.implied is not None:
                con.print(Padding(f"stated {fmt.interval(f.stated, f.unit)}, implied "
                                  f"{fmt.interval(f.implied, f.unit)}", (0, 0, 0, 2)))
            con.print(Padding(Text(f.explanation), (0, 0, 0, 2)))
            con.print()
    con.print(Text(summary_line(findings, s), style="bold"))
    text = buf.getvalue()
    return text if color else "".join(line.rstrip() + "\n" for line in text.splitlines())


def render(findings: list[Finding], fmt_name: str, summary: Summary, color: bool = False,
           width: int = 100) -> str:
    findings = ordered(findings)
    if fmt_name == "text":
        return _text(findings, summary, color=color, width=width)
    if fmt_name == "html":
        from .html import html

        return html(findings, summary, summary_line(findings, summary))
    return {"json": _json, "csv": _csv, "md": _md, "github": _github}[fmt_name](findings, summary)
