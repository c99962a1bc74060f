"""Model objects to JSON-ready dicts and back (for the analysis cache and JSON output)."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date, datetime

import dacite

from storyline.model import Analysis, Brief, DateRef, Entity, Quantity, Quote, Sentence, Span


def to_jsonable(obj):
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    return obj


def iso_day(value: datetime | None) -> str | None:
    """The ISO day of a timestamp, None when there is none."""
    return value.date().isoformat() if value else None


def analysis_from_dict(d: dict) -> Analysis:
    def span(x):
        return Span(**x)

    return Analysis(
        article_id=d["article_id"],
        sentences=[Sentence(**s) for s in d["sentences"]],
        entities=[Entity(**{**e, "span": span(e["span"])}) for e in d["entities"]],
        quantities=[Quantity(**{**q, "span": span(q["span"])}) for q in d["quantities"]],
        dates=[DateRef(**{**x, "span": span(x["span"]), "start_date": date.fromisoformat(x["start_date"]),
                          "end_date": date.fromisoformat(x["end_date"])}) for x in d["dates"]],
        quotes=[Quote(**{**q, "span": span(q["span"])}) for q in d["quotes"]],
        version=d.get("version", ""),
    )


def brief_from_dict(d: dict) -> Brief:
    """A Brief back from `to_jsonable(brief)` (the store's brief cache)."""
    return dacite.from_dict(Brief, d, config=dacite.Config(type_hooks={date: date.fromisoformat}))
