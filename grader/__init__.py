"""The grading harness: a pytest plugin for the topic suites, and the launcher that grades.

Suites import their helpers from here: ``from grader import task, check, Timeline, ...``.
"""

# The helpers live beside pytest; they are loaded on first use, so that commands which only
# read the catalog (reset, hint's lookup) run without pytest installed.
__all__ = [
    "N_",
    "GuardTimeout",
    "Stopwatch",
    "Timeline",
    "_",
    "check",
    "expect_duration",
    "expect_result",
    "fail",
    "find_error",
    "same",
    "show",
    "show_call",
    "stopwatch",
    "task",
    "watch_asyncio_sleep",
]

TRANSLATION = {"_", "N_"}  # the suites' texts go through the grader's catalog


def __getattr__(name: str):
    if name in TRANSLATION:
        from grader import i18n

        return getattr(i18n, name)
    if name in __all__:
        from grader.inside import suite

        return getattr(suite, name)
    raise AttributeError(f"module 'grader' has no attribute {name!r}")
