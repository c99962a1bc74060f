"""Event clustering quality: B-cubed and pairwise F1 on one-article-a-line JSONL."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

from storyline.cluster import ClusterOptions, Doc, assign
from storyline.ingest.text import parse_date


def load_jsonl(path: str | Path) -> tuple[list[Doc], dict[str, str]]:
    docs, gold = [], {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            published = parse_date(row["date"]) if row.get("date") else None
            docs.append(Doc(row["id"], row.get("title"), row.get("text") or "", published))
            gold[row["id"]] = str(row["cluster"])
    return docs, gold


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for item, c in predicted.items():
        by_pred[c].add(item)
    for item, c in gold.items():
        by_gold[c].add(item)
    p = r = 0.0
    for item in gold:
        same_pred = by_pred[predicted[item]]
        same_gold = by_gold[gold[item]]
        both = len(same_pred & same_gold)
        p += both / len(same_pred)
        r += both / len(same_gold)
    p, r = p / len(gold), r / len(gold)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def pairwise(predicted: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    def pairs(labels):
        groups = defaultdict(list)
        for item, c in labels.items():
            groups[c].append(item)
        return {frozenset(p) for g in groups.values() for p in combinations(sorted(g), 2)}

    pp, gp = pairs(predicted), pairs(gold)
    tp = len(pp & gp)
    p = tp / len(pp) if pp else 0.0
    r = tp / len(gp) if gp else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def evaluate_clustering(path: str | Path, options: ClusterOptions | None = None) -> dict:
    docs, gold = load_jsonl(path)
    predicted = assign(docs, options=options)
    return {
        "dataset": Path(path).name,
        "articles": len(docs),
        "gold_clusters": len(set(gold.values())),
        "predicted_clusters": len(set(predicted.values())),
        "bcubed": bcubed(predicted, gold),
        "pairwise": pairwise(predicted, gold),
        "counts": Counter(),
    }
