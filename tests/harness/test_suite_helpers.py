"""The helpers suites compare results with: exact types and values, all the way down."""

from __future__ import annotations

import pytest

from grader import expect_result, same, show


class AlwaysEqualList(list):
    def __eq__(self, other):
        return True


class AlwaysEqualStr(str):
    def __eq__(self, other):
        return True


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ([1, "a", (2.5, None)], [1, "a", (2.5, None)]),
        ({"x": [1, 2]}, {"x": [1, 2]}),
        ({1, 2}, {2, 1}),
        ({"b": 1, "a": 2}, {"a": 2, "b": 1}),
        (float("nan"), float("nan")),
    ],
)
def test_same_accepts_equal_values_of_the_same_types(actual, expected):
    assert same(actual, expected)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (AlwaysEqualList(), [1, 2]),
        (AlwaysEqualStr("no"), "yes"),
        ([AlwaysEqualStr("no")], ["yes"]),
        (True, 1),
        (1.0, 1),
        ((1, 2), [1, 2]),
        ([1, 2], [2, 1]),
        ({True: 1}, {1: 1}),
        ({1, 2}, {1, 3}),
    ],
)
def test_same_refuses_lookalikes(actual, expected):
    assert not same(actual, expected)


def test_expect_result_names_the_subclass():
    with pytest.raises(pytest.fail.Exception, match="a subclass of list"):
        expect_result(AlwaysEqualList(), [1], call="f()")


@pytest.mark.parametrize(
    "value",
    [
        "the quick brown fox jumps over the lazy dog and then runs far away into the woods",
        ["a long line of words that keeps going well past the limit of a short repr"],
    ],
)
def test_show_never_cuts_text_in_the_middle_of_a_word(value):
    text = str(value[0] if isinstance(value, list) else value)
    shown = show(value)
    assert "..." in shown
    kept = shown.split("...")[0].strip("['\"")
    assert text.startswith(kept)
    assert text[len(kept)] == " ", f"cut inside a word: {shown}"
