"""Across the articles of one event: what outlets agree on, where they differ.

- facts: sentences from different outlets that say the same thing (TF-IDF over
  lemmas, one sentence per article per fact);
- unique claims: sentences no other outlet matches;
- discrepancies: one counted thing (same kind, same owner, same order of
  magnitude) given incompatible values by different outlets;
- quote groups: one speaker's words as each outlet carries them, wording
  variants and translations matched on shared word stems.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from storyline.analyze.embed import available as embeddings_available
from storyline.analyze.embed import embed
from storyline.analyze.names import surname
from storyline.model import (
    Analysis, Article, Citation, Discrepancy, DiscrepancyValue, Fact, Quantity, QuoteGroup, Sentence,
)
from storyline.textutil import STOPWORDS, words

VERSION = "storyline.align.tfidf.v1"

FACT_THRESHOLD = 0.42  # mean of lemma TF-IDF and embedding cosines for two sentences to state one fact
UNIQUE_THRESHOLD = 0.3  # below this against every other outlet, a sentence is unique
WORDS_ONLY = {"fact": 0.3, "unique": 0.2}  # thresholds when the embedding model is missing
MIN_FACT_WORDS = 6
MAGNITUDE_RATIO = 2.5  # values further apart than this count different things
APPROX_TOLERANCE = 0.15  # "about 100" covers 85–115
QUOTE_MATCH = 0.5


@dataclass(slots=True)
class SentenceRef:
    sentence: Sentence
    article: Article

    @property
    def outlet(self) -> str:
        return self.article.outlet or self.article.id


Cite = Callable[[Article, int, int, str], Citation]


def sentence_pool(articles: Sequence[Article], analyses: Sequence[Analysis]) -> list[SentenceRef]:
    by_id = {a.id: a for a in articles}
    return [SentenceRef(s, by_id[an.article_id]) for an in analyses for s in an.sentences
            if len(words(s.text)) >= MIN_FACT_WORDS]


def similarity(pool: Sequence[SentenceRef]) -> np.ndarray:
    """Sentence × sentence: the mean of lemma TF-IDF cosine (same words) and
    multilingual embedding cosine (same meaning, other words or language)."""
    if not pool:
        return np.zeros((0, 0))
    texts = [p.sentence.lemmas or p.sentence.text.lower() for p in pool]
    try:
        matrix = TfidfVectorizer(sublinear_tf=True, token_pattern=r"(?u)\b\w\w+\b").fit_transform(texts)
        sims = (matrix @ matrix.T).toarray()
    except ValueError:  # nothing but stop words
        sims = np.zeros((len(pool), len(pool)))
    vectors = embed([p.sentence.text for p in pool])
    if vectors is not None:
        sims = (sims + np.clip(vectors @ vectors.T, 0.0, 1.0)) / 2
    np.fill_diagonal(sims, 0.0)
    return sims


def thresholds() -> tuple[float, float]:
    if embeddings_available():
        return FACT_THRESHOLD, UNIQUE_THRESHOLD
    return WORDS_ONLY["fact"], WORDS_ONLY["unique"]


def facts_and_unique(pool: Sequence[SentenceRef], sims: np.ndarray, cite: Cite) -> tuple[list[Fact], list[Fact], list[float]]:
    """Facts (2+ outlets, strongest first), unique claims, and each sentence's centrality."""
    n = len(pool)
    fact_threshold, unique_threshold = thresholds()
    outlets = [p.outlet for p in pool]
    cross = np.array([[sims[i, j] if outlets[i] != outlets[j] else 0.0 for j in range(n)] for i in range(n)]) if n else sims
    centrality = (cross * (cross >= fact_threshold)).sum(axis=1) if n else np.zeros(0)
    used: set[int] = set()
    facts: list[tuple[float, Fact]] = []
    for seed in sorted(range(n), key=lambda i: (-centrality[i], i)):
        if seed in used or centrality[seed] <= 0:
            continue
        members = [seed]
        for outlet in sorted(set(outlets) - {outlets[seed]}):
            options = [j for j in range(n) if outlets[j] == outlet and j not in used and cross[seed, j] >= fact_threshold]
            if options:
                members.append(max(options, key=lambda j: cross[seed, j]))
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


def _representative_score(m: int, members: list[int], cross: np.ndarray, pool: Sequence[SentenceRef]) -> float:
    """The wording closest to the others; original text beats machine translation; statements beat quotes."""
    mean = sum(cross[m, o] for o in members if o != m) / max(1, len(members) - 1)
    text = pool[m].sentence.text
    return mean - (0.2 if pool[m].article.translated_from else 0.0) - (0.1 if text.startswith('"') else 0.0)


def discrepancies(items: Sequence[tuple[Quantity, Article]], cite: Cite) -> list[Discrepancy]:
    """Counted things given incompatible values by different outlets."""
    by_category: dict[str, list[tuple[Quantity, Article]]] = defaultdict(list)
    for q, a in items:
        by_category[q.category].append((q, a))
    found: list[Discrepancy] = []
    for category, group in by_category.items():
        for band in _magnitude_bands(group):
            for owner, slot in _by_owner(band).items():
                d = _discrepancy(category, owner, slot, cite)
                if d:
                    found.append(d)
    return sorted(found, key=lambda d: -sum(len(v.citations) for v in d.values))


def _magnitude_bands(group):
    ordered = sorted(group, key=lambda qa: qa[0].value)
    bands, current = [], []
    for qa in ordered:
        if current and qa[0].value > max(current[0][0].value, 1e-9) * MAGNITUDE_RATIO:
            bands.append(current)
            current = []
        current.append(qa)
    if current:
        bands.append(current)
    return bands


def _by_owner(band):
    """Split a band by whose things are counted; unknown owners join the main owner."""
    owners = Counter(q.owner for q, _ in band if q.owner)
    if len(owners) <= 1:
        return {next(iter(owners), None): band}
    main = owners.most_common(1)[0][0]
    slots: dict[str | None, list] = defaultdict(list)
    for q, a in band:
        slots[q.owner or main].append((q, a))
    return slots


def _discrepancy(category: str, owner: str | None, slot, cite: Cite) -> Discrepancy | None:
    # one value per number: "90 troops" and "around 90 soldiers" both say 90
    values: dict[tuple[float, float | None], list[tuple[Quantity, Article]]] = defaultdict(list)
    for q, a in slot:
        values[(q.value, q.high)].append((q, a))
    outlets = {a.outlet or a.id for _, a in slot}
    if len(outlets) < 2 or len(values) < 2:
        return None
    approximate = {k: all(q.approximate for q, _ in refs) for k, refs in values.items()}
    exact = {k[0] for k, approx in approximate.items() if not approx and k[1] is None}
    if len(exact) < 2 and not any(_approx_conflicts(k, exact) for k, approx in approximate.items() if approx):
        return None
    units = Counter(q.unit.lower() for q, _ in slot)
    what = " / ".join(u for u, _ in units.most_common(4))
    slot_name = f"{owner}: {what}" if owner else what
    out = []
    for key in sorted(values):
        refs = values[key]
        q0 = next((q for q, _ in refs if not q.approximate), refs[0][0])
        citations = [cite(a, q.span.start, q.span.end, q.text) for q, a in refs]
        out.append(DiscrepancyValue(q0.display, q0.value, approximate[key], citations))
    notes = []
    for v in out:
        if v.approximate:
            fits = [w.value for w in out if not w.approximate and abs(w.number - v.number) <= APPROX_TOLERANCE * v.number]
            if fits:
                notes.append(f"{v.value} is compatible with {', '.join(fits)}")
    return Discrepancy(slot=slot_name, values=out, note="; ".join(notes))


def _approx_conflicts(key, exact: set[float]) -> bool:
    return any(abs(e - key[0]) > APPROX_TOLERANCE * key[0] for e in exact)


def quote_groups(items: Sequence[tuple[object, Article]], cite: Cite) -> list[QuoteGroup]:
    """Quotes grouped by speaker, then by wording (variants and translations matched)."""
    names: dict[str, str] = {}
    for q, _ in items:
        if q.speaker:
            key = surname(q.speaker)
            if len(q.speaker) > len(names.get(key, "")):
                names[key] = q.speaker
    groups: list[tuple[str, list[tuple[object, Article]], set[str]]] = []
    for q, a in items:
        if not q.speaker:
            continue
        speaker = names[surname(q.speaker)]
        stems = _stems(q.text)
        for g_speaker, members, g_stems in groups:
            if g_speaker == speaker and _containment(stems, g_stems) >= QUOTE_MATCH:
                members.append((q, a))
                g_stems |= stems
                break
        else:
            groups.append((speaker, [(q, a)], set(stems)))
    result = []
    for speaker, members, _ in groups:
        texts = sorted({q.text for q, _ in members}, key=len, reverse=True)
        citations = [cite(a, q.span.start, q.span.end, q.text) for q, a in members]
        result.append(QuoteGroup(speaker, texts[0], texts[1:], citations))
    result.sort(key=lambda g: (-len({c.outlet for c in g.citations}), -len(g.text)))
    return result


def _stems(text: str) -> set[str]:
    return {w.lower()[:5] for w in words(text) if len(w) > 2 and w.lower() not in STOPWORDS}


def _containment(a: set[str], b: set[str]) -> float:
    if min(len(a), len(b)) < 3:  # a three-word fragment matches too much
        return 0.0
    return len(a & b) / min(len(a), len(b))
