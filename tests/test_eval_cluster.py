"""Evaluation of clustering and storylines: the gold-file loaders (both JSONL shapes),
the metrics on partitions worked out by hand, and `storyline eval cluster|storylines`
as users run it (the installed script in a subprocess)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.eval.cluster import bcubed, cross_topic_merges, evaluate_clustering, pairwise
from storyline.eval.data import ARTICLE_PER_LINE, CLUSTER_PER_LINE, detect_shape, load
from storyline.eval.storylines import evaluate_storylines

from conftest import EVAL, need

BIN = Path(sys.executable).parent / "storyline"

# Two events of one storyline (a port strike and its settlement) and an unrelated event.
STRIKE = [
    ("s1", "Dockers strike at Rotterdam port", "Dockers at the port of Rotterdam walked out on Monday over pay, "
     "halting container traffic at Europe's largest port.", "2025-03-03"),
    ("s2", "Rotterdam port strike halts containers", "Container traffic at the port of Rotterdam stopped as dockers "
     "began a strike over pay on Monday.", "2025-03-03"),
    ("s3", "Rotterdam dockers end strike after pay deal", "Dockers at the port of Rotterdam returned to work after "
     "unions and employers agreed a pay deal.", "2025-03-12"),
]
QUAKE = [
    ("q1", "Earthquake shakes northern Chile", "A magnitude 6.8 earthquake struck northern Chile near Antofagasta, "
     "damaging roads and cutting power.", "2025-03-05"),
    ("q2", "Chile quake cuts power in Antofagasta", "Power was cut across Antofagasta after a strong earthquake hit "
     "northern Chile on Wednesday.", "2025-03-05"),
]


def article_rows():
    rows = [{"id": i, "title": t, "text": x, "date": d, "lang": "en", "source": "Outlet", "cluster": "strike-" + i[1],
             "storyline": "strike"} for i, t, x, d in STRIKE]
    rows[1]["cluster"] = "strike-1"
    rows += [{"id": i, "title": t, "text": x, "date": d, "lang": "en", "source": "Outlet", "cluster": "quake",
              "storyline": "quake"} for i, t, x, d in QUAKE]
    return rows


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def article_file(tmp_path):
    return write_jsonl(tmp_path / "pile.jsonl", article_rows())


@pytest.fixture
def cluster_file(tmp_path):
    lines = [{"id": "strike", "reference": "Dockers struck.", "articles": [
                 {"id": i, "text": x, "title": t, "date": d} for i, t, x, d in STRIKE[:2]]},
             {"id": "quake", "articles": [{"id": i, "text": x} for i, _, x, _ in QUAKE]}]
    return write_jsonl(tmp_path / "mds.jsonl", lines)


def test_article_per_line_file_keeps_cluster_storyline_and_dates(article_file):
    assert detect_shape(article_file) == ARTICLE_PER_LINE
    gold = load(article_file)
    assert [d.id for d in gold.docs] == ["s1", "s2", "s3", "q1", "q2"]
    assert gold.cluster == {"s1": "strike-1", "s2": "strike-1", "s3": "strike-3", "q1": "quake", "q2": "quake"}
    assert gold.storyline["s3"] == "strike" and gold.storyline["q1"] == "quake"
    assert gold.docs[2].published.date().isoformat() == "2025-03-12"
    assert gold.docs[0].title.startswith("Dockers strike")


def test_cluster_per_line_file_makes_each_line_one_gold_cluster(cluster_file):
    assert detect_shape(cluster_file) == CLUSTER_PER_LINE
    gold = load(cluster_file)
    assert gold.cluster == {"s1": "strike", "s2": "strike", "q1": "quake", "q2": "quake"}
    assert gold.storyline == gold.cluster
    dated = {d.id: d.published for d in gold.docs}
    assert dated["s1"] is not None and dated["q1"] is None  # no date given: undated
    assert {d.id: d.title for d in gold.docs}["q1"] is None


def test_no_dates_blanks_every_date_and_repeated_ids_stay_distinct(tmp_path):
    rows = article_rows()
    rows[4]["id"] = rows[3]["id"]  # BASIL repeats an id ("basil_empty")
    gold = load(write_jsonl(tmp_path / "x.jsonl", rows), dates=False)
    assert all(d.published is None for d in gold.docs)
    assert [d.id for d in gold.docs][3:] == ["q1", "q1~2"] and len(gold.cluster) == 5
    assert load(write_jsonl(tmp_path / "y.jsonl", article_rows()[:2] + [{**article_rows()[2], "storyline": None}])).storyline is None


def test_a_file_of_neither_shape_is_refused_with_the_line(tmp_path):
    path = write_jsonl(tmp_path / "bad.jsonl", [{"id": "a", "text": "no gold label"}])
    with pytest.raises(ValueError, match=r"bad.jsonl:1: neither"):
        load(path)


def test_metrics_on_partitions_worked_out_by_hand():
    gold = {"a": 1, "b": 1, "c": 1, "d": 2}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y"}
    b = bcubed(pred, gold)
    # precision: a,b 2/2; c,d 1/2 -> 0.75; recall: a,b 2/3; c 1/3; d 1/1 -> 2/3
    assert b["precision"] == pytest.approx(0.75) and b["recall"] == pytest.approx(2 / 3)
    assert b["f1"] == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))
    p = pairwise(pred, gold)  # predicted pairs ab, cd; gold pairs ab, ac, bc
    assert p["precision"] == pytest.approx(0.5) and p["recall"] == pytest.approx(1 / 3)
    assert bcubed({}, gold)["precision"] == 1.0  # a missing prediction is a singleton
    assert pairwise({k: 0 for k in gold}, gold)["recall"] == 1.0


def test_cross_topic_merges_counts_same_topic_other_event_pairs():
    gold = {"a": "1a", "b": "1b", "c": "1b", "d": "2a"}
    topic = {"a": "1", "b": "1", "c": "1", "d": "2"}
    assert cross_topic_merges({"a": 0, "b": 0, "c": 1, "d": 0}, gold, topic) == pytest.approx(1 / 2)
    assert cross_topic_merges({k: k for k in gold}, gold, topic) == 0.0


def test_evaluate_clustering_and_storylines_on_a_small_pile(article_file):
    score = evaluate_clustering(article_file)
    assert score.articles == 5 and score.gold_clusters == 3 and 1 <= score.clusters <= 5
    assert 0.0 < score.bcubed["f1"] <= 1.0 and score.seconds >= 0
    stories = evaluate_storylines(article_file)
    assert stories.gold_storylines == 2 and stories.articles == 5
    assert 0 <= stories.mixed_storylines <= stories.storylines


def run(*args):
    return subprocess.run([str(BIN), *map(str, args)], capture_output=True, text=True, timeout=300)


def test_cli_eval_cluster_json_has_exactly_the_documented_keys(article_file, cluster_file):
    for path in (article_file, cluster_file):
        result = run("eval", "cluster", path, "--json")
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert set(data) == {"bcubed", "pairwise_f1", "clusters", "gold_clusters", "articles", "seconds"}
        assert set(data["bcubed"]) == {"precision", "recall", "f1"}
    assert data["articles"] == 4 and data["gold_clusters"] == 2
    text = run("eval", "cluster", article_file, "--no-dates")
    assert text.returncode == 0 and "(dates blanked)" in text.stdout and "B-cubed" in text.stdout
    online = run("eval", "cluster", article_file, "--online", "1", "--json")  # through a store, one at a time
    assert online.returncode == 0, online.stderr
    assert json.loads(online.stdout)["articles"] == 5 and json.loads(online.stdout)["bcubed"]["f1"] > 0


def test_cli_eval_storylines_json_and_refusals(article_file, tmp_path):
    result = run("eval", "storylines", article_file, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"bcubed", "pairwise_f1", "storylines", "gold_storylines", "mixed_storylines"} <= set(data)
    no_story = write_jsonl(tmp_path / "nostory.jsonl", [{k: v for k, v in r.items() if k != "storyline"}
                                                        for r in article_rows()])
    refused = run("eval", "storylines", no_story)
    assert refused.returncode == 2 and "no gold storylines" in refused.stderr
    assert run("eval", "cluster", tmp_path / "missing.jsonl").returncode == 2


def test_shared_dev_sets_load_with_the_documented_counts():
    basil = load(need(EVAL / "cluster" / "basil_dev.jsonl"))
    assert len(basil.docs) == 150 and len(set(basil.cluster.values())) == 50
    ecb = load(need(EVAL / "cluster" / "ecbplus_dev.jsonl"))
    assert len(ecb.docs) == 772 and len(set(ecb.topic.values())) == 33
    news = load(need(EVAL / "mds" / "multinews_dev.jsonl"))
    assert len(news.docs) == 690 and len(set(news.cluster.values())) == 250
    t17 = load(need(EVAL / "mds" / "t17_dev.jsonl"))
    assert len(t17.docs) == 1479 and len(set(t17.storyline.values())) == 4
    assert all(d.published for d in t17.docs)
