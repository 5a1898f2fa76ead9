"""``python -m grader.commands.bench``: how long a full grade takes, in total and per topic.

It grades a folder (the solutions by default) once to warm up, then ``--runs`` times, and
prints the median figures. The target, once all seventeen topics exist: under 10 s warm on
a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import time

from grader.catalog import ROOT, load_catalog
from grader.commands.cli import DEFAULT_JOBS, grade_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nox -s bench --", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs after the warm-up")
    parser.add_argument("--submission", default="solutions", help="folder to grade")
    parser.add_argument("--jobs", type=int, default=DEFAULT_JOBS)
    args = parser.parse_args(argv)

    topics = load_catalog()
    submission = (ROOT / args.submission).resolve()
    print(
        f"Benchmark: full grade of {args.submission}/ ({len(topics)} topics, "
        f"{args.jobs} at once), {args.runs} runs after one warm-up run"
    )
    grade_all(topics, submission, jobs=args.jobs)
    totals, per_topic = [], {topic.stem: [] for topic in topics}
    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        results = grade_all(topics, submission, jobs=args.jobs)
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
