"""Grade one topic: run its hidden suite in a child process and score its tasks.

The child runs pytest with the grader plugin and writes one JSON line per outcome; this
process reads them and decides every task's status, so a child that dies, hangs or prints
anything at all cannot change how the report is written.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import platform
import select
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from grader.catalog import ROOT, Task, Topic
from grader.grading import cgroups
from grader.grading.bytecode import compile_for
from grader.grading.confine import (
    UNSHARE,
    RefusedFile,
    base_environment,
    choose_tool,
    confined_command,
    copy_topic_file,
    project_paths,
)
from grader.grading.drain import Drain
from grader.grading.records import RecordError, parse_records
from grader.grading.sanitize import clean, clean_data
from grader.grading.zygote import TEST_PROCESS_ENVIRONMENT, ForkedChild, start_child
from grader.i18n import _
from grader.signing import CHANNEL_REPLACED, new_key
from grader.text import one_line

TOPIC_TIMEOUT = 60.0  # seconds of real time for one topic's whole suite
TEST_TIMEOUT = 10.0  # seconds of real time for one test (pytest-timeout)
# MiB of address space for the test process and each of its children, and of memory for all
# of them together where control groups can be made (grader/grading/cgroups.py).
MEMORY_LIMIT = 2048
TOKEN_VARIABLE = "ASYNCIO_KATAS_RUN"  # marks every process an unconfined run starts
START_TIME_SLACK = 2.0  # seconds: a process's start time is told in clock ticks, rounded
MAX_OUTCOME_BYTES = 8 * 1024 * 1024  # records beyond this make the run untrustworthy
MAX_OUTPUT_BYTES = 16 * 1024  # the end of the test process's own output, kept
# pytest's own plugins that no suite uses (fixtures, reports, debuggers): not loaded.
UNUSED_PLUGINS = [
    f"-pno:{name}"
    for name in (
        "cacheprovider", "doctest", "legacypath", "tmpdir", "junitxml", "pastebin",
        "unittest", "debugging", "setuponly", "setupplan", "stepwise", "subtests",
    )
]  # fmt: skip


@dataclass(frozen=True)
class Limits:
    """What a teacher can set for every topic's run."""

    topic_timeout: float = TOPIC_TIMEOUT
    test_timeout: float = TEST_TIMEOUT
    memory_mib: int = MEMORY_LIMIT
    tasks_max: int = cgroups.TASKS_MAX  # processes and threads at once, where cgroups allow
    allow_network: bool = False
    confine: str = "auto"  # "auto", "always" or "never" (see grader/grading/confine.py)


DEFAULT_LIMITS = Limits()


@dataclass
class TaskResult:
    """How one task came out."""

    task: Task
    status: str  # "passed", "failed" or "skipped"
    message: str = ""
    test: str = ""  # the test that decided it, when one did
    timeline: dict | None = None  # what that test recorded last, for drawing
    output: str = ""  # what the learner's code printed during that test (truncated)

    @property
    def score(self) -> int:
        return self.task.points if self.status == "passed" else 0

    @property
    def scene(self) -> str:
        """Where the reference's timeline to draw beside this one is found in its
        ``TopicResult.timelines``: the same test, the same scene of it."""
        return scene_key(self.test, self.timeline or {})


def scene_key(test: str, timeline: dict) -> str:
    """A test's timeline, named by the test and the scene the suite numbered it with."""
    return f"{test}#{timeline.get('scene', 0)}"


@dataclass
class TopicResult:
    """Every counted task of a topic, and anything that went wrong with the run itself."""

    topic: Topic
    tasks: list[TaskResult] = field(default_factory=list)
    duration: float = 0.0  # real time, child process included
    test_time: float = 0.0  # real time inside the tests themselves
    problem: str = ""
    timelines: dict[str, dict] = field(default_factory=dict)  # by scene_key
    load_error: str = ""  # why the learner's module could not be loaded, briefly
    python: str = field(default_factory=platform.python_version)  # the version that graded
    review: list[str] = field(default_factory=list)  # what a teacher should look at
    confinement: str = ""  # the tool that confined the run ("bwrap", "unshare"), or ""

    @property
    def counted(self) -> list[TaskResult]:
        return [result for result in self.tasks if result.status != "skipped"]

    @property
    def score(self) -> int:
        return sum(result.score for result in self.counted)

    @property
    def max_score(self) -> int:
        return sum(result.task.points for result in self.counted)

    @property
    def passed(self) -> int:
        return sum(result.status == "passed" for result in self.counted)


def grade_topic(
    topic: Topic,
    submission: Path,
    limits: Limits = DEFAULT_LIMITS,
    python: str = sys.executable,
    *,
    tests: Sequence[str] | None = None,
) -> TopicResult:
    """Run ``tests/test_<topic>.py`` against ``submission/<topic>.py`` and score it.

    Whatever the submission does, this returns a result: a run that cannot be graded
    scores its topic 0 with a message saying why, and the other topics go on. ``tests``:
    only those (by name), for the harness; a task with none of them fails.
    """
    started = time.perf_counter()
    try:
        result = _grade(topic, submission, limits, python, tests)
    except Exception as error:  # one broken run never stops the others
        result = score_records(
            topic, [], _("the grader could not run it ({error})").format(error=error)
        )
    result.duration = time.perf_counter() - started
    return result


def _grade(
    topic: Topic, submission: Path, limits: Limits, python: str, tests: Sequence[str] | None
) -> TopicResult:
    records, problem = run_suite(topic, submission, limits, python, tests=tests)
    result = score_records(topic, records, problem, python=python_version(python))
    result.confinement = choose_tool(limits.confine)
    return result


def run_suite(
    topic: Topic,
    submission: Path,
    limits: Limits = DEFAULT_LIMITS,
    python: str = sys.executable,
    *,
    tests: Sequence[str] | None = None,
    record_reach: bool = False,
) -> tuple[list[dict], str]:
    """Run the topic's suite in a child process: its checked records, and what went wrong.

    The child sees a private copy of the topic file. Records that are not exactly the
    plugin's come back as no records and a problem that says what was wrong, so the topic
    scores 0. For the harness: ``tests``, only those; ``record_reach``, each test's record
    lists what it reached of the module (``grader/inside/reach.py``).
    """
    with tempfile.TemporaryDirectory(prefix=f"grade-{topic.stem}-") as workdir:
        copy = Path(workdir) / "submission"
        copy.mkdir(mode=0o755)
        # No path of the grading machine shows: the copy's files by name, itself in words.
        shown = {f"{copy}{os.sep}": "", str(copy): _("your submission"), workdir: _("a folder")}
        try:
            copy_topic_file(submission / topic.filename, copy)
        except RefusedFile as error:
            return [], str(error)
        command = [
            # -P: nothing in the run's folder is importable (a pytest.py planted there).
            python, "-P", "-m", "pytest", str(topic.test_file),
            f"--submission={copy}", f"--rootdir={ROOT}", "-c", str(ROOT / "pyproject.toml"),
            f"--timeout={limits.test_timeout:g}",
            "-q", "--no-header", "--tb=no", "--assert=plain", *UNUSED_PLUGINS,
            # Only the plugins the suites need, named: faster, and blind to stray ones.
            "-p", "pytest_asyncio.plugin", "-p", "pytest_timeout",
            f"--topic-entry={topic_entry(topic)}",  # the catalog's part it needs
        ]  # fmt: skip
        compile_for(python, topic.test_file)  # the child, read-only, loads them ready-made
        command.append(f"--memory-limit={limits.memory_mib}")
        if tests is not None:
            command.append(f"--only-tests={json.dumps(list(tests))}")
        if record_reach:
            command.append("--record-reach")
        if limits.allow_network:
            command.append("--allow-network")
        binds = (*project_paths(topic.test_file), copy)
        tool = choose_tool(limits.confine)  # probed meanwhile (confine.warm_up)
        groups = cgroups.capped(limits.tasks_max, limits.memory_mib) if tool else None
        with groups or contextlib.nullcontext(cgroups.RunGroup()) as group:
            run = _run_child(command, tool, Path(workdir), binds, limits, group.enter)
            if run.code not in (None, 0, 1) and group.memory_ran_out():
                run.problem = _(
                    "the run's processes together held more than {mib} MiB of memory, "
                    "so the system ended the test process"
                ).format(mib=limits.memory_mib)
    problem = clean(run.problem, paths=shown, suite=topic.test_file)
    try:
        records = parse_records(run.outcomes, overflowed=run.overflowed, key=run.key)
    except RecordError as error:
        what = clean(str(error), paths=shown)
        return [], _("the test process sent results the grader cannot trust ({what})").format(
            what=what
        )
    finished = [record["exitstatus"] for record in records if "finished" in record]
    if run.code == CHANNEL_REPLACED:
        return [], _(
            "your code put another file in place of the grader's results channel: "
            "the results of this run cannot be trusted"
        )
    if finished and run.code is None:  # the plugin ends the process as soon as it finishes
        return [], _(
            "the test process reported that it finished, then had to be stopped: "
            "its results cannot be trusted"
        )
    if finished and run.code != finished[0]:
        return [], _(
            "the test process reported that it finished, then ended otherwise "
            "(exit code {code}, not {reported}): its results cannot be trusted"
        ).format(code=run.code, reported=finished[0])
    return [_cleaned(record, shown, topic.test_file) for record in records], problem


def topic_entry(topic: Topic) -> str:
    """What the test process needs of the topic's catalog entry (``--topic-entry``)."""
    numbers = [task.number for task in topic.tasks]
    return json.dumps(
        {
            "stem": topic.stem,
            "tasks": numbers,
            "processes": topic.processes,
            "changes": list(topic.changes),
        }
    )


@dataclass
class _Run:
    problem: str
    outcomes: bytes
    overflowed: bool
    key: bytes  # what signs the outcome records
    code: int | None  # the exit code, when the child ended by itself


def _run_child(
    command: list[str],
    tool: str,
    workdir: Path,
    binds: tuple[Path, ...],
    limits: Limits,
    enter: list[str],
) -> _Run:
    """Run the child, confined if ``tool``; every process it started is gone on return.
    ``enter`` goes before the whole command (it moves the run into its control group)."""
    token, since = uuid.uuid4().hex, time.time()
    env = dict(TEST_PROCESS_ENVIRONMENT)
    if tool:
        env = {**base_environment(command[0]), **env}
    else:
        env = {**os.environ, **env, TOKEN_VARIABLE: token}
    outcomes_read, outcomes_write = os.pipe()
    output_read, output_write = os.pipe()
    key = new_key()
    key_read, key_write = os.pipe()
    os.write(key_write, key)
    os.close(key_write)
    command = [*command, f"--outcomes-fd={outcomes_write}", f"--outcomes-key-fd={key_read}"]
    wrapped = confined_command(
        tool, command, list(binds), allow_network=limits.allow_network, new_root=workdir / "root"
    )
    wrapped = [*enter, *wrapped]
    if tool == UNSHARE:
        (workdir / "root").mkdir()
    outcomes = Drain(outcomes_read, MAX_OUTCOME_BYTES, keep="head")
    output = Drain(output_read, MAX_OUTPUT_BYTES, keep="tail")
    try:
        child = start_child(
            wrapped, cwd=workdir, env=env, output=output_write, pass_fds=(outcomes_write, key_read)
        )
    except BaseException:
        for fd in (outcomes_write, output_write, key_read):
            os.close(fd)
        outcomes.finish()
        output.finish()
        raise
    for fd in (outcomes_write, output_write, key_read):
        os.close(fd)
    problem = ""
    try:
        code = wait_for(child, limits.topic_timeout)
    except subprocess.TimeoutExpired:
        code = None
        problem = _("the tests were stopped after {seconds} s of real time").format(
            seconds=f"{limits.topic_timeout:g}"
        )
    finally:
        stop_everything(child, tool, token, since)
    data, overflowed = outcomes.finish()
    tail, _overflowed = output.finish()
    if code is not None:
        problem = _exit_problem(code, tool, tail)
    return _Run(problem, data, overflowed, key, code)


def wait_for(child: subprocess.Popen | ForkedChild, timeout: float) -> int:
    """``child.wait(timeout)``, told the moment the child ends: ``Popen.wait`` with a timeout
    looks every 50 ms, which a one-topic grade would wait out. Linux's process descriptor is
    readable once the process has ended."""
    if not isinstance(child, subprocess.Popen) or not hasattr(os, "pidfd_open"):
        return child.wait(timeout=timeout)
    try:
        descriptor = os.pidfd_open(child.pid)
    except OSError:  # ended and reaped already, or a kernel without process descriptors
        return child.wait(timeout=timeout)
    try:
        if not select.select([descriptor], [], [], timeout)[0]:
            raise subprocess.TimeoutExpired(child.args, timeout)
    finally:
        os.close(descriptor)
    return child.wait()


def _exit_problem(code: int, tool: str, tail: bytes) -> str:
    if tool and code > 128 and code - 128 in _SIGNALS:
        code = -(code - 128)  # bwrap and the shell report a signal as 128 + its number
    if code < 0 and -code in _SIGNALS:
        return _("the test process was killed by signal {signal}").format(
            signal=signal.Signals(-code).name
        )
    if code in (0, 1):
        return ""
    lines = tail.decode("utf-8", errors="replace").strip().splitlines()[-3:]
    return _("the test process ended with exit code {code}").format(code=code) + (
        ": " + " / ".join(lines) if lines else ""
    )


_SIGNALS = {int(number) for number in signal.Signals}


def stop_everything(child: subprocess.Popen, tool: str, token: str, since: float) -> None:
    """End every process the run started, and wait until they are gone.

    Confined, the run's processes live in their own PID namespace: killing its first
    process (PID 1 inside) makes the kernel end all the others before it goes, and the
    wrapper exits once it has. Unconfined, the run's process group and every process that
    still carries the run's token in its environment are killed.
    """
    if tool:
        try:
            inside = psutil.Process(child.pid).children(recursive=True)
        except psutil.Error:
            inside = []
        for process in inside:  # breadth first: the namespace's PID 1 comes first
            with contextlib.suppress(psutil.Error):
                process.kill()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        psutil.wait_procs(inside, timeout=5)
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    _kill_marked(token, since)


def _kill_marked(token: str, since: float) -> None:
    """Kill every process that still carries this run's token in its environment: only one
    made since the run started (``since``, by the clock of ``time.time``) can, and reading
    an environment costs more than reading a start time."""
    marked = []
    for process in psutil.process_iter(["create_time"]):
        with contextlib.suppress(psutil.Error):
            if (process.info["create_time"] or 0) < since - START_TIME_SLACK:
                continue
            if process.environ().get(TOKEN_VARIABLE) == token:
                process.kill()
                marked.append(process)
    psutil.wait_procs(marked, timeout=5)


@functools.cache
def python_version(python: str) -> str:
    """``platform.python_version()`` of the interpreter that runs the tests."""
    if python == sys.executable:
        return platform.python_version()
    query = [python, "-c", "import platform; print(platform.python_version())"]
    return subprocess.run(query, capture_output=True, text=True, check=True).stdout.strip()


def _cleaned(record: dict, shown: dict[str, str], suite: Path) -> dict:
    """The record with every string in it made safe to show; a timeline's (its spans'
    labels, outcomes) each on one line, as the drawing puts it."""
    return {
        key: clean_data(value, paths=shown, suite=suite) if key != "timelines" else
        _one_lined(clean_data(value, paths=shown))
        for key, value in record.items()
    }  # fmt: skip


def _one_lined(value: object) -> object:
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, list):
        return [_one_lined(item) for item in value]
    if isinstance(value, dict):
        return {key: _one_lined(item) for key, item in value.items()}
    return value


def score_records(
    topic: Topic, records: list[dict], problem: str = "", *, python: str | None = None
) -> TopicResult:
    """Decide each task from the child's records: passed only if every one of its tests did.

    ``python`` is the version that ran the tests (this process's by default).
    """
    collected: dict[str, int | None] = {}
    outcomes: dict[str, dict] = {}
    finished = False
    tampering: list[str] = []
    review: list[str] = []
    load_error = ""
    ended: set[str] = set()  # the tests whose teardown was recorded: they came to their end
    for record in records:
        if record.get("event") == "tamper":
            tampering.append(f"{record['detail']} ({_when(record)})")
        elif record.get("event") == "review":  # flagged for a teacher, not scored by itself
            # Found in the source, before any test: the finding names its line itself.
            when = f" ({_when(record)})" if record.get("during") else ""
            review.append(f"{record['detail']}{when}")
        elif record.get("event") == "load":
            load_error = str(record.get("detail", ""))
        elif record.get("event") == "exit":  # says more than the exit code it caused
            problem = _("your code called {call} {when}").format(
                call=record["detail"], when=_when(record)
            )
        elif "collected" in record:
            collected = {entry["test"]: entry["task"] for entry in record["collected"]}
        elif record.get("finished"):
            finished = True
        elif "test" in record:
            if record.get("when") == "teardown":
                ended.add(record["test"])
                if record["outcome"] == "passed":
                    continue  # says only that the test came to its end
            previous = outcomes.get(record["test"])
            if previous is None or previous["outcome"] == "passed":
                outcomes[record["test"]] = record
            elif record.get("when") == "teardown" and record.get("message"):
                # What the end of a failed test found is told below the failure's message.
                message = f"{previous.get('message') or ''}\n{record['message']}".strip()
                outcomes[record["test"]] = {**previous, "message": message}
    if not finished:
        problem = problem or _("the test process stopped before it finished")
        # The test it stopped in never came to the end of its teardown (its checks there).
        outcomes = {test: record for test, record in outcomes.items() if test in ended}
    result = TopicResult(topic=topic, problem=problem, load_error=load_error, review=review)
    if python:
        result.python = python
    version = tuple(int(part) for part in result.python.split(".")[:2] if part.isdigit())
    result.test_time = sum(record.get("duration", 0.0) for record in outcomes.values())
    result.timelines = {
        scene_key(test, timeline): timeline
        for test, record in outcomes.items()
        for timeline in record.get("timelines") or []
    }
    if tampering:
        result.problem = _("your code tried to change its grade: {details}").format(
            details="; ".join(tampering)
        )
        message = _(
            "Your code {details}. Reading the reference solutions or changing "
            "the grader is not allowed: this topic scores 0."
        ).format(details="; ".join(tampering))
        result.tasks = [TaskResult(task, "failed", message) for task in topic.tasks]
        return result
    for task in topic.tasks:
        tests = [test for test, number in collected.items() if number == task.number]
        result.tasks.append(_task_result(task, tests, outcomes, problem, version))
    return result


def _when(record: dict) -> str:
    test = record.get("during")
    if test == "import":
        return _("while being imported")
    if test:
        return _("while {test} ran").format(test=test.split("::")[-1])
    return _("while the tests were set up")


def _task_result(
    task: Task, tests: list[str], outcomes: dict, problem: str, version: tuple[int, ...]
) -> TaskResult:
    if task.min_python and version < task.min_python:
        needed = ".".join(map(str, task.min_python))
        skipped = _("needs Python {version} or newer; not counted").format(version=needed)
        return TaskResult(task, "skipped", skipped)
    if not tests:
        reason = problem or _("no test checks this task")
        failed = _("This task could not be graded: {reason}.").format(reason=reason)
        return TaskResult(task, "failed", failed)
    for test in tests:
        outcome = outcomes.get(test)
        if outcome is None:
            reason = problem or _("the test did not run")
            failed = _("This task was not checked: {reason}.").format(reason=reason)
            return TaskResult(task, "failed", failed)
        if outcome["outcome"] == "failed":
            message = outcome["message"] or _("A check failed.")
            timelines = outcome.get("timelines") or [None]
            return TaskResult(
                task, "failed", message, test, timelines[-1], outcome.get("output", "")
            )
    if any(outcomes[test]["outcome"] == "skipped" for test in tests):
        # Only the catalog's min_python, handled above, may leave a task uncounted.
        message = outcomes[tests[0]]["message"] or _("A test of this task was skipped.")
        skipped = _("{message} A skipped check does not count as passed.").format(message=message)
        return TaskResult(task, "failed", skipped)
    return TaskResult(task, "passed")
