"""Event summaries against human ones on Multi-News dev, baselines and storyline in one run.

    .venv/bin/python benchmarks/bench_summarize.py [--limit N]

Prints ROUGE-1/2/L F1 (rouge-score, stemming, summaries cut to 300 words) for:
- lead: the articles' first sentences taken in turn (round robin), to 300 words;
- LexRank and TextRank (sumy) over all the cluster's sentences, to 300 words;
- storyline: the brief's event summary with a 300-word budget;
and storyline's margin over the best baseline. The baselines read the same cleaned text,
split into sentences by one rule, so they differ only in how they choose.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from storyline.clean import clean_text
from storyline.eval.summarize import EVAL_WORDS, read_clusters, rouge, storyline_summary

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "mds" / "multinews_dev.jsonl"
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


def sentences(cluster: dict) -> list[list[str]]:
    """Each article's sentences, from its cleaned text."""
    out = []
    for article in cluster["articles"]:
        body, _, _ = clean_text(article.get("text") or "", article.get("title"))
        out.append([s.strip() for line in body.split("\n") for s in _SENTENCE_END.split(line) if len(s.split()) >= 4])
    return out


def lead(cluster: dict) -> str:
    """The first sentence of each article in turn, then the second, to the word budget."""
    per_article = sentences(cluster)
    chosen, total = [], 0
    for k in range(max((len(s) for s in per_article), default=0)):
        for article in per_article:
            if k < len(article) and total < EVAL_WORDS:
                chosen.append(article[k])
                total += len(article[k].split())
    return " ".join(chosen)


class _Tokenizer:
    """sumy's tokenizer interface over our sentence rule and a word pattern: sumy's own
    needs NLTK data that is downloaded at run time."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return [s for s in _SENTENCE_END.split(paragraph) if s.strip()]

    def to_words(self, sentence: str) -> list[str]:
        return re.findall(r"\w+", sentence)


def sumy_summary(summarizer_class):
    """A sumy summarizer choosing its best-rated sentences up to the word budget."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    tokenizer = _Tokenizer()
    summarizer = summarizer_class(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")

    def budget(best_first):  # sumy's "count" may be a callable over the sentences, best first
        chosen, total = [], 0
        for info in best_first:
            if total >= EVAL_WORDS:
                break
            chosen.append(info)
            total += len(info.sentence.words)
        return chosen

    def summarize(cluster: dict) -> str:
        paragraphs = [Paragraph([Sentence(s, tokenizer) for s in article]) for article in sentences(cluster) if article]
        return " ".join(str(s) for s in summarizer(ObjectDocumentModel(paragraphs), budget))

    return summarize


def compare(runs: dict, columns: dict[str, str], by: str, scale: float = 1, digits: int = 3) -> dict[str, dict]:
    """Run each system (name -> a call returning its scores), print a row of `columns`
    (heading -> score key) with its seconds, then storyline's margin over the baseline
    best on `by`. Shared by the summary and timeline benchmarks."""
    width = max(6, digits + 4)
    print(f"{'system':18} " + " ".join(f"{h:>{width}}" for h in columns) + f" {'seconds':>8}")
    scores = {}
    for name, run in runs.items():
        start = time.perf_counter()
        scores[name] = run()
        row = " ".join(f"{scores[name][key] * scale:{width}.{digits}f}" for key in columns.values())
        print(f"{name:18} {row} {time.perf_counter() - start:8.1f}")
    best = max((n for n in scores if n != "storyline"), key=lambda n: scores[n][by])
    margins = ", ".join(f"{h} {(scores['storyline'][k] - scores[best][k]) * scale:+.{digits}f}" for h, k in columns.items())
    print(f"storyline - best baseline ({best}): {margins}")
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=0, help="only the first N clusters")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"skipped: {args.data} is absent (the public dev sets live in ../shared/eval)")
        return 0
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    clusters = read_clusters(args.data, args.limit or None)
    references = [c["reference"] for c in clusters]
    systems = {"lead": lead, "LexRank (sumy)": sumy_summary(LexRankSummarizer),
               "TextRank (sumy)": sumy_summary(TextRankSummarizer), "storyline": storyline_summary}
    print(f"{len(clusters)} Multi-News dev clusters; ROUGE F1 (rouge-score, stemming), summaries cut to {EVAL_WORDS} words")
    compare({name: (lambda summarize=summarize: rouge([summarize(c) for c in clusters], references))
             for name, summarize in systems.items()},
            {"R-1": "rouge1", "R-2": "rouge2", "R-L": "rougeL"}, by="rouge2", scale=100, digits=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
