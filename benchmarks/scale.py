"""Clustering at archive scale (`bench_cluster.py --scale`): build archives of 10^3..10^5
articles by sampling and perturbing the eval articles with new dates, place them, add
1,000 more, and time one new article at each size.

Articles go into the store directly (reading and cleaning are measured by
bench_pipeline.py); `Engine.update_events` then places what is unassigned, as an
ingest does. The baseline is what storyline did before the candidate index: every
ingest re-clustered the whole archive (`assign` over all articles, stored ones kept);
it runs in the same process at the sizes where it finishes in reasonable time.
"""

from __future__ import annotations

import random
import resource
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from storyline.cluster import Doc, assign
from storyline.engine import Engine
from storyline.eval.data import load
from storyline.features import language
from storyline.model import Article, RawInput, stable_id

PER_DAY = 300  # articles a day in the synthetic archive (a busy multi-outlet feed)
SOURCES = ("cluster/basil_dev.jsonl", "cluster/ecbplus_dev.jsonl", "cluster/allsides_dev.jsonl",
           "cluster/fnc1_dev.jsonl", "mds/multinews_dev.jsonl")


def source_texts(eval_dir: Path) -> list[tuple[str | None, str, str]]:
    """(title, body, language) of the eval articles; the language as ingest labels it."""
    texts = []
    for name in SOURCES:
        path = eval_dir / name
        if path.is_file():
            texts += [(d.title, d.body, d.lang or language(f"{d.title or ''}\n{d.body}"))
                      for d in load(path).docs if len(d.body) > 200]
    if not texts:
        raise SystemExit(f"no eval articles under {eval_dir}")
    return texts


def synthetic(texts: list[tuple[str | None, str, str]], n: int, start: datetime, seed: int, tag: str) -> list[Article]:
    """n articles: each a perturbed copy of a sampled eval article (paragraphs dropped and
    swapped, a tag word added), copies of one article a few hours apart, PER_DAY a day.
    Each carries its language, as every stored article does (ingest labels it)."""
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        title, body, lang = texts[rng.randrange(len(texts))]
        day = start + timedelta(days=len(out) / PER_DAY)
        for copy in range(min(rng.randint(1, 4), n - len(out))):
            paragraphs = [p for p in body.split("\n") if p.strip()]
            if len(paragraphs) > 2:
                paragraphs.pop(rng.randrange(1, len(paragraphs)))
                i = rng.randrange(1, len(paragraphs))
                paragraphs[i], paragraphs[i - 1] = paragraphs[i - 1], paragraphs[i]
            text = "\n\n".join(paragraphs) + f"\n\nFiled by desk {tag}{len(out)}."
            aid = stable_id(tag, str(len(out)), prefix="a")
            out.append(Article(aid, f"synthetic/{aid}.txt", text, outlet=f"Outlet {rng.randrange(50)}",
                               title=title, published=day + timedelta(hours=3 * copy), raw_id="r" + aid[1:],
                               lang=lang))
    return out


def store(engine: Engine, articles: list[Article]) -> None:
    for i in range(0, len(articles), 2000):
        part = articles[i: i + 2000]
        engine.store.add_many([(a, RawInput(a.raw_id, a.source, a.body.encode()), None) for a in part])


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_scale(eval_dir: Path, sizes: list[int], baseline_max: int = 10_000) -> str:
    texts = source_texts(eval_dir)
    start = datetime(2030, 1, 1)
    lines = [f"storyline scale benchmark: synthetic archives from {len(texts)} eval articles, {PER_DAY} a day",
             f"{'archive':>8}  {'place archive':>13}  {'art/s':>6}  {'add 1,000':>9}  {'one new (mean of 5)':>19}  "
             f"{'baseline one new':>16}  {'ratio':>6}  {'max RSS':>8}  {'store':>8}"]
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="storyline-scale-") as tmp:
            db = Path(tmp) / "scale.db"
            engine = Engine(db=str(db))
            archive = synthetic(texts, size, start, seed=size, tag="a")
            store(engine, archive)
            t0 = time.perf_counter()
            engine.update_events()
            place = time.perf_counter() - t0
            end = archive[-1].published
            batch = synthetic(texts, 1000, end - timedelta(days=2), seed=size + 1, tag="b")
            store(engine, batch)
            t0 = time.perf_counter()
            engine.update_events()
            add = time.perf_counter() - t0
            singles = []
            for k in range(5):
                [one] = synthetic(texts, 1, end - timedelta(days=1), seed=size + 10 + k, tag=f"s{k}")
                store(engine, [one])
                t0 = time.perf_counter()
                engine.update_events()
                singles.append(time.perf_counter() - t0)
            one_new = sum(singles) / len(singles)
            baseline = ratio = "—"
            if size <= baseline_max:  # what an ingest cost before: re-cluster everything
                docs = [Doc(a.id, a.title, a.body, a.published) for a in engine.articles()]
                existing = engine.store.assignments()
                last = docs.pop()
                existing.pop(last.id, None)
                t0 = time.perf_counter()
                assign(docs + [last], existing)
                seconds = time.perf_counter() - t0
                baseline, ratio = f"{seconds:.2f} s", f"{seconds / one_new:.0f}x"
            engine.close()
            size_mb = sum(p.stat().st_size for p in Path(tmp).glob("scale.db*")) / 2**20
        lines.append(f"{size:>8}  {place:>11.1f} s  {size / place:>6.0f}  {add:>7.2f} s  {one_new:>17.3f} s  "
                     f"{baseline:>16}  {ratio:>6}  {max_rss_mb():>5.0f} MB  {size_mb:>5.0f} MB")
        print(lines[-1], flush=True)
    lines.append("place archive: Engine.update_events over the whole archive (time-ordered slices of 2,000); "
                 "add 1,000: a day's batch into it; one new: a single article into it; baseline: assign() over "
                 "every article as each ingest did before the candidate index; max RSS is the process peak so far.")
    return "\n".join(lines)
