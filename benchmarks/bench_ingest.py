"""Ingest benchmark: HTML pages and a WARC crawl, pages per second and peak memory.

In one process, on the same pages, each against plain `trafilatura.extract`
(the baseline the issue names), with the ratio ours/baseline:

1. HTML: the dev pages of ../shared/eval/extract/dev (real pages; skipped with the
   reason when that folder is absent) read by storyline's HTML reader and cleaner
   (`eval.extract.storyline_text`) vs `trafilatura.extract` on the same bytes.
2. WARC: a crawl of --records responses (default 5,000) built here from pages we
   generate (tests/conftest.news_page, our words), read record by record with
   `read_paths` vs iterating the same WARC with warcio and calling
   `trafilatura.extract` on each payload. Peak memory is tracemalloc's peak of
   Python allocations during a second, untimed read, shown beside the crawl's size: it stays
   flat as the crawl grows (run with --records 1000 and 5000 to see it).

    .venv/bin/python benchmarks/bench_ingest.py [--records N]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the page generator the tests use

from conftest import STORIES, news_page  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "extract" / "dev"


def timed(fn):
    """Result, seconds (a run without tracemalloc, which would slow it) and tracemalloc's peak (a second run)."""
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, seconds, peak


def html_phase() -> None:
    import trafilatura

    from storyline.eval.extract import pages, storyline_text

    if not DEV.is_dir():
        print(f"HTML: skipped, {DEV} is absent (the shared benchmark data lives outside the repository)")
        return
    items = pages(DEV)
    storyline_text(items[0][1], None)  # imports and first-call set-up out of the timing
    _, ours, ours_peak = timed(lambda: [storyline_text(h, m.get("url")) for _, h, m in items])
    _, base, base_peak = timed(lambda: [trafilatura.extract(h, url=m.get("url"), include_comments=False) for _, h, m in items])
    n = len(items)
    print(f"HTML ({n} real pages of {DEV.name})")
    print(f"  storyline    {n / ours:7.1f} pages/s  tracemalloc peak {ours_peak / 2**20:6.1f} MB")
    print(f"  trafilatura  {n / base:7.1f} pages/s  tracemalloc peak {base_peak / 2**20:6.1f} MB")
    print(f"  ratio ours/baseline (speed): {base / ours:.2f}")


def build_warc(path: Path, records: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i in range(records):
            title, date, text = STORIES[i % len(STORIES)]
            body = news_page(f"{title} ({i})", date, text, url=f"https://post.example/{i}", n=i).encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://post.example/{i}", "response",
                                                          payload=io.BytesIO(body), http_headers=headers))


def warc_phase(records: int) -> None:
    import trafilatura
    from warcio.archiveiterator import ArchiveIterator

    from storyline.ingest import read_paths

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "crawl.warc.gz"
        build_warc(path, records)
        size = path.stat().st_size

        def ours():
            return sum(r.article is not None for r in read_paths([path]))

        def baseline():
            n = 0
            with path.open("rb") as handle:
                for record in ArchiveIterator(handle):
                    if record.rec_type == "response":
                        n += trafilatura.extract(record.content_stream().read(), include_comments=False) is not None
            return n

        read, ours_s, ours_peak = timed(ours)
        base_n, base_s, base_peak = timed(baseline)
    print(f"WARC ({records:,} generated responses, {size / 2**20:.1f} MB gzipped)")
    print(f"  storyline    {read / ours_s:7.1f} pages/s  {read:,} articles  tracemalloc peak {ours_peak / 2**20:6.1f} MB")
    print(f"  trafilatura  {base_n / base_s:7.1f} pages/s  {base_n:,} texts     tracemalloc peak {base_peak / 2**20:6.1f} MB")
    print(f"  ratio ours/baseline (speed): {base_s / ours_s:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    args = parser.parse_args()
    html_phase()
    warc_phase(args.records)


if __name__ == "__main__":
    main()
