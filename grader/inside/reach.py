"""What each test reaches of the graded module: for the harness, never for a grade.

With ``--record-reach``, each test's teardown record lists the names the test reached: the
module's names it asked for (``topic.name``), the top-level definition of every function of
the module that ran (``Fetcher`` for ``Fetcher.aclose``), and every name that code read. A
submission that differs from the reference only in names no test of the reference's run
reached runs those tests exactly as the reference did (``grader/reach.py`` picks the tests
to run from this).

Code is seen through ``sys.monitoring`` (Python 3.12 and newer): each function's first start
in a test, once; nothing is recorded on older Pythons.
"""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path

TOOL = 1  # sys.monitoring.COVERAGE_ID: what a coverage tool takes


class _Recorder:
    """The names reached since :meth:`begin`, by the code of one folder."""

    def __init__(self) -> None:
        self.names: set[str] | None = None  # None: not recording
        self.folder = ""

    def start(self, submission: Path) -> bool:
        """Record the code of the modules in ``submission`` from now on; False where Python
        cannot."""
        monitoring = getattr(sys, "monitoring", None)
        if monitoring is None:
            return False
        self.folder = f"{submission}{os.sep}"
        monitoring.use_tool_id(TOOL, "grader-reach")
        monitoring.register_callback(TOOL, monitoring.events.PY_START, self._started)
        monitoring.set_events(TOOL, monitoring.events.PY_START)
        self.names = set()
        return True

    def begin(self) -> None:
        """A test starts: what it reaches is recorded from nothing."""
        if self.names is not None:
            self.names = set()
            sys.monitoring.restart_events()  # every function is seen again, once

    def note(self, name: str) -> None:
        """The test asked the module for ``name``."""
        if self.names is not None:
            self.names.add(name)

    def reached(self) -> list[str] | None:
        return None if self.names is None else sorted(self.names)

    def _started(self, code: types.CodeType, offset: int) -> object:
        if code.co_filename.startswith(self.folder) and self.names is not None:
            self.names.add(code.co_qualname.partition(".")[0])
            self.names.update(code.co_names)
        return sys.monitoring.DISABLE  # once a test is enough: begin() restarts


recorder = _Recorder()
