"""The entity a document and a figure are about, and fragments that are no subjects (attribute/topic.py)."""
from __future__ import annotations

import pytest

from claimx.attribute import topic as tp


# (texts as the pipeline gives them: normalized to simplified script)
@pytest.mark.parametrize(("text", "topic"), [
    ("星河半导体(688001)：2025年半年报点评\n公司营收增长。", "星河半导体"),  # a name with its stock code
    ("date 2025-10-16 台积电今日提出第4季营收展望。", "台积电"),  # a metadata label before the headline
    ("据彭博报道，微软本季资本开支增长。", "微软"),  # a cited source is not the topic
    ("蓝海数科\n\n业绩预测\n截至今日共有5家机构对蓝海数科作出预测", "蓝海数科"),  # a title line named again
    ("IDC：全球服务器市场报告\n市场规模持续增长。", ""),  # a research firm is never the topic
])
def test_document_topic(text, topic):
    assert tp.document_topic(text) == topic


@pytest.mark.parametrize(("phrase", "fragment"), [
    ("股价再度大", True),  # 大涨 cut in two
    ("营业利润率攀", True),
    ("中央社记者王明台北", True),  # a byline
    ("TrendForce调查", True),  # a citation
    ("随着海外新厂", True),  # opens a clause
    ("取中间值", True),
    ("第三名", True),  # a rank
    ("券张三0.25 0.31 0.38", True),  # a row of figures
    ("水平", True),
    ("date 2026", True),  # a page's metadata label
    ("英伟达", False),  # ends in 达, yet a name
    ("全球晶圆代工市场", False),
    ("数据中心业务", False),
    ("本细则", False),
])
def test_is_fragment(phrase, fragment):
    assert tp.is_fragment(phrase) is fragment


@pytest.mark.parametrize(("phrase", "stripped"), [
    ("1、三星", "三星"), ("2.技术路线", "技术路线"), ("(3)云业务", "云业务"), ("2非AI业务", "非AI业务"),
    ("3纳米", "3纳米"), ("5G手机", "5G手机"),
])
def test_strip_numbering(phrase, stripped):
    assert tp.strip_numbering(phrase) == stripped


@pytest.mark.parametrize(("phrase", "subject"), [
    ("", "英伟达"),  # nothing said: the entity
    ("营收", "英伟达"),  # metric words alone
    ("股价再度大", "英伟达"),  # a fragment
    ("数据中心业务", "英伟达数据中心业务"),  # a part of the entity
    ("GAAP", "英伟达GAAP"),  # a reporting basis
    ("公司AI业务", "英伟达AI业务"),
    ("全球GPU市场", "全球GPU市场"),  # a market stands
    ("美光虽然", "美光"),  # a name cut from the clause after it
])
def test_anchored(phrase, subject):
    assert tp.anchored(phrase, lambda: "英伟达") == subject


def test_anchored_without_entity_drops_fragments():
    assert tp.anchored("股价再度大", lambda: "") == ""
    assert tp.anchored("智算中心", lambda: "") == "智算中心"


def test_event_subject_is_never_a_label_or_fragment():
    assert tp.event_subject("date") == ""
    assert tp.event_subject("中标公司料") == ""
    assert tp.event_subject("GPT-5") == "GPT-5"


def test_consensus():
    text = "营收为570亿美元，高于市场预期的549亿美元"
    assert tp.consensus(text, text.index("高"), text.index("549")) == "市场预期"
    assert tp.consensus(text, 0, text.index("570")) == ""


def test_a_cited_agency_is_no_subject():
    assert tp.anchored("工信部数据", lambda: "") == ""
    assert tp.anchored("IDC报告", lambda: "英伟达") == "英伟达"
    assert tp.anchored("英伟达数据中心", lambda: "") == "英伟达数据中心"


def test_simplified_survives_a_lone_surrogate():
    from claimx.attribute import subject as sj

    assert sj.simplified("營收\udc80") == "營收\udc80"


def test_markets_and_share_of():
    text = "2025年全球整体DRAM市场营收增长。\n三星电子的市占率为33%。"
    found = tp.markets(text)
    assert found == [(5, "全球DRAM")]
    assert tp.market_before(found, text.index("33")) == "全球DRAM"
    assert tp.share_of("三星电子", "市占率", "全球DRAM") == "三星电子全球DRAM"
    assert tp.share_of("三星电子", "营收", "全球DRAM") == "三星电子"  # not a share of the market
    assert tp.share_of("中国AI芯片市场英伟达", "份额", "全球DRAM") == "中国AI芯片市场英伟达"  # its own market


def test_the_entity_a_document_keeps_naming():
    head = "附件 1\n立即发布\n联系人：\n张三\n李四\n投资者关系\n媒体关系\n"  # a contact block, no name
    body = "海光信息报告结果\n海光信息营收增长。英伟达供货。海光信息毛利率提升。海光信息回购。"
    assert tp.document_topic(head + body) == "海光信息"
    assert tp.document_topic(head + "海光信息营收增长。英伟达营收增长。") == ""  # none stands out


def test_agencies_and_banks_own_no_figures():
    assert tp.document_topic("工信部数据显示，算力规模增长。") == ""
    assert tp.entity_before("花旗将目标价上调，华虹半导体股价上涨5%", 0, 18, 0, "") == "华虹半导体"


def test_a_name_joining_two_words_is_no_list():
    from claimx.attribute import subject as sj

    assert sj.is_list("SK海力士、三星和美光")
    assert not sj.is_list("行动与客户端事业部")


def test_alias_table_names_each_alias_once():
    """Every alias (script and case folded) belongs to one canonical name, and a canonical name
    is no other name's alias."""
    from claimx.lexicon import load_toml
    from claimx.normalize import to_simplified

    entities = load_toml("aliases.toml")["entities"]
    owner: dict[str, str] = {}
    for canon, names in entities.items():
        assert isinstance(names, list) and all(isinstance(n, str) and n.strip() for n in names), canon
        for n in {to_simplified(x).casefold() for x in [canon, *names]}:
            assert owner.setdefault(n, canon) == canon, f"{n!r} names both {owner[n]!r} and {canon!r}"


def test_topic_word_lists_are_clean():
    from claimx.lexicon import lexicon

    table = lexicon().context["subject"]["topic"]
    for key, words in table.items():
        if isinstance(words, list):
            assert len(words) == len(set(words)), f"[subject.topic] {key} repeats a word"
            assert all(w and w == w.strip() for w in words), key


def test_the_sentence_names_its_own_market():
    text = "若只看HBM市场，SK海力士市占率为57%"
    assert tp.sentence_market(text, 0, text.index("市占率"), "全球DRAM") == "全球HBM"
    plain = "SK海力士市占率为57%"
    assert tp.sentence_market(plain, 0, plain.index("市占率"), "全球DRAM") == "全球DRAM"


# ---------------------------------------------------------------- names found whole (aliases.py)

@pytest.mark.parametrize(("text", "names"), [
    ("大模型的算力成本继续下降", []),  # 力成 straddles 算力 and 成本
    ("力成第三季营收", ["力成"]),
    ("这让人联想到去年的行情", []),
    ("联想集团营收", ["联想集团"]),
    ("Qwen2.5-72B和Qwen", ["Qwen2.5-72B", "Qwen"]),  # a version after the family's name: a longer name
    ("Llama 3 70B的训练", ["Llama 3 70B"]),
    ("GPT-4o mini便宜", ["GPT-4o mini"]),
    ("Gemini 1.5 Pro的窗口", ["Gemini 1.5 Pro"]),
    ("Kimi 1200万月活", ["Kimi"]),  # a figure after the name is no version
    ("访问micron.com", ["micron"]),  # a site's domain is no version
    ("文心一言4.0的价格", ["文心一言4.0"]),
    ("豆包1.5亿用户", ["豆包"]),
])
def test_names_found_whole(text, names):
    from claimx.attribute.aliases import default_aliases

    assert [m.group() for m in default_aliases().finder().finditer(text)] == names


@pytest.mark.parametrize(("name", "canonical"), [
    ("Qwen", "通义千问"), ("Qwen2.5-72B", "Qwen2.5-72B"), ("深度求索", "DeepSeek"), ("稀宇科技", "MiniMax"),
    ("階躍星辰", "阶跃星辰"), ("NVIDIA数据中心", "英伟达数据中心"),
])
def test_canonical_names(name, canonical):
    from claimx.attribute.aliases import default_aliases

    assert default_aliases().canonical(name) == canonical


# ---------------------------------------------------------------- speakers (discourse.py)

@pytest.mark.parametrize(("text", "speakers"), [
    ("主持人：收入多少？\n王小川：我们今年收入几个亿。", [("主持人", "asking", ""), ("王小川", "", "百川智能")]),
    ("对话云帆科技CEO赵立新\n记者：多少？\n赵立新：八亿。", [("记者", "asking", ""), ("赵立新", "", "云帆科技")]),
    ("张伟（某云厂商）：三十亿。\n李娜：九成。\n张伟：增长一半。",
     [("张伟", "", "某云厂商"), ("李娜", "", ""), ("张伟", "", "某云厂商")]),
    ("问：规模多大？\n答：两百亿。", [("问", "asking", ""), ("答", "answering", "")]),
    ("2楼 网友小李：月活一千万。\n3楼 网友老王：不对。", [("网友小李", "asking", ""), ("网友老王", "asking", "")]),
    ("台积电(TSMC)：营收331亿美元。\n联电(UMC)：营收20亿美元。", []),  # a list of companies, no speakers
    ("核心观点：市场向好。\n来源：某机构", []),  # a section's and a page's labels
    ("张明：这是一个列表项。", []),  # a name alone, nobody else speaks
])
def test_speakers(text, speakers):
    from claimx.attribute import discourse as dc

    assert [(label, role, org) for _, _, label, role, org in dc.turns(text)] == speakers
