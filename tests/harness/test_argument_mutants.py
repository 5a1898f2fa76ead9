"""Every number a function is given is one the tests tell from a number written into the
code: the argument mutants (``grader/argument_mutants.py``) each fail their function's task."""

from __future__ import annotations

import sys

import pytest
from submissions import EXERCISES, SOLUTIONS, graded_known, reference_reach

from grader.argument_mutants import (
    EXEMPT,
    UNTOLD,
    argument_mutants,
    fixed_source,
    parameters,
)
from grader.catalog import load_catalog
from grader.grading.zygote import warm

TOPICS = load_catalog()
SOURCES = {topic.stem: (SOLUTIONS / topic.filename).read_text(encoding="utf-8") for topic in TOPICS}
PARAMETERS = [
    pytest.param(topic, function, parameter, task, id=f"{topic.stem}-{function}-{parameter}")
    for topic in TOPICS
    for function, parameter, task in parameters(
        topic.stem, SOURCES[topic.stem], (EXERCISES / topic.filename).read_text(encoding="utf-8")
    )
]


def test_a_mutant_starts_its_function_with_the_number():
    source = "def f(a, b=2):\n    '''Doc.'''\n    return a + b\n"
    fixed = fixed_source(source, "f", "b", 5)
    scope: dict = {}
    exec(fixed, scope)
    assert scope["f"](1, 100) == 6
    assert scope["f"].__doc__ == "Doc."


@pytest.fixture
def forked(grading_zygote):
    with warm(grading_zygote):
        yield


@pytest.mark.skipif(sys.version_info < (3, 12), reason="numbers are recorded with sys.monitoring")
@pytest.mark.once_per_run
@pytest.mark.parametrize(("topic", "function", "parameter", "task"), PARAMETERS)
def test_a_number_written_into_the_code_fails_the_task(
    topic, function, parameter, task, tmp_path, forked
):
    reach = reference_reach(topic)
    assert reach is not None
    given = reach.arguments.get(f"{function}.{parameter}", frozenset())
    if not given:
        pytest.skip(f"the tests give {function}'s {parameter} no number")
    passing = []
    for mutant in argument_mutants(SOURCES[topic.stem], function, parameter, task, given):
        result = graded_known(topic, mutant.source, tmp_path)
        assert not result.problem, result.problem
        if all(t.status != "failed" for t in result.tasks if t.task.number == task):
            passing.append(mutant.value)
    if (topic.stem, f"{function}.{parameter}") in UNTOLD:
        assert passing, (
            f"every mutant of {function}'s {parameter} fails task {task} now: take it out of "
            "grader.argument_mutants.UNTOLD"
        )
        return
    assert not passing, (
        f"{function} with {parameter} fixed to {passing} (the tests give it "
        f"{sorted(given)}) passes task {task}: give it another value in a test that tells "
        f"the two apart, or exempt it in grader.argument_mutants.EXEMPT, saying why"
    )


@pytest.mark.parametrize(("stem", "key"), [*EXEMPT, *UNTOLD])
def test_every_exemption_names_a_parameter_of_a_function_the_stub_asks_for(stem, key):
    topic = next(topic for topic in TOPICS if topic.stem == stem)
    function, _, parameter = key.rpartition(".")
    stub = (EXERCISES / topic.filename).read_text(encoding="utf-8")
    assert (function, parameter) in {(f, p) for f, p, _ in parameters("", SOURCES[stem], stub)}, (
        f"{key} is no parameter of a function of {stem}'s stub"
    )
