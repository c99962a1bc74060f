"""Counted quantities: "90 troops", "about 100 special forces soldiers", "a 900-troop unit".

Uses the dependency parse: a number is a quantity when it modifies a noun
(the thing counted). The owner — whose troops — comes from a nationality or
place modifying that noun, or else the subject of the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.analyze.names import place_of

APPROX = {"about", "around", "some", "nearly", "almost", "approximately", "roughly", "over", "more",
          "than", "less", "fewer", "up", "least", "estimated", "close", "~", "circa", "under", "below",
          "above", "just", "an", "only"}
APPROX_CUES = {"about", "around", "some", "nearly", "almost", "approximately", "roughly", "over", "more",
               "less", "fewer", "up", "least", "estimated", "close", "~", "circa", "under", "below", "above"}

# Kinds of counted things, so that "troops", "personnel" and "soldiers" share a slot.
# Groups of people are kept apart ("650 firefighters" never disputes "1,200 residents");
# the generic "people" class joins whichever group of people it sits closest to.
GENERIC_PEOPLE = "people"
CATEGORIES = {
    GENERIC_PEOPLE: "people person persons personnel member individual".split(),
    "people:military": """troop soldier element serviceman servicemen servicewoman commando marine paratrooper
    trooper gendarme peacekeeper mercenary reservist recruit force forces fighter militant insurgent rebel
    jihadist combatant""".split(),
    "people:responders": """firefighter fireman firemen rescuer medic paramedic doctor nurse police policeman
    policemen officer agent guard volunteer diver""".split(),
    "people:workers": """worker employee staff crew crewman crewmember docker dockworker longshoreman stevedore
    laborer labourer miner technician engineer specialist expert contractor seafarer seaman sailor pilot
    teacher journalist reporter farmer""".split(),
    "people:residents": """resident inhabitant villager civilian citizen passenger tourist evacuee migrant refugee
    student pupil child adult man woman men women voter national nationals household family spectator
    participant delegate observer""".split(),
    "people:protesters": "protester demonstrator activist".split(),
    "people:detainees": "prisoner detainee hostage inmate".split(),
    "casualties": """dead death fatality victim casualty body injured wounded injury survivor""".split(),
    "buildings": """house home building dwelling habitation residence property structure apartment flat
    shop business school""".split(),
    "money": """dollar euro pound yen franc rupee yuan cent krone crown""".split(),
}
CATEGORY_OF = {word: cat for cat, ws in CATEGORIES.items() for word in ws}  # counted word -> its kind

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6, "bn": 1e9, "k": 1e3}
_SKIP_HEADS = {"year", "month", "week", "day", "hour", "minute", "second", "percent", "%", "time", "decade",
               "century", "point", "per", "cent", "round", "page", "part", "kilometre", "kilometer", "mile",
               "km", "metre", "meter", "degree", "th"}


@dataclass(slots=True)
class FoundQuantity:
    start: int  # char offsets within the doc text
    end: int
    value: float
    high: float | None
    unit: str
    category: str
    owner: str | None
    approximate: bool
    text: str


def parse_number(text: str) -> float | None:
    t = text.lower().replace(",", "").strip()
    if re.fullmatch(r"\d+(\.\d+)?", t):
        return float(t)
    return float(_WORD_NUMBERS[t]) if t in _WORD_NUMBERS else None


def find_quantities(doc, places: list[str]) -> list[FoundQuantity]:
    found: list[FoundQuantity] = []
    used: set[int] = set()
    for token in doc:
        if token.i in used or token.ent_type_ in ("DATE", "TIME", "PERCENT", "ORDINAL", "MONEY"):
            continue
        value = parse_number(token.text)
        if value is None:
            continue
        first = token
        # thousands grouped by spaces, as French or Portuguese copy writes them: "3 400 hectares"
        while (token.i + 1 < len(doc) and re.fullmatch(r"\d{3}", doc[token.i + 1].text)
               and re.fullmatch(r"\d{1,3}", token.text) and token.whitespace_ == " "):
            token = doc[token.i + 1]
            used.add(token.i)
            value = value * 1000 + float(token.text)
        # scale words: "3 million", "2.5bn"
        nxt = token.nbor(1) if token.i + 1 < len(doc) else None
        high = None
        number_end = token
        if nxt is not None and nxt.lower_ in _SCALES:
            value *= _SCALES[nxt.lower_]
            number_end = nxt
            used.add(nxt.i)
        head = _counted_noun(token, number_end)
        if head is None:
            continue
        lemma = head.lemma_.lower()
        if lemma in _SKIP_HEADS or head.ent_type_ in ("DATE", "TIME"):
            continue
        # ranges: "90 to 100 troops", "90-100 troops"
        low_token = first
        prev = doc[first.i - 1] if first.i > 0 else None
        if prev is not None and prev.lower_ in ("to", "-", "–") and first.i >= 2:
            other = parse_number(doc[first.i - 2].text)
            if other is not None and other < value:
                high, value, low_token = value, other, doc[first.i - 2]
        approx = _approximate(low_token)
        start = _phrase_start(low_token)
        end = max(head.idx + len(head.text), number_end.idx + len(number_end.text))
        unit_tokens = [t for t in doc[number_end.i + 1: head.i + 1] if t.pos_ in ("NOUN", "ADJ", "PROPN") and t.text != "-"]
        unit = " ".join(t.text for t in unit_tokens) or head.text
        found.append(FoundQuantity(
            start=start, end=end, value=value, high=high, unit=unit,
            category=CATEGORY_OF.get(lemma, lemma), owner=_owner(head, places),
            approximate=approx, text=doc.text[start:end],
        ))
    return found


def _counted_noun(token, number_end):
    """The noun a number counts: '90 troops', '900-troop unit', '(105 elements)'."""
    if number_end.dep_ in ("nummod", "quantmod", "compound") and number_end.head.pos_ in ("NOUN", "PROPN"):
        head = number_end.head
        if head.i > number_end.i:
            return head
    if token.dep_ in ("nummod", "quantmod") and token.head.pos_ in ("NOUN", "PROPN") and token.head.i > token.i:
        return token.head
    return None


def _approximate(token) -> bool:
    doc = token.doc
    window = {doc[i].lower_ for i in range(max(0, token.i - 2), token.i)}
    return bool(window & APPROX_CUES) or any(c.lower_ in APPROX_CUES for c in token.children)


def _phrase_start(token) -> int:
    doc = token.doc
    start = token.i
    for i in range(token.i - 1, max(-1, token.i - 3), -1):
        if doc[i].lower_ in APPROX:
            start = i
        else:
            break
    return doc[start].idx


def _owner(head, places: list[str]) -> str | None:
    """Whose: a nationality or place modifying the counted noun or a noun it belongs to
    ("90 Danish soldiers", "a 900-troop French-led unit", "the Danish battalion (105
    elements)"). Subjects of the clause are not used: "the hospital said 14 people…"
    says nothing about whose people they are."""
    node = head
    for _ in range(6):
        if node.pos_ not in ("NOUN", "PROPN", "ADP", "NUM"):
            break
        if node.pos_ != "ADP":
            for tok in node.subtree:
                if tok.i < node.i and tok.ent_type_ in ("NORP", "GPE"):
                    return place_of(_ent_text(tok), places)
        if node.head.i == node.i:
            break
        node = node.head
    return None


def _ent_text(token) -> str:
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.text
    return token.text
