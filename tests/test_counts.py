"""Counts of people in French, German and Spanish copy (storyline.analyze.counts)."""

from datetime import datetime

import pytest

from storyline.analyze import analyze
from storyline.analyze.counts import find_counts, parse
from storyline.model import Article


@pytest.mark.parametrize("written, value", [("5.200", 5200), ("5'200", 5200), ("3 166", 3166), ("3\u202f840", 3840),
                                            ("2,5", 2.5), ("11.300", 11300), ("48", 48)])
def test_numbers_are_read_with_the_languages_own_separators(written, value):
    assert parse(written) == value


@pytest.mark.parametrize("text, wanted", [
    ("Selon le bilan, 3.840 morts ont été recensés et plus de 2.400 personnes sont toujours portées disparues.",
     [(3840, None, "casualties:dead", False), (2400, None, "people:missing", True)]),
    ("Die Zahl der Toten ist mittlerweile auf 5.200 gestiegen, etwa 10.000 Menschen werden vermisst.",
     [(5200, None, "casualties:dead", False), (10000, None, "people:missing", True)]),
    ("Hay entre 5.000 y 6.000 personas desaparecidas y 30.000 desplazados en la ciudad.",
     [(5000, 6000, "people:missing", False), (30000, None, "people:displaced", False)]),
    ("La mayoría necesaria era de 289 votos de los 577 diputados.",
     [(289, None, "vote:needed", False), (577, None, "seats", False)]),
])
def test_counts_take_their_kind_from_the_counted_word_or_the_words_after_it(text, wanted):
    assert [(c.value, c.high, c.category, c.approximate) for c in find_counts(text)] == wanted


def test_an_article_in_french_counts_people_by_pattern_and_reads_no_dates_as_counts():
    body = "Le 29 janvier, le bilan s'élevait à 3 840 morts dans la ville, selon le ministère."
    [an] = analyze([Article(id="f", source="f.txt", body=body, outlet="Test", lang="fr",
                            published=datetime(2026, 1, 30))])
    assert [(q.value, q.category) for q in an.quantities] == [(3840.0, "casualties:dead")]
