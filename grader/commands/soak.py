"""``python -m grader.commands.soak``: grade the solutions again and again beside CPU burners.

Any run that is not 100% is reported with the tasks that failed and why: a timing check
that flakes on a loaded machine shows up here before it shows up in a learner's grade.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from grader.catalog import ROOT, load_catalog, select_topics
from grader.commands.cli import grade_all

BURN = "while True: pass"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nox -s soak --", description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*", metavar="TOPIC", help="only these topics")
    parser.add_argument("--runs", type=int, default=20, help="how many full grades (20)")
    parser.add_argument("--burners", type=int, default=2, help="CPU-burning processes (2)")
    parser.add_argument("--submission", default="solutions", help="folder to grade")
    args = parser.parse_args(argv)

    topics = select_topics(load_catalog(), args.topics)
    submission = (ROOT / args.submission).resolve()
    burners = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(args.burners)]
    bad_runs = 0
    try:
        print(f"Soak: {args.runs} grades of {args.submission}/ beside {args.burners} CPU burners")
        for run in range(1, args.runs + 1):
            started = time.perf_counter()
            results = grade_all(topics, submission)
            failed = [t for result in results for t in result.tasks if t.status == "failed"]
            verdict = "100%" if not failed else f"{len(failed)} task(s) failed"
            print(f"  run {run:>3}: {verdict:<20} {time.perf_counter() - started:6.2f} s")
            for task_result in failed:
                bad_runs += task_result is failed[0]
                first_line = task_result.message.splitlines()[-1] if task_result.message else ""
                print(f"      {task_result.task.label} {task_result.task.title}: {first_line}")
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    print(f"\n{bad_runs} of {args.runs} runs were not 100%.")
    return 1 if bad_runs else 0


if __name__ == "__main__":
    raise SystemExit(main())
