"""What each event of a storyline adds to those before it: new people, counts that moved,
statements no earlier event made; so a reader can catch up from where they left off."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from storyline import align
from storyline.analyze.embed import embed
from storyline.model import Analysis, Brief, Change, Event, SummarySentence
from storyline.textutil import not_news, overlap, starts_with_pronoun, stems


# counts a reader follows from one event to the next ("the toll rose from 1,644 to 3,085")
TRACKED = {"casualties:dead": "dead", "casualties:injured": "injured", "people:missing": "missing",
           "people:displaced": "displaced"}


def what_changed(events: Sequence[Event], analyses_of: dict[str, list[Analysis]]) -> list[Change]:
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
            changes.append(Change(
                event=event.id,
                new_people=[p for p, _ in people.most_common() if p not in seen][:5],
                figures=[{"what": TRACKED[c], "from": last[c], "to": v} for c, v in counts.items()
                         if c in last and v != last[c]],
            ))
        seen |= set(people)
        last.update(counts)
    return changes


NEW_FACTS = 3  # statements of an event that no earlier event made, listed under "what changed"
ALREADY_SAID = 0.7  # meaning similarity at which an earlier event already made a statement


def new_statements(event_briefs: Sequence[Brief], shown: set[str]) -> list[list[SummarySentence]]:
    """For each event after the first, its statements (summary, then agreed facts) that no
    earlier event made (none of their summaries, facts or timeline says it in other words)
    and the storyline summary above does not already show: what a reader who followed the
    story so far has not read yet, with the event's citations."""
    out = []
    said: list[str] = []
    for k, b in enumerate(event_briefs):
        own = [s for s in [*b.summary, *(SummarySentence(f.text, f.citations, f.disputed) for f in b.facts)]
               if s.text not in shown and not not_news(s.text) and not starts_with_pronoun(s.text)]
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
