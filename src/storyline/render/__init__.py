"""Brief to text: Markdown for people, JSON for programs (one schema, brief.schema.json)."""

from storyline.render.json import render_json
from storyline.render.markdown import render_markdown

FORMATS = {"md": render_markdown, "json": render_json}

__all__ = ["FORMATS", "render_json", "render_markdown"]
