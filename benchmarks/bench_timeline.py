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
import time
from collections import Counter, defaultdict
from pathlib import Path

from bench_summarize import _Tokenizer

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
    print(f"{'system':18} {'AR-1':>6} {'AR-2':>6} {'date F1':>8} {'seconds':>8}")
    scores = {}
    for name, system in systems.items():
        start = time.perf_counter()
        scores[name] = evaluate_timelines(DATA, system)
        s = scores[name]
        print(f"{name:18} {s['ar1_f']:6.3f} {s['ar2_f']:6.3f} {s['date_f1']:8.3f} {time.perf_counter() - start:8.1f}")
    best = max((n for n in scores if n != "storyline"), key=lambda n: scores[n]["ar2_f"])
    ours, theirs = scores["storyline"], scores[best]
    print(f"storyline - best baseline ({best}): AR-1 {ours['ar1_f'] - theirs['ar1_f']:+.3f}, "
          f"AR-2 {ours['ar2_f'] - theirs['ar2_f']:+.3f}, date F1 {ours['date_f1'] - theirs['date_f1']:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
