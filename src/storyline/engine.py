"""The Engine wires the stages to the store; it holds no logic of its own.

    from storyline import Engine
    engine = Engine(db="storyline.db")
    report = engine.ingest(["articles/"])
    for event in engine.events(): ...
    brief = engine.brief(event.id)
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import islice
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from storyline import analyze as analyze_stage
from storyline.align.pool import embedded_texts
from storyline.analyze import embed as embedding
from storyline.brief import PER_DATE, SUMMARY_WORDS, brief_event, brief_storyline
from storyline.clean import clean_articles, outlet_boilerplate
from storyline.cluster import (ClusterOptions, build_events, doc_vectors, event_row, explain_article, nearest_events,
                               storylines_of)
from storyline.features import language, weight as rarity
from storyline.errors import E_AMBIGUOUS_ID, E_BAD_CORRECTION, E_NO_BODY, E_UNKNOWN_ID, StorylineError
from storyline.ingest import IngestOptions, read_paths
from storyline.model import Analysis, Article, Brief, Doc, Event, IngestError, Storyline, stable_id
from storyline.serial import analysis_from_dict, brief_from_dict, iso_day, to_jsonable
from storyline.store import Store, open_store
from storyline.storylines import LinkOptions, Linked, describe, name_tokens
from storyline.workers import dask_workers

Progress = Callable[[int, int | None, str], None]  # done, total, what
BATCH = 200  # inputs stored per transaction
READ_CHUNK = 1000  # reads cleaned and stored together: memory holds one chunk's raw bytes, not the pile's
SLICE = 2000  # dated articles placed per clustering pass of a large batch


@dataclass(slots=True)
class IngestReport:
    added: list[str] = field(default_factory=list)  # new article ids
    updated: list[str] = field(default_factory=list)  # already stored, metadata refreshed
    errors: list[IngestError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # why -> how many (unread types, WARC redirects, …)

    @property
    def nothing_read(self) -> bool:
        """Inputs were there, but none of a type storyline reads (a folder of PDFs)."""
        return bool(self.skipped) and not (self.added or self.updated or self.errors)

    @property
    def ok(self) -> bool:
        return not self.errors


class Engine:
    def __init__(self, db: str | Path | Store | None = None, cluster: ClusterOptions | None = None,
                 links: LinkOptions | None = None, ingest_options: IngestOptions | None = None):
        self.store = db if isinstance(db, Store) else open_store(db)
        self.cluster_options = cluster or ClusterOptions()
        self.link_options = links or LinkOptions()
        self.ingest_options = ingest_options or IngestOptions()

    def close(self) -> None:
        self.store.close()

    # ---- ingest ---------------------------------------------------------------------------

    def ingest(self, paths: Iterable[str | Path], progress: Progress | None = None) -> IngestReport:
        """Read, clean and store every input, then update events and storylines."""
        report = IngestReport()
        done = 0
        # chunks are taken from one stream, whatever it is; on a Dask cluster files are read in partitions
        reads = iter(read_paths(paths, self.ingest_options, partitions=2 * dask_workers()))
        while chunk := list(islice(reads, READ_CHUNK)):
            self.store_reads(chunk, report, progress, done)
            done += len(chunk)
        self.update_events()
        return report

    def store_reads(self, reads: list, report: IngestReport, progress: Progress | None = None, done: int = 0) -> None:
        """Clean one chunk of reads (with the lines each outlet repeats in it) and store it."""
        for r in reads:
            report.warnings += [f"{r.source}: {w}" for w in r.warnings]
            if r.skipped:
                report.skipped[r.skipped] += 1
        reads = [r for r in reads if r.skipped is None and (r.article is not None or r.error is not None)]
        repeated = outlet_boilerplate([r.article for r in reads if r.article is not None])
        readable = [r for r in reads if r.error is None and r.article is not None]
        for r, article in zip(readable, clean_articles([r.article for r in readable], repeated)):
            r.article = article
        for start in range(0, len(reads), BATCH):
            batch = reads[start: start + BATCH]
            items = [self._prepare(r) for r in batch]
            for (article, _, error), is_new in zip(items, self.store.add_many(items)):
                if error is not None:
                    report.errors.append(error)
                elif article is not None:
                    (report.added if is_new else report.updated).append(article.id)
            if progress:
                progress(done + start + len(batch), None, batch[-1].source)

    @staticmethod
    def _prepare(r) -> tuple[Article | None, object, IngestError | None]:
        """A cleaned read article to store; an unreadable input or an empty body becomes an error."""
        if r.error is not None or r.article is None:
            return None, r.raw, r.error
        article = r.article
        if not article.body.strip():
            return None, r.raw, IngestError(r.source, E_NO_BODY, "no article text left after removing boilerplate", r.raw.id)
        if not article.lang:  # every article is labelled; non-English ones are kept, not dropped
            article.lang = language(f"{article.title or ''}\n{article.body[:2000]}")
        return article, r.raw, None

    # ---- events and storylines -------------------------------------------------------------

    def update_events(self) -> None:
        """Place articles not yet in an event: each meets only candidate events from the
        store (those near it in time, or sharing its rarest name words when it is undated),
        and only the events it touches are rewritten, so the cost of an article does not
        grow with the archive. A large batch is placed in time-ordered slices."""
        with self.store.writing():  # from reading what is unplaced to the last event written
            self._update_events()

    def _update_events(self) -> None:
        new = self.store.unassigned()
        dated = [i for i, _ in sorted(((i, p) for i, p in new if p), key=lambda x: (x[1], x[0]))]
        undated = sorted(i for i, p in new if not p)
        slices = [dated[i: i + SLICE] for i in range(0, len(dated), SLICE)] or [[]]
        slices[-1] = slices[-1] + undated
        for part in slices:
            if part:
                self._place(self.store.articles(part, light=True))

    def _place(self, new: list[Article]) -> None:
        options = self.cluster_options
        window = timedelta(days=options.window_days)
        candidates: dict[str, Event] = {}
        dates = [a.published for a in new if a.published]
        if dates:
            candidates.update((e.id, e) for e in self.store.events_between(min(dates) - window, max(dates) + window))
        for a in new:
            if a.published is None:
                candidates.update((e.id, e) for e in self._by_names(a))
        members = [a for e in candidates.values() for a in e.article_ids]
        cache = self.store.features(members + [a.id for a in new], options.features_key)
        known = set(cache)
        unvectored = [m for m in members if m not in cache]  # stored under other options: made again
        if unvectored:
            doc_vectors([_doc(a) for a in self.store.articles(unvectored, light=True)], options, cache)
        # only events the new articles may join are read in full
        near = nearest_events([_doc(a) for a in new], list(candidates.values()), cache, options)
        candidates = {e: candidates[e] for e in near}
        context = self.store.articles([a for e in candidates.values() for a in e.article_ids], light=True)
        existing = {a: e.id for e in candidates.values() for a in e.article_ids}
        story_of_event = {e.id: e.storyline_id for e in candidates.values() if e.storyline_id}
        # an event a manual correction shaped is never merged with another stored one
        pinned = {existing[a] for _, ids, anchor in self.store.corrections() for a in [*ids, anchor] if a in existing}
        rows, storylines, guesses = build_events(context + new, existing, story_of_event, options,
                                                 self.link_options, cache, self._link_candidates, pinned)
        self.store.save_features(options.features_key, {i: v for i, v in cache.items() if i not in known})
        new_ids = {a.id for a in new}
        touched = [r for r in rows if new_ids.intersection(r.article_ids)]
        stored_stories = set(story_of_event.values()) | self.store.storyline_ids([r.storyline_id for r in touched])
        in_touched = {a for r in touched for a in r.article_ids}
        kept = {r.id for r in touched}
        # a stored event whose articles now sit in another was merged into it: it goes
        gone = [e.id for e in candidates.values() if e.id not in kept and in_touched.intersection(e.article_ids)]
        self.store.save_events(touched, [s for s in storylines if s.id not in stored_stories],
                               {a: g for a, g in guesses.items() if a in in_touched},
                               {r.id: set(r.key_entities) for r in touched}, gone)

    def _by_names(self, a: Article) -> list[Event]:
        """Stored events sharing the article's rarest name words: an undated article's candidates."""
        terms = rarest(name_tokens(f"{a.title or ''}\n{a.body[:self.cluster_options.body_chars]}"), a.lang)
        return self.store.events_with_terms(terms, self.cluster_options.candidates)

    def _link_candidates(self, described: dict[str, Linked]) -> dict[str, tuple[Linked, str]]:
        """Stored events that share key-name words with these events, within linking range."""
        # each event's rarest key-name words: common ones ("new", "us") read long postings for nothing
        terms = {t for linked in described.values() for t in rarest(list(linked.keys), None)}
        spans = [d for linked in described.values() for d in (linked.first, linked.last) if d]
        gap = timedelta(days=self.link_options.max_gap_days)
        lo, hi = (min(spans) - gap, max(spans) + gap) if spans else (None, None)
        found = self.store.events_with_terms(terms, self.cluster_options.candidates * 4, lo, hi)
        return {e.id: (Linked(set(e.key_entities), e.first_seen, e.last_seen), e.storyline_id)
                for e in found if e.storyline_id}

    # ---- corrections -----------------------------------------------------------------------

    def merge(self, source: str, target: str) -> Event:
        """Move every article of event `source` into event `target` (ids or unique prefixes)."""
        src, dst = self._event(source), self._event(target)
        if src.id == dst.id:
            raise StorylineError(E_BAD_CORRECTION, f"cannot merge event {src.id} into itself")
        return self._correct("merge", src.article_ids, dst.article_ids[0], record=True)

    def move(self, article: str, event: str) -> Event:
        """Move one article into another event."""
        a, dst = self._article(article), self._event(event)
        if a in dst.article_ids:
            raise StorylineError(E_BAD_CORRECTION, f"article {a} is already in event {dst.id}")
        return self._correct("move", [a], dst.article_ids[0], record=True)

    def split(self, article: str) -> Event:
        """Take one article out of its event into an event of its own."""
        a = self._article(article)
        current = self.store.assignments().get(a)
        if current is not None and self.store.events(ids=[current])[0].article_ids == [a]:
            raise StorylineError(E_BAD_CORRECTION, f"article {a} is already alone in event {current}")
        return self._correct("split", [a], None, record=True)

    def recluster(self) -> None:
        """Forget the events and place every article again (after options changed, say), then
        replay the recorded corrections in order, so manual work survives."""
        with self.store.writing():
            self.store.clear_events()
            self.update_events()
            for kind, article_ids, anchor in self.store.corrections():
                self._correct(kind, article_ids, anchor, record=False)

    def _correct(self, kind: str, article_ids: list[str], anchor: str | None, record: bool) -> Event | None:
        with self.store.writing():  # the events read here are the ones rewritten
            return self._rewrite(kind, article_ids, anchor, record)

    def _rewrite(self, kind: str, article_ids: list[str], anchor: str | None, record: bool) -> Event | None:
        assignments = self.store.assignments()
        article_ids = [a for a in article_ids if a in assignments]
        if not article_ids or (anchor is not None and anchor not in assignments):
            return None  # the articles are gone: nothing to replay
        if record:
            self.store.add_correction(kind, article_ids, anchor)
        before = {assignments[a] for a in article_ids}
        old = {e.id: e for e in self.store.events(ids=sorted(before | ({assignments[anchor]} if anchor else set())))}
        if anchor is None:  # a new event of its own, in the storyline it came from
            target = stable_id(*sorted(article_ids), "split", prefix="ev")
            story = old[assignments[article_ids[0]]].storyline_id
        else:
            target = assignments[anchor]
            story = old[target].storyline_id
        members = {e.id: [a for a in e.article_ids if a not in article_ids] for e in old.values()}
        members[target] = sorted(set(members.get(target, [])) | set(article_ids))
        articles = {a.id: a for a in self.store.articles([a for m in members.values() for a in m], light=True)}
        estimates = self.store.date_estimates(list(articles))
        when = {i: _placed_at(a, estimates) for i, a in articles.items()}
        rows, gone = [], []
        for event_id, ids in members.items():
            if not ids:
                gone.append(event_id)
                continue
            docs = [_doc(articles[i], when[i]) for i in ids]
            linked = describe(docs, {i: event_id for i in ids}, self.link_options.key_share)[event_id]
            rows.append(event_row(event_id, [articles[i] for i in ids], linked,
                                  story if event_id == target else old[event_id].storyline_id, when))
        self.store.delete_events(gone)
        self.store.save_events(rows, [s for s in storylines_of(rows) if not self.store.storyline_ids([s.id])],
                               terms={r.id: set(r.key_entities) for r in rows})
        return next(r for r in rows if r.id == target)

    def _event(self, id_or_prefix: str) -> Event:
        event_ids, _ = self.store.find(id_or_prefix)
        return self.store.events(ids=[_one(id_or_prefix, event_ids, "event")])[0]

    def _article(self, id_or_prefix: str) -> str:
        return _one(id_or_prefix, self.store.find_articles(id_or_prefix), "article")

    def events(self) -> list[Event]:
        return self.store.events()

    def storylines(self) -> list[Storyline]:
        return self.store.storylines()

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        return self.store.articles(ids)

    def date_estimates(self, ids: Iterable[str] | None = None) -> dict[str, dict]:
        """Where undated articles were placed in time: {"day", "how", "confidence"} by article id."""
        return self.store.date_estimates(ids)

    def errors(self) -> list[IngestError]:
        return self.store.errors()

    # ---- analysis and briefs ---------------------------------------------------------------

    def analyses(self, articles: list[Article]) -> list[Analysis]:
        """Analyses from the cache, running the NLP only for articles not yet analysed."""
        version = analyze_stage.VERSION
        cached = self.store.analyses([a.id for a in articles], version)
        todo = [a for a in articles if a.id not in cached]
        fresh = {an.article_id: an for an in analyze_stage.analyze(todo)} if todo else {}
        self.store.save_analyses(version, {i: to_jsonable(an) for i, an in fresh.items()})
        made = [fresh[a.id] if a.id in fresh else analysis_from_dict(cached[a.id]) for a in articles]
        self._sentence_vectors(made, version)
        return made

    def _sentence_vectors(self, analyses: list[Analysis], version: str) -> None:
        """The sentence embeddings alignment compares, computed once per analysis and kept
        with it: a brief of analysed articles embeds nothing (3.5 s of a 50-article brief)."""
        stored = self.store.vectors([an.article_id for an in analyses], version)
        texts = {an.article_id: embedded_texts(an) for an in analyses}
        for article_id, data in list(stored.items()):
            rows = embedding.from_bytes(data)
            if len(rows) == len(texts[article_id]):
                embedding.remember(texts[article_id], rows)
            else:  # stored by another pool rule: embed again
                del stored[article_id]
        todo = [i for i in texts if i not in stored and texts[i]]
        every = [t for i in todo for t in texts[i]]
        rows = embedding.embed(every) if every else None
        if rows is None:
            return
        made, at = {}, 0
        for i in todo:
            made[i] = embedding.to_bytes(rows[at: at + len(texts[i])])
            at += len(texts[i])
        self.store.save_vectors(version, made)

    def explain(self, article: str) -> dict:
        """Why an article is in its event: the date used, its nearest events with their
        similarity and the words and names they share, and any correction that placed it."""
        a = self.store.articles([self._article(article)])[0]
        current = self.store.assignments().get(a.id)
        candidates = {}
        if current:
            candidates[current] = self.store.events(ids=[current])[0]
        window = timedelta(days=self.cluster_options.window_days)
        own = self.store.date_estimates([a.id])
        estimate, day = own.get(a.id), _placed_at(a, own)
        if day is not None:
            candidates.update((e.id, e) for e in self.store.events_between(day - window, day + window))
        candidates.update((e.id, e) for e in self._by_names(a))
        members = {e.id: [m for m in e.article_ids if m != a.id] for e in candidates.values()}
        context = {m.id: m for m in self.store.articles([m for ms in members.values() for m in ms], light=True)}
        estimates = self.store.date_estimates(list(context))
        nearest = explain_article(_doc(a, day), {e: [_doc(context[m], _placed_at(context[m], estimates)) for m in ms]
                                                 for e, ms in members.items() if ms}, self.cluster_options)
        labels = {e.id: e.label for e in candidates.values()}
        for row in nearest:
            row["label"] = labels[row["event"]]
        made = [{"kind": k, "anchor": anchor} for k, ids, anchor in self.store.corrections() if a.id in ids]
        return {"article": a.id, "title": a.title, "outlet": a.outlet_name, "event": current,
                "date": _date_of(a, estimate, day), "threshold": self.cluster_options.threshold,
                "nearest": nearest, "corrections": made}

    def date_of(self, article: Article) -> dict:
        """How an article is placed in time: {"day", "how", "confidence", "stamp"}, from its
        own date or, for an undated one, from where clustering estimated it."""
        own = self.store.date_estimates([article.id])
        return _date_of(article, own.get(article.id), _placed_at(article, own))

    def storyline_rows(self) -> list[dict]:
        """Storylines with their events in time order: {"id", "label", "events": [{"id", "label",
        "first_seen"}]}, as `storyline storylines -f json` and /api/storylines give them."""
        events = {e.id: e for e in self.events()}
        return [{"id": s.id, "label": s.label,
                 "events": [{"id": e, "label": events[e].label, "first_seen": iso_day(events[e].first_seen)}
                            for e in s.event_ids if e in events]} for s in self.storylines()]

    def brief(self, id_or_prefix: str, words: int = SUMMARY_WORDS, dates: int | None = None,
              per_date: int = PER_DATE) -> Brief:
        """The brief of an event or a storyline, by id or unique id prefix; its summaries
        fill a budget of `words` words, its timeline the `dates` dates most named (all when
        None) with `per_date` statements each."""
        event_ids, story_ids = self.store.find(id_or_prefix)
        target = _one(id_or_prefix, event_ids + story_ids, "event or storyline")
        events = self.store.events(ids=[target]) if target in event_ids else self.store.events(storyline_id=target)
        articles = self.articles([a for e in events for a in e.article_ids])
        key = _brief_key(target, events, articles, (words, dates, per_date, self.cluster_options.version,
                                                    self.link_options.version))
        kept = self.store.cached_brief(target, key)
        if kept is not None:  # nothing it was built from has changed: no NLP
            return brief_from_dict(kept)
        if target in event_ids:
            made = brief_event(events[0], articles, self.analyses(articles), words=words, dates=dates,
                               per_date=per_date)
        else:
            made = brief_storyline(self.store.storyline(target), events, articles, self.analyses(articles), words=words,
                                   dates=dates, per_date=per_date)
        # the events came from these options: say so beside the brief's own version
        made.version = f"{made.version}; {self.cluster_options.version}; {self.link_options.version}"
        self.store.save_brief(target, key, to_jsonable(made),
                              conflicts=sum(1 for d in made.discrepancies if d.kind == "conflict"))
        return made

    def briefs(self, words: int = SUMMARY_WORDS, dates: int | None = None, per_date: int = PER_DATE) -> list[Brief]:
        """One brief per storyline, oldest first."""
        return [self.brief(s.id, words, dates, per_date) for s in self.storylines()]


# the modules a brief is built by, and those that shape and read it back: a change to any of
# them makes every kept brief stale
_BRIEF_CODE = ("brief.py", "timeline.py", "changes.py", "datewise.py", "labels.py", "textutil.py", "dedup.py",
               "model.py", "serial.py", "align", "analyze")


@functools.cache
def _code_digest() -> str:
    """A digest of the source of the modules that build a brief (read once per process)."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for name in _BRIEF_CODE:
        for path in sorted((root / name).rglob("*.py")) if (root / name).is_dir() else [root / name]:
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _brief_key(target: str, events: list[Event], articles: list[Article], options: tuple) -> str:
    """What a kept brief was built from: its events (members, labels, days), its articles
    (text and metadata), the code that builds briefs and the options asked for."""
    digest = hashlib.sha256(f"{_code_digest()}|{target}|{options!r}".encode())
    for e in events:
        digest.update(f"|{e.id}|{e.label}|{e.first_seen}|{e.last_seen}|{e.storyline_id}|{sorted(e.article_ids)}".encode())
    for a in articles:
        digest.update(f"|{a.id}|{a.title}|{a.outlet}|{a.published}|{a.published_offset}|{a.lang}|{a.url}".encode())
        digest.update(a.body.encode())
    return digest.hexdigest()


def _doc(a: Article, day: datetime | None = None) -> Doc:
    """The article as clustering reads it, at `day` (its publication date when not given)."""
    return Doc(a.id, a.title, a.body, day or a.published, a.lang, a.outlet)


def _date_of(a: Article, estimate: dict | None, day: datetime | None) -> dict:
    """The article's own date and how it was found, else where clustering placed it (`explain`, the article page)."""
    return {"day": iso_day(day), "how": a.published_how or ("estimated: " + estimate["how"] if estimate else "unknown"),
            "confidence": 1.0 if a.published else (estimate["confidence"] if estimate else 0.0),
            "stamp": a.published_stamp}


def _placed_at(article: Article, estimates: dict[str, dict]) -> datetime | None:
    """Where an article sits in time: its publication date, else the day clustering estimated."""
    if article.published:
        return article.published
    estimate = estimates.get(article.id)
    return datetime.fromisoformat(estimate["day"]) if estimate else None


def rarest(terms: list[str], lang: str | None, keep: int = 12) -> list[str]:
    """The rarest name words: they find an undated article's candidates and an event's
    storyline candidates; common ones ("new", "us") would read postings as long as the archive."""
    return sorted(set(terms), key=lambda t: (-rarity(t, lang or "en"), t))[:keep]


def _one(asked: str, found: list[str], what: str) -> str:
    """The id that `asked` names: itself, or the one id it is a prefix of."""
    if asked in found:
        return asked
    if not found:
        raise StorylineError(E_UNKNOWN_ID, f"no {what} with id {asked!r} (see `storyline events`)")
    if len(found) > 1:
        raise StorylineError(E_AMBIGUOUS_ID, f"{what} id prefix {asked!r} is ambiguous: {', '.join(found[:5])}")
    return found[0]
