"""One name, two spellings: outlets writing in one language that spell a person or a place
differently ("Hassumi Masudu" / "Hassoumi Massoudou"), which a reader searching for either
would otherwise never connect."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from storyline.align.pool import Cite, sentence_at
from storyline.analyze.names import ARABIC_ARTICLES, alike_spellings, sound_key, strip_titles
from storyline.model import Analysis, Article, Discrepancy, DiscrepancyValue

NAMED = frozenset({"PERSON", "GPE", "LOC", "FAC"})


def spelling_discrepancies(articles: Sequence[Article], analyses: Sequence[Analysis], cite: Cite) -> list[Discrepancy]:
    """Names that sound alike (the same consonants, most letters in order) but are written with other letters by
    different outlets of one language. Case, hyphens, spaces and accents are house style, not
    another spelling; a translation's spelling is its language's, so languages are kept apart."""
    by_id = {a.id: a for a in articles}
    # (language, first spelling) -> letters -> (name, {outlet: citation})
    written: dict[tuple[str, str], dict[str, tuple[str, dict]]] = {}
    buckets: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (language, consonants) -> keys
    named: set[tuple[str, str]] = set()  # keys some outlet's name was tagged a person or a place under
    for an in analyses:
        article = by_id.get(an.article_id)
        if article is None:
            continue
        for e in an.entities:
            name = strip_titles(e.text)
            # the tagger calls some people organisations ("Othman Abduljaleel"): an organisation's
            # name counts when another outlet's spelling of it was tagged a person or a place
            if e.label not in NAMED | {"ORG"} or len(name.split()) < 2 or not _capitalised(name):
                continue
            bucket = buckets.setdefault((article.lang or "en", sound_key(name)), [])
            key = next((k for k in bucket if alike_spellings(k[1], name)), None)
            if key is None:
                key = (article.lang or "en", name)
                bucket.append(key)
            if e.label in NAMED:
                named.add(key)
            _, by_outlet = written.setdefault(key, {}).setdefault(_letters(name), (name, {}))
            if article.outlet not in by_outlet:  # the first time each outlet writes it
                s = sentence_at(an, e.span.start)
                by_outlet[article.outlet] = cite(article, *((s.start, s.end, s.text) if s else
                                                            (e.span.start, e.span.end, e.text)))
    found = []
    for key, spellings in written.items():
        if key not in named:
            continue
        sides = list(spellings.values())
        if len(sides) < 2 or not _apart([set(held) for _, held in sides]):
            continue
        sides.sort(key=lambda side: -len(side[1]))  # the spelling most outlets use first
        values = [DiscrepancyValue(name, None, False, list(held.values())) for name, held in sides]
        found.append(Discrepancy(slot=f"spelling of {sides[0][0]}", values=values, about="name",
                                 note="outlets spell this name differently"))
    return found


_PARTICLE = re.compile(rf"^(?:{ARABIC_ARTICLES}|ul|bin|ibn|abu|de|di|da|van|von|le|la|du)[-\s]", re.IGNORECASE)


def _capitalised(name: str) -> bool:
    """A name as names are written: capitalised, or after a particle ("al-Sidiq al-Sour", "van Gogh")."""
    return name[:1].isupper() or bool(_PARTICLE.match(name) and _PARTICLE.sub("", name)[:1].isupper())


def _letters(name: str) -> str:
    """The letters of a name without case, accents, hyphens or spaces: its spelling alone."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))
    return re.sub(r"[\s'’.-]+", "", plain)


def _apart(outlets: list[set[str]]) -> bool:
    """Two spellings each used by an outlet that does not use the other."""
    return any(a - b and b - a for n, a in enumerate(outlets) for b in outlets[n + 1:])
