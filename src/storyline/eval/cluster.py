"""Event clustering quality: B-cubed and pairwise F1 against gold labels.

The metrics take two labelings, ``{item: label}``; an item the prediction leaves out
counts as a singleton. ``evaluate_clustering`` runs ``storyline.cluster.cluster_docs`` on a
gold set (either JSONL shape, see ``storyline.eval.data``) and times it.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from storyline.cluster import ClusterOptions, cluster_docs
from storyline.eval.data import GoldSet, load


def bcubed(predicted: dict, gold: dict) -> dict[str, float]:
    """B-cubed precision, recall and F1, averaged over the items of `gold`."""
    if not gold:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    predicted = {item: predicted.get(item, ("singleton", item)) for item in gold}
    pred_size = Counter(predicted.values())
    gold_size = Counter(gold.values())
    both = Counter((predicted[item], gold[item]) for item in gold)
    p = r = 0.0
    for item in gold:
        shared = both[predicted[item], gold[item]]
        p += shared / pred_size[predicted[item]]
        r += shared / gold_size[gold[item]]
    p, r = p / len(gold), r / len(gold)
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def pairwise(predicted: dict, gold: dict) -> dict[str, float]:
    """Precision, recall and F1 over the pairs of items put in one cluster."""
    predicted = {item: predicted.get(item, ("singleton", item)) for item in gold}

    def pairs(counts) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    tp = pairs(Counter((predicted[item], gold[item]) for item in gold))
    pp, gp = pairs(Counter(predicted.values())), pairs(Counter(gold.values()))
    p = tp / pp if pp else 0.0
    r = tp / gp if gp else 0.0
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def cross_topic_merges(predicted: dict, gold: dict, topic: dict) -> float:
    """Share of same-topic, different-gold-cluster pairs put in one predicted cluster
    (ECB+: two similar events of one topic wrongly merged). 0.0 when there are none."""
    by_topic = defaultdict(list)
    for item, t in topic.items():
        if item in gold:
            by_topic[t].append(item)
    total = merged = 0
    for items in by_topic.values():
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                if gold[a] != gold[b]:
                    total += 1
                    merged += predicted.get(a, a) == predicted.get(b, b)
    return merged / total if total else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ClusterScore:
    dataset: str
    articles: int
    gold_clusters: int
    clusters: int
    bcubed: dict[str, float]
    pairwise: dict[str, float]
    seconds: float  # time spent in cluster_docs()
    dated: bool = True

    def as_dict(self) -> dict:
        """The shape `storyline eval cluster --json` prints."""
        return {"bcubed": {k: round(v, 4) for k, v in self.bcubed.items()},
                "pairwise_f1": round(self.pairwise["f1"], 4), "clusters": self.clusters,
                "gold_clusters": self.gold_clusters, "articles": self.articles, "seconds": round(self.seconds, 3)}


def score_clustering(gold: GoldSet, predicted: dict[str, str], seconds: float = 0.0) -> ClusterScore:
    return ClusterScore(dataset=gold.name, articles=len(gold.docs), gold_clusters=len(set(gold.cluster.values())),
                        clusters=len({predicted.get(d.id, d.id) for d in gold.docs}),
                        bcubed=bcubed(predicted, gold.cluster), pairwise=pairwise(predicted, gold.cluster),
                        seconds=seconds, dated=gold.dated)


def evaluate_clustering(path: str | Path | GoldSet, options: ClusterOptions | None = None,
                        dates: bool = True) -> ClusterScore:
    """Cluster a gold set's articles with `cluster_docs` (all at once, as one batch, as the store does) and score them."""
    gold = path if isinstance(path, GoldSet) else load(path, dates=dates)
    start = time.perf_counter()
    predicted = cluster_docs(gold.docs, options)
    return score_clustering(gold, predicted, time.perf_counter() - start)


def evaluate_online(path: str | Path | GoldSet, batch: int = 1, options: ClusterOptions | None = None,
                    dates: bool = True) -> ClusterScore:
    """The store's path, as a daily user meets it: the articles go into a real SQLite store
    in publication order (undated last), `batch` at a time, each batch placed among the
    stored events by `Engine.update_events` before the next arrives."""
    import tempfile
    from datetime import datetime

    from storyline.engine import Engine
    from storyline.model import Article, RawInput

    gold = path if isinstance(path, GoldSet) else load(path, dates=dates)
    docs = sorted(gold.docs, key=lambda d: (d.published is None, d.published or datetime.min, d.id))
    seconds, step = 0.0, max(1, batch)
    with tempfile.TemporaryDirectory(prefix="storyline-eval-") as tmp:
        engine = Engine(db=str(Path(tmp) / "online.db"), cluster=options)
        try:
            for start in range(0, len(docs), step):
                part = [Article(d.id, f"eval/{d.id}", d.body, outlet=d.outlet, title=d.title, published=d.published,
                                lang=d.lang, raw_id=f"r{d.id}") for d in docs[start: start + step]]
                engine.store.add_many([(a, RawInput(a.raw_id, a.source, a.body.encode()), None) for a in part])
                begin = time.perf_counter()
                engine.update_events()
                seconds += time.perf_counter() - begin
            predicted = engine.store.assignments()
        finally:
            engine.close()
    return score_clustering(gold, predicted, seconds)
