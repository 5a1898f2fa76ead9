"""The event loops the tests run on, and the suites make: from these classes, which the guard
seals, never through the event loop policy (a program may set one of its own, and the
instance could be given a loop class of the learner's).

What the grade reads from a loop is the loop's own: the learner's code cannot replace a
method on the loop itself (``loop.time = ...`` is refused once the guard has said whose code
is whose; one put in its ``__dict__`` another way is found by :func:`tampering`), the virtual
clock never goes back, and every report of the exception handler reaches the suite's
collectors (:func:`reporting_to`), whatever handler is set.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import types
import weakref
from collections.abc import Callable, Iterator

import looptime

from grader.i18n import _

_loops: weakref.WeakSet[RealLoop] = weakref.WeakSet()  # every loop made from these classes
_collectors: weakref.WeakKeyDictionary[RealLoop, list[list[dict]]] = weakref.WeakKeyDictionary()
_latest: weakref.WeakKeyDictionary[RealLoop, float] = weakref.WeakKeyDictionary()
_rewound: weakref.WeakSet[RealLoop] = weakref.WeakSet()
_learners: list[Callable[[types.FrameType | None], bool]] = []  # the guard's test


def refuse_methods_replaced_by(learner: Callable[[types.FrameType | None], bool]) -> None:
    """From now on, refuse to let a loop's method be replaced on the loop when
    ``learner(frame)`` says the learner's code is doing it (the guard, when installed)."""
    _learners[:] = [learner]


class RealLoop(asyncio.SelectorEventLoop):
    """An event loop on the real clock."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        _loops.add(self)

    def __setattr__(self, name: str, value: object) -> None:
        replacing = callable(getattr(type(self), name, None))
        if replacing and _learners and _learners[0](sys._getframe(1)):
            raise AttributeError(
                _("the test's event loop keeps its own {name}: it cannot be replaced").format(
                    name=name
                )
            )
        super().__setattr__(name, value)

    def call_exception_handler(self, context: dict) -> None:
        for errors in _collectors.get(self, ()):
            errors.append(context)
        super().call_exception_handler(context)


class VirtualLoop(looptime.LoopTimeEventLoop, RealLoop):
    """An event loop whose clock jumps ahead whenever every task is waiting (looptime)."""

    def time(self) -> float:
        now = super().time()
        if now < _latest.get(self, now):
            _rewound.add(self)
        _latest[self] = max(now, _latest.get(self, now))
        return now


def virtual_loop() -> VirtualLoop:
    """A virtual-clock loop whose clock starts at 0."""
    return VirtualLoop(start=0.0)


@contextlib.contextmanager
def reporting_to(loop: asyncio.AbstractEventLoop, errors: list[dict]) -> Iterator[bool]:
    """Within this block, every report ``loop`` makes to its exception handler is also added
    to ``errors``; yields whether ``loop`` is one of these classes (else nothing is added)."""
    if not isinstance(loop, RealLoop):
        yield False
        return
    _collectors.setdefault(loop, []).append(errors)
    try:
        yield True
    finally:
        _collectors[loop].remove(errors)


def tampering() -> list[str]:
    """What was done to these loops from outside since the last call: a virtual clock moved
    back, a method replaced in a loop's own ``__dict__`` (taken out again)."""
    found = []
    for loop in list(_rewound):
        found.append(_("moved the test's virtual clock back"))
        _rewound.discard(loop)
    for loop in list(_loops):
        for name in [name for name in vars(loop) if callable(getattr(type(loop), name, None))]:
            found.append(_("replaced the test's event loop's {name}").format(name=name))
            del vars(loop)[name]
    return found
