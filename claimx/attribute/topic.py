"""The entity a document, a paragraph and a sentence are about, and the subject a figure ends with.

A figure's own words (subject.py, discourse.py) give a phrase. Real reports often leave the
entity out of it: a results release names its company in the headline and then says only
营收441亿美元; a ranking names each company once and then lists its figures; a news story
opens with a byline. So the phrase is anchored on an entity:

- the phrase names one itself (台积电第三季营收): it stands;
- the phrase is a piece of a clause (股价再度大, 取中间数), a byline (中央社记者…), a citation
  (TrendForce调查), metric words alone (营收) or empty: the entity takes its place;
- the phrase names a part of the entity (数据中心业务, GAAP, 云端内存事业部): entity + part.

The entity is the first one its sub-sentence names before the figure (up to a ；), else (for
an entity's own figures: revenue, margin, price …) the first its paragraph names before it,
else the document's topic: the first name its headline and lead give (a name of the alias
table, a name with a stock code: 北方华创(002371)), a short title line the body names again, or
the entity the document names far more than any other. Research firms, agencies, banks and
places are never the entity. A company's market share is of the market its sentence, else its
document, names; a reporting basis (GAAP, Non-GAAP) its sub-sentence states stays with it; the
market's expectation of a figure is named as such (市场预期英伟达).
"""
from __future__ import annotations

from functools import cache, lru_cache

import regex

from ..lexicon import compile_plain, lexicon, words_pattern
from . import subject as sj
from .aliases import default_aliases

HEAD_LINES = 6  # non-empty lines that make a document's headline and lead
HEAD_CHARS = 600  # ... and at most this many characters of it
TITLE_MAX = 8  # characters: a title line this short may be the name of what the page is about
TITLE_RECURS = 1  # ... when the body names it again


def _words(key: str) -> list[str]:
    return lexicon().context["subject"]["topic"][key]


@cache
def _stock_name():
    """A name with its stock code after it: 北方华创(002371), 聯發科（2454）, 中际旭创(300308.SZ)."""
    return regex.compile(r"(?P<name>[\p{Han}A-Za-z]{2,8})[ ]?[(（][ ]?(?:[A-Z]{2,6}[:：][ ]?)?\d{4,6}(?:\.[A-Z]{2})?[ ]?[)）]")


@cache
def _metadata_line():
    """A line that carries a page's furniture, not its headline (date 2025-12-13, 附件 99.1)."""
    return regex.compile(rf"^\s*(?:{words_pattern(_words('metadata_labels'))})(?:[ :：]|$)", regex.IGNORECASE)


def _is_entity(name: str) -> bool:
    """`name` names an entity a figure may belong to: not a research firm, scope or kind."""
    generic = sj.generic_words()
    canon = default_aliases().canonical(name)
    return (bool(name) and name not in generic and canon not in generic and not sj.scope_only(name)
            and canon not in _words("not_owners"))


def names_in(text: str, lo: int, hi: int):
    """(start, name) of every entity named in [lo, hi): names of the alias table, names with a
    stock code; names cited as a source (据IDC) are left out."""
    out = []
    for m in default_aliases().finder().finditer(text, lo, hi):
        if _is_entity(m.group()) and not sj.cited_at(text, lo, m.start(), m.end()) and not _cites(text, m.end()):
            out.append((m.start(), m.group()))
    for m in _stock_name().finditer(text, lo, hi):
        name = sj.clean(m.group("name"))
        if _is_entity(name) and sj.valid(name):
            out.append((m.start("name") + m.group("name").find(name), name))
    return sorted(out)


_CITES = compile_plain(r"[ ]?的?(?:数据|统计|调查|报告|研究|调研)(?:显示|指出|表明|称)?(?:[，,：:]|$)")


def _cites(text: str, end: int) -> bool:
    """The name ending at `end` is cited as the source of the figures (工信部数据显示，…)."""
    return bool(_CITES.match(text, end))


def _citation(s: str) -> bool:
    """`s` ends with a name and the words that cite it as a source (工信部数据, IDC报告)."""
    return any(_CITES.match(s, m.end()) and not sj.CONTENT.search(s, _CITES.match(s, m.end()).end())
               for m in default_aliases().finder().finditer(s))


def document_topic(text: str) -> str:
    """What the document is about: the first entity its headline and lead name; else a short
    title line (数据港) that the rest of the document keeps naming; '' if neither."""
    lines, pos = [], 0
    while pos < len(text) and len(lines) < HEAD_LINES and pos < HEAD_CHARS:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if text[pos:end].strip():
            lines.append((pos, end))
        pos = end + 1
    for lo, hi in lines:
        found = names_in(text, lo, hi)
        if found:
            return found[0][1]
    for lo, hi in [x for x in lines if not _metadata_line().match(text, *x)][:1]:
        title = text[lo:hi].strip()
        if (2 <= len(title) <= TITLE_MAX and sj.CONTENT.search(title) and not _PUNCT.search(title)
                and sj.valid(title) and text.count(title, hi) >= TITLE_RECURS):
            return title
    return _most_named(text)


DOMINANT = 3  # mentions, and this many times the next entity's: the one a document keeps naming


def _most_named(text: str) -> str:
    """The entity a document names far more often than any other (a release whose headline
    sits below a contact block), '' if none stands out."""
    from collections import Counter

    counts = Counter(default_aliases().canonical(name) for _, name in names_in(text, 0, len(text)))
    top = counts.most_common(2)
    if top and top[0][1] >= DOMINANT and (len(top) == 1 or top[0][1] >= DOMINANT * top[1][1]):
        return top[0][0]
    return ""


_PUNCT = compile_plain(r"[，,。:：；;！？!?、|/()（）\[\]【】\-]")
_SUB_END = compile_plain(r"[；;]")


def entity_before(text: str, sent_lo: int, pos: int, para_lo: int, doc_topic: str, metric: str = "",
                  speaker: str = "") -> str:
    """The entity a figure at `pos` belongs to when its own words name none: the first one named
    in its sub-sentence (from the last ； before it); else the one its speaker speaks for
    (`speaker`: 王小川：… -> 百川智能); else, for a figure of the kind an entity reports (`metric` in
    [subject.topic] document_metrics: revenue, margin, price …), the first its paragraph names
    before it, else the document's topic."""
    sub_lo = sent_lo
    for m in _SUB_END.finditer(text, sent_lo, pos):
        sub_lo = m.end()
    found = names_in(text, sub_lo, pos)
    if found:
        return found[0][1]
    if speaker:
        return speaker
    if metric and metric not in _words("document_metrics"):
        return ""
    found = names_in(text, para_lo, sub_lo) if sub_lo > para_lo else []
    return found[0][1] if found else doc_topic


_SENTENCE_END = compile_plain(r"[。！？!?\n]")
REFERENT_REACH = 3  # sentences back a pronoun opening a sentence may point to


def previous_entity(text: str, sent_lo: int, para_lo: int = 0) -> str:
    """The entity a pronoun opening the sentence at `sent_lo` points to (它的API价格…, 这家公司…,
    该模型…): the first one named in the sentence before it in its paragraph (from `para_lo`:
    DeepSeek-V3是深度求索发布的…。它… -> DeepSeek-V3), else in the one before that; '' if none near."""
    hi = sent_lo
    for _ in range(REFERENT_REACH):
        while hi > para_lo and text[hi - 1] in "\n \t\u3000":
            hi -= 1  # (a line break inside the paragraph)
        if hi <= para_lo:
            return ""
        lo = max((m.end() for m in _SENTENCE_END.finditer(text, max(para_lo, hi - 400), hi - 1)),
                 default=max(para_lo, hi - 400))
        found = [(at, name) for at, name in names_in(text, lo, hi)
                 if default_aliases().canonical(name) not in _words("not_owners")]
        for (at, name), (nxt, _) in zip(found, [*found[1:], (-1, "")][:len(found)], strict=True):
            if nxt < 0 or not _owner_link().fullmatch(text, at + len(name), nxt):
                return name  # (深度求索推出的DeepSeek-R1: the model, not its maker)
        hi = lo
    return ""


@cache
def _owner_link():
    """What stands between a maker or owner and the thing it names (字节跳动旗下的豆包)."""
    return compile_plain(rf"[ ]?(?:{words_pattern(_words('owner_links'))})?[ ]?")


def new_entity(text: str, sent_lo: int, pos: int) -> str:
    """The entity a sub-sentence after a ； names before `pos` (…；第二名为三星，营收32亿美元): a
    subject carried from before the ； gives way to it; '' when there is no ； or no name."""
    sub_lo = max((m.end() for m in _SUB_END.finditer(text, sent_lo, pos)), default=-1)
    found = names_in(text, sub_lo, pos) if sub_lo >= 0 else []
    return found[0][1] if found else ""


def carried_past(text: str, sent_lo: int, prev_end: int, pos: int, subject: str) -> str:
    """`subject`, carried from the figure before (ending at `prev_end`) to the one at `pos`,
    unless a ； stands between them and the new sub-sentence names another entity (…；第二名为
    三星，营收32亿美元 -> 三星) or states another reporting basis (…；非GAAP毛利为… -> '', which the
    entity and the basis then fill)."""
    if not _SUB_END.search(text, prev_end, pos):
        return subject
    own = new_entity(text, sent_lo, pos)
    if own and own not in subject:
        return own
    basis = basis_before(text, sent_lo, pos)
    return "" if basis and _basis_of(subject) != basis else subject


def _basis_of(subject: str) -> str:
    written = _basis_written(subject)
    return basis_name(written) if written else ""


def _basis_written(subject: str) -> str:
    """The reporting basis `subject` holds, as written in it (the longest: 非GAAP, not GAAP)."""
    found = [k for k in _basis()[1] if k in subject]
    return max(found, key=len) if found else ""


def is_basis(subject: str) -> bool:
    """`subject` opens with a reporting basis and names no entity (非GAAP, GAAP毛利率)."""
    return subject.startswith(tuple(_basis()[1])) and not has_entity(subject)


def basis_name(written: str) -> str:
    return _basis()[1].get(written, written)


def after_firm_says(text: str, lo: int, hi: int) -> int:
    """Where a sentence's own words start after a clause in which a research firm says or
    finds (集邦指出，…, TrendForce调查，…): the figures after it are not the firm's; `lo` if none."""
    from .sentences import clause_end

    end = clause_end(text, lo, hi)
    clause = sj.simplified(text[lo:end].strip())
    m = _fragment_patterns()[3].search(clause)
    if end < hi and m and m.start() and _is_firm(clause[:m.start()].strip()):
        return end + 1
    said = _says().search(clause)  # 摩根士丹利预计，…, 业内人士认为，…: a bank's, an agency's or anyone's view
    if end < hi and said and said.start() and _not_owner_sayer(clause[:said.start()].strip()):
        return end + 1
    return lo


@cache
def _says():
    return compile_plain(rf"(?:{words_pattern([*_words('citing_words'), *_words('sayer_verbs')])})$")


def _not_owner_sayer(s: str) -> bool:
    """`s` says others' figures: a bank or an agency (not_owners), or a vague sayer (业内人士)."""
    return s in _words("sayers") or default_aliases().canonical(s) in _words("not_owners")


@cache
def _fragment_patterns():
    starts = compile_plain(rf"^(?:{words_pattern(_words('fragment_starts'))})")
    ends = compile_plain(rf"(?:{words_pattern(_words('fragment_ends'))})$")
    byline = compile_plain(words_pattern(_words("byline_words")))
    citing = compile_plain(rf"(?:{words_pattern(_words('citing_words'))})$")
    inside = compile_plain(words_pattern(_words("fragment_inside")))
    return starts, ends, byline, citing, inside


_NUMBERING = regex.compile(r"^(?:\d{1,2}[ ]?[、.．)）]|[(（]\d{1,2}[)）]|[一二三四五六七八九十]{1,2}[、.．])[ ]?")
_GLUED_NUMBER = regex.compile(r"^\d(?=[A-Z]{2}|\p{Han})")  # 2非AI业务: a list number glued to its item


def strip_numbering(s: str) -> str:
    """`1、三星` -> `三星`, `2.技术路线` -> `技术路线`, `2非AI业务` -> `非AI业务`: a list number is no
    part of a name (but 3纳米 is a node, 5G a kind)."""
    m = _NUMBERING.match(s)
    if m and len(s) > m.end():
        return s[m.end():]
    m = _GLUED_NUMBER.match(s)
    if m and len(s) > m.end() + 1 and (is_part(rest := s[m.end():]) or has_entity(rest)):
        return rest
    return s


def is_fragment(s: str) -> bool:
    """`s` is a piece of a clause, not a name a reader would write: it opens with a word that
    opens a clause (受, 随着, 取), ends with one that a noun phrase never ends with (股价再度大,
    营业利润率攀), is a byline (中央社记者…), or a research firm's citing words (TrendForce调查)."""
    return _fragment(sj.simplified(s)) if s else False


@lru_cache(maxsize=4096)
def _fragment(s: str) -> bool:
    starts, ends, byline, citing, inside = _fragment_patterns()
    if (s in _words("empty_nouns") or _ORDINAL.match(s) or _metadata_line().match(s) or byline.search(s)
            or _FIGURES.search(_without_names(s)) or starts.match(s) or inside.search(s) or (ends.search(s) and not sj.ends_with_name(s))):
        return True
    m = citing.search(s)
    return bool(m) and not has_entity(s[:m.start()]) and bool(sj.CONTENT.search(s[:m.start()]))


def _trimmed(s: str) -> str:
    """A phrase that names an entity, without the pieces of a clause around it (美光虽然 -> 美光,
    台积电资深副总暨财务长黄仁昭 -> 台积电): from its first name on, up to where it is cut."""
    _, ends, _, _, _ = _fragment_patterns()
    plain = sj.simplified(s)
    if not _fragment(plain) and not _speaker().search(plain):
        return s
    names = names_in(s, 0, len(s)) or [(m.start(), m.group()) for m in sj.latin_names(s)]
    return names[0][1] if names else s


@cache
def _speaker():
    """A title and a person's name ending a phrase (…财务长黄仁昭): the speaker, not the subject."""
    return regex.compile(rf"(?:{words_pattern(_words('speaker_titles'))})(?:\p{{Han}}{{2,3}})?$")


def _without_names(s: str) -> str:
    """`s` with each name in it one letter (Llama 3.1 405B holds no row of figures)."""
    return default_aliases().finder().sub("X", s) if regex.search(r"\d[ ]+\d", s) else s


_ORDINAL = regex.compile(r"^第[\d一二两三四五六七八九十百]+[名位大]?$")  # 第二名: a rank names no one
_FIGURES = regex.compile(r"\d[ ]+\d|\d[ ]+\p{Han}+[ ]?\d")  # a row of figures (0.25 0.31 0.38) is no name


def event_subject(subject: str) -> str:
    """The subject of a date claim as its own words give it, '' when that is a piece of a
    clause: an event is named by what was released or done, never by a fragment."""
    s = strip_numbering(subject)
    return "" if is_fragment(s) or not sj.valid(s) else s


def has_entity(s: str) -> bool:
    """`s` names an entity (not a research firm or a scope alone)."""
    return sj.has_name(s)


@cache
def _part_pattern():
    return compile_plain(rf"(?:{words_pattern(sj.part_heads())})$|^(?:{words_pattern(_words('entity_scopes'))})")


def is_part(s: str) -> bool:
    """`s` names a part or a reporting basis of an entity (数据中心业务, 云端事业部, GAAP)."""
    return bool(_part_pattern().search(s))


def anchored(subject: str, entity, piece: bool = False, basis: str = "") -> str:
    """The subject of a figure, given the phrase its own words give and `entity()`, the entity
    it belongs to when they name none (see the module's docstring). `piece`: the phrase is the
    first part of a metric word cut in two (资本 of 资本支出), so it names nothing. `basis`: the
    reporting basis its sub-sentence states (GAAP, Non-GAAP), which the entity's figure keeps."""
    s = strip_numbering(subject)
    s = s.rsplit(_INCLUDING, 1)[-1] if _INCLUDING in s else s  # A、B及C在内的四大科技公司: the group
    if basis and (written := _basis_written(s)) and basis_name(written) != basis:
        s = s.replace(written, basis)  # 美光Non-GAAP carried into …。GAAP营业利益61亿美元: its own basis
    if s.startswith(tuple(_basis()[1])) and not has_entity(s):
        e = entity()  # 非美国通用会计准则毛利率 -> 英伟达Non-GAAP毛利率
        return sj.join(e, named_basis(s)) if e else named_basis(s)
    if has_entity(s) and not _citation(s):
        return _trimmed(s)
    s = next((s[len(h):] for h in sj.company_heads() if s.startswith(h) and is_part(s[len(h):])), s)  # 公司AI业务
    if is_part(s) and not is_fragment(s) and not sj.scoped(s):
        s = named_basis(s)
        e = entity()  # 数据中心业务 -> 英伟达数据中心业务, GAAP -> 英伟达GAAP
        return s if e and e in s else sj.join(e, s) if e else s if sj.valid(s) else ""
    if person := default_aliases().affiliation(s):  # 奥特曼说过超过1亿美元: a person's figure is no person's
        return entity() or person
    weak = (piece or not s or is_fragment(s) or _citation(s) or not sj.valid(s) or sj.is_pronoun(s) or _is_firm(s)
            or (sj.metric_words_only(s) and not sj.names_thing(s)) or s.startswith(sj.company_heads()))
    if weak:
        rest = next((s[len(h):] for h in sj.company_heads() if s.startswith(h)), "")
        e = entity()
        if e and rest and is_part(rest) and not is_fragment(rest):
            return sj.join(e, rest)  # 公司AI业务: the company's
        if e:
            return e + basis if basis and basis not in e else e
        return "" if s and (is_fragment(s) or not sj.valid(s) or _is_firm(s) or _citation(s)) else s
    return s


_INCLUDING = "在内的"


def _is_firm(s: str) -> bool:
    """`s` is a research firm or data source alone (TrendForce, 集邦): it reports figures, they are not its."""
    firms = _firms()
    return s in firms or default_aliases().canonical(s) in firms


@cache
def _firms() -> frozenset:
    return frozenset(lexicon().context["cited"]["firms"])


@cache
def _basis():
    names = lexicon().context["subject"]["topic"]["basis_names"]
    return compile_plain(words_pattern(list(names))), names


def named_basis(s: str) -> str:
    """`s` with its reporting basis named one way (非美国通用会计准则毛利率 -> Non-GAAP毛利率)."""
    pattern, names = _basis()
    m = pattern.match(sj.simplified(s))
    return names[m.group()] + sj.simplified(s)[m.end():] if m else s


def basis_before(text: str, sent_lo: int, pos: int) -> str:
    """The reporting basis the sub-sentence before `pos` states (…；非GAAP毛利为77.5亿美元、毛利率56.8%
    -> Non-GAAP), named one way; '' if none."""
    sub_lo = max((m.end() for m in _SUB_END.finditer(text, sent_lo, pos)), default=sent_lo)
    pattern, names = _basis()
    found = pattern.findall(sj.simplified(text[sub_lo:pos]))
    return names[found[-1]] if found else ""


@cache
def _consensus():
    return compile_plain(words_pattern(_words("consensus")))


def consensus(text: str, lo: int, pos: int) -> str:
    """The words before a figure in its clause [lo, pos) that make it the market's or the
    analysts' expectation of the entity's figure (优于市场预期的431亿美元): '' if none."""
    found = _consensus().findall(sj.simplified(text[lo:pos]))
    return found[-1] if found else ""


def expected(subject: str, word: str, entity) -> str:
    """The figure the market expects of the entity (`市场预期英伟达`): the entity the phrase names,
    else `entity()`; the phrase's other words (超出市场) are the comparison's, not the subject's."""
    if subject.startswith(word):
        return subject
    base = _trimmed(subject) if has_entity(subject) else entity()
    return word + base


def metric_piece(text: str, s: str, end: int) -> bool:
    """`s`, written right before `end`, is the first part of a metric word that goes on past
    `end` (资本 of 资本支出, 营业 of 营业利益): a piece of the figure's own word, no name."""
    from .metric import keywords

    a = end - len(s)
    if not s or a < 0 or text[a:end] != s:
        return False
    return any(k.start <= a and k.end > end for k in keywords(text, a, min(len(text), end + 8)))


@cache
def _market():
    c = lexicon().context["subject"]
    return regex.compile(rf"(?P<scope>{words_pattern(c['scope_words'])})(?P<what>[\p{{Han}}A-Za-z0-9 ]{{1,10}}?)"
                         rf"(?:{words_pattern(_words('market_heads'))})")


def is_market(s: str) -> bool:
    """`s` names a market, a trade or an industry (大模型市场, 云计算行业): no one entity's."""
    return s.endswith(tuple(_words("market_heads")))


def markets(text: str) -> list[tuple[int, str]]:
    """(start, name) of every market a document names with its scope (全球晶圆代工产业 -> 全球晶圆代工,
    全球整体DRAM市场 -> 全球DRAM), in order: what a company's market share is a share of."""
    out = []
    fillers = _words("market_fillers")
    for m in _market().finditer(text):
        what = m.group("what").strip()
        for w in fillers:
            what = what.replace(w, "")
        what = sj.clean(what)
        if what and sj.CONTENT.search(what) and not has_entity(what) and not is_fragment(what):
            out.append((m.start(), m.group("scope") + what))
    return out


def market_before(found: list[tuple[int, str]], pos: int) -> str:
    """The market the document named last before `pos`; '' if none."""
    from bisect import bisect_left

    i = bisect_left(found, (pos, ""))
    return found[i - 1][1] if i else ""


def share_of(subject: str, keyword: str, market: str) -> str:
    """`台积电` + 市占率 in a document about `全球晶圆代工` -> `台积电全球晶圆代工`: a company's market
    share is a share of the market its sentence, else its document, names."""
    if (not market or not keyword or keyword not in lexicon().context["subject"]["market_share_words"]
            or not has_entity(subject) or sj.scoped(subject) or market in subject):
        return subject
    return subject + market


def sentence_market(text: str, lo: int, pos: int, doc_market: str) -> str:
    """The market the sentence names before `pos` (若只看HBM市场，…市占率57% -> HBM), in the
    document market's scope when it states none (全球HBM); else `doc_market`."""
    heads = _words("market_heads")
    at = max((text.rfind(h, lo, pos) for h in heads), default=-1)
    if at < 0:
        return doc_market
    name = sj.phrase_before(text, lo, at)
    if not name or not sj.valid(name) or has_entity(name) or is_fragment(name):
        return doc_market
    return name if sj.scoped(name) else sj.scope_of(doc_market) + name
