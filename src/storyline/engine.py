"""The Engine wires the stages to the store; it holds no logic of its own.

    from storyline import Engine
    engine = Engine(db="storyline.db")
    report = engine.ingest(["articles/"])
    for event in engine.events(): ...
    brief = engine.brief(event.id)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from storyline import analyze as analyze_stage
from storyline.brief import brief_event, brief_storyline
from storyline.clean import clean_article, outlet_boilerplate
from storyline.cluster import ClusterOptions, build_events
from storyline.errors import E_AMBIGUOUS_ID, E_NO_BODY, E_UNKNOWN_ID, StorylineError
from storyline.ingest import IngestOptions, read_paths
from storyline.model import Analysis, Article, Brief, Event, IngestError, Storyline, stable_id
from storyline.serial import analysis_from_dict, to_jsonable
from storyline.store import Store, open_store
from storyline.storylines import LinkOptions

Progress = Callable[[int, int | None, str], None]  # done, total, what
BATCH = 200  # inputs stored per transaction


@dataclass(slots=True)
class IngestReport:
    added: list[str] = field(default_factory=list)  # new article ids
    updated: list[str] = field(default_factory=list)  # already stored, metadata refreshed
    errors: list[IngestError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

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
        reads = list(read_paths(paths, self.ingest_options))
        readable = [r.article for r in reads if r.article is not None]
        repeated = outlet_boilerplate(readable)
        for start in range(0, len(reads), BATCH):
            batch = reads[start: start + BATCH]
            items = [self._prepare(r, repeated) for r in batch]
            for (article, _, error), is_new, r in zip(items, self.store.add_many(items), batch):
                report.warnings += [f"{r.source}: {w}" for w in r.warnings]
                if error is not None:
                    report.errors.append(error)
                elif article is not None:
                    (report.added if is_new else report.updated).append(article.id)
            if progress:
                progress(start + len(batch), len(reads), batch[-1].source)
        self.update_events()
        return report

    @staticmethod
    def _prepare(r, repeated: dict) -> tuple[Article | None, object, IngestError | None]:
        """Clean a read article; an unreadable input or an empty body becomes an error."""
        if r.error is not None or r.article is None:
            return None, r.raw, r.error
        article = clean_article(r.article, repeated.get(r.article.outlet, ()))
        if not article.body.strip():
            return None, r.raw, IngestError(r.source, E_NO_BODY, "no article text left after removing boilerplate", r.raw.id)
        return article, r.raw, None

    # ---- events and storylines -------------------------------------------------------------

    def update_events(self) -> None:
        """Place new articles into events and new events into storylines; stored ones stay."""
        articles = self.store.articles()
        if not articles:
            return
        stored = self.store.events()
        rows, storylines, guesses = build_events(articles, self.store.assignments(),
                                                 {e.id: e.storyline_id for e in stored if e.storyline_id},
                                                 self.cluster_options, self.link_options)
        self.store.save_clustering(rows, storylines, guesses)

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
        return [fresh[a.id] if a.id in fresh else analysis_from_dict(cached[a.id]) for a in articles]

    def brief(self, id_or_prefix: str) -> Brief:
        """The brief of an event or a storyline, by id or unique id prefix."""
        event_ids, story_ids = self.store.find(id_or_prefix)
        matches = event_ids + story_ids
        if not matches:
            raise StorylineError(E_UNKNOWN_ID, f"no event or storyline with id {id_or_prefix!r} (see `storyline events`)")
        if len(matches) > 1 and id_or_prefix not in matches:
            raise StorylineError(E_AMBIGUOUS_ID, f"id prefix {id_or_prefix!r} is ambiguous: {', '.join(matches[:5])}")
        target = id_or_prefix if id_or_prefix in matches else matches[0]
        if target in event_ids:
            [event] = self.store.events(ids=[target])
            articles = self.articles(event.article_ids)
            return brief_event(event, articles, self.analyses(articles))
        members = self.store.events(storyline_id=target)
        articles = self.articles([a for e in members for a in e.article_ids])
        return brief_storyline(self.store.storyline(target), members, articles, self.analyses(articles))

    def briefs(self) -> list[Brief]:
        """One brief per storyline, oldest first."""
        return [self.brief(s.id) for s in self.storylines()]
