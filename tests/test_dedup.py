"""Near-duplicate articles (storyline.dedup) and how a brief names them."""

from datetime import datetime

from storyline.brief import brief_event
from storyline.dedup import copy_groups
from storyline.model import Article, Event

WIRE = ("Flood barriers along the Lenne river held overnight as water levels peaked at 6.2 metres, the regional "
        "authority said on Sunday. Rescue crews moved 340 residents from low-lying streets in Dunmore before the "
        "crest arrived. Engineers said the temporary barriers, installed in 2019, had never been tested at this "
        "height, and the authority promised a review of flood defences along the whole valley by the autumn.")
OTHER = ("The Dunmore city council voted on Monday to rebuild the old river wall in stone, a project expected to "
         "take three years. Councillors said the temporary barriers had done their job but could not be relied on "
         "for another spring, and residents asked for compensation for damaged cellars and gardens.")


def art(i, outlet, body):
    return Article(id=f"a{i}", source=f"{i}.txt", body=body, outlet=outlet, published=datetime(2024, 3, 3))


def test_the_same_wire_copy_in_two_outlets_is_one_group():
    lightly_edited = WIRE.replace("said on Sunday", "said Sunday") + " (Lenne Press)"
    articles = [art(1, "Wire A", WIRE), art(2, "Daily B", lightly_edited), art(3, "Radio C", OTHER)]
    assert copy_groups(articles) == [["a1", "a2"]]
    assert copy_groups(articles[2:]) == []


def test_a_brief_names_the_copies(tmp_path):
    articles = [art(1, "Wire A", WIRE), art(2, "Daily B", WIRE + " Updated."), art(3, "Radio C", OTHER)]
    from storyline.analyze import analyze

    brief = brief_event(Event("e1", [a.id for a in articles], None, None, "Floods"), articles, analyze(articles))
    number = {s.article_id: s.n for s in brief.sources}
    copies = "".join(f"[{n}]" for n in sorted((number["a1"], number["a2"])))
    assert [n for n in brief.notes if n.startswith("near-identical copies")] == [
        f"near-identical copies (one wire story, not independent sources): {copies}"]
