"""`storyline eval extract DIR`: article-body extraction from HTML, scored the benchmark's way.

The folder holds ``NNN.html`` (or ``.html.gz``) beside ``NNN.json`` with the true
``articleBody`` (scrapinghub's article-extraction-benchmark layout, as in
../shared/eval/extract/dev). The metric is the benchmark's own: ``\\w+`` tokens,
multisets of 4-token shingles per page, precision and recall averaged over pages,
F1 of the two means. storyline's text is what ingest stores (reader, then cleaner),
headings in place; plain ``trafilatura.extract`` runs on the same pages in the same run.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from pathlib import Path

from storyline.clean import clean_article
from storyline.ingest.html import read_html_article
from storyline.ingest.source import raw_of
from storyline.model import Article

_TOKEN = re.compile(r"\w+")


def shingles(text: str | None, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i: i + n]) for i in range(len(tokens) - n + 1))


def score(pairs: list[tuple[str | None, str]]) -> dict:
    """Precision, recall, F1 and exact-match accuracy over (predicted, gold) texts."""
    precisions, recalls, exact = [], [], 0
    for predicted, gold in pairs:
        p, g = shingles(predicted), shingles(gold)
        tp = sum((p & g).values())
        if p:
            precisions.append(tp / sum(p.values()))
        if g:
            recalls.append(tp / sum(g.values()))
        exact += _TOKEN.findall(predicted or "") == _TOKEN.findall(gold)
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "accuracy": round(exact / len(pairs), 4) if pairs else 0.0}


def pages(folder: Path) -> list[tuple[str, bytes, dict]]:
    found = []
    for meta_path in sorted(Path(folder).glob("*.json")):
        stem = meta_path.name[: -len(".json")]
        html_path = next((p for p in (meta_path.with_name(stem + ".html.gz"), meta_path.with_name(stem + ".html"))
                          if p.is_file()), None)
        if html_path is None:
            continue
        data = html_path.read_bytes()
        found.append((stem, gzip.decompress(data) if html_path.suffix == ".gz" else data,
                      json.loads(meta_path.read_text(encoding="utf-8"))))
    if not found:
        raise ValueError(f"{folder}: no NNN.html[.gz] beside NNN.json pages to evaluate")
    return found


def storyline_text(html: bytes, url: str | None, name: str = "page") -> str:
    """The article text ingest stores for a page: reader, cleaner, headings in place."""
    article = read_html_article(raw_of(name, html), html, {"url": url} if url else {})
    return full_text(clean_article(article))


def full_text(article: Article) -> str:
    """The body with its headings put back before the paragraphs they head."""
    body, out, at = article.body, [], 0
    for heading in sorted(article.headings, key=lambda h: h.offset):
        out += [body[at: heading.offset], heading.text + "\n\n"]
        at = heading.offset
    return "".join(out) + body[at:]


def evaluate(folder: Path) -> dict:
    import trafilatura

    items = pages(folder)
    gold = [meta.get("articleBody") or "" for _, _, meta in items]
    start = time.perf_counter()
    ours = [storyline_text(html, meta.get("url"), stem) for stem, html, meta in items]
    ours_seconds = time.perf_counter() - start
    start = time.perf_counter()
    plain = [trafilatura.extract(html, url=meta.get("url"), include_comments=False) for _, html, meta in items]
    plain_seconds = time.perf_counter() - start
    return {"storyline": {**score(list(zip(ours, gold))), "seconds_per_page": round(ours_seconds / len(items), 4)},
            "trafilatura": {**score(list(zip(plain, gold))), "seconds_per_page": round(plain_seconds / len(items), 4)},
            "pages": len(items)}


def format_extract(result: dict, folder: Path) -> str:
    lines = [f"{folder}: {result['pages']} pages (4-token shingles; precision and recall averaged over pages)",
             f"  {'system':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'exact':>6} {'s/page':>7}"]
    for name in ("storyline", "trafilatura"):
        r = result[name]
        lines.append(f"  {name:<12} {r['precision']:>9.3f} {r['recall']:>7.3f} {r['f1']:>6.3f} "
                     f"{r['accuracy']:>6.3f} {r['seconds_per_page']:>7.3f}")
    return "\n".join(lines)
