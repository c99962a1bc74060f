"""Article to Analysis: sentences, entities, quantities, dates and quotes.

The expensive stage (spaCy), run late: only on the articles of events being
briefed. Each paragraph is parsed on its own so no sentence crosses a
paragraph break, and every mention keeps its character span in the body.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from storyline.analyze.dates import find_dates
from storyline.analyze.names import (BODIES, canonical_names, head_word, is_role, person_for_role, place_of, strip_titles,
                                     surname, titled_people)
from storyline.analyze.nlp import load
from storyline.analyze.counts import find_counts
from storyline.analyze.quantities import find_magnitudes, find_quantities
from storyline.analyze.quotes import ISSUED, find_quotes, find_reported
from storyline.model import Analysis, Article, DateRef, Entity, Quantity, Quote, Sentence, Span
from storyline.workers import fork_map, workers_for

# v3: quoted fragments are not quotes; v4: titles and roles resolve speakers, reported speech;
# v5: distances, magnitudes, the dead apart from the injured; v6: hyphenated given names whole;
# v10: a population ("population 50,000") is a count of residents, and a paragraph ending in a
# colon hands its subject to the quote that makes the next paragraph; v11: people who "lost their
# lives" (and "ont perdu la vie", "perdieron la vida") are the dead; v12: and so are those a disaster
# "left dead" (or missing, injured, homeless) and bodies in other languages ("3 895 corps");
# v13: "Prosecutor", "Attorney", "Premier" and "Envoy" are titles, not part of a name, and more
# French, Spanish and German speech verbs ("assène", "rétorque", "sentenció", "ergänzte"), and a
# body named by an acronym of four letters or more speaks ("OCHA said"; only a dateline is not one),
# and "X said the blocs had united … and stressed: '…'" is X's; a possessive ends no name
VERSION = "storyline.analyze.spacy.v13"
ENTITY_LABELS = {"PERSON", "NORP", "GPE", "ORG", "LOC", "FAC", "EVENT"}
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]+)*")


def paragraphs(body: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in _PARAGRAPH.finditer(body)]


MAX_CHARS = 20_000  # text analysed per article: the story is at the top, long tails are rare and slow
PARALLEL_FROM = 256  # paragraphs in one call before a second worker process pays for its start-up


def analyze(articles: Iterable[Article], batch_size: int = 64, workers: int | None = None) -> list[Analysis]:
    """Analyses in input order. Large batches run in worker processes that parse and
    extract, so only the small Analysis records cross process boundaries (handing spaCy
    Docs back, as nlp.pipe(n_process=…) does, cost more than a third of the time)."""
    articles = list(articles)
    load()  # in the parent, so forked workers share the loaded model
    size = sum(len(_pieces(a)) for a in articles)
    if workers is None:
        workers = workers_for(size, PARALLEL_FROM)
    if workers <= 1 or len(articles) < 2:
        return _analyze_serial(articles, batch_size)
    done = fork_map(_analyze_serial, _balanced_chunks(articles, workers * 2), batch_size, workers=workers)
    return [an for chunk in done for an in chunk]


def _pieces(article: Article) -> list[tuple[int, str]]:
    return [(start, text) for start, text in paragraphs(article.body) if start < MAX_CHARS]


def _balanced_chunks(articles: list[Article], n: int) -> list[list[Article]]:
    """Consecutive runs of articles with about the same amount of text each."""
    total = sum(min(len(a.body), MAX_CHARS) for a in articles) or 1
    chunks: list[list[Article]] = [[]]
    filled = 0
    for article in articles:
        if filled >= total / n * len(chunks) and len(chunks) < n:
            chunks.append([])
        chunks[-1].append(article)
        filled += min(len(article.body), MAX_CHARS)
    return [c for c in chunks if c]


def _analyze_serial(articles: list[Article], batch_size: int = 64) -> list[Analysis]:
    nlp = load()
    pieces = [(a_i, start, text) for a_i, art in enumerate(articles) for start, text in _pieces(art)]
    docs = nlp.pipe((text for _, _, text in pieces), batch_size=batch_size)
    per_article: list[list[tuple[int, object]]] = [[] for _ in articles]
    for (a_i, start, _), doc in zip(pieces, docs):
        per_article[a_i].append((start, doc))
    return [_analyze_one(art, parsed) for art, parsed in zip(articles, per_article)]


def _analyze_one(article: Article, parsed: list[tuple[int, object]]) -> Analysis:
    aid = article.id
    published = article.published.date() if article.published else None
    sentences: list[Sentence] = []
    raw_entities: list[tuple[str, str, int, int]] = []
    for start, doc in parsed:
        for sent in _quote_balanced(doc):
            text = sent.text.strip()
            if not text:
                continue
            lemmas = " ".join(t.lemma_.lower() for t in sent if t.is_alpha and not t.is_stop and len(t) > 1)
            s0 = start + sent.start_char
            sentences.append(Sentence(aid, len(sentences), text, s0, s0 + len(sent.text.rstrip()), lemmas))
        for e in doc.ents:
            if e.label_ in ENTITY_LABELS:
                begin, end = e.start_char, e.end_char
                if doc.text[begin:end].endswith(("'s", "’s")) and end - begin > 2:  # "Nordvale Company's": not the name
                    end -= 2
                if e.label_ == "PERSON":
                    begin, end = _name_bounds(doc.text, begin, _whole_name_end(doc.text, end))
                    if begin >= end:
                        continue
                raw_entities.append((doc.text[begin:end], _label(e, doc.text), start + begin, start + end))

    def sentence_at(offset: int) -> int:
        for s in sentences:
            if s.start <= offset < max(s.end, s.start + 1):
                return s.index
        return max((s.index for s in sentences if s.start <= offset), default=0)

    # names a nationality adjective may stand for; the small model often tags unknown countries ORG
    places = sorted({text for text, label, _, _ in raw_entities if label in ("GPE", "LOC", "ORG")}, key=len, reverse=True)
    person_names = [text for text, label, _, _ in raw_entities if label == "PERSON"]
    entities = []
    names = canonical_names(person_names)
    for text, label, s, e in raw_entities:
        canonical = names.get(text, text) if label == "PERSON" else place_of(text, places) if label == "NORP" else text
        entities.append(Entity(text, label, canonical, Span(aid, s, e)))

    quantities, quotes_found = [], []
    english = (article.lang or "en") == "en"
    for start, doc in parsed:
        # counts are read off the English parse; in other languages by pattern (counts.py)
        for q in find_quantities(doc, places) if english else find_counts(doc.text) + find_magnitudes(doc):
            s, e = start + q.start, start + q.end
            quantities.append(Quantity(q.value, q.high, q.unit, q.category, q.owner, q.approximate, q.text,
                                       sentence_at(s), Span(aid, s, e)))
        # reported speech is read off the English parse: in another language it finds nonsense
        reported = find_reported(doc) if english else []
        quotes_found += [(start, q, doc) for q in find_quotes(doc, article.lang or "en") + reported]

    dates = []
    analysed = max((start + len(doc.text) for start, doc in parsed), default=0)  # MAX_CHARS may stop short
    for f in find_dates(article.body[:analysed], published):
        dates.append(DateRef(f.text, f.first, f.last, f.granularity, sentence_at(f.start), Span(aid, f.start, f.end)))

    quotes = _resolve_speakers(article, quotes_found, entities, parsed, sentence_at, sentences)
    return Analysis(aid, sentences, entities, quantities, dates, quotes, version=VERSION)


_NAMED_AFTER = re.compile(
    r"\s+(?:[A-Z][\w.'-]*\s+){0,3}(?:Airport|Station|Bridge|Street|Avenue|Boulevard|Road|Center|Centre|Hospital|"
    r"University|College|Stadium|Park|Square|Building|Tower|Memorial|Museum|School|Institute|Foundation|Library|"
    r"Hall|Arena|Highway|Expressway|Port|Harbou?r)\b")


_HYPHENATED_REST = re.compile(r"-[A-Za-z]+")


def _whole_name_end(text: str, end: int) -> int:
    """The small model cuts hyphenated given names ("Yoon Suk" of "Yoon Suk-yeol")."""
    rest = _HYPHENATED_REST.match(text, end)
    return rest.end() if rest else end


_PARTICLES = {"de", "da", "di", "du", "van", "von", "der", "den", "al", "el", "bin", "ibn", "ben", "le", "la"}
_LOWER_WORD = re.compile(r"[a-zà-ÿ][\w'’]*\s+")
_EDGE_WORD_TAIL = re.compile(r"(?:\s+[a-zà-ÿ][\w'’]*)+$")


def _name_bounds(text: str, begin: int, end: int) -> tuple[int, int]:
    """A person's name without the lower-case words the tagger takes in on other languages'
    text ("afirmó Macron", "de parler de Michel Barnier", "Emmanuel Macron le"); a particle
    right before a capital stays ("de Gaulle")."""
    while (word := _LOWER_WORD.match(text, begin, end)) is not None:
        particle = word.group(0).strip() in _PARTICLES and text[word.end():word.end() + 1].isupper()
        if particle:
            break
        begin = word.end()
    tail = _EDGE_WORD_TAIL.search(text[begin:end])
    if tail:
        end = begin + tail.start()
    if not text[begin:begin + 1].isupper() and not text[begin:begin + 3].lower() in ("al-", "el-"):
        return begin, begin  # "café": no name begins in lower case
    return begin, end


def _label(ent, text: str) -> str:
    """A person's name that begins a place's name ("Ronald Reagan Washington National Airport")
    names the place: the small model tags it PERSON, and a later "she said" must not find it."""
    if ent.label_ == "PERSON" and _NAMED_AFTER.match(text, ent.end_char):
        return "FAC"
    return ent.label_


def _quote_balanced(doc):
    """spaCy's sentences, merged so that no sentence ends inside a quotation."""
    pending = None
    for sent in doc.sents:
        span = sent if pending is None else doc[pending.start: sent.end]
        if span.text.count('"') % 2 == 1 and sent.end < len(doc):
            pending = span
            continue
        pending = None
        yield span
    if pending is not None:
        yield pending


_SPEECH_NOUNS = ("warning", "words", "comment", "comments", "remark", "remarks", "statement", "message", "appeal",
                 "criticism", "call", "plea", "admission", "claim", "response", "reply")


def _named_in_next_sentence(end: int, following, entities, by_surname) -> str | None:
    """'"…" / The warning came on Tuesday from Mirela Dost, …': speech noun + from + a person."""
    if following is None:
        return None
    lower = following.text.lower()
    if not any(re.search(rf"\b{n}\b", lower) for n in _SPEECH_NOUNS) or " from " not in lower:
        return None
    for e in entities:
        if e.label == "PERSON" and following.start <= e.span.start < following.end:
            return by_surname.get(surname(e.canonical), e.canonical)
    for match in re.finditer(r"\bfrom ((?:[A-Z][\w'-]+ ?)+)", following.text):
        known = by_surname.get(surname(match.group(1)))  # a name the article already attributed quotes to
        if known:
            return known
    return None


def _resolve_speakers(article, found, entities, parsed, sentence_at, sentences) -> list[Quote]:
    def sentences_after(offset: int):
        return next((s for s in sentences if s.start >= offset), None)

    places = {e.text for e in entities if e.label in ("GPE", "LOC", "NORP")}
    # not a place, and not a dateline or an acronym in capitals ("MARLEVIK, Lestria —")
    persons = [(e.span.start, e.canonical) for e in entities
               if e.label == "PERSON" and e.text not in places and not e.text.isupper()]
    # full names from the parse, whatever label NER gave them (it tags unknown people ORG or GPE),
    # unless their head word names a body ("The Harbour Authority")
    # ... and a person's short name the tagger took for an organisation ("Le Pen refused" after "Marine Le Pen")
    named = {e.canonical for e in entities if e.label == "PERSON"}
    subjects = []
    for at, name in _subject_names(parsed):
        full = next((n for n in named if n.endswith(" " + name)), None)
        if full or _is_person(name, entities, ("ORG", "FAC")):
            subjects.append((at, full or name))
    full = {surname(name): name for _, name in persons + subjects if len(name.split()) >= 2}
    # a surname alone as subject ("Pestova, who has run the hospital, has said …") is that person
    subjects += [(at, full[name.lower()]) for at, name in _subject_names(parsed, whole=False) if name.lower() in full]
    persons += subjects
    speakers_named = [strip_titles(q.speaker_text) for _, q, _ in found if q.speaker_kind == "name" and q.speaker_text]
    names = canonical_names([n for _, n in persons] + speakers_named)
    by_surname = {surname(v): v for v in names.values()}
    titled = titled_people(article.body, [(names.get(e.canonical, e.canonical), e.span.start, e.span.end)
                                          for e in entities if e.label == "PERSON" and e.text not in places])
    roles = _roles(parsed)
    quotes: list[Quote] = []
    # a name inside someone's quote ("…terminated by Biden," Trump said) is not who "he" is next
    quoted = [(start + q.start, start + q.end) for start, q, _ in found if q.direct]
    previous: list[tuple[int, str]] = [p for p in persons if not any(s <= p[0] < e for s, e in quoted)]
    running: str | None = None  # the speaker of a quote left open at the end of its paragraph
    paragraphs = {start: doc for start, doc in parsed}
    closing: dict[int, str | None] = {}  # paragraph start -> who speaks last in it, when a quote ends it
    for start, q, doc in found:
        at = start + q.start
        speaker = None
        if q.speaker_kind == "name":
            speaker = names.get(strip_titles(q.speaker_text), strip_titles(q.speaker_text))
        elif q.speaker_kind == "body":  # an organisation's name keeps its words ("Foreign Office")
            speaker = q.speaker_text
        elif q.speaker_kind == "pronoun" and q.speaker_text not in ("we", "i", "they"):
            # "who" is the name just before it; "he" may be the sentence's subject
            speaker = _antecedent(previous, subjects if q.speaker_text != "who" else [], at, sentence_at)
            speaker = names.get(speaker, speaker) if speaker else None
        elif q.speaker_kind == "nominal" and q.speaker_text in names:  # a name the parse did not tag
            speaker = names[q.speaker_text]
        elif q.speaker_kind == "nominal" and head_word(q.speaker_text) in ISSUED:  # the body that issued it, if named
            speaker = _body_name(q.speaker_text, entities, at, article.body)
        elif q.speaker_kind == "nominal" and is_role(q.speaker_text):  # a person or a body, not "a statement"
            # "the interior minister" is Anutin when the article calls him "Interior Minister Anutin"
            speaker = (person_for_role(q.speaker_text, titled) or _body_name(q.speaker_text, entities, at)
                       or _role_name(q.speaker_text, roles, at))
        if speaker is None and q.speaker_kind is None and q.direct:
            speaker = (running or _carried_over(start, q, doc, paragraphs, closing, subjects, persons, sentence_at)
                       or _named_in_next_sentence(start + q.end, sentences_after(start + q.end), entities, by_surname))
        if q.direct:
            running = speaker if q.runs_on else None
            # a quote in the paragraph's last sentence hands its speaker to a quote opening the next
            last = sentence_at(start + len(doc.text.rstrip()) - 1)
            closing[start] = speaker if sentence_at(start + q.end - 1) == last else None
        if speaker is None and not q.direct:
            continue  # reported speech with nobody to report it is the writer's own statement
        if speaker and _is_person(speaker, entities):  # "she said" next is a person, never an organisation
            previous.append((at, speaker))
            subjects.append((at, speaker))  # who speaks is the subject of the speech verb
        quotes.append(Quote(
            text=q.text, speaker=speaker, speaker_text=q.speaker_text, cue=q.cue, direct=q.direct,
            sentence=sentence_at(at), span=Span(article.id, at, start + q.end),
        ))
    return quotes


_COLON_CUE = re.compile(r"\b(said|says|told|tells|added|stated|wrote|writes|explained|warned|declared|reads|read|"
                        r"continued|insisted|noted)\b[^.!?]*:\s*$")


def _carried_over(start: int, q, doc, paragraphs: dict, closing: dict, subjects, persons, sentence_at) -> str | None:
    """A paragraph that opens with an unattributed quote continues the speaker before it
    (news style: a change of speaker is always attributed): the speaker of a quote closing
    the previous paragraph, or the one a previous paragraph ending in a colon introduces
    ("Dr. Castelli, a former director of the study, stated:")."""
    if doc.text[:q.start].strip(' "'):
        return None
    before = [p for p in paragraphs if p < start]
    if not before:
        return None
    prev = max(before)
    if prev in closing:
        return closing[prev]
    text = paragraphs[prev].text.rstrip()
    if not text.endswith(":"):
        return None
    # a speech verb before the colon: whoever the sentence names first; any other verb
    # ("Panot, leader of La France Insoumise, celebrated the outcome:"): its subject only
    speakers = subjects + persons if _COLON_CUE.search(text) else subjects
    sentence = sentence_at(prev + len(text) - 1)
    named = [p for p in speakers if prev <= p[0] < prev + len(text) and sentence_at(p[0]) == sentence]
    return min(named)[1] if named else None


def _antecedent(previous, subjects, at: int, sentence_at) -> str | None:
    """Who "he" or "she" is: the person named last before the quote, unless that sentence
    has a person as its subject ("Lee Jae-myung … vowed to impeach Yoon. '…,' he said.")."""
    before = [p for p in previous if p[0] < at]
    if not before:
        return None
    last = max(before)
    sentence = sentence_at(last[0])
    acting = [p for p in subjects if p[0] < at and sentence_at(p[0]) == sentence]
    return max(acting)[1] if acting else last[1]


def _is_person(speaker: str, entities, labels: tuple[str, ...] = ("ORG", "GPE", "FAC")) -> bool:
    """Not a body: no body's head word, no acronym ("NTSB"), and not a name of several words
    the tagger gave one of `labels`. A one-word name it calls an organisation ("Duffy") is
    often a person; it tags unknown people GPE, so a name from the parse is checked against
    ORG and FAC only."""
    if head_word(speaker) in BODIES or (speaker.isupper() and len(speaker) > 1):
        return False
    if len(speaker.split()) == 1:
        return True
    key = _bare(speaker)
    return not any(e.label in labels and key == _bare(e.text) for e in entities)


def _bare(name: str) -> str:
    return re.sub(r"^the\s+", "", name.lower())


_BODY_REACH = 600  # characters back to the organisation "the company" stands for, when the name lacks its head word


def _body_name(text: str, entities, at: int, body: str = "") -> str | None:
    """"The company said": an organisation the article named before, one whose name holds
    the head word ("Foreign Ministry" for "the ministry"), else one in the lines just
    before; of several, the one the article names most, then the closest. "The statement
    said": the organisation whose own sentence says it issued one."""
    head = head_word(text)
    if head not in BODIES | ISSUED or any(w[:1].isupper() for w in text.split()):
        return None  # "the company", not "the Brannock company" or "a spokesman for the Brannock company"
    words = [w.lower() for w in re.findall(r"[\w-]+", text) if w.lower() not in ("the", "a", "an", "its", "their")]
    if head in ISSUED:  # "read the statement": issued by an organisation named just before
        words = [head]
    # (a word in capitals longer than an acronym is a dateline: "MARLEVIK, Lestria —")
    orgs = [e for e in entities if e.label == "ORG" and e.span.end <= at and not (e.text.isupper() and len(e.text) > 5)]
    named = [e for e in orgs if all(w in e.text.lower() for w in words)]
    # a qualified body ("the regional health department") is only an organisation that names it so
    near = [e for e in orgs if at - e.span.end <= _BODY_REACH] if len(words) == 1 else []
    if head in ISSUED:
        near = [e for e in near if re.match(rf"[^.!?\"]*\b{head}", body[e.span.end:], re.IGNORECASE)]
    # of the organisations just before, the one the article is about (named most), then the closest
    mentions = Counter(_bare(e.text) for e in entities if e.label == "ORG")
    best = max(named or near, key=lambda e: (mentions[_bare(e.text)], e.span.start), default=None)
    if best is None:
        return None
    return best.canonical[4:] if best.canonical.lower().startswith("the ") else best.canonical


def _subject_names(parsed, whole: bool = True) -> list[tuple[int, str]]:
    """Full names acting as subjects ("Valdremo mayor Marta Olival stayed …"): people the
    small NER model may miss, so that a later "she said" finds them; with `whole` False,
    one-word names ("Pestova has said …") instead."""
    out = []
    for start, doc in parsed:
        for token in doc:
            if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ == "PROPN":
                i = token.i
                while i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].dep_ in ("compound", "flat"):
                    i -= 1
                run = [t for t in doc[i: token.i + 1]]
                name = strip_titles(" ".join(t.text for t in run))
                if (len(name.split()) >= 2) == whole and all(t.text[:1].isupper() for t in run):
                    out.append((start + doc[i].idx, name))
    return out


def _roles(parsed) -> list[tuple[int, str, str]]:
    """Noun phrases naming a role ("a French foreign ministry spokesman"), by head word."""
    out = []
    for start, doc in parsed:
        for chunk in doc.noun_chunks:
            words = [t for t in chunk if t.dep_ not in ("det", "poss", "punct", "case")]
            if len(words) >= 2 and chunk.root.pos_ == "NOUN":
                out.append((start + chunk.start_char, chunk.root.lemma_.lower(), " ".join(t.text for t in words)))
    return out


def _role_name(text: str, roles, at: int) -> str:
    """A bare role ("officials") as the lines just before name it in full ("hospital officials")."""
    head = head_word(text).rstrip("s")
    earlier = [r for r in roles if r[0] <= at and at - r[0] <= _BODY_REACH and r[1].rstrip("s") == head]
    mine = set(text.lower().split())
    fuller = [r for r in earlier if mine <= set(r[2].lower().split()) and len(r[2]) > len(text)]
    best = max(fuller, key=lambda r: len(r[2]), default=None)  # the same role with more said about it
    return best[2] if best else text


