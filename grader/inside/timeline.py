"""Record what a learner's code did and when, and draw it as a small text timeline.

Tests inject fakes made by a :class:`Timeline`; each call is recorded as a span on the event
loop's clock (virtual under the grader, so exact), with the number of calls in flight.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import reprlib
import sys
import time
import weakref
from array import array
from collections.abc import Callable, Iterator

from grader.drawing import MAX_SPANS, TOLERANCE, render_data
from grader.i18n import N_, _
from grader.inside.evidence import (
    EVIDENCE_WRITE,
    PLAIN_SCALARS,
    Sealed,
    append_quietly,
    plain_value,
    record,
)
from grader.text import one_line

# The timelines the running test checked, as data, each numbered (its "scene"): the plugin
# reports them, so the grader can draw the learner's last one (in the terminal, or in an HTML
# report) beside the reference's of the same scene.
checked: list[dict] = record(label="timeline.checked")
# The fakes' operations that began outside any asyncio task, this test (scan.BY_HAND).
run_by_hand: list[str] = record(label="timeline.run_by_hand")


def _fresh(value: object, depth: int = 0) -> object:
    """``value`` with every list, dict and set in it copied (and the tuples around them made
    again): what a fake hands out is the learner's code's to change, never the suite's data."""
    kind = type(value)
    if depth > 20 or kind not in (list, tuple, dict, set):
        return value
    if kind is dict:
        return {key: _fresh(item, depth + 1) for key, item in value.items()}
    if kind is set:
        return set(value)
    return kind(_fresh(item, depth + 1) for item in value)


def _plain_container(value: object) -> object:
    """``value``, a list, tuple, set, frozenset or dict of a subclass made the plain container,
    its items read by the base type's own iteration (never the subclass's __iter__)."""
    kind = type(value)
    if kind in (list, tuple, set, frozenset, dict):
        pass
    elif issubclass(kind, dict):
        value = dict(dict.items(value))
    elif issubclass(kind, list):
        value = list(list.__iter__(value))
    elif issubclass(kind, tuple):
        value = tuple(tuple.__iter__(value))
    elif issubclass(kind, frozenset):
        value = frozenset(frozenset.__iter__(value))
    elif issubclass(kind, set):
        value = set(set.__iter__(value))
    else:
        return value
    if isinstance(value, dict):
        return {plain_value(key): item for key, item in dict.items(value)}
    if isinstance(value, set | frozenset):
        return type(value)(map(plain_value, value))
    return value


# The types reprlib shows by its own methods (found by the type's name): exactly these.
_REPRLIB_TYPES = (*PLAIN_SCALARS, list, tuple, set, frozenset, dict, collections.deque, array)


class _PlainRepr(reprlib.Repr):
    """reprlib's short reprs of the plain values (:func:`plain_value`) of a subclass's
    instances: a label shows what the code handed over, not what its class says of itself."""

    def repr1(self, value: object, level: int) -> str:
        value = _plain_container(plain_value(value))
        if type(value) in _REPRLIB_TYPES:
            return super().repr1(value, level)  # dispatched by the builtin type's name
        return self.repr_instance(value, level)  # another object: by its repr

    def repr_int(self, value: int, level: int) -> str:
        if value.bit_length() > 14_000:  # past the 4300 digits repr() writes of an int
            return f"<int of {value.bit_length()} bits>"
        return super().repr_int(value, level)


_plain_repr = _PlainRepr()


def plain_repr(value: object) -> str:
    """A short repr of ``value`` for a label: a subclass of int, float, str... (a container of
    one too) shown by the plain value it holds, on one line."""
    return one_line(_plain_repr.repr(value))


def loop_clock() -> float:
    """The running loop's time, or the monotonic clock when no loop runs in this thread."""
    try:
        return asyncio.get_running_loop().time()
    except RuntimeError:
        return time.monotonic()


# While a cancellation check runs (on a virtual clock: the time is free), each of the tests'
# operations cancelled takes a while to stop, each longer than the one before: a function that
# lets the cancel go on before all of them have stopped (gather with no return_exceptions
# ends on the first) leaves the others running, which the check sees. Kept in a closure for
# the whole process, not in a context the code could run its tasks outside of.
STOP_STEP = 0.1  # loop seconds more that each operation cancelled takes to stop
MOST_STOPPING = 10  # ... up to this many steps


def _stop_times() -> tuple[Callable[[], contextlib.AbstractContextManager], Callable]:
    """``(slow_stops, stopping)``: the block of a cancellation check, and the wait of a fake
    cancelled (none, but within that block)."""
    checks: list[Iterator[float]] = []  # the steps of the check running, if one is

    @contextlib.contextmanager
    def slow_stops() -> Iterator[None]:
        """Within this block, the tests' operations take ever longer to stop once cancelled
        (``check_cancelled_while_waiting``'s, from the cancel to the end of the wait)."""
        checks.append(STOP_STEP * min(step, MOST_STOPPING) for step in itertools.count(1))
        try:
            yield
        finally:
            checks.pop()

    async def stopping() -> None:
        if checks:
            await asyncio.sleep(next(checks[-1]))

    return slow_stops, stopping


slow_stops, _stopping = _stop_times()


OTHER_LOOP = N_(
    "the tests' {operation} ran on an event loop other than the test's (a loop your code "
    "made?): await the tests' operations on the loop that runs your code"
)

# A timeline's own writes go past the seal unannounced: only the learner's code is refused,
# and a fake's call makes ten of them (5,000 calls at once cost a second of audit events).
_write = object.__setattr__


class Span(Sealed):
    """One recorded operation."""

    __slots__ = ("end", "label", "outcome", "start")

    def __init__(self, label: str, start: float, end: float | None = None) -> None:
        _write(self, "label", one_line(label))  # a repr of the learner's may hold anything
        _write(self, "start", start)
        _write(self, "end", end)
        _write(self, "outcome", "running")  # then "done", "cancelled" or "failed"

    def __repr__(self) -> str:
        return f"Span({self.label!r}, {self.start}, {self.end}, {self.outcome!r})"


class Timeline(Sealed):
    """Spans of the operations that a test watched, with peak concurrency."""

    __slots__ = ("__weakref__", "clock", "in_flight", "loop", "origin", "peak", "spans")

    def __init__(self, clock: Callable[[], float] = loop_clock):
        self.clock = clock
        self.spans: list[Span] = record()  # announces its changes (evidence.RECORDS)
        self.in_flight = 0
        self.peak = 0
        self.origin: float | None = None
        self.loop: weakref.ref | None = None  # on the loop's clock: the loop of its spans
        with contextlib.suppress(RuntimeError):  # made in a test: the test's loop
            self.loop = weakref.ref(asyncio.get_running_loop())

    def start_clock(self) -> None:
        """Mark time zero for the drawing (the first span's start otherwise). The suites'
        call: the learner's code may not call it (the guard refuses the event)."""
        sys.audit(EVIDENCE_WRITE, "Timeline", "start_clock", self)
        self.origin = self.clock()

    @contextlib.asynccontextmanager
    async def span(self, label: str):
        """Record the block as one operation named ``label``: what a suite's fake does; the
        learner's code may not record spans of its own (the guard refuses the event)."""
        sys.audit(EVIDENCE_WRITE, "Timeline", "span", self)
        async with self._recording(label):
            yield

    @contextlib.asynccontextmanager
    async def _recording(self, label: str):
        self._on_one_loop(label)
        span = Span(label, self.clock())
        append_quietly(self.spans, span)
        if asyncio.current_task() is None:  # a coroutine stepped by the code's own hand
            append_quietly(run_by_hand, span.label)
        _write(self, "in_flight", self.in_flight + 1)
        _write(self, "peak", max(self.peak, self.in_flight))
        try:
            yield span
        except asyncio.CancelledError:
            _write(span, "outcome", "cancelled")
            raise
        except BaseException:
            _write(span, "outcome", "failed")
            raise
        else:
            _write(span, "outcome", "done")
        finally:
            _write(self, "in_flight", self.in_flight - 1)
            _write(span, "end", self.clock())

    def _on_one_loop(self, label: str) -> None:
        """A timeline on the loop's clock records on one loop: the test's (the one it was
        made on, or else the first its spans run on). A span on another (a virtual loop of the
        code's own, run in a thread) would take none of the test's time, and draw work done
        one after another as done at once."""
        if self.clock is not loop_clock:
            return
        loop = asyncio.get_running_loop()
        if self.loop is None:
            _write(self, "loop", weakref.ref(loop))
        elif self.loop() is not loop:
            raise RuntimeError(_(OTHER_LOOP).format(operation=label))

    def fake(
        self,
        name: str,
        seconds: float | Callable[..., float] = 1.0,
        result: Callable[..., object] | None = None,
        error: BaseException | Callable[..., BaseException | None] | None = None,
    ) -> Callable[..., object]:
        """An async function that sleeps ``seconds`` (or ``seconds(*args)``) and records it.

        It raises ``error`` (or ``error(*args)`` when that is not None) after sleeping;
        otherwise it returns ``result(*args)`` when given, else its first argument. Arguments
        passed by keyword count as positional ones, in the order given.
        """

        sys.audit(EVIDENCE_WRITE, "Timeline", "fake", self)  # the suites' to make, no one else's

        async def fake_operation(*args, **kwargs):
            # Called by keyword (fetch(url='a')), its values count as if passed in order.
            # What the fake works with (its label, seconds(...), result(...)): plain values.
            values = tuple(plain_value(value) for value in (*args, *kwargs.values()))
            label = f"{name}({', '.join(plain_repr(value) for value in values)})"
            async with self._recording(label):
                delay = seconds(*values) if callable(seconds) else seconds
                try:
                    await asyncio.sleep(delay)
                except asyncio.CancelledError:
                    await _stopping()  # what a cancellation check gives each one to stop
                    raise
                failure = error(*values) if callable(error) else error
                if failure is not None:
                    raise failure
                if result is not None:
                    return _fresh(result(*values))
                return values[0] if values else None

        fake_operation.__name__ = fake_operation.__qualname__ = name  # as messages name it
        return fake_operation

    @property
    def labels(self) -> list[str]:
        """The recorded operations' labels, in the order they started."""
        return [span.label for span in self.spans]

    @property
    def finished(self) -> list[Span]:
        return [span for span in self.spans if span.outcome == "done"]

    def overlapped(self) -> bool:
        """True when every recorded span was running at one same moment."""
        if len(self.spans) < 2:
            return True
        ends = [span.end if span.end is not None else self.clock() for span in self.spans]
        return max(span.start for span in self.spans) < min(ends) - TOLERANCE

    def as_data(self) -> dict:
        """The first MAX_SPANS spans, with times counted from the drawing's time zero."""
        now = self.clock()
        origin = self.origin
        if origin is None:
            origin = min((span.start for span in self.spans), default=0.0)
        return {
            "peak": self.peak,
            "spans": [
                {
                    "label": span.label,
                    "start": round(span.start - origin, 6),
                    "end": round((span.end if span.end is not None else now) - origin, 6),
                    "outcome": span.outcome,
                }
                for span in self.spans[:MAX_SPANS]
            ],
        }

    def render(self, title: str | None = None) -> str:
        """The spans as bars on one time axis, one line each."""
        return render_data(self.as_data(), title or _("your code's timeline"))
