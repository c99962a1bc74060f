"""The SQL store: content-addressed rows, upserts, numbered migrations.

Every row's key is a content hash, so re-ingesting the same input stores
nothing twice; each write is one transaction, so a crash leaves the store as
it was before that write.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import (
    Column, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, Text, create_engine, event,
    func, inspect, or_, select, delete, text, union_all, update,
)
from sqlalchemy.engine import Engine as SAEngine

from storyline.features import Sparse, pack, unpack
from storyline.model import Article, Event, Heading, IngestError, RawInput, Storyline, stable_id

try:
    import fcntl
except ImportError:  # Windows: one process at a time is the user's to keep
    fcntl = None

metadata = MetaData()

raw_inputs = Table(
    "raw_inputs", metadata,
    Column("id", String(40), primary_key=True),
    Column("source", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("stored_at", DateTime, nullable=False),
)
articles = Table(
    "articles", metadata,
    Column("id", String(40), primary_key=True),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("outlet", Text),
    Column("title", Text),
    Column("body", Text, nullable=False),
    Column("headings", Text, nullable=False, default="[]"),
    Column("removed", Text, nullable=False, default="[]"),
    Column("notes", Text, nullable=False, default="[]"),
    Column("published", DateTime),
    Column("published_how", String(20)),
    Column("published_sure", Float),
    Column("published_offset", Integer),
    Column("author", Text),
    Column("lang", String(12)),
    Column("translated_from", String(12)),
    Column("raw_id", String(40), ForeignKey("raw_inputs.id")),
    Column("stored_at", DateTime, nullable=False),
    Index("ix_articles_outlet", "outlet"),  # migration 13: the events list's filters
    Index("ix_articles_lang", "lang"),
)
errors = Table(
    "errors", metadata,
    Column("id", String(40), primary_key=True),
    Column("source", Text, nullable=False),
    Column("code", String(8), nullable=False),
    Column("reason", Text, nullable=False),
    Column("raw_id", String(40)),
    Column("stored_at", DateTime, nullable=False),
)
storylines = Table(
    "storylines", metadata,
    Column("id", String(40), primary_key=True),
    Column("label", Text, nullable=False),
)
events = Table(
    "events", metadata,
    Column("id", String(40), primary_key=True),
    Column("label", Text, nullable=False),
    Column("first_seen", DateTime),
    Column("last_seen", DateTime),
    Column("storyline_id", String(40)),
    Column("key_entities", Text, nullable=False, default="[]"),
    Index("ix_events_storyline_id", "storyline_id"),  # revision 0015: a storyline's events, without a scan
)
event_articles = Table(
    "event_articles", metadata,
    Column("article_id", String(40), ForeignKey("articles.id"), primary_key=True),
    Column("event_id", String(40), nullable=False, index=True),
)
analyses = Table(
    "analyses", metadata,
    Column("article_id", String(40), primary_key=True),
    Column("version", String(60), nullable=False),
    Column("data", Text, nullable=False),
    Column("vectors", LargeBinary),  # migration 9: sentence embeddings, float32 rows (align.pool.embedded_texts)
)
date_estimates = Table(  # migration 2: where an undated article was placed in time, and why
    "date_estimates", metadata,
    Column("article_id", String(40), ForeignKey("articles.id"), primary_key=True),
    Column("day", DateTime, nullable=False),
    Column("how", Text, nullable=False),
    Column("confidence", Float, nullable=False),
)
article_features = Table(  # migration 3: each article's clustering vector, computed once
    "article_features", metadata,
    Column("article_id", String(40), ForeignKey("articles.id"), primary_key=True),
    Column("version", String(60), nullable=False),
    Column("lang", String(12), nullable=False),
    Column("data", LargeBinary, nullable=False),  # storyline.features.pack
)
event_terms = Table(  # migration 3: an inverted index from key-name words to events, for candidates
    "event_terms", metadata,
    Column("term", String(120), primary_key=True),
    Column("event_id", String(40), primary_key=True, index=True),
    Column("day", DateTime),  # the event's first day: a term's postings are read for a time range only
    # revision 0015: the event id in the index too, so a term's postings in a time range are read
    # from the index alone (before, each hit was one more read of the table)
    Index("ix_event_terms_term_day_event", "term", "day", "event_id"),
)
# An event found by time or by name must have started at most this long before the window:
# it bounds index reads by the archive's density, not its size (longer events are rare).
MAX_EVENT_SPAN = timedelta(days=90)
corrections = Table(  # migration 4: manual merges, moves and splits, replayed after any re-clustering
    "corrections", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(10), nullable=False),  # merge | move | split
    Column("article_ids", Text, nullable=False),  # JSON list: the articles that go
    Column("anchor", String(40)),  # an article of the event they go to (None for split: a new event)
    Column("created", DateTime, nullable=False),
)
briefs = Table(  # migration 10: built briefs, kept while their key (events, articles, code, options) holds
    "briefs", metadata,
    Column("id", String(40), primary_key=True),
    Column("key", String(64), nullable=False),
    Column("data", Text, nullable=False),
    Column("made_at", DateTime, nullable=False),
    Column("conflicts", Integer),  # migration 12: how many discrepancies the brief shows, for a list's badge
)
unplaced = Table(  # migration 5: articles in no event yet, so finding them does not scan the archive
    "unplaced", metadata,
    Column("article_id", String(40), ForeignKey("articles.id"), primary_key=True),
)
feeds = Table(  # migration 7: what `watch` knows of each feed, for conditional requests
    "feeds", metadata,
    Column("url", String(2000), primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("polled_at", DateTime),
    Column("status", String(40)),
)
feed_entries = Table(  # migration 7: the entries `watch` has stored, so a restart adds no duplicates
    "feed_entries", metadata,
    Column("feed_url", String(2000), primary_key=True),
    Column("entry_key", String(2000), primary_key=True),
    Column("article_id", String(40)),
    Column("seen_at", DateTime, nullable=False),
)
schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", DateTime, nullable=False),
)

# The numbered migrations from before Alembic, frozen: Alembic's revisions 0001-0014 run them
# (store/schema.py); a new migration is an Alembic revision of its own. 1 created the tables
# of the first release; create_all skips tables that exist, so it also serves those added later.
MIGRATIONS = {
    1: lambda conn: metadata.create_all(conn),
    2: lambda conn: date_estimates.create(conn, checkfirst=True),
    3: lambda conn: (article_features.create(conn, checkfirst=True), event_terms.create(conn, checkfirst=True),
                     conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_first_seen ON events (first_seen)")),
                     conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_last_seen ON events (last_seen)"))),
    4: lambda conn: corrections.create(conn, checkfirst=True),
    5: lambda conn: (unplaced.create(conn, checkfirst=True), conn.execute(unplaced.insert().from_select(
        ["article_id"], select(articles.c.id).where(~articles.c.id.in_(select(event_articles.c.article_id)))))),
    6: lambda conn: _add_columns(conn, "articles", ("published_sure", "FLOAT"), ("author", "TEXT")),
    7: lambda conn: (feeds.create(conn, checkfirst=True), feed_entries.create(conn, checkfirst=True)),
    8: lambda conn: _add_columns(conn, "articles", ("published_offset", "INTEGER")),
    9: lambda conn: _add_columns(conn, "analyses", ("vectors", "BLOB" if conn.dialect.name == "sqlite" else "BYTEA")),
    10: lambda conn: briefs.create(conn, checkfirst=True),
    11: lambda conn: _full_text_index(conn),
    12: lambda conn: _add_columns(conn, "briefs", ("conflicts", "INTEGER")),
    13: lambda conn: [index.create(conn, checkfirst=True) for index in articles.indexes],
    14: lambda conn: _postgres_text_search(conn),
}

# SQLite FTS5 over titles and bodies, kept in step with `articles` by triggers (the index holds
# its own copy, keyed by article id: an external-content index on the rowid of a table with a
# text key would go wrong after a VACUUM renumbers rows)
_FTS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(article_id UNINDEXED, title, body, "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(article_id, title, body) VALUES (new.id, coalesce(new.title, ''), new.body); END",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN "
    "DELETE FROM articles_fts WHERE article_id = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN "
    "DELETE FROM articles_fts WHERE article_id = old.id; "
    "INSERT INTO articles_fts(article_id, title, body) VALUES (new.id, coalesce(new.title, ''), new.body); END",
    "INSERT INTO articles_fts(article_id, title, body) SELECT id, coalesce(title, ''), body FROM articles "
    "WHERE id NOT IN (SELECT article_id FROM articles_fts)",
]
HIT = ("\x02", "\x03")  # where a search snippet's matched words begin and end


def _full_text_index(conn) -> None:
    """The search index (SQLite only; the PostgreSQL store will answer `search` with tsvector)."""
    if conn.dialect.name == "sqlite":
        for statement in _FTS:
            conn.execute(text(statement))


# PostgreSQL's answer to the FTS5 index: a tsvector kept by the server (a generated column,
# the title weighted above the body) under a GIN index. The text search configuration splits
# words as `simple` does and drops accents (unaccent), as FTS5's unicode61 tokenizer does, so
# both stores find the same articles for the same words.
_TSV = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'storyline') THEN "
    "CREATE TEXT SEARCH CONFIGURATION storyline (COPY = simple); "
    "ALTER TEXT SEARCH CONFIGURATION storyline ALTER MAPPING FOR word, hword, hword_part, asciiword, asciihword, "
    "hword_asciipart WITH unaccent, simple; END IF; END $$",
    "ALTER TABLE articles ADD COLUMN IF NOT EXISTS search tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('storyline', coalesce(title, '')), 'A') || setweight(to_tsvector('storyline', body), 'B')"
    ") STORED",
    "CREATE INDEX IF NOT EXISTS ix_articles_search ON articles USING gin (search)",
]


def _postgres_text_search(conn) -> None:
    if conn.dialect.name == "postgresql":
        for statement in _TSV:
            conn.execute(text(statement))


def _add_columns(conn, table: str, *columns: tuple[str, str]) -> None:
    """Columns added to a table of an older store (a new store has them from create_all)."""
    have = {c["name"] for c in inspect(conn).get_columns(table)}
    for name, kind in columns:
        if name not in have:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {kind}"))


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


WRITER_LOCK = 0x5354_4F52  # the PostgreSQL advisory lock key of the one writer ("STOR")


def _writes(method):
    """A store write: taken under the writer lock (re-entered when the caller holds it)."""
    @functools.wraps(method)
    def locked(self, *args, **kwargs):
        with self.writing():
            return method(self, *args, **kwargs)
    return locked


def open_store(db: str | Path | None = None) -> "SQLStore":
    """A store for a file path (SQLite) or an SQLAlchemy URL; `postgresql://…` goes through
    psycopg (3), the `postgres` extra."""
    db = str(db or "storyline.db")
    url = db if "://" in db else f"sqlite:///{Path(db).expanduser()}"
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return SQLStore(url)


class SQLStore:
    """The store on SQLite or PostgreSQL (storyline.store.interface.Store), through SQLAlchemy Core."""

    def __init__(self, url: str):
        self.url = url
        self.engine: SAEngine = create_engine(url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._lock = threading.RLock()
        self._depth = 0
        self._held = None  # the lock file or connection that holds the writer lock, while held
        self._migrate()

    @contextmanager
    def writing(self):
        """One writer at a time, across threads and processes (as datasette keeps one write
        connection): a read-modify-write such as placing articles in events holds it from its
        reads to its last write, so two ingests started at once take turns instead of both
        placing the same article. Readers (the web app) never wait for it. SQLite: an flock
        on a file beside the database; PostgreSQL: an advisory lock. Either is released by
        the system when a process dies, so a killed ingest leaves no lock behind."""
        with self._lock:
            if self._depth == 0:
                self._held = self._acquire()
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._release(self._held)
                    self._held = None

    def _acquire(self):
        if self.engine.dialect.name == "postgresql":
            conn = self.engine.connect()
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": WRITER_LOCK})
            return conn
        path = self.url.removeprefix("sqlite:///") if self.url.startswith("sqlite:///") else ""
        if self.engine.dialect.name != "sqlite" or path in ("", ":memory:") or fcntl is None:
            return None  # one process only: the thread lock is the whole of it
        held = open(f"{path}.lock", "a")
        fcntl.flock(held, fcntl.LOCK_EX)
        return held

    @staticmethod
    def _release(held) -> None:
        if held is None:
            return
        if hasattr(held, "execute"):  # the PostgreSQL connection
            held.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": WRITER_LOCK})
            held.close()
        else:
            fcntl.flock(held, fcntl.LOCK_UN)
            held.close()

    def _migrate(self) -> None:
        from storyline.store.schema import migrate  # Alembic, loaded once the store exists

        with self.writing(), self.engine.begin() as conn:
            migrate(conn)

    def close(self) -> None:
        self.engine.dispose()

    # ---- writes -------------------------------------------------------------------------

    def add(self, article: Article | None, raw: RawInput | None, error: IngestError | None = None) -> bool:
        """Store one read input in one transaction; True when the article is new."""
        return self.add_many([(article, raw, error)])[0]

    @_writes
    def add_many(self, items: list[tuple[Article | None, RawInput | None, IngestError | None]]) -> list[bool]:
        """Store a batch of read inputs in one transaction (all or nothing); True per new article."""
        raw_ids = [raw.id for _, raw, _ in items if raw is not None]
        article_ids = [a.id for a, _, _ in items if a is not None]
        with self.engine.begin() as conn:
            have_raw = {r.id for r in conn.execute(select(raw_inputs.c.id).where(raw_inputs.c.id.in_(raw_ids)))}
            have = {r.id for r in conn.execute(select(articles.c.id).where(articles.c.id.in_(article_ids)))}
            new_raw = {}
            for _, raw, _ in items:
                if raw is not None and raw.id not in have_raw:
                    new_raw[raw.id] = {"id": raw.id, "source": raw.source, "size": len(raw.data), "data": raw.data,
                                       "stored_at": _now()}
            if new_raw:
                conn.execute(raw_inputs.insert(), list(new_raw.values()))
            result = []
            fresh: dict[str, dict] = {}
            for article, _, error in items:
                if error is not None:
                    eid = stable_id(error.source, error.code, error.reason, prefix="x")
                    conn.execute(delete(errors).where(errors.c.id == eid))
                    conn.execute(errors.insert().values(id=eid, source=error.source, code=error.code,
                                                        reason=error.reason, raw_id=error.raw_id, stored_at=_now()))
                if article is None:
                    result.append(False)
                    continue
                row = _article_row(article)
                if article.id in have or article.id in fresh:
                    conn.execute(articles.update().where(articles.c.id == article.id).values(
                        {k: v for k, v in row.items() if k not in ("id", "stored_at")}))
                    if article.id in fresh:
                        fresh[article.id] = row
                    result.append(False)
                else:
                    fresh[article.id] = row
                    result.append(True)
            if fresh:
                conn.execute(articles.insert(), list(fresh.values()))
                conn.execute(unplaced.insert(), [{"article_id": a} for a in fresh])
            return result

    @_writes
    def save_events(self, event_rows: list[Event], storyline_rows: list[Storyline], guesses: dict | None = None,
                    terms: dict[str, set[str]] | None = None, gone: Iterable[str] = ()) -> None:
        """Write only these events (their rows, members and index terms), these storylines and
        these date estimates, and drop the `gone` events (merged into others; a storyline left
        without events goes too), in one transaction: the rest of the archive is not touched."""
        gone = list(gone)
        with self.engine.begin() as conn:
            dropped = [e.id for e in event_rows] + gone
            # the storylines these events were in: any of them may be left without an event
            before = {r.storyline_id for chunk in _chunks(dropped) for r in conn.execute(
                select(events.c.storyline_id).where(events.c.id.in_(chunk), events.c.storyline_id.is_not(None)))}
            _drop_events(conn, dropped)
            if event_rows:
                conn.execute(events.insert(), [
                    {"id": e.id, "label": e.label, "first_seen": e.first_seen, "last_seen": e.last_seen,
                     "storyline_id": e.storyline_id, "key_entities": json.dumps(e.key_entities)} for e in event_rows])
            links = [{"article_id": a, "event_id": e.id} for e in event_rows for a in e.article_ids]
            if links:
                conn.execute(event_articles.insert(), links)
                for chunk in _chunks([link["article_id"] for link in links]):
                    conn.execute(delete(unplaced).where(unplaced.c.article_id.in_(chunk)))
            first = {e.id: e.first_seen for e in event_rows}
            rows = [{"term": t[:120], "event_id": e, "day": first.get(e)}
                    for e, ts in (terms or {}).items() for t in sorted(set(ts))]
            if rows:
                conn.execute(event_terms.insert(), rows)
            story_ids = [s.id for s in storyline_rows]
            for chunk in _chunks(story_ids):
                conn.execute(delete(storylines).where(storylines.c.id.in_(chunk)))
            if storyline_rows:
                conn.execute(storylines.insert(), [{"id": s.id, "label": s.label} for s in storyline_rows])
            if guesses:
                for chunk in _chunks(list(guesses)):
                    conn.execute(delete(date_estimates).where(date_estimates.c.article_id.in_(chunk)))
                conn.execute(date_estimates.insert(), [
                    {"article_id": a, "day": datetime.combine(g.day, datetime.min.time()), "how": g.how,
                     "confidence": g.confidence} for a, g in guesses.items()])
            for chunk in _chunks(sorted(before)):  # looked up by index: the rest of the archive is not read
                conn.execute(delete(storylines).where(storylines.c.id.in_(chunk), ~select(events.c.id).where(
                    events.c.storyline_id == storylines.c.id).exists()))

    @_writes
    def add_correction(self, kind: str, article_ids: list[str], anchor: str | None) -> None:
        with self.engine.begin() as conn:
            conn.execute(corrections.insert().values(kind=kind, article_ids=json.dumps(sorted(article_ids)),
                                                     anchor=anchor, created=_now()))

    def corrections(self) -> list[tuple[str, list[str], str | None]]:
        """(kind, article ids, anchor article) in the order they were made."""
        with self.engine.connect() as conn:
            return [(r.kind, json.loads(r.article_ids), r.anchor)
                    for r in conn.execute(select(corrections).order_by(corrections.c.seq))]

    @_writes
    def clear_events(self) -> None:
        """Forget every event, storyline and date estimate (articles and corrections stay)."""
        with self.engine.begin() as conn:
            for table in (event_terms, event_articles, events, storylines, date_estimates, unplaced):
                conn.execute(delete(table))
            conn.execute(unplaced.insert().from_select(["article_id"], select(articles.c.id)))

    @_writes
    def delete_events(self, ids: list[str]) -> None:
        """Drop these events, and any storyline left without an event."""
        self.save_events([], [], gone=ids)

    @_writes
    def save_features(self, version: str, items: dict[str, tuple[str, Sparse]]) -> None:
        """Store clustering vectors (article id -> (language, hashed vector))."""
        if not items:
            return
        with self.engine.begin() as conn:
            for chunk in _chunks(list(items)):
                conn.execute(delete(article_features).where(article_features.c.article_id.in_(chunk)))
            conn.execute(article_features.insert(), [
                {"article_id": a, "version": version, "lang": lang, "data": pack(v)} for a, (lang, v) in items.items()])

    @_writes
    def save_analyses(self, version: str, items: dict[str, dict]) -> None:
        """Cache analyses (article id -> JSON-ready dict) in one transaction."""
        if not items:
            return
        with self.engine.begin() as conn:
            conn.execute(delete(analyses).where(analyses.c.article_id.in_(list(items))))
            conn.execute(analyses.insert(), [{"article_id": a, "version": version, "data": json.dumps(d)}
                                             for a, d in items.items()])

    @_writes
    def save_brief(self, brief_id: str, key: str, data: dict, conflicts: int = 0) -> None:
        """Keep a built brief (JSON-ready) under the key it was built for; one per id."""
        with self.engine.begin() as conn:
            conn.execute(delete(briefs).where(briefs.c.id == brief_id))
            conn.execute(briefs.insert().values(id=brief_id, key=key, data=json.dumps(data), made_at=_now(),
                                                conflicts=conflicts))

    def brief_conflicts(self, brief_ids: Iterable[str]) -> dict[str, int]:
        """Discrepancies shown by the last brief made of each of these (briefed ones only)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(briefs.c.id, briefs.c.conflicts).where(briefs.c.id.in_(list(brief_ids)))).all()
        return {r.id: r.conflicts or 0 for r in rows}

    @_writes
    def save_vectors(self, version: str, items: dict[str, bytes]) -> None:
        """Keep the sentence embeddings of cached analyses of this version (article id -> bytes)."""
        with self.engine.begin() as conn:
            for article_id, data in items.items():
                conn.execute(update(analyses).where((analyses.c.article_id == article_id) & (analyses.c.version == version))
                             .values(vectors=data))

    # ---- reads --------------------------------------------------------------------------

    def articles(self, ids: Iterable[str] | None = None, light: bool = False) -> list[Article]:
        """Articles by id (all when None), in the order asked; `light` leaves out the audit
        fields (headings, removed lines, notes), which clustering does not read."""
        query = select(*[c for c in articles.c if c.name not in ("headings", "removed", "notes")]) if light \
            else select(articles)
        if ids is not None:
            ids = list(ids)
            query = query.where(articles.c.id.in_(ids))
        with self.engine.connect() as conn:
            found = [_article_from(row, light) for row in conn.execute(query)]
        if ids is not None:
            order = {a: i for i, a in enumerate(ids)}
            found.sort(key=lambda a: order[a.id])
        return found

    def raw(self, raw_id: str) -> bytes | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(raw_inputs.c.data).where(raw_inputs.c.id == raw_id)).first()
        return row.data if row else None

    def errors(self) -> list[IngestError]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(errors).order_by(errors.c.stored_at, errors.c.source))
            return [IngestError(r.source, r.code, r.reason, r.raw_id) for r in rows]

    # ---- feeds watched ---------------------------------------------------------------------

    def feed_state(self, url: str) -> dict:
        """ETag and Last-Modified of the feed's last answer ({} for a feed never polled)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(feeds).where(feeds.c.url == url)).first()
        return {"etag": row.etag, "last_modified": row.last_modified} if row else {}

    def seen_entries(self, url: str) -> set[str]:
        with self.engine.connect() as conn:
            return {r.entry_key for r in conn.execute(select(feed_entries.c.entry_key).where(feed_entries.c.feed_url == url))}

    @_writes
    def save_feed(self, url: str, status: str, etag: str | None = None, last_modified: str | None = None,
                  entries: dict[str, str | None] | None = None) -> None:
        """The feed's answer and the entries now stored (key -> article id), in one transaction."""
        with self.engine.begin() as conn:
            known = conn.execute(select(feeds.c.etag, feeds.c.last_modified).where(feeds.c.url == url)).first()
            conn.execute(delete(feeds).where(feeds.c.url == url))
            keep_etag = etag or (known.etag if known and status == "not modified" else None)
            keep_modified = last_modified or (known.last_modified if known and status == "not modified" else None)
            conn.execute(feeds.insert().values(url=url, etag=keep_etag, last_modified=keep_modified,
                                               polled_at=_now(), status=status))
            for key, article_id in (entries or {}).items():
                conn.execute(delete(feed_entries).where((feed_entries.c.feed_url == url) & (feed_entries.c.entry_key == key)))
                conn.execute(feed_entries.insert().values(feed_url=url, entry_key=key, article_id=article_id,
                                                          seen_at=_now()))

    def assignments(self, article_ids: Iterable[str] | None = None) -> dict[str, str]:
        """Article id -> event id, for all placed articles or for these."""
        query = select(event_articles)
        if article_ids is not None:
            query = query.where(event_articles.c.article_id.in_(list(article_ids)))
        with self.engine.connect() as conn:
            return {r.article_id: r.event_id for r in conn.execute(query)}

    def events(self, ids: Iterable[str] | None = None, storyline_id: str | None = None) -> list[Event]:
        """Events oldest first; all of them, or those with these ids, or of one storyline."""
        query = select(events).order_by(events.c.first_seen, events.c.id)
        if ids is not None:
            query = query.where(events.c.id.in_(list(ids)))
        if storyline_id is not None:
            query = query.where(events.c.storyline_id == storyline_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            wanted = [r.id for r in rows]
            link_query = select(event_articles)
            if ids is not None or storyline_id is not None:
                link_query = link_query.where(event_articles.c.event_id.in_(wanted))
            members: dict[str, list[str]] = {}
            for r in conn.execute(link_query):
                members.setdefault(r.event_id, []).append(r.article_id)
        return [Event(r.id, sorted(members.get(r.id, [])), r.first_seen, r.last_seen, r.label,
                      json.loads(r.key_entities), r.storyline_id) for r in rows]

    def events_page(self, offset: int, limit: int, since: datetime | None = None, until: datetime | None = None,
                    outlet: str = "", lang: str = "") -> tuple[list[Event], bool]:
        """`limit` events from `offset`, newest first (undated last), and whether more follow:
        seen on or after `since` and starting by `until`, with an article from `outlet`
        (as `Article.outlet_name` names it) and in `lang` ("unknown" for none). Filtered and
        paged in SQL, so a page costs about the same in an archive of any size."""
        query = select(events.c.id).order_by(events.c.first_seen.desc().nulls_last(), events.c.id.desc())
        if since is not None:
            query = query.where(func.coalesce(events.c.last_seen, events.c.first_seen) >= since)
        if until is not None:
            query = query.where(events.c.first_seen <= until)
        with self.engine.connect() as conn:
            wanted = ([_outlet_is(outlet)] if outlet else []) + ([_lang_is(lang)] if lang else [])
            if wanted:
                query = query.where(_with_members(conn, wanted))
            ids = [r.id for r in conn.execute(query.offset(offset).limit(limit + 1))]
        found = {e.id: e for e in self.events(ids=ids[:limit])} if ids else {}
        return [found[i] for i in ids[:limit]], len(ids) > limit

    def find(self, prefix: str) -> tuple[list[str], list[str]]:
        """Event ids and storyline ids that start with `prefix`."""
        with self.engine.connect() as conn:
            evs = [r.id for r in conn.execute(select(events.c.id).where(_starts(events.c.id, prefix)))]
            sts = [r.id for r in conn.execute(select(storylines.c.id).where(_starts(storylines.c.id, prefix)))]
        return evs, sts

    def find_articles(self, prefix: str) -> list[str]:
        """Article ids that start with `prefix` (at most 10)."""
        with self.engine.connect() as conn:
            return [r.id for r in conn.execute(
                select(articles.c.id).where(_starts(articles.c.id, prefix)).order_by(articles.c.id).limit(10))]

    def storyline(self, storyline_id: str) -> Storyline | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(storylines).where(storylines.c.id == storyline_id)).first()
        if row is None:
            return None
        return Storyline(row.id, [e.id for e in self.events(storyline_id=row.id)], row.label)

    def storylines(self) -> list[Storyline]:
        evs = self.events()
        with self.engine.connect() as conn:
            rows = conn.execute(select(storylines)).all()
        by_story: dict[str, list[Event]] = {}
        for e in evs:
            by_story.setdefault(e.storyline_id, []).append(e)
        result = [Storyline(r.id, [e.id for e in by_story.get(r.id, [])], r.label) for r in rows]
        first = {e.id: e.first_seen or datetime.max for e in evs}
        return sorted(result, key=lambda s: (min((first[e] for e in s.event_ids), default=datetime.max), s.id))

    def storyline_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these storylines are stored."""
        ids = sorted(set(ids))
        with self.engine.connect() as conn:
            return {r.id for chunk in _chunks(ids)
                    for r in conn.execute(select(storylines.c.id).where(storylines.c.id.in_(chunk)))}

    def unassigned(self) -> list[tuple[str, datetime | None]]:
        """(id, published) of the articles in no event yet: what the next clustering pass
        places. Ids and dates only, so a large batch is never held in memory at once."""
        # looked up from the (small) unplaced table: as a join, SQLite scanned every article
        query = select(articles.c.id, articles.c.published).where(articles.c.id.in_(select(unplaced.c.article_id)))
        with self.engine.connect() as conn:
            return [(r.id, r.published) for r in conn.execute(query)]

    def events_between(self, lo: datetime, hi: datetime) -> list[Event]:
        """Events whose span meets [lo, hi]: the only ones a dated article in it can join."""
        with self.engine.connect() as conn:
            ids = [r.id for r in conn.execute(select(events.c.id).where(
                events.c.first_seen.between(lo - MAX_EVENT_SPAN, hi), events.c.last_seen >= lo))]
        return self.events(ids=ids) if ids else []

    def events_with_terms(self, terms: Iterable[str], limit: int = 50, lo: datetime | None = None,
                          hi: datetime | None = None) -> list[Event]:
        """Events whose key names share the most of these words (within [lo, hi] when given)."""
        terms = sorted({t[:120] for t in terms})
        if not terms:
            return []
        postings = select(event_terms.c.event_id).where(event_terms.c.term.in_(terms))
        if lo is not None and hi is not None:
            # two reads, not one with OR: each is a range of the (term, day) index, so what is
            # read grows with the archive's density in time, not with its length
            postings = union_all(postings.where(event_terms.c.day.between(lo - MAX_EVENT_SPAN, hi)),
                                 postings.where(event_terms.c.day.is_(None)))
        found = postings.subquery()
        hits = func.count().label("hits")
        query = (select(found.c.event_id, hits).group_by(found.c.event_id)
                 .order_by(hits.desc(), found.c.event_id).limit(limit))
        with self.engine.connect() as conn:
            ids = [r.event_id for r in conn.execute(query)]
        return self.events(ids=ids) if ids else []

    def features(self, article_ids: list[str], version: str) -> dict[str, tuple[str, Sparse]]:
        """Stored clustering vectors of this version, by article id."""
        out = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(article_ids):
                for r in conn.execute(select(article_features).where(article_features.c.article_id.in_(chunk))):
                    if r.version == version:
                        out[r.article_id] = (r.lang, unpack(r.data))
        return out

    def date_estimates(self, article_ids: Iterable[str] | None = None) -> dict[str, dict]:
        """For undated articles: the day clustering placed them at, how it was found, how sure."""
        query = select(date_estimates)
        if article_ids is not None:
            query = query.where(date_estimates.c.article_id.in_(list(article_ids)))
        with self.engine.connect() as conn:
            return {r.article_id: {"day": r.day.date().isoformat(), "how": r.how, "confidence": round(r.confidence, 2)}
                    for r in conn.execute(query)}

    def analyses(self, article_ids: list[str], version: str) -> dict[str, dict]:
        """Cached analyses of this version, by article id (missing ones left out)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(analyses.c.article_id, analyses.c.version, analyses.c.data)
                                .where(analyses.c.article_id.in_(article_ids))).all()
        return {r.article_id: json.loads(r.data) for r in rows if r.version == version}

    def search(self, query: str, limit: int = 50) -> list[dict]:
        """Articles holding every word of `query` (its words taken literally, none an operator),
        the best match first: {"article_id", "title", "snippet"}, the snippet's matched words
        between HIT marks."""
        terms = [t for t in re.findall(r"\w[\w'’-]*", query) if t]
        if not terms:
            return []
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":  # the tsvector of migration 14, the same words as FTS5 finds
                rows = conn.execute(text(
                    "SELECT id AS article_id, title, ts_headline('storyline', body, q, :options) AS snippet "
                    "FROM articles, plainto_tsquery('storyline', :q) AS q WHERE search @@ q "
                    "ORDER BY ts_rank(search, q) DESC, id LIMIT :n"),
                    {"q": " ".join(terms), "n": limit, "options": f"StartSel={HIT[0]}, StopSel={HIT[1]}, "
                     "MaxWords=14, MinWords=6, MaxFragments=1, FragmentDelimiter=…"}).all()
            else:
                rows = conn.execute(text(
                    "SELECT article_id, title, snippet(articles_fts, 2, :a, :b, '…', 14) AS snippet FROM articles_fts "
                    "WHERE articles_fts MATCH :q ORDER BY bm25(articles_fts, 0.0, 4.0, 1.0) LIMIT :n"),
                    {"q": " ".join('"' + t.replace('"', '""') + '"' for t in terms), "a": HIT[0], "b": HIT[1],
                     "n": limit}).all()
        return [{"article_id": r.article_id, "title": r.title or None, "snippet": r.snippet} for r in rows]

    def cached_brief(self, brief_id: str, key: str) -> dict | None:
        """The brief kept for this id when it was built under this key, else None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(briefs.c.key, briefs.c.data).where(briefs.c.id == brief_id)).first()
        return json.loads(row.data) if row is not None and row.key == key else None

    def vectors(self, article_ids: list[str], version: str) -> dict[str, bytes]:
        """Stored sentence embeddings of cached analyses of this version, by article id."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(analyses.c.article_id, analyses.c.version, analyses.c.vectors)
                                .where(analyses.c.article_id.in_(article_ids))).all()
        return {r.article_id: r.vectors for r in rows if r.version == version and r.vectors is not None}


def _drop_events(conn, ids: list[str]) -> None:
    """Delete these events' rows, members and index terms (inside the caller's transaction);
    their articles become unplaced until an event takes them again."""
    for chunk in _chunks(ids):
        conn.execute(unplaced.insert().from_select(["article_id"], select(event_articles.c.article_id).where(
            event_articles.c.event_id.in_(chunk))))
        for table, column in ((event_terms, event_terms.c.event_id), (event_articles, event_articles.c.event_id),
                              (events, events.c.id)):
            conn.execute(delete(table).where(column.in_(chunk)))


def _starts(column, prefix: str):
    """`column` starts with `prefix`, read literally (LIKE's wildcards escaped)."""
    pattern = prefix.replace("\\", "").replace("%", "").replace("_", "\\_") + "%"
    return column.like(pattern, escape="\\")


COMMON = 2000  # articles matching a filter past which most pages find a member early


def _with_members(conn, conditions: list):
    """Events with an article meeting every condition. For a common value (at least COMMON
    articles) the events are walked newest first and each checked, which soon fills a page;
    for a rare one its few articles are looked up by index and their events taken."""
    matching = select(articles.c.id).where(*conditions)
    common = conn.execute(select(func.count()).select_from(matching.limit(COMMON).subquery())).scalar() >= COMMON
    if common:
        return select(event_articles.c.article_id).join(articles, articles.c.id == event_articles.c.article_id).where(
            event_articles.c.event_id == events.c.id, *conditions).exists()
    return events.c.id.in_(select(event_articles.c.event_id).where(event_articles.c.article_id.in_(matching)))


def _lang_is(lang: str):
    """An article in `lang`; "unknown" is one whose language was not found."""
    if lang == "unknown":
        return or_(articles.c.lang.is_(None), articles.c.lang == "", articles.c.lang == "unknown")
    return articles.c.lang == lang


def _outlet_is(name: str):
    """An article whose `Article.outlet_name` is `name`: its outlet, else its URL's site
    (with or without www.), else, for an unknown outlet, its file's name. Each term of the
    OR starts from a value of `outlet`, so SQLite reads the outlet index for each."""
    def literal(s: str) -> str:  # LIKE's wildcards and its escape character, read as themselves
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    unknown = re.fullmatch(r"unknown outlet \((.+)\)", name)
    if unknown:
        file = unknown.group(1)
        found = or_(articles.c.url.is_(None), ~articles.c.url.contains("//")) & or_(
            articles.c.source == file, *[articles.c.source.like(f"%{sep}{literal(file)}", escape="\\")
                                         for sep in ("/", literal("\\"))])
    else:
        site = literal(name.lower())
        found = or_(*[func.lower(articles.c.url).like(pattern, escape="\\")
                      for host in (site, f"www.{site}") for pattern in (f"%//{host}", f"%//{host}/%")])
    by_site = [articles.c.outlet.is_(None) & found, (articles.c.outlet == "") & found]
    return or_(*by_site) if unknown else or_(articles.c.outlet == name, *by_site)


def _chunks(items: list, size: int = 900) -> Iterable[list]:
    """Slices small enough for SQLite's limit on bound parameters."""
    for start in range(0, len(items), size):
        yield items[start: start + size]


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _article_row(a: Article) -> dict:
    return {
        "id": a.id, "source": a.source, "url": a.url, "outlet": a.outlet, "title": a.title, "body": a.body,
        "headings": json.dumps([asdict(h) for h in a.headings]), "removed": json.dumps(a.removed),
        "notes": json.dumps(a.notes), "published": a.published, "published_how": a.published_how,
        "published_sure": a.published_sure, "published_offset": a.published_offset, "author": a.author,
        "lang": a.lang, "translated_from": a.translated_from, "raw_id": a.raw_id, "stored_at": _now(),
    }


def _article_from(r, light: bool = False) -> Article:
    article = Article(
        id=r.id, source=r.source, body=r.body, outlet=r.outlet, title=r.title, url=r.url,
        published=r.published, published_how=r.published_how, published_sure=r.published_sure,
        published_offset=r.published_offset, author=r.author, lang=r.lang, translated_from=r.translated_from,
        raw_id=r.raw_id)
    if not light:
        article.headings = [Heading(**h) for h in json.loads(r.headings)]
        article.removed, article.notes = json.loads(r.removed), json.loads(r.notes)
    return article
