"""Use the machine's other cores for large catalogues, by forking.

Forked children inherit the catalogue already in memory (nothing is pickled on the
way in); only their results come back. Forking is done only where it is safe and
pays: a large catalogue, more than one core, and a process with no other threads
(`hfm-atlas serve` has some; its catalogues are small and built in one process).

No child outlives its build: each asks the kernel to kill it when its parent dies
(Linux's parent-death signal, so even a `kill -9` of the parent ends it), and an
interrupted build kills the children it started (`stop_children`).
"""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import multiprocessing.pool
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
LARGE = 2000  # records; below this, starting processes costs more than it saves
_PR_SET_PDEATHSIG = 1


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def can_fork(size: int) -> bool:
    return (size >= LARGE and cores() > 1 and threading.active_count() == 1
            and "fork" in mp.get_all_start_methods())


def die_with_parent(parent: int) -> None:
    """In a forked child: be killed when `parent` dies; exit now if it already has."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl in this libc
            pass
    # The parent may have died before prctl took effect: then this process was re-parented already.
    if os.getppid() != parent:
        os._exit(1)
    # Ctrl+C reaches the whole process group; the parent alone decides what to do about it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


# Pools and executors alive in this process, so that an interruption can stop their processes.
_live: list[mp.process.BaseProcess | multiprocessing.pool.Pool] = []


def fork_pool(workers: int) -> multiprocessing.pool.Pool:
    """A fork pool whose workers die with this process; close it with `end_pool`."""
    _trim()
    pool = mp.get_context("fork").Pool(workers, initializer=die_with_parent, initargs=(os.getpid(),))
    _live.append(pool)
    return pool


def end_pool(pool: multiprocessing.pool.Pool) -> None:
    pool.terminate()
    pool.join()
    if pool in _live:
        _live.remove(pool)


def stop_children() -> None:
    """Kill every worker process this process started and has not yet collected (after an interruption)."""
    while _live:
        worker = _live.pop()
        if isinstance(worker, mp.process.BaseProcess):
            if worker.is_alive():
                worker.kill()
            worker.join()
        else:
            worker.terminate()
            worker.join()


_TASK: Callable | None = None


def _run_in_child(send, parent: int) -> None:
    """A background child: run _TASK, send back (True, result) or (False, the exception)."""
    die_with_parent(parent)
    try:
        outcome = (True, _TASK())  # type: ignore[misc]
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        outcome = (False, exc)
    try:
        send.send(outcome)
    except Exception as exc:  # noqa: BLE001 - e.g. an exception that cannot be pickled
        send.send((False, OSError(f"a background task failed: {exc}")))
    finally:
        send.close()


def _trim() -> None:
    """Before a fork: hand the C heap's free pages back to the system (glibc's malloc_trim), so that the
    child does not start with this process's freed memory counted as its own (a child's resident memory
    begins as its parent's)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):  # pragma: no cover - not glibc
            pass


PIPE_BYTES = 1 << 20  # Linux's largest pipe for an unprivileged process (/proc/sys/fs/pipe-max-size)


def _widen(receive) -> None:
    """Give the child's pipe PIPE_BYTES instead of 64 KB, where the system allows it.

    This process reads a child's results in a thread, which needs the GIL after every read; while the
    main thread works it gets it every switch interval (5 ms), one pipe's worth at a time. With 64 KB a
    child sending its records at 100,000 papers (41 MB) waited 2.1 s of its 12 in the pipe; with 1 MB, 0.08 s."""
    if sys.platform.startswith("linux"):
        try:
            import fcntl

            fcntl.fcntl(receive.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
        except OSError:  # pragma: no cover - a lower limit set by the system: the pipe keeps its size
            pass


def _start_child(target: Callable, task: Callable) -> tuple[mp.process.BaseProcess, object]:
    """Fork a child that runs target(send, parent) with _TASK set to `task`; (the process, the pipe's reading end)."""
    global _TASK
    _trim()
    context = mp.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    _widen(receive)
    _TASK = task  # the child is forked at start() and inherits it
    process = context.Process(target=target, args=(send, os.getpid()))
    try:
        process.start()
    finally:
        _TASK = None
        send.close()
    _live.append(process)
    return process, receive


def _collect(process: mp.process.BaseProcess) -> None:
    process.join()
    if process in _live:
        _live.remove(process)


def _ended_without_result(process: mp.process.BaseProcess) -> OSError:
    return OSError(f"a background process ended without its result (exit status {process.exitcode})")


def background(task: Callable[[], T], size: int) -> Callable[[], T]:
    """Start `task` in a forked process if `size` makes it worth it; return a function that waits for its result.

    Without a fork the task runs when its result is first asked for. The child is a bare forked process
    and a pipe, not an executor: an executor keeps a thread in this process, and while it runs no
    other stage may fork (can_fork), so the record pages and the search index would be written on one core.
    """
    if not can_fork(size):
        return task
    process, receive = _start_child(_run_in_child, task)

    def result() -> T:
        try:
            try:
                ok, value = receive.recv()
            except EOFError:
                process.join()
                raise _ended_without_result(process) from None
            if not ok:
                raise value
            return value
        finally:
            receive.close()
            _collect(process)

    return result


class Chunks:
    """Results a forked child sends in chunks as it makes them (see `background_chunks`).

    A thread of this process drains the pipe as the chunks come, so the child never waits for this
    process to read; `take` unpickles what has arrived without waiting, `rest` waits for the end and
    for the thread, which no other stage may fork beside (can_fork).
    """

    def __init__(self, task: Callable[[], Iterable[list[T]]], size: int):
        self._task: Callable[[], Iterable[list[T]]] | None = None
        self._arrived: list[bytes] = []
        self._failure: BaseException | None = None
        if not can_fork(size):
            self._task = task
            return
        self._process, receive = _start_child(_send_chunks, task)
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._drain, args=(receive,), daemon=True)
        self._reader.start()

    def _drain(self, receive) -> None:
        try:
            while True:
                data = receive.recv_bytes()
                if data[:1] == b"E":  # the child's end: b"E" and, after a failure, the exception
                    if len(data) > 1:
                        self._failure = pickle.loads(data[1:])
                    return
                with self._lock:
                    self._arrived.append(data)
        except EOFError:
            self._process.join()
            self._failure = _ended_without_result(self._process)
        finally:
            receive.close()

    def take(self) -> list[T]:
        """The results that have arrived since the last call, without waiting."""
        if self._task is not None:
            return []
        with self._lock:
            arrived, self._arrived = self._arrived, []
        return [item for data in arrived for item in pickle.loads(data[1:])]

    def rest(self) -> list[T]:
        """Every result not yet taken, once the child has sent its last."""
        if self._task is not None:
            task, self._task = self._task, None
            return [item for chunk in task() for item in chunk]
        self._reader.join()
        _collect(self._process)
        if self._failure is not None:
            raise self._failure
        return self.take()


def background_chunks(task: Callable[[], Iterable[list[T]]], size: int) -> Chunks:
    """Run `task`, which yields its results in lists, in a forked child if `size` makes it worth it.

    Unlike `background`, the child sends each list as soon as it is made, so pickling its results
    overlaps its work, and this process can unpickle them (`Chunks.take`) between pieces of its own.
    Without a fork the task runs when `Chunks.rest` is called.
    """
    return Chunks(task, size)


def _send_chunks(send, parent: int) -> None:
    die_with_parent(parent)
    try:
        try:
            for chunk in _TASK():  # type: ignore[misc]
                send.send_bytes(b"C" + pickle.dumps(chunk, pickle.HIGHEST_PROTOCOL))
            end = b"E"
        except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
            try:
                end = b"E" + pickle.dumps(exc, pickle.HIGHEST_PROTOCOL)
            except Exception as why:  # noqa: BLE001 - e.g. an exception that cannot be pickled
                end = b"E" + pickle.dumps(OSError(f"a background task failed: {why}"))
        send.send_bytes(end)
    finally:
        send.close()
