"""One statement, two days or two times: outlets that tell the same thing and date it differently
("Mayor Parker said Wednesday night …" / "Mayor Parker said Friday night …"; "at 8:47 p.m." / "at 8:53 p.m.")."""

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
    day = [next(iter(d)) if len(d) == 1 else None for d in days]

    def said(k: int) -> str:
        return surface.get((pool[k].article.id, pool[k].sentence.index, day[k]), "")

    found = []
    for pair in _one_statement(pool, sims, day, lambda i, j: day[i] != day[j] and not _loose(said(i), said(j)), options):
        values = []
        for k in sorted(pair, key=lambda k: day[k]):
            p, words = pool[k], said(k)
            values.append(DiscrepancyValue(f"{day[k].isoformat()} ({words})" if words else day[k].isoformat(), None, False,
                                           [cite(p.article, p.sentence.start, p.sentence.end, p.sentence.text)]))
        found.append(Discrepancy(slot=f"when: {first_words(pool[pair[0]].sentence.text, 12)}", values=values, about="date",
                                 note="outlets tell this in near the same words and date it differently"))
    return found


def time_discrepancies(pool: Sequence[SentenceRef], sims: np.ndarray, cite: Cite,
                       options: AlignOptions = OPTIONS) -> list[Discrepancy]:
    """The same for the time of day: "at 8:47 p.m." against "at 8:53 p.m." in one statement.
    A rough time ("shortly before 9 p.m.") disputes only a time more than a quarter hour off;
    two clocks in different zones, or a whole number of hours apart where one names no zone,
    are the same moment told in two zones, not a dispute."""
    times = [_clock(p.sentence.text) for p in pool]

    def differ(i: int, j: int) -> bool:
        (a, rough_a, zone_a, _), (b, rough_b, zone_b, _) = times[i], times[j]
        gap = abs(a - b)
        if zone_a != zone_b and (zone_a and zone_b or gap % 60 == 0):
            return False
        return gap > (15 if rough_a or rough_b else 0)

    found = []
    for pair in _one_statement(pool, sims, times, differ, options):
        values = []
        for k in sorted(pair, key=lambda k: times[k][0]):
            p = pool[k]
            values.append(DiscrepancyValue(times[k][3], None, times[k][1],
                                           [cite(p.article, p.sentence.start, p.sentence.end, p.sentence.text)]))
        found.append(Discrepancy(slot=f"at what time: {first_words(pool[pair[0]].sentence.text, 12)}", values=values,
                                 about="date", note="outlets tell this in near the same words and give another time"))
    return found


def _one_statement(pool: Sequence[SentenceRef], sims: np.ndarray, value: Sequence, differ,
                   options: AlignOptions) -> list[tuple[int, int]]:
    """Pairs of sentences from different outlets that state one thing (similarity at or over
    `date_conflict_similarity`), each giving one value, where `differ` says the values
    dispute each other; the closest pairs first, each sentence in one pair at most."""
    held = [i for i in range(len(pool)) if value[i] is not None]
    pairs = [(i, j) for n, i in enumerate(held) for j in held[n + 1:]
             if pool[i].outlet != pool[j].outlet and sims[i, j] >= options.date_conflict_similarity and differ(i, j)]
    chosen, used = [], set()
    for i, j in sorted(pairs, key=lambda ij: -sims[ij]):
        if i not in used and j not in used:
            used.update((i, j))
            chosen.append((i, j))
    return chosen


# "8:47 p.m.", "20:47 GMT", "20h47", "9 pm", "around 9 a.m. local time"
_TIME = re.compile(
    r"(?P<rough>\b(?:about|around|approximately|roughly|nearly|shortly\s+(?:before|after)|just\s+(?:before|after)|"
    r"vers|environ)\s+)?\b(?P<h>[012]?\d)(?:[:h](?P<m>[0-5]\d)|\.(?P<m2>[0-5]\d)(?=\s*[ap]\.?m))?\s*"
    r"(?P<ampm>[ap]\.?\s?m\b\.?)?\s*(?P<zone>(?-i:\b(?:[ECMP][SD]?T|GMT|UTC)\b)|\blocal time\b)?", re.IGNORECASE)


def _clock(text: str) -> tuple[int, bool, str, str] | None:
    """The one time of day a sentence gives, as (minutes after midnight, rough, zone, words);
    None where it gives none or several."""
    found = []
    for m in _TIME.finditer(text):
        minutes = m.group("m") or m.group("m2")
        if not (minutes or m.group("ampm")) or (minutes and ":" not in m.group(0) and "h" not in m.group(0).lower()
                                               and not m.group("ampm")):
            continue  # a bare number, or "7.7"
        hour = int(m.group("h"))
        if hour > 23 or (m.group("ampm") and not 1 <= hour <= 12):
            continue
        if m.group("ampm"):
            hour = hour % 12 + (12 if m.group("ampm").lower().startswith("p") else 0)
        zone = (m.group("zone") or "").upper().replace("LOCAL TIME", "")
        zone = {"EST": "ET", "EDT": "ET", "CST": "CT", "CDT": "CT", "PST": "PT", "PDT": "PT", "UTC": "GMT"}.get(zone, zone)
        found.append((hour * 60 + int(minutes or 0), bool(m.group("rough")), zone, m.group(0).strip()))
    return found[0] if len(found) == 1 else None


_ROUGH = re.compile(r"\b(ago|about|around|some|nearly|earlier|recently|weeks?|months?|years?)\b", re.IGNORECASE)
_ONE = re.compile(r"\b(a|an|one)\b", re.IGNORECASE)


def _loose(a: str, b: str) -> bool:
    """Two datings that differ only by when each article came out: the same words ("a week
    ago", "one week ago") or a rough span counted back from the publication day."""
    same = _ONE.sub("1", a.lower()).strip() == _ONE.sub("1", b.lower()).strip()
    return same or bool(_ROUGH.search(a)) or bool(_ROUGH.search(b))
