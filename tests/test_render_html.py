"""The standalone HTML brief (storyline.render.html), opened in a real headless Chromium.

Chromium is Debian's (`.ci/run` installs it), driven by Playwright; without it these tests skip and say so.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storyline.render import render_html
from conftest import hostile_brief

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is a test extra: pip install -e '.[test]'")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is absent: .ci/run installs Debian's chromium package")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _open(browser, html: str, folder: Path, name: str = "brief.html"):
    path = folder / name
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(java_script_enabled=True)
    page.goto(path.as_uri())
    return page, path


def test_every_citation_lands_on_the_sentence_it_cites(browser, mali_engine, tmp_path):
    story = mali_engine.storylines()[0]
    brief = mali_engine.brief(story.id)
    page, path = _open(browser, render_html(brief), tmp_path)
    links = page.eval_on_selector_all("a.cite", "els => els.map(e => e.getAttribute('href'))")
    assert len(links) > 20
    missing = page.evaluate("hrefs => hrefs.filter(h => !document.getElementById(h.slice(1)))", links)
    assert missing == []
    # a summary citation lands on a sentence of the source it numbers, and that sentence is one the source holds
    sources = {s.n: s for s in brief.sources}
    bodies = {a.id: a.body for a in mali_engine.store.articles([s.article_id for s in brief.sources])}
    first = page.locator("section ul.summary a.cite").first
    n = int(first.inner_text().strip("[]"))
    first.click()
    target = page.locator(":target")
    assert target.count() == 1 and target.is_visible()
    assert target.evaluate("e => e.closest('li[id$=\"-src-' + %d + '\"]') !== null" % n)
    assert target.inner_text().strip() in bodies[sources[n].article_id]
    page.screenshot(path=str(tmp_path / "brief-citation.png"))
    page.close()


def test_the_page_is_standalone_and_says_what_the_brief_says(browser, mali_engine, tmp_path):
    brief = mali_engine.brief(mali_engine.storylines()[0].id)
    html = render_html(brief)
    assert "<script" not in html and "<link" not in html and "http-equiv=\"Content-Security-Policy\"" in html
    page, _ = _open(browser, html, tmp_path)
    assert page.title() == brief.label
    summary = page.locator("section ul.summary").first.locator("li").all_inner_texts()
    assert [s.split(" [")[0].strip() for s in summary] == [s.text for s in brief.summary]
    assert page.locator("ol.sources > li").count() == len(brief.sources)
    event_ids = page.eval_on_selector_all("section.event", "els => els.map(e => e.id)")
    assert event_ids == [f"{brief.id}-{e.id}" for e in brief.events]
    page.close()


def test_hostile_article_text_stays_inert(browser, tmp_path):
    brief = hostile_brief()
    brief.sources[0].source = "javascript:window.pwned=1"
    brief.summary[0].text += ' <img src=x onerror="window.pwned=1">'
    page, _ = _open(browser, render_html(brief), tmp_path)
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.locator("script, img").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert "<script>alert(1)</script>" in page.locator("ul.summary").inner_text()  # shown as text
    page.close()


def test_several_briefs_share_a_page_without_sharing_ids(browser, mali_engine, example_engine, tmp_path):
    briefs = [mali_engine.brief(mali_engine.storylines()[0].id), example_engine.brief(example_engine.storylines()[0].id)]
    page, _ = _open(browser, render_html(briefs), tmp_path)
    ids = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
    assert len(ids) == len(set(ids)) and page.locator("article").count() == 2
    page.close()


def test_a_storylines_events_sit_on_a_time_axis_in_order(browser, mali_engine, tmp_path):
    brief = mali_engine.brief(mali_engine.storylines()[0].id)
    page, _ = _open(browser, render_html(brief), tmp_path)
    dots = page.eval_on_selector_all("svg.axis circle", "els => els.map(e => parseFloat(e.getAttribute('cx')))")
    assert len(dots) == len(brief.events) and dots == sorted(dots) and dots[0] < dots[-1]
    # 18 Feb is about a fifth of the way from 27 Jan to 3 May
    assert 0.15 < (dots[1] - dots[0]) / (dots[-1] - dots[0]) < 0.3
    targets = page.eval_on_selector_all("svg.axis a", "els => els.map(e => e.getAttribute('href'))")
    assert targets == [f"#{brief.id}-{e.id}" for e in brief.events]
    page.close()


def test_coverage_is_a_picture_support_bars_split_copies_and_quotes_are_grouped_by_speaker(browser, mali_engine, tmp_path):
    event = max(mali_engine.events(), key=lambda e: len(e.article_ids))
    brief = mali_engine.brief(event.id)
    page, _ = _open(browser, render_html(brief), tmp_path)
    outlets = sorted({s.outlet for s in brief.sources})
    cells = page.locator("svg.matrix rect")
    assert cells.count() == len(outlets) * min(len(brief.facts), 12)
    filled = [c.get_attribute("fill") == "#1a73e8" for c in cells.all()]
    expected = [bool(row["outlets"].get(o)) for row in brief.coverage[:12] for o in outlets]
    assert filled == expected  # the picture is the coverage matrix, cell for cell
    assert page.locator("svg.matrix").bounding_box()["width"] > 300  # drawn, not collapsed
    # each bar: outlets stating the fact on their own, then those only carrying a copy; widths follow support
    widths = page.eval_on_selector_all("ol.facts .bars", "els => els.map(e => [...e.children].map(c => c.getBoundingClientRect().width))")
    for f, (own, copies) in zip(brief.facts, widths):
        assert own / (own + copies) == pytest.approx((f.independent or f.support) / f.support, abs=0.02)
    # quotes grouped by who spoke: each speaker once, with every one of their quotes beneath
    speakers = page.locator(".speaker h4").all_inner_texts()
    assert len(speakers) == len(set(speakers)) and speakers
    for q in brief.quotes:
        group = page.locator(".speaker", has=page.locator("h4", has_text=q.speaker or "unattributed")).first
        assert q.text[:40] in group.inner_text()
    page.close()
