"""The course's rule for every task: a top-level function leaves the lists, dicts and sets
it is given as they were, unless its task says otherwise (``rules.ARGUMENTS``, in every statement).

The suites reach the learner's functions through ``LearnerModule``, which hands each one out
wrapped by :func:`keeping_arguments`: after a call returns (a coroutine's, once awaited),
every such argument is compared with the copy taken before it, and a change fails the test
with a message that names the argument and shows it before and after. A call that raises or
is cancelled is compared too: its error goes on, and the plugin fails the test at its
teardown with what :data:`changed_on_error` noted.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Callable

from grader.i18n import N_, _
from grader.inside.evidence import record
from grader.inside.rules import ARGUMENTS, quoted
from grader.inside.suite import fail, show

MAX_DEPTH = 20  # containers nested deeper (or in themselves) are not kept
# What a caller can see changed in place, and how a message names each.
KINDS = {
    list: N_("the list"),
    dict: N_("the dict"),
    set: N_("the set"),
    bytearray: N_("the bytearray"),
}
CHANGED = N_(
    "{function} changed {kind} it was given as {argument}: before the call it held "
    "{before}, after it {after}. {rule}"
)
CHANGED_ON_ERROR = N_(
    "{function} ended with {error} and left {kind} it was given as {argument} changed: before "
    "the call it held {before}, after it {after}. {rule} This holds when it fails or is "
    "cancelled too (put it back in a finally block, or never change it)."
)
# The messages of calls that raised (or were cancelled) with an argument changed: the plugin
# fails the running test with them at its teardown, and empties the list for the next test.
changed_on_error: list[str] = record(label="arguments.changed_on_error")


def keeping_arguments(function: Callable, exempt: frozenset[str] = frozenset()) -> Callable:
    """``function``, wrapped to fail the test when a call changes an argument in place (but
    the parameters named in ``exempt``): a function's once it returns, a generator's once it
    is exhausted (one closed early is not compared). Anything but a plain function is handed
    out as it is."""
    if not inspect.isfunction(function):
        return function
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return function

    def before(args: tuple, kwargs: dict) -> list[tuple[str, object, object]]:
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            return []  # the call itself raises the TypeError
        return [
            (name, value, kept, _contents(value))
            for name, value in bound.arguments.items()
            if name not in exempt and (kept := _copy(value)) is not None
        ]

    name = function.__name__
    if inspect.isasyncgenfunction(function):
        checked = _async_generator(function, before)
    elif inspect.isgeneratorfunction(function):

        @functools.wraps(function)
        def checked(*args, **kwargs):
            kept = before(args, kwargs)
            with _compared_on_error(name, kept):
                result = yield from function(*args, **kwargs)
            _compare(name, kept)
            return result

    elif inspect.iscoroutinefunction(function):

        @functools.wraps(function)
        async def checked(*args, **kwargs):
            kept = before(args, kwargs)
            with _compared_on_error(name, kept):
                result = await function(*args, **kwargs)
            _compare(name, kept)
            return result

    else:

        @functools.wraps(function)
        def checked(*args, **kwargs):
            kept = before(args, kwargs)
            with _compared_on_error(name, kept):
                result = function(*args, **kwargs)
            _compare(name, kept)
            return result

    return checked


@contextlib.contextmanager
def _compared_on_error(function: str, kept: list[tuple]):
    """Note each argument a call changed when it raised or was cancelled (not when a
    generator was closed early); the error goes on as it was."""
    try:
        yield
    except GeneratorExit:
        raise
    except BaseException as error:
        for name, value, before, contents in _changed(kept):
            after = show(value)
            _put_back(contents)
            changed_on_error.append(
                _(CHANGED_ON_ERROR).format(
                    function=function,
                    error=type(error).__name__,
                    kind=_(KINDS[type(value)]),
                    argument=name,
                    before=show(before),
                    after=after,
                    rule=quoted(ARGUMENTS),
                )
            )
        raise


def _async_generator(function: Callable, before: Callable) -> Callable:
    """An async generator function that hands on what ``function``'s generators yield, are
    sent, thrown and closed with, and compares the arguments once one is exhausted."""

    @functools.wraps(function)
    async def checked(*args, **kwargs):
        kept = before(args, kwargs)
        inner = function(*args, **kwargs)
        step = inner.asend(None)
        while True:
            try:
                value = await step
            except StopAsyncIteration:
                break
            try:
                sent = yield value
            except GeneratorExit:
                await inner.aclose()
                raise
            except BaseException as error:
                step = inner.athrow(error)
            else:
                step = inner.asend(sent)
        _compare(function.__name__, kept)

    return checked


def _copy(value: object) -> object | None:
    """A copy of a watched container, its watched containers copied too and every other
    item kept as it is (never copied: copying an object can change its class); None when
    ``value`` is no such container or the copy does not compare equal to it."""
    if type(value) not in KINDS:
        return None
    try:
        kept = _copied(value, depth=0)
        return kept if kept == value else None
    except Exception:
        return None


def _copied(value: object, depth: int) -> object:
    if type(value) not in KINDS:
        return value
    if depth > MAX_DEPTH:
        raise RecursionError("nested too deep to keep")
    if type(value) is dict:
        return {key: _copied(item, depth + 1) for key, item in value.items()}
    if type(value) is list:
        return [_copied(item, depth + 1) for item in value]
    return type(value)(value)  # a set's items are hashable, a bytearray's are bytes


def _changed(kept: list[tuple]) -> list[tuple]:
    """The arguments that no longer hold what their copies hold."""
    return [entry for entry in kept if not _held(entry[1], entry[2])]


def _contents(value: object) -> list[tuple[object, object]]:
    """Each watched container in ``value`` (itself included) with a shallow copy of what it
    holds: what :func:`_put_back` puts back, the very same items in the very same containers."""
    found, pending, seen = [], [(value, 0)], set()
    while pending:
        held, depth = pending.pop()
        if type(held) not in KINDS or depth > MAX_DEPTH or id(held) in seen:
            continue
        seen.add(id(held))
        shallow = dict(held) if type(held) is dict else type(held)(held)
        found.append((held, shallow))
        if type(held) in (list, dict):
            pending += [
                (item, depth + 1) for item in (shallow.values() if type(held) is dict else shallow)
            ]
    return found


def _put_back(contents: list[tuple[object, object]]) -> None:
    """Put back what each container held: a changed argument is told, and the caller's data,
    a suite's own among them, is left as it was for the checks that follow."""
    for held, shallow in contents:
        if type(held) in (list, bytearray):
            held[:] = shallow
        else:
            held.clear()
            held.update(shallow)


# Items whose ``==`` the grader can trust: the built-in types' own, never an object's of the
# learner's (which may say it equals anything).
TRUSTED = (int, float, complex, str, bytes, bool, type(None))


def _held(value: object, before: object, depth: int = 0) -> bool:
    """Whether ``value`` holds what the copy ``before`` held: containers of the same types and
    sizes, and in them the very same objects, or equal ones of the same built-in type."""
    if value is before:
        return True
    kind = type(before)
    if type(value) is not kind or depth > MAX_DEPTH:
        return False
    if kind in TRUSTED:
        return value == before
    if kind in (list, tuple):
        return len(value) == len(before) and all(
            _held(a, b, depth + 1) for a, b in zip(value, before, strict=True)
        )
    if kind is dict:
        pairs = {id(key): (key, item) for key, item in value.items()}  # by identity first
        return len(pairs) == len(before) and all(
            _held(pairs[id(key)][1], item, depth + 1)
            if id(key) in pairs
            else any(
                _held(k, key, depth + 1) and _held(v, item, depth + 1) for k, v in pairs.values()
            )
            for key, item in before.items()
        )
    if kind in (set, frozenset):
        members = {id(each): each for each in value}
        return len(members) == len(before) and all(
            id(each) in members or any(_held(a, each, depth + 1) for a in members.values())
            for each in before
        )
    if kind is bytearray:
        return bytes(value) == bytes(before)
    return False


def _compare(function: str, kept: list[tuple]) -> None:
    changed = _changed(kept)
    if not changed:
        return
    name, value, before, _contents_of = changed[0]
    after = show(value)
    for entry in changed:
        _put_back(entry[3])
    fail(
        _(CHANGED),
        function=function,
        kind=_(KINDS[type(value)]),
        argument=name,
        before=show(before),
        after=after,
        rule=quoted(ARGUMENTS),
    )
