"""Quotes grouped by speaker, then by wording: variants and translations matched, one
canonical speaker across outlets, and the same words credited to different speakers."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyline.align.options import OPTIONS, AlignOptions
from storyline.align.pool import Cite
from storyline.analyze.embed import embed
from storyline.analyze.names import (ROLES, TITLES, canonical_names, head_word, is_role, merge_people, person_for_role,
                                     titled_people)
from storyline.model import Analysis, Article, Discrepancy, DiscrepancyValue, Quote, QuoteGroup
from storyline.textutil import first_words, overlap, stems

People = dict[str, tuple[frozenset[str], frozenset[str]]]


def event_people(articles: Sequence[Article], analyses: Sequence[Analysis]) -> People:
    """The people an event's articles name, under one name each across outlets, with the
    titles any outlet gives them ("Interior Minister Anutin Charnvirakul")."""
    by_id = {a.id: a for a in articles}
    # the English NER reads titles only in English ("Chef der Junta" is no person)
    analyses = [an for an in analyses if an.article_id in by_id and (by_id[an.article_id].lang or "en") == "en"]
    persons = [e for an in analyses for e in an.entities if e.label == "PERSON"]
    names = canonical_names([e.canonical for e in persons])
    return merge_people(*(
        titled_people(by_id[an.article_id].body, [(names[e.canonical], e.span.start, e.span.end)
                                                  for e in an.entities if e.label == "PERSON"])
        for an in analyses
    ))


def speakers(items: Sequence[tuple[Quote, Article]], people: People) -> dict[str, str]:
    """Each speaker as one outlet wrote it -> the one name all outlets' quotes go under:
    "Yoon" and "Yoon Suk Yeol"; "the interior minister" and "Anutin Charnvirakul"."""
    written = [q.speaker for q, _ in items if q.speaker]
    names = canonical_names([s for s in written if not _role(s)] + list(people))

    def one(speaker: str) -> str:
        person = person_for_role(speaker, people)
        if person:
            return names.get(person, person)
        return speaker if _role(speaker) else names.get(speaker, speaker)  # "officials" is nobody's short name

    return {s: one(s) for s in written}


def quote_groups(items: Sequence[tuple[Quote, Article]], cite: Cite, people: People | None = None,
                 options: AlignOptions = OPTIONS) -> list[QuoteGroup]:
    """Quotes grouped by speaker, then by wording (variants and translations matched).
    Direct quotes lead a group; reported speech joins the direct quote it restates."""
    who = speakers(items, people or {})
    by_speaker: dict[str, list[tuple[Quote, Article]]] = {}
    for q, a in items:
        if q.speaker:
            by_speaker.setdefault(who[q.speaker], []).append((q, a))
    groups: list[tuple[str, list[tuple[Quote, Article]]]] = []
    for speaker, spoken in by_speaker.items():  # only one speaker's quotes can be one quote
        # "officials" are many people saying many things on one topic: their words must match both ways
        anonymous = _role(speaker)
        same = _same_words([q.text for q, _ in spoken], 2.0 if anonymous else options.quote_meaning, options,
                           [a.id for _, a in spoken], both_ways=anonymous,
                           languages=None if anonymous else [a.lang or "en" for _, a in spoken])
        mine: list[list[int]] = []
        for i in range(len(spoken)):
            home = next((members for members in mine if any(same[i, j] for j in members)), None)
            if home is None:
                mine.append([i])
            else:
                home.append(i)
        groups += [(speaker, [spoken[i] for i in members]) for members in mine]
    result = []
    for speaker, quotes in groups:
        # the lead wording: a direct quote before reported speech, English before a translation, the longest
        lead = sorted(quotes, key=lambda qa: (not qa[0].direct, (qa[1].lang or "en") != "en", -len(qa[0].text)))
        texts = list(dict.fromkeys(q.text for q, _ in lead if q.direct or not lead[0][0].direct))
        direct = [q.text for q, _ in quotes if q.direct]
        citations = [cite(a, q.span.start, q.span.end, q.text) for q, a in quotes]
        result.append(QuoteGroup(speaker, texts[0], texts[1:], citations, direct=bool(direct)))
    result.sort(key=lambda g: (not g.direct, -len({c.outlet for c in g.citations}), -len(g.text)))
    return result


def attributions(groups: Sequence[QuoteGroup], options: AlignOptions = OPTIONS) -> list[Discrepancy]:
    """The same direct quote credited to different named speakers by different outlets
    ("a spokesman" beside a name is a less precise credit, not another speaker)."""
    direct = [g for g in groups if g.direct and _named(g.speaker)]
    if len(direct) < 2:
        return []
    # two people may say alike things: only near-verbatim words are one quote misattributed, so
    # the words are compared both ways (a short quote inside a long one is not the same quote)
    same = _same_words([g.text for g in direct], options.attribution_meaning, options, both_ways=True)
    found, seen = [], set()
    for i, g in enumerate(direct):
        rivals = [j for j in range(len(direct)) if j != i and same[i, j] and direct[j].speaker != g.speaker
                  and {c.outlet for c in direct[j].citations} != {c.outlet for c in g.citations}]
        if not rivals or i in seen:
            continue
        members = [i] + rivals
        seen.update(members)
        values = [DiscrepancyValue(direct[k].speaker, None, False, direct[k].citations) for k in members]
        found.append(Discrepancy(slot=f"who said “{first_words(g.text, 12)}”", values=values, about="attribution",
                                 note="outlets credit these words to different speakers"))
    return found


def _same_words(texts: Sequence[str], meaning: float, options: AlignOptions,
                sources: Sequence[str] | None = None, both_ways: bool = False,
                languages: Sequence[str] | None = None) -> np.ndarray:
    """Pairs of quotes that are one utterance: most word stems shared, or, in other words or
    another language, close in meaning to the multilingual encoder. Two quotes of one article
    (`sources`) are one only by their words: an article's next sentence is close in meaning."""
    n = len(texts)
    word_sets = [stems(t) for t in texts]
    same = np.zeros((n, n), dtype=bool)
    for i in range(n):
        for j in range(i + 1, n):
            shared = _containment(word_sets[i], word_sets[j])
            if both_ways and shared:
                shared = len(word_sets[i] & word_sets[j]) / max(len(word_sets[i]), len(word_sets[j]))
            same[i, j] = same[j, i] = shared >= options.quote_match
    vectors = embed(list(texts)) if n > 1 else None
    if vectors is not None:
        long_enough = np.array([len(w) >= 3 for w in word_sets])
        cosine = vectors @ vectors.T
        threshold = np.full((n, n), meaning)
        if languages is not None:  # the encoder rates a translation lower than a rewording in one language
            other = np.array(languages)[:, None] != np.array(languages)[None, :]
            threshold[other] = options.quote_meaning_across
        close = (cosine >= threshold) & long_enough[:, None] & long_enough[None, :]
        if sources is not None:
            close &= np.array(sources)[:, None] != np.array(sources)[None, :]
        np.fill_diagonal(close, False)
        same |= close
    return same


def _role(speaker: str) -> bool:
    return is_role(speaker, ROLES | TITLES)


def _named(speaker: str) -> bool:
    return speaker[:1].isupper() and head_word(speaker) not in ROLES | TITLES


def _containment(a: set[str], b: set[str]) -> float:
    if min(len(a), len(b)) < 3:  # a three-word fragment matches too much
        return 0.0
    return overlap(a, b)
