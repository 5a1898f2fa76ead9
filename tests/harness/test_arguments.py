"""The course's rule that a function leaves the lists, dicts and sets it is given as they were
(``rules.ARGUMENTS``): checked on every learner function the suites call."""

from __future__ import annotations

import ast
import asyncio
import types

import pytest
from submissions import SOLUTIONS

from grader.catalog import load_catalog
from grader.grading.runner import Limits, grade_topic
from grader.grading.zygote import warm
from grader.inside import arguments
from grader.inside.arguments import keeping_arguments
from grader.inside.loader import LearnerModule
from grader.inside.rules import ARGUMENTS

TOPICS = load_catalog()
TOPIC_IDS = [topic.stem for topic in TOPICS]
CHANGED = "changed the list it was given as items"


def popping(items):
    return items.pop()


async def popping_later(items):
    await asyncio.sleep(0)
    return items.pop()


def popping_generator(items):
    while items:
        got = yield items.pop(0)
        if got is not None:
            yield f"sent {got}"


async def popping_async_generator(items):
    while items:
        try:
            got = yield items.pop(0)
        except ValueError as error:
            got = f"thrown {error}"
        if got is not None:
            yield f"got {got}"


def reading(items, table, seen):
    return len(items) + len(table) + len(seen)


def failure(call) -> str:
    with pytest.raises(pytest.fail.Exception) as caught:
        call()
    return str(caught.value)


def test_a_function_that_changes_a_list_it_is_given_fails_and_says_how():
    message = failure(lambda: keeping_arguments(popping)([1, 2, 3]))
    assert f"popping {CHANGED}: before the call it held [1, 2, 3], after it [1, 2]" in message
    assert ARGUMENTS in message


def test_a_function_that_leaves_its_arguments_as_they_were_passes():
    items, table, seen = [1, [2]], {"a": [1]}, {3}
    assert keeping_arguments(reading)(items, table, seen) == 4
    assert (items, table, seen) == ([1, [2]], {"a": [1]}, {3})


@pytest.mark.parametrize(
    ("change", "kind"),
    [
        (lambda table: table["a"].append(2), "dict"),
        (lambda table: table.update(b=1), "dict"),
        (lambda table: table["s"].discard(1), "dict"),
    ],
)
def test_a_change_deep_inside_an_argument_is_seen(change, kind):
    def function(table):
        change(table)

    message = failure(lambda: keeping_arguments(function)({"a": [1], "s": {1}}))
    assert f"changed the {kind} it was given as table" in message


def test_items_that_equal_only_themselves_are_compared_by_identity():
    first, second = object(), object()

    def drop_one(items):
        items.remove(first)

    assert "changed the list" in failure(lambda: keeping_arguments(drop_one)([first, second]))


class EqualToAnything:
    def __eq__(self, other):
        return True

    def __hash__(self):
        return hash(1)


@pytest.mark.parametrize(
    "swap",
    [
        lambda args: args[0].__setitem__(slice(None), [EqualToAnything()] * 3),
        lambda args: args[1].update({EqualToAnything(): [1]}) or args[1].pop("a"),
        lambda args: args[2].clear() or args[2].add(EqualToAnything()),
    ],
    ids=["list", "dict", "set"],
)
def test_items_that_say_they_equal_anything_do_not_hide_a_change(swap):
    def function(items, table, seen):
        swap((items, table, seen))

    assert "changed the" in failure(lambda: keeping_arguments(function)([1, 2, 3], {"a": [1]}, {1}))


def test_a_call_that_raises_is_compared_too_and_its_error_goes_on():
    def failing(items):
        items.pop()
        raise ValueError("on purpose")

    arguments.changed_on_error.clear()
    with pytest.raises(ValueError, match="on purpose"):
        keeping_arguments(failing)([1, 2])
    assert len(arguments.changed_on_error) == 1
    assert "failing ended with ValueError" in arguments.changed_on_error[0]
    arguments.changed_on_error.clear()


def test_a_coroutine_is_compared_once_awaited():
    checked = keeping_arguments(popping_later)
    assert asyncio.iscoroutinefunction(checked)
    assert CHANGED in failure(lambda: asyncio.run(checked([1, 2])))


def test_a_generator_is_compared_once_exhausted_and_still_takes_send():
    checked = keeping_arguments(popping_generator)
    generator = checked([1, 2])
    assert next(generator) == 1
    assert generator.send("x") == "sent x"
    assert next(generator) == 2
    assert CHANGED in failure(lambda: next(generator))
    closed_early = checked([1, 2])
    assert next(closed_early) == 1
    closed_early.close()  # a generator closed early is not compared


def test_an_async_generator_is_compared_once_exhausted_and_still_takes_asend_and_athrow():
    checked = keeping_arguments(popping_async_generator)

    async def drive():
        generator = checked([1, 2])
        assert await generator.__anext__() == 1
        assert await generator.asend("x") == "got x"
        assert await generator.__anext__() == 2
        assert await generator.athrow(ValueError("boom")) == "got thrown boom"
        await generator.__anext__()

    assert CHANGED in failure(lambda: asyncio.run(drive()))

    async def close_early():
        generator = checked([1, 2])
        assert await generator.__anext__() == 1
        await generator.aclose()

    asyncio.run(close_early())


def test_an_argument_the_topic_lets_change_is_not_compared():
    assert keeping_arguments(popping, frozenset({"items"}))([1, 2]) == 2


def test_the_learner_module_hands_out_its_own_functions_checked_and_the_rest_as_they_are():
    module = types.ModuleType("submission_demo")
    module.popping = popping
    popping.__module__, before = "submission_demo", popping.__module__
    try:
        module.sleep, module.Demo = asyncio.sleep, type("Demo", (), {})
        learner = LearnerModule(module, SOLUTIONS / "demo.py", ("other.items",))
        assert learner.popping is learner.popping is not popping
        assert CHANGED in failure(lambda: learner.popping([1]))
        assert learner.sleep is asyncio.sleep and learner.Demo is module.Demo
        exempt = LearnerModule(module, SOLUTIONS / "demo.py", ("popping.items",))
        assert exempt.popping([1]) == 1
    finally:
        popping.__module__ = before


@pytest.mark.parametrize("topic", [t for t in TOPICS if t.changes], ids=lambda t: t.stem)
def test_every_argument_a_topic_lets_change_is_one_its_solution_takes(topic):
    tree = ast.parse((SOLUTIONS / topic.filename).read_text(encoding="utf-8"))
    functions = {
        node.name: [arg.arg for arg in node.args.args + node.args.kwonlyargs]
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    for name in topic.changes:
        function, _dot, parameter = name.partition(".")
        assert parameter in functions.get(function, []), f"{topic.stem}: {name} names nothing"


# Methods that change a list, dict or set in place.
IN_PLACE = frozenset(
    {"append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "add"}
    | {"discard", "update", "setdefault", "popitem", "difference_update"}
)


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.stem)
def test_every_argument_a_solution_changes_in_place_is_one_its_topic_lets_change(topic):
    """Else a learner's function that returns where the solution never does (a generator
    closed, a cancelled loop that swallows it) is told it broke the arguments rule for doing
    what its task asks."""
    tree = ast.parse((SOLUTIONS / topic.filename).read_text(encoding="utf-8"))
    changed = set()
    for function in tree.body:
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        parameters = {arg.arg for arg in function.args.args + function.args.kwonlyargs}
        for node in ast.walk(function):
            method = node.func if isinstance(node, ast.Call) else None
            if (
                isinstance(method, ast.Attribute)
                and isinstance(method.value, ast.Name)
                and method.value.id in parameters
                and method.attr in IN_PLACE
            ):
                changed.add(f"{function.name}.{method.value.id}")
    assert changed <= set(topic.changes), f"{topic.stem}: not in its changes: {changed}"


def test_a_submission_that_empties_a_list_it_is_given_fails_its_task(tmp_path, grading_zygote):
    topic = next(topic for topic in TOPICS if topic.stem == "04_async_await")
    source = (SOLUTIONS / topic.filename).read_text(encoding="utf-8")
    emptying = "\n\nasync def save_all(store, items):\n    while items:\n"
    emptying += "        await store.save(items.pop(0))\n"
    (tmp_path / topic.filename).write_text(source + emptying, encoding="utf-8")
    with warm(grading_zygote):
        result = grade_topic(topic, tmp_path, Limits(confine="never"))
    failed = {task.task.number: task.message for task in result.tasks if task.status == "failed"}
    assert list(failed) == [3], failed
    assert "save_all changed the list it was given as items" in failed[3]


def test_a_changed_argument_is_put_back_after_it_is_told():
    """The caller's data (a suite's own among it) is left as it was for the checks that
    follow: the very same items, in the very same containers."""
    inner = [2, 3]
    items = [1, inner]

    def emptying(items):
        items[1].pop()
        items.pop(0)

    message = failure(lambda: keeping_arguments(emptying)(items))
    assert "before the call it held [1, [2, 3]], after it [[2]]" in message
    assert items == [1, [2, 3]] and items[1] is inner


def test_an_argument_changed_by_a_call_that_raises_is_put_back_too():
    table = {"a": 1}

    def failing(table):
        table.clear()
        raise ValueError("no")

    arguments.changed_on_error.clear()
    with pytest.raises(ValueError):
        keeping_arguments(failing)(table)
    assert table == {"a": 1}
    (told,) = arguments.changed_on_error
    assert "before the call it held {'a': 1}, after it {}" in told
    arguments.changed_on_error.clear()
