"""Dated timelines against human ones on Timeline17 dev, baselines and storyline in one run.

    .venv/bin/python benchmarks/bench_timeline.py

Prints alignment ROUGE-1/2 F1 and date F1 (tilse; the protocol of eval/timeline.py) for:
- first sentences: the l days with the most articles, and the first sentences published on each;
- LexRank per date (sumy): the same days, and the k sentences LexRank rates best among each day's;
- storyline: the days its sentences name most, and each day's central sentences;
and storyline's margin over the better baseline. Every system sees the same candidate
sentences (the gold span's articles, sentences holding a topic keyword).
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

from bench_summarize import _Tokenizer, compare

from storyline.eval.timeline import evaluate_timelines, first_sentences_timeline, storyline_timeline

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "mds" / "t17_dev.jsonl"


def lexrank_per_date(sentences, l: int, k: int):
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = _Tokenizer()
    by_day = defaultdict(list)
    for day, position, sentence in sentences:
        by_day[day].append(sentence)
    articles = Counter(day for day, position, _ in sentences if position == 0)
    timeline = {}
    for day, _ in articles.most_common(l):
        texts = list(dict.fromkeys(by_day[day]))
        document = ObjectDocumentModel([Paragraph([Sentence(t, tokenizer) for t in texts])])
        timeline[day] = [str(s) for s in summarizer(document, k)]
    return timeline


def main() -> int:
    if not DATA.is_file():
        print(f"skipped: {DATA} is absent (the public dev sets live in ../shared/eval)")
        return 0
    systems = {"first sentences": first_sentences_timeline, "LexRank per date": lexrank_per_date,
               "storyline": storyline_timeline}
    print("Timeline17 dev, 9 gold timelines; tilse alignment ROUGE F1 (many-to-one, date and content costs), date F1")
    compare({name: (lambda system=system: evaluate_timelines(DATA, system)) for name, system in systems.items()},
            {"AR-1": "ar1_f", "AR-2": "ar2_f", "date F1": "date_f1"}, by="ar2_f")
    return 0


if __name__ == "__main__":
    sys.exit(main())
