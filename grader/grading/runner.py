"""Grade one topic: run its hidden suite in a child process and score its tasks.

The child runs pytest with the grader plugin and writes one JSON line per outcome; this
process reads them and decides every task's status, so a child that dies, hangs or prints
anything at all cannot change how the report is written.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from grader.catalog import ROOT, Task, Topic

TOPIC_TIMEOUT = 60.0  # seconds of real time for one topic's whole suite
TEST_TIMEOUT = 10.0  # seconds of real time for one test (pytest-timeout)
MEMORY_LIMIT = 2048  # MiB of address space for the test process and each of its children
TOKEN_VARIABLE = "ASYNCIO_KATAS_RUN"  # marks every process a topic's run starts


@dataclass(frozen=True)
class Limits:
    """What a teacher can set for every topic's run."""

    topic_timeout: float = TOPIC_TIMEOUT
    test_timeout: float = TEST_TIMEOUT
    memory_mib: int = MEMORY_LIMIT
    allow_network: bool = False


DEFAULT_LIMITS = Limits()


@dataclass
class TaskResult:
    """How one task came out."""

    task: Task
    status: str  # "passed", "failed" or "skipped"
    message: str = ""
    test: str = ""  # the test that decided it, when one did
    timeline: dict | None = None  # what that test recorded, for drawing
    output: str = ""  # what the learner's code printed during that test (truncated)

    @property
    def score(self) -> int:
        return self.task.points if self.status == "passed" else 0


@dataclass
class TopicResult:
    """Every counted task of a topic, and anything that went wrong with the run itself."""

    topic: Topic
    tasks: list[TaskResult] = field(default_factory=list)
    duration: float = 0.0  # real time, child process included
    test_time: float = 0.0  # real time inside the tests themselves
    problem: str = ""
    timelines: dict[str, dict] = field(default_factory=dict)  # by test
    load_error: str = ""  # why the learner's module could not be loaded, briefly
    python: str = field(default_factory=platform.python_version)  # the version that graded

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
    topic: Topic, submission: Path, limits: Limits = DEFAULT_LIMITS, python: str = sys.executable
) -> TopicResult:
    """Run ``tests/test_<topic>.py`` against ``submission/<topic>.py`` and score it."""
    started = time.perf_counter()
    records, problem = run_suite(topic, submission, limits, python)
    result = score_records(topic, records, problem)
    result.duration = time.perf_counter() - started
    return result


def run_suite(
    topic: Topic,
    submission: Path,
    limits: Limits = DEFAULT_LIMITS,
    python: str = sys.executable,
    extra_args: tuple[str, ...] = (),
) -> tuple[list[dict], str]:
    """Run the topic's suite in a child process: its outcome records, and what went wrong."""
    with tempfile.TemporaryDirectory(prefix=f"grade-{topic.stem}-") as workdir:
        outcomes = Path(workdir) / "outcomes.jsonl"
        command = [
            python, "-m", "pytest", str(topic.test_file),
            f"--submission={submission}", f"--outcomes-file={outcomes}",
            f"--rootdir={ROOT}", "-c", str(ROOT / "pyproject.toml"),
            f"--timeout={limits.test_timeout:g}",
            "-q", "--no-header", "--tb=no", "--assert=plain", "-p", "no:cacheprovider",
            # Only the plugins the suites need, named: faster, and blind to stray ones.
            "-p", "pytest_asyncio.plugin", "-p", "pytest_timeout",
        ]  # fmt: skip
        command.append(f"--memory-limit={limits.memory_mib}")
        if limits.allow_network:
            command.append("--allow-network")
        command.extend(extra_args)
        problem = _run_child(command, Path(workdir), limits)
        return _read_records(outcomes), problem


def _run_child(command: list[str], workdir: Path, limits: Limits) -> str:
    """Run the child in its own session, under limits; return what went wrong, or ``""``."""
    token = uuid.uuid4().hex
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        TOKEN_VARIABLE: token,
    }
    with open(workdir / "output.txt", "wb") as output:
        child = subprocess.Popen(
            command, cwd=workdir, env=env, stdin=subprocess.DEVNULL,
            stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            code = child.wait(timeout=limits.topic_timeout)
        except subprocess.TimeoutExpired:
            return f"the tests were stopped after {limits.topic_timeout:g} s of real time"
        finally:
            _kill_group(child)  # whatever the learner's code left running in its group
            _kill_marked(token)  # and whatever left the group but kept the environment
    if code < 0:
        return f"the test process was killed by signal {signal.Signals(-code).name}"
    if code not in (0, 1):
        tail = (workdir / "output.txt").read_text(errors="replace").strip().splitlines()[-3:]
        return f"the test process ended with exit code {code}" + (
            ": " + " / ".join(tail) if tail else ""
        )
    return ""


def _kill_marked(token: str) -> None:
    """Kill every process that still carries this run's token in its environment."""
    marker = f"{TOKEN_VARIABLE}={token}".encode()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                os.kill(int(entry.name), signal.SIGKILL)
        except (OSError, ValueError):
            continue


def _kill_group(child: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()


def _read_records(path: Path) -> list[dict]:
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return records


def score_records(topic: Topic, records: list[dict], problem: str = "") -> TopicResult:
    """Decide each task from the child's records: passed only if every one of its tests did."""
    collected: dict[str, int | None] = {}
    outcomes: dict[str, dict] = {}
    finished = False
    tampering: list[str] = []
    load_error = ""
    for record in records:
        if record.get("event") == "tamper":
            tampering.append(f"{record['detail']} ({_when(record)})")
        elif record.get("event") == "load":
            load_error = str(record.get("detail", ""))
        elif record.get("event") == "exit":  # says more than the exit code it caused
            problem = f"your code called {record['detail']} {_when(record)}"
        elif "collected" in record:
            collected = {entry["test"]: entry["task"] for entry in record["collected"]}
        elif record.get("finished"):
            finished = True
        elif "test" in record:
            previous = outcomes.get(record["test"])
            if previous is None or previous["outcome"] == "passed":
                outcomes[record["test"]] = record
    if not problem and not finished:
        problem = "the test process stopped before it finished"
    result = TopicResult(topic=topic, problem=problem, load_error=load_error)
    result.test_time = sum(record.get("duration", 0.0) for record in outcomes.values())
    result.timelines = {test: r["timeline"] for test, r in outcomes.items() if r.get("timeline")}
    if tampering:
        result.problem = "your code tried to change its grade: " + "; ".join(tampering)
        message = (
            f"Your code {'; '.join(tampering)}. Reading the reference solutions or changing "
            "the grader is not allowed: this topic scores 0."
        )
        result.tasks = [TaskResult(task, "failed", message) for task in topic.tasks]
        return result
    for task in topic.tasks:
        tests = [test for test, number in collected.items() if number == task.number]
        result.tasks.append(_task_result(task, tests, outcomes, problem))
    return result


def _when(record: dict) -> str:
    test = record.get("during")
    if test == "import":
        return "while being imported"
    return f"while {test.split('::')[-1]} ran" if test else "while the tests were set up"


def _task_result(task: Task, tests: list[str], outcomes: dict, problem: str) -> TaskResult:
    if task.min_python and sys.version_info[:2] < task.min_python:
        needed = ".".join(map(str, task.min_python))
        return TaskResult(task, "skipped", f"needs Python {needed} or newer; not counted")
    if not tests:
        reason = problem or "no test checks this task"
        return TaskResult(task, "failed", f"This task could not be graded: {reason}.")
    for test in tests:
        outcome = outcomes.get(test)
        if outcome is None:
            reason = problem or "the test did not run"
            return TaskResult(task, "failed", f"This task was not checked: {reason}.")
        if outcome["outcome"] == "failed":
            message = outcome["message"] or "A check failed."
            return TaskResult(
                task, "failed", message, test, outcome.get("timeline"), outcome.get("output", "")
            )
    if any(outcomes[test]["outcome"] == "skipped" for test in tests):
        # Only the catalog's min_python, handled above, may leave a task uncounted.
        message = outcomes[tests[0]]["message"] or "A test of this task was skipped."
        return TaskResult(task, "failed", f"{message} A skipped check does not count as passed.")
    return TaskResult(task, "passed")
