"""Every async function of the learner's is held to the cancellation rule by some test.

The rule (``rules.CANCELLED``) is in the statement of every topic with async tests, so it
must hold for each of the topic's ``async`` functions: cancelled while it waits, it ends
cancelled. For each one, the reference solution with that function alone returning when it
is cancelled (``grader.variants.cancellation_mutants``) is graded, and must fail exactly the
function's task. A function no test cancels while it waits lets such a mutant pass: its task
needs a probe, ``running.check_cancelled_while_waiting``, naming the rule
(``checks=("cancelled",)``).
"""

from __future__ import annotations

import pytest
from submissions import SOLUTIONS

from grader.catalog import load_catalog
from grader.grading.runner import Limits, grade_topic
from grader.grading.zygote import warm
from grader.inside.rules import CANCELLED
from grader.variants import (
    NOTHING_TO_CANCEL,
    async_functions,
    cancellation_mutants,
    known_submissions,
    states,
    swallowing_source,
)

CATALOG = load_catalog()
SOURCES = {
    topic.stem: (SOLUTIONS / topic.filename).read_text(encoding="utf-8") for topic in CATALOG
}
TOPICS = [topic for topic in CATALOG if states(SOURCES[topic.stem], CANCELLED)]
FORKED = Limits(confine="never")

MUTANTS = [
    pytest.param(topic, function, source, id=f"{topic.stem}-{function.name}")
    for topic in TOPICS
    for function, source in cancellation_mutants(topic, SOURCES[topic.stem])
]
EXEMPT = [
    pytest.param(topic, function, id=f"{topic.stem}-{function.name}")
    for topic in TOPICS
    for function in async_functions(SOURCES[topic.stem])
    if f"{topic.stem}/{function.name}" in NOTHING_TO_CANCEL
]


def test_every_topic_that_states_the_rule_has_cancellation_mutants():
    assert len(TOPICS) >= 10
    assert {param.values[0].stem for param in MUTANTS} == {topic.stem for topic in TOPICS}


def test_every_exemption_names_an_async_function_that_awaits():
    named = {param.values[0].stem + "/" + param.values[1].name for param in EXEMPT}
    assert sorted(set(NOTHING_TO_CANCEL) - named) == []
    assert all(param.values[1].waits for param in EXEMPT)


def test_a_mutant_returns_when_cancelled_and_keeps_the_rest():
    source = SOURCES["13_async_iteration"]
    function = next(f for f in async_functions(source) if f.name == "Countdown.__anext__")
    mutant = swallowing_source(source, function.name)
    assert mutant.count("CancelledError:\n            return\n") == 1
    assert [f.name for f in async_functions(mutant)] == [f.name for f in async_functions(source)]
    with pytest.raises(LookupError):
        swallowing_source(source, "no_such_function")


def test_the_soak_holds_the_cancellation_mutants_to_their_tasks():
    topic = next(topic for topic in TOPICS if topic.stem == "07_waiting_for_many")
    known = [k for k in known_submissions([topic], mutants=True) if k.name.endswith(" cancelled")]
    expected = cancellation_mutants(topic, SOURCES[topic.stem])
    assert [k.source for k in known] == [source for _function, source in expected]
    assert [k.fails for k in known] == [{function.task} for function, _source in expected]
    assert not any(k.mutant for k in known)  # exactly their task, not "at least"
    assert not [k for k in known_submissions([topic]) if k.name.endswith(" cancelled")]


@pytest.fixture
def forked(grading_zygote):
    with warm(grading_zygote):
        yield


def failed_tasks(topic, source, folder) -> set[int]:
    (folder / topic.filename).write_text(source, encoding="utf-8")
    result = grade_topic(topic, folder, FORKED)
    assert not result.problem, result.problem
    return {task.task.number for task in result.tasks if task.status == "failed"}


@pytest.mark.once_per_run
@pytest.mark.parametrize(("topic", "function", "source"), MUTANTS)
def test_a_function_that_keeps_its_cancellation_fails_its_task(
    topic, function, source, tmp_path, forked
):
    failed = failed_tasks(topic, source, tmp_path)
    assert failed == {function.task}, (
        f"{function.name} returns when it is cancelled, and that fails tasks {sorted(failed)}, "
        f"not task {function.task} alone: give task {function.task} a test that cancels it "
        "while it waits (running.check_cancelled_while_waiting, checks=('cancelled',))"
    )


@pytest.mark.once_per_run
@pytest.mark.parametrize(("topic", "function"), EXEMPT)
def test_an_exempt_function_still_has_nothing_to_cancel(topic, function, tmp_path, forked):
    source = swallowing_source(SOURCES[topic.stem], function.name)
    reason = NOTHING_TO_CANCEL[f"{topic.stem}/{function.name}"]
    assert failed_tasks(topic, source, tmp_path) == set(), (
        f"{function.name} is exempt ({reason}), yet a test now catches its mutant: "
        "take it out of grader.variants.NOTHING_TO_CANCEL"
    )
