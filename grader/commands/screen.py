"""What the watch command draws, with rich: a topic's tasks, the next task's message with the
reference timeline and the learner's printed output (as ``grade`` reports them), the list.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from grader.catalog import Task, Topic
from grader.grading.report import next_steps
from grader.grading.runner import TopicResult
from grader.i18n import N_, _, is_translated

MARKS = {"passed": ("✔", "green"), "failed": ("✘", "red"), "skipped": ("–", "dim")}
KEYS = N_("h hint · l list · r reset this topic · n next topic · q quit")


def mark(status: str) -> Text:
    symbol, style = MARKS.get(status, ("·", "dim"))
    return Text(symbol, style=style)


def topic_view(
    result: TopicResult,
    before: TopicResult | None,
    submission: str,
    reference: dict | None = None,
    *,
    closing: bool = False,
) -> RenderableType:
    """The topic's tasks, newly passing ones marked, and what to do next (``closing``: the
    watch ends with its own words, so a passing topic's line is not said twice)."""
    topic = result.topic
    passed_before = (
        {r.task.number for r in before.tasks if r.status == "passed"} if before else set()
    )
    parts: list[RenderableType] = [
        Text.assemble(
            (_("Topic {number}: {title}").format(number=topic.number, title=topic.title), "bold"),
            "  "
            + _("({passed}/{count} tasks, {score}/{max} points)").format(
                passed=result.passed,
                count=len(result.counted),
                score=result.score,
                max=result.max_score,
            ),
        )
    ]
    if result.problem:
        parts.append(Text(f"  ! {result.problem}", style="yellow"))
    for task_result in result.tasks:
        line = Text("  ").append_text(mark(task_result.status))
        line.append(f" {task_result.task.label} {task_result.task.title}")
        newly = before is not None and task_result.task.number not in passed_before
        if task_result.status == "passed" and newly:
            line.append("  " + _("← now passing!"), style="bold green")
        parts.append(line)
    parts.append(Text())
    failing = next((r for r in result.tasks if r.status == "failed"), None)
    if failing is None:
        for skipped in (r for r in result.tasks if r.status == "skipped"):
            why = _("skipped: {message}").format(message=skipped.message)
            parts.append(Text(f"– {skipped.task.label} {why}", style="dim"))
        if not closing:
            every = _("Every task of topic {number} passes.").format(number=topic.number)
            parts.append(Text(every, style="green"))
        return Group(*parts)
    # As `grade` reports it: the message, both timelines, and what the learner's code printed.
    parts.extend(Text(line) for line in next_steps([result], submission, reference))
    return Group(*parts)


def hint_view(task: Task, number: int, text: str | None) -> RenderableType:
    """One hint for a task, or a word that there are no more."""
    total = len(task.hints)
    if not task.hints:
        body = _("This task has no hints yet; its statement is in the exercise file.")
        title = _("hint")
    elif text is None:
        body = _(
            "You have seen all {count} hints for this task; the last was the worked "
            "explanation. `pipx run nox -s hint -- --again` starts them over."
        ).format(count=total)
        title = _("hints")
    else:
        body = text
        if not is_translated(text):
            body = _("(This hint is not translated yet; here it is in English.)") + "\n" + text
        if number == total:
            title = _("task {label}: worked explanation of {count}")
        else:
            title = _("task {label}: hint {number} of {count}")
        title = title.format(label=task.label, number=number, count=total)
    return Panel(Text(body), title=title, title_align="left", border_style="magenta")


def list_view(
    topics: list[Topic], results: dict[str, TopicResult], current: Topic
) -> RenderableType:
    """Every watched topic with its tasks' marks; the current one pointed at."""
    lines = [Text(_("Topics and their tasks"), style="bold")]
    width = max([40, *(len(topic.title) for topic in topics)])  # titles line up
    for topic in topics:
        result = results.get(topic.stem)
        pointer = "▶ " if topic == current else "  "
        line = Text(pointer)
        if result is None:
            line.append(f"· {topic.number} {topic.title:<{width}} ")
            line.append(_("not graded yet"), style="dim")
        else:
            done = result.passed == len(result.counted)
            line.append_text(mark("passed" if done else "failed"))
            line.append(f" {topic.number} {topic.title:<{width}} ")
            for task_result in result.tasks:
                line.append_text(mark(task_result.status))
            line.append(f"  {result.passed}/{len(result.counted)}")
        lines.append(line)
    lines.append(Text())
    lines.append(Text(_("Type a topic's number and Enter to jump to it; Escape goes back.")))
    return Group(*lines)


def keys_view(interactive: bool, folder: str) -> Text:
    """The bottom lines: what is watched, then the keys when there are any (a line of their
    own, so that a long folder never wraps them)."""
    if not interactive:
        watching = _("Watching {folder}/ for changes; Ctrl-C to stop.").format(folder=folder)
        return Text(watching, style="dim")
    watching = _("Watching {folder}/").format(folder=folder)
    return Text.assemble((watching, "dim"), "\n", (_(KEYS), "bold"))
