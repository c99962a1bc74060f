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

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from storyline.analyze.embed import available as embeddings_available
from storyline.analyze.embed import embed
from storyline.analyze.names import surname
from storyline.analyze.quantities import GENERIC_PEOPLE
from storyline.model import (
    Analysis, Article, Citation, Discrepancy, DiscrepancyValue, Fact, Quantity, QuoteGroup, Sentence,
)
from storyline.textutil import overlap, starts_with_pronoun, stems, words

VERSION = "storyline.align.tfidf.v1"

FACT_THRESHOLD = 0.42  # mean of lemma TF-IDF and embedding cosines for two sentences to state one fact
UNIQUE_THRESHOLD = 0.3  # below this against every other outlet, a sentence is unique
WORDS_ONLY = {"fact": 0.3, "unique": 0.2}  # thresholds when the embedding model is missing
MIN_FACT_WORDS = 6
MAGNITUDE_RATIO = 2.5  # values further apart than this count different things
APPROX_TOLERANCE = 0.15  # "about 100" covers 85–115
QUOTE_MATCH = 0.5
TRANSLATED_MEANING = 0.8  # weight of embedding similarity alone when one side is a translation
ANCHOR_BONUS = 0.1  # two sentences naming the same specific date or figure more likely state one fact


@dataclass(slots=True)
class SentenceRef:
    sentence: Sentence
    article: Article
    anchors: frozenset = frozenset()  # specific dates and figures the sentence states

    @property
    def outlet(self) -> str:
        return self.article.outlet or self.article.id


Cite = Callable[[Article, int, int, str], Citation]


def sentence_pool(articles: Sequence[Article], analyses: Sequence[Analysis]) -> list[SentenceRef]:
    by_id = {a.id: a for a in articles}
    pool = []
    for an in analyses:
        article = by_id[an.article_id]
        anchors: dict[int, set] = defaultdict(set)
        published = article.published.date() if article.published else None
        for d in an.dates:
            if d.granularity == "day" and d.start_date != published:
                anchors[d.sentence].add(("date", d.start_date))
        for q in an.quantities:
            if q.value >= 10 or q.category.startswith(GENERIC_PEOPLE):
                anchors[q.sentence].add(("figure", q.value, q.category))
        pool += [SentenceRef(s, article, frozenset(anchors.get(s.index, ()))) for s in an.sentences
                 if len(words(s.text)) >= MIN_FACT_WORDS]
    return pool


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
    # meaning matters only across outlets; one outlet's sentences are compared on words alone
    vectors = embed([p.sentence.text for p in pool]) if len({p.outlet for p in pool}) > 1 else None
    if vectors is not None:
        meaning = np.clip(vectors @ vectors.T, 0.0, 1.0)
        mixed = (sims + meaning) / 2
        # machine-translated copy rewords everything: there word overlap says little, meaning more
        translated = np.array([bool(p.article.translated_from) for p in pool])
        either = translated[:, None] | translated[None, :]
        sims = np.where(either, np.maximum(mixed, TRANSLATED_MEANING * meaning), mixed)
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
    cross = _cross_outlet(pool, sims)
    centrality = (cross * (cross >= fact_threshold)).sum(axis=1) if n else np.zeros(0)
    used: set[int] = set()
    facts: list[tuple[float, Fact]] = []
    for seed in sorted(range(n), key=lambda i: (-centrality[i], i)):
        if seed in used or centrality[seed] <= 0:
            continue
        members = [seed]
        for outlet in sorted(set(outlets) - {outlets[seed]}):
            # a sentence may support several facts (a lead often states two), but seeds only one
            options = [j for j in range(n) if outlets[j] == outlet and cross[seed, j] >= fact_threshold]
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


def _cross_outlet(pool: Sequence[SentenceRef], sims: np.ndarray) -> np.ndarray:
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
            bonus[np.ix_(rows, rows)] = ANCHOR_BONUS
    codes = {o: k for k, o in enumerate(sorted({p.outlet for p in pool}))}
    outlet = np.array([codes[p.outlet] for p in pool])
    return np.where(outlet[:, None] == outlet[None, :], 0.0, sims + bonus)


def agreed_figures(items: Sequence[tuple[Quantity, Article]], pool: Sequence[SentenceRef], facts: list[Fact],
                   cite: Cite) -> list[Fact]:
    """Figures two or more outlets give alike ("3,400 hectares") are agreement too, even
    when the sentences around them differ: add each outlet's sentence to the fact that
    already holds one of them, or make the figure a fact of its own."""
    sentences: dict[str, list[SentenceRef]] = defaultdict(list)
    for ref in pool:
        sentences[ref.article.id].append(ref)
    facts = list(facts)
    for category, group in _by_category(items).items():
        for band in _magnitude_bands(group):
            for slot in _by_owner(band).values():
                if _discrepancy(category, None, slot, cite) is not None:
                    continue  # disputed: shown as a discrepancy instead
                by_value: dict[tuple, list] = defaultdict(list)
                for q, a in slot:
                    by_value[(q.value, q.high)].append((q, a))
                for (value, _), same in by_value.items():
                    if category.startswith(GENERIC_PEOPLE) or category == "casualties" or value >= 10:
                        _attach_figure(same, sentences, facts, cite)  # small counts of things are noise
    return sorted(facts, key=lambda f: -f.support)


def _attach_figure(slot, sentences, facts: list[Fact], cite: Cite) -> None:
    """Put each outlet's sentence giving this figure into one fact."""
    refs: dict[str, SentenceRef] = {}
    for q, a in slot:
        ref = next((r for r in sentences[a.id] if r.sentence.start <= q.span.start < r.sentence.end), None)
        if ref is not None:
            refs.setdefault(a.id, ref)
    if len({r.outlet for r in refs.values()}) < 2:
        return
    keys = {(r.article.id, r.sentence.start) for r in refs.values()}
    home = next((f for f in facts if any((c.article_id, c.start) in keys for c in f.citations)), None)
    if home is None:
        first = next(iter(refs.values()))
        home = Fact(first.sentence.text, [])
        facts.append(home)
    cited = {c.article_id for c in home.citations}
    for article_id, r in refs.items():
        if article_id not in cited:
            home.citations.append(cite(r.article, r.sentence.start, r.sentence.end, r.sentence.text))


def _representative_score(m: int, members: list[int], cross: np.ndarray, pool: Sequence[SentenceRef]) -> float:
    """The wording closest to the others; original text beats machine translation; statements beat quotes."""
    mean = sum(cross[m, o] for o in members if o != m) / max(1, len(members) - 1)
    text = pool[m].sentence.text
    return (mean - (0.2 if pool[m].article.translated_from else 0.0) - (0.1 if text.startswith('"') else 0.0)
            - (0.15 if starts_with_pronoun(text) else 0.0))


def discrepancies(items: Sequence[tuple[Quantity, Article]], cite: Cite) -> list[Discrepancy]:
    """Counted things given incompatible values by different outlets."""
    by_category = _by_category(items)
    found: list[Discrepancy] = []
    for category, group in by_category.items():
        for band in _magnitude_bands(group):
            for owner, slot in _by_owner(band).items():
                d = _discrepancy(category, owner, slot, cite)
                if d:
                    found.append(d)
    return sorted(found, key=lambda d: -sum(len(v.citations) for v in d.values))


def _by_category(items) -> dict[str, list[tuple[Quantity, Article]]]:
    """Group by kind of thing counted; generic "people" join the closest specific group."""
    by_category: dict[str, list[tuple[Quantity, Article]]] = defaultdict(list)
    generic = []
    for q, a in items:
        (generic if q.category == GENERIC_PEOPLE else by_category[q.category]).append((q, a))
    groups = [c for c in by_category if c.startswith(GENERIC_PEOPLE + ":")]
    for q, a in generic:
        close = [(min(abs(math.log(max(q.value, 1e-9) / max(o.value, 1e-9))) for o, _ in by_category[c]), c) for c in groups]
        close = [(d, c) for d, c in close if d <= math.log(MAGNITUDE_RATIO)]
        by_category[min(close)[1] if close else GENERIC_PEOPLE].append((q, a))
    return by_category


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
    for key in sorted(values, key=lambda k: (k[0], k[1] is not None, k[1] or 0.0)):
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
        q_stems = stems(q.text)
        for g_speaker, members, g_stems in groups:
            if g_speaker == speaker and _containment(q_stems, g_stems) >= QUOTE_MATCH:
                members.append((q, a))
                g_stems |= q_stems
                break
        else:
            groups.append((speaker, [(q, a)], set(q_stems)))
    result = []
    for speaker, members, _ in groups:
        texts = sorted({q.text for q, _ in members}, key=len, reverse=True)
        citations = [cite(a, q.span.start, q.span.end, q.text) for q, a in members]
        result.append(QuoteGroup(speaker, texts[0], texts[1:], citations))
    result.sort(key=lambda g: (-len({c.outlet for c in g.citations}), -len(g.text)))
    return result


def _containment(a: set[str], b: set[str]) -> float:
    if min(len(a), len(b)) < 3:  # a three-word fragment matches too much
        return 0.0
    return overlap(a, b)
