"""``python -m grader.commands.hints [TOPIC]``: the next hint for the first failing task.

With no topic, the topic is the one you are on: the first, in course order, that is not
finished. Each call shows one more hint for that task, up to a worked explanation; the
catalog (tests/topics.toml) holds the hints. What was shown is remembered in ``.hints.json``
beside the folder (the project's root for ``exercises/``).
"""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path

from grader.catalog import Task, load_catalog, select_topics
from grader.editions import exercises_folder
from grader.grading.progress import first_unfinished
from grader.grading.runner import grade_topic
from grader.i18n import (
    _,
    add_language_option,
    choose_language,
    is_translated,
    language_requested,
    ngettext,
)


def state_file(folder: Path) -> Path:
    """Where the hints shown for the work in ``folder`` are remembered."""
    return folder.parent / ".hints.json"


def next_hint(task: Task, state: dict[str, int]) -> tuple[int, str | None]:
    """The number (from 1) and text of the next hint for ``task``; text None when none is left."""
    shown = state.get(task.label, 0)
    if shown >= len(task.hints):
        return shown, None
    state[task.label] = shown + 1
    return shown + 1, task.hints[shown]


def format_hint(text: str) -> str:
    """Wrap prose to the terminal; keep indented lines (code) as they are."""
    lines = []
    for line in text.splitlines() or [""]:
        if line.startswith((" ", "\t")):
            lines.append("  " + line)
        else:
            lines.append(textwrap.fill(line, 92, initial_indent="  ", subsequent_indent="  "))
    return "\n".join(lines)


def load_state(path: Path) -> dict[str, int]:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def save_state(path: Path, state: dict[str, int]) -> None:
    path.write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    choose_language(language_requested(argv))
    parser = argparse.ArgumentParser(
        prog="nox -s hint --", description=_("The next hint for the first failing task.")
    )
    parser.add_argument(
        "topic", nargs="?",
        help=_("the topic: number (04), name (async_await) or file (exercises/04_async_await.py);"
               " by default the first topic that is not finished"),
    )  # fmt: skip
    parser.add_argument(
        "--task", type=int, help=_("a hint for this task instead of the first failing")
    )
    parser.add_argument("--submission", default=None, help=_("folder being graded"))
    parser.add_argument("--again", action="store_true", help=_("start this task's hints over"))
    add_language_option(parser)
    args = parser.parse_args(argv)
    folder = Path(args.submission or exercises_folder()).resolve()
    if args.topic is None:
        if args.task is not None:
            parser.error(_("--task needs a topic"))
        _done, current = first_unfinished(load_catalog(), folder)
        if current is None:
            print(_("Every task of every topic passes: no hint needed. Well done!"))
            return 0
        topic, result = current.topic, current
        print(
            _("You are on topic {number}, {title} ({file}).").format(
                number=topic.number, title=topic.title, file=topic.filename
            )
            + "\n"
        )
    else:
        try:
            [topic] = select_topics(load_catalog(), [args.topic])
        except ValueError as error:
            parser.error(str(error))
        result = None

    if args.task is not None:
        try:
            task, status = topic.task(args.task), None
        except KeyError as error:
            parser.error(str(error.args[0]))
    else:
        result = result or grade_topic(topic, folder)
        failing = [r for r in result.tasks if r.status == "failed"]
        if not failing:
            print(
                _("Every task of topic {number} ({title}) passes: no hint needed.").format(
                    number=topic.number, title=topic.title
                )
            )
            return 0
        task, status = failing[0].task, failing[0]
    state = load_state(state_file(folder))
    if args.again:
        state.pop(task.label, None)
    number, text = next_hint(task, state)
    print(_("Task {label}: {title}").format(label=task.label, title=task.title))
    if status is not None and status.message:
        print(textwrap.indent(status.message.splitlines()[-1], _("  what the grader says: ")))
    if not task.hints:
        print(
            "\n"
            + _("This task has no hints yet; its statement is at the top of the exercise file.")
        )
        return 0
    if text is None:
        print(
            "\n"
            + ngettext(
                "You have seen the {count} hint for this task. "
                "`pipx run nox -s hint -- --again` starts it over.",
                "You have seen all {count} hints for this task; the last one was the worked "
                "explanation. `pipx run nox -s hint -- --again` starts them over.",
                len(task.hints),
            ).format(count=len(task.hints))
        )
        return 0
    if number == len(task.hints):
        heading = _("Hint {number} of {count}, the worked explanation:")
    else:
        heading = _("Hint {number} of {count}:")
    print("\n" + heading.format(number=number, count=len(task.hints)) + "\n")
    if not is_translated(text):
        print("  " + _("(This hint is not translated yet; here it is in English.)") + "\n")
    print(format_hint(text))
    if number < len(task.hints):
        print(
            "\n"
            + _("Still stuck? Run the same command again for hint {number}.").format(
                number=number + 1
            )
        )
    save_state(state_file(folder), state)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
