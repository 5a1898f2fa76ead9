"""Write grades as Gradescope's ``results.json``."""

from __future__ import annotations

import json
from pathlib import Path

from grader.runner import TopicResult


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


def write_results(path: Path, document: dict) -> None:
    """Write the file whole, through a temporary name, so it is never left half written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    partial.replace(path)
