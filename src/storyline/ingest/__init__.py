"""Readers: paths and URLs in, Articles (with their raw bytes), skips or error records out.

`kinds` holds the one table of readers; this module walks folders, applies
sidecars and hands every input to its reader, and never lets one bad input stop
the batch. Reads are yielded one at a time, so callers can store them in
bounded batches whatever the size of the pile.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.errors import E_NOT_FOUND, W_SIDECAR_ORPHAN
from storyline.ingest.kinds import described, kind_of, read_input
from storyline.ingest.sidecar import SIDECAR_NAMES, read_sidecar
from storyline.ingest.source import MB, IngestOptions, Input, Read
from storyline.model import IngestError

__all__ = ["MB", "IngestOptions", "Input", "Read", "is_url", "read_paths", "unread_types_message"]


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def read_paths(paths: Iterable[str | Path], options: IngestOptions | None = None) -> Iterator[Read]:
    """Every read of files, folders (recursively) and http(s) URLs, in the order given."""
    options = options or IngestOptions()
    for given in paths:
        text = str(given)
        if is_url(text):
            from storyline.ingest.fetch import read_url
            yield from read_url(text, options)
            continue
        path = Path(given)
        if path.is_dir():
            yield from _read_folder(path, options)
        elif path.exists() or path.is_symlink():
            records, errors = read_sidecar(path.parent)
            yield from (Read(e.source, error=e) for e in errors)
            yield from read_input(_file_input(path, records.get(path.name)), options)
        else:
            yield Read(text, error=IngestError(text, E_NOT_FOUND, "no such file or folder"))


def _file_input(path: Path, meta: dict | None) -> Input:
    try:
        size = path.stat().st_size
    except OSError:
        size = None
    return Input(str(path), lambda: path.open("rb"), size, {k: v for k, v in (meta or {}).items() if v})


def _read_folder(folder: Path, options: IngestOptions) -> Iterator[Read]:
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
            kind = kind_of(item)
            if kind is None:  # a folder may hold images and PDFs: counted, not an error
                yield Read(item.name, skipped=f"unread type {item.suffixes or '(no suffix)'}")
            else:
                yield from read_input(item, options, kind)


def unread_types_message() -> str:
    return f"no file here is of a type storyline reads ({described()})"

