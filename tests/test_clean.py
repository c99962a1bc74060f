"""Boilerplate out, structure kept (storyline.clean), on texts written for the tests."""

from storyline.clean import clean_text, outlet_boilerplate
from storyline.model import Article

STORY = """Flood barriers along the Lenne river held overnight as water levels peaked at 6.2 metres, the regional authority said on Sunday.

Rescue crews moved 340 residents from low-lying streets in Dunmore before the crest arrived.

A firefighter carries a child through flood water in Dunmore.
A firefighter carries a child through flood water in Dunmore. © Jana Holm, Lenne Press

- Heavy rain warning extended for the whole coast
- Dunmore schools to stay closed on Monday

Barriers under strain

Engineers said the temporary barriers, installed in 2019, had never been tested at this height.

"We were lucky the wind dropped after midnight," said deputy mayor Ilse Varga. "Another ten centimetres and the old town would have flooded."

Engineers said the temporary barriers, which were installed back in 2019, had never been tested at such a height before.

(with agencies)

Morning briefingGet the essential news in your inbox every day

Download the Lenne Press app and never miss an update

Read more

River levels: why the Lenne rises so fast in spring

Hydrologists have long warned that the upper valley …"""


def test_removes_each_kind_of_noise_and_keeps_the_story():
    body, headings, removed = clean_text(STORY)
    for noise in ["©", "Heavy rain warning", "schools to stay closed", "(with agencies)", "Morning briefing",
                  "Download the", "Read more", "River levels", "Hydrologists", "carries a child"]:
        assert noise not in body, noise
    for story in ["Flood barriers along the Lenne", "Rescue crews moved 340 residents", "deputy mayor Ilse Varga",
                  "had never been tested at this height"]:
        assert story in body, story
    assert "(with agencies)" in removed and any(r.startswith("- Heavy rain") for r in removed)


def test_a_near_repeated_paragraph_is_dropped_once():
    body, _, removed = clean_text(STORY)
    assert body.count("Engineers said the temporary barriers") == 1
    assert any("installed back in 2019" in r for r in removed)


def test_a_quote_after_the_longer_paragraph_that_paraphrased_it_stays():
    text = ('Marta Olival added that before the landing the trainee pilot read the altitude as 300 feet while the '
            'instructor read 400 feet on the second gauge, and admitted that the pilots did not "know why the two '
            'altitude readings differed" at all, according to the regional broadcaster.\n\n'
            '"At this time we do not know why the pilots\' two altitude readings differed," Olival stated.')
    body, _, removed = clean_text(text)
    assert "At this time we do not know" in body and not removed


def test_sub_headings_become_structure_not_body():
    body, headings, _ = clean_text(STORY)
    assert [h.text for h in headings] == ["Barriers under strain"]
    assert "Barriers under strain" not in body
    assert body[headings[0].offset:].startswith("Engineers said the temporary barriers")


def test_quote_marks_and_spaces_are_normalised():
    body, _, _ = clean_text("The minister said \u201cwe will rebuild\u201d  and left.\u00a0It was late.")
    assert body == 'The minister said "we will rebuild" and left. It was late.'


def test_title_repeated_in_body_is_removed():
    body, headings, _ = clean_text("Dunmore floods\n\nThe river rose overnight in Dunmore, officials said.", title="Dunmore floods")
    assert body == "The river rose overnight in Dunmore, officials said." and headings == []


def test_a_prose_bullet_stays_and_a_link_bullet_goes():
    text = ("Officials listed the measures taken overnight in the valley.\n"
            "- Crews reinforced the barriers on both banks of the river before midnight.\n"
            "- Valley flood map")
    body, _, removed = clean_text(text)
    assert "Crews reinforced the barriers on both banks" in body
    assert removed == ["- Valley flood map"]


def test_end_marker_early_in_the_text_does_not_cut_the_story():
    text = "Related\n" + "The council approved the budget on Tuesday after a long debate. " * 5
    body, _, _ = clean_text(text)
    assert "The council approved the budget" in body


def test_lines_an_outlet_repeats_across_articles_are_its_boilerplate():
    footer = "Follow Lenne Press on the river valley beat"
    arts = [Article(id=str(i), source=f"{i}.txt", outlet="Lenne Press", body=f"Story number {i} about the river.\n{footer}")
            for i in range(3)]
    arts.append(Article(id="x", source="x.txt", outlet="Other", body=f"A story.\n{footer}"))
    repeated = outlet_boilerplate(arts)
    assert footer.lower() in repeated["Lenne Press"]
    assert "Other" not in repeated
    body, _, _ = clean_text(arts[0].body, outlet_boilerplate=repeated["Lenne Press"])
    assert footer not in body and "Story number 0" in body


def test_a_wire_dateline_before_the_lead_is_removed():
    body, _, removed = clean_text("SALTMERE, Kestria, March 11 (Northwire) - Ammonia leaked from a tank on Monday.\n\nMore text here.")
    assert body.startswith("Ammonia leaked from a tank on Monday.")
    assert removed == ["SALTMERE, Kestria, March 11 (Northwire) -"]
    body, _, _ = clean_text("NATO and the EU met on Monday - a rare joint session, officials said.")
    assert body.startswith("NATO and the EU met")
    # after a headline line, as a republished wire story keeps it
    body, _, removed = clean_text("Ammonia leak shuts Saltmere port\n\nSALTMERE, Kestria, March 11 (Northwire) - "
                                  "Ammonia leaked from a tank on Monday, officials said.\n\nMore text here.")
    assert "SALTMERE, Kestria" not in body and removed == ["SALTMERE, Kestria, March 11 (Northwire) -"]


def test_more_kinds_of_web_furniture_go():
    text = ("The strike closed three container berths at Kelmar on Monday, the port authority said.\n"
            "Advertisement\n"
            "Story continues below\n"
            "Image caption, Dock workers gathered outside the port gates\n"
            "Union leaders said talks would resume on Wednesday if the company made a new offer.\n"
            "What happens next?\n"
            "Mediators from the labour ministry are expected to join the talks later in the week.\n"
            "Follow her on Twitter for updates\n"
            "This story has been updated with comment from the union.")
    body, headings, removed = clean_text(text)
    assert [h.text for h in headings] == ["What happens next?"]
    assert body.split("\n\n") == [
        "The strike closed three container berths at Kelmar on Monday, the port authority said.",
        "Union leaders said talks would resume on Wednesday if the company made a new offer.",
        "Mediators from the labour ministry are expected to join the talks later in the week.",
    ]


def test_hard_wrapped_text_is_joined_into_paragraphs_not_headings():
    wrapped = ("The council met on Monday and approved the harbour budget after\n"
               "a long debate that ran past midnight, officials said on Tuesday\n"
               "morning.\n\n"
               "Opposition members said the plan underestimated the cost of the\n"
               "new breakwater and would ask the auditor to review it.")
    body, headings, _ = clean_text(wrapped)
    assert headings == []
    assert body.split("\n\n") == [
        "The council met on Monday and approved the harbour budget after a long debate that ran past "
        "midnight, officials said on Tuesday morning.",
        "Opposition members said the plan underestimated the cost of the new breakwater and would ask "
        "the auditor to review it.",
    ]


def test_a_large_batch_cleaned_in_worker_processes_equals_one_cleaned_in_one(monkeypatch):
    import copy

    import storyline.clean as clean

    articles = [Article(f"a{i}", f"/x/{i}.txt", STORY.replace("6.2", f"6.{i}"), outlet=f"Outlet {i % 3}",
                        title="Flood barriers hold") for i in range(12)]
    repeated = outlet_boilerplate(articles)
    serial = clean.clean_articles(copy.deepcopy(articles), repeated)
    monkeypatch.setattr(clean, "PARALLEL_FROM", 4)  # a batch this small would stay in one process
    parallel = clean.clean_articles(copy.deepcopy(articles), repeated)
    assert [(a.id, a.body, a.headings, a.removed) for a in parallel] == [(a.id, a.body, a.headings, a.removed) for a in serial]
    assert all("Heavy rain warning" not in a.body and "6." in a.body for a in parallel)


def test_words_in_curly_single_marks_are_a_quotation_and_apostrophes_stay():
    from storyline.textutil import normalise_line

    assert normalise_line("‘We will not resign. It’s our duty to stay,’ he added.") == \
        '"We will not resign. It\'s our duty to stay," he added.'
    assert normalise_line("the party’s ‘red line’ and the ‘Oddfather’") == "the party's 'red line' and the 'Oddfather'"
