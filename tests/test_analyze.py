"""Sentences, entities, quantities, dates and quotes (storyline.analyze) on real parses."""

from datetime import datetime

import pytest

from storyline.analyze import analyze
from storyline.model import Article

BODY = (
    'Norland said on Tuesday it would withdraw its contingent of 120 engineers from Vessia after repeated demands '
    'by the military government. "We came at the invitation of Vessia. The generals have withdrawn that invitation '
    'for their own reasons," Foreign Minister Ada Brenholt said. She added that a unit of about 40 medics would stay.'
    '\n\n'
    'A Norlandic team of around 115 engineers had arrived in Vessia earlier this month, joining a 2,000-strong '
    'Carvish-led mission launched in March 2020.'
    '\n\n'
    '"It is a political decision and we regret it," Brenholt told reporters. Army chief Tomas Ekdal said: '
    '"Our engineers built two bridges in four weeks."'
    '\n\n'
    '"We will leave in good order."'
    '\n\n'
    'That was the message from Ekdal, who spoke after the cabinet met on Monday.'
)


@pytest.fixture(scope="module")
def result():
    article = Article(id="a1", source="test.txt", body=BODY, outlet="Test Wire", published=datetime(2023, 5, 11))
    return analyze([article])[0]


def test_sentences_carry_their_span_and_never_split_a_quote(result):
    for s in result.sentences:
        assert BODY[s.start:s.end] == s.text
        assert s.text.count('"') % 2 == 0, s.text
    assert any(s.text.startswith('"We came at the invitation') and s.text.endswith("said.") for s in result.sentences)


def test_quantities_with_what_they_count_whose_and_how_exact(result):
    by_text = {q.text: q for q in result.quantities}
    q = by_text["120 engineers"]
    assert (q.value, q.category, q.approximate) == (120, "people:workers", False)
    assert by_text["around 115 engineers"].approximate and by_text["around 115 engineers"].owner == "Norland"
    assert by_text["about 40 medics"].approximate
    for q in result.quantities:
        assert BODY[q.span.start:q.span.end] == q.text


def test_dates_resolved_against_publication(result):
    days = {d.text: d.display for d in result.dates}
    assert days["on Tuesday"] == "2023-05-09"
    assert days["earlier this month"] == "2023-05-01/2023-05-10"
    assert days["on Monday"] == "2023-05-08"
    assert days["in March 2020"] == "2020-03-01/2020-03-31"


def test_quotes_with_speakers_before_after_and_in_the_next_sentence(result):
    speakers = {q.text[:25]: q.speaker for q in result.quotes}
    assert speakers["We came at the invitation"] == "Ada Brenholt"
    assert speakers["It is a political decisio"] == "Ada Brenholt"  # surname alone resolves to the full name
    assert speakers["Our engineers built two b"] == "Tomas Ekdal"  # named before the quote
    assert speakers["We will leave in good ord"] == "Tomas Ekdal"  # named in the next sentence
    for q in result.quotes:
        assert BODY[q.span.start:q.span.end] == q.text


def test_entities_have_canonical_forms(result):
    people = {e.canonical for e in result.entities if e.label == "PERSON"}
    assert "Ada Brenholt" in people


def test_a_quote_after_reported_speech_and_a_subject_inside_the_quote():
    body = ('Hanna Lind, 54, walked the burned yard on Tuesday. She said the family had moved the sheep on '
            'Saturday night. "We saved every animal. The barns we can replace," she said.')
    article = Article(id="a2", source="t.txt", body=body, outlet="Wire", published=datetime(2023, 5, 11))
    quotes = analyze([article])[0].quotes
    [quote] = [q for q in quotes if q.direct]
    assert quote.text == "We saved every animal. The barns we can replace"
    assert quote.speaker == "Hanna Lind"
    [reported] = [q for q in quotes if not q.direct]  # reported speech is a quote too, in the writer's words
    assert reported.text == "the family had moved the sheep on Saturday night"
    assert reported.speaker == "Hanna Lind"


def test_only_the_top_of_a_very_long_article_is_analysed():
    from storyline.analyze import MAX_CHARS

    filler = "The council debated the harbour budget for another hour without a vote. " * 4
    body = "\n\n".join([filler] * (MAX_CHARS // len(filler) + 5) + ["The vote was held on Monday, officials said."])
    article = Article(id="a3", source="long.txt", body=body, outlet="Wire", published=datetime(2023, 5, 11))
    result = analyze([article])[0]
    assert result.sentences and max(s.start for s in result.sentences) < MAX_CHARS
    assert all(d.span.start < MAX_CHARS + len(filler) for d in result.dates)
    assert not any(d.text == "on Monday" for d in result.dates)


def test_worker_processes_give_the_same_analyses_in_the_same_order(example_engine):
    articles = example_engine.articles()
    assert analyze(articles, workers=2) == analyze(articles, workers=1)


def test_a_phrase_marked_in_quotation_marks_is_not_a_quote_but_a_reported_one_is():
    body = ('The council said the tower was closed after an inspection it described as "carried out without its consent." '
            'The mayor rejected that view.\n\n'
            'Calling the decision "rash", Mayor Ilse Brandt said that "we will have to draw the consequences" soon.')
    [an] = analyze([Article(id="q", source="q.txt", body=body, outlet="Test", published=datetime(2025, 5, 2))])
    texts = {q.text: q.speaker for q in an.quotes}
    assert not any("without its consent" in t for t in texts)
    assert any("draw the consequences" in t for t in texts)


def direct_speakers(body: str, lang: str = "en", day: datetime = datetime(2025, 5, 2)) -> dict[str, str | None]:
    """Who said each direct quote of one article, by the quote's first twenty characters."""
    [an] = analyze([Article(id="q", source="q.txt", body=body, outlet="Test", lang=lang, published=day)])
    return {q.text[:20]: q.speaker for q in an.quotes if q.direct}


def test_a_quote_that_runs_on_into_the_next_paragraph_keeps_its_speaker():
    body = ('"We have a long list of repairs," Mayor Ilse Brandt said. "The pumps come first. The walls along '
            'the canal come after them\n\n'
            '"and the bridge will wait for the spring, when the river is low."\n\n'
            'The council meets on Friday.')
    speakers = direct_speakers(body)
    assert speakers["The pumps come first"] == "Ilse Brandt"  # no closing mark: it runs to the paragraph end
    assert speakers["and the bridge will w"[:20]] == "Ilse Brandt"  # the paragraph that goes on with it


def test_a_statement_from_an_organisation_is_quoted_under_its_name():
    body = ('Several of the passengers were members of the Harlow Rowing Club, returning from a regatta. '
            '"We are devastated by this loss and stand with every family," a statement from the club said.\n\n'
            'Brannock Air, which operated the flight, said it was working with investigators. '
            '"Our first concern is for the families of our passengers and crew," the airline said.')
    speakers = direct_speakers(body)
    assert speakers["We are devastated by"] == "Harlow Rowing Club"
    assert speakers["Our first concern is"] == "Brannock Air"


def test_a_name_inside_a_quote_is_not_who_he_is_in_the_next_one():
    body = ('"The old pumps were never tested, and they were sold off by Pavel Dorn," Mayor Ilse Brandt said. '
            '"We will test every one of them before the winter," she said.')
    speakers = direct_speakers(body)
    assert speakers["We will test every o"] == "Ilse Brandt"


def test_an_unnamed_speaker_keeps_her_quotes_and_a_place_is_never_she():
    body = ('The strike hit a school in the village of Oe Htein Kwin at around 10:00 am, locals said.\n\n'
            '"For now 22 people in total have been killed," said a 34-year-old teacher at the school.\n\n'
            '"We tried to spread out the children, but the plane was too fast," she added.')
    speakers = direct_speakers(body, day=datetime(2025, 5, 12))
    assert speakers["For now 22 people in"] == speakers["We tried to spread o"]
    assert "teacher" in speakers["We tried to spread o"]


def test_distances_from_a_place_in_kilometres_and_magnitudes_apart_from_counts():
    body = ('The 7.7-magnitude earthquake struck 10 miles from Tarvel on Friday, and a magnitude 6.4 aftershock '
            'followed. Lonsk, some 100 kilometres (62 miles) north of the epicentre, was spared. Six earthquakes '
            'have hit the valley since 1990. The shaft runs 3 km deep.')
    [an] = analyze([Article(id="m", source="m.txt", body=body, outlet="Test", published=datetime(2025, 3, 28))])
    found = {(q.category, q.owner, q.value, q.approximate) for q in an.quantities}
    assert ("distance", "from Tarvel", 16.1, False) in found  # 10 miles, in kilometres
    assert ("distance", "from epicentre", 100.0, True) in found
    assert not any(q.category == "distance" and q.value == 99.8 for q in an.quantities)  # the converted copy
    assert not any(q.category == "distance" and q.value == 3.0 for q in an.quantities)  # a depth is from nowhere
    assert ("magnitude", "main shock", 7.7, False) in found and ("magnitude", "aftershock", 6.4, False) in found
    assert not any(q.category == "earthquake" and q.value == 7.7 for q in an.quantities)


def test_a_person_whose_name_begins_a_place_name_is_the_place():
    body = ('The jet was landing at Ronald Reagan Washington National Airport when it hit the helicopter. '
            '"We remain concerned about the risk of another collision," she said.')
    [an] = analyze([Article(id="f", source="f.txt", body=body, outlet="Test", published=datetime(2025, 3, 11))])
    assert not any(e.label == "PERSON" and "Reagan" in e.text for e in an.entities)
    assert all(q.speaker != "Ronald Reagan" for q in an.quotes)


def test_the_size_of_an_assembly_is_not_a_count_of_members_who_acted():
    body = "Only 192 members of the 300-member National Assembly voted for the motion on Saturday."
    [an] = analyze([Article(id="s", source="s.txt", body=body, outlet="Test", published=datetime(2024, 12, 7))])
    kinds = {q.value: q.category for q in an.quantities}
    assert kinds[192.0] == "people" and kinds[300.0] == "seats"


def test_she_after_an_organisation_s_quote_is_not_the_organisation():
    body = ('Inspector Mara Quill led the review. The Harbour Authority said in a statement that "the berths will stay '
            'closed until the valves are replaced."\n\n'
            '"We remain concerned about the older tanks on the east quay," she said.')
    speakers = direct_speakers(body, day=datetime(2025, 3, 11))
    assert speakers["We remain concerned "] == "Mara Quill"


def test_a_death_toll_that_rose_to_a_figure_is_a_count_of_the_dead():
    body = "The death toll from Tuesday's earthquake rose to 131 on Friday, the minister said. Prices rose to 48 dollars."
    [an] = analyze([Article(id="d", source="d.txt", body=body, outlet="Test", published=datetime(2026, 3, 6))])
    assert {(q.value, q.category) for q in an.quantities if q.category.startswith("casualties")} == {(131.0, "casualties:dead")}


def _counted_by_language(texts: dict[str, str]) -> dict[str, list[tuple[float, str]]]:
    """(value, kind) of each quantity found, per language, one article each."""
    found = {}
    for lang, body in texts.items():
        [an] = analyze([Article(id=lang, source=f"{lang}.txt", body=body, outlet="Test", lang=lang,
                                published=datetime(2023, 9, 12))])
        found[lang] = sorted((q.value, q.category) for q in an.quantities)
    return found


def test_people_who_lost_their_lives_are_the_dead_in_any_language():
    texts = {"en": "At least 5,300 people have lost their lives. The storm claimed the lives of 40 people in Benghazi. "
                   "About 30 people lost their homes.",
             "fr": "Au moins 3.000 personnes ont perdu la vie à Derna.", "es": "Más de 2.000 personas perdieron la vida."}
    found = _counted_by_language(texts)
    assert found["en"] == [(30.0, "people"), (40.0, "casualties:dead"), (5300.0, "casualties:dead")]  # homes are not lives
    assert found["fr"] == [(3000.0, "casualties:dead")] and found["es"] == [(2000.0, "casualties:dead")]


def test_people_a_disaster_left_dead_or_missing_and_bodies_in_any_language_are_counted_so():
    texts = {"en": "The floods left 3,958 people dead, the WHO said. The flood left 10,000 people missing. "
                   "The quake left 300 people injured. The delay left 20 people waiting.",
             "fr": "Au total, 3 895 corps ont été retrouvés et identifiés.", "de": "Bislang wurden 3.000 Leichen geborgen."}
    found = _counted_by_language(texts)
    assert found["en"] == [(20.0, "people"), (300.0, "casualties:injured"), (3958.0, "casualties:dead"),
                           (10000.0, "people:missing")]
    assert found["fr"] == [(3895.0, "casualties:dead")] and found["de"] == [(3000.0, "casualties:dead")]


def test_a_population_is_a_count_of_residents_though_it_modifies_no_noun():
    body = ("Derna, population 50,000, was hit the hardest. The port has a population of about 90,000. "
            "The population of the region is 125,000. Its population grew by 5,000 last year.")
    [an] = analyze([Article(id="p", source="p.txt", body=body, outlet="Test", published=datetime(2023, 9, 12))])
    assert sorted((q.value, q.approximate) for q in an.quantities if q.category == "people:residents") == [
        (50000.0, False), (90000.0, True), (125000.0, False)]  # a change ("grew by 5,000") is no population


def test_a_paragraph_ending_in_a_colon_hands_its_subject_to_the_quote_that_follows():
    body = ('After the vote, the opposition leader John Harper celebrated the outcome:\n\n'
            '"Today we have defended democracy, and the chaos is not of our making."\n\n'
            'Dr. Lena Castelli, a former director of the study, stated:\n\n'
            '"The samples were never tested twice in the same laboratory."\n\n'
            'The ministry published the figures:\n\n"The toll has risen to forty people in three provinces."\n\n'
            'Critics of Emmanuel Macron in the assembly reacted in kind:\n\n'
            '"This is a government that has failed the people of France."')
    [an] = analyze([Article(id="c", source="c.txt", body=body, outlet="Test", published=datetime(2024, 12, 4))])
    # a person the colon sentence only mentions ("Critics of Emmanuel Macron") is not its speaker
    assert [q.speaker for q in an.quotes if q.direct] == ["John Harper", "Lena Castelli", None, None]


def test_a_speech_verb_the_parse_joins_to_the_reported_clause_is_the_reporting_speakers():
    body = ('French President Emmanuel Macron spoke on Thursday. The president said the far right and the far left '
            'had united in what he called "an anti-Republican front" and stressed: "I won\'t shoulder other people\'s '
            'irresponsibility."')
    [an] = analyze([Article(id="m", source="m.txt", body=body, outlet="Test", published=datetime(2024, 12, 5))])
    assert [q.speaker for q in an.quotes if q.direct and q.text.startswith("I won")] == ["Emmanuel Macron"]  # not "far right"


def test_a_possessive_is_not_part_of_a_name_nor_of_the_speaker_it_gives():
    body = ("Nordvale Fertiliser Company's jetty was closed. Nordvale Fertiliser Company said on Monday that loading "
            "would resume. The company said less than one tonne of ammonia had escaped from the arm.")
    [an] = analyze([Article(id="p", source="p.txt", body=body, outlet="Test", published=datetime(2025, 3, 12))])
    assert {e.text for e in an.entities if e.label == "ORG"} == {"Nordvale Fertiliser Company"}
    assert {q.speaker for q in an.quotes} == {"Nordvale Fertiliser Company"}


def test_a_body_named_by_its_acronym_speaks_and_a_dateline_in_capitals_does_not():
    body = ('"These figures are expected to rise in the coming days as crews find survivors." OCHA said.\n\n'
            'MARLEVIK, Lestria — "The port will stay closed until Friday at the earliest," the harbour office said.')
    [an] = analyze([Article(id="o", source="o.txt", body=body, outlet="Test", published=datetime(2023, 9, 17))])
    assert [q.speaker for q in an.quotes if q.direct] == ["OCHA", "harbour office"]


def test_a_quote_in_french_copy_gets_the_speaker_named_after_it():
    body = ('"Nous creusons à mains nues là où les engins ne peuvent pas accéder", a déclaré la ministre des '
            'Situations d\'urgence, Ioulia Tsvarenko, arrivée mardi.\n\n"Chaque heure compte désormais", a-t-elle ajouté.')
    article = Article(id="fr", source="fr.txt", body=body, outlet="Test", lang="fr", published=datetime(2026, 3, 4))
    [an] = analyze([article])
    assert [q.speaker for q in an.quotes] == ["Ioulia Tsvarenko", "Ioulia Tsvarenko"]


def test_a_hyphenated_given_name_stays_whole():
    body = 'Acting President Choi Sang-mok visited the airport. "All agencies must mobilise," Choi said.'
    [an] = analyze([Article(id="h", source="h.txt", body=body, outlet="Test", published=datetime(2024, 12, 29))])
    assert "Choi Sang-mok" in {e.canonical for e in an.entities if e.label == "PERSON"}
    assert [q.speaker for q in an.quotes] == ["Choi Sang-mok"]
    quoted = direct_speakers('"We fell short of what we wanted," said Yoon Suk-yeol on Saturday.')
    assert quoted == {"We fell short of wha": "Yoon Suk-yeol"}  # a name the tagger does not mark, read off the parse


def test_he_is_the_subject_of_the_sentence_before_not_the_person_it_names_last():
    body = ('After the vote failed, opposition leader Lee Jae-myung vowed to impeach Yoon Suk Yeol at all costs.\n\n'
            '"We fell short and failed to create the result we wanted," he said.')
    assert direct_speakers(body) == {"We fell short and fa": "Lee Jae-myung"}


def test_who_is_the_name_just_before_it():
    body = ('The mayor was backed by the harbour master, Marta Olival, who said "we can only accept the safest '
            'berths", and the fire chief, Tomas Ekdal, who echoed: "The era of old valves is over at the port."')
    assert direct_speakers(body) == {"we can only accept t": "Marta Olival", "The era of old valve": "Tomas Ekdal"}


def test_an_unattributed_quote_opening_a_paragraph_continues_the_speaker_before_it():
    body = ('"We dug through the mud with our hands for two days," Ilona Varga told the radio station.\n\n'
            '"Nobody came to help us until the water had gone down again."\n\n'
            'The hospital director, Teodor Brask, wrote in his report to the council:\n\n'
            '"Every bed on the ground floor was lost to the flood in under an hour."\n\n'
            'The council met on Friday.\n\n"This paragraph is quoted by nobody in particular here."')
    [an] = analyze([Article(id="c", source="c.txt", body=body, outlet="Test", published=datetime(2026, 3, 4))])
    assert [q.speaker for q in an.quotes if q.direct] == ["Ilona Varga", "Ilona Varga", "Teodor Brask", None]


def test_a_statement_speaks_for_the_body_that_issued_it():
    body = ('The Metropolitan Police Department released a statement on the closure on Monday.\n\n'
            '"Ships will be turned back until the breakwater has been inspected," read the statement.\n\n'
            'In a statement on Tuesday, the Foreign Office said it was following the case.\n\n'
            '"We are in touch with the families of the crew," the Foreign Office statement reads.')
    [an] = analyze([Article(id="s", source="s.txt", body=body, outlet="Test", published=datetime(2026, 3, 4))])
    assert [q.speaker for q in an.quotes if q.direct] == ["Metropolitan Police Department", "Foreign Office"]


def test_quotes_in_spanish_copy_take_the_speaker_named_by_pattern_not_by_the_english_parse():
    body = ('"Nunca me rendiré ante la presión de la calle", afirmó Ferrán, subrayando que el gobierno de '
            'Pablo Ortega había caído.\n\n"No por hacer, sino por deshacer", explicó.')
    [an] = analyze([Article(id="es", source="es.txt", body=body, outlet="Test", lang="es", published=datetime(2026, 3, 4))])
    assert [q.speaker for q in an.quotes] == ["Ferrán", "Ferrán"]
    # the tagger takes in the verb on Spanish text ("afirmó Ferrán"): names never begin in lower case
    assert not any(e.text.split()[0].islower() for e in an.entities if e.label == "PERSON")


def test_what_was_needed_and_the_size_of_a_body_are_not_counts_of_what_was_had():
    body = ("The opposition needed 299 votes to topple the cabinet and won 331 votes. "
            "A total of 331 out of 480 deputies voted in favour.")
    [an] = analyze([Article(id="v", source="v.txt", body=body, outlet="Test", published=datetime(2026, 3, 4))])
    assert {(q.value, q.category) for q in an.quantities} >= {(299.0, "vote:needed"), (331.0, "vote"), (480.0, "seats")}
