"""What a topic's hidden test suite uses: the task marker, learner-facing checks and timing.

A suite reads like this::

    @task(5)
    async def test_ten_sleeps_run_together(topic):
        \"\"\"sleep_concurrently(10, 1.0) sleeps ten times at once.\"\"\"
        with stopwatch() as watch:
            await topic.sleep_concurrently(10, 1.0)
        expect_duration(watch.elapsed, at_least=1.0, under=2.0, call=..., expected=...)
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import reprlib
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from grader.i18n import N_, _
from grader.inside import timeline as timeline_module
from grader.inside.evidence import plain_type, plain_value
from grader.inside.loops import stopped_by_grader
from grader.inside.spies import describe_errors, loop_errors
from grader.inside.timeline import TOLERANCE, Timeline, loop_clock
from grader.text import NAME_LENGTH, error_text, one_line

CLOCK_NAMES = {"loop time": N_("loop time"), "real time": N_("real time")}
VIRTUAL_GUARD = 120.0  # seconds of loop time before an async test gives up (costs nothing)
REAL_GUARD = 5.0  # seconds of real time, for tests marked realtime
# How much of a text the learner's code controls a message tells, on one line (one_line): a
# name (of a class, a function), a value shown (show), what the event loop reported.
MAX_SHOWN = 2000
MAX_REPORTED = 400


class GuardTimeout(Exception):
    """The learner's code was still running when the test's own time limit came."""

    def __init__(self, seconds: float, virtual: bool, reported: str = ""):
        self.seconds = seconds
        self.virtual = virtual
        if virtual:
            text = _("did not finish within {seconds} s of loop time")
        else:
            text = _("did not finish within {seconds} s")
        text = text.format(seconds=f"{seconds:g}")
        if reported:  # why it waits for ever, often: the callback that was to wake it failed
            errors = one_line(reported, MAX_REPORTED)
            text += _(" (meanwhile the event loop reported: {errors})").format(errors=errors)
        super().__init__(text)


def task(
    number: int,
    *,
    checks: tuple[str, ...] = (),
    realtime: bool = False,
    guard: float | None = None,
):
    """Mark a test as part of task ``number`` of its topic's catalog entry.

    ``checks`` names the promises of the statement this test enforces: keys of the suite's
    ``PROMISES[number]`` (tests/harness/test_promises.py ties each to a test and a variant).
    An async test also gets pytest-asyncio's marker and a hang guard inside the loop:
    ``guard`` seconds of loop time (virtual unless ``realtime``), after which it fails.
    """

    def decorate(test: Callable) -> Callable:
        marked = test
        marks = [pytest.mark.task(number)]
        if inspect.iscoroutinefunction(test):
            limit = guard if guard is not None else (REAL_GUARD if realtime else VIRTUAL_GUARD)

            @functools.wraps(test)
            async def guarded(*args, **kwargs):
                _named_calls.clear()  # the errors of the tests before are told already
                before = asyncio.all_tasks()
                deadline = asyncio.timeout(limit)
                try:
                    with loop_errors(pass_on=True) as reported:
                        async with deadline:
                            result = await test(*args, **kwargs)
                except TimeoutError:
                    if deadline.expired():
                        errors = describe_errors(reported)
                        raise GuardTimeout(limit, not realtime, errors) from None
                    raise
                finally:
                    stubborn = await stop_tasks_left(before)
                if stubborn:
                    fail(_(STUBBORN_TASKS), count=len(stubborn), names=", ".join(stubborn))
                return result

            marks.append(pytest.mark.asyncio)
            if realtime:
                marks.append(pytest.mark.realtime)
            marked = guarded
        for mark in marks:
            marked = mark(marked)
        marked.promises = tuple(checks)
        return marked

    return decorate


STOP_PATIENCE = 1.0  # seconds (of the loop's clock) a cancelled leftover gets to end


async def stop_tasks(tasks: list[asyncio.Task], patience: float | None = STOP_PATIENCE) -> None:
    """Cancel ``tasks`` and wait up to ``patience`` seconds (None: for ever) for them to end."""
    for leftover in tasks:
        leftover.cancel()
    if tasks:
        await asyncio.wait(tasks, timeout=patience)


STUBBORN_TASKS = N_(
    "After the test, {count} task(s) your code started (running {names}) were still running "
    "and did not stop when cancelled: let asyncio.CancelledError end a task (re-raise it "
    "after cleaning up), and stop what you start before returning."
)


async def stop_tasks_left(before: set[asyncio.Task]) -> list[str]:
    """Stop the tasks started since ``before``, as the loop's closing would, but waiting for
    them only so long: the names of those that ignore the cancellation, which the loop then
    forgets, so that closing it cannot hang on them."""
    current = asyncio.current_task()
    left = [leftover for leftover in asyncio.all_tasks() - before if leftover is not current]
    for leftover in left:
        stopped_by_grader(leftover)
    await stop_tasks(left)
    stubborn = [leftover for leftover in left if not leftover.done()]
    for leftover in stubborn:
        asyncio.tasks._unregister_task(leftover)
    return sorted(f"{_coroutine_name(each)}()" for each in stubborn)


def _coroutine_name(task: asyncio.Task) -> str:
    """The name of what ``task`` runs (the learner's code can make it anything)."""
    name = getattr(task.get_coro(), "__qualname__", "?")
    return one_line(name, NAME_LENGTH) if isinstance(name, str) else "?"


def find_error(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    """``exc`` or an exception inside it (groups, causes) of type ``kind``."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, kind):
            return current
        if isinstance(current, BaseExceptionGroup):
            stack.extend(current.exceptions)
        stack.extend([current.__cause__, current.__context__])
    return None


def raise_if_stub(function: Callable, *args: object, **kwargs: object) -> None:
    """Call ``function`` when it is still a stub that raises NotImplementedError, so that the
    learner reads "Not done yet" rather than a message about what the stub is not."""
    code = getattr(inspect.unwrap(function), "__code__", None)  # the learner's, not a wrapper's
    if "NotImplementedError" in getattr(code, "co_names", ()):
        function(*args, **kwargs)


def expect_generator_function(function: Callable, name: str, *args: object) -> None:
    """Fail unless ``function`` is a generator function; a stub says "Not done yet" (it is
    called with ``args``)."""
    if inspect.isgeneratorfunction(function):
        return
    raise_if_stub(function, *args)
    fail(
        _(
            "{name} is an ordinary function. A generator function has `yield` in its body; "
            "calling it then gives a generator, and the body runs only when next() is called."
        ),
        name=name,
    )


def reraise_not_done(error: BaseException) -> None:
    """Raise ``error`` again when a NotImplementedError is inside it (groups, causes): "Not
    done yet" comes before any message about how the code failed."""
    if find_error(error, NotImplementedError) is not None:
        raise error


def fail(message: str, **values: object) -> None:
    """Fail the test with ``message`` as all the learner sees (no traceback).

    ``message`` is a translated text (``_("...")``); ``values`` fill its ``{fields}``.
    """
    pytest.fail(message.format(**_told(values)) if values else message, pytrace=False)


def _told(values: dict[str, object]) -> dict[str, object]:
    """``values`` as a message shows them: an error (the learner's, maybe) by its text on one
    short line (``error_text``: a text of several lines would draw lines of its own)."""
    return {
        name: error_text(value) if isinstance(value, BaseException) else value
        for name, value in values.items()
    }


def check(condition: object, message: str, **values: object) -> None:
    """Fail with ``message`` (its ``{fields}`` filled from ``values``) unless ``condition``."""
    if not condition:
        fail(message, **values)


SCALARS = frozenset({int, str, bytes, bool, type(None)})  # exact types whose == is Python's own


def same(actual: object, expected: object) -> bool:
    """``actual == expected`` with exactly the same types, all the way down.

    A subclass that lies in ``__eq__``, ``True`` for ``1`` or a tuple for a list never passes;
    a fake's record (``evidence.record()``) counts as the container it is.
    """
    if type(expected) in (list, tuple) and type(actual) is type(expected):  # built-in scalars:
        kinds = list(map(type, expected))  # compared by the containers' own C code, at once
        if kinds == list(map(type, actual)) and SCALARS.issuperset(kinds):
            return actual == expected
    if plain_type(actual) is not plain_type(expected):
        return False
    if isinstance(expected, list | tuple):
        return len(actual) == len(expected) and all(map(same, actual, expected))
    if isinstance(expected, dict):
        keys = {key: key for key in actual}
        return len(actual) == len(expected) and all(
            key in keys and same(keys[key], key) and same(actual[key], value)
            for key, value in expected.items()
        )
    if isinstance(expected, set | frozenset):
        return len(actual) == len(expected) and all(
            any(same(a, e) for a in actual) for e in expected
        )
    if isinstance(expected, float) and expected != expected:  # NaN
        return actual != actual
    return bool(expected == actual) and bool(actual == expected)


@dataclass
class Scene:
    """What every message about one call starts with (the call, and how its fakes behave),
    and the timeline that some of them draw under the text."""

    setting: str
    timeline: Timeline | None = None

    def fail(self, message: str, *, draw: bool = False, **values: object) -> None:
        """Fail with ``setting``, then ``message`` (its ``{fields}`` filled from ``values``,
        if any), then the timeline when ``draw``."""
        text = message.format(**_told(values)) if values else message
        lines = [f"{self.setting} {text}"]
        if draw and self.timeline is not None:
            lines.append(self.timeline.render())
        fail("\n".join(lines))

    def check(self, condition: object, message: str, *, draw: bool = False, **values) -> None:
        """:meth:`fail` unless ``condition``."""
        if not condition:
            self.fail(message, draw=draw, **values)


# Which call raised an error, as calling() saw it, by the error's id (the error is held, so
# that its id stays its own): kept here, where the learner's code cannot write, and never on
# the error, which the learner's code makes. Cleared as each async test starts, and only the
# latest MAX_NAMED_CALLS kept.
_named_calls: dict[int, tuple[BaseException, str]] = {}
MAX_NAMED_CALLS = 16


@contextlib.contextmanager
def calling(call: str):
    """Name ``call`` in the message of an error the learner's code raises in the block, for a
    test that makes several calls (``Called fetch_settled(address, [], 1.0). Your code raised
    ...``); not done yet (NotImplementedError) is told as it is. The innermost block names
    it."""
    try:
        yield
    except Exception as error:
        if not isinstance(error, NotImplementedError) and id(error) not in _named_calls:
            while len(_named_calls) >= MAX_NAMED_CALLS:
                del _named_calls[next(iter(_named_calls))]
            _named_calls[id(error)] = (error, call)
        raise


def call_named(error: BaseException) -> str | None:
    """The call a :func:`calling` block named for ``error``, or None."""
    named = _named_calls.get(id(error))
    return named[1] if named is not None and named[0] is error else None


def called(call: str, timeline: Timeline | None = None) -> Scene:
    """The scene of a plain call: every message starts "Called {call}."."""
    return Scene(_("Called {call}.").format(call=call), timeline)


@contextlib.contextmanager
def coroutines_never_awaited() -> Iterator[list[str]]:
    """The names of the coroutines collected in the block without ever being awaited, as the
    block ends (the caller collects garbage first where it must). Python hands each to
    ``warnings._warn_unawaited_coroutine`` before any warnings filter is asked, so a filter
    the learner's code sets hides none of them."""
    heard: list[str] = []
    original = warnings._warn_unawaited_coroutine

    def note(coroutine: object) -> None:
        heard.append(one_line(getattr(coroutine, "__qualname__", "?"), NAME_LENGTH))
        original(coroutine)

    warnings._warn_unawaited_coroutine = note
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # told by the test, not printed
            yield heard
    finally:
        warnings._warn_unawaited_coroutine = original


def show_typed(value: object) -> str:
    """``show(value)`` and its type, for messages: ``'7' (a str)``, ``[1, 2] (a list of int)``."""
    return f"{show(value)} ({_type_name(value)})"


def expect_equal(got: object, want: object, *, what: str, hint: str = "") -> None:
    """Fail unless ``got`` is ``want`` (same value, same types): "{what}: got {got}; expected
    {want}: {hint}", the types shown when they differ. ``what`` says what was looked at (a
    call, or a phrase such as "the batches flushed"); ``hint`` is a translated text."""
    if same(got, want):
        return
    typed = type(got) is not type(want) or (
        isinstance(want, list | tuple | set | frozenset)
        and bool(got)
        and bool(want)
        and _type_name(got) != _type_name(want)
    )
    values = {
        "what": what,
        "got": show_typed(got) if typed else show(got),
        "want": show_typed(want) if typed else show(want),
    }
    if hint:
        fail(_("{what}: got {got}; expected {want}: {hint}"), hint=hint, **values)
    fail(_("{what}: got {got}; expected {want}."), **values)


def expect_result(actual: object, expected: object, *, call: str, meaning: str = "") -> None:
    """Fail unless ``call`` returned exactly ``expected`` (same value, same types)."""
    if same(actual, expected):
        return
    what = show_typed(actual)
    if type(actual) is not type(expected) and isinstance(actual, type(expected)):
        what += ", " + _("a subclass of {type}").format(type=type(expected).__name__)
    wanted = show_typed(expected) + (f": {meaning}" if meaning else "")
    lines = [
        _("Called {call}.").format(call=call),
        _("It returned {what}.").format(what=what),
        _("Expected: {expected}.").format(expected=wanted),
    ]
    if show(actual) == show(expected):  # the difference is past what the short forms show
        lines.append(_difference(actual, expected))
    fail("\n".join(line for line in lines if line))


def _difference(actual: object, expected: object) -> str:
    """Where two sequences that look alike in short differ: their lengths, or the first item."""
    if not (isinstance(actual, list | tuple) and isinstance(expected, list | tuple)):
        return ""
    if len(actual) != len(expected):
        text = _("It holds {count} items; expected {want}.")
        return text.format(count=len(actual), want=len(expected))
    for index, (got, want) in enumerate(zip(actual, expected, strict=True)):
        if not same(got, want):
            text = _("Item {index} is {got}; expected {want}.")
            return text.format(index=index, got=show_typed(got), want=show_typed(want))
    return ""


def _type_name(value: object) -> str:
    kind = one_line(type(value).__name__, NAME_LENGTH)  # a class's name may hold anything
    if isinstance(value, list | tuple | set | frozenset) and value:
        names = [one_line(type(item).__name__, NAME_LENGTH) for item in value]  # in its order
        inner = sorted(set(names)) if isinstance(value, set | frozenset) else dict.fromkeys(names)
        return _("a {type} of {items}").format(type=kind, items=_(" and ").join(inner))
    if kind[:1] not in "aeiou":
        return _("a {type}").format(type=kind)
    return _("an {type}").format(type=kind)


class _ShortRepr(reprlib.Repr):
    """reprlib's short reprs, but text is cut at a word's end and other objects not at all
    in the middle of a word: ``'the quick brown ...'`` rather than ``'the qu...n fox'``."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlist = self.maxtuple = self.maxset = 8
        self.maxstring = self.maxother = 60

    def repr1(self, value: object, level: int) -> str:
        kind = plain_type(value)  # a fake's record, shown as the list (dict, ...) it is
        if kind is not type(value):
            return getattr(self, f"repr_{kind.__name__}")(value, level)
        return super().repr1(value, level)

    def repr_str(self, value: str, level: int) -> str:
        if len(value) <= self.maxstring:
            return repr(value)
        cut = value[: self.maxstring]
        head = cut.rsplit(" ", 1)[0] if " " in cut.strip() else cut
        return repr(head.rstrip()) + "..."

    def repr_instance(self, value: object, level: int) -> str:
        text = repr(value)
        if len(text) <= self.maxother:
            return text
        cut = text[: self.maxother]
        cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
        return cut + ("...>" if text.startswith("<") else "...")

    def repr_bytes(self, value: bytes, level: int) -> str:
        if len(value) <= self.maxstring:
            return repr(value)
        return f"{value[: self.maxstring]!r}... ({len(value)} bytes)"


_short = _ShortRepr()


def show(value: object) -> str:
    """A short repr for messages, never cut in the middle of a word, on one line: where the
    learner's values become text (their reprs may hold anything)."""
    return one_line(_short.repr(value), MAX_SHOWN)


def line_end_hint(got: object, want: str) -> str:
    """What went wrong when ``got`` is the line ``want`` with more than its newline taken off:
    every space (``strip()``), or all from a U+2028 on (``splitlines()``); else ''."""
    if not isinstance(got, str) or got == want:
        return ""
    if got.strip() == want.strip():
        return _(
            "the spaces are part of the line: remove only the newline (rstrip('\\n')), not "
            "every space (strip())."
        )
    if got == want.splitlines()[0]:
        return _(
            "the line holds '\\u2028', which str.splitlines() takes for a line break; on a "
            "stream only b'\\n' ends a line: remove only the newline (rstrip('\\n'))."
        )
    return ""


def show_call(name: str, *args: object, **kwargs: object) -> str:
    """``fetch_all(['a', 'b'], fetch)`` as a learner would have written it."""
    parts = [_show_arg(arg) for arg in args]
    parts += [f"{key}={_show_arg(value)}" for key, value in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def _show_arg(value: object) -> str:
    name = getattr(value, "__name__", None) if callable(value) else None
    if isinstance(name, str):
        return one_line(name, NAME_LENGTH)  # the learner's function's may hold anything
    if isinstance(value, list | tuple) and value and all(callable(v) for v in value):
        names = ", ".join(_show_arg(v) for v in value[:4]) + (", ..." if len(value) > 4 else "")
        return f"[{names}]" if isinstance(value, list) else f"({names})"
    return show(value)


@dataclass
class Stopwatch:
    """Elapsed time on the loop's clock (virtual under the grader)."""

    start: float
    end: float | None = None
    clock: Callable[[], float] = loop_clock

    @property
    def elapsed(self) -> float:
        return (self.end if self.end is not None else self.clock()) - self.start


@contextlib.contextmanager
def stopwatch(clock: Callable[[], float] = loop_clock):
    """Time the block on ``clock`` (the running loop's time by default)."""
    watch = Stopwatch(start=clock(), clock=clock)
    try:
        yield watch
    finally:
        watch.end = clock()


def expect_duration(
    elapsed: float,
    *,
    at_least: float,
    under: float,
    call: str,
    expected: str,
    timeline: Timeline | None = None,
    clock_name: str = "loop time",
) -> None:
    """Fail unless ``at_least <= elapsed < under``, saying what happened and showing when.

    ``clock_name`` is "loop time" or "real time", in English: it is translated here.
    """
    if timeline is not None:  # numbered: the reference's timeline of the same scene is drawn
        scene = len(timeline_module.checked)
        timeline_module.checked.append({**timeline.as_data(), "scene": scene})
    if at_least - TOLERANCE <= elapsed < under:
        return
    clock_name = _(CLOCK_NAMES.get(clock_name, clock_name))
    seconds = f"{elapsed:.2f}"
    if elapsed < at_least:
        verdict = _(
            "It returned after {seconds} s of {clock}, before the waiting was done: "
            "something was started but not awaited."
        ).format(seconds=seconds, clock=clock_name)
    elif timeline is not None and len(timeline.spans) > 1 and timeline.peak == 1:
        verdict = _(
            "It took {seconds} s of {clock}: the operations ran one after another, never at "
            "the same time."
        ).format(seconds=seconds, clock=clock_name)
    else:
        verdict = _("It took {seconds} s of {clock}.").format(seconds=seconds, clock=clock_name)
    lines = [
        _("Called {call}.").format(call=call),
        verdict,
        _("Expected: {expected}").format(expected=expected),
    ]
    if timeline is not None:
        lines.append(timeline.render())
    fail("\n".join(lines))


def watch_asyncio_sleep(
    monkeypatch: pytest.MonkeyPatch, timeline: Timeline, module=None, *, yields: bool = True
):
    """Record every ``asyncio.sleep`` the code under test makes as a span on ``timeline``;
    with ``yields=False``, not a ``sleep(0)``: a yield to the loop, not one of the sleeps.

    ``module`` is the learner's module, in case it did ``from asyncio import sleep``.
    """
    real_sleep = asyncio.sleep

    async def recorded_sleep(delay, result=None):
        # The label and the wait are of one plain number, read without running any of the
        # code's own methods: a float of its own kind could format as 1 and sleep 0.01.
        delay = plain_delay(delay)
        if not yields and delay == 0:
            return await real_sleep(delay, result)
        async with timeline.span(f"sleep({delay:g})"):
            return await real_sleep(delay, result)

    monkeypatch.setattr(asyncio, "sleep", recorded_sleep)
    if module is not None and getattr(module, "sleep", None) is real_sleep:
        monkeypatch.setattr(module, "sleep", recorded_sleep)


SLEEP_NOT_A_NUMBER = N_(
    "asyncio.sleep was given {value} ({type}), not a number: pass the seconds as a plain int "
    "or float."
)


def plain_delay(delay: object) -> int | float:
    """``delay``, handed to ``asyncio.sleep`` by the code under test, as a plain int or float
    (a subclass's instance as the number it holds, read by int's or float's own methods, so
    that none of its own, ``__format__`` or ``__radd__``, decide what is shown or waited);
    TypeError for anything else."""
    if issubclass(type(delay), int | float):  # bool, an int, too
        return plain_value(delay)
    raise TypeError(_(SLEEP_NOT_A_NUMBER).format(value=show(delay), type=_type_name(delay)))
