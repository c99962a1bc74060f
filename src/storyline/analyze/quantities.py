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
    "people:lawmakers": "deputy mp lawmaker legislator senator parliamentarian congressman congresswoman".split(),
    "people:displaced": "displaced homeless".split(),
    "people:detainees": "prisoner detainee hostage inmate".split(),
    # the dead and the injured are two counts: "12 dead" never disputes "90 injured"
    "casualties:dead": """dead death fatality victim body""".split(),
    "casualties:injured": """injured wounded injury""".split(),
    "casualties": ["casualty"],  # dead and injured together, as some outlets count them
    "people:missing": ["missing"],
    "people:survivors": ["survivor"],
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
               "century", "point", "per", "cent", "round", "page", "part", "degree", "th"}

# Distances, normalised to kilometres so that "10 miles" and "16 km" are one value. Only a
# distance from somewhere is a quantity ("20 km from Mandalay"); a length or a depth is not.
DISTANCE = "distance"
_KM_PER = {"kilometre": 1.0, "kilometer": 1.0, "km": 1.0, "kms": 1.0, "mile": 1.609344, "miles": 1.609344,
           "metre": 0.001, "meter": 0.001}
# Earthquake magnitudes: "magnitude 7.7", "a 7.7-magnitude quake", "a magnitude of 6.4", "M7.7"
MAGNITUDE = "magnitude"
_MAGNITUDE = re.compile(
    r"\b(?:magnitude(?:\s+of)?|M[Ww]?)[\s-]*(?P<a>\d(?:[.,]\d)?)\b(?![.,]?\d)"
    r"|\b(?P<b>\d[.,]\d)(?:[\s-]*(?:magnitude|richter)|(?=\s+(?:(?:strong|powerful|deadly|major)\s+)?"
    r"(?:earthquake|quake|tremor|aftershock|temblor)s?\b))",
)
_AFTERSHOCK = re.compile(r"\b(aftershocks?|répliques?|réplicas?|nachbeben)\b", re.IGNORECASE)


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
            found += _toll(doc, first, number_end, value, places) or _population(doc, first, number_end, value, places)
            continue
        lemma = head.lemma_.lower()
        if lemma in _SKIP_HEADS or head.ent_type_ in ("DATE", "TIME"):
            continue
        if _km_per(head):
            found += _distance(doc, first, number_end, head, value, places)
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
            category=_category(doc, low_token, number_end, head), owner=_owner(head, places),
            approximate=approx, text=doc.text[start:end],
        ))
    return _with_magnitudes(doc, found)


def _distance(doc, first, number_end, head, value: float, places: list[str]) -> list[FoundQuantity]:
    """'10 miles from Mandalay', 'some 100 kilometres (65 miles) northwest of the epicentre': the
    distance in kilometres, owned by the place it is measured from; none without one."""
    if first.i >= 2 and doc[first.i - 1].text == "(" and _km_per(doc[first.i - 2]):
        return []  # "100 kilometres (65 miles)": the same distance converted
    origin = None
    for tok in doc[head.i + 1: min(len(doc), head.i + 9)]:
        if tok.lower_ in ("from", "of") and tok.i > head.i:
            objects = [c for c in tok.children if c.dep_ == "pobj"]
            if objects:
                origin = objects[0]
            break
        if tok.is_punct and tok.text not in ("(", ")", "-"):  # "30 km south-east of Kalmesk"
            break
    if origin is None:
        return []
    where = place_of(_ent_text(origin), places) if origin.ent_type_ or origin.pos_ == "PROPN" else origin.lemma_.lower()
    factor = _km_per(head)
    start = _phrase_start(first)
    end = head.idx + len(head.text)
    return [FoundQuantity(start=start, end=end, value=round(value * factor, 1), high=None, unit="km",
                          category=DISTANCE, owner=f"from {where}", approximate=_approximate(first),
                          text=doc.text[start:end])]


# Bodies whose size a hyphenated count gives: "the 300-member assembly" is the size of the
# assembly, not a count of members who did something (190 members voted)
SEATS = "seats"
_SIZED_BODIES = {"assembly", "parliament", "house", "chamber", "senate", "congress", "council", "legislature",
                 "committee", "board", "cabinet", "court", "panel", "jury"}


_KILLED = {"kill", "die", "dead", "perish", "drown", "bury"}
_INJURED = {"injure", "wound", "hurt", "injured", "wounded", "hospitalize", "hospitalise"}


_NEEDED = {"need", "needed", "require", "required", "necessary", "minimum", "threshold"}


def _category(doc, first, number_end, head) -> str:
    lemma = head.lemma_.lower()
    hyphenated = number_end.i + 1 < len(doc) and doc[number_end.i + 1].text == "-"
    if hyphenated and head.head.i > head.i and head.head.lemma_.lower() in _SIZED_BODIES:
        return SEATS
    if first.i >= 2 and doc[first.i - 2].lower_ == "out" and doc[first.i - 1].lower_ == "of":
        return SEATS  # "331 out of 577 MPs": 577 is the size of the body, not a count of who voted
    category = CATEGORY_OF.get(lemma, lemma)
    # what was needed is not what was had: "needed 299 votes" beside "331 votes", "requires 288 seats"
    before = doc[max(0, first.i - 4): first.i].text.lower()
    if (head.head.lemma_.lower() in _NEEDED or any(c.lemma_.lower() in _NEEDED for c in head.children)
            or "absolute majority" in before):
        return f"{category}:needed"
    if category == GENERIC_PEOPLE:  # "killed 164 people", "300 people were injured", "12 people dead"
        near = {head.head.lemma_.lower()} | {c.lemma_.lower() for c in head.children if c.dep_ in ("amod", "acl", "relcl")}
        if near & _KILLED or _lost_lives(head):
            return "casualties:dead"
        if near & _INJURED:
            return "casualties:injured"
        left = _left_as(head)
        if left:
            return left
    return category


# the state a verb leaves its object in: "left 3,958 people dead", "left 10,000 people missing"
_LEFT_AS = {"dead": "casualties:dead", "injured": "casualties:injured", "wounded": "casualties:injured",
            "missing": "people:missing", "homeless": "people:displaced", "displaced": "people:displaced"}


def _left_as(head) -> str | None:
    if head.dep_ != "dobj":
        return None
    state = next((c for c in head.head.children if c.dep_ in ("oprd", "acomp", "xcomp", "advcl") and c.i > head.i), None)
    return _LEFT_AS.get(state.lower_) if state is not None else None


def _lost_lives(head) -> bool:
    """'5,300 people have lost their lives', 'claimed the lives of 40 people': the dead."""
    verb = head.head
    if verb.lemma_.lower() == "lose" and any(c.dep_ == "dobj" and c.lemma_.lower() in ("life", "lives") for c in verb.children):
        return True
    owner = head.head.head if head.head.dep_ == "prep" and head.head.lower_ == "of" else None
    return owner is not None and owner.lemma_.lower() in ("life", "lives") and owner.head.lemma_.lower() in ("claim", "take", "cost")


_TOLL_VERBS = {"rise", "climb", "stand", "reach", "increase", "jump", "hit", "grow", "surpass", "exceed", "top", "soar"}
_TOLLS = {"toll": "casualties:dead", "death": "casualties:dead"}


def _toll(doc, first, number_end, value: float, places: list[str]) -> list[FoundQuantity]:
    """'The death toll rose to 48', 'the toll stood at 12': a count of the dead that
    modifies no noun."""
    prep = number_end.head
    verb = prep.head if prep.dep_ == "prep" and prep.lower_ in ("to", "at") else prep
    if number_end.dep_ not in ("pobj", "dobj") or verb.lemma_.lower() not in _TOLL_VERBS:
        return []
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lemma_.lower() not in _TOLLS:
        return []
    return [_unheaded(first, number_end, value, "death toll", _TOLLS[subject.lemma_.lower()], _owner(subject, places))]


# what may stand between "population" and its number: "population 50,000", "a population of
# about 100,000", "population: 90,000", "population is 125,000" (not "grew by", "fell to": changes)
_POPULATION_GAP = APPROX_CUES | {"of", "is", "was", "be", "stands", "stood", "at", "than", ",", ":", "an", "some"}


def _population(doc, first, number_end, value: float, places: list[str]) -> list[FoundQuantity]:
    """'Derna, population 50,000', 'a city with a population of about 100,000', 'the population
    of Derna is 125,000': how many live in a place, a count that modifies no noun."""
    word = None
    for i in range(first.i - 1, max(-1, first.i - 6), -1):
        if doc[i].lemma_.lower() == "population":
            word = doc[i]
            break
        if doc[i].lower_ not in _POPULATION_GAP:
            break
    if word is None and number_end.dep_ == "attr" and number_end.head.lemma_ == "be":
        word = next((c for c in number_end.head.children if c.dep_ == "nsubj" and c.lemma_.lower() == "population"), None)
    if word is None:
        return []
    return [_unheaded(first, number_end, value, "population", "people:residents", _owner(word, places))]


def _unheaded(first, number_end, value: float, unit: str, category: str, owner: str | None) -> FoundQuantity:
    """A count that modifies no noun (a toll, a population), from its first word to its number."""
    start = _phrase_start(first)
    end = number_end.idx + len(number_end.text)
    return FoundQuantity(start=start, end=end, value=value, high=None, unit=unit, category=category, owner=owner,
                         approximate=_approximate(first), text=first.doc.text[start:end])


def _km_per(token) -> float | None:
    return _KM_PER.get(token.lower_, _KM_PER.get(token.lemma_.lower()))


def _with_magnitudes(doc, found: list[FoundQuantity]) -> list[FoundQuantity]:
    """Magnitudes are read from the text ("7.7 earthquake" is no count of earthquakes)."""
    out = find_magnitudes(doc)
    taken = [(q.start, q.end) for q in out]
    return [q for q in found if not any(s < q.end and q.start < e for s, e in taken)] + out


def find_magnitudes(doc) -> list[FoundQuantity]:
    """Earthquake magnitudes in any language; an aftershock's magnitude has its own slot."""
    out = []
    for m in _MAGNITUDE.finditer(doc.text):
        number = m.group("a") or m.group("b")
        value = float(number.replace(",", "."))
        if not 1.0 <= value <= 10.0:
            continue
        start, end = m.span()
        window = doc.text[max(0, start - 60): min(len(doc.text), end + 25)]
        owner = "aftershock" if _AFTERSHOCK.search(window) else "main shock"
        out.append(FoundQuantity(start=start, end=end, value=value, high=None, unit=MAGNITUDE, category=MAGNITUDE,
                                 owner=owner, approximate=_approximate(doc.char_span(start, end, alignment_mode="expand")[0]),
                                 text=doc.text[start:end]))
    return out


def _counted_noun(token, number_end):
    """The noun a number counts: '90 troops', '900-troop unit', '(105 elements)'."""
    if number_end.dep_ in ("nummod", "quantmod", "compound") and number_end.head.pos_ in ("NOUN", "PROPN"):
        head = number_end.head
        if head.i > number_end.i:
            return head
    if token.dep_ in ("nummod", "quantmod") and token.head.pos_ in ("NOUN", "PROPN") and token.head.i > token.i:
        return token.head
    head = number_end.head  # "48 dead and 300 injured": the count qualifies an adjective
    if head.i == number_end.i + 1 and head.pos_ == "ADJ" and head.lower_ in _COUNTED_ADJECTIVES:
        return head
    return None


_COUNTED_ADJECTIVES = {"dead", "injured", "wounded", "missing"}


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
