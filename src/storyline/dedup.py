"""Near-duplicate articles: the same wire copy run by several outlets.

MinHash over word 5-shingles with LSH (datasketch), so finding copies stays
cheap on large archives; candidate pairs are then checked on their estimated
Jaccard similarity. A brief names such copies, since two outlets running one
agency story are one source, not two.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from datasketch import MinHash, MinHashLSH

from storyline.model import Article
from storyline.textutil import words
from storyline.workers import spread

VERSION = "storyline.dedup.minhash.v1"
THRESHOLD = 0.7  # estimated Jaccard of word 5-shingles for two articles to be copies
NUM_PERM = 128
SEED = 1  # fixed: the same input always gives the same groups
SHINGLE = 5
PARALLEL_FROM = 500  # articles before signatures are worth worker processes (always, on a Dask cluster)


def signature(text: str) -> MinHash:
    tokens = [w.lower() for w in words(text)]
    shingles = {" ".join(tokens[i: i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))}
    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m


def _signatures(texts: list[str]) -> list[MinHash]:
    """Signatures of some texts: a worker's share of a large set (seeded, so the same anywhere)."""
    return [signature(t) for t in texts]


@lru_cache(maxsize=8)
def _bands(threshold: float) -> tuple[int, int]:
    """LSH bands and rows for the threshold; datasketch finds them by numerical
    integration, which costs more than the whole lookup for a small event: do it once."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def copy_groups(articles: Sequence[Article], threshold: float = THRESHOLD) -> list[list[str]]:
    """Groups (two or more article ids, in input order) whose texts are near-identical."""
    if len(articles) < 2:
        return []
    lsh = MinHashLSH(num_perm=NUM_PERM, params=_bands(threshold))
    sigs = dict(zip((a.id for a in articles),
                    spread(_signatures, [a.body for a in articles], parallel_from=PARALLEL_FROM)))
    for a in articles:
        lsh.insert(a.id, sigs[a.id])
    parent = {a.id: a.id for a in articles}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a in articles:
        for other in lsh.query(sigs[a.id]):
            if other != a.id and sigs[a.id].jaccard(sigs[other]) >= threshold:
                parent[root(other)] = root(a.id)
    groups: dict[str, list[str]] = {}
    for a in articles:
        groups.setdefault(root(a.id), []).append(a.id)
    return [g for g in groups.values() if len(g) > 1]
