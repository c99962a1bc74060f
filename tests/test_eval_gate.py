"""Clustering quality on the public dev sets (../shared/eval/cluster), pinned as floors.

Measured 2026-11-26: BASIL B-cubed F1 0.991, ECB+ 0.867. Raise these when it improves.
"""

import pytest

from storyline.eval.cluster import bcubed, evaluate_clustering, pairwise

from conftest import EVAL, need

FLOORS = {"basil_dev.jsonl": 0.985, "ecbplus_dev.jsonl": 0.86}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_bcubed_f1_floor(name):
    result = evaluate_clustering(need(EVAL / "cluster" / name))
    assert result["bcubed"]["f1"] >= FLOORS[name], result


def test_metrics_on_known_partitions():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    assert bcubed(gold, gold)["f1"] == 1.0
    one = {k: 0 for k in gold}
    assert bcubed(one, gold)["precision"] == 0.5 and bcubed(one, gold)["recall"] == 1.0
    assert pairwise(one, gold)["precision"] == pytest.approx(2 / 6)
