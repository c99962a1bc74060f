"""Brief as Markdown: summary with [n] citations, then the evidence."""

from __future__ import annotations

from storyline.model import Brief, Citation


def render_markdown(briefs: Brief | list[Brief]) -> str:
    if isinstance(briefs, Brief):
        briefs = [briefs]
    return "\n\n---\n\n".join(_brief(b, level=1) for b in briefs).rstrip() + "\n"


def _cites(citations: list[Citation]) -> str:
    return "".join(f"[{n}]" for n in sorted({c.n for c in citations}))


def _md(text: str) -> str:
    """Article text is data: keep it from being read as Markdown structure or HTML."""
    out = text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "*_`[]#|":
        out = out.replace(ch, "\\" + ch)
    return out


def _brief(b: Brief, level: int) -> str:
    h = "#" * level
    lines = [f"{h} {_md(b.label)}", ""]
    span = b.first_seen if b.first_seen == b.last_seen else f"{b.first_seen} – {b.last_seen}"
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
        lines += [f"- {_md(s.text)} {_cites(s.citations)}" for s in b.summary]
        lines.append("")
    if b.kind == "storyline":
        lines += [f"{h}# Events", ""]
        for e in b.events:
            lines.append(f"- {e.first_seen or 'undated'}: {_md(e.label)} (`{e.id}`, {len(e.sources)} articles)")
        lines.append("")
        lines += _timeline(b, h)
        for e in b.events:
            lines.append(_event_body(e, level + 1))
        lines += _sources(b, h)
        return "\n".join(lines)
    lines.append(_event_body(b, level, with_header=False))
    lines += _sources(b, h)
    return "\n".join(lines)


def _event_body(b: Brief, level: int, with_header: bool = True) -> str:
    h = "#" * level
    lines = []
    if with_header:
        lines += [f"{h}# {_md(b.label)}", "", f"*{b.first_seen or 'undated'} · `{b.id}`*", ""]
        if b.summary:
            lines += [f"- {_md(s.text)} {_cites(s.citations)}" for s in b.summary] + [""]
    sub = h + "#" + ("#" if with_header else "")
    if b.discrepancies:
        lines += [f"{sub} Where outlets disagree", ""]
        for d in b.discrepancies:
            lines.append(f"- **{_md(d.slot)}**")
            for v in d.values:
                outlets = ", ".join(sorted({c.outlet for c in v.citations}))
                evidence = "; ".join(sorted({f'"{_md(c.text)}"' for c in v.citations}))
                lines.append(f"  - **{v.value}** — {_md(outlets)} {_cites(v.citations)}: {evidence}")
            if d.note:
                lines.append(f"  - *{_md(d.note)}*")
        lines.append("")
    if b.facts:
        lines += [f"{sub} What the outlets agree on", ""]
        lines += [f"- {_md(f.text)} — {f.support} outlets {_cites(f.citations)}" for f in b.facts[:12]]
        lines.append("")
        outlets = sorted({s.outlet for s in b.sources})
        if b.coverage and len(outlets) > 1:
            lines += [f"{sub} Coverage", "", "| fact | " + " | ".join(_md(o) for o in outlets) + " |",
                      "|---|" + "---|" * len(outlets)]
            for row in b.coverage[:12]:
                marks = " | ".join("✓" if row["outlets"].get(o) else "" for o in outlets)
                lines.append(f"| {row['fact'] + 1} | {marks} |")
            lines.append("")
    if b.unique:
        lines += [f"{sub} Reported by one outlet only", ""]
        lines += [f"- {_md(f.text)} {_cites(f.citations)}" for f in b.unique[:8]]
        lines.append("")
    if b.quotes:
        lines += [f"{sub} Quotes", ""]
        for q in b.quotes:
            outlets = ", ".join(sorted({c.outlet for c in q.citations}))
            lines.append(f"- **{_md(q.speaker)}**: “{_md(q.text)}” — {_md(outlets)} {_cites(q.citations)}")
            for v in q.variants[:3]:
                lines.append(f"  - also worded: “{_md(v)}”")
        lines.append("")
    if with_header is False:
        lines += _timeline(b, "#" * (level))
    return "\n".join(lines)


def _timeline(b: Brief, h: str) -> list[str]:
    if not b.timeline:
        return []
    lines = [f"{h}# Timeline", ""]
    for t in b.timeline:
        lines.append(f"- **{t.date}** ({_md(t.surface)}): {_md(t.text)} {_cites(t.citations)}")
    lines.append("")
    return lines


def _sources(b: Brief, h: str) -> list[str]:
    lines = [f"{h}# Sources", ""]
    for s in b.sources:
        title = f" “{_md(s.title)}”" if s.title else ""
        lines.append(f"{s.n}. {_md(s.outlet)}{title}, {s.published or 'undated'} — `{s.source}`")
    return lines + [""]
