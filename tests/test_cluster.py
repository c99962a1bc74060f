"""Online, time-aware, incremental event clustering (storyline.cluster)."""
import pytest

from datetime import datetime, timedelta

from storyline.cluster import ClusterOptions, Doc, assign, time_factor

DAY = datetime(2024, 9, 2)

QUAKE = ("A magnitude 6.1 earthquake struck the coastal province of Orvia on {d}, collapsing houses in the port "
         "town of Selk and cutting power to thousands of homes, the national seismic institute said. Rescue teams "
         "searched rubble in Selk through the night; the Orvia governor said {n} people were confirmed dead.")
VOTE = ("Parliament in Tarsk approved the new budget on {d} by 212 votes to 180 after a marathon session. The "
        "finance minister said the budget would cut the deficit, while the opposition called the spending plan "
        "reckless and vowed to challenge it in the constitutional court.")


def docs():
    out = []
    for i, outlet in enumerate(["Wire A", "Daily B", "Radio C"]):
        out.append(Doc(f"quake-{i}", f"Earthquake hits Orvia ({outlet})", QUAKE.format(d="Monday", n=12 + i), DAY + timedelta(hours=6 * i)))
        out.append(Doc(f"vote-{i}", f"Tarsk passes budget ({outlet})", VOTE.format(d="Tuesday"), DAY + timedelta(days=1, hours=i)))
    # the same wording a month later is another happening
    out.append(Doc("quake-later", "Earthquake hits Orvia again", QUAKE.format(d="Friday", n=3), DAY + timedelta(days=33)))
    return out


def groups(assignment):
    by_event = {}
    for doc_id, event in assignment.items():
        by_event.setdefault(event, set()).add(doc_id)
    return sorted(sorted(g) for g in by_event.values())


def test_articles_about_one_happening_share_an_event_and_time_separates_repeats():
    assert groups(assign(docs())) == [
        ["quake-0", "quake-1", "quake-2"], ["quake-later"], ["vote-0", "vote-1", "vote-2"],
    ]


def test_time_factor_is_flat_within_days_then_decays():
    o = ClusterOptions()
    assert time_factor(DAY, DAY + timedelta(days=2), o) == 1.0
    assert time_factor(DAY, DAY + timedelta(days=30), o) < 0.01
    assert time_factor(DAY, None, o) == 1.0


def test_new_articles_join_stored_events_and_stored_assignments_never_move():
    all_docs = docs()
    first = assign(all_docs[:4])
    later = assign(all_docs, existing=first)
    for doc_id, event in first.items():
        assert later[doc_id] == event
    assert later["quake-2"] == first["quake-0"]
    assert later["vote-2"] == first["vote-0"]


def test_order_of_input_does_not_change_the_events():
    d = docs()
    assert groups(assign(d)) == groups(assign(list(reversed(d))))


def test_undated_articles_are_dated_from_their_text_or_their_event_and_say_how():
    from storyline.cluster import build_events
    from storyline.model import Article

    dated = [Article(f"q{i}", f"/x/q{i}.txt", QUAKE.format(d="Monday", n=12), outlet=f"Outlet {i}",
                     title="Earthquake hits Orvia", published=DAY + timedelta(hours=i)) for i in range(3)]
    with_dateline = Article("d", "/x/d.txt", "SELK, Sept. 3 (Wire) - " + QUAKE.format(d="Monday", n=14),
                            outlet="Wire", title="Orvia quake toll rises")
    bare = Article("b", "/x/b.txt", QUAKE.format(d="Monday", n=13), outlet="Blog", title="Quake in Orvia")
    events, storylines, guesses = build_events(dated + [with_dateline, bare], {}, {})
    assert len(events) == 1 and sorted(events[0].article_ids) == ["b", "d", "q0", "q1", "q2"]
    assert guesses["d"].day.isoformat() == "2024-09-03" and guesses["d"].how.startswith("dateline")
    # no date in the text but "on Monday": resolved against its event's dates, with a lower confidence
    assert guesses["b"].day == DAY.date() and guesses["b"].how.startswith("relative")
    assert guesses["b"].confidence < guesses["d"].confidence
    assert len(storylines) == 1


def test_language_ties_are_broken_by_name_not_by_hash_order():
    from storyline.cluster import _most_common

    assert _most_common(["fr", "en"]) == _most_common(["en", "fr"]) == "en"
    assert _most_common(["fr", "de", "fr"]) == "fr"


def test_articles_in_other_languages_join_the_event_they_report():
    """A French and a German report of the Orvia quake join the English event (matched on
    meaning, never translated), even after first finding each other; the vote stays apart."""
    # few shared words or names: only meaning carries them over
    fr = Doc("quake-fr", "Séisme meurtrier sur la côte", "Un fort tremblement de terre a frappé lundi la province "
             "côtière, détruisant des maisons dans le port et privant d'électricité des milliers de foyers. "
             "Les secouristes ont fouillé les décombres toute la nuit ; le gouverneur a fait état de 12 morts.",
             DAY + timedelta(hours=20))
    de = Doc("quake-de", "Tödliches Erdbeben an der Küste", "Ein starkes Erdbeben hat am Montag die "
             "Küstenprovinz erschüttert, Häuser in der Hafenstadt zerstört und tausende Haushalte ohne "
             "Strom gelassen. Rettungskräfte suchten die ganze Nacht in den Trümmern; der Gouverneur meldete 12 Tote.",
             DAY + timedelta(hours=22))
    assigned = assign(docs()[:-1] + [fr, de])
    assert assigned["quake-fr"] == assigned["quake-de"] == assigned["quake-0"]
    assert assigned["vote-0"] != assigned["quake-0"]


def test_word_rarity_reads_wordfreq_as_wordfreq_itself_does():
    import math

    from wordfreq import zipf_frequency

    from storyline.features import weight

    for word, lang in [("earthquake", "en"), ("séisme", "fr"), ("hieß", "de"), ("yoon suk", "en"), ("qzxv", "en")]:
        expected = max(0.0, (6.3 - (zipf_frequency(word, lang) or 1.0)) * math.log(10))
        assert weight(word, lang) == pytest.approx(expected)


def test_languages_are_told_apart_among_those_the_weights_know():
    from storyline.features import language

    assert [language(t) for t in ("Un séisme a frappé la Birmanie vendredi", "A quake hit Myanmar on Friday",
                                  "Ein Erdbeben erschütterte Myanmar am Freitag",
                                  "Un terremoto sacudió Myanmar el viernes")] == ["fr", "en", "de", "es"]
    assert language("") == "en"


def test_vectors_made_by_worker_processes_equal_those_made_in_one(monkeypatch):
    import numpy as np

    import storyline.cluster as cluster

    many = [Doc(f"{d.id}-{k}", d.title, f"{d.body} Copy {k} filed from Selk.", d.published) for k in range(20) for d in docs()]
    serial = cluster.doc_vectors(many, ClusterOptions())
    monkeypatch.setattr(cluster, "PARALLEL_FROM", 10)  # a batch this small would stay in one process
    parallel = cluster.doc_vectors(many, ClusterOptions())
    assert len(parallel) == len(many)
    for (lang_a, (keys_a, values_a)), (lang_b, (keys_b, values_b)) in zip(serial, parallel):
        assert lang_a == lang_b == "en"
        assert np.array_equal(keys_a, keys_b) and np.array_equal(values_a, values_b)


QUAKE_FIRST = Doc("a", "Quake hits Orvia", "A strong earthquake struck the coastal province of Orvia on Monday, the national "
                  "seismic institute said, and houses collapsed in several villages near the epicentre.", DAY)
RESCUE = Doc("b", "Rescuers search rubble in Selk", "Rescue teams in the port town of Selk pulled survivors from collapsed "
             "buildings overnight, and the governor said twelve people were confirmed dead.", DAY + timedelta(hours=5))
BRIDGE = Doc("n", "Orvia earthquake: rescuers search Selk rubble", "The earthquake that struck the coastal province of "
             "Orvia on Monday collapsed buildings in the port town of Selk, where rescue teams pulled survivors from the "
             "rubble; the governor said twelve people were confirmed dead, the national seismic institute said.",
             DAY + timedelta(hours=8))


def test_a_new_article_that_bridges_two_stored_events_merges_them_unless_one_was_corrected():
    """Placed one at a time, the first two reports share too few words to meet; the third tells
    both halves, so the two stored events become one, as a batch would have made them."""
    assert groups(assign([QUAKE_FIRST, RESCUE], {"a": "A"})) == [["a"], ["b"]]
    merged = assign([QUAKE_FIRST, RESCUE, BRIDGE], {"a": "A", "b": "B"})
    assert len(set(merged.values())) == 1 and set(merged.values()) <= {"A", "B"}  # a stored id stays
    assert groups(assign([QUAKE_FIRST, RESCUE, BRIDGE], {"a": "A", "b": "B"}, pinned={"B"})) == [["a"], ["b", "n"]]
    assert groups(assign([QUAKE_FIRST, RESCUE], {"a": "A", "b": "B"})) == [["a"], ["b"]]  # nothing new: nothing moves


def test_only_events_a_new_article_may_join_are_read_in_full():
    from storyline.cluster import doc_vectors, nearest_events
    from storyline.model import Event

    stored = docs()
    cache: dict = {}
    doc_vectors(stored, ClusterOptions(), cache)
    events = [Event("quake", [d.id for d in stored if d.id.startswith("quake-") and d.id != "quake-later"], DAY,
                    DAY + timedelta(hours=12), "Quake"),
              Event("vote", [d.id for d in stored if d.id.startswith("vote")], DAY + timedelta(days=1),
                    DAY + timedelta(days=1), "Vote")]
    new = Doc("quake-new", "Orvia quake toll rises", QUAKE.format(d="Monday", n=15), DAY + timedelta(days=1))
    assert nearest_events([new], events, cache) == ["quake"]
    assert "quake-new" in cache  # its vector is made once and kept for the placement
    assert nearest_events([new], events, cache, ClusterOptions(candidate_score=0.0)) == ["quake", "vote"]


def test_block_time_factors_equal_the_pairwise_rule():
    import numpy as np

    from storyline.cluster import _time_factors, decay

    o = ClusterOptions()
    dates = [DAY, DAY + timedelta(days=2), DAY + timedelta(days=9, hours=5), None, DAY - timedelta(days=40)]
    days = np.array([d.timestamp() / 86400 if d else np.nan for d in dates])
    chosen = [0, 2, 3]
    out = np.full((len(chosen), len(dates)), -7.0)  # a reused buffer holds the last block's values
    for block in (_time_factors(days, days[chosen], o), _time_factors(days, days[chosen], o, out=out)):
        for r, i in enumerate(chosen):
            for j, other in enumerate(dates):
                assert block[r, j] == pytest.approx(time_factor(dates[i], other, o), abs=1e-12)
    assert float(decay(float("nan"), o)) == 1.0 and float(decay(1.0, o)) == 1.0
