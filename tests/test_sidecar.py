"""Sidecars (meta.jsonl / meta.csv): metadata applied, bad lines named, the batch goes on."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from conftest import by_source, write

from storyline.errors import E_SIDECAR, W_NO_DATE, W_NO_TITLE

FERRY = (
    "Ferry crews on the Ostra line returned to work on Saturday after a three-day strike over rosters. "
    "The operator said the full timetable would resume by Monday morning. "
    "Union leaders said the agreement guaranteed two rest days in every seven.\n"
)
WIND = (
    "A proposed wind farm off the Kelmar coast won planning approval on Wednesday. "
    "The developer plans 42 turbines with a combined capacity of 600 megawatts. "
    "Fishing associations said they would appeal the decision to the regional court.\n"
)
MUSEUM = (
    "The Brennick maritime museum unveiled a restored nineteenth-century lifeboat on Thursday. "
    "Volunteers spent four years replacing its oak planking by hand. "
    "The boat will be displayed in the museum's new harbour-side hall from April.\n"
)





def test_jsonl_bad_lines_are_named_and_good_lines_apply(engine, tmp_path):
    folder = tmp_path / "in"
    ferry = write(folder, "ferry.txt", FERRY)
    wind = write(folder, "wind.txt", WIND)
    museum = write(folder, "museum.txt", MUSEUM)
    lines = [
        json.dumps({"file": "ferry.txt", "url": "https://www.ostra-post.example/news/ferry-strike-ends",
                    "outlet": "Ostra Post", "published": "2025-03-14", "lang": "en",
                    "title": "Ferry strike ends after three days", "translated_from": "sv"}),
        '{"file": "wind.txt", "outlet": "Kelmar Courier", ',  # line 2: broken JSON
        "",  # line 3: blank, skipped
        json.dumps({"url": "https://example.org/orphan", "outlet": "Nowhere Times"}),  # line 4: no "file"
        json.dumps({"file": "museum.txt", "outlet": "Brennick Herald", "published": "16 March 2025",
                    "title": "Restored lifeboat goes on show", "url": "https://brennick-herald.example/lifeboat"}),
    ]
    sidecar = write(folder, "meta.jsonl", "\n".join(lines) + "\n")

    report = engine.ingest([folder])

    assert sorted((e.source, e.code) for e in report.errors) == [
        (f"{sidecar}:2", E_SIDECAR), (f"{sidecar}:4", E_SIDECAR)]
    missing = by_source(report.errors, Path(f"{sidecar}:4"))
    assert '"file"' in missing.reason
    assert "JSON" in by_source(report.errors, Path(f"{sidecar}:2")).reason
    assert sorted((e.source, e.code) for e in engine.errors()) == sorted((e.source, e.code) for e in report.errors)

    stored = engine.articles()
    assert len(stored) == 3 and len(report.added) == 3  # the batch goes on

    a = by_source(stored, ferry)
    assert a.outlet == "Ostra Post"
    assert a.title == "Ferry strike ends after three days"
    assert a.url == "https://www.ostra-post.example/news/ferry-strike-ends"
    assert a.published == datetime(2025, 3, 14) and a.published_how == "sidecar"
    assert a.lang == "en"
    assert a.translated_from == "sv"
    assert not any(W_NO_TITLE in n or W_NO_DATE in n for n in a.notes)

    m = by_source(stored, museum)
    assert (m.outlet, m.title, m.url) == (
        "Brennick Herald", "Restored lifeboat goes on show", "https://brennick-herald.example/lifeboat")
    assert m.published == datetime(2025, 3, 16) and m.published_how == "sidecar"
    assert m.translated_from is None

    w = by_source(stored, wind)  # its sidecar line was broken: no metadata, but stored
    assert (w.outlet, w.url, w.title, w.published) == (None, None, None, None)
    assert "42 turbines" in w.body


def test_jsonl_wrong_types_are_e105(engine, tmp_path):
    folder = tmp_path / "in"
    write(folder, "wind.txt", WIND)
    sidecar = write(folder, "meta.jsonl",
                    json.dumps({"file": "wind.txt", "published": 20250314}) + "\n" + json.dumps(["wind.txt"]) + "\n")
    report = engine.ingest([folder])
    assert sorted((e.source, e.code) for e in report.errors) == [(f"{sidecar}:1", E_SIDECAR), (f"{sidecar}:2", E_SIDECAR)]
    (a,) = engine.articles()
    assert a.published is None


def test_jsonl_applies_when_a_single_file_is_given(engine, tmp_path):
    folder = tmp_path / "in"
    ferry = write(folder, "ferry.txt", FERRY)
    write(folder, "meta.jsonl", json.dumps({"file": "ferry.txt", "outlet": "Ostra Post", "published": "2025-03-14"}) + "\n")
    report = engine.ingest([ferry])
    assert report.ok
    (a,) = engine.articles()
    assert a.outlet == "Ostra Post" and a.published == datetime(2025, 3, 14)


CSV_HEADER = "file,url,outlet,published,lang,title,translated_from\n"


def test_csv_good_rows_apply_and_bad_rows_are_named(engine, tmp_path):
    folder = tmp_path / "in"
    ferry = write(folder, "ferry.txt", FERRY)
    wind = write(folder, "wind.txt", WIND)
    museum = write(folder, "museum.txt", MUSEUM)
    sidecar = write(folder, "meta.csv", CSV_HEADER + "\n".join([
        'ferry.txt,https://www.ostra-post.example/news/ferry-strike-ends,Ostra Post,2025-03-14,en,'
        '"Ferry strike ends, timetable resumes",sv',
        ",https://example.org/orphan,Nowhere Times,2025-03-15,en,Orphan row,",  # line 3: no file
        "wind.txt,https://kelmar-courier.example/wind,Kelmar Courier,2025-03-12,en,Wind farm approved,,extra",  # line 4
        "museum.txt,,Brennick Herald,2025-03-16,,,",
    ]) + "\n")

    report = engine.ingest([folder])

    assert sorted((e.source, e.code) for e in report.errors) == [
        (f"{sidecar}:3", E_SIDECAR), (f"{sidecar}:4", E_SIDECAR)]
    stored = engine.articles()
    assert len(stored) == 3

    a = by_source(stored, ferry)
    assert a.outlet == "Ostra Post"
    assert a.title == "Ferry strike ends, timetable resumes"
    assert a.url == "https://www.ostra-post.example/news/ferry-strike-ends"
    assert a.published == datetime(2025, 3, 14) and a.published_how == "sidecar"
    assert a.lang == "en" and a.translated_from == "sv"

    m = by_source(stored, museum)  # empty cells are "not given", not empty strings
    assert m.outlet == "Brennick Herald" and m.published == datetime(2025, 3, 16)
    assert (m.url, m.title, m.translated_from) == (None, None, None)
    assert m.lang == "en"  # not given: identified from the text

    w = by_source(stored, wind)
    assert (w.outlet, w.url) == (None, None)


def test_csv_error_line_number_counts_blank_lines(engine, tmp_path):
    folder = tmp_path / "in"
    write(folder, "ferry.txt", FERRY)
    sidecar = write(folder, "meta.csv", CSV_HEADER
                    + "ferry.txt,,Ostra Post,2025-03-14,en,,\n"
                    + "\n"
                    + ",,Nowhere Times,,,,\n")  # line 4
    report = engine.ingest([folder])
    assert [(e.source, e.code) for e in report.errors] == [(f"{sidecar}:4", E_SIDECAR)]


def test_sidecar_title_equal_to_first_line_is_removed_from_body(engine, tmp_path):
    folder = tmp_path / "in"
    ferry = write(folder, "ferry.txt", "Ferry Strike Ends After Three Days\n\n" + FERRY)
    # the file's first line has curly quotes and odd spacing; the sidecar's title is plain
    wind = write(folder, "wind.txt", "\n\u201cGreen Light\u201d  for Kelmar Wind Farm\n" + WIND)
    write(folder, "meta.jsonl", "\n".join([
        json.dumps({"file": "ferry.txt", "title": "Ferry Strike Ends After Three Days", "outlet": "Ostra Post"}),
        json.dumps({"file": "wind.txt", "title": '"Green Light" for Kelmar Wind Farm', "outlet": "Kelmar Courier"}),
    ]) + "\n")
    report = engine.ingest([folder])
    assert report.ok

    f = by_source(engine.articles(), ferry)
    assert f.title == "Ferry Strike Ends After Three Days"
    assert "Ferry Strike Ends" not in f.body
    assert f.body == FERRY.strip()
    assert "title taken from the first line" not in f.notes
    assert not f.headings

    w = by_source(engine.articles(), wind)
    assert w.title == '"Green Light" for Kelmar Wind Farm'
    assert "Green Light" not in w.body
    assert w.body == WIND.strip()


def test_sidecar_title_different_from_first_line_keeps_it(engine, tmp_path):
    folder = tmp_path / "in"
    write(folder, "museum.txt", "Lifeboat Restored by Volunteers\n\n" + MUSEUM)
    write(folder, "meta.jsonl", json.dumps({"file": "museum.txt", "title": "Restored lifeboat goes on show"}) + "\n")
    engine.ingest([folder])
    (m,) = engine.articles()
    assert m.title == "Restored lifeboat goes on show"
    # the differing first line is not the title: it stays, as a heading over the body
    assert [h.text for h in m.headings] == ["Lifeboat Restored by Volunteers"]
    assert m.body == MUSEUM.strip()


def test_a_sidecar_line_for_a_file_that_is_not_there_is_a_warning(tmp_path, engine):
    folder = tmp_path / "orphan"
    write(folder, "a.txt", "The harbour reopened on Friday after repairs to the northern quay, the port said.\n")
    write(folder, "meta.jsonl", '{"file": "a.txt", "outlet": "Wire"}\n{"file": "gone.txt", "outlet": "Wire"}\n')
    report = engine.ingest([folder])
    assert report.errors == [] and len(report.added) == 1
    assert [w for w in report.warnings if "gone.txt" in w and "W204" in w]
