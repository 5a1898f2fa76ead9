"""Every async function of the learner's is held to the course's rules by some test.

A topic whose statement states a rule (``grader/inside/rules.py``) promises it for each of
its ``async`` functions: cancelled while it waits, it ends cancelled (``cancelled``) and
leaves no task of its own running (``left-running``); it sets no deadline of its own
(``limits``). For each function and rule, the reference solution with
that function alone breaking the rule (``grader/rule_mutants.py``) is graded, and must fail
exactly the function's task. A mutant that passes names a function no test holds to the
rule: its task needs a check that names the rule's key (``checks=("cancelled",)``:
``running.check_cancelled_while_waiting``; ``checks=("limits",)``: a wait of more than an
hour, ``running.as_long_as_it_takes``, or a deadline spy, ``spies.deadlines_set``).
"""

from __future__ import annotations

import pytest
from submissions import SOLUTIONS, graded_known

from grader.catalog import load_catalog
from grader.grading.zygote import warm
from grader.rule_mutants import (
    BREAKING,
    EXEMPT,
    RULES,
    async_functions,
    breaking_source,
    exempt,
    rule_mutants,
    states,
)
from grader.variants import known_submissions

TOPICS = load_catalog()
SOURCES = {topic.stem: (SOLUTIONS / topic.filename).read_text(encoding="utf-8") for topic in TOPICS}
REMEDY = {
    "cancelled": "a test that cancels it while it waits (running.check_cancelled_while_waiting)",
    "limits": "a test in which its work takes more than an hour (running.as_long_as_it_takes), "
    "or a deadline spy (spies.deadlines_set)",
    "left-running": "a test that cancels it while it waits (running.check_cancelled_while_waiting)",
}

MUTANTS = [
    pytest.param(topic, mutant, id=f"{topic.stem}-{mutant.function.name}-{mutant.rule}")
    for topic in TOPICS
    for mutant in rule_mutants(topic, SOURCES[topic.stem])
]
EXEMPT_FUNCTIONS = [
    pytest.param(topic, function, rule, id=f"{topic.stem}-{function.name}-{rule}")
    for topic in TOPICS
    for rule in RULES
    for function in async_functions(SOURCES[topic.stem])
    if exempt(rule, topic, function) is not None
]


def test_every_rule_has_mutants_wherever_a_statement_states_it():
    assert set(BREAKING) == set(RULES) == set(EXEMPT) == set(REMEDY)
    waiting = {
        topic.stem
        for topic in TOPICS
        if any(function.waits for function in async_functions(SOURCES[topic.stem]))
    }
    for rule, text in RULES.items():
        stating = {stem for stem in waiting if states(SOURCES[stem], text)}
        assert len(stating) >= 10, rule
        assert {p.values[0].stem for p in MUTANTS if p.values[1].rule == rule} == stating


def test_every_exemption_names_an_async_function_that_awaits():
    for rule, exemptions in EXEMPT.items():
        named = {
            f"{p.values[0].stem}/{p.values[1].name}"
            for p in EXEMPT_FUNCTIONS
            if p.values[2] == rule
        }
        assert sorted(set(exemptions) - named) == [], rule
    assert all(param.values[1].waits for param in EXEMPT_FUNCTIONS)


def test_a_mutant_breaks_its_rule_in_its_function_alone():
    source = SOURCES["13_async_iteration"]
    functions = [f.name for f in async_functions(source)]
    cancelled = breaking_source(source, "Countdown.__anext__", "cancelled")
    assert cancelled.count("CancelledError:\n            return\n") == 1
    limited = breaking_source(source, "Countdown.__anext__", "limits")
    assert limited.count(".timeout(3600.0):") == 1
    leaving = breaking_source(source, "Countdown.__anext__", "left-running")
    assert leaving.count(".ensure_future(") == 1
    for mutant in (cancelled, limited, leaving):
        assert [f.name for f in async_functions(mutant)] == functions
    with pytest.raises(LookupError):
        breaking_source(source, "no_such_function", "cancelled")


def test_the_soak_holds_the_rule_mutants_to_their_tasks():
    topic = next(topic for topic in TOPICS if topic.stem == "07_waiting_for_many")
    endings = tuple(f" {rule}" for rule in RULES)
    known = [k for k in known_submissions([topic], mutants=True) if k.name.endswith(endings)]
    expected = rule_mutants(topic, SOURCES[topic.stem])
    assert {k.rule for k in expected} == set(RULES)
    assert [k.source for k in known] == [mutant.source for mutant in expected]
    assert [k.fails for k in known] == [{mutant.function.task} for mutant in expected]
    assert not any(k.mutant for k in known)  # exactly their task, not "at least"
    assert not [k for k in known_submissions([topic]) if k.name.endswith(endings)]


@pytest.fixture
def forked(grading_zygote):
    with warm(grading_zygote):
        yield


def failed_tasks(topic, source, folder) -> set[int]:
    result = graded_known(topic, source, folder)
    assert not result.problem, result.problem
    return {task.task.number for task in result.tasks if task.status == "failed"}


@pytest.mark.once_per_run
@pytest.mark.parametrize(("topic", "mutant"), MUTANTS)
def test_a_function_that_breaks_a_rule_fails_its_task(topic, mutant, tmp_path, forked):
    failed = failed_tasks(topic, mutant.source, tmp_path)
    name, task = mutant.function.name, mutant.function.task
    assert failed == {task}, (
        f"{name}, breaking the rule {mutant.rule!r}, fails tasks {sorted(failed)}, not task "
        f"{task} alone: give task {task} {REMEDY[mutant.rule]}, with "
        f"checks=({mutant.rule!r},)"
    )


@pytest.mark.once_per_run
@pytest.mark.parametrize(("topic", "function", "rule"), EXEMPT_FUNCTIONS)
def test_an_exempt_function_still_cannot_be_told(topic, function, rule, tmp_path, forked):
    source = breaking_source(SOURCES[topic.stem], function.name, rule)
    assert failed_tasks(topic, source, tmp_path) == set(), (
        f"{function.name} is exempt from {rule!r} ({exempt(rule, topic, function)}), yet a "
        "test now catches its mutant: take it out of grader.rule_mutants.EXEMPT"
    )
