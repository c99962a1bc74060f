"""Event summaries against human multi-document summaries (Multi-News, ../shared/eval/mds).

Each line of the file is one cluster of articles about one event with a human `reference`
summary. storyline briefs the cluster as one event (every article its own outlet: the set
names none) with a summary budget of 300 words, and the summary is scored with the
`rouge-score` package (ROUGE-1/2/L F1, stemming on), cut to 300 words as in the
Multi-News paper.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from storyline.eval.data import json_lines

EVAL_WORDS = 300


def read_clusters(path: str | Path, limit: int | None = None) -> list[dict]:
    """Cluster-per-line JSON with `articles` and a `reference`; a bad line is an error naming
    the file and the line."""
    clusters = json_lines(path, ("articles", "reference"), limit)
    for number, row in enumerate(clusters, 1):
        if not isinstance(row["articles"], list) or not isinstance(row["reference"], str):
            raise ValueError(f"{path}: cluster {number}: 'articles' must be a list and 'reference' a text")
    return clusters


def cut(text: str, words: int = EVAL_WORDS) -> str:
    return " ".join(text.split()[:words])


def rouge(summaries: Sequence[str], references: Sequence[str], words: int = EVAL_WORDS) -> dict[str, float]:
    """Mean ROUGE-1/2/L F1 (rouge-score, stemming on) of summaries cut to `words` words."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    for summary, reference in zip(summaries, references):
        scores = scorer.score(reference, cut(summary, words))
        for name in totals:
            totals[name] += scores[name].fmeasure
    n = max(1, len(summaries))
    return {name: round(total / n, 4) for name, total in totals.items()}


def storyline_summary(cluster: dict, words: int = EVAL_WORDS) -> str:
    """The summary storyline's brief gives the cluster's articles as one event."""
    from storyline.analyze import analyze
    from storyline.brief import brief_event
    from storyline.clean import clean_text
    from storyline.model import Article, Event

    articles = []
    for k, raw in enumerate(cluster["articles"]):
        body, _, _ = clean_text(raw.get("text") or "", raw.get("title"))
        if body.strip():
            articles.append(Article(id=raw.get("id") or f"a{k}", source=raw.get("id") or f"a{k}", body=body,
                                    title=raw.get("title"), outlet=f"source {k + 1}", lang="en"))
    if not articles:
        return ""
    event = Event("cluster", [a.id for a in articles], datetime(2000, 1, 1), datetime(2000, 1, 1), "cluster")
    brief = brief_event(event, articles, analyze(articles), words=words)
    return " ".join(s.text for s in brief.summary)


def evaluate_summaries(path: str | Path, limit: int | None = None,
                       summarize: Callable[[dict], str] = storyline_summary) -> dict:
    """{"rouge1", "rouge2", "rougeL", "clusters", "seconds"} (fractions of 1)."""
    clusters = read_clusters(path, limit)
    start = time.perf_counter()
    summaries = [summarize(c) for c in clusters]
    seconds = time.perf_counter() - start
    return {**rouge(summaries, [c["reference"] for c in clusters]), "clusters": len(clusters),
            "seconds": round(seconds, 1)}
