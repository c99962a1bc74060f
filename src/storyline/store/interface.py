"""What the engine, the stages and the web app need of a store, and nothing else: they
depend on this protocol, not on a class, so a backend is any object that keeps it
(`SQLStore` keeps it for SQLite and PostgreSQL through SQLAlchemy Core)."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Protocol, runtime_checkable

from storyline.features import Sparse
from storyline.model import Article, Event, IngestError, RawInput, Storyline


@runtime_checkable
class Store(Protocol):
    url: str  # where it lives: an SQLAlchemy URL

    def writing(self) -> AbstractContextManager[None]:
        """One writer at a time, across threads and processes; re-entered by its holder."""
        ...

    def close(self) -> None:
        """Let go of the connections."""
        ...

    def add(self, article: Article | None, raw: RawInput | None, error: IngestError | None = None) -> bool:
        """Store one read input in one transaction; True when the article is new."""
        ...

    def add_many(self, items: list[tuple[Article | None, RawInput | None, IngestError | None]]) -> list[bool]:
        """Store a batch of read inputs in one transaction (all or nothing); True per new article."""
        ...

    def save_events(self, event_rows: list[Event], storyline_rows: list[Storyline], guesses: dict | None = None,
                    terms: dict[str, set[str]] | None = None, gone: Iterable[str] = ()) -> None:
        """Write only these events (their rows, members and index terms), these storylines and these date
        estimates, and drop the `gone` events (merged into others; a storyline left without events goes too), in
        one transaction: the rest of the archive is not touched."""
        ...

    def add_correction(self, kind: str, article_ids: list[str], anchor: str | None) -> None:
        """Record a merge, move or split, to replay after a re-clustering."""
        ...

    def corrections(self) -> list[tuple[str, list[str], str | None]]:
        """(kind, article ids, anchor article) in the order they were made."""
        ...

    def clear_events(self) -> None:
        """Forget every event, storyline and date estimate (articles and corrections stay)."""
        ...

    def delete_events(self, ids: list[str]) -> None:
        """Drop these events, and any storyline left without an event."""
        ...

    def save_features(self, version: str, items: dict[str, tuple[str, Sparse]]) -> None:
        """Store clustering vectors (article id -> (language, hashed vector))."""
        ...

    def save_analyses(self, version: str, items: dict[str, dict]) -> None:
        """Cache analyses (article id -> JSON-ready dict) in one transaction."""
        ...

    def save_brief(self, brief_id: str, key: str, data: dict, conflicts: int = 0) -> None:
        """Keep a built brief (JSON-ready) under the key it was built for; one per id."""
        ...

    def brief_conflicts(self, brief_ids: Iterable[str]) -> dict[str, int]:
        """Discrepancies shown by the last brief made of each of these (briefed ones only)."""
        ...

    def save_vectors(self, version: str, items: dict[str, bytes]) -> None:
        """Keep the sentence embeddings of cached analyses of this version (article id -> bytes)."""
        ...

    def articles(self, ids: Iterable[str] | None = None, light: bool = False) -> list[Article]:
        """Articles by id (all when None), in the order asked; `light` leaves out the audit fields (headings,
        removed lines, notes), which clustering does not read."""
        ...

    def raw(self, raw_id: str) -> bytes | None:
        """The bytes of a raw input, as read."""
        ...

    def errors(self) -> list[IngestError]:
        """Every input that could not be read, with its reason."""
        ...

    def feed_state(self, url: str) -> dict:
        """ETag and Last-Modified of the feed's last answer ({} for a feed never polled)."""
        ...

    def seen_entries(self, url: str) -> set[str]:
        """The entry keys of a feed already stored."""
        ...

    def save_feed(self, url: str, status: str, etag: str | None = None, last_modified: str | None = None,
                  entries: dict[str, str | None] | None = None) -> None:
        """The feed's answer and the entries now stored (key -> article id), in one transaction."""
        ...

    def assignments(self, article_ids: Iterable[str] | None = None) -> dict[str, str]:
        """Article id -> event id, for all placed articles or for these."""
        ...

    def events(self, ids: Iterable[str] | None = None, storyline_id: str | None = None) -> list[Event]:
        """Events oldest first; all of them, or those with these ids, or of one storyline."""
        ...

    def events_page(self, offset: int, limit: int, since: datetime | None = None, until: datetime | None = None,
                    outlet: str = "", lang: str = "") -> tuple[list[Event], bool]:
        """`limit` events from `offset`, newest first (undated last), and whether more follow: seen on or after
        `since` and starting by `until`, with an article from `outlet` (as `Article.outlet_name` names it) and
        in `lang` ("unknown" for none). Filtered and paged in SQL, so a page costs about the same in an archive
        of any size."""
        ...

    def find(self, prefix: str) -> tuple[list[str], list[str]]:
        """Event ids and storyline ids that start with `prefix`."""
        ...

    def find_articles(self, prefix: str) -> list[str]:
        """Article ids that start with `prefix` (at most 10)."""
        ...

    def storyline(self, storyline_id: str) -> Storyline | None:
        """One storyline, or None."""
        ...

    def storylines(self) -> list[Storyline]:
        """Every storyline with its events."""
        ...

    def storyline_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these storylines are stored."""
        ...

    def unassigned(self) -> list[tuple[str, datetime | None]]:
        """(id, published) of the articles in no event yet: what the next clustering pass places. Ids and dates
        only, so a large batch is never held in memory at once."""
        ...

    def events_between(self, lo: datetime, hi: datetime) -> list[Event]:
        """Events whose span meets [lo, hi]: the only ones a dated article in it can join."""
        ...

    def events_with_terms(self, terms: Iterable[str], limit: int = 50, lo: datetime | None = None,
                          hi: datetime | None = None) -> list[Event]:
        """Events whose key names share the most of these words (within [lo, hi] when given)."""
        ...

    def features(self, article_ids: list[str], version: str) -> dict[str, tuple[str, Sparse]]:
        """Stored clustering vectors of this version, by article id."""
        ...

    def date_estimates(self, article_ids: Iterable[str] | None = None) -> dict[str, dict]:
        """For undated articles: the day clustering placed them at, how it was found, how sure."""
        ...

    def analyses(self, article_ids: list[str], version: str) -> dict[str, dict]:
        """Cached analyses of this version, by article id (missing ones left out)."""
        ...

    def search(self, query: str, limit: int = 50) -> list[dict]:
        """Articles holding every word of `query` (its words taken literally, none an operator), the best match
        first: {"article_id", "title", "snippet"}, the snippet's matched words between HIT marks."""
        ...

    def cached_brief(self, brief_id: str, key: str) -> dict | None:
        """The brief kept for this id when it was built under this key, else None."""
        ...

    def vectors(self, article_ids: list[str], version: str) -> dict[str, bytes]:
        """Stored sentence embeddings of cached analyses of this version, by article id."""
        ...
