"""Guard the grade inside the test process: refuse what would forge it, flag what reaches for it.

Installed by the plugin before the learner's module is imported, when the grader runs the
suite. Everything the guard decides with (its seals, the outcome records' key and channel,
the test loops' approved spies and error collectors) lives in the closure of its audit
hook, which no Python object leads to and Python code cannot remove. What it leaves in view
(its pytest hooks, ``signal.signal``, ``os._exit``, the outcome writer, the test loops)
holds nothing of it and only raises audit events (the constants below).

- **Refused, and reported as tampering** (the topic scores 0): opening the reference
  solutions or the correct variants (through any name of the file); writing to the grader,
  the tests, the Python installation or the outcomes file (renaming, linking, removing or
  truncating included); replacing what a grade relies on
  (asyncio's sleeps and gathers, the clocks, pytest's reporting), rebinding the grader's or
  the suite's names, the builtins or the standard library's names (but for the few that
  programs and the test tools set: scan.LIBRARY_LEFT_OPEN), changing a test's or a helper's
  code, a test item's function, methods or markers, the classes of pytest, pluggy, asyncio
  or looptime, what the event loop policy's instance holds, the outcome writer, or adding
  or removing a pytest hook. Most are found by a
  seal taken at collection and checked after the import and after every test; a function's
  code cannot be replaced at all. On Python 3.12 and later the modules' names are watched
  instead of compared, and the sealed classes are watched as well
  (:mod:`grader.inside.watchers`): a change the learner's code makes counts even when
  undone before the test ends. A change made and undone by other code on the learner's
  behalf (a callback, a thread), or on 3.11 by anyone, is not seen.
- **Refused and flagged for review**: reading the garbage collector's lists of objects,
  calling through ctypes, and code compiled, built or run under the grader's file names:
  the tools that could undo everything else, or pass for the grader.
- **Flagged for review** (a teacher looks; not scored): the learner's own code reading
  frames or code objects, setting a signal handler (which is handed no frame: it would be
  handed the interrupted one, unaudited), importing the machinery, adding trace or audit
  hooks, forking, reading ``/proc``, starting processes in a topic that does not teach
  them; on 3.12 and later, adding names to the library's modules, writing the environment
  or the main thread's attributes (state every call shares, out of the shared-state rule's
  sight), under any name it reaches them by; and the same found in its source
  (:mod:`grader.inside.scan`). Only the learner's
  files count: asyncio, pytest and the standard library do these things on their own behalf
  all the time.
- Connections to anything but loopback are refused unless the teacher allows them, and
  ``os._exit`` (``posix._exit``) calls are recorded so that the report can say why the
  process ended, and so that records forged before such an exit are refused.
"""

from __future__ import annotations

import _codecs
import _signal
import asyncio
import builtins
import codecs
import collections
import contextlib
import dis
import gc
import inspect
import ipaddress
import json
import linecache
import logging
import operator
import os
import posix
import socket
import sys
import sysconfig
import threading
import time
import traceback
import types
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path, PurePath, PurePosixPath

import _pytest.runner
import pytest
from blockbuster import BlockBuster

from grader import signing
from grader.catalog import CATALOG_FILE, ROOT, load_catalog
from grader.i18n import _
from grader.inside import loops, scan, watchers
from grader.inside.evidence import EVIDENCE_WRITE, seal_classes

# Writing here could change how this or a later topic is graded: the project (but for the
# learner's own exercises/, or ejercicios/ in Spanish) and the Python installation the
# grader runs on.
PROTECTED_WRITES = (ROOT, Path(sys.prefix), Path(sys.base_prefix))
LEARNER_WRITABLE = (ROOT / "exercises", ROOT / "ejercicios")
SOLUTIONS = ROOT / "solutions"
REFERENCE_CODE = (SOLUTIONS, ROOT / "tests" / "variants")  # correct code the learner may not run
GRADER_CODE = ROOT / "grader"
PROJECT_CODE = (GRADER_CODE, ROOT / "tests")  # the grader's and the suites' own frames
HIDDEN_TESTS = ROOT / "tests"  # the suites the learner's code may not read (but the catalog)
PROC = Path("/proc")
PROCESS_MEMORY = frozenset({"mem", "pagemap"})  # a process's memory, read as a file

# What a submission could replace to fake a pass: (module, attribute).
WATCHED = (
    (asyncio, "sleep"),
    (asyncio, "gather"),
    (asyncio, "wait"),
    (asyncio, "wait_for"),
    (asyncio, "create_task"),
    (time, "monotonic"),
    (time, "perf_counter"),
    (time, "time"),
    (pytest, "fail"),
    (_pytest.runner, "call_and_report"),
    (_pytest.runner, "runtestprotocol"),
    (_pytest.runner.CallInfo, "from_call"),
    (_pytest.runner.TestReport, "from_item_and_call"),
)

# Modules whose classes and functions decide how a test runs and is reported: sealed with
# the grader's own (their module globals are not: they rebind some of their own).
SEALED_MACHINERY = (
    "_pytest.runner", "_pytest.reports", "_pytest.outcomes", "_pytest.python", "_pytest.main",
    "_pytest.fixtures", "_pytest.terminal", "pluggy._callers", "pluggy._hooks",
    "pluggy._manager", "pluggy._result", "asyncio.base_events", "asyncio.events",
    "asyncio.tasks", "asyncio.timeouts", "asyncio.runners", "asyncio.selector_events",
    "asyncio.unix_events", "looptime._internal.loops",
    "pytest_asyncio.plugin", "pytest_timeout",
)  # fmt: skip
BUILTINS_LEFT_OPEN = frozenset({"input", "_"})  # blockbuster wraps input(); a REPL sets _
# Review findings reported per run and reason: enough for a teacher to see the pattern, and
# every reason is named however many harmless lines another one fills.
MAX_FLAGS_PER_REASON = 3
catalog_key = pytest.StashKey[list]()  # the catalog, once the plugin has read it
LEARNER, PROJECT, OTHER = "learner", "project", "other"
# What the plugin tells the guard of async tests: each one followed (item, test, the code of
# its wrapper), its end, and the question whether it ended.
TEST_FOLLOWED, TEST_ENDED, TEST_RAN = "grader.test_followed", "grader.test_ended", "grader.test_ran"
# What the guard's shims and the outcome writer tell it: seal what was collected, check the
# seals, send a record, set a signal handler, end the process, set a test loop's attribute.
COLLECTED, CHECK, RECORD = "grader.collected", "grader.check", "grader.record"
SIGNAL_SET, EXITING, LOOP_WRITE = "grader.signal", "grader.exit", loops.LOOP_WRITE
OPEN_AT = "grader.open_at"
REGISTERED = "grader.registered"  # a codec search function or error handler registered
# Raised only by the grader's own code (the guard, the plugin, the loops); the test endings
# have checks of their own.
SHIM_EVENTS = frozenset({
    COLLECTED, CHECK, RECORD, SIGNAL_SET, EXITING, OPEN_AT, LOOP_WRITE, loops.LOOP_READ,
    loops.LOOP_COLLECT, loops.LOOP_ERROR, loops.CLOCK_REWOUND, EVIDENCE_WRITE, REGISTERED,
})  # fmt: skip
# Their arguments reach the guard as they are (a list to answer in, the session).
RAW_EVENTS = frozenset({COLLECTED, SIGNAL_SET, loops.LOOP_COLLECT, EVIDENCE_WRITE})


# Where the library runs code it was handed to run later: a thread's target, a loop's
# callback, a pool's work item, a finalizer (file name, function).
HANDED_OVER = frozenset(
    {
        ("threading.py", "run"),
        ("events.py", "_run"),
        ("thread.py", "run"),
        ("weakref.py", "__call__"),
        ("weakref.py", "_exitfunc"),
    }
)


class UnfinishedTest(Exception):
    """The answer to TEST_RAN for a followed test that never told its end."""


FRAME_ATTRIBUTES = frozenset({"tb_frame", "f_code", "gi_frame", "cr_frame", "ag_frame"})
GETATTR = "object.__getattr__"  # an audited attribute read: (object, name)
READ_ATTRIBUTES = FRAME_ATTRIBUTES | {"__code__"}  # the reads the guard looks at
CODE_ATTRIBUTES = frozenset({"__code__", "__defaults__", "__kwdefaults__"})
PROCESS_EVENTS = frozenset(
    [
        "subprocess.Popen",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "os.system",
        "os.fork",
        "os.forkpty",
        "pty.spawn",
    ]
)
HOOK_EVENTS = frozenset({"sys.settrace", "sys.setprofile", "sys.addaudithook"})
FRAME_EVENTS = frozenset({"sys._current_frames", "sys._current_exceptions"})
CODE_EVENTS = frozenset({"compile", "code.__new__", "function.__new__", "exec", "marshal.loads"})
GC_EVENTS = frozenset({"gc.get_objects", "gc.get_referrers", "gc.get_referents"})
# What changes a file without opening it (os.replace raises "os.rename"): the path it
# changes, both paths of a rename or a hard link (a file reached again through it), a
# symbolic link's own path.
FILE_CHANGE_EVENTS = frozenset({
    "os.rename", "os.link", "os.symlink", "os.remove", "os.rmdir", "os.truncate", "os.chmod",
    "os.chown", "os.utime", "os.mkdir", "shutil.rmtree",
})  # fmt: skip
# Where each event's paths are, and the folder descriptor each is read against: the path
# it changes, both paths of a rename or a hard link (a file reached again through it), a
# symbolic link's own path.
DIR_FDS = {
    "os.rename": {0: 2, 1: 3}, "os.link": {0: 2, 1: 3}, "os.symlink": {1: 2},
    "os.remove": {0: 1}, "os.rmdir": {0: 1}, "os.mkdir": {0: 2}, "os.chmod": {0: 2},
    "os.chown": {0: 3}, "os.utime": {0: 3}, "shutil.rmtree": {0: 1},
}  # fmt: skip
# Where the standard library reads frames for its caller (inspect.currentframe() and its kin,
# traceback.walk_stack(), a task's get_stack()): the caller is the one reading them.
HELPER_FILES = frozenset(
    os.path.abspath(module.__file__) for module in (inspect, traceback, asyncio.base_tasks, logging)
)
READS_FOR_ITSELF = frozenset({"findCaller"})  # logging's: where a message was logged from
# Their functions that hand frames, or a frame's locals, out to the caller (formatting a
# traceback or printing a task's stack reads frames too, but gives back only text).
FRAME_HANDERS = frozenset({
    "walk_tb", "walk_stack", "getinnerframes", "getouterframes", "stack", "_task_get_stack",
    "getcoroutinelocals", "getgeneratorlocals", "getasyncgenlocals",
})  # fmt: skip
MISSING = object()
# What the event loop policy sets on itself: the thread's current loop; on 3.11, the watcher
# of child processes it makes when one is first started.
POLICY_LEFT_OPEN = frozenset({"_local", "_watcher"})


def install(
    config: pytest.Config,
    *,
    send: Callable[[str], None],
    sign: Callable[[str], str] | None,
    record_code: types.CodeType,
    current_test: Callable[[], str | None],
    submission: Path,
    outcomes_file: Path | None = None,
    allow_network: bool = False,
) -> None:
    """Guard this process from now on.

    The guard alone sends the outcome records: ``send`` writes a line to the grader's
    channel, ``sign`` signs it (both kept where no Python object leads, in the audit hook's
    closure). The outcome writer hands each record over with ``sys.audit(RECORD, text)``
    from its function whose code is ``record_code``; the guard checks its seals before it
    sends one (:func:`check_now` asks for a check at any other time). ``current_test`` names
    the test an event happened during.

    The guard also registers its own pytest hooks (:class:`Hooks`): at collection it scans
    the learner's source and seals the grader's and the suite's names. It runs on a private
    copy of this module's globals: rebinding one of its names later changes nothing the
    guard does (and the seal reports it).
    """
    guarded = _privately(_install)
    guarded(
        config,
        send=send,
        sign=sign,
        record_code=record_code,
        current_test=current_test,
        submission=submission,
        outcomes_file=outcomes_file,
        allow_network=allow_network,
    )


def check_now() -> None:
    """Have the guard check its seals now (after the learner's import, say)."""
    sys.audit(CHECK)


class Hooks:
    """The guard's pytest hooks: they only tell the guard's audit hook, and hold nothing."""

    @staticmethod
    def pytest_collection_finish(session: pytest.Session) -> None:
        sys.audit(COLLECTED, session)

    @staticmethod
    @pytest.hookimpl(trylast=True)
    def pytest_runtest_logfinish(nodeid: str, location) -> None:
        sys.audit(CHECK)

    @staticmethod
    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(session: pytest.Session) -> None:
        sys.audit(CHECK)


def _signal_for_the_guard(signalnum: int, handler: object) -> object:
    """``signal.signal`` while the guard is installed: the guard sets the handler (and hands
    a handler of the learner's no frame); this function holds nothing of the guard's."""
    asked = [signalnum, handler]
    sys.audit(SIGNAL_SET, asked)
    return asked[0]


class _SourceCache(dict):
    """``linecache.cache`` while the guard is installed: the lines of the hidden tests and
    of the reference code are never kept (a traceback pytest or a suite formats would leave
    them there, for the learner's code to read)."""

    def __setitem__(self, filename: object, entry: object) -> None:
        if not _hidden_source(filename):
            super().__setitem__(filename, entry)


def _hidden_source(filename: object) -> bool:
    if type(filename) is not str or filename.startswith("<"):
        return False
    path = Path(os.path.abspath(filename))
    return any(_inside(path, folder) for folder in (HIDDEN_TESTS, *REFERENCE_CODE))


_real_open = os.open  # taken when this module is first imported, before any learner code


def _open_for_the_guard(path: object, flags: int, mode: int = 0o777, *, dir_fd=None) -> int:
    """``os.open`` while the guard is installed: with ``dir_fd``, the guard first checks the
    path read against that folder (Python's open event names only the path)."""
    if dir_fd is not None:
        sys.audit(OPEN_AT, path, flags, dir_fd)
    return _real_open(path, flags, mode, dir_fd=dir_fd)


# The interpreter's registries that keep what they are handed where nothing lists it, and
# give it back on request (codecs.lookup, codecs.lookup_error): taken when this module is
# first imported, before any learner code.
_REGISTER = {"register": _codecs.register, "register_error": _codecs.register_error}


def _codecs_register_for_the_guard(search: object) -> None:
    """``codecs.register`` while the guard is installed: told to the guard, then done."""
    sys.audit(REGISTERED, "codecs.register")
    return _REGISTER["register"](search)


def _codecs_register_error_for_the_guard(name: object, handler: object) -> None:
    """``codecs.register_error`` while the guard is installed: told to the guard, then done."""
    sys.audit(REGISTERED, "codecs.register_error")
    return _REGISTER["register_error"](name, handler)


def _exit_for_the_guard(code: int) -> None:
    """``os._exit`` while the guard is installed: the guard records the call, then ends the
    process itself."""
    sys.audit(EXITING, code)


def _private_dumps() -> Callable[[dict], str]:
    """``json.dumps`` for records, made of the C encoder's own parts: nothing the learner's
    code can reach (``json``'s shared encoder, its class) takes part in it."""
    make = json.encoder.c_make_encoder
    if make is None:  # not CPython
        return json.JSONEncoder(allow_nan=False).encode

    def refuse(value: object) -> object:
        raise TypeError(f"not a record's value: {type(value).__name__}")

    encode = make(
        None, refuse, json.encoder.encode_basestring_ascii, None, ": ", ", ", False, False, False
    )
    join = "".join
    return lambda record: join(encode(record, 0))


def _exact(value: object, depth: int = 0) -> object:
    """``value`` with every str, bytes and int in it (in tuples and lists, too) of the exact
    built-in type: what the guard does with an event's arguments (hash, compare, slice) then
    runs none of the learner's methods, such as a ``str`` subclass's ``startswith``. The
    handlers ask the rest for its exact type (``type(x) is T``), never ``isinstance``, which
    reads an object's ``__class__``, a property of the learner's."""
    if depth > 4:
        return value
    kind = type(value)  # never isinstance: it would read a learner object's __class__
    if issubclass(kind, str):
        return str.__str__(value)
    if issubclass(kind, bytes):
        return bytes.__getitem__(value, slice(None))
    if issubclass(kind, int) and not issubclass(kind, bool):
        return int.__int__(value)
    if issubclass(kind, tuple):
        return tuple(_exact(item, depth + 1) for item in tuple.__getitem__(value, slice(None)))
    if issubclass(kind, list):
        return [_exact(item, depth + 1) for item in list.__getitem__(value, slice(None))]
    return value


def _frameless(handler: Callable[[int, object], object]) -> Callable[[int, object], object]:
    """A signal handler that is handed ``None`` for the interrupted frame (which the signal
    module allows)."""

    def frameless(signum: int, frame: object) -> object:
        return handler(signum, None)

    return frameless


def _code_file(function: object) -> str | None:
    """The file a function's or a method's code comes from; None for another callable.
    Read through the built-in types' own descriptors: no method or attribute of the
    learner's objects runs inside the guard's hook."""
    if type(function) is types.MethodType:
        function = _METHOD_FUNCTION(function)
    if type(function) is not types.FunctionType:
        return None
    return _FUNCTION_CODE(function).co_filename


def _nested_codes(code: types.CodeType) -> frozenset[types.CodeType]:
    """The code of every function defined in ``code``'s, at any depth."""
    nested = [each for each in code.co_consts if type(each) is types.CodeType]
    return frozenset(nested).union(*map(_nested_codes, nested))


def _defines(kind: type, name: str) -> bool:
    """Whether ``kind`` or a class it inherits from defines ``name``, read from their own
    dictionaries: no metaclass of the learner's is asked."""
    return any(name in _TYPE_DICT(each) for each in _TYPE_MRO(kind))


_TYPE_DICT = type.__dict__["__dict__"].__get__
_TYPE_MRO = type.__dict__["__mro__"].__get__
_TYPE_NAME = type.__dict__["__qualname__"].__get__
_METHOD_FUNCTION = types.MethodType.__dict__["__func__"].__get__
_FUNCTION_CODE = types.FunctionType.__dict__["__code__"].__get__
_IS = operator.is_  # taken at import: a later change of operator's names is never used
_SOCKET_FAMILY = socket.socket.__mro__[1].__dict__["family"].__get__  # _socket.socket's own
# The path objects of the standard library, read with os.fspath: any other object's
# __fspath__ would run the learner's code inside the hook.
_PATH_TYPES = frozenset({
    type(Path()), type(PurePath()), PurePosixPath, PurePath, Path, os.DirEntry,
})  # fmt: skip


def _privately(function: types.FunctionType) -> types.FunctionType:
    """``function`` as it would be in a module of its own: every function of this module that
    it reaches looks names up in a copy of the globals that no other code holds."""
    private = dict(globals())
    for name, value in list(private.items()):
        if isinstance(value, types.FunctionType) and value.__globals__ is globals():
            copy = types.FunctionType(
                value.__code__, private, value.__name__, value.__defaults__, value.__closure__
            )
            copy.__kwdefaults__ = value.__kwdefaults__
            private[name] = copy
    return private[function.__name__]


def _install(
    config: pytest.Config,
    *,
    send: Callable[[str], None],
    sign: Callable[[str], str] | None,
    record_code: types.CodeType,
    current_test: Callable[[], str | None],
    submission: Path,
    outcomes_file: Path | None,
    allow_network: bool,
) -> None:
    abspath, realpath = os.path.abspath, os.path.realpath
    fsdecode, getframe, dumps = os.fsdecode, sys._getframe, _private_dumps()
    gc_isenabled, gc_disable, gc_enable = gc.isenabled, gc.disable, gc.enable
    readlink = os.readlink
    submission = submission.resolve()
    library = _library_folders(submission)
    outcomes = _aliases(outcomes_file) if outcomes_file is not None else set()
    main_pid, main_thread = os.getpid(), threading.get_ident()
    real_signal, real_exit = _signal.signal, posix._exit
    kinds: dict[str, str] = {}  # a code's file: whose code it is
    helpers: dict[str, bool] = {}  # a code's file: one of HELPER_FILES?
    in_grader: dict[str, bool] = {}  # a code's file: a module of the grader's package?
    flagged: set[tuple[str, int]] = set()
    flagged_for: collections.Counter[str] = collections.Counter()  # findings told, by reason
    reported: set[tuple[str, str, str | None]] = set()
    topic = {"processes": False, "changes": ()}
    local = threading.local()
    watched = {(id(owner), name): _static(owner, name) for owner, name in WATCHED}
    sealed: list[Callable[[], list[str]]] = []
    checked: dict[str, object] = {"test": None, "since": False}  # the last record's test
    replacements: dict[tuple[int, str], object] = {}  # (id(loop), name): what a suite set
    collectors: dict[int, list[list[dict]]] = {}  # id(loop): the suite's lists of its errors
    own_codes: dict[tuple[type, types.CodeType], bool] = {}  # (class, code): its own method?

    def kind_of(filename: object) -> str:
        if not isinstance(filename, str):
            return OTHER
        kind = kinds.get(filename)
        if kind is None:
            path = Path(abspath(filename))
            if _inside(path, submission):
                kind = LEARNER
            elif any(_inside(path, folder) for folder in PROJECT_CODE):
                kind = PROJECT
            elif filename.startswith(os.sep) and not str(path).startswith(library):
                kind = LEARNER  # a module the learner's code wrote, and ran, at run time
            else:
                kind = OTHER
            kinds[filename] = kind
        return kind

    def is_helper(filename: str) -> bool:
        """Whether ``filename`` is one of the standard library's helpers that read frames."""
        helper = helpers.get(filename)
        if helper is None:
            helper = helpers[filename] = abspath(filename) in HELPER_FILES
        return helper

    def actor(frame: types.FrameType | None) -> tuple[str, types.FrameType | None]:
        """Whose code this is: the innermost frame of the learner's or the project's files."""
        while frame is not None:
            kind = kind_of(frame.f_code.co_filename)
            if kind != OTHER:
                return kind, frame
            frame = frame.f_back
        return OTHER, None

    def send_record(text: str) -> None:
        if sign is not None:
            text += signing.SEPARATOR + sign(text)
        send(text + "\n")

    def report(kind: str, detail: str) -> None:
        """Send an event record: "tamper", "review" or "exit"; once, where it happens again
        in the same test (code refused in a loop)."""
        if os.getpid() != main_pid:  # a forked child (a process pool's worker): its own
            return  # memory; what it writes on the channel can only make the run untrusted
        during = current_test()
        during = during if type(during) is str else None
        if (kind, detail, during) in reported:
            return
        reported.add((kind, detail, during))
        send_record(dumps({"event": kind, "detail": detail, "during": during}))

    def quietly(walk: Callable[..., bool]) -> Callable[..., bool]:
        """``walk``, a look at frames from a watcher's callback, with the events its reads of
        frames raise taken as the guard's own (a walk runs none of the learner's code)."""

        def looking(*args: object) -> bool:
            if getattr(local, "looking", False):
                return walk(*args)
            busy = getattr(local, "busy", False)
            local.busy = local.looking = True
            try:
                return walk(*args)
            finally:
                local.busy, local.looking = busy, False

        return looking

    def for_the_learner(frame: types.FrameType) -> bool:
        """Whether the project's code at ``frame`` runs on the learner's behalf: reached from
        the learner's code itself through module-level functions of the grader's package (a
        helper such as ``running.wait_until``, handed a callable, runs it as its own), which
        no suite hands over. A fake's method or a suite's function is the project's own."""
        outer = frame
        while frame is not None and kind_of(frame.f_code.co_filename) == PROJECT:
            outer, frame = frame, frame.f_back
        if frame is None or kind_of(frame.f_code.co_filename) != LEARNER:
            return False
        code = outer.f_code
        return "." not in code.co_qualname and graders(code.co_filename)

    def graders(filename: str) -> bool:
        """Whether ``filename`` is a module of the grader's package (not a suite)."""
        inside = in_grader.get(filename)
        if inside is None:
            inside = in_grader[filename] = _inside(Path(abspath(filename)), GRADER_CODE)
        return inside

    @quietly
    def learner_wrote(
        frame: types.FrameType | None, namespace: dict, change: object = None
    ) -> bool:
        """Whether the learner's code made a write to a module's names (``change``, the name
        written, when known): itself, through another module's code, or through code it
        handed over (a thread, a callback, a finalizer, a callable the grader's code ran) with
        no suite's code below (a module's own code may rebind its own names)."""
        if frame is None:
            return False
        name, file = namespace.get("__name__"), namespace.get("__file__")  # exact str only:
        own_files = (  # a str subclass's __eq__ would run the learner's code unheard
            file if type(file) is str else None,
            f"<frozen {name}>" if type(name) is str else None,
        )
        if frame.f_globals is namespace and frame.f_code.co_filename in own_files:
            return False
        return writer(frame, change) == LEARNER

    def writer(frame: types.FrameType | None, change: object = None) -> str:
        """Whose write this is: the innermost learner's or project's frame, and code handed
        over to run later (a thread's, a callback's, a finalizer's) with none of theirs
        between: the learner's, as only the learner's code hands over code of the library's.
        The grader's code that made it and does not name ``change`` ran what it was handed
        (``doer``)."""
        if handed_by_the_learner(frame, change):
            return LEARNER
        while frame is not None:
            code = frame.f_code
            kind = kind_of(code.co_filename)
            if kind != OTHER:
                return LEARNER if kind == PROJECT and for_the_learner(frame) else kind
            if _handed_over(code):
                return LEARNER
            frame = frame.f_back
        return OTHER

    def doer(frame: types.FrameType | None, change: object) -> str:
        """Whose change ``change`` (a method's or an attribute's name) is, asked for by the code
        at ``frame``: its own, when it names the change itself; when the project's code does
        not, a callable it was handed made it, and the change is the hander's."""
        if frame is None:
            return OTHER
        kind = kind_of(frame.f_code.co_filename)
        if kind == PROJECT and not _names(frame.f_code, change):
            return handed_by(frame.f_back)
        return kind

    def handed_by_the_learner(frame: types.FrameType | None, name: object) -> bool:
        """Whether the grader's code at ``frame`` wrote the module name ``name`` through a
        callable the learner's code handed it (it names no such write: no ``name``, no
        subscript, no setattr)."""
        if frame is None or name is None or not graders(frame.f_code.co_filename):
            return False
        code = frame.f_code
        if _names(code, name) or _names(code, "__setitem__") or _names(code, "__delitem__"):
            return False
        return handed_by(frame.f_back) == LEARNER

    def handed_by(frame: types.FrameType | None) -> str:
        """Who handed a callable to the grader's code that ran it, from the frame below that
        code: a suite's code (the project's), the learner's, or code handed over to run later
        (a thread, a callback) with neither below: the learner's, as no suite hands the
        grader's helpers a library's callable; none of them: the grader's, from a hook."""
        while frame is not None:
            code = frame.f_code
            kind = kind_of(code.co_filename)
            if kind == LEARNER:
                return LEARNER
            if kind == PROJECT and not graders(code.co_filename):
                return PROJECT
            if kind == OTHER and _handed_over(code):
                return LEARNER
            frame = frame.f_back
        return PROJECT  # the grader's own, from pytest's hooks

    @quietly
    def learner_or_handed_below(frame: types.FrameType | None) -> bool:
        """Whether the learner's code, or code handed over to run later (a thread's, a
        callback's), is anywhere below ``frame``: what no write of the grader's own to its
        modules' names ever has."""
        while frame is not None:
            code = frame.f_code
            if kind_of(code.co_filename) == LEARNER:
                return True
            if _handed_over(code):
                return True
            frame = frame.f_back
        return False

    @quietly
    def grader_wrote(frame: types.FrameType | None, change: object = None) -> bool:
        """Whether the grader's or a suite's code made a write (of the name ``change``) itself,
        or through pytest's monkeypatch, and nothing else in between."""
        if handed_by_the_learner(frame, change):
            return False
        while frame is not None:
            kind = kind_of(frame.f_code.co_filename)
            if kind != OTHER:
                return kind == PROJECT and not for_the_learner(frame)
            if frame.f_code.co_filename.rpartition(os.sep)[2] != "monkeypatch.py":
                return False
            frame = frame.f_back
        return False

    def learner_changed(cls: type, frame: types.FrameType | None) -> bool:
        """Whether the learner's code changed a class: itself, or through another module's
        code (a class's own module may change it)."""
        module = sys.modules.get(cls.__module__)
        return learner_wrote(frame, vars(module) if module is not None else {})

    def flag(why: str, what: str, frame: types.FrameType | None) -> None:
        learner = frame is not None and kind_of(frame.f_code.co_filename) == LEARNER
        flag_line(why, what, frame.f_lineno if learner else 0)

    def flag_line(why: str, what: str, line: int) -> None:
        """Report a review finding once per reason and line of the learner's file (a few)."""
        if (why, line) in flagged or flagged_for[why] >= MAX_FLAGS_PER_REASON:
            return
        flagged.add((why, line))
        flagged_for[why] += 1
        where = _(", line {line}").format(line=line) if line else ""
        report("review", f"{_(why)} ({_printable(what)}{where})")

    def refuse(what: str) -> None:
        report("tamper", what)
        raise PermissionError(
            _("the grader does not allow this: your code {what}").format(what=what)
        )

    def refuse_for_review(why: str, what: str, frame: types.FrameType | None) -> None:
        flag(why, what, frame)
        raise PermissionError(
            _("the grader does not allow this: your code {what}").format(what=_(why))
        )

    # --- what each audited event means ------------------------------------------------

    def past_helpers(
        what: str, frame: types.FrameType | None, hands_out: Callable[[str], bool]
    ) -> tuple[str, types.FrameType | None]:
        """The frame that asked the standard library's helpers (inspect, traceback) for
        frames, and the helper's name; ``hands_out(function)`` tells a helper that gives
        frames to its caller from one that reads them for its own work."""
        while frame is not None and is_helper(frame.f_code.co_filename):
            function = frame.f_code.co_name
            if not hands_out(function):
                break
            what = f"{Path(frame.f_code.co_filename).stem}.{function}"
            frame = frame.f_back
        return what, frame

    def on_getframe(event: str, args: tuple, frame: types.FrameType) -> None:
        what, frame = past_helpers(
            "sys._getframe", frame, lambda function: function not in READS_FOR_ITSELF
        )
        if frame is not None and kind_of(frame.f_code.co_filename) == LEARNER:
            flag(scan.FRAMES, what, frame)

    def on_getattr(event: str, args: tuple, frame: types.FrameType) -> None:
        name = args[1] if len(args) > 1 else None
        if name not in READ_ATTRIBUTES:
            return
        what, frame = past_helpers(f".{name}", frame, FRAME_HANDERS.__contains__)  # walk_tb()
        if frame is not None and kind_of(frame.f_code.co_filename) == LEARNER:
            flag(scan.FRAMES if name in FRAME_ATTRIBUTES else scan.CODE, what, frame)

    def on_setattr(event: str, args: tuple, frame: types.FrameType) -> None:
        target, name = args[0], args[1]
        if name not in CODE_ATTRIBUTES or type(target) is not types.FunctionType:
            return
        who, where = actor(frame)
        if kind_of(target.__code__.co_filename) == LEARNER:
            if who == LEARNER:
                flag(scan.CODE, f"{name} assigned", where)
        elif who != PROJECT:
            function = f"{target.__module__}.{target.__qualname__}"
            refuse(_("replaced the code of {function}").format(function=function))

    def on_gc(event: str, args: tuple, frame: types.FrameType) -> None:
        who, where = actor(frame)
        if who != PROJECT:
            refuse_for_review(scan.GC, event, where)

    def on_ctypes(event: str, args: tuple, frame: types.FrameType) -> None:
        who, where = actor(frame)
        if who != PROJECT:
            refuse_for_review(scan.CTYPES, event, where)

    def on_import(event: str, args: tuple, frame: types.FrameType) -> None:
        name = args[0] if args and type(args[0]) is str else ""
        root = name.partition(".")[0]
        if root in scan.MACHINERY or root in scan.LOW_LEVEL:
            who, where = actor(frame)
            if who == LEARNER:
                why = scan.CTYPES if root in scan.LOW_LEVEL else scan.MODULES
                flag(why, f"import {name}", where)

    def on_find_class(event: str, args: tuple, frame: types.FrameType) -> None:
        """``pickle``'s ``find_class(module, name)`` called by the learner's code itself, or
        by ``pickle.loads`` it called: any module's object, imported or not, by names given
        as text (``sys.modules``, ctypes, a suite's checks). A process pool's own unpickling
        (in a worker forked under the learner's call) is the library's."""
        if kind_of(frame.f_code.co_filename) == LEARNER:
            module = args[0] if args and type(args[0]) is str else "?"
            name = args[1] if len(args) > 1 and type(args[1]) is str else "?"
            flag(scan.MODULES, f"pickle find_class({module!r}, {name!r})", frame)

    def on_hook(event: str, args: tuple, frame: types.FrameType) -> None:
        if event in FRAME_EVENTS:  # pytest-timeout reads every thread's frames when a test
            if kind_of(frame.f_code.co_filename) == LEARNER:  # times out: on top of the
                flag(scan.FRAMES, event, frame)  # learner's loop, but not the learner's call
            return
        who, where = actor(frame)
        if who == LEARNER:
            flag(scan.HOOKS, event, where)

    def on_process(event: str, args: tuple, frame: types.FrameType) -> None:
        who, where = actor(frame)
        if who == PROJECT:
            return
        if event.startswith("os.fork") and kind_of(frame.f_code.co_filename) == LEARNER:
            flag(scan.FORK, event, frame)
        elif not topic["processes"]:
            flag(scan.PROCESSES, event, where)

    def located(path: object, dir_fd: object = None) -> str | None:
        """The path an event names: ``path`` read against the folder open as ``dir_fd``
        (``os.open(..., dir_fd=)``, ``os.rename(..., src_dir_fd=)``), or the file or folder
        open as ``path`` itself (``os.listdir(fd)``); None for anything else."""
        if type(path) is int:
            base, rest = path, ""
        elif type(path) in (str, bytes) or type(path) in _PATH_TYPES:
            text = fsdecode(path)
            if type(dir_fd) is not int or dir_fd < 0 or os.path.isabs(text):
                return text
            base, rest = dir_fd, text
        elif _defines(type(path), "__fspath__"):
            refuse(
                _("named a file with an object of its own class ({kind}), not a str or a Path")
                .format(kind=_TYPE_NAME(type(path)))
            )  # fmt: skip
        else:
            return None
        try:
            where = readlink(f"/proc/self/fd/{base}")
        except OSError:
            return None  # no such descriptor: the call itself fails
        return os.path.join(where, rest) if rest else where

    def on_open_at(event: str, args: tuple, frame: types.FrameType) -> None:
        """``os.open`` with ``dir_fd`` (the open event names only the path): the path read
        against its folder, checked as an open by the shim's caller."""
        path, flags, dir_fd = (*args, None, None, None)[:3]
        text = located(path, dir_fd)
        if text is not None:
            on_open("open", (text, None, flags), frame.f_back)

    def on_open(event: str, args: tuple, frame: types.FrameType) -> None:
        path = args[0] if args else None
        text = located(path)
        if text is None:
            return
        names = {Path(abspath(text)), Path(realpath(text))}  # /dev/fd/.. is /proc/self
        if event == "open":
            _check_open(text, args, names)
            if any(_inside(name, HIDDEN_TESTS) for name in names - {CATALOG_FILE}):
                who, where = actor(frame)
                if who == LEARNER:  # its output would show them
                    refuse_for_review(scan.HIDDEN_TESTS, text[-60:], where)
        in_proc = [name for name in names if _inside(name, PROC)]
        if in_proc:
            who, where = actor(frame)
            if who == PROJECT:
                return
            if any(name.name in PROCESS_MEMORY for name in in_proc):  # the key, the seals
                refuse_for_review(scan.PROC, text[-40:], where)
            flag(scan.PROC, text[:40], where)

    def on_change_file(event: str, args: tuple, frame: types.FrameType) -> None:
        """Renaming, linking, removing or truncating a file, or changing its mode, is
        writing to it (and, for a rename or a link, to where it goes)."""
        for path_at, dir_fd_at in DIR_FDS.get(event, {0: None}).items():
            path = args[path_at] if path_at < len(args) else None
            dir_fd = args[dir_fd_at] if dir_fd_at is not None and dir_fd_at < len(args) else None
            text = located(path, dir_fd)
            if text is not None:
                _check_path(text, writing=True)

    def _check_open(text: str, args: tuple, names: set[Path] | None = None) -> None:
        mode, flags = (*args, None, None)[1:3]
        writing = (type(mode) is str and any(c in mode for c in "wax+")) or (
            type(flags) is int and flags & (os.O_WRONLY | os.O_RDWR)
        )
        _check_path(text, writing=bool(writing), names=names)

    def _check_path(text: str, writing: bool, names: set[Path] | None = None) -> None:
        # The name as given, and the file it leads to (through symbolic links, and "//").
        names = names or {Path(abspath(text)), Path(realpath(text))}
        if names & outcomes:
            refuse(_("opened the grader's results file"))
        for target in names:
            if _inside(target, submission):
                continue
            if any(_inside(target, folder) for folder in REFERENCE_CODE):
                solution = target.relative_to(ROOT)
                refuse(_("opened the reference solution {path}").format(path=solution))
            if (
                writing
                and any(_inside(target, folder) for folder in PROTECTED_WRITES)
                and not any(_inside(target, folder) for folder in LEARNER_WRITABLE)
            ):
                refuse(_("wrote to {path}").format(path=target))

    def on_code(event: str, args: tuple, frame: types.FrameType) -> None:
        """Code that passes for the grader's: compiled or built under its file names, or the
        grader's own code run with other globals, would be trusted as the grader's."""
        if event == "marshal.loads":  # the import system reads .pyc files; the learner, never
            if kind_of(frame.f_code.co_filename) == LEARNER:
                refuse_for_review(scan.CODE, event, frame)
            return
        if event in ("compile", "code.__new__"):
            filename = args[1] if len(args) > 1 else None
            if type(filename) is bytes:
                filename = fsdecode(filename)
        else:  # function.__new__ and exec: the code object they are given
            code = args[0] if args else None
            filename = code.co_filename if type(code) is types.CodeType else None
        if event in ("compile", "exec") and kind_of(frame.f_code.co_filename) == LEARNER:
            flag(scan.BUILT, event, frame)  # code the guard could not tell from the library's
        if kind_of(filename) != PROJECT:
            return
        who, where = actor(frame)
        if event == "exec":  # the import system runs the grader's modules on anyone's behalf
            who, where = kind_of(frame.f_code.co_filename), frame
        if who == LEARNER:
            refuse_for_review(
                scan.CODE, _("{event} with the grader's code").format(event=event), where
            )

    def on_connect(event: str, args: tuple, frame: types.FrameType) -> None:
        check_connect(args, allow_network)

    followed: dict[int, tuple] = {}  # id(item): (item, test, wrapper's code)
    ended: set[int] = set()

    def on_followed(event: str, args: tuple, frame: types.FrameType | None) -> None:
        if actor(frame)[0] == PROJECT and len(args) == 3:
            followed.setdefault(id(args[0]), args)

    def on_ended(event: str, args: tuple, frame: types.FrameType | None) -> None:
        entry = followed.get(id(args[0])) if args else None
        if entry is None:
            return
        item, test, code = entry
        own = frame is not None and frame.f_code is code
        names = frame.f_locals if own else {}
        if own and names.get("item") is item and names.get("test") is test:
            ended.add(id(item))
        else:
            refuse(_("announced a test's end itself"))

    def on_ran(event: str, args: tuple, frame: types.FrameType | None) -> None:
        key = id(args[0]) if args else None
        if key in followed and key not in ended:
            raise UnfinishedTest
        ended.discard(key)

    def learner_below(frame: types.FrameType | None) -> bool:
        while frame is not None:
            if kind_of(frame.f_code.co_filename) == LEARNER:
                return True
            frame = frame.f_back
        return False

    def on_record(event: str, args: tuple, frame: types.FrameType) -> None:
        """A record from the outcome writer's own code, on the main thread, with none of the
        learner's code below it; the seals were checked after the test before (and before
        "finished") or it is tampering."""
        record = args[0] if len(args) == 1 else None
        if (
            type(record) is not dict
            or frame.f_code is not record_code
            or threading.get_ident() != main_thread
            or learner_below(frame)
        ):
            refuse(_("wrote an outcome record itself"))
        test = record.get("test", "finished" if "finished" in record else None)
        if test is not None:
            if checked["test"] not in (None, test) and not checked["since"]:
                report("tamper", _("stopped the guard's check after a test"))
            checked.update(test=test, since=False)
        send_record(dumps(record))

    def on_check(event: str, args: tuple, frame: types.FrameType) -> None:
        check()
        checked["since"] = True

    def on_collected(event: str, args: tuple, frame: types.FrameType) -> None:
        session = args[0] if args else None
        if sealed or type(session) is not pytest.Session or learner_below(frame):
            return
        seal(session)

    def on_signal(event: str, args: tuple, frame: types.FrameType) -> None:
        """``signal.signal``: a handler of the learner's is called without the frame the signal
        interrupted, which would hand it the whole stack unaudited; and it is flagged."""
        asked = args[0] if args else None
        if type(asked) is not list or len(asked) != 2:
            return
        signalnum, handler = asked
        who, where = actor(frame.f_back)  # the shim's caller
        if who == LEARNER and callable(handler):
            if kind_of(_code_file(handler)) != OTHER:  # not asyncio.run's own, say
                flag(scan.FRAMES, "signal.signal", where)
            handler = _frameless(handler)
        asked[0] = real_signal(signalnum, handler)

    def on_registered(event: str, args: tuple, frame: types.FrameType) -> None:
        """A codec search function or error handler registered: by the learner's code, it is
        flagged (the interpreter keeps it where no rule reads, and hands it back)."""
        who, where = actor(frame.f_back)  # the shim's caller
        if who == LEARNER:
            flag(scan.INTERPRETER_REGISTRY, str(args[0]) if args else event, where)

    def on_exit(event: str, args: tuple, frame: types.FrameType) -> None:
        code = args[0] if args else 1
        if os.getpid() == main_pid:
            report("exit", f"os._exit({code})")
        real_exit(code)

    def on_evidence_write(event: str, args: tuple, frame: types.FrameType) -> None:
        """An object a suite made, or one of its records, about to change (``EVIDENCE_WRITE``,
        what, name and the object, raised in ``evidence.py``): only the grader's and the
        suites' code may change them, and a library's method of the object's own class (an
        ``asyncio.Queue``'s, on a suite's queue). The learner's code may not, itself, through
        a library function it calls (``functools.update_wrapper``) or through a callback or a
        thread with no suite's code below it."""
        setter = frame.f_back
        if setter is None:
            return
        change = args[1] if len(args) > 1 else None
        who = doer(setter, change)
        if who == PROJECT and for_the_learner(setter):
            who = LEARNER
        if who == OTHER and not own_method(args[2] if len(args) > 2 else None, setter.f_code):
            who, where = actor(setter)  # through a library's code: what the grader's ran
            if who == PROJECT and graders(where.f_code.co_filename):
                who = doer(where, change)
            # No suite's code on the stack either: a callback or a thread the learner's code
            # handed the change to (loop.call_soon(store.saved.append, item)).
            who = LEARNER if who == OTHER else who
        if who == LEARNER:
            what = ".".join(part if type(part) is str else "?" for part in args[:2])
            refuse(_("changed what the tests keep to grade the run ({what})").format(what=what))

    def own_method(owner: object, code: types.CodeType) -> bool:
        """Whether ``code`` is a function that ``owner``'s class, or a class it comes from,
        defines, or code of the module that defines one (a process pool's manager thread, in
        ``concurrent.futures.process``, marks the pool shut down): read from the classes' own
        dicts, so none of the learner's code runs."""
        key = (type(owner), code)
        known = own_codes.get(key)
        if known is None:
            classes = _TYPE_MRO(type(owner))
            modules = {_TYPE_DICT(cls).get("__module__") for cls in classes}
            files = {getattr(sys.modules.get(name), "__file__", None) for name in modules}
            known = own_codes[key] = code.co_filename in files - {None} or any(
                type(value) is types.FunctionType and _FUNCTION_CODE(value) is code
                for cls in classes
                for value in _TYPE_DICT(cls).values()
            )
        return known

    def on_loop_write(event: str, args: tuple, frame: types.FrameType) -> None:
        """A test loop's attribute set or method replaced: the learner's own code may not
        (``how``: "frame", the code that set it; "actor", the code behind it)."""
        name, how, loop, value = (*args, None, None, None, None)[:4]
        name = name if type(name) is str else "?"
        caller = frame.f_back
        if how == "frame":
            who = doer(caller, name)
        else:
            who, where = actor(caller)
            if where is caller and who == PROJECT:  # set by the project's code itself?
                who = doer(where, name)
        if who == LEARNER:
            raise loops.refused(name)
        if loop is not None:
            replacements[(id(loop), name)] = value

    def on_loop_read(event: str, args: tuple, frame: types.FrameType) -> None:
        """A replaced loop method about to be used: only one the guard let through."""
        loop, name, value = (*args, None, None, None)[:3]
        name = name if type(name) is str else "?"
        if value is None or replacements.get((id(loop), name)) is not value:
            refuse(_("replaced the test loop's {name}").format(name=name))

    def on_loop_collect(event: str, args: tuple, frame: types.FrameType) -> None:
        asked = args[0] if args else None
        if type(asked) is not list or len(asked) != 3 or learner_below(frame):
            return
        loop, errors, starting = asked
        kept = collectors.setdefault(id(loop), [])
        if starting is None:
            kept[:] = [each for each in kept if each is not errors]
        else:
            kept.append(errors)
            asked[2] = True

    def on_loop_error(event: str, args: tuple, frame: types.FrameType) -> None:
        loop, context = (*args, None, None)[:2]
        for errors in collectors.get(id(loop), ()):
            errors.append(context)

    def on_clock_rewound(event: str, args: tuple, frame: types.FrameType) -> None:
        report("tamper", _("moved the test's virtual clock back"))

    handlers: dict[str, Callable[[str, tuple, types.FrameType], None]] = {
        TEST_FOLLOWED: on_followed,
        TEST_ENDED: on_ended,
        TEST_RAN: on_ran,
        RECORD: on_record,
        CHECK: on_check,
        COLLECTED: on_collected,
        SIGNAL_SET: on_signal,
        EXITING: on_exit,
        REGISTERED: on_registered,
        OPEN_AT: on_open_at,
        LOOP_WRITE: on_loop_write,
        EVIDENCE_WRITE: on_evidence_write,
        loops.LOOP_READ: on_loop_read,
        loops.LOOP_COLLECT: on_loop_collect,
        loops.LOOP_ERROR: on_loop_error,
        loops.CLOCK_REWOUND: on_clock_rewound,
        "open": on_open,
        "os.listdir": on_open,
        "os.scandir": on_open,
        "socket.connect": on_connect,
        **dict.fromkeys(FILE_CHANGE_EVENTS, on_change_file),
        "sys._getframe": on_getframe,
        GETATTR: on_getattr,
        "object.__setattr__": on_setattr,
        "import": on_import,
        "pickle.find_class": on_find_class,
        **dict.fromkeys(CODE_EVENTS, on_code),
        **dict.fromkeys(GC_EVENTS, on_gc),
        **dict.fromkeys(HOOK_EVENTS | FRAME_EVENTS, on_hook),
        **dict.fromkeys(PROCESS_EVENTS, on_process),
    }

    def audit(event: str, args: tuple) -> None:
        if event == LOOP_WRITE and len(args) == 2 and not getattr(local, "busy", False):
            return on_loop_attribute(args[0])
        if (
            event == GETATTR
            and len(args) == 2
            and type(args[1]) is str
            and not getattr(local, "busy", False)
        ):  # the most frequent events: a function's defaults or code read, by the library's
            if args[1] not in READ_ATTRIBUTES:
                return
            if args[1] == "__code__" and not code_read_by_learner():
                return
        handler = handlers.get(event)
        if handler is None:
            if not event.startswith("ctypes."):
                return
            handler = on_ctypes
        if getattr(local, "busy", False):  # the guard's own look at frames and code...
            if getattr(local, "looking", False):
                return
            local.looking = True  # reading a frame's code is itself an event
            try:
                raiser = getframe(1)
                learner = raiser.f_code not in hook_codes and ran_inside(raiser)
            finally:
                local.looking = False
            if learner:
                what = _("ran its own code inside the grader's checks ({event})")
                refuse(what.format(event=event))
            return  # ...not the learner's, which the guard never runs
        local.busy = local.looking = True  # its own call is no event to look at
        # No collection while the guard looks: a generator of the learner's that the collector
        # closed would run its code (a finally) inside the guard's, and be taken for code the
        # guard was made to run.
        collecting = gc_isenabled()
        gc_disable()
        try:
            frame = getframe(1)
            raiser = kind_of(frame.f_code.co_filename) if event in SHIM_EVENTS else PROJECT
            local.looking = False
            if raiser != PROJECT:
                refuse(_("raised one of the grader's own events ({event})").format(event=event))
            handler(event, args if event in RAW_EVENTS else _exact(args), frame)
        finally:
            local.busy = local.looking = False
            if collecting:
                gc_enable()

    def code_read_by_learner() -> bool:
        """Whether the code that read a function's ``__code__`` is the learner's: the only
        reader :func:`on_getattr` flags (no helper hands a code out), told the short way."""
        local.busy = local.looking = True  # reading the frame's code is itself an event
        try:
            return kind_of(getframe(2).f_code.co_filename) == LEARNER  # (1 is audit's own)
        finally:
            local.busy = local.looking = False

    def ran_inside(frame: types.FrameType | None) -> bool:
        """Whether learner code is among the frames from ``frame`` down to the hook's own:
        code the guard was made to run (an object's ``__fspath__``, a property), which
        raised an event itself or through a library function (``logging.currentframe``)."""
        while frame is not None and frame.f_code is not audit_code:
            if kind_of(frame.f_code.co_filename) == LEARNER:
                return True
            frame = frame.f_back
        return False

    def on_loop_attribute(name: object) -> None:
        """A test loop's attribute about to be set (``LOOP_WRITE``, name and "frame"): the
        hottest event, as looptime sets several on each turn of a virtual loop, so it takes
        the shortest way. It asks only whose code set it, and reads that frame with the
        events its reading raises ignored, as its own."""
        local.busy = local.looking = True
        try:
            raiser = getframe(2)  # (1 is audit's own frame)
            setter = raiser.f_back
            raised_by = kind_of(raiser.f_code.co_filename)
            set_by = kind_of(setter.f_code.co_filename) if setter is not None else OTHER
        finally:
            local.busy = local.looking = False
        if raised_by != PROJECT:
            refuse(_("raised one of the grader's own events ({event})").format(event=LOOP_WRITE))
        if set_by == LEARNER:
            raise loops.refused(name if type(name) is str else "?")

    # --- the seal: what must not change between collection and the end ------------------

    def seal(session: pytest.Session) -> None:
        """Scan the learner's source, and seal what the grade relies on."""
        stems = {Path(item.path).stem.removeprefix("test_") for item in session.items}
        topics = config.stash.get(catalog_key, None)
        if topics is None:
            topics = load_catalog(Path(config.getoption("catalog")))
        catalog = {t.stem: t for t in topics}
        topics = [catalog[stem] for stem in stems if stem in catalog]
        topic["processes"] = bool(topics) and all(t.processes for t in topics)
        topic["changes"] = tuple(name for t in topics for name in t.changes)
        for stem in sorted(stems):
            learner_file = submission / f"{stem}.py"
            if learner_file.is_file() and not learner_file.is_symlink():
                data = learner_file.read_bytes()
                for why, what, line in scan.scan_file(data, topic["processes"], topic["changes"]):
                    flag_line(why, what, line)
        seal_classes(_fake_modules(session.items))  # before _seal_code remembers the classes
        namespaces = _namespaces(session.items)
        if watchers.available():
            namespaces += _shared_by_every_call()
            sealed.append(
                _watch_namespaces(
                    namespaces, learner_wrote, grader_wrote, learner_or_handed_below, flag
                )
            )
        else:
            sealed.append(_poll_namespaces(namespaces))
            sealed.append(_poll_shared(_shared_by_every_call(), flag))
        sealed.append(_seal_code(session.items, learner_changed))
        sealed.append(_seal_items(session.items))
        sealed.append(_seal_suite_data(session.items))
        sealed.append(_seal_hooks(config.pluginmanager))
        sealed.append(_seal_loop_policy())
        sealed.append(_seal_grader_plugins(config.pluginmanager))

    def check() -> None:
        """Report, and put back, every change to what the grade relies on."""
        for owner, name in WATCHED:
            original = watched[(id(owner), name)]
            if _static(owner, name) is not original:
                label = getattr(owner, "__name__", type(owner).__name__)
                report("tamper", _("replaced {name}").format(name=f"{label}.{name}"))
                setattr(owner, name, original)
        for each in sealed:
            for change in each():
                report("tamper", change)

    audit_code = audit.__code__
    # The code of the hook's own functions, which read frames and code as they look at an
    # event: an event one of them raises is the guard's own look, with no need to walk the
    # frames to the hook for code of the learner's.
    hook_codes = _nested_codes(_FUNCTION_CODE(_install))
    linecache.cache = _SourceCache(
        (name, entry) for name, entry in linecache.cache.items() if not _hidden_source(name)
    )
    sys.addaudithook(audit)
    _signal.signal = _signal_for_the_guard  # what signal.signal calls
    codecs.register = _codecs.register = _codecs_register_for_the_guard
    codecs.register_error = _codecs.register_error = _codecs_register_error_for_the_guard
    os._exit = posix._exit = _exit_for_the_guard  # the same function under both names
    os.open = posix.open = _open_for_the_guard
    config.pluginmanager.register(Hooks, "grader-guard")


def check_connect(args: tuple, allow_network: bool = False) -> None:
    """Refuse a connection to anything but loopback (``socket.connect``'s audit arguments),
    unless the teacher allows the network."""
    sock, address = args
    family = _SOCKET_FAMILY(sock) if issubclass(type(sock), socket.socket.__mro__[1]) else None
    if allow_network or family not in (socket.AF_INET, socket.AF_INET6):
        return
    host = address[0] if type(address) is tuple else address
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        raise PermissionError(
            _("the grader allows connections to loopback (127.0.0.1) only, not {host}").format(
                host=host
            )
        )


@dataclass(frozen=True)
class Namespace:
    """A module's names as the guard seals them: which may change, and which changes count."""

    namespace: dict
    label: str  # the module's name, for messages
    left_open: frozenset[str] = frozenset()  # names honest code and the test tools rebind
    additions: bool = True  # whether a name added counts (not in the library: caches)
    decides: bool = False  # a suite: only names that decide a verdict count (_decides)
    owned: bool = False  # the grader's or a suite's: written by the project's own code alone
    # Process-wide state every call can reach (the environment, the main thread's attributes):
    # the learner's code writing there is flagged for review with this reason, never sealed.
    flagged: str = ""

    def counts(self, name: object, original: object) -> bool:
        """Whether changing ``name``, bound to ``original`` (MISSING: added), counts."""
        if name in self.left_open or name in HOUSEKEEPING:
            return False
        if original is MISSING and not self.additions:
            return False
        if self.decides:
            return _decides(name, {} if original is MISSING else {name: original})
        return True

    def put_back(self, name: object, original: object) -> None:
        if original is MISSING:
            self.namespace.pop(name, None)
        else:
            self.namespace[name] = original


def _namespaces(items: list[pytest.Item]) -> list[Namespace]:
    """The namespaces a grade relies on, each once: the grader's and the suites' modules, the
    builtins (``type``, ``bool``, ``len``), and the modules of the standard library and of
    the installed packages loaded now (``inspect.iscoroutinefunction``, pytest's helpers)."""
    chosen: dict[int, Namespace] = {}
    for name, module in sorted(sys.modules.items()):
        if _is_grader(name) and isinstance(module, types.ModuleType):
            space = Namespace(vars(module), module.__name__, owned=True)
            chosen.setdefault(id(vars(module)), space)
    for item in items:
        module = getattr(item, "module", None)
        if module is not None:  # a suite may keep data in its globals: not its functions
            space = Namespace(vars(module), module.__name__, decides=True, owned=True)
            chosen.setdefault(id(vars(module)), space)
    chosen.setdefault(id(vars(builtins)), Namespace(vars(builtins), "builtins", BUILTINS_LEFT_OPEN))
    library = sysconfig_folders("stdlib", "platstdlib", "purelib", "platlib")
    left_open = library_left_open()
    found: dict[int, tuple[types.ModuleType, set[str]]] = {}
    for name, module in list(sys.modules.items()):
        if not isinstance(module, types.ModuleType) or id(vars(module)) in chosen:
            continue
        origin = getattr(module, "__file__", None)
        if origin is None or (isinstance(origin, str) and origin.startswith(library)):
            _module, opened = found.setdefault(id(module), (module, set()))
            opened.update(left_open.get(name, ()))  # each module once, under any of its names
    for module, opened in found.values():
        space = Namespace(vars(module), module.__name__, frozenset(opened), additions=False)
        chosen[id(vars(module))] = space
    return list(chosen.values())


def _imports(frame: types.FrameType | None) -> bool:
    """Whether ``frame`` is the import system's (which binds a submodule on its package)."""
    return frame is not None and frame.f_code.co_filename.startswith("<frozen importlib")


PYTEST_SETS = frozenset({b"PYTEST_CURRENT_TEST"})  # in the environment, at each test's phase


def _shared_by_every_call() -> list[Namespace]:
    """What every call in the test process reaches without its module, and keeps between
    tests: the environment, the main thread's attributes (a memo there is shared state)."""
    thread = threading.main_thread()
    return [
        Namespace(os.environ._data, "os.environ", PYTEST_SETS, flagged=scan.ENVIRONMENT),
        Namespace(instance_dict(thread), "threading.main_thread()", flagged=scan.THREAD_STATE),
    ]


def _poll_shared(
    spaces: list[Namespace], flag: Callable[[str, str, types.FrameType | None], None]
) -> Callable[[], list[str]]:
    """Where no watcher hears writes (3.11): compare ``spaces`` (:func:`_shared_by_every_call`)
    at every check, and flag what changed since the last one, by whomever."""
    kept = [(space, dict(space.namespace)) for space in spaces]

    def changes() -> list[str]:
        for space, before in kept:
            now = space.namespace
            for name in sorted(now.keys() ^ before.keys() | _rebound(now, before), key=repr):
                if name not in space.left_open:
                    flag(space.flagged, f"{space.label}[{name!r}]", None)
            before.clear()
            before.update(now)
        return []

    return changes


def _rebound(now: dict, before: dict) -> set:
    """The names bound in both to other values (the environment's bytes compared by value)."""
    return {
        name
        for name in now.keys() & before.keys()
        if now[name] is not before[name]
        and not (
            type(now[name]) is bytes and type(before[name]) is bytes and now[name] == before[name]
        )
    }


def instance_dict(value: object) -> dict:
    """``value``'s attributes, in a dict of their own that every later write goes through
    (on 3.13 an attribute kept in the object's inline values is written past its dict, where
    no watcher hears it)."""
    held = dict(vars(value))
    value.__dict__ = held
    return held


def _poll_namespaces(namespaces: list[Namespace]) -> Callable[[], list[str]]:
    """Remember every binding of ``namespaces``; return what tells a change that counts, and
    puts it back.

    Thousands of bindings after every test: all of them are compared in one flat pass,
    without a Python loop, when nothing changed.
    """
    kept = [
        (space, {k: v for k, v in space.namespace.items() if k not in space.left_open})
        for space in namespaces
    ]
    spaces = tuple(chain.from_iterable(repeat(s.namespace, len(b)) for s, b in kept))
    names = tuple(chain.from_iterable(bindings for _s, bindings in kept))
    values = tuple(chain.from_iterable(bindings.values() for _s, bindings in kept))
    sizes = tuple((s.namespace, len(s.namespace)) for s in namespaces if s.additions)

    def changes() -> list[str]:
        now_values = map(dict.get, spaces, names, repeat(MISSING))
        if all(map(operator.is_, now_values, values)) and all(
            len(namespace) == size for namespace, size in sizes
        ):
            return []
        found = []
        for space, bindings in kept:
            now = space.namespace
            changed = [
                name for name, value in bindings.items() if now.get(name, MISSING) is not value
            ]
            if space.additions:
                changed += [name for name in now if name not in bindings]
            for name in changed:
                original = bindings.get(name, MISSING)
                if space.counts(name, original):
                    found.append(_("rebound {name}").format(name=f"{space.label}.{name}"))
                    space.put_back(name, original)
        return found

    return changes


def _watch_namespaces(
    namespaces: list[Namespace],
    learner_wrote: Callable[[types.FrameType | None, dict, object], bool],
    grader_wrote: Callable[[types.FrameType | None, object], bool],
    learner_or_handed_below: Callable[[types.FrameType | None], bool],
    flag: Callable[[str, str, types.FrameType | None], None],
) -> Callable[[], list[str]]:
    """Hear of every write to ``namespaces`` as it is made (CPython 3.12 and later); return
    what tells a change that counts, and puts it back.

    A change counts when it is still there, as with a seal; and a write the learner's code
    made itself counts even when it was undone before the test ended. The grader's and the
    suites' modules are the project's alone: a write to one with the learner's code, or code
    handed over to run later, anywhere below counts, whatever code of the grader's ran it.
    A name the learner's code adds to a library's module (``sys.memo = {}``, under any name
    it reaches the module by), and its writes to a namespace :attr:`Namespace.flagged`, are
    flagged for review: state every call shares, out of the shared-state rule's sight.
    """
    spaces = {id(space.namespace): space for space in namespaces}
    touched: dict[tuple[int, object], list] = {}  # (namespace, name): [space, original, direct]
    added: set[tuple[int, object]] = set()  # names the library added since: not sealed
    busy = threading.local()  # set while the guard puts a name back
    canary: dict = {}  # written at every check: if that goes unheard, the watcher was stopped
    heard: list[object] = []

    def on_write(event: int, namespace: dict, key: object, frame: types.FrameType | None):
        if namespace is canary:
            heard.append(key)
            return
        space = spaces.get(id(namespace))
        if space is None or getattr(busy, "putting_back", False):
            return
        if space.flagged:
            if learner_wrote(frame, namespace, key):
                flag(
                    space.flagged, space.label if key is None else f"{space.label}[{key!r}]", frame
                )
            return
        for name in list(namespace) if key is None else [key]:  # key None: cleared
            slot = (id(namespace), name)
            if slot in added or name in space.left_open:
                continue
            entry = touched.get(slot)
            if entry is None:
                original = namespace.get(name, MISSING)  # the write has not happened yet
                if original is MISSING and not space.additions:
                    if (
                        name not in HOUSEKEEPING  # (warnings' registry of a warned module)
                        and not _imports(frame)
                        and learner_wrote(frame, namespace, name)
                    ):
                        flag(scan.IMPORTED_STATE, f"{space.label}.{name}", frame)
                    added.add(slot)
                    continue
                entry = touched[slot] = [space, original, False, False]
            if space.owned and learner_or_handed_below(frame):
                entry[3], entry[2] = False, True  # whatever runs it, on the learner's behalf
                continue
            entry[3] = grader_wrote(frame, name)  # the last write's (then not the learner's)
            entry[2] = entry[2] or (not entry[3] and learner_wrote(frame, namespace, name))

    def changes() -> list[str]:
        heard.clear()
        canary["beat"] = object()  # a new value: a write the watcher must hear
        found = [] if heard else [_("stopped the guard's watcher of module names")]
        busy.putting_back = True
        try:
            for (_namespace, name), entry in list(touched.items()):
                space, original, direct, grader_last = entry
                now = space.namespace.get(name, MISSING)
                if (now is not original or direct) and space.counts(name, original):
                    # The grader's own patch, left by a teardown that never ran (the learner's
                    # code raised KeyboardInterrupt), is put back, and blamed on no one.
                    if direct or not grader_last:
                        found.append(_("rebound {name}").format(name=f"{space.label}.{name}"))
                    space.put_back(name, original)
        finally:
            busy.putting_back = False
        touched.clear()
        return found

    watcher = watchers.DictWatcher(on_write)
    for space in [*namespaces, Namespace(canary, "canary")]:
        watcher.watch(space.namespace)
    changes.watcher = watcher  # kept alive as long as the seal
    return changes


FAKES_MODULES = ("grader.inside.suite", "grader.inside.spies", "grader.inside.timeline")


def _fake_modules(items: list[pytest.Item]) -> list[types.ModuleType]:
    """The modules whose classes make the objects a test hands the learner's code: the
    suites', and the helpers they share."""
    modules = {id(item.module): item.module for item in items if getattr(item, "module", None)}
    shared = [sys.modules[name] for name in FAKES_MODULES if name in sys.modules]
    return [*modules.values(), *shared]


def _seal_code(
    items: list[pytest.Item], learner_changed: Callable[[type, types.FrameType | None], bool]
) -> Callable[[], list[str]]:
    """Remember the classes of the grader, the suites and what runs the tests (pytest, pluggy,
    asyncio, looptime), and what the closures of their functions and of the tests hold;
    return what tells a change, and puts it back.

    On Python 3.12 and later the classes are watched too: a change the learner's code makes
    to one counts even when it was undone before the test ended (``learner_changed`` tells).
    """
    modules = [module for name, module in sorted(sys.modules.items()) if _is_grader(name)]
    modules += [item.module for item in items if getattr(item, "module", None) is not None]
    machinery = [sys.modules[name] for name in SEALED_MACHINERY if name in sys.modules]
    closures: dict[int, tuple[str, tuple, tuple]] = {}  # label, cells, what each held
    classes: dict[int, tuple[type, dict]] = {}
    for module in modules + machinery:
        for value in list(vars(module).values()):
            for function, label in _functions_of(value, module.__name__):
                _remember_closure(closures, function, label)
            if isinstance(value, type) and value.__module__ == module.__name__:
                classes.setdefault(id(value), (value, Bindings(vars(value))))
    for item in items:
        function = getattr(item, "obj", None)
        if isinstance(function, types.FunctionType):
            _remember_closure(closures, function, _("the test {name}").format(name=item.name))

    changed_by_learner: list[type] = []
    canary = type("Canary", (), {"beat": None})  # changed at every check, as for the names
    heard: list[type] = []

    def on_change(cls: type, frame: types.FrameType | None) -> None:
        if cls is canary:
            heard.append(cls)
        elif learner_changed(cls, frame):
            changed_by_learner.append(cls)

    watcher = None
    if watchers.available():
        watcher = watchers.TypeWatcher(on_change)
        for cls in [canary, *(cls for cls, _snapshot in classes.values())]:
            watcher.watch(cls)

    def changes() -> list[str]:
        found = [
            _("changed {name}").format(name=f"{cls.__module__}.{cls.__qualname__}")
            for cls in dict.fromkeys(changed_by_learner)
        ]
        changed_by_learner.clear()
        if watcher is not None:
            heard.clear()
            _unused = canary.beat  # a lookup: the type watcher hears the next change again
            canary.beat = object()
            if not heard:
                found.append(_("stopped the guard's watcher of classes"))
        if unchanged():  # the usual case, told at once
            return found
        for cls, snapshot in classes.values():
            before = snapshot.bindings
            for name in snapshot.changed(vars(cls)):
                attribute = f"{cls.__module__}.{cls.__qualname__}.{name}"
                found.append(_("changed {name}").format(name=attribute))
                with contextlib.suppress(TypeError, AttributeError):
                    if name in before:
                        setattr(cls, name, before[name])
                    else:
                        delattr(cls, name)
        for label, cells, before in closures.values():
            for cell, held in zip(cells, before, strict=True):
                if _contents(cell) is not held:
                    found.append(_("changed what {function} calls").format(function=label))
                    if held is MISSING:
                        del cell.cell_contents
                    else:
                        cell.cell_contents = held
        return found

    unchanged = _all_unchanged(classes.values(), closures.values())
    changes.watcher = watcher  # kept alive as long as the seal
    return changes


def _all_unchanged(
    classes: Iterable[tuple[type, Bindings]], closures: Iterable[tuple[str, tuple, tuple]]
) -> Callable[[], bool]:
    """``unchanged()``: whether every class still binds what its snapshot holds, and every
    closure's cell what it held, all told in one pass with no Python step per binding (the
    seal's check after every test compares some ten thousand)."""
    classes, closures = list(classes), list(closures)
    spaces = [vars(cls) for cls, _snapshot in classes]  # live views of the classes' dicts
    sizes = [len(snapshot.bindings) for _cls, snapshot in classes]
    owners = [vars(cls) for cls, snapshot in classes for _name in snapshot.bindings]
    names = [name for _cls, snapshot in classes for name in snapshot.bindings]
    values = [value for _cls, snapshot in classes for value in snapshot.bindings.values()]
    held = [pair for _label, cells, before in closures for pair in zip(cells, before, strict=True)]
    cells = [cell for cell, was in held if was is not MISSING]
    contents = [was for _cell, was in held if was is not MISSING]
    emptied = [cell for cell, was in held if was is MISSING]  # empty when sealed: still?
    lookup, read = types.MappingProxyType.get, operator.attrgetter("cell_contents")

    def unchanged() -> bool:
        try:
            return (
                list(map(len, spaces)) == sizes
                and all(map(_IS, map(lookup, owners, names, repeat(MISSING)), values))
                and all(map(_IS, map(read, cells), contents))
                and all(_contents(cell) is MISSING for cell in emptied)
            )
        except ValueError:  # a cell emptied since
            return False

    return unchanged


def library_left_open() -> dict[str, frozenset[str]]:
    """scan.LIBRARY_LEFT_OPEN, with the functions blockbuster wraps to detect blocking calls."""
    left_open = {module: set(names) for module, names in scan.LIBRARY_LEFT_OPEN.items()}
    for qualified in BlockBuster().functions:
        module, _dot, name = qualified.rpartition(".")
        left_open.setdefault(module, set()).add(name)
    return {module: frozenset(names) for module, names in left_open.items()}


def _library_folders(submission: Path) -> tuple[str, ...]:
    """Where the code of Python, its library and the installed packages lives: its folders,
    and those on ``sys.path`` now but the working folder's and the submission's (each with a
    trailing separator). Code anywhere else but the project is the learner's: a module its
    code wrote and imported (a file, a zip archive) while the tests ran."""
    working = os.path.realpath(os.getcwd())
    prefixes = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]
    chosen = {
        form
        for entry in [*prefixes, *filter(os.path.isabs, sys.path)]
        if os.path.realpath(entry) != working and not _inside(Path(entry).resolve(), submission)
        for form in (os.path.abspath(entry), os.path.realpath(entry))
    }
    return sysconfig_folders("stdlib", "platstdlib", "purelib", "platlib") + tuple(
        os.path.join(folder, "") for folder in sorted(chosen)
    )


def sysconfig_folders(*kinds: str) -> tuple[str, ...]:
    """The folders of these ``sysconfig`` path kinds, as given and resolved, each with a
    trailing separator (to test a file's path with ``startswith``)."""
    folders = {sysconfig.get_paths()[kind] for kind in kinds}
    return tuple(
        {os.path.join(os.path.realpath(f), "") for f in folders}
        | {os.path.join(f, "") for f in folders}
    )


def _seal_items(items: list[pytest.Item]) -> Callable[[], list[str]]:
    """Remember each test item's function and markers; return what tells one replaced, or a
    method of the item (``runtest``, ``setup``) hidden by an attribute of the item itself."""
    functions = {id(item): (item, vars(item).get("_obj")) for item in items}
    markers = {id(item): list(item.own_markers) for item in items}  # what task it grades

    def changes() -> list[str]:
        found = []
        for item, function in functions.values():
            if function is not None and vars(item).get("_obj") is not function:
                found.append(_("replaced the test {name}").format(name=item.name))
                item._obj = function
            before = markers[id(item)]
            if len(item.own_markers) != len(before) or any(
                map(operator.is_not, item.own_markers, before)
            ):
                found.append(_("changed {name}").format(name=f"{item.name}.own_markers"))
                item.own_markers[:] = before
            for name in [name for name in vars(item) if callable(getattr(type(item), name, None))]:
                found.append(_("replaced the test's {method}").format(method=f"{item.name}.{name}"))
                delattr(item, name)
        return found

    return changes


def _seal_suite_data(items: list[pytest.Item]) -> Callable[[], list[str]]:
    """Remember the suites' data, to the last item of every container in it: their
    UPPER_CASE globals, and the parameters of every test; return what tells one changed
    in place (the suites never change them)."""
    data: dict[str, object] = {}
    for item in items:
        module = getattr(item, "module", None)
        for name, value in vars(module).items() if module is not None else ():
            if isinstance(name, str) and name.isupper() and type(value) in CONTAINERS:
                data.setdefault(f"{module.__name__}.{name}", value)
        params = getattr(getattr(item, "callspec", None), "params", None)
        if type(params) is dict:
            data[_("the parameters of {name}").format(name=item.name)] = params
    kept = {label: _layout(value) for label, value in data.items()}  # shapes and items

    def changes() -> list[str]:
        return [
            _("changed {name}").format(name=label)
            for label, value in data.items()
            if not _same_layout(_layout(value), kept[label])
        ]

    return changes


CONTAINERS = (list, dict, set, tuple)
_CONTAINER_TYPES = frozenset(CONTAINERS)


def _layout(value: object) -> tuple[list[object], list[int]]:
    """Every container in ``value`` and every item they hold, in order, each with its type,
    and every container's size: two layouts are the same only when nothing was put in, taken
    out or replaced (:func:`_same_layout`). The items are kept, so no id is reused; only exact
    built-in containers are entered, so none of the learner's code runs (a list of thousands
    of cases is read at every check: no Python-level step per item)."""
    items: list[object] = [value, type(value)]
    sizes: list[int] = []
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if type(item) not in CONTAINERS or depth > 20:
            continue
        members = [*item, *item.values()] if type(item) is dict else list(item)
        sizes.append(len(members))
        items += members
        kinds = list(map(type, members))
        items += kinds
        if not _CONTAINER_TYPES.isdisjoint(kinds):  # a list of thousands of ints: no step each
            pending += ((each, depth + 1) for each in members if type(each) in CONTAINERS)
    return items, sizes


def _same_layout(
    now: tuple[list[object], list[int]], before: tuple[list[object], list[int]]
) -> bool:
    """Whether two layouts hold the very same objects (compared by identity: none of their
    ``__eq__`` runs) in containers of the same sizes."""
    return (
        now[1] == before[1] and len(now[0]) == len(before[0]) and all(map(_IS, now[0], before[0]))
    )


def _seal_hooks(plugins: pytest.PytestPluginManager) -> Callable[[], list[str]]:
    """Remember every hook's implementations; return what tells one added or replaced."""

    def implementations() -> dict[str, list]:
        return {
            name: caller.get_hookimpls()
            for name, caller in vars(plugins.hook).items()
            if hasattr(caller, "get_hookimpls")
        }

    before = {name: {impl.function for impl in impls} for name, impls in implementations().items()}

    def changes() -> list[str]:
        found = []
        now = implementations()
        for name, impls in sorted(now.items()):
            added = [impl for impl in impls if impl.function not in before.get(name, ())]
            if added:
                found.append(_("added a pytest hook ({name})").format(name=name))
            for impl in added:  # the plugin that brought it is taken out
                with contextlib.suppress(Exception):
                    plugins.unregister(impl.plugin)
        for name, functions in sorted(before.items()):
            if functions - {impl.function for impl in now.get(name, ())}:
                found.append(_("removed a pytest hook ({name})").format(name=name))
                before[name] = {impl.function for impl in now.get(name, ())}  # reported once
        return found

    return changes


def _seal_loop_policy() -> Callable[[], list[str]]:
    """Remember what the event loop policy's instance holds; return what tells it changed
    (a loop class of the learner's set on it, for every loop made through it), and puts it
    back. A program may set a policy of its own: the tests' and the suites' loops are made
    from the grader's classes, never through one."""
    with warnings.catch_warnings():  # the policy system is deprecated from Python 3.14
        warnings.simplefilter("ignore", DeprecationWarning)
        policy = asyncio.get_event_loop_policy()
    held = {k: v for k, v in vars(policy).items() if k not in POLICY_LEFT_OPEN}

    def changes() -> list[str]:
        found = []
        now = {k: v for k, v in vars(policy).items() if k not in POLICY_LEFT_OPEN}
        for name in sorted(set(now) | set(held), key=str):
            if now.get(name, MISSING) is not held.get(name, MISSING):
                changed = f"asyncio.get_event_loop_policy().{name}"
                found.append(_("changed {name}").format(name=changed))
                if name in held:
                    setattr(policy, name, held[name])
                else:
                    delattr(policy, name)
        return found

    return changes


def _seal_grader_plugins(plugins: pytest.PytestPluginManager) -> Callable[[], list[str]]:
    """Remember the objects the grader registered as plugins (the outcome writer): what they
    hold, and that none of their methods is hidden by an attribute of the object itself."""
    objects = [p for p in plugins.get_plugins() if _is_grader(type(p).__module__)]
    plain = (str, int, float, bool, type(None))
    held = {
        id(obj): {k: v for k, v in vars(obj).items() if not isinstance(v, plain)}
        for obj in objects
        if hasattr(obj, "__dict__")
    }

    def changes() -> list[str]:
        found = []
        for obj in objects:
            label = type(obj).__qualname__
            for name, value in held.get(id(obj), {}).items():
                if vars(obj).get(name, MISSING) is not value:
                    found.append(_("replaced the {owner}'s {name}").format(owner=label, name=name))
                    setattr(obj, name, value)
            for name in list(vars(obj) if hasattr(obj, "__dict__") else ()):
                if callable(getattr(type(obj), name, None)):
                    found.append(_("replaced the {owner}'s {name}").format(owner=label, name=name))
                    delattr(obj, name)
        return found

    return changes


def _functions_of(value: object, module: str) -> list[tuple[types.FunctionType, str]]:
    """The functions a module defines: its own, and its own classes' methods."""
    if isinstance(value, types.FunctionType) and value.__module__ == module:
        return [(value, f"{module}.{value.__qualname__}")]
    if isinstance(value, type) and value.__module__ == module:
        found = []
        for attribute in vars(value).values():
            function = getattr(attribute, "__func__", attribute)
            if isinstance(function, types.FunctionType):
                found.append((function, f"{module}.{function.__qualname__}"))
        return found
    return []


def _decides(name: str, before: dict) -> bool:
    """Whether a suite's global decides a verdict: a function, class or module it was bound
    to, its data (an UPPER_CASE name), or a name that would hide a builtin (``len``)."""
    if name in before:
        value = before[name]
        return callable(value) or isinstance(value, types.ModuleType) or str(name).isupper()
    return isinstance(name, str) and hasattr(builtins, name)  # a dict's key may be anything


# Names Python itself keeps in a module's globals: the warnings module records there which
# warnings it has shown (a coroutine never awaited, in a suite's frame, adds it).
HOUSEKEEPING = frozenset({"__warningregistry__"})


class Bindings:
    """A namespace's bindings at one moment, compared with what it holds now after every
    test: hundreds of namespaces each time, so the usual case, nothing changed, is compared
    without a Python loop."""

    __slots__ = ("_names", "_values", "bindings")

    def __init__(self, namespace: Mapping):
        self.bindings = dict(namespace)
        self._names = tuple(self.bindings)
        self._values = tuple(self.bindings.values())

    def changed(self, now: Mapping) -> list[str]:
        """The names bound to something else, removed or added."""
        if len(now) == len(self._names) and all(
            map(operator.is_, map(now.get, self._names, repeat(MISSING)), self._values)
        ):
            return []
        before = self.bindings
        changed = [name for name, value in before.items() if now.get(name, MISSING) is not value]
        changed += [name for name in now if name not in before]
        return [name for name in changed if name not in HOUSEKEEPING]


def _remember_closure(closures: dict, function: types.FunctionType, label: str) -> None:
    """Note what a function's closure holds (a wrapped test: the test itself).

    Its code and defaults need no note: the audit hook refuses to let them be replaced.
    """
    cells = function.__closure__
    if cells and id(function) not in closures:
        closures[id(function)] = (label, cells, tuple(_contents(cell) for cell in cells))


def _contents(cell: types.CellType) -> object:
    try:
        return cell.cell_contents
    except ValueError:
        return MISSING


def _aliases(path: Path) -> set[Path]:
    """The names a file has: a pipe passed as ``/proc/self/fd/N`` is also ``/dev/fd/N``."""
    names = {Path(os.path.abspath(path))}
    if path.parent == Path("/proc/self/fd"):
        for folder in ("/dev/fd", f"/proc/{os.getpid()}/fd", "/proc/thread-self/fd"):
            names.add(Path(folder) / path.name)
    else:
        names.add(path.resolve())
    return names


def _is_grader(name: str) -> bool:
    return name == "grader" or name.startswith("grader.")


# How code names a change without the method's or the attribute's name: a subscript's store
# or deletion, an augmented assignment, a setattr() call.
SUBSCRIPT_OPS = {"__setitem__": {"STORE_SUBSCR", "STORE_SLICE"}, "__delitem__": {"DELETE_SUBSCR"}}
ATTRIBUTE_SETTERS = frozenset({"setattr", "__setattr__", "delattr", "__delattr__"})
INPLACE = frozenset({"__iadd__", "__isub__", "__imul__", "__ior__", "__iand__", "__ixor__"})
_named: dict[tuple[types.CodeType, str], bool] = {}


def _handed_over(code: types.CodeType) -> bool:
    """Whether ``code`` is where the library runs code it was handed (``HANDED_OVER``)."""
    return (code.co_filename.rpartition(os.sep)[2], code.co_name) in HANDED_OVER


def _names(code: types.CodeType, change: object) -> bool:
    """Whether ``code`` itself names ``change``: calls the method of that name, sets the
    attribute, stores into a subscript or augments in place; otherwise the change was made
    by a callable it ran (read from the code object: nothing of the learner's runs)."""
    if type(change) is not str:
        return True
    key = (code, change)
    named = _named.get(key)
    if named is None:
        names = code.co_names
        named = change in names or not ATTRIBUTE_SETTERS.isdisjoint(names)
        if not named and (change in SUBSCRIPT_OPS or change in INPLACE):
            ops = {(i.opname, i.argrepr) for i in dis.get_instructions(code)}
            wanted = SUBSCRIPT_OPS.get(change, set())
            named = any(op in wanted or (op == "BINARY_OP" and "=" in arg) for op, arg in ops)
        _named[key] = named
    return named


def _static(owner: object, name: str) -> object:
    """The attribute as stored (a classmethod itself, not a new bound method each time)."""
    return inspect.getattr_static(owner, name, None)


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or inside it (both absolute and normalised, as abspath
    and realpath give them): compared as text, as the guard asks on every file opened."""
    inner, outer = str(path), str(folder)
    return inner == outer or inner.startswith(outer if outer.endswith(os.sep) else outer + os.sep)


def _printable(text: str, limit: int = 80) -> str:
    """The text without control characters, cut to ``limit``."""
    cleaned = "".join(c if c.isprintable() else "?" for c in str(text))
    return cleaned[:limit]
