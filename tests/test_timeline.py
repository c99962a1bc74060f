"""Timelines (storyline.timeline): dated statements, each sentence once, the dates kept, background apart."""

import pytest


@pytest.fixture(scope="module")
def briefs(example_engine):
    return [example_engine.brief(s.id) for s in example_engine.storylines()]


def test_each_timeline_entry_says_its_date_and_its_sources_state_it(briefs):
    from storyline.align import verdicts

    for b in briefs:
        for t in b.timeline:
            assert t.surface.lower() in t.text.lower(), (t.date, t.surface, t.text)  # the words that date it
            others = [c for c in t.citations if c.text != t.text]
            assert all(why is None for why in verdicts([(t.text, c.text) for c in others])), t.text
        # background comes before every dated entry of the story
        assert all(bg.sort_key <= t.sort_key for bg in b.background for t in b.timeline)


def test_dates_well_before_the_story_are_background_and_the_storys_whole_year_dates_nothing(mali_engine):
    from datetime import date

    [story] = mali_engine.storylines()
    brief = mali_engine.brief(story.id)
    # the story began with the first report, 2022-01-27: nothing before 2022 in its timeline
    assert brief.timeline and min(t.sort_key for t in brief.timeline) >= date(2022, 1, 1)
    assert {"2022-01-18", "2022-01-24", "2022-01-27", "2022-02-17", "2022-05-03"} <= {t.date for t in brief.timeline}
    assert not any(t.date == "2022-01-01/2022-12-31" for t in brief.timeline)  # "of 2022"
    # the coup of 2020 and the accords of 2014 are kept apart, as background
    assert {"2014-01-01/2014-12-31", "2020-08-01/2020-08-31"} <= {t.date for t in brief.background}
    assert all(t.sort_key < date(2022, 1, 1) for t in brief.background)


def test_each_timeline_sentence_is_listed_once(mali_engine):
    [story] = mali_engine.storylines()
    brief = mali_engine.brief(story.id)
    texts = [t.text for t in brief.timeline]
    assert len(texts) == len(set(texts))
    # "called on France … on Friday after Macron announced on Thursday": under the Friday it reports
    friday = [t for t in brief.timeline if "without delay\" on Friday after" in t.text]
    assert [t.date for t in friday] == ["2022-02-18"]
    for event in brief.events:
        assert len({t.text for t in event.timeline}) == len(event.timeline)


def test_timeline_keeps_the_dates_most_articles_name_and_the_best_supported_statements(mali_engine):
    [story] = mali_engine.storylines()
    full = mali_engine.brief(story.id, per_date=99)
    short = mali_engine.brief(story.id, dates=3, per_date=1)
    named = {}
    for t in full.timeline:
        named.setdefault(t.date, set()).update(c.article_id for c in t.citations)
    kept = [t.date for t in short.timeline]
    assert len(kept) == len(set(kept)) == 3
    assert min(len(named[d]) for d in kept) >= max(len(n) for d, n in named.items() if d not in kept)
    assert "2022-01-27" in kept  # three of the five articles name the day Denmark announced its pull-out
    best = {d: max(len(t.citations) for t in full.timeline if t.date == d) for d in kept}
    assert all(len(t.citations) == best[t.date] for t in short.timeline)
    assert kept == sorted(kept, key=lambda d: next(t.sort_key for t in short.timeline if t.date == d))


def test_mali_timeline_places_each_day_with_its_event(mali_engine):
    [story] = mali_engine.storylines()
    brief = mali_engine.brief(story.id)
    event_of = {s.article_id: k for k, e in enumerate(brief.events) for s in e.sources}
    days = {}
    for t in brief.timeline:
        days.setdefault(t.date, set()).update(event_of[c.article_id] for c in t.citations)
    # Danish troops arrive (18 Jan), the junta asks them to go (24 Jan), Denmark pulls out (27 Jan): the first
    # event; Macron's pull-out and Mali's answer (17/18 Feb): the second; Mali quits the accords (2/3 May): the third
    for day, event in (("2022-01-18", 0), ("2022-01-24", 0), ("2022-01-27", 0), ("2022-02-17", 1), ("2022-02-18", 1),
                       ("2022-05-02", 2), ("2022-05-03", 2)):
        assert days.get(day) == {event}, (day, days.get(day))


def _one_article_timeline(engine, tmp_path, text: str, published: str):
    """The timeline of one article from one outlet, ingested from a folder with its sidecar."""
    from conftest import write

    write(tmp_path / "in", "story.txt", text)
    write(tmp_path / "in", "meta.jsonl", '{"file": "story.txt", "outlet": "Wire", "published": "%s"}\n' % published)
    engine.ingest([tmp_path / "in"])
    [event] = engine.events()
    return engine.brief(event.id).timeline


def test_a_wire_dateline_dates_nothing_and_comes_off_the_entry(engine, tmp_path):
    text = ("Floods in Velna\n\n13 September, VELNA, Lestria (Reuters) – Bodies washed ashore on Wednesday as rescuers "
            "searched the coast near the port of Velna for a third day.\n")
    timeline = _one_article_timeline(engine, tmp_path, text, "2023-09-14")
    assert [(t.date, t.surface) for t in timeline] == [("2023-09-13", "on Wednesday")]
    assert timeline[0].text.startswith("Bodies washed ashore")


def test_a_sentence_naming_a_week_and_a_year_is_listed_under_the_week(engine, tmp_path):
    text = ("President stays on\n\nThe president of Lestria said he would not resign. \"I was elected to serve "
            "until 2027, and I will fulfil that mandate,\" he told reporters earlier this week.\n")
    timeline = _one_article_timeline(engine, tmp_path, text, "2024-12-13")
    assert [(t.date, t.surface) for t in timeline] == [("2024-12-09/2024-12-13", "earlier this week")]
