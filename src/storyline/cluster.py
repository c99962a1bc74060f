"""Articles into events: online, time-aware, incremental.

Cheap features only (TF-IDF of words plus of capitalised names), so it scales
to large archives before any heavy NLP. Articles are taken in publication
order; each joins the event whose articles it resembles most — similarity
discounted by the days between them — or founds a new event. Events already
stored keep their articles: new input only adds to them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from storyline.textutil import names

VERSION = "storyline.cluster.online.v1"


_BLOCK_CELLS = 4_000_000  # similarity cells computed per sparse product (about 32 MB)


@dataclass(slots=True)
class ClusterOptions:
    threshold: float = 0.2  # similarity needed to join an event
    same_event_days: float = 3.0  # within this gap time costs nothing
    decay_days: float = 3.0  # beyond it similarity falls by e every this many days
    name_weight: float = 0.35  # share of the score from shared capitalised names
    body_chars: int = 4000  # leading text used: the top of a news story carries the event


@dataclass(slots=True)
class Doc:
    id: str
    title: str | None
    body: str
    published: datetime | None


def features(docs: Sequence[Doc], options: ClusterOptions) -> np.ndarray | object:
    """Rows of L2-normalised [words | names] TF-IDF, one per doc."""
    texts = [f"{d.title or ''}. {d.title or ''}. {d.body[: options.body_chars]}" for d in docs]
    words = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1, token_pattern=r"(?u)\b[^\W\d_]{2,}\b")
    name_vectors = TfidfVectorizer(sublinear_tf=True, lowercase=True, token_pattern=r"[^|]+", min_df=1)
    w = words.fit_transform(texts)
    name_texts = ["|".join(names(t, key_only=False)) or "-" for t in texts]
    n = name_vectors.fit_transform(name_texts)
    from scipy.sparse import hstack

    a = math.sqrt(1 - options.name_weight)
    b = math.sqrt(options.name_weight)
    return normalize(hstack([w * a, n * b]).tocsr())


def decay(gap_days, options: ClusterOptions):
    """Flat within `same_event_days`, then falling by e every `decay_days` (numbers or arrays)."""
    return np.exp(-np.clip(np.asarray(gap_days, dtype=float) - options.same_event_days, 0, None) / options.decay_days)


def time_factor(a: datetime | None, b: datetime | None, options: ClusterOptions) -> float:
    if a is None or b is None:
        return 1.0
    return float(decay(abs((a - b).total_seconds()) / 86400, options))


def assign(
    docs: Sequence[Doc], existing: dict[str, str] | None = None, options: ClusterOptions | None = None,
    new_event_id=None,
) -> dict[str, str]:
    """Event id for every doc. `existing` maps doc ids already in events; those stay put."""
    options = options or ClusterOptions()
    existing = dict(existing or {})
    if not docs:
        return existing
    new_event_id = new_event_id or (lambda doc: f"e:{doc.id}")
    matrix = features(docs, options)
    index = {d.id: i for i, d in enumerate(docs)}
    members: dict[str, list[int]] = {}
    for doc_id, event in existing.items():
        if doc_id in index:
            members.setdefault(event, []).append(index[doc_id])
    order = sorted((i for i, d in enumerate(docs) if d.id not in existing),
                   key=lambda i: (docs[i].published is None, docs[i].published or datetime.min, docs[i].id))
    assigned = dict(existing)
    days = _days(docs)
    events = list(members)
    event_of_row = np.full(len(docs), -1)
    for k, event in enumerate(events):
        event_of_row[members[event]] = k
    block = max(1, _BLOCK_CELLS // max(1, len(docs)))
    rows: dict[int, np.ndarray] = {}
    for position, i in enumerate(order):
        if i not in rows:  # similarities for the next block of articles in one product
            chunk = order[position: position + block]
            product = (matrix[chunk] @ matrix.T).toarray()
            rows = {j: product[k] for k, j in enumerate(chunk)}
        best = -1
        if events:
            # average link to each event, every member's similarity discounted by its time gap
            scores = rows[i] * _time_factors(days, days[i], options)
            placed = event_of_row >= 0
            sums = np.bincount(event_of_row[placed], weights=scores[placed], minlength=len(events))
            counts = np.bincount(event_of_row[placed], minlength=len(events))
            average = np.divide(sums, counts, out=np.zeros(len(events)), where=counts > 0)
            k = int(np.argmax(average))
            if average[k] >= options.threshold:
                best = k
        if best < 0:
            events.append(new_event_id(docs[i]))
            members[events[-1]] = []
            best = len(events) - 1
        event_of_row[i] = best
        members[events[best]].append(i)
        assigned[docs[i].id] = events[best]
    merged = _merge_events(matrix, docs, members, set(existing.values()), options)
    return {doc_id: merged.get(event, event) for doc_id, event in assigned.items()}


def _merge_events(matrix, docs: Sequence[Doc], members: dict[str, list[int]], stored: set[str],
                  options: ClusterOptions) -> dict[str, str]:
    """Undo the order effects of the single pass: merge events whose average link
    (the dot product of their mean vectors, discounted by the time gap between
    them) reaches the threshold. Two stored events are never merged."""
    events = [e for e, rows in members.items() if rows]
    if len(events) < 2:
        return {}
    from scipy.sparse import csr_matrix

    sizes = np.array([len(members[e]) for e in events], dtype=float)
    picks = csr_matrix((np.ones(int(sizes.sum())), (np.repeat(np.arange(len(events)), sizes.astype(int)),
                        [r for e in events for r in members[e]])), shape=(len(events), matrix.shape[0]))
    means = (picks @ matrix).multiply(1 / sizes[:, None]).tocsr()
    raw = (means @ means.T).toarray()
    days = _days(docs)
    with np.errstate(all="ignore"):
        lo = np.array([np.nanmin(days[members[e]]) if np.isfinite(days[members[e]]).any() else np.nan for e in events])
        hi = np.array([np.nanmax(days[members[e]]) if np.isfinite(days[members[e]]).any() else np.nan for e in events])
        gap = np.maximum(np.maximum(lo[:, None] - hi[None, :], lo[None, :] - hi[:, None]), 0)
    gap = np.nan_to_num(gap, nan=0.0)
    alive = np.ones(len(events), dtype=bool)
    is_stored = np.array([e in stored for e in events])
    target = {}
    while True:
        score = raw * decay(gap, options)
        np.fill_diagonal(score, -1)
        score[~alive, :] = -1
        score[:, ~alive] = -1
        score[np.ix_(is_stored, is_stored)] = -1
        a, b = np.unravel_index(int(np.argmax(score)), score.shape)
        if score[a, b] < options.threshold:
            break
        keep, drop = (a, b) if (is_stored[a] or (not is_stored[b] and sizes[a] >= sizes[b])) else (b, a)
        total = sizes[keep] + sizes[drop]
        raw[keep, :] = (sizes[keep] * raw[keep, :] + sizes[drop] * raw[drop, :]) / total
        raw[:, keep] = raw[keep, :]
        # a merged event is as close in time to another as the closer of its parts
        gap[keep, :] = np.minimum(gap[keep, :], gap[drop, :])
        gap[:, keep] = gap[keep, :]
        raw[keep, keep] = 1.0
        sizes[keep] = total
        alive[drop] = False
        target[events[drop]] = events[keep]
        for e, t in list(target.items()):
            if t == events[drop]:
                target[e] = events[keep]
    return target


def _days(docs: Sequence[Doc]) -> np.ndarray:
    """Publication times in days (NaN when unknown)."""
    return np.array([d.published.timestamp() / 86400 if d.published else np.nan for d in docs])


def _time_factors(days: np.ndarray, day: float, options: ClusterOptions) -> np.ndarray:
    """time_factor for one article against all, vectorised; unknown dates cost nothing."""
    if np.isnan(day):
        return np.ones_like(days)
    gap = np.abs(days - day)
    return np.where(np.isnan(gap), 1.0, decay(np.nan_to_num(gap), options))
