"""Markdown and JSON rendering (storyline.render): structure, schema, escaping."""

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import hostile_brief

from storyline.render import render_json, render_markdown

SCHEMA = json.loads((Path(__file__).parents[1] / "src/storyline/render/brief.schema.json").read_text())


def test_markdown_escapes_article_text():
    md = render_markdown(hostile_brief())
    assert "<script>" not in md and "<img" not in md and "<b>" not in md
    assert "\\*\\*bold\\*\\*" in md and "\\[link\\]" in md
    assert md.startswith("# \\# Not a heading")


def test_json_is_valid_against_the_schema_and_round_trips_text():
    data = json.loads(render_json(hostile_brief()))
    jsonschema.validate(data, SCHEMA)
    assert data["summary"][0]["text"].startswith("Officials said <script>")  # JSON keeps the source text


def test_example_briefs_validate(example_engine):
    for story in example_engine.storylines():
        jsonschema.validate(json.loads(render_json(example_engine.brief(story.id))), SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"kind": "event"}, SCHEMA)


def test_markdown_header_names_the_languages_covered():
    brief = hostile_brief()
    brief.languages = {"en": 3, "fr": 1}
    assert "in 2 languages (en 3, fr 1)" in render_markdown(brief).splitlines()[2]
    brief.languages = {"en": 4}
    assert render_markdown(brief).splitlines()[2].endswith("· in en*")


def test_a_header_never_prints_none_for_a_missing_date():
    brief = hostile_brief()
    brief.first_seen, brief.last_seen = None, "2025-07-12"
    assert "None" not in render_markdown(brief).splitlines()[2] and "2025-07-12" in render_markdown(brief).splitlines()[2]
    brief.first_seen = brief.last_seen = None
    assert "undated" in render_markdown(brief).splitlines()[2]
    brief.first_seen = "2025-07-10"
    brief.last_seen = "2025-07-12"
    assert "2025-07-10 – 2025-07-12" in render_markdown(brief).splitlines()[2]


def test_a_storyline_says_each_summary_sentence_once(example_engine):
    from storyline.render.env import md, md_claim_cites
    from storyline.render.view import brief_view

    for story in example_engine.storylines():
        brief = example_engine.brief(story.id)
        lines = render_markdown(brief).splitlines()
        for s in brief_view(brief)["summary"]:  # the storyline's summary line, not again in its event's section
            assert lines.count(f"- {md(s['text'])} {md_claim_cites(s)}") == 1, s["text"]
        assert len(brief.notes) == len(set(brief.notes))
