"""Shared fixtures: real SQLite stores in tmp_path, real PostgreSQL databases, and the corpora the team reads from.

Third-party articles are read from ../shared (never copied here); tests that need
them skip with the reason when that folder is absent.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from storyline.engine import Engine
from storyline.model import Brief, Citation, Fact, Source, SummarySentence

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MALI = SHARED / "corpus" / "mali-2022"
EVAL = SHARED / "eval"
EXAMPLE = ROOT / "examples" / "harbour-2025"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared benchmark data is kept outside the repository")
    return path


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """A test input file, created with its folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def by_source(items, path: Path):
    """The one record (article or error) read from `path`."""
    found = [x for x in items if x.source == str(path)]
    assert len(found) == 1, f"expected one record for {path}, got {found!r} among {items!r}"
    return found[0]


def hostile_brief() -> Brief:
    """A brief whose article text tries Markdown structure, HTML and script: every format must keep it inert."""
    text = "Officials said <script>alert(1)</script> and **bold** [link](http://x) | pipe"
    c = Citation(1, "a1", "Wire <b>", 0, len(text), text)
    return Brief(kind="event", id="ev1", label="# Not a heading <img src=x>", first_seen="2024-01-02",
                 last_seen="2024-01-02", summary=[SummarySentence(text, [c])], facts=[Fact(text, [c, c])],
                 unique=[], discrepancies=[], quotes=[], timeline=[],
                 sources=[Source(1, "a1", "Wire <b>", None, "2024-01-02", "a.txt")],
                 coverage=[{"fact": 0, "outlets": {"Wire <b>": True}}])


@pytest.fixture
def engine(tmp_path):
    e = Engine(db=str(tmp_path / "store.db"))
    yield e
    e.close()


@pytest.fixture(scope="session")
def mali_engine(tmp_path_factory):
    need(MALI)
    e = Engine(db=str(tmp_path_factory.mktemp("mali") / "mali.db"))
    e.ingest([MALI])
    yield e
    e.close()


@pytest.fixture(scope="session")
def example_engine(tmp_path_factory):
    e = Engine(db=str(tmp_path_factory.mktemp("example") / "example.db"))
    e.ingest([EXAMPLE])
    yield e
    e.close()


STORIES = [  # our own words: short news items for generated pages, feeds, dumps and crawls
    ("Harbour Bridge reopens after repairs", "2025-03-06",
     "The Harbour Bridge in Port Elster reopened to traffic on Thursday after six weeks of repairs. "
     "City engineers said corroded steel joints on the northern span had been replaced. "
     "Commuters, who had faced detours of up to forty minutes, welcomed the reopening."),
    ("Council votes to extend tram line", "2025-03-04",
     "The Port Elster city council voted 23 to 18 on Tuesday to extend the tram network to the airport. "
     "The extension adds four stops and is expected to cost 310 million crowns. "
     "Opposition councillors said the budget underestimated the cost of the tunnel section."),
    ("Floods force 600 from their homes", "2025-03-09",
     "Heavy rain flooded parts of the Vessel valley overnight, forcing 600 residents to leave their homes. "
     "The regional fire service said two bridges were closed and one school was being used as a shelter. "
     "Forecasters expect the river to peak on Sunday afternoon."),
]


def news_page(title: str, date: str, text: str, site: str = "Port Elster Post", url: str | None = None,
              n: int = 0) -> str:
    """A news page as sites serve them: navigation, the story, a newsletter box and related links."""
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in text.split(". ") if s.strip(". "))
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:site_name" content="{site}"><meta property="og:title" content="{title}">
<meta property="article:published_time" content="{date}T08:00:00Z"><meta name="author" content="Ines Kaur">
{canonical}</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>{title}</h1><div class="byline">By Ines Kaur</div>{paragraphs}
<p>Residents were asked to follow updates from the city on its website during the week ahead.</p>
<div class="newsletter"><p>Sign up for our morning newsletter in your inbox.</p></div>
<ul class="related"><li><a href="/a{n}">Ferry timetable changes for spring</a></li>
<li><a href="/b{n}">Museum opens new wing</a></li><li><a href="/c{n}">Schools close for inspection day</a></li></ul>
</article><footer><p>Copyright 2025 {site}. All rights reserved.</p></footer></body></html>"""


@pytest.fixture
def http():
    """A real HTTP server on 127.0.0.1 (tests/httpserver.py), shut down after the test."""
    from httpserver import Server

    server = Server()
    yield server
    server.close()


def rss(entries: list[tuple[str, str, str, str]], title: str = "Port Elster Post") -> bytes:
    """An RSS 2.0 feed of (title, link, rfc-822 date, html description) entries."""
    from xml.sax.saxutils import escape

    items = "".join(f"<item><title>{escape(t)}</title><link>{escape(l)}</link><guid>{escape(l)}</guid>"
                    f"<pubDate>{d}</pubDate><description>{escape(x)}</description></item>" for t, l, d, x in entries)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://post.example/</link>{items}</channel></rss>").encode()


# An admin URL of a PostgreSQL server the tests may create databases on; .ci/run starts one and sets it.
POSTGRES = os.environ.get("STORYLINE_TEST_POSTGRES")


@contextmanager
def postgres_database():
    """The URL of a new, empty database on the test PostgreSQL server, dropped afterwards."""
    if not POSTGRES:
        pytest.skip("no PostgreSQL server: set STORYLINE_TEST_POSTGRES to an admin URL (.ci/run starts one)")
    from storyline.store.scratch import scratch_database

    with scratch_database(POSTGRES, "storyline_test") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh store of each backend: an SQLite file, and a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        yield str(tmp_path / "s.db")
        return
    with postgres_database() as url:
        yield url
