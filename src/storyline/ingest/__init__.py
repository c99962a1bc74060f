"""Readers: paths in, Articles (with their raw bytes) or error records out.

One reader per format; this module walks folders, applies size caps and
sidecars, and never lets one bad file stop the batch.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.errors import E_NOT_FOUND, E_TOO_LARGE, E_UNREADABLE, E_UNSUPPORTED, W_SIDECAR_ORPHAN
from storyline.ingest.decode import DecodeProblem, decode
from storyline.ingest.sidecar import SIDECAR_NAMES, read_sidecar
from storyline.ingest.text import read_text_article
from storyline.model import Article, IngestError, RawInput

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
MB = 1024 * 1024


@dataclass(slots=True)
class IngestOptions:
    max_bytes: int = 20 * MB  # a larger file is refused with E102, not read


@dataclass(slots=True)
class Read:
    """One input: an article and its raw bytes, or an error (raw kept where there is any)."""

    source: str
    article: Article | None = None
    raw: RawInput | None = None
    error: IngestError | None = None
    warnings: tuple[str, ...] = ()


def read_paths(paths: Iterable[str | Path], options: IngestOptions | None = None) -> Iterator[Read]:
    options = options or IngestOptions()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from _read_folder(path, options)
        elif path.exists() or path.is_symlink():
            records, errors = read_sidecar(path.parent)
            yield from (Read(e.source, error=e) for e in errors)
            yield _read_file(path, records.get(path.name), options)
        else:
            yield Read(str(path), error=IngestError(str(path), E_NOT_FOUND, "no such file or folder"))


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
            path = here / name
            if path.suffix.lower() in TEXT_SUFFIXES:
                yield _read_file(path, records.get(name), options)


def _read_file(path: Path, meta: dict | None, options: IngestOptions) -> Read:
    source = str(path)
    if path.suffix.lower() not in TEXT_SUFFIXES:
        return Read(source, error=IngestError(source, E_UNSUPPORTED, f"no reader for '{path.suffix or path.name}' files"))
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            return Read(source, error=IngestError(
                source, E_TOO_LARGE,
                f"file is {human_size(size)}, over the {human_size(options.max_bytes)} cap "
                "(raise it with --max-mb)",
            ))
        with path.open("rb") as handle:
            data = handle.read(options.max_bytes + 1)
    except OSError as exc:
        return Read(source, error=IngestError(source, E_UNREADABLE, f"cannot read: {exc.strerror or exc}"))
    if len(data) > options.max_bytes:  # grew while we looked
        return Read(source, error=IngestError(source, E_TOO_LARGE, f"file is over the {human_size(options.max_bytes)} cap"))
    raw = RawInput(id="r" + hashlib.sha256(data).hexdigest()[:16], source=source, data=data)
    try:
        text, warnings = decode(data)
    except DecodeProblem as problem:
        return Read(source, raw=raw, error=IngestError(source, problem.code, problem.reason, raw_id=raw.id))
    article = read_text_article(raw, text, meta)
    notes = [f"[{code}] {message}" for code, message in warnings]
    article.notes[:0] = notes
    # what had to be guessed or is missing is said in the output, not only stored
    shown = tuple(n for n in article.notes if n.startswith("[W") or n.startswith("title taken"))
    return Read(source, article=article, raw=raw, warnings=shown)


def human_size(n: int) -> str:
    for unit, size in (("GB", 1024 ** 3), ("MB", MB), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"
