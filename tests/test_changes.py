"""What each event of a storyline adds to those before it (storyline.changes)."""


def test_what_changed_names_each_events_new_people_and_the_counts_that_moved():
    from datetime import datetime

    from storyline.changes import what_changed
    from storyline.model import Analysis, Change, Entity, Event, Quantity, Span

    def analysis(aid, people, dead, place="Velmar"):
        entities = [Entity(p, "PERSON", p, Span(aid, 0, 1)) for p in people] + [Entity(place, "GPE", place, Span(aid, 0, 1))]
        quantities = [Quantity(v, None, "dead", "casualties:dead", None, approx, "x", 0, Span(aid, 0, 1))
                      for v, approx in dead]
        return Analysis(aid, [], entities, quantities, [], [])

    day = datetime(2025, 9, 11)
    events = [Event(f"e{i}", [f"a{i}"], day, day, f"event {i}") for i in range(3)]
    changes = what_changed(events, {
        "e0": [analysis("a0", ["Mara Ostrovic"], [(1644, False)])],
        "e1": [analysis("a1", ["Mara Ostrovic", "Teodor Brask"], [(3085, False), (5000, True)])],  # "about 5,000" is no count
        "e2": [analysis("a2", ["Teodor Brask"], [(3085, False)])],
    })
    assert changes == [
        Change("e1", ["Teodor Brask"], [{"what": "dead", "from": 1644, "to": 3085}]),
        Change("e2", [], []),
    ]


def test_what_changed_lists_statements_no_earlier_event_made(mali_engine):
    from storyline.textutil import overlap, stems

    [story] = mali_engine.storylines()
    brief = mali_engine.brief(story.id)
    assert [c.event for c in brief.changes] == [e.id for e in brief.events[1:]]
    shown = {s.text for s in brief.summary}
    for k, change in enumerate(brief.changes, start=1):
        event = brief.events[k]
        members = {s.article_id for s in event.sources}
        assert change.new_facts, event.label
        earlier = [t for e in brief.events[:k] for t in [*(s.text for s in e.summary), *(f.text for f in e.facts)]]
        for fact in change.new_facts:
            assert fact.text not in shown
            assert {c.article_id for c in fact.citations} <= members  # cited from the event that adds it
            assert all(overlap(stems(fact.text), stems(t)) < 0.6 for t in earlier)
        # the event's own statements, its summary first, then what its outlets agree on, in their order
        own = [s.text for s in event.summary] + [f.text for f in event.facts]
        picked = [own.index(f.text) for f in change.new_facts]
        assert picked == sorted(picked)
