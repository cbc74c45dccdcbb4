"""Dates and periods: `2023年3月14日`, `2023-03-26`, `2022年12月`, `2022年4季度`, `2025H1`,
`上半年`, `2025财年`, `截至2024年9月末`, `去年12月24号`, `21年` ...

`DATE_PATTERN` is a regex fragment (group names prefixed `d_`) that the scanner
joins into its one pattern; `parse_date` turns a match into a `Quantity` of kind `date`
whose `period` is ISO-like: `2023`, `2023-03`, `2023-03-14`, `2022Q4`, `2025H1`,
`FY2025`, `2021-2030`. Dates relative to the document (`今年`, `2月9日`) get a period
written against `Y` (`Y-1-12-24`, `Y+0H2`) that the pipeline resolves with the
document's own date.
"""
from __future__ import annotations

import regex

from ..calendar import canonical
from ..lexicon import lexicon, words_pattern
from .numbers import digit_by_digit, digit_class, numeral_chars, parse_cn
from .quantity import Quantity

_Y4 = r"(?:19|20)\d{2}"
# A year in Chinese digits, read digit by digit: 二〇二三, 一九九八.
_CNY4 = rf"(?<![{numeral_chars()}万])(?:一九|二{digit_class(0, 0)}){digit_class()}{{2}}"
_CNDD = r"(?:三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_MM = r"(?:1[0-2]|0?[1-9])"
_DD = r"(?:3[01]|[12]\d|0?[1-9])"
_CNMON = r"(?:十[一二]?|[一二三四五六七八九])"
_Q = r"(?:[1-4一二三四])"
_CLOCK = r"(?:[ ]?\d{1,2}(?:点|时|:)\d{1,2}分?)?"
_SEP = r"[ ]?(?:-|~|至|到)[ ]?"
_LIST = r"[ ]?(?:/|、|和|及|与)[ ]?"  # 2024/2025/2026年, 2024年、2025年

def _yy_date_re() -> str:
    """A 2-digit year (21年) is a date only with a date word before or after it."""
    c = lexicon().context["two_digit_year"]

    alt = words_pattern
    return (rf"(?<!{alt(c['duration_before'])})"
            rf"(?:(?<=(?:{alt(c['date_before'])})[ ]?)(?P<d_yy>\d{{2}})年(?![代])"
            rf"|(?<![\d.])(?P<d_yyb>\d{{2}})年(?=[ ]?(?:{alt(c['date_after'])}))"
            # 25-27年归母净利润: a broker's span of forecast years before the measure it lists
            rf"|(?<![\d.])(?P<d_yys1>[1-4]\d)[ ]?[-~至][ ]?(?P<d_yys2>[1-4]\d)[ ]?年(?=[ ]?(?:{alt(c['span_after'])})))")


def date_pattern() -> str:
    return (_DATE_PATTERN.replace("@YY@", _yy_date_re())
            .replace("@SUF@", words_pattern(lexicon().qualifiers["date_suffix"])))


_DATE_PATTERN = rf"""
    (?P<d_pre>截至|截止到|截止至|截止)?
    (?:
        (?P<d_iso>(?<![\d.]){_Y4}[-/.]{_MM}[-/.]{_DD}(?![\d.])){_CLOCK}
      | (?<![\d.])(?P<d_s1>{_Y4})(?:[ ]?年)?{_SEP}(?P<d_s2>{_Y4})[ ]?年(?:度)?
      | (?<![\d.])(?P<d_s3>{_Y4})年(?:-|~|至|到)?(?P<d_s4>{_Y4})年
      | (?<![\d.])(?P<d_yl>{_Y4}[ ]?年?(?:{_LIST}{_Y4}[ ]?年?)*{_LIST}{_Y4})[ ]?年(?:度)?
      | (?<![\d./])(?P<d_yl2>(?:{_Y4}|[1-4]\d)(?:/[1-4]\d){{1,4}})[ ]?年(?:度)?   # 2025/26/27年, 25/26/27年
      | (?<![\d.])(?P<d_yle>{_Y4}[EF](?:{_LIST}{_Y4}[EF])+)(?![A-Za-z])
      | (?<![\d.A-Za-z])(?P<d_ye>{_Y4})[EF](?![A-Za-z0-9])
      | (?<![\d.A-Za-z])(?:FY[ ]?(?P<d_fbq>[1-4])Q[ ]?(?P<d_fby>\d{{2}})|F(?:Y[ ]?)?Q(?P<d_fq>[1-4])[ ]?[-'’][ ]?(?P<d_fqy>\d{{2}}))(?![\dA-Za-z])   # FY 4Q25, FQ2-25: a fiscal quarter
      | (?<![\d.A-Za-z])FY[ ]?(?P<d_fy>{_Y4}|\d{{2}})(?:(?P<d_fyq>[ ]?(?:Q[1-4]|H[12]))|[ ]?第[ ]?(?P<d_fyq2>[一二三四1-4])[ ]?(?:财季|季度|季))?(?![\dA-Za-z])
      | (?<![\d.])(?P<d_fy2>{_Y4})(?:/(?P<d_fy2b>\d{{2}}))?[ ]?年?(?:财年|财政年度|会计年度)
      | (?<![\d.])(?P<d_yq>{_Y4})[ ]?(?P<d_qh>Q[1-4]|H[12])(?![\dA-Za-z])
      | (?<![\d.A-Za-z])(?P<d_qn>[1-4])(?P<d_qhl>Q|H)(?P<d_qy>{_Y4}|\d{{2}})(?![\d])
      | (?<![\d.A-Za-z])(?P<d_yyq>\d{{2}})(?P<d_qh3>Q[1-4]|H[12])(?![\dA-Za-z])
      | (?:(?<![\d.])(?P<d_y>{_Y4})|(?P<d_cny>{_CNY4}))[ ]?年[ ]?
        (?:
            (?P<d_m1>{_MM})[ ]?月?{_SEP}(?P<d_m2>{_MM})[ ]?月(?:份)?(?!\d)
          | 前[ ]?(?P<d_mf>{_MM}|{_CNMON})[ ]?个月
          | 前[ ]?(?P<d_qf>[二三23])[ ]?(?:个)?季度?   # 前一季 is the quarter before (a time word)
          | (?:第|Q)?(?P<d_qa>{_Q})(?:季度?)?{_SEP}(?:第|Q)?(?P<d_qb>{_Q})(?:季度|(?<=Q\d))
          | (?P<d_m>{_MM}|{_CNMON})[ ]?月(?:份)?(?:(?P<d_d>{_DD}|{_CNDD})[ ]?[日号])?(?P<d_mpart>末|底|初)?{_CLOCK}
            (?:(?<=[日号]){_SEP}(?:(?P<d_m2e>{_MM})[ ]?月)?(?P<d_d2e>{_DD})[ ]?[日号])?   # 3月17日至21日
          | (?:第(?P<d_q>{_Q})[ ]?季度?|(?P<d_q5>{_Q})[ ]?季度) | (?P<d_q2>Q[1-4])
          | (?P<d_h>上半年|下半年|H[12]|半年度|半年(?=报|业绩|度?报告))   # 2025年半年度: the first half
          | (?P<d_ypart>年底|年初|年末|底|初|末)
        )?
      | (?P<d_rel>去年|今年|明年|前年|后年|同年|当年)(?!同期)   # 去年同期: a time word (attribute/timeframe.py)
        (?:
            (?P<d_rm>{_MM}|{_CNMON})月(?:份)?(?:(?P<d_rd>{_DD})[日号])?(?P<d_rmpart>末|底|初)?
          | (?P<d_rh>上半年|下半年)
          | 第(?P<d_rq>{_Q})季度? | (?P<d_rq2>{_Q})季度 | 前(?P<d_rqf>[二三])个?季度?
          | 前[ ]?(?P<d_rmf>{_MM}|{_CNMON})[ ]?个?月(?:份)?(?![\d])   # 今年前11月, 今年前十一个月
          | (?P<d_rpart>年底|年初|年末|底|初)
        )?
      | (?<![\d.年])(?P<d_md>{_MM})[ ]?月(?P<d_mdd>{_DD})[ ]?[日号]{_CLOCK}
      | (?<![\d年今去明前后同当本上下一二三四五六七八九十])(?P<d_sh>上半年|下半年|全年度?(?![化内均]))
      | (?<![\d上下本同当前后去今明这那该此每一二三四五六七八九十])(?<![^财]年)(?:第[ ]?)?(?P<d_sq>[一二三四1-4])(?:季度|财季|(?<=第[ ]?.)季(?![节风军]))
      | (?<![\d年])前(?P<d_sqf>[二三])(?:个)?季度?
      | (?<![\d年提之以此日月目])前[ ]?(?P<d_smf>{_MM}|{_CNMON})[ ]?个?月(?:份)?(?![\d])   # 前十一个月, 前11月: the year so far
      | (?<![\d.年个/])(?P<d_sm1>{_MM})[ ]?(?:-|~|—|–|－|至|到)[ ]?(?P<d_sm2>{_MM})[ ]?月(?:份)?(?![\d个])   # 1-9月, 1—9月份
      | (?<![\d.年个])(?P<d_mo>{_MM})[ ]?月(?:份)?(?![\d个])
      | (?<![\d.年个〇零一二两三四五六七八九十百千万亿几数第前每上下本这那])(?P<d_cnmo>{_CNMON})月(?:份)?(?![\d个初中底末球亮光])   # 十一月
      | (?<![\d.])(?P<d_yy1>\d{{2}})年{_SEP}(?P<d_yy2>\d{{2}})年
      | @YY@
      | (?<![〇零一二两三四五六七八九十百千万亿几数第前这那头近])(?P<d_cnyy>二[〇零一二三四五六七八九]|一[五六七八九])年(?:底|初|末)?(?![代度来内间级])   # 二四年: 2024, as said aloud
      | (?<![\d.])(?P<d_dec>(?:19|20)?\d0)年代
      | (?<![\d.])(?P<d_cent>\d{{2}})世纪
    )
    (?(d_pre)(?P<d_span>[ ]?止?的?[ ]?(?:三|六|九|十二|3|6|9|12)[ ]?个月)?)   # 截至2025年6月30日止六个月
    (?P<d_suf>@SUF@)?
"""

_ISO_SEP = regex.compile(r"[-/.]")
_YEAR_MONTH = regex.compile(r"^(\d{4})-(\d{2})(?:-\d{2})?$")
_QUARTER_ENDED = ("的季度", "止的季度", "止季度", "的三个月", "止三个月")  # the quarter a date ends
_REL = {"去年": -1, "今年": 0, "明年": 1, "前年": -2, "后年": 2, "同年": 0, "当年": 0}


def _n(s: str) -> int:
    """A month, quarter or day in Arabic or Chinese digits (data/numbers.toml): 3, 十二, 二十三."""
    return int(s) if s.isdigit() else int(parse_cn(s).value)


def _half(s: str) -> str:
    return "H2" if s in ("下半年", "H2") else "H1"


def parse_date(m, G):
    """The date a match of the scanner's pattern states; `G`: the numbers of its groups."""
    g = m.group
    start, end = m.start(G.date), m.end(G.date)
    q = Quantity(start, end, None, "date", kind="date", unit_kind="date")
    if g(G.d_iso):
        y, mo, d = _ISO_SEP.split(g(G.d_iso))
        q.period = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
    elif g(G.d_s1) or g(G.d_s3):  # 2021-2030年, 2021年至2030年
        a, b = int(g(G.d_s1) or g(G.d_s3)), int(g(G.d_s2) or g(G.d_s4))
        if b <= a:
            return None
        q.period = f"{a}-{b}"
    elif g(G.d_ye):  # 2025E: a broker's estimate year
        q.period = g(G.d_ye)
        q.year_only = True
    elif g(G.d_yl2):  # 2025/26/27年: a list of years, the later ones in two digits
        first, *rest = g(G.d_yl2).split("/")
        ys = [int(first) + (2000 if len(first) == 2 else 0)] + [2000 + int(y) for y in rest]
        if any(b != a + 1 for a, b in zip(ys, ys[1:], strict=False)):
            return None
        q.period = "/".join(str(y) for y in ys)
    elif g(G.d_yl) or g(G.d_yle):  # a list of years: each figure of a list after it takes one
        q.period = "/".join(regex.findall(_Y4, g(G.d_yl) or g(G.d_yle)))
    elif g(G.d_fbq) or g(G.d_fq):  # FY 4Q25, FQ2-25: the company's fiscal quarter, said so
        q.period = f"FY{2000 + int(g(G.d_fby) or g(G.d_fqy))}Q{g(G.d_fbq) or g(G.d_fq)}"
    elif g(G.d_fy) or g(G.d_fy2):
        y = g(G.d_fy2b) or g(G.d_fy) or g(G.d_fy2)  # 2024/25财年: the year it ends
        quarter = (g(G.d_fyq) or "").strip() or (f"Q{_n(g(G.d_fyq2))}" if g(G.d_fyq2) else "")  # FY2025第四财季
        q.period = f"FY{int(y) + 2000 if len(y) == 2 else int(y)}{quarter}"
    elif g(G.d_yq):
        q.period = f"{g(G.d_yq)}{g(G.d_qh)}"
    elif g(G.d_yyq):
        q.period = f"{2000 + int(g(G.d_yyq))}{g(G.d_qh3)}"
        q.broker = True
    elif g(G.d_qn):
        y = g(G.d_qy)
        y = int(y) + 2000 if len(y) == 2 else int(y)
        q.period = f"{y}{g(G.d_qhl)}{g(G.d_qn)}"
        q.broker = len(g(G.d_qy)) == 2  # 4Q25: a broker's label, in the company's fiscal terms
    elif g(G.d_y) or g(G.d_cny):
        y = g(G.d_y) or digit_by_digit(g(G.d_cny))
        if g(G.d_m1):
            a, b = _n(g(G.d_m1)), _n(g(G.d_m2))
            if b <= a:
                return None
            q.period = f"{y}-{a:02d}-{y}-{b:02d}"
        elif g(G.d_mf):
            q.period = f"{y}-01-{y}-{_n(g(G.d_mf)):02d}"
        elif g(G.d_qf) or g(G.d_qa):
            a, b = (1, _n(g(G.d_qf))) if g(G.d_qf) else (_n(g(G.d_qa)), _n(g(G.d_qb)))
            if b <= a:
                return None
            q.period = f"{y}Q{a}-{y}Q{b}"
        elif g(G.d_m):
            mo = _n(g(G.d_m))
            q.period = f"{y}-{mo:02d}" + (f"-{_n(g(G.d_d)):02d}" if g(G.d_d) else "")
            if g(G.d_d2e):  # 3月17日至21日, 3月30日至4月2日: a span of days
                mo2, d2 = int(g(G.d_m2e) or mo), int(g(G.d_d2e))
                if (mo2, d2) <= (mo, _n(g(G.d_d))):
                    return None
                q.period += f"-{y}-{mo2:02d}-{d2:02d}"
        elif g(G.d_q) or g(G.d_q5) or g(G.d_q2):
            qq = g(G.d_q) or g(G.d_q5) or g(G.d_q2)[1]
            q.period = f"{y}Q{_n(qq)}"
        elif g(G.d_h):
            q.period = f"{y}{_half(g(G.d_h))}"
        else:
            q.period = y
            q.year_only = not g(G.d_ypart)
    elif g(G.d_rel):
        off = _REL[g(G.d_rel)]
        base = f"Y{off:+d}"
        if g(G.d_rm):
            base += f"-{_n(g(G.d_rm)):02d}" + (f"-{int(g(G.d_rd)):02d}" if g(G.d_rd) else "")
        elif g(G.d_rh):
            base += _half(g(G.d_rh))
        elif g(G.d_rq) or g(G.d_rq2):
            base += f"Q{_n(g(G.d_rq) or g(G.d_rq2))}"
        elif g(G.d_rqf):  # 今年前三季度
            base = f"{base}Q1-{base}Q{_n(g(G.d_rqf))}"
        elif g(G.d_rmf):  # 今年前11月
            base = f"{base}-01-{base}-{_n(g(G.d_rmf)):02d}"
        q.period = base
        q.relative = True
    elif g(G.d_sh):  # 上半年, 全年 with no year: the year in context
        q.period = "Y+0" + ("" if g(G.d_sh).startswith("全") else _half(g(G.d_sh)))
        q.relative = q.yearless = True
    elif g(G.d_sq):  # 第三季度 with no year
        q.period = f"Y+0Q{_n(g(G.d_sq))}"
        q.relative = q.yearless = True
    elif g(G.d_sqf):  # 前三季度 with no year
        q.period = f"Y+0Q1-Y+0Q{_n(g(G.d_sqf))}"
        q.relative = q.yearless = True
    elif g(G.d_md):
        q.period = f"Y+0-{int(g(G.d_md)):02d}-{int(g(G.d_mdd)):02d}"
        q.relative = q.yearless = True
    elif g(G.d_mo) or g(G.d_cnmo):
        q.period = f"Y+0-{_n(g(G.d_mo) or g(G.d_cnmo)):02d}"
        q.relative = q.yearless = True
    elif g(G.d_sm1):  # 1-9月 with no year
        a, b = int(g(G.d_sm1)), int(g(G.d_sm2))
        if b <= a:
            return None
        q.period = f"Y+0-{a:02d}-Y+0-{b:02d}"
        q.relative = q.yearless = True
    elif g(G.d_smf):  # 前十一个月 with no year: the months of the year so far
        q.period = f"Y+0-01-Y+0-{_n(g(G.d_smf)):02d}"
        q.relative = q.yearless = True
    elif g(G.d_yy1):
        a, b = int(g(G.d_yy1)), int(g(G.d_yy2))
        if b <= a or b > 60:
            return None
        q.period = f"{2000 + a}-{2000 + b}"
        q.bare_yy = True
    elif g(G.d_yys1):
        a, b = int(g(G.d_yys1)), int(g(G.d_yys2))
        if not 1 <= b - a <= 5:
            return None
        q.period = f"{2000 + a}-{2000 + b}"
        q.bare_yy = True
    elif g(G.d_yy) or g(G.d_yyb):
        yy = int(g(G.d_yy) or g(G.d_yyb))
        q.period = str(2000 + yy if yy < 60 else 1900 + yy)
        q.bare_yy = True
        q.year_only = True
    elif g(G.d_cnyy):
        d = g(G.d_cnyy)
        q.period = "20" + digit_by_digit(d[:2])
        q.year_only = True
    elif g(G.d_dec):
        d = g(G.d_dec)
        y = int(d) if len(d) == 4 else (1900 + int(d) if int(d) >= 30 else 2000 + int(d))
        q.period = f"{y}-{y + 9}"
    elif g(G.d_cent):
        c = int(g(G.d_cent))
        q.period = f"{(c - 1) * 100 + 1}-{c * 100}"
    else:  # pragma: no cover
        return None
    q.as_of = bool(g(G.d_pre))
    if q.as_of and g(G.d_span) and (ym := _YEAR_MONTH.match(q.period)):  # 截至6月30日止六个月: the months up to it
        n = _n(regex.search(r"[\d三六九十二]+", g(G.d_span)).group())
        y, mo = int(ym.group(1)), int(ym.group(2))
        first = y * 12 + mo - n  # months since year 0 of the first month
        fy, fm = divmod(first, 12)
        q.period = (f"{y}Q{mo // 3}" if n == 3 and mo % 3 == 0 else
                    canonical(f"{fy}-{fm + 1:02d}-{y}-{mo:02d}") if n > 1 else f"{y}-{mo:02d}")
    elif q.as_of and (ym := _YEAR_MONTH.match(q.period)) and m.string.startswith(_QUARTER_ENDED, m.end()):
        q.period = f"{ym.group(1)}Q{(int(ym.group(2)) - 1) // 3 + 1}"  # 截至2024年12月31日的季度: 2024Q4
    if g(G.d_suf):  # 06年之后, 9月1号前后
        q.qualifier = lexicon().qualifiers["date_suffix"][g(G.d_suf)]
    return q
