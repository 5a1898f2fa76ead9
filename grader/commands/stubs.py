"""``python -m grader.commands.stubs [--check]``: write exercises/ from the marked solutions.

The translated editions (ejercicios/ in Spanish) are written and checked the same way.

Every stub is generated from its reference solution by :func:`grader.stubs.stub_source`.
With ``--check`` nothing is written: the command exits 1 and lists the stubs that differ
from what the generator makes (what CI runs), like exercism's generator ``--check``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader.catalog import ROOT, load_catalog
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
        if not (exercises / filename).is_file()
        or (exercises / filename).read_text(encoding="utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m grader.commands.stubs",
        description="Write exercises/ from the marked reference solutions in solutions/.",
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
    stale = {folder: stale_stubs(stubs, folder) for folder, stubs in editions.items()}
    if args.check:
        for folder, filenames in stale.items():
            for filename in filenames:
                print(f"{folder.name}/{filename} differs from the stub generated from solutions/")
        if any(stale.values()):
            print("Run `python -m grader.commands.stubs` (or `nox -s stubs`) to regenerate.")
            return 1
        print("Every stub in " + ", ".join(f"{f.name}/" for f in editions) + " is generated.")
        return 0
    for folder, filenames in stale.items():
        folder.mkdir(exist_ok=True)
        for filename in filenames:
            (folder / filename).write_text(editions[folder][filename], encoding="utf-8")
            print(f"wrote {folder.name}/{filename}")
    written = sum(len(filenames) for filenames in stale.values())
    print(f"{written} stub(s) written; the others were already up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
