"""The pytest plugin behind every topic suite.

It loads the learner's module from the folder being graded (``--submission``), runs async
tests on a virtual clock (looptime) unless they are marked ``realtime``, turns blocking
calls made by the learner's code on the loop into failures (blockbuster), and writes one
line per test outcome for the grading launcher (``--outcomes-file``).
"""

from __future__ import annotations

import functools
import inspect
import json
import os
import resource
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from _pytest.runner import runtestprotocol
from blockbuster import BlockBuster, BlockingError

from grader import signing
from grader.catalog import CATALOG_FILE, Task, Topic, load_catalog
from grader.drawing import MAX_SCENES
from grader.i18n import N_, _
from grader.inside import (
    arguments,
    guard,
    imports,
    library_state,
    loops,
    module_state,
    network,
    rules,
    scan,
    snapshots,
    timeline,
)
from grader.inside.leftovers import (
    Snapshot,
    adopt_orphans,
    clean_up_after,
    take_snapshot,
    track_event_loops,
)
from grader.inside.loader import (
    BrokenModule,
    LearnerModule,
    TopicLoadError,
    describe_exception,
    load_module,
)
from grader.inside.loops import KeptOn, LeftBehind, RealLoop, kept_on_since, virtual_loop
from grader.inside.messages import TIMEOUT_PREFIX, headed, learner_message
from grader.inside.reach import recorder
from grader.inside.spies import WallClockSpy
from grader.inside.suite import GuardTimeout, find_error
from grader.text import NAME_LENGTH, one_line

SUBMISSION_HELP = "folder holding the topic modules to grade (default: exercises)"
OUTCOMES_HELP = "write one JSON line per test outcome to this file (for the harness's tests)"
OUTCOMES_FD_HELP = "write one JSON line per test outcome to this pipe (used by the grader)"
CATALOG_HELP = "the catalog of topics and tasks (default: tests/topics.toml)"
TOPIC_HELP = "the graded topic's entry of the catalog, as JSON (the grader: no catalog to read)"
MEMORY_HELP = "cap the test process's address space, in MiB, before any learner code loads"
NETWORK_HELP = "let the learner's code connect to addresses other than loopback"
KEY_FD_HELP = "read the key that signs each outcome record from this pipe (the grader)"
RECORD_REACH_HELP = "list in each test's record the names of the module it reached (harness)"
ONLY_TESTS_HELP = "run only these tests, a JSON list of their names (harness)"

LEFT_RUNNING = N_(
    "After the test, your code had left {leftovers}. "
    "Stop, join, close and await what your code starts before it returns."
)
ALSO_AT_THE_END = N_("Also, once the test was over: {what}")
KEPT_ON_RETURNED = N_(
    "{name} was cancelled and still returned a result: your code caught "
    "asyncio.CancelledError and did not let it go on, so whoever cancelled it cannot tell "
    "that it stopped. {rule}"
)
KEPT_ON_RAISED = N_(
    "{name} was cancelled and raised {error} instead of asyncio.CancelledError: whoever "
    "cancelled it is told it failed, not that it stopped. {rule}"
)
LEFT_BEHIND = N_(
    "{name} was cancelled and ended cancelled while tasks it started ({names}) still ran. {rule}"
)
OUTPUT_LIMIT = 2000  # characters of a test's printed output kept for the report
IMPORTING = "import"  # what the outcome records say happened while the module was imported
_real_exit = os._exit  # the guard wraps os._exit to report the learner's calls
submission_key = pytest.StashKey[Path]()
modules_key = pytest.StashKey[dict]()
snapshot_key = pytest.StashKey[Snapshot]()
kept_on_key = pytest.StashKey[int]()  # how many cancelled tasks were kept on before the test
attempt_key = pytest.StashKey[int]()  # which run of a real-clock test this is: 1 or 2
retry_key = pytest.StashKey[bool]()
wall_clock_key = pytest.StashKey[WallClockSpy]()  # the test's reads of the wall clock
decided_key = pytest.StashKey[int]()  # the task, already failed, that a test was not run for
call_failed_key = pytest.StashKey[bool]()  # the test's call failed: what its end finds is more
library_key = pytest.StashKey[dict]()  # the standard library's places when the test began
flagged_key = pytest.StashKey[dict]()  # by reason, what the run named for it already
by_hand_key = pytest.StashKey[bool]()  # the run flagged scan.BY_HAND already
NOT_RUN = N_("Not run: an earlier test of task {task} failed, and decides the task.")
WALL_CLOCK_READ = N_(
    "While it ran, your code read the wall clock (time.{clocks}), which stands still on the "
    "grader's virtual clock: measure time with asyncio.get_running_loop().time()."
)  # whether its first run failed in a way load can cause


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add the grader's options."""
    group = parser.getgroup("grader", "grading asyncio katas")
    group.addoption("--submission", default="exercises", help=SUBMISSION_HELP)
    group.addoption("--outcomes-file", default=None, help=OUTCOMES_HELP)
    group.addoption("--outcomes-fd", type=int, default=None, metavar="FD", help=OUTCOMES_FD_HELP)
    group.addoption("--outcomes-key-fd", type=int, default=None, metavar="FD", help=KEY_FD_HELP)
    group.addoption("--allow-network", action="store_true", help=NETWORK_HELP)
    group.addoption("--catalog", default=str(CATALOG_FILE), help=CATALOG_HELP)
    group.addoption("--topic-entry", default=None, metavar="JSON", help=TOPIC_HELP)
    group.addoption("--memory-limit", type=int, default=None, metavar="MIB", help=MEMORY_HELP)
    group.addoption("--record-reach", action="store_true", help=RECORD_REACH_HELP)
    group.addoption("--only-tests", default=None, metavar="JSON", help=ONLY_TESTS_HELP)


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers, and start grading the submission."""
    config.addinivalue_line("markers", "task(number): the topic task this test grades")
    config.addinivalue_line("markers", "realtime: run on the real clock, not the virtual one")
    config.addinivalue_line(
        "markers",
        "may_leave_tasks: a cancelled function may leave tasks running (rules.LEFT_RUNNING)",
    )
    track_event_loops()
    config.stash[modules_key] = {}
    memory = config.getoption("memory_limit")
    if memory:
        limit = memory * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    start_grading(config)


def start_grading(config: pytest.Config) -> None:
    """What is the run's own: remember where the submission is; open the outcome channel and
    install the guard, if the grader asked for outcomes.

    Called at configure; the harness's zygote calls it again in a run it forked after the
    suite was collected without them (``grader/grading/collected.py``).
    """
    config.stash[submission_key] = Path(config.getoption("submission")).resolve()
    if config.getoption("record_reach"):
        recorder.start(config.stash[submission_key])
    outcomes_fd = config.getoption("outcomes_fd")
    outcomes = config.getoption("outcomes_file")
    if outcomes_fd is not None:
        outcomes = f"/proc/self/fd/{outcomes_fd}"  # what the guard refuses to open
    if outcomes:
        send, verify, close = open_channel(Path(outcomes) if outcomes_fd is None else outcomes_fd)
        writer = OutcomeWriter(verify, close)
        config.pluginmanager.register(writer, "grader-outcomes")
        imports.install()  # before the guard remembers what builtins holds
        # What decides the grade lives in the guard's audit hook, where no Python object
        # leads: the records' channel and key too. The writer hands its records over.
        guard.install(
            config,
            send=send,
            sign=_signer(config.getoption("outcomes_key_fd")),
            record_code=OutcomeWriter._write.__code__,
            current_test=lambda: writer.current_test,
            submission=config.stash[submission_key],
            outcomes_file=Path(outcomes),
            allow_network=config.getoption("allow_network"),
        )
        for followed in _followed:  # collected before the guard was there (the zygote's)
            sys.audit(guard.TEST_FOLLOWED, *followed)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Put back what blockbuster patched."""
    _blocking_detector.stop()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse a topic suite whose tests are not each tied to a task of the catalog."""
    entry = config.getoption("topic_entry")
    if entry:
        catalog = [topic_from_entry(entry)]
    else:
        catalog = load_catalog(Path(config.getoption("catalog")))
    config.stash[guard.catalog_key] = catalog  # read once: the guard needs it too
    tasks = {topic.stem: {task.number for task in topic.tasks} for topic in catalog}
    problems = []
    for item in items:
        stem = Path(item.path).stem.removeprefix("test_")
        if stem not in tasks:
            continue
        marker = item.get_closest_marker("task")
        if marker is None:
            problems.append(f"{item.nodeid} has no @task(N) marker")
        elif marker.args[0] not in tasks[stem]:
            problems.append(
                f"{item.nodeid} is marked task {marker.args[0]}, "
                f"which tests/topics.toml does not list for {stem}"
            )
    if problems:
        raise pytest.UsageError(
            "topic suites out of step with the catalog:\n" + "\n".join(problems)
        )
    for item in items:
        if item.get_closest_marker("task") and inspect.iscoroutinefunction(item.obj):
            _follow_to_the_end(item)
    keep_only_chosen(config, items)


def keep_only_chosen(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ``--only-tests``, leave in ``items`` only the tests it names (``name[id]``)."""
    chosen = config.getoption("only_tests")
    if chosen:
        names = set(json.loads(chosen))
        items[:] = [item for item in items if item.nodeid.rpartition("::")[2] in names]


def topic_from_entry(entry: str) -> Topic:
    """The topic ``--topic-entry`` describes, ``{"stem": ..., "tasks": [1, 2], "processes":
    false, "changes": ["function.parameter"]}``: what the test process needs of the catalog,
    handed over by the grader so that each run is spared reading it whole (titles, points
    and hints are the grader's business)."""
    data = json.loads(entry)
    stem = str(data["stem"])
    tasks = tuple(Task(topic=stem, number=int(n), title="", points=0) for n in data["tasks"])
    changes = tuple(str(name) for name in data.get("changes", ()))
    return Topic(
        stem=stem, title=stem, tasks=tasks, processes=bool(data["processes"]), changes=changes
    )


@pytest.fixture(autouse=True)
def wall_clock(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """The learner's module's reads of the wall clock while a graded test runs on the virtual
    clock, where the wall clock stands still (None on the real clock): a failure says so."""
    item = request.node
    if item.get_closest_marker("task") is None or item.get_closest_marker("realtime"):
        return None
    if "topic" not in request.fixturenames:
        return None
    learner = request.getfixturevalue("topic")
    if not isinstance(learner, LearnerModule):
        return None
    item.stash[wall_clock_key] = WallClockSpy(monkeypatch, learner.module)
    return item.stash[wall_clock_key]


CPUS = 2  # what the learner's code is told the machine has, wherever it is graded
CPU_COUNTS = ("cpu_count", "process_cpu_count")  # os's; multiprocessing asks os.cpu_count


@pytest.fixture(autouse=True)
def same_cpu_count(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """While a graded test runs, the machine has CPUS CPUs for everyone in the process (for
    the learner's module's own ``from os import cpu_count`` too): a cap made from the number
    of CPUs, or a pool sized by it, gets the same verdict on every machine."""
    if request.node.get_closest_marker("task") is None:
        return
    told = functools.partial(int, CPUS)
    real = {getattr(os, name) for name in CPU_COUNTS if hasattr(os, name)}
    for name in CPU_COUNTS:
        if hasattr(os, name):
            monkeypatch.setattr(os, name, told)
    if "topic" in request.fixturenames:
        learner = request.getfixturevalue("topic")
        if isinstance(learner, LearnerModule):
            for name, value in list(vars(learner.module).items()):
                if any(value is function for function in real):
                    monkeypatch.setattr(learner.module, name, told)


@pytest.fixture(scope="module")
def topic(request: pytest.FixtureRequest) -> LearnerModule | BrokenModule:
    """The learner's module for this test file's topic, loaded from the submission folder."""
    stem = Path(request.node.path).stem.removeprefix("test_")
    return load_topic(request.config, stem)


def load_topic(config: pytest.Config, stem: str) -> LearnerModule | BrokenModule:
    """Import ``<submission>/<stem>.py`` once per run, watching it for blocking calls."""
    cache = config.stash[modules_key]
    path = config.stash[submission_key] / f"{stem}.py"
    if path not in cache:
        _blocking_detector.watch(path)
        writer = config.pluginmanager.get_plugin("grader-outcomes")
        running, writer_test = (writer, writer.current_test) if writer else (None, None)
        if running:
            running.current_test = IMPORTING
        before = {thread.ident for thread in threading.enumerate()}
        library = library_state.take()
        try:
            topics = config.stash.get(guard.catalog_key, [])
            changes = next((topic.changes for topic in topics if topic.stem == stem), ())
            cache[path] = LearnerModule(load_module(path), path, changes)
        except TopicLoadError as error:
            cache[path] = BrokenModule(error, path)
            if running:
                running.event("load", error.reason)  # the report says why, in the topic's row
        else:  # a memo planted in the library at import, changed in place later: told now
            learner_s = functools.partial(_learner_s, cache[path].module)
            changed = library_state.changed(library, library_state.take(), learner_s)
            _flag_each_once(config, scan.LIBRARY_STATE, changed)
        # No test is blamed for them, so they are shown to the teacher.
        left = [  # named by the learner's code: each on one line
            one_line(t.name, NAME_LENGTH)
            for t in threading.enumerate()
            if t.ident not in before and t.is_alive()
        ]
        if running and left:
            running.event("review", f"{_(scan.IMPORT_THREADS)} ({', '.join(left)})")
        _check_patches(config)
        if running:
            running.current_test = writer_test
    return cache[path]


def _check_patches(config: pytest.Config) -> None:
    """Right after the import, so that what it changed is blamed on the import.

    The guard also checks after every test, from its own hooks.
    """
    guard.check_now()


class _BlockingDetector:
    """One blockbuster instance scanning every learner file loaded so far.

    It stays active from the first import on, so that ``from time import sleep`` at the top
    of a learner's module binds the detecting wrapper too. It only raises for calls made on
    a thread that runs an event loop, from a learner's file.
    """

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.active: BlockBuster | None = None

    def watch(self, path: Path) -> None:
        self.stop()
        self.paths.append(str(path))
        # blockbuster resolves modules by their __file__; the file is not imported yet.
        stand_ins = [types.SimpleNamespace(__file__=p) for p in self.paths]
        self.active = BlockBuster(scanned_modules=stand_ins)
        for function in self.active.functions.values():
            # The grader's own work on the learner's behalf is not the learner blocking: the
            # guard's look at a file being opened, and at a source a traceback puts in
            # linecache. (Records are written with the os.write the plugin took before
            # blockbuster wrapped it.)
            function.can_block_in("grader/inside/guard.py", ("audit", "_hidden_source"))
        self.active.activate()

    def stop(self) -> None:
        if self.active is not None:
            self.active.deactivate()
            self.active = None


_blocking_detector = _BlockingDetector()


@pytest.hookimpl(optionalhook=True)
def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item):
    """Run async tests on the virtual clock unless they are marked ``realtime``."""
    if item.get_closest_marker("realtime"):
        return {"real": RealLoop}
    return {"virtual": virtual_loop}


_followed: list[tuple[pytest.Item, Callable, types.CodeType]] = []  # told to the guard


def _follow_to_the_end(item: pytest.Item) -> None:
    """Make an async test tell the guard when it ran to its end (``sys.audit``): a test whose
    own task was finished from outside (``Future.set_result`` on it) never does. The guard
    keeps what it was told where no Python object leads (its audit hook's closure)."""
    test = item.obj

    @functools.wraps(test)
    async def to_the_end(*args: object, **kwargs: object) -> object:
        result = await test(*args, **kwargs)
        sys.audit(guard.TEST_ENDED, item)
        return result

    item.obj = to_the_end
    _followed.append((item, test, to_the_end.__code__))
    sys.audit(guard.TEST_FOLLOWED, item, test, to_the_end.__code__)


def _ran_to_the_end(item: pytest.Item) -> bool:
    """Whether the test told the guard it ran to its end (a test not followed did; with no
    guard, nothing is checked)."""
    try:
        sys.audit(guard.TEST_RAN, item)
    except guard.UnfinishedTest:
        return False
    return True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    """Note what is running once a graded test is set up, to find what it leaves behind.

    Taken after the fixtures, so what the learner's module starts when it is imported is
    not blamed on the first test.
    """
    try:
        return (yield)
    finally:
        if item.get_closest_marker("task") is not None:
            if _teaches_processes(item):  # a grandchild left running becomes this one's child
                adopt_orphans()
            if item.stash.get(attempt_key, 1) == 1:  # a second run answers for the first's
                item.stash[snapshot_key] = take_snapshot()
            item.stash[library_key] = library_state.take()
            item.stash[kept_on_key] = len(kept_on_since(0))
            left_running = item.get_closest_marker("may_leave_tasks") is None
            rules.rules_in_force.left_running = left_running
            timeline.checked.clear()
            timeline.run_by_hand.clear()
            arguments.changed_on_error.clear()
            module_state.while_running.clear()
            _look_after_callbacks(item)


INTERRUPTED = N_(
    "Your code raised {error}: that is the keyboard's, and stops no grading. A function "
    "returns, or raises an error of its own."
)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """A KeyboardInterrupt from the code under test fails its test, as any error does: it
    would otherwise end the session before the test's fixtures put back what they changed."""
    try:
        return (yield)
    except KeyboardInterrupt as interrupt:
        stem = Path(item.path).stem.removeprefix("test_")
        learner_file = item.config.stash[submission_key] / f"{stem}.py"
        error = describe_exception(interrupt, learner_file)
        pytest.fail(_(INTERRUPTED).format(error=error), pytrace=False)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> bool | None:
    """Run a real-clock test a second time when its first run failed: best of two.

    A loaded machine can stretch real time past a bound, so one failed run of such a test
    proves little; wrong code fails both (real-time bounds sit far from the wrong answers).
    Only the second run is reported. Not done yet, a hang, a blocking call: never run again;
    nor a first run that used half of the test's time limit (pytest-timeout's, which covers
    both runs), so that the second is never stopped by it.
    """
    if item.get_closest_marker("realtime") is None:
        return None
    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    writer = item.config.pluginmanager.get_plugin("grader-outcomes")
    item.stash[attempt_key] = 1
    started = time.perf_counter()
    reports = runtestprotocol(item, nextitem=nextitem, log=False)
    limit = float(item.config.getoption("timeout", None) or 0)
    in_time = not limit or time.perf_counter() - started < limit / 2
    again = item.stash.get(retry_key, False) and in_time
    if writer is not None:
        writer.settle_first_run(send=not again)
    if again:
        item.stash[attempt_key] = 2
        reports = runtestprotocol(item, nextitem=nextitem, log=False)
    for report in reports:
        item.ihook.pytest_runtest_logreport(report=report)
    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True


def _worth_a_second_try(exc: BaseException) -> bool:
    """Whether a real-clock test's failure could come from load, not from the code: any
    failure but an unfinished stub, a hang, pytest-timeout's stop or a blocking call."""
    if isinstance(exc, pytest.fail.Exception) and str(exc.msg).startswith(TIMEOUT_PREFIX):
        return False
    deterministic = (NotImplementedError, GuardTimeout, BlockingError, SystemExit, MemoryError)
    return not any(find_error(exc, kind) is not None for kind in deterministic)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int):
    """Print the error of a hook that failed at the end of the session: the outcome writer
    ends the process before pytest could, and the grader shows the output's last lines."""
    try:
        return (yield)
    except BaseException:
        traceback.print_exc()
        sys.stdout.flush()
        raise


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Attach the task number and, on failure, the learner's message to the report.

    The outcome pytest made is kept: what runs later (the learner's code, through an object
    the message looks at) may mark the report failed, never passed.
    """
    marker = item.get_closest_marker("task")
    report = yield
    made = stored_outcome(report)
    _ended_from_outside(item, call, report)
    if marker is not None:
        report.user_properties.append(("task", marker.args[0]))
    if call.when == "call" and library_key in item.stash:
        _flag_library_state(item)
    if call.when == "call" and timeline.checked:
        kept = timeline.checked[:MAX_SCENES] + timeline.checked[MAX_SCENES:][-1:]
        report.user_properties.append(("timelines", kept))
    if call.when == "teardown" and snapshot_key in item.stash:
        _flag_run_by_hand(item)
        _flag_unreadable(item)
        left = clean_up_after(item.stash[snapshot_key])
        messages = [_(LEFT_RUNNING).format(leftovers="; ".join(left))] if left else []
        messages += _kept_on(item)
        messages += dict.fromkeys(arguments.changed_on_error)  # once each, in order
        _look_after_callbacks(None)  # the test is over: no callback is its any more
        messages += _state_changes(item)
        if messages:
            body = "\n".join(messages)
            # After a failed call, told below its message (the grader shows both): the shared
            # state that made a cache answer for the call, say, is the call's failure's cause.
            after = item.stash.get(call_failed_key, False)
            message = _(ALSO_AT_THE_END).format(what=body) if after else headed(item, body)
            report.outcome = "failed"
            report.longrepr = message
            report.user_properties.append(("message", message))
            return report
    if marker is not None and call.when == "call" and report.skipped:
        # The suites never skip a test once it runs: only the code under test can have.
        report.outcome = "failed"
        if hasattr(report, "wasxfail"):
            del report.wasxfail
    if call.when == "call":
        item.stash[call_failed_key] = report.failed
    if call.when == "call" and report.failed and item.stash.get(attempt_key, 0) == 1:
        item.stash[retry_key] = call.excinfo is not None and _worth_a_second_try(call.excinfo.value)
    if call.when == "teardown" and report.failed:
        item.stash[retry_key] = False  # what the first run left stays its verdict
    if call.when == "setup" and report.skipped and decided_key in item.stash:
        report.user_properties.append(("message", _(NOT_RUN).format(task=item.stash[decided_key])))
    elif call.excinfo is not None and (report.failed or report.skipped):
        stem = Path(item.path).stem.removeprefix("test_")
        learner_file = item.config.stash[submission_key] / f"{stem}.py"
        message = learner_message(item, call.excinfo.value, learner_file)
        clock = item.stash.get(wall_clock_key, None)
        if clock is not None and clock.reads and report.failed:
            message += "\n" + _(WALL_CLOCK_READ).format(clocks=", ".join(clock.names))
        report.user_properties.append(("message", message))
    if made != "passed" and stored_outcome(report) == "passed":
        report.outcome = made
    return report


def _look_after_callbacks(item: pytest.Item | None) -> None:
    """Have the test loops look at the learner's module after each callback of its code
    (None: between tests, nothing)."""
    looking = loops.after_learners_callbacks
    learner = _learner_of(item) if item is not None else None
    if isinstance(learner, LearnerModule):
        learner.callbacks_scheduled.clear()
        looking.file, looking.begin = str(learner.path), learner.watch_callback
    else:
        looking.file = looking.begin = None


def _teaches_processes(item: pytest.Item) -> bool:
    """Whether the item's topic teaches child processes: there the test process adopts the
    orphans its children leave (a process started anywhere else is flagged for review, and
    an orphan of one the import started would be blamed on whichever test it was left in)."""
    stem = Path(item.path).stem.removeprefix("test_")
    topics = item.config.stash.get(guard.catalog_key, [])
    return any(topic.stem == stem and topic.processes for topic in topics)


def _flag_run_by_hand(item: pytest.Item) -> None:
    """Flag for review, once a run, the fakes' operations the test saw begin outside any
    asyncio task: what ran them, the learner's code stepping coroutines by hand, is out of
    sight of the checks that follow tasks (left running, kept on after a cancellation)."""
    writer = item.config.pluginmanager.get_plugin("grader-outcomes")
    if not timeline.run_by_hand or writer is None or item.config.stash.get(by_hand_key, False):
        return
    item.config.stash[by_hand_key] = True
    operations = ", ".join(dict.fromkeys(timeline.run_by_hand[:MAX_SCENES]))
    writer.event("review", f"{_(scan.BY_HAND)} ({operations})")


def _flag_library_state(item: pytest.Item) -> None:
    """Flag the places of the standard library whose lists, dicts, sets or namespaces the
    test's call changed (``library_state``)."""
    learner = _learner_of(item)
    module = learner.module if isinstance(learner, LearnerModule) else None
    changed = library_state.changed(
        item.stash[library_key], library_state.take(), functools.partial(_learner_s, module)
    )
    _flag_each_once(item.config, scan.LIBRARY_STATE, changed)


def _learner_s(module: types.ModuleType | None, value: object) -> bool:
    """Whether ``value`` is a function, a class or an object of a class ``module`` defines (a
    module is not: the import system's tables are the import rules')."""
    if module is None or isinstance(value, types.ModuleType):
        return False
    if snapshots.own_function(module, value) or snapshots.defined_in(module, value):
        return True
    return snapshots.defined_in(module, type(value))


def _flag_unreadable(item: pytest.Item) -> None:
    """Flag the kinds of object the shared-state rule met in the learner's module whose
    state nothing reads (``snapshots.unreadable``)."""
    _flag_each_once(item.config, scan.UNREADABLE, list(snapshots.unreadable))


def _flag_each_once(config: pytest.Config, why: str, names: list[str]) -> None:
    """Flag for review ``why``, naming those of ``names`` not named for it before in the run."""
    writer = config.pluginmanager.get_plugin("grader-outcomes")
    told = config.stash.setdefault(flagged_key, {}).setdefault(why, set())
    new = [name for name in names if name not in told]
    if new and writer is not None:
        told.update(new)
        writer.event("review", f"{_(why)} ({', '.join(new[:MAX_SCENES])})")


def _learner_of(item: pytest.Item) -> LearnerModule | BrokenModule | None:
    stem = Path(item.path).stem.removeprefix("test_")
    return item.config.stash[modules_key].get(item.config.stash[submission_key] / f"{stem}.py")


def _state_changes(item: pytest.Item) -> list[str]:
    """A line for each place of the learner's module the test changed (``module_state``); the
    state is taken again, so that the next test answers only for its own changes."""
    learner = _learner_of(item)
    if not isinstance(learner, LearnerModule):
        return []
    try:
        lines = module_state.changes(learner.module, learner.state)
        if lines:
            learner.state = module_state.take(learner.module)
    except Exception as error:  # an object of the learner's that cannot be looked at
        return [module_state.unseen(item.name, describe_exception(error, learner.path))]
    return lines or list(module_state.while_running.values())


def _kept_on(item: pytest.Item) -> list[str]:
    """A line for each of the learner's tasks that was cancelled during the test and did not
    end cancelled."""
    stem = Path(item.path).stem.removeprefix("test_")
    # Tasks of the learner's coroutines, of the suites' calls to them (checked wrappers) and of
    # the connection handlers served for the learner (network's recorded handlers).
    learner = str(item.config.stash[submission_key] / f"{stem}.py")
    files = {learner, arguments.__file__, network.__file__}
    noted = kept_on_since(item.stash.get(kept_on_key, 0))
    kept = {each for each in noted if isinstance(each, KeptOn) and each.file in files}
    rule = rules.quoted(rules.CANCELLED)
    lines = [
        _(KEPT_ON_RETURNED).format(name=each.name, rule=rule)
        if each.raised is None
        else _(KEPT_ON_RAISED).format(name=each.name, error=each.raised, rule=rule)
        for each in sorted(kept, key=lambda each: (each.name, each.raised or ""))
    ]
    if item.get_closest_marker("may_leave_tasks") is None:  # the item's, not rules_in_force
        files.add(str(item.path))  # the suite's own tasks around the learner's code
        left = {each for each in noted if isinstance(each, LeftBehind) and each.file in files}
        rule = rules.quoted(rules.LEFT_RUNNING)
        lines += [
            _(LEFT_BEHIND).format(name=each.name, names=", ".join(each.running), rule=rule)
            for each in sorted(left, key=lambda each: (each.name, each.running))
        ]
    return lines


def _ended_from_outside(item: pytest.Item, call: pytest.CallInfo, report: pytest.TestReport):
    """Fail, as tampering, an async graded test that passed without running to its end."""
    if call.when != "call" or not report.passed or _ran_to_the_end(item):
        return
    what = _("finished the test's own task from outside before the test ran to its end")
    writer = item.config.pluginmanager.get_plugin("grader-outcomes")
    if writer is not None:
        writer.event("tamper", what)
    message = _("the grader does not allow this: your code {what}").format(what=what)
    report.outcome = "failed"
    report.longrepr = message
    report.user_properties.append(("message", message))


# The reports' own attributes, read past their class: taken before any learner code runs.
_report_dict = next(
    vars(cls)["__dict__"] for cls in pytest.TestReport.__mro__ if "__dict__" in vars(cls)
).__get__
OUTCOMES = ("passed", "failed", "skipped")


def stored_outcome(report: pytest.TestReport) -> str:
    """The outcome stored on the report itself, never what its class answers (a property put
    on ``TestReport`` cannot stand in for it); "failed" when none is stored."""
    outcome = _report_dict(report).get("outcome")
    return outcome if type(outcome) is str and outcome in OUTCOMES else "failed"


def printed_output(report: pytest.TestReport, limit: int = OUTPUT_LIMIT) -> str:
    """What the test printed (stdout, then stderr), its last ``limit`` characters at most."""
    text = report.capstdout + report.capstderr
    if len(text) <= limit:
        return text
    cut = _("[... {count} earlier characters not shown ...]").format(count=len(text) - limit)
    return cut + "\n" + text[-limit:]


def _signer(key_fd: int | None) -> Callable[[str], str] | None:
    """Read the run's key from the grader's pipe and close it; sign records with it."""
    if key_fd is None:
        return None
    with os.fdopen(key_fd, "rb") as pipe:
        return signing.signer(pipe.read(signing.KEY_BYTES))


class OutcomeWriter:
    """Writes each test's outcome as it happens, so a run that dies still left its results."""

    def __init__(self, verify: Callable[[], None], close: Callable[[], None]):
        """``verify`` ends the process if the outcome channel was replaced, ``close`` closes
        it (:func:`open_channel`); the guard sends the records the writer hands it."""
        self.verify, self._close = verify, close
        self._decided: dict[tuple[str, str], str] = {}  # (test, phase): the outcome recorded
        self._held: list[dict] = []  # a real-clock test's first run, until it is settled
        self._failed: set[int] = set()  # the tasks a recorded failure has decided

    current_test: str | None = None
    # Until the session finishes: a hook that failed before it (pytest prints the error)
    # must not end the process as if all went well.
    exitstatus = int(pytest.ExitCode.INTERNAL_ERROR)

    def event(self, kind: str, detail: str) -> None:
        """Record an event: ``tamper`` or ``exit`` (the guard), ``load`` (the module failed)."""
        self._write({"event": kind, "detail": detail, "during": self.current_test})

    def pytest_runtest_logstart(self, nodeid: str, location) -> None:
        self.current_test = nodeid
        recorder.begin()

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """List every test and its task first, so tests that never ran can be told apart."""
        tests = []
        for item in session.items:
            marker = item.get_closest_marker("task")
            tests.append({"test": item.nodeid, "task": marker.args[0] if marker else None})
        self._write({"collected": tests})

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        """Record the call phase, the teardown (a test that came to its end), and any failure
        or skip in setup, the moment its report is made: what runs later (a clean-up, a
        finalizer of the learner's) can no longer change it. The first run of a real-clock
        test is held until it is known whether it counts (:meth:`settle_first_run`)."""
        report = yield
        outcome = stored_outcome(report)
        self._decided[(report.nodeid, report.when)] = outcome
        if report.when == "setup" and outcome == "passed":
            return report  # (a teardown that passed is recorded: the test came to its end)
        props = dict(report.user_properties)
        line = {
            "test": report.nodeid,
            "when": report.when,
            "task": props.get("task"),
            "outcome": outcome,
            "message": props.get("message", ""),
            "timelines": props.get("timelines", []),
            "duration": round(report.duration, 4),
            "output": printed_output(report),
        }
        reached = recorder.reached() if report.when == "teardown" else None
        if reached is not None:
            line["reach"] = reached
            line["arguments"] = recorder.arguments()
        if item.stash.get(attempt_key, 0) == 1:
            self._held.append(line)
        else:
            self._write(line)
        return report

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        """Skip a test whose task a recorded failure has decided: a task passes only if every
        one of its tests does, and its first failure is the message, so the tests after it
        would change nothing but the time a wrong answer takes to grade. Skipped, it cannot
        pass: a task with a skipped test fails."""
        marker = item.get_closest_marker("task")
        if marker is not None and marker.args[0] in self._failed:
            item.stash[decided_key] = marker.args[0]
            pytest.skip(_(NOT_RUN).format(task=marker.args[0]))

    def settle_first_run(self, send: bool) -> None:
        """Send the held records of a real-clock test's first run, or drop them (it runs
        again, and only its second run counts)."""
        held = list(self._held)
        self._held.clear()  # the same list: the guard seals what the plugins hold
        for line in held if send else ():
            self._write(line)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """A report logged with another outcome than was recorded was changed afterwards."""
        decided = self._decided.get((report.nodeid, report.when))
        if decided is not None and stored_outcome(report) != decided:
            what = _("changed a test's result after it was decided")
            self.event("tamper", what)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        """Mark the run complete, so the launcher can tell a finished run from a dead one."""
        self.current_test = None
        self.exitstatus = int(exitstatus)
        self._write({"finished": True, "exitstatus": self.exitstatus})

    @pytest.hookimpl(tryfirst=True)
    def pytest_unconfigure(self, config: pytest.Config) -> None:
        """End the process now: threads the learner's code left running must not hold it,
        nor the other plugins' clean-up delay it (a full garbage collection, once the last
        record is written)."""
        self.verify()
        self._close()
        sys.stdout.flush()
        sys.stderr.flush()
        _real_exit(self.exitstatus)

    def _write(self, record: dict) -> None:
        """Hand a record to the guard, which writes it as JSON, signs the line and sends it."""
        if record.get("outcome") == "failed" and record.get("task") is not None:
            self._failed.add(record["task"])
        sys.audit(guard.RECORD, record)


Action = Callable[[], None]


def open_channel(target: Path | int) -> tuple[Callable[[str], None], Action, Action]:
    """Send, verify and close functions for the outcome channel: the grader's pipe (its
    descriptor) or a file.

    The descriptor is checked before every line, and by ``verify``, to hold the very file
    it held at the start. If anything put another file in its place (``os.dup2`` of
    /dev/null, to hide the real records behind forged ones), the process ends at once with
    ``signing.CHANNEL_REPLACED``, which no 'finished' record can match: the grader refuses
    the run. What the check needs lives in these closures, not where code could rebind it.
    """
    if isinstance(target, int):
        fd = target
        os.set_inheritable(fd, False)  # not handed on to processes the code starts
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    fstat, write, close, end = os.fstat, os.write, os.close, _real_exit
    identity = (fstat(fd).st_dev, fstat(fd).st_ino)

    def verify() -> None:
        try:
            status = fstat(fd)
            intact = (status.st_dev, status.st_ino) == identity
        except OSError:
            intact = False
        if not intact:
            end(signing.CHANNEL_REPLACED)

    def send(line: str) -> None:
        verify()
        data = line.encode("utf-8")
        while data:
            data = data[write(fd, data) :]

    return send, verify, lambda: close(fd)
