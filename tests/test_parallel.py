"""geo.parallel: tasks shared out among forked workers give the results one process gives, in
order, and a task's error comes back as its one-line message."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from functools import partial

import pytest

from geo.errors import AnnotationError, SeedError, StoryError
from geo.parallel import WorkerError, available_cores, can_fork, run_all

needs_fork = pytest.mark.skipif(not can_fork(), reason="this platform cannot fork")


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def _fails_on(bad: int, n: int) -> int:
    if n == bad:
        raise SeedError([f"value {n} is bad", "and so is its neighbour"])
    return n


@needs_fork
def test_results_in_order_from_other_processes() -> None:
    tasks: list[Callable[[], tuple[int, int]]] = [partial(_square_and_pid, n) for n in range(12)]
    results = list(run_all(tasks, 2))
    assert [square for square, _ in results] == [n * n for n in range(12)]
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids  # the work ran in workers, not here
    assert {pid for _, pid in run_all(tasks, 1)} == {os.getpid()}  # one job: here, no fork


@needs_fork
def test_workers_inherit_what_this_process_loaded() -> None:
    big = list(range(100_000))  # never pickled: the forked workers see it as it is
    tasks = [partial(sum, big[i::3]) for i in range(3)]
    assert list(run_all(tasks, 2)) == [sum(big[i::3]) for i in range(3)]


@needs_fork
def test_a_task_error_comes_back_as_its_message() -> None:
    tasks = [partial(_fails_on, 3, n) for n in range(6)]
    with pytest.raises(WorkerError) as caught:
        list(run_all(tasks, 2))
    assert str(caught.value) == "2 problems in seeds: value 3 is bad; and so is its neighbour"
    with pytest.raises(SeedError, match="value 3 is bad"):  # in one process: the error itself
        list(run_all(tasks, 1))


def test_available_cores_is_at_least_one() -> None:
    assert available_cores() >= 1


@pytest.mark.parametrize("error", [SeedError, AnnotationError, StoryError])
def test_a_seed_error_pickles_with_its_problems(error: type[SeedError]) -> None:
    # what a process pool does with an exception that crosses back to the parent
    sent = error(["value 3 is bad", "and so is its neighbour"])
    came = pickle.loads(pickle.dumps(sent))
    assert type(came) is error
    assert came.problems == sent.problems
    assert str(came) == str(sent)
