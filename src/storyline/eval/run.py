"""`storyline eval`: every benchmark we have, measured and printed in one go."""

from __future__ import annotations

from pathlib import Path

from storyline.eval.cluster import ClusterScore, evaluate_clustering
from storyline.eval.corpus import evaluate_corpus
from storyline.eval.data import load
from storyline.eval.storylines import StorylineScore, evaluate_storylines

# Every one-article-a-line file in eval/cluster is a clustering set except these.
NOT_CLUSTER_SETS = ("_stories.jsonl",)
# Multi-News as a clustering set: all articles mixed, gold = the line they came from.
EXTRA_CLUSTER_SETS = ("mds/multinews_dev.jsonl",)
# Sets also run with every date blanked (AllSides' undated articles carry their story's day).
DATE_FREE_SETS = ("cluster/allsides_dev.jsonl",)
STORYLINE_SETS = ("mds/t17_dev.jsonl",)


def default_eval_dir() -> Path:
    """../shared/eval next to the checkout, where the team keeps the public dev sets."""
    return Path(__file__).resolve().parents[3].parent / "shared" / "eval"


def cluster_sets(eval_dir: Path) -> list[tuple[Path, bool]]:
    """(file, dates) for each clustering run of the full report, in report order."""
    files = [p for p in sorted((eval_dir / "cluster").glob("*.jsonl")) if not p.name.endswith(NOT_CLUSTER_SETS)]
    runs = [(p, True) for p in files] + [(eval_dir / rel, True) for rel in EXTRA_CLUSTER_SETS]
    runs += [(eval_dir / rel, False) for rel in DATE_FREE_SETS]
    return runs


def run_eval(eval_dir: Path | None = None, corpora: list[Path] | None = None) -> dict:
    eval_dir = eval_dir or default_eval_dir()
    results: dict = {"cluster": [], "storylines": [], "corpus": [], "skipped": []}
    if not (eval_dir / "cluster").is_dir():
        results["skipped"].append(f"{eval_dir / 'cluster'}: not found")
    for path, dates in cluster_sets(eval_dir):
        if path.is_file():
            results["cluster"].append(cluster_row(evaluate_clustering(load(path, dates=dates))))
        else:
            results["skipped"].append(f"{path}: not found")
    for rel in STORYLINE_SETS:
        path = eval_dir / rel
        if path.is_file():
            results["storylines"].append({"dataset": path.name, **evaluate_storylines(path).as_dict()})
        else:
            results["skipped"].append(f"{path}: not found")
    if corpora is None:
        corpora = [p.parent for p in sorted((eval_dir.parent / "corpus").glob("*/gold.json"))]
        corpora += [p.parent for p in sorted((Path(__file__).resolve().parents[3] / "examples").glob("*/gold.json"))]
    for folder in corpora:
        results["corpus"].append(evaluate_corpus(folder).as_dict())
    return results


def cluster_row(score: ClusterScore) -> dict:
    return {"dataset": score.dataset, "dates": score.dated, **score.as_dict(),
            "pairwise": {k: round(v, 4) for k, v in score.pairwise.items()}}


def format_cluster(score: ClusterScore) -> str:
    """The text `storyline eval cluster FILE` prints."""
    b = score.bcubed
    blanked = "" if score.dated else " (dates blanked)"
    return "\n".join([
        f"{score.dataset}{blanked}: {score.articles} articles, {score.gold_clusters} gold clusters, "
        f"{score.clusters} clusters found",
        f"  B-cubed   precision {b['precision']:.3f}  recall {b['recall']:.3f}  F1 {b['f1']:.3f}",
        f"  pairwise  precision {score.pairwise['precision']:.3f}  recall {score.pairwise['recall']:.3f}  "
        f"F1 {score.pairwise['f1']:.3f}",
        f"  clustering took {score.seconds:.2f} s",
    ])


def format_storylines(score: StorylineScore) -> str:
    """The text `storyline eval storylines FILE` prints."""
    b = score.bcubed
    return "\n".join([
        f"{score.dataset}: {score.articles} articles, {score.gold_storylines} gold storylines, "
        f"{score.events} events, {score.storylines} storylines found, "
        f"{score.mixed_storylines} of them mixing two or more gold storylines",
        f"  B-cubed   precision {b['precision']:.3f}  recall {b['recall']:.3f}  F1 {b['f1']:.3f}",
        f"  pairwise  precision {score.pairwise['precision']:.3f}  recall {score.pairwise['recall']:.3f}  "
        f"F1 {score.pairwise['f1']:.3f}",
        f"  clustering and linking took {score.seconds:.2f} s",
    ])


def format_report(results: dict) -> str:
    lines = ["Event clustering (B-cubed / pairwise F1)"]
    for r in results["cluster"]:
        b = r["bcubed"]
        name = r["dataset"] + ("" if r["dates"] else " (no dates)")
        lines.append(f"  {name:<32} articles {r['articles']:>4}  gold {r['gold_clusters']:>3}  found "
                     f"{r['clusters']:>3}  B3 P {b['precision']:.3f} R {b['recall']:.3f} F1 {b['f1']:.3f}  "
                     f"pairwise F1 {r['pairwise_f1']:.3f}  {r['seconds']:.2f} s")
    if results["storylines"]:
        lines.append("Storylines (each article's storyline against its gold topic)")
    for r in results["storylines"]:
        b = r["bcubed"]
        lines.append(f"  {r['dataset']:<32} articles {r['articles']:>4}  gold {r['gold_storylines']:>3}  found "
                     f"{r['storylines']:>3} ({r['mixed_storylines']} mixed, {r['events']} events)  "
                     f"B3 P {b['precision']:.3f} R {b['recall']:.3f} F1 {b['f1']:.3f}  "
                     f"pairwise F1 {r['pairwise_f1']:.3f}  {r['seconds']:.2f} s")
    for r in results["corpus"]:
        lines.append(f"Corpus {r['corpus']}: events exact {r['events_exact']} (B3 F1 {r['events_bcubed']:.3f}), "
                     f"storylines exact {r['storylines_exact']}")
        for name, c in r["checks"].items():
            lines.append(f"  {name:<15} {c['found']}/{c['total']}")
        for miss in r["misses"]:
            lines.append(f"  missed: {miss}")
        for leak in r["leaks"]:
            lines.append(f"  leak: {leak}")
    for s in results["skipped"]:
        lines.append(f"skipped: {s}")
    return "\n".join(lines)


def format_align(report) -> str:
    """One corpus's alignment scores, one line a measure."""
    scores = report.align_dict()
    lines = [f"Corpus {report.corpus}: events B3 F1 {scores['events']['bcubed_f1']:.3f}"]
    for name in ("discrepancies", "quotes", "consensus"):
        matching, shown = report.reported.get(name, (0, 0))
        found, total = report.found(name)
        lines.append(f"  {name:<14} precision {scores[name]['precision']:.2f} ({matching}/{shown} shown match gold)  "
                     f"recall {scores[name]['recall']:.2f} ({found}/{total} gold found)")
    checked, supported = scores["citations"]["checked"], scores["citations"]["supported"]
    lines.append(f"  citations      {supported} of {checked} support their claim")
    lines.append(f"  must recall    {scores['must_recall']:.2f}")
    lines += [f"  missed: {m}" for m in report.misses]
    return "\n".join(lines)
