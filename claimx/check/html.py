"""`claimx check --format html`: one self-contained page a person reads in a browser.

No network: the styles, the charts (inline SVG) and the filter script (a few lines of
plain JavaScript) are all in the page, so it can be mailed, attached to a CI run or opened
from disk. The page has a summary (documents, claims, findings by kind and severity), the
findings worst first, for each a chart of the values and the intervals they cover (one row
per source and period) and the quotes with their document and line. A subject filter hides
the other findings; `report.html#subject=NAME` opens the page filtered.
"""
from __future__ import annotations

import math
from collections import Counter
from html import escape

from . import fmt
from .findings import Finding
from .interval import Interval
from .item import Item

KINDS = ("contradiction", "internal", "arithmetic", "agreement")
SEVERITIES = ("error", "warning", "info")

_CSS = """
:root{--err:#c62828;--warn:#b26a00;--info:#1565c0;--ink:#1d1d1f;--mute:#6b6b70;--line:#e3e3e8;--bg:#fafafc}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","WenQuanYi Zen Hei","PingFang SC","Microsoft YaHei",sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:1080px;margin:0 auto;padding:24px 20px 60px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 10px}
.lede{color:var(--mute);margin:0 0 18px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:22px}
.card span{color:var(--mute);font-size:13px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;color:var(--mute);font-weight:600;text-transform:uppercase;letter-spacing:.03em}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.kinds{width:auto;min-width:420px}
.filter{position:sticky;top:0;z-index:2;background:var(--bg);padding:10px 0;border-bottom:1px solid var(--line);display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.filter select,.filter input{font:inherit;padding:4px 8px;border:1px solid #c8c8d0;border-radius:6px;background:#fff}
#shown{color:var(--mute)}
.finding{background:#fff;border:1px solid var(--line);border-left:5px solid var(--info);border-radius:8px;padding:12px 16px;margin:14px 0}
.finding.error{border-left-color:var(--err)}
.finding.warning{border-left-color:var(--warn)}
.finding h3{margin:0;font-size:16px}
.badge{display:inline-block;font-size:12px;font-weight:700;color:#fff;border-radius:4px;padding:1px 7px;margin-right:8px;vertical-align:2px}
.badge.error{background:var(--err)}.badge.warning{background:var(--warn)}.badge.info{background:var(--info)}
.meta{color:var(--mute);font-size:13px;margin:2px 0 8px}
.meta code{font-size:12px}
.why{margin:6px 0 10px}
svg.chart{display:block;width:100%;height:auto;margin:6px 0 10px}
svg text{font-size:12px;fill:var(--ink)}
svg .axis{stroke:#b0b0b8;stroke-width:1}
svg .grid{stroke:#ececf0;stroke-width:1}
svg .tick{fill:var(--mute);font-size:11px}
svg .bar{stroke-width:6;stroke-linecap:round;opacity:.55}
svg .dot{stroke-width:2}
.error svg .bar,.error svg .dot{stroke:var(--err)}.error svg .dot.fact{fill:var(--err)}
.warning svg .bar,.warning svg .dot{stroke:var(--warn)}.warning svg .dot.fact{fill:var(--warn)}
.info svg .bar,.info svg .dot{stroke:var(--info)}.info svg .dot.fact{fill:var(--info)}
svg .dot.forecast{fill:#fff}
.quotes td:first-child{font-weight:600;white-space:nowrap}
td.nw{white-space:nowrap}
.where{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;white-space:nowrap}
.ctx{color:var(--mute);font-size:13px}
.none{color:var(--mute);font-style:italic}
footer{color:var(--mute);font-size:12px;margin-top:30px}
"""

# The subject filter: a select of the subjects and a free-text box; `#subject=NAME` in the
# address opens the page filtered (and the filter keeps the address in step).
_JS = """
(function(){
  var sel=document.getElementById('subject'), box=document.getElementById('q');
  var items=[].slice.call(document.querySelectorAll('section.finding'));
  var shown=document.getElementById('shown');
  function apply(){
    var s=sel.value, q=box.value.trim().toLowerCase(), n=0;
    items.forEach(function(el){
      var subj=el.getAttribute('data-subject');
      var ok=(!s||subj===s)&&(!q||subj.toLowerCase().indexOf(q)>=0);
      el.hidden=!ok; if(ok){n++;}
    });
    shown.textContent='showing '+n+' of '+items.length+' findings';
    var h=s?'#subject='+encodeURIComponent(s):'';
    if(location.hash!==h&&history.replaceState){history.replaceState(null,'',h||location.pathname);}
  }
  function fromHash(){
    var m=/^#subject=(.*)$/.exec(location.hash);
    if(m){var v=decodeURIComponent(m[1]);
      if([].some.call(sel.options,function(o){return o.value===v;})){sel.value=v;}}
    apply();
  }
  sel.addEventListener('change',apply); box.addEventListener('input',apply);
  window.addEventListener('hashchange',fromHash);
  fromHash();
  document.body.setAttribute('data-ready','1');
})();
"""

# chart geometry (SVG user units; the SVG scales to the page width)
_W, _LABEL, _RIGHT, _ROW, _TOP = 760, 230, 24, 26, 8


_SI_UNITS = frozenset({"FLOPS", "FLOP", "W", "Wh", "Hz", "byte", "bit/s"})
_PREFIXES = ("", "k", "M", "G", "T", "P", "E", "Z", "Y")


def _scale(unit: str, magnitude: float) -> tuple[float, str]:
    """(divisor, unit label) for showing figures of `unit` around `magnitude`: SI prefixes
    for physical units (725.3 EFLOPS, not 7.253e+20 FLOPS); other units as they are (money
    and counts read as 亿 and 万)."""
    if unit not in _SI_UNITS or not math.isfinite(magnitude) or magnitude < 1e3:
        return 1.0, unit
    k = min(int(math.log10(magnitude) // 3), len(_PREFIXES) - 1)
    return 10.0 ** (3 * k), _PREFIXES[k] + unit


def _value(v: float | None, unit: str) -> str:
    if v is None or not math.isfinite(v):
        return fmt.number(v)
    div, label = _scale(unit, abs(v))
    return f"{fmt.number(v / div)} {label}"


def _e(x) -> str:
    return escape("" if x is None else str(x), quote=True)


def _kind_table(findings: list[Finding]) -> str:
    n = Counter((f.kind, f.severity) for f in findings)
    rows = []
    for kind in KINDS:
        cells = "".join(f'<td class="n">{n[(kind, sev)] or ""}</td>' for sev in SEVERITIES)
        total = sum(n[(kind, sev)] for sev in SEVERITIES)
        rows.append(f'<tr><td>{kind}</td>{cells}<td class="n"><b>{total}</b></td></tr>')
    head = "".join(f"<th>{s}</th>" for s in SEVERITIES)
    return (f'<table class="kinds" id="kinds"><thead><tr><th>kind</th>{head}<th>total</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _label(it: Item) -> str:
    c = it.claim
    who = c.source or c.doc
    return f"{who} · {c.period}" if c.period else who


def _chart_rows(f: Finding) -> list[tuple[str, Interval, float | None, bool, str]]:
    """(label, interval, value, forecast, tooltip) per row, all in one unit."""
    if f.kind == "arithmetic" and f.stated is not None and f.implied is not None:
        return [("stated", f.stated, None, False, f"stated {fmt.interval(f.stated, f.unit)}"),
                ("implied by its figures", f.implied, None, False, f"implied {fmt.interval(f.implied, f.unit)}")]
    rows = []
    for it in sorted(f.items, key=lambda i: (i.base.lo, i.where)):
        v = it.claim.value
        value = v * it.factor if v is not None and math.isfinite(v) else None
        tip = f"{it.claim.quote} ({it.where}): {fmt.interval(it.interval, it.claim.unit)}"
        rows.append((_label(it), it.base, value, it.forecast, tip))
    return rows


def _axis_unit(f: Finding) -> str:
    """The unit the chart's axis is in: the finding's, or the base unit of its dimension
    (days, when durations in months and years are compared)."""
    if f.kind == "arithmetic" or not f.items:
        return f.unit
    factors = {it.factor for it in f.items}
    if factors == {1.0}:
        return f.items[0].claim.unit
    return "day" if f.items[0].dim == "time" else f.unit


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    span = hi - lo
    step = 10 ** math.floor(math.log10(span / n))
    for m in (1, 2, 2.5, 5, 10):
        if span / (step * m) <= n:
            step *= m
            break
    first = math.ceil(lo / step) * step
    return [first + k * step for k in range(int((hi - first) / step) + 1)]


def chart(f: Finding) -> str:
    """An inline SVG: one row per claim (source · period), its interval as a bar (an arrow
    where it is open) and its value as a dot (hollow for a forecast)."""
    rows = _chart_rows(f)
    finite = [x for _, iv, v, _, _ in rows for x in (iv.lo, iv.hi, v) if x is not None and math.isfinite(x)]
    if not finite:
        return ""
    lo, hi = min(finite), max(finite)
    pad = (hi - lo) * 0.12 or abs(hi) * 0.05 or 1.0
    lo, hi = lo - pad, hi + pad
    x0, x1 = _LABEL, _W - _RIGHT
    sx = lambda x: x0 + (x - lo) / (hi - lo) * (x1 - x0)  # noqa: E731
    div, unit = _scale(_axis_unit(f), max(abs(lo), abs(hi)))
    height = _TOP + _ROW * len(rows) + 26
    parts = [f'<svg class="chart" viewBox="0 0 {_W} {height}" role="img" '
             f'aria-label="values and intervals of {_e(f.subject)} {_e(f.metric)}">']
    axis_y = _TOP + _ROW * len(rows) + 4
    for t in _ticks(lo, hi):
        x = sx(t)
        parts.append(f'<line class="grid" x1="{x:.1f}" y1="{_TOP}" x2="{x:.1f}" y2="{axis_y}"/>')
        parts.append(f'<text class="tick" x="{x:.1f}" y="{axis_y + 15}" text-anchor="middle">'
                     f'{_e(fmt.number(t / div))}</text>')
    parts.append(f'<line class="axis" x1="{x0}" y1="{axis_y}" x2="{x1}" y2="{axis_y}"/>')
    if unit:
        parts.append(f'<text class="tick" x="{x0 - 10}" y="{axis_y + 4}" text-anchor="end">{_e(unit)}</text>')
    for k, (label, iv, value, forecast, tip) in enumerate(rows):
        y = _TOP + _ROW * k + _ROW / 2
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(f'<g class="row"><title>{_e(tip)}</title>')
        parts.append(f'<text x="{x0 - 10}" y="{y + 4:.1f}" text-anchor="end">{_e(short)}</text>')
        a = sx(max(iv.lo, lo)) if math.isfinite(iv.lo) else x0
        b = sx(min(iv.hi, hi)) if math.isfinite(iv.hi) else x1
        parts.append(f'<line class="bar" x1="{a:.1f}" y1="{y:.1f}" x2="{max(b, a + 0.5):.1f}" y2="{y:.1f}"/>')
        if not math.isfinite(iv.hi):
            parts.append(f'<text x="{x1 + 4}" y="{y + 4:.1f}">→</text>')
        if not math.isfinite(iv.lo):
            parts.append(f'<text x="{x0 - 2}" y="{y + 4:.1f}" text-anchor="end">←</text>')
        if value is not None:
            cls = "forecast" if forecast else "fact"
            parts.append(f'<circle class="dot {cls}" cx="{sx(value):.1f}" cy="{y:.1f}" r="5"/>')
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def _interval(iv: Interval, unit: str) -> str:
    """The interval in the scale `_value` shows its unit in."""
    finite = [abs(x) for x in (iv.lo, iv.hi) if math.isfinite(x)]
    div, _ = _scale(unit, max(finite) if finite else 0.0)
    return fmt.interval(Interval(iv.lo / div, iv.hi / div))


def _quotes(f: Finding) -> str:
    rows = []
    for it in sorted(f.items, key=lambda i: (i.base.lo, i.where)):
        c = it.claim
        rows.append(
            f"<tr><td>{_e(c.quote)}</td><td class=\"nw\">{_e(_value(c.value, c.unit))}</td>"
            f"<td class=\"nw\">{_e(_interval(it.interval, c.unit))}</td><td class=\"where\">{_e(it.where)}</td>"
            f"<td>{_e(c.source)}</td><td>{_e(c.period)}</td><td>{'forecast' if it.forecast else 'fact'}</td>"
            f"<td class=\"ctx\">{_e(c.context)}</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in ("quote", "value", "interval", "document:line", "source",
                                               "period", "", "sentence"))
    return f'<table class="quotes"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _finding(f: Finding) -> str:
    arithmetic = ""
    if f.stated is not None and f.implied is not None:
        arithmetic = (f'<p class="meta">stated {_e(fmt.interval(f.stated, f.unit))}, implied '
                      f'{_e(fmt.interval(f.implied, f.unit))}</p>')
    return (f'<section class="finding {f.severity}" id="f-{_e(f.id)}" data-subject="{_e(f.subject)}" '
            f'data-kind="{f.kind}" data-severity="{f.severity}">'
            f'<h3><span class="badge {f.severity}">{f.severity.upper()}</span>{_e(f.kind)}: {_e(f.subject)}</h3>'
            f'<p class="meta">{_e(f.metric)} · {_e(f.period or "(no period)")} · {_e(f.unit)} · '
            f'<code>{_e(f.id)}</code></p>'
            f'<p class="why">{_e(f.explanation)}</p>{arithmetic}{chart(f)}{_quotes(f)}</section>')


def html(findings: list[Finding], s, line: str) -> str:
    """The page. `s` is the report's Summary, `line` its one-line summary."""
    subjects = sorted({f.subject for f in findings})
    options = "".join(f'<option value="{_e(x)}">{_e(x)}</option>' for x in subjects)
    cards = [(s.documents, "documents"), (s.claims, "claims"), (s.checked, "comparable"),
             (len(findings), "findings")]
    if s.unread:
        cards.append((s.unread, "files not read"))
    if s.bad_rows:
        cards.append((s.bad_rows, "rows not checked"))
    if s.known:
        cards.append((s.known, "known (baseline)"))
    card_html = "".join(f'<div class="card"><b>{n}</b><span>{label}</span></div>' for n, label in cards)
    body = "".join(_finding(f) for f in findings) or '<p class="none">No findings.</p>'
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        "<title>claimx check report</title>"
        f"<style>{_CSS}</style></head><body><main>"
        "<h1>claimx check report</h1>"
        f'<p class="lede" id="summary">{_e(line)}</p>'
        f'<div class="cards" id="cards">{card_html}</div>{_kind_table(findings)}'
        '<h2>Findings, worst first</h2>'
        '<div class="filter"><label>subject <select id="subject"><option value="">all subjects</option>'
        f'{options}</select></label><input id="q" type="search" placeholder="filter subjects…" '
        'aria-label="filter subjects"><span id="shown"></span></div>'
        f'<div id="findings">{body}</div>'
        '<footer>Each bar is the interval a quote covers (its rounding and qualifier); the dot is the '
        'value as stated, hollow for a forecast; an arrow marks an open end. Generated by claimx check.'
        f'</footer></main><script>{_JS}</script></body></html>\n')
