"""Date phrases resolved against the publication date (storyline.analyze.dates)."""

from datetime import date

import pytest

from storyline.analyze.dates import estimate_date, find_dates

THURSDAY = date(2022, 1, 27)
FRIDAY = date(2022, 1, 28)


def one(text, published):
    found = find_dates(text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text, published, first, last",
    [
        ("first asked Denmark to withdraw on Monday, following", THURSDAY, date(2022, 1, 24), date(2022, 1, 24)),
        ("asked Denmark last Monday night to withdraw", FRIDAY, date(2022, 1, 24), date(2022, 1, 24)),
        ("said on Thursday it would", THURSDAY, THURSDAY, THURSDAY),
        ("last Thursday the ministry", THURSDAY, date(2022, 1, 20), date(2022, 1, 20)),
        ("troops arrived on Jan. 18 to join", THURSDAY, date(2022, 1, 18), date(2022, 1, 18)),
        ("signed on 3 March 2014 in Bamako", THURSDAY, date(2014, 3, 3), date(2014, 3, 3)),
        ("arrived in Mali last week to", FRIDAY, date(2022, 1, 17), date(2022, 1, 23)),
        ("arrived earlier this month to", THURSDAY, date(2022, 1, 1), date(2022, 1, 26)),
        ("the vote last month showed", date(2022, 3, 10), date(2022, 2, 1), date(2022, 2, 28)),
        ("a request from Denmark in June to deploy", THURSDAY, date(2021, 6, 1), date(2021, 6, 30)),
        ("would leave Mali in March, is a", THURSDAY, date(2022, 3, 1), date(2022, 3, 31)),
        ("came to power in a coup in August 2020", THURSDAY, date(2020, 8, 1), date(2020, 8, 31)),
        ("the accords signed in 2014", THURSDAY, date(2014, 1, 1), date(2014, 12, 31)),
        ("officials said yesterday", THURSDAY, date(2022, 1, 26), date(2022, 1, 26)),
        ("a release on 2022-01-05 was", None, date(2022, 1, 5), date(2022, 1, 5)),
    ],
)
def test_resolves_against_publication_date(text, published, first, last):
    found = one(text, published)
    assert (found.first, found.last) == (first, last)
    assert text[found.start:found.end] == found.text


def test_a_date_late_in_december_read_in_january_is_last_year():
    assert one("the fire of Dec. 30 destroyed", date(2023, 1, 4)).first == date(2022, 12, 30)


def test_future_tense_looks_forward():
    text = "the port authority said on Wednesday that the quays would reopen on Thursday."
    found = {d.text: d.first for d in find_dates(text, date(2025, 3, 12))}
    assert found == {"on Wednesday": date(2025, 3, 12), "on Thursday": date(2025, 3, 13)}


def test_the_verb_may_is_not_a_month():
    found = find_dates("Officials may decide on Friday whether troops may stay.", THURSDAY)
    assert [d.text for d in found] == ["on Friday"]
    assert [d.first for d in find_dates("Elections are due in May 2023.", THURSDAY)] == [date(2023, 5, 1)]


def test_relative_dates_need_a_publication_date():
    assert find_dates("It happened on Monday and last week.", None) == []


def test_an_undated_article_is_placed_at_the_latest_past_event_date_it_names():
    text = "The tank was inspected on March 3. The leak on March 10 closed the port."
    assert estimate_date(None, text, (), date(2025, 3, 20)).day == date(2025, 3, 10)
    assert estimate_date(None, "No dates here at all.", (), date(2025, 3, 20)) is None


def test_a_lowercase_month_word_is_not_a_date():
    found = find_dates("Police said the march was peaceful; the may pole stood.", THURSDAY)
    assert found == []


def test_this_weekend_is_the_coming_one_from_tuesday_on_and_the_one_just_past_on_a_monday():
    from datetime import date

    def weekend(text, published):
        [found] = find_dates(text, published)
        return found.first, found.last

    thursday, sunday, monday = date(2025, 4, 3), date(2025, 4, 6), date(2025, 4, 7)
    assert weekend("Protests are planned for this weekend in the capital.", thursday) == (date(2025, 4, 5), date(2025, 4, 6))
    assert weekend("Thousands marched in the capital this weekend.", sunday) == (date(2025, 4, 5), date(2025, 4, 6))
    assert weekend("Thousands marched in the capital this weekend.", monday) == (date(2025, 4, 5), date(2025, 4, 6))
    assert weekend("Unions will march again this weekend.", monday) == (date(2025, 4, 12), date(2025, 4, 13))


@pytest.mark.parametrize("text", [
    "CAIRO | Mon Mar 7 , 2011 6:43 pm EST CAIRO -LRB- Reuters -RRB- - Protesters gathered again.",
    "Page last updated at 07:43 GMT , Tuesday , 23 August 2011",
    "Robin Lustig | 10:05 UK time , Friday , 20 January 2012",
    "01 February 12 04:27 GMT A day of debate at the Security Council has ended without agreement .",
])
def test_a_page_stamp_dates_nothing_that_happened(text):
    assert find_dates(text, date(2012, 2, 1)) == []
    kept = find_dates(text, date(2012, 2, 1), stamps=True)
    assert kept and all(f.kind == "stamp" for f in kept)


def test_a_time_of_day_said_in_the_story_is_not_a_stamp():
    found = find_dates("The quake struck on March 7 at 6:43 pm, officials said.", date(2011, 3, 8))
    assert [(f.first, f.kind != "stamp") for f in found] == [(date(2011, 3, 7), True)]


@pytest.mark.parametrize("text, day", [
    ("It began on June 25 , 2008 in Gaza .", date(2008, 6, 25)),  # tokenised: a space before the comma
    ("It began on 25 June , 2008 .", date(2008, 6, 25)),
    ("On Jan . 18 they left .", date(2009, 1, 18)),
    ("The talks resume on Sept. 3.", date(2009, 9, 3)),
])
def test_tokenised_and_abbreviated_days_keep_their_year_and_day(text, day):
    [found] = find_dates(text, date(2009, 6, 30))
    assert (found.first, found.granularity) == (day, "day")


def test_a_sentence_ending_in_a_month_does_not_date_the_number_after_it():
    assert [(f.first, f.granularity) for f in find_dates("It rained in March. 25 people died.", date(2009, 6, 30))] == [
        (date(2009, 3, 1), "month")]
