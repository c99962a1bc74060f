"""Clustering quality on the public dev sets (../shared/eval), pinned as floors.

Measured 2026-12-03 (B-cubed F1): BASIL 0.986, ECB+ 0.877, AllSides 0.850 (dates blanked
0.729), FNC-1 0.943, Multi-News mixed 0.809; T17 storylines 0.896 with 5 storylines mixing
topics. Through the store, the articles arriving in date order N at a time
(`storyline eval cluster --online N`), measured 2026-12-03: 50 at a time BASIL 0.991,
FNC-1 0.928, AllSides 0.847, ECB+ 0.868; one at a time BASIL 0.981, FNC-1 0.921.
Raise these when it improves; never lower them.
"""

import pytest

from storyline.eval.cluster import bcubed, evaluate_clustering, evaluate_online, pairwise
from storyline.eval.run import format_report, run_eval

from conftest import EVAL, need

# (file, dates kept) -> B-cubed F1 floor, for the runs of the full report
FLOORS = {("basil_dev.jsonl", True): 0.985, ("ecbplus_dev.jsonl", True): 0.875, ("allsides_dev.jsonl", True): 0.848,
          ("allsides_dev.jsonl", False): 0.727, ("fnc1_dev.jsonl", True): 0.94, ("multinews_dev.jsonl", True): 0.805}
T17_FLOOR, T17_MIXED_CEILING = 0.89, 5
# (file, articles per arrival) -> B-cubed F1 floor through the store (Engine.update_events)
ONLINE_FLOORS = {("basil_dev.jsonl", 50): 0.99, ("fnc1_dev.jsonl", 50): 0.925, ("allsides_dev.jsonl", 50): 0.845,
                 ("ecbplus_dev.jsonl", 50): 0.865, ("basil_dev.jsonl", 1): 0.98, ("fnc1_dev.jsonl", 1): 0.92}


@pytest.fixture(scope="module")
def report():
    return run_eval(need(EVAL), corpora=[])


@pytest.mark.parametrize("run", sorted(FLOORS), ids=lambda r: f"{r[0]}{'' if r[1] else ' (no dates)'}")
def test_bcubed_f1_floor(report, run):
    [result] = [r for r in report["cluster"] if (r["dataset"], r["dates"]) == run]
    assert result["bcubed"]["f1"] >= FLOORS[run], result


def test_t17_storylines_floor(report):
    [t17] = report["storylines"]
    assert t17["bcubed"]["f1"] >= T17_FLOOR and t17["mixed_storylines"] <= T17_MIXED_CEILING, t17


def test_evaluate_clustering_scores_one_file():
    result = evaluate_clustering(need(EVAL / "cluster" / "basil_dev.jsonl"))
    assert result.bcubed["f1"] >= FLOORS[("basil_dev.jsonl", True)]


def test_metrics_on_known_partitions():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    assert bcubed(gold, gold)["f1"] == 1.0
    one = {k: 0 for k in gold}
    assert bcubed(one, gold)["precision"] == 0.5 and bcubed(one, gold)["recall"] == 1.0
    assert pairwise(one, gold)["precision"] == pytest.approx(2 / 6)


def test_full_report_covers_every_clustering_set_and_t17_storylines(report):
    results = report
    runs = {(r["dataset"], r["dates"]) for r in results["cluster"]}
    assert runs == {("allsides_dev.jsonl", True), ("allsides_dev.jsonl", False), ("basil_dev.jsonl", True),
                    ("ecbplus_dev.jsonl", True), ("fnc1_dev.jsonl", True), ("multinews_dev.jsonl", True)}
    [t17] = results["storylines"]
    assert t17["gold_storylines"] == 4 and t17["articles"] == 1479
    assert results["skipped"] == []
    text = format_report(results)
    assert "allsides_dev.jsonl (no dates)" in text and "t17_dev.jsonl" in text


@pytest.mark.parametrize("run", sorted(ONLINE_FLOORS), ids=lambda r: f"{r[0]} {r[1]} at a time")
def test_online_bcubed_f1_floor(run):
    """Daily ingests place new articles among stored events; that path must hold up too."""
    name, batch = run
    result = evaluate_online(need(EVAL / "cluster" / name), batch)
    assert result.bcubed["f1"] >= ONLINE_FLOORS[run], result
