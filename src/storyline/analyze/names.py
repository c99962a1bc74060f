"""People and places: titles off names, one canonical form per person, demonyms to countries."""

from __future__ import annotations

import re

TITLES = frozenset(
    """mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister foreign defence
    defense interior finance deputy secretary general gen lt lieutenant col colonel captain capt major maj
    sergeant sgt admiral commander senator sen rep representative governor gov mayor chancellor ambassador
    spokesman spokeswoman spokesperson chief judge justice pope cardinal bishop rev reverend commissioner
    director chairman chairwoman chair ceo king queen prince princess sheikh emir state former acting
    government junta military army police opposition leader minister's health labour labor transport
    economy trade energy justice education culture environment""".split()
)

# Demonyms whose stem is not the country's name; regular ones (Malian, Velmarian)
# are matched by stem against the places an article names.
IRREGULAR_DEMONYMS = {
    "danish": "Denmark", "dane": "Denmark", "danes": "Denmark", "french": "France", "dutch": "Netherlands",
    "british": "United Kingdom", "english": "England", "scottish": "Scotland", "welsh": "Wales",
    "irish": "Ireland", "swiss": "Switzerland", "swedish": "Sweden", "swede": "Sweden", "norwegian": "Norway",
    "finnish": "Finland", "spanish": "Spain", "polish": "Poland", "turkish": "Turkey", "greek": "Greece",
    "german": "Germany", "american": "United States", "chinese": "China", "japanese": "Japan",
    "portuguese": "Portugal", "filipino": "Philippines", "thai": "Thailand", "israeli": "Israel",
    "iraqi": "Iraq", "afghan": "Afghanistan", "belgian": "Belgium", "hungarian": "Hungary",
    "lebanese": "Lebanon", "sudanese": "Sudan", "nigerien": "Niger", "nigerian": "Nigeria",
    "ukrainian": "Ukraine", "russian": "Russia", "italian": "Italy", "czech": "Czech Republic",
    "slovak": "Slovakia", "croatian": "Croatia", "serbian": "Serbia", "icelandic": "Iceland",
    "vietnamese": "Vietnam", "burmese": "Myanmar", "malagasy": "Madagascar", "peruvian": "Peru",
    "argentine": "Argentina", "argentinian": "Argentina", "brazilian": "Brazil", "mexican": "Mexico",
    "canadian": "Canada", "australian": "Australia", "indian": "India", "pakistani": "Pakistan",
    "saudi": "Saudi Arabia", "emirati": "United Arab Emirates", "yemeni": "Yemen", "omani": "Oman",
    "kuwaiti": "Kuwait", "qatari": "Qatar", "bahraini": "Bahrain", "egyptian": "Egypt",
    "moroccan": "Morocco", "algerian": "Algeria", "tunisian": "Tunisia", "libyan": "Libya",
    "ethiopian": "Ethiopia", "somali": "Somalia", "kenyan": "Kenya", "ugandan": "Uganda",
    "congolese": "Congo", "ivorian": "Ivory Coast", "senegalese": "Senegal", "malian": "Mali",
    "ghanaian": "Ghana", "cameroonian": "Cameroon", "chadian": "Chad", "burkinabe": "Burkina Faso",
    "mauritanian": "Mauritania", "european": "Europe", "korean": "Korea", "taiwanese": "Taiwan",
    "iranian": "Iran", "syrian": "Syria", "jordanian": "Jordan", "palestinian": "Palestine",
}

_SUFFIXES = ("ians", "ian", "eans", "ean", "ans", "an", "ese", "ish", "ic", "is", "i", "er", "ers")


def strip_titles(name: str) -> str:
    tokens = name.replace("’", "'").split()
    while len(tokens) > 1 and tokens[0].lower().strip(".,'s") in TITLES:
        tokens = tokens[1:]
    return " ".join(tokens).strip(" ,.'\"")


def surname(name: str) -> str:
    parts = strip_titles(name).split()
    return parts[-1].lower().strip(".,'") if parts else ""


def canonical_names(names: list[str]) -> dict[str, str]:
    """Map each name to the longest name sharing its surname ("Kofod" -> "Jeppe Kofod")."""
    longest: dict[str, str] = {}
    for name in names:
        clean = strip_titles(name)
        key = surname(clean)
        if key and len(clean) > len(longest.get(key, "")):
            longest[key] = clean
    return {name: longest.get(surname(name), strip_titles(name)) for name in names}


def place_of(text: str, places: list[str] | tuple[str, ...] = ()) -> str:
    """The country or place a nationality adjective or place name stands for."""
    key = text.lower().strip()
    key = re.sub(r"-(led|backed|based|born|owned|run)$", "", key)
    if key in IRREGULAR_DEMONYMS:
        return IRREGULAR_DEMONYMS[key]
    for place in places:
        if place.lower() == key:
            return place
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 3:
            stem = key[: -len(suffix)]
            for place in places:
                pl = place.lower()
                if pl.startswith(stem) or stem.startswith(pl.rstrip("aeiouy")):
                    return place
    return text.strip()
