"""Grade a whole class: every submission folder in a directory, into a gradebook.

Each student's topics are graded in their own processes, like any other grade, all students
sharing one pool of workers; a broken submission costs only its own points. The results are
a CSV gradebook (student, one column per topic, total) and one Gradescope-style results
file per student.
"""

from __future__ import annotations

import csv
import sys
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from grader.catalog import Topic
from grader.grading.results import results_document, write_results
from grader.grading.runner import Limits, TopicResult, grade_topic
from grader.grading.submission import find_topic_files, topic_folder
from grader.i18n import _


def student_folders(class_dir: Path) -> list[Path]:
    """The submission folders in ``class_dir``, by name; hidden folders are skipped."""
    return sorted(
        path for path in class_dir.iterdir() if path.is_dir() and not path.name.startswith(".")
    )


def grade_class(
    class_dir: Path, topics: list[Topic], out_dir: Path, *, jobs: int, limits: Limits
) -> Path:
    """Grade every student folder; write ``gradebook.csv`` and ``<student>.json`` to ``out_dir``."""
    students = student_folders(class_dir)
    if not students:
        raise ValueError(_("there are no submission folders in {folder}").format(folder=class_dir))
    grading = _("Grading {count} submission(s) in {folder} ...")
    print(grading.format(count=len(students), folder=class_dir), file=sys.stderr)
    started = {student.name: time.perf_counter() for student in students}
    results: dict[str, dict[str, TopicResult]] = defaultdict(dict)
    documents: dict[str, dict] = {}
    out_dir.mkdir(parents=True, exist_ok=True)
    found = {student.name: find_topic_files(student.resolve(), topics) for student in students}
    for name, (_files, notes) in found.items():
        for note in notes:
            print(f"{name}: {note}", file=sys.stderr)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {
            pool.submit(
                grade_topic, topic, topic_folder(found[s.name][0], topic, s.resolve()), limits
            ): s.name
            for s in students
            for topic in topics
        }
        finished = 0
        for future in as_completed(futures):
            name = futures[future]
            result = future.result()
            results[name][result.topic.stem] = result
            if len(results[name]) == len(topics):
                finished += 1
                ordered = [results[name][topic.stem] for topic in topics]
                elapsed = time.perf_counter() - started[name]
                documents[name] = results_document(ordered, elapsed, found[name][1])
                score = sum(r.score for r in ordered)
                top = sum(r.max_score for r in ordered)
                print(f"[{finished}/{len(students)}] {name}: {score}/{top}", file=sys.stderr)
    # Written once every run is over, by this process only: no run can touch them.
    for name, document in documents.items():
        write_results(out_dir / f"{name}.json", document)
    gradebook = out_dir / "gradebook.csv"
    write_gradebook(gradebook, topics, {s.name: results[s.name] for s in students})
    return gradebook


def write_gradebook(
    path: Path, topics: list[Topic], results: dict[str, dict[str, TopicResult]]
) -> None:
    """One row per student: their score in each topic, the total and the maximum, then what
    was flagged for review (``04_async_await: ...``; empty when nothing was)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        # TRANSLATORS: the gradebook's column names (one word each, as a spreadsheet shows them)
        names = (_("student"), _("total"), _("max_total"), _("review"))
        header = [names[0], *(topic.stem for topic in topics), *names[1:]]
        writer.writerow(header)
        for student, by_topic in results.items():
            scores = [by_topic[topic.stem].score for topic in topics]
            top = sum(by_topic[topic.stem].max_score for topic in topics)
            review = " | ".join(
                f"{topic.stem}: {'; '.join(by_topic[topic.stem].review)}"
                for topic in topics
                if by_topic[topic.stem].review
            )
            writer.writerow([student, *scores, sum(scores), top, review])
