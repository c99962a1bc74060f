"""`storyline watch`: poll feeds, store what is new, and say what changed.

Each poll asks every feed with its last ETag / Last-Modified (a 304 costs the
site nothing), stores the entries not seen before (the store remembers them, so
a restart adds no duplicates), places them into events, and reports new events,
events that grew, and discrepancies the new articles take part in.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from storyline.engine import Engine, IngestReport
from storyline.ingest.feed import entry_key, entry_read, outlet_of, parse
from storyline.ingest.fetch import fetcher_of
from storyline.ingest.source import ReadProblem


@dataclass(slots=True)
class Change:
    kind: str  # "new event" | "event grew" | "new discrepancy" | "figure updated" | "feed failed"
    event_id: str | None = None
    label: str = ""
    articles: int = 0  # articles in the event now
    added: int = 0  # of them new in this poll
    detail: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def line(self) -> str:
        if self.kind == "feed failed":
            return f"feed failed  {self.detail}"
        head = f"{self.kind:<15} {self.event_id}  {self.label}"
        if self.kind in ("new discrepancy", "figure updated"):
            return f"{head}  — {self.detail}"
        return f"{head}  ({self.articles} articles, {self.added} new)"


def poll(engine: Engine, feeds: Iterable[str]) -> tuple[list[Change], IngestReport]:
    """One round over the feeds: what changed, and the ingest report of the new entries."""
    options = engine.ingest_options
    report, failures, new_ids = IngestReport(), [], []
    for url in feeds:
        state = engine.store.feed_state(url)
        try:
            response = fetcher_of(options).get(url, state.get("etag"), state.get("last_modified"))
            if response.not_modified:
                engine.store.save_feed(url, "not modified")
                continue
            parsed = parse(response.content)
        except ReadProblem as problem:
            engine.store.save_feed(url, f"failed: {problem.code}")
            failures.append(Change("feed failed", detail=f"{url}: [{problem.code}] {problem.reason}"))
            continue
        seen = engine.store.seen_entries(url)
        outlet = outlet_of(parsed)
        fresh = [(entry_key(e), e) for e in parsed.entries if entry_key(e) not in seen]
        reads = [entry_read(url, n, entry, outlet, options) for n, (_, entry) in enumerate(fresh, 1)]
        before = len(report.added)
        engine.store_reads(reads, report)
        # an entry is remembered once stored; one that failed (a fetch that timed out) is tried again next poll
        entries = {key: r.article.id for (key, _), r in zip(fresh, reads)
                   if r.error is None and r.article is not None and r.article.body.strip()}
        engine.store.save_feed(url, "ok", response.etag, response.last_modified, entries)
        new_ids += report.added[before:]
    if not new_ids:
        return failures, report
    engine.update_events()
    return failures + changes_for(engine, new_ids), report


def changes_for(engine: Engine, new_ids: list[str]) -> list[Change]:
    """New events, grown events, and the discrepancies new articles take part in."""
    placed = engine.store.assignments(new_ids)
    added_per_event: dict[str, int] = {}
    for article_id in new_ids:
        if article_id in placed:
            added_per_event[placed[article_id]] = added_per_event.get(placed[article_id], 0) + 1
    changes = []
    new = set(new_ids)
    for event in engine.store.events(ids=list(added_per_event)):
        added = added_per_event[event.id]
        kind = "new event" if added == len(event.article_ids) else "event grew"
        changes.append(Change(kind, event.id, event.label, len(event.article_ids), added))
        if len(event.article_ids) < 2:
            continue
        for d in engine.brief(event.id).discrepancies:
            cited = {c.article_id for v in d.values for c in v.citations}
            if cited & new:
                values = "; ".join(f"{v.value} ({', '.join(sorted({c.outlet for c in v.citations}))})" for v in d.values)
                kind = "new discrepancy" if d.kind == "conflict" else "figure updated"
                changes.append(Change(kind, event.id, event.label, len(event.article_ids), added, f"{d.slot}: {values}"))
    return changes


def watch(engine: Engine, feeds: list[str], every: float, polls: int | None,
          emit: Callable[[Change], None], sleep: Callable[[float], None] = time.sleep) -> int:
    """Poll every `every` seconds until interrupted or `polls` rounds are done; the rounds run."""
    done = 0
    while polls is None or done < polls:
        started = time.monotonic()
        changes, _ = poll(engine, feeds)
        for change in changes:
            emit(change)
        done += 1
        if polls is not None and done >= polls:
            break
        sleep(max(0.0, every - (time.monotonic() - started)))
    return done


def parse_every(text: str) -> float:
    """"15m", "90s", "2h", "1d" or plain seconds -> seconds."""
    text = text.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    number, unit = (text[:-1], text[-1]) if text[-1:] in units else (text, "s")
    try:
        seconds = float(number) * units[unit]
    except ValueError:
        raise ValueError(f"{text!r} is not a duration such as 90s, 15m, 2h") from None
    if seconds <= 0:
        raise ValueError("the interval must be positive")
    return seconds
