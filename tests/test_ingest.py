"""Ingest: hostile inputs, size caps, encodings, idempotence, raw bytes, titles/dates, CLI.

Everything here runs against real files in tmp_path and a real SQLite store.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import tracemalloc
from datetime import datetime
from pathlib import Path

import pytest
from conftest import by_source, write

from storyline.engine import Engine
from storyline.errors import (
    E_BINARY, E_EMPTY, E_NOT_FOUND, E_TOO_LARGE, E_UNREADABLE, W_ENCODING, W_NO_DATE, W_NO_TITLE,
)
from storyline.ingest import MB, IngestOptions, Read, read_paths

# ---- fixtures: article texts ---------------------------------------------------------------

BRIDGE = (
    "The Harbour Bridge in Port Elster reopened to traffic on Thursday after six weeks of repairs. "
    "City engineers said corroded steel joints on the northern span had been replaced. "
    "Commuters, who had faced detours of up to forty minutes, welcomed the reopening.\n"
)
TRAM = (
    "The Port Elster city council voted 23 to 18 on Tuesday to extend the tram network to the airport. "
    "The extension adds four stops and is expected to cost 310 million crowns. "
    "Opposition councillors said the budget underestimated the cost of the tunnel section.\n"
)
FLOOD = (
    "Heavy rain flooded parts of the Vessel valley overnight, forcing 600 residents to leave their homes. "
    "The regional fire service said two bridges were closed and one school was being used as a shelter. "
    "Forecasters expect the river to peak on Sunday afternoon.\n"
)
STRIKE = (
    "Dock workers at the port of Kelmar walked out on Monday in a dispute over night-shift pay. "
    "The union said about 1,200 members had joined the strike. "
    "The port authority warned that container traffic would be diverted to Hallsby.\n"
)

# latin-1 bytes: é = 0xE9, ü = 0xFC, è = 0xE8
LATIN1_TEXT = (
    "Le café Müller de Zürich a fermé ses portes mardi après quarante ans. "
    "Les habitués ont déposé des fleurs devant la vitrine. "
    "Le propriétaire a expliqué que le loyer avait doublé en deux ans.\n"
)
# cp1252 bytes: 0x93/0x94 curly double quotes, 0x97 em dash
CP1252_BYTES = (
    b"The mayor of Brennick promised on Friday that \x93every damaged home will be rebuilt\x94 "
    b"after the storm \x97 a pledge some residents greeted with doubt. "
    b"Crews worked through the night to clear fallen trees from the main roads. "
    b"Schools in the district will remain closed until Wednesday.\n"
)




def sizes_in(message: str) -> list[float]:
    """Every size the message states, in bytes (e.g. '0.5 MB', '1000 bytes', '4.9 KB')."""
    units = {"b": 1, "byte": 1, "bytes": 1, "kb": 1024, "kib": 1024, "mb": MB, "mib": MB, "gb": 1024 * MB}
    found = []
    for number, unit in re.findall(r"(\d[\d,]*(?:\.\d+)?)\s*(bytes|byte|KiB|KB|kB|MiB|MB|GB|B)\b", message):
        found.append(float(number.replace(",", "")) * units[unit.lower()])
    return found


def names(values: list[float], target: float, tolerance: float = 0.1) -> bool:
    return any(abs(v - target) <= tolerance * target for v in values)



# ---- hostile files in one batch ---------------------------------------------------------------


@pytest.fixture
def mixed_folder(tmp_path):
    folder = tmp_path / "mixed"
    paths = {
        "bridge": write(folder, "bridge.txt", BRIDGE),
        "tram": write(folder, "tram.md", TRAM),
        "empty": write(folder, "empty.txt", b""),
        "blank": write(folder, "blank.txt", b"  \n\t\r\n   \n"),
        "binary": write(folder, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256))),
        "latin1": write(folder, "zurich.txt", LATIN1_TEXT.encode("latin-1")),
        "cp1252": write(folder, "brennick.txt", CP1252_BYTES),
    }
    return folder, paths


def test_bad_files_are_named_with_codes_and_the_batch_goes_on(engine, mixed_folder):
    folder, p = mixed_folder
    report = engine.ingest([folder])

    assert not report.ok
    codes = {e.source: e.code for e in report.errors}
    assert codes == {
        str(p["empty"]): E_EMPTY,
        str(p["blank"]): E_EMPTY,
        str(p["binary"]): E_BINARY,
    }
    for e in report.errors:
        assert e.reason.strip(), e
        assert str(e).startswith(f"[{e.code}] {e.source}")  # what the CLI prints

    # the good ones (and the legacy-encoded ones) are all stored
    stored = engine.articles()
    assert len(report.added) == 4
    assert {a.source for a in stored} == {str(p[k]) for k in ("bridge", "tram", "latin1", "cp1252")}
    bridge = by_source(stored, p["bridge"])
    assert "corroded steel joints" in bridge.body

    # errors are persisted in the store too
    persisted = {(e.source, e.code) for e in engine.errors()}
    assert persisted == {(src, code) for src, code in codes.items()}


def test_legacy_encodings_are_decoded_and_warned(engine, mixed_folder):
    folder, p = mixed_folder
    report = engine.ingest([folder])
    stored = engine.articles()

    latin = by_source(stored, p["latin1"])
    for word in ("café", "Müller", "Zürich", "fermé", "habitués", "expliqué", "doublé"):
        assert word in latin.body, word
    assert "\ufffd" not in latin.body and "Ã" not in latin.body

    cp = by_source(stored, p["cp1252"])
    # clean() straightens the curly quotes; the em dash survives as U+2014
    assert '"every damaged home will be rebuilt"' in cp.body
    assert "\u201c" not in cp.body and "\u201d" not in cp.body
    assert "storm \u2014 a pledge" in cp.body

    def warning_for(path: Path) -> str:
        found = [w for w in report.warnings if w.startswith(f"{path}:") and W_ENCODING in w]
        assert len(found) == 1, report.warnings
        return found[0].lower()

    assert any(enc in warning_for(p["latin1"]) for enc in ("cp1252", "windows-1252", "latin-1", "latin_1", "iso-8859-1"))
    assert any(enc in warning_for(p["cp1252"]) for enc in ("cp1252", "windows-1252"))
    # UTF-8 input gets no encoding warning
    assert not [w for w in report.warnings if w.startswith(f"{p['bridge']}:") and W_ENCODING in w]
    # what had to be guessed is said in the output too
    assert [w for w in report.warnings if w.startswith(f"{p['bridge']}:") and W_NO_DATE in w]
    # the warning is kept with the stored article
    assert any(n.startswith(f"[{W_ENCODING}]") and "cp1252" in n for n in cp.notes)


# ---- size cap -------------------------------------------------------------------------------


def test_file_over_small_cap_is_refused_with_e102(tmp_path):
    folder = tmp_path / "in"
    big = write(folder, "long.txt", (FLOOD * 20))  # ~5 KB
    small = write(folder, "short.txt", STRIKE)  # < 1000 bytes
    assert big.stat().st_size > 1000 > small.stat().st_size
    engine = Engine(db=tmp_path / "s.db", ingest_options=IngestOptions(max_bytes=1000))
    report = engine.ingest([folder])

    assert [(e.source, e.code) for e in report.errors] == [(str(big), E_TOO_LARGE)]
    assert "cap" in report.errors[0].reason
    assert [a.source for a in engine.articles()] == [str(small)]
    engine.close()


def test_e102_message_names_size_and_cap_for_a_small_cap(tmp_path):
    big = write(tmp_path / "in", "long.txt", FLOOD * 20)
    size = big.stat().st_size
    engine = Engine(db=tmp_path / "s.db", ingest_options=IngestOptions(max_bytes=1000))
    report = engine.ingest([big])
    engine.close()
    (error,) = report.errors
    assert error.code == E_TOO_LARGE
    stated = sizes_in(error.reason)
    assert names(stated, size), f"size {size} not stated in {error.reason!r}"
    assert names(stated, 1000), f"cap 1000 not stated in {error.reason!r}"


def test_sparse_200mb_file_is_refused_without_reading_it(tmp_path):
    folder = tmp_path / "in"
    good = write(folder, "bridge.txt", BRIDGE)
    huge = folder / "dump.txt"
    with huge.open("wb") as f:
        f.write(TRAM.encode())
        f.truncate(200 * MB)
    assert huge.stat().st_size == 200 * MB

    engine = Engine(db=tmp_path / "s.db")  # default options: 20 MB cap
    tracemalloc.start()
    started = time.perf_counter()
    try:
        report = engine.ingest([folder])
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert elapsed < 10, elapsed
    assert peak < 50 * MB, f"peak {peak / MB:.1f} MB: the file was read"
    (error,) = report.errors
    assert (error.source, error.code) == (str(huge), E_TOO_LARGE)
    stated = sizes_in(error.reason)
    assert names(stated, 200 * MB), error.reason
    assert names(stated, 20 * MB), error.reason
    assert [a.source for a in engine.articles()] == [str(good)]
    engine.close()


# ---- unreadable / missing ----------------------------------------------------------------------


def test_unreadable_file_gives_e101(engine, tmp_path):
    folder = tmp_path / "in"
    write(folder, "bridge.txt", BRIDGE)
    locked = write(folder, "locked.txt", TRAM)
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reads")
        report = engine.ingest([folder])
    finally:
        locked.chmod(0o644)
    error = by_source(report.errors, locked)
    assert error.code == E_UNREADABLE
    assert len(report.added) == 1


def test_dangling_symlink_gives_e101_and_batch_goes_on(engine, tmp_path):
    folder = tmp_path / "in"
    good = write(folder, "bridge.txt", BRIDGE)
    link = folder / "gone.txt"
    link.symlink_to(tmp_path / "deleted-long-ago.txt")
    report = engine.ingest([folder])
    error = by_source(report.errors, link)
    assert error.code == E_UNREADABLE
    assert "cannot read" in error.reason
    assert [a.source for a in engine.articles()] == [str(good)]


def test_missing_path_gives_e106(engine, tmp_path):
    good = write(tmp_path / "in", "bridge.txt", BRIDGE)
    missing = tmp_path / "no" / "such" / "article.txt"
    report = engine.ingest([missing, good])
    assert [(e.source, e.code) for e in report.errors] == [(str(missing), E_NOT_FOUND)]
    assert report.errors[0].raw_id is None
    assert len(report.added) == 1
    assert [(e.source, e.code) for e in engine.errors()] == [(str(missing), E_NOT_FOUND)]


# ---- nothing lost, idempotence ------------------------------------------------------------------


def snapshot(engine: Engine):
    arts = {a.id: (a.source, a.title, a.body, a.raw_id) for a in engine.articles()}
    evs = {e.id: (tuple(e.article_ids), e.storyline_id) for e in engine.events()}
    return arts, evs


def test_a_bad_batch_loses_nothing_already_stored(engine, tmp_path):
    good = tmp_path / "good"
    files = [write(good, "bridge.txt", BRIDGE), write(good, "flood.txt", FLOOD), write(good, "strike.txt", STRIKE)]
    first = engine.ingest([good])
    assert first.ok and len(first.added) == 3
    arts_before, events_before = snapshot(engine)
    assert len(arts_before) == 3 and events_before
    assert sorted(a for ids, _ in events_before.values() for a in ids) == sorted(arts_before)

    bad = tmp_path / "bad"
    write(bad, "empty.txt", b"")
    write(bad, "noise.txt", b"\x00\xff\x00\xfe" * 64)
    # and one stored article's file is overwritten with garbage, then ingested again
    files[0].write_bytes(b"\x00" * 128)
    second = engine.ingest([bad, files[0], tmp_path / "missing.txt"])

    assert second.added == [] and second.updated == []
    assert sorted(e.code for e in second.errors) == sorted([E_EMPTY, E_BINARY, E_BINARY, E_NOT_FOUND])
    arts_after, events_after = snapshot(engine)
    assert arts_after == arts_before
    assert events_after == events_before
    bridge_raw = arts_before[next(i for i, a in arts_before.items() if a[0] == str(files[0]))][3]
    assert engine.store.raw(bridge_raw) == BRIDGE.encode()


def test_reingesting_the_same_folder_adds_nothing(engine, mixed_folder):
    folder, _ = mixed_folder
    first = engine.ingest([folder])
    arts_before, events_before = snapshot(engine)
    errors_before = sorted((e.source, e.code) for e in engine.errors())

    second = engine.ingest([folder])
    assert second.added == []
    assert sorted(second.updated) == sorted(first.added) and second.updated
    assert sorted((e.source, e.code) for e in second.errors) == sorted((e.source, e.code) for e in first.errors)
    arts_after, events_after = snapshot(engine)
    assert arts_after == arts_before
    assert events_after == events_before
    assert sorted((e.source, e.code) for e in engine.errors()) == errors_before


# ---- raw bytes kept ----------------------------------------------------------------------------


def test_raw_bytes_are_kept_for_articles_and_errors(engine, mixed_folder):
    folder, p = mixed_folder
    report = engine.ingest([folder])
    stored = engine.articles()
    for key in ("bridge", "latin1", "cp1252"):
        article = by_source(stored, p[key])
        assert article.raw_id
        assert engine.store.raw(article.raw_id) == p[key].read_bytes()
    binary = by_source(report.errors, p["binary"])
    assert binary.raw_id
    assert engine.store.raw(binary.raw_id) == p["binary"].read_bytes()
    assert by_source(engine.errors(), p["binary"]).raw_id == binary.raw_id
    assert engine.store.raw("r0000000000000000") is None


def test_read_paths_yields_reads_with_raw(mixed_folder):
    folder, p = mixed_folder
    reads = list(read_paths([folder]))
    assert all(isinstance(r, Read) for r in reads)
    assert {r.source for r in reads} == {str(x) for x in p.values()}
    binary = by_source(reads, p["binary"])
    assert binary.article is None and binary.error.code == E_BINARY
    assert binary.raw.data == p["binary"].read_bytes() and binary.error.raw_id == binary.raw.id
    bridge = by_source(reads, p["bridge"])
    assert bridge.error is None and bridge.raw.data == BRIDGE.encode() and bridge.article.raw_id == bridge.raw.id


# ---- title and date without a sidecar ---------------------------------------------------------------


def test_heading_shaped_first_line_becomes_the_title(engine, tmp_path):
    path = write(tmp_path / "in", "bridge.txt", "Harbour Bridge Reopens After Six Weeks\n\n" + BRIDGE)
    engine.ingest([path])
    (a,) = engine.articles()
    assert a.title == "Harbour Bridge Reopens After Six Weeks"
    assert "Harbour Bridge Reopens" not in a.body
    assert a.body.startswith("The Harbour Bridge in Port Elster reopened")
    assert not any(W_NO_TITLE in n for n in a.notes)


def test_published_dateline_is_read_and_removed(engine, tmp_path):
    text = "Tram Line Approved for Airport\nPublished: 14 March 2025\n\n" + TRAM
    path = write(tmp_path / "in", "tram.txt", text)
    engine.ingest([path])
    (a,) = engine.articles()
    assert a.title == "Tram Line Approved for Airport"
    assert a.published == datetime(2025, 3, 14)
    assert a.published_how == "text"
    assert "Published" not in a.body and "14 March" not in a.body
    assert not any(W_NO_DATE in n for n in a.notes)


@pytest.mark.parametrize("dateline", ["Published: 14 March 2025", "14 March 2025"])
def test_dateline_on_the_first_line_is_a_date_not_a_title(engine, tmp_path, dateline):
    path = write(tmp_path / "in", "tram.txt", f"{dateline}\n\n{TRAM}")
    engine.ingest([path])
    (a,) = engine.articles()
    assert a.published == datetime(2025, 3, 14)
    assert a.published_how == "text"
    assert a.title is None


def test_no_title_no_date_are_noted(engine, tmp_path):
    path = write(tmp_path / "in", "flood.txt", FLOOD)
    engine.ingest([path])
    (a,) = engine.articles()
    assert a.title is None
    assert a.published is None and a.published_how is None
    assert any(n.startswith(f"[{W_NO_TITLE}]") for n in a.notes), a.notes
    assert any(n.startswith(f"[{W_NO_DATE}]") for n in a.notes), a.notes
    assert a.body == FLOOD.strip()


# ---- CLI ------------------------------------------------------------------------------------------


def storyline_exe() -> str:
    candidate = Path(sys.executable).parent / "storyline"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("storyline")
    if not found:
        pytest.skip("storyline console script not installed")
    return found


def cli_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("STORYLINE_DB", "COLUMNS", "LINES")}
    return env


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory):
    """The CLI cases, started together (each process spends ~1.5 s importing)."""
    root = tmp_path_factory.mktemp("cli")
    write(root / "mixed", "bridge.txt", BRIDGE)
    write(root / "mixed", "empty.txt", b"")
    write(root / "good", "flood.txt", FLOOD)
    write(root / "good", "strike.txt", STRIKE)
    deep = root / ("regional_desk_archive_" * 3) / "2025" / "march"
    write(deep, "flood.txt", FLOOD)
    write(deep, "empty.txt", b"")
    exe = storyline_exe()
    commands = {
        # relative paths keep the error lines short; the deep folder is named by its absolute path
        "mixed": [exe, "ingest", "mixed", str(deep), "--db", "mixed.db"],
        "good": [exe, "ingest", "good", "--db", "good.db", "--max-mb", "5"],
        "unknown_option": [exe, "ingest", "good", "--db", "u.db", "--no-such-option"],
    }
    procs = {k: subprocess.Popen(c, cwd=root, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for k, c in commands.items()}
    results = {}
    for k, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        results[k] = (proc.returncode, out, err)
    return root, deep, results


def test_cli_some_inputs_failed_exits_1_and_names_them(cli_runs):
    _, _, results = cli_runs
    code, _, err = results["mixed"]
    assert code == 1, err
    assert "E103" in err
    line = next(l for l in err.splitlines() if l.startswith("error") and "E103" in l)
    assert os.path.join("mixed", "empty.txt") in line
    assert "2 new" in err and "2 failed" in err
    assert "Traceback" not in err


def test_cli_ends_with_a_table_of_what_was_read_skipped_and_failed(cli_runs):
    _, _, results = cli_runs
    _, _, err = results["mixed"]
    lines = err.strip().splitlines()
    table = lines[-4:]  # after every warning and error line
    assert [line.split()[:2] for line in table[:3]] == [["read", "2"], ["duplicate", "0"], ["failed", "2"]]
    assert "E103" in table[2] and "empty" in table[2]
    assert table[3] == "2 new, 0 already stored, 0 skipped, 2 failed"
    assert all(not line.startswith(("warning", "error")) for line in table)


def test_cli_good_folder_exits_0(cli_runs):
    root, _, results = cli_runs
    code, _, err = results["good"]
    assert code == 0, err
    assert "2 new" in err
    engine = Engine(db=root / "good.db")
    assert len(engine.articles()) == 2
    engine.close()


def test_cli_unknown_option_is_a_usage_error_exit_2(cli_runs):
    _, _, results = cli_runs
    code, _, err = results["unknown_option"]
    assert code == 2, err
    assert "Traceback" not in err


def test_cli_error_line_keeps_a_long_path_whole(cli_runs):
    _, deep, results = cli_runs
    code, _, err = results["mixed"]
    assert code == 1
    assert str(deep / "empty.txt") in err


def test_a_byline_is_not_a_title(tmp_path):
    folder = tmp_path / "byline"
    folder.mkdir()
    (folder / "a.txt").write_text("By Marta Eld, Saltmere\nPublished: 12 March 2025\n\n" + FLOOD, encoding="utf-8")
    [r] = list(read_paths([folder]))
    assert r.article.title is None
    assert r.article.published == datetime(2025, 3, 12)
    assert "Marta Eld" not in r.article.body
    assert any(n.startswith("byline: By Marta Eld") for n in r.article.notes)


def test_one_wire_text_at_two_outlets_is_two_articles_grouped_as_copies(engine, tmp_path):
    """The id hashes the source with the bytes: the second outlet's copy is not lost under the first's name."""
    from storyline.dedup import copy_groups

    text = ("Flood waters cut the Harl valley road on Tuesday, stranding 40 families in the village of Osk, the "
            "regional emergency service said. Boats reached the village by evening and a shelter opened in the "
            "school at Merrow, where volunteers handed out blankets and food through the night.")
    folder = tmp_path / "wire"
    write(folder, "a.txt", text)
    write(folder, "b.txt", text)
    write(folder, "meta.jsonl", '{"file": "a.txt", "outlet": "Daily Harl", "published": "2024-05-07"}\n'
                                '{"file": "b.txt", "outlet": "Osk Radio", "published": "2024-05-07"}\n')
    report = engine.ingest([folder])
    assert len(report.added) == 2
    articles = engine.articles()
    assert sorted(a.outlet for a in articles) == ["Daily Harl", "Osk Radio"]
    assert len({a.raw_id for a in articles}) == 1  # the bytes are stored once
    [event] = engine.events()
    assert sorted(event.article_ids) == sorted(a.id for a in articles)
    assert [sorted(g) for g in copy_groups(articles)] == [sorted(a.id for a in articles)]
    assert engine.ingest([folder]).added == []  # and re-ingest stays idempotent


def test_reading_in_partitions_gives_the_same_reads_in_the_same_order(tmp_path):
    """What a Dask cluster does with a pile (read_paths(partitions=…)), here on the local worker processes."""
    import json

    from conftest import STORIES, news_page, write

    from storyline.ingest import read_paths

    folder = tmp_path / "pile"
    for i, (title, day, text) in enumerate(STORIES * 3):
        write(folder, f"{i:02d}.html" if i % 2 else f"{i:02d}.txt", news_page(title, day, text) if i % 2 else f"{title}\n\n{text}")
    write(folder, "photo.jpg", b"\xff\xd8\xff not read")
    write(folder, "broken.warc", b"not a warc at all")
    write(folder, "meta.jsonl", json.dumps({"file": "00.txt", "outlet": "Wire"}) + "\n{not json\n")
    given = [folder, tmp_path / "missing.txt", folder / "01.html"]

    def seen(reads):
        return [(r.source, r.article.id if r.article else None, r.error.code if r.error else None, r.skipped,
                 r.article.outlet if r.article else None) for r in reads]

    serial = seen(read_paths(given))
    assert len(serial) > len(STORIES) * 3 and any(s[2] for s in serial) and any(s[3] for s in serial)
    assert seen(read_paths(given, partitions=2)) == serial
