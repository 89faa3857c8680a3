"""Independent pieces of work run on several cores, results in order.

The workers are forked from the running process once everything the work needs is loaded
(layers, seeds, the imported libraries), so nothing is sent to them but a task number, and each
result comes back pickled. Forking happens while this process runs no other Python thread (a
pool is created only when its tasks are known, and shut down, its threads joined, before the
next one); the idle helper threads of native libraries (OpenBLAS, Arrow's jemalloc) register
their own fork handlers. Elsewhere than on Linux, or with one job, the tasks run here, one
after another: the results are the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from geo.errors import ShieldmapError

T = TypeVar("T")

# The tasks of the running pool, set before its workers fork so that they inherit them.
_TASKS: Sequence[Callable[[], Any]] = ()


class WorkerError(ShieldmapError):
    """A task's own error, carried back from its worker process as its message."""


@dataclass(frozen=True)
class SideTask(Generic[T]):
    """Work that may run in a worker beside the main tasks (``run``), and what this process
    does with its result (``done``): e.g. the layer bundle written while the maps are drawn."""

    run: Callable[[], T]
    done: Callable[[T], None]


def available_cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU limit)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether workers can be forked safely: on Linux (macOS's system libraries are not safe
    to fork, Windows cannot)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def run_all(tasks: Sequence[Callable[[], T]], jobs: int) -> Results[T]:
    """Each task's result, in the tasks' order, computed by up to ``jobs`` processes.

    The workers start at once, so this process may do other work before it asks for the
    results (close the results if that fails: ``with run_all(...) as results``); with one job
    the tasks run as their results are asked for. A task's
    :class:`~geo.errors.ShieldmapError` is raised here as a :class:`WorkerError` with the same
    message, and the tasks not yet started are cancelled.
    """
    if jobs <= 1 or len(tasks) <= 1 or not can_fork():
        return Results(iter(tasks), None)
    global _TASKS
    _TASKS = tasks
    pool = ProcessPoolExecutor(
        min(jobs, len(tasks)), mp_context=multiprocessing.get_context("fork")
    )
    results: Results[T] = Results(iter([]), pool)
    try:
        results.futures = [pool.submit(_run, i) for i in range(len(tasks))]
    except BaseException:
        results.close()
        raise
    return results


class Results(Generic[T]):
    """The results of :func:`run_all`, in order; closing stops its workers."""

    def __init__(self, tasks: Iterator[Callable[[], T]], pool: ProcessPoolExecutor | None):
        self.tasks = tasks
        self.pool = pool
        self.futures: list[Future[T]] = []

    def __iter__(self) -> Iterator[T]:
        try:
            if self.pool is None:
                for task in self.tasks:
                    yield task()
            for future in self.futures:
                yield future.result()
        except BrokenProcessPool as exc:
            msg = (
                f"a worker process stopped unexpectedly ({exc}); run again with --jobs 1 "
                "to build in one process"
            )
            raise WorkerError(msg) from None
        finally:
            self.close()

    def __enter__(self) -> Results[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers (waiting for their running tasks, dropping the others) and the
        pool's threads, so that the next pool forks a process without them."""
        global _TASKS
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
            _TASKS = ()


def _run(index: int) -> Any:
    try:
        return _TASKS[index]()
    except ShieldmapError as exc:
        # its own class may not survive pickling (SeedError takes a list); its message does
        raise WorkerError(str(exc)) from None
