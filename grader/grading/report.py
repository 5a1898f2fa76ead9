"""The grade report a learner reads in the terminal."""

from __future__ import annotations

import os
import platform
import shlex
import shutil
import textwrap
from pathlib import Path

from grader.catalog import Task, Topic
from grader.drawing import render_data
from grader.grading.runner import TaskResult, TopicResult
from grader.i18n import DEFAULT_LANGUAGE, _, active_language, ngettext

PASSED, FAILED, SKIPPED = "✔", "✘", "–"
FLAGGED = "⚑"
OUTPUT_LINES = 15  # lines of a learner's printed output shown under "Next" (-v shows all)


def python_version() -> tuple[int, int]:
    """The running Python's major and minor version (a function, so tests can pretend)."""
    return tuple(int(part) for part in platform.python_version_tuple()[:2])


def gradable(task: Task) -> bool:
    """Whether this Python can grade the task (its catalog's ``min_python`` is met)."""
    return task.min_python is None or python_version() >= task.min_python


def newer_python_command(task: Task, submission: str | None = None) -> str:
    """The command that grades a task needing a newer Python (that Python must be installed):
    the folder graded, ``submission``, when it is not the learner's own, and the language
    when it is not the default, so that the command grades what this grade graded."""
    from grader.editions import exercises_folder

    needed = ".".join(map(str, task.min_python or python_version()))
    words = ["pipx", "run", "nox", "-s", "grade", "--force-python", needed, "--", task.topic[:2]]
    if submission is not None and Path(submission) != Path(exercises_folder()):
        words += ["--submission", submission]
    return shlex.join(words + _language_words())


def _language_words() -> list[str]:
    language = active_language()
    return [] if language == DEFAULT_LANGUAGE else ["--lang", language]


def class_newer_python_lines(topics: list[Topic], argv: list[str]) -> list[str]:
    """After a class is graded: the tasks this Python could not grade, by the Python they
    need, each with the same command (``argv``) run on that Python, which grades them."""
    waiting: dict[str, list[Task]] = {}
    for task in (task for topic in topics for task in topic.tasks if not gradable(task)):
        waiting.setdefault(_version(task), []).append(task)
    lines = []
    for version, tasks in waiting.items():
        words = ["pipx", "run", "nox", "-s", "grade", "--force-python", version, "--", *argv]
        if "--lang" not in argv and not any(word.startswith("--lang=") for word in argv):
            words += _language_words()
        text = ngettext(
            "{tasks} was not graded: it needs Python {version} or newer; this grade ran on "
            "Python {python}. To grade the class with it: {command}",
            "{tasks} were not graded: they need Python {version} or newer; this grade ran on "
            "Python {python}. To grade the class with them: {command}",
            len(tasks),
        )
        lines.append(
            text.format(
                tasks=", ".join(task.label for task in tasks),
                version=version,
                python=platform.python_version(),
                command=shlex.join(words),
            )
        )
    return lines


def _version(task: Task) -> str:
    return ".".join(map(str, task.min_python or python_version()))


def render_catalog(topics: list[Topic]) -> str:
    """Every topic with its tasks and points, in course order, and the total this Python grades.

    A task that needs a newer Python is listed, marked, and left out of the points, as the
    grade leaves it out.
    """
    from grader.editions import exercises_folder

    lines = []
    for topic in topics:
        points = sum(task.points for task in topic.tasks if gradable(task))
        where = f"{exercises_folder()}/{topic.filename}"
        worth = ngettext("{points} point", "{points} points", points).format(points=points)
        lines.append(f"{topic.number} {topic.title}  ({where}, {worth})")
        for task in topic.tasks:
            line = f"     {task.label:<6} {task.title}  [{task.points}]"
            if not gradable(task):
                line += "  " + _("(needs Python {version}: not counted)").format(
                    version=_version(task)
                )
            lines.append(line)
    counted = [task for topic in topics for task in topic.tasks if gradable(task)]
    lines.append("")
    lines.append(
        _("total: {tasks} tasks, {points} points, the tasks Python {python} can grade").format(
            tasks=len(counted),
            points=sum(task.points for task in counted),
            python=platform.python_version(),
        )
    )
    lines.extend(_newer_python_lines(topics))
    return "\n".join(lines)


def _newer_python_lines(topics: list[Topic]) -> list[str]:
    waiting = [task for topic in topics for task in topic.tasks if not gradable(task)]
    return [
        f"{SKIPPED} {task.label} "
        + _("needs Python {version}; to grade it: {command}").format(
            version=_version(task), command=newer_python_command(task)
        )
        for task in waiting
    ]


def progress_line(done: int, total: int, result: TopicResult) -> str:
    """One line as each topic finishes: ``[2/4] 04 async and await   3/7 tasks``."""
    mark = PASSED if result.passed == len(result.counted) else FAILED
    tasks = _("{passed}/{count} tasks").format(passed=result.passed, count=len(result.counted))
    return (
        f"[{done}/{total}] {mark} {result.topic.number} {result.topic.title:<38} "
        f"{tasks}  ({result.duration:.1f} s)"
    )


def render_report(
    results: list[TopicResult],
    submission: str,
    verbose: bool = False,
    reference_timeline: dict | None = None,
    *,
    references: dict[str, dict] | None = None,
    files: dict[str, Path] | None = None,
) -> str:
    """The table of topics, the total, and what to do next.

    ``verbose`` explains every failing task under its topic, each timing failure beside the
    reference's timeline from ``references`` (by test and scene); ``files`` are the topic
    files graded, as ``find_topic_files`` found them.
    """
    python = results[0].python if results else platform.python_version()
    lines = [
        _("Grade for {submission}  (Python {python})").format(submission=submission, python=python),
        "",
    ]
    topic, tasks, points = _("topic"), _("tasks"), _("points")
    width = max([39, *(len(result.topic.title) for result in results)])  # titles line up
    lines.append(f"  {topic:<{width + 3}} {tasks:>7} {points:>9}")
    for result in results:
        tasks = f"{result.passed}/{len(result.counted)}"
        points = f"{result.score}/{result.max_score}"
        mark = PASSED if result.passed == len(result.counted) else FAILED
        row = f"{mark} {result.topic.number} {result.topic.title:<{width}} {tasks:>7} {points:>9}"
        if result.load_error:
            row += "  " + _("not loaded: {error}").format(error=result.load_error)
        lines.append(row)
        if result.review:  # the code reached for the grading machinery: a teacher looks
            flagged = _("flagged for review: {details}").format(details="; ".join(result.review))
            lines.append(f"      {FLAGGED} {flagged}")
        if verbose or result.problem:
            lines.extend(_task_lines(result, verbose, references or {}))
    score = sum(result.score for result in results)
    max_score = sum(result.max_score for result in results)
    percent = 100 * score / max_score if max_score else 100.0
    tasks_done = sum(result.passed for result in results)
    tasks_all = sum(len(result.counted) for result in results)
    total = _("total")
    lines.append("")
    lines.append(
        f"  {total:<{width + 3}} {f'{tasks_done}/{tasks_all}':>7} {f'{score}/{max_score}':>9}"
        f"  ({percent:.0f}%)"
    )
    lines.append("")
    lines.extend(
        next_steps(results, submission, reference_timeline, explained=verbose, files=files)
    )
    return "\n".join(lines)


def _task_lines(result: TopicResult, verbose: bool, references: dict[str, dict]) -> list[str]:
    lines = []
    if result.problem:
        lines.append(f"      ! {result.problem}")
    if verbose:
        for task_result in result.tasks:
            mark = {"passed": PASSED, "failed": FAILED}.get(task_result.status, SKIPPED)
            lines.append(f"      {mark} {task_result.task.label} {task_result.task.title}")
            if task_result.status == "failed" and not result.load_error:  # the row says why
                reference = references.get(task_result.scene)
                explained = explain(task_result, reference, output_lines=None)
                lines.extend("    " + line if line else "" for line in explained)
    return lines


LINE_WIDTH = 96  # characters of a message's line, where the terminal is wide enough


def line_width() -> int:
    """How wide a message's lines are: ``LINE_WIDTH``, or the terminal's width when it is
    narrower (a line wrapped again by the terminal breaks mid-word); not a terminal: 96."""
    columns = shutil.get_terminal_size((LINE_WIDTH + 1, 24)).columns
    return max(40, min(LINE_WIDTH, columns - 1))


def explain(
    failure: TaskResult, reference: dict | None = None, output_lines: int | None = OUTPUT_LINES
) -> list[str]:
    """What was checked, what happened and what was expected, with the timelines drawn and
    what the learner's code printed (its last ``output_lines`` lines; ``None``: all of it)."""
    lines = []
    for paragraph in failure.message.splitlines():
        if paragraph.startswith("  "):  # timelines and other pre-drawn lines stay as they are
            lines.append("    " + paragraph)
        else:
            lines.extend(
                textwrap.wrap(
                    paragraph, line_width(), initial_indent="    ", subsequent_indent="    "
                )
                or [""]
            )
    if reference is not None:
        ends = [span["end"] for span in (failure.timeline or {}).get("spans", [])]
        drawing = render_data(
            reference,
            _("the reference solution's timeline, on the same scale"),
            max(ends, default=0),
        )
        lines.extend("    " + line for line in drawing.splitlines())
    lines.extend(printed_lines(failure.output, output_lines))
    return lines


def printed_lines(output: str, limit: int | None = OUTPUT_LINES) -> list[str]:
    """The learner's printed output, each line behind a bar, under a heading."""
    shown = output.rstrip("\n").splitlines()
    if not shown:
        return []
    heading = "    " + _("What your code printed during this check:")
    if limit is not None and len(shown) > limit:
        heading += " " + _("(its last {limit} lines; -v shows up to 2000 characters)").format(
            limit=limit
        )
        shown = shown[-limit:]
    return [heading, *(f"      | {line}" for line in shown)]


def first_failure(results: list[TopicResult]) -> TaskResult | None:
    """The first failing task in course order: what the learner should do next."""
    for result in results:
        for task_result in result.tasks:
            if task_result.status == "failed":
                return task_result
    return None


def next_steps(
    results: list[TopicResult],
    submission: str = "exercises",
    reference: dict | None = None,
    *,
    explained: bool = False,
    files: dict[str, Path] | None = None,
) -> list[str]:
    """Name the next task to work on, with its message; or say that all is done.

    ``explained``: the task was already explained above (``-v``), so only its name is given.
    """
    skipped = [r for result in results for r in result.tasks if r.status == "skipped"]
    lines = [_skipped_line(r, results, submission) for r in skipped]
    failure = first_failure(results)
    if failure is None:
        return [*lines, _("Every task passes. Well done!")]
    task = failure.task
    lines.append(
        _("Next: topic {topic}, task {number}: {title}").format(
            topic=task.topic, number=task.number, title=task.title
        )
    )
    lines.append(
        "      " + _("(in {file})").format(file=_shown_file(task.topic, submission, files))
    )
    if explained:
        return [*lines, "    " + _("(explained above, under its topic)")]
    return lines + explain(failure, reference)


def _skipped_line(skipped: TaskResult, results: list[TopicResult], submission: str) -> str:
    task = skipped.task
    if not task.min_python:
        return f"{SKIPPED} {task.label} " + _("skipped: {message}").format(message=skipped.message)
    python = results[0].python if results else platform.python_version()
    return (
        f"{SKIPPED} {task.label} "
        + _(
            "not graded: it needs Python {needed} or newer; this grade ran on Python {python}."
        ).format(needed=_version(task), python=python)
        + "\n    "
        + _("To grade it: {command}").format(command=newer_python_command(task, submission))
    )


def _shown_file(stem: str, submission: str, files: dict[str, Path] | None) -> str:
    found = (files or {}).get(f"{stem}.py")
    if found is None:
        return f"{submission.rstrip('/')}/{stem}.py"
    relative = os.path.relpath(found)
    return relative if not relative.startswith("..") else str(found)
