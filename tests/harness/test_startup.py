"""What makes a grade start sooner keeps the grade the same: caches, the catalog's entry
handed to the test process, the order topics start in, the probe started early."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from grader.catalog import load_catalog
from grader.commands.cli import longest_first, may_confine
from grader.grading import bytecode
from grader.grading.confine import project_paths
from grader.grading.runner import UNUSED_PLUGINS, topic_entry
from grader.inside.plugin import topic_from_entry

TOPICS = load_catalog()


def test_a_suite_is_compiled_for_this_python_and_its_cache_is_bound(tmp_path, monkeypatch):
    suite = tmp_path / "tests" / "test_99_example.py"
    suite.parent.mkdir()
    suite.write_text("VALUE = 1\n", encoding="utf-8")
    cache = Path(importlib.util.cache_from_source(str(suite)))
    monkeypatch.setattr(bytecode, "_compile_package", lambda folder: True)
    assert not cache.exists()
    assert suite in project_paths(suite) and cache not in project_paths(suite)
    bytecode.compile_for(sys.executable, suite)
    assert cache.is_file()
    assert cache in project_paths(suite)
    before = cache.stat().st_mtime_ns
    os.utime(suite, ns=(before + 10**9, before + 10**9))  # the suite changed: compiled again
    bytecode.compile_for(sys.executable, suite)
    assert cache.stat().st_mtime_ns != before


def test_another_python_gets_no_cache_from_this_one(tmp_path, monkeypatch):
    suite = tmp_path / "test_99_example.py"
    suite.write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.setattr(bytecode, "_compile_package", lambda folder: pytest.fail("compiled"))
    bytecode.compile_for("/usr/bin/another-python", suite)
    assert not Path(importlib.util.cache_from_source(str(suite))).exists()


@pytest.mark.parametrize("topic", TOPICS, ids=[topic.stem for topic in TOPICS])
def test_the_catalog_entry_handed_to_the_test_process_keeps_what_it_needs(topic):
    given = topic_from_entry(topic_entry(topic))
    assert given.stem == topic.stem
    assert [task.number for task in given.tasks] == [task.number for task in topic.tasks]
    assert given.processes is topic.processes


def test_the_topics_that_take_longest_start_first():
    order = longest_first(TOPICS)
    assert sorted(order, key=lambda topic: topic.stem) == TOPICS
    processes = [topic.processes for topic in order]
    assert processes == sorted(processes, reverse=True)  # those that start processes first
    rest = [topic.test_file.stat().st_size for topic in order if not topic.processes]
    assert rest == sorted(rest, reverse=True)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], True),
        (["04", "--submission", "work"], True),
        (["--confine", "always"], True),
        (["--list"], False),
        (["--help"], False),
        (["--confine", "never", "04"], False),
        (["--confine=never"], False),
    ],
)
def test_the_probe_starts_early_only_when_a_run_may_be_confined(argv, expected):
    assert may_confine(argv) is expected


def test_only_pytest_plugins_no_suite_uses_are_left_out():
    left_out = {option.removeprefix("-pno:") for option in UNUSED_PLUGINS}
    needed = {"python", "fixtures", "capture", "skipping", "monkeypatch", "warnings", "logging"}
    assert left_out and not left_out & needed
    assert all(option.startswith("-pno:") for option in UNUSED_PLUGINS)


def test_waiting_for_a_test_process_gives_its_code_or_the_timeout():
    """The runner waits on the process's descriptor, not by looking every 50 ms."""
    import subprocess

    from grader.grading.runner import wait_for

    ended = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    assert wait_for(ended, 30) == 3
    assert wait_for(ended, 30) == 3  # reaped already: the code it ended with
    sleeping = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            wait_for(sleeping, 0.2)
    finally:
        sleeping.kill()
        sleeping.wait()
