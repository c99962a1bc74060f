"""Pipeline benchmark: articles per second and peak memory on ~2,000 real articles.

What it measures, each against a baseline run in the same process (the project's
rule), with the throughput ratio ours/baseline:

1. "ingest+clean+cluster": ``Engine(db=...).ingest([folder])`` — read, clean, store,
   cluster into events and link storylines. Baseline: the same files read with plain
   ``open().read()``, TF-IDF (sklearn ``TfidfVectorizer``) and agglomerative
   average-link clustering on cosine distance with distance_threshold 0.8 (the
   baseline named in ../shared/eval/README.md). A second ingest on a fresh database
   times the sub-steps (read_paths, outlet_boilerplate + clean_article, store
   writes, update_events and its parts) to show where the time goes.
2. "full analysis + brief": ``engine.analyses(articles)`` (spaCy and our extractors,
   results cached in the store) on a sample of whole events holding about
   --analyze-n articles, then ``engine.brief(event_id)`` for every event of the
   sample. Baseline: spaCy's bare ``nlp.pipe`` over the same article bodies, so the
   ratio shows our overhead over plain parsing.

Timing uses time.perf_counter. Memory: tracemalloc peak (Python allocations, reset
before each step) and resource.getrusage(RUSAGE_SELF).ru_maxrss, the process
high-water mark (monotonic, so each step also shows how much it raised it).
tracemalloc slows allocation-heavy code, so every step is timed with it off and
its memory taken in a separate traced run (phase 1 on a fresh database, phase 2 on
a smaller slice of the sample, figures scaled by nothing: they are peaks).

Data (never copied into the repo): multinews_dev.jsonl (articles of 250 clusters),
ecbplus_dev.jsonl, basil_dev.jsonl and as many t17_dev.jsonl articles as needed to
reach --n, from ../shared/eval relative to the repo root (or --eval-dir). Empty and
duplicate texts are skipped. The articles are written as .txt files with a
meta.jsonl sidecar into a temporary directory and the real pipeline runs on them.

Run from the repo root:

    .venv/bin/python benchmarks/bench_pipeline.py
    .venv/bin/python benchmarks/bench_pipeline.py --n 500 --analyze-n 100 --json
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import sys
import tempfile
import time
import traceback
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
TARGET_PHASE1 = 200.0  # articles/s, ingest+clean+cluster
TARGET_PHASE2 = 20.0  # articles/s, analysis + briefs
BASELINE_THRESHOLD = 0.8  # cosine distance, agglomerative average link
T17_OUTLETS = {"bbc": "BBC", "reuters": "Reuters", "guardian": "The Guardian"}
MB = 1024 * 1024


# ---- data ------------------------------------------------------------------------------

@dataclass(slots=True)
class Item:
    """One article to write out: its text and the sidecar fields."""

    dataset: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _day(value: str | None) -> str | None:
    return value[:10] if value and len(value) >= 10 and value[4] == "-" and value[7] == "-" else None


def load_items(eval_dir: Path, n: int) -> tuple[list[Item], dict[str, int]]:
    """About n articles: Multi-News, ECB+ and BASIL dev first, then Timeline17 to fill up."""
    multinews = [Item("multinews", a.get("text") or "", a.get("title"), a.get("source"), _day(a.get("date")))
                 for cluster in _jsonl(eval_dir / "mds" / "multinews_dev.jsonl") for a in cluster["articles"]]
    ecbplus = [Item("ecbplus", r.get("text") or "", r.get("title"), r.get("source"), _day(r.get("date")))
               for r in _jsonl(eval_dir / "cluster" / "ecbplus_dev.jsonl")]
    basil = [Item("basil", r.get("text") or "", r.get("title"), r.get("source"), _day(r.get("date")), r.get("url"))
             for r in _jsonl(eval_dir / "cluster" / "basil_dev.jsonl")]
    topics = [[Item("t17", a.get("text") or "", a.get("title"),
                    T17_OUTLETS.get(a["collection"].rsplit("_", 1)[-1].lower(), a["collection"].rsplit("_", 1)[-1]),
                    _day(a.get("date")))
               for a in topic["articles"]]
              for topic in _jsonl(eval_dir / "mds" / "t17_dev.jsonl")]
    t17 = [item for group in _round_robin(topics) for item in group]  # mix the four topics

    seen: set[str] = set()
    skipped = {"empty": 0, "duplicate": 0}

    def usable(items: list[Item]) -> list[Item]:
        kept = []
        for item in items:
            key = item.text.strip()
            if not key:
                skipped["empty"] += 1
            elif key in seen:
                skipped["duplicate"] += 1
            else:
                seen.add(key)
                kept.append(item)
        return kept

    fixed = [usable(multinews), usable(ecbplus), usable(basil)]
    total = sum(map(len, fixed))
    if n < total:  # a proportional slice of each set, so a small run still mixes them
        fixed = [items[: round(n * len(items) / total)] for items in fixed]
    chosen = [item for items in fixed for item in items]
    chosen += usable(t17)[: max(0, n - len(chosen))]
    return chosen, skipped


def _round_robin(lists: list[list[Item]]) -> Iterator[list[Item]]:
    for i in range(max(map(len, lists), default=0)):
        yield [items[i] for items in lists if i < len(items)]


def write_folder(items: list[Item], folder: Path) -> int:
    """Each article as NNNNN_dataset.txt plus one meta.jsonl sidecar; returns bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    with (folder / "meta.jsonl").open("w", encoding="utf-8") as meta:
        for i, item in enumerate(items):
            name = f"{i:05d}_{item.dataset}.txt"
            size += (folder / name).write_text(item.text, encoding="utf-8")
            meta.write(json.dumps({"file": name, "outlet": item.outlet, "published": item.published,
                                   "title": item.title, "url": item.url}) + "\n")
    return size


# ---- measuring ---------------------------------------------------------------------------

@dataclass(slots=True)
class Timed:
    seconds: float
    result: Any = None


@dataclass(slots=True)
class Memory:
    traced_peak_mb: float  # tracemalloc peak of the step
    rss_peak_mb: float  # process high-water mark after the step
    rss_growth_mb: float  # how much the step raised that mark


def _rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb * 1024 / MB if sys.platform != "darwin" else kb / MB  # macOS reports bytes


def timed(fn: Callable[[], Any]) -> Timed:
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return Timed(time.perf_counter() - start, result)


def traced(fn: Callable[[], Any]) -> tuple[Memory, Any]:
    """Run fn under tracemalloc; its peak, and the process RSS high-water mark."""
    gc.collect()
    rss_before = _rss_mb()
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rss_after = _rss_mb()
    return Memory(peak / MB, rss_after, rss_after - rss_before), result


@contextmanager
def timing_wrappers(targets: list[tuple[object, str, str]], into: dict[str, float]):
    """Temporarily wrap module functions/methods so their time adds up in `into`."""
    originals = []
    for owner, attr, label in targets:
        original = getattr(owner, attr)
        originals.append((owner, attr, original))

        def wrapper(*args, __original=original, __label=label, **kwargs):
            start = time.perf_counter()
            try:
                return __original(*args, **kwargs)
            finally:
                into[__label] = into.get(__label, 0.0) + time.perf_counter() - start

        setattr(owner, attr, wrapper)
    try:
        yield into
    finally:
        for owner, attr, original in reversed(originals):
            setattr(owner, attr, original)


# ---- phase 1: ingest + clean + cluster ---------------------------------------------------

def baseline_cluster(folder: Path) -> int:
    """Plain reads + TF-IDF + agglomerative average link (cosine, threshold 0.8): cluster count."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    texts = []
    for path in sorted(folder.glob("*.txt")):
        with open(path, encoding="utf-8") as handle:
            texts.append(handle.read())
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    distances = cosine_distances(matrix)  # dense n×n; same as metric="cosine" without densifying the TF-IDF
    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                    distance_threshold=BASELINE_THRESHOLD)
    return int(model.fit(distances).n_clusters_)


def ours_ingest(folder: Path, db: Path):
    from storyline import Engine

    engine = Engine(db=db)
    try:
        report = engine.ingest([folder])
        return report, len(engine.events()), len(engine.storylines())
    finally:
        engine.close()


def ingest_breakdown(folder: Path, db: Path) -> dict[str, float]:
    """Engine.ingest step by step on a fresh database, each step timed on its own."""
    from storyline import Engine
    from storyline import engine as engine_module
    from storyline.clean import clean_article, outlet_boilerplate
    from storyline.errors import E_NO_BODY
    from storyline.ingest import read_paths
    from storyline.model import IngestError
    from storyline.store.sql import Store

    steps: dict[str, float] = {}
    engine = Engine(db=db)
    try:
        t = timed(lambda: list(read_paths([folder], engine.ingest_options)))
        reads, steps["read_paths (read, decode, sidecar, dateline)"] = t.result, t.seconds

        def clean_all():
            readable = [r.article for r in reads if r.article is not None]
            repeated = outlet_boilerplate(readable)
            return [(r, clean_article(r.article, repeated.get(r.article.outlet, ())) if r.article else None)
                    for r in reads]

        t = timed(clean_all)
        cleaned, steps["clean_article (+ outlet_boilerplate)"] = t.result, t.seconds

        def store_all():
            for r, article in cleaned:
                if r.error is not None:
                    engine.store.add(None, r.raw, r.error)
                elif not article.body.strip():
                    engine.store.add(None, r.raw, IngestError(r.source, E_NO_BODY, "no text left", r.raw.id))
                else:
                    engine.store.add(article, r.raw)

        steps["store writes (Store.add, one transaction each)"] = timed(store_all).seconds

        parts: dict[str, float] = {}
        targets = [(engine_module, "_cluster_docs", "  _cluster_docs (estimate_published for undated)"),
                   (engine_module, "assign", "  cluster.assign (events)"),
                   (engine_module, "link", "  storylines.link"),
                   (Store, "articles", "  Store.articles (read back)"),
                   (Store, "save_clustering", "  Store.save_clustering")]
        with timing_wrappers(targets, parts):
            steps["update_events (clustering + storylines)"] = timed(engine.update_events).seconds
        steps.update({label: parts.get(label, 0.0) for _, _, label in targets})
    finally:
        engine.close()
    return steps


# ---- phase 2: analysis + briefs ----------------------------------------------------------

def pick_sample(db: Path, n: int, seed: int = 0):
    """Whole events, in a seeded random order, until about n articles: every article's event is briefed."""
    from storyline import Engine

    engine = Engine(db=db)
    try:
        events = engine.events()
        random.Random(seed).shuffle(events)
        chosen, count = [], 0
        for event in events:
            if count + len(event.article_ids) <= n:
                chosen.append(event)
                count += len(event.article_ids)
            if count >= n:
                break
        articles = engine.articles([a for e in chosen for a in e.article_ids])
    finally:
        engine.close()
    return chosen, articles


def baseline_parse(bodies: list[str]) -> int:
    """spaCy's bare nlp.pipe over the bodies: token count."""
    from storyline.analyze.nlp import load

    nlp = load()
    return sum(len(doc) for doc in nlp.pipe(bodies, batch_size=64))


def ours_analyse(db: Path, articles) -> int:
    from storyline import Engine

    engine = Engine(db=db)
    try:
        return len(engine.analyses(articles))
    finally:
        engine.close()


def ours_briefs(db: Path, event_ids: list[str]) -> tuple[int, dict[str, int]]:
    """Briefs built, and failures by error (a failing brief is counted, not fatal)."""
    from storyline import Engine

    engine = Engine(db=db)
    built, failures = 0, {}
    try:
        for event_id in event_ids:
            try:
                engine.brief(event_id)
                built += 1
            except Exception as exc:  # noqa: BLE001  report the bug, keep measuring
                where = traceback.extract_tb(exc.__traceback__)[-1]
                key = f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno} ({where.name}): {exc}"
                failures[key] = failures.get(key, 0) + 1
    finally:
        engine.close()
    return built, failures


def copy_db(source: Path, target: Path) -> Path:
    """A copy of an SQLite store (through the backup API, so WAL content comes along)."""
    import sqlite3

    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


# ---- report ------------------------------------------------------------------------------

def verdict(rate: float, target: float) -> str:
    return "PASS" if rate >= target else "BELOW"


def fmt_mem(m: Memory) -> str:
    return f"tracemalloc peak {m.traced_peak_mb:7.1f} MB | max RSS {m.rss_peak_mb:7.1f} MB (+{m.rss_growth_mb:.1f})"


def run(args: argparse.Namespace) -> dict:
    eval_dir = args.eval_dir
    items, skipped = load_items(eval_dir, args.n)
    by_set: dict[str, int] = {}
    for item in items:
        by_set[item.dataset] = by_set.get(item.dataset, 0) + 1
    out: dict[str, Any] = {"n_articles": len(items), "by_dataset": by_set, "skipped": skipped}
    print(f"storyline pipeline benchmark — {len(items)} articles from {eval_dir}")
    print("  " + ", ".join(f"{k} {v}" for k, v in by_set.items())
          + f" (skipped {skipped['empty']} empty, {skipped['duplicate']} duplicate texts)")

    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        tmp = Path(tmp)
        folder = tmp / "articles"
        size = write_folder(items, folder)
        print(f"  written to a temporary folder: {size / MB:.1f} MB of text + meta.jsonl\n")
        n = len(items)

        # ---- phase 1
        import sklearn  # noqa: F401  (imports outside the timings, for both sides)
        import storyline.engine  # noqa: F401

        base = timed(lambda: baseline_cluster(folder))
        base_mem, _ = traced(lambda: baseline_cluster(folder))
        ours = timed(lambda: ours_ingest(folder, tmp / "phase1.db"))
        ours_mem, _ = traced(lambda: ours_ingest(folder, tmp / "phase1-traced.db"))
        report, n_events, n_stories = ours.result
        steps = ingest_breakdown(folder, tmp / "phase1-steps.db")

        rate1, base1 = n / ours.seconds, n / base.seconds
        print("Phase 1: ingest+clean+cluster (Engine.ingest: read, clean, store, events, storylines)")
        print(f"  ours      {ours.seconds:7.2f} s  {rate1:8.1f} articles/s   [target >= {TARGET_PHASE1:.0f}: "
              f"{verdict(rate1, TARGET_PHASE1)}]   {fmt_mem(ours_mem)}")
        print(f"  baseline  {base.seconds:7.2f} s  {base1:8.1f} articles/s   (open().read + TF-IDF + agglomerative "
              f"avg-link cosine 0.8: {base.result} clusters)   {fmt_mem(base_mem)}")
        print(f"  ratio ours/baseline (throughput): {rate1 / base1:.2f}x")
        print(f"  stored {len(report.added)} new, {len(report.updated)} updated, {len(report.errors)} errors; "
              f"{n_events} events, {n_stories} storylines")
        print("  where the time goes (second ingest on a fresh db, steps timed one by one):")
        top = sum(v for k, v in steps.items() if not k.startswith("  "))
        for label, seconds in steps.items():
            share = f"{100 * seconds / top:5.1f}%" if not label.startswith("  ") else "      "
            print(f"    {label:<50} {seconds:7.2f} s  {share}  {n / seconds if seconds else float('inf'):9.1f} art/s")
        print(f"    {'total':<50} {top:7.2f} s\n")
        out["phase1"] = {
            "ours": {"seconds": ours.seconds, "articles_per_s": rate1, "memory": _mem(ours_mem),
                     "added": len(report.added), "updated": len(report.updated), "errors": len(report.errors),
                     "events": n_events, "storylines": n_stories},
            "baseline": {"seconds": base.seconds, "articles_per_s": base1, "clusters": base.result,
                         "memory": _mem(base_mem)},
            "ratio": rate1 / base1, "target": TARGET_PHASE1, "pass": rate1 >= TARGET_PHASE1,
            "steps_seconds": {k.strip(): v for k, v in steps.items()},
        }

        # ---- phase 2
        from storyline.analyze.nlp import load

        loaded = timed(load)
        events, articles = pick_sample(tmp / "phase1.db", args.analyze_n)
        bodies = [a.body for a in articles]
        m, event_ids = len(articles), [e.id for e in events]
        slice_n = max(1, min(m, args.trace_n))
        traced_events, count = [], 0  # whole events again, for the traced runs on a copy of the store
        for e in events:
            if count >= slice_n:
                break
            traced_events.append(e)
            count += len(e.article_ids)
        traced_ids = {a for e in traced_events for a in e.article_ids}
        traced_articles = [a for a in articles if a.id in traced_ids]
        traced_db = copy_db(tmp / "phase1.db", tmp / "phase2-traced.db")

        base2 = timed(lambda: baseline_parse(bodies))
        base2_mem, _ = traced(lambda: baseline_parse([a.body for a in traced_articles]))
        analysis = timed(lambda: ours_analyse(tmp / "phase1.db", articles))
        briefs = timed(lambda: ours_briefs(tmp / "phase1.db", event_ids))
        analysis_mem, _ = traced(lambda: ours_analyse(traced_db, traced_articles))
        briefs_mem, _ = traced(lambda: ours_briefs(traced_db, [e.id for e in traced_events]))

        rate_an, base_rate = m / analysis.seconds, m / base2.seconds
        total2 = analysis.seconds + briefs.seconds
        rate2 = m / total2
        sizes = sorted(len(e.article_ids) for e in events)
        print(f"Phase 2: full analysis + brief ({m} articles in {len(events)} whole events, seeded sample; "
              f"event sizes {sizes[0]}–{sizes[-1]}, median {sizes[len(sizes) // 2]}; "
              f"spaCy model loaded in {loaded.seconds:.2f} s, outside the timings)")
        print(f"  ours analyses  {analysis.seconds:7.2f} s  {rate_an:8.1f} articles/s   {fmt_mem(analysis_mem)}")
        built, failures = briefs.result
        print(f"  ours briefs    {briefs.seconds:7.2f} s  {len(events) / briefs.seconds:8.1f} briefs/s "
              f"({len(events)} event briefs, every event of the sample; {built} built, "
              f"{len(events) - built} failed)   {fmt_mem(briefs_mem)}")
        for problem, count in failures.items():
            print(f"    FAILED x{count}: {problem}")
        print(f"  ours total     {total2:7.2f} s  {rate2:8.1f} articles/s   [target >= {TARGET_PHASE2:.0f}: "
              f"{verdict(rate2, TARGET_PHASE2)}]")
        print(f"  baseline       {base2.seconds:7.2f} s  {base_rate:8.1f} articles/s   (bare nlp.pipe, "
              f"{base2.result} tokens)   {fmt_mem(base2_mem)}")
        print(f"  ratio ours/baseline (throughput): analyses {rate_an / base_rate:.2f}x, "
              f"analyses+briefs {rate2 / base_rate:.2f}x")
        print(f"  (phase 2 memory from traced runs on {len(traced_articles)} articles / {len(traced_events)} events)")
        out["phase2"] = {
            "articles": m, "events": len(events), "model_load_seconds": loaded.seconds,
            "analyses": {"seconds": analysis.seconds, "articles_per_s": rate_an, "memory": _mem(analysis_mem)},
            "briefs": {"seconds": briefs.seconds, "briefs_per_s": len(events) / briefs.seconds,
                       "built": built, "failed": failures,
                       "memory": _mem(briefs_mem)},
            "total": {"seconds": total2, "articles_per_s": rate2},
            "baseline": {"seconds": base2.seconds, "articles_per_s": base_rate, "tokens": base2.result,
                         "memory": _mem(base2_mem)},
            "ratio_analyses": rate_an / base_rate, "ratio_total": rate2 / base_rate,
            "target": TARGET_PHASE2, "pass": rate2 >= TARGET_PHASE2,
            "traced_articles": len(traced_articles),
        }
    return out


def _mem(m: Memory) -> dict:
    return {"tracemalloc_peak_mb": m.traced_peak_mb, "max_rss_mb": m.rss_peak_mb, "rss_growth_mb": m.rss_growth_mb}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="articles for phase 1 (default 2000)")
    parser.add_argument("--analyze-n", type=int, default=500, help="articles analysed and briefed in phase 2")
    parser.add_argument("--trace-n", type=int, default=150,
                        help="articles in the separate tracemalloc runs of phase 2 (default 150)")
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR, help=f"default {DEFAULT_EVAL_DIR}")
    parser.add_argument("--json", action="store_true", help="also print one JSON line with all figures")
    args = parser.parse_args(argv)
    needed = [args.eval_dir / "mds" / "multinews_dev.jsonl", args.eval_dir / "mds" / "t17_dev.jsonl",
              args.eval_dir / "cluster" / "ecbplus_dev.jsonl", args.eval_dir / "cluster" / "basil_dev.jsonl"]
    missing = [str(p) for p in needed if not p.is_file()]
    if missing:
        print(f"eval data not found ({', '.join(missing)}); pass --eval-dir. Nothing measured.")
        return 0
    figures = run(args)
    if args.json:
        print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
