"""Storyline quality: articles clustered into events, events linked into storylines,
and each article's storyline scored against its gold storyline (B-cubed, pairwise F1).

Gold is a Timeline17 topic (one line of ``mds/t17_dev.jsonl``) or the ``storyline``
field of a one-article-a-line file. A predicted storyline whose articles come from
two or more gold storylines is counted as mixed.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from storyline.cluster import ClusterOptions, cluster_docs
from storyline.eval.cluster import bcubed, pairwise
from storyline.eval.data import GoldSet, load
from storyline.storylines import LinkOptions, link


@dataclass
class StorylineScore:
    dataset: str
    articles: int
    events: int
    storylines: int
    gold_storylines: int
    mixed_storylines: int  # predicted storylines holding articles of two or more gold storylines
    bcubed: dict[str, float]
    pairwise: dict[str, float]
    seconds: float  # cluster_docs() plus link()

    def as_dict(self) -> dict:
        """The shape `storyline eval storylines --json` prints."""
        return {"bcubed": {k: round(v, 4) for k, v in self.bcubed.items()},
                "pairwise_f1": round(self.pairwise["f1"], 4), "storylines": self.storylines,
                "gold_storylines": self.gold_storylines, "mixed_storylines": self.mixed_storylines,
                "events": self.events, "articles": self.articles, "seconds": round(self.seconds, 3)}


def evaluate_storylines(path: str | Path | GoldSet, options: ClusterOptions | None = None,
                        link_options: LinkOptions | None = None) -> StorylineScore:
    gold = path if isinstance(path, GoldSet) else load(path)
    if gold.storyline is None:
        raise ValueError(f"{gold.name}: no gold storylines: a one-article-a-line file needs a 'storyline' "
                         f"field on every line (or use the one-cluster-a-line shape, one storyline a line)")
    start = time.perf_counter()
    event_of = cluster_docs(gold.docs, options)
    story_of_event = link(gold.docs, event_of, options=link_options)
    seconds = time.perf_counter() - start
    predicted = {d.id: story_of_event.get(event_of[d.id], event_of[d.id]) for d in gold.docs}
    topics = defaultdict(set)
    for item, story in predicted.items():
        topics[story].add(gold.storyline[item])
    return StorylineScore(
        dataset=gold.name, articles=len(gold.docs), events=len(set(event_of.values())),
        storylines=len(topics), gold_storylines=len(set(gold.storyline.values())),
        mixed_storylines=sum(len(t) >= 2 for t in topics.values()),
        bcubed=bcubed(predicted, gold.storyline), pairwise=pairwise(predicted, gold.storyline), seconds=seconds)
