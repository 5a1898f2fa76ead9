"""The tools a learner uses between grades: watch mode and hints."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time

import pytest
from submissions import EXERCISES, SOLUTIONS

from grader.commands import hints
from grader.catalog import ROOT, Task, load_catalog

TOPIC = next(topic for topic in load_catalog() if topic.stem == "04_async_await")


class Output:
    """The lines a child process prints, read as they come."""

    def __init__(self, process: subprocess.Popen):
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process):
        for line in process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, words: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if words in line:
                return
        pytest.fail(f"never printed {words!r}; printed:\n" + "\n".join(self.seen))


def test_watch_grades_again_when_an_editor_saves_by_rename(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    target = folder / TOPIC.filename
    target.write_text((EXERCISES / TOPIC.filename).read_text())
    process = subprocess.Popen(
        [sys.executable, "-m", "grader.commands.watch", "04", "--submission", str(folder)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output = Output(process)
        output.wait_for("Topic 04: async and await  (0/7 tasks")
        output.wait_for("Watching")
        # As editors do: write a new file beside it, then rename it over the old one.
        partial = folder / ".04_async_await.py.swp"
        partial.write_text((SOLUTIONS / TOPIC.filename).read_text())
        os.replace(partial, target)
        output.wait_for("(7/7 tasks")
        output.wait_for("04.1 greet is a coroutine function  ← now passing!")
        output.wait_for("That was the last topic")
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
        process.wait()


def test_hints_come_one_at_a_time_up_to_the_worked_explanation():
    task = Task("04_async_await", 3, "save_all awaits", 1, hints=("nudge", "shape", "worked"))
    state: dict[str, int] = {}
    assert hints.next_hint(task, state) == (1, "nudge")
    assert hints.next_hint(task, state) == (2, "shape")
    assert hints.next_hint(task, state) == (3, "worked")
    assert hints.next_hint(task, state) == (3, None)
    assert state == {"04.3": 3}


def run_reset(*args: str, answer: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "grader.commands.reset", *args], cwd=ROOT, input=answer,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.fixture
def edited_topic():
    """Topic 04's stub with the learner's edits, put back as it was afterwards."""
    target = EXERCISES / TOPIC.filename
    original = target.read_text()
    target.write_text(original + "\n# my work\n")
    before = set((ROOT / ".backups").glob("*")) if (ROOT / ".backups").exists() else set()
    yield target, original
    target.write_text(original)
    for backup in set((ROOT / ".backups").glob("*")) - before:
        backup.unlink()


def test_reset_asks_first_and_keeps_the_learners_work(edited_topic):
    target, original = edited_topic
    other = EXERCISES / "01_generators.py"
    other_before = other.read_text()
    refused = run_reset("04", answer="n\n")
    assert refused.returncode == 1
    assert target.read_text().endswith("# my work\n")
    done = run_reset("04", answer="y\n")
    assert done.returncode == 0, done.stderr
    assert target.read_text() == original
    assert other.read_text() == other_before
    backups = list((ROOT / ".backups").glob("04_async_await-*.py"))
    assert any(backup.read_text().endswith("# my work\n") for backup in backups)


def test_a_hint_keeps_its_code_lines():
    text = hints.format_hint("Shape it like this:\n    async with group:\n        start()\nDone.")
    assert text.splitlines() == [
        "  Shape it like this:",
        "      async with group:",
        "          start()",
        "  Done.",
    ]


def test_every_task_has_a_nudge_a_hint_and_a_worked_explanation():
    missing = [
        task.label for topic in load_catalog() for task in topic.tasks if len(task.hints) < 3
    ]
    assert missing == []
