"""Who said a quote, in French, Spanish, German, Italian and Portuguese copy.

The English parse misreads these languages (it finds subjects in the wrong places), so
attributions there are read by pattern: a speech verb right after the quote with the
speaker after it ("« … », a encore affirmé Marine Le Pen"; "« … », a-t-elle ajouté";
"„…“, so Le Pen"), or a speaker and a speech verb right before it ("Macron dijo que « … »",
"Marine Le Pen a déclaré : « … »"). Hand-written: no maintained library attributes quotes
in these languages offline.
"""

from __future__ import annotations

import re

from storyline.analyze.names import ARABIC_ARTICLES, strip_titles

_VERBS = (
    # French: passé composé participles and the present
    "déclaré|dit|affirmé|ajouté|expliqué|indiqué|souligné|estimé|assuré|lancé|martelé|insisté|répondu|prévenu|"
    "averti|rappelé|réagi|fustigé|dénoncé|annoncé|confié|jugé|poursuivi|conclu|écrit|tweeté|regretté|déploré|"
    "salué|reconnu|promis|précisé|résumé|raconté|commenté|observé|noté|"
    "déclare|affirme|ajoute|explique|indique|souligne|estime|assure|lance|martèle|poursuit|conclut|écrit|"
    "prévient|rappelle|dénonce|annonce|juge|résume|précise|raconte|confie|insiste|glisse|glissé|interroge|"
    "tranche|tranché|lâche|lâché|ironise|ironisé|renchérit|renchéri|assène|asséné|rétorque|rétorqué|réplique|"
    "répliqué|tonne|tonné|plaide|plaidé|admet|admis|souffle|soufflé|détaille|détaillé|complète|complété|avertit|"
    "s'exclame|s’exclame|s'est exclamé|s’est exclamé|s'insurge|s’insurge|s'agace|s’agace|"
    # Spanish
    "dijo|afirmó|declaró|señaló|aseguró|explicó|añadió|agregó|indicó|manifestó|subrayó|advirtió|sostuvo|"
    "insistió|destacó|apuntó|expresó|respondió|comentó|escribió|anunció|reconoció|denunció|criticó|lamentó|"
    "concluyó|recalcó|precisó|dice|afirma|asegura|explica|añade|señala|advierte|sostiene|"
    "sentenció|remarcó|enfatizó|aseveró|defendió|replicó|zanjó|exclamó|"
    "dicho|afirmado|declarado|señalado|asegurado|explicado|añadido|indicado|subrayado|advertido|anunciado|"
    "denunciado|"
    # German
    "sagte|sagt|erklärte|erklärt|betonte|betont|fügte|meinte|meint|warnte|warnt|kritisierte|forderte|fordert|"
    "schrieb|schreibt|sprach|spricht|teilte|gesagt|sagten|erklärten|ergänzte|betonten|mahnte|räumte|"
    # Italian and Portuguese
    "detto|dichiarato|affermato|aggiunto|spiegato|sottolineato|afferma|dichiara|aggiunge|spiega|"
    "disse|afirmou|declarou|acrescentou|explicou|sublinhou|diz|afirma"
)
_AUX = r"(?:a-t-(?P<pronoun>il|elle|ils|elles)\s+|(?:a|ont|avait|ha|han|había|hat|haben|hatte|è|ha|tem)\s+)?"
_ADVERBS = (r"(?:(?:encore|également|aussi|ensuite|alors|notamment|déjà|enfin|plus tard|también|además|luego|"
            r"después|noch|auch|zudem|dann|weiter|anche|ancora|ainda|também)\s+)*")
# after the closing mark: '", a encore affirmé Marine Le Pen', '", explicó.', '", so Le Pen.'
_AFTER = re.compile(rf"\s*(?:[^,.\"\n]{{1,30}},)?\s*[,.]?\s*(?:{_AUX}{_ADVERBS}(?P<cue>{_VERBS})\b|(?P<so>so)\s+(?=[A-ZÀ-Þ]))"
                    r"(?P<rest>[^.!?\"\n]{0,120})")
# a name: capitalised words, with particles ("de", "von", and the Arabic article: "Ahmed al-Mismari")
_NAME_RUN = re.compile(r"\b[A-ZÀ-Þ][\w'’-]+(?:\s+(?:de\s+|del\s+|von\s+|van\s+|la\s+|le\s+)?"
                       rf"(?:(?:{ARABIC_ARTICLES})-)?[A-ZÀ-Þ][\w'’-]+){{0,3}}")
# before the opening mark: 'Macron dijo que "', 'Marine Le Pen a déclaré : "', 'Le Pen sagte: "'
_BEFORE = re.compile(rf"(?P<name>[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+){{0,3}})\s*(?:,(?P<appos>[^,\"]{{1,80}}),\s*)?"
                     rf"{_AUX}{_ADVERBS}(?P<cue>{_VERBS})\b(?:\s+(?:hinzu|mit))?[^\"]{{0,100}}?"
                     r"(?:\s+(?:que|dass|che)|\s*:)?\s*$")
# words in capitals that begin a sentence but name nobody
_NOT_NAMES = {"C'est", "C’est", "Le", "La", "Les", "El", "Los", "Las", "Der", "Die", "Das", "Il", "Lo", "O", "A", "Un", "Une", "Ein",
              "Eine", "Selon", "Según", "Laut", "Pour", "Para", "Für", "Mais", "Pero", "Aber", "Et", "Y", "Und", "Sur",
              "En", "Dans", "In", "Im", "Am", "Lors", "Durante", "Während", "Ce", "Cette", "Este", "Esta", "Dieser",
              "Diese", "Mercredi", "Jeudi", "Vendredi", "Lundi", "Mardi", "Samedi", "Dimanche"}
# offices, which name a role and not the person holding it
_OFFICES = {"Premier", "Première", "Président", "Présidente", "Presidente", "Presidenta", "Ministre", "Ministro",
            "Ministra", "Minister", "Ministerin", "Kanzler", "Kanzlerin", "Präsident", "Präsidentin", "Gouvernement",
            "Gobierno", "Regierung", "Assemblée", "Asamblea", "Cámara", "Élysée", "Elíseo", "Parlement", "Parlamento"}


def other_language_speaker(text: str, qs: int, qe: int):
    """(speaker as written, kind, cue) for the quote text[qs:qe] (marks included), or None.
    kind is "name", "pronoun" ("a-t-elle ajouté"), or "continued" (a bare verb: '", explicó.'
    is whoever spoke last)."""
    after = _AFTER.match(text, qe)
    if after:
        cue = after.group("cue") or "so"
        inverted = re.match(r"-(?:t-)?(il|elle|ils|elles)\b", after.group("rest"))  # "dit-il", "ajoute-t-elle"
        if after.group("pronoun") or inverted:
            return after.group("pronoun") or inverted.group(1), "pronoun", cue
        name = _name_next(after.group("rest"))
        if name:
            return name, "name", cue
        if not after.group("so") and not after.group("rest").strip(" ,"):
            return None, "continued", cue
    lead = text[max(0, qs - 240):qs]
    before = _BEFORE.search(lead)
    if before:
        # "La presidenta de la Cámara, Yaël Braun-Pivet, dijo": the name in apposition
        name = _first_name(before.group("appos") or "") or _first_name(before.group("name"))
        if name:
            return name, "name", before.group("cue")
    # "Le Pen, líder de Agrupación Nacional, ha defendido su intención …: «…»": a sentence that
    # opens on a name and introduces the quote with a colon
    sentence = re.split(r"(?<=[.!?])\s+", lead)[-1]
    if sentence.rstrip().endswith(":"):
        opening = _NAME_RUN.match(sentence)
        name = _first_name(opening.group(0)) if opening and " " in opening.group(0) else None  # not "Porté par …"
        if name:
            return name, "name", ":"
    return None


def _name_next(rest: str) -> str | None:
    """The name right after a speech verb, past a few words of title ("a déclaré le Premier
    ministre Michel Barnier"); a name further on belongs to something else ("glisse le
    président LFI de la commission des Finances" names no one)."""
    single = None
    for match in _NAME_RUN.finditer(rest):
        words_before = len(rest[:match.start()].split())
        if words_before > 6:
            break
        name = _first_name(match.group(0))
        # right after the verb ("afirmó Ferrán, subrayando …"), or past a title, the full name
        # ("la ministre des Situations d'urgence, Ioulia Tsvarenko")
        if name and (" " in name or words_before == 0):
            return name
        single = single or name
    return single


def _first_name(text: str) -> str | None:
    """The first run of capitalised words that can be a name (not an article or a weekday)."""
    for match in _NAME_RUN.finditer(text):
        written = match.group(0).split()
        words = list(written)
        while words and words[0] in _NOT_NAMES:
            words = words[1:]
        if len(words) == 1 and len(written) == 2:  # "Le Pen", "Le Drian" are names
            words = written
        if any(w in _OFFICES for w in words):  # "Premier ministre", "la Cámara de Diputados"
            continue
        if words and (len(words) >= 2 or len(words[0]) > 3):
            return strip_titles(" ".join(words))
    return None
