"""Events into storylines: events that continue one another over weeks.

Two events belong to one storyline when they share the same actors and
places — compared as TF-IDF over capitalised names, event centroid against
event centroid — and are no more than `max_gap_days` apart. Events are taken
in time order and join the storyline of their closest earlier event, so new
events extend stored storylines without recomputing them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sklearn.preprocessing import normalize

from storyline.cluster import ClusterOptions, Doc, features

VERSION = "storyline.storylines.names.v1"


@dataclass(slots=True)
class LinkOptions:
    threshold: float = 0.2  # name similarity between two events of one storyline
    max_gap_days: float = 120.0


def link(
    docs: Sequence[Doc], event_of: dict[str, str], existing: dict[str, str] | None = None,
    options: LinkOptions | None = None, new_storyline_id=None,
) -> dict[str, str]:
    """Storyline id for every event. `existing` maps events already in storylines; they stay."""
    options = options or LinkOptions()
    existing = dict(existing or {})
    new_storyline_id = new_storyline_id or (lambda event: f"s:{event}")
    if not docs:
        return existing
    matrix = features(docs, ClusterOptions(name_weight=1.0))
    rows: dict[str, list[int]] = {}
    for i, doc in enumerate(docs):
        if doc.id in event_of:
            rows.setdefault(event_of[doc.id], []).append(i)
    centroid = {e: normalize(np.asarray(matrix[r].mean(axis=0)))[0] for e, r in rows.items()}
    first = {e: min((docs[i].published for i in r if docs[i].published), default=None) for e, r in rows.items()}
    last = {e: max((docs[i].published for i in r if docs[i].published), default=None) for e, r in rows.items()}
    order = sorted(rows, key=lambda e: (first[e] is None, first[e] or datetime.min, e))
    result = dict(existing)
    placed: list[str] = [e for e in order if e in existing]
    for event in order:
        if event in result:
            continue
        best, best_score = None, options.threshold
        for other in placed:
            if not _close_in_time(first[event], last[event], first[other], last[other], options.max_gap_days):
                continue
            score = float(centroid[event] @ centroid[other])
            if score >= best_score:
                best, best_score = other, score
        result[event] = result[best] if best else new_storyline_id(event)
        placed.append(event)
    return result


def _close_in_time(a0: datetime | None, a1: datetime | None, b0: datetime | None, b1: datetime | None, days: float) -> bool:
    if None in (a0, a1, b0, b1):
        return True
    gap = max((a0 - b1).total_seconds(), (b0 - a1).total_seconds(), 0) / 86400
    return gap <= days
