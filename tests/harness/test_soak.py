"""The soak reports every verdict that is not the one a submission must have, or that changed."""

from __future__ import annotations

import itertools

from grader.commands import soak


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
