"""``python -m grader.commands.hints TOPIC``: the next hint for the first failing task of a topic.

Each call shows one more hint for that task, up to a worked explanation; the catalog
(tests/topics.toml) holds the hints. What was shown is remembered in ``.hints.json``.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path

from grader.catalog import ROOT, Task, load_catalog, select_topics
from grader.grading.runner import grade_topic

STATE_FILE = ROOT / ".hints.json"


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nox -s hint --", description=__doc__.splitlines()[0])
    parser.add_argument("topic", help="the topic, by number (04) or name (async_await)")
    parser.add_argument(
        "--task", type=int, help="a hint for this task instead of the first failing"
    )
    parser.add_argument("--submission", default="exercises", help="folder being graded")
    parser.add_argument("--again", action="store_true", help="start this task's hints over")
    args = parser.parse_args(argv)
    try:
        [topic] = select_topics(load_catalog(), [args.topic])
    except ValueError as error:
        parser.error(str(error))

    if args.task is not None:
        try:
            task, status = topic.task(args.task), None
        except KeyError as error:
            parser.error(str(error.args[0]))
    else:
        result = grade_topic(topic, Path(args.submission).resolve())
        failing = [r for r in result.tasks if r.status == "failed"]
        if not failing:
            print(f"Every task of topic {topic.number} ({topic.title}) passes: no hint needed.")
            return 0
        task, status = failing[0].task, failing[0]
    state = load_state(STATE_FILE)
    if args.again:
        state.pop(task.label, None)
    number, text = next_hint(task, state)
    print(f"Task {task.label}: {task.title}")
    if status is not None and status.message:
        print(textwrap.indent(status.message.splitlines()[-1], "  what the grader says: "))
    if not task.hints:
        print("\nThis task has no hints yet; its statement is at the top of the exercise file.")
        return 0
    if text is None:
        print(
            f"\nYou have seen all {len(task.hints)} hints for this task; the last one was the "
            "worked explanation. `--again` starts them over."
        )
        return 0
    label = "worked explanation" if number == len(task.hints) else f"hint {number}"
    print(f"\n{label.capitalize()} of {len(task.hints)}:\n")
    print(format_hint(text))
    if number < len(task.hints):
        print(f"\nStill stuck? Run the same command again for hint {number + 1}.")
    STATE_FILE.write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
