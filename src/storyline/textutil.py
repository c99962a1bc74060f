"""Small text helpers shared by several stages (quote marks, line shape, tokens)."""

from __future__ import annotations

import re

_QUOTES = str.maketrans(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2033": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200b": "",
        "\ufeff": "",
    }
)
_SPACES = re.compile(r"[ \t\f\v]+")
_WORD = re.compile(r"\w+", re.UNICODE)
_TRAILING_QUOTES = "\"')]» "
_END_PUNCT = ".!?…:;,"

STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for from with without into onto over under
    about after before as is are was were be been being has have had do does did will would
    shall should can could may might must it its it's this that these those he she they we you
    i his her their our your my me him them us not no so than then there here who whom whose
    which what when where why how also said says told added just more most very some any all
    each other such only own same too up down out off again further once""".split()
)


# British style quotes in single curly marks: ‘I know that some are tempted,’ he added. An
# apostrophe inside (It’s) is followed by a letter; the closing mark is not.
_SINGLE_QUOTED = re.compile(r"(?<!\w)\u2018((?:[^\u2018\u2019\n]|\u2019(?=\w))+?)\u2019(?!\w)")


def normalise_line(line: str) -> str:
    """Straight quote marks (curly single marks around three words or more are a quotation:
    double marks), one space, no edge blanks."""
    line = _SINGLE_QUOTED.sub(lambda m: f"\u201c{m.group(1)}\u201d" if len(m.group(1).split()) >= 3 else m.group(0), line)
    return _SPACES.sub(" ", line.translate(_QUOTES)).strip()


def words(text: str) -> list[str]:
    return _WORD.findall(text)


# words of two letters or more, apostrophes and hyphens inside them kept ("Mali's", "no-confidence"),
# and numbers whole ("1,644"): a lone "s" or "1" makes no concept (on Multi-News dev: ROUGE-2 +0.13)
_CONCEPT_TOKEN = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|\d(?:[\d,.]*\d)?")


def word_pairs(text: str) -> set[tuple[str, str]]:
    """Adjacent words, lower-cased and cut to six letters (a crude stem), unless both are
    stop words: the concepts a summary covers ("death toll", "dam collapse")."""
    tokens = [w.lower() for w in _CONCEPT_TOKEN.findall(text)]
    return {(a[:6], b[:6]) for a, b in zip(tokens, tokens[1:]) if not (a in STOPWORDS and b in STOPWORDS)}


def content_words(text: str) -> set[str]:
    """Lower-cased words of three letters or more that are not stop words."""
    return {w for w in (t.lower() for t in words(text)) if len(w) > 2 and w not in STOPWORDS}


def first_words(text: str, n: int) -> str:
    """The first `n` words, with an ellipsis when there were more: a short handle on a sentence."""
    cut = text.split()
    return " ".join(cut[:n]) + ("…" if len(cut) > n else "")


def is_heading_shaped(line: str, max_words: int = 14) -> bool:
    """Short, with no sentence-final punctuation: a title or sub-heading."""
    stripped = line.strip()
    if not stripped:
        return False
    n = len(words(stripped))
    if n == 0 or n > max_words:
        return False
    core = stripped.rstrip(_TRAILING_QUOTES)
    if not core:
        return False
    if core[-1] == "?" and n <= 7 and not stripped.startswith(('"', "'")):
        return True  # "What happens next?": a question standing alone is a sub-heading
    if core[-1] in _END_PUNCT:
        return False
    return not stripped.startswith(("-", "•", "*", "–", "—", "("))


def stems(text: str) -> set[str]:
    """Five-letter prefixes of content words: a crude stemmer that lets "withdrawal" meet
    "withdrew" and "isolating" meet "isolated" without a language model."""
    return {w.lower()[:5] for w in words(text) if len(w) > 2 and w.lower() not in STOPWORDS}


_PRONOUN_START = re.compile(r"^(he|she|they|it|this|these|those|his|her|their|its)\b", re.IGNORECASE)


def starts_with_pronoun(text: str) -> bool:
    """"She said …": a sentence that leans on the one before it."""
    return _PRONOUN_START.match(text) is not None


def overlap(a: set[str], b: set[str]) -> float:
    """Share of the smaller set found in the other (containment)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)")
_CALENDAR = frozenset(
    """january february march april may june july august september october november december jan feb mar apr
    jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday""".split()
)


_POSSESSIVE = re.compile(r"['’]s\b")


def names(text: str, key_only: bool = True) -> list[str]:
    """Capitalised word runs not at a sentence start, lower-cased: a cheap stand-in for
    named entities ("jeppe kofod", "brennick"). With key_only, possessives, stop words
    and calendar words are dropped (clustering measured better on the raw runs)."""
    if not key_only:
        return [m.group(1).lower() for m in _NAME.finditer(text)]
    out = []
    for match in _NAME.finditer(text):
        tokens = [t for t in _POSSESSIVE.sub("", match.group(1)).lower().split()
                  if t not in STOPWORDS and t not in _CALENDAR]
        if tokens:
            out.append(" ".join(tokens))
    return out


_CAPTION = re.compile(r"\b(?:photo|image|picture|file photo|video|credit|caption)\s*:|\((?:photo|image|file)\b|"
                      r"\((?:left|right|centre|center|middle|front|back|top|bottom|L|R|C)\)|"  # who is where in the picture
                      r"/\s*(?:AFP|Reuters|AP|Getty Images|EPA)\b|\b(?:Getty Images|AFP via Getty)\b|"
                      # a picture described: "Damaged vehicles are seen at …", "This combination of satellite images shows"
                      r"\b(?:is|are) seen\b(?!\s+as\b)|^(?:this|these|a|an|the)\s+(?:combination of\s+)?(?:\w+\s+)?"
                      r"(?:images?|photos?|photographs?|pictures?|video grab|screenshot)\b(?:(?!\b(?:is|are|was|were|and)\b)[^.]){0,60}?"
                      r"\b(?:shows?|taken (?:on|in|at|from))\b",
                      re.IGNORECASE)


def not_news(text: str) -> bool:
    """A question, or a photo caption left in the text ("File photo: …", "(AFP/Getty)")."""
    return text.rstrip(" \"'”)").endswith("?") or bool(_CAPTION.search(text))
