"""The course's rules (``grader/inside/rules.py``) are stated exactly where they are enforced.

A statement that keeps a rule its grader does not check tells the learner something untrue;
a grader that checks a rule its statement does not state fails correct code. Each rule's
paragraph is therefore in a topic's statement, in every edition, exactly when the topic's
checks enforce it."""

from __future__ import annotations

import re

import pytest
from submissions import SOLUTIONS

from grader.catalog import ROOT, load_catalog
from grader.editions import FOLDERS
from grader.i18n import course_text
from grader.inside import rules
from grader.rule_mutants import states

TOPICS = load_catalog()
SUITES = ROOT / "tests"

# How a suite enforces LIMITS: the shared checks of grader/inside/running.py and spies.py, or
# a message of its own that names the limit it refused.
LIMIT_CHECKS = re.compile(
    r"\b(as_long_as_it_takes|NO_DEADLINE|KEEPS_WAITING|deadlines_set)\b"
    r"|no (shorter )?(cap|limit|deadline|timeout) of (your|its|one's|the learner's) own"
)


# Where CANCELLED is enforced: the plugin fails a test in which a task of the learner's that
# ran on the test's loop was cancelled and did not end cancelled. Only async tests have one.
ASYNC_TEST = re.compile(r"^async def test_", re.MULTILINE)


def enforces(rule: str, topic) -> bool:
    """Whether ``topic``'s checks enforce ``rule``."""
    if rule in (rules.ARGUMENTS, rules.SHARED_STATE):  # the plugin's, on every graded test
        return True
    suite = (SUITES / f"test_{topic.stem}.py").read_text(encoding="utf-8")
    if rule == rules.CANCELLED:
        return ASYNC_TEST.search(suite) is not None
    if rule == rules.LEFT_RUNNING:  # where CANCELLED is, but in suites that opt out
        opted_out = "\npytestmark = pytest.mark.may_leave_tasks\n" in suite
        return ASYNC_TEST.search(suite) is not None and not opted_out
    return LIMIT_CHECKS.search(suite) is not None


def read(path) -> str:
    return path.read_text(encoding="utf-8")


RULES = rules.RULE_KEYS
EDITIONS = {language: ROOT / folder for language, folder in FOLDERS.items()}


@pytest.mark.parametrize("rule", RULES.values(), ids=RULES.keys())
@pytest.mark.parametrize("topic", TOPICS, ids=[topic.stem for topic in TOPICS])
def test_a_statement_states_a_rule_exactly_when_its_checks_enforce_it(topic, rule):
    expected = enforces(rule, topic)
    assert states(read(SOLUTIONS / topic.filename), rule) == expected
    for language, folder in EDITIONS.items():
        text = course_text(rule, language)
        assert states(read(folder / topic.filename), text) == expected, language
