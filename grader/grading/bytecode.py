"""Compile the project's own code once, so that every test process loads it ready-made.

The test process runs with ``PYTHONDONTWRITEBYTECODE`` and, confined, sees the project
read-only: without caches in ``__pycache__`` it would compile the grader and a suite of a
thousand lines again on every run. The grading process writes them before it starts one
(for its own Python only: a cache is tied to the interpreter that wrote it). Only the
grader's and the suites' files are compiled, never the learner's: its private copy carries
no cache, and the test process writes none.
"""

from __future__ import annotations

import compileall
import functools
import sys
import threading
from pathlib import Path

from grader.catalog import ROOT

_lock = threading.Lock()


def compile_for(python: str, suite: Path) -> None:
    """Make sure the grader's package and ``suite`` have fresh caches for ``python``.

    Nothing happens for another interpreter, or where the project cannot be written (a
    read-only checkout): the test process then compiles in memory, as it always could.
    """
    if python != sys.executable:
        return
    with _lock:  # one topic's thread compiles; the others find the caches fresh
        _compile_package(ROOT / "grader")
        _compile_file(suite)


@functools.cache
def _compile_package(folder: Path) -> bool:
    """Once a process: a grader changed under a long-lived process is compiled in memory."""
    return bool(compileall.compile_dir(folder, quiet=2, workers=1))


def _compile_file(path: Path) -> bool:
    """Compiled when its cache is missing or older than the source (checked every run)."""
    return bool(compileall.compile_file(path, quiet=2))
