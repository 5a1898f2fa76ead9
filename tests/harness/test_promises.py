"""Every promise a statement makes is enforced by a check and broken by a known-wrong variant.

Each suite lists its statement's promises, one line each, by task::

    PROMISES = {
        7: {
            "clean-drops-blank-lines": "clean drops empty and whitespace-only lines",
            ...
        },
    }

Each test names the promises it enforces (``@task(7, checks=("clean-drops-blank-lines",))``),
and at least one variant breaks each promise alone: ``BREAKS = "clean-drops-blank-lines"``
with ``FAILS = {7}``; test_reference.py proves it, as the test that decides the variant's
task (its first failing one) must name that promise. The grader enforces nothing the
statement does not promise: every test names at least one promise of its own task. A
variant that fails a single task says which promise it breaks; one that fails several (a
shared helper done wrong) need not.

A check may name a course rule its statement carries instead (``rules.PROMISE_KEYS``:
``checks=("cancelled",)``). The rule mutants break each rule for every async function
(tests/harness/test_rule_mutants.py); a variant that breaks one names it too.
"""

from __future__ import annotations

import pytest
from submissions import (
    SOLUTIONS,
    VARIANTS,
    expected_failures,
    suite_checks,
    suite_promises,
    variant_breaks,
)

from grader.catalog import load_catalog
from grader.inside.rules import PROMISE_KEYS, RULE_KEYS
from grader.rule_mutants import states

TOPICS = load_catalog()
TOPIC_IDS = [topic.stem for topic in TOPICS]


def promise_tasks(promises: dict[int, dict[str, str]]) -> dict[str, int]:
    return {key: number for number, keys in promises.items() for key in keys}


def rule_keys(topic) -> set[str]:
    """The rules' keys a check or a wrong variant of ``topic`` may name: those of the rules its
    statement states."""
    source = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
    return {key for key, rule in RULE_KEYS.items() if states(source, rule)}


@pytest.mark.parametrize("topic", TOPICS, ids=TOPIC_IDS)
def test_every_task_lists_its_promises(topic):
    promises = suite_promises(topic.test_file)
    assert set(promises) == {task.number for task in topic.tasks}, (
        f"{topic.test_file.name}: PROMISES must list every task of the catalog, and no other"
    )
    keys = [key for keys in promises.values() for key in keys]
    assert len(keys) == len(set(keys)), "promise keys must be unique within a topic"
    taken = sorted(set(keys) & set(PROMISE_KEYS))
    assert taken == [], f"{taken}: the key of a course rule (rules.PROMISE_KEYS)"
    for number, keys in promises.items():
        assert keys, f"task {number} lists no promise"
        for key, text in keys.items():
            assert key == key.lower() and " " not in key, f"{key!r}: use a kebab-case key"
            assert text.strip() and "\n" not in text, f"{key}: one line of text"


@pytest.mark.parametrize("topic", TOPICS, ids=TOPIC_IDS)
def test_every_promise_is_enforced_by_a_check_of_its_task(topic):
    owner = promise_tasks(suite_promises(topic.test_file))
    checks = suite_checks(topic.test_file)
    unnamed = [check.name for check in checks if not check.promises]
    assert unnamed == [], f"tests that name no promise of the statement: {unnamed}"
    allowed = rule_keys(topic)
    strays = [
        f"{check.name} names {key!r}"
        for check in checks
        for key in check.promises
        if owner.get(key) != check.task and key not in allowed
    ]
    assert strays == [], f"checks naming a promise that is not their own task's: {strays}"
    enforced = {key for check in checks for key in check.promises}
    assert sorted(set(owner) - enforced) == [], "promises that no test enforces"


@pytest.mark.parametrize("topic", TOPICS, ids=TOPIC_IDS)
def test_every_promise_is_broken_alone_by_a_variant(topic):
    owner = promise_tasks(suite_promises(topic.test_file))
    broken: set[str] = set()
    for variant in sorted((VARIANTS / topic.stem).glob("*.py")):
        key = variant_breaks(variant)
        if key is None:
            continue
        if key in rule_keys(topic):
            assert len(expected_failures(variant)) == 1, (
                f"{variant.name} breaks the rule {key!r}: it must fail one task alone"
            )
            continue
        assert key in owner, f"{variant.name} breaks {key!r}, which PROMISES does not list"
        assert expected_failures(variant) == {owner[key]}, (
            f"{variant.name} breaks {key!r} of task {owner[key]}: it must fail that task alone"
        )
        broken.add(key)
    assert sorted(set(owner) - broken) == [], "promises that no variant breaks"


@pytest.mark.parametrize("topic", TOPICS, ids=TOPIC_IDS)
def test_every_wrong_variant_names_the_promise_it_breaks(topic):
    unnamed = [
        variant.name
        for variant in sorted((VARIANTS / topic.stem).glob("*.py"))
        if len(expected_failures(variant)) == 1 and variant_breaks(variant) is None
    ]
    assert unnamed == [], "variants failing one task that do not say which promise they break"
