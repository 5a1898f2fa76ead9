"""``python -m grader.commands.reset TOPIC``: put one topic's original stub back, keeping your work.

The stub is built again from the reference solution in ``solutions/``, the way the course
builds every stub, so what you committed or changed does not matter and git is not needed.
Your current file is first copied to ``.backups/`` beside the folder. Other topics are not
touched. Nothing here needs pytest: the reset session installs nothing.
"""

from __future__ import annotations

import argparse
import itertools
import time
from pathlib import Path

from grader.catalog import ROOT, Topic, load_catalog, select_topics
from grader.editions import exercises_folder
from grader.i18n import _, add_language_option, choose_language, language_requested

SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
YES = {"y", "yes", "s", "si", "sí"}


class NoSolutions(ValueError):
    """The reference solutions, from which stubs are built, are not in this copy."""


def original_stub(topic: Topic, solutions: Path = SOLUTIONS) -> str:
    """The stub of ``topic`` as the course ships it, built from its reference solution."""
    solution = solutions / topic.filename
    if not solution.is_file():
        raise NoSolutions(
            _(
                "reset builds the original stub from the reference solution, {solution}, "
                "which is not in this copy of the course. Reset needs the solutions/ folder "
                "of the course repository (a fresh clone has it)."
            ).format(solution=_shown(solution))
        )
    from grader.editions import stub_in

    return stub_in(solution.read_text(encoding="utf-8"))


def reset_topic(topic: Topic, folder: Path, stub: str) -> Path | None:
    """Write ``stub`` over ``folder/<topic>.py``; return the backup of what was there, if any."""
    target = folder / topic.filename
    backup = None
    if target.exists():
        backups = folder.parent / ".backups"
        backups.mkdir(exist_ok=True)
        backup = _new_file(backups, f"{topic.stem}-{time.strftime('%Y%m%d-%H%M%S')}", ".py")
        backup.write_bytes(target.read_bytes())
    target.write_text(stub, encoding="utf-8")
    return backup


def _new_file(folder: Path, name: str, suffix: str) -> Path:
    """A file made in ``folder`` under ``name`` and ``suffix``, or ``name-2``, ``name-3``...
    (two copies within one second, of two editions' files, say): never one already there."""
    for count in itertools.count(1):
        path = folder / f"{name}{'' if count == 1 else f'-{count}'}{suffix}"
        try:
            path.open("xb").close()
        except FileExistsError:
            continue
        return path
    raise AssertionError("unreachable")


def _shown(path: Path) -> str:
    """A path as the learner would type it: relative to where they are, when it can be."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    choose_language(language_requested(argv))
    parser = argparse.ArgumentParser(
        prog="nox -s reset --",
        description=_("Put one topic's original stub back, keeping your work."),
    )
    parser.add_argument(
        "topic", help=_("the topic: number (04), name (async_await) or file (exercises/04_....py)")
    )
    parser.add_argument(
        "--submission", type=Path, default=None, metavar="DIR",
        help=_("the folder holding your topic files (default: exercises; ejercicios in Spanish)"),
    )  # fmt: skip
    parser.add_argument("-y", "--yes", action="store_true", help=_("do not ask for confirmation"))
    add_language_option(parser)
    args = parser.parse_args(argv)
    args.submission = args.submission or ROOT / exercises_folder()
    try:
        [topic] = select_topics(load_catalog(), [args.topic])
        stub = original_stub(topic)
    except ValueError as error:
        parser.error(str(error))
    target = args.submission / topic.filename
    shown = _shown(target)
    if target.exists() and target.read_text(encoding="utf-8") == stub:
        print(_("{file} is already the original stub: nothing to do.").format(file=shown))
        return 0
    if not args.yes:
        try:
            answer = input(
                _(
                    "Replace {file} with the original stub? A copy of your work goes to "
                    ".backups/. [y/N] "
                ).format(file=shown)
            )
        except EOFError:
            answer = ""
        if answer.strip().lower() not in YES:
            print(_("Nothing changed."))
            return 0
    backup = reset_topic(topic, args.submission, stub)
    if backup is not None:
        print(_("Your work is saved in {backup}.").format(backup=_shown(backup)))
    print(_("{file} is the original stub again.").format(file=shown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
