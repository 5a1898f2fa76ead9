"""The helpers suites build their messages with: what a learner reads when a check fails."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from grader.inside.loader import describe_exception
from grader.inside.messages import explain, todo_line
from grader.inside.suite import (
    Scene,
    call_named,
    called,
    calling,
    expect_equal,
    expect_generator_function,
    expect_result,
    raise_if_stub,
    reraise_not_done,
    show,
    show_call,
    show_typed,
)
from grader.inside.timeline import Timeline
from grader.text import MAX_ERROR_TEXT, NAME_LENGTH, one_line

Failed = pytest.fail.Exception


def message(check, *args, **kwargs) -> str:
    """What ``check(*args, **kwargs)`` fails with."""
    with pytest.raises(Failed) as failure:
        check(*args, **kwargs)
    return str(failure.value)


def test_expect_equal_says_what_was_looked_at_what_came_and_what_was_expected():
    text = message(expect_equal, [3, 2], [3, 2, 1], what="countdown(3)", hint="one more.")
    assert text == "countdown(3): got [3, 2]; expected [3, 2, 1]: one more."


def test_expect_equal_shows_the_types_only_when_they_differ():
    assert "(a float)" in message(expect_equal, 4.0, 4, what="f()")
    assert "[1.0] (a list of float); expected [1] (a list of int)" in message(
        expect_equal, [1.0], [1], what="f()"
    )
    assert message(expect_equal, [], [1], what="f()") == "f(): got []; expected [1]."


def test_expect_equal_passes_the_same_value_of_the_same_types():
    expect_equal({"a": [1]}, {"a": [1]}, what="f()")


def test_a_scene_starts_every_message_and_fills_the_fields_of_the_rest():
    text = message(called("f(1)").fail, "It returned {got}.", got="2")
    assert text == "Called f(1). It returned 2."


def test_a_scene_leaves_braces_alone_in_a_text_without_values():
    assert message(Scene("In f({})").fail, "It gave {}.") == "In f({}) It gave {}."
    assert message(called("g").check, False, "A dict {{name: value}}.", x=1).endswith(
        "A dict {name: value}."
    )


def test_a_scene_draws_its_timeline_when_asked():
    timeline = Timeline()
    drawn = message(called("f()", timeline).fail, "Too slow.", draw=True)
    assert drawn.startswith("Called f(). Too slow.\n") and drawn.splitlines()[1:]
    assert "\n" not in message(called("f()", timeline).fail, "Too slow.")


def test_a_scene_checks_pass_quietly():
    called("f()").check(True, "never shown {x}", x=1)


def stub(n):
    raise NotImplementedError("task 1: write countdown")


def ordinary(n):
    return [n]


def generator(n):
    yield n


def test_a_stub_raises_not_implemented_first():
    with pytest.raises(NotImplementedError):
        raise_if_stub(stub, 3)
    raise_if_stub(ordinary, 3)  # not a stub: nothing happens
    with pytest.raises(NotImplementedError):
        expect_generator_function(stub, "countdown", 3)


def test_an_ordinary_function_is_not_a_generator_function():
    text = message(expect_generator_function, ordinary, "countdown", 3)
    assert text.startswith("countdown is an ordinary function.")
    expect_generator_function(generator, "countdown", 3)


def test_not_done_yet_is_raised_again_from_inside_a_group_or_a_cause():
    group = ExceptionGroup("two", [ValueError("x"), NotImplementedError("todo")])
    with pytest.raises(ExceptionGroup):
        reraise_not_done(group)
    try:
        try:
            raise NotImplementedError("todo")
        except NotImplementedError as cause:
            raise RuntimeError("wrapped") from cause
    except RuntimeError as error:
        with pytest.raises(RuntimeError):
            reraise_not_done(error)
    reraise_not_done(ValueError("another error"))  # not a stub's: nothing happens


def test_show_typed_gives_a_value_and_its_type():
    assert show_typed("7") == "'7' (a str)"
    assert show_typed([1, 2.0]) == "[1, 2.0] (a list of int and float)"
    assert show_typed(("worked", None)) == "('worked', None) (a tuple of str and NoneType)"
    assert show_typed({2.0, 1}) == "{1, 2.0} (a set of float and int)"


def test_an_early_end_of_stream_is_not_taken_for_input():
    ended = describe_exception(asyncio.IncompleteReadError(b"ab", 5))
    assert ended.startswith("IncompleteReadError: 2 bytes read on a total of 5"), ended
    assert "input() was called" in describe_exception(EOFError("EOF when reading a line"))


def test_an_asyncio_object_kept_from_another_loop_is_explained():
    """An Event made once and waited on by two loops: what that error means is told."""
    event = asyncio.Event()

    async def wait_a_moment():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), 0.01)

    asyncio.run(wait_a_moment())
    with pytest.raises(RuntimeError) as caught:
        asyncio.run(wait_a_moment())
    told = describe_exception(caught.value)
    assert told.startswith("RuntimeError: <asyncio.locks.Event"), told
    assert "belongs to the loop that first waited on it" in told, told
    assert "belongs to the loop" not in describe_exception(RuntimeError("Event loop is closed"))


def raised_by_asyncio(mistake) -> RuntimeError:
    """The RuntimeError asyncio itself raises for ``mistake`` (a coroutine function)."""
    with pytest.raises(RuntimeError) as caught:
        asyncio.run(mistake())
    return caught.value


async def run_inside_a_running_loop():
    coroutine = asyncio.sleep(0)
    try:
        asyncio.run(coroutine)
    finally:
        coroutine.close()


async def await_twice():
    coroutine = asyncio.sleep(0)
    task = asyncio.ensure_future(coroutine)
    await task
    await coroutine


async def use_a_closed_loop():
    other = asyncio.new_event_loop()
    other.close()
    other.call_soon(print)


@pytest.mark.parametrize(
    ("mistake", "meaning"),
    [
        (run_inside_a_running_loop, "asyncio.run() starts a loop of its own"),
        (await_twice, "a coroutine object runs only once"),
        (use_a_closed_loop, "the event loop was used after it was closed"),
    ],
)
def test_asyncio_s_own_errors_are_told_with_what_they_mean(mistake, meaning):
    told = describe_exception(raised_by_asyncio(mistake))
    assert told.startswith("RuntimeError: ") and meaning in told, told


def test_a_loop_method_called_from_another_thread_is_explained():
    error = RuntimeError(
        "Non-thread-safe operation invoked on an event loop other than the current one"
    )
    assert "only loop.call_soon_threadsafe(...)" in describe_exception(error)
    assert "needs a running event loop" in describe_exception(RuntimeError("no running event loop"))


def test_an_exception_group_is_told_with_the_errors_it_holds():
    inner = ExceptionGroup("inner", [KeyError("k")])
    group = ExceptionGroup("outer", [TypeError("a coroutine was expected"), inner])
    told = describe_exception(group)
    assert told == (
        "ExceptionGroup: outer (2 sub-exceptions), holding [TypeError: a coroutine was "
        "expected; ExceptionGroup: inner (1 sub-exception), holding [KeyError: 'k']]"
    ), told
    many = ExceptionGroup("many", [ValueError(n) for n in range(5)])
    assert describe_exception(many).endswith("ValueError: 2; 2 more]")
    deep = ExceptionGroup("3", [ExceptionGroup("2", [ExceptionGroup("1", [OSError("x")])])])
    assert "OSError" not in describe_exception(deep)  # two levels are told, no more


def test_a_task_not_done_is_pointed_at_its_todo(tmp_path):
    stub = tmp_path / "01_generators.py"
    stub.write_text(
        "def first():\n    raise NotImplementedError\n\n\n"
        "def second():\n    '''Doc.'''\n    # TODO: write it\n    # (on two lines)\n"
        "    raise NotImplementedError\n"
    )
    assert todo_line(stub, 9) == 7  # the TODO above the raise, in the same function
    assert todo_line(stub, 2) == 2  # none in its function: the raise itself
    assert todo_line(tmp_path / "missing.py", 4) == 4


def test_results_alike_in_short_are_told_where_they_differ():
    with pytest.raises(pytest.fail.Exception, match=r"It holds 10 items; expected 25\."):
        expect_result(list(range(10)), list(range(25)), call="f()")
    with pytest.raises(pytest.fail.Exception, match="Item 20 is 0 \\(an int\\); expected 20"):
        expect_result([*range(20), 0], list(range(21)), call="f()")
    with pytest.raises(pytest.fail.Exception) as short:
        expect_result([1, 2], [1, 3], call="f()")
    assert "Item" not in str(short.value)  # the short forms show the difference already


def test_an_error_s_own_text_is_told_on_one_short_line():
    class Pages(Exception):
        def __str__(self):
            return "✔ all checks passed\n" + "=" * 5000

    class Broken(Exception):
        def __str__(self):
            raise RuntimeError("no text")

    told = describe_exception(Pages())
    assert "\n" not in told
    assert told.startswith("Pages: ✔ all checks passed ===")
    assert len(told) <= len("Pages: ") + MAX_ERROR_TEXT
    assert told.endswith("…")
    assert describe_exception(Broken()) == "Broken: (its text could not be shown)"
    long_name = type("N" * 500, (Exception,), {})
    assert len(describe_exception(long_name("x"))) == NAME_LENGTH + len(": x")


def test_an_error_raised_in_a_named_call_says_which_call_raised():
    with pytest.raises(ValueError) as caught, calling("fetch_settled(address, [], 1.0)"):
        raise ValueError("Set of Tasks/Futures is empty")
    told = explain(caught.value, None, None)
    assert told == (
        "Called fetch_settled(address, [], 1.0). Your code raised ValueError: Set of "
        "Tasks/Futures is empty."
    )
    with pytest.raises(NotImplementedError) as unfinished, calling("f()"):
        raise NotImplementedError
    assert call_named(unfinished.value) is None
    assert explain(unfinished.value, None, None).startswith("Not done yet")


def test_which_call_raised_is_the_grader_s_record_never_the_error_s_own_word():
    forged = ValueError("x")
    forged.__grader_call__ = "f()\n      ✔ 04.4 passed"  # what the learner's code can write
    assert explain(forged, None, None) == "Your code raised ValueError: x."
    with pytest.raises(ValueError) as caught, calling("outer()"), calling("inner()"):
        raise forged
    assert explain(caught.value, None, None) == "Called inner(). Your code raised ValueError: x."
    assert call_named(ValueError("x")) is None  # another error, though alike


def test_a_class_name_a_syntax_error_and_a_function_name_are_told_on_one_line():
    kind = type("Passed\n      ✔ 04.4 (regraded)\n", (Exception,), {})
    assert describe_exception(kind("ok")) == "Passed ✔ 04.4 (regraded) : ok"
    error = SyntaxError("bad\n      ✔ 04.4", ("f.py", 3, 1, "x", 3, 2))
    assert describe_exception(error) == "SyntaxError: bad ✔ 04.4 (line 3)"


def test_values_shown_in_messages_stay_on_one_line():
    class Shown:
        def __repr__(self):
            return "\n      ✔ 04.3 saved\u2028 1\r"

    assert show([Shown(), "a\nb", "two  spaces"]) == "[ ✔ 04.3 saved 1 , 'a\\nb', 'two  spaces']"
    assert "\n" not in show_typed(type("list\n✔", (), {})())
    named = type("Step", (), {"__call__": lambda self: None, "__name__": "a\n✔ 04.5"})()
    assert show_call("f", [named]) == "f([a ✔ 04.5])"


def test_one_line_collapses_what_breaks_a_line_and_keeps_plain_spaces():
    assert one_line("a  b\n\n c\u2028d\te\x0bf\x85g") == "a  b c d e f g"
    assert one_line("x" * 10, 5) == "xxxx…"
    assert one_line(3) == "3"

    class Sly(str):
        def __format__(self, spec):
            return "forged\n"

    assert type(one_line(Sly("plain"))) is str and f"{one_line(Sly('plain'))}" == "plain"
