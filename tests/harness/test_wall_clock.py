"""A test on the virtual clock that fails says so when the learner's code read the wall clock,
which stands still there; reading it is no failure by itself."""

from __future__ import annotations

import asyncio
import time
import types

import pytest
from submissions import SOLUTIONS

from grader.catalog import load_catalog
from grader.grading.runner import Limits, grade_topic
from grader.grading.zygote import warm
from grader.inside.loops import RealLoop, virtual_loop
from grader.inside.spies import WallClockSpy

TOPIC = next(topic for topic in load_catalog() if topic.stem == "04_async_await")
NOTE = "your code read the wall clock (time.{clocks}), which stands still"
# sleep_concurrently, sequential (04.5 fails), timing itself with the wall clock or not.
TIMED = """
import time as clock
from time import perf_counter
async def sleep_concurrently(count, seconds):
    started, begun = clock.monotonic(), perf_counter()
    for _ in range(count):
        await asyncio.sleep(seconds)
    return clock.monotonic() - started, perf_counter() - begun
"""
UNTIMED = """
async def sleep_concurrently(count, seconds):
    for _ in range(count):
        await asyncio.sleep(seconds)
"""
# A correct sleep_concurrently that reads the wall clock: 04.5 passes all the same.
TIMED_AND_RIGHT = """
import time
async def sleep_concurrently(count, seconds):
    time.time()
    await asyncio.gather(*(asyncio.sleep(seconds) for _ in range(count)))
"""


def grade(tmp_path, code: str, zygote):
    source = (SOLUTIONS / TOPIC.filename).read_text(encoding="utf-8")
    (tmp_path / TOPIC.filename).write_text(source + code, encoding="utf-8")
    with warm(zygote):
        result = grade_topic(TOPIC, tmp_path, Limits(confine="never"))
    return next(task for task in result.tasks if task.task.number == 5)


@pytest.mark.parametrize(
    ("code", "note"),
    [(TIMED, NOTE.format(clocks="monotonic, perf_counter")), (UNTIMED, None)],
    ids=["timed", "untimed"],
)
def test_a_failure_says_when_the_wall_clock_was_read(code, note, tmp_path, grading_zygote):
    task = grade(tmp_path, code, grading_zygote)
    assert task.status == "failed"
    assert ("read the wall clock" in task.message) is (note is not None), task.message
    if note:
        assert note in task.message, task.message


def test_reading_the_wall_clock_fails_nothing_by_itself(tmp_path, grading_zygote):
    task = grade(tmp_path, TIMED_AND_RIGHT, grading_zygote)
    assert task.status == "passed", task.message


def test_only_reads_on_a_virtual_clock_are_counted(monkeypatch):
    """The note is true only where the clock stands still: a topic on the real clock (03's
    home-made loop reads perf_counter as its statement asks) is never told it."""
    learner = types.ModuleType("learner")
    learner.time = time
    spy = WallClockSpy(monkeypatch, learner)

    async def read():
        return learner.time.perf_counter()

    learner.time.perf_counter()  # no loop running
    with asyncio.Runner(loop_factory=RealLoop) as runner:
        runner.run(read())
    assert spy.reads == 0
    with asyncio.Runner(loop_factory=virtual_loop) as runner:
        runner.run(read())
    assert (spy.reads, spy.names) == (1, ["perf_counter"])
