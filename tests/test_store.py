"""The SQL store: migrations, upserts, raw bytes, clustering rows, search (storyline.store), each test
on both backends: an SQLite file and a PostgreSQL database (see the store_url fixture)."""

from datetime import datetime

from sqlalchemy import inspect, select, text

from storyline.model import Article, Event, Heading, IngestError, RawInput, Storyline
from storyline.store import open_store
from storyline.store.schema import head
from storyline.store.sql import schema_migrations


def article(i="a1"):
    return Article(id=i, source=f"/x/{i}.txt", body="Body text.", outlet="Wire", title="T", raw_id="r1",
                   published=datetime(2024, 1, 2), headings=[Heading(0, "Sub")], notes=["n"])


def test_migrations_run_once_and_create_the_tables(store_url):
    db = store_url
    s = open_store(db)
    s.close()
    s = open_store(db)
    with s.engine.connect() as conn:
        assert [r.version for r in conn.execute(select(schema_migrations))] == list(range(1, 15))
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head() == "0015"
    assert "ix_events_storyline_id" in {i["name"] for i in inspect(s.engine).get_indexes("events")}
    assert {"articles", "raw_inputs", "errors", "events", "event_articles", "storylines", "analyses",
            "date_estimates", "article_features", "event_terms", "corrections", "unplaced"} <= set(
        inspect(s.engine).get_table_names())


def test_alembic_carries_each_numbered_migration_in_one_revision_in_order():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from storyline.store.schema import MIGRATIONS_DIR
    from storyline.store.sql import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    chain = [r.revision for r in ScriptDirectory.from_config(config).walk_revisions("base", "heads")][::-1]
    assert chain[: len(MIGRATIONS)] == [f"{n:04d}" for n in sorted(MIGRATIONS)]


def test_articles_round_trip_and_upsert_stores_nothing_twice(store_url):
    s = open_store(store_url)
    raw = RawInput("r1", "/x/a1.txt", b"\x00raw bytes")
    assert s.add(article(), raw) is True
    assert s.add(article(), raw) is False
    [back] = s.articles()
    assert back == article()
    assert s.raw("r1") == b"\x00raw bytes"


def test_errors_are_kept_once_with_their_raw_bytes(store_url):
    s = open_store(store_url)
    raw = RawInput("r9", "/x/bad.txt", b"\x00\x01")
    err = IngestError("/x/bad.txt", "E104", "binary content", raw_id="r9")
    s.add(None, raw, err)
    s.add(None, raw, err)
    assert s.errors() == [err]
    assert s.raw("r9") == b"\x00\x01"


def test_saving_events_rewrites_only_those_events(store_url):
    s = open_store(store_url)
    s.add(article("a1"), RawInput("r1", "/x/a1.txt", b"one"))
    s.add(article("a2"), None)
    s.add(article("a3"), None)
    e = Event("e1", ["a1", "a2"], datetime(2024, 1, 2), datetime(2024, 1, 3), "Label", ["kesh"], storyline_id="s1")
    s.save_events([e, Event("e3", ["a3"], None, None, "Third", storyline_id="s1")], [Storyline("s1", [], "Story")],
                  terms={"e1": {"kesh", "alda"}})
    assert s.assignments() == {"a1": "e1", "a2": "e1", "a3": "e3"}
    [story] = s.storylines()
    assert sorted(story.event_ids) == ["e1", "e3"] and story.label == "Story"
    assert [x.id for x in s.events_with_terms(["alda", "varn"])] == ["e1"]
    assert [x.id for x in s.events_between(datetime(2024, 1, 3), datetime(2024, 2, 1))] == ["e1"]
    # within a time range: the events that began in it, and undated ones, which may be of any time
    s.save_events([Event("e4", ["a3"], None, None, "Undated")], [], terms={"e4": {"alda"}}, gone=["e3"])
    assert {x.id for x in s.events_with_terms(["alda"], lo=datetime(2024, 1, 1), hi=datetime(2024, 1, 5))} == {"e1", "e4"}
    assert [x.id for x in s.events_with_terms(["alda"], lo=datetime(2025, 1, 1), hi=datetime(2025, 1, 5))] == ["e4"]
    assert [x.id for x in s.events_with_terms(["alda", "kesh"], limit=1, lo=datetime(2023, 12, 1),
                                              hi=datetime(2024, 1, 3))] == ["e1"]  # the one sharing more words
    s.save_events([Event("e1", ["a1"], None, None, "Other", storyline_id="s2")], [Storyline("s2", [], "Next")])
    assert [x.id for x in s.storylines()] == ["s2"]  # s1 was left without an event: it went
    assert s.assignments() == {"a1": "e1", "a3": "e4"}
    assert [i for i, _ in s.unassigned()] == ["a2"]
    assert [x.id for x in s.events_with_terms(["alda"])] == ["e4"]  # the index follows the rewritten event
    s.delete_events(["e4"])
    assert sorted(i for i, _ in s.unassigned()) == ["a2", "a3"]  # a dropped event's articles wait to be placed
    s.clear_events()
    assert sorted(i for i, _ in s.unassigned()) == ["a1", "a2", "a3"]


def test_an_article_must_point_at_stored_raw_bytes(store_url):
    import pytest
    from sqlalchemy.exc import IntegrityError

    s = open_store(store_url)
    with pytest.raises(IntegrityError):
        s.add(article("a1"), None)  # raw r1 was never stored
    assert s.articles() == []  # the failed write left nothing behind


def test_a_store_of_the_first_schema_is_migrated_in_place(store_url):
    """A store written before migration 2 gains the date_estimates table and keeps its articles."""

    db = store_url
    s = open_store(db)
    s.add(article(), RawInput("r1", "/x/a1.txt", b"Body text."))
    with s.engine.begin() as conn:
        conn.execute(text("DROP TABLE date_estimates"))
        conn.execute(text("DELETE FROM schema_migrations WHERE version = 2"))
        conn.execute(text("DROP TABLE alembic_version"))  # as a store made before Alembic
    s.close()
    s = open_store(db)
    assert [a.id for a in s.articles()] == ["a1"]
    assert "date_estimates" in inspect(s.engine).get_table_names()


def test_a_store_at_revision_14_gets_the_indexes_of_revision_15(store_url):
    s = open_store(store_url)
    s.add(article("a1"), RawInput("r1", "/x/a1.txt", b"one"))
    s.save_events([Event("e1", ["a1"], datetime(2024, 1, 2), None, "Label", storyline_id="s1")],
                  [Storyline("s1", [], "Story")], terms={"e1": {"kesh"}})
    with s.engine.begin() as conn:  # the indexes as revision 14 left them
        conn.execute(text("DROP INDEX ix_events_storyline_id"))
        conn.execute(text("DROP INDEX ix_event_terms_term_day_event"))
        conn.execute(text("CREATE INDEX ix_event_terms_term_day ON event_terms (term, day)"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0014'"))
    s.close()
    s = open_store(store_url)
    assert "ix_events_storyline_id" in {i["name"] for i in inspect(s.engine).get_indexes("events")}
    assert {i["name"] for i in inspect(s.engine).get_indexes("event_terms")} >= {"ix_event_terms_term_day_event"}
    assert "ix_event_terms_term_day" not in {i["name"] for i in inspect(s.engine).get_indexes("event_terms")}
    assert [x.id for x in s.events(storyline_id="s1")] == ["e1"]
    assert [x.id for x in s.events_with_terms(["kesh"], lo=datetime(2024, 1, 1), hi=datetime(2024, 1, 5))] == ["e1"]


def test_a_store_before_the_unplaced_table_gets_it_filled_with_the_articles_in_no_event(store_url):

    db = store_url
    s = open_store(db)
    s.add(article("a1"), RawInput("r1", "/x/a1.txt", b"one"))
    s.add(article("a2"), None)
    s.save_events([Event("e1", ["a1"], None, None, "Label")], [])
    with s.engine.begin() as conn:
        conn.execute(text("DROP TABLE unplaced"))
        conn.execute(text("DELETE FROM schema_migrations WHERE version = 5"))
        conn.execute(text("DROP TABLE alembic_version"))  # as a store made before Alembic
    s.close()
    s = open_store(db)
    assert [i for i, _ in s.unassigned()] == ["a2"]
    assert s.assignments() == {"a1": "e1"}


def test_a_store_before_author_and_date_sureness_gets_the_columns_and_keeps_its_articles(store_url):

    db = store_url
    s = open_store(db)
    s.add(article("a1"), RawInput("r1", "/x/a1.txt", b"one"))
    with s.engine.begin() as conn:  # the articles table as release 5 made it
        conn.execute(text("ALTER TABLE articles DROP COLUMN author"))
        conn.execute(text("ALTER TABLE articles DROP COLUMN published_sure"))
        conn.execute(text("DELETE FROM schema_migrations WHERE version = 6"))
        conn.execute(text("DROP TABLE alembic_version"))  # as a store made before Alembic
    s.close()
    s = open_store(db)
    [back] = s.articles()
    assert back.id == "a1" and back.author is None and back.published_sure is None
    fresh = article("a2")
    fresh.author, fresh.published_sure = "Ines Kaur", 0.9
    s.add(fresh, None)
    assert {a.id: (a.author, a.published_sure) for a in s.articles()}["a2"] == ("Ines Kaur", 0.9)


def test_search_finds_articles_holding_every_word_and_marks_them(store_url, tmp_path):
    from storyline.engine import Engine
    from storyline.store.sql import HIT

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Dam bursts above Velna\n\nThe dam above Velna burst on Sunday night.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Rescue in Velna\n\nRescuers in Velna searched the coast; the café was shut.\n",
                                  encoding="utf-8")
    engine = Engine(db=store_url)
    engine.ingest([folder])
    hits = engine.store.search("velna dam")
    assert [h["title"] for h in hits] == ["Dam bursts above Velna"]
    assert f"{HIT[0]}dam{HIT[1]}" in hits[0]["snippet"].lower()
    assert [h["title"] for h in engine.store.search("cafe")] == ["Rescue in Velna"]  # accents ignored
    assert engine.store.search('velna" dam*') == engine.store.search("velna dam")  # quotes and stars are no syntax
    assert engine.store.search("velna OR dam") == []  # OR is a word to find, not an operator: neither holds it
    assert engine.store.search("NEAR(x y)") == [] and engine.store.search("  ") == []
    engine.close()


def test_a_page_of_events_is_filtered_and_paged_as_the_articles_name_their_outlets(store_url):
    s = open_store(store_url)
    s.add(None, RawInput("r1", "/x", b"raw"))
    made = [
        Article("a0", "/x/a0.txt", "B", outlet="Wire_100%", raw_id="r1", lang="fr"),
        Article("a1", "/x/a1.txt", "B", url="https://WWW.Example.org/news/1", raw_id="r1", lang="en"),
        Article("a2", "/x/a2.txt", "B", outlet="", url="http://example.org", raw_id="r1"),
        Article("a3", "C:\\in\\a3.txt", "B", raw_id="r1", lang="en"),
        Article("a4", "/in/a4.html", "B", url="not a url", raw_id="r1", lang="de"),
        Article("a5", "/x/a5.txt", "B", url="https://wirex100.com/", raw_id="r1"),
    ]
    for a in made:
        s.add(a, None)
    day = lambda d: datetime(2024, 1, d)  # noqa: E731
    s.save_events([Event("e1", ["a0"], day(1), day(2), "One"), Event("e2", ["a1", "a3"], day(5), day(9), "Two"),
                   Event("e3", ["a2"], day(5), day(5), "Three"), Event("e4", ["a4", "a5"], None, None, "Four")], [])
    names = {a.id: a.outlet_name for a in made}
    assert set(names.values()) == {"Wire_100%", "example.org", "unknown outlet (a3.txt)", "unknown outlet (a4.html)",
                                   "wirex100.com"}
    pages = [s.events_page(k, 2) for k in (0, 2)]
    assert [([e.id for e in es], more) for es, more in pages] == [(["e3", "e2"], True), (["e1", "e4"], False)]
    assert pages[0][0][1].article_ids == ["a1", "a3"]  # each event comes with its members
    for name in set(names.values()):  # every outlet name a page shows finds exactly its events
        events, _ = s.events_page(0, 10, outlet=name)
        expected = [e for e in ("e3", "e2", "e1", "e4") if any(
            names[a] == name for a in {"e1": ["a0"], "e2": ["a1", "a3"], "e3": ["a2"], "e4": ["a4", "a5"]}[e])]
        assert [e.id for e in events] == expected, name
    assert [e.id for e in s.events_page(0, 10, outlet="wire_100.com")[0]] == []  # "_" is no wildcard
    assert [e.id for e in s.events_page(0, 10, lang="unknown")[0]] == ["e3", "e4"]
    assert [e.id for e in s.events_page(0, 10, lang="en", since=day(3))[0]] == ["e2"]
    assert [e.id for e in s.events_page(0, 10, since=day(2), until=day(4))[0]] == ["e1"]
    assert [e.id for e in s.events_page(0, 10, until=day(5))[0]] == ["e3", "e2", "e1"]  # until is inclusive


def test_the_sql_store_keeps_the_store_protocol_that_everything_else_depends_on(store_url):
    from storyline.store import SQLStore, Store

    s = open_store(store_url)
    assert isinstance(s, Store)
    public = {n for n in vars(SQLStore) if not n.startswith("_")}
    assert public == {n for n in vars(Store) if not n.startswith("_") and callable(getattr(Store, n))}
    s.close()
