"""`storyline eval`: every benchmark we have, measured and printed in one go."""

from __future__ import annotations

from pathlib import Path

from storyline.eval.cluster import evaluate_clustering
from storyline.eval.corpus import evaluate_corpus

CLUSTER_SETS = ("basil_dev.jsonl", "ecbplus_dev.jsonl")


def default_eval_dir() -> Path:
    """../shared/eval next to the checkout, where the team keeps the public dev sets."""
    return Path(__file__).resolve().parents[3].parent / "shared" / "eval"


def run_eval(eval_dir: Path | None = None, corpora: list[Path] | None = None) -> dict:
    eval_dir = eval_dir or default_eval_dir()
    results: dict = {"cluster": [], "corpus": [], "skipped": []}
    for name in CLUSTER_SETS:
        path = eval_dir / "cluster" / name
        if path.is_file():
            r = evaluate_clustering(path)
            r.pop("counts", None)
            results["cluster"].append(r)
        else:
            results["skipped"].append(f"{path}: not found")
    if corpora is None:
        corpora = [p.parent for p in sorted((eval_dir.parent / "corpus").glob("*/gold.json"))]
        corpora += [p.parent for p in sorted((Path(__file__).resolve().parents[3] / "examples").glob("*/gold.json"))]
    for folder in corpora:
        results["corpus"].append(evaluate_corpus(folder).as_dict())
    return results


def format_report(results: dict) -> str:
    lines = ["Event clustering (B-cubed / pairwise F1)"]
    for r in results["cluster"]:
        b, p = r["bcubed"], r["pairwise"]
        lines.append(f"  {r['dataset']:<22} articles {r['articles']:>4}  gold {r['gold_clusters']:>3}  predicted "
                     f"{r['predicted_clusters']:>3}  B3 P {b['precision']:.3f} R {b['recall']:.3f} F1 {b['f1']:.3f}  "
                     f"pairwise F1 {p['f1']:.3f}")
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
