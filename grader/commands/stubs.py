"""``python -m grader.commands.stubs [--check]``: write exercises/ from the marked solutions.

Every stub is generated from its reference solution by :func:`grader.stubs.stub_source`.
With ``--check`` nothing is written: the command exits 1 and lists the stubs that differ
from what the generator makes (what CI runs), like exercism's generator ``--check``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader.catalog import ROOT, load_catalog
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
    stubs = generated_stubs()
    stale = stale_stubs(stubs)
    if args.check:
        for filename in stale:
            print(f"exercises/{filename} differs from the stub generated from solutions/")
        if stale:
            print("Run `python -m grader.commands.stubs` (or `nox -s stubs`) to regenerate.")
            return 1
        print("Every stub in exercises/ is what the generator makes.")
        return 0
    for filename in stale:
        (EXERCISES / filename).write_text(stubs[filename], encoding="utf-8")
        print(f"wrote exercises/{filename}")
    print(f"{len(stale)} stub(s) written; the others were already up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
