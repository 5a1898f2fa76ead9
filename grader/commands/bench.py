"""``python -m grader.commands.bench``: how long grading takes, for a learner and in full.

It times one topic as a learner grades it (``python -m grader 01``, a new process each
time, Python's start-up and the report included), then a full grade of a folder (the
solutions by default), each once to warm up and then ``--runs`` times, and prints the
median figures, each beside its target (on a 2-core machine: one topic under 0.5 s, the full
grade under 3 s), met or missed. Then it grades a few topics alone, confined and unconfined,
one at a time, and prints what the confinement (bwrap or unshare) costs each. Other work on
the machine slows every figure: the load average is printed beside them, with a warning
when it was high.

``--tests`` times the project's own tests instead: the README's ``nox -s tests``, once,
with each session's figure as nox reports it (the target: under 5 minutes in all).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from grader.catalog import ROOT, Topic, load_catalog, select_topics
from grader.commands.cli import DEFAULT_JOBS, grade_all
from grader.grading.confine import MODES, choose_tool
from grader.grading.runner import Limits, grade_topic

LEARNER_TARGET, FULL_TARGET, TESTS_TARGET = 0.5, 3.0, 300.0  # seconds, on a 2-core machine
COST_TOPICS = ["01", "04", "12"]  # quick topics: the confinement's share shows best
LEARNER_TOPIC = "01"  # the first topic: what a newcomer grades first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nox -s bench --", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs after the warm-up")
    parser.add_argument("--submission", default="solutions", help="folder to grade")
    parser.add_argument("--jobs", type=int, default=DEFAULT_JOBS)
    parser.add_argument("--confine", choices=MODES, default="auto", help="for the full grade")
    parser.add_argument(
        "--topic", default=LEARNER_TOPIC, metavar="TOPIC",
        help="the topic graded alone with python -m grader, as a learner does",
    )  # fmt: skip
    parser.add_argument(
        "--cost-topics", nargs="*", default=COST_TOPICS, metavar="TOPIC",
        help="topics graded alone, confined and not, to show the confinement's cost",
    )  # fmt: skip
    parser.add_argument(
        "--tests", action="store_true", help="time `nox -s tests` instead (several minutes)"
    )
    args = parser.parse_args(argv)
    if args.tests:
        return print_tests_run()
    limits = Limits(confine=args.confine)

    topics = load_catalog()
    submission = (ROOT / args.submission).resolve()
    tool = choose_tool(args.confine) or "nothing"
    print(f"Benchmark on {os.cpu_count()} CPUs, load average {load_average()} at the start\n")
    print_learner_run(args.topic, submission, args.confine, args.runs)
    print(
        f"\nFull grade of {args.submission}/ ({len(topics)} topics, {args.jobs} at once, "
        f"confined with {tool}), {args.runs} runs after one warm-up run"
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
    median = statistics.median(totals)
    print(
        f"\nFull grade, median of {args.runs}: {median:.2f} s (fastest {min(totals):.2f} s, "
        f"slowest {max(totals):.2f} s; {against(median, FULL_TARGET)})\n"
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
    print(f"\nLoad average at the end: {load_average()}{busy_warning()}")
    return 0


def against(seconds: float, target: float) -> str:
    """A figure beside its target: met, or missed and by how much."""
    if seconds < target:
        return f"target under {target:g} s: met"
    return f"target under {target:g} s: MISSED by {seconds - target:.2f} s"


def busy_warning() -> str:
    """A warning when other work ran on the machine (a load average over half its CPUs in
    the last minute): every figure above is then slower than the machine is."""
    try:
        busy = os.getloadavg()[0] > (os.cpu_count() or 1) / 2
    except OSError:
        return ""
    return (
        " (the machine was busy with other work: the figures are slower than it is)" if busy else ""
    )


def print_learner_run(topic: str, submission: Path, confine: str, runs: int) -> None:
    """``python -m grader TOPIC`` in a new process, ``runs`` times after a warm-up."""
    command = [sys.executable, "-m", "grader", topic, "--submission", str(submission), "-q"]
    command += ["--confine", confine]
    print(f"One topic as a learner grades it: python -m grader {topic} (confine {confine})")
    times = [learner_run(command) for _ in range(runs + 1)][1:]
    median = statistics.median(times)
    print(
        f"  median of {runs}: {median:.2f} s (fastest {min(times):.2f} s, "
        f"slowest {max(times):.2f} s; {against(median, LEARNER_TARGET)})"
    )


def learner_run(command: list[str]) -> float:
    """Real time of one ``python -m grader`` run, from its start to its exit."""
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def test_command() -> list[str]:
    """The README's test command, ``pipx run nox -s tests``, with nox itself when it is here."""
    nox = shutil.which("nox")
    return [nox, "-s", "tests"] if nox else ["pipx", "run", "nox", "-s", "tests"]


def print_tests_run() -> int:
    """Run the project's tests once, as CI does; print their real time and nox's figures."""
    command = test_command()
    print(f"The project's tests: {' '.join(command[-3:])} (load average {load_average()})")
    started = time.perf_counter()
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    total = time.perf_counter() - started
    for line in (run.stdout + run.stderr).splitlines():
        if "Session tests" in line:
            print("  " + line.rpartition("nox > ")[2])
    verdict = "passed" if run.returncode == 0 else f"FAILED, exit status {run.returncode}"
    print(f"\nnox -s tests: {total:.0f} s in all ({verdict}; {against(total, TESTS_TARGET)})")
    print(f"Load average at the end: {load_average()}{busy_warning()}")
    return run.returncode


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def print_confinement_cost(topics: list[Topic], submission: Path, runs: int) -> None:
    """Each topic graded alone, ``runs`` times each way: the median cost of confining it."""
    print(f"\nConfinement's cost ({choose_tool('auto')}), each topic alone, median of {runs}:\n")
    print(f"  {'topic':<32} {'confined':>9} {'not':>9} {'cost':>9}")
    modes = ("always", "never")
    for topic in topics:
        times: dict[str, list[float]] = {mode: [] for mode in modes}
        for run in range(runs + 1):  # the two ways in turn, so the machine's load hits both
            for mode in modes:
                duration = grade_topic(topic, submission, Limits(confine=mode)).duration
                if run:  # the first is the warm-up
                    times[mode].append(duration)
        confined, unconfined = (statistics.median(times[mode]) for mode in modes)
        cost = confined - unconfined
        print(f"  {topic.stem:<32} {confined:>8.2f}s {unconfined:>8.2f}s {cost:>+8.2f}s")


if __name__ == "__main__":
    raise SystemExit(main())
