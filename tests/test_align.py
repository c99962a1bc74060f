"""Agreement, conflict and quote matching across outlets (storyline.align)."""

from storyline import align
from storyline.brief import Sources
from storyline.model import Article, Quantity, Quote, Span


def art(i, outlet, translated=None):
    return Article(id=f"a{i}", source=f"{i}.txt", body="x" * 500, outlet=outlet, translated_from=translated)


def qty(article, value, unit, approx=False, owner="Norland", category="people"):
    text = f"{'about ' if approx else ''}{value} {unit}"
    return Quantity(value, None, unit, category, owner, approx, text, 0, Span(article.id, 0, len(text))), article


ARTS = [art(1, "Wire A"), art(2, "Daily B"), art(3, "Radio C", translated="fr")]
CITE = Sources(ARTS).cite


def test_different_counts_of_one_thing_are_a_discrepancy_with_sources():
    items = [qty(ARTS[0], 90, "troops"), qty(ARTS[0], 90, "soldiers", approx=True), qty(ARTS[1], 105, "personnel"),
             qty(ARTS[2], 105, "elements"), qty(ARTS[2], 100, "soldiers", approx=True)]
    [d] = align.discrepancies(items, CITE)
    values = {v.value: sorted(c.outlet for c in v.citations) for v in d.values}
    assert values == {"90": ["Wire A", "Wire A"], "about 100": ["Radio C"], "105": ["Daily B", "Radio C"]}
    assert "about 100 is compatible with 90, 105" in d.note
    assert d.slot.startswith("Norland")


def test_agreeing_outlets_or_one_outlet_alone_are_no_discrepancy():
    assert align.discrepancies([qty(ARTS[0], 14, "people"), qty(ARTS[1], 14, "people")], CITE) == []
    assert align.discrepancies([qty(ARTS[0], 14, "people"), qty(ARTS[0], 17, "people")], CITE) == []
    # about 100 against 105 is within the tolerance of an approximate figure
    assert align.discrepancies([qty(ARTS[0], 100, "people", approx=True), qty(ARTS[1], 105, "people")], CITE) == []


def test_counts_reported_in_steps_are_one_dispute_but_a_chain_stops_at_the_square_of_the_ratio():
    four = ARTS + [art(4, "Paper D")]
    cite = Sources(four).cite
    steps = [qty(four[0], 2400, "missing", approx=True), qty(four[1], 5000, "missing"), qty(four[2], 7000, "missing"),
             qty(four[3], 10000, "missing")]  # 10,000 is over 2.5 times 2,400, but each step is under it
    [d] = align.discrepancies(steps, cite)
    assert [v.value for v in d.values] == ["about 2,400", "5,000", "7,000", "10,000"]
    chain = [qty(four[0], 10, "missing"), qty(four[1], 20, "missing"), qty(four[2], 45, "missing"),
             qty(four[3], 100, "missing"), qty(four[0], 220, "missing")]  # each step under 2.5, the whole 22 times
    assert max(len(d.values) for d in align.discrepancies(chain, cite)) < 5


def test_other_owners_other_kinds_and_other_magnitudes_are_other_slots():
    items = [qty(ARTS[0], 90, "troops"), qty(ARTS[1], 900, "troops"),  # a ten-times figure counts something else
             qty(ARTS[1], 80, "troops", owner="Carvia"),  # another country's troops
             qty(ARTS[2], 85, "vehicles", category="vehicle")]  # another kind of thing
    assert align.discrepancies(items, CITE) == []


def quote(article, text, speaker):
    return Quote(text, speaker, speaker, "said", True, 0, Span(article.id, 0, len(text))), article


def test_quotes_group_by_speaker_and_match_reworded_or_translated_variants():
    items = [
        quote(ARTS[0], "It bears all the responsibility for the withdrawal of the forces and is isolating itself", "Jean Dubois"),
        quote(ARTS[1], "It bears all the responsibility for the withdrawal of the forces and is isolating itself", "Dubois"),
        quote(ARTS[2], "bears full responsibility for the withdrawal of forces and is increasingly isolated", "Jean Dubois"),
        quote(ARTS[1], "We will hold new elections within a year", "Dubois"),
        quote(ARTS[2], "We will hold new elections within a year", "Ana Petrov"),
    ]
    groups = align.quote_groups(items, CITE)
    first = groups[0]
    assert first.speaker == "Jean Dubois"
    assert sorted(c.outlet for c in first.citations) == ["Daily B", "Radio C", "Wire A"]
    assert len(groups) == 3  # the same words from another speaker stay apart
    # ... and are a discrepancy of attribution, each speaker with the outlet that credits them
    [d] = align.attributions(groups)
    assert d.about == "attribution" and d.kind == "conflict"
    assert {v.value: [c.outlet for c in v.citations] for v in d.values} == {"Jean Dubois": ["Daily B"], "Ana Petrov": ["Radio C"]}
    assert all(v.number is None for v in d.values)


def test_one_speaker_across_outlets_by_role_and_by_family_name_and_translations_matched():
    people = {"Anutin Charnvirakul": (frozenset({"interior", "minister"}), frozenset({"minister"})),
              "Yoon Suk Yeol": (frozenset({"president"}), frozenset({"president"}))}
    items = [
        quote(ARTS[0], "The committee will report on the collapse of the tower within seven days", "interior minister"),
        quote(ARTS[1], "The committee will report on the collapse of the tower within a week", "Anutin"),
        quote(ARTS[0], "I will not avoid legal and political responsibility for this declaration", "Yoon"),
        quote(ARTS[2], "Je n'éviterai pas ma responsabilité juridique et politique pour cette déclaration", "Yoon Suk Yeol"),
        quote(ARTS[1], "The government will rebuild every school the storm destroyed", "the spokesman"),
    ]
    groups = {g.speaker: g for g in align.quote_groups(items, CITE, people)}
    assert sorted(c.outlet for c in groups["Anutin Charnvirakul"].citations) == ["Daily B", "Wire A"]
    # the French wording shares no words with the English one: the encoder matches them
    assert sorted(c.outlet for c in groups["Yoon Suk Yeol"].citations) == ["Radio C", "Wire A"]
    assert "the spokesman" in groups  # a role nobody is titled with stays a role
    assert align.attributions(list(groups.values())) == []


def test_reported_speech_joins_the_direct_quote_it_restates_and_never_leads_it():
    said = Quote("the committee would report on the collapse of the tower within seven days", "Anutin", "Anutin",
                 "said", False, 0, Span(ARTS[2].id, 0, 70))
    items = [(said, ARTS[2]), quote(ARTS[0], "The committee will report on the collapse of the tower within seven days", "Anutin")]
    [group] = align.quote_groups(items, CITE)
    assert group.direct and group.text.startswith("The committee will")
    assert [g.direct for g in align.quote_groups([(said, ARTS[2])], CITE)] == [False]


def test_distances_in_other_units_and_magnitudes_are_compared_as_one_thing():
    def measured(article, value, text, category, owner, approx=False):
        unit = "km" if category == "distance" else "magnitude"
        return Quantity(value, None, unit, category, owner, approx, text, 0, Span(article.id, 0, len(text))), article

    items = [measured(ARTS[0], 16.1, "10 miles", "distance", "from Tarvel"),
             measured(ARTS[1], 20.0, "20 km", "distance", "from Tarvel"),
             measured(ARTS[2], 17.0, "about 17 km", "distance", "from Tarvel", approx=True),
             measured(ARTS[0], 7.7, "7.7-magnitude", "magnitude", "main shock"),
             measured(ARTS[0], 6.4, "magnitude 6.4", "magnitude", "aftershock"),
             measured(ARTS[1], 7.7, "magnitude 7.7", "magnitude", "main shock"),
             measured(ARTS[2], 7.9, "7.9 quake", "magnitude", "main shock")]
    found = {d.slot: {v.value: [c.outlet for c in v.citations] for v in d.values} for d in align.discrepancies(items, CITE)}
    assert found["from Tarvel: km"] == {"16.1 km (10 miles)": ["Wire A"], "about 17 km": ["Radio C"], "20 km": ["Daily B"]}
    assert found["main shock: magnitude"] == {"7.7": ["Wire A", "Daily B"], "7.9": ["Radio C"]}  # not the aftershock
    assert len(found) == 2


def dated(i, outlet, day, lang="en"):
    from datetime import datetime

    return Article(id=f"d{i}", source=f"{i}.txt", body="x" * 500, outlet=outlet, lang=lang,
                   published=datetime(2025, 3, day, 9))


def test_a_main_shock_and_its_aftershock_in_one_outlet_are_two_things_not_a_dispute():
    a, b, c = dated(1, "Wire A", 28), dated(2, "Daily B", 28), dated(3, "Radio C", 29)
    cite = Sources([a, b, c]).cite
    items = [qty(a, 7.7, "magnitude", category="magnitude"), qty(b, 7.7, "magnitude", category="magnitude"),
             qty(c, 7.7, "magnitude", category="magnitude"), qty(c, 6.4, "magnitude", category="magnitude")]
    assert align.discrepancies(items, cite) == []
    # two outlets each giving one, different value do disagree
    items = [qty(a, 7.7, "magnitude", category="magnitude"), qty(b, 7.9, "magnitude", category="magnitude")]
    assert [d.kind for d in align.discrepancies(items, cite)] == ["conflict"]


def test_a_toll_that_rises_with_the_reporting_day_is_an_update_in_reporting_order():
    early, later, latest = dated(1, "Wire A", 28), dated(2, "Daily B", 29), dated(3, "Radio C", 30)
    cite = Sources([early, later, latest]).cite
    items = [qty(latest, 2065, "dead", category="casualties"), qty(early, 1002, "dead", category="casualties"),
             qty(later, 1644, "dead", category="casualties")]
    [d] = align.discrepancies(items, cite)
    assert d.kind == "update"
    assert [(v.value, v.first_reported) for v in d.values] == [
        ("1,002", "2025-03-28"), ("1,644", "2025-03-29"), ("2,065", "2025-03-30")]
    # on one day, or falling as the days pass, the tolls are in conflict
    same_day = dated(4, "Daily B", 28)
    items = [qty(early, 1002, "dead", category="casualties"), qty(same_day, 1644, "dead", category="casualties")]
    assert [d.kind for d in align.discrepancies(items, Sources([early, same_day]).cite)] == ["conflict"]
    items = [qty(early, 1644, "dead", category="casualties"), qty(later, 1002, "dead", category="casualties")]
    assert [d.kind for d in align.discrepancies(items, cite)] == ["conflict"]


def test_one_statement_dated_differently_by_two_outlets_is_a_date_discrepancy():
    from datetime import date

    from storyline.align.pool import SentenceRef
    from storyline.model import Analysis, DateRef, Sentence

    said = "Mayor Ilse Brandt said {} night at a news conference that several homes had burned in the fire"
    texts = [(ARTS[0], said.format("Wednesday"), date(2025, 1, 29), "Wednesday night"),
             (ARTS[1], said.format("Friday"), date(2025, 1, 31), "Friday night"),
             (ARTS[2], "The council will meet on Monday to vote on the harbour budget", date(2025, 2, 3), "on Monday")]
    pool, analyses = [], []
    for article, text, day, surface in texts:
        sentence = Sentence(article.id, 0, text, 0, len(text), "")
        pool.append(SentenceRef(sentence, article, frozenset({("date", day)})))
        start = text.find(surface.split()[-1] if surface.startswith("on") else surface)
        analyses.append(Analysis(article.id, [sentence], [], [], [DateRef(surface, day, day, "day", 0,
                                                                            Span(article.id, start, start + len(surface)))], []))
    [d] = align.date_discrepancies(pool, align.similarity(pool), analyses, CITE)
    assert d.about == "date" and [v.value for v in d.values] == ["2025-01-29 (Wednesday night)", "2025-01-31 (Friday night)"]
    assert [v.citations[0].outlet for v in d.values] == ["Wire A", "Daily B"]


def test_two_approximate_figures_no_one_value_fits_are_a_discrepancy():
    def distance(article, km, text):
        return Quantity(km, None, "km", "distance", "from Tarvel", True, text, 0, Span(article.id, 0, len(text))), article

    [d] = align.discrepancies([distance(ARTS[0], 30.0, "about 30 km"), distance(ARTS[1], 19.3, "about 12 miles")], CITE)
    assert [v.value for v in d.values] == ["about 19.3 km (about 12 miles)", "about 30 km"]
    # about 100 and about 105 fit one figure
    assert align.discrepancies([distance(ARTS[0], 100.0, "about 100 km"), distance(ARTS[1], 105.0, "about 105 km")], CITE) == []


def test_plain_people_beside_a_group_s_own_count_dispute_nothing():
    aboard = [qty(ARTS[0], 60, "passengers", category="people:residents"), qty(ARTS[1], 64, "people", category="people")]
    assert align.discrepancies(aboard, CITE) == []  # 60 passengers and 4 crew are 64 people
    rival = aboard + [qty(ARTS[2], 70, "passengers", category="people:residents")]
    [d] = align.discrepancies(rival, CITE)
    assert {v.value for v in d.values} >= {"60", "70"}


def test_the_same_rough_dating_counted_from_two_publication_days_is_no_date_discrepancy():
    from datetime import date

    from storyline.align.pool import SentenceRef
    from storyline.model import Analysis, DateRef, Sentence

    said = "We will find out why a tank that passed its inspection {} gave way, the minister said at the cordon"
    pool, analyses = [], []
    for article, words, day in [(ARTS[0], "a week ago", date(2025, 3, 4)), (ARTS[1], "one week ago", date(2025, 3, 5))]:
        text = said.format(words)
        sentence = Sentence(article.id, 0, text, 0, len(text), "")
        pool.append(SentenceRef(sentence, article, frozenset({("date", day)})))
        start = text.find(words)
        analyses.append(Analysis(article.id, [sentence], [], [], [DateRef(words, day, day, "day", 0,
                                                                          Span(article.id, start, start + len(words)))], []))
    assert align.date_discrepancies(pool, align.similarity(pool), analyses, CITE) == []


def _setting_briefs(bodies):
    from storyline.analyze import analyze

    articles = [Article(id=f"s{i}", source=f"s{i}.txt", body=body, outlet=outlet) for i, (outlet, body) in enumerate(bodies)]
    analyses = analyze(articles)
    quotes = [(q, a) for a, an in zip(articles, analyses) for q in an.quotes]
    cite = Sources(articles).cite
    groups = align.quote_groups(quotes, cite, align.event_people(articles, analyses))
    return align.setting_discrepancies(groups, articles, analyses, cite)


def test_one_quote_set_in_different_places_or_company_is_a_discrepancy_of_place():
    said = "The blockade of the port is a crime against the people of the coast and it must end now"
    found = _setting_briefs([
        ("Wire A", f'"{said}," Foreign Minister Marta Lindqvist told reporters in Oslo on Tuesday.'),
        ("Daily B", f'Foreign Minister Marta Lindqvist said at a news conference with her Chilean counterpart '
                    f'Pablo Ortega: "{said}."'),
    ])
    [d] = found
    assert d.about == "place" and "Marta Lindqvist" in d.slot
    assert {v.value: [c.outlet for c in v.citations] for v in d.values} == {
        "told reporters in Oslo on Tuesday": ["Wire A"],
        "said at a news conference with her Chilean counterpart Pablo Ortega": ["Daily B"]}


def test_a_setting_that_one_outlet_leaves_out_or_both_share_is_no_discrepancy():
    said = "The blockade of the port is a crime against the people of the coast and it must end now"
    assert _setting_briefs([
        ("Wire A", f'"{said}," Foreign Minister Marta Lindqvist told reporters in Oslo.'),
        ("Daily B", f'"{said}," Foreign Minister Marta Lindqvist said.'),
        ("Radio C", f'"{said}," Marta Lindqvist said in Oslo, speaking beside the harbour.'),
    ]) == []


def _spellings(bodies):
    from storyline.analyze import analyze

    articles = [Article(id=f"n{i}", source=f"n{i}.txt", body=body, outlet=outlet, lang=lang)
                for i, (outlet, lang, body) in enumerate(bodies)]
    return align.spelling_discrepancies(articles, analyze(articles), Sources(articles).cite)


def test_one_name_spelled_with_other_letters_by_two_outlets_is_a_discrepancy_of_name():
    [d] = _spellings([
        ("Wire A", "en", "The harbour master Mikhail Tchernykh said the ferry left port two hours late on Sunday."),
        ("Daily B", "en", "Harbour master Mihail Chernyh told the inquiry the ferry had left two hours late."),
        ("Radio C", "en", "Mikhail Tchernykh, the harbour master, said the crossing was delayed by fog."),
    ])
    assert d.about == "name" and d.slot == "spelling of Mikhail Tchernykh"
    assert {v.value: sorted(c.outlet for c in v.citations) for v in d.values} == {
        "Mikhail Tchernykh": ["Radio C", "Wire A"], "Mihail Chernyh": ["Daily B"]}


def test_a_name_after_a_particle_or_a_prosecutors_title_is_compared_too():
    found = _spellings([
        ("Wire A", "en", "Libya's attorney general, Al-Seddik Al-Sour, said eight officials were detained on Monday."),
        ("Daily B", "en", "Prosecutor al-Sidiq al-Sour said the eight officials would be questioned about the dams."),
    ])
    assert [sorted(v.value for v in d.values) for d in found] == [["Al-Seddik Al-Sour", "al-Sidiq al-Sour"]]


def test_case_hyphens_accents_and_other_languages_are_no_other_spelling():
    assert _spellings([
        ("Wire A", "en", "Prime Minister Han Duck-soo said the cabinet would meet again on Monday morning."),
        ("Daily B", "en", "Prime Minister Han Duck Soo told reporters the cabinet would meet on Monday."),
        ("Radio C", "en", "The mayor, José Ramírez, said the bridge would reopen within a week of the storm."),
        ("Daily B", "en", "Mayor Jose Ramirez said the bridge would reopen a week after the storm."),
        ("Radio D", "fr", "Le maire Mikhaïl Tchernykh a déclaré que le pont rouvrirait dans une semaine."),
        ("Wire A", "en", "Mayor Mihail Chernyh said the bridge would reopen in a week, he told the council."),
    ]) == []


def _times(bodies):
    from storyline.analyze import analyze

    articles = [Article(id=f"t{i}", source=f"t{i}.txt", body=body, outlet=outlet) for i, (outlet, body) in enumerate(bodies)]
    analyses = analyze(articles)
    pool = align.sentence_pool(articles, analyses)
    return align.time_discrepancies(pool, align.similarity(pool), Sources(articles).cite)


def test_one_statement_timed_differently_is_a_discrepancy_and_zones_or_rough_times_are_not():
    told = "The freight train left the rails beside the river bridge at {}, the rail operator said in its first report."
    [d] = _times([("Wire A", told.format("8:47 p.m.")), ("Daily B", told.format("8:53 p.m."))])
    assert d.about == "date" and [v.value for v in d.values] == ["8:47 p.m.", "8:53 p.m."]
    assert [[c.outlet for c in v.citations] for v in d.values] == [["Wire A"], ["Daily B"]]
    assert _times([("Wire A", told.format("8:47 p.m. ET")), ("Daily B", told.format("01:47 GMT"))]) == []
    assert _times([("Wire A", told.format("8:53 p.m.")), ("Daily B", told.format("shortly before 9 p.m."))]) == []
    assert _times([("Wire A", told.format("8:47 p.m.")), ("Daily B", told.format("9:47 p.m. ET"))]) == []


def test_counts_that_name_no_owner_are_the_home_places_and_never_join_another_places():
    a, b, c = dated(1, "Wire A", 12), dated(2, "Daily B", 12), dated(3, "Radio C", 12)
    items = [qty(a, 2800, "dead", owner="Morocco", category="casualties:dead"),
             qty(b, 3000, "dead", owner=None, category="casualties:dead"),
             qty(c, 3900, "dead", owner=None, category="casualties:dead")]
    [d] = align.discrepancies(items, Sources([a, b, c]).cite, home="Libya")
    assert d.slot.startswith("Libya") and sorted(v.number for v in d.values) == [3000, 3900]
    # without a home place the unnamed counts join the one owner named (the old behaviour)
    [d] = align.discrepancies(items, Sources([a, b, c]).cite)
    assert d.slot.startswith("Morocco")
