"""Aligning one large event: time per step of a brief, and what the citation contract costs.

Takes the 50 articles of a Timeline17 topic published nearest one day (real news from
several outlets, ../shared/eval/mds/t17_dev.jsonl) as one event, analyses them once
(spaCy; the store caches this, so it is not part of aligning), then builds the event's
brief once cold (every sentence embedded for the first time) and three times more,
and prints the mean seconds and the share of each step of those. The baseline
is the same brief without the contract's steps (checking every citation, seeking other
sentences for the outlets whose citation failed); the ratio is what the contract adds.

Then the first brief after analysis, as a new process meets it: the analyses read from
a real SQLite store, with the sentence embeddings kept beside them (ours) against
embedding every sentence again at brief time (the baseline, as before they were kept).

    .venv/bin/python benchmarks/bench_align.py [--articles 50] [--topic t17-h1n1 --day 2009-04-29]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from storyline import align, brief
from storyline.analyze import VERSION as analyze_version, analyze
from storyline.serial import analysis_from_dict, to_jsonable
from storyline.model import Article, Event

ROOT = Path(__file__).resolve().parents[1]
T17 = ROOT.parent / "shared" / "eval" / "mds" / "t17_dev.jsonl"
CONTRACT = ("enforce", "supported", "verdicts")  # the steps the contract adds


def event_articles(path: Path, topic: str, day: str, n: int) -> list[Article]:
    """The n articles of `topic` published nearest `day`, as storyline articles."""
    target = datetime.fromisoformat(day)
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        if row["id"] != topic:
            continue
        rows = sorted(row["articles"], key=lambda a: (abs((datetime.fromisoformat(a["date"][:10]) - target).days), a["id"]))
        return [Article(id=a["id"], source=a["id"], body=a["text"].replace(" \n", "\n"), outlet=_outlet(a["id"]),
                        title=a.get("title"), published=datetime.fromisoformat(a["date"][:10]), lang="en")
                for a in rows[:n]]
    raise SystemExit(f"{path}: no topic {topic!r}")


def _outlet(article_id: str) -> str:
    """T17 ids name the outlet: "MJ_bbc/2009-06-27/114.htm.txt" -> "bbc"."""
    return article_id.split("/")[0].split("_", 1)[-1]


def timed(spent: dict[str, float], name: str, fn):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - start
    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--topic", default="t17-h1n1")
    parser.add_argument("--day", default="2009-04-29")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not T17.exists():
        raise SystemExit(f"{T17} is absent: the shared benchmark data is kept outside the repository")
    articles = event_articles(T17, args.topic, args.day, args.articles)
    start = time.perf_counter()
    analyses = analyze(articles)
    analysis = time.perf_counter() - start
    outlets = len({a.outlet for a in articles})
    sentences = sum(len(an.sentences) for an in analyses)
    compared = len(align.sentence_pool(articles, analyses))
    print(f"{len(articles)} articles from {outlets} outlets ({args.topic}, nearest {args.day}), {sentences} sentences, "
          f"{compared} compared across outlets; analysis {analysis:.1f} s (once, cached in the store)")

    spent: dict[str, float] = defaultdict(float)
    steps = ["sentence_pool", "similarity", "facts_and_unique", "agreed_figures", "supported", "discrepancies",
             "date_discrepancies", "time_discrepancies", "setting_discrepancies", "spelling_discrepancies",
             "home_place", "event_people", "quote_groups", "attributions", "enforce", "verdicts"]
    originals = {name: getattr(align, name) for name in steps}
    for name in steps:
        setattr(align, name, timed(spent, name, originals[name]))
    brief_steps = {"_summary": brief._summary, "timeline": brief.timeline}
    for name, fn in brief_steps.items():
        setattr(brief, name, timed(spent, name, fn))
    event = Event("bench", [a.id for a in articles], articles[0].published, articles[-1].published, "bench")
    from storyline.analyze.embed import embed

    embed(["warm up"])  # the encoder loads once per process
    start = time.perf_counter()
    brief.brief_event(event, articles, analyses)  # cold: every sentence embedded and checked for the first time
    cold = time.perf_counter() - start
    spent.clear()
    totals = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = brief.brief_event(event, articles, analyses)
        totals.append(time.perf_counter() - start)
    total = sum(totals) / args.runs
    spent["timeline"] -= spent["verdicts"]  # the timeline's own citation checks are listed as verdicts
    print(f"\n{'step':<18} {'seconds':>8} {'share':>6}")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"{name:<18} {seconds / args.runs:8.2f} {seconds / args.runs / total:6.1%}")
    contract = sum(spent[name] for name in CONTRACT) / args.runs
    print(f"{'brief, all steps':<18} {total:8.2f}   (the first brief of these articles: {cold:.2f} s, "
          f"embedding every sentence; later ones reuse the embeddings)")
    print(f"\nfacts {len(result.facts)}, summary {len(result.summary)}, timeline {len(result.timeline)}, "
          f"citations {sum(len(x.citations) for x in [*result.summary, *result.facts, *result.timeline])}")
    print(f"baseline (no citation contract) {total - contract:.2f} s, storyline {total:.2f} s: "
          f"ratio ours/baseline {total / max(total - contract, 1e-9):.2f}")
    for name, fn in {**originals, **brief_steps}.items():
        setattr(align if name in originals else brief, name, fn)
    first_brief_after_analysis(articles, analyses, event)


def first_brief_after_analysis(articles: list[Article], analyses, event: Event) -> None:
    """Seconds from a store holding the analyses to the brief, with no embedding in memory."""
    import tempfile

    from storyline.analyze import embed as embedding
    from storyline.engine import Engine

    with tempfile.TemporaryDirectory() as tmp:
        engine = Engine(db=str(Path(tmp) / "bench.db"))
        engine.store.save_analyses(analyze_version, {an.article_id: to_jsonable(an) for an in analyses})
        engine.analyses(articles)  # the sentence embeddings, computed once and stored beside the analyses
        timings = {}
        for name, keep in (("baseline", False), ("storyline", True)):
            embedding._MEMO.clear()  # a new process: nothing embedded in memory
            start = time.perf_counter()
            analyses = engine.analyses(articles) if keep else [analysis_from_dict(d) for d in engine.store.analyses(
                [a.id for a in articles], analyze_version).values()]
            brief.brief_event(event, articles, analyses)
            timings[name] = time.perf_counter() - start
        engine.close()
    print(f"\nfirst brief after analysis (store read, nothing embedded in memory), {len(articles)} articles:")
    print(f"baseline (embeds every sentence at brief time) {timings['baseline']:.2f} s, "
          f"storyline (embeddings kept with the analyses) {timings['storyline']:.2f} s: "
          f"ratio ours/baseline {timings['storyline'] / timings['baseline']:.2f}; target under 3 s")


if __name__ == "__main__":
    main()
