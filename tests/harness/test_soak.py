"""The soak reports every verdict that is not the one a submission must have, or that changed."""

from __future__ import annotations

import itertools
import re

from grader.catalog import load_catalog
from grader.commands import soak
from grader.variants import known_submissions


def test_a_verdict_that_changes_between_rounds_is_reported(monkeypatch, capsys):
    flips = itertools.cycle([frozenset(), frozenset({1})])
    monkeypatch.setattr(soak, "verdict", lambda known, folder: next(flips))
    assert soak.main(["04", "--runs", "2", "--burners", "0", "--no-variants", "--jobs", "1"]) == 1
    out = capsys.readouterr().out
    assert "04_async_await/solution: failed [1], must fail []" in out
    assert "1 submission(s) changed verdict between rounds" in out


def test_variants_and_mutants_are_held_to_their_own_verdicts(monkeypatch, capsys):
    def as_declared(known, folder):
        return soak.expected(known) | ({2} if known.mutant else set())  # a mutant may fail more

    monkeypatch.setattr(soak, "verdict", as_declared)
    assert soak.main(["04", "--runs", "1", "--burners", "0", "--mutants"]) == 0
    assert "0 of 1 rounds had a wrong verdict" in capsys.readouterr().out


def test_the_solutions_pass_a_real_round():
    assert soak.main(["01", "--runs", "1", "--burners", "1", "--no-variants"]) == 0


def test_a_per_task_mutant_may_fail_more_a_rule_mutant_exactly_its_task():
    """A task built on another fails with it (17's fetch_all uses the Fetcher of task 6); a
    rule mutant breaks one function, which one task grades."""
    capstone = [topic for topic in load_catalog() if topic.stem == "17_capstone"]
    knowns = known_submissions(capstone, mutants=True)
    per_task = [known for known in knowns if re.fullmatch(r"17_capstone/task\d+", known.name)]
    rules = [known for known in knowns if known.name.endswith((" cancelled", " limits"))]
    assert per_task and all(known.mutant for known in per_task)
    assert rules and not any(known.mutant for known in rules)
    fetcher = next(known for known in per_task if known.name == "17_capstone/task6")
    assert soak.is_right(fetcher, frozenset({6, 7}))
