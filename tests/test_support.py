"""The citation contract (storyline.align.support): a citation supports its claim only when
the cited sentence states the same thing, with the same figures."""

import json

from typer.testing import CliRunner

from storyline.align.support import check_brief, enforce, figure_problem, figures, verdicts
from storyline.cli import app
from storyline.model import Citation, Fact, SummarySentence

from conftest import MALI, need


def values(text):
    return [(f.value, f.approximate, f.unit) for f in figures(text)]


def test_figures_are_counts_amounts_and_lengths_not_dates_times_years_or_ages():
    assert values("Norland will withdraw its contingent of 90 troops.") == [(90.0, False, "")]
    assert values("about 100 special forces soldiers") == [(100.0, True, "")]
    assert values("The toll rose to 1,644 on Saturday, 28 March 2025, at 6:43 pm.") == [(1644.0, False, "")]
    assert values("le 2 avril, 1.700 morts") == [(1700.0, False, "")]  # grouped thousands, not a decimal
    assert values("a 64-year-old teacher, in 2020, on Jan. 18") == []
    assert values("nearly two dozen students") == [(24.0, True, "")]
    [(km, _, unit)] = values("10 miles from the city")
    assert unit == "km" and abs(km - 16.09) < 0.01
    assert values("53% of voters") == [(53.0, False, "%")]
    # after a month a number is a day only up to 31; a year-shaped count of troops is a count
    assert values("On 18 January 90 troops were killed") == [(90.0, False, "")]
    assert values("Some 2000 troops were deployed") == [(2000.0, True, "")]
    assert values("1,250.5 hectares burned") == [(1250.5, False, "")]
    assert values("twenty-five soldiers and ten thousand people") == [(25.0, False, ""), (10000.0, False, "")]
    assert values("The wall is 10 m high, at 3 p.m.") == [(10.0, False, "m")]
    assert values("$5m for the repairs") == [(5e6, False, "")]
    assert values("The toll rose from about 80 to 90 dead") == [(80.0, True, ""), (90.0, False, "")]


def test_a_claim_figure_must_be_stated_by_the_cited_sentence():
    claim = "Norland said it would withdraw its contingent of 90 troops."
    assert figure_problem(claim, "Norland said it would withdraw around 90 soldiers.") is None
    reason, mine, rival = figure_problem(claim, "Norland had sent 105 military personnel in January.")
    assert reason == "gives 105 where the claim says 90" and rival.value == 105
    # "about 100" is compatible with 90, but it does not state 90
    assert figure_problem(claim, "Norland is pulling out about 100 special forces soldiers.")[0].startswith("gives about 100")
    assert figure_problem(claim, "Norland said it would withdraw its troops.")[0] == "does not state 90"
    # an approximate claim is stated by any figure within its tolerance; miles meet kilometres
    assert figure_problem("about 100 soldiers left", "105 soldiers left") is None
    assert figure_problem("The quake struck 16 km from Mandel", "The quake struck 10 miles from Mandel") is None


def test_verdicts_keep_paraphrases_and_drop_other_statements():
    claim = "The council voted on Tuesday to extend the tram line to the airport."
    reasons = verdicts([
        (claim, claim),
        (claim, "On Tuesday the city council approved extending the tram network to the airport."),
        (claim, "Commuters said the bridge detours had added forty minutes to their journeys."),
        ("The minister will attend the summit in Varna.", "The minister will not attend the summit in Varna."),
    ])
    assert reasons[0] is None and reasons[1] is None
    assert reasons[2].startswith("says something else")
    assert reasons[3] == "one of the two is negated"


def cite(n, outlet, text):
    return Citation(n, f"a{n}", outlet, 0, len(text), text)


def test_enforce_drops_unsupported_citations_and_shows_other_figures_inline():
    claim = "Norland said it would withdraw its newly deployed contingent of 90 troops from Estria."
    own = cite(2, "Radio C", claim)
    same = cite(4, "Daily D", "Norland will pull its contingent of 90 troops out of Estria, the government said.")
    other_figure = cite(1, "Wire A", "Norland said it would withdraw its newly deployed contingent of 105 troops from Estria.")
    unrelated = cite(3, "Paper B", "Estria's government said this week it was surprised by the foreign presence.")
    fact = Fact(claim, [own, same, other_figure, unrelated])
    line = SummarySentence(claim, [own, other_figure])
    dropped = enforce([fact, line])
    assert [c.n for c in fact.citations] == [2, 4]
    assert [(v.value, [c.n for c in v.citations]) for v in fact.disputed] == [("105", [1])]
    assert [c.n for c in line.citations] == [2] and line.disputed[0].value == "105"
    assert {(c.n, reason.split(" ")[0]) for _, c, reason in dropped} == {(1, "gives"), (3, "says"), (1, "gives")}


def test_check_brief_reports_each_failing_citation_from_json_alone():
    claim = "Norland said it would withdraw its contingent of 90 troops."
    data = {"kind": "storyline", "id": "st1", "summary": [], "facts": [], "timeline": [], "events": [
        {"kind": "event", "id": "ev1", "facts": [], "timeline": [], "summary": [
            {"text": claim, "citations": [{"n": 1, "outlet": "Wire A", "text": claim},
                                          {"n": 2, "outlet": "Daily B", "text": "Norland had 105 troops there."}]}]}]}
    checks = check_brief(data)
    assert [(c.brief, c.part, c.n, c.reason) for c in checks] == [
        ("ev1", "summary", 1, None), ("ev1", "summary", 2, "gives 105 where the claim says 90")]


def test_mali_brief_cites_only_outlets_that_state_each_figure(tmp_path):
    need(MALI)
    runner = CliRunner()
    result = runner.invoke(app, ["brief", str(MALI), "-f", "json"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "mali.json"
    path.write_text(result.stdout, encoding="utf-8")
    [brief] = json.loads(result.stdout)
    event = next(e for e in brief["events"] if len(e["sources"]) == 3)
    ninety = [f for f in event["facts"] if "90 troops" in f["text"]]
    for fact in ninety:  # RFI gives 90; France 24 and Teller Report give 105 or "about 100"
        assert {c["outlet"] for c in fact["citations"]} == {"RFI"}
        assert fact["disputed"] and all(c["outlet"] != "RFI" for v in fact["disputed"] for c in v["citations"])
    checked = runner.invoke(app, ["check", str(path)])
    assert checked.exit_code == 0, checked.output
    assert "citations support their claim" in checked.output
    # a citation made to back a figure its sentence does not give is reported, and the exit code says so
    first = next(e for e in brief["events"] if e["facts"])["facts"][0]
    first["citations"].append({**first["citations"][0], "n": 99, "text": "The contingent numbered 7,000 troops."})
    path.write_text(json.dumps(brief), encoding="utf-8")
    checked = runner.invoke(app, ["check", str(path)])
    assert checked.exit_code == 1 and "[99]" in checked.output


def test_actors_meet_across_a_country_and_its_people_and_names_are_not_refutations():
    assert verdicts([("The army of Mali said 90 troops had been withdrawn from the north.",
                      "The Malian army said 90 troops had been withdrawn from the north.")]) == [None]
    reasons = verdicts([("Denis Okafor won the vote in Ferrol by 120 votes on Sunday.",
                         "Okafor won the Ferrol vote on Sunday by 120 votes."),
                        ("Okafor won the Ferrol vote on Sunday by 120 votes.",
                         "Okafor denied reports that he won the Ferrol vote on Sunday by 120 votes.")])
    assert reasons == [None, "one of the two calls it false"]


def test_check_names_the_file_it_cannot_read(tmp_path):
    bad = tmp_path / "notes.json"
    bad.write_text("{not json", encoding="utf-8")
    other = tmp_path / "list.json"
    other.write_text(json.dumps([{"id": 1}]), encoding="utf-8")
    empty = tmp_path / "empty.json"
    empty.write_text("[]", encoding="utf-8")
    shaped = tmp_path / "shaped.json"
    shaped.write_text(json.dumps({"kind": "event", "summary": [{"text": "x", "citations": [{"n": None}]}]}),
                      encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(bad), str(other), str(empty), str(shaped)])
    assert result.exit_code == 2
    assert f"{bad}: cannot read a brief" in result.output and f"{other}: not a storyline brief" in result.output
    assert f"{empty}: not a storyline brief" in result.output and f"{shaped}: a brief whose claims" in result.output


def test_a_sentence_on_the_same_story_that_states_another_fact_does_not_support_the_claim():
    from storyline.align import verdicts

    claim = "The opposition called on the president to resign after the vote."
    # one story, another fact: the encoder rates it 0.56, which the contract before 2026-12-04 passed
    [other] = verdicts([(claim, "Opposition parties were furious at the president's choice of prime minister in September.")])
    assert other and other.startswith("says something else")
    fire = "Protesters set fire to the mayor's house on Monday evening."
    passed = verdicts([
        (fire, "On Monday evening, angry protesters set fire to the mayor's house and chanted against parliament."),
        (fire, "Lundi soir, des manifestants ont incendié la maison du maire."),  # a translation: meaning alone
        ("Prosecutors have opened a criminal case into possible negligence.",  # the whole claim, and more
         "The governor said he would cooperate with prosecutors, who have opened a criminal case into possible negligence."),
    ])
    assert passed == [None, None, None]


def test_two_figures_side_by_side_are_not_one_number_and_do_not_stop_the_brief():
    from storyline.align.support import figures

    assert figures("Ticket sales rose from 75.300 100.400 last year.") == ()
