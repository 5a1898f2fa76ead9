"""Gradescope: build the autograder bundle, and grade one submission inside it.

``python -m grader.commands.gradescope build [TOPIC ...] --out gradescope.zip`` makes the zip to
upload: ``setup.sh`` and ``run_autograder`` at its root, the grader, the hidden suites and
the pinned requirements; never the reference solutions. On Gradescope, ``run_autograder``
calls ``python -m grader.commands.gradescope run``, which finds the student's files in
``/autograder/submission`` or its subfolders (the rule of ``grader.grading.submission``, as for
``--submission`` and ``--class``) and writes ``/autograder/results/results.json``, always.
The bundle grades in the language it was built in (``--lang es``: Spanish outputs).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib
import traceback
import zipfile
from pathlib import Path

from grader.catalog import ROOT, Topic, load_catalog, select_topics
from grader.commands.cli import grade_all
from grader.grading.confine import MODES, choose_tool
from grader.grading.results import results_document, write_results
from grader.grading.runner import Limits
from grader.grading.submission import find_topic_files
from grader.i18n import (
    _,
    activate,
    active_language,
    add_language_option,
    choose_language,
    language_requested,
)

BUNDLE_FILES = ["pyproject.toml", "README.md"]
BUNDLE_FOLDERS = {"grader": "**/*.py", "tests": "test_*.py"}
VISIBILITIES = ("visible", "after_published", "after_due_date", "hidden")
SETTINGS_FILE = "assignment.json"


def build(out: Path, topics: list[str], visibility: str, language: str | None = None) -> Path:
    """Write the bundle to ``out``: everything Gradescope needs, and nothing it must not see."""
    group = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]["grade"]
    settings = {
        "topics": [topic.stem for topic in select_topics(load_catalog(), topics)],
        "visibility": visibility,
        "language": language or active_language(),
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
        for path in sorted((ROOT / "grader" / "locale").glob("**/*.mo")):  # the translations
            bundle.write(path, path.relative_to(ROOT).as_posix())
    return out


def total_points(topics: list[Topic]) -> int:
    """The points a submission can earn: every task, as Gradescope's Python grades them all."""
    return sum(topic.max_points for topic in topics)


def run(root: Path, confine: str = "always") -> int:
    """Grade ``root/submission`` into ``root/results/results.json``, whatever happens.

    The submission runs confined (``confine="always"``): without bwrap (or unshare as root)
    nothing is graded and the results say why.
    """
    results_file = root / "results" / "results.json"
    started = time.perf_counter()
    try:
        settings = json.loads((ROOT / SETTINGS_FILE).read_text())
        activate(settings.get("language", "en"))
        topics = select_topics(load_catalog(), settings["topics"])
        submission = root / "submission"
        files, notes = find_topic_files(submission, topics)
        missing = sorted({topic.filename for topic in topics} - set(files))
        if missing and files:
            notes.append(
                _("Files not found in your submission: {files}").format(files=", ".join(missing))
            )
        choose_tool(confine)  # fails, into the results file, when confinement is impossible
        results = grade_all(topics, submission, files=files, limits=Limits(confine=confine))
        document = results_document(results, time.perf_counter() - started, notes)
        for test in document["tests"]:
            test["visibility"] = settings["visibility"]
    except Exception:  # the results file must be written whatever went wrong
        document = {
            "score": 0,
            "execution_time": round(time.perf_counter() - started, 3),
            "output": _(
                "The autograder failed before it could grade this submission; "
                "please tell your teacher."
            )
            + "\n"
            + traceback.format_exc(limit=3),
            "tests": [],
        }
    write_results(results_file, document)
    print(document["output"])
    return 0


def main(argv: list[str] | None = None) -> int:
    choose_language(language_requested(argv))
    parser = argparse.ArgumentParser(
        prog="python -m grader.commands.gradescope",
        description=_(
            "Build the Gradescope autograder zip, or grade a submission inside it as "
            "Gradescope does."
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("build", help=_("write the autograder zip to upload"))
    make.add_argument("topics", nargs="*", metavar="TOPIC", help=_("topics to grade (all)"))
    make.add_argument("--out", default="gradescope.zip", help=_("the zip to write"))
    make.add_argument(
        "--visibility",
        choices=VISIBILITIES,
        default="visible",
        help=_("when students see each task's result (default: visible)"),
    )
    add_language_option(make)
    grade = commands.add_parser("run", help=_("grade a submission, as Gradescope does"))
    grade.add_argument("--root", default="/autograder", help=_("Gradescope's folder"))
    grade.add_argument(
        "--confine", choices=MODES, default="always",
        help=_("confine the submission (default: always; 'auto' or 'never' for tests only)"),
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.command == "build":
        try:
            out = build(Path(args.out), args.topics, args.visibility)
        except ValueError as error:
            parser.error(str(error))
        topics = select_topics(load_catalog(), args.topics)
        tasks = sum(len(topic.tasks) for topic in topics)
        print(
            _("Gradescope autograder written to {file}: upload it as the assignment's zip.").format(
                file=out
            )
        )
        print(
            _(
                "Set the assignment's total points to {points} ({topics} topic(s), {tasks} tasks)."
            ).format(points=total_points(topics), topics=len(topics), tasks=tasks)
        )
        return 0
    return run(Path(args.root), args.confine)


if __name__ == "__main__":
    sys.exit(main())
