"""Every task passes on the reference solutions and fails on the stubs, mutants and bad variants.

The solutions and stubs are graded as the grader grades (a new, confined test process);
the hundreds of mutants and variants unconfined, by test processes forked from a warm
zygote (``grader/grading/zygote.py``): the same pytest run, without half a second of
start-up each.
"""

from __future__ import annotations

import pytest
from submissions import (
    EXERCISES,
    SOLUTIONS,
    all_variants,
    expected_failures,
    mutant_source,
    variant_source,
)

from grader.catalog import load_catalog
from grader.grading.runner import Limits, grade_topic
from grader.grading.zygote import warm

TOPICS = load_catalog()
TOPIC_IDS = [topic.stem for topic in TOPICS]
FORKED = Limits(confine="never")  # only an unconfined run can be forked by the zygote


@pytest.fixture
def forked(grading_zygote):
    """This test's runs are forked by the worker's zygote."""
    with warm(grading_zygote):
        yield


def failures(result) -> dict[str, str]:
    return {task.task.label: task.message for task in result.tasks if task.status == "failed"}


@pytest.mark.every_python
@pytest.mark.parametrize("topic", TOPICS, ids=TOPIC_IDS)
def test_solution_passes_every_task(topic):
    result = grade_topic(topic, SOLUTIONS)
    assert not result.problem, result.problem
    assert failures(result) == {}
    assert result.score == result.max_score > 0
    assert result.review == [], "a reference solution is flagged for review"


@pytest.mark.every_python
@pytest.mark.parametrize("topic", TOPICS, ids=TOPIC_IDS)
def test_stub_fails_every_task(topic):
    result = grade_topic(topic, EXERCISES)
    assert not result.problem, result.problem
    passing = [task.task.label for task in result.counted if task.status == "passed"]
    assert passing == [], f"tasks that pass on the unmodified stub: {passing}"
    for task in result.counted:
        assert "while being imported" not in task.message, task.message
        assert "MISSING NAME" not in task.message, task.message


MUTANTS = [
    pytest.param(topic, task.number, id=f"{topic.stem}-task{task.number}")
    for topic in TOPICS
    for task in topic.tasks
]


@pytest.mark.once_per_run
@pytest.mark.parametrize(("topic", "number"), MUTANTS)
def test_task_fails_when_only_it_is_left_undone(topic, number, tmp_path, forked):
    source = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
    (tmp_path / topic.filename).write_text(mutant_source(source, number), encoding="utf-8")
    result = grade_topic(topic, tmp_path, FORKED)
    task = next(task for task in result.tasks if task.task.number == number)
    if task.status == "skipped":
        pytest.skip(task.message)
    assert task.status == "failed", f"task {task.task.label} still passes as its stub has it"


@pytest.mark.once_per_run
@pytest.mark.parametrize("variant", all_variants(), ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_variant_fails_exactly_the_declared_tasks(variant, tmp_path, forked):
    topic = next(topic for topic in TOPICS if topic.stem == variant.parent.name)
    (tmp_path / topic.filename).write_text(variant_source(variant), encoding="utf-8")
    result = grade_topic(topic, tmp_path, FORKED)
    assert not result.problem, result.problem
    skipped = {task.task.number for task in result.tasks if task.status == "skipped"}
    failed = {task.task.number for task in result.tasks if task.status == "failed"}
    assert failed == expected_failures(variant) - skipped, failures(result)
    if not expected_failures(variant):  # a correct solution in another style
        assert result.review == [], "a correct solution is flagged for review"
