"""Brief to text: Markdown for people, a standalone HTML page for browsers, JSON for programs (brief.schema.json).

Markdown and HTML lay out one view of the brief (view.py) with one template each (templates/).
"""

from storyline.render.html import render_html
from storyline.render.json import render_json
from storyline.render.markdown import render_markdown

FORMATS = {"md": render_markdown, "json": render_json, "html": render_html}

__all__ = ["FORMATS", "render_html", "render_json", "render_markdown"]
