"""An event or a storyline into a Brief: cited summary, facts, discrepancies,
quotes, timeline and a coverage table.

Extractive on purpose: every sentence shown is a source sentence, and every
one carries [n] citations to the articles that support it. Nothing appears
that the sources do not say.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from storyline import align, datewise
from storyline.dedup import copy_groups
from storyline.model import (
    Analysis, Article, Brief, Citation, DateRef, Event, Fact, OutletStance, Sentence, Source, Storyline,
    SummarySentence, TimelineEntry,
)
from storyline.labels import strip_dateline
from storyline.textutil import overlap, starts_with_pronoun, stems, words

VERSION = "storyline.brief.extractive.v1"
SUMMARY_WORDS = 150  # a brief's summary, in words (evaluations ask for 300: `brief_event(words=300)`)
REDUNDANT = 0.45  # a candidate this similar to a chosen sentence adds nothing
REPEATED = 0.6  # word-stem overlap at which an article's second sentence on a date repeats its first
PER_DATE = 3  # timeline statements kept under one date, the best supported first (`--sentences-per-date`)


class Sources:
    """Numbers articles [1], [2] … in the order a brief lists them."""

    def __init__(self, articles: Sequence[Article]):
        ordered = sorted(articles, key=lambda a: (a.published is None, a.published or datetime.min, a.outlet_name, a.id))
        self.number = {a.id: i + 1 for i, a in enumerate(ordered)}
        self.list = [
            Source(i + 1, a.id, a.outlet_name, a.title, a.published.date().isoformat() if a.published else None,
                   a.source, a.lang)
            for i, a in enumerate(ordered)
        ]

    def cite(self, article: Article, start: int, end: int, text: str) -> Citation:
        return Citation(self.number[article.id], article.id, article.outlet_name, start, end, text)


def version(options: align.AlignOptions) -> str:
    """The brief stage and every alignment threshold: a brief says how it was made."""
    return f"{VERSION}+{options.version}"


def languages(sources: Sequence[Source]) -> dict[str, int]:
    """Articles per language, most first: a reader sees which languages the brief covered."""
    counts = Counter(s.lang or "unknown" for s in sources)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def brief_event(event: Event, articles: Sequence[Article], analyses: Sequence[Analysis],
                sources: Sources | None = None, options: align.AlignOptions = align.OPTIONS,
                words: int = SUMMARY_WORDS, dates: int | None = None, per_date: int = PER_DATE) -> Brief:
    """`words`: the summary's budget; `dates`, `per_date`: the timeline's size (None: every date)."""
    sources = sources or Sources(articles)
    by_id = {a.id: a for a in articles}
    pool = align.sentence_pool(articles, analyses, options)
    sims = align.similarity(pool, options)
    facts, unique, centrality = align.facts_and_unique(pool, sims, sources.cite, options)
    quantities = [(q, by_id[an.article_id]) for an in analyses for q in an.quantities]
    home = align.home_place(analyses)
    facts = align.agreed_figures(quantities, pool, facts, sources.cite, options, home)
    facts = align.supported(facts, pool, sims, sources.cite, options)  # support counts only what states the fact
    quotes = [(q, by_id[an.article_id]) for an in analyses for q in an.quotes]
    outlets = sorted({a.outlet_name for a in articles})
    notes = []
    if len(outlets) == 1:
        notes.append(f"single source: only {outlets[0]} reports this event")
    copies = copy_groups(articles)
    _count_independent(facts, copies)
    for group in copies:
        refs = "".join(f"[{sources.number[i]}]" for i in sorted(group, key=lambda i: sources.number[i]))
        notes.append(f"near-identical copies (one wire story, not independent sources): {refs}")
    undated = [a for a in articles if a.published is None]
    event_sources = [s for s in sources.list if s.article_id in by_id]
    if undated:
        notes.append(_undated_note(len(undated)))
    summary = _summary(pool, sims, facts, centrality, articles, analyses, sources, words)
    align.enforce(summary, options)
    claim, stances = _stances(summary, articles, event.id, sources, options)
    quote_groups = align.quote_groups(quotes, sources.cite, align.event_people(articles, analyses), options)
    story_days, background = split_background(timeline(articles, analyses, sources, options), articles)
    story_days = chosen_dates(story_days, dates, per_date)
    return Brief(
        kind="event", id=event.id, label=event.label,
        first_seen=_iso(event.first_seen), last_seen=_iso(event.last_seen),
        summary=summary,
        facts=facts, unique=unique[:10],
        discrepancies=(align.discrepancies(_of_the_story(quantities, analyses), sources.cite, options, home)
                       + align.attributions(quote_groups, options)
                       + align.date_discrepancies(pool, sims, analyses, sources.cite, options)
                       + align.time_discrepancies(pool, sims, sources.cite, options)
                       + align.setting_discrepancies(quote_groups, articles, analyses, sources.cite)
                       + align.spelling_discrepancies(articles, analyses, sources.cite)),
        quotes=quote_groups,
        timeline=story_days, background=background,
        sources=event_sources,
        coverage=[{"fact": i, "outlets": {o: o in f.outlets for o in outlets}} for i, f in enumerate(facts)],
        gaps=_gaps(facts, outlets),
        notes=notes, version=version(options), languages=languages(event_sources), claim=claim, stances=stances,
    )


def _of_the_story(quantities, analyses: Sequence[Analysis]):
    """A figure in a sentence dated only to an earlier year ("its last deadly earthquake, in
    1971, killed 37 people") is background: it neither disputes nor updates this story's
    counts. A sentence that also names a day of the story ("the wing, built in 1978, fell in
    the March 3 quake, which killed 164") is the story's."""
    published = {a.id: a.published for _, a in quantities}
    past, now = set(), set()
    for an in analyses:
        day = published.get(an.article_id)
        for d in an.dates:
            if day is not None:
                (past if d.end_date.year < day.year else now).add((an.article_id, d.sentence))
    return [(q, a) for q, a in quantities if (a.id, q.sentence) not in past - now]


def brief_storyline(storyline: Storyline, events: Sequence[Event], articles: Sequence[Article],
                    analyses: Sequence[Analysis], options: align.AlignOptions = align.OPTIONS,
                    words: int = SUMMARY_WORDS, dates: int | None = None, per_date: int = PER_DATE) -> Brief:
    sources = Sources(articles)
    by_article = {a.id: a for a in articles}
    analysis_of = {an.article_id: an for an in analyses}
    event_briefs = []
    for event in events:
        arts = [by_article[i] for i in event.article_ids if i in by_article]
        event_briefs.append(brief_event(event, arts, [analysis_of[a.id] for a in arts], sources, options, words,
                                         dates, per_date))
    summary = [s for b in event_briefs for s in b.summary[:2]]
    changes = what_changed(events, {e.id: [analysis_of[a] for a in e.article_ids if a in analysis_of] for e in events})
    for change, new in zip(changes, new_statements(event_briefs, {s.text for s in summary})):
        change["new_facts"] = new
    merged_timeline = chosen_dates(_merged(t for b in event_briefs for t in b.timeline), dates, per_date)
    merged_background = _merged(t for b in event_briefs for t in b.background)
    return Brief(
        kind="storyline", id=storyline.id, label=storyline.label,
        first_seen=min((b.first_seen for b in event_briefs if b.first_seen), default=None),
        last_seen=max((b.last_seen for b in event_briefs if b.last_seen), default=None),
        summary=summary,
        facts=[f for b in event_briefs for f in b.facts],
        unique=[], discrepancies=[d for b in event_briefs for d in b.discrepancies],
        quotes=[q for b in event_briefs for q in b.quotes],
        timeline=merged_timeline, background=merged_background, changes=changes, sources=sources.list, coverage=[],
        events=event_briefs,
        notes=_storyline_notes(event_briefs, articles), version=version(options),
        languages=languages(sources.list),
    )


def _stances(summary: list[SummarySentence], articles: Sequence[Article], event_id: str, sources: Sources,
             options: align.AlignOptions) -> tuple[str, list[OutletStance]]:
    """Each source on the event's central claim: the summary sentence that opens an article
    (the lead tells the happening), else the first. The sources cited for it state it; the
    others confirm, refute, only report it, or do not address it."""
    if not summary or len({a.outlet_name for a in articles}) < 2:
        return "", []
    claim = min(summary, key=lambda s: (min(c.start for c in s.citations), -len(s.citations)))
    stating = {c.article_id for c in claim.citations}
    others = [a for a in sorted(articles, key=lambda a: sources.number[a.id]) if a.id not in stating]
    judged = dict(zip((a.id for a in others),
                      align.stances([claim.text] * len(others), [a.body for a in others], [event_id] * len(others), options)))
    return claim.text, [OutletStance(sources.number[a.id], a.outlet_name, "states" if a.id in stating else judged[a.id])
                        for a in sorted(articles, key=lambda a: sources.number[a.id])]


def _gaps(facts: list[Fact], outlets: list[str]) -> list[dict]:
    """Per outlet, the facts more than half of the other outlets carry (stating them, or
    giving another figure for them) that it leaves out; with three or more outlets."""
    if len(outlets) < 3:
        return []
    carried = [f.reported_by for f in facts]
    gaps = []
    for outlet in outlets:
        missing = [i for i, held in enumerate(carried)
                   if outlet not in held and len(held) >= 2 and len(held) > (len(outlets) - 1) / 2]
        if missing:
            gaps.append({"outlet": outlet, "facts": missing})
    return gaps


def _count_independent(facts: list[Fact], copies: list[list[str]]) -> None:
    """Support without double counting: outlets that ran copies of one text are one source."""
    source = {article_id: group[0] for group in copies for article_id in group}
    for fact in facts:
        by_outlet = {c.outlet: source.get(c.article_id, c.article_id) for c in fact.citations}
        fact.independent = len(set(by_outlet.values()))


def _summary(pool, sims, facts: list[Fact], centrality, articles, analyses, sources: Sources,
             words_wanted: int = SUMMARY_WORDS) -> list[SummarySentence]:
    """Sentences ranked by how many outlets state them, then by lead position; no repeats;
    as many as fit the budget of `words_wanted` words (the last may run over it).

    Each sentence cites every outlet whose sentence matched it when the facts were aligned.
    """
    index = {(p.article.id, p.sentence.start): i for i, p in enumerate(pool)}
    fact_of: dict[int, Fact] = {}
    for fact in facts:
        for c in fact.citations:
            if (c.article_id, c.start) in index:
                fact_of[index[(c.article_id, c.start)]] = fact
    scored = []
    for i, p in enumerate(pool):
        fact = fact_of.get(i)
        support = fact.support if fact else 1
        lead = 1.0 / (1 + p.sentence.index)
        # an attributed quote is as good a summary sentence as a statement (a bare one is
        # skipped below): on Multi-News dev, penalising quotes cost 0.5 ROUGE-2
        translated = 0.3 if p.article.translated_from else 0.0
        score = support + lead + 0.1 * centrality[i] - translated
        scored.append((score, -sources.number[p.article.id], i))
    scored.sort(reverse=True)
    chosen: list[SummarySentence] = []
    chosen_rows: list[int] = []
    covered: set[int] = set()
    total = 0
    for _, _, i in scored:
        if total >= words_wanted:
            break
        if i in covered or any(sims[i, r] >= REDUNDANT for r in chosen_rows):
            continue
        p = pool[i]
        if _bare_quote(p.sentence.text) or starts_with_pronoun(p.sentence.text) or _not_news(p.sentence.text):
            continue  # a quote with no speaker, "She said …", a question or a caption: not a summary's sentence
        fact = fact_of.get(i)
        citations = fact.citations if fact else [sources.cite(p.article, p.sentence.start, p.sentence.end, p.sentence.text)]
        chosen.append(SummarySentence(strip_dateline(p.sentence.text), sorted(citations, key=lambda c: c.n)))
        total += len(words(p.sentence.text))
        chosen_rows.append(i)
        if fact:
            covered.update(index[(c.article_id, c.start)] for c in fact.citations if (c.article_id, c.start) in index)
    return chosen


_CAPTION = re.compile(r"\b(?:photo|image|picture|file photo|video|credit|caption)\s*:|\((?:photo|image|file)\b|"
                      r"\((?:left|right|centre|center|middle|front|back|top|bottom|L|R|C)\)|"  # who is where in the picture
                      r"/\s*(?:AFP|Reuters|AP|Getty Images|EPA)\b|\b(?:Getty Images|AFP via Getty)\b|"
                      # a picture described: "Damaged vehicles are seen at …", "This combination of satellite images shows"
                      r"\b(?:is|are) seen\b(?!\s+as\b)|^(?:this|these|a|an|the)\s+(?:combination of\s+)?(?:\w+\s+)?"
                      r"(?:images?|photos?|photographs?|pictures?|video grab|screenshot)\b(?:(?!\b(?:is|are|was|were|and)\b)[^.]){0,60}?"
                      r"\b(?:shows?|taken (?:on|in|at|from))\b",
                      re.IGNORECASE)


def _not_news(text: str) -> bool:
    """A question, or a photo caption left in the text ("File photo: …", "(AFP/Getty)")."""
    return text.rstrip(" \"'”)").endswith("?") or bool(_CAPTION.search(text))


def _bare_quote(text: str) -> bool:
    t = text.strip()
    return t.startswith('"') and t.rstrip(".").endswith('"') and t.count('"') == 2


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
            if sentence is None or sentence.text.rstrip().endswith(":") or _not_news(sentence.text):
                continue  # a lead-in to a quote tells nothing itself; a question or a caption dates no news
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
    once: under a day rather than a span, then under a date that is not only when it was said
    ("said on Thursday", "told reporters on Thursday") nor a name for an earlier happening
    ("after Monday's leak"), then the date more articles name, then
    the later date (what came before it is usually the antecedent). Its date in the
    background ("a coup in August 2020") is kept apart: the background is another list."""
    articles = {key: len({a.id for _, a, _ in group}) for key, group in named.items()}
    homes: dict[tuple, tuple] = {}  # (article, sentence, of the story) -> (rank, date)
    spots = {}
    for key, group in named.items():
        for d, article, sentence in group:
            recent = article.published is None or d.end_date >= article.published.date() - timedelta(days=BACKGROUND_DAYS)
            spot = spots[(key, article.id, sentence.index)] = (article.id, sentence.index, recent)
            rank = ("/" not in key, not _aside(d, sentence), articles[key], d.start_date, key)
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


# counts a reader follows from one event to the next ("the toll rose from 1,644 to 3,085")
TRACKED = {"casualties:dead": "dead", "casualties:injured": "injured", "people:missing": "missing",
           "people:displaced": "displaced"}


def what_changed(events: Sequence[Event], analyses_of: dict[str, list[Analysis]]) -> list[dict]:
    """For each event after the first, what it adds to those before it: people no earlier
    event named (most named first), and tracked counts that moved (the highest exact count
    of the home place in each event)."""
    seen: set[str] = set()
    last: dict[str, float] = {}
    changes = []
    for k, event in enumerate(events):
        analyses = analyses_of.get(event.id, [])
        people = Counter(e.canonical for an in analyses for e in an.entities if e.label == "PERSON" and " " in e.canonical)
        home = align.home_place(analyses)
        counts: dict[str, float] = {}
        for an in analyses:
            for q in an.quantities:
                if q.category in TRACKED and not q.approximate and q.owner in (None, home):
                    counts[q.category] = max(counts.get(q.category, 0.0), q.value)
        if k:
            changes.append({
                "event": event.id,
                "new_people": [p for p, _ in people.most_common() if p not in seen][:5],
                "figures": [{"what": TRACKED[c], "from": last[c], "to": v} for c, v in counts.items()
                            if c in last and v != last[c]],
            })
        seen |= set(people)
        last.update(counts)
    return changes


UNDATED = "without a publication date: their relative dates are not resolved"


def _undated_note(n: int) -> str:
    return f"{n} article{'s' if n != 1 else ''} {UNDATED}"


def _storyline_notes(event_briefs: Sequence[Brief], articles: Sequence[Article]) -> list[str]:
    """Each note once for the whole storyline; undated articles counted once, over all events."""
    undated = sum(1 for a in articles if a.published is None)
    notes = [n for n in dict.fromkeys(n for b in event_briefs for n in b.notes) if UNDATED not in n]
    return notes + ([_undated_note(undated)] if undated else [])


NEW_FACTS = 3  # statements of an event that no earlier event made, listed under "what changed"
ALREADY_SAID = 0.7  # meaning similarity at which an earlier event already made a statement


def new_statements(event_briefs: Sequence[Brief], shown: set[str]) -> list[list[SummarySentence]]:
    """For each event after the first, its statements (summary, then agreed facts) that no
    earlier event made (none of their summaries, facts or timeline says it in other words)
    and the storyline summary above does not already show: what a reader who followed the
    story so far has not read yet, with the event's citations."""
    from storyline.analyze.embed import embed

    out = []
    said: list[str] = []
    for k, b in enumerate(event_briefs):
        own = [s for s in [*b.summary, *(SummarySentence(f.text, f.citations, f.disputed) for f in b.facts)]
               if s.text not in shown]
        own = list({s.text: s for s in own}.values())
        if k:
            texts = [s.text for s in own]
            vectors = embed(texts + said) if texts and said else None
            new = []
            for i, s in enumerate(own):
                wording = max((overlap(stems(s.text), stems(t)) for t in said), default=0.0)
                meaning = float((vectors[i] @ vectors[len(texts):].T).max()) if vectors is not None else 0.0
                if wording < 0.6 and meaning < ALREADY_SAID:
                    new.append(s)
                if len(new) == NEW_FACTS:
                    break
            out.append(new)
        said += [s.text for s in b.summary] + [f.text for f in b.facts] + [t.text for t in b.timeline]
    return out


def _merged(entries) -> list[TimelineEntry]:
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


def _iso(value) -> str | None:
    return value.date().isoformat() if value else None
