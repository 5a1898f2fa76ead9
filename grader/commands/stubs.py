"""``python -m grader.commands.stubs [--check]``: write exercises/ from the marked solutions.

The translated editions (ejercicios/ in Spanish) are written and checked the same way.

Every stub is generated from its reference solution by :func:`grader.stubs.stub_source`.
With ``--check`` nothing is written: the command exits 1 and lists the stubs that differ
from what the generator makes (what CI runs), like exercism's generator ``--check``; a file
holding a learner's work is judged by the stub the last commit holds.

No one's work is lost: a file that is neither the stub about to be written nor the stub the
last commit holds (a learner's work, say) is first copied to ``.backups/`` beside its folder,
by the helper ``nox -s reset`` uses, and the command says where.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from grader.catalog import ROOT, Topic, load_catalog
from grader.commands.reset import reset_topic
from grader.editions import FOLDERS, edition_stubs
from grader.stubs import stub_source

SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"


def generated_stubs(solutions: Path = SOLUTIONS) -> dict[str, str]:
    """Each topic's stub as the generator makes it, by file name."""
    return {
        topic.filename: stub_source((solutions / topic.filename).read_text(encoding="utf-8"))
        for topic in load_catalog()
    }


def stale_stubs(stubs: dict[str, str], exercises: Path = EXERCISES) -> list[str]:
    """The file names in ``exercises`` that differ from the generated ``stubs``."""
    return [
        filename
        for filename, text in stubs.items()
        if not (exercises / filename).is_file() or _text(exercises / filename) != text
    ]


def drifted_stubs(stubs: dict[str, str], exercises: Path = EXERCISES) -> list[str]:
    """The file names in ``exercises`` whose stub is not the generated one in ``stubs``: the
    file itself or, where it holds someone's work, the stub the last commit holds. What
    ``--check`` and the project's tests ask, so a learner's work is never taken for a stale
    stub (while a stub edited by hand and committed is)."""
    return [
        filename
        for filename, text in stubs.items()
        if _stub_on_record(exercises / filename, text) != text
    ]


def _stub_on_record(path: Path, stub: str) -> str | None:
    if not path.is_file():
        return None
    return committed_text(path) if holds_work(path, stub) else _text(path)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")  # a learner's file may not be UTF-8


def committed_text(path: Path) -> str | None:
    """``path`` as the last commit holds it; None without git, a repository or that file."""
    try:
        shown = subprocess.run(
            ["git", "-C", str(path.parent), "show", f"HEAD:./{path.name}"],
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if shown.returncode != 0:
        return None
    return shown.stdout.decode("utf-8", errors="replace")


def holds_work(path: Path, stub: str) -> bool:
    """Whether writing ``stub`` over ``path`` would lose someone's work: the file is there and
    is neither ``stub`` nor the stub the last commit holds (when git cannot tell: work)."""
    if not path.is_file():
        return False
    text = _text(path)
    return text != stub and text != committed_text(path)


def write_stubs(
    editions: dict[Path, dict[str, str]], stale: dict[Path, list[str]], topics: list[Topic]
) -> int:
    """Write the ``stale`` stubs of each edition's folder, each file holding work first copied
    to ``.backups/`` (by reset's helper); print what was done; return how many were written."""
    by_name = {topic.filename: topic for topic in topics}
    copies = []
    for folder, filenames in stale.items():
        folder.mkdir(exist_ok=True)
        for filename in filenames:
            stub, topic = editions[folder][filename], by_name[filename]
            if not holds_work(folder / filename, stub):
                (folder / filename).write_text(stub, encoding="utf-8")
                print(f"wrote {folder.name}/{filename}")
                continue
            backup = reset_topic(topic, folder, stub)
            copies.append(backup)
            print(
                f"wrote {folder.name}/{filename}; it held work that was not a stub: "
                f"your copy is in {_shown(backup)}"
            )
    written = sum(len(filenames) for filenames in stale.values())
    print(f"{written} stub(s) written; the others were already up to date.")
    if copies:
        print(
            f"{len(copies)} file(s) held work, now copied to .backups/ (named by topic, date "
            "and time): copy yours back over the stub to carry on with it."
        )
    return written


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def check(editions: dict[Path, dict[str, str]]) -> int:
    """``--check``: print each stub that differs from the generator's output, and each file
    judged by its committed stub because it holds work; 1 when a stub differs."""
    stale = {folder: drifted_stubs(stubs, folder) for folder, stubs in editions.items()}
    for folder, filenames in stale.items():
        for filename in filenames:
            print(f"{folder.name}/{filename} differs from the stub generated from solutions/")
    working = [
        f"{folder.name}/{filename}"
        for folder, stubs in editions.items()
        for filename, text in stubs.items()
        if (folder / filename).is_file() and holds_work(folder / filename, text)
    ]
    if working:
        print(f"{', '.join(working)}: holds work; the stub the last commit holds was checked.")
    if any(stale.values()):
        print("Run `python -m grader.commands.stubs` (or `nox -s stubs`) to regenerate.")
        return 1
    print("Every stub in " + ", ".join(f"{f.name}/" for f in editions) + " is generated.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m grader.commands.stubs",
        description="Write exercises/ from the marked reference solutions in solutions/; a "
        "file holding work (neither the new stub nor the committed one) is first copied to "
        ".backups/.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and list the stubs that differ from the generator's output",
    )
    args = parser.parse_args(argv)
    editions = {EXERCISES: generated_stubs()}
    # The translated editions (ejercicios/, ...) come from the same solutions.
    editions |= {ROOT / FOLDERS[lang]: edition_stubs(lang) for lang in FOLDERS if lang != "en"}
    if args.check:
        return check(editions)
    stale = {folder: stale_stubs(stubs, folder) for folder, stubs in editions.items()}
    write_stubs(editions, stale, load_catalog())
    return 0


if __name__ == "__main__":
    sys.exit(main())
