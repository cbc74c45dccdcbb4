"""Find the quantities in a normalized text: amounts (number, unit, qualifier) and dates.

One compiled pattern, built once from the data files, finds every candidate; small
functions turn each match into a `Quantity`. The pattern runs on the normalized copy
(simplified script, ASCII digits and punctuation), so it never spells variants.

Alternatives are tried in this order at each position: things that are never claims
(URLs, times of day, identifiers), dates and periods, then amounts.
"""
from __future__ import annotations

import math
from bisect import bisect_left
from functools import cache, lru_cache
from types import SimpleNamespace

import regex

from ..lexicon import compile_plain, compile_regex, lexicon, load_toml, words_pattern, words_regex
from ..normalize import to_simplified
from .dates import date_pattern, parse_date
from .numbers import Number, digit_class, parse_arabic, parse_cn
from .quantity import Quantity
from .units import Unit, lookup, units

_alt = words_pattern


@cache
def _narrow_letters() -> tuple[dict, regex.Pattern]:
    """The compute letters that count only right after a computing-power word (T), and what
    may not follow them."""
    ctx = lexicon().units["compute_context"]
    return ({k: compile_plain(words_pattern(v)) for k, v in ctx["narrow"].items()},
            compile_plain(rf"[ ]?(?:{words_pattern(ctx['narrow_not_before'])})"))


@cache
def _compiled():
    lx = lexicon()
    num = lx.numbers
    q = lx.qualifiers
    ci = set(lx.units["case_insensitive"]["words"])
    cs_words = [w for w in lx.units["money"]] + [w for w in lx.units["percent"]] + [
        w for w in lx.units["scaled"] if w not in ci] + list(lx.units["time"]) + list(lx.units["counter"]["words"])
    # Latin unit words must end at a word boundary (28nm, not 28nmX; GB but not GBK).
    not_before = lx.units.get("not_before", {})

    def ending(w: str) -> str:
        e = ""
        if w[-1].isascii() and w[-1].isalpha():
            e += r"(?![A-Za-z])"
        if w in not_before:  # 周期, 周末, 天然: the unit character starts another word
            e += f"(?!{_alt(not_before[w])})"
        return e

    def unit_alt(words, flags=""):
        """The unit words, longest first, as a trie (a flat alternation of ~150 words is tried
        word by word). Case-insensitive words are put in lower case: one branch per letter."""
        if "i" in flags:
            assert len({w.lower() for w in words}) == len(set(words)) and all(w.isascii() for w in words)
            words = [w.lower() for w in words]
        body = words_pattern(words, ending)
        return f"(?{flags}:{body})" if flags else body

    letters = "".join(lx.units["compute_letters"])
    letters += "".join(w.lower() for w in lx.units["compute_letters"] if w not in lx.units["compute_context"]["narrow"])
    unit_re = f"(?:{unit_alt(ci, 'i')}|{unit_alt(cs_words)}|(?P<@CL@>[{letters}])(?![A-Za-z0-9]))"
    mag_re = (words_pattern(num["magnitudes"]) + "|千(?![瓦米克])|百(?!分)"
              + "|(?:" + words_pattern(num["latin_magnitudes"]) + ")(?![A-Za-z])")
    for letter, ctx in num["latin_letters"].items():  # 70B参数, $12.5B, 15T tokens, 参数量671B, 128K上下文
        gap = words_pattern(ctx.get("gap", [""]))
        mag_re += rf"|{letter}(?:(?=[ ]?(?:{words_pattern(ctx['before'])}))"
        if ctx.get("after"):
            mag_re += rf"|(?<=(?:{words_pattern(ctx['after'])})[ ]?(?:{gap})?[ ]?[\d.,]+[ ]?{letter})"
        mag_re += ")(?![A-Za-z])"
    for w, after in num["magnitude_not_before"].items():  # 兆瓦, 京东: a unit or a name, not 10^12
        mag_re = mag_re.replace(regex.escape(w), f"{regex.escape(w)}(?!{_alt(after)})")
    # a magnitude is the product of the magnitude words written in a row: 千万亿 = 10^15, 万千万亿
    mag_re = rf"(?:{mag_re})(?:[十百千]?[万亿])*"
    cn_chars = "".join(num["digits"]) + "".join(num["places"]) + "万亿"
    cn_digits = "".join(num["digits"])
    ar = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.[ ]?\d+)?(?:[eE]\+?\d{1,3}(?![\dA-Za-z])|[ ]?[×xX][ ]?10\^\+?\d{1,3})?"
    # 三点五, 二八〇六.二四: a decimal point takes digits only (三点五十分 is a time of day)
    cn_point = rf"(?:{_alt(num['decimal']['points'])})[{cn_digits}]+(?![十百千分刻钟秒])"
    cn = rf"(?:[数几]?[{cn_chars}]+(?:{cn_point})?几?)"
    cn_int_chars = cn_digits + "".join(num["places"])
    cn_int = rf"[{cn_int_chars}]+"  # a numeral without magnitude words
    time_words = _alt(list(lx.units["time"]) + ["秒"])
    half = num["half"]
    # 半 is a number only before a time word: 半年, 半个月 (not 上半年, 半年报)
    half_re = (rf"(?<!{_alt(half['not_after'])}){regex.escape(half['digit'])}"
               rf"(?=(?:{time_words})(?!{_alt(half['not_before'])}))")
    number = rf"(?:{ar}|{cn}|{half_re})"
    pre = _alt(q["prefix"])
    pre_place = _alt(q["prefix_place"])
    suf = "|".join(f"{regex.escape(w)}(?!{_alt(q['suffix_not_before'][w])})" if w in q["suffix_not_before"]
                   else regex.escape(w) for w in sorted(q["suffix"], key=len, reverse=True))
    openup = _alt(q["open_up"])
    openup_after = _alt(w for w in q["open_up"] if w not in q["open_up_after_unit"]["not"])
    per_words = [*lx.units["time"], *lx.units["counter"]["words"], *lx.units["per"]["units"], *lx.units["per"]["token"]]
    per = rf"/[ ]?(?P<perm>{words_pattern(lx.units['per']['magnitudes'])})?[ ]?(?P<perw>{unit_alt(per_words)})"
    cheng_not = _alt(num["cheng"]["not_followed_by"])
    doubling = _alt(num["doubling"])
    sign = rf"(?<![\dA-Za-z.%])[+-]|(?:{_alt(num['sign']['negative'])})(?=[ ]?\d)"
    # left edge of a number: not inside an identifier (A100, GPT-4, HBM3, v2.1, 第三)
    left = r"(?<![A-Za-z0-9_.]|[A-Za-z]-|[A-Za-z]/|第)"
    # ... except right after a ratio's name: PE50/26/20倍
    left = rf"(?:(?<=(?<![A-Za-z])(?:{_alt(lx.units['bare_ratio']['words'])}))|{left})"

    one = rf"""
        (?P<num>{number})
        (?:(?P<ge>个)(?=亿|万|[多余](?:月|小时|钟头|星期|礼拜)))?   # 27个亿, 3个多月
        (?P<open1>{openup})?
        (?:(?<=\d)[ ](?={mag_re}))?(?P<mag>{mag_re})?
        # 2兆3,617.7亿, 3,309 亿 8,000 万, 十二兆三千四百亿: one figure, each part a smaller magnitude
        (?:(?<=兆|万亿)[ ]?(?P<c_yi>{ar}[千百]?|{cn_int})[ ]?亿)?
        (?:(?<=[兆亿])[ ]?(?P<c_wan>{ar}[千百]?|{cn_int})[ ]?万)?   # 1亿2千万
        (?:(?<=[兆亿万])[ ]?(?P<c_qian>{ar}|{cn_int})[ ]?千(?![瓦米克]))?
    """
    each_word = regex.escape(lx.units["per_prefix"]["word"])
    per_mag = words_pattern(lx.units['per']['magnitudes'])
    per_sides = _alt(lx.units['per']['sides'])
    per_den = unit_alt([*lx.units['per']['units'], *lx.units['per']['token']])
    per_price = _alt(lx.units['per']['price_words'])
    per_gap = _alt(lx.units['per']['price_gap'])
    curw = _alt(lx.units["currency_prefix"])
    amount = rf"""
        (?:(?P<pre>{pre})[ ]?)?
        (?:(?P<each>{each_word}[ ]?(?:个)?(?:{time_words}))[ ]?
           | (?P<eachper>{each_word}[ ]?(?P<eachm>{per_mag})?[ ]?(?:个)?
                (?:{per_sides})?[ ]?(?P<eachw>{per_den})
                (?:[ ]?(?:{per_sides})?(?:的)?(?:{per_price})?[ ]?(?:{per_gap})?)?   # 每百万tokens输入价格为2元
              | (?P<eachw>{per_den})[ ]?{each_word}[ ]?(?P<eachm>{per_mag}))[ ]?   # 输出tokens每百万8元
           | (?P<every>{each_word})(?=[ ]?(?:\d|[{cn_chars}]))
        )?
        (?:(?P<pre2>{pre})[ ]?)?
        (?:(?P<preplace>{pre_place})(?=[十百千万亿]))?
        (?:(?P<curw>{curw})[ ]?)?
        (?:(?P<band>{_alt(num["decade_band"])})(?=[ ]?\d*0[ ]?%))?   # 中段30%: the mid-30s
        (?P<cur>US\$|HK\$|NT\$|\$|¥|€)?
        (?P<sign>{sign})?
        {left}
        {one}
        (?P<open2>{openup})?
        (?:[ ]?(?P<u1>{unit_re.replace("@CL@", "cl1")}))?
        (?:(?(u1)|(?![ ]-\d))[ ]?(?P<sep>-|~|至|到)[ ]?   # 1,080,000万元 -1,310,000万元: one range
            (?P<num2>{number})(?P<open3>{openup})?(?:(?<=\d)[ ](?={mag_re}))?(?P<mag2>{mag_re})?)?
        (?P<open4>{openup_after})?
        (?:[ ]?(?P<ge2>个)?(?P<unit>{unit_re.replace("@CL@", "cl2")}))?
        (?P<per>{per})?
        (?P<open5>{openup_after})?
        (?P<ji>级)?
        (?P<suf>{suf})?
    """
    percent_forms = rf"""
        (?P<ppre>{pre})?
        (?:
            百分之(?P<pct>{number})
          | (?P<tenths>{number})(?:(?:到|至|-|~)(?P<tenths2>{number}))?成(?P<hundredths>(?:{digit_class(1, 9)}|[1-9])(?![\d{cn_chars}成])|{regex.escape(half["digit"])})?(?!{cheng_not})(?P<popen>[多余](?![万亿元个年]))?
          | (?P<den>[{cn_chars}\d]+)分之(?P<numer>{ar}|{cn})
          | (?P<halfp>{_alt([*half["percent"], *half["percent_over"]])})(?!{_alt(half["percent_not_before"])})
        )
        (?P<psuf>{suf})?
    """
    skip = r"""
        https?://\S+ | www\.\S+ | [A-Za-z0-9_.+-]+@[A-Za-z0-9_-]+\.[A-Za-z0-9_.]+
      | \d{1,2}[:：]\d{2}(?::\d{2})?(?!\d)       # times of day 17:57 (not 图9：2019)
      | \d{1,2}点\d{1,2}分                     # 11点29分
      | \d{6}\.(?:SH|SZ|BJ|HK)|\d{4,5}\.HK     # stock codes
      | 《[^》\n]{0,80}》                       # titles of works: figures inside are names
      | (?<=\S)\(±[ ]?[\d.]+[ ]?%?\)          # 450亿美元(±2%): the tolerance of the figure before
      | 第[ ]?[\d@CN@]+(?:[、][ ]?[\d@CN@]+)*(?![ ]?财?季)   # ordinals: 第1、2、3项 (第三季度, 第三财季 are dates)
      | (?<=^|\n)[ \t]*\d{1,2}(?:[ \t]+|[、.．)）](?!\d))   # list numbering at a line start
      | (?<![A-Za-z0-9])(?!FY[ ]?\d|FQ\d[ ]?[-'’]|(?:@RATIO@)[ ]?\d)[A-Za-z]+[-]?(?!(?:19|20)\d{2}[ ]?(?:年|财年))\d+(?:\.\d+)*[A-Za-z]*   # identifiers: A100, GPT-4, HBM3, v2.1 (FY2025, AMD2024年 are dates; PE50 is a ratio)
    """
    skip = skip.replace("@RATIO@", _alt(lx.units["bare_ratio"]["words"])).replace("@CN@", cn_int_chars)
    # names that open with a numeral (零一万物, 三星, 百度; data/aliases.toml) are no figures
    named = {to_simplified(n) for c, ns in lx.aliases.get("entities", {}).items() for n in [c, *ns]}
    skip += f"| {_alt(sorted(n for n in named if n[0] in cn_chars))}\n"
    juxtaposed = rf"(?P<j1>[{''.join(num['digits'])}])(?P<ju>{time_words}|{unit_alt(lx.units['counter']['words'])})(?:或者|或|到|至)?(?P<j2>[{''.join(num['digits'])}])(?P=ju)"
    # 28、40纳米 / 20、30亿元: Arabic numbers listed with 、 share the magnitude and unit of the last
    listed = rf"""
        {left}(?P<lnum>{ar})(?![\d%])
        (?=(?:[ ]?(?:{_alt(num["lists"]["separators"])})[ ]?{ar}(?![\d%]))+
           (?:[ ]?(?P<lmag>{mag_re}))?(?:[ ]?(?P<lunit>{unit_re.replace("@CL@", "cl3")}))?)
    """
    # 较上季持平至成长6%, 下降3%到成长9%: a change between two directions, one range
    sw = load_toml("signs.toml")
    falls, rises = _alt(sw["fall"]["verbs"]), _alt(sw["swing"]["rise"])
    side = rf"(?:(?P<@F>{_alt(sw['swing']['flat'])})|(?:(?P<@D>{falls})|{rises})[ ]?(?P<@N>{ar})[ ]?%)"
    swing = (side.replace("@F", "sw_f1").replace("@D", "sw_d1").replace("@N", "sw_n1")
             + rf"[ ]?(?:{_alt(sw['swing']['to'])})[ ]?"
             + side.replace("@F", "sw_f2").replace("@D", "sw_d2").replace("@N", "sw_n2"))
    # Only these places can start a match: the guards let the engine skip every other
    # position at once instead of trying each alternative there.
    starts = _start_patterns(lx, cn_chars, sw)
    pattern = rf"""
        (?:
        (?P<skip>{skip})
      | (?P<jux>{juxtaposed})
      | (?P<date>{date_pattern()})
      | (?P<double>{doubling})
      | (?P<swing>{swing})
      | (?P<pctf>{percent_forms})
      | (?P<listed>{listed})
      | (?P<amount>{amount})
        )
    """
    compiled = compile_regex(pattern, regex.VERBOSE)  # (kept compiled in the cache folder: see lexicon)
    return compiled, [compile_regex(s) for s in starts], SimpleNamespace(**compiled.groupindex)


def _groups() -> SimpleNamespace:
    """The numbers of the pattern's groups by name (`G.num`): the regex module takes about
    four times longer to find a group by its name than by its number."""
    return _compiled()[2]


def _start_patterns(lx, cn_chars: str, sw: dict) -> list[str]:
    """Where a match can begin; the scan tries the big pattern only at these places.

    One pattern per kind of start: alone, each begins with a word or a character class the
    engine looks for at C speed; joined in one alternation they would be tried one by one at
    every position of the text (twice as slow).

    Each start is as narrow as the grammar allows: a digit that starts a number, a Chinese
    numeral run that a unit, magnitude or qualifier character follows (一千台, not 一些 or
    统一), a qualifier word right before a number, 上/数/几 before a place word, and so on.
    """
    q, num, units_data = lx.qualifiers, lx.numbers, lx.units

    alt = words_pattern
    cn = regex.escape(cn_chars)
    follow = ({w[0] for w in units()} | {w[0] for w in q["suffix"]} | {w[0] for w in q["open_up"]}
              | set("成分倍之年月日号个多余几来半-~至到或、/% ") | set(cn_chars) | set("".join(num["decimal"]["points"])))
    numeral = (rf"[-+\d{cn}$¥€{regex.escape(num['half']['digit'])}]|{alt(units_data['currency_prefix'])}|百分之"
               rf"|{alt(num['decade_band'])}")
    others = [*num["doubling"], *num["half"]["percent"], *num["half"]["percent_over"], *units_data["currency_prefix"],
              units_data["per_prefix"]["word"], num["half"]["digit"], "百分之", *_DATE_STARTS, *num["decade_band"]]
    return [
        rf"(?:{alt(q['prefix'])})(?=[ ]?(?:{numeral}))",
        rf"(?:{alt([*q['prefix_place'], *num['vague']])})(?=[十百千万亿])",
        alt(others),
        rf"(?<![{cn}])[{cn}](?=[{cn}]*[{regex.escape(''.join(sorted(follow)))}])",
        r"(?<![\d.])\d",
        rf"(?:[-+~$¥€]|{alt(num['sign']['negative'])})(?=[ ]?\d)|《|第|\(±",
        r"(?<![A-Za-z])[A-Za-z]+(?=[ ]?-?\d|\$)",
        r"(?<=^|\n)[ \t]+(?=\d)",
        r"前(?=[一二三]个?季)",  # 前三季度 (dates.py)
        r"前(?=[ ]?(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])[ ]?个?月)",  # 前十一个月, 前11月 (dates.py)
        rf"(?:{alt(units_data['per']['token'])})(?=[ ]?{regex.escape(units_data['per_prefix']['word'])})",  # tokens每百万8元
        rf"(?:{alt([*sw['fall']['verbs'], *sw['swing']['rise']])})(?=[ ]?\d)|(?:{alt(sw['swing']['flat'])})(?=[ ]?(?:{alt(sw['swing']['to'])}))",
    ]


# First words of the date forms that do not start with a digit (dates.py).
_DATE_STARTS = ("截至", "截止", "去年", "今年", "明年", "前年", "后年", "同年", "当年", "〇", "零", "上半年", "下半年", "全年")


_CLAUSE_START = regex.compile(r"(?:^|[，,。；;：:！？!?\n])[ ]*$")
FROM_BEFORE = compile_plain(r"(?:从|由)[ ]?$")  # 从3亿增长到5亿: where a change starts
_BARE_NEXT = regex.compile(r"[A-Za-z0-9/:\-]|\.\d")  # 近1/3, 约1:1, 超过3x: not a bare figure
_FOUR_DIGITS = regex.compile(r"\d{4}")
_MONTHS = frozenset(float(i) for i in range(1, 13))
_SECTION = regex.compile(r"\d{1,2}\.\d")  # 2.1: a section number when it stands alone between spaces


@cache
def _operations():
    """每秒(浮点运算) right before a figure of 次, and the operation words right after one (units.toml)."""
    ops = lexicon().units["operations"]
    return (compile_plain(f"(?:{words_pattern(ops['per_second'])})(?:{words_pattern(ops['words'])})?[ ]?$"),
            compile_plain(f"[ ]?(?:{words_pattern(ops['words'])})"))


@cache
def _token_rate():
    """(the token words, 每秒 and the verbs after it) of a rate of tokens per second (units.toml)."""
    t = lexicon().units["token_rate"]
    return frozenset(t["units"]), compile_plain(f"(?:{words_pattern(t['per_second'])})"
                                                f"(?:{words_pattern(t['verbs'])})?[ ]?(?:{words_pattern(t['verbs'])})?[ ]?$")


@cache
def _bare_ratio():
    """A ratio word (PUE, 市盈率), then at most a few verbs, right before a bare figure (units.toml)."""
    br = lexicon().units["bare_ratio"]
    return regex.compile(rf"(?<![A-Za-z])(?P<w>{words_pattern(br['words'])})(?:{words_pattern(br['gap'])}){{0,2}}[ ]?$")


@cache
def _exchange():
    """An exchange-rate word right before a bare figure (汇率为7.2, 汇率1比30.6), and the ratio word
    after the base of such a figure (units.toml [exchange])."""
    ex = lexicon().units["exchange"]
    return (regex.compile(rf"(?:{words_pattern(ex['words'])})(?:{words_pattern(ex['gap'])})?[ ]?"
                          rf"(?:\d+(?:\.\d+)?[ ]?(?:{words_pattern(ex['ratio'])})[ ]?)?$"),
            regex.compile(rf"[ ]?(?:{words_pattern(ex['ratio'])})"))


@cache
def _energy_words():
    return compile_plain(words_pattern(lexicon().units["energy_degree"]["words"]))


_CLAUSE_MARK = regex.compile(r"(?r)[，,。；;：:！？!?\n]")


def _clause_back(text: str, pos: int, reach: int) -> int:
    """Where to look back from `pos`: `reach` characters, not past the start of its clause."""
    m = _CLAUSE_MARK.search(text, max(0, pos - reach), pos)
    return m.end() if m else max(0, pos - reach)


@cache
def _pointing():
    small = lexicon().numbers["small_counts"]
    return compile_plain(f"(?:{words_pattern(small['pointing'])})$"), small["idiom_max"]


@cache
def _year_part():
    """Words before a count of months that make it the months of a year so far (前十一个月)."""
    yp = lexicon().units["year_part"]
    return regex.compile(rf"(?<!{words_pattern(yp['not_after'])})(?:{words_pattern(yp['before'])})[ ]?$")


@cache
def _span_after():
    """Words after a duration that make it the span something happens in (过去五年内): a figure."""
    return compile_plain(f"(?:{words_pattern(lexicon().units['span']['after'])})")


def _counted(text: str, start: int, end: int, value: float) -> bool:
    """A small count in Chinese numerals counts things (八个枢纽节点, 扩大至六家) unless it is one or
    two (一个, 两种: words) or points back (这三个, 他们三个)."""
    pointing, idiom_max = _pointing()
    return not (value <= idiom_max or pointing.search(text, max(0, start - 3), start))


def _per_unit(word: str, unit: Unit | None) -> str:
    """The denominator of a rate: 月 -> month, GB -> byte, kW -> W, tokens -> token."""
    if word in lexicon().units["per"]["token"]:
        return "token"
    return unit.unit if unit is not None else word


@cache
def _bare_percent():
    """A rate word, then at most a few adverbs and verbs, right before a figure (units.toml)."""
    bp = lexicon().units["bare_percent"]
    return compile_plain(f"(?:{words_pattern(bp['after'])})(?:{words_pattern(bp['gap'])}){{0,3}}[ ]?$")


@cache
def _adverbial():
    a = lexicon().context["adverbial"]
    return compile_plain(f"(?<![{''.join(a['not_after'])}])(?:{words_pattern(a['before'])})$")



@cache
def _nonzero_digits() -> frozenset:
    """The Chinese digits of 1 to 9 (data/numbers.toml), 几 and 半: a numeral that holds one states a figure."""
    num = lexicon().numbers
    return frozenset([*(c for c, v in num["digits"].items() if v), *num["vague"], num["half"]["digit"]])


@lru_cache(maxsize=4096)
def _num(s: str | None) -> Number | None:
    """The number a numeral states (a Number is frozen, so one may serve every repeat)."""
    if not s:
        return None
    s = s.strip()
    if s[0].isdigit():
        try:
            return Number(parse_arabic(s))
        except ValueError:
            return None
    if s == lexicon().numbers["half"]["digit"]:
        return Number(0.5)
    return parse_cn(s)


@lru_cache(maxsize=256)
def _mag(s: str | None) -> float:
    """The factor of a magnitude word, or of several in a row (千万亿 = 千万 x 亿)."""
    if not s:
        return 1.0
    num = lexicon().numbers
    mags = {**num["magnitudes"], **num["latin_magnitudes"], **{k: v["scale"] for k, v in num["latin_letters"].items()},
            **num["places"]}
    if s in mags:
        return mags[s]
    for i in range(len(s) - 1, 0, -1):  # the longest word first, then the rest
        if s[:i] in mags:
            rest = _mag(s[i:])
            return mags[s[:i]] * rest if rest != 1.0 else 1.0
    return 1.0


def _step(numtext: str, value: float) -> float:
    """One unit of the last written place: 1700 -> 100, 2 -> 1, 90 -> 10, 2.5 -> 0.1;
    一百 -> 100, 三千二百 -> 100, 二十 -> 10, 一万 -> 10000, 三百五 -> 10."""
    t = numtext.replace(",", "").replace(" ", "")
    if not t:
        return 1.0
    if not t[0].isdigit():
        return _cn_step(t)
    if "." in t:
        return 10.0 ** -len(t.split(".", 1)[1])
    stripped = t.rstrip("0")
    return 10.0 ** (len(t) - len(stripped)) if stripped else 1.0


def _cn_step(t: str) -> float:
    num = lexicon().numbers
    places, mags, digits = num["places"], num["magnitudes"], num["digits"]
    mag = 1.0
    while t and t[-1] in ("万", "亿"):  # 三百万: the place before the magnitude, times it
        mag *= mags[t[-1]]
        t = t[:-1]
    if not t:
        return mag
    last = t[-1]
    if last in places:
        return places[last] * mag
    if last in digits and len(t) >= 2 and t[-2] in places:
        return places[t[-2]] / 10 * mag  # 三百五 = 350: the next place down
    return mag


def _qual(word: str | None, table: str) -> str:
    if not word:
        return "exact"
    return lexicon().qualifiers[table].get(word, "exact")


def apply_qualifier(q: Quantity, qual: str) -> None:
    if qual == "exact" or q.qualifier == "range":
        return
    if q.qualifier == "over" and q.high is not None:
        return  # 1700多亿 keeps its bounds
    q.qualifier = qual
    v = q.value
    q.low = v if qual in ("over", "at_least") else None
    q.high = v if qual in ("under", "at_most") else None


def _canon(word: str) -> str:
    """The canonical unit of a unit word; a compute letter (300P) is FLOPS."""
    unit = lookup(word)
    return unit.unit if unit is not None else "FLOPS"


def _amount(m, text: str) -> Quantity | None:
    G = _groups()
    n1 = _num(m.group(G.num))
    if n1 is None:
        return None
    numtext = m.group(G.num)
    cn_written = not numtext[0].isdigit()
    end = m.end(G.amount)
    u1, u2 = m.group(G.u1), m.group(G.unit)
    # the figure ends at its own unit when what follows is not its range: 两个月|月活 (the second
    # "unit" starts the next word), 提升1.8个百分点|至35.6% (a range of two different units)
    cut = bool(u1 and u2 and (not m.group(G.num2) or _canon(u1) != _canon(u2)))
    # 从50万台到120万台, 由3亿到5亿: a change from one figure to another, not a range
    from_to = (m.group(G.sep) in ("到", "至") and (u1 or m.group(G.mag))
               and FROM_BEFORE.search(text, max(0, m.start(G.amount) - 2), m.start(G.amount)))
    if from_to and not u1:
        cut, end, unit_word, letter = True, m.end(G.mag), None, None
    elif cut or from_to:
        cut = True
        end = m.end(G.u1)
        unit_word = u1
        letter = m.group(G.cl1)
    else:
        unit_word = m.group(G.unit) or m.group(G.u1)
        letter = m.group(G.cl2) or m.group(G.cl1)
    if letter:  # 300P: 算力 stated in PFLOPS, only where the text speaks of computing power
        if not words_regex("units", "compute_context", "words").search(text, max(0, m.start() - 24), min(len(text), m.end() + 24)):
            return None
        narrow, not_after = _narrow_letters()
        if letter in narrow and (not narrow[letter].search(
                text, max(0, m.start() - lexicon().units["compute_context"]["narrow_window"]), m.start())
                or not_after.match(text, m.end())):
            return None  # 1T参数, 15T tokens: trillions, not TFLOPS
        unit = Unit(letter, "FLOPS", lexicon().units["compute_letters"][letter.upper()], "scaled", "compute")
    else:
        unit = lookup(unit_word) if unit_word else None
    if unit is not None and unit.word == lexicon().units["energy_degree"]["unit"] and not (
            m.group(G.mag) or _energy_words().search(text, _clause_back(text, m.start(), 8), min(len(text), m.end() + 2))):
        return None  # 2亿度, 用电100度: kWh; 30度 is a temperature or an angle
    each = m.group(G.each)
    lead = m.start(G.pre2) if m.group(G.pre2) else m.end(G.each) if each else m.start(G.amount)
    per_second_re = _operations()[0]
    per_second = bool(each and per_second_re.match(each)) or bool(
        per_second_re.search(text, max(0, lead - 10), lead))
    pre_word = m.group(G.pre2) or m.group(G.pre)
    if (not any(ch.isdigit() for ch in numtext) and not set(numtext) & _nonzero_digits() and not numtext.startswith("十")
            and not (m.group(G.preplace) or pre_word or m.group(G.suf) or (unit is not None and unit.unit == "times"))
            and not per_second):
        return None  # a bare magnitude word (百万美元 in a caption), not a figure
    mag = _mag(m.group(G.mag))
    preplace = m.group(G.preplace)
    cur_word = m.group(G.curw)
    cur_unit = lookup(cur_word) if cur_word else None
    if unit is None and cur_unit is not None:
        unit = cur_unit  # 人民币8.65亿: the currency before the figure is its unit
    elif cur_unit is not None and unit.unit not in ("元", cur_unit.unit):
        cur_unit = None  # 人民币 ... 美元: the word before belongs to something else
    if unit is None and m.group(G.cur):
        unit = lookup(m.group(G.cur))  # $1,599
    bare = (unit is None and m.group(G.mag) is None
            and not (cn_written and ("万" in numtext or "亿" in numtext)))
    if bare and 0 < n1.value <= 100 and not m.group(G.per) and not _BARE_NEXT.match(text, m.end()) and (
            _bare_percent().search(text, max(0, m.start() - 12), m.start())) and not (
            _SECTION.fullmatch(numtext) and text.startswith(" ", m.end()) and text[m.start() - 1:m.start()] == " "):  # 回报率 2.1 推理…: a heading's number
        unit, bare = lookup("%"), False  # 毛利率大概六十出头: a rate said without 百分之 or %
    if bare and numtext[0].isdigit() and not _BARE_NEXT.match(text, m.end()) and (
            ratio := _bare_ratio().search(text, max(0, m.start() - 12), m.start())):
        unit, bare = lookup(lexicon().units["bare_ratio"]["words"][ratio.group("w")]), False  # PUE降至1.09, PE 50
        unit = unit or Unit("", "count", 1.0, "magnitude", "other")
    if bare and numtext[0].isdigit() and _exchange()[0].search(text, max(0, m.start() - 16), m.start()) and not (
            _exchange()[1].match(text, m.end())):
        unit, bare = Unit("", "fx", 1.0, "fx", "other"), False  # 汇率1比30.6: an exchange rate (attribute/currency.py names it)
    if bare and not (numtext[0].isdigit() and (pre_word or m.group(G.suf))
                     and not _BARE_NEXT.match(text, m.end()) and not 1900 <= n1.value <= 2100):
        return None  # a bare number: no unit, no magnitude (低于1.25, 1.3以下 keep theirs)
    if unit is None and m.group(G.per):
        return None
    if (unit is not None and unit.word in lexicon().units["month_names"]["words"] and not m.group(G.mag)
            and not m.group(G.num2) and n1.value in _MONTHS and not (m.group(G.ge) or m.group(G.ge2))
            and not any(m.group(g) for g in (G.open1, G.open2, G.open4, G.open5))):
        return None  # 十一月, 低于11月: a month of the year (dates.py), not a duration (十一个月)
    if unit is not None and unit.unit == "year" and _FOUR_DIGITS.fullmatch(numtext) and not m.group(G.mag):
        return None  # 估计2024年: a year (read again from the number on); RTX 4090年租金: a name; never 4090 years
    value = n1.value * mag
    for part, smaller in ((G.c_yi, 1e8), (G.c_wan, 1e4), (G.c_qian, 1e3)):  # 2兆3,617.7亿 = 2.36177万亿
        if m.group(part):
            part_text = m.group(part)
            place = lexicon().numbers["places"].get(part_text[-1], 1) if part_text[0].isdigit() else 1  # 2千(万)
            if smaller >= mag or (n := _num(part_text.rstrip("千百") if place != 1 else part_text)) is None:
                return None
            value += n.value * place * smaller
    low = high = None
    qualifier = "exact"
    if n1.low is not None:
        low, high = n1.low * mag, n1.high * mag
        qualifier = "over" if n1.open_up else "range"
        if n1.vague:
            qualifier = "range"
    num2 = None if cut else m.group(G.num2)
    per = None if cut else m.group(G.per)
    suf = None if cut else m.group(G.suf)
    if num2:
        n2 = _num(num2)
        if n2 is None:
            return None
        mag2 = _mag(m.group(G.mag2)) if m.group(G.mag2) else mag
        if m.group(G.mag2) and not m.group(G.mag):
            mag = mag2  # 150~180亿: the magnitude after the second number covers both
        lo, hi = n1.value * mag, n2.value * mag2
        if not hi > lo:
            return None  # not a range: 3-2 is a date or a code
        low, high, value, qualifier = lo, hi, (lo + hi) / 2, "range"
    elif m.group(G.sep) and not cut:
        return None
    open_word = m.group(G.open1) or m.group(G.open2) or (
        None if cut else m.group(G.open4) or m.group(G.open5))
    if open_word and qualifier == "exact":
        oq = _qual(open_word, "open_up")
        if oq == "over":
            step = _step(m.group(G.num), n1.value) * mag
            low, high, qualifier = value, value + step, "over"
        else:
            qualifier = oq
    factor = unit.factor if unit else 1.0
    canon = unit.unit if unit else "count"
    if unit is not None and unit.word == "次" and (per_second or _operations()[1].match(text, m.end(G.unit) if m.group(G.unit) else m.end(G.u1))):
        # 每秒十万亿亿次, 3000亿亿次浮点运算(能力): operations per second
        unit = Unit("次", "FLOPS", 1.0, "scaled", "compute")
        canon = "FLOPS"
    elif (unit is not None and unit.word in _token_rate()[0] and not m.group(G.per)
          and _token_rate()[1].search(text, max(0, lead - 8), lead)):
        unit = Unit(unit.word, "count/second", 1.0, "per", "performance")  # 每秒可生成30个token
        canon = unit.unit
    if m.group(G.cur) and (unit is None or unit.unit == "元"):
        canon = lookup(m.group(G.cur)).unit  # $ HK$ NT$ ¥ €: units.toml [money]
    if cur_unit is not None:
        canon = cur_unit.unit
    if per and unit is not None:
        den = m.group(G.perw)
        du = lookup(den)
        canon = f"{canon}/{_per_unit(den, du)}"
        if m.group(G.perm):
            factor /= lexicon().units["per"]["magnitudes"][m.group(G.perm)]  # 2元/百万tokens = 2e-6 CNY/token
        if du is not None and du.factor != 1:
            factor /= du.factor  # 4美元/GB = 4e-9 USD/byte, 7100元/kW = 7.1 CNY/W
    start = m.start(G.amount)
    if m.group(G.eachper) and unit is not None and unit.kind == "money" and not per:
        # 每百万tokens 15美元 = 1.5e-5 USD/token, 每GB 4美元: the rate's denominator said first
        den = m.group(G.eachw)
        du = lookup(den)
        canon = f"{canon}/{_per_unit(den, du)}"
        if m.group(G.eachm):
            factor /= lexicon().units["per"]["magnitudes"][m.group(G.eachm)]
        if du is not None and du.factor != 1:
            factor /= du.factor
    elif m.group(G.eachper):
        return None  # 每百万tokens 1次: no price
    if each:
        if unit is not None and unit.kind == "money" and not per:
            du = lookup(each[1:].strip().removeprefix("个"))  # 每月68元: a price per period
            canon = f"{canon}/{du.unit if du else each[1:]}"
            if du is not None and du.factor != 1:
                factor /= du.factor
        else:
            start = lead  # 每年20%: 每年 is not part of the figure
    elif m.group(G.every) and not (unit is not None and unit.kind == "time"):
        start = m.end(G.every)  # 每4个月 keeps its 每; 每2台 does not
    if cur_word and cur_unit is None:
        start = m.end(G.curw)
    while start < m.end(G.amount) and text[start] == " ":
        start += 1
    sign = -1.0 if m.group(G.sign) and m.group(G.sign) != "+" else 1.0  # -5%, 负4.2%
    value *= factor * sign
    if low is not None:
        low *= factor
    if high is not None:
        high *= factor
    if sign < 0 and low is not None:
        low, high = -high, -low
    if not math.isfinite(value):
        return None  # hundreds of digits: not a figure anyone stated
    letter = lexicon().numbers["latin_letters"].get(m.group(G.mag) or "", {})
    q = Quantity(start, end, value, canon, low, high, qualifier,
                 metric=unit.metric if unit else letter.get("metric", ""),  # 405B模型: a parameter count
                 unit_kind=unit.kind if unit else "magnitude")
    if m.group(G.band):  # 中段30%: 34-36%
        if canon != "percent" or value % 10:
            return None
        lo, hi = (value + d for d in lexicon().numbers["decade_band"][m.group(G.band)])
        q.value, q.low, q.high, q.qualifier = (lo + hi) / 2, lo, hi, "range"
    if preplace:
        apply_qualifier(q, _qual(preplace, "prefix_place"))
    apply_qualifier(q, _qual(pre_word, "prefix"))
    apply_qualifier(q, _qual(suf, "suffix"))
    if (unit is not None and unit.unit == "month" and n1.value in _MONTHS and mag == 1 and n1.low is None
            and _year_part().search(text, max(0, m.start() - 3), m.start())):
        q.small_cn = True  # 前十一个月, 头3个月: the months of the year so far (a period), not a duration
    if cn_written and n1.value < 10 and mag == 1 and n1.low is None and unit is not None:
        if (unit.kind == "counter" and not _counted(text, m.start(), end, n1.value)) or unit.unit == "point" or (
                unit.unit == "元" and not pre_word):
            q.small_cn = True  # 两种, 一点, 二元, 三元锂, 这三个: words, not figures (八个枢纽, 三美元 are)
        elif unit.kind == "time" and not _span_after().match(text, m.end()) and (
                ((adv := _adverbial().search(text, max(0, m.start() - 3), m.start()))
                 and (q.qualifier != "range" or _CLAUSE_START.search(text, max(0, adv.start() - 3), adv.start())))
                or (_adverbial().fullmatch(pre_word or "") and _CLAUSE_START.search(text, max(0, m.start() - 3), m.start()))):
            # 这两年, 前两天, (，)近三年, (，)未来两到三年 (but 周期近两年, 看到未来五到十年 and
            # 过去五年内 are figures)
            q.small_cn = True
    return q


def _percent_form(m) -> Quantity | None:
    G = _groups()
    if m.group(G.pct):
        n = _num(m.group(G.pct))
        scale = 1.0
    elif m.group(G.tenths):
        n = _num(m.group(G.tenths))
        scale = 10.0
        if n is None or not (0 < n.value <= 10):
            return None
        if m.group(G.hundredths):  # 一成五 = 15%, 两成半 = 25%
            n = Number(n.value + _num(m.group(G.hundredths)).value / (1 if m.group(G.hundredths) == lexicon().numbers["half"]["digit"] else 10))
        if m.group(G.tenths2):  # 三到五成
            hi = _num(m.group(G.tenths2))
            if hi is None or not (n.value < hi.value <= 10):
                return None
            n = Number((n.value + hi.value) / 2, n.value, hi.value)
        elif m.group(G.popen) and not m.group(G.hundredths):  # 一成多: over 10%, under 20%
            n = Number(n.value, n.value, n.value + 1, open_up=True)
    elif m.group(G.halfp):
        n, scale = Number(50.0), 1.0
    else:
        den, numer = _num(m.group(G.den)), _num(m.group(G.numer))
        if den is None or numer is None or den.value == 0 or numer.value > den.value:
            return None
        n = Number(numer.value / den.value * 100)
        scale = 1.0
    if n is None:
        return None
    q = Quantity(m.start(G.pctf), m.end(G.pctf), n.value * scale, "percent", metric="", unit_kind="percent")
    if n.low is not None:
        q.low, q.high = n.low * scale, n.high * scale
        q.qualifier = "over" if n.open_up else "range"
    if m.group(G.halfp) in lexicon().numbers["half"]["percent_over"]:
        apply_qualifier(q, "over")  # 过半: over half
    apply_qualifier(q, _qual(m.group(G.ppre), "prefix"))
    apply_qualifier(q, _qual(m.group(G.psuf), "suffix"))
    return q


def _swing(m) -> Quantity | None:
    """持平至成长6% (0..6), 下降3%到成长9% (-3..9): a change range whose ends state their direction."""
    G = _groups()
    ends = []
    for n, d in ((G.sw_n1, G.sw_d1), (G.sw_n2, G.sw_d2)):
        v = parse_arabic(m.group(n)) if m.group(n) else 0.0
        ends.append(-v if m.group(d) else v)
    lo, hi = sorted(ends)
    if lo == hi:
        return None
    return Quantity(m.start(G.swing), m.end(G.swing), (lo + hi) / 2, "percent", lo, hi, "range",
                    metric="growth", unit_kind="percent", signed=True)


def _listed(m, text: str) -> Quantity | None:
    """28 in 28、40纳米: a listed number takes the magnitude and unit written after the list."""
    G = _groups()
    if not (m.group(G.lmag) or m.group(G.lunit)) or m.group(G.cl3):
        return None
    unit = lookup(m.group(G.lunit)) if m.group(G.lunit) else None
    if unit is not None and unit.kind == "time":
        return None  # 2021、2022年: years, or durations too loose to share
    n = parse_arabic(m.group(G.lnum))
    factor = unit.factor if unit else 1.0
    return Quantity(m.start(G.listed), m.end(G.listed), n * _mag(m.group(G.lmag)) * factor,
                    unit.unit if unit else "count", metric=unit.metric if unit else "",
                    unit_kind=unit.kind if unit else "magnitude")


def _juxtaposed(m) -> Quantity | None:
    """两年三年, 两颗或者三颗: two adjacent numbers with one unit, a spoken range."""
    G = _groups()
    a, b = _num(m.group(G.j1)), _num(m.group(G.j2))
    unit = lookup(m.group(G.ju))
    if a is None or b is None or unit is None or b.value != a.value + 1:
        return None
    return Quantity(m.start(G.jux), m.end(G.jux), (a.value + b.value) / 2, unit.unit, a.value, b.value, "range",
                    metric=unit.metric, unit_kind=unit.kind)


def _candidates(text: str, starts: list) -> list[int]:
    """Every offset of `text` where one of the `starts` patterns matches, in order."""
    return sorted({m.start() for p in starts for m in p.finditer(text, overlapped=True)})


def scan(text: str) -> list[Quantity]:
    """Every quantity in `text` (normalized), in order."""
    out: list[Quantity] = []
    doubling = lexicon().numbers["doubling"]
    pattern, starts, G = _compiled()
    # Only the places `starts` finds can begin a match: try the anchored pattern at each of
    # them (C-speed scans find them) instead of searching position by position.
    cands = _candidates(text, starts)
    pos = i = 0
    while (i := bisect_left(cands, pos, i)) < len(cands):
        at = cands[i]
        m = pattern.match(text, at)
        if m is None:
            pos = at + 1
            continue
        pos = m.end() if m.end() > m.start() else m.start() + 1
        kind = m.lastgroup  # the outer group of the alternative that matched closes last
        if kind == "skip":
            continue
        if kind == "date":
            q = parse_date(m, G)
        elif kind == "listed":
            q = _listed(m, text)
        elif kind == "jux":
            q = _juxtaposed(m)
        elif kind == "double":
            w = m.group(G.double)
            q = Quantity(m.start(), m.end(), float(doubling[w]), "percent", metric="growth", unit_kind="percent")
        elif kind == "pctf":
            q = _percent_form(m)
        elif kind == "swing":
            q = _swing(m)
        elif kind == "amount":
            q = _amount(m, text)
        else:  # pragma: no cover - every alternative is named
            raise AssertionError(f"unnamed alternative {kind!r}")
        if q is not None and q.end > q.start:
            out.append(q)
            pos = min(pos, max(q.end, at + 1))  # 两个月|月活: what the figure left is read again
        elif q is None and m.group(G.amount) is not None and m.start(G.num) > m.start():
            pos = m.start(G.num)  # 每月百分之五: a rejected prefix must not hide the figure after it
    return out
