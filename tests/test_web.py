"""The web app (storyline.web): pages and JSON API in-process, and a real server in headless Chromium."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import jsonschema
import pytest
from conftest import EXAMPLE, ROOT, write
from fastapi.testclient import TestClient

from storyline.engine import Engine
from storyline.web import create_app

SCHEMA = json.loads((ROOT / "src/storyline/render/brief.schema.json").read_text())


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    db = tmp_path_factory.mktemp("web") / "web.db"
    engine = Engine(db=str(db))
    engine.ingest([EXAMPLE])
    engine.close()
    return db


@pytest.fixture(scope="module")
def client(store_path):
    engine = Engine(db=str(store_path))
    with TestClient(create_app(engine.store)) as c:
        yield c
    engine.close()


def test_the_events_page_lists_events_newest_first_with_their_outlets(client):
    api = client.get("/api/events").json()
    days = [e["first_seen"] for e in api["events"]]
    assert len(days) == 3 and days == sorted(days, reverse=True)
    page = client.get("/").text
    for e in api["events"]:
        assert f'href="/events/{e["id"]}"' in page and all(o in page for o in e["outlets"])


def test_a_brief_page_links_each_citation_to_its_sentence_and_on_to_the_article(client):
    event = client.get("/api/events").json()["events"][-1]
    brief = client.get(f"/api/briefs/{event['id']}").json()
    jsonschema.validate(brief, SCHEMA)
    page = client.get(f"/events/{event['id']}").text
    assert brief["label"] in page.replace("&#39;", "'") and "<script" not in page
    cited = brief["summary"][0]["citations"][0]
    link = f'/articles/{cited["article_id"]}?start={cited["start"]}&amp;end={cited["end"]}#hl'
    assert link in page
    article = client.get(link.replace("&amp;", "&").split("#")[0]).text
    assert '<mark id="hl">' in article
    marked = article.split('<mark id="hl">')[1].split("</mark>")[0]
    assert marked.replace("&#34;", '"').replace("&#39;", "'") == cited["text"]


def test_a_storyline_page_draws_its_events_in_time_each_linking_to_its_brief(client):
    import re

    story = max(client.get("/api/storylines").json(), key=lambda s: len(s["events"]))
    assert len(story["events"]) > 1
    page = client.get(f"/storylines/{story['id']}").text
    axis = page.split('<svg class="axis"')[1].split("</svg>")[0]
    linked = re.findall(r'<a href="/events/([^"]+)"><circle', axis)
    assert sorted(linked) == sorted(e["id"] for e in story["events"] if e["first_seen"])
    assert all(client.get(f"/events/{i}").status_code == 200 for i in linked)
    assert "What changed" in page


def test_unknown_ids_are_404_not_500(client):
    assert client.get("/events/nosuchevent").status_code == 404
    assert client.get("/api/briefs/nosuchevent").status_code == 404
    assert client.get("/articles/nosucharticle").status_code == 404
    assert client.get("/articles/x", params={"start": "-3", "end": "zz"}).status_code == 422


def test_hostile_article_text_renders_inert(tmp_path):
    folder = tmp_path / "in"
    hostile = '<script>window.pwned=1</script><img src=x onerror="window.pwned=1">'
    write(folder, "bad.txt", f"Council {hostile} meets\n\nThe council met on Monday. {hostile} It voted 9 to 2.\n")
    write(folder, "meta.jsonl", json.dumps({"file": "bad.txt", "outlet": "Post <b>", "published": "2025-03-03",
                                            "url": "javascript:window.pwned=1"}) + "\n")
    engine = Engine(db=str(tmp_path / "s.db"))
    engine.ingest([folder])
    [article] = engine.articles()
    with TestClient(create_app(engine.store)) as c:
        pages = [c.get("/").text, c.get(f"/events/{engine.events()[0].id}").text, c.get(f"/articles/{article.id}").text]
    for page in pages:
        assert "<script>" not in page and "<img" not in page and 'href="javascript:' not in page
    assert "&lt;script&gt;" in pages[2]
    engine.close()


def test_a_token_guards_every_request_when_given(store_path):
    engine = Engine(db=str(store_path))
    with TestClient(create_app(engine.store, token="s3cret")) as c:
        assert c.get("/api/events").status_code == 401
        assert c.get("/api/events", params={"token": "s3cret"}).status_code == 200
        assert c.get("/", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert c.get("/api/events", params={"token": "wrong"}).status_code == 401
    with TestClient(create_app(engine.store, token="s3cret")) as browser:  # keeps cookies, as a browser does
        assert browser.get("/", params={"token": "s3cret"}).status_code == 200
        assert browser.get("/api/events").status_code == 200  # the links it follows need no token again
    engine.close()


def test_serve_binds_to_this_machine_unless_given_a_token(store_path):
    cli = [str(Path(sys.executable).parent / "storyline"), "serve", "--db", str(store_path)]
    refused = subprocess.run(cli + ["--host", "0.0.0.0"], capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "--token" in refused.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _serving(engine: Engine):
    """The app on a real uvicorn server on a free local port, for the browser."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(engine.store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def _chromium():
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is a test extra: pip install -e '.[test]'")
    if not shutil.which("/usr/bin/chromium"):
        pytest.skip("/usr/bin/chromium is absent: .ci/run installs Debian's chromium package")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"])
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_in_chromium_a_citation_opens_the_article_at_the_sentence(store_path, tmp_path):
    engine = Engine(db=str(store_path))
    with _chromium() as page, _serving(engine) as site:
        page.goto(site + "/")
        page.screenshot(path=str(tmp_path / "events.png"))
        page.locator("ol.events a").first.click()
        page.wait_for_load_state()
        page.screenshot(path=str(tmp_path / "brief.png"), full_page=True)
        page.locator("ul.summary a.cite").first.click()  # to the cited sentence in the sources
        sentence = page.locator(":target")
        assert sentence.is_visible()
        wanted = sentence.evaluate("e => e.firstChild.textContent").strip()
        sentence.locator("a.open").click()  # on to the article, the sentence marked
        page.wait_for_load_state()
        mark = page.locator("mark#hl")
        assert mark.is_visible() and mark.inner_text().strip() == wanted
        page.screenshot(path=str(tmp_path / "article.png"))
    engine.close()


def test_in_chromium_search_upload_and_a_merge_that_survives_a_reingest(tmp_path):
    from conftest import STORIES, news_page

    engine = Engine(db=str(tmp_path / "s.db"))
    engine.ingest([EXAMPLE])
    title, day, text = STORIES[0]
    upload = write(tmp_path / "new", "bridge.html", news_page(title, day, text))
    shots = tmp_path / "screens"
    shots.mkdir()
    with _chromium() as page, _serving(engine) as site:
        # search from the events page: hits listed with the words marked, each opening its article
        page.goto(site + "/")
        page.fill("input[name=q]", "relief valve")
        page.press("input[name=q]", "Enter")
        page.wait_for_load_state()
        assert page.locator("mark").count() >= 2 and {m.lower() for m in page.locator("mark").all_inner_texts()} >= {"relief", "valve"}
        page.screenshot(path=str(shots / "search.png"), full_page=True)
        page.locator("a[href^='/articles/']").first.click()
        page.wait_for_load_state()
        assert "valve" in page.locator(".article-body").inner_text().lower()

        # upload a file: the job page follows the background read, then its event is on the events page
        page.goto(site + "/add")
        page.screenshot(path=str(shots / "add.png"))
        page.set_input_files("input[name=files]", str(upload))
        page.click("form[action='/add'] button")
        page.wait_for_url("**/jobs/**")
        page.locator("h1 .state", has_text="done").wait_for(timeout=60_000)  # the page reloads itself until done
        assert "1 new article" in page.locator("p.summary").inner_text()
        page.screenshot(path=str(shots / "job.png"))
        page.goto(site + "/")
        assert page.locator("ol.events a", has_text=title).count() == 1
        page.screenshot(path=str(shots / "events.png"), full_page=True)

        # merge two events from the brief page, then add the example corpus again: the merge holds
        a, b = sorted((e for e in engine.events() if e.label != title), key=lambda e: len(e.article_ids))[:2]
        merged = sorted(a.article_ids + b.article_ids)
        page.goto(f"{site}/events/{a.id}")
        page.fill("input[name=target]", b.id)
        page.click("button[value=merge]")
        page.wait_for_url(f"**/events/{b.id}")
        assert page.locator("ol.sources > li").count() == len(merged)
        page.screenshot(path=str(shots / "merged.png"), full_page=True)
        engine.ingest([EXAMPLE, upload.parent])  # a re-ingest: nothing new, every event placed again
        engine.recluster()
        page.goto(f"{site}/events/{b.id}")
        assert page.locator("ol.sources > li").count() == len(merged)
        page.goto(site + "/api/events")
        events = json.loads(page.locator("body").inner_text())["events"]
        assert any(e["id"] == b.id and e["articles"] == len(merged) for e in events)
    assert any(sorted(e.article_ids) == merged for e in engine.events())
    engine.close()


def test_search_page_marks_the_words_found_and_keeps_the_query_inert(client):
    page = client.get("/search", params={"q": "ammonia valve"}).text
    assert "<mark>valve</mark>" in page.lower() and 'href="/articles/' in page
    api = client.get("/api/search", params={"q": "ammonia valve", "limit": 3}).json()
    assert 0 < len(api) <= 3 and all(any(hit for _, hit in h["parts"]) for h in api)
    hostile = client.get("/search", params={"q": '"><script>alert(1)</script>'}).text
    assert "<script>alert" not in hostile and "&lt;script&gt;" in hostile


def test_events_filter_by_days_outlet_and_language(client):
    every = client.get("/api/events").json()["events"]
    first_day = min(e["first_seen"] for e in every)
    later = client.get("/api/events", params={"since": "2025-04-01"}).json()["events"]
    assert later and all((e["last_seen"] or e["first_seen"]) >= "2025-04-01" for e in later) and len(later) < len(every)
    early = client.get("/api/events", params={"until": first_day}).json()["events"]
    assert [e["first_seen"] for e in early] == [first_day] * len(early)
    outlet = every[0]["outlets"][0]
    assert all(outlet in e["outlets"] for e in client.get("/api/events", params={"outlet": outlet}).json()["events"])
    assert client.get("/api/events", params={"lang": "xx"}).json()["events"] == []
    page = client.get("/", params={"outlet": outlet}).text
    assert f'value="{outlet}"' in page
    assert client.get("/api/events", params={"since": "not a day"}).status_code == 422


def test_schemathesis_finds_no_request_the_api_mishandles(store_path, tmp_path):
    """schemathesis over the OpenAPI schema, every operation (corrections too, on a copy of the
    store): no 5xx, every status and body as documented, schema-valid input accepted."""
    schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is a test extra: pip install -e '.[test]'")
    from hypothesis import HealthCheck, given, settings

    shutil.copy(store_path, tmp_path / "copy.db")  # merges and splits change the store: not the shared one
    engine = Engine(db=str(tmp_path / "copy.db"))
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(engine.store))
    # not POST /api/jobs: a generated http(s) address would be fetched (tested below, offline)
    operations = [op for op in (result.ok() for result in schema.get_all_operations()) if op.label != "POST /api/jobs"]
    assert {"GET /api/events", "GET /api/briefs/{event_id}", "GET /api/search", "POST /api/corrections"} <= {
        op.label for op in operations}
    for operation in operations:  # schemathesis's pytest plugin does not load under pytest 9: its strategies serve
        @given(operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.call_and_validate()

        check()
    engine.close()


def test_a_brief_page_exports_markdown_json_and_the_standalone_page(client):
    event = client.get("/api/events").json()["events"][0]
    page = client.get(f"/events/{event['id']}").text
    for fmt in ("md", "json", "html"):
        assert f'href="/export/{event["id"]}.{fmt}"' in page
    md = client.get(f"/export/{event['id']}.md")
    assert md.status_code == 200 and md.text.startswith("# ") and "attachment" in md.headers["content-disposition"]
    jsonschema.validate(client.get(f"/export/{event['id']}.json").json(), SCHEMA)
    html = client.get(f"/export/{event['id']}.html").text
    assert html.startswith("<!doctype html>") and "/articles/" not in html  # the saved page stands alone
    assert client.get(f"/export/{event['id']}.pdf").status_code == 404


def test_an_article_page_shows_its_removed_boilerplate_on_request_and_its_copies(tmp_path):
    from conftest import STORIES

    title, day, text = STORIES[0]
    folder = tmp_path / "in"
    for name, outlet in (("a.txt", "Wire Service"), ("b.txt", "Daily Post")):
        write(folder, name, f"{title}\n\n{text}\n\nSign up for our newsletter to get the news first.\n")
    write(folder, "meta.jsonl", "".join(json.dumps({"file": n, "outlet": o, "published": day}) + "\n"
                                        for n, o in (("a.txt", "Wire Service"), ("b.txt", "Daily Post"))))
    engine = Engine(db=str(tmp_path / "s.db"))
    engine.ingest([folder])
    a, b = sorted(engine.articles(), key=lambda x: x.outlet)
    assert any("newsletter" in line for line in a.removed)
    with TestClient(create_app(engine.store)) as c:
        page = c.get(f"/articles/{a.id}").text
        assert "newsletter" not in page and "removed=true" in page
        assert f'href="/articles/{b.id}"' in page  # the other outlet ran the same text
        assert f"{day}T00:00:00, from the metadata given with it" in page  # and how its date was found
        assert "Sign up for our newsletter" in c.get(f"/articles/{a.id}", params={"removed": "true"}).text
    engine.close()


def test_the_events_page_badges_an_event_whose_outlets_disagree_once_briefed(tmp_path):
    from conftest import MALI, need

    engine = Engine(db=str(tmp_path / "s.db"))
    engine.ingest([need(MALI)])
    danish = max(engine.events(), key=lambda e: len(e.article_ids))  # 90 troops or 105: the outlets differ
    with TestClient(create_app(engine.store)) as c:
        assert "outlets disagree" not in c.get("/").text  # nothing briefed yet: nothing known
        c.get(f"/events/{danish.id}")
        row = next(e for e in c.get("/api/events").json()["events"] if e["id"] == danish.id)
        assert row["disagreements"] >= 1
        page = c.get("/").text
        assert page.count("outlets disagree") == 1 and page.index(danish.id) < page.index("outlets disagree")
    engine.close()


def test_corrections_from_the_pages_survive_a_recluster_and_other_sites_cannot_make_them(tmp_path):
    engine = Engine(db=str(tmp_path / "s.db"))
    engine.ingest([EXAMPLE])
    a, b = sorted(engine.events(), key=lambda e: len(e.article_ids))[:2]
    with TestClient(create_app(engine.store)) as c:
        assert 'action="/corrections"' in c.get(f"/events/{a.id}").text
        refused = c.post("/corrections", data={"kind": "merge", "source": a.id, "target": b.id},
                         headers={"Origin": "https://elsewhere.example"})
        assert refused.status_code == 403 and len(engine.events()) == 3
        done = c.post("/corrections", data={"kind": "merge", "source": a.id, "target": b.id}, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"] == f"/events/{b.id}"
        assert c.post("/api/corrections", json={"kind": "merge", "source": b.id, "target": b.id}).status_code == 409
        assert c.post("/api/corrections", json={"kind": "split", "article": "a-no-such"}).status_code == 404
        assert c.post("/api/corrections", json={"kind": "merge", "source": b.id}).status_code == 422
        assert c.post("/api/corrections", json={"kind": "explode"}).status_code == 422
    merged = sorted(a.article_ids + b.article_ids)
    assert any(sorted(e.article_ids) == merged for e in engine.events())
    engine.recluster()  # the archive placed again: the correction is replayed
    assert any(sorted(e.article_ids) == merged for e in engine.events())
    article = a.article_ids[0]
    with TestClient(create_app(engine.store)) as c:
        moved = c.post("/api/corrections", json={"kind": "split", "article": article}).json()
    assert moved["articles"] == [article]
    engine.close()


def _wait_for(client, job_url: str) -> dict:
    for _ in range(600):
        job = client.get(job_url).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"{job_url} did not finish: {job}")


def test_uploads_are_read_in_the_background_with_errors_per_file_and_a_size_cap(tmp_path):
    from conftest import STORIES, news_page

    from storyline.ingest import MB, IngestOptions

    engine = Engine(db=str(tmp_path / "s.db"), ingest_options=IngestOptions(max_bytes=2 * MB))
    title, day, text = STORIES[0]
    files = [("files", ("bridge.html", news_page(title, day, text).encode(), "text/html")),
             ("files", ("../../escape.txt", b"\x00\x01\x02 not text", "text/plain")),
             ("files", ("huge.txt", b"x" * (3 * MB), "text/plain"))]
    with TestClient(create_app(engine.store, max_bytes=engine.ingest_options.max_bytes)) as c:
        assert 'enctype="multipart/form-data"' in c.get("/add").text
        sent = c.post("/add", files=files, follow_redirects=False)
        assert sent.status_code == 303
        job = _wait_for(c, "/api" + sent.headers["location"])
        assert job["state"] == "done" and job["added"] == 1, job
        reasons = {e["source"].split("/")[-1]: e["code"] for e in job["errors"]}
        assert reasons.get("huge.txt") == "E102" and reasons.get("escape.txt") == "E104", reasons
        assert not (tmp_path / "escape.txt").exists() and not (tmp_path.parent / "escape.txt").exists()
        assert (tmp_path / "uploads").is_dir()  # kept beside the database: sources stay readable
        page = c.get(sent.headers["location"]).text
        assert "1 new article" in page and "huge.txt" in page
        assert any(e["label"] for e in c.get("/api/events").json()["events"])  # its event is there
        # the API starts jobs too; a line that is not an http(s) address is refused, never read as a server path
        other = write(tmp_path / "more", "second.html", news_page(*STORIES[1][:2], STORIES[1][2]))
        api = c.post("/api/jobs", files=[("files", (other.name, other.read_bytes(), "text/html"))],
                     data={"urls": f"{tmp_path / 'more' / 'second.html'}\nfile:///etc/passwd\n"})
        assert api.status_code == 202
        job = _wait_for(c, f"/api/jobs/{api.json()['id']}")
        assert job["added"] == 1 and [e["code"] for e in job["errors"]] == ["E304", "E304"], job
        assert len(job["inputs"]) == 1 and "/uploads/" in job["inputs"][0]
        assert [j["id"] for j in c.get("/api/jobs").json()] == [job["id"], sent.headers["location"].split("/")[-1]]
    engine.close()


def test_the_app_answers_while_an_ingest_writes_to_its_store(tmp_path):
    import subprocess

    from test_engine import _cli, _many

    db = tmp_path / "s.db"
    engine = Engine(db=str(db))
    engine.ingest([EXAMPLE])
    log = tmp_path / "ingest.log"
    with log.open("w") as out:
        writer = subprocess.Popen(_cli() + ["ingest", str(_many(tmp_path / "in", 2000)), "--db", str(db)],
                                  stdout=out, stderr=out)
    statuses = []
    with TestClient(create_app(engine.store)) as c:
        while writer.poll() is None:  # readers never wait for the writer (WAL)
            for url in ("/", "/api/events", "/search?q=harbour"):
                statuses.append(c.get(url).status_code)
            time.sleep(0.05)
        assert writer.wait(timeout=600) == 0, log.read_text()
        statuses.append(c.get("/").status_code)
        assert c.get("/api/events", params={"outlet": "Wire 0"}).json()["events"]  # the new events, once written
    assert len(statuses) > 10 and set(statuses) == {200}
    engine.close()
