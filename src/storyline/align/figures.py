"""Counted things across outlets: figures given alike are agreement, incompatible ones
discrepancies (same kind of thing, same owner, same order of magnitude)."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from storyline.align.options import OPTIONS, AlignOptions
from storyline.align.pool import Cite, SentenceRef
from storyline.analyze.quantities import DISTANCE, GENERIC_PEOPLE
from storyline.model import Analysis, Article, Discrepancy, DiscrepancyValue, Fact, Quantity


def agreed_figures(items: Sequence[tuple[Quantity, Article]], pool: Sequence[SentenceRef], facts: list[Fact],
                   cite: Cite, options: AlignOptions = OPTIONS, home: str | None = None) -> list[Fact]:
    """Figures two or more outlets give alike ("3,400 hectares") are agreement too, even
    when the sentences around them differ: each becomes a fact about that figure, citing
    every outlet's sentence that gives it (checked on the figure alone, see support.py)."""
    sentences: dict[str, list[SentenceRef]] = defaultdict(list)
    for ref in pool:
        sentences[ref.article.id].append(ref)
    facts = list(facts)
    for category, group in _by_category(items, options).items():
        for band in _magnitude_bands(group, options):
            for slot in _by_owner(band, home).values():
                if _discrepancy(category, None, slot, cite, options) is not None:
                    continue  # disputed: shown as a discrepancy instead
                for (value, _), same in _by_value(slot).items():
                    if category.startswith((GENERIC_PEOPLE, "casualties")) or value >= 10:
                        fact = _figure_fact(same, sentences, cite)  # small counts of things are noise
                        if fact is not None:
                            facts.append(fact)
    return sorted(facts, key=lambda f: -f.support)


def _figure_fact(slot, sentences, cite: Cite) -> Fact | None:
    """One fact for a figure several outlets give, citing each outlet's sentence with it."""
    refs: dict[str, tuple[Quantity, SentenceRef]] = {}
    for q, a in slot:
        ref = next((r for r in sentences[a.id] if r.sentence.start <= q.span.start < r.sentence.end), None)
        if ref is not None:
            refs.setdefault(a.id, (q, ref))
    if len({r.outlet for _, r in refs.values()}) < 2:
        return None
    exact = [q for q, _ in refs.values() if not q.approximate] or [q for q, _ in refs.values()]
    first = next(iter(refs.values()))[1]
    return Fact(first.sentence.text, [cite(r.article, r.sentence.start, r.sentence.end, r.sentence.text)
                                      for _, r in refs.values()], figure=exact[0].text)


def discrepancies(items: Sequence[tuple[Quantity, Article]], cite: Cite,
                  options: AlignOptions = OPTIONS, home: str | None = None) -> list[Discrepancy]:
    """Counted things given incompatible values by different outlets; counts that name no
    owner are `home`'s (home_place: the place the event's articles name most)."""
    by_category = _by_category(items, options)
    found: list[Discrepancy] = []
    for category, group in by_category.items():
        if category.startswith("casualties"):
            toll, group = _toll_updates(category, group, cite, home)
            found += toll
        for band in _magnitude_bands(group, options):
            for owner, slot in _by_owner(band, home).items():
                d = _discrepancy(category, owner, slot, cite, options)
                if d:
                    found.append(d)
    # conflicts first, the most cited first; then the counts that rose as reports came in
    return sorted(found, key=lambda d: (d.kind != "conflict", -sum(len(v.citations) for v in d.values)))


def _toll_updates(category: str, group, cite: Cite, home: str | None = None) -> tuple[list[Discrepancy], list]:
    """A toll reported over several days rises many-fold (144 → 1,002 → 3,689), beyond any
    magnitude band: per owner, the longest run of values that never falls as the reporting
    days go on, over three values and two days at least, is one update. The values off the
    run (a toll of another quake, a building's dead) are left to the usual comparison."""
    found, rest = [], []
    for owner, slot in _by_owner(group, home).items():
        dated = sorted((qa for qa in slot if qa[1].published), key=lambda qa: (qa[1].published.date(), qa[0].value))
        run = _longest_rise(dated)
        if len({q.value for q, _ in run}) < 3 or len({a.published.date() for _, a in run}) < 2:
            rest += slot
            continue
        values = _by_value(run)
        out = [_value(values[key], cite) for key in sorted(values, key=lambda k: k[0])]
        found.append(Discrepancy(slot=_slot_name(owner, run), values=out, kind="update", note=UPDATE_NOTE))
        taken = {id(qa[0]) for qa in run}
        rest += [qa for qa in slot if id(qa[0]) not in taken]
    return found, rest


def _longest_rise(dated: list) -> list:
    """The longest subsequence whose values never fall (the list is in reporting order)."""
    best: list[list] = []
    for i, (q, _) in enumerate(dated):
        before = [best[j] for j in range(i) if dated[j][0].value <= q.value]
        best.append(max(before, key=len, default=[]) + [dated[i]])
    return max(best, key=len, default=[])


def _by_category(items, options: AlignOptions) -> dict[str, list[tuple[Quantity, Article]]]:
    """Group by kind of thing counted; generic "people" join the closest specific group."""
    by_category: dict[str, list[tuple[Quantity, Article]]] = defaultdict(list)
    generic = []
    for q, a in items:
        (generic if q.category == GENERIC_PEOPLE else by_category[q.category]).append((q, a))
    groups = [c for c in by_category if c.startswith(GENERIC_PEOPLE + ":")]
    for q, a in generic:
        close = [(min(abs(math.log(max(q.value, 1e-9) / max(o.value, 1e-9))) for o, _ in by_category[c]), c) for c in groups]
        close = [(d, c) for d, c in close if d <= math.log(options.magnitude_ratio)]
        by_category[min(close)[1] if close else GENERIC_PEOPLE].append((q, a))
    return by_category


def _magnitude_bands(group, options: AlignOptions):
    """Values of one kind cut where they jump by more than the magnitude ratio: a band grows
    while each value is within the ratio of the one before ("2,400 missing", then 5,000,
    7,000, 10,000 as reports came in, is one dispute), up to the ratio squared of its first
    (so a chain of small steps never joins a village's count to a country's)."""
    ordered = sorted(group, key=lambda qa: qa[0].value)
    bands, current = [], []
    for qa in ordered:
        if current and (qa[0].value > max(current[-1][0].value, 1e-9) * options.magnitude_ratio
                        or qa[0].value > max(current[0][0].value, 1e-9) * options.magnitude_ratio ** 2):
            bands.append(current)
            current = []
        current.append(qa)
    if current:
        bands.append(current)
    return bands


def _by_owner(band, home: str | None = None):
    """Split a band by whose things are counted. Unknown owners are the story's own (`home`,
    the owner the event's figures name most): a toll of Morocco's quake named in a story of
    Libya's floods keeps apart from Libya's unnamed counts. Without a home they join the
    band's main owner."""
    owners = Counter(q.owner for q, _ in band if q.owner)
    main = home or (owners.most_common(1)[0][0] if owners else None)
    if len(owners) <= 1 and (not owners or main in owners):
        return {main if owners else None: band}
    slots: dict[str | None, list] = defaultdict(list)
    for q, a in band:
        slots[q.owner or main].append((q, a))
    return slots


def home_place(analyses: Sequence[Analysis]) -> str | None:
    """The place an event's articles name most: whose its unnamed counts are."""
    places = Counter(e.canonical for an in analyses for e in an.entities if e.label == "GPE")
    return places.most_common(1)[0][0] if places else None


def _discrepancy(category: str, owner: str | None, slot, cite: Cite, options: AlignOptions) -> Discrepancy | None:
    values = _by_value(slot)
    outlets = {a.outlet or a.id for _, a in slot}
    if len(outlets) < 2 or len(values) < 2:
        return None
    approximate = {k: all(q.approximate for q, _ in refs) for k, refs in values.items()}
    exact = {k[0] for k, approx in approximate.items() if not approx and k[1] is None}
    rough = [k[0] for k, approx in approximate.items() if approx]
    if len(exact) < 2 and not any(_approx_conflicts(k, exact, options) for k, approx in approximate.items() if approx) \
            and not _rough_apart(rough, options):
        return None
    if not _contested(values, category) or owner == "aftershock":  # a quake has many aftershocks: no one value to dispute
        return None
    kind = "update" if _rising(category, values) else "conflict"
    if kind == "conflict":
        # an exact value no outlet gives on its own counts a second thing beside the disputed one
        # ("earthquakes of 7.7 and 6.4 magnitude"): the dispute is not about it
        values = {k: refs for k, refs in values.items() if approximate[k] or k in _alone(values)}
    out = [_value(values[key], cite) for key in sorted(values, key=lambda k: (k[0], k[1] is not None, k[1] or 0.0))]
    notes = []
    for v in out:
        if v.approximate:
            fits = [w.value for w in out if not w.approximate and abs(w.number - v.number) <= options.approx_tolerance * v.number]
            if fits:
                notes.append(f"{v.value} is compatible with {', '.join(fits)}")
    if kind == "update":
        out.sort(key=lambda v: (v.first_reported or "", v.number))
        notes = [UPDATE_NOTE]
    return Discrepancy(slot=_slot_name(owner, slot), values=out, note="; ".join(notes), kind=kind)


UPDATE_NOTE = "reported values rose over time: later reports update earlier ones"


def _by_value(slot) -> dict[tuple, list]:
    """One entry per number: "90 troops" and "around 90 soldiers" both say 90."""
    values: dict[tuple[float, float | None], list[tuple[Quantity, Article]]] = defaultdict(list)
    for q, a in slot:
        values[(q.value, q.high)].append((q, a))
    return values


def _value(refs, cite: Cite) -> DiscrepancyValue:
    """One value as shown: its exact wording where an outlet gives one, every outlet that
    gives it, and the day it was first reported."""
    q0 = next((q for q, _ in refs if not q.approximate), refs[0][0])
    dated = [a.published for _, a in refs if a.published]
    return DiscrepancyValue(_shown(q0), q0.value, all(q.approximate for q, _ in refs),
                            [cite(a, q.span.start, q.span.end, q.text) for q, a in refs],
                            min(dated).date().isoformat() if dated else None)


def _slot_name(owner: str | None, slot) -> str:
    """What is counted, and whose: "Denmark: troops / personnel"."""
    units = Counter(q.unit.lower() for q, _ in slot)
    what = " / ".join(u for u, _ in units.most_common(4))
    return f"{owner}: {what}" if owner else what


def _shown(q: Quantity) -> str:
    """A distance in kilometres, with the outlet's own unit where it used another ("16.1 km (10 miles)")."""
    if q.category != DISTANCE:
        return q.display
    own = "" if re.search(r"\b(km|kms|kilomet)", q.text.lower()) else f" ({q.text})"
    return f"{q.display} km{own}"


def _contested(values: dict, category: str) -> bool:
    """Outlets disagree when two values are each the only value some outlet gives for the
    slot. A value an outlet gives beside another (a 6.4 aftershock beside the 7.7 shock,
    47 men beside 48 women) counts a second thing, so it takes part in a dispute only when
    two outlets each give a single, different value. Plain "people" joined to a group
    ("64 people" beside "60 passengers": the passengers and the crew) disputes nothing by
    itself: two of the values must count the group's own kind."""
    own = {k for k, refs in values.items() if any(q.category == category for q, _ in refs)}
    return len(_alone(values) & own) >= 2


def _alone(values: dict) -> set:
    """The values that are the only value some outlet gives for the slot."""
    given: dict[str, set] = defaultdict(set)
    for key, refs in values.items():
        for _, a in refs:
            given[a.outlet or a.id].add(key)
    return {next(iter(keys)) for keys in given.values() if len(keys) == 1}


def _rising(category: str, values: dict) -> bool:
    """A toll that grows with the reporting time is an update, not a conflict: every value
    first reported later than another is at least as high, and no two values share a day."""
    if not category.startswith(("casualties", GENERIC_PEOPLE)):
        return False
    firsts = []
    for key, refs in values.items():
        dated = [a.published for _, a in refs if a.published]
        if not dated:
            return False
        firsts.append((min(dated), key[0]))
    firsts.sort()
    days = [t.date() for t, _ in firsts]
    return len(set(days)) == len(days) and all(a[1] <= b[1] for a, b in zip(firsts, firsts[1:]))


def _rough_apart(values: list[float], options: AlignOptions) -> bool:
    """Two approximate values so far apart that no one figure fits both ("about 30 km" and
    "about 12 miles", 19 km): neither tolerance reaches the other."""
    return any(abs(a - b) > options.approx_tolerance * (a + b) for i, a in enumerate(values) for b in values[i + 1:])


def _approx_conflicts(key, exact: set[float], options: AlignOptions) -> bool:
    return any(abs(e - key[0]) > options.approx_tolerance * key[0] for e in exact)
