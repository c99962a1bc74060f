"""Placing an undated article in time (storyline.analyze.dates.estimate_date).

Every text here is written for these tests."""

from dataclasses import FrozenInstanceError
from datetime import date, timedelta

import pytest

from storyline.analyze.dates import DateGuess, estimate_date, find_dates

APRIL = [date(2025, 4, 2), date(2025, 4, 3)]  # a Wednesday and a Thursday


@pytest.mark.parametrize(
    "body, expected",
    [
        ("YANGON, March 29 (Reuters) - Rescue teams pulled two more survivors from a collapsed "
         "apartment block on Saturday, officials said.", date(2025, 3, 29)),
        ("Mandalay, 30 March: Residents slept in the streets for a second night after the tremor "
         "damaged the old market.", date(2025, 3, 30)),
        ("March 31, 2025 — The port authority reopened two berths after a week of repairs.", date(2025, 3, 31)),
        ("NAYPYITAW, Myanmar, April 1 (AP) — The junta declared a truce until April 22.", date(2025, 4, 1)),
        ("2025-04-01\nThe relief convoy reached the delta towns before dawn.", date(2025, 4, 1)),
        ("Posted: Tuesday, April 1, 2025 09:40\n\nThe relief convoy reached the delta towns.", date(2025, 4, 1)),
    ],
)
def test_a_dateline_at_the_top_wins(body, expected):
    guess = estimate_date(None, body, APRIL)
    assert guess.day == expected
    assert guess.how.startswith("dateline")
    assert guess.confidence >= 0.9


def test_a_dateline_without_a_year_takes_the_year_nearest_the_context():
    body = "BANGKOK, Dec. 30 (Reuters) - Flights resumed at the northern airport on Monday."
    assert estimate_date(None, body, [date(2025, 1, 2)]).day == date(2024, 12, 30)
    assert estimate_date(None, body, (), reference=date(2025, 1, 2)).day == date(2024, 12, 30)
    assert estimate_date(None, body, (), reference=date(2024, 11, 20)).day == date(2024, 12, 30)


def test_a_dateline_needs_a_year_or_an_anchor():
    assert estimate_date(None, "YANGON, March 29 (Reuters) - Two aftershocks were felt.") is None
    guess = estimate_date(None, "YANGON, March 29, 2025 (Reuters) - Two aftershocks were felt.")
    assert guess.day == date(2025, 3, 29)


def test_a_place_without_a_date_is_no_dateline():
    body = "PARIS (AFP) — The minister resigned on 2 April after a week of protests, his office said."
    guess = estimate_date(None, body, APRIL)
    assert (guess.day, guess.how.split(":")[0]) == (date(2025, 4, 2), "text-date")


def test_a_date_in_the_middle_of_a_sentence_is_no_dateline():
    body = ("Officials said the bridge, closed since March 3 (after the floods) - would reopen soon. "
            "It is the third closure this year.")
    guess = estimate_date(None, body, APRIL)
    assert not guess.how.startswith("dateline")


def test_the_ceasefire_is_placed_on_the_day_it_was_announced_not_the_day_it_ends():
    body = ("The military government announced on 2 April a temporary ceasefire to help relief work "
            "after the earthquake. The truce lasts until April 22, a spokesman said, and talks will "
            "resume on April 25. Aid groups have asked for access by April 10.")
    guess = estimate_date("Junta declares truce after quake", body, APRIL)
    assert guess.day == date(2025, 4, 2)
    assert guess.how.startswith("text-date")


@pytest.mark.parametrize(
    "phrase",
    ["ends on April 22", "will vote on April 22", "through April 22", "by April 22",
     "from April 1 to April 22", "the April 22 deadline", "April 22, when the truce expires",
     "since April 22", "in the week ended April 22"],
)
def test_dates_of_plans_deadlines_and_period_ends_are_not_events(phrase):
    body = f"The council met again. The measure {phrase}, officials said."
    guess = estimate_date(None, body, [date(2025, 4, 20), date(2025, 4, 26)])
    assert guess.day != date(2025, 4, 22)
    assert not guess.how.startswith("text-date")


def test_the_latest_past_event_date_is_taken_and_returned_as_is():
    body = ("Protesters gathered on March 28 outside the ministry. Police detained 40 people on "
            "March 30, and the minister resigned on April 1.")
    guess = estimate_date(None, body, APRIL)
    assert guess.day == date(2025, 4, 1)  # +0: published the day of the latest event


def test_an_obituary_is_not_placed_in_the_year_of_birth():
    body = ("Daw Khin Nyunt, the poet, died on Tuesday in Yangon. She was born on June 3, 1923, "
            "in Mandalay and published her first collection on May 5, 1951.")
    context = [date(2008, 3, 12), date(2008, 3, 13)]
    guess = estimate_date("Poet Khin Nyunt dies at 84", body, context)
    assert guess.day in (date(2008, 3, 11), date(2008, 3, 12))
    assert guess.how.startswith("relative")
    # with only a batch median, the birth date is background too
    assert estimate_date(None, body, (), date(2008, 3, 15)) is None


def test_background_years_and_months_are_not_dates():
    body = ("The group has fought the army since 2012. A ceasefire signed in 2015 collapsed in "
            "March 2019, and talks in 2021 went nowhere.")
    guess = estimate_date(None, body, [date(2025, 4, 1), date(2025, 4, 3), date(2025, 4, 4)])
    assert guess == DateGuess(date(2025, 4, 3), "event: median of 3", guess.confidence)
    assert 0.2 <= guess.confidence < 0.5
    assert estimate_date(None, body) is None
    assert estimate_date(None, body, (), reference=date(2025, 4, 3)) is None


def test_a_past_tense_weekday_picks_the_day_that_fits_the_context():
    body = "The central bank raised its main rate on Wednesday, citing food prices."
    # the articles of its event came out on that Wednesday
    assert estimate_date(None, body, [date(2025, 4, 2), date(2025, 4, 2)]).day == date(2025, 4, 2)
    # … or the day after it: the report may be Thursday's
    guess = estimate_date(None, body, [date(2025, 4, 3), date(2025, 4, 3)])
    assert guess.day == date(2025, 4, 3)
    assert guess.how.startswith("relative") and guess.confidence <= 0.5


def test_yesterday_moves_the_guess_to_the_day_after_the_weekday():
    body = "The central bank raised its main rate on Wednesday. Markets fell yesterday afternoon."
    assert estimate_date(None, body, [date(2025, 4, 2), date(2025, 4, 2)]).day == date(2025, 4, 3)


def test_weekdays_of_plans_are_not_used():
    body = ("Ahead of his address to parliament on Wednesday, the president met party leaders. "
            "Tuesday's meeting was short.")
    guess = estimate_date(None, body, [date(2025, 4, 7)])
    assert guess.how.startswith("event")


def test_relative_words_without_a_context_give_nothing():
    body = "The central bank raised its main rate on Wednesday, after a tense week."
    assert estimate_date(None, body) is None
    assert estimate_date(None, body, (), reference=date(2025, 4, 3)) is None


def test_without_context_or_reference_only_full_dates_count():
    assert estimate_date(None, "Police detained 40 people on March 30, officials said.") is None
    guess = estimate_date(None, "Police detained 40 people on March 30, 2025, officials said.")
    assert guess.day == date(2025, 3, 30)


def test_never_further_than_sixty_days_from_the_context():
    context = [date(2025, 4, 2), date(2025, 4, 3)]
    for body in ("YANGON, March 29, 2019 (Reuters) - The court adjourned the case.",
                 "The court adjourned the case on January 5, 2025, the lawyers said."):
        guess = estimate_date(None, body, context)
        assert context[0] - timedelta(days=60) <= guess.day <= context[-1] + timedelta(days=60)


def test_the_title_counts_as_text():
    guess = estimate_date("Bank raises rates on 2 April", "The decision surprised traders.", APRIL)
    assert guess.day == date(2025, 4, 2)


def test_a_guess_is_frozen():
    guess = estimate_date(None, "Police detained 40 people on March 30, 2025.")
    with pytest.raises(FrozenInstanceError):
        guess.day = date(2025, 1, 1)


def test_a_past_tense_verb_keeps_a_weekday_in_the_past():
    text = "The minister, who will retire in June, announced on Wednesday that the port would close."
    found = {d.text: d.first for d in find_dates(text, date(2025, 4, 3))}
    assert found["on Wednesday"] == date(2025, 4, 2)  # not 9 April
    text = "The results will be released on Wednesday, the agency said."
    assert find_dates(text, date(2025, 4, 3))[0].first == date(2025, 4, 9)


def test_a_quoted_yesterday_does_not_move_the_guess():
    body = ('The central bank raised its main rate on Wednesday. "Prices jumped yesterday," '
            'a trader said.')
    assert estimate_date(None, body, [date(2025, 4, 2), date(2025, 4, 2)]).day == date(2025, 4, 2)
