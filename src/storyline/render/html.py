"""Brief as one standalone HTML page (templates/brief.html.j2): inline CSS, no script, citations as links."""

from __future__ import annotations

from storyline.model import Brief
from storyline.render.env import render
from storyline.render.json import SCHEMA_VERSION
from storyline.render.view import brief_view


def render_html(briefs: Brief | list[Brief], article_url: str | None = None) -> str:
    """`article_url`: where the web app shows an article ("/articles/"); each cited sentence in
    the sources then also links to its place in the article, highlighted."""
    if isinstance(briefs, Brief):
        briefs = [briefs]
    return render("brief.html.j2", briefs=[brief_view(b) for b in briefs], schema=SCHEMA_VERSION,
                  article_url=article_url)
