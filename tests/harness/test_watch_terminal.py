"""The watch command as a learner meets it: in a real terminal (tmux), with keys and signals.

Each test runs its own tmux server (``tmux -L <name>``) and ends only that one.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest
from submissions import EXERCISES, SOLUTIONS

from grader.catalog import ROOT, load_catalog
from grader.stubs import stub_source

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

CATALOG = load_catalog()
SCREEN_TIMEOUT = 60  # seconds for any expected screen to appear


def learner_folder(tmp_path: Path, solved: int = 0) -> Path:
    folder = tmp_path / "work"
    shutil.copytree(EXERCISES, folder)
    for topic in CATALOG[:solved]:
        shutil.copy(SOLUTIONS / topic.filename, folder / topic.filename)
    return folder


class Terminal:
    """A 120x40 terminal running one command, on a tmux server of its own."""

    def __init__(self, command: str, cwd: Path, scratch: Path):
        self.server = f"katas-{uuid.uuid4().hex[:8]}"
        self.pid_file = scratch / f"{self.server}.pid"
        script = scratch / f"{self.server}.sh"
        # The shell around the command survives Ctrl-C (its trap), to report the exit status;
        # the command itself gets the terminal's signals as it would from a learner's shell.
        script.write_text(
            "trap : INT\n"
            f"sh -c 'echo $$ > {self.pid_file}; exec {command}'\n"
            "echo WATCH-EXITED $?\n"
            "sleep 60\n"
        )
        self.tmux(
            "new-session", "-d", "-x", "120", "-y", "40", "-c", str(cwd), f"sh {script}"
        )  # fmt: skip

    def tmux(self, *args: str) -> str:
        run = subprocess.run(
            ["tmux", "-L", self.server, *args], capture_output=True, text=True, timeout=10
        )
        return run.stdout

    @property
    def pid(self) -> int:
        deadline = time.monotonic() + 10
        while not self.pid_file.exists() or not self.pid_file.read_text().strip():
            assert time.monotonic() < deadline, "the command never started"
            time.sleep(0.05)
        return int(self.pid_file.read_text())

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def wait_for(self, text: str, timeout: float = SCREEN_TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        pytest.fail(f"the screen never showed {text!r}; it shows:\n{self.screen()}")

    def press(self, *keys: str) -> None:
        self.tmux("send-keys", *keys)

    def close(self) -> None:
        socket = self.tmux("display-message", "-p", "#{socket_path}").strip()
        self.tmux("kill-server")  # this test's own server only
        if socket:
            Path(socket).unlink(missing_ok=True)


@pytest.fixture
def terminal(tmp_path):
    opened: list[Terminal] = []

    def open_terminal(command: str, cwd: Path) -> Terminal:
        opened.append(Terminal(command, cwd, tmp_path))
        return opened[-1]

    yield open_terminal
    for one in opened:
        one.close()


def watch_command(folder: Path, *args: str) -> str:
    return f"{sys.executable} -m grader.commands.watch --submission {folder} {' '.join(args)}"


def test_the_keys_hint_list_jump_reset_and_quit(tmp_path, terminal):
    folder = learner_folder(tmp_path, solved=3)  # the learner is on topic 04
    screen = terminal(watch_command(folder), ROOT)
    screen.wait_for("Topic 04: async and await  (0/7 tasks")
    keys = "h hint · l list · r reset this topic · n next topic · q quit"
    shown = screen.wait_for(keys)
    assert keys in [line.strip() for line in shown.splitlines()], "the keys share a line"

    screen.press("h")
    shown = screen.wait_for("task 04.1: hint 1 of 3")
    assert "async def" in shown

    screen.press("l")
    shown = screen.wait_for("Topics and their tasks")
    assert "▶ ✘ 04 async and await" in shown
    assert "  ✔ 01 generators" in shown
    screen.press("0", "5", "Enter")
    screen.wait_for("Topic 05: tasks and futures")

    target = folder / "05_tasks_futures.py"
    target.write_text(target.read_text() + "\n# my work\n")
    screen.wait_for("Watching")
    screen.press("r")
    screen.wait_for("to the original stub? Your work goes to .backups/. [y/N]")
    screen.press("y")
    screen.wait_for("is the original stub again")
    assert target.read_text() == stub_source((SOLUTIONS / target.name).read_text())
    [backup] = (tmp_path / ".backups").glob("05_tasks_futures-*.py")
    assert backup.read_text().endswith("# my work\n")

    screen.press("n")
    screen.wait_for("Topic 06: timeouts and cancellation")
    screen.press("q")
    shown = screen.wait_for("WATCH-EXITED 0")
    assert "Stopped watching." in shown


def test_a_save_that_finishes_the_watched_topic_ends_with_that_topic(tmp_path, terminal):
    folder = learner_folder(tmp_path)
    screen = terminal(watch_command(folder, "exercises/04_async_await.py"), ROOT)
    screen.wait_for("Topic 04: async and await  (0/7 tasks")
    shutil.copy(SOLUTIONS / "04_async_await.py", folder / "04_async_await.py")
    shown = screen.wait_for("WATCH-EXITED 0")
    assert "Topic 04 (async and await): every task passes. Well done!" in shown
    assert "Every topic passes" not in shown
    assert "Every task of topic 04 passes" not in shown  # said once, in the watch's words


def descendants(pid: int) -> set[int]:
    """The live (not zombie) processes below ``pid``."""
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return set()
    return {child.pid for child in children if _alive(child)}


def _alive(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def alive(pid: int) -> bool:
    try:
        return _alive(psutil.Process(pid))
    except psutil.NoSuchProcess:
        return False


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def text_of(path) -> str:
    """What a file holds so far: nothing if the shell has not yet created it."""
    return path.read_text() if path.exists() else ""


def runs(pid: int, *command: str) -> bool:
    """Whether process ``pid`` (if it still exists) runs ``command``."""
    try:
        return psutil.Process(pid).cmdline() == list(command)
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


HANGING = """
import subprocess, time
subprocess.Popen(["sleep", "300"])  # a process of the learner's own
time.sleep(300)
"""


@pytest.mark.parametrize("stop", ["kill", "Ctrl-C"])
def test_a_signal_mid_grade_ends_watch_and_every_process_it_started(tmp_path, terminal, stop):
    folder = learner_folder(tmp_path)
    (folder / "01_generators.py").write_text(HANGING)  # its grade hangs while importing
    screen = terminal(watch_command(folder), ROOT)
    watcher = screen.pid
    wait_until(
        lambda: any(runs(pid, "sleep", "300") for pid in descendants(watcher)),
        SCREEN_TIMEOUT,
        "the learner's process never started",
    )
    started = descendants(watcher)
    assert len(started) >= 2  # the test process and the learner's sleep, at least
    if stop == "kill":
        os.kill(watcher, signal.SIGTERM)
    else:
        screen.press("C-c")  # SIGINT to the terminal's foreground process group
    shown = screen.wait_for("WATCH-EXITED 0", timeout=10)
    assert "Stopped watching." in shown
    wait_until(lambda: not any(map(alive, started)), 5, "a process watch started outlived it")


def test_watch_ends_when_whatever_started_it_ends(tmp_path):
    folder = learner_folder(tmp_path)
    pid_file, log = tmp_path / "watch.pid", tmp_path / "watch.log"
    parent = subprocess.Popen(
        ["sh", "-c", f"{watch_command(folder)} > {log} & echo $! > {pid_file}; wait"],
        cwd=ROOT, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    watcher = None
    try:
        wait_until(lambda: pid_file.exists() and pid_file.read_text().strip(), 10, "no pid")
        watcher = int(pid_file.read_text())
        wait_until(lambda: "Watching" in text_of(log), SCREEN_TIMEOUT, "watch never graded")
        parent.kill()  # as when nox is killed: watch is left without its parent
        parent.wait()
        wait_until(lambda: not alive(watcher), 10, "watch outlived its parent")
        assert "Stopped watching." in log.read_text()
    finally:
        parent.kill()
        parent.wait()
        if watcher is not None and alive(watcher):
            os.kill(watcher, signal.SIGKILL)
