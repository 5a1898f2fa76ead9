"""``python -m grader.commands.watch``: grade again on every save, like ``rustlings watch``.

It shows the first unfinished topic's tasks, grades a topic again whenever its file
changes (editors that save by writing a new file and renaming it over the old one
included), marks the tasks that just turned green, and moves on to the next unfinished
topic once every task of the current one passes.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from grader.catalog import Topic, load_catalog, select_topics
from grader.grading.runner import TopicResult, grade_topic

POLL_SECONDS = 0.4
CLEAR = "\033[2J\033[H"


def file_state(path: Path) -> tuple[int, int, int] | None:
    """What changes when a file is saved, in place or by rename."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


def render(result: TopicResult, before: TopicResult | None) -> str:
    passed_before = (
        {r.task.number for r in before.tasks if r.status == "passed"} if before else set()
    )
    lines = [
        f"Topic {result.topic.number}: {result.topic.title}  ({result.passed}/"
        f"{len(result.counted)} tasks, {result.score}/{result.max_score} points)"
    ]
    for task_result in result.tasks:
        mark = {"passed": "✔", "failed": "✘"}.get(task_result.status, "–")
        new = (
            "  ← now passing!"
            if (
                task_result.status == "passed"
                and before is not None
                and task_result.task.number not in passed_before
            )
            else ""
        )
        lines.append(f"  {mark} {task_result.task.label} {task_result.task.title}{new}")
    failing = [r for r in result.tasks if r.status == "failed"]
    if failing:
        lines.append("")
        lines.append(f"Next: task {failing[0].task.label}")
        lines.extend("    " + line for line in failing[0].message.splitlines())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nox -s watch --", description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*", metavar="TOPIC", help="watch only these topics")
    parser.add_argument("--submission", default="exercises", help="folder to watch and grade")
    parser.add_argument("--max-grades", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        topics = select_topics(load_catalog(), args.topics)
    except ValueError as error:
        parser.error(str(error))
    folder = Path(args.submission).resolve()
    clear = CLEAR if sys.stdout.isatty() else ""
    grades = 0

    def grade(topic: Topic, before: TopicResult | None) -> TopicResult:
        nonlocal grades
        grades += 1
        print(f"{clear}Grading {topic.filename} ...", flush=True)
        result = grade_topic(topic, folder)
        print(render(result, before), flush=True)
        return result

    results: dict[str, TopicResult] = {}
    current = None
    for topic in topics:  # start at the first unfinished topic
        results[topic.stem] = grade(topic, None)
        if results[topic.stem].passed < len(results[topic.stem].counted):
            current = topic
            break
    if current is None:
        print("\nEvery topic passes. Well done!")
        return 0
    seen = {topic.stem: file_state(folder / topic.filename) for topic in topics}
    print(f"\nWatching {os.path.relpath(folder)}/ for changes; Ctrl-C to stop.", flush=True)
    try:
        while not args.max_grades or grades < args.max_grades:
            time.sleep(POLL_SECONDS)
            for topic in topics:
                state = file_state(folder / topic.filename)
                if state == seen[topic.stem]:
                    continue
                seen[topic.stem] = state
                result = grade(topic, results.get(topic.stem))
                results[topic.stem] = result
                if result.passed == len(result.counted):
                    following = topics[topics.index(topic) + 1 :]
                    if not following:
                        print("\nThat was the last topic: every task passes. Well done!")
                        return 0
                    print(
                        f"\nTopic {topic.number} done! Next: topic {following[0].number}, "
                        f"{following[0].title} ({args.submission}/{following[0].filename})"
                    )
                    results[following[0].stem] = grade(following[0], None)
                print(
                    f"\nWatching {os.path.relpath(folder)}/ for changes; Ctrl-C to stop.",
                    flush=True,
                )
    except KeyboardInterrupt:
        print("\nStopped watching.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
