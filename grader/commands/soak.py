"""``python -m grader.commands.soak``: grade every known submission again and again, loaded.

Each run grades the reference solutions and every variant (``--mutants``: the per-task and
rule mutants too) of the chosen topics beside CPU-burning processes, and compares
each verdict with the one it must have: nothing failed for a solution or a correct style,
exactly ``FAILS`` for a known-wrong variant. A timing check that flakes on a loaded machine shows
up here, as a changed verdict, before it shows up in a learner's grade.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from grader.catalog import load_catalog, select_topics
from grader.grading.runner import grade_topic
from grader.variants import Known, known_submissions

BURN = "while True: pass"
JOBS = 2 * (os.cpu_count() or 1)


def verdict(known: Known, folder: Path) -> frozenset[int]:
    """The tasks ``known`` failed this time, gated tasks left out of what it must fail."""
    (folder / known.topic.filename).write_text(known.source, encoding="utf-8")
    result = grade_topic(known.topic, folder)
    return frozenset(t.task.number for t in result.tasks if t.status == "failed")


def expected(known: Known) -> frozenset[int]:
    """What ``known`` must fail here: tasks this Python cannot grade are skipped instead."""
    here = sys.version_info[:2]
    skipped = {t.number for t in known.topic.tasks if t.min_python and here < t.min_python}
    return known.fails - skipped


def is_right(known: Known, failed: frozenset[int]) -> bool:
    """A mutant must fail its own task; anything else exactly the tasks it declares."""
    if known.mutant:
        return expected(known) <= failed
    return failed == expected(known)


def soak_run(knowns: list[Known], workdir: Path, jobs: int) -> dict[str, frozenset[int]]:
    """One grade of every submission, ``jobs`` at a time."""
    folders = [workdir / str(index) for index in range(len(knowns))]
    for folder in folders:
        folder.mkdir()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        failed = pool.map(verdict, knowns, folders)
        return {known.name: result for known, result in zip(knowns, failed, strict=True)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nox -s soak --", description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*", metavar="TOPIC", help="only these topics")
    parser.add_argument("--runs", type=int, default=20, help="how many rounds (20)")
    parser.add_argument("--burners", type=int, default=2, help="CPU-burning processes (2)")
    parser.add_argument(
        "--mutants", action="store_true", help="grade per-task and rule mutants too"
    )
    parser.add_argument("--no-variants", action="store_true", help="grade the solutions only")
    parser.add_argument("--jobs", type=int, default=JOBS, help=f"grades at once ({JOBS})")
    args = parser.parse_args(argv)

    topics = select_topics(load_catalog(), args.topics)
    knowns = known_submissions(topics, mutants=args.mutants)
    if args.no_variants:
        knowns = [known for known in knowns if known.name.endswith("/solution")]
    by_name = {known.name: known for known in knowns}
    seen: dict[str, set[frozenset[int]]] = defaultdict(set)
    wrong_runs = 0
    burners = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(args.burners)]
    try:
        print(
            f"Soak: {args.runs} rounds of {len(knowns)} submissions ({len(topics)} topics) "
            f"beside {args.burners} CPU burners"
        )
        for run in range(1, args.runs + 1):
            started = time.perf_counter()
            with tempfile.TemporaryDirectory(prefix="soak-") as workdir:
                verdicts = soak_run(knowns, Path(workdir), args.jobs)
            wrong = {n: f for n, f in verdicts.items() if not is_right(by_name[n], f)}
            for name, failed in verdicts.items():
                seen[name].add(failed)
            wrong_runs += bool(wrong)
            elapsed = time.perf_counter() - started
            print(f"  round {run:>3}: {len(wrong):>3} wrong verdict(s)   {elapsed:7.1f} s")
            for name, failed in sorted(wrong.items()):
                must = sorted(expected(by_name[name]))
                print(f"      {name}: failed {sorted(failed)}, must fail {must}")
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    changed = sorted(name for name, verdicts in seen.items() if len(verdicts) > 1)
    print(f"\n{wrong_runs} of {args.runs} rounds had a wrong verdict.")
    print(
        f"{len(changed)} submission(s) changed verdict between rounds" + (":" if changed else ".")
    )
    for name in changed:
        print(f"  {name}: " + "; ".join(str(sorted(v)) for v in sorted(seen[name], key=sorted)))
    return 1 if wrong_runs or changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
