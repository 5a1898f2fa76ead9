"""``python -m grader``: grade a folder of topic modules and report the result."""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import queue
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from grader.catalog import ROOT, Topic, load_catalog, select_topics
from grader.grading import cgroups
from grader.grading.confine import MODES, ConfinementUnavailable, choose_tool, warm_up
from grader.i18n import N_, _, add_language_option, choose_language, language_requested, ngettext

if TYPE_CHECKING:
    from grader.grading.runner import Limits, TopicResult

# A learner grading one topic waits less: the sandbox's probe starts first, before the runner
# is imported; the report's modules (and the classroom's, the web page's) are imported only
# when used, the report's while the first topics' processes run.

# Twice the CPUs: a topic's process spends much of its time waiting (start-up I/O, tests
# on the real clock), and `nox -s bench` shows the whole grade finishing sooner.
DEFAULT_JOBS = 2 * (os.cpu_count() or 1)
QUIET_START = 0.1  # seconds left to the workers to start their children, before other work
CLASS_UNCONFINED_NOTE = N_(
    "Grading unconfined (--confine never): each student's code runs with your permissions "
    "and can read, change or stop what the others' grading does. Trust these grades only "
    "for code you trust."
)
CLASS_UNCAPPED_NOTE = N_(
    "Processes and memory are not capped per run: the grader cannot make control groups here "
    "(run it as root on Linux), so a submission that starts processes without end, or many "
    "that each take much memory, can slow this machine."
)
UNCONFINED_NOTE = N_(
    "Ran unconfined: without bubblewrap (or unshare as root) your code ran with your own "
    "permissions; teachers' grades are always confined."
)


def build_parser() -> argparse.ArgumentParser:
    from grader.grading.runner import MEMORY_LIMIT, TEST_TIMEOUT, TOPIC_TIMEOUT

    parser = argparse.ArgumentParser(
        prog="nox -s grade --",
        description=_("Grade the asyncio katas: run each topic's hidden tests on your code."),
    )
    parser.add_argument(
        "topics", nargs="*", metavar="TOPIC",
        help=_("grade only these topics, by number (04) or name (async_await)"),
    )  # fmt: skip
    parser.add_argument(
        "--submission", default=None, metavar="DIR",
        help=_("folder holding the topic modules to grade (default: exercises, or ejercicios "
               "with --lang es)"),
    )  # fmt: skip
    parser.add_argument("--json", metavar="FILE", help=_("also write the results to FILE"))
    parser.add_argument(
        "--html", metavar="FILE",
        help=_("also write the report as a web page, timelines drawn beside the reference's"),
    )  # fmt: skip
    parser.add_argument(
        "--github-classroom", metavar="FILE",
        help=_("also write the results in GitHub Classroom's format to FILE"),
    )  # fmt: skip
    parser.add_argument(
        "--class", dest="class_dir", metavar="DIR",
        help=_("grade every submission folder in DIR into a gradebook (see --out)"),
    )  # fmt: skip
    parser.add_argument(
        "--out", default="grades", metavar="DIR",
        help=_("with --class: where gradebook.csv and one results file per student go"),
    )  # fmt: skip
    parser.add_argument(
        "--fail-under", type=float, metavar="PERCENT",
        help=_("exit with status 1 when the score is below PERCENT of the points"),
    )  # fmt: skip
    parser.add_argument(
        "--jobs", type=int, default=DEFAULT_JOBS, metavar="N",
        help=_("topics graded at once (default: twice the number of CPUs)"),
    )  # fmt: skip
    parser.add_argument(
        "--topic-timeout", type=float, default=TOPIC_TIMEOUT, metavar="SECONDS",
        help=_("real time allowed for one topic's tests (default: {seconds})").format(
            seconds=f"{TOPIC_TIMEOUT:g}"),
    )  # fmt: skip
    parser.add_argument(
        "--test-timeout", type=float, default=TEST_TIMEOUT, metavar="SECONDS",
        help=_("real time allowed for one test (default: {seconds})").format(
            seconds=f"{TEST_TIMEOUT:g}"),
    )  # fmt: skip
    parser.add_argument(
        "--memory", type=int, default=MEMORY_LIMIT, metavar="MIB",
        help=_("memory allowed to the learner's code, in MiB: each process's address space, "
               "and all of a topic's processes together where the grader may make control "
               "groups (as root) (default: {mib})").format(mib=MEMORY_LIMIT),
    )  # fmt: skip
    parser.add_argument(
        "--processes", type=int, default=cgroups.TASKS_MAX, metavar="N",
        help=_("processes and threads one topic's run may hold at once, where the grader may "
               "make control groups (as root) (default: {count})").format(count=cgroups.TASKS_MAX),
    )  # fmt: skip
    parser.add_argument(
        "--allow-network", action="store_true",
        help=_("let the learner's code connect to addresses other than loopback"),
    )  # fmt: skip
    parser.add_argument(
        "--confine", choices=MODES, default=None,
        help=_("run the learner's code in a sandbox (bwrap, or unshare as root): 'auto' when "
               "the tools are here (the default), 'always' (the default with --class and "
               "--github-classroom: fail if they are not), or 'never'"),
    )  # fmt: skip
    parser.add_argument(
        "-v", "--verbose", action="store_true",
        help=_("list every task under its topic and explain every failing one"),
    )  # fmt: skip
    parser.add_argument("-q", "--quiet", action="store_true", help=_("no progress lines"))
    parser.add_argument(
        "--list", action="store_true", help=_("list the topics and their tasks, and stop")
    )
    add_language_option(parser)
    return parser


def may_confine(argv: list[str]) -> bool:
    """Whether this command may start a confined run (not ``--list``, ``--help`` or
    ``--confine never``): read from the words alone, before the parser exists."""
    if set(argv) & {"--list", "-h", "--help", "--confine=never"}:
        return False
    return ("--confine", "never") not in itertools.pairwise(argv)


def teacher_mode(args: argparse.Namespace) -> bool:
    """Grades that go to a teacher: confined unless the teacher says otherwise."""
    return bool(args.class_dir or args.github_classroom)


def main(argv: list[str] | None = None) -> int:
    """Grade, print the report, write the JSON; exit 0 whenever grading completed."""
    choose_language(language_requested(argv))  # before the parser, so --help is translated
    if may_confine(sys.argv[1:] if argv is None else argv):
        warm_up()  # the sandbox's probe runs beside the imports and the catalog's reading
    from grader.editions import exercises_folder
    from grader.grading.runner import Limits
    from grader.grading.submission import find_topic_files

    parser = build_parser()
    args = parser.parse_args(argv)
    edition = args.submission is None  # the learner's own folder, by the language
    args.submission = args.submission or exercises_folder()
    try:
        topics = select_topics(load_catalog(), args.topics)
    except ValueError as error:
        parser.error(str(error))
    if args.list:
        from grader.grading.report import render_catalog

        print(render_catalog(topics))
        return 0
    limits = Limits(
        topic_timeout=args.topic_timeout,
        test_timeout=args.test_timeout,
        memory_mib=args.memory,
        tasks_max=args.processes,
        allow_network=args.allow_network,
        confine=args.confine or ("always" if teacher_mode(args) else "auto"),
    )
    try:
        confinement = choose_tool(limits.confine)
    except ConfinementUnavailable as error:
        parser.error(str(error))
    if args.class_dir:
        from grader.commands.classroom import grade_class

        if not confinement:
            print(_(CLASS_UNCONFINED_NOTE), file=sys.stderr)
        elif not cgroups.available():
            print(_(CLASS_UNCAPPED_NOTE), file=sys.stderr)

        try:
            gradebook = grade_class(
                Path(args.class_dir), topics, Path(args.out), jobs=args.jobs, limits=limits
            )
        except (ValueError, OSError) as error:
            parser.error(str(error))
        print(
            _("Gradebook written to {file}; one results file per student beside it.").format(
                file=gradebook
            )
        )
        from grader.grading.report import class_newer_python_lines

        for line in class_newer_python_lines(topics, sys.argv[1:] if argv is None else argv):
            print(line)
        return 0
    submission = Path(args.submission)
    if not submission.is_dir():
        parser.error(_("there is no folder {folder} to grade").format(folder=repr(args.submission)))

    def show_progress(done: int, result: TopicResult) -> None:
        from grader.grading.report import progress_line

        print(progress_line(done, len(topics), result), file=sys.stderr, flush=True)

    files, notes = find_topic_files(submission.resolve(), topics)
    if not confinement:
        notes = [*notes, _(UNCONFINED_NOTE)]
    for note in notes:  # warnings too: shown even with --quiet
        print(note, file=sys.stderr)
    if not args.quiet:
        grading = ngettext(
            "Grading {count} topic in {folder} ...",
            "Grading {count} topics in {folder} ...",
            len(topics),
        )
        print(grading.format(count=len(topics), folder=args.submission), file=sys.stderr)
    started = time.perf_counter()
    results = grade_all(
        topics,
        submission.resolve(),
        files=files,
        jobs=args.jobs,
        limits=limits,
        on_result=None if args.quiet else show_progress,
        while_waiting=import_reporting,
    )
    elapsed = time.perf_counter() - started
    from grader.grading.report import render_report
    from grader.grading.results import classroom_document, results_document, write_results

    if not args.quiet:
        print(file=sys.stderr)

    references = (
        reference_timelines(results, submission.resolve(), limits)
        if args.verbose or args.html
        else {}
    )
    reference = None if args.verbose else reference_timeline(results, submission.resolve(), limits)
    print(
        render_report(
            results, args.submission, args.verbose, reference, references=references, files=files
        )
    )
    if not confinement:
        print("\n" + _(UNCONFINED_NOTE))
    if edition and not any(result.score for result in results):
        note_work_elsewhere(topics)
    document = results_document(results, elapsed, notes)
    if args.json:
        write_results(Path(args.json), document)
        print("\n" + _("Results written to {file}").format(file=args.json))
    if args.html:
        from grader.grading.html_report import render_html

        page = render_html(results, args.submission, references, notes)
        Path(args.html).write_text(page, encoding="utf-8")
        written = _("Report written to {file}").format(file=args.html)
        print(written if args.json else "\n" + written)  # a blank line after the report
    if args.github_classroom:
        write_results(Path(args.github_classroom), classroom_document(results))
        written = _("GitHub Classroom results written to {file}").format(file=args.github_classroom)
        print(written if args.json or args.html else "\n" + written)
    max_score = sum(test["max_score"] for test in document["tests"])
    percent = 100 * document["score"] / max_score if max_score else 100.0
    if args.fail_under is not None and percent < args.fail_under:
        print(
            _("Score {percent}% is under the required {required}%.").format(
                percent=f"{percent:.0f}", required=f"{args.fail_under:g}"
            )
        )
        return 1
    return 0


def note_work_elsewhere(topics: list[Topic]) -> None:
    """Nothing earned in this edition's folder: say so if the other one holds work."""
    from grader.editions import FOLDERS, work_in_another_edition
    from grader.i18n import active_language

    found = work_in_another_edition(active_language(), topics)
    if found is not None:
        other, worked = found
        text = _(
            "Note: {folder}/ holds work on topics {topics}; it is graded with --lang {language} "
            "(or --submission {folder})."
        )
        numbers = ", ".join(topic.number for topic in worked)
        print("\n" + text.format(folder=FOLDERS[other], topics=numbers, language=other))


def reference_timelines(
    results: list[TopicResult], submission: Path, limits: Limits
) -> dict[str, dict]:
    """The reference's timelines, by test and scene, for every topic with a failing timing check."""
    solutions = ROOT / "solutions"
    if not solutions.is_dir() or submission == solutions.resolve():
        return {}
    timed = [r.topic for r in results if any(t.timeline and t.status == "failed" for t in r.tasks)]
    references: dict[str, dict] = {}
    for result in grade_all(timed, solutions, limits=limits):
        references.update(result.timelines)
    return references


def reference_timeline(results: list[TopicResult], submission: Path, limits: Limits) -> dict | None:
    """The reference solution's timeline for the first failing task, when it has one."""
    from grader.grading.report import first_failure
    from grader.grading.runner import grade_topic

    failure = first_failure(results)
    solutions = ROOT / "solutions"
    if failure is None or failure.timeline is None or not solutions.is_dir():
        return None
    if submission == solutions.resolve():
        return None
    topic = next(r.topic for r in results if r.topic.stem == failure.task.topic)
    return grade_topic(topic, solutions, limits).timelines.get(failure.scene)


def import_reporting() -> None:
    """Import what writes the report, while the topics' processes run."""
    import grader.grading.report
    import grader.grading.results  # noqa: F401


def grade_all(
    topics: list[Topic],
    submission: Path,
    *,
    jobs: int = DEFAULT_JOBS,
    limits: Limits | None = None,
    on_result: Callable[[int, TopicResult], None] | None = None,
    files: dict[str, Path] | None = None,
    while_waiting: Callable[[], None] | None = None,
) -> list[TopicResult]:
    """Grade topics in parallel, each in its own process; results come back in course order.

    The topics that take longest start first (see :func:`longest_first`), so that the last
    one to finish is not one started late. ``files`` maps topic file names to the copies
    found by ``find_topic_files`` (each topic is graded from its file's folder; the others
    from ``submission``). ``on_result(done, result)`` is called as each topic finishes;
    ``while_waiting()`` once the first children have started (or one topic is done).
    """
    from grader.grading.runner import DEFAULT_LIMITS, grade_topic
    from grader.grading.submission import topic_folder

    limits = limits or DEFAULT_LIMITS
    waiting = longest_first(topics)
    finished: queue.SimpleQueue[TopicResult | BaseException] = queue.SimpleQueue()
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                if not waiting:
                    return
                topic = waiting.pop(0)
            try:
                folder = topic_folder(files or {}, topic, submission)
                finished.put(grade_topic(topic, folder, limits))
            except BaseException as error:  # grade_topic returns a result whatever happens
                finished.put(error)

    for _worker in range(min(max(1, jobs), len(topics))):
        threading.Thread(target=work, daemon=True).start()
    early: list[TopicResult | BaseException] = []
    if while_waiting is not None:
        # Not at once: the workers' few steps before their child starts would wait for it.
        with contextlib.suppress(queue.Empty):
            early.append(finished.get(timeout=QUIET_START))
        while_waiting()
    results: dict[str, TopicResult] = {}
    for done in range(1, len(topics) + 1):
        result = early.pop() if early else finished.get()
        if isinstance(result, BaseException):
            raise result
        results[result.topic.stem] = result
        if on_result is not None:
            on_result(done, result)
    return [results[topic.stem] for topic in topics]


def longest_first(topics: list[Topic]) -> list[Topic]:
    """The topics in the order to start them: those whose code starts processes first (their
    suites wait on the real clock longest), then the longest suites."""

    def weight(topic: Topic) -> tuple[bool, int]:
        try:
            size = topic.test_file.stat().st_size
        except OSError:
            size = 0
        return (topic.processes, size)

    return sorted(topics, key=weight, reverse=True)
