"""The grading harness: a pytest plugin for the topic suites, and the launcher that grades.

Suites import their helpers from here: ``from grader import task, check, Timeline, ...``.
"""

from grader.inside.suite import (
    GuardTimeout,
    Stopwatch,
    Timeline,
    check,
    expect_duration,
    fail,
    show,
    show_call,
    stopwatch,
    task,
    watch_asyncio_sleep,
)

__all__ = [
    "GuardTimeout",
    "Stopwatch",
    "Timeline",
    "check",
    "expect_duration",
    "fail",
    "show",
    "show_call",
    "stopwatch",
    "task",
    "watch_asyncio_sleep",
]
