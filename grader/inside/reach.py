"""What each test reaches of the graded module: for the harness, never for a grade.

With ``--record-reach``, each test's teardown record lists the names the test reached: the
module's names it asked for (``topic.name``), the top-level definition of every function of
the module that ran (``Fetcher`` for ``Fetcher.aclose``), and every name that code read. A
submission that differs from the reference only in names no test of the reference's run
reached runs those tests exactly as the reference did (``grader/affected.py`` picks the
tests to run from this). The record also lists the numbers each function was called with,
by parameter: a number a suite gives only one value can be written into the code.

Code is seen through ``sys.monitoring`` (Python 3.12 and newer), as each of its functions
starts; nothing is recorded on older Pythons.
"""

from __future__ import annotations

import math
import os
import sys
import types
from pathlib import Path

TOOL = 1  # sys.monitoring.COVERAGE_ID: what a coverage tool takes
MAX_VALUES = 20  # of one parameter, in one test's record


class _Recorder:
    """The names reached since :meth:`begin`, by the code of one folder."""

    def __init__(self) -> None:
        self.names: set[str] | None = None  # None: not recording
        self.numbers: dict[str, set[float]] = {}  # "function.parameter": values it was given
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
            self.names, self.numbers = set(), {}
            sys.monitoring.restart_events()  # what was set aside is seen again

    def note(self, name: str) -> None:
        """The test asked the module for ``name``."""
        if self.names is not None:
            self.names.add(name)

    def reached(self) -> list[str] | None:
        return None if self.names is None else sorted(self.names)

    def arguments(self) -> dict[str, list[float]]:
        """The numbers each function of the module was called with since :meth:`begin`."""
        return {name: sorted(values)[:MAX_VALUES] for name, values in self.numbers.items()}

    def _started(self, code: types.CodeType, offset: int) -> object:
        if not code.co_filename.startswith(self.folder) or self.names is None:
            return sys.monitoring.DISABLE  # not the module's: set aside until begin()
        if code.co_qualname.partition(".")[0] not in self.names:
            self.names.add(code.co_qualname.partition(".")[0])
            self.names.update(code.co_names)
        frame = sys._getframe(1)  # the function starting, its arguments bound
        if frame.f_code is code:
            count = code.co_argcount + code.co_kwonlyargcount
            for parameter in code.co_varnames[:count]:
                value = frame.f_locals.get(parameter)
                if type(value) in (int, float) and math.isfinite(value):
                    key = f"{code.co_qualname}.{parameter}"
                    self.numbers.setdefault(key, set()).add(value)
        return None


recorder = _Recorder()
