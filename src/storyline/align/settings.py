"""Where, and with whom, one quote was said: outlets that carry the same words and set them
in different places or company ("told reporters in Paris" / "at a press conference with
his Nigerien counterpart Hassoumi Massoudou")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.align.pool import Cite, sentence_at
from storyline.model import Analysis, Article, Discrepancy, DiscrepancyValue, QuoteGroup, Sentence
from storyline.textutil import first_words, stems

PLACES = frozenset({"GPE", "LOC", "FAC"})
# the speech verb an attribution clause turns on, as written (the analysis keeps only its lemma)
_CUE = re.compile(r"\b(said|says|told|tells|added|declared|stated|announced|warned|insisted|explained|noted|"
                  r"stressed|wrote|posted|speaking|spoke|affirmed|reiterated)\b", re.IGNORECASE)
_AT = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)
_WITH = re.compile(r"\b(?:with|alongside|beside)\s+(?:his|her|their|the|a)?\s*(?P<who>[^,;:.\"“”«»()—–-]{3,80})",
                   re.IGNORECASE)
_COMPANY = re.compile(r"\b(counterpart|minister|president|premier|chancellor|leader|secretary|envoy|ambassador)\b",
                      re.IGNORECASE)
_EDGES = " ,;:-–—\"“”«»'.()"
_CLOSE = " ,.”\"»’'"
_OPEN = " “\"«‘'"


@dataclass(frozen=True, slots=True)
class Setting:
    """How one outlet frames one quote: the attribution words from the speech verb on, and
    the places and companions they name."""

    words: str
    elements: frozenset[str]  # word stems of the places and the people spoken with


def setting_discrepancies(groups: Sequence[QuoteGroup], articles: Sequence[Article], analyses: Sequence[Analysis],
                          cite: Cite) -> list[Discrepancy]:
    """One quote carried by several outlets, where two outlets each name where it was said or
    with whom, and the two accounts share no place and no person. Outlets that name no
    setting dispute nothing: saying less is not saying otherwise."""
    by_id = {a.id: a for a in articles}
    by_article = {an.article_id: an for an in analyses}
    found = []
    for group in groups:
        if not group.direct or len({c.outlet for c in group.citations}) < 2:
            continue
        accounts: dict[str, list] = {}  # outlet -> [(setting, citation)]
        for c in group.citations:
            an, article = by_article.get(c.article_id), by_id.get(c.article_id)
            sentence = sentence_at(an, c.start) if an else None
            setting = _setting(sentence, c.start, c.end, an) if sentence else None
            if setting and setting.elements:
                accounts.setdefault(c.outlet, []).append(
                    (setting, cite(article, sentence.start, sentence.end, sentence.text)))
        sides = _disjoint_sides(accounts)
        if len(sides) < 2:
            continue
        values = [DiscrepancyValue(setting.words, None, False, citations) for setting, citations in sides]
        found.append(Discrepancy(slot=f"where and with whom {group.speaker} said “{first_words(group.text, 10)}”",
                                 values=values, about="place",
                                 note="outlets carry these words and set them in different places or company"))
    return found


def _setting(sentence: Sentence, q_start: int, q_end: int, analysis: Analysis) -> Setting | None:
    """The attribution clause beside the quote, from its speech verb to the clause's end."""
    text, a, b = sentence.text, q_end - sentence.start, q_start - sentence.start
    after = text[a:].lstrip(_CLOSE)
    before = text[:max(0, b)].rstrip(_OPEN)
    if len(after.strip(_EDGES)) >= len(before.strip(_EDGES)):  # "…," Le Drian told reporters in Paris.
        clause = re.split(r"[“\"«]", after)[0]
        offset = sentence.start + len(text) - len(text[a:].lstrip(_CLOSE))
    else:  # Le Drian said - in a press conference with … - "…"
        clause = re.split(r"[”\"»]", before)[-1]
        offset = sentence.start + len(before) - len(clause)
    cue = _CUE.search(clause)
    if not cue:
        return None
    words = clause[cue.start():]
    cut = re.search(r"(?<=\w)[.;](?:\s|$)", words)
    words = (words[:cut.start()] if cut else words).rstrip(_EDGES)
    lo, hi = offset + cue.start(), offset + cue.start() + len(words)
    inside = [e for e in analysis.entities if lo <= e.span.start and e.span.end <= hi]
    elements: set[str] = set()
    for e in inside:  # "in Paris", "at the White House"
        if e.label in PLACES and _AT.search(clause[max(0, e.span.start - offset - 12):e.span.start - offset]):
            elements |= stems(e.text)
    for company in _WITH.finditer(words):  # "with his Nigerien counterpart Hassoumi Massoudou"
        who = company.group("who")
        if any(e.label == "PERSON" and e.text in who for e in inside) or _COMPANY.search(who):
            elements |= stems(who)
    return Setting(words.strip(_EDGES), frozenset(elements))


def _disjoint_sides(accounts: dict[str, list]) -> list[tuple[Setting, list]]:
    """Outlets' settings joined where they share a place or a person; two or more sides left,
    held by different outlets, means the accounts differ. Each side keeps every citation."""
    sides: list[tuple[Setting, set[str], list, set[str]]] = []
    for outlet, told in accounts.items():
        for setting, citation in told:
            home = next((s for s in sides if s[1] & setting.elements), None)
            if home is None:
                sides.append((setting, set(setting.elements), [citation], {outlet}))
            else:
                home[1].update(setting.elements)
                home[2].append(citation)
                home[3].add(outlet)
    apart = any(not (x[3] & y[3]) for n, x in enumerate(sides) for y in sides[n + 1:])
    return [(setting, citations) for setting, _, citations, _ in sides] if apart else []
