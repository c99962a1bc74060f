"""Quotes grouped by speaker, then by wording: variants and translations matched."""

from __future__ import annotations

from collections.abc import Sequence

from storyline.align.options import OPTIONS, AlignOptions
from storyline.align.pool import Cite
from storyline.analyze.names import surname
from storyline.model import Article, QuoteGroup
from storyline.textutil import overlap, stems


def quote_groups(items: Sequence[tuple[object, Article]], cite: Cite,
                 options: AlignOptions = OPTIONS) -> list[QuoteGroup]:
    """Quotes grouped by speaker, then by wording (variants and translations matched)."""
    names: dict[str, str] = {}
    for q, _ in items:
        if q.speaker:
            key = surname(q.speaker)
            if len(q.speaker) > len(names.get(key, "")):
                names[key] = q.speaker
    groups: list[tuple[str, list[tuple[object, Article]], set[str]]] = []
    for q, a in items:
        if not q.speaker:
            continue
        speaker = names[surname(q.speaker)]
        q_stems = stems(q.text)
        for g_speaker, members, g_stems in groups:
            if g_speaker == speaker and _containment(q_stems, g_stems) >= options.quote_match:
                members.append((q, a))
                g_stems |= q_stems
                break
        else:
            groups.append((speaker, [(q, a)], set(q_stems)))
    result = []
    for speaker, members, _ in groups:
        texts = sorted({q.text for q, _ in members}, key=len, reverse=True)
        citations = [cite(a, q.span.start, q.span.end, q.text) for q, a in members]
        result.append(QuoteGroup(speaker, texts[0], texts[1:], citations))
    result.sort(key=lambda g: (-len({c.outlet for c in g.citations}), -len(g.text)))
    return result


def _containment(a: set[str], b: set[str]) -> float:
    if min(len(a), len(b)) < 3:  # a three-word fragment matches too much
        return 0.0
    return overlap(a, b)
