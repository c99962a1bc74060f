"""Pure per-article work spread over worker processes when a batch is large enough.

Forked workers share what the parent already loaded (spaCy, word-frequency tables),
so start-up is milliseconds; only inputs and small results cross the process
boundary. Below the threshold one process is faster than the hand-over.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor


def workers_for(items: int, parallel_from: int, most: int = 2) -> int:
    """How many processes a batch of `items` is worth: one below `parallel_from`."""
    return min(most, os.cpu_count() or 1) if items >= parallel_from else 1


def fork_map(fn: Callable, chunks: Sequence, *args, workers: int = 2) -> list:
    """[fn(chunk, *args) for chunk in chunks], in order, across `workers` forked processes."""
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(chunks))), mp_context=context) as pool:
        return list(pool.map(fn, chunks, *[[a] * len(chunks) for a in args]))


def even_chunks(items: Sequence, n: int) -> list:
    """`items` cut into at most n consecutive runs of about equal length."""
    size = -(-len(items) // max(1, n))
    return [items[i: i + size] for i in range(0, len(items), size)] if items else []
