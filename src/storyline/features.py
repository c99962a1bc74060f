"""Cheap clustering features of one article, independent of every other article.

Words and capitalised names weighted by how rare they are in the article's
language (wordfreq's general word frequencies stand in for IDF). A fixed
weighting needs no refit when articles arrive, so an article's vector is
computed once and stored, and a pile of twenty articles about one earthquake
still weighs "earthquake" as the rare word it is (a batch IDF would call it
common there).
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from functools import lru_cache

import numpy as np

from storyline.textutil import names

VERSION = "storyline.features.wordfreq.v2"

_TOKEN = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_WORDFREQ_LANGS = frozenset("ar bg bn ca cs da de el en es fa fi fil fr he hi hu id it ja ko lt lv mk ms nb nl pl pt "
                            "ro ru sh sk sl sr sv ta tr uk ur vi zh".split())
# The languages an article can be labelled with, as py3langid names them.
LANGUAGES = frozenset(_WORDFREQ_LANGS - {"fil", "sh", "nb"} | {"no"})
# Languages whose words wordfreq only case-folds, so its table can be read directly.
_DIRECT = frozenset("ca cs da de en es fi fr hu id it lt lv ms nb nl pl pt ro sk sl sv".split())
# A word as common as a 1-in-500-words word is in nearly every article: weight 0.
_COMMON_ZIPF = 6.3
_UNKNOWN_ZIPF = 1.0  # words wordfreq never saw (names, typos) weigh as a very rare word


def language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid, about 0.1 ms a call), among the
    languages wordfreq weighs: junk text no longer comes out as a language we cannot use.
    py3langid over lingua: as accurate on real news, 12-35x faster (benchmarks/bench_langid.py)."""
    sample = text[:400]  # a title and a lead tell the language; longer samples cost time, not accuracy
    if not sample.strip():
        return "en"
    return _identifier().classify(sample)[0]


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(sorted(LANGUAGES))
    return identifier


def warm_up(langs: tuple[str, ...] = ("en",)) -> None:
    """Load the language identifier and frequency tables now (before forking workers)."""
    _identifier()
    for lang in langs:
        _frequencies(lang)


@lru_cache(maxsize=500_000)
def weight(token: str, lang: str) -> float:
    """An IDF-like weight from the token's frequency in the language: ln(1/P(article holds it))."""
    lang = {"no": "nb"}.get(lang, lang)  # py3langid's Norwegian is wordfreq's Bokmål
    lang = lang if lang in _WORDFREQ_LANGS else "en"
    if lang in _DIRECT and token.isalpha():  # a plain word: wordfreq's table (zipf_frequency re-tokenises, 30x slower)
        freq = _frequencies(lang).get(token.casefold(), 0.0)  # as wordfreq folds it ("ß" -> "ss")
        zipf = round(math.log10(freq * 1e9), 2) if freq else 0.0
    else:
        from wordfreq import zipf_frequency

        zipf = zipf_frequency(token, lang)
    return max(0.0, (_COMMON_ZIPF - (zipf or _UNKNOWN_ZIPF)) * math.log(10))


@lru_cache(maxsize=8)
def _frequencies(lang: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict(lang)


def vector(title: str | None, body: str, lang: str, body_chars: int = 4000,
           name_share: float = 0.35, max_terms: int = 400, lead_chars: int = 0) -> dict[str, float]:
    """An L2-normalised sparse vector: words (sublinear tf x rarity) and, in their own
    space ("n:" prefix), capitalised names, holding `name_share` of the squared norm."""
    lead = body[:lead_chars]
    text = f"{title or ''}. {title or ''}. {lead}. {body[:body_chars]}"
    counts = Counter(t.lower() for t in _TOKEN.findall(text))
    words = {t: (1 + math.log(c)) * weight(t, lang) for t, c in counts.items()}
    name_counts = Counter(names(text, key_only=False))
    found = {f"n:{n}": (1 + math.log(c)) * weight(n, lang) for n, c in name_counts.items()}
    out: dict[str, float] = {}
    for part, share in ((words, 1 - name_share), (found, name_share)):
        norm = math.sqrt(sum(v * v for v in part.values()))
        if norm:
            scale = math.sqrt(share) / norm
            out.update((k, v * scale) for k, v in part.items() if v > 0)
    if len(out) > max_terms:  # the heaviest terms carry the event; the tail is noise and storage
        out = dict(sorted(out.items(), key=lambda kv: -kv[1])[:max_terms])
    norm = math.sqrt(sum(v * v for v in out.values()))
    return {k: v / norm for k, v in out.items()} if norm else out


Sparse = tuple[np.ndarray, np.ndarray]  # (term hashes int64, weights float32), hashes ascending


def hashed(terms: dict[str, float]) -> Sparse:
    """The vector keyed by a stable 32-bit hash of each term (CRC-32; colliding terms add up),
    so stored vectors are small arrays that need no vocabulary to be compared."""
    keys = np.fromiter((zlib.crc32(t.encode("utf-8")) for t in terms), dtype=np.int64, count=len(terms))
    values = np.fromiter(terms.values(), dtype=np.float32, count=len(terms))
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    unique, start = np.unique(keys, return_index=True)
    return unique, np.add.reduceat(values, start) if len(keys) else values


def pack(vec: Sparse) -> bytes:
    keys, values = vec
    return len(keys).to_bytes(4, "little") + keys.astype("<u4").tobytes() + values.astype("<f4").tobytes()


def unpack(data: bytes) -> Sparse:
    n = int.from_bytes(data[:4], "little")
    keys = np.frombuffer(data, dtype="<u4", count=n, offset=4).astype(np.int64)
    values = np.frombuffer(data, dtype="<f4", count=n, offset=4 + 4 * n).astype(np.float32)
    return keys, values
