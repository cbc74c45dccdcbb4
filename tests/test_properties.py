"""Properties of `claimx.extract_text` on generated text: it never raises, and every claim's
offsets, line and bounds agree with the text (CLAIMS.md)."""
from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimx
from claimx.model import QUALIFIERS

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DIGITS = "0123456789０１２３４５６７８９"
NUMERALS = "一二三四五六七八九十百千万亿两零兆"
MARKS = "万亿%.,-~年月日％．，－～—至到"
CJK = ("约超过近多余以上以下至少不到高于低于左右大概同比增长率市场规模营收收入净利润毛利率亿元美元人民币港元"
       "新台币个月天周季度倍台张片块颗参数量预计将有望达到全球中国智能算力的为和是在其中占比份额出货量"
       "训练成本功耗瓦纳米第季度上半年截至末公司芯片服务器用户月活目标价股价每股收益")
TRADITIONAL = "億萬個臺數測達預計將營收淨利潤毛利率奈米伺服器出貨量晶圓製程約逾兆幣點參數規模"
ASCII = "AGPTHFLOPSEZBMWQhn-+/:() ,.%$\t"
PUNCT = "，。；：（）()、！？“”《》\n\n\r·…"
ALPHABET = DIGITS * 3 + NUMERALS + MARKS * 2 + CJK + TRADITIONAL + ASCII + PUNCT

chinese_text = st.text(alphabet=ALPHABET, max_size=300)

# Sentences in the shape of real claims, to make sure figures are found and checked, not just noise.
TEMPLATES = [
    "{y}年全球GPU市场规模为{n}亿美元，同比增长{p}%。",
    "预计到{y}年中国智能算力规模将达到{n} EFLOPS，年复合增长率约为{p}%。",
    "GPT-3的参数量为{n}亿，训练耗时约{k}天，成本超过{n}万美元。",
    "公司{y}年营收{n}亿元，净利润{n}亿元，毛利率{p}%左右。",
    "{y}年{m}月{d}日发布，{k}-{k2}个月翻一番，出货量1,{k}00万台。",
    "本基金規模為{n}億元，股票倉位約為{p}%，年增逾{k}成。",
    "市场份额不到{p}%，至少{k}倍，{n}多亿，{k}万片左右，百分之{k}十几。",
]


@st.composite
def claim_text(draw):
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        tpl = draw(st.sampled_from(TEMPLATES))
        parts.append(tpl.format(
            y=draw(st.integers(1990, 2040)), m=draw(st.integers(1, 12)), d=draw(st.integers(1, 31)),
            n=draw(st.sampled_from(["334.7", "1750", "0.5", "12", "7,596.9", "1,000", "3", "52.5"])),
            p=draw(st.sampled_from(["22.1", "80", "5", "0.3", "100", "59.3"])),
            k=draw(st.integers(1, 9)), k2=draw(st.integers(1, 9)),
        ))
        parts.append(draw(st.sampled_from(["", "\n", "\n\n", " ", "\r\n", draw(chinese_text)])))
    return "".join(parts)


# Pinyin glosses a bad converter glued after characters (fixtures/fund_monthly_pinyin.txt).
GLOSSES = ["(gè)", "(tái)", "(shù)", "(zhǎng)", "(yì)", "(wàn)", "(lǜ)", "（jiào）", "(mǎ)", "(chuàng)"]


@st.composite
def with_glosses(draw):
    text = draw(claim_text())
    out = []
    for ch in text:
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(GLOSSES)))
    return "".join(out)


TRAD_SENTENCES = [
    "台積電第三季營收新台幣7,596.9億元，季增12.8%，年增36.0%。",
    "稅後純益3,252.6億元，每股純益12.54元，毛利率57.8%，營業利益率47.5%。",
    "3奈米製程出貨占晶圓營收比重達20%，GPT-3參數量達1750億個(gè)。",
    "法人預估2024年全球AI伺服器出貨量約167萬臺(tái)，年增逾4成。",
    "全年營收將突破新台幣2.8兆元，年增近3成，單櫃售價約300萬美元。",
    "預計2027年將達到1117.4 EFLOPS，數(shù)據中心資本支出約為300億美元。",
]
traditional_text = st.lists(
    st.one_of(st.sampled_from(TRAD_SENTENCES), st.sampled_from(["\n", "\n\n", "　", ""]), chinese_text),
    max_size=8).map("".join)


def check_claims(text: str) -> None:
    claims = claimx.extract_text(text, doc="gen.txt")
    assert isinstance(claims, list)
    for c in claims:
        assert 0 <= c.start < c.end <= len(text), c
        assert text[c.start:c.end] == c.quote, c
        assert c.line == text.count("\n", 0, c.start) + 1, c
        assert c.qualifier in QUALIFIERS, c
        assert c.doc == "gen.txt" and c.page is None
        for v in (c.value, c.low, c.high):
            assert v is None or not math.isnan(v), c
        if c.value is not None and c.low is not None:
            assert c.low <= c.value, c
        if c.value is not None and c.high is not None:
            assert c.value <= c.high, c
        if c.low is not None and c.high is not None:
            assert c.low <= c.high, c
        assert isinstance(c.forecast, bool)
        assert c.id
    ids = [c.id for c in claims]
    assert len(ids) == len(set(ids)), "ids must be unique within a document"
    starts = [c.start for c in claims]
    assert starts == sorted(starts), "claims in document order"


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text):
    check_claims(text)


@SETTINGS
@given(chinese_text)
def test_chinese_heavy_text(text):
    check_claims(text)


@SETTINGS
@given(claim_text())
def test_claim_shaped_text(text):
    check_claims(text)


@SETTINGS
@given(with_glosses())
def test_text_with_pinyin_glosses(text):
    check_claims(text)


@SETTINGS
@given(traditional_text)
def test_traditional_script(text):
    check_claims(text)


def test_templates_do_yield_claims():
    """The generators above exercise real figures, not only text that has none."""
    text = "".join(t.format(y=2023, m=3, d=6, n="334.7", p="22.1", k=3, k2=4) for t in TEMPLATES)
    assert len(claimx.extract_text(text)) >= 15
    assert len(claimx.extract_text("".join(TRAD_SENTENCES))) >= 15


# ---------------------------------------------------------------- known failures (see the reasons)

def test_lone_surrogate_never_raises():
    check_claims("2023年营收3亿元 \ud800。")


def test_huge_figures_have_finite_values():
    for c in claimx.extract_text("规模为" + "9" * 400 + "亿美元。"):
        for v in (c.value, c.low, c.high):
            assert v is None or math.isfinite(v), c
