"""Gold-labelled article sets read from JSONL, in either of the two shapes of ../shared/eval.

- one article a line (``cluster/*.jsonl``, our ``piles/*.jsonl``): ``id, title, text,
  date, cluster`` and optionally ``storyline``, ``topic``, ``lang``, ``source``;
- one gold cluster a line (``mds/*.jsonl``): ``{"id", "articles": [{id, text, title?,
  date?, …}]}``; each line's articles are one gold cluster and one gold storyline
  (for Timeline17 a line is a topic).

The shape is detected per file from its first line. Articles with no date stay
undated; ``dates=False`` blanks every date (AllSides' date-free run).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path

from storyline.model import Doc
from storyline.ingest.text import parse_date

ARTICLE_PER_LINE = "article-per-line"
CLUSTER_PER_LINE = "cluster-per-line"


@dataclass
class GoldSet:
    """Articles as clustering input, with their gold labels keyed by article id."""

    name: str
    shape: str
    docs: list[Doc]
    cluster: dict[str, str]  # article id -> gold event
    storyline: dict[str, str] | None = None  # article id -> gold storyline, when the file has one
    topic: dict[str, str] = field(default_factory=dict)  # article id -> ECB+ topic, when given
    dated: bool = True  # False when dates were blanked


def detect_shape(path: str | Path) -> str:
    """ARTICLE_PER_LINE or CLUSTER_PER_LINE, from the first non-blank line."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                return _shape(json.loads(line), path, number)
    raise ValueError(f"{path}: empty file, no articles to evaluate")


def _shape(row: dict, path, number: int) -> str:
    if isinstance(row.get("articles"), list):
        return CLUSTER_PER_LINE
    if "cluster" in row and "id" in row:
        return ARTICLE_PER_LINE
    raise ValueError(f"{path}:{number}: neither an article with a 'cluster' field nor a cluster with "
                     f"an 'articles' list; see ../shared/eval/README.md for the two shapes")


def load(path: str | Path, dates: bool = True) -> GoldSet:
    """Read a gold set of either shape; ids repeated in a file get a ``~2``, ``~3`` suffix."""
    path = Path(path)
    shape = detect_shape(path)
    gold = GoldSet(name=path.name, shape=shape, docs=[], cluster={}, dated=dates)
    storyline: dict[str, str] = {}
    seen: dict[str, int] = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if shape == CLUSTER_PER_LINE:
                if not isinstance(row.get("articles"), list):
                    raise ValueError(f"{path}:{number}: expected an 'articles' list like the lines before")
                group = str(row.get("id", f"line-{number}"))
                for article in row["articles"]:
                    doc = _doc(article, seen, dates)
                    gold.docs.append(doc)
                    gold.cluster[doc.id] = storyline[doc.id] = group
            else:
                _shape(row, path, number)
                doc = _doc(row, seen, dates)
                gold.docs.append(doc)
                gold.cluster[doc.id] = str(row["cluster"])
                if row.get("storyline") is not None:
                    storyline[doc.id] = str(row["storyline"])
                if row.get("topic") is not None:
                    gold.topic[doc.id] = str(row["topic"])
    if shape == CLUSTER_PER_LINE or len(storyline) == len(gold.docs):
        gold.storyline = storyline
    return gold


_DOC_FIELDS = {f.name for f in fields(Doc)}


def _doc(row: dict, seen: dict[str, int], dates: bool) -> Doc:
    raw_id = str(row["id"])
    seen[raw_id] = seen.get(raw_id, 0) + 1
    doc_id = raw_id if seen[raw_id] == 1 else f"{raw_id}~{seen[raw_id]}"
    published = parse_date(str(row["date"])) if dates and row.get("date") else None
    doc = Doc(doc_id, row.get("title") or None, row.get("text") or "", published)
    # optional fields the clustering may grow (language, outlet) are passed when it has them
    for name, key in (("lang", "lang"), ("outlet", "source")):
        if name in _DOC_FIELDS and row.get(key):
            setattr(doc, name, row[key])
    return doc


def json_lines(path: str | Path, needed: tuple[str, ...] = (), limit: int | None = None) -> list[dict]:
    """JSON lines holding the fields named; a bad line is an error naming the file and line."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from None
        absent = [k for k in needed if k not in row]
        if absent:
            raise ValueError(f"{path}:{number}: no {', '.join(absent)}")
        rows.append(row)
        if limit and len(rows) >= limit:
            break
    return rows
