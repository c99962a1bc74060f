"""Worker processes (storyline.workers): order kept, workers reused across batches, recovery."""

import os
import signal
import time
from concurrent.futures.process import BrokenProcessPool

import pytest

from storyline.workers import even_chunks, fork_map, shutdown


def _square_all(chunk, offset):
    return [x * x + offset for x in chunk]


def _pid(_chunk):
    time.sleep(0.05)  # long enough that both workers take a share of the batch
    return os.getpid()


def _die(_chunk):
    os.kill(os.getpid(), signal.SIGKILL)


def test_results_come_back_in_order_and_equal_the_serial_run():
    items = list(range(101))
    chunks = even_chunks(items, 7)
    assert sum(len(c) for c in chunks) == 101 and len(chunks) <= 7
    parallel = [y for part in fork_map(_square_all, chunks, 3, workers=2) for y in part]
    assert parallel == _square_all(items, 3)
    assert fork_map(_square_all, [], 3) == []


def test_workers_serve_batch_after_batch_and_stop_on_request():
    first = set(fork_map(_pid, [[i] for i in range(8)], workers=2))
    second = set(fork_map(_pid, [[i] for i in range(8)], workers=2))
    assert os.getpid() not in first
    assert second <= first  # the same processes, not a fresh fork per batch: their caches stay warm
    shutdown()
    assert not set(fork_map(_pid, [[i] for i in range(4)], workers=2)) & first


def test_a_killed_worker_does_not_break_later_batches():
    with pytest.raises(BrokenProcessPool):  # the batch whose worker died fails (after one retry)
        fork_map(_die, [[1]], workers=2)
    assert [y for part in fork_map(_square_all, [[1, 2], [3]], 0, workers=2) for y in part] == [1, 4, 9]


def _tracing(_chunk):
    import tracemalloc

    return tracemalloc.is_tracing()


def test_workers_started_while_the_parent_traces_memory_do_not_trace():
    import tracemalloc

    shutdown()
    tracemalloc.start()
    try:
        assert fork_map(_tracing, [[1], [2]], workers=2) == [False, False]
    finally:
        tracemalloc.stop()
        shutdown()


def test_spread_gives_the_serial_result_below_and_above_its_threshold():
    from storyline.workers import spread

    items = list(range(50))
    assert spread(_square_all, items, 1, parallel_from=1000) == _square_all(items, 1)  # one process
    assert spread(_square_all, items, 1, parallel_from=10) == _square_all(items, 1)  # the workers
    assert spread(_square_all, [], 1, parallel_from=0) == []
