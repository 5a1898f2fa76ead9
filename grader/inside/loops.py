"""The event loops the tests run on, and the suites make: from these classes, which the guard
seals, never through the event loop policy (a program may set one of its own, and the
instance could be given a loop class of the learner's).

What the grade reads from a loop is the loop's own (the guard, asked with ``sys.audit``,
refuses a write from the learner's code):

- a loop's methods are the class's: one set on the loop itself by the learner's code
  (``loop.time = ...``, ``setattr``) is refused, and one put in its ``__dict__`` is never
  used (the suites, to spy, may still set one);
- the learner's code cannot set the loop's state itself (``loop._scheduled = []``);
- the virtual clock never goes back (the guard hears when it did);
- every report to the exception handler also reaches the suite's collectors
  (:func:`reporting_to`), whatever handler is set.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import inspect
import itertools
import sys
import types
import weakref
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import looptime

from grader.i18n import _
from grader.inside.evidence import EVIDENCE_WRITE, Sealed
from grader.text import NAME_LENGTH, one_line

_collectors: weakref.WeakKeyDictionary[RealLoop, list[list[dict]]] = weakref.WeakKeyDictionary()
_replaced: weakref.WeakKeyDictionary[RealLoop, dict[str, object]] = weakref.WeakKeyDictionary()
# What the loops tell the guard (``sys.audit``), which keeps what decides in its audit hook:
# - LOOP_WRITE (name, "frame") before an attribute is set, (name, "actor", loop, value) before
#   a method is replaced (value None: put back); the guard raises refused(name) for the
#   learner's code, and remembers the replacements it let through;
# - LOOP_READ (loop, name, value) before a replaced method is used: the guard refuses one it
#   did not let through (put in this module's dicts directly);
# - LOOP_COLLECT [loop, errors, taken] when a collector starts (errors None: stops), and
#   LOOP_ERROR (loop, context) for each report: the guard keeps the collectors and sets
#   ``taken``; without a guard, this module keeps them;
# - CLOCK_REWOUND (loop,) when a virtual clock went back.
LOOP_WRITE, LOOP_READ = "grader.loop_write", "grader.loop_read"
LOOP_COLLECT, LOOP_ERROR = "grader.loop_collect", "grader.loop_error"
CLOCK_REWOUND = "grader.clock_rewound"


def refused(what: str) -> AttributeError:
    return AttributeError(
        _("the test's event loop keeps its own {name}: it cannot be replaced").format(name=what)
    )


class _Kept:
    """A loop method, as the loop's class has it: a replacement is held per loop, set only
    by code that is not the learner's (a suite's spy), and never read from the loop's own
    ``__dict__``."""

    def __init__(self, name: str, function: Callable) -> None:
        self.name, self.function = name, function

    def __get__(self, loop: RealLoop | None, owner: type | None = None) -> object:
        if loop is None:
            return self.function
        replaced = _replaced.get(loop) if _replaced.data else None  # (none: the usual case)
        if replaced and self.name in replaced:
            value = replaced[self.name]
            sys.audit(LOOP_READ, loop, self.name, value)
            return value
        return self.function.__get__(loop, owner)

    def __set__(self, loop: RealLoop, value: object) -> None:
        sys.audit(LOOP_WRITE, self.name, "actor", loop, value)
        _replaced.setdefault(loop, {})[self.name] = value

    def __delete__(self, loop: RealLoop) -> None:
        sys.audit(LOOP_WRITE, self.name, "actor", loop, None)
        replaced = _replaced.get(loop, {})
        if self.name not in replaced:
            raise AttributeError(self.name)
        del replaced[self.name]


def _keep_methods(cls: type) -> type:
    """Make every method ``cls`` has (its own and inherited) a :class:`_Kept` of it."""
    for name in dir(cls):
        if name.startswith("__"):
            continue
        function = inspect.getattr_static(cls, name)
        if isinstance(function, types.FunctionType):
            setattr(cls, name, _Kept(name, function))
    return cls


class AfterLearnersCallbacks(Sealed):
    """While a graded test runs: the learner's file, and ``begin(name)``, called when a
    callback of its code is scheduled on a test loop, which returns the look to take once the
    callback has run (the shared-state rule's: a done callback has no suspension to be looked
    at in). Set by the plugin; None between tests."""

    __slots__ = ("begin", "file")


after_learners_callbacks = AfterLearnersCallbacks()
after_learners_callbacks.file = after_learners_callbacks.begin = None


class ThreadJob:
    """A function of the learner's handed to a thread by ``run_in_executor`` (or
    ``asyncio.to_thread``): its name, when it was handed over, its future, and whether the
    thread has finished running it (set by the thread itself)."""

    __slots__ = ("__weakref__", "finished", "future", "made", "name")

    def __init__(self, name: str, made: int) -> None:
        self.name, self.made, self.finished, self.future = name, made, False, None


_thread_jobs: weakref.WeakSet[ThreadJob] = weakref.WeakSet()


def thread_jobs_since(mark: int) -> list[ThreadJob]:
    """The learner's jobs handed to a thread after ``mark`` (:func:`mark_now`), still running,
    that no one gave up on (a future cancelled by a timeout: the thread runs on regardless)."""
    return [
        job
        for job in list(_thread_jobs)
        if job.made > mark and not job.finished and not job.future.cancelled()
    ]


def _handed_to_run(function: Callable) -> Callable:
    """What a thread will run: the function ``asyncio.to_thread`` hands over inside a
    context's ``run`` and a partial, or ``function`` itself."""
    while type(function) is functools.partial:
        inner = function.func
        context_run = getattr(inner, "__name__", "") == "run" and isinstance(
            getattr(inner, "__self__", None), contextvars.Context
        )
        function = function.args[0] if context_run and function.args else inner
    return function


def _learners_callback(callback: Callable) -> str | None:
    """The name of ``callback`` when it is code of the learner's file (a partial's or a bound
    method's function too), while a graded test runs; else None."""
    file = after_learners_callbacks.file
    if file is None:
        return None
    function = getattr(callback, "func", callback)  # functools.partial's
    function = getattr(function, "__func__", function)  # a bound method's
    if _function_file(function) != file:
        return None
    return one_line(getattr(function, "__qualname__", "?"), NAME_LENGTH)


def _looked_after(callback: Callable, name: str | None) -> Callable:
    """``callback``, followed by the look, when it is the learner's (``name``)."""
    begin = after_learners_callbacks.begin
    if begin is None or name is None:
        return callback
    look = begin(name)

    def then_look(*args: object) -> object:
        try:
            return callback(*args)
        finally:
            look()

    return then_look


def _function_files() -> Callable[[object], str | None]:
    """``function_file(function)``: the file of a Python function's code, or None for any other
    callable (a C method's, the loop's own). Remembered per function, as the loops ask on every
    callback scheduled, and a function's ``__code__`` is an audited read (the guard refuses a
    change of code that is not the learner's own)."""
    files: weakref.WeakKeyDictionary[types.FunctionType, str] = weakref.WeakKeyDictionary()

    def function_file(function: object) -> str | None:
        if type(function) is not types.FunctionType:  # never subclassed: hashed by identity
            return None
        file = files.get(function)
        if file is None:
            file = files[function] = function.__code__.co_filename
        return file

    return function_file


_function_file = _function_files()


# The task whose code scheduled what runs now. A callback (``call_soon``, a done callback)
# runs in a copy of the context it was scheduled from, so a task a callback starts is noted as
# started by the task that scheduled it, not by none (rules.LEFT_RUNNING).
_SCHEDULED_BY: contextvars.ContextVar[list] = contextvars.ContextVar("grader_scheduled_by")


def _scheduled_by() -> asyncio.Task | None:
    holder = _SCHEDULED_BY.get(None)
    return holder[0]() if holder and holder[0] is not None else None


@_keep_methods
class RealLoop(asyncio.SelectorEventLoop):
    """An event loop on the real clock."""

    def __setattr__(self, name: str, value: object) -> None:
        sys.audit(LOOP_WRITE, name, "frame")
        super().__setattr__(name, value)

    def create_task(self, coro, **kwargs) -> asyncio.Task:
        context = kwargs.pop("context", None) or contextvars.copy_context()
        starter = asyncio.current_task(self) or _scheduled_by()
        holder: list[weakref.ref | None] = [None]
        with contextlib.suppress(RuntimeError):  # a context entered already keeps its own
            context.run(_SCHEDULED_BY.set, holder)
        task = super().create_task(coro, context=context, **kwargs)
        holder[0] = weakref.ref(task)
        _note_task(task, starter)
        return task

    def call_soon(self, callback, *args, context=None) -> asyncio.Handle:
        if type(callback) is _TASK_STEP:  # a task's step: made as asyncio.Task(coro)?
            _note_task(callback.__self__, asyncio.current_task(self) or _scheduled_by())
        name = _learners_callback(callback)
        handle = super().call_soon(_looked_after(callback, name), *args, context=context)
        return self._noted(handle, name)

    def call_soon_threadsafe(self, callback, *args, context=None) -> asyncio.Handle:
        name = _learners_callback(callback)
        callback = _looked_after(callback, name)
        return self._noted(super().call_soon_threadsafe(callback, *args, context=context), name)

    def run_in_executor(self, executor, func, *args) -> asyncio.Future:
        name = _learners_callback(_handed_to_run(func))
        if name is None or not (executor is None or isinstance(executor, ThreadPoolExecutor)):
            return super().run_in_executor(executor, func, *args)  # (a process's must pickle)
        job = ThreadJob(name, mark_now())

        def run(*arguments: object) -> object:
            try:
                return func(*arguments)
            finally:
                job.finished = True

        job.future = super().run_in_executor(executor, run, *args)
        _thread_jobs.add(job)
        return job.future

    def call_at(self, when, callback, *args, context=None) -> asyncio.TimerHandle:
        name = _learners_callback(callback)
        handle = super().call_at(when, _looked_after(callback, name), *args, context=context)
        return self._noted(handle, name)

    def _noted(self, handle: asyncio.Handle, name: str | None) -> asyncio.Handle:
        """``handle``, noted as scheduled by the running task when it runs the learner's
        code (``name``): a cancelled call answers for it while it waits to run."""
        if name is not None:
            _note_callback(handle, name, asyncio.current_task(self) or _scheduled_by())
        return handle

    def set_exception_handler(self, handler) -> None:
        sys.audit(LOOP_WRITE, "exception handler", "actor")  # (a memo every call reaches)
        super().set_exception_handler(handler)

    def set_task_factory(self, factory) -> None:
        sys.audit(LOOP_WRITE, "task factory", "actor")
        super().set_task_factory(factory)

    def call_exception_handler(self, context: dict) -> None:
        sys.audit(LOOP_ERROR, self, context)
        for errors in _collectors.get(self, ()):
            errors.append(context)
        super().call_exception_handler(context)


@_keep_methods
class VirtualLoop(looptime.LoopTimeEventLoop, RealLoop):
    """An event loop whose clock jumps ahead whenever every task is waiting (looptime).

    Its clock is set when it is made: looptime's methods that set it again, or stop it,
    are refused to the learner's code."""

    def time(self) -> float:
        now = super().time()
        if now < _clock_read(self, now):
            sys.audit(CLOCK_REWOUND, self)
        return now

    def setup_looptime(self, **options: object) -> None:
        sys.audit(LOOP_WRITE, "setup_looptime", "actor")
        super().setup_looptime(**options)

    def looptime_enabled(self) -> contextlib.AbstractContextManager[None]:
        sys.audit(LOOP_WRITE, "looptime_enabled", "actor")
        return super().looptime_enabled()


def _clock_reader() -> Callable[[RealLoop, float], float]:
    """``read(loop, now)``: the latest time ``loop`` told before, and remember ``now`` if it
    is later (kept in this closure, not in a module's names; by the loop's id, forgotten with
    the loop: read on every turn, so a plain dict's speed counts)."""
    latest: dict[int, float] = {}

    def read(loop: RealLoop, now: float) -> float:
        key = id(loop)
        before = latest.get(key)
        if before is None:
            weakref.finalize(loop, latest.pop, key, None)
            latest[key] = before = now
        elif now > before:
            latest[key] = now
        return before

    return read


_clock_read = _clock_reader()


def _task_tree() -> tuple[Callable[..., object], ...]:
    """Who started which task on the test loops, for the rule that a cancelled function leaves
    none running (rules.LEFT_RUNNING); kept in this closure, not in a module's names:
    ``note_start(task, starter)``, ``own_task``, ``stopped_by_grader``, ``was_stopped_by_grader``,
    ``still_running_under``, ``unclaimed_running_since``, and the learner's callbacks each task
    scheduled: ``note_callback(handle, name, starter)``, ``callbacks_waiting_under``,
    ``callbacks_waiting_since(mark_now())``."""
    started_by: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # task: its started
    grader_tasks: weakref.WeakSet = weakref.WeakSet()  # own_task's
    stopped: weakref.WeakSet = weakref.WeakSet()  # stopped_by_grader's
    made: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # task: its place in order
    scheduled_by: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # task: its handles
    callback_names: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # handle: name
    unclaimed: weakref.WeakSet = weakref.WeakSet()  # tasks no task is known to have started
    order = itertools.count()

    def note_start(task: asyncio.Future, starter: asyncio.Future | None) -> None:
        made[task] = next(order)
        if starter is None:
            unclaimed.add(task)
        elif starter not in grader_tasks:
            started_by.setdefault(starter, weakref.WeakSet()).add(task)

    def own_task(awaitable) -> asyncio.Future:
        """Run ``awaitable`` as a task of the grader's own, even when the learner's code is
        what calls it (a spy): it counts among no task's started ones. The grader's call:
        the learner's code may not make one (the guard refuses the event)."""
        sys.audit(EVIDENCE_WRITE, "loops", "own_task", None)
        task = asyncio.ensure_future(awaitable)
        grader_tasks.add(task)
        return task

    def stopped_by_grader(task: asyncio.Future) -> None:
        """Note that the grader cancels ``task`` (cleaning up after a test): what it leaves
        running then is the grader's to stop, not the learner's to answer for."""
        sys.audit(EVIDENCE_WRITE, "loops", "stopped_by_grader", None)
        stopped.add(task)

    def was_stopped_by_grader(task: asyncio.Future) -> bool:
        return task in stopped

    def under(task: asyncio.Future) -> list[asyncio.Future]:
        """The tasks ``task`` started, directly or through those it started."""
        found, pending, seen = [], [task], set()
        while pending:
            for started in list(started_by.get(pending.pop(), ())):
                if id(started) in seen or started in grader_tasks:
                    continue
                seen.add(id(started))
                pending.append(started)
                found.append(started)
        return found

    def still_running_under(task: asyncio.Future) -> list[asyncio.Future]:
        """The tasks ``task`` started, directly or through those it started, still running."""
        return [started for started in under(task) if not started.done()]

    def note_callback(handle: asyncio.Handle, name: str, starter: asyncio.Future | None) -> None:
        callback_names[handle] = name
        made[handle] = next(order)
        if starter is not None and starter not in grader_tasks:
            scheduled_by.setdefault(starter, weakref.WeakSet()).add(handle)

    def callbacks_waiting_since(mark: int) -> list[tuple[asyncio.Handle, str]]:
        """The learner's callbacks scheduled after ``mark`` (:func:`mark_now`) that still
        wait to run, and their names."""
        return [
            (handle, name)
            for handle, name in list(callback_names.items())
            if made.get(handle, -1) > mark and not handle.cancelled() and _waiting(handle)
        ]

    def mark_now() -> int:
        """A mark of this moment in the order tasks and callbacks are made."""
        return next(order)

    def callbacks_waiting_under(task: asyncio.Future) -> list[str]:
        """The learner's callbacks that ``task``, or a task it started, scheduled and that
        still wait to run (neither run nor cancelled), by name."""
        return [
            callback_names.get(handle, "?")
            for each in (task, *under(task))
            for handle in list(scheduled_by.get(each, ()))
            if not handle.cancelled() and _waiting(handle)
        ]

    def unclaimed_running_since(task: asyncio.Future) -> list[asyncio.Future]:
        """The tasks made after ``task`` that no task is known to have started (made by a
        callback run in a context of its own, or from another thread), still running, and
        those they started: while a cancelled call is checked, they count as its own."""
        since = made.get(task)
        if since is None:
            return []
        roots = [
            each
            for each in list(unclaimed)
            if made.get(each, -1) > since and each not in grader_tasks
        ]
        found = {id(each): each for each in roots if not each.done()}
        for root in roots:
            found.update((id(each), each) for each in still_running_under(root))
        return list(found.values())

    return (
        note_start,
        own_task,
        stopped_by_grader,
        was_stopped_by_grader,
        still_running_under,
        unclaimed_running_since,
        note_callback,
        callbacks_waiting_under,
        callbacks_waiting_since,
        mark_now,
    )


(
    _note_start,
    own_task,
    stopped_by_grader,
    _was_stopped_by_grader,
    still_running_under,
    unclaimed_running_since,
    _note_callback,
    callbacks_waiting_under,
    callbacks_waiting_since,
    mark_now,
) = _task_tree()


def _waiting(handle: asyncio.Handle) -> bool:
    """Whether ``handle`` is still in its loop's queues, waiting to run (by identity)."""
    loop = getattr(handle, "_loop", None)  # asyncio's own attribute of its handles
    queues = (getattr(loop, "_ready", ()), getattr(loop, "_scheduled", ()))
    return any(each is handle for queue in queues for each in list(queue))


def task_name(a_task: asyncio.Future) -> str:
    """The qualified name of the coroutine a task runs (its task name if it has none)."""
    coroutine = a_task.get_coro()  # (a name the learner's code may have set: one line)
    return one_line(getattr(coroutine, "__qualname__", None) or a_task.get_name(), NAME_LENGTH)


@dataclass(frozen=True)
class LeftBehind:
    """A task of the test loops that ended cancelled while tasks it started still ran."""

    name: str  # the task's coroutine, as its function is named
    file: str  # where that function's code is
    running: tuple[str, ...]  # the coroutines of the tasks still running, by name


@dataclass(frozen=True)
class KeptOn:
    """A task of the test loops that was cancelled and did not end cancelled: some coroutine
    in it caught the ``CancelledError`` and returned, or raised another error instead."""

    name: str  # the task's coroutine, as its function is named
    file: str  # where that function's code is
    raised: str | None  # the error it raised instead, if it did not return


def _kept_on_log() -> tuple[Callable[[asyncio.Task], None], Callable[[int], tuple[KeptOn, ...]]]:
    """``note(task)``, a done callback, and ``since(mark)``: the tasks noted after the first
    ``mark`` (kept in this closure, not in a module's names).

    A task counts its cancel requests until one is taken back (``Task.uncancel``, which
    ``asyncio.timeout`` and ``TaskGroup`` call for their own): ended other than cancelled
    while one is still counted, the code it ran kept the cancellation from its owner. An
    exception group is a TaskGroup's own answer to errors met while it was cancelled."""
    noted: list[KeptOn | LeftBehind] = []

    def note(task: asyncio.Task) -> None:
        if task.cancelled():
            running = still_running_under(task)
            code = getattr(task.get_coro(), "cr_code", None)
            if running and code is not None and not _was_stopped_by_grader(task):
                names = tuple(sorted({task_name(each) for each in running}))
                noted.append(LeftBehind(task_name(task), code.co_filename, names))
            return
        if not task.cancelling():
            return
        error = task._exception  # (Task.exception() would mark it retrieved)
        if isinstance(error, BaseExceptionGroup):
            return
        coro = task.get_coro()
        code = getattr(coro, "cr_code", None)
        if code is not None:
            raised = None if error is None else one_line(type(error).__name__, NAME_LENGTH)
            name = one_line(getattr(coro, "__qualname__", code.co_name), NAME_LENGTH)
            noted.append(KeptOn(name, code.co_filename, raised))

    def since(mark: int) -> tuple[KeptOn, ...]:
        return tuple(noted[mark:])

    return note, since


_note_if_kept_on, kept_on_since = _kept_on_log()


def _task_step_type() -> type:
    """The type of what a task hands ``call_soon`` to take its next step (asyncio's C
    ``TaskStepMethWrapper``): a task made as ``asyncio.Task(coro)``, past the loop's
    ``create_task``, schedules its first step with one."""
    loop = asyncio.new_event_loop()
    steps: list[type] = []
    real_call_soon = loop.call_soon

    def call_soon(callback, *args, **kwargs):
        steps.append(type(callback))
        return real_call_soon(callback, *args, **kwargs)

    loop.call_soon = call_soon
    try:
        task = asyncio.Task(asyncio.sleep(0), loop=loop)
        loop.run_until_complete(task)
    finally:
        loop.close()
    return steps[0]


_TASK_STEP = _task_step_type()


def _noted_tasks() -> Callable[[asyncio.Task, asyncio.Future | None], None]:
    """``note(task, starter)``: note once who started ``task``, and look at how it ends
    (kept in this closure, not in a module's names)."""
    noted: weakref.WeakSet = weakref.WeakSet()

    def note(task: asyncio.Task, starter: asyncio.Future | None) -> None:
        if task in noted:
            return
        noted.add(task)
        _note_start(task, starter)
        task.add_done_callback(_note_if_kept_on)

    return note


_note_task = _noted_tasks()


# Turns the loop idles before its clock jumps to the next timer. looptime's default, 42, let
# each wake-up of polling code cost about 0.7 ms of real time on the test loops; with one
# turn it costs a sixth of that. Threads and sockets are never waited for by idle turns: the
# tests that use them run on the real clock, or looptime steps its clock for executors.
IDLE_TURNS = 1


def virtual_loop() -> VirtualLoop:
    """A virtual-clock loop whose clock starts at 0."""
    return VirtualLoop(start=0.0, noop_cycles=IDLE_TURNS)


@contextlib.contextmanager
def reporting_to(loop: asyncio.AbstractEventLoop, errors: list[dict]) -> Iterator[bool]:
    """Within this block, every report ``loop`` makes to its exception handler is also added
    to ``errors``; yields whether ``loop`` is one of these classes (else nothing is added)."""
    if not isinstance(loop, RealLoop):
        yield False
        return
    asked = [loop, errors, False]
    sys.audit(LOOP_COLLECT, asked)
    collectors = [] if asked[2] else _collectors.setdefault(loop, [])
    collectors.append(errors)
    try:
        yield True
    finally:  # by identity: two collectors may hold equal lists
        sys.audit(LOOP_COLLECT, [loop, errors, None])
        collectors[:] = [each for each in collectors if each is not errors]
