"""Facts (one thing stated by two or more outlets) and unique claims (by one only)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from storyline.align.options import OPTIONS, AlignOptions
from storyline.align.pool import Cite, SentenceRef
from storyline.align.support import enforce, verdicts
from storyline.analyze.embed import available as embeddings_available
from storyline.model import Fact
from storyline.textutil import starts_with_pronoun


def thresholds(options: AlignOptions = OPTIONS) -> tuple[float, float]:
    """Fact and unique thresholds: lower on words alone, when the embedding model is missing."""
    if embeddings_available():
        return options.fact_threshold, options.unique_threshold
    return options.words_only_fact, options.words_only_unique


def facts_and_unique(pool: Sequence[SentenceRef], sims: np.ndarray, cite: Cite,
                     options: AlignOptions = OPTIONS) -> tuple[list[Fact], list[Fact], list[float]]:
    """Facts (2+ outlets, strongest first), unique claims, and each sentence's centrality."""
    n = len(pool)
    fact_threshold, unique_threshold = thresholds(options)
    outlets = [p.outlet for p in pool]
    cross = _cross_outlet(pool, sims, options)
    centrality = (cross * (cross >= fact_threshold)).sum(axis=1) if n else np.zeros(0)
    used: set[int] = set()
    facts: list[tuple[float, Fact]] = []
    for seed in sorted(range(n), key=lambda i: (-centrality[i], i)):
        if seed in used or centrality[seed] <= 0:
            continue
        members = [seed]
        for outlet in sorted(set(outlets) - {outlets[seed]}):
            # a sentence may support several facts (a lead often states two), but seeds only one
            candidates = [j for j in range(n) if outlets[j] == outlet and cross[seed, j] >= fact_threshold]
            if candidates:
                members.append(max(candidates, key=lambda j: cross[seed, j]))
        if len({outlets[m] for m in members}) < 2:
            continue
        used.update(members)
        citations = [cite(pool[m].article, pool[m].sentence.start, pool[m].sentence.end, pool[m].sentence.text) for m in members]
        best = max(members, key=lambda m: _representative_score(m, members, cross, pool))
        facts.append((float(centrality[seed]) * len(members), Fact(pool[best].sentence.text, citations)))
    facts.sort(key=lambda f: (-f[1].support, -f[0]))
    unique: list[Fact] = []
    if len(set(outlets)) > 1:
        for i in range(n):
            if i in used or (n and cross[i].max() >= unique_threshold):
                continue
            s = pool[i].sentence
            unique.append(Fact(s.text, [cite(pool[i].article, s.start, s.end, s.text)]))
    return [f for _, f in facts], unique, [float(c) for c in centrality]


def _cross_outlet(pool: Sequence[SentenceRef], sims: np.ndarray, options: AlignOptions) -> np.ndarray:
    """Similarity between sentences of different outlets (0 within an outlet), raised
    where two sentences name the same specific date or figure."""
    n = len(pool)
    bonus = np.zeros((n, n))
    holders: dict[object, list[int]] = defaultdict(list)
    for i, p in enumerate(pool):
        for anchor in p.anchors:
            holders[anchor].append(i)
    for rows in holders.values():
        if len(rows) > 1:
            bonus[np.ix_(rows, rows)] = options.anchor_bonus
    codes = {o: k for k, o in enumerate(sorted({p.outlet for p in pool}))}
    outlet = np.array([codes[p.outlet] for p in pool])
    return np.where(outlet[:, None] == outlet[None, :], 0.0, sims + bonus)


def _representative_score(m: int, members: list[int], cross: np.ndarray, pool: Sequence[SentenceRef]) -> float:
    """The wording closest to the others; original text beats machine translation; statements beat quotes."""
    mean = sum(cross[m, o] for o in members if o != m) / max(1, len(members) - 1)
    text = pool[m].sentence.text
    return (mean - (0.2 if pool[m].article.translated_from else 0.0) - (0.1 if text.startswith('"') else 0.0)
            - (0.15 if starts_with_pronoun(text) else 0.0))


CANDIDATES_PER_OUTLET = 2  # other sentences of an outlet tried when its aligned one does not state the fact


def supported(facts: list[Fact], pool: Sequence[SentenceRef], sims: np.ndarray, cite: Cite,
              options: AlignOptions = OPTIONS) -> list[Fact]:
    """Facts held to the citation contract. Each citation must state its fact; where an
    outlet's aligned sentence does not, its closest other sentences are tried (alignment
    picks one sentence per outlet by similarity, which can be the wrong one). A fact stays
    when two or more outlets state it, or differ only on its figure; each text once."""
    enforce(facts, options)
    row = {(p.article.id, p.sentence.start): i for i, p in enumerate(pool)}
    _, floor = thresholds(options)
    tries: list[tuple[Fact, int]] = []
    for fact in facts:
        home = next((row[(c.article_id, c.start)] for c in fact.citations
                     if c.text == fact.text and (c.article_id, c.start) in row), None)
        if home is None or fact.figure:  # a figure's outlets were all found by the figure itself
            continue
        held = fact.reported_by
        tried: dict[str, int] = defaultdict(int)
        for j in np.argsort(-sims[home], kind="stable"):
            if sims[home, j] < floor:
                break
            outlet = pool[j].outlet
            if outlet not in held and tried[outlet] < CANDIDATES_PER_OUTLET:
                tried[outlet] += 1
                tries.append((fact, int(j)))
    reasons = verdicts([(fact.text, pool[j].sentence.text) for fact, j in tries], options)  # sentence facts only
    for (fact, j), reason in zip(tries, reasons):
        ref = pool[j]
        if reason is None and ref.outlet not in {c.outlet for c in fact.citations}:
            fact.citations.append(cite(ref.article, ref.sentence.start, ref.sentence.end, ref.sentence.text))
    return _agreed(facts)


def _agreed(facts: list[Fact]) -> list[Fact]:
    seen: dict[str, Fact] = {}
    for fact in facts:
        key = f"{fact.figure or ''}\n{fact.text}"
        if key in seen:  # one sentence seeded two facts: one fact, all its citations
            held = {(c.article_id, c.start) for c in seen[key].citations}
            seen[key].citations += [c for c in fact.citations if (c.article_id, c.start) not in held]
            continue
        seen[key] = fact

    return sorted((f for f in seen.values() if len(f.reported_by) >= 2), key=lambda f: (-f.support, -len(f.reported_by)))
