"""A story's dated statements: one entry per statement and date, each sentence once,
the dates kept and the statements under each (datewise.py), background apart.

Dates come from the analysis (analyze/dates.py: resolved against each article's
publication day); statements are the analysed sentences that name them, backed by the
sentences of other outlets that state the same (the citation contract, align/support.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from storyline import align, datewise
from storyline.labels import strip_dateline
from storyline.model import Analysis, Article, DateRef, Sentence, TimelineEntry
from storyline.textutil import not_news, overlap, stems

if TYPE_CHECKING:
    from storyline.brief import Sources

REPEATED = 0.6  # word-stem overlap at which an article's second sentence on a date repeats its first
PER_DATE = 3  # timeline statements kept under one date, the best supported first (`--sentences-per-date`)


def timeline(articles: Sequence[Article], analyses: Sequence[Analysis], sources: Sources,
             options: align.AlignOptions = align.OPTIONS) -> list[TimelineEntry]:
    """Resolved dates ('this year' and other vague spans left out). Under each date, one
    entry per statement: the sentence most others state, citing only the sentences that
    state it (the citation contract); another statement on that day is an entry of its own."""
    by_id = {a.id: a for a in articles}
    named: dict[str, list[tuple[DateRef, Article, Sentence]]] = {}
    for an in analyses:
        article = by_id[an.article_id]
        sentences = {s.index: s for s in an.sentences}
        for d in an.dates:
            if d.granularity == "year" and d.text.lower().split()[0] in ("this", "last", "next", "past"):
                continue
            sentence = sentences.get(d.sentence)
            if sentence is None or sentence.text.rstrip().endswith(":") or not_news(sentence.text):
                continue  # a lead-in to a quote tells nothing itself; a question or a caption dates no news
            if d.span.start - sentence.start < len(sentence.text) - len(strip_dateline(sentence.text)):
                continue  # "13 September, NEAR DERNA (Reuters) –": the wire's dateline stamps the copy
            same_day = named.setdefault(d.display, [])
            if not any(a.id == article.id and overlap(stems(s.text), stems(sentence.text)) >= REPEATED
                       for _, a, s in same_day):
                same_day.append((d, article, sentence))  # once per article: not its repeated paragraph
    _one_date_each(named)
    pairs = [(a[2].text, b[2].text) for group in named.values() for a in group for b in group
             if a[1].id != b[1].id]
    states = dict(zip(pairs, align.verdicts(pairs, options)))
    entries = []
    for key, group in named.items():
        backed = {i: [j for j, b in enumerate(group) if b[1].id != a[1].id and states[(a[2].text, b[2].text)] is None]
                  for i, a in enumerate(group)}
        left = set(range(len(group)))
        while left:
            i = max(sorted(left), key=lambda i: (len(set(backed[i]) & left), -sources.number[group[i][1].id]))
            d, article, sentence = group[i]
            cited = {article.id}
            citations = [sources.cite(article, sentence.start, sentence.end, sentence.text)]
            for j in backed[i]:
                other = group[j]
                if j in left and other[1].id not in cited:
                    cited.add(other[1].id)
                    citations.append(sources.cite(other[1], other[2].start, other[2].end, other[2].text))
            left -= {i} | {j for j in backed[i] if group[j][1].id in cited}
            entries.append((_aside(d, sentence), TimelineEntry(key, d.start_date, strip_dateline(sentence.text), d.text,
                                                                sorted(citations, key=lambda c: c.n))))
    # under one date, the best supported first; at equal support, a sentence its date dates ("the cabinet on
    # Thursday approved") before one it only says when it was said ("police said on Thursday")
    return [e for _, e in sorted(entries, key=lambda ae: (ae[1].sort_key, ae[1].date, -len(ae[1].citations), ae[0]))]


_SAID_ON = re.compile(r"\b(?:said|says|told(?: \w+){1,2}|announced|stated|added|declared|confirmed|reported|wrote)"
                      r"\s+(?:on\s+|late\s+|early\s+)?$", re.I)


def _aside(d: DateRef, sentence: Sentence) -> bool:
    """The date says only when something was said ("said on Thursday"), or names an earlier
    happening ("after Monday's leak"): it does not date what the sentence tells."""
    at, end = max(0, d.span.start - sentence.start), max(0, d.span.end - sentence.start)
    return bool(_SAID_ON.search(sentence.text[:at])) or sentence.text[end:end + 2] in ("'s", "’s")


def _one_date_each(named: dict[str, list[tuple[DateRef, Article, Sentence]]]) -> None:
    """A sentence naming two dates of the story ("said on Friday, after Macron announced on
    Thursday", "burst its banks on Wednesday night, the ministry said on Thursday") is listed
    once: under the shortest span (a day before "earlier this week", that before "until
    2027"), then under a date that is not only when it was said ("said on Thursday", "told
    reporters on Thursday") nor a name for an earlier happening ("after Monday's leak"), then
    the date more articles name, then the later date (what came before it is usually the
    antecedent). Its date in the background ("a coup in August 2020") is kept apart: the
    background is another list."""
    articles = {key: len({a.id for _, a, _ in group}) for key, group in named.items()}
    homes: dict[tuple, tuple] = {}  # (article, sentence, of the story) -> (rank, date)
    spots = {}
    for key, group in named.items():
        for d, article, sentence in group:
            recent = article.published is None or d.end_date >= article.published.date() - timedelta(days=BACKGROUND_DAYS)
            spot = spots[(key, article.id, sentence.index)] = (article.id, sentence.index, recent)
            rank = (-(d.end_date - d.start_date).days, not _aside(d, sentence), articles[key], d.start_date, key)
            if spot not in homes or rank > homes[spot][0]:
                homes[spot] = (rank, key)
    for key, group in named.items():
        group[:] = [(d, a, s) for d, a, s in group if homes[spots[(key, a.id, s.index)]][1] == key]


def chosen_dates(entries: list[TimelineEntry], dates: int | None, per_date: int) -> list[TimelineEntry]:
    """The `dates` dates the most articles name (all when None; a day before a span when as
    many name both) in date order, and under each its `per_date` best supported statements;
    among equally supported ones, those that together stay nearest the centroid of the
    date's statements (datewise.py: the datewise timeline of Ghalandari & Ifrim 2020)."""
    by_date: dict[str, list[TimelineEntry]] = {}
    for entry in entries:
        by_date.setdefault(entry.date, []).append(entry)
    named = {d: (len({c.article_id for e in group for c in e.citations}), "/" not in d) for d, group in by_date.items()}
    keep = set(datewise.top_dates(named, dates))
    chosen = []
    for d, group in by_date.items():
        if d not in keep:
            continue
        group = sorted(group, key=lambda e: -len(e.citations))
        if len(group) > per_date:
            edge = len(group[per_date - 1].citations)
            sure = [e for e in group if len(e.citations) > edge]
            tied = [e for e in group if len(e.citations) == edge]
            group = sure + [tied[i] for i in sorted(datewise.centroid_opt([e.text for e in tied], per_date - len(sure)))]
        chosen += group
    return sorted(chosen, key=lambda e: (e.sort_key, e.date, -len(e.citations)))


def merged(entries) -> list[TimelineEntry]:
    """Entries of several event briefs in date order, each sentence once (the best supported)."""
    best: dict[str, TimelineEntry] = {}
    for entry in entries:
        if entry.text not in best or len(entry.citations) > len(best[entry.text].citations):
            best[entry.text] = entry
    return sorted(best.values(), key=lambda t: (t.sort_key, t.date, -len(t.citations)))


BACKGROUND_DAYS = 30  # an entry ending this long before the first report is background, not the story


def split_background(entries: list[TimelineEntry], articles: Sequence[Article]) -> tuple[list, list]:
    """(the story's dated entries, background): an entry whose date or span ends more than
    BACKGROUND_DAYS before the first article came out ("in 2014", "since a coup in 2020")
    tells how the story came about, not what happened in it; a whole year that does not
    end before it ("of 2022") dates nothing and is left out. Undated articles: all story."""
    published = [a.published.date() for a in articles if a.published]
    if not published:
        return entries, []
    start = min(published) - timedelta(days=BACKGROUND_DAYS)
    story, background = [], []
    for entry in entries:
        if _entry_end(entry) < start:
            background.append(entry)
        elif (_entry_end(entry) - entry.sort_key).days < 360:  # "of 2022", the story's whole year, dates nothing
            story.append(entry)
    return story, background


def _entry_end(entry: TimelineEntry) -> date:
    """The last day an entry's date covers: its own day, or a span's end ("2014-01-01/2014-12-31")."""
    last = entry.date.split("/")[-1]
    try:
        return date.fromisoformat(last)
    except ValueError:
        return entry.sort_key
