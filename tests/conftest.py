"""Shared fixtures: real SQLite stores in tmp_path and the corpora the team reads from.

Third-party articles are read from ../shared (never copied here); tests that need
them skip with the reason when that folder is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.engine import Engine

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
