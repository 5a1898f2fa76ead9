"""A test process forked by the zygote is the one a new process would be: same verdicts,
same descriptors, folder, environment and session, and it is stopped the same way."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import time

import pytest
from submissions import EXERCISES, SOLUTIONS

from grader.catalog import ROOT, load_catalog
from grader.grading.collected import suite_key
from grader.grading.runner import Limits, grade_topic
from grader.grading.zygote import ForkedChild, start_child, warm

TOPICS = {topic.stem: topic for topic in load_catalog()}
UNCONFINED = Limits(confine="never")

# What the test process sees of itself, written by a test to the pipe the command names.
PROBE = textwrap.dedent(
    """
    import json, os, sys

    def link(name):
        try:
            return os.readlink(f"/proc/self/fd/{name}")
        except OSError:  # the descriptor that listed the folder, closed since
            return None

    def test_probe():
        fd = int(os.environ["PROBE_FD"])
        names = os.listdir("/proc/self/fd")
        seen = {
            "fds": sorted(int(name) for name in names if link(name)),
            "links": [link(name) for name in names],
            "cwd": os.getcwd(),
            "marker": os.environ.get("PROBE_MARKER"),
            "own_session": os.getsid(0) == os.getpid(),
            "stdin": os.path.realpath("/proc/self/fd/0"),
            "path": sys.path,
        }
        os.write(fd, json.dumps(seen).encode())
        print("to the output")
    """
)


def verdicts(result) -> list[tuple[int, str, str]]:
    return [(task.task.number, task.status, task.message) for task in result.tasks]


@pytest.mark.parametrize(
    ("stem", "folder"), [("04_async_await", SOLUTIONS), ("09_queues", EXERCISES)]
)
def test_a_forked_run_grades_as_a_new_process_does(stem, folder, grading_zygote):
    new = grade_topic(TOPICS[stem], folder, UNCONFINED)
    with warm(grading_zygote):
        forked = [grade_topic(TOPICS[stem], folder, UNCONFINED) for _ in range(2)]
        assert grading_zygote.current.collected  # forked after the suite was collected
    for result in (new, *forked):
        assert not result.problem, result.problem
        assert verdicts(result) == verdicts(new)
    counted = {task.status for task in new.counted}
    assert counted == ({"passed"} if folder == SOLUTIONS else {"failed"})


def kinds(links: list[str | None]) -> list[str]:
    """What each descriptor is, without its number: ``pipe``, ``socket``, a file's name."""
    return sorted(re.sub(r":\[\d+\]$", "", link) for link in links if link)


def probe(tmp_path, zygote=None) -> tuple[dict, bytes, object]:
    """Run PROBE through ``start_child``: what the process saw, what it printed, the child."""
    suite = tmp_path / "test_probe.py"
    suite.write_text(PROBE, encoding="utf-8")
    folder = tmp_path / "run"
    folder.mkdir(exist_ok=True)
    seen_read, seen_write = os.pipe()
    output_read, output_write = os.pipe()
    spare_read, spare_write = os.pipe()  # open here, not passed on: must not be seen
    command = [sys.executable, "-m", "pytest", str(suite), "-q", "-s", "-p", "no:cacheprovider"]
    env = {  # as the runner sets it
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "PROBE_FD": str(seen_write),
        "PROBE_MARKER": "present",
    }
    try:
        if zygote is None:
            child = start_child(command, cwd=folder, env=env, output=output_write,
                                pass_fds=(seen_write,))  # fmt: skip
        else:
            with warm(zygote):
                child = start_child(command, cwd=folder, env=env, output=output_write,
                                    pass_fds=(seen_write,))  # fmt: skip
    finally:
        os.close(seen_write)
        os.close(output_write)
    assert child.wait(timeout=60) == 0
    with os.fdopen(seen_read, "rb") as seen, os.fdopen(output_read, "rb") as output:
        data, printed = json.loads(seen.read()), output.read()
    spare = f"pipe:[{os.fstat(spare_read).st_ino}]"
    os.close(spare_read)
    os.close(spare_write)
    return {**data, "fd": seen_write, "spare": spare}, printed, child


def test_the_forked_process_has_what_a_new_one_has(tmp_path, grading_zygote):
    new, new_printed, new_child = probe(tmp_path)
    forked, forked_printed, forked_child = probe(tmp_path, grading_zygote)
    assert isinstance(new_child, subprocess.Popen)
    assert isinstance(forked_child, ForkedChild)
    assert forked["fds"] == new["fds"]
    assert new["fd"] in forked["fds"]
    assert kinds(forked["links"]) == kinds(new["links"])  # the zygote's socket stayed home
    assert new["spare"] not in forked["links"] + new["links"]
    assert forked["cwd"] == new["cwd"] == str(tmp_path / "run")
    assert forked["path"] == new["path"]
    assert str(tmp_path / "run") in forked["path"]  # as ``python -m`` puts it
    assert forked["marker"] == new["marker"] == "present"
    assert forked["own_session"] and new["own_session"]
    assert forked["stdin"] == new["stdin"] == os.devnull
    assert b"to the output" in forked_printed
    assert b"to the output" in new_printed


def test_a_confined_or_other_command_starts_a_new_process(tmp_path, grading_zygote):
    read, write = os.pipe()
    try:
        with warm(grading_zygote):
            child = start_child(
                ["/bin/true"], cwd=tmp_path, env=dict(os.environ), output=write, pass_fds=()
            )
    finally:
        os.close(write)
        os.close(read)
    assert isinstance(child, subprocess.Popen)
    assert child.wait(timeout=30) == 0


def test_a_forked_run_that_hangs_is_stopped_at_the_topic_limit(tmp_path, grading_zygote):
    topic = TOPICS["04_async_await"]
    source = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
    (tmp_path / topic.filename).write_text(
        source + "\nwhile True:\n    pass\n", encoding="utf-8"
    )  # an endless loop at import, which no test's own limit reaches
    limits = Limits(confine="never", topic_timeout=3)
    started = time.monotonic()
    with warm(grading_zygote):
        result = grade_topic(topic, tmp_path, limits)
        after = grade_topic(topic, SOLUTIONS, UNCONFINED)  # the zygote still serves
    assert time.monotonic() - started < 60
    assert "stopped after 3 s" in result.problem
    assert result.score == 0
    assert not after.problem and after.score == after.max_score


PRINTS = """
import builtins

_greet = greet


async def greet(name):
    builtins.print("greeting", name)
    return (await _greet(name)).upper()
"""


def test_a_run_forked_after_collection_keeps_what_the_learner_printed(tmp_path, grading_zygote):
    topic = TOPICS["04_async_await"]
    source = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
    (tmp_path / topic.filename).write_text(source + PRINTS, encoding="utf-8")
    new = grade_topic(topic, tmp_path, UNCONFINED)
    with warm(grading_zygote):
        grade_topic(topic, tmp_path, UNCONFINED)
        forked = grade_topic(topic, tmp_path, UNCONFINED)
        assert grading_zygote.current.collected
    printed = {task.task.number: task.output for task in new.tasks}
    assert "greeting Ada" in printed[1]  # what a failed task's code printed
    assert {task.task.number: task.output for task in forked.tasks} == printed
    assert verdicts(forked) == verdicts(new)


def test_a_suite_pytest_cannot_start_runs_as_a_new_process(tmp_path, grading_zygote):
    """An option pytest does not know: a usage error, as in a new process, and no suite is
    kept collected."""
    suite = tmp_path / "test_nothing.py"
    suite.write_text("def test_nothing():\n    pass\n", encoding="utf-8")
    read, write = os.pipe()
    command = [
        sys.executable, "-m", "pytest", str(suite), "-p", "no:cacheprovider", "--no-such-option",
        f"--rootdir={ROOT}", "-c", str(ROOT / "pyproject.toml"),
        f"--submission={tmp_path}", "--outcomes-fd=5", "--outcomes-key-fd=6",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    codes = []
    try:
        for zygote in (None, grading_zygote):
            if zygote is None:
                child = start_child(command, cwd=tmp_path, env=env, output=write, pass_fds=())
            else:
                with warm(zygote):
                    child = start_child(command, cwd=tmp_path, env=env, output=write, pass_fds=())
                assert isinstance(child, ForkedChild) and not child.collected
            codes.append(child.wait(timeout=60))
    finally:
        os.close(write)
        os.close(read)
    assert codes == [pytest.ExitCode.USAGE_ERROR] * 2


def test_runs_share_a_collected_suite_when_only_their_own_options_differ(tmp_path):
    suite = tmp_path / "test_suite.py"
    suite.write_text("def test_one():\n    pass\n", encoding="utf-8")
    shared = [str(suite), "-q", "--timeout=5", f"--rootdir={ROOT}", "-c", "pyproject.toml"]

    def run(folder, fd):
        return [
            *shared,
            f"--submission={folder}",
            f"--outcomes-fd={fd}",
            f"--outcomes-key-fd={fd + 1}",
        ]

    key = suite_key(run("/a", 5))
    assert key is not None
    assert suite_key(run("/b", 7)) == key
    assert suite_key([*shared, "--timeout=9", *run("/a", 5)[3:]]) != key
    assert suite_key(shared) is None  # not a grading run
    assert suite_key([arg for arg in run("/a", 5) if arg != "-c"]) is None  # found, not named
    assert suite_key([*run("/a", 5), "--outcomes-file=/tmp/x"]) is None
    assert suite_key([*run("/a", 5), "--submission=/c"]) is None  # twice: which one?
    # The harness's options are the run's own too: the suite is not collected again.
    assert suite_key([*run("/a", 5), '--only-tests=["test_one"]', "--record-reach"]) == key
    assert suite_key([*run("/a", 5), "--record-reach", "--record-reach"]) is None
    suite.write_text("def test_one():\n    pass\n\n\ndef test_two():\n    pass\n")
    assert suite_key(run("/a", 5)) != key  # a suite rewritten is collected again


# greet logs an error, as asyncio does for an exception no one retrieved: pytest's log file,
# opened before the fork, must not write it where the run's records go.
LOGS = """
import logging


async def greet(name):
    logging.getLogger("asyncio").error("an error logged while %s was greeted", name)
    return f"Hello, {name}!"
"""


def test_a_run_forked_after_collection_keeps_its_records_apart_from_older_files(
    tmp_path, grading_zygote
):
    topic = TOPICS["04_async_await"]
    source = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
    (tmp_path / topic.filename).write_text(source + LOGS, encoding="utf-8")
    with warm(grading_zygote):
        grade_topic(topic, tmp_path, UNCONFINED)
        forked = grade_topic(topic, tmp_path, UNCONFINED)
        assert grading_zygote.current.collected
    assert forked.problem == "", forked.problem
    assert forked.score == forked.max_score
