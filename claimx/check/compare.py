"""Claims of one figure against each other: contradiction, internal, agreement."""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from . import fmt
from .findings import Finding
from .group import comparable
from .interval import distance, separated
from .item import Item


def _unit(items: list[Item]) -> str:
    units = {it.claim.unit for it in items}
    return units.pop() if len(units) == 1 else ("day" if items[0].dim == "time" else items[0].dim)


def clusters(items: list[Item], tolerance: float) -> list[list[Item]]:
    """Items split into runs of mutually consistent values, lowest first."""
    out: list[list[Item]] = []
    for it in sorted(items, key=lambda i: (i.base.lo, i.base.hi, i.where)):
        for cl in out:
            if not any(separated(it.base, o.base, tolerance) for o in cl):
                cl.append(it)
                break
        else:
            out.append([it])
    return out


def _says(items: list[Item], tolerance: float) -> str:
    return " vs ".join(", ".join(fmt.claim(i) for i in cl) for cl in clusters(items, tolerance))


def _forecast_note(pairs: list[tuple[Item, Item]]) -> str:
    later = True
    for a, b in pairs:
        fc, fact = (a, b) if a.forecast else (b, a)
        fp, xp = fc.claim.published, fact.claim.published
        later = later and bool(fp and xp and xp > fp)
    return f"a forecast contradicted by a {'later ' if later else ''}reported fact: "


def _conflict(kind: str, severity: str, items: list[Item], pairs, tolerance: float) -> Finding:
    first = items[0]
    gap = max(distance(a.base, b.base) for a, b in pairs)
    note = _forecast_note(pairs) if severity == "warning" else ""
    where = "one document gives" if kind == "internal" else "documents give"
    text = (f"{note}{where} values for the same figure that do not overlap "
            f"({fmt.percent(gap)} apart, tolerance {fmt.percent(tolerance)}): {_says(items, tolerance)}")
    return Finding(kind, severity, first.subject, first.metric, first.period, _unit(items), text,
                   items, score=gap)


def _agreement(items: list[Item], tolerance: float) -> Finding:
    first = items[0]
    docs = len({i.doc for i in items})
    values = {i.claim.value for i in items}
    listed = ", ".join(fmt.claim(i) for i in items)
    if len(values) == 1:
        text = f"{docs} documents give the same value: {listed}"
    else:
        rounder = max(items, key=lambda i: i.interval.width if i.interval.bounded else -1)
        text = f"{docs} documents agree: {listed}"
        if rounder.interval.bounded:
            half = fmt.number(rounder.interval.width / 2)
            text += (f"; the figures differ only by rounding (agree at the precision of the rounder "
                     f"one, {rounder.claim.quote} ±{half} {rounder.claim.unit})")
    return Finding("agreement", "info", first.subject, first.metric, first.period, _unit(items), text, items)


LIST_CLUSTERS = 3  # distinct values of one figure in one document: a list, not a figure


def ambiguous(items: list[Item], tolerance: float) -> bool:
    """The key does not name one figure: one line gives two different values for it, or one
    document three or more (a table or list of parts filed under one subject)."""
    by_line: dict[tuple, list[Item]] = defaultdict(list)
    by_doc: dict[str, list[Item]] = defaultdict(list)
    for it in items:
        by_line[(it.doc, it.claim.line)].append(it)
        by_doc[it.doc].append(it)
    return (any(len(clusters(g, tolerance)) > 1 for g in by_line.values())
            or any(len(clusters(g, tolerance)) >= LIST_CLUSTERS for g in by_doc.values()))


def compare_group(items: list[Item], tolerance: float) -> list[Finding]:
    if ambiguous(items, tolerance):
        return []
    buckets: dict[tuple[str, str], list[tuple[Item, Item]]] = defaultdict(list)
    agreeing: list[Item] = []
    conflict = False
    for a, b in combinations(items, 2):
        if not comparable(a, b):
            continue
        if not separated(a.base, b.base, tolerance):
            if a.doc != b.doc:
                agreeing += [x for x in (a, b) if not any(x is y for y in agreeing)]
            continue
        conflict = True
        if a.doc == b.doc and not a.period:
            continue  # one document, no period: rows of a table more likely than one figure
        kind = "internal" if a.doc == b.doc else "contradiction"
        severity = "warning" if a.forecast != b.forecast else "error"
        buckets[(kind, severity)].append((a, b))
    found = []
    for (kind, severity), pairs in buckets.items():
        members = [x for x in items if any(x is a or x is b for a, b in pairs)]
        found.append(_conflict(kind, severity, members, pairs, tolerance))
    if not conflict and len({i.doc for i in agreeing}) > 1:
        found.append(_agreement([x for x in items if any(x is y for y in agreeing)], tolerance))
    return found


def compare(groups: dict[tuple, list[Item]], tolerance: float) -> list[Finding]:
    out: list[Finding] = []
    for items in groups.values():
        out += compare_group(items, tolerance)
    return out
