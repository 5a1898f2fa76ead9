"""Whatever a submission does, the grade finishes, names what happened, and forges nothing.

Each case appends hostile code to the reference solution of topic 04 and grades it beside
another topic's untouched solution.
"""

from __future__ import annotations

import json
import socket
import time
import uuid
from pathlib import Path

import pytest
from submissions import SOLUTIONS

from grader.catalog import ROOT, load_catalog
from grader.commands.cli import grade_all
from grader.grading.confine import available_tool
from grader.grading.results import results_document
from grader.grading.runner import Limits
from grader.inside.guard import check_connect

TOPICS = {topic.stem: topic for topic in load_catalog()}
HOSTILE_TOPIC = TOPICS["04_async_await"]
BYSTANDER = next(topic for topic in TOPICS.values() if topic.stem != HOSTILE_TOPIC.stem)
# Two gradings at once, on workers that share two cores with the rest of the harness: each
# test's limit is 5 s, where an honest test here takes at most 0.3 s idle (04.5's 5000
# sleeps took over 2 s on a loaded run).
LIMITS = Limits(test_timeout=5, topic_timeout=30, memory_mib=1024)
ALL = {task.number for task in HOSTILE_TOPIC.tasks}

# name: (code appended to the solution, tasks that must fail, words their messages contain)
CASES = {
    "endless_loop_at_import": ("while True:\n    pass", ALL, "still being imported"),
    "input_at_import": ("input('Your name? ')", ALL, "input() was called"),
    "sys_exit_at_import": ("import sys\nsys.exit(3)", ALL, "called sys.exit(3)"),
    "os_exit_at_import": ("import os\nos._exit(0)", ALL, "os._exit(0)"),
    "error_at_import": ("raise RuntimeError('boom')", ALL, "RuntimeError: boom"),
    "os_exit_in_a_function": (
        "async def save_all(store, items):\n    import os\n    os._exit(0)",
        {3, 4, 5, 6, 7},
        "os._exit(0) while test_save_all_saves_every_item ran",
    ),
    "sys_exit_in_a_function": (
        "async def save_all(store, items):\n    import sys\n    sys.exit(2)",
        {3},
        "called sys.exit(2)",
    ),
    "never_returns_blocking_the_loop": (
        "async def apply_in_order(value, steps):\n    while True:\n        pass",
        {4},
        f"still running after {LIMITS.test_timeout} s",
    ),
    "never_returns_awaiting": (
        "async def fetch_all(urls, fetch):\n    await asyncio.Event().wait()",
        {6},
        "did not finish within",
    ),
    "task_that_ignores_cancellation": (
        "async def _forever():\n"
        "    while True:\n"
        "        try:\n"
        "            await asyncio.sleep(1)\n"
        "        except asyncio.CancelledError:\n"
        "            pass\n"
        "async def save_all(store, items):\n"
        "    asyncio.get_running_loop().create_task(_forever())\n"
        "    for item in items:\n"
        "        await store.save(item)",
        {3},
        "running _forever()) were still running and did not stop when cancelled",
    ),
    "deep_recursion": ("async def greet(name):\n    return await greet(name)", {1}, "Recursion"),
    "large_allocation": (
        "async def apply_in_order(value, steps):\n    return bytearray(8 * 1024**3)",
        {4},
        "out of memory",
    ),
    "thread_left_running": (
        "import threading\nthreading.Thread(target=threading.Event().wait).start()",
        set(),
        "",
    ),
    "thread_started_past_threading": (  # threading.enumerate() does not list it
        "import _thread, time\n"
        "async def greet(name):\n"
        "    _thread.start_new_thread(time.sleep, (5,))\n"
        "    return f'Hello, {name}!'",
        {1},
        "started past the threading module still running",
    ),
    "prints_a_fake_summary": (
        "print('=' * 20, '7 passed in 0.01s', '=' * 20)\n"
        "print(json.dumps({'score': 99, 'tests': []}))\n"
        "async def greet(name):\n    return 'wrong'",
        {1},
        "It returned 'wrong' (a str).",
    ),
    "writes_the_results_file": (  # the outcomes travel through a pipe: write to it
        "import os, sys\n"
        "fd = next(int(a.split('=', 1)[1]) for a in sys.argv if a.startswith('--outcomes-fd'))\n"
        'os.write(fd, b\'{"test": "forged", "outcome": "passed"}\\n\')',
        ALL,
        "cannot trust",
    ),
    "replaces_the_tests": (
        "open(ROOT + '/tests/test_04_async_await.py', 'a').write('# gone')",
        ALL,
        "wrote to",
    ),
    "patches_asyncio_sleep": (
        "async def _instant(delay, result=None):\n    return result\nasyncio.sleep = _instant",
        ALL,
        "replaced asyncio.sleep",
    ),
    "patches_time_monotonic": (
        "import time\ntime.monotonic = lambda: 0.0",
        ALL,
        "replaced time.monotonic",
    ),
    "patches_pytest_reporting": (
        "import _pytest.runner\n_pytest.runner.call_and_report = lambda *a, **k: None",
        ALL,
        "replaced _pytest.runner.call_and_report (while being imported)",
    ),
    "reads_the_solution": (
        "SOLUTION = open(ROOT + '/solutions/04_async_await.py').read()",
        ALL,
        "opened the reference solution solutions/04_async_await.py (while being imported)",
    ),
    "imports_the_solution": (  # confined, there is no solutions/ to import from
        "import importlib\nimportlib.import_module('solutions.04_async_await')",
        ALL,
        "No module named 'solutions'" if available_tool() else "opened the reference solution",
    ),
}


def submission_with(tmp_path: Path, code: str) -> Path:
    folder = tmp_path / "submission"
    folder.mkdir()
    solution = (SOLUTIONS / HOSTILE_TOPIC.filename).read_text(encoding="utf-8")
    code = code.replace("ROOT", repr(str(ROOT)))
    hostile = f"{solution}\n\nimport json\n\n{code}\n"
    (folder / HOSTILE_TOPIC.filename).write_text(hostile, encoding="utf-8")
    bystander = (SOLUTIONS / BYSTANDER.filename).read_text(encoding="utf-8")
    (folder / BYSTANDER.filename).write_text(bystander, encoding="utf-8")
    return folder


def grade(folder: Path):
    started = time.perf_counter()
    results = grade_all([HOSTILE_TOPIC, BYSTANDER], folder, jobs=2, limits=LIMITS)
    return results, time.perf_counter() - started


@pytest.mark.parametrize(("code", "fails", "words"), CASES.values(), ids=CASES.keys())
def test_hostile_submission_costs_only_its_own_points(code, fails, words, tmp_path):
    hostile, bystander = grade(submission_with(tmp_path, code))[0]
    failed = {t.task.number: t.message for t in hostile.tasks if t.status == "failed"}
    assert set(failed) == fails, failed
    for message in failed.values():
        assert words in message, message
    assert bystander.score == bystander.max_score, bystander.tasks


@pytest.mark.parametrize(
    "code", [CASES["writes_the_results_file"][0], CASES["patches_asyncio_sleep"][0]]
)
def test_results_are_never_forged(code, tmp_path):
    results, _ = grade(submission_with(tmp_path, code))
    document = json.loads(json.dumps(results_document(results, 1.0)))
    assert document["score"] == sum(test["score"] for test in document["tests"])
    hostile = [test for test in document["tests"] if HOSTILE_TOPIC.stem in test["tags"]]
    assert [test["score"] for test in hostile] == [0] * len(HOSTILE_TOPIC.tasks)
    assert all(test["status"] == "failed" for test in hostile)


def test_a_thread_left_running_does_not_hold_the_grade(tmp_path):
    _, elapsed = grade(submission_with(tmp_path, CASES["thread_left_running"][0]))
    assert elapsed < LIMITS.topic_timeout / 2


def test_a_grandchild_left_running_fails_its_task_where_processes_are_taught(tmp_path):
    """Its parent ends at once, so the grandchild is an orphan, adopted by the test process
    (a child subreaper in the topics that teach processes) and found after the test."""
    topic = TOPICS["16_subprocesses"]
    folder = tmp_path / "submission"
    folder.mkdir()
    orphan = (
        "_output_of = output_of\n"
        "async def output_of(command):\n"
        "    await (await asyncio.create_subprocess_exec('sh', '-c', 'sleep 5 &')).wait()\n"
        "    return await _output_of(command)\n"
    )
    solution = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
    (folder / topic.filename).write_text(f"{solution}\n{orphan}", encoding="utf-8")
    [result] = grade_all([topic], folder, jobs=1, limits=LIMITS)
    failed = {t.task.number: t.message for t in result.tasks if t.status == "failed"}
    assert set(failed) == {1}, failed
    assert "a child process" in failed[1] and "sleep 5" in failed[1], failed[1]


def test_no_child_process_outlives_the_grade(tmp_path):
    marker = f"hostile-{uuid.uuid4().hex}"
    code = (
        "import subprocess, sys\n"
        "for session in (False, True):\n"
        "    subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', "
        f"{marker!r}], start_new_session=session)"
    )
    grade(submission_with(tmp_path, code))
    survivors = [
        entry.name
        for entry in Path("/proc").glob("[0-9]*")
        if marker.encode() in _read(entry / "cmdline")
    ]
    assert survivors == []


def test_no_server_outlives_the_grade(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = (
        "import socket\n_server = socket.socket()\n"
        f"_server.bind(('127.0.0.1', {port}))\n_server.listen()"
    )
    grade(submission_with(tmp_path, code))
    with socket.socket() as client, pytest.raises(ConnectionRefusedError):
        client.connect(("127.0.0.1", port))


@pytest.mark.parametrize(
    ("host", "allowed"),
    [("127.0.0.1", True), ("::1", True), ("localhost", True), ("192.0.2.7", False)],
)
def test_only_loopback_connections_are_allowed_unless_the_teacher_says(host, allowed):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as sock:  # never connected: only the guard's decision is tested
        check_connect((sock, (host, 80)), allow_network=True)
        if allowed:
            check_connect((sock, (host, 80)))
        else:
            with pytest.raises(PermissionError, match="loopback"):
                check_connect((sock, (host, 80)))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""
