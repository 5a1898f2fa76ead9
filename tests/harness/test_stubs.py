"""The stub generator (grader/stubs.py): each marker form, per-task mutants, translation."""

from __future__ import annotations

import textwrap

import pytest

from grader.commands.stubs import stale_stubs
from grader.stubs import MarkerError, marked_tasks, stub_source, task_stub_source

SOLUTION = textwrap.dedent(
    '''\
    """Topic 99: a sample.

    Task 1. ``double(n)``: twice ``n``.
    Task 2. ``total(numbers)``: fix the sum.
    """

    # BEGIN PROMPT
    # TODO: you will need itertools: import it.
    # END PROMPT
    import itertools  # SOLUTION


    # Task 1
    def double(n):
        """Twice ``n``."""
        # BEGIN PROMPT
        # TODO: return n times two.
        # END PROMPT
        # Multiplying is the whole trick.
        return n * 2


    async def rows():
        """Yield two rows."""
        # BEGIN PROMPT
        # TODO: yield 1, then 2.
        # END PROMPT
        yield 1
        yield 2


    # Task 2
    def total(numbers):
        """The sum of ``numbers``."""
        result = 0
        for number in numbers:
            # BEGIN PROMPT
            # TODO: this forgets the running total. Fix it.
            # > result = number
            # END PROMPT
            result += number
        return result


    # BEGIN SOLUTION
    def _helper():
        return itertools.count()


    # END SOLUTION
    '''
)

STUB = textwrap.dedent(
    '''\
    """Topic 99: a sample.

    Task 1. ``double(n)``: twice ``n``.
    Task 2. ``total(numbers)``: fix the sum.
    """

    # TODO: you will need itertools: import it.


    # Task 1
    def double(n):
        """Twice ``n``."""
        # TODO: return n times two.
        raise NotImplementedError("task 1: write double")


    async def rows():
        """Yield two rows."""
        # TODO: yield 1, then 2.
        raise NotImplementedError("task 1: write rows")
        yield  # the yield makes this function an async generator; keep one in yours


    # Task 2
    def total(numbers):
        """The sum of ``numbers``."""
        result = 0
        for number in numbers:
            # TODO: this forgets the running total. Fix it.
            result = number
        return result
    '''
)


def test_every_marker_form_gives_its_stub_form():
    assert stub_source(SOLUTION) == STUB
    compile(STUB, "stub.py", "exec")


def test_a_mutant_swaps_in_only_its_tasks_stub():
    mutant = task_stub_source(SOLUTION, 2)
    assert "result = number\n" in mutant
    assert "return n * 2" in mutant  # task 1 keeps its solution
    assert "import itertools  # SOLUTION" in mutant  # not a task's: only the full stub drops it
    assert marked_tasks(SOLUTION) == {1: 2, 2: 2}  # _helper is below '# Task 2'
    with pytest.raises(MarkerError, match="task 3 has no marked region"):
        task_stub_source(SOLUTION, 3)


def test_an_unclosed_marker_is_an_error():
    with pytest.raises(MarkerError, match="no # END PROMPT"):
        stub_source("def f():\n    # BEGIN PROMPT\n    # TODO: x\n    return 1\n")


def test_every_text_a_learner_reads_goes_through_translate():
    seen = []

    def translate(text):
        seen.append(text)
        return {
            "Task 1. ``double(n)``: twice ``n``.": "Tarea 1. ``double(n)``: el doble de ``n``.",
            "TODO: return n times two.": "TODO: devuelve n por dos.",
            "task {number}: write {name}": "tarea {number}: escribe {name}",
        }.get(text, text)

    stub = stub_source(SOLUTION, translate=translate)
    assert "Tarea 1. ``double(n)``: el doble de ``n``.\n" in stub
    assert "    # TODO: devuelve n por dos.\n" in stub
    assert 'raise NotImplementedError("tarea 1: escribe double")' in stub
    assert "TODO: this forgets the running total. Fix it." in seen  # whole paragraphs, unwrapped
    assert "Topic 99: a sample." in seen
    assert stub_source(SOLUTION, translate=lambda text: text) == STUB


def test_check_lists_the_stubs_that_differ(tmp_path):
    (tmp_path / "99_sample.py").write_text(STUB, encoding="utf-8")
    assert stale_stubs({"99_sample.py": STUB}, tmp_path) == []
    assert stale_stubs({"99_sample.py": STUB + "# more\n"}, tmp_path) == ["99_sample.py"]
    assert stale_stubs({"98_missing.py": STUB}, tmp_path) == ["98_missing.py"]
