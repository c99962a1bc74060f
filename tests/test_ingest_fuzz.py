"""Hostile bytes through every reader: nothing crashes the batch or hangs, every failure names
its input (and the place in it), and the good input beside it is still read."""

from __future__ import annotations

import gzip
import io
import zipfile

from conftest import STORIES, news_page
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.ingest import IngestOptions, read_paths
from storyline.ingest.kinds import KINDS

SUFFIXES = sorted({s for kind in KINDS for s in kind.suffixes} | {".bin", ""})
GOOD = STORIES[0][2].encode()
OPTIONS = IngestOptions(max_bytes=256 * 1024, max_archive_bytes=4 * 1024 * 1024, max_archive_files=200)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def seeds() -> list[bytes]:
    """Valid inputs of every kind, for the fuzzer to cut and corrupt."""
    page = news_page(*STORIES[1]).encode()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.html", page)
    return [page, gzip.compress(page), archive.getvalue(), GOOD,
            b'{"title": "t", "text": "' + GOOD + b'"}\n',
            b"<?xml version='1.0'?><rss><channel><title>x</title><item><title>t</title><description>" + GOOD +
            b"</description></item></channel></rss>",
            b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 20\r\n\r\nHTTP/1.1 200 OK\r\n\r\n"]


def mutate(data: bytes, cut: float, flips: list[tuple[float, int]], insert: bytes) -> bytes:
    data = data[: max(1, int(len(data) * cut))]
    out = bytearray(data)
    for at, value in flips:
        out[int(at * (len(out) - 1))] = value
    middle = len(out) // 2
    return bytes(out[:middle]) + insert + bytes(out[middle:])


def check(tmp_path, name: str, data: bytes) -> None:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    (folder / name).write_bytes(data)
    (folder / "zz-good.txt").write_bytes(GOOD)
    reads = list(read_paths([folder], OPTIONS))  # must not raise
    assert any(r.article is not None and r.source.endswith("zz-good.txt") for r in reads)
    for r in reads:
        if r.error is not None:
            assert r.error.source.startswith(str(folder / name)) and r.error.reason and r.error.code.startswith("E")


@FUZZ
@given(seed=st.sampled_from(range(7)), suffix=st.sampled_from(SUFFIXES), cut=st.floats(0.0, 1.0),
       flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=6),
       insert=st.sampled_from([b"", b"\x00" * 50, b"\xff\xfe\xfa", b"\n" * 3, b"<" * 200, b"x" * 300_000]))
def test_corrupted_inputs_of_every_kind_never_break_the_batch(tmp_path, seed, suffix, cut, flips, insert):
    check(tmp_path, f"input{suffix}", mutate(seeds()[seed], cut, flips, insert))


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_under_any_name_never_break_the_batch(tmp_path, data, suffix):
    check(tmp_path, f"random{suffix}", data)


def test_wrong_encodings_and_nul_bytes_in_html_and_json(tmp_path):
    latin = news_page("Café reopens", "2025-03-06", "Le café de la gare a rouvert mardi après des travaux. "
                      "Les habitués étaient au rendez-vous.").replace('charset="utf-8"', "").encode("latin-1")
    check(tmp_path, "latin.html", latin)
    check(tmp_path, "nul.jsonl", b'{"title": "a\x00b", "text": "' + GOOD + b'"}\n\x00\x00\x00\n')
    check(tmp_path, "long-line.jsonl", b'{"text": "' + b"word " * 100_000 + b'"}\n')


def test_a_gzipped_dump_corrupted_mid_stream_fails_by_name(tmp_path):
    """Found by the fuzzer: zlib's error from a gzip stream broken after its header."""
    data = bytearray(gzip.compress(b'{"title": "t", "text": "' + GOOD + b'"}\n' * 50))
    data[len(data) // 2] ^= 0xFF
    check(tmp_path, "dump.jsonl", bytes(data))


def test_a_warc_record_that_crashes_the_parser_fails_by_name(tmp_path):
    """Found by the fuzzer: warcio raises AttributeError on this record; the input fails, the batch goes on."""
    check(tmp_path, "crawl", seeds()[6])
