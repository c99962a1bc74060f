"""The sentences of an event's articles, and how alike two of them are."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from storyline.align.options import OPTIONS, AlignOptions
from storyline.analyze.embed import embed
from storyline.analyze.quantities import GENERIC_PEOPLE
from storyline.model import Analysis, Article, Citation, Sentence
from storyline.textutil import words


@dataclass(slots=True)
class SentenceRef:
    sentence: Sentence
    article: Article
    anchors: frozenset = frozenset()  # specific dates and figures the sentence states

    @property
    def outlet(self) -> str:
        return self.article.outlet or self.article.id


Cite = Callable[[Article, int, int, str], Citation]


def sentence_at(analysis: Analysis, offset: int) -> Sentence | None:
    """The analysed sentence that holds a character offset of its article's body."""
    return next((s for s in analysis.sentences if s.start <= offset < s.end), None)


def embedded_texts(analysis: Analysis, options: AlignOptions = OPTIONS) -> list[str]:
    """The texts of an article's sentences that the pool compares by meaning (see `sentence_pool`)."""
    return list(dict.fromkeys(s.text for s in analysis.sentences
                              if s.index < options.max_sentences and len(words(s.text)) >= options.min_fact_words))


def sentence_pool(articles: Sequence[Article], analyses: Sequence[Analysis],
                  options: AlignOptions = OPTIONS) -> list[SentenceRef]:
    """The sentences compared across outlets: long enough to state something, from the top
    of each article (what outlets agree on is told early; a long feature's tail only costs)."""
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
                 if s.index < options.max_sentences and len(words(s.text)) >= options.min_fact_words]
    return pool


def similarity(pool: Sequence[SentenceRef], options: AlignOptions = OPTIONS) -> np.ndarray:
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
        sims = np.where(either, np.maximum(mixed, options.translated_meaning * meaning), mixed)
    np.fill_diagonal(sims, 0.0)
    return sims
