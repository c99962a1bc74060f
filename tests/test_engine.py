"""The Engine end to end on the example corpus: incremental ingest, ids, analysis cache."""

import shutil
from datetime import datetime

import pytest

from storyline.engine import Engine
from storyline.errors import StorylineError

from conftest import EXAMPLE


def test_ingesting_later_articles_adds_to_existing_events(tmp_path):
    early, late = tmp_path / "early", tmp_path / "late"
    early.mkdir()
    late.mkdir()
    meta = (EXAMPLE / "meta.jsonl").read_text(encoding="utf-8").splitlines()
    files = sorted(p.name for p in EXAMPLE.glob("*.txt"))
    for name in files:
        target = early if name < "003" else late
        shutil.copy(EXAMPLE / name, target / name)
    for folder in (early, late):
        names = {p.name for p in folder.glob("*.txt")}
        (folder / "meta.jsonl").write_text("\n".join(l for l in meta if any(n in l for n in names)) + "\n", encoding="utf-8")
    engine = Engine(db=str(tmp_path / "s.db"))
    engine.ingest([early])
    before = {e.id: set(e.article_ids) for e in engine.events()}
    stories_before = {s.id for s in engine.storylines()}
    engine.ingest([late])
    after = {e.id: set(e.article_ids) for e in engine.events()}
    for event_id, members in before.items():
        assert event_id in after and members <= after[event_id]  # stored events keep their ids and grow
    assert any(len(after[e]) > len(before[e]) for e in before)
    assert stories_before <= {s.id for s in engine.storylines()}
    assert len(engine.events()) == 3


def test_same_input_twice_gives_the_same_ids(tmp_path):
    a = Engine(db=str(tmp_path / "a.db"))
    b = Engine(db=str(tmp_path / "b.db"))
    a.ingest([EXAMPLE])
    b.ingest([EXAMPLE])
    assert [e.id for e in a.events()] == [e.id for e in b.events()]
    assert [s.id for s in a.storylines()] == [s.id for s in b.storylines()]


def test_brief_by_prefix_and_clear_errors_for_unknown_ids(example_engine):
    event = example_engine.events()[0]
    assert example_engine.brief(event.id[:8]).id == event.id
    with pytest.raises(StorylineError, match="E301"):
        example_engine.brief("no-such-id")


def test_analyses_are_cached_in_the_store(example_engine):
    articles = example_engine.articles()[:2]
    first = example_engine.analyses(articles)
    cached = example_engine.store.analyses([a.id for a in articles], first[0].version)
    assert set(cached) == {a.id for a in articles}
    assert example_engine.store.analyses([a.id for a in articles], "another.version") == {}
    assert example_engine.analyses(articles) == first


def test_undated_article_is_placed_by_the_dates_it_names(example_engine):
    undated = [a for a in example_engine.articles() if a.published is None]
    assert undated, "the example corpus has an undated article"
    event_of = {a: e for e in example_engine.events() for a in e.article_ids}
    for a in undated:
        assert len(event_of[a.id].article_ids) > 1


def _event_rowids(engine):
    from sqlalchemy import text

    with engine.store.engine.connect() as conn:
        return {r.id: r.rowid for r in conn.execute(text("SELECT rowid, id FROM events"))}


def test_one_article_at_a_time_gives_the_batch_events_and_rewrites_only_what_it_touches(tmp_path):
    """Articles ingested one by one, in time order, form the same events as one batch; each new
    article rewrites only the event it joins or founds (the other rows keep their rowids)."""
    import json

    meta = {json.loads(l)["file"]: l for l in (EXAMPLE / "meta.jsonl").read_text(encoding="utf-8").splitlines()}
    batch = Engine(db=str(tmp_path / "batch.db"))
    batch.ingest([EXAMPLE])
    name_of = {a.id: a.source.rsplit("/", 1)[-1] for a in batch.articles()}
    expected = sorted(sorted(name_of[a] for a in e.article_ids) for e in batch.events())
    order = sorted(batch.articles(), key=lambda a: (a.published is None, a.published or datetime.min, a.id))
    one = Engine(db=str(tmp_path / "one.db"))
    for i, article in enumerate(order):
        name = article.source.rsplit("/", 1)[-1]
        folder = tmp_path / f"in{i}"
        folder.mkdir()
        shutil.copy(EXAMPLE / name, folder / name)
        if name in meta:
            (folder / "meta.jsonl").write_text(meta[name] + "\n", encoding="utf-8")
        before = _event_rowids(one)
        one.ingest([folder])
        after = _event_rowids(one)
        [joined] = [e.id for e in one.events() if any(a.endswith(name) for a in
                                                        (x.source for x in one.articles(e.article_ids)))]
        assert {e: r for e, r in after.items() if e != joined} == {e: r for e, r in before.items() if e != joined}
    got = sorted(sorted(a.source.rsplit("/", 1)[-1] for a in one.articles(e.article_ids)) for e in one.events())
    assert got == expected
    assert len(one.storylines()) == len(batch.storylines())


def test_corrections_persist_through_later_ingests_and_recluster(tmp_path):
    """merge, split and move are recorded; a later ingest keeps them and recluster replays them."""
    early, late = tmp_path / "early", tmp_path / "late"
    early.mkdir()
    late.mkdir()
    meta = (EXAMPLE / "meta.jsonl").read_text(encoding="utf-8").splitlines()
    for p in sorted(EXAMPLE.glob("*.txt")):
        shutil.copy(p, (early if p.name < "009" else late) / p.name)
    for folder in (early, late):
        names = {p.name for p in folder.glob("*.txt")}
        (folder / "meta.jsonl").write_text("\n".join(l for l in meta if any(n in l for n in names)) + "\n",
                                           encoding="utf-8")
    engine = Engine(db=str(tmp_path / "s.db"))
    engine.ingest([early])
    big, other = sorted(engine.events(), key=lambda e: -len(e.article_ids))[:2]
    merged = engine.merge(other.id, big.id)
    assert set(merged.article_ids) == set(big.article_ids) | set(other.article_ids)
    assert all(s.event_ids for s in engine.storylines())  # no storyline is left without events
    alone = other.article_ids[0]  # moved by the merge, then split off again
    split = engine.split(alone)
    assert split.article_ids == [alone] and split.storyline_id == merged.storyline_id
    with pytest.raises(StorylineError, match="E303"):
        engine.split(alone)

    def groups():
        return sorted(sorted(e.article_ids) for e in engine.events())

    corrected = {tuple(sorted(e.article_ids)) for e in engine.events()}
    engine.ingest([late])
    after = {tuple(sorted(e.article_ids)) for e in engine.events()}
    for members in corrected:  # later articles may join a corrected event, never pull it apart
        assert any(set(members) <= set(m) for m in after)
    assert [alone] in groups()
    before_recluster = groups()
    engine.recluster()
    assert groups() == before_recluster
    explained = engine.explain(alone)
    assert explained["event"] == split.id and [c["kind"] for c in explained["corrections"]] == ["merge", "split"]
    assert explained["nearest"] and explained["date"]["day"]
    engine.close()


def test_explain_names_the_date_used_and_the_nearest_events(tmp_path):
    engine = Engine(db=str(tmp_path / "s.db"))
    engine.ingest([EXAMPLE])
    event = max(engine.events(), key=lambda e: len(e.article_ids))
    result = engine.explain(event.article_ids[0][:8])
    assert result["event"] == event.id
    top = result["nearest"][0]
    assert top["event"] == event.id and top["reaches_threshold"] and top["shared"]
    assert top["score"] == pytest.approx(top["similarity"] * top["time_factor"], abs=1e-3)
    assert all(r["score"] <= top["score"] for r in result["nearest"])
    with pytest.raises(StorylineError, match="E301"):
        engine.explain("zzz")
    engine.close()


def test_a_brief_names_the_clustering_options_it_came_from(tmp_path):
    from storyline.cluster import ClusterOptions

    engine = Engine(db=str(tmp_path / "s.db"), cluster=ClusterOptions(threshold=0.25))
    engine.ingest([EXAMPLE])
    version = engine.brief(engine.events()[0].id).version
    assert "storyline.cluster.online.v3" in version and "threshold=0.25" in version
    assert "storyline.storylines.keynames" in version
    engine.close()


def test_stored_vectors_are_reused_only_with_the_settings_they_were_made_with(tmp_path):
    from storyline.cluster import ClusterOptions

    db = str(tmp_path / "s.db")
    first = Engine(db=db)
    first.ingest([EXAMPLE])
    ids = [a.id for a in first.articles()]
    assert len(first.store.features(ids, first.cluster_options.features_key)) == len(ids)
    first.close()
    other = Engine(db=db, cluster=ClusterOptions(name_weight=0.5))
    assert other.store.features(ids, other.cluster_options.features_key) == {}
    other.recluster()
    assert len(other.store.features(ids, other.cluster_options.features_key)) == len(ids)
    other.close()


def test_an_article_bridging_two_stored_events_merges_them_in_the_store(tmp_path):
    """One at a time: the merged-away event leaves no row behind, and a corrected event is respected."""
    import json

    from test_cluster import BRIDGE, QUAKE_FIRST, RESCUE

    def ingest(engine, doc, folder):
        folder.mkdir()
        (folder / f"{doc.id}.txt").write_text(doc.body, encoding="utf-8")
        (folder / "meta.jsonl").write_text(json.dumps({"file": f"{doc.id}.txt", "outlet": f"Outlet {doc.id}",
                                                       "published": doc.published.isoformat(), "title": doc.title}))
        engine.ingest([folder])

    for name, corrected in (("plain", False), ("corrected", True)):
        engine = Engine(db=str(tmp_path / f"{name}.db"))
        ingest(engine, QUAKE_FIRST, tmp_path / f"{name}-a")
        ingest(engine, RESCUE, tmp_path / f"{name}-b")
        assert len(engine.events()) == 2
        if corrected:  # as `storyline split` records it: this article stands apart (it already does)
            engine.store.add_correction("split", engine.events()[1].article_ids, None)
        before = {e.id for e in engine.events()}
        ingest(engine, BRIDGE, tmp_path / f"{name}-n")
        events = engine.events()
        assert len(events) == (2 if corrected else 1)
        assert {e.id for e in events} <= before  # the new article joined; no new id
        assert sorted(a for e in events for a in e.article_ids) == sorted(a.id for a in engine.articles())
        assert engine.store.unassigned() == []
        engine.close()


def test_ingest_reads_each_input_once_when_the_reader_hands_over_a_list(tmp_path, monkeypatch):
    # a wrapper (a profiler, a benchmark's timer) may drain the reader into a list: chunks must
    # still come from one stream, not from the list's start again and again
    import storyline.engine as engine_module
    from storyline.ingest import read_paths

    folder = tmp_path / "pile"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.txt").write_text(f"Story {i}\n\nThe Varn Dam inspectors filed report number {i} on Monday "
                                         f"after checking spillway section {i}.", encoding="utf-8")
    monkeypatch.setattr(engine_module, "read_paths", lambda paths, options, **kw: list(read_paths(paths, options, **kw)))
    monkeypatch.setattr(engine_module, "READ_CHUNK", 2)
    engine = Engine(db=tmp_path / "s.db")
    report = engine.ingest([folder])
    assert len(report.added) == 5 and not report.updated
    engine.close()


def test_sentence_embeddings_are_kept_with_the_analyses_and_read_back(tmp_path):
    import numpy as np

    from storyline.align.pool import embedded_texts
    from storyline.analyze import VERSION, embed as embedding

    first = Engine(db=str(tmp_path / "s.db"))
    first.ingest([EXAMPLE])
    articles = first.articles()[:3]
    analyses = first.analyses(articles)
    stored = first.store.vectors([a.id for a in articles], VERSION)
    assert set(stored) == {a.id for a in articles}
    first.close()
    embedding._MEMO.clear()  # as in a new process
    second = Engine(db=str(tmp_path / "s.db"))
    again = second.analyses(articles)
    texts = [t for an in again for t in embedded_texts(an)]
    assert texts and all(t in embedding._MEMO for t in texts)  # read from the store, not embedded again
    kept = np.vstack([embedding._MEMO[t] for t in texts])
    embedding._MEMO.clear()
    assert np.allclose(kept, embedding.embed(texts), atol=1e-6)  # the same rows a fresh embedding gives
    assert [an.article_id for an in again] == [an.article_id for an in analyses]
    second.close()


def test_a_brief_is_kept_in_the_store_until_what_it_was_built_from_changes(tmp_path):
    from sqlalchemy import delete, func, select

    from storyline.serial import to_jsonable
    from storyline.store.sql import analyses

    engine = Engine(db=str(tmp_path / "s.db"))
    engine.ingest([EXAMPLE])
    story = engine.storylines()[0]
    first = engine.brief(story.id)
    with engine.store.engine.begin() as conn:  # the analyses are gone: only a kept brief can answer now
        conn.execute(delete(analyses))
    again = engine.brief(story.id)
    assert to_jsonable(again) == to_jsonable(first)
    with engine.store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(analyses)).scalar() == 0  # no NLP ran
    shorter = engine.brief(story.id, words=40)  # other options: built again
    assert sum(len(s.text.split()) for s in shorter.summary) < sum(len(s.text.split()) for s in first.summary)
    with engine.store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(analyses)).scalar() > 0
    engine.close()


def test_a_kept_brief_is_rebuilt_when_its_event_gains_an_article(tmp_path):
    folder = tmp_path / "pile"
    shutil.copytree(EXAMPLE, folder)
    extra = sorted(p for p in folder.glob("*.txt"))[-1]
    held = extra.read_bytes()
    extra.unlink()
    engine = Engine(db=str(tmp_path / "s.db"))
    engine.ingest([folder])
    before = {s.id: len(engine.brief(s.id).sources) for s in engine.storylines()}
    extra.write_bytes(held)
    engine.ingest([extra])
    after = {s.id: len(engine.brief(s.id).sources) for s in engine.storylines()}
    assert sum(after.values()) == sum(before.values()) + 1
    engine.close()


def _results(db: str) -> tuple:
    """Events, storylines and brief JSON (of every storyline and three events) of the example corpora."""
    from storyline.render import render_json

    engine = Engine(db=db)
    engine.ingest([EXAMPLE.parent])
    events = sorted((e.id, e.label, tuple(e.article_ids), e.first_seen, e.storyline_id) for e in engine.events())
    stories = sorted((s.id, s.label, tuple(sorted(s.event_ids))) for s in engine.storylines())
    briefs = [render_json(engine.brief(i)) for i in [s[0] for s in stories] + [e[0] for e in events[:3]]]
    engine.close()
    assert len(events) > 5 and len(stories) > 1
    return events, stories, briefs


def test_single_process_a_dask_cluster_and_postgresql_give_the_same_events_storylines_and_briefs(tmp_path):
    """The same corpus three ways: one process on SQLite (the reference), a local Dask cluster of
    two worker processes, and PostgreSQL: the same results to the byte."""
    pytest.importorskip("distributed", reason="Dask is a test extra: pip install -e '.[test]'")
    from distributed import get_task_stream
    from distributed.utils import key_split

    from conftest import postgres_database
    from storyline import workers

    reference = _results(str(tmp_path / "single.db"))
    workers.use_dask(workers=2)
    try:
        assert workers.dask_workers() == 2
        with get_task_stream() as tasks:
            on_dask = _results(str(tmp_path / "dask.db"))
        ran = {key_split(t["key"]) for t in tasks.data}
        assert {"read_planned", "clean_chunk", "vectors", "signatures", "analyze_serial"} <= ran, ran  # all on the cluster
    finally:
        workers.stop_dask()
    assert on_dask == reference
    with postgres_database() as url:
        assert _results(url) == reference


def _many(folder, n: int, tag: str = ""):
    """n short articles of our own words, each distinct, dated over a month (a pile big enough to kill mid-way)."""
    import json

    from conftest import STORIES

    folder.mkdir(parents=True)
    meta = []
    for i in range(n):
        title, day, text = STORIES[i % len(STORIES)]
        name = f"{tag}{i:05d}.txt"
        (folder / name).write_text(f"{title} ({tag}{i})\n\n{text}\n\nFiled by desk {tag}{i} of the Port Elster wire.\n",
                                   encoding="utf-8")
        meta.append(json.dumps({"file": name, "outlet": f"Wire {i % 7}", "published": f"2025-03-{1 + i % 28:02d}"}))
    (folder / "meta.jsonl").write_text("\n".join(meta) + "\n", encoding="utf-8")
    return folder


def _counts(db) -> dict:
    """What a store holds, read by a separate plain SQLite connection (as another process would)."""
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
        one = lambda q: conn.execute(q).fetchone()[0]  # noqa: E731
        return {"articles": one("SELECT count(*) FROM articles"), "raw": one("SELECT count(*) FROM raw_inputs"),
                "placed": one("SELECT count(*) FROM event_articles"), "unplaced": one("SELECT count(*) FROM unplaced"),
                "in_two_events": one("SELECT count(*) FROM (SELECT article_id FROM event_articles GROUP BY article_id "
                                     "HAVING count(*) > 1)"),
                "empty_events": one("SELECT count(*) FROM events WHERE id NOT IN (SELECT event_id FROM event_articles)"),
                "errors": one("SELECT count(*) FROM errors")}


def _cmdline(proc) -> bytes:
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:  # gone meanwhile
        return b""


def _cli() -> list[str]:
    import sys
    from pathlib import Path

    return [str(Path(sys.executable).parent / "storyline")]


@pytest.mark.parametrize("phase", ["storing", "placing"])
def test_an_ingest_killed_mid_way_then_run_again_loses_nothing_and_doubles_nothing(tmp_path, phase):
    import signal
    import sqlite3
    import subprocess
    import time
    from pathlib import Path

    n = 3000
    folder, db = _many(tmp_path / "in", n), tmp_path / "s.db"
    command = _cli() + ["ingest", str(folder), "--db", str(db)]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while run.poll() is None:  # kill it in the phase asked for, not before, not after
            try:
                counts = _counts(db)
            except sqlite3.OperationalError:  # not made yet, or its tables not yet created
                counts = None
            if counts and (0 < counts["articles"] < n if phase == "storing" else counts["articles"] == n):
                if phase == "placing":
                    time.sleep(0.3)
                run.send_signal(signal.SIGKILL)
                break
            time.sleep(0.02)
        assert run.wait(timeout=120) == -signal.SIGKILL, "the ingest ended before it could be killed"
    finally:
        run.kill()
    killed = _counts(db)
    assert killed["placed"] < n  # it really stopped before the end
    for _ in range(100):  # its worker processes leave with it (they would hold its writer lock)
        left = [p for p in Path("/proc").glob("[0-9]*") if str(db).encode() in _cmdline(p)]
        if not left:
            break
        time.sleep(0.1)
    assert left == [], "worker processes outlived the killed ingest"
    again = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    after = _counts(db)
    assert after == {"articles": n, "raw": n, "placed": n, "unplaced": 0, "in_two_events": 0, "empty_events": 0,
                     "errors": 0}, (killed, after)


def test_two_ingests_started_at_once_take_turns_and_corrupt_nothing(tmp_path):
    import subprocess
    from pathlib import Path

    db = tmp_path / "s.db"
    folders = [_many(tmp_path / "a", 1500, "a"), _many(tmp_path / "b", 1500, "b")]
    logs = [(tmp_path / f"{f.name}.log").open("w") for f in folders]
    runs = [subprocess.Popen(_cli() + ["ingest", str(f), "--db", str(db)], stdout=log, stderr=log)
            for f, log in zip(folders, logs)]
    for run, log in zip(runs, logs):
        assert run.wait(timeout=600) == 0, Path(log.name).read_text()
        log.close()
    assert _counts(db) == {"articles": 3000, "raw": 3000, "placed": 3000, "unplaced": 0, "in_two_events": 0,
                           "empty_events": 0, "errors": 0}
    # and every event's row agrees with its members. (Which articles share an event may differ
    # from one ingest of both: placing is incremental, and the turns the two took decide the order.)
    engine = Engine(db=str(db))
    published = {a.id: a.published for a in engine.articles()}
    for e in engine.events():
        days = [published[i] for i in e.article_ids]
        assert (e.first_seen, e.last_seen) == (min(days), max(days)), e.id
    engine.close()
