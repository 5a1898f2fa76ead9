"""The learner's module imports through a gate: never the grader's or the suites' modules.

A topic file is a module of its own, so it has no relative import to make; with
``__package__`` set by hand, one would reach the grader's own modules (``from .inside
import loops``), whose helpers run what they are handed as the grader's code. The gate is
``builtins.__import__``, which every ``import`` statement calls: it refuses, with an
ImportError the learner reads, a relative import or one of the grader's or the suites'
modules asked for by the learner's module (told by the globals the statement passes, so no
frame is read and every other import goes straight through). Other ways to a module (its
name computed, ``sys.modules``, an object's ``__globals__``) are the static scan's to flag.
"""

from __future__ import annotations

import builtins
import operator
from collections.abc import Callable, Mapping, Sequence
from itertools import repeat

from grader.i18n import _

REFUSED_ROOTS = frozenset({"grader", "tests", "conftest"})  # and every hidden suite's module
SUITE_PREFIX = "test_"
_IS = operator.is_  # taken at import: a later change of operator's names is never used


def _gate() -> tuple[Callable[..., object], Callable[[dict], None]]:
    """``(gated_import, gate)``: ``gate(namespace)`` puts a learner's module behind the gate."""
    namespaces: list[dict] = []  # the learner's modules' globals
    real_import = builtins.__import__

    def __import__(
        name: str,
        globals: Mapping | None = None,
        locals: Mapping | None = None,
        fromlist: Sequence[str] = (),
        level: int = 0,
    ) -> object:
        if globals is not None and namespaces and any(map(_IS, repeat(globals), namespaces)):
            refusal = _refusal(name, level)
            if refusal:
                raise ImportError(refusal, name=name if type(name) is str else None)
        return real_import(name, globals, locals, fromlist, level)

    return __import__, namespaces.append


def _refusal(name: object, level: object) -> str:
    """Why the learner's module may not import ``name`` (at ``level``), or ``""``."""
    if type(name) is not str or type(level) is not int:
        return _("the grader does not allow this: an import whose module name is not plain text")
    if level:
        return _(
            "the grader does not allow this: a relative import (from . import ...); "
            "a topic file is a module of its own, not part of a package"
        )
    root = name.partition(".")[0]
    if root in REFUSED_ROOTS or root.startswith(SUITE_PREFIX):
        return _(
            "the grader does not allow this: your code imported {module}, "
            "one of the grader's or the tests' own modules"
        ).format(module=name)
    return ""


gated_import, gate = _gate()


def install() -> None:
    """Make the gate every ``import`` statement's (once, before the guard seals builtins)."""
    if builtins.__import__ is not gated_import:
        builtins.__import__ = gated_import
