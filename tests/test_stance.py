"""Stance (storyline.align.stance) and its FNC-1 evaluation (storyline.eval.stance)."""

import json

from typer.testing import CliRunner

from storyline.align.stance import stances
from storyline.cli import app
from storyline.eval.stance import fnc_score

from conftest import EVAL, need

CLAIM = "Singer Lena Varro was arrested at Ostrava airport for carrying a stolen painting"
REPORTS = ("Police at Ostrava airport on Friday detained a woman carrying a small painting wrapped in newspaper. "
           "Airport officials said the painting had been reported stolen from a gallery in Brno. "
           "Several fans claimed online that the woman was the singer Lena Varro.")
REFUTES = ("A spokesman for singer Lena Varro said on Saturday that reports of her arrest at Ostrava airport were "
           "a hoax and that she had been on tour in Lisbon all week. "
           "The gallery in Brno said its painting was never stolen.")
OTHER = ("The city council of Tarnow approved a new budget for road repairs on Monday, "
         "with most of the money going to bridges on the Dunajec river.")


def test_an_article_refuting_a_claim_disagrees_and_one_on_another_story_is_unrelated():
    got = stances([CLAIM] * 3, [REPORTS, REFUTES, OTHER], ["e1", "e1", "e2"])
    assert got == ["discuss", "disagree", "unrelated"]


def test_fnc_score_weighs_relatedness_a_quarter_and_the_stance_the_rest():
    gold = ["unrelated", "agree", "discuss", "disagree"]
    assert fnc_score(gold, gold) == 1.0
    assert fnc_score(gold, ["unrelated"] * 4) == 0.25 / 3.25
    # related right everywhere (0.25 each), the stance right for "discuss" only (0.75 more)
    assert fnc_score(gold, ["unrelated", "discuss", "discuss", "discuss"]) == (0.25 + 0.25 + 1.0 + 0.25) / 3.25


def test_fnc1_dev_stance_at_or_above_the_floor():
    pairs, bodies = need(EVAL / "stance" / "fnc1_dev.jsonl"), need(EVAL / "cluster" / "fnc1_dev.jsonl")
    result = CliRunner().invoke(app, ["eval", "stance", str(pairs), "--bodies", str(bodies), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert set(scores) == {"fnc_score", "macro_f1", "pairs", "seconds"} and scores["pairs"] == 8104
    # floors, measured on 2026-12-03 (all "unrelated" scores 0.256)
    assert scores["fnc_score"] >= 0.757 and scores["macro_f1"] >= 0.498


def test_eval_stance_names_the_bad_line(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"headline": "x", "body_id": "b1", "stance": "agree"}\n{oops\n', encoding="utf-8")
    bodies = tmp_path / "bodies.jsonl"
    bodies.write_text('{"id": "b1", "text": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "stance", str(pairs), "--bodies", str(bodies)])
    assert result.exit_code == 2 and f"{pairs}:2: not JSON" in result.output
