"""An event or a storyline into a Brief: cited summary, facts, discrepancies,
quotes, timeline and a coverage table.

Extractive on purpose: every sentence shown is a source sentence, and every
one carries [n] citations to the articles that support it. Nothing appears
that the sources do not say.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from storyline import align
from storyline.model import (
    Analysis, Article, Brief, Citation, Event, Fact, Source, Storyline, SummarySentence, TimelineEntry,
)
from storyline.textutil import words

VERSION = "storyline.brief.extractive.v1"
SUMMARY_SENTENCES = 5
SUMMARY_WORDS = 140
REDUNDANT = 0.45  # a candidate this similar to a chosen sentence adds nothing
LEAD_SENTENCES = 3


class Sources:
    """Numbers articles [1], [2] … in the order a brief lists them."""

    def __init__(self, articles: Sequence[Article]):
        ordered = sorted(articles, key=lambda a: (a.published is None, a.published or datetime.min, a.outlet_name, a.id))
        self.number = {a.id: i + 1 for i, a in enumerate(ordered)}
        self.list = [
            Source(i + 1, a.id, a.outlet_name, a.title, a.published.date().isoformat() if a.published else None, a.source)
            for i, a in enumerate(ordered)
        ]

    def cite(self, article: Article, start: int, end: int, text: str) -> Citation:
        return Citation(self.number[article.id], article.id, article.outlet_name, start, end, text)


def brief_event(event: Event, articles: Sequence[Article], analyses: Sequence[Analysis],
                sources: Sources | None = None) -> Brief:
    sources = sources or Sources(articles)
    by_id = {a.id: a for a in articles}
    pool = align.sentence_pool(articles, analyses)
    sims = align.similarity(pool)
    facts, unique, centrality = align.facts_and_unique(pool, sims, sources.cite)
    quantities = [(q, by_id[an.article_id]) for an in analyses for q in an.quantities]
    quotes = [(q, by_id[an.article_id]) for an in analyses for q in an.quotes]
    outlets = sorted({a.outlet_name for a in articles})
    notes = []
    if len(outlets) == 1:
        notes.append(f"single source: only {outlets[0]} reports this event")
    undated = [a for a in articles if a.published is None]
    if undated:
        notes.append(f"{len(undated)} article(s) without a publication date; their relative dates are not resolved")
    return Brief(
        kind="event", id=event.id, label=event.label,
        first_seen=_iso(event.first_seen), last_seen=_iso(event.last_seen),
        summary=_summary(pool, sims, facts, centrality, articles, analyses, sources),
        facts=facts, unique=unique[:10],
        discrepancies=align.discrepancies(quantities, sources.cite),
        quotes=align.quote_groups(quotes, sources.cite),
        timeline=timeline(articles, analyses, sources),
        sources=[s for s in sources.list if s.article_id in by_id],
        coverage=[{"fact": i, "outlets": {o: o in f.outlets for o in outlets}} for i, f in enumerate(facts)],
        notes=notes, version=VERSION,
    )


def brief_storyline(storyline: Storyline, events: Sequence[Event], articles: Sequence[Article],
                    analyses: Sequence[Analysis]) -> Brief:
    sources = Sources(articles)
    by_article = {a.id: a for a in articles}
    analysis_of = {an.article_id: an for an in analyses}
    event_briefs = []
    for event in events:
        arts = [by_article[i] for i in event.article_ids if i in by_article]
        event_briefs.append(brief_event(event, arts, [analysis_of[a.id] for a in arts], sources))
    summary = [s for b in event_briefs for s in b.summary[:2]]
    seen: set[tuple[str, str]] = set()
    merged_timeline = []
    for entry in sorted((t for b in event_briefs for t in b.timeline), key=lambda t: (t.sort_key, t.date)):
        key = (entry.date, entry.text)
        if key not in seen:
            seen.add(key)
            merged_timeline.append(entry)
    return Brief(
        kind="storyline", id=storyline.id, label=storyline.label,
        first_seen=event_briefs[0].first_seen if event_briefs else None,
        last_seen=max((b.last_seen for b in event_briefs if b.last_seen), default=None),
        summary=summary,
        facts=[f for b in event_briefs for f in b.facts],
        unique=[], discrepancies=[d for b in event_briefs for d in b.discrepancies],
        quotes=[q for b in event_briefs for q in b.quotes],
        timeline=merged_timeline, sources=sources.list, coverage=[], events=event_briefs,
        notes=[n for b in event_briefs for n in b.notes], version=VERSION,
    )


def _summary(pool, sims, facts: list[Fact], centrality, articles, analyses, sources: Sources) -> list[SummarySentence]:
    """Agreed facts first (most outlets), then the leads of the articles; no repeats."""
    index = {(p.article.id, p.sentence.start): i for i, p in enumerate(pool)}
    candidates: list[tuple[str, list[Citation], int | None]] = []
    for fact in facts:
        first = fact.citations[0]
        candidates.append((fact.text, fact.citations, index.get((first.article_id, first.start))))
    by_id = {a.id: a for a in articles}
    leads = []
    for an in analyses:
        for s in an.sentences[:LEAD_SENTENCES]:
            if len(words(s.text)) >= align.MIN_FACT_WORDS:
                leads.append((s.index, -centrality[index[(an.article_id, s.start)]] if (an.article_id, s.start) in index else 0, s, by_id[an.article_id]))
    leads.sort(key=lambda x: (x[0], x[1], sources.number[x[3].id]))
    for _, _, s, article in leads:
        candidates.append((s.text, [sources.cite(article, s.start, s.end, s.text)], index.get((article.id, s.start))))
    chosen: list[SummarySentence] = []
    chosen_rows: list[int] = []
    total = 0
    for text, citations, row in candidates:
        if len(chosen) >= SUMMARY_SENTENCES or total >= SUMMARY_WORDS:
            break
        if row is not None and any(sims[row, r] >= REDUNDANT for r in chosen_rows):
            continue
        if any(c.text == text for s in chosen for c in s.citations):
            continue
        chosen.append(SummarySentence(text, sorted(citations, key=lambda c: c.n)))
        total += len(words(text))
        if row is not None:
            chosen_rows.append(row)
    return chosen


def timeline(articles: Sequence[Article], analyses: Sequence[Analysis], sources: Sources) -> list[TimelineEntry]:
    """Resolved dates, each with the sentences that give it; vague spans ('this year') left out."""
    by_id = {a.id: a for a in articles}
    entries: dict[str, TimelineEntry] = {}
    for an in analyses:
        article = by_id[an.article_id]
        sentences = {s.index: s for s in an.sentences}
        for d in an.dates:
            if d.granularity == "year" and d.text.lower().split()[0] in ("this", "last", "next", "past"):
                continue
            sentence = sentences.get(d.sentence)
            if sentence is None:
                continue
            key = d.display
            citation = sources.cite(article, sentence.start, sentence.end, sentence.text)
            if key not in entries:
                entries[key] = TimelineEntry(key, d.start_date, sentence.text, d.text, [citation])
            elif all(c.article_id != article.id for c in entries[key].citations):
                entries[key].citations.append(citation)
    return sorted(entries.values(), key=lambda e: (e.sort_key, e.date))


def _iso(value) -> str | None:
    return value.date().isoformat() if value else None
