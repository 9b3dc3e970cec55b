"""What a page says: title, headings, breadcrumb, visible text and every link with its context.

On Thai agency sites the item name is often not in the link ("ดาวน์โหลด", "คลิกที่นี่") but in the table
row, list item or heading around it, so each link carries the nearest heading above it and the text of its
row/item/block. Works on an lxml tree, parsed once per page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "table", "ul", "ol", "dl", "dd", "dt", "section", "article", "header",
    "footer", "nav", "aside", "main", "blockquote", "pre", "form", "fieldset", "caption", "figure",
    "figcaption", "hr", "address", "option", "tbody", "thead", "tfoot", "center", "body",
} | HEADING_TAGS
CELL_TAGS = {"td", "th"}
INVISIBLE_TAGS = {"script", "style", "noscript", "template", "head", "svg", "canvas", "object", "iframe",
                  "embed", "select", "textarea", "button"}
CONTEXT_LIMIT = 300
_WS = re.compile(r"[ \t\r\f\v\u00a0\u200b\u3000]+")
_BREADCRUMB_SEPARATORS = re.compile(r"^[\s/»>›|:\-–]+|[\s/»>›|:\-–]+$")
_BREADCRUMB_LABELS = {"คุณอยู่ที่", "ตำแหน่งปัจจุบัน", "you are here", "ตำแหน่งของคุณ"}


@dataclass
class Link:
    url: str  # raw href (or src), resolved later against the page's base URL
    text: str
    heading: str
    context: str
    tag: str = "a"
    image_only: bool = False  # the link is a picture (a thumbnail), not words


@dataclass
class ParsedPage:
    title: str
    headings: list[str]
    breadcrumb: str
    text: str
    base_href: str | None
    links: list[Link] = field(default_factory=list)
    main_text: str | None = None  # the content area alone, without menus and sidebars, when found


def squash(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


def _is_hidden(el) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _collect_text(el, block_sep: str, skip_hidden: bool) -> str:
    """Text under ``el`` (not its tail). Thai has no spaces between words, so inline elements are joined
    with nothing; blocks get ``block_sep`` and table cells a space. Iterative: hostile pages nest deeply."""
    parts: list[str] = []
    stack = [(el, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else None
        if closing or tag is None or tag in INVISIBLE_TAGS or (skip_hidden and _is_hidden(node)):
            if closing:
                parts.append(block_sep if tag in BLOCK_TAGS else " " if tag in CELL_TAGS else "")
            if node is not el and node.tail:
                parts.append(node.tail)
            continue
        parts.append(block_sep if tag in BLOCK_TAGS else " " if tag in CELL_TAGS else "")
        if node.text:
            parts.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    return "".join(parts)


def visible_text(root) -> str:
    """Text a visitor sees, one line per block."""
    body = root.find(".//body")
    return _lines(_collect_text(body if body is not None else root, "\n", skip_hidden=True))


def _lines(text: str) -> str:
    lines = (squash(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# Where CMSs put the page's own content (Joomla, WordPress, HTML5, common templates), most specific first.
_MAIN_CONTENT = (
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' item-page ')]",
    "//article",
    "//*[@itemprop='articleBody']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]",
    "//main",
    "//*[@role='main']",
    "//*[@id='content' or @id='main-content' or @id='main' or @id='contentarea']",
)


def main_text(root) -> str | None:
    """The content area's text: dates in sidebars ("latest news") must not date the page itself."""
    for xpath in _MAIN_CONTENT:
        for el in root.xpath(xpath):
            text = _lines(_collect_text(el, "\n", skip_hidden=True))
            if len(text) >= 50:
                return text
    return None


def _inline_text(el) -> str:
    """Text of a small element on one line; cells and blocks inside it are separated by spaces."""
    return squash(_collect_text(el, " ", skip_hidden=False))


def link_text(a) -> str:
    """Anchor text plus the title of the link and the alt/title of images inside it."""
    pieces = [_inline_text(a)]
    for img in a.iter("img"):
        pieces += [img.get("alt"), img.get("title")]
    pieces.append(a.get("title"))
    seen, out = set(), []
    for p in pieces:
        p = squash(p)
        if p and p not in seen:
            seen.add(p)
            out.append(p)
    return " ".join(out)


def _context_of(a, cache: dict) -> str:
    """Text of the table row, list item or short block the link sits in."""
    for anc in a.iterancestors():
        tag = anc.tag if isinstance(anc.tag, str) else ""
        if tag in ("tr", "li", "dd", "dt", "p", "div", "section", "article"):
            # Keyed by the element itself: lxml keeps a proxy alive while referenced, whereas id() of a
            # dropped proxy is reused by the next one.
            if anc not in cache:
                cache[anc] = _inline_text(anc)
            text = cache[anc]
            if tag in ("tr", "li", "dd", "dt") or len(text) <= CONTEXT_LIMIT:
                return text[:CONTEXT_LIMIT]
            return ""
        if tag in ("table", "ul", "ol", "body"):
            return ""
    return ""


def _breadcrumb(root) -> str:
    nodes = root.xpath(
        "//*[contains(translate(@class,'BREADCRUMB','breadcrumb'),'breadcrumb')"
        " or contains(@itemtype,'BreadcrumbList')"
        " or contains(translate(@aria-label,'BREADCRUMB','breadcrumb'),'breadcrumb')]"
    )
    for node in nodes:
        items = node.xpath(".//li") or node.xpath(".//a|.//span[not(descendant::a)]")
        texts = [_BREADCRUMB_SEPARATORS.sub("", _inline_text(i)) for i in items] if items else []
        texts = [t for t in texts if t and t.lower() not in _BREADCRUMB_LABELS]
        # Nested list items repeat their children's text; keep the first of consecutive duplicates.
        deduped = [t for i, t in enumerate(texts) if i == 0 or t != texts[i - 1]]
        if deduped:
            return " / ".join(deduped)[:500]
        text = _inline_text(node)
        if text:
            return text[:500]
    return ""


def parse_page(root) -> ParsedPage:
    """Parse an lxml HTML tree into what we store about a page."""
    title_el = root.find(".//title")
    title = squash(title_el.text_content()) if title_el is not None else ""
    base = root.xpath("//base/@href")
    headings: list[str] = []
    links: list[Link] = []
    last_heading = ""
    cache: dict = {}
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None:
            continue
        if tag in HEADING_TAGS:
            last_heading = _inline_text(el)[:CONTEXT_LIMIT]
            if tag in ("h1", "h2", "h3") and last_heading and len(headings) < 100:
                headings.append(last_heading)
        elif tag in ("a", "area"):
            href = el.get("href")
            if href:
                image_only = not _inline_text(el) and next(el.iter("img"), None) is not None
                links.append(Link(href, link_text(el), last_heading, _context_of(el, cache), tag, image_only))
        elif tag in ("iframe", "embed", "frame"):
            src = el.get("src")
            if src:
                links.append(Link(src, squash(el.get("title")), last_heading, _context_of(el, cache), tag))
        elif tag == "object":
            data = el.get("data")
            if data:
                links.append(Link(data, squash(el.get("title")), last_heading, _context_of(el, cache), tag))
    return ParsedPage(
        title=title[:1000],
        headings=headings,
        breadcrumb=_breadcrumb(root),
        text=visible_text(root),
        base_href=base[0].strip() if base else None,
        links=links,
        main_text=main_text(root),
    )


# libxml2 gives up past 2048 nested elements (even with huge_tree) and silently drops the rest of the page:
# a hostile or broken page could hide its links behind one deep block. Flattening the layout containers, then
# every tag but the ones we read, keeps the text and links in order.
_LAYOUT_BLOCKS = re.compile(
    r"</?(?:div|section|article|aside|header|footer|nav|main|center|table|tbody|thead|tfoot|tr|td|th|ul|ol|li|"
    r"dl|dd|dt|p|blockquote|form|fieldset)\b[^>]*>", re.I)
_LAYOUT_INLINE = re.compile(r"</?(?:span|font|b|i|u|strong|em|small|big|sup|sub|label)\b[^>]*>", re.I)
_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_NOT_READ = re.compile(r"<(?!/?(?:a|area|h[1-6]|title|base|meta|br|iframe|embed|frame|object)\b)[^>]*>", re.I)


def _fromstring(text: str):
    parser = lxml_html.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
    body = text.strip().replace("\x00", "").encode("utf-8") or b"<html/>"
    root = etree.fromstring(body, parser=parser)
    if root is None:
        root = etree.fromstring(b"<html/>", parser=parser)
    cut = any(e.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in e.message for e in parser.error_log)
    return root, cut


def parse_tree(text: str):
    """Parse decoded HTML into an lxml tree. Returns (root, flattened): flattened when the page nested too
    deep for libxml2 and was re-read without its layout tags."""
    root, cut = _fromstring(text)
    if not cut:
        return root, False
    root, cut = _fromstring(_LAYOUT_INLINE.sub("", _LAYOUT_BLOCKS.sub("<br>", text)))
    if cut:
        root, _ = _fromstring(_NOT_READ.sub("<br>", _SCRIPTS.sub("", text)))
    return root, True


def parse_html(text: str) -> ParsedPage:
    """Convenience for tests and tools that have a string, not a Scrapy response."""
    return parse_page(parse_tree(re.sub(r"^\s*<\?xml[^>]*\?>", "", text))[0])
