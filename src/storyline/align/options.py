"""Every threshold of the alignment stage in one object, recorded in each brief's version."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.model import versioned

VERSION = "storyline.align.v6"  # v6: magnitude bands chain from value to value, names the tagger calls organisations are spelled; v5: a stricter citation contract; v4: places and names; v3: reported speech, speakers across outlets, attribution


@dataclass(frozen=True, slots=True)
class AlignOptions:
    fact_threshold: float = 0.42  # mean of lemma TF-IDF and embedding cosines for two sentences to state one fact
    unique_threshold: float = 0.3  # below this against every other outlet, a sentence is unique
    words_only_fact: float = 0.3  # the fact threshold when the embedding model is missing
    words_only_unique: float = 0.2  # the unique threshold when the embedding model is missing
    min_fact_words: int = 6  # shorter sentences are not compared
    max_sentences: int = 40  # sentences of an article compared (real web articles hold 11, 95 % under 20)
    magnitude_ratio: float = 2.5  # a step between values larger than this starts another thing (figures.py bands)
    approx_tolerance: float = 0.15  # "about 100" covers 85-115
    quote_match: float = 0.5  # share of word stems two wordings of one quote share
    quote_meaning: float = 0.75  # encoder cosine of two wordings of one speaker's quote
    quote_meaning_across: float = 0.6  # the same for a quote and its translation (one speaker; 0.66 seen, other quotes ≤ 0.4)
    date_conflict_similarity: float = 0.6  # two outlets' sentences this close state one thing; dated apart, a discrepancy
    attribution_meaning: float = 0.9  # the same, before words credited to two speakers count as one quote
    translated_meaning: float = 0.8  # weight of embedding similarity alone when one side is a translation
    anchor_bonus: float = 0.1  # two sentences naming the same specific date or figure more likely state one fact
    # a cited sentence states its claim (support.py): within a language the encoder's cosine and the shared
    # word stems both reach these, or it holds most of the claim's words; across languages the cosine alone
    support_meaning: float = 0.6
    support_words: float = 0.2
    support_verbatim: float = 0.8  # share of the claim's word stems the cited sentence holds
    support_meaning_across: float = 0.68  # the encoder rates any two sentences of one story 0.52-0.72
    support_words_only: float = 0.55  # without the encoder, the words alone
    stance_related: float = 0.04  # TF-IDF cosine of a claim and an event's centroid for the event to address it
    negation_overlap: float = 0.6  # word overlap above which a negation on one side only is a flip

    @property
    def version(self) -> str:
        return versioned(VERSION, self)


OPTIONS = AlignOptions()
