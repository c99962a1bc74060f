"""Who said a quote in French, Spanish, German copy (storyline.analyze.attribution)."""

import pytest

from storyline.analyze.attribution import other_language_speaker


def speaker(text):
    start = text.index('"')
    end = text.index('"', start + 1) + 1
    return other_language_speaker(text, start, end)


@pytest.mark.parametrize("text, name", [
    ('"Nous ne voterons jamais ce budget", a encore affirmé Mathilde Verdier, estimant que le pays attend.', "Mathilde Verdier"),
    ('"Le port restera fermé" pour le moment, a déclaré mardi Karim Oudjani, à la tête de la délégation.', "Karim Oudjani"),
    ('"La moción ha sido aprobada", dijo la presidenta de la Cámara, Lucía Ferrán, tras el voto.', "Lucía Ferrán"),
    ('"Nunca me rendiré ante la presión", afirmó Ferrán, subrayando que el gobierno de Pablo Ortega cayó.', "Ferrán"),
    ('"Das ist ein schwarzer Tag für die Stadt", so Le Bihan.', "Le Bihan"),
    ('Lors de sa prise de parole, Mathilde Verdier a déclaré que "ce budget ne passera pas ce soir".', "Mathilde Verdier"),
    ('Le Bihan, líder de la oposición, ha defendido su voto con este argumento: "El mandato es claro".', "Le Bihan"),
    ('"Cette motion rendra tout plus dur", assène Karim Oudjani face aux députés.', "Karim Oudjani"),
    ('"Vous avez choisi le désordre", rétorque Mathilde Verdier depuis son banc.', "Mathilde Verdier"),
    ('"No habrá otra votación este año", sentenció Lucía Ferrán ante la prensa.', "Lucía Ferrán"),
    ('"Wir tragen keine Schuld an diesem Chaos", ergänzte Anna Kessler am Abend.', "Anna Kessler"),
    ('Ahmed al-Mismari: "La última cifra supera los 2.000 solo en la ciudad."', "Ahmed al-Mismari"),
    ('"No habrá otra votación", dijo el portavoz Ahmed al-Mismari ante la prensa.', "Ahmed al-Mismari"),
])
def test_the_name_around_a_speech_verb_is_the_speaker(text, name):
    assert speaker(text)[:2] == (name, "name")


def test_inverted_pronouns_and_bare_verbs_leave_the_speaker_to_be_resolved():
    assert speaker('"Chaque heure compte", a-t-elle ajouté.')[:2] == ("elle", "pronoun")
    assert speaker('"Le temps presse", glisse-t-il en souriant.')[:2] == ("il", "pronoun")
    assert speaker('"Cette motion rendra tout plus grave", assène-t-il face à la représentation nationale.')[:2] == (
        "il", "pronoun")
    assert speaker('"No por hacer, sino por deshacer", explicó.')[:2] == (None, "continued")


def test_offices_and_words_further_on_name_nobody():
    # an office is not a person, and a name far past the verb belongs to something else
    assert speaker('"La réalité reviendra", a insisté une dernière fois le Premier ministre.') is None
    assert speaker('"Vous faites l\'histoire", glisse le président LFI de la commission des Finances.') is None
    assert speaker('Porté par les applaudissements de son camp, il déclare : "Nous savons tous ce qui vient."') is None
