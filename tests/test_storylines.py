"""Events linked into storylines over weeks (storyline.storylines)."""

from datetime import datetime, timedelta

from storyline.cluster import Doc
from storyline.storylines import LinkOptions, key_names, link

START = datetime(2024, 3, 1)


def make():
    docs = [
        Doc("a1", "Varn Dam cracks", "Engineers at the Varn Dam on the Oskel river found a crack in the spillway. "
            "The Oskel Water Board ordered the reservoir lowered and evacuated Lindby. Residents of Lindby "
            "were told the Varn Dam would be watched around the clock by the Oskel Water Board.", START),
        Doc("a2", "Varn Dam repair", "Repairs began at the Varn Dam three weeks after the crack. The Oskel Water "
            "Board said Lindby residents could return home. In Lindby, people said they still did not trust "
            "the Varn Dam, and the Oskel Water Board promised weekly reports.", START + timedelta(days=21)),
        Doc("b1", "Kesh bridge fire", "Fire crews in Kesh fought a blaze under the Morrow Bridge on the Alda river. "
            "Kesh police closed the Morrow Bridge and the Alda ferry ran extra services; the Water Board in Kesh "
            "checked the river.", START + timedelta(days=2)),
        Doc("a3", "Varn Dam inquiry", "An inquiry into the Varn Dam crack blamed skipped inspections. The Oskel "
            "Water Board chief resigned; Lindby residents welcomed the report on the Varn Dam, and Lindby's mayor "
            "asked the Oskel Water Board for compensation.", START + timedelta(days=400)),
    ]
    events = {"a1": "E1", "a2": "E2", "b1": "E3", "a3": "E4"}
    return docs, events


def test_events_sharing_actors_within_weeks_form_one_storyline():
    docs, events = make()
    story = link(docs, events)
    assert story["E1"] == story["E2"]
    assert story["E3"] != story["E1"]


def test_events_too_far_apart_start_a_new_storyline():
    docs, events = make()
    story = link(docs, events, options=LinkOptions(max_gap_days=120))
    assert story["E4"] not in (story["E1"], story["E3"])


def test_key_names_are_the_ones_most_articles_share():
    docs, _ = make()
    # the words of names, so "Varn Dam" and "the Varn" meet
    assert key_names(docs[:2]) >= {"varn", "dam", "oskel", "water", "board", "lindby"}
    assert key_names([docs[2]]) == {"kesh", "morrow", "bridge", "alda"}  # one article: the names it repeats


def test_differently_written_names_of_one_person_meet():
    from storyline.storylines import name_tokens

    assert {"yoon", "suk", "yeol"} <= set(name_tokens("Later, President Yoon Suk-yeol spoke. The Yoon Suk Yeol era."))


def test_stored_storylines_keep_their_events():
    docs, events = make()
    story = link(docs, events, existing={"E1": "S-old"})
    assert story["E1"] == "S-old" and story["E2"] == "S-old"


def _story_doc(doc_id, people, day):
    text = " ".join(f"On the day, {p} spoke; later, {p} left." for p in people)
    return Doc(doc_id, None, text, START + timedelta(days=day))


def test_an_event_that_strongly_continues_two_new_storylines_joins_them_but_never_stored_ones():
    a = _story_doc("a", ["Arvo Belsk", "Corra Tane"], 0)
    b = _story_doc("b", ["Dima Orsk", "Elin Varr"], 1)  # shares no name with a: no link
    c = _story_doc("c", ["Arvo Belsk", "Corra Tane", "Dima Orsk", "Elin Varr"], 5)  # continues both
    events = {"a": "A", "b": "B", "c": "C"}
    story = link([a, b, c], events)
    assert story["A"] == story["B"] == story["C"]
    stored = link([a, b, c], events, existing={"A": "S-old", "B": "S-other"})
    assert stored["A"] == "S-old" and stored["B"] == "S-other" and stored["C"] in {"S-old", "S-other"}
    without_c = link([a, b], {"a": "A", "b": "B"})
    assert without_c["A"] != without_c["B"]


def test_name_words_found_by_the_workers_equal_the_serial_ones(monkeypatch):
    import storyline.storylines as S

    docs = [Doc(f"d{i}", f"Minister Ana Kovač visits Port Elster, day {i}",
                f"The mayor of Saltmere, Jonas Feldrup, met Ana Kovač and the Varn Dam inspectors on day {i}. "
                "Feldrup said the Lunmark ferry would run again.", None) for i in range(12)]
    serial = [S._name_tokens(S._text(d)) for d in docs]
    assert "kovač" in serial[0] and "feldrup" in serial[0]
    monkeypatch.setattr(S, "PARALLEL_FROM", 4)
    S._cache.clear()
    S._learn_names(docs)
    assert [S._cache[S._text(d)] for d in docs] == serial
    assert [S.name_tokens(S._text(d)) for d in docs] == serial
