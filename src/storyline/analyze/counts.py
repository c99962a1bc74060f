"""Counts of people in French, German, Spanish, Italian and Portuguese copy: "3 840 morts",
"mehr als 5.200 Tote", "entre 5.000 y 6.000 personas desaparecidas", "la cifra de muertos
asciende a 11.300".

The English parse misreads these languages ("5.200" is not 5.2 there), so counts are read by
pattern: a number in the language's own separators, an approximation before it, and the
counted word after it (or a toll word before it). Hand-written: no maintained library
reads casualty counts in these languages offline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# counted words -> the kinds of analyze/quantities.py
_KINDS = {
    "casualties:dead": """morts mort tués décès victimes tote toten todesopfer tote opfer muertos fallecidos víctimas
    muertes morti vittime deceduti mortos vítimas óbitos corps cadavres leichen cadáveres cuerpos corpi
    cadaveri corpos""",
    "casualties:injured": """blessés blessées verletzte verletzten heridos heridas feriti feridos""",
    "people:missing": """disparus disparues vermisste vermissten desaparecidos desaparecidas dispersi
    desaparecidos""",
    "people:displaced": """déplacés sinistrés obdachlose vertriebene desplazados damnificados sfollati
    desalojados deslocados""",
    "people:lawmakers": """députés abgeordnete abgeordneten diputados deputati deputados parlementaires""",
    "people:residents": """habitants einwohner einwohnern habitantes abitanti""",
    "people:military": """soldats militaires soldaten truppen soldados militares tropas soldati militari""",
    "people": """personnes personen menschen personas persone pessoas individus""",
    "seat": """sièges sitze escaños seggi assentos""",
    "vote": """voix suffrages stimmen votos voti""",
}
_KIND_OF = {word: kind for kind, words in _KINDS.items() for word in words.split()}
# "personnes … portées disparues", "Menschen vermisst", "personas desaparecidas": the participle decides
_PARTICIPLES = {
    "casualties:dead": r"mort(?:e|s|es)?|tué(?:e|s|es)?|péri|décédé(?:e|s|es)?|getötet|gestorben|ums leben|"
                       r"muert[oa]s?|fallecid[oa]s?|fallecieron|murieron|morti|morte|mort[oa]s|"
                       r"perdu la vie|perdido la vida|perdieron la vida|perso la vita|perderam a vida",
    "casualties:injured": r"blessé(?:e|s|es)?|verletzt|herid[oa]s?|ferit[ie]",
    "people:missing": r"(?:portée?s? )?disparu(?:e|s|es)?|vermisst|desaparecid[oa]s?|dispers[ie]",
    "people:displaced": r"déplacé(?:e|s|es)?|sinistré(?:e|s|es)?|obdachlos|vertrieben|desplazad[oa]s?|sfollat[ie]",
}
_APPROX = (r"plus de|près de|environ|au moins|quelque|quelques|presque|über|mehr als|mindestens|rund|etwa|fast|"
           r"knapp|annähernd|más de|al menos|cerca de|unos|unas|casi|alrededor de|aproximadamente|oltre|almeno|"
           r"circa|quasi|mais de|pelo menos|cerca de|quase")
# 5.200 · 5'200 · 3 166 · 3 840 (narrow no-break space) · 11,300 · 2,5 millions
_NUMBER = r"\d{1,3}(?:[.'’\u00a0\u202f ]\d{3})+|\d+(?:,\d+)?"
_SCALE = r"(?:\s+(?P<scale>millions?|millones?|milioni?|milhões|millionen|mio\.|mille|mil|tausend))?"
_COUNT = re.compile(
    rf"(?P<approx>\b(?:{_APPROX})\s+)?(?:(?:entre|zwischen|tra|fra)\s+(?P<low>{_NUMBER})\s+(?:et|und|y|e|à|a)\s+)?"
    rf"(?P<number>{_NUMBER}){_SCALE}\s+(?:(?:de|von|di)\s+|d['’])?(?P<word>[^\W\d_]+)"
    rf"(?P<after>(?:\s+[^\W\d_]+){{0,4}})",
    re.IGNORECASE)
# "le bilan s'élève à 3 840", "die Zahl der Toten stieg auf 5.200", "la cifra de muertos asciende a 11.300"
_TOLL = re.compile(
    rf"\b(?:bilan|nombre de morts|nombre de victimes|zahl der toten|zahl der todesopfer|opferzahl|"
    rf"cifra de muertos|número de muertos|balance|bilancio|numero dei morti|número de mortos)\b"
    rf"[^.!?\d]{{0,60}}?\b(?:à|auf|a|en|de|:)\s+(?P<approx>(?:{_APPROX})\s+)?(?P<number>{_NUMBER}){_SCALE}",
    re.IGNORECASE)
_NEEDED = re.compile(r"\b(?:majorité absolue|absolute[nr]? mehrheit|mayoría absoluta|maggioranza assoluta|nécessaires?|necesari[oa]s?|necessari[oe]|erforderlich\w*|nötig\w*|notwendig\w*|"
                     r"requis\w*|requerid[oa]s?|mínimo|minimum|mindestens nötig)\b", re.IGNORECASE)
_OUT_OF = re.compile(r"\b(?:sur|de los|de las|von|su|out of|dos|das)\s+$", re.IGNORECASE)
_SCALES = {"million": 1e6, "millions": 1e6, "millón": 1e6, "millones": 1e6, "milione": 1e6, "milioni": 1e6,
           "milhões": 1e6, "millionen": 1e6, "mio.": 1e6, "mille": 1e3, "mil": 1e3, "tausend": 1e3}


@dataclass(slots=True)
class Count:
    start: int
    end: int
    value: float
    high: float | None
    unit: str
    category: str
    approximate: bool
    text: str
    owner: str | None = None  # whose people: the event's main place stands in (align/figures.py)


def parse(number: str) -> float:
    """A number as these languages write it: dots, apostrophes and spaces group thousands,
    a comma marks the decimals ("5.200" is 5200, "2,5" is 2.5)."""
    grouped = re.sub(r"[.'’\u00a0\u202f ](?=\d{3}\b)", "", number)
    return float(grouped.replace(",", "."))


def find_counts(text: str) -> list[Count]:
    found = [c for c in (_count(m) for m in _COUNT.finditer(text)) if c is not None]
    taken = [(c.start, c.end) for c in found]
    for m in _TOLL.finditer(text):
        start = (m.start("approx") if m.group("approx") else m.start("number"))
        if any(s <= m.start("number") < e for s, e in taken):
            continue
        found.append(Count(start, m.end(), _scaled(m), None, "death toll", "casualties:dead", bool(m.group("approx")),
                           text[start:m.end()]))
    return sorted(found, key=lambda c: c.start)


def _count(m: re.Match) -> Count | None:
    word = m.group("word").lower()
    kind = _KIND_OF.get(word)
    if kind is None:
        return None
    if kind == "people":  # "personnes … portées disparues": the words after the count say which
        kind = next((k for k, pattern in _PARTICIPLES.items()
                     if re.search(rf"\b(?:{pattern})\b", m.group("after"), re.IGNORECASE)), kind)
    value = _scaled(m)
    high = None
    if m.group("low"):
        value, high = parse(m.group("low")), value
    start = m.start("approx") if m.group("approx") else (m.start("low") if m.group("low") else m.start("number"))
    end = m.end("word")
    if _OUT_OF.search(m.string[max(0, start - 12):start]):
        kind = "seats"  # "289 votos de los 577 diputados": the size of the body, not who voted
    elif _NEEDED.search(m.group("after")) or _NEEDED.search(m.string[max(0, start - 40):start]):
        kind += ":needed"  # "les 288 voix nécessaires", "la mayoría necesaria era de 289 votos"
    return Count(start, end, value, high, m.group("word"), kind, bool(m.group("approx")), m.string[start:end])


def _scaled(m: re.Match) -> float:
    value = parse(m.group("number"))
    scale = m.group("scale")
    return value * _SCALES.get(scale.lower(), 1) if scale else value
