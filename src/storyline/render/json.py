"""Brief as JSON, in the shape brief.schema.json documents."""

from __future__ import annotations

import json

from storyline.model import Brief
from storyline.serial import to_jsonable

SCHEMA_VERSION = "storyline.brief.v2"  # v2: changes and background always present, timeline as chosen


def brief_dict(brief: Brief) -> dict:
    data = to_jsonable(brief)
    _finish(data)
    return data


def render_json(briefs: Brief | list[Brief]) -> str:
    if isinstance(briefs, Brief):
        return json.dumps(brief_dict(briefs), ensure_ascii=False, indent=2)
    return json.dumps([brief_dict(b) for b in briefs], ensure_ascii=False, indent=2)


def _finish(data: dict) -> None:
    """Name the schema on the brief and on each event brief inside it; drop internal sort keys."""
    data["schema"] = SCHEMA_VERSION
    for entry in data.get("timeline", []):
        entry.pop("sort_key", None)
    for event in data.get("events", []):
        _finish(event)
