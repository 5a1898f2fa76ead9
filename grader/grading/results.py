"""Write grades as Gradescope's ``results.json``."""

from __future__ import annotations

import json
from pathlib import Path

from grader.grading.runner import TopicResult


def results_document(results: list[TopicResult], execution_time: float) -> dict:
    """One entry per task; the top-level score is the sum of the tasks' scores."""
    tests = []
    for topic_result in results:
        for task_result in topic_result.tasks:
            task = task_result.task
            entry = {
                "name": f"{task.label} {task.title}",
                "number": task.label,
                "score": task_result.score,
                "max_score": 0 if task_result.status == "skipped" else task.points,
                "status": "passed" if task_result.status == "passed" else "failed",
                "output": task_result.message,
                "tags": [task.topic],
                "visibility": "visible",
            }
            tests.append(entry)
    score = sum(entry["score"] for entry in tests)
    max_score = sum(entry["max_score"] for entry in tests)
    return {
        "score": score,
        "execution_time": round(execution_time, 3),
        "output": f"{score} of {max_score} points.",
        "tests": tests,
    }


def classroom_document(results: list[TopicResult]) -> dict:
    """The same grades in GitHub Classroom's format (version 3, as its Python grader writes)."""
    tests = []
    for topic_result in results:
        for task_result in topic_result.tasks:
            if task_result.status == "skipped":
                continue
            task = task_result.task
            tests.append(
                {
                    "name": f"{task.label} {task.title}",
                    "status": "pass" if task_result.status == "passed" else "fail",
                    "score": task_result.score,
                    "message": task_result.message,
                    "test_code": f"python -m grader {task.topic[:2]}",
                    "filename": f"{task.topic}.py",
                    "line_no": 0,
                    "duration": round(topic_result.duration, 3),
                }
            )
    failed = any(test["status"] != "pass" for test in tests)
    return {
        "version": 3,
        "status": "fail" if failed else "pass",
        "message": f"{sum(t['score'] for t in tests)} of "
        f"{sum(r.max_score for r in results)} points.",
        "max_score": sum(result.max_score for result in results),
        "tests": tests,
    }


def write_results(path: Path, document: dict) -> None:
    """Write the file whole, through a temporary name, so it is never left half written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    partial.replace(path)
