"""The tools a learner uses between grades: watch without a terminal, hints, reset, topic names.

The watch command in a real terminal (keys, signals, children) is tested in
test_watch_terminal.py.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from submissions import EXERCISES, SOLUTIONS

from grader.catalog import ROOT, Task, load_catalog, select_topics
from grader.commands import hints
from grader.commands.reset import reset_topic
from grader.stubs import stub_source

CATALOG = load_catalog()
TOPIC = next(topic for topic in CATALOG if topic.stem == "04_async_await")


def learner_folder(tmp_path: Path, solved: int = 0) -> Path:
    """A learner's copy of exercises/ in ``tmp_path/work``, the first ``solved`` topics done."""
    folder = tmp_path / "work"
    shutil.copytree(EXERCISES, folder)
    for topic in CATALOG[:solved]:
        shutil.copy(SOLUTIONS / topic.filename, folder / topic.filename)
    return folder


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

    def rest(self) -> str:
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return "\n".join(self.seen)


def test_watch_grades_again_when_an_editor_saves_by_rename(tmp_path):
    folder = learner_folder(tmp_path)
    target = folder / TOPIC.filename
    process = subprocess.Popen(
        [sys.executable, "-m", "grader.commands.watch", "04", "--submission", str(folder)],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,  # no terminal: a plain watcher, no keys
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
        output.wait_for("Topic 04 (async and await): every task passes. Well done!")
        assert process.wait(timeout=30) == 0
        assert "Every topic passes" not in output.rest()  # only topic 04 was watched
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


def run_command(module: str, *args: str, answer: str = "", flags=()) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *flags, "-m", f"grader.commands.{module}", *args], cwd=ROOT,
        input=answer, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_hint_without_a_topic_helps_with_the_first_unfinished_one(tmp_path):
    folder = learner_folder(tmp_path, solved=3)  # 01 to 03 done: the learner is on 04
    run = run_command("hints", "--submission", str(folder))
    assert run.returncode == 0, run.stderr
    assert "You are on topic 04, async and await" in run.stdout
    assert "Task 04.1: greet is a coroutine function" in run.stdout
    assert "Hint 1 of 3" in run.stdout
    assert (tmp_path / ".hints.json").exists()  # beside the folder, not in the project


def test_hint_takes_the_topic_as_tab_completion_gives_it(tmp_path):
    folder = learner_folder(tmp_path)
    run = run_command("hints", "exercises/04_async_await.py", "--submission", str(folder))
    assert run.returncode == 0, run.stderr
    assert "Task 04.1: greet is a coroutine function" in run.stdout


@pytest.mark.parametrize(
    "selector",
    ["04", "4", "async_await", "04_async_await", "exercises/04_async_await.py",
     "./exercises/04_async_await.py", "solutions/04_async_await.py", "04_Async_Await.py"],
)  # fmt: skip
def test_a_topic_is_named_by_number_name_or_path(selector):
    assert select_topics(CATALOG, [selector]) == [TOPIC]


@pytest.mark.parametrize(
    "selector", ["async_awiat", "exercises/04_asyncawait.py", "04-async-await"]
)
def test_an_unknown_topic_gets_a_did_you_mean(selector):
    with pytest.raises(ValueError, match=r"did you mean 04_async_await\?"):
        select_topics(CATALOG, [selector])


def test_every_command_says_did_you_mean(tmp_path):
    for module in ("hints", "reset", "watch"):
        run = run_command(module, "async_awiat", "--submission", str(tmp_path))
        assert run.returncode == 2
        assert "did you mean 04_async_await?" in run.stderr, module


def test_reset_asks_first_and_keeps_the_learners_work(tmp_path):
    folder = learner_folder(tmp_path)
    target = folder / TOPIC.filename
    target.write_text(target.read_text() + "\n# my work\n")
    other = folder / "01_generators.py"
    other.write_text(other.read_text() + "\n# other work\n")
    refused = run_command("reset", "04", "--submission", str(folder), answer="n\n")
    assert refused.returncode == 0, refused.stderr
    assert "Nothing changed." in refused.stdout
    assert target.read_text().endswith("# my work\n")
    done = run_command("reset", "04", "--submission", str(folder), answer="y\n")
    assert done.returncode == 0, done.stderr
    assert target.read_text() == stub_source((SOLUTIONS / TOPIC.filename).read_text())
    assert other.read_text().endswith("# other work\n")
    [backup] = (tmp_path / ".backups").glob("04_async_await-*.py")
    assert backup.read_text().endswith("# my work\n")


def project_copy(tmp_path: Path, solutions: bool = True) -> Path:
    """The course as a learner might have it without git: no .git, perhaps no solutions/."""
    copy = tmp_path / "course"
    ignore = shutil.ignore_patterns("__pycache__", ".nox", ".git", ".*cache")
    for part in ("grader", "exercises", "tests", *(["solutions"] if solutions else [])):
        shutil.copytree(ROOT / part, copy / part, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", copy)
    return copy


def test_reset_gives_the_original_stub_whatever_was_committed_without_git_or_pytest(tmp_path):
    copy = project_copy(tmp_path)
    target = copy / "exercises" / TOPIC.filename
    target.write_text(target.read_text() + "\n# my work, committed\n")
    # -S: no site-packages, so no pytest, rich or watchfiles; no .git in the copy.
    run = subprocess.run(
        [sys.executable, "-S", "-m", "grader.commands.reset", "exercises/04_async_await.py"],
        cwd=copy, input="y\n", capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert target.read_text() == stub_source((SOLUTIONS / TOPIC.filename).read_text())
    assert "is the original stub again" in run.stdout


def test_reset_without_solutions_says_it_needs_them(tmp_path):
    copy = project_copy(tmp_path, solutions=False)
    target = copy / "exercises" / TOPIC.filename
    before = target.read_text()
    run = subprocess.run(
        [sys.executable, "-m", "grader.commands.reset", "04", "-y"],
        cwd=copy, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 2
    assert "Reset needs the solutions/ folder" in run.stderr
    assert target.read_text() == before


def test_a_hint_keeps_its_code_lines():
    text = hints.format_hint("Shape it like this:\n    async with group:\n        start()\nDone.")
    assert text.splitlines() == [
        "  Shape it like this:",
        "      async with group:",
        "          start()",
        "  Done.",
    ]


def test_every_task_has_a_nudge_a_hint_and_a_worked_explanation():
    missing = [task.label for topic in CATALOG for task in topic.tasks if len(task.hints) < 3]
    assert missing == []


def test_two_resets_within_one_second_keep_both_copies(tmp_path):
    """A backup is named by the second it is made in; a second one never replaces the first."""
    topic = next(topic for topic in load_catalog() if topic.stem == "04_async_await")
    folder = tmp_path / "exercises"
    folder.mkdir()
    copies = []
    for work in ("first try\n", "second try\n"):
        (folder / topic.filename).write_text(work, encoding="utf-8")
        copies.append(reset_topic(topic, folder, "stub\n"))
    assert sorted(copy.read_text(encoding="utf-8") for copy in copies) == [
        "first try\n",
        "second try\n",
    ]
