"""The grade report a learner reads in the terminal."""

from __future__ import annotations

import textwrap

from grader.catalog import Topic
from grader.grading.runner import TaskResult, TopicResult
from grader.inside.timeline import render_data

PASSED, FAILED, SKIPPED = "✔", "✘", "–"


def render_catalog(topics: list[Topic]) -> str:
    """Every topic with its tasks and points, in course order."""
    lines = []
    for topic in topics:
        lines.append(
            f"{topic.number} {topic.title}  (exercises/{topic.filename}, {topic.max_points} points)"
        )
        for task in topic.tasks:
            lines.append(f"     {task.label:<6} {task.title}  [{task.points}]")
    return "\n".join(lines)


def progress_line(done: int, total: int, result: TopicResult) -> str:
    """One line as each topic finishes: ``[2/4] 04 async and await   3/7 tasks``."""
    mark = PASSED if result.passed == len(result.counted) else FAILED
    return (
        f"[{done}/{total}] {mark} {result.topic.number} {result.topic.title:<38} "
        f"{result.passed}/{len(result.counted)} tasks  ({result.duration:.1f} s)"
    )


def render_report(
    results: list[TopicResult],
    submission: str,
    verbose: bool = False,
    reference_timeline: dict | None = None,
) -> str:
    """The table of topics, the total, and what to do next."""
    lines = [f"Grade for {submission}", ""]
    lines.append(f"  {'topic':<42} {'tasks':>7} {'points':>9}")
    for result in results:
        tasks = f"{result.passed}/{len(result.counted)}"
        points = f"{result.score}/{result.max_score}"
        mark = PASSED if result.passed == len(result.counted) else FAILED
        lines.append(
            f"{mark} {result.topic.number} {result.topic.title:<39} {tasks:>7} {points:>9}"
        )
        if verbose or result.problem:
            lines.extend(_task_lines(result, verbose))
    score = sum(result.score for result in results)
    max_score = sum(result.max_score for result in results)
    percent = 100 * score / max_score if max_score else 100.0
    tasks_done = sum(result.passed for result in results)
    tasks_all = sum(len(result.counted) for result in results)
    lines.append("")
    lines.append(
        f"  {'total':<42} {f'{tasks_done}/{tasks_all}':>7} {f'{score}/{max_score}':>9}"
        f"  ({percent:.0f}%)"
    )
    lines.append("")
    lines.extend(next_steps(results, submission, reference_timeline))
    return "\n".join(lines)


def _task_lines(result: TopicResult, verbose: bool) -> list[str]:
    lines = []
    if result.problem:
        lines.append(f"      ! {result.problem}")
    if verbose:
        for task_result in result.tasks:
            mark = {"passed": PASSED, "failed": FAILED}.get(task_result.status, SKIPPED)
            lines.append(f"      {mark} {task_result.task.label} {task_result.task.title}")
    return lines


def first_failure(results: list[TopicResult]) -> TaskResult | None:
    """The first failing task in course order: what the learner should do next."""
    for result in results:
        for task_result in result.tasks:
            if task_result.status == "failed":
                return task_result
    return None


def next_steps(
    results: list[TopicResult], submission: str = "exercises", reference: dict | None = None
) -> list[str]:
    """Name the next task to work on, with its message; or say that all is done."""
    skipped = [r for result in results for r in result.tasks if r.status == "skipped"]
    lines = [f"{SKIPPED} {r.task.label} skipped: {r.message}" for r in skipped]
    failure = first_failure(results)
    if failure is None:
        return [*lines, "Every task passes. Well done!"]
    task = failure.task
    lines.append(f"Next: topic {task.topic}, task {task.number}: {task.title}")
    lines.append(f"      (in {submission.rstrip('/')}/{task.topic}.py)")
    for paragraph in failure.message.splitlines():
        if paragraph.startswith("  "):  # timelines and other pre-drawn lines stay as they are
            lines.append("    " + paragraph)
        else:
            lines.extend(
                textwrap.wrap(paragraph, 96, initial_indent="    ", subsequent_indent="    ")
                or [""]
            )
    if reference is not None:
        ends = [span["end"] for span in (failure.timeline or {}).get("spans", [])]
        drawing = render_data(
            reference, "the reference solution's timeline, on the same scale", max(ends, default=0)
        )
        lines.extend("    " + line for line in drawing.splitlines())
    return lines
