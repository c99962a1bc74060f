"""Names of people: titles off, one canonical form, roles that stand for a person (analyze.names)."""

from storyline.analyze.names import (canonical_names, person_for_role, spelling_key, strip_titles, title_at,
                                     titled_people)


def test_titles_before_a_name_come_off_even_when_they_are_long():
    assert strip_titles("President Trump") == "Trump"
    assert strip_titles("National Assembly Speaker Woo Won-shik") == "Woo Won-shik"
    assert strip_titles("Secretary of State Marco Rubio") == "Marco Rubio"
    assert strip_titles("Thai Interior Minister Anutin Charnvirakul") == "Anutin Charnvirakul"
    assert strip_titles("Jean-Yves Le Drian") == "Jean-Yves Le Drian"
    assert strip_titles("John Major") == "John Major"  # a title word as the surname stays


def test_short_forms_map_to_the_one_full_name_they_stand_for():
    names = canonical_names(["Kofod", "Jeppe Kofod", "Yoon", "Yoon Suk Yeol", "Lee", "Lee Jae-myung", "Lee Jeong-hyeon"])
    assert names["Kofod"] == "Jeppe Kofod"  # the same surname
    assert names["Yoon"] == "Yoon Suk Yeol"  # family name first
    assert names["Lee"] == "Lee"  # two people named Lee: not ours to choose


TEXT = ("Thai Interior Minister Anutin Charnvirakul ordered an inquiry. Jean-Yves Le Drian, the French foreign "
        "minister, spoke in Paris. The Danish foreign minister, Jeppe Kofod, answered. Junta chief Min Aung Hlaing "
        "declared a truce.")


def people():
    mentions = []
    for name in ("Anutin Charnvirakul", "Jean-Yves Le Drian", "Jeppe Kofod", "Min Aung Hlaing"):
        start = TEXT.index(name)
        mentions.append((name, start, start + len(name)))
    return titled_people(TEXT, mentions)


def test_titles_are_read_before_a_name_and_in_apposition_on_either_side():
    def title(name):
        start = TEXT.index(name)
        return title_at(TEXT, start, start + len(name))

    assert title("Anutin Charnvirakul") == ["thai", "interior", "minister"]
    assert title("Jean-Yves Le Drian") == ["french", "foreign", "minister"]
    assert title("Jeppe Kofod") == ["danish", "foreign", "minister"]
    assert title("Min Aung Hlaing") == ["junta", "chief"]


def test_a_role_names_the_one_person_with_that_title():
    found = people()
    assert person_for_role("the interior minister", found) == "Anutin Charnvirakul"
    assert person_for_role("Thailand's interior minister", found) == "Anutin Charnvirakul"
    assert person_for_role("the French foreign minister", found) == "Jean-Yves Le Drian"
    assert person_for_role("the foreign minister", found) is None  # two foreign ministers
    assert person_for_role("the junta chief", found) == "Min Aung Hlaing"
    assert person_for_role("Myanmar junta", found) is None  # the body, not its chief
    assert person_for_role("the spokesman", found) is None


def test_a_role_with_another_portfolio_is_not_that_minister():
    text = "Prime Minister Arkady Volnyev visited the site."
    start = text.index("Arkady Volnyev")
    found = titled_people(text, [("Arkady Volnyev", start, start + len("Arkady Volnyev"))])
    assert person_for_role("the emergency situations minister", found) is None
    assert person_for_role("the prime minister", found) == "Arkady Volnyev"


def test_one_name_transliterated_two_ways_is_one_person_under_its_most_frequent_spelling():
    names = canonical_names(["Bohdan Shelestyuk", "Bogdan Chelestiouk", "Shelestyuk", "Bohdan Shelestyuk",
                             "Ioulia Tsvarenko", "Yuliya Tsvarenko", "Yuliya Tsvarenko"])
    assert {names["Bogdan Chelestiouk"], names["Shelestyuk"]} == {"Bohdan Shelestyuk"}
    assert names["Ioulia Tsvarenko"] == "Yuliya Tsvarenko"
    assert spelling_key("Arkady Volnyev") == spelling_key("Arkadi Volniev")
    assert spelling_key("Lee") != spelling_key("Li")


def test_a_title_qualified_only_by_a_place_covers_a_role_qualified_otherwise():
    text = "Zhelvar Governor Bohdan Shelestyuk toured the shelters."
    start = text.index("Bohdan Shelestyuk")
    found = titled_people(text, [("Bohdan Shelestyuk", start, start + len("Bohdan Shelestyuk"))])
    assert person_for_role("the regional governor", found) == "Bohdan Shelestyuk"


def test_a_name_written_with_and_without_a_hyphen_is_one_name():
    names = canonical_names(["Yoon", "Yoon Suk-yeol", "Yoon Suk Yeol", "Yoon Suk Yeol"])
    assert set(names.values()) == {"Yoon Suk Yeol"}


def test_transliterations_that_sound_alike_are_one_name_and_other_names_stay_apart():
    from storyline.analyze.names import alike_spellings

    names = canonical_names(["Tawfik Shoukri", "Tawfiq Shukri", "Tavfik Shukri", "Ali Hassan", "Ala Hussein",
                             "Muammar Gaddafi", "Moammar Gadhafi", "Mark Rutte", "Marc Ruta"])
    assert {names["Tawfiq Shukri"], names["Tavfik Shukri"]} == {"Tawfik Shoukri"}
    assert names["Moammar Gadhafi"] == "Muammar Gaddafi"
    assert names["Ala Hussein"] == "Ala Hussein" and names["Ali Hassan"] == "Ali Hassan"
    assert alike_spellings("Abdel-Moneim al-Ghaithi", "Abdulmenam al-Ghaithi")
    assert not alike_spellings("Mark Rutte", "Marc Ruta")
