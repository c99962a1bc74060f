"""Pipeline benchmark: articles per second and peak memory on ~2,000 real articles.

Two phases, each against a baseline run in the same process (the project's rule),
with the throughput ratio ours/baseline and a PASS/BELOW against its target:

1. "ingest+clean+cluster" (target >= 200 articles/s):
   ours     = Engine(db=<temp sqlite>).ingest([folder]): read, clean, store, cluster
              into events, link storylines;
   baseline = the same files read with plain open().read(), sklearn TfidfVectorizer
              and AgglomerativeClustering (average link, cosine distance, threshold
              0.8), the baseline named in ../shared/eval/README.md.
   A second ingest on a fresh database runs with timers around Engine.ingest's own
   collaborators (read_paths, outlet_boilerplate, clean_articles, Store.add,
   update_events and its parts) to show where the time goes.
2. "full analysis + brief" (target >= 20 articles/s, analyses plus briefs):
   ours     = engine.analyses(articles) (spaCy and our extractors; results cached in
              the store) on whole events holding about --analyze-n articles, drawn in
              a seeded random order, then engine.brief(event_id) for every one of
              those events;
   baseline = spaCy's bare nlp.pipe over the same article bodies, so the ratio is
              our overhead over plain parsing.

Timing: time.perf_counter, with tracemalloc off. Memory: every step first runs once
under tracemalloc (its peak of Python allocations; this run also warms caches and
lazy model loads), then the timed run records ru_maxrss from
resource.getrusage(RUSAGE_SELF), the peak resident size of the process. On Linux that peak is reset
before each step (/proc/self/clear_refs), so it is the step's own peak (still
counting what the process already holds, e.g. the spaCy model); elsewhere it is
the process high-water mark so far.

Data, never copied into the repo: the articles of multinews_dev.jsonl, ecbplus_dev
.jsonl and basil_dev.jsonl, then as many t17_dev.jsonl articles as needed to reach
--n (empty and duplicate texts skipped), from ../shared/eval relative to the repo
root or --eval-dir. They are written as .txt files plus a meta.jsonl sidecar into a
temporary directory, and the real pipeline runs on that folder.

Run from the repo root (about 10 minutes on 2 cores with the defaults):

    .venv/bin/python benchmarks/bench_pipeline.py
    .venv/bin/python benchmarks/bench_pipeline.py --n 500 --analyze-n 100 --json
    .venv/bin/python -m cProfile -s cumulative benchmarks/bench_pipeline.py --n 500 --analyze-n 0
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import sqlite3
import sys
import tempfile
import time
import traceback
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
DATA_FILES = ("mds/multinews_dev.jsonl", "cluster/ecbplus_dev.jsonl", "cluster/basil_dev.jsonl", "mds/t17_dev.jsonl")
TARGET_PHASE1 = 200.0  # articles/s, ingest+clean+cluster
TARGET_PHASE2 = 20.0  # articles/s, analyses + briefs
BASELINE_THRESHOLD = 0.8  # cosine distance for the agglomerative baseline
T17_OUTLETS = {"bbc": "BBC", "reuters": "Reuters", "guardian": "The Guardian"}
MB = 1024 * 1024


# ---- data ---------------------------------------------------------------------------------

@dataclass(slots=True)
class Item:
    """One article to write out: its text and its sidecar fields."""

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
    """YYYY-MM-DD, or None for anything else."""
    return value[:10] if value and len(value) >= 10 and value[4] == "-" and value[7] == "-" else None


def _item(dataset: str, row: dict, outlet: str | None = None) -> Item:
    return Item(dataset, row.get("text") or "", row.get("title"), outlet or row.get("source"),
                _day(row.get("date")), row.get("url"))


def load_items(eval_dir: Path, n: int) -> tuple[list[Item], dict[str, int]]:
    """About n articles: Multi-News, ECB+ and BASIL dev, then Timeline17 to fill up.

    Below the size of the first three sets, each gives a proportional slice, so a
    small run still mixes them. Returns the items and the counts of skipped texts.
    """
    multinews = [_item("multinews", a) for c in _jsonl(eval_dir / DATA_FILES[0]) for a in c["articles"]]
    ecbplus = [_item("ecbplus", r) for r in _jsonl(eval_dir / DATA_FILES[1])]
    basil = [_item("basil", r) for r in _jsonl(eval_dir / DATA_FILES[2])]
    topics = [[_item("t17", a, _t17_outlet(a["collection"])) for a in topic["articles"]]
              for topic in _jsonl(eval_dir / DATA_FILES[3])]
    t17 = [topic[i] for i in range(max(map(len, topics), default=0)) for topic in topics if i < len(topic)]

    seen: set[str] = set()
    skipped = Counter()

    def usable(items: list[Item]) -> list[Item]:
        kept = []
        for item in items:
            key = item.text.strip()
            if not key or key in seen:
                skipped["empty" if not key else "duplicate"] += 1
                continue
            seen.add(key)
            kept.append(item)
        return kept

    fixed = [usable(multinews), usable(ecbplus), usable(basil)]
    total = sum(map(len, fixed))
    if n < total:
        fixed = [items[: round(n * len(items) / total)] for items in fixed]
    chosen = [item for items in fixed for item in items]
    chosen += usable(t17)[: max(0, n - len(chosen))]
    return chosen, {"empty": skipped["empty"], "duplicate": skipped["duplicate"]}


def _t17_outlet(collection: str) -> str:
    """'H1N1_guardian' -> 'The Guardian'."""
    name = collection.rsplit("_", 1)[-1]
    return T17_OUTLETS.get(name.lower(), name)


def write_folder(items: list[Item], folder: Path) -> int:
    """Each article as NNNNN_<dataset>.txt plus one meta.jsonl sidecar; returns the characters written."""
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    with (folder / "meta.jsonl").open("w", encoding="utf-8") as meta:
        for i, item in enumerate(items):
            name = f"{i:05d}_{item.dataset}.txt"
            size += (folder / name).write_text(item.text, encoding="utf-8")
            meta.write(json.dumps({"file": name, "outlet": item.outlet, "published": item.published,
                                   "title": item.title, "url": item.url}) + "\n")
    return size


# ---- measuring ----------------------------------------------------------------------------

@dataclass(slots=True)
class Measure:
    """One step: timed run (seconds, process RSS peak) and traced run (tracemalloc peak)."""

    seconds: float
    rss_peak_mb: float
    traced_peak_mb: float
    result: Any = None

    def memory(self) -> str:
        return f"mem: tracemalloc peak {self.traced_peak_mb:6.1f} MB, max RSS {self.rss_peak_mb:6.1f} MB"

    def figures(self) -> dict:
        return {"seconds": self.seconds, "tracemalloc_peak_mb": self.traced_peak_mb, "max_rss_mb": self.rss_peak_mb}


def _reset_rss_peak() -> bool:
    """Linux: make ru_maxrss restart from the current RSS. False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def _max_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / MB if sys.platform == "darwin" else kb / 1024  # macOS reports bytes, Linux KiB


def measure(timed_run: Callable[[], Any], traced_run: Callable[[], Any] | None = None) -> Measure:
    """Trace `traced_run` (default: the same call) for memory, then time `timed_run` with tracing off.

    The two must be equivalent runs on their own inputs (e.g. two fresh databases).
    """
    gc.collect()
    tracemalloc.start()
    try:
        (traced_run or timed_run)()
        _, traced_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    gc.collect()
    _reset_rss_peak()
    start = time.perf_counter()
    result = timed_run()
    seconds = time.perf_counter() - start
    return Measure(seconds, _max_rss_mb(), traced_peak / MB, result)


@contextmanager
def timers(targets: list[tuple[object, str, str]], totals: dict[str, float], calls: Counter):
    """Wrap attributes (module functions, class methods) so their time adds up in `totals`
    and their calls in `calls`, by label.

    Several targets may share a label; a call made inside another of the same label
    is not counted twice. A function returning an iterator is drained inside its
    timer, so lazy readers are charged for their work.
    """
    saved = [(owner, attr, getattr(owner, attr)) for owner, attr, _ in targets]
    running: Counter = Counter()
    for (owner, attr, original), (_, _, label) in zip(saved, targets):
        def timed_call(*args, _original=original, _label=label, **kwargs):
            if running[_label]:
                return _original(*args, **kwargs)
            running[_label] += 1
            calls[_label] += 1
            start = time.perf_counter()
            try:
                result = _original(*args, **kwargs)
                return list(result) if isinstance(result, Iterator) else result
            finally:
                totals[_label] = totals.get(_label, 0.0) + time.perf_counter() - start
                running[_label] -= 1

        setattr(owner, attr, timed_call)
    try:
        yield totals
    finally:
        for owner, attr, original in reversed(saved):
            setattr(owner, attr, original)


def verdict(rate: float, target: float) -> str:
    return "PASS" if rate >= target else "BELOW"


# ---- phase 1: ingest + clean + cluster ----------------------------------------------------

def baseline_cluster(folder: Path) -> int:
    """Plain reads + TF-IDF + agglomerative average link (cosine, 0.8); returns the cluster count."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    texts = []
    for path in sorted(folder.glob("*.txt")):
        with open(path, encoding="utf-8") as handle:
            texts.append(handle.read())
    tfidf = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    # metric="cosine" would need a dense TF-IDF matrix; precomputed cosine distances give the same tree
    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                    distance_threshold=BASELINE_THRESHOLD)
    return int(model.fit(cosine_distances(tfidf)).n_clusters_)


def ours_ingest(folder: Path, db: Path) -> dict:
    from storyline import Engine

    engine = Engine(db=db)
    try:
        report = engine.ingest([folder])
    finally:
        engine.close()
    return {"added": len(report.added), "updated": len(report.updated),
            "errors": dict(Counter(e.code for e in report.errors))}


def count_clusters(db: Path) -> dict:
    from storyline import Engine

    engine = Engine(db=db)
    try:
        return {"events": len(engine.events()), "storylines": len(engine.storylines())}
    finally:
        engine.close()


def ingest_breakdown(folder: Path, db: Path) -> tuple[float, dict[str, float], set[str]]:
    """Engine.ingest on a fresh database with a timer around each collaborator it calls.

    Returns the total, seconds per step and the steps the engine never called.
    """
    from storyline import Engine
    from storyline import engine as engine_module
    from storyline.store import Store

    writes = "store writes (Store.add / add_many)"
    top = [(engine_module, "read_paths", "read_paths (read, decode, sidecar, dateline)"),
           (engine_module, "outlet_boilerplate", "outlet_boilerplate"),
           (engine_module, "clean_articles", "clean_articles (two processes from 400)"),
           (Store, "add", writes), (Store, "add_many", writes),
           (Engine, "update_events", "update_events (events + storylines)")]
    inner = [(Store, "unassigned", "  Store.unassigned (new articles)"),
             (Store, "events_between", "  Store.events_between (candidates by time)"),
             (Store, "events_with_terms", "  Store.events_with_terms (candidates by names)"),
             (Store, "features", "  Store.features (stored vectors)"),
             (engine_module, "nearest_events", "  cluster.nearest_events (which candidates to read)"),
             (engine_module, "build_events", "  cluster.build_events (events + storylines)"),
             (Store, "save_events", "  Store.save_events")]
    present = [t for t in top + inner if hasattr(t[0], t[1])]  # the engine may have moved on
    totals: dict[str, float] = {}
    calls: Counter = Counter()
    engine = Engine(db=db)
    try:
        with timers(present, totals, calls):
            start = time.perf_counter()
            engine.ingest([folder])
            total = time.perf_counter() - start
    finally:
        engine.close()
    steps = {label: totals.get(label, 0.0) for _, _, label in top}
    steps["rest of Engine.ingest (loop, reports)"] = max(0.0, total - sum(steps.values()))
    steps.update({label: totals.get(label, 0.0) for _, _, label in inner})
    never = {label for _, _, label in top + inner if not calls[label]}
    return total, steps, never


def phase1(folder: Path, tmp: Path, n: int) -> dict:
    # imports stay out of the traced and timed runs
    import sklearn.cluster  # noqa: F401
    import sklearn.feature_extraction.text  # noqa: F401
    import sklearn.metrics.pairwise  # noqa: F401
    import storyline.engine  # noqa: F401

    base = measure(lambda: baseline_cluster(folder))
    ours = measure(lambda: ours_ingest(folder, tmp / "phase1.db"), lambda: ours_ingest(folder, tmp / "traced1.db"))
    total, steps, never = ingest_breakdown(folder, tmp / "steps1.db")
    rate, base_rate = n / ours.seconds, n / base.seconds
    info = {**ours.result, **count_clusters(tmp / "phase1.db")}

    print("Phase 1: ingest+clean+cluster (Engine.ingest: read, clean, store, events, storylines)")
    print(f"  ours      {ours.seconds:7.2f} s {rate:8.1f} articles/s  [target >= {TARGET_PHASE1:.0f}: "
          f"{verdict(rate, TARGET_PHASE1)}]  {ours.memory()}")
    print(f"  baseline  {base.seconds:7.2f} s {base_rate:8.1f} articles/s  {base.memory()}")
    print(f"            (open().read + TfidfVectorizer + AgglomerativeClustering average/cosine/0.8: "
          f"{base.result} clusters)")
    print(f"  ratio ours/baseline (throughput): {rate / base_rate:.2f}x")
    print(f"  stored {info['added']} new + {info['updated']} updated articles, errors {info['errors'] or 'none'}; "
          f"{info['events']} events, {info['storylines']} storylines")
    print(f"  where the time goes (second ingest, fresh db, timers around Engine.ingest's calls: {total:.2f} s)")
    for label, seconds in steps.items():
        share = "" if label.startswith("  ") else f"{100 * seconds / total:5.1f}%"
        timing = "      - (not called by this engine)" if label in never else f"{seconds:7.2f} s {share:>6}"
        print(f"    {label:<48} {timing}")
    print()
    return {"ours": {**ours.figures(), "articles_per_s": rate, **info},
            "baseline": {**base.figures(), "articles_per_s": base_rate, "clusters": base.result},
            "ratio": rate / base_rate, "target": TARGET_PHASE1, "pass": rate >= TARGET_PHASE1,
            "breakdown_seconds": {"total": total, **{k.strip(): v for k, v in steps.items()}}}


# ---- phase 2: analysis + briefs -----------------------------------------------------------

def pick_events(db: Path, n: int, seed: int = 0):
    """Whole events in a seeded random order until about n articles, so every event
    holding a sampled article is briefed from analysed articles only."""
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
        return chosen, engine.articles([a for e in chosen for a in e.article_ids])
    finally:
        engine.close()


def baseline_parse(bodies: list[str]) -> int:
    """spaCy's bare nlp.pipe over the bodies; returns the token count."""
    from storyline.analyze.nlp import load

    return sum(len(doc) for doc in load().pipe(bodies, batch_size=64))


def ours_analyses(db: Path, articles) -> int:
    from storyline import Engine

    engine = Engine(db=db)
    try:
        return len(engine.analyses(articles))
    finally:
        engine.close()


def ours_briefs(db: Path, event_ids: list[str]) -> tuple[int, dict[str, int]]:
    """Briefs built, and failures by error: a failing brief is counted and reported, not fatal."""
    from storyline import Engine

    engine = Engine(db=db)
    built, failures = 0, Counter()
    try:
        for event_id in event_ids:
            try:
                engine.brief(event_id)
                built += 1
            except Exception as exc:  # noqa: BLE001 - a package bug; keep measuring the rest
                where = traceback.extract_tb(exc.__traceback__)[-1]
                failures[f"{type(exc).__name__} in {Path(where.filename).name}:{where.lineno} "
                         f"{where.name}(): {exc}"] += 1
    finally:
        engine.close()
    return built, dict(failures)


def copy_db(source: Path, target: Path) -> Path:
    """A copy of an SQLite store through the backup API (WAL content included)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def phase2(tmp: Path, analyze_n: int) -> dict:
    from storyline.analyze.nlp import load

    start = time.perf_counter()
    load()
    load_seconds = time.perf_counter() - start
    events, articles = pick_events(tmp / "phase1.db", analyze_n)
    if not events:
        print(f"Phase 2 skipped: no whole event fits in --analyze-n {analyze_n}")
        return {"articles": 0, "events": 0}
    m, ids = len(articles), [e.id for e in events]
    bodies = [a.body for a in articles]
    traced_db = copy_db(tmp / "phase1.db", tmp / "traced2.db")  # unanalysed copy for the traced runs

    base = measure(lambda: baseline_parse(bodies))
    analyses = measure(lambda: ours_analyses(tmp / "phase1.db", articles), lambda: ours_analyses(traced_db, articles))
    briefs = measure(lambda: ours_briefs(tmp / "phase1.db", ids), lambda: ours_briefs(traced_db, ids))
    built, failures = briefs.result

    rate_an, base_rate = m / analyses.seconds, m / base.seconds
    total = analyses.seconds + briefs.seconds
    rate = m / total
    sizes = sorted(len(e.article_ids) for e in events)
    print(f"Phase 2: full analysis + brief ({m} articles = {len(events)} whole events drawn at random, seed 0; "
          f"event size {sizes[0]}-{sizes[-1]}, median {sizes[len(sizes) // 2]})")
    print(f"  ours analyses {analyses.seconds:7.2f} s {rate_an:8.1f} articles/s  {analyses.memory()}")
    print(f"  ours briefs   {briefs.seconds:7.2f} s {len(ids) / briefs.seconds:8.2f} briefs/s    {briefs.memory()}")
    print(f"                (engine.brief for all {len(ids)} events of the sample: {built} built, "
          f"{len(ids) - built} failed)")
    for problem, count in failures.items():
        print(f"                FAILED x{count}: {problem}")
    print(f"  ours total    {total:7.2f} s {rate:8.1f} articles/s  [target >= {TARGET_PHASE2:.0f}: "
          f"{verdict(rate, TARGET_PHASE2)}]")
    print(f"  baseline      {base.seconds:7.2f} s {base_rate:8.1f} articles/s  {base.memory()}")
    print(f"                (bare nlp.pipe over the same bodies, {base.result} tokens; "
          f"model load {load_seconds:.2f} s, untimed)")
    print(f"  ratio ours/baseline (throughput): analyses {rate_an / base_rate:.2f}x, "
          f"analyses+briefs {rate / base_rate:.2f}x")
    return {"articles": m, "events": len(events), "model_load_seconds": load_seconds,
            "analyses": {**analyses.figures(), "articles_per_s": rate_an},
            "briefs": {**briefs.figures(), "briefs_per_s": len(ids) / briefs.seconds, "built": built,
                       "failed": failures},
            "total": {"seconds": total, "articles_per_s": rate},
            "baseline": {**base.figures(), "articles_per_s": base_rate, "tokens": base.result},
            "ratio_analyses": rate_an / base_rate, "ratio_total": rate / base_rate,
            "target": TARGET_PHASE2, "pass": rate >= TARGET_PHASE2}


# ---- main ---------------------------------------------------------------------------------

def run(eval_dir: Path, n: int, analyze_n: int) -> dict:
    items, skipped = load_items(eval_dir, n)
    by_set = dict(Counter(item.dataset for item in items))
    print(f"storyline pipeline benchmark: {len(items)} articles from {eval_dir}")
    print(f"  {', '.join(f'{k} {v}' for k, v in by_set.items())} "
          f"(skipped {skipped['empty']} empty and {skipped['duplicate']} duplicate texts)")
    resets = _reset_rss_peak()
    rss_note = "reset per step" if resets else "process high-water mark, monotonic"
    print(f"  timed with tracemalloc off; tracemalloc peak from a separate warm-up run; max RSS: {rss_note}")
    figures: dict[str, Any] = {"articles": len(items), "by_dataset": by_set, "skipped": skipped,
                               "rss_reset_per_step": resets}
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        tmp = Path(tmp)
        folder = tmp / "articles"
        size = write_folder(items, folder)
        print(f"  written to a temporary folder: {size / 1e6:.1f} M characters + meta.jsonl\n")
        figures["phase1"] = phase1(folder, tmp, len(items))
        if analyze_n > 0:
            figures["phase2"] = phase2(tmp, analyze_n)
        else:
            print("Phase 2 skipped (--analyze-n 0)")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="articles for phase 1 (default 2000)")
    parser.add_argument("--analyze-n", type=int, default=500,
                        help="articles analysed and briefed in phase 2 (default 500; 0 skips phase 2)")
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR, help=f"default {DEFAULT_EVAL_DIR}")
    parser.add_argument("--json", action="store_true", help="also print one JSON line with all figures")
    args = parser.parse_args(argv)

    missing = [name for name in DATA_FILES if not (args.eval_dir / name).is_file()]
    if missing:
        print(f"bench_pipeline: eval data not found under {args.eval_dir} (missing {', '.join(missing)}); "
              "pass --eval-dir. Nothing measured.")
        return 0
    figures = run(args.eval_dir, args.n, args.analyze_n)
    if args.json:
        print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
