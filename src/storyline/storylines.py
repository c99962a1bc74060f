"""Events into storylines: events that continue one another over weeks.

A storyline is held together by its actors and places. Each event gets its key
names — the words of capitalised names that most of its articles mention (or,
for a one-article event, that the article repeats); words, not whole names, so
"Yoon", "President Yoon Suk-yeol" and "Yoon Suk Yeol" meet. Two events belong
together when they share at least two key names and the shared ones carry enough of the
smaller event's key-name weight (an overlap coefficient, names weighted by how
rare they are among events), and they are at most `max_gap_days` apart.
Events are taken in time order and join the storyline of their closest earlier
event, so new events extend stored storylines without recomputing them. Two
storylines begun in one batch that run side by side (a topic's early events
that found no link to each other) are joined by a later event that continues
both strongly; stored storylines are never joined.
"""

from __future__ import annotations

import math
import re
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from storyline.model import Doc, versioned
from storyline.textutil import names
from storyline.workers import spread

VERSION = "storyline.storylines.keynames.v3"


@dataclass(slots=True)
class LinkOptions:
    threshold: float = 0.15  # weighted overlap of key names between two events of one storyline
    min_shared: int = 2  # key names two linked events must share
    max_gap_days: float = 120.0
    key_share: float = 0.5  # a key name is in at least this share of an event's articles
    bridge: float = 0.6  # an event this close to two storylines of one batch joins them ...
    bridge_shared: int = 3  # ... when it shares at least this many key names with each

    @property
    def version(self) -> str:
        return versioned(VERSION, self)


_SPLIT = re.compile(r"[\s-]+")


_CACHED = 20_000  # texts whose name words are kept: an event's older articles are described again as it grows
_cache: OrderedDict[str, tuple[str, ...]] = OrderedDict()
PARALLEL_FROM = 1000  # texts not yet seen before the workers share the work


def name_tokens(text: str) -> tuple[str, ...]:
    """The words of capitalised names: "President Yoon Suk-yeol", "Yoon" and "Yoon Suk Yeol"
    all give "yoon", so outlets that spell a name differently (or in another language) meet."""
    found = _cache.get(text)
    if found is None:
        found = _remember(text, _name_tokens(text))
    else:
        _cache.move_to_end(text)
    return found


def _name_tokens(text: str) -> tuple[str, ...]:
    return tuple(t for n in names(text) for t in _SPLIT.split(n) if len(t) > 1)


def _name_tokens_all(texts: list[str]) -> list[tuple[str, ...]]:
    return [_name_tokens(t) for t in texts]


def _remember(text: str, tokens: tuple[str, ...]) -> tuple[str, ...]:
    _cache[text] = tokens
    if len(_cache) > _CACHED:
        _cache.popitem(last=False)
    return tokens


def _text(doc: Doc) -> str:
    return f"{doc.title or ''}\n{doc.body}"


def _learn_names(docs: Sequence[Doc]) -> None:
    """Name words of the texts not seen yet, across the workers when there are many (a
    placement of thousands of new articles); key_names then finds them cached."""
    texts = list(dict.fromkeys(t for t in map(_text, docs) if t not in _cache))
    if PARALLEL_FROM <= len(texts) <= _CACHED:  # fewer are found as they are asked for
        for text, tokens in zip(texts, spread(_name_tokens_all, texts, parallel_from=PARALLEL_FROM)):
            _remember(text, tokens)


def key_names(docs: Sequence[Doc], share: float = 0.5) -> set[str]:
    """Name words most of the event's articles mention; for one article, those it repeats."""
    per_doc = [Counter(name_tokens(_text(d))) for d in docs]
    if len(per_doc) == 1:
        return {n for n, c in per_doc[0].items() if c >= 2}
    df = Counter(n for counts in per_doc for n in counts)
    need = max(2, math.ceil(share * len(per_doc)))
    return {n for n, c in df.items() if c >= need}


@dataclass(slots=True)
class Linked:
    """What linking needs of an event: its key-name words and its span in time."""

    keys: set[str]
    first: datetime | None
    last: datetime | None


def describe(docs: Sequence[Doc], event_of: dict[str, str], share: float = 0.5) -> dict[str, Linked]:
    """Key names and time span of every event the docs belong to."""
    _learn_names([d for d in docs if d.id in event_of])
    members: dict[str, list[Doc]] = {}
    for doc in docs:
        if doc.id in event_of:
            members.setdefault(event_of[doc.id], []).append(doc)
    return {e: Linked(key_names(ds, share), min((d.published for d in ds if d.published), default=None),
                      max((d.published for d in ds if d.published), default=None)) for e, ds in members.items()}


def link(
    docs: Sequence[Doc], event_of: dict[str, str], existing: dict[str, str] | None = None,
    options: LinkOptions | None = None, new_storyline_id=None, known: dict[str, Linked] | None = None,
) -> dict[str, str]:
    """Storyline id for every event. `existing` maps events already in storylines; they stay.
    `known` describes stored events whose articles are not in `docs` (candidates from the store)."""
    options = options or LinkOptions()
    existing = dict(existing or {})
    new_storyline_id = new_storyline_id or (lambda event: f"s:{event}")
    events = dict(known or {})
    events.update(describe(docs, event_of, options.key_share))
    if not events:
        return existing
    keys = {e: ev.keys for e, ev in events.items()}
    holders = Counter(n for k in keys.values() for n in k)
    weight = {n: math.log(1 + len(keys) / c) for n, c in holders.items()}
    total = {e: sum(weight[n] for n in k) for e, k in keys.items()}
    first = {e: ev.first for e, ev in events.items()}
    last = {e: ev.last for e, ev in events.items()}
    order = sorted(events, key=lambda e: (first[e] is None, first[e] or datetime.min, e))
    result = dict(existing)
    stored_stories = set(existing.values())
    renamed: dict[str, str] = {}

    def story(e: str) -> str:
        s = result[e]
        while s in renamed:
            s = renamed[s]
        return s

    placed: dict[str, list[str]] = {}  # key name -> placed events that have it (an inverted index)
    rank = {e: i for i, e in enumerate([e for e in order if e in existing] + [e for e in order if e not in existing])}
    for event in order:
        if event in existing:
            for n in keys[event]:
                placed.setdefault(n, []).append(event)
    for event in order:
        if event in result:
            continue
        shared = Counter(other for n in keys[event] for other in placed.get(n, ()))
        best, best_score = None, options.threshold
        strong = []
        for other in sorted((o for o, c in shared.items() if c >= options.min_shared), key=rank.__getitem__):
            if not _close_in_time(first[event], last[event], first[other], last[other], options.max_gap_days):
                continue
            score = overlap(keys[event], keys[other], weight, options.min_shared, (total[event], total[other]))
            if score >= best_score:  # a tie goes to the later event: the story's latest turn
                best, best_score = other, score
            if score >= options.bridge and len(keys[event] & keys[other]) >= options.bridge_shared:
                strong.append(other)
        result[event] = story(best) if best else new_storyline_id(event)
        for other in strong:  # an event that strongly continues two storylines of this batch joins them
            s = story(other)
            if s != result[event] and s not in stored_stories:
                renamed[s] = result[event]
        for n in keys[event]:
            placed.setdefault(n, []).append(event)
    return {e: story(e) for e in result}


def overlap(a: set[str], b: set[str], weight: dict[str, float], min_shared: int = 2,
            totals: tuple[float, float] | None = None) -> float:
    """Weighted overlap coefficient: the shared names' weight over the smaller side's
    (`totals`: the two sides' summed weights, when already known)."""
    shared = a & b
    if len(shared) < min_shared:
        return 0.0
    smaller = min(totals) if totals else min(sum(weight[n] for n in a), sum(weight[n] for n in b))
    return sum(weight[n] for n in shared) / smaller if smaller else 0.0


def _close_in_time(a0: datetime | None, a1: datetime | None, b0: datetime | None, b1: datetime | None, days: float) -> bool:
    if None in (a0, a1, b0, b1):
        return True
    gap = max((a0 - b1).total_seconds(), (b0 - a1).total_seconds(), 0) / 86400
    return gap <= days
