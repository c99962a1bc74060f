"""People and places: titles off names, one canonical form per person, demonyms to countries."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

# the Arabic article as names carry it in Latin letters, lower-case before a capital: "al-Sour", "el-Drese"
ARABIC_ARTICLES = "al|el|ad|ar|as|ash|at|az|an"
TITLES = frozenset(
    """mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister foreign defence
    defense interior finance deputy secretary general gen lt lieutenant col colonel captain capt major maj
    sergeant sgt admiral commander senator sen rep representative governor gov mayor chancellor ambassador
    spokesman spokeswoman spokesperson chief judge justice pope cardinal bishop rev reverend commissioner
    director chairman chairwoman chair ceo king queen prince princess sheikh emir state former acting
    government junta military army police opposition leader minister's health labour labor transport
    economy trade energy justice education culture environment speaker staff councillor councilor
    inspector superintendent detective constable sheriff marshal prosecutor attorney premier envoy""".split()
)

# Head words of a phrase naming a body that speaks through statements ("the company said")
BODIES = frozenset(
    """organization organisation company airline agency board group association federation club firm union
    ministry department office council committee carrier operator team league institute authority authorities
    administration service commission bureau corporation airlines airways society foundation embassy court
    parliament hospital university""".split()
)

# Head words of a phrase that names someone who speaks for themselves or a body
ROLES = BODIES | frozenset(
    """spokesman spokeswoman spokesperson official minister president premier chancellor government
    junta council authority authorities police army military commander general officer director chief
    executive chairman chairwoman leader mayor governor ambassador envoy diplomat source sources expert
    analyst witness resident doctor lawyer prosecutor judge secretary representative manager speaker""".split()
) | frozenset(  # people an article quotes without a name: "a 34-year-old teacher at the school"
    """teacher student survivor worker rescuer villager farmer nurse engineer pilot passenger relative mother
    father daughter son wife husband neighbour neighbor owner victim eyewitness volunteer activist protester
    lawmaker legislator researcher scientist professor economist historian journalist reporter correspondent
    soldier monk priest imam spokespeople""".split()
)

# Heads of a phrase naming a body, never one person: "the junta said" is not its chief
COLLECTIVE = BODIES | {"junta", "government", "military", "army", "police", "authority", "authorities", "sources"}

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


_QUALIFIED = re.compile(r"\s+(?:for|of|at|with|from)\s+.*$", re.IGNORECASE)


def is_role(phrase: str, heads: frozenset[str] = ROLES) -> bool:
    """A phrase about a role or a body ("officials", "the interior ministry"), by its head noun."""
    head = head_word(phrase)
    return head in heads or head.rstrip("s") in heads


def head_word(phrase: str) -> str:
    """The noun a role or body phrase is about, lower-case: "a 34-year-old teacher at the
    school" -> "teacher", "the Myanmar junta" -> "junta"."""
    words = _QUALIFIED.sub("", phrase).split()
    return words[-1].lower().strip(".,'\"") if words else ""


@lru_cache(maxsize=65536)
def strip_titles(name: str) -> str:
    """The name without the titles before it: "President Trump", "National Assembly Speaker
    Woo Won-shik", "Secretary of State Marco Rubio"."""
    tokens = name.replace("’", "'").split()
    while len(tokens) > 1 and _key(tokens[0]) in TITLES:
        tokens = tokens[1:]
    # a capitalised title phrase ending in a title word: what follows it is the name
    cut = max((i for i, t in enumerate(tokens[:-1]) if _key(t) in TITLES), default=-1)
    if cut >= 0 and all(t[:1].isupper() for t in tokens[cut + 1:]):
        tokens = tokens[cut + 1:]
    return " ".join(tokens).strip(" ,.'\"")


def _key(token: str) -> str:
    key = token.lower().strip(".,")
    return key[:-2] if key.endswith("'s") else key


def surname(name: str) -> str:
    parts = strip_titles(name).split()
    return parts[-1].lower().strip(".,'") if parts else ""


def canonical_names(names: list[str]) -> dict[str, str]:
    """Map each name to the longest name it stands for: "Kofod" -> "Jeppe Kofod" (the same
    surname, however transliterated: "Ioulia Tsvarenko" and "Yuliya Tsvarenko" are one), and a
    one-word name to the only longer name that starts with it, as with family-name-first
    ("Yoon" -> "Yoon Suk Yeol") or given-name usage ("Anutin" -> "Anutin Charnvirakul").
    Of two spellings of a full name the more frequent wins; "Yoon Suk-yeol" is "Yoon Suk Yeol"."""
    written = [strip_titles(name) for name in names]
    counts = Counter(written)
    compact = [re.sub(r"[\s-]+", "", spelling_key(clean)) for clean in written]  # hyphens and spaces aside
    # full names that sound alike are one name spelled two ways ("Tawfik Shoukri" / "Tawfiq Shukri")
    alike = _alike_keys([(key, clean) for key, clean in zip(compact, written) if len(clean.split()) >= 2])
    compact = [alike.get(key, key) for key in compact]
    spelled: dict[str, str] = {}
    for clean, key in zip(written, compact):
        held = spelled.get(key, "")
        if (counts[clean], len(clean)) > (counts[held], len(held)):  # the spelling most outlets use
            spelled[key] = clean
    cleaned = [spelled[key] for key in compact]
    counts = Counter(cleaned)
    longest: dict[str, str] = {}
    for clean in cleaned:
        key = spelling_key(surname(clean))
        held = longest.get(key, "")
        if key and _fullness(clean, counts) > _fullness(held, counts):
            longest[key] = clean
    keyed = [spelling_key(full).split() for full in longest.values()]
    fullest = [f for f in keyed if not any(len(g) > len(f) and g[:len(f)] == f for g in keyed)]
    by_key = {spelling_key(full): full for full in longest.values()}

    def canonical(clean: str) -> str:
        full = longest.get(spelling_key(surname(clean)), clean)
        words = spelling_key(full).split()
        # "Yoon" or "Yoon Suk" (a tagger's cut) stands for the one longer name it begins
        longer = {" ".join(f) for f in fullest if len(f) > len(words) and f[:len(words)] == words}
        return by_key[longer.pop()] if len(longer) == 1 else full

    return {name: canonical(clean) for name, clean in zip(names, cleaned)}


def sound_key(name: str) -> str:
    """A name's consonants as they sound, whatever the transliteration: "Tawfik Shoukri",
    "Tawfiq Shukri" and "Tavfik Shukri" are "tvfkskr"; "Gaddafi" and "Gadhafi" "gdf"."""
    key = "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))
    key = key.replace("tch", "ch").replace("kh", "h").replace("q", "k").replace("w", "v").replace("ph", "f").replace("h", "")
    key = re.sub(r"[aeiouy]", "", re.sub(r"[^a-z]", "", key))
    return re.sub(r"(.)\1+", r"\1", key)


def alike_spellings(a: str, b: str) -> bool:
    """Two spellings of one name: the same consonants, and most letters in the same order
    (0.8: "Abdel-Moneim al-Ghaithi" / "Abdulmenam al-Ghaithi" 0.81; "Ali Hassan" / "Ala Hussein" 0.47)."""
    ka, kb = (re.sub(r"[\s-]+", "", spelling_key(n)) for n in (a, b))
    return sound_key(a) == sound_key(b) and SequenceMatcher(None, ka, kb).ratio() >= 0.8


def _alike_keys(named: list[tuple[str, str]]) -> dict[str, str]:
    """Compact keys of names spelled alike, each mapped to the first of its kind."""
    first: dict[str, list[tuple[str, str]]] = {}
    mapped: dict[str, str] = {}
    for key, name in named:
        if key in mapped:
            continue
        kin = next((k for k, n in first.get(sound_key(name), []) if alike_spellings(n, name)), None)
        mapped[key] = kin or key
        first.setdefault(sound_key(name), []).append((key, name))
    return {k: v for k, v in mapped.items() if k != v}


def _fullness(name: str, counts: Counter) -> tuple[int, int, int]:
    return len(name.split()), counts[name], len(name)


# Transliterations of one name into English, French and German spellings, reduced to one key:
# Yuliya / Ioulia, Shelestyuk / Chelestiouk, Bohdan / Bogdan, Volnyev / Volniev
_SPELLINGS = (("iou", "yu"), ("ou", "u"), ("tch", "ch"), ("sch", "sh"), ("ch", "sh"), ("kh", "h"), ("ph", "f"),
              ("w", "v"), ("y", "i"), ("j", "zh"))


@lru_cache(maxsize=65536)
def spelling_key(name: str) -> str:
    key = "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))
    for written, said in _SPELLINGS:
        key = key.replace(written, said)
    key = re.sub(r"(?<![sczkt])h", "g", key)
    return re.sub(r"(.)\1+", r"\1", key)


_WORD = re.compile(r"[\w'.-]+|,")
_DETERMINERS = {"the", "a", "an", "its", "his", "her", "their"}


def title_at(text: str, start: int, end: int) -> list[str]:
    """The title an article gives a person at one mention of their name, as lower-case words:
    before it ("Thai Interior Minister Anutin"), or in apposition ("the interior minister,
    Anutin" / "Anutin, the interior minister,"). Empty when there is none."""
    before = _WORD.findall(text[max(0, start - 90): start])
    if before and before[-1] == ",":  # "the interior minister, Anutin"
        run = _title_run(before[:-1], capitalised=False)
    else:
        run = _title_run(before, capitalised=True)
    after = _WORD.findall(text[end: end + 90])
    if not run and after[:1] == [","] and len(after) > 2 and after[1].lower() in _DETERMINERS:
        tail = []
        for w in after[2:]:
            if w == ",":
                break
            tail.append(w)
        if tail and _key(tail[-1]) in TITLES | ROLES:  # "Anutin, the interior minister,"
            run = tail
    return [_key(w) for w in run]


def _title_run(words: list[str], capitalised: bool) -> list[str]:
    """The words at the end of `words` that form a title ending in a title word."""
    run: list[str] = []
    for w in reversed(words):
        k = _key(w)
        if w == "," or k in _DETERMINERS:
            break
        if k in TITLES or k in ROLES or k in IRREGULAR_DEMONYMS or k in ("of", "for") or (capitalised and w[:1].isupper()):
            run.insert(0, w)
            continue
        break
    while run and _key(run[0]) in ("of", "for"):
        run = run[1:]
    return run if run and _key(run[-1]) in TITLES | ROLES else []


def titled_people(text: str, mentions) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Each person's title words and title heads ("minister" of "Thai Interior Minister") over
    all their mentions: (name, start, end) in `text`."""
    titles = ((name, title_at(text, start, end)) for name, start, end in mentions)
    return merge_people(*({name: (frozenset(title), frozenset(title[-1:]))} for name, title in titles))


def merge_people(*groups: dict) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """`titled_people` of several articles as one, names already made canonical."""
    out: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    for group in groups:
        for name, (words, heads) in group.items():
            w, h = out.get(name, (frozenset(), frozenset()))
            out[name] = (w | words, h | heads)
    return out


def person_for_role(role: str, people: dict[str, tuple[frozenset[str], frozenset[str]]]) -> str | None:
    """The one person whose title holds a role phrase ("the Thai interior minister" ->
    Anutin Charnvirakul when an outlet wrote "Interior Minister Anutin Charnvirakul"): the same
    head word, and every lower-case word of the phrase ("emergency situations minister" is not
    the prime minister); capitalised ones, places and nationalities ("Thai", "Thailand's"), only rank."""
    written = [w for w in _WORD.findall(_QUALIFIED.sub("", role)) if w != "," and _key(w) not in _DETERMINERS]
    words = [_key(w) for w in written]
    if not words or words[-1] not in TITLES | ROLES or words[-1] in COLLECTIVE:
        return None  # no title, or a body ("the junta said") that no one person is
    qualifiers = {_key(w) for w in written[:-1] if not w[:1].isupper()}  # "emergency situations"

    def fits(titles: frozenset[str], heads: frozenset[str]) -> bool:
        # a title with its own qualifying title words ("Prime Minister") must hold the role's;
        # a bare "Governor", or "Zhelvar Governor", is "the regional governor" too
        own = (titles & (TITLES | ROLES)) - heads
        return words[-1] in heads and (not own or qualifiers <= titles)

    matches = sorted(((len(set(words) & titles), name) for name, (titles, heads) in people.items()
                      if fits(titles, heads)), reverse=True)
    if not matches or (len(matches) > 1 and matches[0][0] == matches[1][0]):
        return None  # nobody, or two foreign ministers: not ours to guess
    return matches[0][1]


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
