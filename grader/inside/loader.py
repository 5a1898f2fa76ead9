"""Load a topic module from the folder being graded, and report what is missing in plain words."""

from __future__ import annotations

import contextvars
import functools
import importlib.util
import inspect
import sys
import traceback
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from grader.i18n import N_, _
from grader.inside import imports, module_state, snapshots
from grader.inside.arguments import keeping_arguments
from grader.inside.reach import recorder
from grader.inside.suspensions import looked_at, watching
from grader.text import NAME_LENGTH, error_text, one_line, one_line_of


class TopicLoadError(Exception):
    """The learner's module could not be found or imported; ``reason`` says why, briefly."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason or message


def load_module(path: Path) -> types.ModuleType:
    """Import the file at ``path`` under a private name, never from ``sys.path``."""
    if not path.is_file():
        raise TopicLoadError(
            _("There is no file {file} in {folder}.").format(file=path.name, folder=path.parent),
            _("there is no file {file}").format(file=path.name),
        )
    name = f"submission_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    imports.gate(vars(module))  # its imports go through the gate (grader/inside/imports.py)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except SystemExit as exc:
        del sys.modules[name]
        raise TopicLoadError(
            _("Your module {file} called sys.exit({code}) while being imported.").format(
                file=path.name, code=repr(exc.code)
            ),
            _("it called sys.exit({code}) while being imported").format(code=repr(exc.code)),
        ) from None
    except BaseException as exc:
        del sys.modules[name]
        if isinstance(exc, pytest.fail.Exception) and str(exc).startswith("Timeout (>"):
            raise TopicLoadError(
                _(
                    "Your module {file} was still being imported when the time limit came: "
                    "code at the top level loops forever or waits (for input()?)."
                ).format(file=path.name),
                _("it was still being imported when the time limit came"),
            ) from None
        if isinstance(exc, KeyboardInterrupt | pytest.fail.Exception):
            raise
        error = describe_exception(exc, path)
        raise TopicLoadError(
            _("Your module {file} raised an error while being imported: {error}").format(
                file=path.name, error=error
            ),
            error,
        ) from None
    snapshots.imported_in[name] = contextvars.copy_context()  # what its import set there
    return module


GROUP_SHOWN = 3  # errors of an exception group told, at each of its first levels


def describe_exception(
    exc: BaseException, learner_file: Path | None = None, *, depth: int = 0
) -> str:
    """``TypeError: message (04_async_await.py, line 12, in fetch_all)``, in one line; an
    exception group with the errors it holds (the first few, two levels deep)."""
    told = _describe_one(exc, learner_file)
    if not isinstance(exc, BaseExceptionGroup) or depth >= 2:
        return told
    held = [
        describe_exception(inner, learner_file, depth=depth + 1)
        for inner in exc.exceptions[:GROUP_SHOWN]
    ]
    if len(exc.exceptions) > GROUP_SHOWN:
        held.append(_("{count} more").format(count=len(exc.exceptions) - GROUP_SHOWN))
    return _("{group}, holding [{errors}]").format(group=told, errors="; ".join(held))


# asyncio's own errors (RuntimeError), by words of theirs, and what each means for the code
# that met it.
ASYNCIO_ERRORS = (
    (
        "is bound to a different event loop",
        N_(
            "an asyncio Event, Lock, Condition, Semaphore or Queue belongs to the loop that "
            "first waited on it, so one kept from an earlier call (in a global, a class "
            "attribute, a default value) cannot serve a call on another loop: make a new one "
            "for each call or object"
        ),
    ),
    (
        "Non-thread-safe operation invoked on an event loop",
        N_(
            "a method of the event loop was called from another thread: from outside the "
            "loop's thread, only loop.call_soon_threadsafe(...) and "
            "asyncio.run_coroutine_threadsafe(...) may reach it"
        ),
    ),
    (
        "no running event loop",
        N_(
            "it needs a running event loop: call it from code the loop runs (inside an async "
            "def), or hand it the loop"
        ),
    ),
    (
        "cannot be called from a running event loop",
        N_(
            "asyncio.run() starts a loop of its own, and one is already running here: await "
            "the coroutine instead"
        ),
    ),
    (
        "This event loop is already running",
        N_("run_until_complete() runs the loop, which is already running: await instead"),
    ),
    (
        "Event loop is closed",
        N_(
            "the event loop was used after it was closed: close a loop only once nothing more "
            "is scheduled on it"
        ),
    ),
    (
        "cannot reuse already awaited coroutine",
        N_("a coroutine object runs only once: call the async function again for a new one"),
    ),
    (
        "attached to a different loop",
        N_(
            "a future or task made on one event loop was awaited on another: make it on the "
            "loop that awaits it"
        ),
    ),
)


def _describe_one(exc: BaseException, learner_file: Path | None) -> str:
    said = error_text(exc)
    name = one_line(type(exc).__name__, NAME_LENGTH)  # a class's name may hold anything
    text = f"{name}: {said}" if said else name
    # input() with no one to type: EOFError itself (asyncio's IncompleteReadError, a subclass,
    # is a stream that ended early, and says so).
    if type(exc) is EOFError or "reading from stdin" in said:
        text = _("input() was called, but nobody can type an answer while the grader runs")
    if type(exc) is RuntimeError:
        meaning = next((told for words, told in ASYNCIO_ERRORS if words in said), None)
        text = f"{text}: {_(meaning)}" if meaning else text
    if isinstance(exc, SyntaxError) and type(exc.lineno) is int and exc.lineno:
        where = _("line {line}").format(line=exc.lineno)
        return f"{name}: {one_line_of(lambda: exc.msg)} ({where})"
    where = _innermost_frame_in(exc, learner_file)
    return f"{text} ({where})" if where else text


def _innermost_frame_in(exc: BaseException, learner_file: Path | None) -> str | None:
    frame = innermost_learner_frame(exc, learner_file)
    if frame is None:
        return None
    return _("{file}, line {line}, in {function}").format(
        file=learner_file.name, line=frame.lineno, function=one_line(frame.name, NAME_LENGTH)
    )


def innermost_learner_frame(
    exc: BaseException, learner_file: Path | None
) -> traceback.FrameSummary | None:
    """The deepest frame of ``exc``'s traceback that is in the learner's file (a walk that
    reads no source: a recursion a million frames deep is told at once)."""
    if learner_file is None:
        return None
    wanted = learner_file.resolve()
    seen: dict[str, bool] = {}  # file name -> whether it is the learner's
    deepest = None
    for frame, line in traceback.walk_tb(exc.__traceback__):
        name = frame.f_code.co_filename
        if name not in seen:
            seen[name] = Path(name).resolve() == wanted
        if seen[name]:
            deepest = (name, line, frame.f_code.co_name)
    if deepest is None:
        return None
    name, line, function = deepest
    return traceback.FrameSummary(name, line, function, lookup_line=False)


def _no_look() -> None:
    pass


class LearnerModule:
    """The learner's topic module; a missing name fails the test with a one-line message.
    Its functions are handed out checked to keep the arguments they are given
    (``grader/inside/arguments.py``)."""

    def __init__(self, module: types.ModuleType, path: Path, changes: tuple[str, ...] = ()):
        self._module = module
        self._path = path
        self._changes = changes  # "function.parameter": arguments the topic lets change
        self._checked: dict[Callable, Callable] = {}
        self.state = module_state.take(module)  # what it held once imported
        self.callbacks_scheduled: dict[str, int] = {}  # in the running test, by function

    @property
    def path(self) -> Path:
        return self._path

    @property
    def module(self) -> types.ModuleType:
        return self._module

    def __getattr__(self, name: str):
        recorder.note(name)
        try:
            value = getattr(self._module, name)
        except AttributeError:
            pytest.fail(
                _(
                    "MISSING NAME: {file} has no function or class named {name}. "
                    "Keep the names the exercise gives you."
                ).format(file=self._path.name, name=repr(name)),
                pytrace=False,
            )
        if not inspect.isfunction(value) or value.__module__ != self._module.__name__:
            return value
        if value not in self._checked:
            exempt = {n.partition(".")[2] for n in self._changes if n.startswith(f"{name}.")}
            watched = watching(value, functools.partial(self._watch_call, name))
            self._checked[value] = keeping_arguments(watched, frozenset(exempt))
        return self._checked[value]

    def watch_callback(self, function: str) -> Callable[[], None]:
        """A callback of the learner's scheduled: the look to take once it has run, for its
        first runs in a test, then ever more rarely (as a suspended call's)."""
        count = self.callbacks_scheduled[function] = self.callbacks_scheduled.get(function, 0) + 1
        if not looked_at(count):
            return _no_look
        return self._watch_call(function, module_state.AFTER_CALLBACK)

    def _watch_call(self, function: str, message: str | None = None) -> Callable[[], None]:
        """What the module holds as a call of ``function`` starts (the suite's patches in
        place), and a look that notes what is changed while the call is suspended (or once a
        callback has run: ``message``)."""

        def note(lines: list[tuple[tuple, str]]) -> None:
            for place, line in lines:
                if place not in module_state.while_running:  # told once a test
                    module_state.while_running[place] = line

        def unseen(error: Exception) -> list[tuple[tuple, str]]:
            """An object of the learner's that cannot be looked at: told, not passed over."""
            told = describe_exception(error, self._path)
            return [(("unseen", function), module_state.unseen(function, told))]

        try:
            start = module_state.take(self._module)
        except Exception as error:
            told = unseen(error)
            return lambda: note(told)

        def look() -> None:
            try:
                note(module_state.changes_while_running(self._module, start, function, message))
            except Exception as error:
                note(unseen(error))

        return look


class BrokenModule:
    """Stands in for a module that failed to load: every use fails with the load error."""

    def __init__(self, error: TopicLoadError, path: Path):
        self._error = error
        self.path = path

    def __getattr__(self, name: str):
        pytest.fail(str(self._error), pytrace=False)
