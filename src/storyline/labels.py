"""Short headline-like labels for events and storylines.

The best headline among the event's articles (the one sharing most words with the others'
headlines and leads, in the language most of them use), or, where no article has one,
the lead compressed: no dateline, no trailing attribution, cut at a clause boundary.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from storyline.model import Article
from storyline.textutil import content_words

LABEL_WORDS = 16  # a compressed lead stops at a clause boundary within this many words

# " - Reuters", " | BBC News", " – The Guardian": a site's name after the headline, every word
# capitalised (" - France row deepens" is the headline's own)
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+(?:[A-Z0-9][\w.'’&]*)(?:\s+[A-Z0-9][\w.'’&]*){0,3}$")
# "NAYPYIDAW:", "KYIV, Ukraine (AP) —", "(TibetanReview.net, Jan07'25) –"
# "13 September, NEAR DERNA, Libya (Reuters) –": a day may come first
_DATELINE = re.compile(r"^(?:(?:\d{1,2}\s+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?\s+\d{1,2})(?:,?\s+\d{4})?,?\s+(?=[A-Z]{2}))?"
                       r"(?:[A-Z][A-Z .'’-]{2,}(?:,\s*[A-Z][\w .'’-]{1,30}?)?(?:\s*\([^)]{1,40}\))?\s*[:—–-]+\s*"
                       r"|\([^)]{1,60}\)\s*[—–-]+\s*)")
# ", the minister said on Thursday." — who said it is not what happened
_ATTRIBUTION = re.compile(r",\s+[^,]{0,80}?\b(?:said|says|told|announced|reported|according to)\b[^,]*$", re.IGNORECASE)
# where a clause ends: punctuation, or a subordinate clause or a second one begins
_CLAUSE_END = re.compile(r"[,;:]\s|\s[—–-]\s|\s(?=(?:after|before|as|while|when|because|but|which|who|amid|following)\s)")


_PHRASE_START = re.compile(r"\s(?=(?:to|in|on|at|for|with|from|over|against|by|\"|“)(?:\s|\b))")


def label(members: Sequence[Article]) -> str:
    ordered = sorted(members, key=lambda a: (a.published is None, a.published or datetime.min, a.id))
    if not ordered:
        return ""
    langs = Counter(a.lang or "en" for a in ordered)
    main = langs.most_common(1)[0][0]
    titled = [a for a in ordered if a.title and 3 <= len(a.title.split()) <= 30]
    if titled:
        words = Counter(w for a in ordered for w in content_words(f"{a.title or ''} {_lead(a)}"))

        def shared(a: Article) -> float:
            own = content_words(a.title)
            return sum(words[w] - 1 for w in own) / (len(own) ** 0.5 or 1.0)

        best = max(titled, key=lambda a: ((a.lang or "en") == main, shared(a)))  # earliest on a tie
        return _SITE_SUFFIX.sub("", best.title.strip())
    return compress(_lead(ordered[0]))


def strip_dateline(sentence: str) -> str:
    """A sentence without the wire dateline it opens with ("NAYPYIDAW: The toll …")."""
    return _DATELINE.sub("", sentence, count=1) or sentence


def compress(sentence: str) -> str:
    """A lead sentence as a label: no dateline, no trailing attribution, cut at the last
    clause boundary within LABEL_WORDS words (with an ellipsis only where none is found)."""
    text = strip_dateline(sentence.strip())
    text = _ATTRIBUTION.sub("", text).rstrip(" .")
    words = text.split()
    if len(words) <= LABEL_WORDS:
        return text
    head = " ".join(words[:LABEL_WORDS + 1])
    cuts = [m.start() for m in _CLAUSE_END.finditer(head) if len(head[:m.start()].split()) >= 6]
    if not cuts:  # no clause ends early enough: end before a phrase does ("… on Monday | to protest")
        cuts = [m.start() for m in _PHRASE_START.finditer(head) if len(head[:m.start()].split()) >= 10]
    return head[:cuts[-1]].rstrip(" ,") if cuts else " ".join(words[:LABEL_WORDS]) + "…"


def _lead(article: Article) -> str:
    first = article.body.strip().split("\n", 1)[0]
    return re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", first)[0]
