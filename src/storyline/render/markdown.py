"""Brief as Markdown: summary with [n] citations, then the evidence."""

from __future__ import annotations

from collections import Counter

from storyline.model import Brief, Citation
from storyline.textutil import first_words

TIMELINE_PER_DATE = 3  # statements shown under one date, the best supported first
BACKGROUND_SHOWN = 5  # dates shown before the story, oldest first
FACTS_SHOWN = 12  # facts listed (and numbered in the coverage table and the gaps), the best supported first
REPORTED_SHOWN = 10  # reported statements listed; the most widely carried first
STANCE_WORDS = {"states": "states it", "agree": "confirms it", "disagree": "disputes or refutes it",
                "discuss": "reports on it without taking a side", "unrelated": "does not address it"}


def render_markdown(briefs: Brief | list[Brief]) -> str:
    if isinstance(briefs, Brief):
        briefs = [briefs]
    return "\n\n---\n\n".join(_brief(b, level=1) for b in briefs).rstrip() + "\n"


def _cites(citations: list[Citation]) -> str:
    return "".join(f"[{n}]" for n in sorted({c.n for c in citations}))


def _support(fact) -> str:
    """ "3 outlets", or "3 outlets give 3,400 hectares" when they agree on a figure."""
    outlets = f"{fact.support} outlet{'' if fact.support == 1 else 's'}"
    if 0 < fact.independent < fact.support:
        outlets += f" ({fact.independent} independent)"
    return f"{outlets} give {_md(fact.figure)}" if fact.figure else outlets


def _gist(fact, words: int = 10) -> str:
    """A coverage row says what the fact is: its figure, else its first words."""
    if fact.figure:
        return fact.figure
    return first_words(fact.text, words)


def _claim_cites(claim) -> str:
    """The claim's citations, then each figure other outlets give instead: "[2]; 105 according to [1][3]"."""
    others = "".join(f"; {_md(v.value)} according to {_cites(v.citations)}" for v in claim.disputed)
    return _cites(claim.citations) + others


def _md(text: str) -> str:
    """Article text is data: keep it from being read as Markdown structure or HTML."""
    out = text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "*_`[]#|":
        out = out.replace(ch, "\\" + ch)
    return out


def _brief(b: Brief, level: int) -> str:
    h = "#" * level
    lines = [f"{h} {_md(b.label)}", ""]
    dated = [d for d in (b.first_seen, b.last_seen) if d]  # an undated event has neither
    span = "undated" if not dated else dated[0] if len(set(dated)) == 1 else f"{dated[0]} – {dated[1]}"
    outlets = sorted({s.outlet for s in b.sources})
    kind = "Storyline" if b.kind == "storyline" else "Event"
    langs = ", ".join(f"{lang} {n}" for lang, n in b.languages.items())
    in_langs = f" · in {len(b.languages)} languages ({langs})" if len(b.languages) > 1 else (
        f" · in {next(iter(b.languages))}" if b.languages else "")
    lines.append(f"*{kind} `{b.id}` · {span or 'undated'} · {len(b.sources)} articles from {len(outlets)} outlets"
                 f"{in_langs}*")
    lines.append("")
    for note in b.notes:
        lines.append(f"> {_md(note)}")
    if b.notes:
        lines.append("")
    if b.summary:
        lines += [f"{h}# Summary", ""]
        lines += [f"- {_md(s.text)} {_claim_cites(s)}" for s in b.summary]
        lines.append("")
    if b.kind == "storyline":
        lines += [f"{h}# Events", ""]
        for e in b.events:
            lines.append(f"- {e.first_seen or 'undated'}: {_md(e.label)} (`{e.id}`, {len(e.sources)} articles)")
        lines.append("")
        lines += _changes(b, h) + _timeline(b, h) + _background(b, h)
        said = {s.text for s in b.summary}  # each event says only what the storyline summary did not
        for e in b.events:
            lines.append(_event_body(e, level + 1, said=said))
        lines += _sources(b, h)
        return "\n".join(lines)
    lines.append(_event_body(b, level, with_header=False))
    lines += _sources(b, h)
    return "\n".join(lines)


def _event_body(b: Brief, level: int, with_header: bool = True, said: set[str] = frozenset()) -> str:
    h = "#" * level
    lines = []
    if with_header:
        lines += [f"{h}# {_md(b.label)}", "", f"*{b.first_seen or 'undated'} · `{b.id}`*", ""]
        rest = [s for s in b.summary if s.text not in said]
        if rest:
            lines += [f"- {_md(s.text)} {_claim_cites(s)}" for s in rest] + [""]
    sub = h + "#" + ("#" if with_header else "")
    if b.stances:
        lines += [f"{sub} Where each outlet stands", "", f"On: “{_md(b.claim)}”", ""]
        lines += [f"- {_md(s.outlet)} [{s.n}]: {STANCE_WORDS.get(s.stance, s.stance)}" for s in b.stances]
        lines.append("")
    conflicts = [d for d in b.discrepancies if d.kind == "conflict"]
    updates = [d for d in b.discrepancies if d.kind == "update"]
    if conflicts:
        lines += [f"{sub} Where outlets disagree", ""]
        for d in conflicts:
            lines.append(f"- **{_md(d.slot)}**")
            for v in d.values:
                outlets = ", ".join(sorted({c.outlet for c in v.citations}))
                evidence = "; ".join(sorted({f'"{_md(c.text)}"' for c in v.citations}))
                lines.append(f"  - **{_md(v.value)}** — {_md(outlets)} {_cites(v.citations)}: {evidence}")
            if d.note:
                lines.append(f"  - *{_md(d.note)}*")
        lines.append("")
    if updates:
        lines += [f"{sub} Figures that changed as reports came in", ""]
        for d in updates:
            steps = " → ".join(f"{_md(v.value)} ({v.first_reported or 'undated'}) {_cites(v.citations)}" for v in d.values)
            lines.append(f"- **{_md(d.slot)}**: {steps}")
        lines.append("")
    if b.facts:
        lines += [f"{sub} What the outlets agree on", ""]
        lines += [f"- {_md(f.text)} — {_support(f)} {_claim_cites(f)}" for f in b.facts[:FACTS_SHOWN]]
        lines.append("")
        outlets = sorted({s.outlet for s in b.sources})
        if b.coverage and len(outlets) > 1:
            lines += [f"{sub} Coverage", "", "| fact | " + " | ".join(_md(o) for o in outlets) + " |",
                      "|---|" + "---|" * len(outlets)]
            for row in b.coverage[:FACTS_SHOWN]:
                marks = " | ".join("✓" if row["outlets"].get(o) else "" for o in outlets)
                lines.append(f"| {row['fact'] + 1}. {_md(_gist(b.facts[row['fact']]))} | {marks} |")
            lines.append("")
    gaps = [(g["outlet"], [i for i in g["facts"] if i < FACTS_SHOWN]) for g in b.gaps]
    if any(shown for _, shown in gaps):  # the facts listed above, by their numbers there
        lines += [f"{sub} What each outlet leaves out", ""]
        for outlet, shown in gaps:
            if shown:
                lines.append(f"- {_md(outlet)}: " + "; ".join(f"{i + 1}. {_md(_gist(b.facts[i]))}" for i in shown))
        lines.append("")
    if b.unique:
        lines += [f"{sub} Reported by one outlet only", ""]
        lines += [f"- {_md(f.text)} {_cites(f.citations)}" for f in b.unique[:8]]
        lines.append("")
    direct = [q for q in b.quotes if q.direct]
    reported = [q for q in b.quotes if not q.direct]
    if direct:
        lines += [f"{sub} Quotes", ""]
        for q in direct:
            outlets = ", ".join(sorted({c.outlet for c in q.citations}))
            lines.append(f"- **{_md(q.speaker)}**: “{_md(q.text)}” — {_md(outlets)} {_cites(q.citations)}")
            for v in q.variants[:3]:
                lines.append(f"  - also worded: “{_md(v)}”")
        lines.append("")
    if reported:
        lines += [f"{sub} What speakers said, as reported", ""]
        for q in reported[:REPORTED_SHOWN]:
            outlets = ", ".join(sorted({c.outlet for c in q.citations}))
            lines.append(f"- **{_md(q.speaker)}**: {_md(q.text)} — {_md(outlets)} {_cites(q.citations)}")
        if len(reported) > REPORTED_SHOWN:
            lines.append(f"- … and {len(reported) - REPORTED_SHOWN} more in the JSON brief")
        lines.append("")
    if with_header is False:
        lines += _timeline(b, "#" * (level)) + _background(b, "#" * (level))
    return "\n".join(lines)


def _timeline(b: Brief, h: str) -> list[str]:
    if not b.timeline:
        return []
    lines = [f"{h}# Timeline", ""]
    shown: Counter = Counter()
    for t in b.timeline:  # the brief holds every statement of a date; the reader gets the best supported few
        shown[t.date] += 1
        if shown[t.date] <= TIMELINE_PER_DATE:
            lines.append(f"- **{t.date}** ({_md(t.surface)}): {_md(t.text)} {_cites(t.citations)}")
    more = sum(max(0, n - TIMELINE_PER_DATE) for n in shown.values())
    if more:
        lines.append(f"- *{more} more statement{'s' if more > 1 else ''} on these dates in the JSON brief*")
    lines.append("")
    return lines


def _changes(b: Brief, h: str) -> list[str]:
    """What each event adds to those before it: new people, counts that moved."""
    labels = {e.id: (e.first_seen or "undated", e.label) for e in b.events}
    lines = []
    for change in b.changes:
        parts = [f"{c['what']} {c['from']:,.0f} → {c['to']:,.0f}" for c in change["figures"]]
        if change["new_people"]:
            parts.append("new: " + ", ".join(change["new_people"]))
        if parts:
            day, label = labels.get(change["event"], ("", change["event"]))
            lines.append(f"- {day}, {_md(label)}: {_md('; '.join(parts))}")
    return [f"{h}# What changed", "", *lines, ""] if lines else []


def _background(b: Brief, h: str) -> list[str]:
    """Dates before the story, apart from its timeline: the first few, one line each."""
    if not b.background:
        return []
    lines = [f"{h}# Background", ""]
    shown = {}
    for t in b.background:
        shown.setdefault(t.date, t)  # one statement per date: background is context, kept short
    for t in list(shown.values())[:BACKGROUND_SHOWN]:
        lines.append(f"- **{_when(t.date)}** ({_md(t.surface)}): {_md(t.text)} {_cites(t.citations)}")
    if len(shown) > BACKGROUND_SHOWN:
        lines.append(f"- *{len(shown) - BACKGROUND_SHOWN} more in the JSON brief*")
    return lines + [""]


def _when(span: str) -> str:
    """A date or span as a reader says it: "2014" for a whole year, "2020-03" for a month."""
    first, _, last = span.partition("/")
    if not last:
        return span
    if first.endswith("-01-01") and last.endswith("-12-31") and first[:4] == last[:4]:
        return first[:4]
    if first.endswith("-01") and first[:7] == last[:7]:
        return first[:7]
    return span


def _sources(b: Brief, h: str) -> list[str]:
    lines = [f"{h}# Sources", ""]
    for s in b.sources:
        title = f" “{_md(s.title)}”" if s.title else ""
        lines.append(f"{s.n}. {_md(s.outlet)}{title}, {s.published or 'undated'} — `{s.source}`")
    return lines + [""]
