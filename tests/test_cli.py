"""The command line as users run it: the installed `storyline` script in a subprocess."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import EXAMPLE

BIN = Path(sys.executable).parent / "storyline"


def run(*args, cwd=None):
    return subprocess.run([str(BIN), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("cli") / "s.db"
    result = run("ingest", EXAMPLE, "--db", db)
    assert result.returncode == 0, result.stderr
    assert "12 new, 0 already stored, 1 skipped, 0 failed" in result.stderr  # gold.json holds no articles
    return db


def test_events_json_lists_each_event_with_storyline_and_articles(store):
    result = run("events", "--db", store, "--format", "json")
    assert result.returncode == 0
    events = json.loads(result.stdout)
    assert len(events) == 3
    for e in events:
        assert e["storyline_id"] and e["articles"]
        for a in e["articles"]:
            assert set(a) >= {"id", "outlet", "title", "published", "source", "path"}
            assert Path(a["path"]).name.endswith(".txt")
    assert len({e["storyline_id"] for e in events}) == 2


def test_storylines_lists_events_in_time_order(store):
    result = run("storylines", "--db", store, "--format", "json")
    stories = json.loads(result.stdout)
    assert sorted(len(s["events"]) for s in stories) == [1, 2]
    for s in stories:
        dates = [e["first_seen"] for e in s["events"]]
        assert dates == sorted(dates)


def test_brief_by_id_in_markdown_and_json_that_matches_the_schema(store):
    events = json.loads(run("events", "--db", store, "--format", "json").stdout)
    md = run("brief", events[0]["id"], "--db", store)
    assert md.returncode == 0 and md.stdout.startswith("# ") and "## Sources" in md.stdout
    js = run("brief", events[0]["id"], "--db", store, "--format", "json")
    data = json.loads(js.stdout)
    schema = json.loads((Path(__file__).parents[1] / "src/storyline/render/brief.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["id"] == events[0]["id"]


def test_brief_of_a_folder_in_one_go_uses_a_temporary_store(tmp_path):
    result = run("brief", EXAMPLE, "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    briefs = json.loads(result.stdout)
    assert [b["kind"] for b in briefs] == ["storyline", "storyline"]
    assert not (tmp_path / "storyline.db").exists()


def test_unknown_id_is_a_usage_error(store):
    result = run("brief", "nope", "--db", store)
    assert result.returncode == 2 and "E301" in result.stderr


def test_brief_of_a_missing_path_names_it_and_exits_1(tmp_path):
    result = run("brief", tmp_path / "no-such-folder")
    assert result.returncode == 1
    assert "[E106]" in result.stderr and "no-such-folder" in result.stderr
    assert result.stdout.strip() == ""


def test_explain_split_and_merge_from_the_command_line(tmp_path):
    db = tmp_path / "c.db"
    assert run("ingest", EXAMPLE, "--db", db).returncode == 0
    events = json.loads(run("events", "--db", db, "--format", "json").stdout)
    undated = [a for e in events for a in e["articles"] if a["published"] is None]
    assert undated and all(a["estimated_date"]["how"] and a["estimated_date"]["day"] for a in undated)
    big = max(events, key=lambda e: len(e["articles"]))
    article = big["articles"][-1]["id"]
    shown = run("explain", article[:10], "--db", db)
    assert shown.returncode == 0 and f"* {big['id']}" in shown.stdout and "shared:" in shown.stdout
    as_json = json.loads(run("explain", article, "--db", db, "--format", "json").stdout)
    assert as_json["event"] == big["id"] and as_json["nearest"][0]["event"] == big["id"]
    split = run("split", article, "--db", db)
    assert split.returncode == 0 and "1 articles" in split.stdout
    new_event = split.stdout.split()[0]
    again = run("split", article, "--db", db)
    assert again.returncode == 2 and "E303" in again.stderr
    merged = run("merge", new_event, big["id"], "--db", db)
    assert merged.returncode == 0 and merged.stdout.startswith(big["id"])
    assert run("merge", "nosuchevent", big["id"], "--db", db).returncode == 2
    assert run("recluster", "--db", db).returncode == 0
    after = json.loads(run("events", "--db", db, "--format", "json").stdout)
    assert sorted(len(e["articles"]) for e in after) == sorted(len(e["articles"]) for e in events)


def test_brief_words_sets_the_length_of_each_summary(store):
    events = json.loads(run("events", "--db", store, "--format", "json").stdout)
    biggest = max(events, key=lambda e: len(e["articles"]))["id"]

    def lengths(n):
        result = run("brief", biggest, "--db", store, "--format", "json", "--words", n)
        assert result.returncode == 0, result.stderr
        return [len(s["text"].split()) for s in json.loads(result.stdout)["summary"]]

    short, long = lengths(40), lengths(300)
    assert len(short) < len(long) and sum(long) >= 150
    # sentences are added while the budget is not yet reached: only the last may run over it
    assert sum(short[:-1]) < 40 <= sum(short)


def test_brief_as_one_html_page_with_a_chosen_timeline(store):
    events = json.loads(run("events", "--db", store, "--format", "json").stdout)
    biggest = max(events, key=lambda e: len(e["articles"]))["id"]
    full = json.loads(run("brief", biggest, "--db", store, "--format", "json").stdout)
    page = run("brief", biggest, "--db", store, "--format", "html", "--dates", "2", "--sentences-per-date", "1")
    assert page.returncode == 0, page.stderr
    assert page.stdout.startswith("<!doctype html>") and page.stdout.rstrip().endswith("</html>")
    assert f"<code>{biggest}</code>" in page.stdout and "<script" not in page.stdout
    dated = page.stdout.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert dated.count("<li>") == 2 < len({t["date"] for t in full["timeline"]})
    assert run("brief", biggest, "--db", store, "--format", "pdf").returncode == 2


def test_workers_runs_the_per_article_work_on_a_local_dask_cluster_with_the_same_events(tmp_path, store):
    pytest.importorskip("distributed", reason="Dask is a test extra: pip install -e '.[test]'")
    db = tmp_path / "dask.db"
    done = run("--workers", "2", "ingest", str(EXAMPLE), "--db", str(db))
    assert done.returncode == 0, done.stderr
    ids = lambda d: sorted(e["id"] for e in json.loads(run("events", "--db", str(d), "-f", "json").stdout))  # noqa: E731
    assert ids(db) == ids(store)
