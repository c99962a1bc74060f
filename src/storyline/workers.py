"""Pure per-article work spread over worker processes when a batch is large enough.

Forked workers share what the parent had loaded when they started (spaCy,
word-frequency tables); only inputs and small results cross the process boundary.
The workers live as long as the process and serve every batch: what they cache
(word weights, a loaded model) stays warm, and a large parent is not forked again
for each batch, which cost more than the work itself on archive-sized runs. Below
the threshold one process is faster than the hand-over.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

_pools: dict[int, tuple[int, ProcessPoolExecutor]] = {}  # workers -> (owning pid, pool)
_dask = None  # a distributed.Client when the work goes to a Dask cluster (use_dask)


def use_dask(address: str | None = None, workers: int = 2):
    """Send the per-article work (reading files, cleaning, clustering vectors, name words,
    dedup signatures, analysis) to a Dask cluster: the scheduler at `address` ("tcp://host:8786"), else a local
    cluster of `workers` processes on this machine. Each batch is cut into partitions, two per worker,
    mapped, and gathered back in input order; everything that compares articles (dedup,
    clustering, storylines, briefs) runs on the gathered results in this process, as in a
    single-process run, so the events and briefs are the same (a test checks it). The
    `dask` extra: pip install 'storyline[dask]'."""
    global _dask
    from distributed import Client, LocalCluster

    stop_dask()
    if address:
        _dask = Client(address, timeout="10s")
    else:  # processes, one thread each: spaCy and the tokenizers hold the GIL
        _dask = Client(LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None))
    return _dask


def stop_dask() -> None:
    """Close the Dask client (and the local cluster it started)."""
    global _dask
    if _dask is not None:
        cluster = _dask.cluster
        _dask.close()
        if cluster is not None:
            cluster.close()
        _dask = None


def dask_workers() -> int:
    """Workers on the Dask cluster in use, 0 when none is."""
    return len(_dask.scheduler_info().get("workers", {})) if _dask is not None else 0


def workers_for(items: int, parallel_from: int, most: int = 2) -> int:
    """How many processes a batch of `items` is worth: one below `parallel_from`. On a Dask
    cluster every batch of two or more is spread over all its workers."""
    if _dask is not None:
        return max(1, dask_workers()) if items >= 2 else 1
    return min(most, os.cpu_count() or 1) if items >= parallel_from else 1


def fork_map(fn: Callable, chunks: Sequence, *args, workers: int = 2) -> list:
    """[fn(chunk, *args) for chunk in chunks], in order, across `workers` forked processes
    (or the Dask cluster's workers, when one is in use)."""
    if not chunks:
        return []
    if _dask is not None:
        futures = _dask.map(fn, list(chunks), *[[a] * len(chunks) for a in args], pure=False)
        return _dask.gather(futures)
    try:
        return list(_pool(workers).map(fn, chunks, *[[a] * len(chunks) for a in args]))
    except BrokenProcessPool:  # a worker died (killed, out of memory): start afresh once
        _pools.pop(workers, None)
        return list(_pool(workers).map(fn, chunks, *[[a] * len(chunks) for a in args]))


def spread(fn: Callable, items: Sequence, *args, parallel_from: int) -> list:
    """fn(items, *args) for a function of a list that returns one result per item: on one
    process below `parallel_from` items, else over the workers in chunks, results in order."""
    workers = workers_for(len(items), parallel_from)
    if workers <= 1:
        return fn(items, *args)
    return [r for part in fork_map(fn, even_chunks(items, workers * 2), *args, workers=workers) for r in part]


def _pool(workers: int) -> ProcessPoolExecutor:
    """The process's pool of `workers` forked workers, started on first use (a forked child
    that inherited its parent's pool starts its own)."""
    pid, pool = _pools.get(workers, (None, None))
    if pool is None or pid != os.getpid():
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_start_worker)
        _pools[workers] = (os.getpid(), pool)
    return pool


def _start_worker() -> None:
    """A worker outlives the moment it was forked at: it does not keep a memory trace the
    parent had running then (a benchmark's measured run), which would slow every later batch.
    Nor does it outlive its parent: killed (kill -9), the parent leaves workers that wait on
    a pipe their sibling keeps open, and hold whatever the parent had open at the fork (the
    store's writer lock among them), so each worker leaves as soon as its parent is gone."""
    import tracemalloc

    tracemalloc.stop()
    parent = os.getppid()

    def leave_with_parent() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(0)

    threading.Thread(target=leave_with_parent, daemon=True, name="leave-with-parent").start()


def shutdown() -> None:
    """Stop the workers now (they also stop when the process exits)."""
    for _, pool in _pools.values():
        pool.shutdown()
    _pools.clear()


def even_chunks(items: Sequence, n: int) -> list:
    """`items` cut into at most n consecutive runs of about equal length."""
    size = -(-len(items) // max(1, n))
    return [items[i: i + size] for i in range(0, len(items), size)] if items else []
