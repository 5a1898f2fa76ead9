"""Write grades as Gradescope's ``results.json`` and GitHub Classroom's results."""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from html import escape
from pathlib import Path

from grader.grading.runner import TaskResult, TopicResult
from grader.i18n import _, ngettext

# What a Classroom reporter shows as the command that grades a task: it works in a fresh
# clone of the assignment (pipx installs nox, nox the grader's requirements).
CLASSROOM_COMMAND = "pipx run nox -s grade -- {number}"


def results_document(
    results: list[TopicResult], execution_time: float, notes: list[str] | tuple[str, ...] = ()
) -> dict:
    """One entry per graded task; the top-level score is the sum of the tasks' scores.

    A task this Python cannot grade (the catalog's ``min_python``) is left out, never shown
    as failed; the top-level output says so, with the submission-wide ``notes``.
    Each task's output is HTML (``output_format``): the message in paragraphs, timelines
    and the learner's printed output in ``<pre>`` blocks.
    """
    tests = []
    for topic_result in results:
        for task_result in topic_result.tasks:
            if task_result.status == "skipped":
                continue
            task = task_result.task
            entry = {
                "name": f"{task.label} {task.title}",
                "number": task.label,
                "score": task_result.score,
                "max_score": task.points,
                "status": "passed" if task_result.status == "passed" else "failed",
                "output": review_html(topic_result) + task_html(task_result),
                "output_format": "html",
                "tags": [task.topic],
                "visibility": "visible",
            }
            tests.append(entry)
    score = sum(entry["score"] for entry in tests)
    max_score = sum(entry["max_score"] for entry in tests)
    summary = [_points(score, max_score), *review_lines(results), *notes]
    python = results[0].python if results else ""
    for topic_result in results:
        for task_result in topic_result.tasks:
            if task_result.status == "skipped":
                summary.append(
                    _("{label} was not graded: {reason} (graded with Python {python}).").format(
                        label=task_result.task.label, reason=task_result.message, python=python
                    )
                )
    return {
        "score": score,
        "execution_time": round(execution_time, 3),
        "output": "\n".join(summary),
        "output_format": "text",
        # Gradescope keeps extra_data with the submission: the flags, for a teacher's tools.
        "extra_data": {"review": review_entries(results)},
        "tests": tests,
    }


def review_lines(results: list[TopicResult]) -> list[str]:
    """One line per topic whose code reached for the grading machinery."""
    return [
        _("Flagged for review: {topic}: {details}").format(
            topic=result.topic.stem, details="; ".join(result.review)
        )
        for result in results
        if result.review
    ]


def _points(score: int, max_score: int) -> str:
    return ngettext("{score} of {max} point.", "{score} of {max} points.", max_score).format(
        score=score, max=max_score
    )


def review_entries(results: list[TopicResult]) -> list[dict]:
    """The same, as data: ``[{"topic": stem, "flags": [...]}, ...]``."""
    return [{"topic": r.topic.stem, "flags": list(r.review)} for r in results if r.review]


def review_html(topic_result: TopicResult) -> str:
    """The flag a task's output starts with when its topic was flagged for review."""
    if not topic_result.review:
        return ""
    flagged = escape(_("Flagged for review:"))
    return f"<p><strong>{flagged}</strong> {escape('; '.join(topic_result.review))}</p>"


def task_html(task_result: TaskResult) -> str:
    """A task's message as HTML (``message_html``), and what the learner's code printed."""
    parts = [message_html(task_result.message)]
    if task_result.output:
        printed = escape(_("What your code printed during this check:"))
        parts.append(f"<p>{printed}</p>")
        parts.append(f"<pre>{escape(task_result.output)}</pre>")
    return "".join(parts)


# A bar of a timeline drawn in text (grader.drawing.render_data): "  label |··██··| 0.00–1.00 s".
DRAWN_BAR = re.compile(r"^  .*\|[·█]+\| ")


def message_html(message: str, timelines_drawn: bool = False) -> str:
    """Prose in paragraphs; pre-drawn lines (timelines, indented) kept as drawn, but for
    timelines drawn in text when the page draws them itself (``timelines_drawn``)."""
    parts: list[str] = []
    drawn: list[str] = []
    lines = message.splitlines()
    if timelines_drawn:
        lines = _without_text_timelines(lines)
    for line in lines:
        if line.startswith("  "):
            drawn.append(line)
            continue
        if drawn:
            parts.append(f"<pre>{escape(chr(10).join(drawn))}</pre>")
            drawn = []
        if line.strip():
            parts.append(f"<p>{escape(line)}</p>")
    if drawn:
        parts.append(f"<pre>{escape(chr(10).join(drawn))}</pre>")
    return "".join(parts)


def _without_text_timelines(lines: list[str]) -> list[str]:
    """``lines`` without each timeline drawn in text: its bars, and the title line above."""
    kept: list[str] = []
    for index, line in enumerate(lines):
        if DRAWN_BAR.match(line):
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not line.startswith(" ") and line.endswith(":") and DRAWN_BAR.match(following):
            continue
        kept.append(line)
    return kept


def with_output(task_result: TaskResult) -> str:
    """The task's message in plain text, followed by what the learner's code printed."""
    if not task_result.output:
        return task_result.message
    printed = _("What your code printed during this check:")
    return f"{task_result.message}\n\n{printed}\n{task_result.output}"


def classroom_document(results: list[TopicResult]) -> dict:
    """The same grades in GitHub Classroom's format (version 3, as its Python grader writes)."""
    tests = []
    for topic_result in results:
        for task_result in topic_result.tasks:
            if task_result.status == "skipped":
                continue
            task = task_result.task
            tests.append(
                {
                    "name": f"{task.label} {task.title}",
                    "status": "pass" if task_result.status == "passed" else "fail",
                    "score": task_result.score,
                    "message": "".join(f"{line}\n" for line in review_lines([topic_result]))
                    + with_output(task_result),
                    "test_code": CLASSROOM_COMMAND.format(number=task.topic[:2]),
                    "filename": f"{task.topic}.py",
                    "line_no": 0,
                    "duration": round(topic_result.duration, 3),
                }
            )
    failed = any(test["status"] != "pass" for test in tests)
    points = _points(sum(t["score"] for t in tests), sum(r.max_score for r in results))
    return {
        "version": 3,
        "status": "fail" if failed else "pass",
        "message": "\n".join([points, *review_lines(results)]),
        "max_score": sum(result.max_score for result in results),
        "tests": tests,
    }


def write_results(path: Path, document: dict) -> None:
    """Write the file whole, through a temporary name, so it is never left half written.

    The JSON is strict (no NaN or Infinity); the temporary file has an unpredictable name in
    the same folder, is created anew (never opened through a link someone left there) and
    replaces ``path`` in one step.
    """
    text = json.dumps(document, indent=2, allow_nan=False) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(partial, 0o644)
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise
