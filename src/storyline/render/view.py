"""What a brief shows, decided once for every format.

The Markdown and HTML templates (render/templates/) lay out the same view: which
facts, quotes and dates are shown, in what order, how many, and what each
citation points at. A format decides only how it looks.
"""

from __future__ import annotations

from datetime import date

from storyline.model import Brief, Citation, Fact
from storyline.textutil import first_words

BACKGROUND_SHOWN = 5  # dates shown before the story, oldest first
FACTS_SHOWN = 12  # facts listed (and numbered in the coverage table and the gaps), the best supported first
UNIQUE_SHOWN = 8  # statements only one outlet carries
REPORTED_SHOWN = 10  # reported statements listed; the most widely carried first
VARIANTS_SHOWN = 3  # other wordings of one quote
STANCE_WORDS = {"states": "states it", "agree": "confirms it", "disagree": "disputes or refutes it",
                "discuss": "reports on it without taking a side", "unrelated": "does not address it"}


def anchor(c: Citation) -> str:
    """The id of a cited sentence in the sources section: source number and character span."""
    return f"s{c.n}-{c.start}-{c.end}"


def cites(citations: list[Citation]) -> list[dict]:
    """One citation per source, in source order, pointing at that source's first cited sentence."""
    first: dict[int, Citation] = {}
    for c in sorted(citations, key=lambda c: (c.n, c.start)):
        first.setdefault(c.n, c)
    return [{"n": n, "anchor": anchor(c)} for n, c in first.items()]


def brief_view(b: Brief) -> dict:
    dated = [d for d in (b.first_seen, b.last_seen) if d]  # an undated event has neither
    span = "undated" if not dated else dated[0] if len(set(dated)) == 1 else f"{dated[0]} – {dated[1]}"
    view = {
        "kind": b.kind, "kind_word": "Storyline" if b.kind == "storyline" else "Event", "id": b.id,
        "label": b.label, "span": span, "articles": len(b.sources), "outlets": len({s.outlet for s in b.sources}),
        "languages": _languages(b.languages), "notes": b.notes, "summary": [_claim(s) for s in b.summary],
    }
    if b.kind == "storyline":
        said = {s.text for s in b.summary}  # each event says only what the storyline summary did not
        view.update(events=_placed([{"day": e.first_seen or "undated", "label": e.label, "id": e.id,
                                     "articles": len(e.sources)} for e in b.events]),
                    changes=_changes(b), timeline=_timeline(b), background=_background(b),
                    bodies=[_body(e, said) for e in b.events])
    else:
        view["body"] = _body(b, frozenset())
        view.update(timeline=_timeline(b), background=_background(b))
    view["sources"] = _sources(b, _anchors(view))
    return view


def _placed(events: list[dict]) -> list[dict]:
    """Each dated event's place on the storyline's time axis, from 0 (the first day) to 1 (the last)."""
    days = {e["id"]: date.fromisoformat(e["day"][:10]) for e in events if e["day"] != "undated"}
    if days:
        first, span = min(days.values()), max(1, (max(days.values()) - min(days.values())).days)
        for e in events:
            e["x"] = (days[e["id"]] - first).days / span if e["id"] in days else None
    return events


def _languages(languages: dict[str, int]) -> str:
    """ "in 2 languages (en 3, fr 1)", "in en", or nothing when no article's language is known."""
    if len(languages) > 1:
        return f"in {len(languages)} languages (" + ", ".join(f"{lang} {n}" for lang, n in languages.items()) + ")"
    return f"in {next(iter(languages))}" if languages else ""


def _claim(claim) -> dict:
    """A cited statement, with each figure other outlets give instead ("105 according to [1][3]")."""
    return {"text": claim.text, "cites": cites(claim.citations),
            "disputed": [{"value": v.value, "cites": cites(v.citations)} for v in getattr(claim, "disputed", [])]}


def _support(fact: Fact) -> str:
    """ "3 outlets", or "3 outlets (2 independent) give 3,400 hectares" when they agree on a figure."""
    outlets = f"{fact.support} outlet{'' if fact.support == 1 else 's'}"
    if 0 < fact.independent < fact.support:
        outlets += f" ({fact.independent} independent)"
    return f"{outlets} give {fact.figure}" if fact.figure else outlets


def _bar(fact: Fact, outlets: int) -> dict:
    """A fact's support bar: the share of the event's outlets that state it independently,
    then the share that only carry a copy of another's text."""
    independent = fact.independent or fact.support
    return {"independent": independent / max(1, outlets), "copies": (fact.support - independent) / max(1, outlets)}


def _gist(fact: Fact, words: int = 10) -> str:
    """A coverage row says what the fact is: its figure, else its first words."""
    return fact.figure or first_words(fact.text, words)


def _body(b: Brief, said: set[str] | frozenset) -> dict:
    """An event's evidence: where outlets stand and differ, what they agree on, quotes."""
    outlets = sorted({s.outlet for s in b.sources})
    facts = b.facts[:FACTS_SHOWN]
    direct = [q for q in b.quotes if q.direct]
    reported = [q for q in b.quotes if not q.direct]
    return {
        "label": b.label, "day": b.first_seen or "undated", "id": b.id,
        "summary": [_claim(s) for s in b.summary if s.text not in said],
        "claim": b.claim,
        "stances": [{"outlet": s.outlet, "n": s.n, "words": STANCE_WORDS.get(s.stance, s.stance)} for s in b.stances],
        "conflicts": [{"slot": d.slot, "note": d.note,
                       "values": [{"value": v.value, "outlets": ", ".join(sorted({c.outlet for c in v.citations})),
                                   "cites": cites(v.citations), "evidence": sorted({c.text for c in v.citations})}
                                  for v in d.values]}
                      for d in b.discrepancies if d.kind == "conflict"],
        "updates": [{"slot": d.slot, "steps": [{"value": v.value, "day": v.first_reported or "undated",
                                                "cites": cites(v.citations)} for v in d.values]}
                    for d in b.discrepancies if d.kind == "update"],
        "facts": [dict(_claim(f), support=_support(f), **_bar(f, len(outlets))) for f in facts],
        "coverage": {"outlets": outlets, "rows": [
            {"n": row["fact"] + 1, "gist": _gist(b.facts[row["fact"]]), "marks": [bool(row["outlets"].get(o)) for o in outlets]}
            for row in b.coverage[:FACTS_SHOWN]]} if facts and b.coverage and len(outlets) > 1 else None,
        "gaps": [{"outlet": g["outlet"], "facts": [{"n": i + 1, "gist": _gist(b.facts[i])} for i in g["facts"] if i < FACTS_SHOWN]}
                 for g in b.gaps if any(i < FACTS_SHOWN for i in g["facts"])],
        "unique": [_claim(f) for f in b.unique[:UNIQUE_SHOWN]],
        "speakers": _by_speaker(direct, reported[:REPORTED_SHOWN]),
        "reported_more": max(0, len(reported) - REPORTED_SHOWN),
    }


def _by_speaker(direct: list, reported: list) -> list[dict]:
    """Quotes grouped by who spoke, each speaker's quoted words before what outlets report
    of them; speakers in the order of their best-carried quote (the groups come ranked)."""
    speakers: dict[str, dict] = {}
    for q in direct + reported:
        group = speakers.setdefault(q.speaker, {"speaker": q.speaker, "quotes": [], "reported": []})
        group["quotes" if q.direct else "reported"].append(_quote(q))
    return list(speakers.values())


def _quote(q) -> dict:
    return {"speaker": q.speaker, "text": q.text, "outlets": ", ".join(sorted({c.outlet for c in q.citations})),
            "cites": cites(q.citations), "variants": q.variants[:VARIANTS_SHOWN]}


def _timeline(b: Brief) -> dict:
    """The brief's timeline as chosen (`--dates`, `--sentences-per-date`): every format shows the same."""
    return {"entries": [{"date": t.date, "surface": t.surface, "text": t.text, "cites": cites(t.citations)}
                        for t in b.timeline], "more": 0}  # nothing held back: `more` is the background's


def _background(b: Brief) -> dict:
    """Dates before the story, apart from its timeline: the first few, one statement each (context, kept short)."""
    first = {}
    for t in b.background:
        first.setdefault(t.date, t)
    entries = [{"date": when(t.date), "surface": t.surface, "text": t.text, "cites": cites(t.citations)}
               for t in list(first.values())[:BACKGROUND_SHOWN]]
    return {"entries": entries, "more": max(0, len(first) - BACKGROUND_SHOWN)}


def when(span: str) -> str:
    """A date or span as a reader says it: "2014" for a whole year, "2020-03" for a month."""
    first, _, last = span.partition("/")
    if not last:
        return span
    if first.endswith("-01-01") and last.endswith("-12-31") and first[:4] == last[:4]:
        return first[:4]
    if first.endswith("-01") and first[:7] == last[:7]:
        return first[:7]
    return span


def _changes(b: Brief) -> list[dict]:
    """What each event adds to those before it: new people, counts that moved."""
    labels = {e.id: (e.first_seen or "undated", e.label) for e in b.events}
    out = []
    for change in b.changes:
        parts = [f"{c['what']} {c['from']:,.0f} → {c['to']:,.0f}" for c in change.figures]
        if change.new_people:
            parts.append("new: " + ", ".join(change.new_people))
        facts = [_claim(f) for f in change.new_facts]
        if parts or facts:
            day, label = labels.get(change.event, ("", change.event))
            out.append({"day": day, "label": label, "text": "; ".join(parts), "facts": facts})
    return out


def _anchors(view) -> set[str]:
    """Every sentence the view cites."""
    if isinstance(view, dict):
        return ({view["anchor"]} if "anchor" in view else set()).union(*map(_anchors, view.values()))
    if isinstance(view, list):
        return set().union(*map(_anchors, view))
    return set()


def _sources(b: Brief, shown: set[str]) -> list[dict]:
    """Each source with the sentences the view cites from it, so every citation has a place to land."""
    cited: dict[int, dict[str, Citation]] = {}
    for c in _all_citations(b):
        if anchor(c) in shown:
            cited.setdefault(c.n, {}).setdefault(anchor(c), c)
    return [{"n": s.n, "outlet": s.outlet, "title": s.title, "published": s.published or "undated", "source": s.source,
             "article_id": s.article_id,
             "sentences": [{"anchor": a, "text": c.text, "start": c.start, "end": c.end}
                           for a, c in sorted(cited.get(s.n, {}).items(), key=lambda kv: kv[1].start)]}
            for s in b.sources]


def _all_citations(b: Brief):
    claims = [*b.summary, *b.facts[:FACTS_SHOWN], *b.unique[:UNIQUE_SHOWN], *b.quotes, *b.timeline, *b.background]
    for claim in claims:
        yield from claim.citations
        for v in getattr(claim, "disputed", []):
            yield from v.citations
    for d in b.discrepancies:
        for v in d.values:
            yield from v.citations
    for e in b.events:
        yield from _all_citations(e)
