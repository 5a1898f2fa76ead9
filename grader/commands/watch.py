"""``python -m grader.commands.watch [TOPIC ...]``: the learner's loop, like ``rustlings watch``.

It starts at the first unfinished topic and grades it again on every save (editors that
save by writing a new file and renaming it over the old one included), shows the next
task's message beside the reference solution's timeline and what your code printed, and
moves on when every task passes. Keys: h the next hint, l the list of topics to jump to,
r reset this topic (after asking), n the next topic, q quit. Without a terminal on stdin
it watches without keys. It stops on q, Ctrl-C (SIGINT) and SIGTERM, and when whatever
started it (nox) goes away, and no grading process outlives it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from threading import Event
from typing import TypeVar

import psutil
import watchfiles
from rich.console import Console, RenderableType
from rich.text import Text

from grader.catalog import ROOT, Topic, load_catalog, select_topics
from grader.commands import hints
from grader.commands.keys import Keyboard
from grader.commands.reset import original_stub, reset_topic
from grader.commands.screen import hint_view, keys_view, list_view, topic_view
from grader.editions import exercises_folder
from grader.grading.progress import finished, first_unfinished
from grader.grading.runner import TopicResult, grade_topic
from grader.i18n import _, add_language_option, choose_language, language_requested

SOLUTIONS = ROOT / "solutions"
TICK_MS = 100  # how often keys and the parent are looked at while waiting for a save
T = TypeVar("T")


class Stop(Exception):
    """Stop watching: q, a signal, or the parent process went away."""


class Done(Exception):
    """Every watched topic passes; the argument says so."""


def end_children() -> None:
    """Kill every process started under this watcher, breadth first: a confined run's
    wrapper before what it runs, which ends its namespace. (What an unconfined run left
    outside its process group, the runner finds by its token once its run is over.)"""
    for process in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            process.kill()


def file_state(path: Path) -> tuple[int, int, int] | None:
    """What changes when a file is saved, in place or by rename."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


def shown_path(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it, else whole."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class Watcher:
    """The state of one watching session and what each key and save does to it."""

    def __init__(self, topics: list[Topic], folder: Path, selected: bool, keyboard: Keyboard):
        self.topics = topics
        self.folder = folder
        self.shown = shown_path(folder)
        self.selected = selected
        self.keyboard = keyboard
        self.console = Console(highlight=False)
        if not self.console.is_terminal:
            self.console.width = 120
        self.parent = os.getppid()
        self.stopping = Event()
        self.results: dict[str, TopicResult] = {}
        self.before: TopicResult | None = None
        self.current = topics[0]
        self.graded_state: dict[str, tuple | None] = {}
        self.references: dict[str, dict[str, dict]] = {}
        self.note: RenderableType | None = None
        self.hint: tuple[str, RenderableType] | None = None  # (task label, its hint)

    # Grading, in a worker thread, so that q and signals are heard meanwhile.

    def busy(self, label: str, work: Callable[[], T]) -> T:
        self.console.print(Text(label, style="dim"))
        pool = ThreadPoolExecutor(max_workers=1)
        future: Future = pool.submit(work)
        try:
            while not future.done():
                wait([future], timeout=TICK_MS / 1000)
                self.check_parent()
                keys = self.keyboard.read()
                if "q" in keys:
                    raise Stop("q")
                self.keyboard.unread(keys)  # handled once the grade is shown
            return future.result()
        except BaseException:
            self.stopping.set()  # no new grading process starts
            while not future.done():
                end_children()
                wait([future], timeout=0.05)
            raise
        finally:
            pool.shutdown(wait=True)

    def grade_one(self, topic: Topic) -> TopicResult:
        if self.stopping.is_set():
            raise Stop("stopping")
        self.graded_state[topic.stem] = file_state(self.folder / topic.filename)
        return grade_topic(topic, self.folder)

    def grade(self, topic: Topic) -> TopicResult:
        result = self.busy(
            _("Grading {file} ...").format(file=f"{self.shown}/{topic.filename}"),
            lambda: self.grade_one(topic),
        )
        self.results[topic.stem] = result
        return result

    def reference(self, result: TopicResult) -> dict | None:
        """The reference solution's timeline for the failing task's test, when it has one."""
        failing = next((r for r in result.tasks if r.status == "failed"), None)
        if failing is None or failing.timeline is None or not SOLUTIONS.is_dir():
            return None
        if self.folder == SOLUTIONS.resolve():
            return None
        stem = result.topic.stem
        if stem not in self.references:
            solved = self.busy(
                _("Grading the reference solution for its timeline ..."),
                lambda: grade_topic(result.topic, SOLUTIONS),
            )
            self.references[stem] = solved.timelines
        return self.references[stem].get(failing.scene)

    def first_unfinished(self, topics: list[Topic]) -> TopicResult | None:
        graded, current = self.busy(
            _("Grading ..."), lambda: first_unfinished(topics, self.folder, grade=self.grade_one)
        )
        self.results.update({result.topic.stem: result for result in graded})
        return current

    # What the learner sees.

    def show(self) -> None:
        result = self.results[self.current.stem]
        reference = self.reference(result)
        self.console.clear()
        self.console.print(topic_view(result, self.before, self.shown, reference))
        failing = next((r for r in result.tasks if r.status == "failed"), None)
        if self.hint and failing and self.hint[0] == failing.task.label:
            self.console.print(self.hint[1])
        if self.note is not None:
            self.console.print(self.note)
            self.note = None
        self.console.print(keys_view(self.keyboard.interactive, self.shown))

    def check_parent(self) -> None:
        if os.getppid() != self.parent:
            raise Stop(_("the process that started watch has ended"))

    def done_message(self) -> str:
        if not self.selected:
            return _("Every topic passes. Well done!")
        if len(self.topics) == 1:
            topic = self.topics[0]
            return _("Topic {number} ({title}): every task passes. Well done!").format(
                number=topic.number, title=topic.title
            )
        numbers = ", ".join(topic.number for topic in self.topics)
        return _("Topics {numbers}: every task passes. Well done!").format(numbers=numbers)

    # Events.

    def start(self) -> None:
        current = self.first_unfinished(self.topics)
        if current is None:
            raise Done(self.done_message())
        self.current = current.topic
        self.show()

    def saved(self, topic: Topic) -> None:
        """The learner saved a topic's file: grade it; move on when it is done."""
        self.before = self.results.get(topic.stem)
        result = self.grade(topic)
        self.current = topic
        if finished(result):
            self.move_on(topic)
        self.show()

    def move_on(self, done: Topic) -> None:
        """After ``done`` passes: the next unfinished topic after it, else before it."""
        index = self.topics.index(done)
        for part in (self.topics[index + 1 :], self.topics[:index]):
            following = self.first_unfinished(part) if part else None
            if following is not None:
                self.console.print(
                    Text(
                        _("Topic {number} done! Next: topic {following}.").format(
                            number=done.number, following=following.topic.number
                        )
                    )
                )
                self.note = Text(
                    _("Topic {number} ({title}) passes. Well done! On to {file}.").format(
                        number=done.number,
                        title=done.title,
                        file=f"{self.shown}/{following.topic.filename}",
                    ),
                    style="bold green",
                )
                self.before, self.current = None, following.topic
                return
        finished_view = topic_view(self.results[done.stem], self.before, self.shown, closing=True)
        self.console.print(finished_view)
        raise Done(self.done_message())

    def changed(self, paths: set[str]) -> None:
        names = {Path(path).name for path in paths}
        for topic in self.topics:
            if topic.filename not in names:
                continue
            if file_state(self.folder / topic.filename) == self.graded_state.get(topic.stem):
                continue  # our own reset, graded already, or a touch without a change
            self.saved(topic)

    def key(self, key: str) -> None:
        if key == "q":
            raise Stop("q")
        if key == "h":
            self.show_hint()
        elif key == "n":
            self.next_topic()
        elif key == "r":
            self.reset()
        elif key == "l":
            self.jump()

    def show_hint(self) -> None:
        failing = [r for r in self.results[self.current.stem].tasks if r.status == "failed"]
        if not failing:
            self.note = Text(_("Every task of this topic passes: no hint needed."))
        else:
            task = failing[0].task
            path = hints.state_file(self.folder)
            state = hints.load_state(path)
            number, text = hints.next_hint(task, state)
            hints.save_state(path, state)
            self.hint = (task.label, hint_view(task, number, text))
        self.show()

    def next_topic(self) -> None:
        index = self.topics.index(self.current)
        if index + 1 == len(self.topics):
            self.note = Text(_("This is the last topic watched."), style="yellow")
        else:
            self.go_to(self.topics[index + 1])
        self.show()

    def go_to(self, topic: Topic) -> None:
        self.before, self.current = None, topic
        self.grade(topic)

    def reset(self) -> None:
        target = f"{self.shown}/{self.current.filename}"
        self.console.print(
            Text(
                _("Reset {file} to the original stub? Your work goes to .backups/. [y/N] ").format(
                    file=target
                )
            ),
            end="",
        )
        answer = self.keyboard.read_key()
        self.console.print(answer)
        if answer.lower() not in ("y", "s"):  # yes, sí
            self.note = Text(_("Nothing changed."))
        else:
            try:
                stub = original_stub(self.current)
            except ValueError as error:
                self.note = Text(str(error), style="yellow")
            else:
                backup = reset_topic(self.current, self.folder, stub)
                again = _("{file} is the original stub again.").format(file=target)
                if backup:
                    saved = _("Your work is saved in {backup}.").format(backup=shown_path(backup))
                    again = f"{again} {saved}"
                self.note = Text(again)
                self.go_to(self.current)
        self.show()

    def jump(self) -> None:
        def echo(typed: str) -> None:
            self.console.clear()
            self.console.print(list_view(self.topics, self.results, self.current))
            self.console.print(Text(_("topic: {typed}").format(typed=typed), style="bold"))

        echo("")
        typed = self.keyboard.read_line(echo)
        if typed:
            try:
                [topic] = select_topics(self.topics, [typed])
            except ValueError as error:
                self.note = Text(str(error), style="yellow")
            else:
                self.go_to(topic)
        self.show()

    # The loop.

    def run(self) -> None:
        filenames = {topic.filename for topic in self.topics}
        saves = watchfiles.watch(
            self.folder,
            watch_filter=lambda _change, path: Path(path).name in filenames,
            step=50,
            rust_timeout=TICK_MS,
            yield_on_timeout=True,
            recursive=False,
        )
        next(saves)  # watching starts before the first grade: no save is missed
        self.start()
        for changes in saves:
            self.check_parent()
            for key in self.keyboard.read():
                self.key(key)
            if changes:
                self.changed({path for _change, path in changes})


def main(argv: list[str] | None = None) -> int:
    choose_language(language_requested(argv))
    parser = argparse.ArgumentParser(
        prog="nox -s watch --",
        description=_("Grade again on every save; move on to the next topic when one is done."),
    )
    parser.add_argument(
        "topics", nargs="*", metavar="TOPIC",
        help=_("watch only these topics: number (04), name or file (exercises/04_async_await.py)"),
    )  # fmt: skip
    parser.add_argument(
        "--submission",
        help=_("folder to watch and grade (default: exercises; ejercicios in Spanish)"),
    )
    add_language_option(parser)
    args = parser.parse_args(argv)
    args.submission = args.submission or str(ROOT / exercises_folder())
    try:
        topics = select_topics(load_catalog(), args.topics)
    except ValueError as error:
        parser.error(str(error))
    folder = Path(args.submission).resolve()
    if not folder.is_dir():
        parser.error(_("there is no folder {folder} to watch").format(folder=repr(args.submission)))

    def stop(signum: int, _frame) -> None:
        # The first signal stops watching; later ones (nox follows Ctrl-C with SIGTERM) must
        # not cut short the ending of the grading processes.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise Stop(signal.Signals(signum).name)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with Keyboard() as keyboard:
        watcher = Watcher(topics, folder, bool(args.topics), keyboard)
        try:
            watcher.run()
        except Done as done:
            watcher.console.print(Text(str(done), style="bold green"))
        except (Stop, KeyboardInterrupt):
            watcher.console.print("\n" + _("Stopped watching."))
        finally:
            end_children()
    return 0


if __name__ == "__main__":
    sys.exit(main())
