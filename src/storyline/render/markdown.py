"""Brief as Markdown: summary with [n] citations, then the evidence (templates/brief.md.j2)."""

from __future__ import annotations

from storyline.model import Brief
from storyline.render.env import render
from storyline.render.view import brief_view


def render_markdown(briefs: Brief | list[Brief]) -> str:
    if isinstance(briefs, Brief):
        briefs = [briefs]
    return "\n\n---\n\n".join(render("brief.md.j2", b=brief_view(b), level=1).strip() for b in briefs) + "\n"
