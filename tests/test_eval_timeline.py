"""Dated timelines scored against human ones (storyline.eval.timeline, `storyline eval timeline`)."""

import json
from datetime import date

from typer.testing import CliRunner

from conftest import EVAL, need
from storyline.cli import app
from storyline.eval.timeline import candidates, storyline_timeline

T17 = EVAL / "mds" / "t17_dev.jsonl"


def test_the_timeline_takes_the_days_sentences_name_most_and_their_central_sentences():
    day = date(2025, 3, 12)
    sentences = [
        (day, 0, "The dam above Velmar burst on Monday, flooding the old town."),
        (day, 1, "On Monday the dam burst and water reached the old town within an hour."),
        (day, 2, "Rescuers searched the old town for survivors."),
        (date(2025, 3, 14), 0, "The mayor resigned on Wednesday after protests over the dam."),
    ]
    made = storyline_timeline(sentences, l=1, k=2)
    assert list(made) == [date(2025, 3, 10)]  # Monday, named twice, before the 12th of the articles
    assert len(made[date(2025, 3, 10)]) == 2


def test_candidates_are_the_span_s_articles_and_sentences_with_a_keyword():
    topic = {"keywords": ["dam"], "articles": [
        {"date": "2025-03-12", "text": "The dam burst.\nRescuers searched the town."},
        {"date": "2025-04-30", "text": "The dam was rebuilt."}]}
    assert candidates(topic, date(2025, 3, 1), date(2025, 3, 31)) == [(date(2025, 3, 12), 0, "The dam burst.")]


def test_eval_timeline_scores_t17_dev_above_the_floor():
    result = CliRunner().invoke(app, ["eval", "timeline", str(need(T17)), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert set(scores) == {"ar1_f", "ar2_f", "date_f1", "timelines", "seconds"} and scores["timelines"] == 9
    # floors, measured on 2026-12-04 (late, CentroidOpt per date): 0.105 / 0.028 / 0.502 (first sentences: 0.083 / 0.021 / 0.453)
    assert scores["ar1_f"] >= 0.104 and scores["ar2_f"] >= 0.027 and scores["date_f1"] >= 0.50
