"""The scale curve: archives of 10^4, 10^5 (and 10^6 where time allows) articles on SQLite
and PostgreSQL, in one process and with two Dask workers.

Each configuration runs in a process of its own, so its peak memory is its own. It builds
a synthetic archive from the eval articles (scale.py: perturbed copies with new dates, 300
a day, 50 outlets), stores it and places it in events (`Engine.update_events`, as an
ingest does after reading), then adds a day's 1,000 new articles and places them. Reading
and cleaning are left out here (bench_pipeline.py measures them). The baseline is the
single-process SQLite run of each size: the ratio column is this configuration's time to
add 1,000 articles over the baseline's.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 10000,100000] [--postgres URL]
        [--backends sqlite,postgresql] [--work single,dask]

--postgres is an admin URL of a server where the benchmark may create databases (default:
$STORYLINE_TEST_POSTGRES); without one the PostgreSQL rows are skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import PER_DAY, max_rss_mb, source_texts, store, synthetic  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PART = 20_000  # synthetic articles made and stored at once


def one(size: int, backend: str, executor: str, eval_dir: Path, postgres: str | None) -> dict:
    """Build, place and grow one archive (in a new database or folder, gone afterwards); what it cost."""
    with ExitStack() as done:
        if backend == "sqlite":
            db = str(Path(done.enter_context(tempfile.TemporaryDirectory(prefix="storyline-scale-"))) / "scale.db")
        else:
            from storyline.store.scratch import scratch_database

            db = done.enter_context(scratch_database(postgres, "storyline_scale"))
        return {"size": size, "backend": backend, "executor": executor, **grow(db, size, executor, eval_dir),
                "rss_mb": max_rss_mb()}


def grow(db: str, size: int, executor: str, eval_dir: Path) -> dict:
    """Store and place an archive of `size` articles in `db`, then add a day's 1,000 to it."""
    from sqlalchemy import text

    from storyline import workers
    from storyline.engine import Engine

    texts = source_texts(eval_dir)
    if executor == "dask":
        workers.use_dask(workers=2)
    try:
        engine = Engine(db=db)
        start, built, last = datetime(2030, 1, 1), 0.0, None
        for k in range(0, size, PART):  # made and stored a part at a time: the archive is never all in memory
            part = synthetic(texts, min(PART, size - k), start + timedelta(days=k / PER_DAY), seed=size + k, tag=f"a{k}-")
            t0 = time.perf_counter()
            store(engine, part)
            built += time.perf_counter() - t0
            last = part[-1].published
        t0 = time.perf_counter()
        engine.update_events()
        built += time.perf_counter() - t0
        batch = synthetic(texts, 1000, last - timedelta(days=1), seed=size + 1, tag="b")
        t0 = time.perf_counter()
        store(engine, batch)
        engine.update_events()
        added = time.perf_counter() - t0
        if engine.store.engine.dialect.name == "sqlite":
            size_mb = sum(p.stat().st_size for p in Path(db).parent.glob("scale.db*")) / 2**20
        else:
            with engine.store.engine.connect() as conn:
                size_mb = conn.execute(text("SELECT pg_database_size(current_database())")).scalar() / 2**20
        engine.close()
    finally:
        workers.stop_dask()
    return {"built": built, "per_s": size / built, "add_1000": added, "store_mb": size_mb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--postgres", default=os.environ.get("STORYLINE_TEST_POSTGRES"))
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--work", default="single,dask", help="single (one process), dask (two Dask workers)")
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--one", nargs=3, metavar=("SIZE", "BACKEND", "EXECUTOR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(int(args.one[0]), args.one[1], args.one[2], args.eval_dir, args.postgres)))
        return
    backends = [b for b in args.backends.split(",") if b == "sqlite" or args.postgres]
    print(f"{'archive':>9}  {'store':<10} {'work':<14} {'build+place':>11} {'art/s':>6} {'add 1,000':>9} "
          f"{'ratio':>6} {'peak RSS':>9} {'store size':>10}", flush=True)
    for size in map(int, args.sizes.split(",")):
        baseline = None
        for backend in backends:
            for executor in args.work.split(","):
                run = subprocess.run([sys.executable, __file__, "--one", str(size), backend, executor,
                                      "--eval-dir", str(args.eval_dir)] + (["--postgres", args.postgres] if args.postgres else []),
                                     capture_output=True, text=True)
                if run.returncode != 0:
                    print(f"{size:>9,}  {backend:<10} {executor:<14} failed: {run.stderr.strip().splitlines()[-1:]}")
                    continue
                r = json.loads(run.stdout.strip().splitlines()[-1])
                baseline = baseline or r["add_1000"]
                work = "one process" if executor == "single" else "2 Dask workers"
                print(f"{size:>9,}  {backend:<10} {work:<14} {r['built']:>9.0f} s {r['per_s']:>6.0f} {r['add_1000']:>7.2f} s "
                      f"{r['add_1000'] / baseline:>6.2f} {r['rss_mb']:>6.0f} MB {r['store_mb']:>7.0f} MB", flush=True)
    print("build+place: store the archive and place it in events; add 1,000: a day's new articles into it; "
          "ratio: add 1,000 over the one-process SQLite run of that size; peak RSS: the configuration's process "
          "(Dask workers apart)")


if __name__ == "__main__":
    main()
