"""Datewise timelines (storyline.datewise): which dates, and which sentences for each."""

from datetime import date

from storyline.datewise import centroid_opt, top_dates


def test_top_dates_ranks_by_mentions_then_earlier_first():
    mentions = {date(2024, 5, 3): 4, date(2024, 5, 1): 2, date(2024, 5, 2): 4, date(2024, 5, 9): 1}
    assert top_dates(mentions, 2) == [date(2024, 5, 2), date(2024, 5, 3)]
    assert top_dates(mentions, None)[-1] == date(2024, 5, 9)
    # tuples compare in turn: a day before a span when as many articles name both
    assert top_dates({"2024-05-01/2024-05-31": (3, False), "2024-05-20": (3, True), "2024-05-02": (1, True)}, 1) == [
        "2024-05-20"]


def test_centroid_opt_takes_what_the_date_is_mostly_about():
    texts = [
        "The council approved the harbour budget on Monday after a long debate.",
        "Councillors approved the harbour budget on Monday.",
        "The harbour budget was approved by the council on Monday.",
        "Dockers marched through the harbour district to protest the budget cuts.",
        "A local football team won its match on Sunday.",
    ]
    chosen = centroid_opt(texts, 3)
    assert chosen[0] in (0, 1, 2)  # the approval, told three times, is what the date is about
    assert len(set(chosen)) == 3 and 4 not in chosen  # never the football, told once and off the topic
    assert centroid_opt(texts, 9) == list(range(5))
    assert centroid_opt(["the a of", "and the"], 1) == [0]  # nothing but stop words
