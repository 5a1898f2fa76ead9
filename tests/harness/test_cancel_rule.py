"""Every async function of the learner's is held to the cancellation rule by some test.

The rule (``rules.CANCELLED``) is in the statement of every topic with async tests, so it
must hold for each of the topic's ``async`` functions: cancelled while it waits, it ends
cancelled. For each one, the reference solution with that function alone returning when it
is cancelled (``grader.variants.swallowing_source``) is graded, and must fail exactly the
function's task. A function no test cancels while it waits lets such a mutant pass: its task
needs a probe, ``running.check_cancelled_while_waiting``, naming the rule
(``checks=("cancelled",)``).
"""

from __future__ import annotations

import pytest
from submissions import SOLUTIONS, states

from grader.catalog import load_catalog
from grader.grading.runner import Limits, grade_topic
from grader.grading.zygote import warm
from grader.inside.rules import CANCELLED
from grader.variants import async_functions, swallowing_source

TOPICS = [topic for topic in load_catalog() if states(SOLUTIONS / topic.filename, CANCELLED)]
FORKED = Limits(confine="never")

# Functions whose body no cancellation can reach while it waits: each says why. The test
# below proves each entry still needed (its mutant passes), so the list only shrinks.
NOTHING_TO_CANCEL: dict[str, str] = {}


def cancellable(topic) -> list:
    source = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
    return [function for function in async_functions(source) if function.waits]


MUTANTS = [
    pytest.param(topic, function, id=f"{topic.stem}-{function.name}")
    for topic in TOPICS
    for function in cancellable(topic)
]


def test_the_mutants_cover_every_topic_that_states_the_rule():
    assert len(TOPICS) >= 10
    covered = {param.values[0].stem for param in MUTANTS}
    assert covered == {topic.stem for topic in TOPICS}


def test_every_exemption_names_an_async_function_of_its_topic():
    names = {f"{topic.stem}/{function.name}" for topic in TOPICS for function in cancellable(topic)}
    assert sorted(set(NOTHING_TO_CANCEL) - names) == []


@pytest.fixture
def forked(grading_zygote):
    with warm(grading_zygote):
        yield


@pytest.mark.once_per_run
@pytest.mark.parametrize(("topic", "function"), MUTANTS)
def test_a_function_that_keeps_its_cancellation_fails_its_task(topic, function, tmp_path, forked):
    source = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
    (tmp_path / topic.filename).write_text(swallowing_source(source, function.name), "utf-8")
    result = grade_topic(topic, tmp_path, FORKED)
    assert not result.problem, result.problem
    failed = {task.task.number for task in result.tasks if task.status == "failed"}
    exempt = NOTHING_TO_CANCEL.get(f"{topic.stem}/{function.name}")
    if exempt is not None:
        assert failed == set(), f"{function.name} is exempt ({exempt}), yet its mutant fails"
        return
    assert failed == {function.task}, (
        f"{function.name} returns when it is cancelled, and that fails tasks {sorted(failed)}, "
        f"not task {function.task} alone: give task {function.task} a test that cancels it "
        "while it waits (running.check_cancelled_while_waiting, checks=('cancelled',))"
    )
