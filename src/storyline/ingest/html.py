"""Reader for HTML pages: the story and its metadata out of the page.

trafilatura finds the main content and the page's metadata; on its XML tree
we then drop what is page furniture by its structure — a headline repeated at
the top, lists of links to other stories, short link-only paragraphs — and
what reads as furniture line by line (newsletter prompts, credits, "Read more"
trailers, with the rules of `clean`). The body keeps the structure for the
cleaner: "## " before a heading, "- " before a list item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from storyline.clean import END_MARKER, caption_texts, is_boilerplate
from storyline.errors import W_NO_DATE, W_NO_TITLE
from storyline.errors import E_BINARY
from storyline.ingest.decode import looks_binary
from storyline.ingest.source import IngestOptions, Input, ReadProblem, one_document
from storyline.ingest.text import file_article_id, parse_timestamp
from storyline.model import Article, RawInput
from storyline.textutil import normalise_line, words

HEADING, ITEM, ROW = "## ", "- ", "| "  # marks the cleaner reads: rows of a table are alike by nature, never repeats
LINK_LIST_SHARE = 0.5  # a list goes when at least this share of its items is mostly link text, or opens with a link
LINK_ITEM = 0.6  # an item is "mostly link" above this share of its characters
LINK_PARAGRAPH = 0.8  # a short paragraph (≤ 25 words) that is this much link text is a teaser
SURE_META, SURE_TEXT = 0.9, 0.5  # a date in the page's metadata vs one found in its text


@dataclass(slots=True)
class Page:
    text: str  # marked body: "## " headings, "- " list items, one block a line
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    lang: str | None = None
    published: datetime | None = None
    published_how: str | None = None
    published_sure: float | None = None
    published_offset: int | None = None  # minutes east of UTC, when the page's timestamp gives them
    notes: list[str] = field(default_factory=list)


def looks_like_html(head: bytes) -> bool:
    """An HTML document, whatever the file is called (a page saved as .txt)."""
    start = head[:2048].lstrip().lower()
    if start.startswith(b"\xef\xbb\xbf"):
        start = start[3:].lstrip()
    return start.startswith((b"<!doctype html", b"<html")) or (
        start.startswith((b"<!--", b"<?xml")) and b"<html" in head[:4096].lower())


def extract(html: bytes | str, url: str | None = None) -> Page:
    """The page's story as marked text with its metadata; an empty text when it has none."""
    import trafilatura  # imported here: 0.3 s at start-up that only HTML input needs
    from trafilatura.utils import load_html

    tree = load_html(html)  # parsed once: htmldate reads it first, then trafilatura (which prunes it)
    if tree is None:
        return Page(text="", url=url)
    meta_date = _meta_date(tree, url)
    doc = trafilatura.bare_extraction(tree, url=url, include_comments=False, include_links=True,
                                      with_metadata=True, include_tables=True)
    if doc is None or doc.body is None:
        return Page(text="", url=url)
    title = normalise_line(doc.title) if doc.title else None
    page = Page(text=_render(doc.body, title), title=title, author=doc.author or None,
                url=doc.url or url, lang=doc.language or None)
    page.outlet = doc.sitename or _domain(page.url)
    _date(page, meta_date, doc.date)
    return page


def _meta_date(tree, url: str | None) -> str | None:
    """The date the page's own metadata gives (htmldate without its search of the text)."""
    from htmldate import find_date

    try:
        return find_date(tree, url=url, original_date=True, extensive_search=False)
    except (ValueError, TypeError):  # htmldate refuses some broken documents
        return None


def _date(page: Page, found: str | None, extensive: str | None) -> None:
    """The page's own metadata first (sure), else trafilatura's search of the text and URL (less sure)."""
    how, sure = ("html-meta", SURE_META) if found else ("html-text", SURE_TEXT)
    found = found or extensive
    if found:
        page.published, page.published_offset = parse_timestamp(found)
        page.published_how, page.published_sure = how, sure
        page.notes.append(f"publication date {found} from the page's {'metadata' if how == 'html-meta' else 'text or URL'}")


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    return host[4:] if host.startswith("www.") else host or None


def _render(body, title: str | None) -> str:
    """The XML body as marked lines, without furniture."""
    title_key = title.lower() if title else None
    lines: list[str] = []
    seen_paragraph = False
    for element in body:
        if element.tag == "list":
            if not _is_link_list(element):
                lines += [ITEM + t for t in (_flat(i) for i in element.iter("item")) if t]
            continue
        text = _flat(element)
        if not text:
            continue
        if element.tag == "head":
            if not seen_paragraph and title_key and text.lower() == title_key:
                continue  # the headline again: it is the title
            lines.append(HEADING + text)
            continue
        if element.tag == "p" and _link_share(element) > LINK_PARAGRAPH and len(words(text)) <= 25:
            continue
        seen_paragraph = True
        lines += _lines(element)
    return "\n".join(_drop_furniture(lines))


def _drop_furniture(lines: list[str]) -> list[str]:
    """Line rules of the text cleaner: a trailer marker in the second half ends the story;
    prompts, credits and captions go."""
    total = sum(len(line) for line in lines) or 1
    before = 0
    for i, line in enumerate(lines):
        if END_MARKER.match(_unmarked(line).strip(" :-–—|")) and before / total >= 0.5:
            lines = lines[:i]
            break
        before += len(line)
    captions = caption_texts([_unmarked(line) for line in lines])
    return [line for line in lines if not is_boilerplate(_unmarked(line), captions)]


def _unmarked(line: str) -> str:
    return line[2:] if line.startswith((ITEM, ROW)) else line[len(HEADING):] if line.startswith(HEADING) else line


def _is_link_list(element) -> bool:
    """Related stories and navigation: most items are links, or open with one (headline + blurb)."""
    items = list(element.iter("item"))
    if not items:
        return False
    linked = sum(_link_share(i) > LINK_ITEM for i in items)
    opening = sum(_opens_with_link(i) for i in items)
    return linked >= LINK_LIST_SHARE * len(items) or (len(items) >= 3 and opening >= LINK_LIST_SHARE * len(items))


def _opens_with_link(element) -> bool:
    """Whether the first words of the element are link text."""
    def first(e, in_link: bool) -> bool | None:
        in_link = in_link or e.tag == "ref"
        if e.text and e.text.strip():
            return in_link
        for child in e:
            found = first(child, in_link)
            if found is not None:
                return found
            if child.tail and child.tail.strip():
                return in_link
        return None
    return bool(first(element, False))


def _link_share(element) -> float:
    total = len(_flat(element)) or 1
    return sum(len(_flat(ref)) for ref in element.iter("ref")) / total


def _raw(element) -> str:
    """Text with line breaks where the page has them (<lb/>, rows, items) and spaces between cells."""
    parts: list[str] = []

    def walk(e, in_row: bool) -> None:
        if e.tag == "lb":
            parts.append("\n")
        elif e.tag == "cell":
            parts.append(" ")
        elif e.tag == "row":
            parts.append("\n" + ROW)
            in_row = True
        if e.text:
            parts.append(_spaced(e.text, in_row))
        for child in e:
            walk(child, in_row)
        if e.tag in ("row", "item", "p", "head", "quote"):
            parts.append("\n")
        if e.tail and e is not element:
            parts.append(_spaced(e.tail, in_row and e.tag != "row"))

    walk(element, False)
    return "".join(parts)


def _spaced(text: str, in_row: bool) -> str:
    """Inside a table row a newline is the page's indentation, white space as a browser
    shows it; kept, it put every cell of an indented table on a line of its own."""
    return text.replace("\n", " ") if in_row else text


def _flat(element) -> str:
    return normalise_line(" ".join(_raw(element).split()))


def _lines(element) -> list[str]:
    lines = (normalise_line(" ".join(line.split())) for line in _raw(element).split("\n"))
    return [line for line in lines if _unmarked(line + " ").strip()]  # not an empty row's bare "|"


def read_html(item: Input, options: IngestOptions):
    """An HTML page (gzipped too): one article."""
    return one_document(item, options, read_html_article)


def read_html_article(raw: RawInput, html: bytes, meta: dict | None) -> Article:
    """An Article from a page; sidecar or container metadata win over the page's own."""
    meta = meta or {}
    if looks_binary(html):
        raise ReadProblem(E_BINARY, "binary content (NUL or control bytes), not an HTML page")
    page = extract(html, url=meta.get("url"))
    notes = list(page.notes)
    url = meta.get("url") or page.url
    published, how, sure, offset = page.published, page.published_how, page.published_sure, page.published_offset
    if meta.get("published"):
        given, given_offset = parse_timestamp(str(meta["published"]))
        if given is not None:
            published, how, sure, offset = given, meta.get("published_how", "sidecar"), 1.0, given_offset
    if published is None:
        notes.append(f"[{W_NO_DATE}] no publication date in the page or its metadata")
    title = meta.get("title") or page.title
    if not title:
        notes.append(f"[{W_NO_TITLE}] no title in the page")
    outlet = meta.get("outlet") or page.outlet
    return Article(
        id=file_article_id(url, outlet, raw), source=raw.source, body=page.text, outlet=outlet, title=title, url=url,
        published=published, published_how=how, published_sure=sure, published_offset=offset, author=meta.get("author") or page.author,
        lang=meta.get("lang") or page.lang, translated_from=meta.get("translated_from"), raw_id=raw.id,
        notes=notes, marked=True,
    )


_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article")


def fragment_text(markup: str) -> str:
    """Text of an HTML fragment (a feed entry's content, a dump's HTML body): one line per
    block; scripts and styles dropped. Not an extractor: the fragment is the story already."""
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (ParserError, ValueError):
        return markup
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    lines = (normalise_line(" ".join(line.split())) for line in root.text_content().split("\n"))
    return "\n\n".join(line for line in lines if line)


def has_markup(text: str) -> bool:
    head = text[:5000].lower()
    return any(tag in head for tag in ("</p>", "<br", "</div>", "<p>", "</a>", "<img", "</li>"))
