"""Where a learner is in the course: the first topic, in course order, that is not finished."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from grader.catalog import Topic
from grader.grading.runner import DEFAULT_LIMITS, Limits, TopicResult, grade_topic

# Topics graded at once while looking: a learner is usually near the start of what is left,
# so a small batch finds them without grading the whole course.
BATCH = max(2, os.cpu_count() or 1)


def finished(result: TopicResult) -> bool:
    """Every counted task of the topic passes."""
    return result.passed == len(result.counted)


def first_unfinished(
    topics: list[Topic],
    folder: Path,
    limits: Limits = DEFAULT_LIMITS,
    batch: int = BATCH,
    grade: Callable[[Topic], TopicResult] | None = None,
) -> tuple[list[TopicResult], TopicResult | None]:
    """Grade topics in course order, a batch at a time, until one is not finished.

    Returns the results graded so far and the first unfinished topic's result (None when
    every topic is finished). ``grade`` replaces ``grade_topic(topic, folder, limits)``.
    """
    grade = grade or (lambda topic: grade_topic(topic, folder, limits))
    graded: list[TopicResult] = []
    with ThreadPoolExecutor(max_workers=batch) as pool:
        for start in range(0, len(topics), batch):
            graded.extend(pool.map(grade, topics[start : start + batch]))
            for result in graded:
                if not finished(result):
                    return graded, result
    return graded, None
