"""The web app as an object: `create_app(store)` builds it, the CLI hands it to uvicorn and
the tests drive it in-process (as datasette does).

Pages are rendered on the server from the same templates as the CLI's HTML brief; the
JSON API under /api gives what the pages show, through the same engine calls. No page
fetches anything the user did not ask for: there is no script, and no URL is followed.
"""

from __future__ import annotations

import hmac
import re
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Literal, Union
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from storyline.dedup import copy_groups
from storyline.engine import Engine
from storyline.errors import E_AMBIGUOUS_ID, E_BAD_CORRECTION, E_TOO_LARGE, E_UNKNOWN_ID, E_USAGE, StorylineError
from storyline.ingest import MB, IngestOptions
from storyline.render import FORMATS
from storyline.render.env import render
from storyline.render.html import render_html
from storyline.render.json import brief_dict
from storyline.serial import iso_day
from storyline.store import Store
from storyline.store.sql import HIT
from storyline.web.jobs import Job, Jobs, new_job_id

PAGE = 50  # events on one page of the events list
MAX_PAGE = 10**6  # pages past 50 million events are refused (422), not sent to SQL as an overflowing offset
LOCAL = ("127.0.0.1", "localhost", "::1")
COOKIE = "storyline_token"


def create_app(store: Store, token: str | None = None, uploads: Path | None = None,
               max_bytes: int = IngestOptions().max_bytes) -> FastAPI:
    """The app over one store. With a `token`, every request must carry it (`?token=`, which
    also sets a cookie for the pages that follow, or an `Authorization: Bearer` header):
    required when the server listens beyond this machine. Uploads are kept in `uploads`
    (beside the database by default), so every article's source stays readable; one larger
    than `max_bytes` is refused."""
    engine = Engine(store)
    app = FastAPI(title="storyline", summary="Events, storylines and sourced briefs of a news store.",
                  docs_url="/api/docs", openapi_url="/api/openapi.json", redoc_url=None)

    if token:
        @app.middleware("http")
        async def require_token(request: Request, call_next):
            given = (request.query_params.get("token") or request.cookies.get(COOKIE)
                     or request.headers.get("authorization", "").removeprefix("Bearer "))
            if not hmac.compare_digest(given.encode(), token.encode()):
                return JSONResponse({"error": "a token is required: ?token=… or Authorization: Bearer …"}, status_code=401)
            response = await call_next(request)
            if request.query_params.get("token"):  # a browser given ?token= once keeps it for the links it follows
                response.set_cookie(COOKIE, token, httponly=True, samesite="strict")
            return response

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def events_page(page: int = Query(1, ge=1, le=MAX_PAGE), since: date | None = None, until: date | None = None,
                    outlet: str = "", lang: str = "") -> str:
        rows, more = _event_rows(engine, page, Filters(since, until, outlet, lang))
        filters = {"since": since or "", "until": until or "", "outlet": outlet, "lang": lang}
        return render("events.html.j2", events=rows, page=page, more=more, filters=filters,
                      query=urlencode({k: v for k, v in filters.items() if v}))

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    @app.get("/storylines/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def brief_page(event_id: str) -> str:
        return render_html(_brief(engine, event_id), article_url="/articles/")

    @app.get("/export/{event_id}.{fmt}", include_in_schema=False)
    def export(event_id: str, fmt: str) -> Response:
        """The brief as a file to keep: Markdown, JSON, or the standalone HTML page."""
        if fmt not in FORMATS:
            raise HTTPException(status_code=404, detail=f"no format {fmt!r}: md, json or html")
        brief = _brief(engine, event_id)
        media = {"md": "text/markdown", "json": "application/json", "html": "text/html"}[fmt]
        return Response(FORMATS[fmt](brief), media_type=f"{media}; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{brief.id}.{fmt}"'})

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str, start: int | None = None, end: int | None = None, removed: bool = False) -> str:
        article = _article(engine, article_id)
        body = article.body
        mark = None
        if start is not None and end is not None and 0 <= start < end <= len(body):
            mark = (body[:start], body[start:end], body[end:])
        event_id = engine.store.assignments([article.id]).get(article.id)
        return render("article.html.j2", article=article, body=body, mark=mark, removed=removed, event_id=event_id,
                      copies=_copies(engine, article, event_id), dated=_dated(engine.date_of(article)))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: str = "") -> str:
        return render("search.html.j2", q=q, hits=_search(engine, q))

    @app.get("/api/search")
    def api_search(q: str, limit: int = Query(50, ge=1, le=500)) -> list[dict]:
        """Articles holding every word of `q`, the best match first, each with a snippet whose
        matched words are listed in `parts` as [text, matched] pairs."""
        return _search(engine, q, limit)

    engine.ingest_options = IngestOptions(max_bytes=max_bytes)
    jobs = Jobs(store, uploads or _uploads_beside(store), engine.ingest_options)

    @app.get("/add", response_class=HTMLResponse, include_in_schema=False)
    def add_page() -> str:
        return render("add.html.j2", max_mb=max_bytes // MB, jobs=api_jobs())

    def start_job(uploads: list, urls: str) -> Job:
        """Files uploaded and page or feed addresses given, read in the background. Only
        http(s) addresses: a line naming a path would have the server read its own files."""
        job = Job(new_job_id(), [])
        refused = []
        for upload in uploads:
            if not getattr(upload, "filename", None):
                continue
            saved = jobs.save(job.id, upload.filename, _chunks(upload), max_bytes)
            if saved is None:
                refused.append({"source": upload.filename, "code": E_TOO_LARGE,
                                "reason": f"larger than {max_bytes // MB} MB: not read"})
            else:
                job.inputs.append(str(saved))
        for line in filter(None, map(str.strip, urls.splitlines())):
            if urlsplit(line).scheme in ("http", "https") and urlsplit(line).netloc:
                job.inputs.append(line)
            else:
                refused.append({"source": line[:300], "code": E_USAGE,
                                "reason": "not a web address: give http(s) pages and feeds here, upload files"})
        return jobs.start(job, refused)

    @app.post("/add", include_in_schema=False)
    async def add(request: Request) -> RedirectResponse:
        form = await request.form()
        job = start_job(form.getlist("files"), str(form.get("urls") or ""))
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.post("/api/jobs", status_code=202)
    def api_add(files: list[UploadFile] = File(default=[]), urls: str = Form("")) -> dict:
        """Start an ingest job: files uploaded (each at most the ingest size limit) and http(s)
        addresses of pages or feeds, one a line. Follow it at /api/jobs/{id}."""
        return start_job(files, urls).as_dict()

    @app.get("/api/jobs")
    def api_jobs() -> list[dict]:
        """The ingest jobs of this server's run, newest first."""
        return [j.as_dict() for j in reversed(list(jobs.jobs.values()))]

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job_page(job_id: str) -> str:
        return render("job.html.j2", job=_job(jobs, job_id))

    @app.get("/api/jobs/{job_id}", responses=missing("job"))
    def api_job(job_id: str) -> dict:
        """An ingest job: its state, progress, what it added and the errors per file."""
        return _job(jobs, job_id)

    @app.post("/corrections", include_in_schema=False)
    async def correct_page(request: Request) -> RedirectResponse:
        """A correction from a page's form: merge this event into another, move an article, split it out."""
        form = await request.form()
        try:
            correction = TypeAdapter(Correction).validate_python({k: str(v) for k, v in form.items()})
        except ValidationError as exc:
            raise HTTPException(status_code=422, detail=exc.errors(include_url=False, include_context=False)) from None
        event = _correct(engine, correction)
        return RedirectResponse(f"/events/{event['id']}", status_code=303)

    @app.post("/api/corrections", responses={**missing("event or article"), 409: {
        "model": Problem, "description": "the correction would change nothing, or an id prefix fits several"}})
    def api_correct(correction: Correction) -> dict:
        """Merge event `source` into event `target`, move `article` into event `target`, or split
        `article` out into an event of its own; recorded, so a re-clustering replays it. Returns
        the event that holds the result."""
        return _correct(engine, correction)

    @app.middleware("http")
    async def same_site_writes(request: Request, call_next):
        """A page of another site must not change the store through the user's browser."""
        origin = request.headers.get("origin")
        if request.method == "POST" and origin and urlsplit(origin).netloc != request.headers.get("host"):
            return JSONResponse({"error": "cross-site request refused"}, status_code=403)
        return await call_next(request)

    @app.get("/api/events")
    def api_events(page: int = Query(1, ge=1, le=MAX_PAGE), since: date | None = None, until: date | None = None,
                   outlet: str = "", lang: str = "") -> dict:
        """Events, newest first, a page at a time; only those seen in [since, until], and with an
        article from `outlet` and in `lang` when given ("unknown": no language found)."""
        rows, more = _event_rows(engine, page, Filters(since, until, outlet, lang))
        return {"events": rows, "page": page, "more": more}

    @app.get("/api/storylines")
    def api_storylines() -> list[dict]:
        """Storylines with their events in time order."""
        return engine.storyline_rows()

    @app.get("/api/briefs/{event_id}", responses=missing("event or storyline"))
    def api_brief(event_id: str) -> dict:
        """The brief of an event or storyline (an id prefix is enough), in the JSON schema of `storyline brief -f json`."""
        return brief_dict(_brief(engine, event_id))

    @app.get("/api/articles/{article_id}", responses=missing("article"))
    def api_article(article_id: str) -> dict:
        """An article's clean text and metadata."""
        a = _article(engine, article_id)
        return {"id": a.id, "title": a.title, "outlet": a.outlet_name, "published": a.published_stamp,
                "published_how": a.published_how, "lang": a.lang, "url": a.url, "source": a.source, "body": a.body}

    return app


class Problem(BaseModel):
    """Why a request was refused."""

    detail: str


def missing(what: str) -> dict:
    """The OpenAPI entry of a 404: no such id."""
    return {404: {"model": Problem, "description": f"no {what} with this id"}}


@dataclass(frozen=True)
class Filters:
    """Which events a list shows: seen within [since, until], with an article from `outlet` and in `lang`."""

    since: date | None = None
    until: date | None = None
    outlet: str = ""
    lang: str = ""


def _event_rows(engine: Engine, page: int, filters: Filters = Filters()) -> tuple[list[dict], bool]:
    """One page of events, newest first, each with its span, outlets and articles."""
    shown, more = engine.store.events_page(
        (page - 1) * PAGE, PAGE, since=filters.since and datetime.combine(filters.since, time.min),
        until=filters.until and datetime.combine(filters.until, time.max),
        outlet=filters.outlet, lang=filters.lang)
    articles = {a.id: a for a in engine.store.articles([i for e in shown for i in e.article_ids], light=True)}
    conflicts = engine.store.brief_conflicts([e.id for e in shown])  # from the last brief made of each
    rows = []
    for e in shown:
        members = [articles[i] for i in e.article_ids if i in articles]
        rows.append({"id": e.id, "label": e.label, "storyline_id": e.storyline_id,
                     "first_seen": iso_day(e.first_seen), "last_seen": iso_day(e.last_seen), "articles": len(members),
                     "outlets": sorted({a.outlet_name for a in members}),
                     "languages": sorted({a.lang or "unknown" for a in members}),
                     "disagreements": conflicts.get(e.id)})
    return rows, more


HOW = {  # Article.published_how, in words
    "sidecar": "the metadata given with it", "text": "a date line in its text", "html-meta": "the page's metadata",
    "html-text": "a date shown on the page", "feed": "its feed entry", "json": "its record in the JSON dump"}


def _dated(when: dict) -> str:
    """How the article is placed in time (`Engine.date_of`), in words: "2024-01-02T10:00:00+01:00,
    from the page's metadata", or for an undated one where clustering placed it and why."""
    if when["stamp"]:
        return f"{when['stamp']}, from {HOW.get(when['how'], when['how'])}"
    if when["day"]:
        return f"undated; placed on {when['day']} ({when['how']}, confidence {when['confidence']:.2f})"
    return "undated"


def _search(engine: Engine, q: str, limit: int = 50) -> list[dict]:
    """Search hits with their snippets cut into [text, matched] parts (rendered, never parsed, as markup)."""
    hits = engine.store.search(q, limit)
    articles = {a.id: a for a in engine.store.articles([h["article_id"] for h in hits], light=True)}
    out = []
    for h in hits:
        a = articles.get(h["article_id"])
        parts = [[piece, k % 2 == 1] for k, piece in enumerate(re.split(f"[{HIT[0]}{HIT[1]}]", h["snippet"])) if piece]
        out.append({"article_id": h["article_id"], "title": h["title"], "outlet": a.outlet_name if a else None,
                    "published": iso_day(a.published) if a else None, "parts": parts})
    return out


def _uploads_beside(store: Store) -> Path:
    """A folder beside an SQLite file for the uploads, else one in the temporary directory."""
    if store.url.startswith("sqlite:///") and store.url != "sqlite:///:memory:":
        return Path(store.url.removeprefix("sqlite:///")).parent / "uploads"
    return Path(tempfile.gettempdir()) / "storyline-uploads"


def _chunks(upload, size: int = 1 << 20):
    while chunk := upload.file.read(size):
        yield chunk


def _job(jobs: Jobs, job_id: str) -> dict:
    if job_id not in jobs.jobs:
        raise HTTPException(status_code=404, detail=f"no job {job_id!r}")
    return jobs.jobs[job_id].as_dict()


class Merge(BaseModel):
    """Event `source`'s articles go into event `target` (`storyline merge`)."""

    kind: Literal["merge"]
    source: str = Field(min_length=1)
    target: str = Field(min_length=1)


class Move(BaseModel):
    """`article` goes into event `target` (`storyline move`)."""

    kind: Literal["move"]
    article: str = Field(min_length=1)
    target: str = Field(min_length=1)


class Split(BaseModel):
    """`article` leaves its event for one of its own (`storyline split`)."""

    kind: Literal["split"]
    article: str = Field(min_length=1)


Correction = Annotated[Union[Merge, Move, Split], Field(discriminator="kind")]
# a correction naming no such id is a 404; one that would change nothing, or an id prefix
# that fits several, conflicts with the store as it is (409)
REFUSED = {E_UNKNOWN_ID: 404, E_AMBIGUOUS_ID: 409, E_BAD_CORRECTION: 409}


def _correct(engine: Engine, c: Merge | Move | Split) -> dict:
    try:
        if isinstance(c, Merge):
            event = engine.merge(c.source, c.target)
        elif isinstance(c, Move):
            event = engine.move(c.article, c.target)
        else:
            event = engine.split(c.article)
    except StorylineError as exc:
        raise HTTPException(status_code=REFUSED.get(exc.code, 400), detail=str(exc)) from None
    return {"id": event.id, "label": event.label, "articles": event.article_ids}


def _copies(engine: Engine, article, event_id: str | None) -> list:
    """The articles of its event whose text is near-identical to this one's (one wire text, run twice)."""
    if event_id is None:
        return []
    [event] = engine.store.events(ids=[event_id])
    members = engine.store.articles(event.article_ids, light=True)
    group = next((g for g in copy_groups(members) if article.id in g), [])
    by_id = {a.id: a for a in members}
    return [by_id[i] for i in group if i != article.id]


def _brief(engine: Engine, event_id: str):
    try:
        return engine.brief(event_id)
    except StorylineError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None


def _article(engine: Engine, article_id: str):
    found = engine.store.articles([article_id])
    if not found:
        raise HTTPException(status_code=404, detail=f"no article {article_id!r}")
    return found[0]

