"""``python -m grader.commands.bench``: how long a full grade takes, in total and per topic.

It grades a folder (the solutions by default) once to warm up, then ``--runs`` times, and
prints the median figures. The target, once all seventeen topics exist: under 10 s warm on
a 2-core machine. Then it grades a few topics alone, confined and unconfined, one at a time,
and prints what the confinement (bwrap or unshare) costs each.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from grader.catalog import ROOT, Topic, load_catalog, select_topics
from grader.commands.cli import DEFAULT_JOBS, grade_all
from grader.grading.confine import MODES, choose_tool
from grader.grading.runner import Limits, grade_topic

COST_TOPICS = ["01", "04", "12"]  # quick topics: the confinement's share shows best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nox -s bench --", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs after the warm-up")
    parser.add_argument("--submission", default="solutions", help="folder to grade")
    parser.add_argument("--jobs", type=int, default=DEFAULT_JOBS)
    parser.add_argument("--confine", choices=MODES, default="auto", help="for the full grade")
    parser.add_argument(
        "--cost-topics", nargs="*", default=COST_TOPICS, metavar="TOPIC",
        help="topics graded alone, confined and not, to show the confinement's cost",
    )  # fmt: skip
    args = parser.parse_args(argv)
    limits = Limits(confine=args.confine)

    topics = load_catalog()
    submission = (ROOT / args.submission).resolve()
    print(
        f"Benchmark: full grade of {args.submission}/ ({len(topics)} topics, "
        f"{args.jobs} at once, confined with {choose_tool(args.confine) or 'nothing'}), "
        f"{args.runs} runs after one warm-up run"
    )
    grade_all(topics, submission, jobs=args.jobs, limits=limits)
    totals, per_topic = [], {topic.stem: [] for topic in topics}
    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        results = grade_all(topics, submission, jobs=args.jobs, limits=limits)
        totals.append(time.perf_counter() - started)
        for result in results:
            per_topic[result.topic.stem].append((result.duration, result.test_time))
        print(f"  run {run}: {totals[-1]:.2f} s")
    print(
        f"\nTotal, median of {args.runs}: {statistics.median(totals):.2f} s "
        f"(fastest {min(totals):.2f} s, slowest {max(totals):.2f} s)\n"
    )
    print(f"  {'topic':<32} {'process':>9} {'in tests':>9}")
    for topic in topics:
        process = statistics.median(d for d, _ in per_topic[topic.stem])
        tests = statistics.median(t for _, t in per_topic[topic.stem])
        print(f"  {topic.stem:<32} {process:>8.2f}s {tests:>8.2f}s")
    print(
        "\n'process' is the topic's whole child process (Python and pytest start-up "
        "included); 'in tests' is the time spent inside its tests."
    )
    if args.cost_topics and choose_tool("auto"):
        print_confinement_cost(select_topics(topics, args.cost_topics), submission, args.runs)
    return 0


def print_confinement_cost(topics: list[Topic], submission: Path, runs: int) -> None:
    """Each topic graded alone, ``runs`` times each way: the median cost of confining it."""
    print(f"\nConfinement's cost ({choose_tool('auto')}), each topic alone, median of {runs}:\n")
    print(f"  {'topic':<32} {'confined':>9} {'not':>9} {'cost':>9}")
    for topic in topics:
        times = {}
        for mode in ("always", "never"):
            grade_topic(topic, submission, Limits(confine=mode))  # warm-up
            times[mode] = statistics.median(
                grade_topic(topic, submission, Limits(confine=mode)).duration for _ in range(runs)
            )
        cost = times["always"] - times["never"]
        print(f"  {topic.stem:<32} {times['always']:>8.2f}s {times['never']:>8.2f}s {cost:>+8.2f}s")


if __name__ == "__main__":
    raise SystemExit(main())
