"""HTML -> Document: the article text without navigation and boilerplate, plus metadata.

Decoding honours the page's declared charset (`<meta charset>` or `http-equiv`), with
GB2312/GBK read as GB18030 and Big5 as CP950 (their supersets), then falls back to detection.
Parsing uses selectolax (Lexbor, MIT).

`Document.text` is the extracted text, not the markup: one line per block element
(p, div, h1-h6, li, tr, br ...), the cells of a table row joined by "\\t", runs of
whitespace inside a block collapsed to one space. When the page's heading is not at
the top of the article, the title is the first line. Offsets index this text.
"""
from __future__ import annotations

import math
import re

from ..model import Document
from .encoding import ReadError, decode

MAX_BYTES = 16 * 1024 * 1024
# The parser's work grows with the square of the nesting depth (1M nested <div> would take
# hours): a page nested deeper than this is refused before it is parsed (real pages: < 100).
MAX_DEPTH = 4000
# The elements whose start closes an open <p>: the parser looks through the stack of open
# elements at each, which is the square (other tags nest cheaply or close themselves).
_NESTING_TAG = re.compile(
    r"<(/?)(?:d(?:i(?:v|alog|r)|etails|l)|s(?:ection|ummary|earch)|a(?:rticle|side|ddress)|blockquote|center"
    r"|f(?:ieldset|igcaption|igure|ooter|orm)|h(?:eader|group|[1-6])|m(?:ain|enu)|nav|ol|ul|pre|listing|table)"
    r"[\s/>]")  # on lowercased markup (a case-insensitive pattern is several times slower)

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
            "big5": "cp950", "big5-hkscs": "big5hkscs", "x-x-big5": "cp950"}
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_NOISE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|header|footer|foot|sidebar|side|breadcrumbs?|crumb|comments?"
    r"|share|sharing|social|advert|ads?|banner|related|recommend|copyright|login|toolbar|pager"
    r"|pagination|subscribe|popup|modal|cookie)(?:$|[\s_-])",
    re.IGNORECASE,
)
_MAIN = re.compile(
    r"(?:^|[\s_-])(?:article|content|post|entry|main|detail|text|body|story|news_?txt|TRS_Editor)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)

_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "form", "nav",
              "aside", "button", "select", "textarea", "head", "footer", "header", "menu")
_BLOCK = frozenset((
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table",
    "thead", "tbody", "tfoot", "section", "article", "main", "blockquote", "pre", "figure",
    "figcaption", "caption", "br", "hr", "address", "center",
))
_CELL = frozenset(("td", "th"))
_CELL_MARK = "\x1f"
_CELL_SEP = re.compile(" ?\x1f ?")

_TITLE_META = ("og:title", "twitter:title", "title", "ArticleTitle")
_SOURCE_META = ("og:site_name", "publisher", "source", "ContentSource", "contentSource", "author",
                "copyright", "SiteName")
_DATE_META = ("article:published_time", "og:published_time", "pubdate", "PubDate", "publishdate",
              "publish_date", "date", "Date", "DC.date", "dc.date.issued", "firstpublishedtime")


def _declared(data: bytes) -> str | None:
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    return _ALIASES.get(name, name)


def _iso(value: str) -> str:
    m = _DATE.search(value)
    if not m:
        return ""
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _meta(tree) -> dict[str, str]:
    out: dict[str, str] = {}
    for node in tree.css("meta"):
        a = node.attributes
        key = a.get("property") or a.get("name") or a.get("itemprop") or ""
        val = (a.get("content") or "").strip()
        if key and val and key not in out:
            out[key] = val
    return out


def _score(node) -> int:
    """Text held in the node's paragraphs: where the article is."""
    return sum(len(p.text(strip=True)) for p in node.css("p")) or len(node.text(strip=True)) // 4


def _main_node(tree):
    body = tree.body or tree.root
    for sel in ("article", "main", "[itemprop=articleBody]"):
        nodes = tree.css(sel)
        if nodes:
            best = max(nodes, key=_score)
            if _score(best) > 0:
                return best
    candidates = []
    for node in body.css("div, section, td"):
        ident = f"{node.attributes.get('id') or ''} {node.attributes.get('class') or ''}"
        if _MAIN.search(ident) and not _NOISE.search(ident):
            candidates.append(node)
    if candidates:
        best = max(candidates, key=_score)
        if _score(best) >= 0.3 * _score(body):
            return best
    return body


def _blocks(root) -> list[str]:
    """Lines of text: one per block element, table cells joined by tabs."""
    lines: list[str] = []
    buf: list[str] = []

    def flush():
        line = _WS.sub(" ", "".join(buf)).strip()
        if line:
            lines.append(line)
        buf.clear()

    stack = [(root, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag
        if closing:
            if tag in _CELL:
                buf.append(_CELL_MARK)
            elif tag in _BLOCK:
                flush()
            continue
        if tag == "-text":
            buf.append(node.text_content or "")
            continue
        if tag in _BLOCK:
            flush()
        stack.append((node, True))
        children = list(node.iter(include_text=True))
        for child in reversed(children):
            stack.append((child, False))
    flush()
    return [_CELL_SEP.sub("\t", ln).strip("\t ") for ln in lines]


def _strip_noise(root) -> None:
    for tag in _DROP_TAGS:
        for node in root.css(tag):
            node.decompose()
    for node in root.css("[class], [id]"):
        ident = f"{node.attributes.get('id') or ''} {node.attributes.get('class') or ''}"
        if _NOISE.search(ident) and not _MAIN.search(ident):
            node.decompose()


def _check_depth(text: str) -> None:
    """Refuse a page whose elements nest deeper than MAX_DEPTH (counted on the markup, before
    the parser sees it)."""
    if text.count("<") <= MAX_DEPTH:
        return
    depth = 0
    for closing in _NESTING_TAG.findall(text.lower()):
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > MAX_DEPTH:
                raise ReadError(f"HTML nested too deeply (over {MAX_DEPTH} levels); not parsed")


def read_html(data: bytes, path: str) -> Document:
    if not data:
        raise ReadError("empty file (0 bytes)")
    if len(data) > MAX_BYTES:
        mb = len(data) / (1024 * 1024)
        limit = MAX_BYTES // (1024 * 1024)
        size = int(mb) if int(mb) > limit else math.ceil(mb * 1000) / 1000  # never "16 MB > 16 MB"
        raise ReadError(f"HTML too large ({size:g} MB > {MAX_BYTES // (1024 * 1024)} MB limit)")
    declared = _declared(data)
    text, encoding = decode(data, declared)
    _check_depth(text)
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(text)
    meta = _meta(tree)
    title_node = tree.css_first("title")
    h1 = tree.css_first("h1")
    title = next((meta[k] for k in _TITLE_META if meta.get(k)), "")
    if not title and title_node is not None:
        title = _WS.sub(" ", title_node.text()).strip()
    if not title and h1 is not None:
        title = _WS.sub(" ", h1.text()).strip()
    heading = _WS.sub(" ", h1.text()).strip() if h1 is not None else title
    source = next((meta[k] for k in _SOURCE_META if meta.get(k)), "")
    published = next((_iso(meta[k]) for k in _DATE_META if meta.get(k) and _iso(meta[k])), "")
    if not published:
        t = tree.css_first("time[datetime]")
        if t is not None:
            published = _iso(t.attributes.get("datetime") or "")

    body = tree.body
    if body is None:
        raise ReadError("no <body> in the HTML")
    _strip_noise(body)
    lines = _blocks(_main_node(tree))
    if not lines:
        raise ReadError("no article text in the HTML")
    if heading and not any(heading in ln for ln in lines[:3]):
        lines.insert(0, heading)
    out = "\n".join(lines)
    return Document(path=path, text=out, encoding=encoding, title=title, source=source, published=published)
