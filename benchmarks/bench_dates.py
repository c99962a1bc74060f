"""Undated-article date estimates (storyline.analyze.dates.estimate_date) on the dev sets.

allsides_dev.jsonl: rows with date_from == "url" have true dates. Each one is blanked
and estimated twice: with context = the dates of the other articles of its gold
cluster, and with no context and reference = the dataset's median date.
basil_dev.jsonl: every row is dated; the same two runs over all rows.

Prints, per set and mode: n, exact-day accuracy, within 1 day, within 3 days, share
None, and the mix of `how` words; with two baselines: the old rule (the latest
calendar date named, years from the context median or reference) and the context
median alone. Run from the repo root:

    .venv/bin/python benchmarks/bench_dates.py [--eval-dir ../shared/eval] [--shift 0]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

from storyline.analyze.dates import ABSOLUTE, DateGuess, estimate_date, find_dates


def old_rule(title, body, context=(), reference=None):
    """The rule before estimate_date: the latest calendar date the text names."""
    ctx = sorted(context)
    anchor = ctx[len(ctx) // 2] if ctx else reference
    days = [f.last for f in find_dates(body[:4000], anchor, kinds=ABSOLUTE)] if anchor else []
    return DateGuess(max(days), "latest", 0.0) if days else None


def median_only(title, body, context=(), reference=None):
    """Baseline: the context's median, whatever the text says."""
    ctx = sorted(context)
    return DateGuess(ctx[(len(ctx) - 1) // 2], "event", 0.0) if ctx else None


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run(rows: list[dict], targets: list[dict], with_context: bool, shift: int = 0, estimate=estimate_date) -> dict:
    by_cluster: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_cluster[r["cluster"]].append(r)
    known = sorted(date.fromisoformat(r["date"]) for r in rows if r.get("date"))
    median = known[len(known) // 2]
    errors: list[int | None] = []
    hows: Counter = Counter()
    hits: Counter = Counter()  # exact days per `how` word
    for r in targets:
        truth = date.fromisoformat(r["date"])
        if with_context:
            context = [date.fromisoformat(o["date"]) for o in by_cluster[r["cluster"]]
                       if o is not r and o.get("date")]
            guess = estimate(r.get("title"), r["text"], context)
        else:
            guess = estimate(r.get("title"), r["text"], (), median)
        if guess is None:
            errors.append(None)
            hows["None"] += 1
            continue
        word = guess.how.split(":")[0]
        hows[word] += 1
        errors.append(abs((guess.day + timedelta(days=shift) - truth).days))
        hits[word] += errors[-1] == 0
    n = len(errors)
    share = lambda ok: sum(1 for e in errors if ok(e)) / n if n else 0.0  # noqa: E731
    return {
        "n": n,
        "exact": share(lambda e: e == 0),
        "within1": share(lambda e: e is not None and e <= 1),
        "within3": share(lambda e: e is not None and e <= 3),
        "none": share(lambda e: e is None),
        "how": {w: f"{k} ({hits[w] / k:.0%} exact)" if w != "None" else k for w, k in hows.most_common()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=Path(__file__).resolve().parents[1] / ".." / "shared" / "eval")
    parser.add_argument("--shift", type=int, default=0, help="add this many days to every guess (to compare +0 and +1)")
    args = parser.parse_args()
    base = args.eval_dir / "cluster"
    allsides = load(base / "allsides_dev.jsonl")
    basil = load(base / "basil_dev.jsonl")
    sets = [
        ("allsides (date_from=url)", allsides, [r for r in allsides if r.get("date_from") == "url" and r.get("date")]),
        ("basil (all)", basil, [r for r in basil if r.get("date")]),
    ]
    print(f"{'set':26} {'mode':22} {'rule':13} {'n':>4} {'exact':>6} {'<=1d':>6} {'<=3d':>6} {'None':>6}  how")
    rules = [("estimate_date", estimate_date), ("old: latest", old_rule), ("ctx median", median_only)]
    for name, rows, targets in sets:
        for mode, with_context in (("context=gold cluster", True), ("reference=median", False)):
            for rule, estimate in rules:
                if rule == "ctx median" and not with_context:
                    continue
                m = run(rows, targets, with_context, args.shift, estimate)
                how = m["how"] if rule == "estimate_date" else ""
                print(f"{name:26} {mode:22} {rule:13} {m['n']:4d} {m['exact']:6.1%} {m['within1']:6.1%} "
                      f"{m['within3']:6.1%} {m['none']:6.1%}  {how}")

if __name__ == "__main__":
    main()
