"""Event clustering benchmark: storyline's `cluster_docs` against two TF-IDF baselines, in one process.

For each gold file (basil_dev, ecbplus_dev, multinews_dev with all articles mixed,
allsides_dev with its dates and with every date blanked, fnc1_dev, and every
piles/*.jsonl present) it prints B-cubed F1 and pairwise F1 for

- storyline: `storyline.cluster.cluster_docs` (sure datelines, then `assign`) with its default options, untuned here;
- agglomerative: sklearn TfidfVectorizer on title + text, AgglomerativeClustering
  with average link on cosine distance, the distance threshold picked by a grid
  search on that same file (an oracle threshold: the baseline is tuned on the data
  it is scored on, storyline is not);
- single-pass: the same TF-IDF vectors in date order (undated articles after the
  dated ones, in file order); an article joins the cluster whose centroid is most
  similar if the cosine is at least the threshold, else starts a cluster; the
  threshold tuned likewise.

Seconds are one run with the chosen threshold (vectorising included) and one run of
`cluster_docs` after a first, untimed one (so one-off model loads are not counted). "beats both" compares B-cubed F1. For ECB+ it also prints the share of
same-topic, different-sub-topic article pairs put in one cluster (lower is better).

Run from the repo root (about a minute on 2 cores):

    .venv/bin/python benchmarks/bench_cluster.py
    .venv/bin/python benchmarks/bench_cluster.py --json
    .venv/bin/python benchmarks/bench_cluster.py --scale [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from storyline.cluster import cluster_docs
from storyline.eval.cluster import bcubed, cross_topic_merges, pairwise
from storyline.eval.data import GoldSet, load

ROOT = Path(__file__).resolve().parents[1]
AGGLO_GRID = [round(x, 3) for x in np.arange(0.30, 0.99, 0.01)]  # cosine distance
SINGLE_GRID = [round(x, 3) for x in np.arange(0.04, 0.70, 0.01)]  # cosine similarity


def similarities(gold: GoldSet) -> np.ndarray:
    """Cosine similarity of every pair of articles: TF-IDF (l2-normalised rows) on title + text."""
    texts = [f"{d.title or ''}\n{d.body}" for d in gold.docs]
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    return (matrix @ matrix.T).toarray()


def agglomerative(gold: GoldSet, threshold: float, sims: np.ndarray | None = None) -> dict[str, int]:
    """Average link on cosine distance, merging while the distance is under `threshold`."""
    sims = similarities(gold) if sims is None else sims
    distance = np.clip(1.0 - sims, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                    distance_threshold=threshold)
    labels = model.fit_predict(distance)
    return {d.id: int(c) for d, c in zip(gold.docs, labels)}


def single_pass(gold: GoldSet, threshold: float, sims: np.ndarray | None = None) -> dict[str, int]:
    """Date order; join the cluster whose centroid is most similar if cosine >= `threshold`.

    cos(centroid, x) is computed from article similarities, without the vectors: the
    centroid's direction is the sum of its members, so its dot product with x is the
    sum of their similarities to x, and its squared norm the sum over member pairs."""
    sims = similarities(gold) if sims is None else sims
    n = len(gold.docs)
    order = sorted(range(n), key=lambda i: (gold.docs[i].published is None, gold.docs[i].published or 0, i))
    dots = np.zeros((n, n))  # row c: sum of the similarities of cluster c's members to every article
    norm2 = np.zeros(n)
    count = 0
    labels = [0] * n
    for i in order:
        best = -1
        if count:
            cos = dots[:count, i] / np.sqrt(np.maximum(norm2[:count], 1e-12))
            best = int(np.argmax(cos))
            if cos[best] < threshold:
                best = -1
        if best < 0:
            best, count = count, count + 1
        norm2[best] += 2 * dots[best, i] + sims[i, i]
        dots[best] += sims[i]
        labels[i] = best
    return {d.id: c for d, c in zip(gold.docs, labels)}


@dataclass
class SystemResult:
    b3: float
    pairwise: float
    clusters: int
    seconds: float
    threshold: float | None = None
    cross_topic: float | None = None


@dataclass
class Row:
    name: str
    articles: int
    gold_clusters: int
    systems: dict[str, SystemResult] = field(default_factory=dict)

    @property
    def beats_both(self) -> bool:
        ours = self.systems["storyline"].b3
        return all(ours > s.b3 for k, s in self.systems.items() if k != "storyline")


def tuned(gold: GoldSet, method, grid) -> SystemResult:
    sims = similarities(gold)
    best_t, best_f1 = grid[0], -1.0
    for t in grid:
        f1 = bcubed(method(gold, t, sims), gold.cluster)["f1"]
        if f1 > best_f1:
            best_t, best_f1 = t, f1
    start = time.perf_counter()
    predicted = method(gold, best_t)
    return _result(gold, predicted, time.perf_counter() - start, best_t)


def _result(gold: GoldSet, predicted: dict, seconds: float, threshold: float | None = None) -> SystemResult:
    return SystemResult(b3=bcubed(predicted, gold.cluster)["f1"], pairwise=pairwise(predicted, gold.cluster)["f1"],
                        clusters=len(set(predicted.values())), seconds=seconds, threshold=threshold,
                        cross_topic=cross_topic_merges(predicted, gold.cluster, gold.topic) if gold.topic else None)


def bench(name: str, gold: GoldSet) -> Row:
    row = Row(name, len(gold.docs), len(set(gold.cluster.values())))
    cluster_docs(gold.docs)  # warm-up: one-off model loads are not timed
    start = time.perf_counter()
    predicted = cluster_docs(gold.docs)
    row.systems["storyline"] = _result(gold, predicted, time.perf_counter() - start)
    row.systems["agglomerative"] = tuned(gold, agglomerative, AGGLO_GRID)
    row.systems["single-pass"] = tuned(gold, single_pass, SINGLE_GRID)
    return row


def datasets(eval_dir: Path, piles: Path) -> list[tuple[str, Path, bool]]:
    sets = [("basil_dev", eval_dir / "cluster/basil_dev.jsonl", True),
            ("ecbplus_dev", eval_dir / "cluster/ecbplus_dev.jsonl", True),
            ("multinews_dev (mixed)", eval_dir / "mds/multinews_dev.jsonl", True),
            ("allsides_dev", eval_dir / "cluster/allsides_dev.jsonl", True),
            ("allsides_dev (no dates)", eval_dir / "cluster/allsides_dev.jsonl", False),
            ("fnc1_dev", eval_dir / "cluster/fnc1_dev.jsonl", True)]
    sets += [(f"piles/{p.stem}", p, True) for p in sorted(piles.glob("*.jsonl"))]
    return sets


def format_table(rows: list[Row]) -> str:
    names = ("storyline", "agglomerative", "single-pass")
    w = max([len("file")] + [len(r.name) for r in rows]) + 2
    head = f"{'file':<{w}}{'articles':>8}{'gold':>6}  " + "  ".join(f"{n + ' B3 / pair':>25}" for n in names)
    head += "  " + "  ".join(f"{n[:6] + ' s':>8}" for n in names) + "  beats both"
    lines = [head, "-" * len(head)]
    for r in rows:
        cells = [f"{r.systems[n].b3:.3f} / {r.systems[n].pairwise:.3f}" for n in names]
        secs = [f"{r.systems[n].seconds:8.2f}" for n in names]
        lines.append(f"{r.name:<{w}}{r.articles:>8}{r.gold_clusters:>6}  " + "  ".join(f"{c:>25}" for c in cells)
                     + "  " + "  ".join(secs) + f"  {'yes' if r.beats_both else 'no'}")
    lines.append("")
    lines.append("Tuned thresholds (best B-cubed F1 on the file itself; agglomerative = cosine distance, "
                 "single-pass = cosine similarity) and clusters found:")
    for r in rows:
        s = r.systems
        lines.append(f"  {r.name:<{w}}agglomerative {s['agglomerative'].threshold:.2f}  single-pass "
                     f"{s['single-pass'].threshold:.2f}   clusters: storyline {s['storyline'].clusters}, "
                     f"agglomerative {s['agglomerative'].clusters}, single-pass {s['single-pass'].clusters}, "
                     f"gold {r.gold_clusters}")
    for r in rows:
        if r.systems["storyline"].cross_topic is not None:
            lines.append("")
            lines.append(f"{r.name}: same-topic, different-sub-topic pairs put in one cluster (lower is better)")
            for n in names:
                lines.append(f"  {n:<14} {r.systems[n].cross_topic:.1%}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--piles", type=Path, default=ROOT / "piles", help="folder of our own gold piles (*.jsonl)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--scale", action="store_true", help="time archives of --sizes articles instead (see scale.py)")
    parser.add_argument("--sizes", default="1000,10000,100000", help="archive sizes for --scale")
    args = parser.parse_args(argv)
    if args.scale:
        from scale import run_scale

        print(run_scale(args.eval_dir, [int(x) for x in args.sizes.split(",")]))
        return 0
    rows = []
    for name, path, dates in datasets(args.eval_dir, args.piles):
        if not path.is_file():
            print(f"skipped {name}: {path} not found", file=sys.stderr)
            continue
        rows.append(bench(name, load(path, dates=dates)))
        print(f"done {name}", file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps([{"file": r.name, "articles": r.articles, "gold_clusters": r.gold_clusters,
                           "beats_both": r.beats_both, "systems": {k: vars(v) for k, v in r.systems.items()}}
                          for r in rows], indent=2))
    else:
        print(format_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
