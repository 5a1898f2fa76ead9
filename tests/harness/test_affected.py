"""The harness runs a variant's or mutant's tests that reach what it changes, and only those
(``grader/affected.py``, ``grader/inside/reach.py``, ``submissions.graded_known``)."""

from __future__ import annotations

import sys

import pytest
from submissions import FORKED, SOLUTIONS, graded_known, reference_reach

from grader.affected import affected_tests, changed_names
from grader.catalog import load_catalog
from grader.grading.runner import grade_topic
from grader.grading.zygote import warm
from grader.rule_mutants import async_functions
from grader.variants import all_variants, expected_failures, variant_source

TOPICS = {topic.stem: topic for topic in load_catalog()}
REFERENCE = "import asyncio\n\n\nclass Fetcher:\n    pass\n\n\ndef f():\n    return 1\n\n\nX = 1\n"
needs_monitoring = pytest.mark.skipif(
    sys.version_info < (3, 12), reason="the reach is recorded with sys.monitoring (3.12)"
)


@pytest.mark.parametrize(
    ("appended", "changed"),
    [
        ("def f():\n    return 2\n", {"f"}),
        ("def f():\n    return 1\n", set()),  # the same definition again
        ("X = 1\n", set()),
        ("Y: int = 2\n", {"Y"}),
        ("def g():\n    pass\nFetcher.run = g\n", {"g", "Fetcher"}),
        ("import json\n", {"json"}),
        ("asyncio.sleep = f\n", None),  # what the tests use too
        ("print('hi')\n", None),
        ("if True:\n    X = 2\n", None),
        ("Fetcher.table['a'] = 1\n", None),
    ],
)
def test_a_change_is_the_top_level_names_it_binds_otherwise(appended, changed):
    assert changed_names(REFERENCE, REFERENCE + appended) == changed


def test_only_the_tests_that_reached_a_changed_name_are_chosen():
    reach = {"test_a": frozenset({"f", "asyncio"}), "test_b": frozenset({"Fetcher"})}
    assert affected_tests(reach, REFERENCE, REFERENCE + "def f():\n    pass\n") == ["test_a"]
    declared = REFERENCE + "def f():\n    pass\nFAILS = {1}\nBREAKS = 'x'\n"
    assert affected_tests(reach, REFERENCE, declared) == ["test_a"]
    # All of them: a change the tests do not reach proves nothing, one that is not a binding
    # may reach anything.
    assert affected_tests(reach, REFERENCE, REFERENCE + "def h():\n    pass\n") is None
    assert affected_tests(reach, REFERENCE, REFERENCE + "print(1)\n") is None


@pytest.fixture
def forked(grading_zygote):
    with warm(grading_zygote):
        yield


@needs_monitoring
@pytest.mark.parametrize("stem", ["04_async_await", "17_capstone"])
def test_each_function_is_reached_by_the_tests_of_its_task(stem, forked):
    topic = TOPICS[stem]
    reach = reference_reach(topic)
    assert reach is not None
    for function in async_functions((SOLUTIONS / topic.filename).read_text(encoding="utf-8")):
        owner = function.name.partition(".")[0]
        reaching = {reach.tasks[test] for test, names in reach.names.items() if owner in names}
        assert function.task in reaching, f"no test of task {function.task} reached {owner}"
    # and not everything everywhere: most tests leave part of the module alone (the one
    # that imports it reaches all its top-level code)
    everything = set().union(*reach.names.values())
    partial = [test for test, names in reach.names.items() if names < everything]
    assert len(partial) > len(reach.names) / 2, f"{len(partial)} of {len(reach.names)}"


def chosen_variants() -> list:
    """A variant of each topic that fails a task and that not all the tests reach."""
    chosen = []
    for stem, topic in TOPICS.items():
        reference = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
        for variant in all_variants():
            if variant.parent.name == stem and expected_failures(variant):
                changed = changed_names(reference, variant_source(variant))
                if changed:
                    chosen.append(pytest.param(topic, variant, id=f"{stem}-{variant.stem}"))
                    break
    return chosen


@needs_monitoring
@pytest.mark.once_per_run
@pytest.mark.parametrize(("topic", "variant"), chosen_variants())
def test_the_tests_left_out_pass_on_the_variant_as_on_the_reference(
    topic, variant, tmp_path, forked
):
    """What a run of the chosen tests says is what the whole suite says, and the tasks it
    leaves out pass."""
    source = variant_source(variant)
    chosen = graded_known(topic, source, tmp_path)
    whole = grade_topic(topic, tmp_path, FORKED)
    assert not whole.problem, whole.problem
    statuses = {task.task.number: task.status for task in whole.tasks}
    assert {task.task.number: task.status for task in chosen.tasks}.items() <= statuses.items()
    left_out = statuses.keys() - {task.task.number for task in chosen.tasks}
    assert left_out, "every task was run: choose a variant that not all tests reach"
    assert all(statuses[number] == "passed" for number in left_out)
    assert {n for n, status in statuses.items() if status == "failed"} == expected_failures(variant)
