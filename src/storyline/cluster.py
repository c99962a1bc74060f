"""Articles into events: online, time-aware, incremental.

Cheap features only (words and capitalised names weighted by rarity, see
storyline.features), so it scales to large archives before any heavy NLP.
Articles are taken in publication order; each joins the event whose articles it
resembles most — similarity discounted by the days between them — or founds a
new event; a merge pass undoes order effects, and events told in another
language are matched on meaning. Events already stored keep their articles:
new input only adds to them. `build_events` turns stored articles into event
and storyline rows; `explain_article` says why an article sits where it does.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from scipy.sparse import diags
from sklearn.preprocessing import normalize

from storyline.analyze.dates import DateGuess, estimate_date
from storyline.features import VERSION as FEATURES_VERSION
from storyline.labels import label
from storyline.features import Sparse, hashed, language, vector, warm_up
from storyline.model import Article, Doc, Event, Storyline, stable_id, versioned
from storyline.workers import spread

VERSION = "storyline.cluster.online.v3"


PARALLEL_FROM = 1000  # new vectors in one call before a second process pays for the hand-over
_BLOCK_CELLS = 4_000_000  # similarity cells computed per sparse product (about 32 MB)


@dataclass(slots=True)
class ClusterOptions:
    threshold: float = 0.2  # similarity needed to join an event
    same_event_days: float = 3.0  # within this gap time costs nothing
    decay_days: float = 3.0  # beyond it similarity falls by e every this many days
    name_weight: float = 0.35  # share of the score from shared capitalised names
    body_chars: int = 4000  # leading text used: the top of a news story carries the event
    lead_weight_chars: int = 200  # the opening that counts twice: it names the happening
    corpus_trust: float = 500.0  # articles at which the collection's own word counts weigh half
    lead_chars: int = 600  # text embedded to match events across languages
    date_confidence: float = 0.5  # estimates from this sureness place an undated article in time
    date_trust: float = 0.6  # an estimate weighs its confidence times this in the time factor
    candidates: int = 50  # stored events a new article is compared with in full, at most
    candidate_score: float = 0.08  # a stored event scoring under this against every new article is not loaded
    cross_lingual_candidates: int = 8  # events embedded per foreign-language event
    cross_lingual_threshold: float = 0.55  # multilingual-encoder similarity of leads to join across languages

    @property
    def version(self) -> str:
        """The stage names with every option, recorded in outputs so a result says how it was made."""
        return versioned(f"{VERSION}+{FEATURES_VERSION}", self)

    @property
    def features_key(self) -> str:
        """What a stored vector depends on: a vector made with other settings is not reused."""
        return f"{FEATURES_VERSION}:{self.body_chars}:{self.name_weight:g}:{self.lead_weight_chars}"

    @property
    def window_days(self) -> float:
        """Beyond this gap even identical texts fall under the threshold: no event further away
        in time can be joined, so candidates come from this window only (exact, not a heuristic)."""
        return self.same_event_days + self.decay_days * math.log(1 / self.threshold)


def languages(docs: Sequence[Doc]) -> list[str]:
    """Each doc's language: the given one, else detected from its title and lead."""
    return [d.lang or language(f"{d.title or ''}\n{d.body}") for d in docs]


def doc_vectors(docs: Sequence[Doc], options: ClusterOptions, cache: dict | None = None) -> list[tuple[str, Sparse]]:
    """(language, word-rarity vector) per doc. A vector depends on its article alone, so
    `cache` (doc id -> the pair) serves stored ones and receives the new ones."""
    cache = cache if cache is not None else {}
    missing = [d for d in docs if d.id not in cache]
    if len(missing) >= PARALLEL_FROM:
        warm_up()  # loaded in the parent, shared by workers forked after it
    # only the text a vector reads crosses to the workers
    short = [Doc(d.id, d.title, d.body[: options.body_chars], None, d.lang) for d in missing]
    made = spread(_vectors, short, options, parallel_from=PARALLEL_FROM)
    cache.update((d.id, pair) for d, pair in zip(missing, made))
    return [cache[d.id] for d in docs]


def _vectors(docs: Sequence[Doc], options: ClusterOptions) -> list[tuple[str, Sparse]]:
    return [(lang, hashed(vector(d.title, d.body, lang, options.body_chars, options.name_weight,
                                 lead_chars=options.lead_weight_chars))) for d, lang in zip(docs, languages(docs))]


def features(docs: Sequence[Doc], options: ClusterOptions, pairs: Sequence[tuple[str, Sparse]] | None = None):
    """Rows of L2-normalised [words | names] vectors, one per doc (see storyline.features),
    with words common in this collection weighed down as the collection grows."""
    from scipy.sparse import csr_matrix

    pairs = pairs if pairs is not None else doc_vectors(docs, options)
    lengths = [len(keys) for _, (keys, _) in pairs]
    keys = np.concatenate([k for _, (k, _) in pairs]) if pairs else np.zeros(0, dtype=np.int64)
    columns, inverse = np.unique(keys, return_inverse=True)
    values = np.concatenate([v for _, (_, v) in pairs]).astype(np.float64) if pairs else np.zeros(0)
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    matrix = csr_matrix((values, inverse.ravel(), indptr), shape=(len(pairs), max(1, len(columns))))
    n = matrix.shape[0]
    trust = n / (n + options.corpus_trust)
    if trust > 0 and n > 1:
        df = np.bincount(matrix.indices, minlength=matrix.shape[1])
        factor = (1 - trust) + trust * np.log((n + 1) / (df + 1)) / math.log(n + 1)
        matrix = normalize(matrix @ diags(factor)).tocsr()
    return matrix.astype(np.float32)


def decay(gap_days, options: ClusterOptions):
    """Flat within `same_event_days`, then falling by e every `decay_days` (numbers or arrays);
    an unknown gap (NaN) costs nothing."""
    return _decayed(np.array(gap_days, dtype=float), options)


def time_factor(a: datetime | None, b: datetime | None, options: ClusterOptions) -> float:
    if a is None or b is None:
        return 1.0
    return float(decay(abs((a - b).total_seconds()) / 86400, options))


def assign(
    docs: Sequence[Doc], existing: dict[str, str] | None = None, options: ClusterOptions | None = None,
    new_event_id=None, cache: dict | None = None, pinned: set[str] = frozenset(),
) -> dict[str, str]:
    """Event id for every doc. `existing` maps doc ids already in events; those stay
    together, and a stored event only merges with another stored one when new articles
    joined one of them and bridge the two (never one in `pinned`: a manual correction).
    `cache` holds (language, vector) by doc id: stored vectors in, new ones out."""
    options = options or ClusterOptions()
    existing = dict(existing or {})
    if not docs:
        return existing
    new_event_id = new_event_id or (lambda doc: f"e:{doc.id}")
    pairs = doc_vectors(docs, options, cache)
    langs = [lang for lang, _ in pairs]
    matrix = features(docs, options, pairs)
    index = {d.id: i for i, d in enumerate(docs)}
    members: dict[str, list[int]] = {}
    for doc_id, event in existing.items():
        if doc_id in index:
            members.setdefault(event, []).append(index[doc_id])
    order = sorted((i for i, d in enumerate(docs) if d.id not in existing),
                   key=lambda i: (docs[i].published is None, docs[i].published or datetime.min, docs[i].id))
    assigned = dict(existing)
    days = _days(docs)
    trust = np.array([d.date_weight if d.published else 0.0 for d in docs])
    events = list(members)
    event_of_row = np.full(len(docs), -1)
    for k, event in enumerate(events):
        event_of_row[members[event]] = k
    block = max(1, min(len(order), _BLOCK_CELLS // max(1, len(docs))))
    # two buffers reused block after block: fresh arrays of millions of cells cost more than the sums
    similarities, gaps = np.empty((block, len(docs)), dtype=matrix.dtype), np.empty((block, len(docs)))
    rows: dict[int, np.ndarray] = {}
    for position, i in enumerate(order):
        if i not in rows:  # similarities for the next block of articles in one product
            chunk = order[position: position + block]
            product = (matrix[chunk] @ matrix.T).toarray(out=similarities[: len(chunk)])
            factors = _time_factors(days, days[chunk], options, out=gaps[: len(chunk)])
            rows = {j: (product[k], factors[k]) for k, j in enumerate(chunk)}
        best = -1
        if events:
            # average link to each event, every member's similarity discounted by its time gap
            # an estimated date counts as far as it is trusted: a wrong one would split an event
            similarity, factor = rows[i]
            scores = similarity * (1 - trust[i] * trust * (1 - factor))
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
    stored, pinned = set(existing.values()), set(pinned) & set(existing.values())
    grown = {events[event_of_row[i]] for i in order} & stored
    merged = _merge_events(matrix, docs, members, stored, options, grown, pinned)
    groups: dict[str, list[int]] = {}
    for event, rows_ in members.items():
        groups.setdefault(merged.get(event, event), []).extend(rows_)
    new_rows = set(order)
    held = {merged.get(e, e) for e in stored}
    across = _merge_across_languages(matrix, docs, langs, groups, held, options,
                                     {g for g in held if new_rows.intersection(groups.get(g, []))},
                                     {merged.get(e, e) for e in pinned})
    return {doc_id: across.get(merged.get(e, e), merged.get(e, e)) for doc_id, e in assigned.items()}


def _merge_across_languages(matrix, docs: Sequence[Doc], langs: Sequence[str], groups: dict[str, list[int]],
                            stored: set[str], options: ClusterOptions, grown: set[str] = frozenset(),
                            pinned: set[str] = frozenset()) -> dict[str, str]:
    """Words rarely cross a language border, so an event told in a language that other
    events are not is matched on meaning: the multilingual sentence encoder compares
    its articles' leads with those of the events near it in time, and the best match
    at the threshold joins it. Joined groups are matched again (a French and a German
    group that found each other may then find the English event), at most three rounds.
    Embeddings are the costly part: only such events and their candidates are embedded."""
    main = _most_common(langs)
    if len(set(langs)) < 2:
        return {}
    from storyline.analyze.embed import embed

    days = _days(docs, sure_only=True)
    parent = {e: e for e in groups}

    def root(e: str) -> str:
        while parent[e] != e:
            e = parent[e]
        return e

    cache: dict[int, np.ndarray] = {}
    for _ in range(3):
        merged = {}
        for e, rows in groups.items():
            merged.setdefault(root(e), []).extend(rows)
        lang = {e: _most_common([langs[r] for r in rows]) for e, rows in merged.items()}
        span = {e: (np.nanmin(days[rows]), np.nanmax(days[rows])) if np.isfinite(days[rows]).any()
                else (np.nan, np.nan) for e, rows in merged.items()}
        anchored = {root(x) for x in stored if x in parent}  # groups holding stored events keep their id
        moving = {root(x) for x in grown if x in parent} | {e for e in merged if e not in anchored}
        held = {root(x) for x in pinned if x in parent}
        waiting = anchored - moving  # stored, nothing new: found by new events, never seeking

        def gap(a: str, b: str) -> float:
            (a0, a1), (b0, b1) = span[a], span[b]
            return 0.0 if np.isnan(a0) or np.isnan(b0) else max(a0 - b1, b0 - a1, 0.0)

        def nearest(f: str) -> list[str]:
            """The events close in time, the lexically nearest first (shared names cross languages)."""
            near = [e for e in merged if e != f and lang[e] != lang[f]
                    and gap(f, e) <= options.same_event_days + options.decay_days]
            if len(near) <= options.cross_lingual_candidates:
                return near
            centre = np.asarray(matrix[merged[f]].mean(axis=0)).ravel()
            score = {e: float(np.asarray(matrix[merged[e]] @ centre).mean()) for e in near}
            return sorted(near, key=lambda e: (-score[e], e))[: options.cross_lingual_candidates]

        def may_join(a: str, b: str) -> bool:
            return _may_merge(a in anchored, b in anchored, a in moving, b in moving, a in held, b in held)

        # events in other languages than the batch's look for a match, unless stored and
        # unchanged (they were matched when they came). A new event in the main language does
        # not seek stored foreign ones: tried, it let two plane crashes of one week meet.
        candidates = {}
        for f in merged:
            if f not in waiting and lang[f] != main:
                found = [c for c in nearest(f) if may_join(f, c)]
                if found:
                    candidates[f] = found
        foreign = sorted(candidates, key=lambda e: (np.isnan(span[e][0]), span[e][0], e))
        if not foreign:
            break
        sample = {e: sorted(merged[e], key=lambda r: (np.isnan(days[r]), days[r], docs[r].id))[:3]
                  for e in set(foreign) | {c for cs in candidates.values() for c in cs}}
        todo = sorted({r for rs in sample.values() for r in rs} - set(cache))
        if todo:
            vectors = embed([f"{docs[r].title or ''}. {docs[r].body[:options.lead_chars]}" for r in todo])
            if vectors is None:
                return {}
            cache.update(zip(todo, vectors))
        mean = {}
        for e, rs in sample.items():
            v = np.mean([cache[r] for r in rs], axis=0)
            mean[e] = v / max(float(np.linalg.norm(v)), 1e-9)
        joined = False
        for f in foreign:
            if root(f) != f:
                continue
            scored = [(float(mean[f] @ mean[c]) * float(decay(gap(f, c), options)), c)
                      for c in candidates[f] if root(c) != f and may_join(f, root(c))]
            if scored:
                best, c = max(scored)
                if best >= options.cross_lingual_threshold:
                    c = root(c)
                    child, head = (c, f) if f in anchored and c not in anchored else (f, c)
                    parent[child] = head
                    for states in (anchored, moving, held):
                        if child in states:
                            states.add(head)
                    joined = True
        if not joined:
            break
    return {e: root(e) for e in groups if root(e) != e}


def _merge_events(matrix, docs: Sequence[Doc], members: dict[str, list[int]], stored: set[str],
                  options: ClusterOptions, grown: set[str] = frozenset(), pinned: set[str] = frozenset()) -> dict[str, str]:
    """Undo the order effects of the single pass: merge events whose average link
    (the dot product of their mean vectors, discounted by the time gap between
    them) reaches the threshold. A stored event keeps its id; two stored events merge
    only as `_may_merge` allows (the larger keeps its id): articles placed one at a time
    can then still bridge the two halves of one happening, as a batch would."""
    events = [e for e, rows in members.items() if rows]
    if len(events) < 2:
        return {}
    from scipy.sparse import csr_matrix

    sizes = np.array([len(members[e]) for e in events], dtype=float)
    picks = csr_matrix((np.ones(int(sizes.sum())), (np.repeat(np.arange(len(events)), sizes.astype(int)),
                        [r for e in events for r in members[e]])), shape=(len(events), matrix.shape[0]))
    means = (picks @ matrix).multiply(1 / sizes[:, None]).tocsr()
    raw = (means @ means.T).toarray()
    days = _days(docs, sure_only=True)
    with np.errstate(all="ignore"):
        lo = np.array([np.nanmin(days[members[e]]) if np.isfinite(days[members[e]]).any() else np.nan for e in events])
        hi = np.array([np.nanmax(days[members[e]]) if np.isfinite(days[members[e]]).any() else np.nan for e in events])
        gap = np.maximum(np.maximum(lo[:, None] - hi[None, :], lo[None, :] - hi[:, None]), 0)
    gap = np.nan_to_num(gap, nan=0.0)
    alive = np.ones(len(events), dtype=bool)
    is_stored = np.array([e in stored for e in events])
    is_grown = np.array([e in grown for e in events])
    is_pinned = np.array([e in pinned for e in events])
    target = {}

    def scores(rows) -> np.ndarray:
        """The merge score of `rows` against every event; -1 where a merge may not happen."""
        out = raw[rows] * decay(gap[rows], options)
        moving = is_grown | ~is_stored
        out[~_may_merge(is_stored[rows, None], is_stored[None, :], moving[rows, None], moving[None, :],
                        is_pinned[rows, None], is_pinned[None, :])] = -1
        out[:, ~alive] = -1
        out[np.arange(len(out)), rows] = -1
        return out

    score = scores(np.arange(len(events)))  # then only the merged event's row and column change
    while True:
        a, b = np.unravel_index(int(np.argmax(score)), score.shape)
        if score[a, b] < options.threshold:
            break
        keep, drop = (a, b) if (is_stored[a] > is_stored[b] or (is_stored[a] == is_stored[b] and sizes[a] >= sizes[b])) else (b, a)
        total = sizes[keep] + sizes[drop]
        raw[keep, :] = (sizes[keep] * raw[keep, :] + sizes[drop] * raw[drop, :]) / total
        raw[:, keep] = raw[keep, :]
        # a merged event is as close in time to another as the closer of its parts
        gap[keep, :] = np.minimum(gap[keep, :], gap[drop, :])
        gap[:, keep] = gap[keep, :]
        raw[keep, keep] = 1.0
        sizes[keep] = total
        is_grown[keep] |= is_grown[drop] | ~is_stored[drop]
        is_pinned[keep] |= is_pinned[drop]
        is_stored[keep] |= is_stored[drop]
        alive[drop] = False
        score[drop, :] = score[:, drop] = -1
        score[keep, :] = scores(np.array([keep]))[0]
        score[:, keep] = score[keep, :]
        target[events[drop]] = events[keep]
        for e, t in list(target.items()):
            if t == events[drop]:
                target[e] = events[keep]
    return target


def _may_merge(stored_a, stored_b, moving_a, moving_b, pinned_a, pinned_b):
    """Whether two events may merge (booleans or arrays): any pair with a new event, but two
    stored events only when new articles joined one of them (they may bridge the two) and
    neither holds a manual correction."""
    stored_a, stored_b, moving_a, moving_b, pinned_a, pinned_b = (
        np.asarray(x, dtype=bool) for x in (stored_a, stored_b, moving_a, moving_b, pinned_a, pinned_b))
    return ~(stored_a & stored_b) | ((moving_a | moving_b) & ~pinned_a & ~pinned_b)


def _most_common(values: Sequence[str]) -> str:
    """The most frequent value; ties go to the first in sort order, so no run depends on hashing."""
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else "en"


def _days(docs: Sequence[Doc], sure_only: bool = False) -> np.ndarray:
    """Publication times in days (NaN when unknown, and with `sure_only` when estimated)."""
    return np.array([d.published.timestamp() / 86400 if d.published and (d.date_weight >= 1 or not sure_only)
                     else np.nan for d in docs])


def _time_factors(days: np.ndarray, chosen: np.ndarray, options: ClusterOptions, out: np.ndarray | None = None) -> np.ndarray:
    """time_factor of each chosen article against all (a row each), in one array operation
    (into `out` when given); unknown dates cost nothing."""
    gap = np.subtract(days[None, :], chosen[:, None], out=out)
    return _decayed(np.abs(gap, out=gap), options)


def _decayed(gap: np.ndarray, options: ClusterOptions) -> np.ndarray:
    """decay() of a float array of gaps in days, in place; NaN (a date unknown) gives 1. In
    place because at millions of cells the temporaries cost 20x the arithmetic."""
    gap -= options.same_event_days
    np.maximum(gap, 0, out=gap)
    gap *= -1 / options.decay_days
    np.exp(gap, out=gap)
    gap[np.isnan(gap)] = 1.0
    return gap


# ---- from stored articles to events -------------------------------------------------------

def nearest_events(new: Sequence[Doc], events: Sequence[Event], cache: dict, options: ClusterOptions | None = None) -> list[str]:
    """Which stored events new articles may join, read from stored vectors alone: each event
    scored as the single pass scores it (average link), with the gap to the event's span as
    the time factor. Per new article the best `candidates` events scoring at least
    `candidate_score` are kept, and for an article in another language than an event the
    `cross_lingual_candidates` nearest in time and words whatever their score (words rarely
    cross a language border; the encoder decides later). Only the kept events' articles are
    then loaded, so a placement reads what it may join, not all of a busy week.
    `cache` must hold the vectors of the events' members; the new docs' are added."""
    options = options or ClusterOptions()
    events = [e for e in events if any(m in cache for m in e.article_ids)]
    if not events or not new:
        return []
    rows = [(k, m) for k, e in enumerate(events) for m in e.article_ids if m in cache]
    pairs = [cache[m] for _, m in rows] + doc_vectors(new, options, cache)
    matrix = features([], options, pairs)
    from scipy.sparse import csr_matrix

    members, fresh = matrix[: len(rows)], matrix[len(rows):]
    owner = csr_matrix((np.ones(len(rows)), ([k for k, _ in rows], np.arange(len(rows)))), shape=(len(events), len(rows)))
    sizes = np.asarray(owner.sum(axis=1)).ravel()
    # the average link to an event is the dot product with its members' mean vector
    means = csr_matrix((owner @ members).multiply(1 / sizes[:, None]), dtype=matrix.dtype).T.tocsr()
    block = max(1, _BLOCK_CELLS // len(events))
    average = np.vstack([(fresh[i: i + block] @ means).toarray() for i in range(0, len(new), block)])
    days, first, last = _days(new), _event_days(events, "first_seen"), _event_days(events, "last_seen")
    with np.errstate(invalid="ignore"):
        gap = np.maximum(np.maximum(first[None, :] - days[:, None], days[:, None] - last[None, :]), 0)
    near = np.isnan(gap) | (gap <= options.same_event_days + options.decay_days)
    score = average * _decayed(gap, options)  # gap is not needed after `near`
    event_lang = np.array([_most_common([cache[m][0] for m in e.article_ids if m in cache]) for e in events])
    new_lang = np.array([cache[d.id][0] for d in new])
    kept: set[int] = set()
    foreign = near & (event_lang[None, :] != new_lang[:, None])
    for i in range(len(new)):
        order = np.argsort(-score[i], kind="stable")
        best = order[: options.candidates]
        kept.update(best[score[i, best] >= options.candidate_score].tolist())
        kept.update(order[foreign[i, order]][: options.cross_lingual_candidates].tolist())
    return [events[k].id for k in sorted(kept)]


def _event_days(events: Sequence[Event], field: str) -> np.ndarray:
    return np.array([getattr(e, field).timestamp() / 86400 if getattr(e, field) else np.nan for e in events])


def dated_docs(articles: Sequence[Article], context: dict[str, list] | None = None,
               min_confidence: float = 0.0, trust: float = 1.0) -> tuple[list[Doc], dict[str, DateGuess]]:
    """Clustering inputs. An undated article is placed at the date its text and its
    neighbours suggest (storyline.analyze.dates.estimate_date): `context` maps an article
    id to the publication dates of its event's other articles; without it the batch's
    dates are the context and only a date the text names (dateline, past event date)
    counts. A guess under `min_confidence` is returned (to be shown) but leaves the doc
    undated, and a guess used weighs its confidence x `trust` in the time factor: a wrong
    date splits an event, an unknown one costs nothing."""
    known = sorted(a.published.date() for a in articles if a.published)
    reference = known[len(known) // 2] if known else None
    docs, guesses = [], {}
    for a in articles:
        published = a.published
        if published is None:
            near = [d.date() for d in context.get(a.id, []) if d] if context is not None else known
            guess = estimate_date(a.title, a.body, near, reference)
            if guess is not None:
                guesses[a.id] = guess
                # against a whole batch, weekdays and medians mean nothing: only a date the text names
                named = context is not None or guess.how.startswith(("dateline", "text-date"))
                if guess.confidence >= min_confidence and named:
                    published = datetime.combine(guess.day, datetime.min.time())
        weight = 1.0 if a.published or a.id not in guesses else min(1.0, guesses[a.id].confidence * trust)
        docs.append(Doc(a.id, a.title, a.body, published, a.lang, a.outlet, weight))
    return docs, guesses


def cluster_docs(docs: Sequence[Doc], options: ClusterOptions | None = None) -> dict[str, str]:
    """Events for a batch as the store forms them: undated docs placed in time by a sure
    dateline, then `assign`. What `storyline eval` measures."""
    options = options or ClusterOptions()
    placed, _ = dated_docs(docs, min_confidence=options.date_confidence, trust=options.date_trust)
    return assign(placed, options=options)


def build_events(articles: Sequence[Article], existing: dict[str, str], story_of_event: dict[str, str],
                 options: ClusterOptions | None = None, link_options=None, cache: dict | None = None,
                 link_candidates=None, pinned: set[str] = frozenset()) -> tuple[list[Event], list[Storyline], dict[str, DateGuess]]:
    """The events that gain articles (new or grown) and their storylines; `existing`
    assignments and the storylines of stored events stay. Undated articles are dated
    twice: first from the batch, then, once grouped, from their event's dated articles
    (a closer context). `cache` holds
    clustering vectors by article id (stored ones in, new ones out); `link_candidates`,
    given the new events' descriptions, returns stored events they may continue
    ({id: (Linked, storyline id)}), so linking needs no other article."""
    from storyline.storylines import LinkOptions, describe, link

    options = options or ClusterOptions()
    link_options = link_options or LinkOptions()
    docs, guesses = dated_docs(articles, min_confidence=options.date_confidence, trust=options.date_trust)
    event_of = assign(docs, existing, options, lambda d: stable_id(d.id, prefix="ev"), cache, pinned)
    by_event: dict[str, list[str]] = {}
    for article_id, event_id in event_of.items():
        by_event.setdefault(event_id, []).append(article_id)
    # a batch with no dates at all gives no event a context: the first guesses stand
    undated = [a for a in articles if a.published is None] if any(a.published for a in articles) else []
    if undated:
        date_of = {a.id: a.published for a in articles}
        context = {a.id: [date_of[j] for j in by_event[event_of[a.id]] if j != a.id and date_of[j]] for a in undated}
        refined, better = dated_docs(undated, context)
        guesses.update(better)
        placed = {d.id: d.published for d in refined}
        docs = [Doc(d.id, d.title, d.body, placed.get(d.id, d.published), d.lang, d.outlet) for d in docs]
    # only events that gained articles change: describe, label and link those alone
    touched = {event_of[d.id] for d in docs if d.id not in existing}
    in_touched = [d for d in docs if event_of[d.id] in touched]
    described = describe(in_touched, event_of, link_options.key_share)
    stories = dict(story_of_event)
    known = {}
    for e, (linked, story) in (link_candidates(described) if link_candidates else {}).items():
        if e not in described:
            known[e] = linked
            stories[e] = story
    story_of = link(in_touched, event_of, stories, link_options, lambda e: stable_id(e, prefix="st"), known)
    by_id = {a.id: a for a in articles}
    when = {d.id: d.published for d in docs}
    rows = [event_row(e, [by_id[i] for i in by_event[e]], described[e], story_of[e], when) for e in sorted(touched)]
    return rows, storylines_of(rows), guesses


def event_row(event_id: str, members: Sequence[Article], linked, storyline_id: str | None,
              when: dict[str, datetime | None]) -> Event:
    """An event's stored row: members, span (undated members at their estimated day), label, key names."""
    dates = [when[a.id] for a in members if when.get(a.id)]
    return Event(event_id, sorted(a.id for a in members), min(dates, default=None), max(dates, default=None),
                 label(members), sorted(linked.keys), storyline_id)


def storylines_of(rows: Sequence[Event]) -> list[Storyline]:
    """One storyline row per storyline of these events, labelled by its earliest event."""
    first: dict[str, str] = {}
    for e in sorted(rows, key=lambda e: (e.first_seen is None, e.first_seen or datetime.min, e.id)):
        first.setdefault(e.storyline_id, e.label)
    return [Storyline(sid, [], text) for sid, text in first.items()]


def explain_article(doc: Doc, events: dict[str, list[Doc]], options: ClusterOptions | None = None,
                    top: int = 5) -> list[dict]:
    """The events nearest one article, scored as the single pass scores them: the average
    link of word-rarity vectors (before the collection's own counts reweigh them) times the
    time factor, with the words and names that carry the overlap ("n:" marks a name)."""
    options = options or ClusterOptions()

    def vec(d: Doc, lang: str) -> dict[str, float]:
        return vector(d.title, d.body, lang, options.body_chars, options.name_weight,
                      lead_chars=options.lead_weight_chars)

    [lang] = languages([doc])
    mine = vec(doc, lang)
    rows = []
    for event_id, members in events.items():
        carried: Counter = Counter()
        member_langs = languages(members)
        for m, m_lang in zip(members, member_langs):
            other = vec(m, m_lang)
            for t in mine.keys() & other.keys():
                carried[t] += mine[t] * other[t] / len(members)
        similarity = sum(carried.values())
        gaps = [abs((doc.published - m.published).total_seconds()) / 86400
                for m in members if doc.published and m.published]
        gap = min(gaps) if gaps else None
        factor = float(decay(gap, options)) if gap is not None else 1.0
        rows.append({
            "event": event_id, "articles": len(members), "similarity": round(similarity, 3),
            "gap_days": round(gap, 1) if gap is not None else None, "time_factor": round(factor, 3),
            "score": round(similarity * factor, 3), "reaches_threshold": similarity * factor >= options.threshold,
            "other_language": _most_common(member_langs) != lang,
            "shared": [t for t, _ in sorted(carried.items(), key=lambda kv: (-kv[1], kv[0]))[:8]],
        })
    return sorted(rows, key=lambda r: (-r["score"], r["event"]))[:top]
