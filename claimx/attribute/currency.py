"""Which currency a money figure is in, and the unit of a figure that names none (docs/claims.md;
words in units.toml [yuan] [money] [stated_currency] [period_rate] [exchange]):

- the document's 元: the currency its amounts are stated in (新台币3,142.4亿元 -> TWD);
- a figure's 元 or bare magnitude (27个亿): the currency its clause names, else the one the
  figures before it are stated in, else the document's 元;
- a price paid per period (年租金2万元 -> CNY/year) and an exchange rate (1美元兑30.6元 -> TWD/USD).
"""
from __future__ import annotations

from collections import Counter
from functools import cache
from typing import TYPE_CHECKING

import regex

from ..lexicon import compile_plain, lexicon, words_pattern
from ..quantity.numbers import numeral_chars
from . import metric as mt

if TYPE_CHECKING:
    from ..model import Claim
    from ..quantity.scanner import Quantity
    from .context import Sentence


def currency_of_yuan(text: str, traditional: bool = False) -> str:
    """The currency a bare 元 means in this document (docs/claims.md; words in units.toml [yuan]): the
    one its amounts are stated in, written before them (新台币3,142.4亿元, 港币120亿元) or right
    after their 元 (9899.2亿元新台币); a price in another currency (目标价450港元) leaves the
    document's 元 alone. A document in traditional script that says neither is placed by its
    words: a Taiwan paper's 元 is TWD (台股, 年增5%), a Hong Kong paper's HKD (港股, 按年)."""
    yuan = lexicon().units["yuan"]
    counts = Counter({cur: len(_currency_near_amount(cur).findall(text)) for cur in yuan["currencies"]})
    cur, n = counts.most_common(1)[0]
    if n and counts[cur] > counts["CNY"]:
        return cur
    if traditional:
        region = Counter({cur: len(_region_words(cur).findall(text)) for cur in yuan["region"]})
        cur, n = region.most_common(1)[0]
        if n and list(region.values()).count(n) == 1:
            return cur
    return "CNY"


@cache
def _currency_near_amount(cur: str):
    words = words_pattern(lexicon().units["yuan"]["currencies"][cur])
    return regex.compile(rf"(?:{words})(?=[ ]?[\d{numeral_chars()}约近超])|(?<=[\d万亿千百兆][ ]?元)(?:{words})")


@cache
def _region_words(cur: str):
    region = lexicon().units["yuan"]["region"][cur]
    return regex.compile(rf"(?:{words_pattern(region['words'])})|(?:{words_pattern(region['before_figure'])})(?=[ ]?[\d约近逾{numeral_chars()}])")


@cache
def _currency_words():
    """Every currency name of units.toml [money] (美元, 新台币) -> its code; Latin codes and signs left out."""
    return {w: u for w, u in lexicon().units["money"].items() if len(w) >= 2 and not w.isascii() and u != "元"}


@cache
def _stated_currency_re():
    """A currency named in a clause as what its figures are counted in (以美元计, 美元营收, 新台币营收):
    before a word that says so (units.toml [stated_currency]), not the unit of a figure before it."""
    words = words_pattern(_currency_words())
    counted = words_pattern(lexicon().units["stated_currency"]["before"])
    return regex.compile(rf"(?r)(?<![\d万亿千百兆元][ ]?)(?P<w>{words})(?=的?(?:{counted}))")


@cache
def _money_figure_re():
    """A figure with its currency written after it (25亿美元, 3.5万元)."""
    words = words_pattern([*_currency_words(), "元"])
    return regex.compile(rf"(?<=[\d万亿千百兆][ ]?)(?P<w>{words})")


CURRENCY_REACH = 600  # characters back in which the figures of a document set its money's currency


def currency_at(t: str, lo: int, pos: int, yuan: str, bare_magnitude: bool) -> str:
    """The currency of a money figure at `pos` whose own unit is a bare 元 or none (27个亿): the one
    its clause names (美元营收达318至330亿元), else, for a bare magnitude, the one most figures
    before it are stated in (…57亿美元…营收391亿), else the document's 元."""
    m = _stated_currency_re().search(t, lo, pos)
    if m is not None:
        return _currency_words()[m.group("w")]
    if bare_magnitude:
        seen = Counter(_currency_words().get(w, yuan) for w in
                       (x.group("w") for x in _money_figure_re().finditer(t, max(0, pos - CURRENCY_REACH), pos)))
        if seen:
            return seen.most_common(1)[0][0]
    return yuan


_COUNTED_AFTER = compile_plain(r"[ ]?[A-Za-z]")  # 13万GPU集群: what follows is the thing counted
@cache
def _period_rate_re():
    rates = lexicon().units["period_rate"]
    return regex.compile("(?r)" + "|".join(f"(?P<{unit}>{words_pattern(words)})" for unit, words in rates.items()))


def _period_rate(t: str, s0: int, pos: int, kws) -> str:
    """The period a price at `pos` is paid per when a word of the sentence before it says so (年租金,
    月费: units.toml [period_rate]) and no other money word stands between; '' otherwise."""
    m = _period_rate_re().search(t, s0, pos)
    if m is None:
        return ""
    word = m.group()
    if any(m.end() <= k.start < pos and mt.is_money_metric(k.metric) and not word.endswith(t[k.start:k.end])
           for k in kws):
        return ""  # 年租金2万元，购买价格15万元: the price after another money word is not a rent
    return m.lastgroup


@cache
def _exchange_res():
    ex = lexicon().units["exchange"]
    cur = words_pattern(_currency_words())
    verbs = words_pattern(ex["verbs"])
    pair = regex.compile(rf"(?P<a>{cur})(?:[ ]?\d+(?:\.\d+)?[ ]?)?(?:{verbs})[ ]?(?P<b>{cur})?"
                         rf"(?:{words_pattern(ex['words'])})?(?:{words_pattern(ex['gap'])})?[ ]?"
                         rf"(?:\d+(?:\.\d+)?[ ]?(?:{words_pattern(ex['ratio'])})[ ]?)?$")
    base = regex.compile(rf"[ ]?(?:{verbs})[ ]?(?:{cur})?[ ]?\d")
    return pair, base


FX_LOOSE = 2.0  # 人民币兑美元汇率7.2: a rate above this against USD is the other currency per dollar


def _exchange_rate(t: str, lo: int, q: Quantity, unit: str, yuan: bool) -> str | None:
    """The unit of an exchange rate (新台币兑美元汇率29元, 1美元兑30.6元 -> TWD/USD; 美元对新台币汇率1比30.6
    -> TWD/USD); None for the base such a rate is stated against (1美元兑…) or a rate whose currencies
    the clause does not name; '' for any other figure. `yuan`: the figure's unit is a bare 元."""
    if unit not in mt.CURRENCIES and unit != "fx":
        return ""
    pair, base = _exchange_res()
    if unit != "fx" and base.match(t, q.end):
        return None
    m = pair.search(t, lo, q.start)
    if m is None:
        return None if unit == "fx" else ""
    a = _currency_words()[m.group("a")]
    b = _currency_words()[m.group("b")] if m.group("b") else ""
    if unit != "fx":  # the figure's currency per the other one named (a bare 元: the pair's non-dollar one)
        if yuan and (pair_local := [c for c in (a, b) if c and c != "USD"]):
            unit = pair_local[0]
        other = b if a == unit else a
        return f"{unit}/{other}" if other and other != unit else ""
    if not b or a == b:
        return None
    return f"{a}/{b}" if b == "USD" and q.value is not None and q.value > FX_LOOSE else f"{b}/{a}"


# metrics of money or units whose bare magnitude (市场规模6165亿) is money: units would have a counter,
# or the thing counted after the figure (超830万标准机架)
MONEY_WHEN_BARE = ("market_size",)
_ENDS_FIGURE = regex.compile(r"[ ]*(?:$|[\p{P}的])")


def amount_unit(st: Sentence, q: Quantity, row: Claim, lo: int, hi: int, kind: str) -> bool:
    """The unit of an amount whose metric `row.metric` is chosen: a 元 or a bare magnitude in the
    currency its clause or the figures before it are stated in, a price per period, an exchange
    rate; a bare magnitude that counts something is a count (13万GPU集群), and one in a clause of
    money takes the currency (and metric) of the money figure beside it. False when the figure is
    no claim (1美元兑30.6元: the base a rate is stated against). `[lo, hi)`: its clause."""
    t, yuan, metric, prev = st.t, st.ctx.yuan, row.metric, st.prev_amount
    if q.unit == "元" or q.unit.startswith("元/"):
        row.unit = currency_at(t, lo, q.start, yuan, False) + q.unit[1:]  # 元/月 -> CNY/month
    elif kind == "magnitude" and mt.is_money_metric(metric) and _COUNTED_AFTER.match(t, q.end):
        row.metric = metric = "count"  # 13万GPU集群: a count, never money
    elif kind == "magnitude" and (mt.is_money_metric(metric) or (metric in MONEY_WHEN_BARE and _ENDS_FIGURE.match(t, q.end))):
        row.unit = currency_at(t, lo, q.start, yuan, True)  # 27个亿 where a money word governs it
    if (fx := _exchange_rate(t, lo, q, row.unit, q.unit == "元")) is None:
        return False  # 1美元兑30.6元: the base a rate is stated against
    row.unit = fx or row.unit
    if row.unit in mt.CURRENCIES and (per := _period_rate(t, st.s0, q.start, st.kws)):
        row.unit = f"{row.unit}/{per}"  # 年租赁价格…约2万元: CNY/year
    elif kind == "magnitude":  # 从3亿增长到5亿元, 从3亿美元增长到5亿: one currency in one clause
        later = next((a for a in st.amounts if a.start >= q.end), None)
        near = [a for a in (prev, later) if a is not None and mt.unit_kind(a) == "money" and (
            lo <= a.start < hi or (a is prev and metric == st.prev_metric.get("money")))]  # …1.2万亿元，预计2030年突破3万亿
        if near:
            row.unit = near[-1].unit if near[-1].unit != "元" else yuan
            if metric == "count":
                row.metric = st.prev_metric.get("money", "other")
    return True
