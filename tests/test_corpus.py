"""Quality gates on the gold-annotated corpora: the brief must find what gold.json lists.

mali-2022 holds five real articles (read from ../shared, skipped where absent);
harbour-2025 and wildfire-2024 are fictional corpora written for the project
(wildfire-2024 was written as a held-out set, without sight of the code).
Floors only go up.
"""

import pytest

from storyline.eval.corpus import evaluate_corpus

from conftest import EXAMPLE, MALI, need

QUAKE = EXAMPLE.parent / "quake-2026"  # written for the alignment issue's hard cases, without sight of the code

# (found, total) floors per check; raise them when the code gets better, never lower them.
# Consensus counts an outlet only where its cited sentence states the fact (the citation
# contract, since storyline.align.v2). Measured that way, the code before the contract found
# harbour 2/4 must and 2/4 should, wildfire 3/7 must and 3/5 should: the floors below are
# at or above it everywhere (wildfire's old "should" floor of 4 was reached by citing
# outlets whose sentences give other figures).
FLOORS = {
    "mali-2022": {"discrepancies": 1, "discrepancies (should)": 1, "resolved_dates": 3, "quotes": 5, "consensus": 3,
                  "resolved_dates (should)": 1, "quotes (should)": 1, "consensus (should)": 2},
    "harbour-2025": {"discrepancies": 1, "discrepancies (should)": 1, "resolved_dates": 4, "quotes": 7, "consensus": 4,
                     "resolved_dates (should)": 3, "quotes (should)": 5, "consensus (should)": 3},
    "wildfire-2024": {"discrepancies": 1, "resolved_dates": 5, "quotes": 6, "consensus": 6,
                      "resolved_dates (should)": 5, "quotes (should)": 7, "consensus (should)": 3},
    "quake-2026": {"discrepancies": 4, "resolved_dates": 4, "quotes": 9, "consensus": 2,
                   "resolved_dates (should)": 8, "quotes (should)": 3, "consensus (should)": 5},
}
# B-cubed F1 of events against gold; 1.0 means exactly the gold events.
EVENT_FLOORS = {"mali-2022": 1.0, "harbour-2025": 1.0, "wildfire-2024": 0.94, "quake-2026": 0.79}
CORPORA = {"mali-2022": MALI, "harbour-2025": EXAMPLE, "wildfire-2024": EXAMPLE.parent / "wildfire-2024",
           "quake-2026": QUAKE}


@pytest.fixture(scope="module", params=sorted(CORPORA))
def report(request):
    return evaluate_corpus(need(CORPORA[request.param]))


def test_events_and_storylines_match_gold(report):
    assert report.events_bcubed >= EVENT_FLOORS[report.corpus], report.as_dict()
    assert report.storylines_exact, report.as_dict()


def test_gold_items_found_at_or_above_the_floor(report):
    for check, floor in FLOORS[report.corpus].items():
        found, total = report.checks[check]
        assert found >= floor, (check, report.misses)


def test_no_boilerplate_or_heading_reaches_the_brief(report):
    assert report.leaks == []


def test_mali_discrepancy_and_dates_in_detail(mali_engine):
    event = next(e for e in mali_engine.events() if len(e.article_ids) == 3)
    brief = mali_engine.brief(event.id)
    [d] = [d for d in brief.discrepancies if "Denmark" in d.slot]
    values = {v.value: sorted({c.outlet for c in v.citations}) for v in d.values}
    assert values == {"90": ["RFI"], "105": ["France 24", "Teller Report"], "about 100": ["Teller Report"]}
    dates = {t.date for t in brief.timeline}
    assert {"2022-01-24", "2022-01-18"} <= dates
    speakers = {q.speaker for q in brief.quotes}
    assert {"Jean-Yves Le Drian", "Jeppe Kofod", "Abdoulaye Maiga"} <= speakers


def _events_by_file(db, paths):
    from storyline.engine import Engine

    engine = Engine(db=str(db))
    engine.ingest(paths)
    source = {a.id: a.source.rsplit("/", 1)[-1] for a in engine.articles()}
    events = {e.id: (e.storyline_id, sorted(source[a] for a in e.article_ids)) for e in engine.events()}
    engine.close()
    return events


def test_mali_events_and_ids_are_the_same_on_every_run_and_in_any_input_order(tmp_path):
    """Three runs of the folder and two shuffled file orders give the gold's three events and one
    storyline, with identical event and storyline ids."""
    import json
    import random

    folder = need(MALI)
    gold = json.loads((folder / "gold.json").read_text())
    files = sorted(p for p in folder.glob("*.txt"))
    runs = [_events_by_file(tmp_path / f"run{i}.db", [folder]) for i in range(3)]
    for seed in (1, 2):
        shuffled = files[:]
        random.Random(seed).shuffle(shuffled)
        runs.append(_events_by_file(tmp_path / f"shuffled{seed}.db", shuffled))
    assert all(run == runs[0] for run in runs)
    assert sorted(files for _, files in runs[0].values()) == sorted(sorted(e["articles"]) for e in gold["events"])
    assert len({story for story, _ in runs[0].values()}) == len(gold["storylines"]) == 1


def test_eval_align_prints_precision_recall_citations_and_must_recall():
    import json as jsonlib

    from typer.testing import CliRunner

    from storyline.cli import app

    result = CliRunner().invoke(app, ["eval", "align", str(need(MALI)), "--json"])
    assert result.exit_code == 0, result.output
    scores = jsonlib.loads(result.stdout)
    assert set(scores) == {"corpus", "discrepancies", "quotes", "consensus", "events", "citations", "must_recall"}
    for name in ("discrepancies", "quotes", "consensus"):
        assert set(scores[name]) == {"precision", "recall"}
        assert 0 <= scores[name]["precision"] <= 1 and 0 <= scores[name]["recall"] <= 1
    # floors, as measured on 2026-12-03
    assert scores["must_recall"] >= 1.0 and scores["events"]["bcubed_f1"] >= 1.0
    assert scores["discrepancies"]["precision"] >= 1.0 and scores["quotes"]["recall"] >= 1.0
    # where Le Drian spoke, and with whom: found by the quote-setting comparison (align/settings.py)
    assert scores["discrepancies"]["recall"] >= 1.0
    # quote precision against gold.json, which lists six of the corpus's direct quotes, is a floor
    # on the true precision: test_every_direct_quote_of_mali_is_real_with_its_speaker checks all
    # of them by hand (0.46 while quoted fragments counted; 0.60, then 0.545 once the Malian
    # government's statement, a real quote gold does not list, was found)
    assert scores["quotes"]["precision"] >= 0.54
    assert scores["citations"]["checked"] > 50 and scores["citations"]["supported"] == scores["citations"]["checked"]


def test_eval_align_reads_evidence_given_as_file_to_text_and_refuses_a_folder_without_gold(tmp_path):
    import json as jsonlib
    import shutil

    from typer.testing import CliRunner

    from storyline.cli import app

    corpus = tmp_path / "harbour"
    shutil.copytree(EXAMPLE, corpus)  # our own corpus; gold rewritten to the other evidence form
    gold = jsonlib.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    for item in gold["discrepancies"]:
        for value in item["values"]:
            value["evidence"] = {name: text for name, text in zip(value.pop("articles"), value["evidence"])}
    (corpus / "gold.json").write_text(jsonlib.dumps(gold), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "align", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "discrepancies  precision" in result.output and "(2/2 gold found)" in result.output
    empty = tmp_path / "no-gold"
    empty.mkdir()
    result = CliRunner().invoke(app, ["eval", "align", str(empty)])
    assert result.exit_code == 2 and f"{empty}: no gold.json" in result.output


# The direct quotes of mali-2022 that gold.json does not list, read off the articles by hand:
# speaker and opening words. With gold's six, every direct quote a brief shows must be one of them.
MALI_OTHER_QUOTES = {
    ("Jeppe Kofod", "Of course we do not accept that"),
    ("Jeppe Kofod", "We can see that the Malian transitional government"),
    ("Jean-Yves Le Drian", "we will have to draw the consequences"),
    ("French foreign ministry spokesman", "considers that this decision is unjustified"),
    ("Malian government", "there is no agreement that allows the deployment"),  # "a statement of the Malian government"
}


def test_every_direct_quote_of_mali_is_real_with_its_speaker(mali_engine):
    import json

    from storyline.eval.corpus import _covers

    gold = json.loads((need(MALI) / "gold.json").read_text(encoding="utf-8"))["quotes"]
    shown = [q for e in mali_engine.events() for q in mali_engine.brief(e.id).quotes if q.direct]
    for q in shown:
        in_gold = any(item["speaker"] == q.speaker and _covers(item["text"], q.text) >= 0.6 for item in gold)
        by_hand = any(speaker == q.speaker and q.text.startswith(opening) for speaker, opening in MALI_OTHER_QUOTES)
        assert in_gold or by_hand, (q.speaker, q.text)


@pytest.fixture(scope="module")
def quake_briefs(tmp_path_factory):
    from storyline.engine import Engine

    engine = Engine(db=str(tmp_path_factory.mktemp("quake") / "quake.db"))
    engine.ingest([QUAKE])
    files = {a.id: a.source.rsplit("/", 1)[-1][:3] for a in engine.articles()}
    briefs = [engine.brief(e.id) for e in engine.events()]
    engine.close()
    return briefs, files


def test_quake_a_rising_toll_is_an_update_and_a_main_shock_is_never_disputed_with_its_aftershock(quake_briefs):
    briefs, files = quake_briefs
    discrepancies = [d for b in briefs for d in b.discrepancies]
    [toll] = [d for d in discrepancies if d.kind == "update" and any(v.number == 164 for v in d.values)]
    shown = [v.number for v in toll.values]
    assert shown == sorted(shown) and {12, 48, 131, 164} <= set(shown)  # in reporting order, each with its day
    assert all(v.first_reported for v in toll.values)
    magnitudes = [d for d in discrepancies if "magnitude" in d.slot]
    assert [{v.number for v in d.values} for d in magnitudes] == [{6.9, 7.1}]  # 5.4 is the aftershock
    [distance] = [d for d in discrepancies if d.slot.startswith("from Kalmesk")]
    assert {v.value for v in distance.values} == {"about 30 km", "about 19.3 km (about 12 miles)"}


def test_quake_the_same_words_from_two_speakers_and_one_speaker_across_a_translation(quake_briefs):
    briefs, files = quake_briefs
    [who] = [d for b in briefs for d in b.discrepancies if d.about == "attribution"]
    assert {v.value: sorted(files[c.article_id] for c in v.citations) for v in who.values} == \
        {"Bohdan Shelestyuk": ["000"], "Yuliya Tsvarenko": ["002", "006"]}  # 006 in French
    speakers = {q.speaker for b in briefs for q in b.quotes}
    # the French article writes Ioulia Tsvarenko and Bogdan Chelestiouk: one person each
    assert "Yuliya Tsvarenko" in speakers and "Ioulia Tsvarenko" not in speakers and "Bogdan Chelestiouk" not in speakers
    hours = next(q for b in briefs for q in b.quotes if q.text.startswith("Every hour now counts"))
    assert hours.speaker == "Yuliya Tsvarenko"  # "the emergency situations minister" in the wire copies


def test_quake_a_wire_story_run_by_three_outlets_counts_once(quake_briefs):
    briefs, files = quake_briefs
    notes = [n for b in briefs for n in b.notes if n.startswith("near-identical copies")]
    assert len(notes) == 1 and notes[0].count("[") == 3
    wire = [f for b in briefs for f in b.facts if {"003", "004", "005"} <= {files[c.article_id] for c in f.citations}]
    assert wire and all(f.independent <= f.support - 2 for f in wire)


def test_quake_a_toll_of_an_earlier_year_is_background_not_part_of_the_update(quake_briefs):
    briefs, files = quake_briefs
    [toll] = [d for b in briefs for d in b.discrepancies if d.kind == "update" and any(v.number == 164 for v in d.values)]
    assert 37 not in {v.number for v in toll.values}  # "its last deadly earthquake, in 1971, killed 37 people"
    assert {files[c.article_id] for v in toll.values if v.number == 164 for c in v.citations} == {"010", "011"}


def test_a_speaker_shown_by_the_acronym_the_gold_gives_beside_the_name_is_that_speaker():
    from storyline.eval.corpus import _acronym_of

    gold = "UN Office for the Coordination of Humanitarian Affairs (OCHA)"
    assert _acronym_of("OCHA", gold)
    assert not _acronym_of("WHO", gold) and not _acronym_of("Office", gold)  # another body; a word is no acronym
