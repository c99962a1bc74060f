"""Archives: members go to their readers; bombs and oversized members are refused by name."""

from __future__ import annotations

import io
import tarfile
import zipfile

from conftest import STORIES, news_page, write

from storyline.errors import E_TOO_LARGE, E_UNSAFE
from storyline.ingest import IngestOptions, read_paths


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buffer.getvalue()


def tar_gz_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as t:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def pile() -> dict[str, bytes]:
    title, date, text = STORIES[0]
    return {"pages/bridge.html": news_page(title, date, text).encode(), "notes/tram.txt": STORIES[1][2].encode(),
            "img/photo.jpg": b"\xff\xd8\xff" + b"\x00" * 100, "inner.zip": zip_bytes({"flood.txt": STORIES[2][2].encode()})}


def test_zip_and_tar_gz_members_are_read_by_type_recursively(tmp_path):
    write(tmp_path, "pile.zip", zip_bytes(pile()))
    write(tmp_path, "pile.tar.gz", tar_gz_bytes(pile()))
    reads = list(read_paths([tmp_path]))
    names = sorted(r.source.split("/")[-1] if "!" not in r.source else r.source.split("!", 1)[1] for r in reads if r.article)
    assert names == ["inner.zip!flood.txt", "inner.zip!flood.txt", "notes/tram.txt", "notes/tram.txt",
                     "pages/bridge.html", "pages/bridge.html"]
    assert sorted(r.skipped for r in reads if r.skipped) == ["unread type .jpg"] * 2
    assert not [r for r in reads if r.error]


def test_a_zip_bomb_is_refused_and_the_other_members_are_read(tmp_path):
    bomb = zip_bytes({"bomb.txt": b"a" * (30 * 1024 * 1024), "ok.txt": STORIES[0][2].encode()})
    assert len(bomb) < 100_000
    write(tmp_path, "bomb.zip", bomb)
    reads = {r.source.split("!", 1)[1]: r for r in read_paths([tmp_path / "bomb.zip"])}
    assert reads["bomb.txt"].error.code == E_TOO_LARGE
    assert reads["ok.txt"].article is not None
    reads = {r.source.split("!", 1)[1]: r for r in read_paths([tmp_path / "bomb.zip"],
                                                              IngestOptions(max_bytes=64 * 1024 * 1024))}
    assert reads["bomb.txt"].error.code == E_UNSAFE and "bomb" in reads["bomb.txt"].error.reason


def test_caps_on_file_count_and_inflated_total_stop_the_archive_with_a_reason(tmp_path):
    many = {f"n{i}.txt": STORIES[i % 3][2].encode() for i in range(30)}
    write(tmp_path, "many.zip", zip_bytes(many))
    reads = list(read_paths([tmp_path / "many.zip"], IngestOptions(max_archive_files=10)))
    assert len([r for r in reads if r.article]) == 10
    assert reads[-1].error.code == E_UNSAFE and "more than 10 files" in reads[-1].error.reason
    reads = list(read_paths([tmp_path / "many.zip"], IngestOptions(max_archive_bytes=2000)))
    assert reads[-1].error.code == E_UNSAFE and "inflates to over" in reads[-1].error.reason


def test_archives_nested_too_deep_are_not_opened(tmp_path):
    inner = zip_bytes({"a.txt": STORIES[0][2].encode()})
    for _ in range(4):
        inner = zip_bytes({"nested.zip": inner})
    write(tmp_path, "deep.zip", inner)
    reads = list(read_paths([tmp_path / "deep.zip"]))
    assert not [r for r in reads if r.article]
    assert "nested 3 containers deep" in reads[-1].error.reason


def test_a_truncated_archive_fails_by_name(tmp_path):
    data = zip_bytes(pile())
    write(tmp_path, "cut.zip", data[: len(data) // 2])
    write(tmp_path, "cut.tar.gz", tar_gz_bytes(pile())[:300])
    reads = list(read_paths([tmp_path]))
    assert {r.source.rsplit("/", 1)[-1].split("!")[0] for r in reads if r.error} >= {"cut.zip", "cut.tar.gz"}
