"""Gradescope: build the autograder bundle, and grade one submission inside it.

``python -m grader.commands.gradescope build [TOPIC ...] --out gradescope.zip`` makes the zip to
upload: ``setup.sh`` and ``run_autograder`` at its root, the grader, the hidden suites and
the pinned requirements; never the reference solutions. On Gradescope, ``run_autograder``
calls ``python -m grader.commands.gradescope run``, which finds the student's files anywhere in
``/autograder/submission`` and writes ``/autograder/results/results.json``, always.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import tomllib
import traceback
import zipfile
from pathlib import Path

from grader.catalog import ROOT, load_catalog, select_topics
from grader.commands.cli import grade_all
from grader.grading.results import results_document, write_results

BUNDLE_FILES = ["pyproject.toml", "README.md"]
BUNDLE_FOLDERS = {"grader": "**/*.py", "tests": "test_*.py"}
VISIBILITIES = ("visible", "after_published", "after_due_date", "hidden")
SETTINGS_FILE = "assignment.json"


def build(out: Path, topics: list[str], visibility: str) -> Path:
    """Write the bundle to ``out``: everything Gradescope needs, and nothing it must not see."""
    group = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]["grade"]
    settings = {
        "topics": [topic.stem for topic in select_topics(load_catalog(), topics)],
        "visibility": visibility,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name in ("setup.sh", "run_autograder"):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o755 << 16
            bundle.writestr(info, (ROOT / "gradescope" / name).read_text())
        bundle.writestr("requirements.txt", "\n".join(group) + "\n")
        bundle.writestr(SETTINGS_FILE, json.dumps(settings, indent=2) + "\n")
        bundle.write(ROOT / "tests" / "topics.toml", "tests/topics.toml")
        for name in BUNDLE_FILES:
            bundle.write(ROOT / name, name)
        for folder, pattern in BUNDLE_FOLDERS.items():
            for path in sorted((ROOT / folder).glob(pattern)):
                bundle.write(path, path.relative_to(ROOT).as_posix())
    return out


def collect_submission(submission: Path, wanted: set[str], into: Path) -> list[str]:
    """Copy the topic modules found anywhere under ``submission`` into ``into``, flat."""
    found = []
    for path in sorted(submission.rglob("*.py"), key=lambda p: (len(p.parts), str(p))):
        if path.name in wanted and path.name not in found and "__MACOSX" not in path.parts:
            shutil.copyfile(path, into / path.name)
            found.append(path.name)
    return found


def run(root: Path) -> int:
    """Grade ``root/submission`` into ``root/results/results.json``, whatever happens."""
    results_file = root / "results" / "results.json"
    started = time.perf_counter()
    try:
        settings = json.loads((ROOT / SETTINGS_FILE).read_text())
        topics = select_topics(load_catalog(), settings["topics"])
        with tempfile.TemporaryDirectory(prefix="submission-") as flat:
            found = collect_submission(
                root / "submission", {topic.filename for topic in topics}, Path(flat)
            )
            results = grade_all(topics, Path(flat))
        document = results_document(results, time.perf_counter() - started)
        for test in document["tests"]:
            test["visibility"] = settings["visibility"]
        missing = sorted({topic.filename for topic in topics} - set(found))
        if missing:
            document["output"] += " Files not found in your submission: " + ", ".join(missing)
    except Exception:  # the results file must be written whatever went wrong
        document = {
            "score": 0,
            "execution_time": round(time.perf_counter() - started, 3),
            "output": "The autograder failed before it could grade this submission; "
            "please tell your teacher.\n" + traceback.format_exc(limit=3),
            "tests": [],
        }
    write_results(results_file, document)
    print(document["output"])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m grader.commands.gradescope", description=__doc__
    )
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("build", help="write the autograder zip to upload")
    make.add_argument("topics", nargs="*", metavar="TOPIC", help="topics to grade (all)")
    make.add_argument("--out", default="gradescope.zip", help="the zip to write")
    make.add_argument(
        "--visibility",
        choices=VISIBILITIES,
        default="visible",
        help="when students see each task's result (default: visible)",
    )
    grade = commands.add_parser("run", help="grade a submission, as Gradescope does")
    grade.add_argument("--root", default="/autograder", help="Gradescope's folder")
    args = parser.parse_args(argv)
    if args.command == "build":
        try:
            out = build(Path(args.out), args.topics, args.visibility)
        except ValueError as error:
            parser.error(str(error))
        print(f"Gradescope autograder written to {out}: upload it as the assignment's zip.")
        return 0
    return run(Path(args.root))


if __name__ == "__main__":
    sys.exit(main())
