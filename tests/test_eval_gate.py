"""Clustering quality on the public dev sets (../shared/eval/cluster), pinned as floors.

Measured 2026-11-26: BASIL B-cubed F1 0.991, ECB+ 0.867. Raise these when it improves.
"""

import pytest

from storyline.eval.cluster import bcubed, evaluate_clustering, pairwise
from storyline.eval.run import format_report, run_eval

from conftest import EVAL, need

FLOORS = {"basil_dev.jsonl": 0.985, "ecbplus_dev.jsonl": 0.86}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_bcubed_f1_floor(name):
    result = evaluate_clustering(need(EVAL / "cluster" / name))
    assert result.bcubed["f1"] >= FLOORS[name], result


def test_metrics_on_known_partitions():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    assert bcubed(gold, gold)["f1"] == 1.0
    one = {k: 0 for k in gold}
    assert bcubed(one, gold)["precision"] == 0.5 and bcubed(one, gold)["recall"] == 1.0
    assert pairwise(one, gold)["precision"] == pytest.approx(2 / 6)


def test_full_report_covers_every_clustering_set_and_t17_storylines():
    results = run_eval(need(EVAL), corpora=[])
    runs = {(r["dataset"], r["dates"]) for r in results["cluster"]}
    assert runs == {("allsides_dev.jsonl", True), ("allsides_dev.jsonl", False), ("basil_dev.jsonl", True),
                    ("ecbplus_dev.jsonl", True), ("fnc1_dev.jsonl", True), ("multinews_dev.jsonl", True)}
    [t17] = results["storylines"]
    assert t17["gold_storylines"] == 4 and t17["articles"] == 1479
    assert results["skipped"] == []
    text = format_report(results)
    assert "allsides_dev.jsonl (no dates)" in text and "t17_dev.jsonl" in text
