"""One statement, two days: outlets that tell the same thing and date it differently
("Mayor Parker said Wednesday night …" / "Mayor Parker said Friday night …")."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from storyline.align.options import OPTIONS, AlignOptions
from storyline.align.pool import Cite, SentenceRef
from storyline.model import Analysis, Discrepancy, DiscrepancyValue
from storyline.textutil import first_words


def date_discrepancies(pool: Sequence[SentenceRef], sims: np.ndarray, analyses: Sequence[Analysis], cite: Cite,
                       options: AlignOptions = OPTIONS) -> list[Discrepancy]:
    """Sentences of different outlets close enough to state one thing (well above the fact
    threshold: most words shared), each naming one day, and the days differ."""
    surface = {(d.span.article_id, d.sentence, d.start_date): d.text for an in analyses for d in an.dates
               if d.granularity == "day"}
    days = [{a[1] for a in p.anchors if a[0] == "date"} for p in pool]
    dated = [i for i in range(len(pool)) if len(days[i]) == 1]

    def said(k: int) -> str:
        return surface.get((pool[k].article.id, pool[k].sentence.index, next(iter(days[k]))), "")

    pairs = [(i, j) for n, i in enumerate(dated) for j in dated[n + 1:]
             if days[i] != days[j] and pool[i].outlet != pool[j].outlet and sims[i, j] >= options.date_conflict_similarity
             and not _loose(said(i), said(j))]
    found, used = [], set()
    for i, j in sorted(pairs, key=lambda ij: -sims[ij]):
        if i in used or j in used:
            continue
        used.update((i, j))
        values = []
        for k in sorted((i, j), key=lambda k: next(iter(days[k]))):
            p, day, words = pool[k], next(iter(days[k])), said(k)
            values.append(DiscrepancyValue(f"{day.isoformat()} ({words})" if words else day.isoformat(), None, False,
                                           [cite(p.article, p.sentence.start, p.sentence.end, p.sentence.text)]))
        found.append(Discrepancy(slot=f"when: {first_words(pool[i].sentence.text, 12)}", values=values, about="date",
                                 note="outlets tell this in near the same words and date it differently"))
    return found


_ROUGH = re.compile(r"\b(ago|about|around|some|nearly|earlier|recently|weeks?|months?|years?)\b", re.IGNORECASE)
_ONE = re.compile(r"\b(a|an|one)\b", re.IGNORECASE)


def _loose(a: str, b: str) -> bool:
    """Two datings that differ only by when each article came out: the same words ("a week
    ago", "one week ago") or a rough span counted back from the publication day."""
    same = _ONE.sub("1", a.lower()).strip() == _ONE.sub("1", b.lower()).strip()
    return same or bool(_ROUGH.search(a)) or bool(_ROUGH.search(b))
