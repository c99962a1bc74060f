"""Check a brief against a hand-made gold.json (the shape of ../shared/corpus/*/gold.json).

Each check returns how many gold items were found, so the same code serves the
CLI (`storyline eval`) and the quality gates in the tests.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from storyline.analyze.names import surname
from storyline.engine import Engine
from storyline.eval.cluster import bcubed
from storyline.model import Brief
from storyline.textutil import normalise_line, stems


@dataclass
class CorpusReport:
    corpus: str
    events_exact: bool = False
    events_bcubed: float = 0.0
    storylines_exact: bool = False
    checks: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (found, total)
    reported: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (matching gold, shown in briefs)
    citations: tuple[int, int] = (0, 0)  # (supported, checked) under the citation contract
    misses: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)  # boilerplate or headings shown as content

    def as_dict(self) -> dict:
        return {"corpus": self.corpus, "events_exact": self.events_exact, "events_bcubed": round(self.events_bcubed, 4),
                "storylines_exact": self.storylines_exact,
                "checks": {k: {"found": f, "total": t} for k, (f, t) in self.checks.items()},
                "misses": self.misses, "leaks": self.leaks}

    def found(self, name: str) -> tuple[int, int]:
        """(gold items found, gold items) of one check, every level ("must" and "should") together."""
        levels = [counts for k, counts in self.checks.items() if k.split(" (")[0] == name]
        return sum(f for f, _ in levels), sum(t for _, t in levels)

    def recall(self, name: str) -> float:
        found, total = self.found(name)
        return found / total if total else 1.0

    def precision(self, name: str) -> float:
        """Share of what the briefs show that matches a gold item (gold lists the notable
        items, not all, so this is a floor on the true precision)."""
        matching, shown = self.reported.get(name, (0, 0))
        return matching / shown if shown else 1.0

    def align_dict(self) -> dict:
        """The scores `storyline eval align --json` prints."""
        musts = [(f, t) for k, (f, t) in self.checks.items() if " (" not in k]
        return {
            **{name: {"precision": round(self.precision(name), 4), "recall": round(self.recall(name), 4)}
               for name in ("discrepancies", "quotes", "consensus")},
            "events": {"bcubed_f1": round(self.events_bcubed, 4)},
            "citations": {"checked": self.citations[1], "supported": self.citations[0]},
            "must_recall": round(sum(f for f, _ in musts) / max(1, sum(t for _, t in musts)), 4),
        }


def evaluate_corpus(folder: str | Path, db: str | None = None) -> CorpusReport:
    folder = Path(folder)
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="storyline-eval-") as tmp:
        engine = Engine(db=db or str(Path(tmp) / "eval.db"))
        engine.ingest([folder])
        report = _evaluate(engine, folder, gold)
        engine.close()
    return report


def _evaluate(engine: Engine, folder: Path, gold: dict) -> CorpusReport:
    report = CorpusReport(corpus=folder.name)
    articles = engine.articles()
    file_of = {a.id: Path(a.source).name for a in articles}
    events = engine.events()
    predicted = {file_of[a]: e.id for e in events for a in e.article_ids}
    gold_events = {f: ev["id"] for ev in gold["events"] for f in ev["articles"]}
    report.events_bcubed = bcubed({f: predicted.get(f, f) for f in gold_events}, gold_events)["f1"]
    report.events_exact = _same_partition(predicted, gold_events)
    story_of_event = {e.id: e.storyline_id for e in events}
    gold_story = {ev: s["id"] for s in gold.get("storylines", []) for ev in s["events"]}
    report.storylines_exact = _same_partition(
        {f: story_of_event[predicted[f]] for f in gold_events if f in predicted},
        {f: gold_story.get(e, e) for f, e in gold_events.items()},
    )
    briefs = [engine.brief(e.id) for e in events]

    def files(citations) -> set[str]:
        return {file_of.get(c.article_id, "") for c in citations}

    _check_discrepancies(report, gold, briefs, files)
    _check_dates(report, gold, briefs, files)
    _check_quotes(report, gold, briefs, files)
    _check_consensus(report, gold, briefs, files)
    _check_leaks(report, gold, briefs, engine)
    _check_citations(report, briefs)
    return report


def _same_partition(a: dict[str, str], b: dict[str, str]) -> bool:
    def groups(m):
        out: dict[str, set[str]] = {}
        for k, v in m.items():
            out.setdefault(v, set()).add(k)
        return {frozenset(g) for g in out.values()}

    keys = set(b)
    return groups({k: v for k, v in a.items() if k in keys}) == groups(b) and keys <= set(a)


def _covers(needle: str, text: str) -> float:
    n = stems(needle)
    return len(n & stems(text)) / len(n) if n else 0.0


def _number(value: str) -> tuple[float, bool]:
    """A gold value as the brief gives it: distances in kilometres ("10 miles" is 16.1)."""
    approx = bool(re.search(r"\b(about|around|some|nearly|roughly|approximately)\b", value.lower()))
    digits = re.search(r"\d[\d,.]*", value)
    number = float(digits.group(0).replace(",", "")) if digits else float("nan")
    if re.search(r"\d\s*miles?\b", value.lower()):
        number = round(number * 1.609344, 1)
    return number, approx


def _kind(item: dict) -> str:
    """A gold discrepancy's kind; where gold leaves it out, words without a figure are not a number."""
    if "kind" in item:
        return item["kind"]
    return "number" if all(re.search(r"\d", v["value"]) for v in item["values"]) else "words"


def _gold_words(value: str) -> str:
    """A gold value without the annotator's remarks in brackets ("(a translation error: …)")."""
    return re.sub(r"\([^)]*\)", " ", value)


def _must(items: list[dict]) -> list[dict]:
    return [i for i in items if i.get("level", "must") == "must"]


def _should(items: list[dict]) -> list[dict]:
    return [i for i in items if i.get("level", "must") != "must"]


def _tally(report: CorpusReport, name: str, items: list[dict], found, label) -> None:
    """Count the gold items `found(item)` accepts, "must" items under `name` and
    "should" items under `name (should)`; name the ones it does not find."""
    for level, chosen in (("", _must(items)), (" (should)", _should(items))):
        hits = 0
        for item in chosen:
            ok = bool(found(item))
            hits += ok
            if not ok:
                report.misses.append(label(item) + level)
        if chosen or not level:
            report.checks[name + level] = (hits, len(chosen))


def _articles(item: dict) -> set[str]:
    """The files a gold item names: its "articles", or the keys of an "evidence" mapping file -> text."""
    if item.get("articles"):
        return set(item["articles"])
    evidence = item.get("evidence")
    return set(evidence) if isinstance(evidence, dict) else set()


def _score(report, name: str, items: list[dict], shown: list, matches, label, right=None) -> None:
    """Recall: the gold items some shown item matches. Precision: the shown items that match
    some gold item (by `right`, a looser match where one article of the gold item is enough)."""
    _tally(report, name, items, lambda item: any(matches(x, item) for x in shown), label)
    right = right or matches
    report.reported[name] = (sum(any(right(x, item) for item in items) for x in shown), len(shown))


def _check_discrepancies(report, gold, briefs: list[Brief], files) -> None:
    def matches(d, item) -> bool:
        """Every side of the gold discrepancy is shown with evidence from one of its articles
        (an update sequence lists many articles per value; one is evidence enough)."""
        if _kind(item) != "number":  # who said it, when, where, how spelled: the words shown
            return all(any(_covers(_gold_words(v["value"]), s.value) >= 0.6 and _articles(v) & files(s.citations)
                           for s in d.values) for v in item["values"])
        wanted = [(_number(v["value"]), _articles(v)) for v in item["values"]]
        shown = [((v.number, v.approximate), files(v.citations)) for v in d.values]
        # gold "about 100" must be shown as approximate; a bare gold figure matches either way
        return all(any(num[0] == s_num[0] and (s_num[1] or not num[1]) and arts & s_files
                       for s_num, s_files in shown) for num, arts in wanted)

    _score(report, "discrepancies", gold.get("discrepancies", []), [d for b in briefs for d in b.discrepancies],
           matches, lambda item: f"discrepancy: {item['what']}")


def _check_dates(report, gold, briefs, files) -> None:
    def found(item) -> bool:
        exact = {ev[0] for ev in item["evidence"] if "compatible" not in (ev[2] if len(ev) > 2 else "")}
        return any(t.date == item["date"] and (files(t.citations) & exact) for b in briefs for t in b.timeline)

    _tally(report, "resolved_dates", gold.get("resolved_dates", []), found,
           lambda item: f"date {item['date']}: {item['what']}")


def _check_quotes(report, gold, briefs, files) -> None:
    def matches(q, item, all_articles: bool = True) -> bool:
        if surname(q.speaker) != surname(item["speaker"]) and _covers(item["speaker"], q.speaker) < 0.6 \
                and not _acronym_of(q.speaker, item["speaker"]):
            return False
        cited = files(q.citations)
        return ((_articles(item) <= cited) if all_articles else bool(_articles(item) & cited)) and \
            max(_covers(item["text"], c.text) for c in q.citations) >= 0.6

    # a quote shown is right when it is a gold quote with its speaker, from one of its articles;
    # reported speech is scored only where the gold labels it (items of kind "indirect")
    labels_reported = any(item.get("kind") == "indirect" for item in gold.get("quotes", []))
    shown = [q for b in briefs for q in b.quotes if q.direct or labels_reported]
    _score(report, "quotes", gold.get("quotes", []), shown, matches,
           lambda item: f"quote {item['speaker']}: {item['text'][:60]}", right=lambda q, item: matches(q, item, False))


def _acronym_of(shown: str, gold: str) -> bool:
    """A speaker shown by its acronym, which the gold gives beside the full name ("OCHA" for
    "UN Office for the Coordination of Humanitarian Affairs (OCHA)")."""
    return shown.isupper() and len(shown) >= 2 and shown in re.findall(r"[\w.-]+", gold)


def _check_consensus(report, gold, briefs, files) -> None:
    """A gold fact is found when a fact of the brief covers it and every gold article is
    among the citations that state that fact (the citation contract): an outlet cited for
    a sentence it does not state is not agreement."""
    facts = [f for b in briefs for f in b.facts]
    stated = stated_citations(facts)

    def matches(cited, item, all_articles: bool = True) -> bool:
        held = files(cited)
        return bool(cited) and ((_articles(item) <= held) if all_articles else len(_articles(item) & held) >= 2) and \
            max(_covers(item["fact"], c.text) for c in cited) >= 0.5

    _score(report, "consensus", gold.get("consensus", []), stated, matches,
           lambda item: f"consensus: {item['fact'][:60]}", right=lambda cited, item: matches(cited, item, False))


def _check_citations(report, briefs: list[Brief]) -> None:
    """Every citation of the briefs held against the contract, as `storyline check` does."""
    from storyline.align.support import check_brief
    from storyline.render.json import brief_dict

    checks = [c for b in briefs for c in check_brief(brief_dict(b))]
    report.citations = (sum(c.reason is None for c in checks), len(checks))


def stated_citations(facts) -> list[list]:
    """Per fact, the citations that state it (its figure, for agreement on a figure)."""
    from storyline.align.support import verdicts

    pairs = [(f.figure or f.text, c.text) for f in facts for c in f.citations]
    reasons = iter(verdicts(pairs))
    return [[c for c in f.citations if next(reasons) is None] for f in facts]


def _shown_texts(b: Brief) -> list[str]:
    texts = [s.text for s in b.summary] + [f.text for f in b.facts + b.unique] + [t.text for t in b.timeline]
    texts += [q.text for q in b.quotes] + [v for q in b.quotes for v in q.variants]
    return [normalise_line(t) for t in texts]


def _check_leaks(report, gold, briefs, engine: Engine) -> None:
    shown = [t for b in briefs for t in _shown_texts(b)]
    for name, lines in gold.get("boilerplate", {}).items():
        if not isinstance(lines, list):
            continue
        for line in lines:
            quoted = re.search(r"beginning '([^']+)'", line)
            needle = normalise_line(quoted.group(1) if quoted else line)
            if needle and any(needle in t for t in shown):
                report.leaks.append(f"boilerplate in {name}: {line[:60]}")
    for name, lines in gold.get("headings", {}).items():
        if not isinstance(lines, list):
            continue
        for line in lines:
            if normalise_line(line) in shown:
                report.leaks.append(f"heading as sentence in {name}: {line}")
