"""Readers: paths and URLs in, Articles (with their raw bytes), skips or error records out.

`kinds` holds the one table of readers; this module walks folders, applies
sidecars and hands every input to its reader, and never lets one bad input stop
the batch. Reads are yielded one at a time, so callers can store them in
bounded batches whatever the size of the pile.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from storyline.errors import E_NOT_FOUND, W_SIDECAR_ORPHAN
from storyline.ingest.kinds import described, kind_of, read_input
from storyline.ingest.sidecar import SIDECAR_NAMES, read_sidecar
from storyline.ingest.source import MB, IngestOptions, Input, Read
from storyline.model import IngestError

__all__ = ["MB", "IngestOptions", "Input", "Read", "is_url", "read_paths", "unread_types_message"]


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def read_paths(paths: Iterable[str | Path], options: IngestOptions | None = None,
               partitions: int = 0) -> Iterator[Read]:
    """Every read of files, folders (recursively) and http(s) URLs, in the order given. With
    `partitions`, files are read that many at a time in parallel (on the Dask cluster in
    use, see storyline.workers) and their reads come back in the same order."""
    options = options or IngestOptions()
    plan = plan_paths(paths)
    if partitions <= 1:
        for item in plan:
            yield from _reads(item, options)
        return
    from storyline.workers import even_chunks, fork_map

    while window := list(islice(plan, WINDOW)):
        files = [item for item in window if _is_file(item)]
        read = iter([reads for part in fork_map(read_planned, even_chunks(files, partitions), options,
                                                workers=partitions) for reads in part])
        for item in window:  # in plan order; URLs are fetched here, by the process the user ran
            yield from next(read) if _is_file(item) else _reads(item, options)


WINDOW = 512  # planned inputs handed out at once when reading in parallel: bounds what is held


@dataclass(frozen=True)
class Planned:
    """An input to read, as another process can take it: a file (with its sidecar metadata) or a URL."""

    name: str
    meta: dict | None = None
    url: bool = False


def plan_paths(paths: Iterable[str | Path]) -> Iterator[Read | Planned]:
    """What `read_paths` reads, in its order, before reading: files and URLs to read, and the
    reads known without reading (a missing path, a sidecar's errors, a file of no known type)."""
    for given in paths:
        text = str(given)
        if is_url(text):
            yield Planned(text, url=True)
            continue
        path = Path(given)
        if path.is_dir():
            yield from _plan_folder(path)
        elif path.exists() or path.is_symlink():
            records, errors = read_sidecar(path.parent)
            yield from (Read(e.source, error=e) for e in errors)
            yield Planned(str(path), records.get(path.name))
        else:
            yield Read(text, error=IngestError(text, E_NOT_FOUND, "no such file or folder"))


def _is_file(item: Read | Planned) -> bool:
    return isinstance(item, Planned) and not item.url


def read_planned(items: list[Planned], options: IngestOptions) -> list[list[Read]]:
    """The reads of each of some planned files, in order (a worker's share when reading in parallel)."""
    return [list(_reads(item, options)) for item in items]


def _reads(item: Read | Planned, options: IngestOptions) -> Iterator[Read]:
    if isinstance(item, Read):
        yield item
    elif item.url:
        from storyline.ingest.fetch import read_url
        yield from read_url(item.name, options)
    else:
        yield from read_input(_file_input(Path(item.name), item.meta), options)


def _file_input(path: Path, meta: dict | None) -> Input:
    try:
        size = path.stat().st_size
    except OSError:
        size = None
    return Input(str(path), lambda: path.open("rb"), size, {k: v for k, v in (meta or {}).items() if v})


def _plan_folder(folder: Path) -> Iterator[Read | Planned]:
    for root, dirs, files in os.walk(folder, onerror=None):
        dirs.sort()
        here = Path(root)
        records, errors = read_sidecar(here)
        yield from (Read(e.source, error=e) for e in errors)
        for name in sorted(set(records) - set(files)):
            yield Read(str(here / name), warnings=(f"[{W_SIDECAR_ORPHAN}] named in the sidecar but not in the folder",))
        for name in sorted(files):
            if name in SIDECAR_NAMES or name.startswith("."):
                continue
            item = _file_input(here / name, records.get(name))
            if kind_of(item) is None:  # a folder may hold images and PDFs: counted, not an error
                yield Read(item.name, skipped=f"unread type {item.suffixes or '(no suffix)'}")
            else:
                yield Planned(item.name, records.get(name))


def unread_types_message() -> str:
    return f"no file here is of a type storyline reads ({described()})"

