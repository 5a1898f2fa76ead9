"""Spies a suite puts on the learner's code: calls of asyncio's functions, the errors the loop
reports, and tasks that only a weak reference keeps alive until the garbage collector runs."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import sys
import time
import weakref
from collections.abc import Callable
from types import ModuleType

import pytest

from grader.i18n import _
from grader.inside.evidence import plain_value, record
from grader.inside.loops import VirtualLoop, reporting_to
from grader.inside.timeline import plain_repr
from grader.text import NAME_LENGTH, one_line

DESTROYED_PENDING = "destroyed but it is pending"  # asyncio's "Task was destroyed but ..."


def replace_in_asyncio(
    monkeypatch: pytest.MonkeyPatch,
    module: ModuleType | None,
    name: str,
    replacement: Callable,
    *also: ModuleType,
) -> Callable:
    """Put ``replacement`` where the learner's code finds ``asyncio.<name>``; return the real one.

    That is ``asyncio`` itself, the ``also`` modules (``asyncio.events``, where ``Runner``
    looks) and every name of ``module``, the learner's, bound to the real function
    (``from asyncio import timeout``, ``... import timeout as limit``).
    """
    real = getattr(asyncio, name)
    for where in (asyncio, *also):
        monkeypatch.setattr(where, name, replacement)
    if module is not None:
        for alias, value in list(vars(module).items()):
            if value is real:
                monkeypatch.setattr(module, alias, replacement)
    return real


class ApiSpy:
    """Counts the calls of ``asyncio.<name>`` for each name, then calls the real function."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: ModuleType | None, *names: str):
        self.calls = record(dict)
        self.calls.update(dict.fromkeys(names, 0))
        for name in names:
            replace_in_asyncio(
                monkeypatch, module, name, self._counting(name, getattr(asyncio, name))
            )

    def _counting(self, name: str, real: Callable) -> Callable:
        def spy(*args, **kwargs):
            self.calls[name] += 1
            return real(*args, **kwargs)

        spy.__name__ = name
        return spy

    def used(self) -> bool:
        """Whether any of the spied functions was called."""
        return any(self.calls.values())


@contextlib.contextmanager
def loop_errors(pass_on: bool = False, heard: Callable[[], object] | None = None):
    """Collect what the running loop reports to its exception handler (an error raised in a
    callback, "Task was destroyed but it is pending!"): only collected, or with ``pass_on``
    also handled as before (logged, or given to the handler that was set). ``heard()`` is
    called as each report comes (to wake a test up: a handler the code sets in place of ours
    only makes the test wait, as every report is collected all the same)."""
    loop = asyncio.get_running_loop()
    previous = loop.get_exception_handler()
    errors: list[dict] = []

    def collect(loop: asyncio.AbstractEventLoop, context: dict) -> None:
        if heard is not None:
            heard()
        if not collected_by_the_loop:
            errors.append(context)
        if pass_on and previous is None:
            loop.default_exception_handler(context)
        elif pass_on:
            previous(loop, context)

    # The grader's loops hand every report to ``errors`` themselves: a handler the learner's
    # code sets in place of ``collect`` hides none of them.
    with reporting_to(loop, errors) as collected_by_the_loop:
        loop.set_exception_handler(collect)
        try:
            yield errors
        finally:
            loop.set_exception_handler(previous)


def describe_error(context: dict) -> str:
    """One report of the loop's exception handler in a few words: ``KeyError: 'x'``."""
    error = context.get("exception")
    if isinstance(error, BaseException):
        name, text = one_line(type(error).__name__, NAME_LENGTH), _builtin_str(error)
        return f"{name}: {one_line(text)}" if text else name
    return one_line(context.get("message") or _("an error"))


_MRO, _FLAGS = vars(type)["__mro__"], vars(type)["__flags__"]  # a metaclass cannot fake these
_HEAP_TYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class made by a class statement


def _builtin_str(error: BaseException) -> str:
    """``error``'s text as its nearest built-in class tells it (KeyError's ``'x'``, OSError's
    ``[Errno 2] ...``): never by a ``__str__`` of the code's own."""
    kind = type(error)
    builtin = next(base for base in _MRO.__get__(kind) if not _FLAGS.__get__(base) & _HEAP_TYPE)
    return str.__str__(builtin.__str__(error))


def describe_errors(contexts: list[dict]) -> str:
    """Several reports of the loop's exception handler, separated by semicolons."""
    return "; ".join(describe_error(context) for context in contexts)


def destroyed_pending(contexts: list[dict]) -> int:
    """How many tasks asyncio reported as destroyed while still pending."""
    return sum(DESTROYED_PENDING in (context.get("message") or "") for context in contexts)


def _wake(future_ref: weakref.ref) -> None:
    future = future_ref()
    if future is not None and not future.done():
        future.set_result(None)


async def wait_weakly_held(seconds: float) -> None:
    """Wait ``seconds`` for a signal the loop holds only weakly, as a task waiting on a socket
    or another outside event often does: only a strong reference to the waiting task keeps it
    alive meanwhile, and without one the garbage collector destroys it mid-wait."""
    loop = asyncio.get_running_loop()
    signal = loop.create_future()
    loop.call_later(seconds, _wake, weakref.ref(signal))
    await signal


@contextlib.contextmanager
def collecting_only_new_garbage():
    """Within the block, ``gc.collect()`` scans only objects made inside it: fast, and about
    the test's own tasks (everything alive before is frozen out of the collector's sight)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


WALL_CLOCKS = ("monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns", "time", "time_ns")


class WallClockSpy:
    """Counts the learner's module's reads of the wall clock (``time.monotonic()`` and the
    like, which stand still while a test runs on the virtual clock) made while a virtual-clock
    loop runs in the thread: through its ``time``, or a clock imported from it. ``reads``
    counts them, ``names`` says which clocks."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> None:
        self.reads = 0
        self.names: list[str] = record()
        for alias, value in list(vars(module).items()):
            if value is time:
                monkeypatch.setattr(module, alias, _CountedTime(self))
                continue
            name = next((name for name in WALL_CLOCKS if value is getattr(time, name)), None)
            if name is not None:
                monkeypatch.setattr(module, alias, self.counting(name, value))

    def counting(self, name: str, clock: Callable) -> Callable:
        """``clock``, counted as a read of the wall clock ``name``."""

        def read(*args: object, **kwargs: object) -> object:
            if isinstance(asyncio._get_running_loop(), VirtualLoop):  # else the clock moves
                self.reads += 1
                if name not in self.names:
                    self.names.append(name)
            return clock(*args, **kwargs)

        return read


class _CountedTime:
    """The ``time`` module as a watched learner's module sees it: its wall clocks counted,
    every other name looked up in ``time`` when it is used (a sleep patched later included)."""

    def __init__(self, spy: WallClockSpy) -> None:
        self._spy = spy

    def __getattr__(self, name: str) -> object:
        value = getattr(time, name)
        return self._spy.counting(name, value) if name in WALL_CLOCKS else value


DEADLINE_CALLS = {  # asyncio's name: where its deadline is (position, keyword), how to show it
    "timeout": (0, "delay", "asyncio.timeout({})"),
    "timeout_at": (0, "when", "asyncio.timeout_at({})"),
    "wait_for": (1, "timeout", "asyncio.wait_for(..., {})"),
    "wait": (None, "timeout", "asyncio.wait(..., timeout={})"),
}


def within_the_limit(seconds: float):
    """For :func:`deadlines_set`, where the task gives a limit of ``seconds``: a deadline of
    those seconds, or of what is left of them, is the task's (a timeout_at's deadline is a
    time on the loop's clock: any)."""

    def given_by_the_task(name, given):
        if name == "timeout_at":
            return True
        return type(given) in (int, float) and given <= seconds * (1 + 1e-6)

    return given_by_the_task


def deadlines_set(
    monkeypatch: pytest.MonkeyPatch, topic, allowed=lambda name, given: False
) -> list[str]:
    """The list, filled as the test goes, of the deadlines the learner's own code sets (its
    module's calls of asyncio.timeout, timeout_at, wait_for, wait with a timeout), as shown;
    those the task gives (``allowed(name, given)``) left out. Whose call it is comes from the
    caller's globals: nothing looks at the file system while the loop runs (a blocking call
    there would be blamed on the learner's code)."""
    own = vars(topic.module)
    seen = record(label="deadlines_set")

    def spying(name, real):
        position, keyword, shown = DEADLINE_CALLS[name]

        def spy(*args, **kwargs):
            # The deadline as a plain number (read by int's or float's own methods): what is
            # judged, shown and handed on, so that no method of a number's own kind (its
            # __le__, its __radd__) decides whether it counts or when it expires.
            given = None
            if position is not None and len(args) > position:
                given = plain_value(args[position])
                args = (*args[:position], given, *args[position + 1 :])
            elif keyword in kwargs:
                given = kwargs[keyword] = plain_value(kwargs[keyword])
            mine = given is not None and sys._getframe(1).f_globals is own
            if mine and not allowed(name, given):
                seen.append(shown.format(plain_repr(given)))
            return real(*args, **kwargs)

        spy.__name__ = name
        return spy

    for name in DEADLINE_CALLS:
        replace_in_asyncio(monkeypatch, topic.module, name, spying(name, getattr(asyncio, name)))
    return seen
