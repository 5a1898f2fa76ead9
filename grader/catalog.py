"""The list of topics and their tasks, read from ``tests/topics.toml``.

The catalog is the one place that says which tasks exist and what each is worth, so the
grader can score a topic even when its test run dies before reporting anything.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePath

from grader.i18n import _, course_text

ROOT = Path(__file__).resolve().parent.parent
CATALOG_FILE = ROOT / "tests" / "topics.toml"


@dataclass(frozen=True)
class Task:
    """One numbered task of a topic."""

    topic: str
    number: int
    title: str
    points: int
    min_python: tuple[int, int] | None = None
    hints: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The task's number as reports show it, for example ``"04.2"``."""
        return f"{self.topic[:2]}.{self.number}"


@dataclass(frozen=True)
class Topic:
    """One topic: a module of the same name in exercises/, solutions/ and tests/."""

    stem: str
    title: str
    tasks: tuple[Task, ...]
    processes: bool = False  # the topic teaches starting processes (subprocess, fork, a pool)
    # "function.parameter": an argument its statement lets a function change in place
    # (every other list, dict and set a function is given must come back as it was).
    changes: tuple[str, ...] = ()

    @property
    def number(self) -> str:
        return self.stem[:2]

    @property
    def filename(self) -> str:
        return f"{self.stem}.py"

    @property
    def test_file(self) -> Path:
        return ROOT / "tests" / f"test_{self.stem}.py"

    @property
    def max_points(self) -> int:
        return sum(task.points for task in self.tasks)

    def task(self, number: int) -> Task:
        for task in self.tasks:
            if task.number == number:
                return task
        raise KeyError(
            _("topic {topic} has no task {number}").format(topic=self.stem, number=number)
        )


def load_catalog(path: Path = CATALOG_FILE) -> list[Topic]:
    """Read every topic from the catalog file, in course order, its titles and hints in the
    active language."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    topics = []
    for entry in data["topics"]:
        stem = entry["stem"]
        tasks = tuple(
            Task(
                topic=stem,
                number=task["number"],
                title=course_text(task["title"]),
                points=task.get("points", 1),
                min_python=tuple(task["min_python"]) if "min_python" in task else None,
                hints=tuple(course_text(hint) for hint in task.get("hints", ())),
            )
            for task in entry["tasks"]
        )
        processes = bool(entry.get("processes", False))
        changes = tuple(entry.get("changes", ()))
        title = course_text(entry["title"])
        topics.append(
            Topic(stem=stem, title=title, tasks=tasks, processes=processes, changes=changes)
        )
    return sorted(topics, key=lambda topic: topic.stem)


def select_topics(topics: list[Topic], selectors: list[str]) -> list[Topic]:
    """Keep the topics that any selector names: by number (``04``), name (``async_await``),
    stem (``04_async_await``) or path (``exercises/04_async_await.py``, as tab completion gives).

    Raises ``ValueError`` naming the selectors that match nothing, with the nearest topic.
    """
    if not selectors:
        return topics
    chosen, unknown = [], []
    for selector in selectors:
        matches = [topic for topic in topics if _matches(topic, selector)]
        if not matches:
            unknown.append(_unknown(topics, selector))
        chosen.extend(topic for topic in matches if topic not in chosen)
    if unknown:
        known = ", ".join(topic.stem for topic in topics)
        raise ValueError(
            _("{unknown}. The topics are: {known}").format(unknown="; ".join(unknown), known=known)
        )
    return sorted(chosen, key=topics.index)


def _selector_name(selector: str) -> str:
    """``exercises/04_async_await.py`` and ``04_Async_Await`` both become ``04_async_await``."""
    return PurePath(selector.strip().replace("\\", "/")).name.lower().removesuffix(".py")


def _matches(topic: Topic, selector: str) -> bool:
    name = _selector_name(selector)
    if name.isdigit():
        return int(name) == int(topic.number)
    return name in (topic.stem, topic.stem[3:])


def _unknown(topics: list[Topic], selector: str) -> str:
    name = _selector_name(selector)
    names = {topic.stem: topic.stem for topic in topics} | {t.stem[3:]: t.stem for t in topics}
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if close:
        return _("no topic matches {selector} (did you mean {name}?)").format(
            selector=selector, name=names[close[0]]
        )
    return _("no topic matches {selector}").format(selector=selector)
