"""Stance on FNC-1-shaped data: headline-body pairs with a gold stance, bodies in a
cluster file. Scored as FNC-1 does (0.25 for related or not right, 0.75 more for the
right stance of a related pair, as a share of the best possible) and by macro-F1."""

from __future__ import annotations

import time
from pathlib import Path

from sklearn.metrics import f1_score

from storyline.align.stance import STANCES, stances
from storyline.cluster import cluster_docs
from storyline.eval.data import json_lines
from storyline.model import Doc


def fnc_score(gold: list[str], predicted: list[str]) -> float:
    best = sum(0.25 if g == "unrelated" else 1.0 for g in gold)
    got = sum((0.25 if (g == "unrelated") == (p == "unrelated") else 0.0) + (0.75 if g != "unrelated" and p == g else 0.0)
              for g, p in zip(gold, predicted))
    return got / best if best else 0.0


def evaluate_stance(pairs_path: str | Path, bodies_path: str | Path) -> dict:
    """{"fnc_score", "macro_f1", "pairs", "seconds"}: bodies are grouped into events by
    storyline's own clustering, then each headline is judged against its body."""
    bodies = {row["id"]: row.get("text") or "" for row in json_lines(bodies_path, ("id",))}
    pairs = json_lines(pairs_path, ("headline", "body_id", "stance"))
    missing = sorted({p["body_id"] for p in pairs} - set(bodies))
    if missing:
        raise ValueError(f"{pairs_path}: {len(missing)} body ids not in {bodies_path} (first: {missing[0]})")
    start = time.perf_counter()
    events = cluster_docs([Doc(i, None, text, None) for i, text in bodies.items()])
    predicted = stances([p["headline"] for p in pairs], [bodies[p["body_id"]] for p in pairs],
                        [events[p["body_id"]] for p in pairs])
    seconds = time.perf_counter() - start
    gold = [p["stance"] for p in pairs]
    return {"fnc_score": round(fnc_score(gold, predicted), 4),
            "macro_f1": round(float(f1_score(gold, predicted, labels=list(STANCES), average="macro")), 4),
            "pairs": len(pairs), "seconds": round(seconds, 2)}
