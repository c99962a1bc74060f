"""Article text to clean body: boilerplate out, structure kept.

Works from general signals only: the shape of a line (length, final
punctuation, a leading bullet), credit markers (©, "Photo:", "(with wires)"),
prompt vocabulary (newsletter, download the app), end-of-article markers
("Check Also", "Read more") and lines an outlet repeats across its articles.
Hand-written because extractors such as trafilatura work on HTML structure,
which plain-text input no longer has.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from storyline.model import Article, Heading
from storyline.textutil import content_words, is_heading_shaped, normalise_line, words
from storyline.workers import spread

# v2: a short paragraph inside a much longer earlier one is no repeat; v3: a wire dateline
# after a headline or a byline line is removed too; v4: words in curly single marks are a quotation
VERSION = "storyline.clean.lines.v4"

END_MARKER = re.compile(
    r"^(check also|read (more|also|next)|see also|related( articles| stories| coverage| content| news)?|"
    r"more (on this|stories|from [\w .'-]+)|you (may|might) also (like|be interested in)|recommended( for you)?|"
    r"most (read|popular|viewed)|trending( now)?|also read|further reading|latest news|top stories)\s*:?$",
    re.IGNORECASE,
)
_INLINE_LINK = re.compile(r"^(read more|read also|also read|see also|related|watch|listen)\s*:\s+\S", re.IGNORECASE)
_CREDIT = re.compile(
    r"^\(?\s*(with (wires|agencies|afp|reuters|ap|dpa|ansa|efe|inputs)[^)]*|(additional )?reporting by .*|"
    r"editing by .*|writing by .*|compiled by .*|translated by .*|source\s*:.*|agencies)\s*\)?\.?$",
    re.IGNORECASE,
)
_CAPTION_CREDIT = re.compile(
    r"(©|\(c\)\s|\bcopyright\b|\b(photo|photograph|picture|image|video|credit|file photo)\s*(by|:|/)|"
    r"\b(getty images|shutterstock|afp photo|reuters/|ap photo|epa-efe)\b)",
    re.IGNORECASE,
)
_PROMPT = re.compile(
    r"(newsletter|subscribe|subscription|sign up|sign-up|download (the|our)\b|\bapp store\b|google play|"
    r"follow us|click here|share (this|on)|all rights reserved|advertisement|cookie|log ?in to|register (now|for)|"
    r"whatsapp|telegram channel|get the [\w ]+ app|in your inbox|support our journalism|"
    r"story continues below|continue reading|originally published|this (story|article) (has been|was) updated|"
    r"editor'?s note|image (caption|source)|media caption|follow (him|her|them) on|on (twitter|facebook|x|instagram)\b|"
    r"read the (full|original) (story|article)|listen to (this|the) (article|story)|minutes? read\b|"
    r"join (our|the) (community|conversation)|comments? (are|is) closed|leave a comment|^advert|"
    r"(will|to) update this (story|article)|this (story|article) will be updated|(developing|breaking) story|"
    r"check back (later )?for updates|become a (member|subscriber)|reader-funded|"
    r"listen (to [\w' ]{1,40} )?live\b|tune in (to|every|on)\b|watch (us )?live\b)",
    re.IGNORECASE,
)
# "SALTMERE, Kestria, March 11 (Strandline) - ", "PARIS (Reuters) — ": a wire dateline before the lead
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z'.-]{2,}(?:\s[A-Z][A-Z'.-]+)*(?:,\s[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*)*){0,2}"
    r"(?:,?\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s\d{1,2})?"
    r"\s*(?:\([^)]{1,40}\))?\s*[-–—]+\s+(?=[A-Z\"'])"
)
_BULLET = re.compile(r"^\s*([-•*–—▪►]|\d+[.)])\s+")
_DUPLICATE_OVERLAP = 0.7  # share of content words a paragraph repeats from an earlier one
_DUPLICATE_LENGTH = 2  # an earlier paragraph more than twice as long holds more than this one repeats
_MIN_DUPLICATE_WORDS = 8


PARALLEL_FROM = 400  # articles in one call before a second process pays for the hand-over


def clean_articles(articles: list[Article], boilerplate: dict[str | None, set[str]]) -> list[Article]:
    """clean_article for each (with its outlet's repeated lines), in two processes for large batches."""
    return spread(_clean_chunk, articles, boilerplate, parallel_from=PARALLEL_FROM)


def _clean_chunk(articles: list[Article], boilerplate: dict[str | None, set[str]]) -> list[Article]:
    return [clean_article(a, boilerplate.get(a.outlet, ())) for a in articles]


def clean_article(article: Article, outlet_boilerplate: Iterable[str] = ()) -> Article:
    """The article, its body cleaned in place to hold only the story; dropped lines go to `removed`."""
    body, headings, removed = clean_text(article.body, title=article.title, outlet_boilerplate=outlet_boilerplate,
                                         marked=article.marked)
    article.body = body
    article.headings = headings
    article.removed = removed
    return article


def clean_text(
    text: str, title: str | None = None, outlet_boilerplate: Iterable[str] = (), marked: bool = False,
) -> tuple[str, list[Heading], list[str]]:
    """`marked` text comes from the HTML reader: its lines are blocks, "## " marks a heading
    "- " a list item and "| " a table row, and page furniture is already gone, so structure is read, not guessed."""
    known = {normalise_line(line).lower() for line in outlet_boilerplate}
    lines = [normalise_line(line) for line in (text if marked else unwrap(text)).split("\n")]
    lines = [line for line in lines if line]
    removed: list[str] = []

    if marked:
        return _clean_marked(lines, known, title, removed)
    lines = _cut_trailer(lines, removed)
    # the wire dateline opens the lead, which may come after a headline or a byline
    lead = next((i for i, line in enumerate(lines[:3]) if not is_heading_shaped(line)), None)
    if lead is not None and (m := _WIRE_DATELINE.match(lines[lead])):
        removed.append(m.group(0).strip())
        lines[lead] = lines[lead][m.end():]
    captions = caption_texts(lines)
    title_key = normalise_line(title).lower() if title else None

    kept: list[tuple[str, str]] = []  # (kind, text): kind "p" paragraph or "h" heading
    for line in lines:
        key = line.lower()
        if key in known or key == title_key or is_boilerplate(line, captions):
            removed.append(line)
        elif _BULLET.match(line):
            item = _BULLET.sub("", line)
            if item.rstrip(" \"')").endswith((".", "!", "?")) and len(words(item)) >= 6:
                kept.append(("p", item))  # a list item that is prose stays
            else:
                removed.append(line)  # a related-link headline
        elif is_heading_shaped(line):
            kept.append(("h", line))
        else:
            kept.append(("p", line))

    while kept and kept[-1][0] == "h":  # a heading with nothing under it
        removed.append(kept.pop()[1])

    kept = _drop_repeated_paragraphs(kept, removed)
    return _assemble(kept) + (removed,)


def _clean_marked(lines: list[str], known: set[str], title: str | None,
                  removed: list[str]) -> tuple[str, list[Heading], list[str]]:
    title_key = normalise_line(title).lower() if title else None
    kept: list[tuple[str, str]] = []
    for line in lines:
        kind, text = _marked_kind(line)
        text = text.strip()
        if not text or text.lower() in known or line.lower() in known or (kind == "h" and text.lower() == title_key):
            removed.append(line)
        else:
            kept.append((kind, text))
    kept = _drop_repeated_paragraphs(kept, removed)
    return _assemble(kept) + (removed,)


def _marked_kind(line: str) -> tuple[str, str]:
    """("h", heading) for "## ", ("row", cells) for a table row "| " (rows are alike by nature,
    so the repeated-paragraph rule leaves them), else ("p", text) without an item's "- "."""
    if line.startswith("## "):
        return "h", line[3:]
    if line.startswith("| "):
        return "row", line[2:]
    return "p", line[2:] if line.startswith("- ") else line


def unwrap(text: str) -> str:
    """Join hard-wrapped lines (text broken at ~70 columns) back into paragraphs, so a
    wrapped line is never mistaken for a sub-heading. A block between blank lines is
    wrapped when most of its lines are long and stop mid-sentence."""
    blocks = re.split(r"\n[ \t]*\n", text)
    out = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        # broken mid-sentence: long, no closing punctuation, and either very long or
        # continued in lower case (a list of headlines is neither)
        broken = [a for a, b in zip(lines, lines[1:])
                  if len(a) >= 50 and not a.rstrip(" \"')").endswith(tuple(".!?:;"))
                  and (len(a) >= 60 or b[:1].islower())]
        if len(lines) >= 2 and len(broken) >= 0.6 * (len(lines) - 1):
            out.append(" ".join(lines))
        else:
            out.append("\n".join(lines))
    return "\n\n".join(out)


def outlet_boilerplate(articles: Iterable[Article], min_articles: int = 2) -> dict[str | None, set[str]]:
    """Lines an outlet repeats verbatim in several of its articles: its boilerplate.

    Lines that read like story sentences quoted by many pieces are kept out by
    asking that a repeated line be short or look like a prompt or a credit.
    """
    per_outlet: dict[str | None, Counter] = {}
    article_count: Counter = Counter()
    for article in articles:
        article_count[article.outlet] += 1
        seen = {normalise_line(line).lower() for line in article.body.split("\n") if line.strip()}
        per_outlet.setdefault(article.outlet, Counter()).update(seen)
    result: dict[str | None, set[str]] = {}
    for outlet, counts in per_outlet.items():
        if outlet is None or article_count[outlet] < min_articles:
            continue
        result[outlet] = {
            line for line, n in counts.items()
            if n >= min_articles and len(words(line)) <= 25
        }
    return result


def _cut_trailer(lines: list[str], removed: list[str]) -> list[str]:
    """An end-of-article marker in the last part of the text ends the story."""
    total = sum(len(line) for line in lines) or 1
    before = 0
    for i, line in enumerate(lines):
        if END_MARKER.match(line.strip(" :-–—|")) and before / total >= 0.5:
            removed.extend(lines[i:])
            return lines[:i]
        before += len(line)
    return lines


def caption_texts(lines: list[str]) -> set[str]:
    """Caption lines carry a credit; the same text without the credit is a caption too."""
    captions = set()
    for line in lines:
        match = _CAPTION_CREDIT.search(line)
        if match and len(words(line)) <= 60:
            captions.add(line.lower())
            stem = line[: match.start()].rstrip(" .-–—|/(").lower()
            if len(words(stem)) >= 3:
                captions.add(stem)
                captions.add(stem + ".")
    return captions


def is_boilerplate(line: str, captions: set[str]) -> bool:
    lower = line.lower()
    if lower in captions or lower.rstrip(".") in captions:
        return True
    if _CREDIT.match(line) or _INLINE_LINK.match(line):
        return True
    if END_MARKER.match(line.strip(" :-–—|")):
        return True
    return len(words(line)) <= 25 and bool(_PROMPT.search(line))


def _drop_repeated_paragraphs(kept: list[tuple[str, str]], removed: list[str]) -> list[tuple[str, str]]:
    """A paragraph that mostly repeats an earlier one (scrapes, translations) goes."""
    result: list[tuple[str, str]] = []
    earlier: list[set[str]] = []
    for kind, text in kept:
        if kind == "p":
            bag = content_words(text)
            # the share of this paragraph's words found in one earlier paragraph of like length: a
            # long paragraph that merely contains a short earlier one is not a repeat of it, nor is a
            # short quote that a longer paragraph before it paraphrased ('…did not "know why", he added.')
            if len(bag) >= _MIN_DUPLICATE_WORDS and any(
                    len(bag & e) / len(bag) >= _DUPLICATE_OVERLAP and len(e) <= _DUPLICATE_LENGTH * len(bag)
                    for e in earlier):
                removed.append(text)
                continue
            earlier.append(bag)
        result.append((kind, text))
    return result


def _assemble(kept: list[tuple[str, str]]) -> tuple[str, list[Heading]]:
    parts: list[str] = []
    headings: list[Heading] = []
    offset = 0
    for kind, text in kept:
        if kind == "h":
            headings.append(Heading(offset=offset, text=text))
            continue
        if parts:
            offset += 2
        parts.append(text)
        offset += len(text)
    body = "\n\n".join(parts)
    # a heading sits before the paragraph that follows it
    fixed = []
    for h in headings:
        start = h.offset + 2 if h.offset and h.offset < len(body) else h.offset
        fixed.append(Heading(offset=min(start, len(body)), text=h.text))
    return body, fixed
