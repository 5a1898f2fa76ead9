"""Every task passes on the reference solutions and fails on the stubs, mutants and bad variants.

The solutions and stubs are graded as the grader grades (a new, confined test process);
the hundreds of mutants and variants unconfined, by test processes forked from a warm
zygote (``grader/grading/zygote.py``): the same pytest run, without half a second of
start-up each, and only its tests that reach what the variant changes
(``submissions.graded_known``).
"""

from __future__ import annotations

import pytest
from submissions import (
    EXERCISES,
    SOLUTIONS,
    all_variants,
    expected_failures,
    expected_hangs,
    graded_known,
    mutant_source,
    suite_checks,
    variant_breaks,
    variant_source,
)

from grader.catalog import ROOT, load_catalog
from grader.grading.runner import grade_topic
from grader.grading.zygote import warm
from grader.inside.messages import explain
from grader.inside.rules import ON_EVERY_TEST
from grader.inside.suite import GuardTimeout

TOPICS = load_catalog()
TOPIC_IDS = [topic.stem for topic in TOPICS]
# What the two messages that say only that time ran out hold (grader/inside/messages.py):
# the test's own guard ran out, or pytest-timeout stopped the test.
ONLY_TIME_RAN_OUT = (
    "It waits for something that never happens",
    "so the test was stopped",
)
MEANWHILE = "meanwhile the event loop reported"  # more: what went wrong while it waited


@pytest.fixture
def forked(grading_zygote):
    """This test's runs are forked by the worker's zygote."""
    with warm(grading_zygote):
        yield


def only_time_ran_out(message: str) -> bool:
    """Whether a failure message says no more than that the test ran out of time (what the
    event loop reported meanwhile is more)."""
    return MEANWHILE not in message and any(part in message for part in ONLY_TIME_RAN_OUT)


def test_only_time_ran_out_tells_the_graders_vague_messages_from_the_others():
    guard_ran_out = explain(GuardTimeout(5.0, virtual=False), None, None)
    assert only_time_ran_out(guard_ran_out)
    reported = explain(GuardTimeout(5.0, virtual=False, reported="TypeError: boom"), None, None)
    assert not only_time_ran_out(reported)
    assert not only_time_ran_out(explain(ValueError("wrong"), None, None))
    # pytest-timeout's stop needs a running test to be explained; its words are these:
    source = (ROOT / "grader" / "inside" / "messages.py").read_text(encoding="utf-8")
    assert ONLY_TIME_RAN_OUT[1] in source


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
    result = graded_known(topic, mutant_source(source, number), tmp_path)
    task = next((task for task in result.tasks if task.task.number == number), None)
    assert task is not None, f"no test of task {number} reaches what its stub changes"
    if task.status == "skipped":
        pytest.skip(task.message)
    assert task.status == "failed", f"task {task.task.label} still passes as its stub has it"


@pytest.mark.once_per_run
@pytest.mark.parametrize("variant", all_variants(), ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_variant_fails_exactly_the_declared_tasks(variant, tmp_path, forked):
    topic = next(topic for topic in TOPICS if topic.stem == variant.parent.name)
    result = graded_known(topic, variant_source(variant), tmp_path)
    assert not result.problem, result.problem
    skipped = {task.task.number for task in result.tasks if task.status == "skipped"}
    failed = {task.task.number for task in result.tasks if task.status == "failed"}
    assert failed == expected_failures(variant) - skipped, failures(result)
    vague = {
        label: message
        for label, message in failures(result).items()
        if int(label.split(".")[1]) not in expected_hangs(variant) and only_time_ran_out(message)
    }
    assert not vague, (
        f"{vague}: the message says only that time ran out. Give the suite a check that says "
        "what the code did and what was expected, or declare HANGS = {...} in the variant "
        "if hanging is the mistake."
    )
    if not expected_failures(variant):  # a correct solution in another style
        assert result.review == [], "a correct solution is flagged for review"
    key = variant_breaks(variant)
    deciding = [task for task in result.tasks if task.status == "failed"]
    if key is not None and deciding:
        # The first failing test decides the task (the later ones are not run): it must be a
        # check of the promise the variant says it breaks.
        test = deciding[0].test.split("::")[-1].split("[")[0]
        named = {check.name: check.promises for check in suite_checks(topic.test_file)}
        assert key in named.get(test, ()) or key in ON_EVERY_TEST, (
            f"{test} decided task {deciding[0].task.label}, and does not name {key!r}, which "
            f"the variant breaks: name it in that test's checks=(...) if the test enforces "
            "it, or give BREAKS the promise the variant does break"
        )
