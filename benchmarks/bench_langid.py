"""Language identification: py3langid (what storyline uses) against lingua, in one process.

Accuracy and time per call on real news in several languages, at the two sizes
storyline asks about: single sentences (the hard case: quotes, captions, short
wire lines) and an article's title and lead (what `features.language` labels an
article from). Memory is the process's resident size grown by loading each
detector (lingua's models live in Rust, out of tracemalloc's sight).

The texts are piles of real articles whose language a person checked, in any
format `storyline ingest` reads that carries a `lang` field (our JSONL cluster
lines, for example). They are not in the repository: pass their paths.

    .venv/bin/python benchmarks/bench_langid.py piles/*.jsonl piles/langid/pages.jsonl

lingua is not a dependency; install it to compare (`pip install lingua-language-detector`).
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

from storyline.features import LANGUAGES, language
from storyline.ingest import read_paths

# A plain splitter is enough to cut real prose into sentence-sized samples; spaCy's
# English model would split other languages no better.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”»]?\s+(?=[\"'“«(\[]?[^\W\d_])")


def samples(paths: list[str], per_language: int, seed: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(gold, text) sentences, at most per_language of each language, and (gold, title + lead) per article."""
    sentences: dict[str, list[str]] = defaultdict(list)
    leads: list[tuple[str, str]] = []
    for read in read_paths(paths):
        article = read.article
        if article is None or not article.lang:
            continue
        gold = article.lang.split("-")[0].lower()
        leads.append((gold, f"{article.title or ''}\n{article.body}"[:400]))
        for paragraph in article.body.split("\n"):
            for sentence in _SENTENCE_END.split(paragraph.strip()):
                if 30 <= len(sentence) <= 300:
                    sentences[gold].append(sentence)
    rng = random.Random(seed)
    picked = []
    for gold, found in sorted(sentences.items()):
        rng.shuffle(found)
        picked += [(gold, s) for s in found[:per_language]]
    return picked, leads


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def detectors() -> dict[str, object]:
    """Name -> (load function returning a text -> ISO 639-1 code function)."""
    found = {"py3langid (storyline)": lambda: language}
    try:
        import lingua  # noqa: F401
    except ImportError:
        print("lingua: not installed, compared with nothing (pip install lingua-language-detector)")
        return found

    def lingua_detector(high: bool, ours: bool = False):
        def load():
            from lingua import IsoCode639_1, LanguageDetectorBuilder

            if ours:  # the languages storyline weighs words in, as py3langid is restricted to
                codes = [getattr(IsoCode639_1, c.upper()) for c in sorted(LANGUAGES) if hasattr(IsoCode639_1, c.upper())]
                builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
            else:
                builder = LanguageDetectorBuilder.from_all_languages()
            builder = builder.with_preloaded_language_models()
            if not high:
                builder = builder.with_low_accuracy_mode()
            detector = builder.build()

            def detect(text: str) -> str:
                found = detector.detect_language_of(text)
                return found.iso_code_639_1.name.lower() if found is not None else "?"
            return detect
        return load

    # Low accuracy first: its models are a subset of the high-accuracy ones, which
    # lingua caches, so loading it second would show no memory grown.
    found["lingua, low accuracy"] = lingua_detector(False)
    found["lingua, high accuracy"] = lingua_detector(True)
    found["lingua, high accuracy, storyline's languages"] = lingua_detector(True, ours=True)
    return found


def measure(detect, items: list[tuple[str, str]]) -> tuple[float, float, Counter, Counter]:
    """Accuracy, ms per call, correct and total counts by language."""
    right, total = Counter(), Counter()
    start = time.perf_counter()
    guesses = [detect(text) for _, text in items]
    ms = (time.perf_counter() - start) * 1000 / max(1, len(items))
    for (gold, _), guess in zip(items, guesses):
        total[gold] += 1
        right[gold] += guess == gold
    return sum(right.values()) / max(1, len(items)), ms, right, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--per-language", type=int, default=40, help="sentences drawn per language")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sentences, leads = samples(args.paths, args.per_language, args.seed)
    by_lang = Counter(gold for gold, _ in sentences)
    print(f"{len(sentences)} sentences in {len(by_lang)} languages "
          f"({', '.join(f'{k} {v}' for k, v in sorted(by_lang.items()))}); {len(leads)} article leads")
    results = {}
    for name, load in detectors().items():
        before = rss_mib()
        start = time.perf_counter()
        detect = load()
        detect("A first call loads what loads lazily.")
        loaded = time.perf_counter() - start
        grown = rss_mib() - before
        sent = measure(detect, sentences)
        lead = measure(detect, leads)
        results[name] = (sent, lead)
        print(f"\n{name}: loaded in {loaded:.1f} s, +{grown:.0f} MiB resident")
        print(f"  sentences: accuracy {sent[0]:.3f}, {sent[1]:.3f} ms a call")
        print(f"  leads:     accuracy {lead[0]:.3f}, {lead[1]:.3f} ms a call")
        print("  by language (sentences): " + ", ".join(
            f"{g} {sent[2][g] / sent[3][g]:.2f}" for g in sorted(sent[3])))
    base = results.get("py3langid (storyline)")
    for name, (sent, lead) in results.items():
        if base is None or name.startswith("py3langid"):
            continue
        print(f"\n{name} / py3langid: sentence accuracy {sent[0] - base[0][0]:+.3f}, lead accuracy "
              f"{lead[0] - base[1][0]:+.3f}, time per sentence x{sent[1] / base[0][1]:.1f}")


if __name__ == "__main__":
    main()
