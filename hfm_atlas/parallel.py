"""Use the machine's other cores for large catalogues, by forking.

Forked children inherit the catalogue already in memory (nothing is pickled on the
way in); only their results come back. Forking is done only where it is safe and
pays: a large catalogue, more than one core, and a process with no other threads
(`hfm-atlas serve` has some; its catalogues are small and built in one process).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
LARGE = 2000  # records; below this, starting processes costs more than it saves


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def can_fork(size: int) -> bool:
    return (size >= LARGE and cores() > 1 and threading.active_count() == 1
            and "fork" in mp.get_all_start_methods())


_TASK: Callable | None = None


def _run_task() -> object:
    assert _TASK is not None
    return _TASK()


def background(task: Callable[[], T], size: int) -> Callable[[], T]:
    """Start `task` in a forked process if `size` makes it worth it; return a function that waits for its result.

    Without a fork the task runs when its result is first asked for.
    """
    global _TASK
    if not can_fork(size):
        return task
    _TASK = task  # the child is forked at submit() and inherits it
    executor = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("fork"))
    future: Future = executor.submit(_run_task)
    _TASK = None

    def result() -> T:
        try:
            return future.result()
        finally:
            executor.shutdown()

    return result
