"""Direct quotes and who said them.

Finds quoted spans in a paragraph and the attribution around them: after the
quote ("…," Kofod added), before it (Le Drian said: "…"), or in the next short
sentence; and reported speech, the clause a speech verb governs ("the junta said
in a statement that it would pause attacks"). Pronouns and bare surnames resolve
to the fullest name the article gives. Hand-written: no maintained
quote-attribution library runs offline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.analyze.attribution import other_language_speaker
from storyline.analyze.names import BODIES, TITLES, strip_titles

CUES = frozenset(
    """say tell add state declare note explain write tweet insist warn argue ask continue stress announce
    remark reply respond acknowledge claim urge confirm deny admit recall conclude complain caution vow
    promise predict suggest describe call assert affirm reiterate maintain comment observe emphasise
    emphasize point echo read recount""".split()
)
_QUOTE = re.compile(r'"([^"\n]{2,2000}?)"')
_MIN_WORDS = 4
_FRAGMENT_WORDS = 8  # a lower-case quoted phrase shorter than this inside a sentence is a fragment
_SAID_THAT = re.compile(r"\b(?:said|says|told \w+|tells \w+|added|adds|warned|warns|stated|declared|insisted|argued|"
                        r"noted|wrote|claimed|explained|stressed|vowed|promised)(?: that)?\s*$", re.IGNORECASE)
_PRONOUNS = {"he", "she", "they", "i", "we"}


@dataclass(slots=True)
class FoundQuote:
    start: int  # char offsets of the quoted text (without the marks) in the doc text
    end: int
    text: str
    speaker_text: str | None
    speaker_kind: str | None  # "name", "body" (an organisation's name), "pronoun", "nominal"
    cue: str | None
    direct: bool = True  # False: reported speech, the speaker's words as the writer gives them
    runs_on: bool = False  # no closing mark: the quote goes on in the next paragraph


def find_quotes(doc, lang: str = "en") -> list[FoundQuote]:
    """Quotes in one paragraph doc, with the speaker phrase as written. Attributions in
    English are read off the parse; in other languages by pattern (attribution.py)."""
    text = doc.text
    found: list[FoundQuote] = []
    last_speaker: tuple[str, str, str] | None = None
    spans = [(m.start(), m.end(), m.start(1), m.end(1)) for m in _QUOTE.finditer(text)]
    last = text.rfind('"')
    if text.count('"') % 2 == 1 and last >= (spans[-1][1] if spans else 0) and len(text) - last > 2:
        # a quote that runs on into the next paragraph opens here and is not closed (news style)
        spans.append((last, len(text), last + 1, len(text)))
    for qs, qe, start, end in spans:
        inner = text[start:end].strip()
        if len(inner.split()) < _MIN_WORDS or _fragment(inner, text[:qs]):
            continue
        if lang == "en":
            speaker = (_after(doc, qs, qe) or _before(doc, qs) or _next_sentence(doc, qe)
                       or _previous_sentence(doc, qs) or _named_after_other_language(text, qe))
        else:
            speaker = other_language_speaker(text, qs, qe)
            if speaker is not None and speaker[1] == "continued":  # '", explicó.': whoever spoke last
                speaker = last_speaker
        if speaker is None and last_speaker is not None:
            speaker = last_speaker  # a quote continued in the same paragraph
        if speaker is not None:
            last_speaker = speaker
        s_text, s_kind, cue = speaker if speaker else (None, None, None)
        while start < end and text[start] in " ,":
            start += 1
        while end > start and text[end - 1] in " ,":
            end -= 1
        runs_on = qe == len(text) and not text.endswith('"')
        found.append(FoundQuote(start, end, text[start:end], s_text, s_kind, cue, runs_on=runs_on))
    return found


# verbs whose clause is a claim someone makes, not a thought or a plan ("decided", "hoped")
REPORT_CUES = frozenset(
    """say tell announce state add warn claim confirm deny insist argue explain note stress acknowledge admit
    allege report declare reiterate predict""".split()
)
_MIN_REPORTED_WORDS = 5


def find_reported(doc) -> list[FoundQuote]:
    """Reported speech in one paragraph doc: the clause a speech verb governs, with the verb's
    subject as speaker. Sentences with quotation marks are left to `find_quotes`."""
    found = []
    for sent in doc.sents:
        if '"' in sent.text:
            continue
        for cue in sent:
            if cue.pos_ != "VERB" or cue.lemma_.lower() not in REPORT_CUES:
                continue
            clause = next((c for c in cue.children if c.dep_ == "ccomp"), None)
            if clause is None:
                continue
            tokens = sorted(clause.subtree, key=lambda t: t.i)
            while tokens and (tokens[0].dep_ == "mark" or tokens[0].is_punct):
                tokens = tokens[1:]  # "that"
            while tokens and tokens[-1].is_punct:
                tokens = tokens[:-1]
            if len([t for t in tokens if not t.is_punct]) < _MIN_REPORTED_WORDS:
                continue
            speaker = _speaker_of(cue)
            if speaker is None or speaker[0] == "it":  # "it said": a body named earlier, not a person
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            found.append(FoundQuote(start, end, doc.text[start:end], *speaker, direct=False))
    return found


# "« … », a déclaré la ministre des Situations d'urgence, Ioulia Tsvarenko": speech verbs of
# French, Spanish and German copy, which the English parse does not read, then the name after them
_OTHER_CUES = re.compile(
    r"[\s,]*(?:a-t-(?P<pronoun>il|elle)\s+|a\s+|ha\s+|hat\s+)?(?P<cue>déclaré|dit|affirmé|ajouté|expliqué|indiqué|souligné|"
    r"estimé|résume|résumé|assuré|dijo|afirmó|declaró|señaló|aseguró|explicó|añadió|agregó|indicó|sagte|sagt|"
    r"erklärte|betonte|fügte)\b(?P<rest>[^.!?\n]{0,120})")
_NAME_RUN = re.compile(r"\b[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+){1,3}")


def _named_after_other_language(text: str, qe: int):
    """The speaker a French, Spanish or German attribution names after the quote."""
    match = _OTHER_CUES.match(text, qe)
    if match is None:
        return None
    names = _NAME_RUN.findall(match.group("rest"))
    if match.group("pronoun"):  # "a-t-elle ajouté": she, whoever was named before
        return match.group("pronoun"), "pronoun", match.group("cue")
    if not names:
        return None
    return strip_titles(names[-1]), "name", match.group("cue")


def _fragment(inner: str, before: str) -> bool:
    """A few words in quotation marks inside a running sentence, lower-case and not
    introduced by a colon or a comma ('its deployment "was done without its consent."'):
    the writer's wording with a phrase marked, not a quote to attribute."""
    opening = before.rstrip()[-1:]
    reported = _SAID_THAT.search(before) is not None  # 'he said that "we will have to draw the consequences"'
    return inner[:1].islower() and len(inner.split()) < _FRAGMENT_WORDS and opening not in (":", ",") and not reported


def _cue_tokens(span):
    return [t for t in span if t.lemma_.lower() in CUES and t.pos_ in ("VERB", "AUX")] + [
        t for t in span if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.nbor(1).lower_ == "to"
    ]


def _after(doc, qs: int, qe: int):
    """Attribution right after the closing mark, up to the end of that sentence."""
    span = doc.char_span(qe, len(doc.text), alignment_mode="expand")
    if span is None:
        return None
    tokens = []
    for t in span:
        if t.text == '"' or (t.is_sent_start and tokens):
            break
        tokens.append(t)
        if t.text in (".", "!", "?") and len(tokens) > 1:
            break
    for cue in _cue_tokens(tokens)[:1]:
        if cue.idx - qe > 80 or any(t.lower_ in ("and", "but", ";") and t.i < cue.i for t in tokens):
            return None  # '"…", and the fire chief, who echoed': the next clause is someone else's
        speaker = _speaker_of(cue, outside=(qs, qe))
        if speaker is None:
            # the parse lost the subject: "…," she said / "…", has declared the minister, Teodor Brask
            pronoun = next((t for t in tokens if t.i < cue.i and t.lower_ in ("he", "she")), None)
            if pronoun is not None:
                return pronoun.lower_, "pronoun", cue.lemma_.lower()
            after = [t for t in tokens if t.i > cue.i]
            for ent in doc.ents:
                if ent.label_ == "PERSON" and after and after[0].i <= ent.start <= after[-1].i:
                    return strip_titles(ent.text), "name", cue.lemma_.lower()
        return speaker
    return None


def _before(doc, qs: int):
    """Attribution before the opening mark in the same sentence: X said: "…"."""
    span = doc.char_span(0, qs, alignment_mode="contract")
    if span is None or not len(span):
        return None
    sent_start = doc[span.end - 1].sent.start if span.end else 0
    tokens = [t for t in doc[sent_start: span.end] if t.text != '"']
    cues = _cue_tokens(tokens)
    if not cues:
        return None
    return _speaker_of(cues[-1])


def _next_sentence(doc, qe: int):
    """A short sentence after the quote that only attributes it: 'Kofod added.'"""
    span = doc.char_span(qe, len(doc.text), alignment_mode="expand")
    if span is None or not len(span):
        return None
    sent = span[0].sent
    nxt = doc[sent.end].sent if sent.end < len(doc) else None
    if nxt is None or len(nxt) > 12:
        return None
    cues = _cue_tokens(nxt)
    return _speaker_of(cues[0]) if cues else None


def _previous_sentence(doc, qs: int):
    """'She said the family had moved the sheep. "We saved every animal."': a quote that
    opens a sentence right after someone's reported speech is theirs."""
    span = doc.char_span(qs, len(doc.text), alignment_mode="expand")
    if span is None or not len(span):
        return None
    sent = span[0].sent
    if sent.start == 0 or doc[sent.start].i != span[0].i:
        return None  # the quote does not open its sentence, or nothing comes before it
    previous = doc[sent.start - 1].sent
    if '"' in previous.text:
        return None
    cues = _cue_tokens(previous)
    return _speaker_of(cues[0]) if cues else None


def _speaker_of(cue, outside: tuple[int, int] | None = None):
    """The subject of a speech verb, never a word inside the quote itself."""
    cue_text = cue.lemma_.lower()
    if cue.lower_ == "according":
        obj = [t for t in cue.nbor(1).children if t.dep_ == "pobj"]
        return _phrase(obj[0], cue_text) if obj else None
    subjects = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and cue_text == "read":  # '"…," read the statement': the parse takes it for an object
        subjects = [c for c in cue.children if c.dep_ == "dobj" and c.lemma_.lower() in ISSUED]
    # "a statement from the organization said": the speaker is who issued the statement
    subjects = [_issuer(c) or c for c in subjects]
    if not subjects and cue.dep_ == "conj":
        # "The president said the two blocs had united … and stressed: '…'": a speech verb the parse
        # joined to the reported clause is the reporting speaker's, not the clause subject's
        first = cue.head
        while first.dep_ == "conj":
            first = first.head
        if first.lemma_.lower() not in CUES and first.dep_ == "ccomp" and first.head.lemma_.lower() in CUES:
            subjects = [c for c in first.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and cue.dep_ in ("conj", "xcomp", "advcl"):
        subjects = [c for c in cue.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if outside is not None:
        subjects = [c for c in subjects if not outside[0] <= c.idx < outside[1]]
    if not subjects:
        return None
    if subjects[0].lower_ in ("who", "that") and cue.dep_ == "relcl" and cue.head.pos_ in ("PROPN", "NOUN"):
        return _phrase(cue.head, cue_text)  # "the fire chief, Tomas Ekdal, who echoed": the noun "who" stands for
    return _phrase(subjects[0], cue_text)


# what a body issues: "a statement from the club said", "read the statement"
ISSUED = frozenset({"statement", "release", "communique", "communiqué", "post", "message", "letter", "notice", "bulletin"})


def _issuer(token):
    """Who issued a statement: "a statement from the club", "the Foreign Office statement",
    "the department's statement"."""
    if token.lemma_.lower() not in ISSUED:
        return None
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
        if child.dep_ in ("poss", "compound") and child.pos_ == "PROPN" or child.dep_ == "poss" and child.pos_ == "NOUN":
            return child
    return None


def _phrase(token, cue: str):
    if token.text.isupper() and len(token.text) > 3 and token.i + 1 < len(token.doc) and token.nbor(1).text in (",", "—", "–", "-", "("):
        return None  # a dateline ("MARLEVIK, Lestria —"), not a speaker; an acronym is one ("OCHA said")
    if token.pos_ == "PRON" or token.lower_ in _PRONOUNS:
        return token.lower_, "pronoun", cue
    for ent in token.doc.ents:
        if ent.label_ == "PERSON" and ent.start <= token.i < ent.end:
            return strip_titles(ent.text), "name", cue
        if ent.label_ == "ORG" and ent.start <= token.i < ent.end and ent[-1].lower_ in BODIES:
            return re.sub(r"^the\s+", "", ent.text, flags=re.IGNORECASE), "body", cue  # "the Foreign Office"
    if token.pos_ == "PROPN":
        i = token.i
        while i > 0 and (token.doc[i - 1].pos_ == "PROPN" or token.doc[i - 1].text == "-") and token.doc[i - 1].lower_ not in TITLES:
            i -= 1
        j = token.i + 1
        doc = token.doc
        while j + 1 < len(doc) and doc[j].text == "-" and not doc[j - 1].whitespace_ and doc[j + 1].is_alpha:
            j += 2  # "Yoon Suk-yeol": the given name goes on after the hyphen
        name = doc[i: j].text.replace(" - ", "-").replace(" -", "-").replace("- ", "-")
        return strip_titles(name), "name", cue
    # a role: "the spokesman", "a French foreign ministry spokesman", "a 34-year-old teacher at
    # the school", "a spokesman for UN Secretary-General Antonio Guterres" (as written, without
    # the article; a clause after the noun is left out)
    left = [t for t in token.subtree if t.i <= token.i]
    while left and left[0].dep_ in ("det", "poss", "punct", "case"):
        left = left[1:]
    end = token
    for prep in token.children:
        if prep.dep_ == "prep" and prep.i > token.i and prep.lower_ in ("for", "of", "at", "with", "from"):
            end = max(prep.subtree, key=lambda t: t.i)
            break
    start = left[0] if left else token
    return token.doc.text[start.idx: end.idx + len(end.text)], "nominal", cue
