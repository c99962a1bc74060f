"""Plain data types shared by every stage.

No behaviour beyond small derived properties: stages are functions over these.
Every stored object has a stable id derived from its content, so re-running the
same input stores nothing twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta, timezone


def stable_id(*parts: str, prefix: str = "") -> str:
    """A short content hash: the same parts always give the same id."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}{digest}"


def versioned(name: str, options) -> str:
    """A stage name with every option of its options dataclass: "name(threshold=0.2,...)",
    recorded in outputs so a result says how it was made."""
    return f"{name}(" + ",".join(f"{f.name}={getattr(options, f.name):g}" for f in fields(options)) + ")"


@dataclass(slots=True)
class Heading:
    """A title or sub-heading kept as structure: it sits before body[offset:]."""

    offset: int
    text: str


@dataclass(slots=True)
class Article:
    id: str
    source: str  # the path or URL the article came from
    body: str  # clean text, paragraphs separated by a blank line
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: datetime | None = None
    published_how: str | None = None  # "sidecar", "text", "html-meta", "html-text", "feed", or None when unknown
    published_sure: float | None = None  # how sure that date is, 0..1 (a sidecar or feed date is taken as given)
    # `published` is the outlet's wall clock (its day is the day "today" means); this is its UTC
    # offset in minutes when the source gave one, so `published_utc` orders outlets of other zones
    published_offset: int | None = None
    author: str | None = None
    lang: str | None = None
    translated_from: str | None = None
    raw_id: str | None = None
    headings: list[Heading] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # lines clean() dropped, for audit
    notes: list[str] = field(default_factory=list)  # what the reader had to guess
    # not stored: the body came from an HTML extractor, marked "## " for headings and
    # "- " for list items, so cleaning reads that structure instead of guessing it
    marked: bool = False

    @property
    def published_stamp(self) -> str | None:
        """ISO 8601, with the UTC offset when one was given ("2023-09-11T22:30:00-04:00")."""
        if self.published is None:
            return None
        if self.published_offset is None:
            return self.published.isoformat()
        return self.published.replace(tzinfo=timezone(timedelta(minutes=self.published_offset))).isoformat()

    @property
    def published_utc(self) -> datetime | None:
        """The publication instant in UTC (the wall clock itself when no offset was given)."""
        if self.published is None or self.published_offset is None:
            return self.published
        return self.published - timedelta(minutes=self.published_offset)

    @property
    def outlet_name(self) -> str:
        """The outlet, else the site of its URL, else the file: unknown sources stay distinct."""
        if self.outlet:
            return self.outlet
        if self.url and "//" in self.url:
            host = self.url.split("//", 1)[1].split("/", 1)[0].lower()
            return host[4:] if host.startswith("www.") else host
        name = self.source.replace("\\", "/").rsplit("/", 1)[-1]
        return f"unknown outlet ({name})"


@dataclass(slots=True)
class RawInput:
    """The bytes exactly as read, kept so nothing is lost."""

    id: str
    source: str
    data: bytes


@dataclass(slots=True)
class IngestError:
    """A file that could not be read: named, with the reason, and the batch goes on."""

    source: str
    code: str  # stable, e.g. "E101"
    reason: str
    raw_id: str | None = None

    def __str__(self) -> str:
        return f"[{self.code}] {self.source}: {self.reason}"


@dataclass(slots=True)
class Span:
    """Where a mention sits: article id plus a character span in its body."""

    article_id: str
    start: int
    end: int


@dataclass(slots=True)
class Sentence:
    article_id: str
    index: int
    text: str
    start: int
    end: int
    lemmas: str = ""  # content-word lemmas, for comparing sentences across outlets


@dataclass(slots=True)
class Entity:
    text: str
    label: str
    canonical: str
    span: Span


@dataclass(slots=True)
class Quantity:
    value: float
    high: float | None  # upper bound of a range, else None
    unit: str  # the counted noun as written ("troops", "military personnel")
    category: str  # what kind of thing is counted ("personnel", "people", ...)
    owner: str | None  # whose ("Denmark"), when the text says
    approximate: bool
    text: str  # the surface phrase ("about 100 special forces soldiers")
    sentence: int  # sentence index
    span: Span

    @property
    def display(self) -> str:
        number = _fmt(self.value) if self.high is None else f"{_fmt(self.value)}–{_fmt(self.high)}"
        return f"about {number}" if self.approximate else number


def _fmt(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


@dataclass(slots=True)
class DateRef:
    text: str  # surface text ("on Monday")
    start_date: date
    end_date: date  # equal to start_date for a single day
    granularity: str  # "day", "week", "month", "year", "range"
    sentence: int
    span: Span

    @property
    def display(self) -> str:
        if self.start_date == self.end_date:
            return self.start_date.isoformat()
        return f"{self.start_date.isoformat()}/{self.end_date.isoformat()}"


@dataclass(slots=True)
class Quote:
    text: str
    speaker: str | None  # the canonical name when known
    speaker_text: str | None  # as written near the quote
    cue: str | None  # "said", "told", "added"
    direct: bool
    sentence: int
    span: Span


@dataclass(slots=True)
class Analysis:
    article_id: str
    sentences: list[Sentence]
    entities: list[Entity]
    quantities: list[Quantity]
    dates: list[DateRef]
    quotes: list[Quote]
    version: str = ""


@dataclass(slots=True)
class Doc:
    """What clustering sees of an article: cheap to build, no NLP."""

    id: str
    title: str | None
    body: str
    published: datetime | None
    lang: str | None = None  # ISO 639-1; detected when None
    outlet: str | None = None
    date_weight: float = 1.0  # how far `published` is trusted: 1 when given, an estimate's confidence else


@dataclass(slots=True)
class Event:
    id: str
    article_ids: list[str]
    first_seen: datetime | None
    last_seen: datetime | None
    label: str
    key_entities: list[str] = field(default_factory=list)
    storyline_id: str | None = None


@dataclass(slots=True)
class Storyline:
    id: str
    event_ids: list[str]
    label: str


@dataclass(slots=True)
class Citation:
    """One source of a claim: the outlet, the article and the span."""

    n: int  # the [n] number in the brief's source list
    article_id: str
    outlet: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Fact:
    text: str  # the representative sentence
    citations: list[Citation]  # only sentences that state it (the citation contract, align/support.py)
    disputed: list["DiscrepancyValue"] = field(default_factory=list)  # other outlets' figures for its figure
    figure: str | None = None  # when what the outlets agree on is this figure ("3,400 hectares"), not the sentence
    independent: int = 0  # outlets once copies of one wire text count once (set by the brief)

    @property
    def outlets(self) -> list[str]:
        return sorted({c.outlet for c in self.citations})

    @property
    def support(self) -> int:
        return len(self.outlets)

    @property
    def reported_by(self) -> set[str]:
        """Outlets that state it, or give another figure for it (they agree on the rest)."""
        return {c.outlet for c in self.citations} | {c.outlet for v in self.disputed for c in v.citations}


@dataclass(slots=True)
class DiscrepancyValue:
    value: str  # as displayed: "105", "about 100", or a speaker's name
    number: float | None  # None where the value is not a figure (who said it)
    approximate: bool
    citations: list[Citation]
    first_reported: str | None = None  # ISO day of the earliest article giving it, when known


@dataclass(slots=True)
class Discrepancy:
    slot: str  # what is counted, e.g. "Denmark: personnel"
    values: list[DiscrepancyValue]
    note: str = ""
    kind: str = "conflict"  # "conflict": outlets disagree; "update": a count that rose as reports came in
    # what differs: "number" (a figure), "date" (the day of one statement), "attribution" (who said it),
    # "place" (where or with whom one quote was said), "name" (how one name is spelled)
    about: str = "number"


@dataclass(slots=True)
class QuoteGroup:
    speaker: str
    text: str  # the lead wording: a direct quote, in English where an outlet gives it so, the longest
    variants: list[str]
    citations: list[Citation]
    direct: bool = True  # False: reported speech only ("the junta said it would …"), no outlet quotes the words


@dataclass(slots=True)
class TimelineEntry:
    date: str  # ISO day or "start/end" range
    sort_key: date
    text: str  # the sentence that dates it
    surface: str  # "on Monday"
    citations: list[Citation]


@dataclass(slots=True)
class SummarySentence:
    text: str
    citations: list[Citation]  # only sentences that state it (the citation contract, align/support.py)
    disputed: list["DiscrepancyValue"] = field(default_factory=list)  # "105 according to [1][3]"


@dataclass(slots=True)
class Source:
    n: int
    article_id: str
    outlet: str
    title: str | None
    published: str | None
    source: str
    lang: str | None = None  # ISO 639-1 code of the article's language


@dataclass(slots=True)
class OutletStance:
    """Where one source stands on an event's central claim (a summary sentence that opens an article)."""

    n: int  # the source's [n]
    outlet: str
    stance: str  # "states" (its sentence is the claim), "agree", "disagree", "discuss" or "unrelated"


@dataclass(slots=True)
class Change:
    """What one event of a storyline adds to the events before it."""

    event: str  # the event's id
    new_people: list[str]  # people no earlier event named, most named first
    figures: list[dict]  # tracked counts that moved: {"what": "dead", "from": 1644, "to": 3085}
    new_facts: list[SummarySentence] = field(default_factory=list)  # its statements no earlier event made


@dataclass(slots=True)
class Brief:
    kind: str  # "event" or "storyline"
    id: str
    label: str
    first_seen: str | None
    last_seen: str | None
    summary: list[SummarySentence]
    facts: list[Fact]
    unique: list[Fact]
    discrepancies: list[Discrepancy]
    quotes: list[QuoteGroup]
    timeline: list[TimelineEntry]
    sources: list[Source]
    coverage: list[dict]  # one row per fact: {"fact": i, "outlets": {outlet: bool}}
    events: list["Brief"] = field(default_factory=list)  # a storyline's event briefs
    notes: list[str] = field(default_factory=list)
    version: str = ""
    languages: dict[str, int] = field(default_factory=dict)  # articles per language, most first
    claim: str = ""  # the event's central claim, which `stances` are about
    stances: list["OutletStance"] = field(default_factory=list)  # each source on that claim
    gaps: list[dict] = field(default_factory=list)  # per outlet: {"outlet", "facts": [i]} most others carry, it not
    background: list[TimelineEntry] = field(default_factory=list)  # dated entries well before the story began
    changes: list["Change"] = field(default_factory=list)  # a storyline's events after the first


@dataclass(slots=True)
class CitationCheck:
    """One citation of a brief held against the citation contract (align/support.py)."""

    brief: str  # the id of the brief (or event brief) that holds it
    part: str  # "summary", "facts", "unique" or "timeline"
    index: int  # the claim's place in that part, from 0
    n: int  # the citation's [n]
    outlet: str
    claim: str
    cited: str
    reason: str | None  # None when the citation supports its claim
