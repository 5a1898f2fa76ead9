"""``python -m grader.commands.reset TOPIC``: put one topic's stub back, keeping your work.

The fresh stub comes from git (the last commit, or ``--from REV``); your current file is
first copied to ``.backups/``. Other topics are not touched.
"""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path

from grader.catalog import ROOT, load_catalog, select_topics

BACKUPS = ROOT / ".backups"


def pristine_stub(filename: str, revision: str) -> str:
    """The stub as git has it at ``revision``; ``ValueError`` when git cannot say."""
    try:
        shown = subprocess.run(
            ["git", "show", f"{revision}:exercises/{filename}"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", "") or str(error)
        raise ValueError(f"git cannot give exercises/{filename} at {revision}: {detail}") from None
    return shown.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nox -s reset --", description=__doc__.splitlines()[0])
    parser.add_argument("topic", help="the topic, by number (04) or name (async_await)")
    parser.add_argument("--from", dest="revision", default="HEAD", help="git revision (HEAD)")
    parser.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
    args = parser.parse_args(argv)
    try:
        [topic] = select_topics(load_catalog(), [args.topic])
        stub = pristine_stub(topic.filename, args.revision)
    except ValueError as error:
        parser.error(str(error))
    target = ROOT / "exercises" / topic.filename
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if current == stub:
        print(f"exercises/{topic.filename} is already the fresh stub: nothing to do.")
        return 0
    if not args.yes:
        answer = input(
            f"Replace exercises/{topic.filename} with a fresh stub? A copy of your "
            "work goes to .backups/. [y/N] "
        )
        if answer.strip().lower() not in {"y", "yes"}:
            print("Nothing changed.")
            return 1
    if current is not None:
        BACKUPS.mkdir(exist_ok=True)
        backup = BACKUPS / f"{topic.stem}-{time.strftime('%Y%m%d-%H%M%S')}.py"
        backup.write_text(current, encoding="utf-8")
        print(f"Your work is saved in {Path(backup).relative_to(ROOT)}.")
    target.write_text(stub, encoding="utf-8")
    print(f"exercises/{topic.filename} is a fresh stub again.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
