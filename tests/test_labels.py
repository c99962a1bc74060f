"""Headline-like labels for events (storyline.labels)."""

from datetime import datetime

from storyline.labels import compress, label
from storyline.model import Article


def art(i, title, body, lang="en", day=1):
    return Article(id=f"l{i}", source=f"{i}.txt", body=body, title=title, outlet=f"Outlet {i}", lang=lang,
                   published=datetime(2025, 3, day))


def test_the_headline_sharing_most_with_the_others_wins_without_the_sites_name():
    members = [
        art(1, "Live: all the latest", "Floods hit the coast of Velmar on Sunday, killing dozens.", day=1),
        art(2, "Dam collapse floods Velmar, killing dozens - Reuters", "Two dams burst above Velmar on Sunday night.", day=2),
        art(3, "Velmar floods: dam collapse kills dozens", "The collapse of two dams flooded Velmar on Sunday.", day=2),
        art(4, "Inondations à Velmar : des dizaines de morts", "Deux barrages ont cédé dimanche.", lang="fr", day=1),
    ]
    assert label(members) == "Dam collapse floods Velmar, killing dozens"
    # "- France row deepens" is the headline's own words, not a site's name
    assert label([art(5, "Mali junta - France row deepens", "Mali's junta expelled the ambassador.")]) == \
        "Mali junta - France row deepens"


def test_without_headlines_the_lead_is_compressed_not_cut_mid_phrase():
    assert compress("NAYPYIDAW: The death toll from the earthquake that struck central Myanmar on Friday rose to "
                    "1,644, the junta said on Saturday.") == \
        "The death toll from the earthquake that struck central Myanmar on Friday rose to 1,644"
    assert compress("Hundreds of residents of the eastern Libyan city of Derna took to the streets on Monday to "
                    "protest against the authorities they blame for the collapse of two dams.") == \
        "Hundreds of residents of the eastern Libyan city of Derna took to the streets on Monday"
    assert compress("(TibetanReview.net, Jan07'25) – A powerful earthquake struck Tingri county on Tuesday morning.") == \
        "A powerful earthquake struck Tingri county on Tuesday morning"
    assert label([art(6, None, "KYIV, Ukraine (AP) — Rescuers pulled 12 people from the rubble on Monday, "
                               "officials said.")]) == "Rescuers pulled 12 people from the rubble on Monday"
