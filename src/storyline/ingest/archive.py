"""Reader for archives (.zip, .tar, .tar.gz, .tgz): every member goes to its own reader.

Guards against archive and decompression bombs: a cap on the number of members,
on the inflated size of all of them, on one member (the document cap), and on
the inflation ratio of a zip member; members are read one at a time, never
extracted to disk, and names are only labels (no path is ever written).
"""

from __future__ import annotations

import io
import tarfile
import zipfile
import zlib
from collections.abc import Iterator

from storyline.errors import E_MALFORMED, E_TOO_LARGE, E_UNSAFE
from storyline.ingest.sidecar import SIDECAR_NAMES
from storyline.ingest.source import IngestOptions, Input, Read, ReadProblem, failed, human_size, open_stream

TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz")


def read_archive(item: Input, options: IngestOptions) -> Iterator[Read]:
    from storyline.ingest.kinds import kind_of, read_input  # the registry dispatches members

    budget = _Budget(item.name, options)
    with item.opener() as handle:
        head = handle.read(4)
    members = _zip_members(item, options, budget) if head == b"PK\x03\x04" else _tar_members(item, options, budget)
    for member in members:
        if isinstance(member, Read):
            yield member
            continue
        kind = kind_of(member)
        if kind is None:
            yield Read(member.name, skipped=f"unread type {member.suffixes or '(no suffix)'}")
        else:
            yield from read_input(member, options, kind)


class _Budget:
    """What one archive may still inflate to and how many members it may still hold."""

    def __init__(self, name: str, options: IngestOptions):
        self.name, self.options = name, options
        self.bytes, self.files = options.max_archive_bytes, options.max_archive_files

    def admit(self, name: str, size: int) -> Read | None:
        """Count a member against the archive's caps (ReadProblem past them); a failed read
        when the member alone is over the document cap."""
        self.take(size)
        if size > self.options.max_bytes:
            return failed(name, E_TOO_LARGE, f"member of {human_size(size)}, over the "
                                             f"{human_size(self.options.max_bytes)} cap")
        return None

    def take(self, size: int) -> None:
        self.files -= 1
        self.bytes -= size
        if self.files < 0:
            raise ReadProblem(E_UNSAFE, f"more than {self.options.max_archive_files:,} files: not read further")
        if self.bytes < 0:
            raise ReadProblem(E_UNSAFE, f"inflates to over {human_size(self.options.max_archive_bytes)}: not read further")


def _zip_members(item: Input, options: IngestOptions, budget: _Budget) -> Iterator[Input | Read]:
    handle = item.opener()  # a file or bytes in memory: both seek, which zip needs
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        handle.close()
        raise ReadProblem(E_MALFORMED, f"not a readable zip archive: {exc}") from exc
    with handle, archive:
        for info in archive.infolist():
            if info.is_dir() or _hidden(info.filename):
                continue
            name = f"{item.name}!{info.filename}"
            if refused := budget.admit(name, info.file_size):
                yield refused
                continue
            if info.compress_size and info.file_size / info.compress_size > options.max_ratio:
                yield failed(name, E_UNSAFE, f"inflates {info.file_size // info.compress_size}x: a decompression bomb")
                continue
            try:  # the declared size can lie: never read more than the cap
                with archive.open(info) as member:
                    content = member.read(options.max_bytes + 1)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, zlib.error) as exc:
                yield failed(name, E_MALFORMED, f"unreadable zip member: {exc}")
                continue
            if len(content) > options.max_bytes:
                yield failed(name, E_TOO_LARGE, f"member over the {human_size(options.max_bytes)} cap")
                continue
            yield _member(name, content, item.depth)


def _tar_members(item: Input, options: IngestOptions, budget: _Budget) -> Iterator[Input | Read]:
    with open_stream(item) as handle:
        try:
            archive = tarfile.open(fileobj=handle, mode="r|")  # a stream: members in order, nothing seeks
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise ReadProblem(E_MALFORMED, f"not a readable tar archive: {exc}") from exc
        with archive:
            while True:
                try:
                    info = archive.next()
                except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
                    yield failed(f"{item.name}", E_MALFORMED, f"broken tar archive, reading stops here: {exc}")
                    return
                if info is None:
                    return
                if not info.isfile() or _hidden(info.name):
                    continue  # links, devices and folders are never followed
                name = f"{item.name}!{info.name}"
                if refused := budget.admit(name, info.size):
                    yield refused
                    continue
                try:
                    content = archive.extractfile(info).read(options.max_bytes + 1)
                except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
                    yield failed(name, E_MALFORMED, f"unreadable tar member: {exc}")
                    return
                yield _member(name, content, item.depth)


def _member(name: str, content: bytes, depth: int) -> Input:
    return Input(name, lambda: io.BytesIO(content), len(content), {}, depth + 1)


def _hidden(name: str) -> bool:
    base = name.rstrip("/").rsplit("/", 1)[-1]
    return base.startswith(".") or base in SIDECAR_NAMES or name.startswith("__MACOSX/")
