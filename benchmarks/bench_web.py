"""The web app over a large archive: how long the events page and a cached brief page take.

Builds a store of --articles synthetic articles (100,000 by default: perturbed copies of
the eval articles with new dates, 300 a day, 50 outlets; see scale.py), places them in
events as an ingest does (`Engine.update_events`), then times requests to the app
in-process (`create_app` behind Starlette's TestClient: routing, the store, rendering).

- Events page: the first page, a page deep in the archive, and the outlet and language
  filters. Ours pages and filters in SQL (`Store.events_page`); the baseline, as the app
  did before, loads every event and filters in Python, then reads the members of the
  page. Both render the same template.
- Brief page: an event of several outlets, briefed once (the cold brief is the baseline:
  what a page cost before briefs were kept), then served from the kept brief.

Times are the median of --repeat requests. Targets (issue 10): events page under 300 ms
and a cached brief page under 200 ms at 100,000 articles.

    .venv/bin/python benchmarks/bench_web.py [--articles 100000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import max_rss_mb, source_texts, store, synthetic  # noqa: E402

from storyline.engine import Engine  # noqa: E402
from storyline.render.env import render  # noqa: E402
from storyline.serial import iso_day  # noqa: E402
from storyline.web import create_app  # noqa: E402
from storyline.web.app import PAGE  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def baseline_events_page(engine: Engine, page: int, outlet: str = "", lang: str = "", since: date | None = None,
                         until: date | None = None) -> str:
    """The events page as the app built it before `Store.events_page`: every event read,
    sorted and filtered in Python, the members of all of them read for a filter."""
    events = sorted((e for e in engine.events()
                     if (since is None or (e.last_seen or e.first_seen) and (e.last_seen or e.first_seen).date() >= since)
                     and (until is None or e.first_seen and e.first_seen.date() <= until)),
                    key=lambda e: (e.first_seen or datetime.min, e.id), reverse=True)
    if outlet or lang:
        articles = {a.id: a for a in engine.store.articles([i for e in events for i in e.article_ids], light=True)}
        events = [e for e in events if any((not outlet or articles[i].outlet_name == outlet)
                                           and (not lang or (articles[i].lang or "unknown") == lang)
                                           for i in e.article_ids if i in articles)]
    shown = events[(page - 1) * PAGE: page * PAGE]
    articles = {a.id: a for a in engine.store.articles([i for e in shown for i in e.article_ids], light=True)}
    conflicts = engine.store.brief_conflicts([e.id for e in shown])
    rows = []
    for e in shown:
        members = [articles[i] for i in e.article_ids if i in articles]
        rows.append({"id": e.id, "label": e.label, "storyline_id": e.storyline_id, "first_seen": iso_day(e.first_seen),
                     "last_seen": iso_day(e.last_seen), "articles": len(members),
                     "outlets": sorted({a.outlet_name for a in members}),
                     "languages": sorted({a.lang or "unknown" for a in members}), "disagreements": conflicts.get(e.id)})
    filters = {"since": since or "", "until": until or "", "outlet": outlet, "lang": lang}
    return render("events.html.j2", events=rows, page=page, more=len(events) > page * PAGE, filters=filters, query="")


def median_ms(call, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def get(client: TestClient, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")


def run(eval_dir: Path, n: int, repeat: int) -> str:
    texts = source_texts(eval_dir)
    with tempfile.TemporaryDirectory(prefix="storyline-web-") as tmp:
        engine = Engine(db=str(Path(tmp) / "web.db"))
        t0 = time.perf_counter()
        store(engine, synthetic(texts, n, datetime(2030, 1, 1), seed=n, tag="w"))
        engine.update_events()
        built = time.perf_counter() - t0
        events = engine.events()
        pages = -(-len(events) // PAGE)
        client = TestClient(create_app(engine.store))
        some = engine.store.articles(events[len(events) // 2].article_ids, light=True)[0]
        langs = Counter(a.lang or "unknown" for a in engine.store.articles(light=True))
        common = langs.most_common()[0][0]
        rare = langs.most_common()[-1][0] if len(langs) > 1 else "zz"  # the rarest, else one no article is in
        week = events[len(events) // 2].first_seen.date()
        cases = [("first page", {"page": 1}), (f"page {pages // 2} of {pages}", {"page": pages // 2}),
                 (f"outlet={some.outlet_name}", {"page": 1, "outlet": some.outlet_name}),
                 ("an outlet no article has", {"page": 1, "outlet": "no such outlet"}),
                 (f"lang={common} ({langs[common]:,} articles)", {"page": 1, "lang": common}),
                 (f"lang={rare} ({langs[rare]:,} articles)", {"page": 1, "lang": rare}),
                 ("one week", {"page": 1, "since": week - timedelta(days=7), "until": week})]
        lines = [f"storyline web benchmark: {n:,} articles in {len(events):,} events ({pages:,} pages of {PAGE}); "
                 f"store built and placed in {built:.0f} s",
                 f"{'events page':<34} {'baseline ms':>11} {'storyline ms':>12} {'ratio':>7}  target"]
        for name, params in cases:
            query = "&".join(f"{k}={v}" for k, v in params.items())
            get(client, f"/?{query}")  # warm: templates compiled, pages cached by SQLite
            ours = median_ms(lambda: get(client, f"/?{query}"), repeat)
            base = median_ms(lambda: baseline_events_page(engine, **params), max(1, repeat // 3))
            lines.append(f"{name:<34} {base:>11.0f} {ours:>12.1f} {ours / base:>7.3f}  "
                         f"{'under 300 ms: met' if ours < 300 else 'under 300 ms: NOT met'}")
        event = max(events[-200:], key=lambda e: len(e.article_ids))
        t0 = time.perf_counter()
        get(client, f"/events/{event.id}")
        cold = (time.perf_counter() - t0) * 1000
        cached = median_ms(lambda: get(client, f"/events/{event.id}"), repeat)
        lines += [f"{'brief page':<34} {'cold ms':>11} {'cached ms':>12} {'ratio':>7}  target",
                  f"{f'{len(event.article_ids)} articles':<34} {cold:>11.0f} {cached:>12.1f} {cached / cold:>7.3f}  "
                  f"{'under 200 ms: met' if cached < 200 else 'under 200 ms: NOT met'}",
                  f"median of {repeat} requests in-process (TestClient); baseline events page (a call, no HTTP): every event loaded and "
                  f"filtered in Python (median of {max(1, repeat // 3)}); max RSS {max_rss_mb():.0f} MB"]
        engine.close()
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    args = parser.parse_args()
    print(run(args.eval_dir, args.articles, args.repeat))


if __name__ == "__main__":
    main()
