"""Hidden tests for topic 01: generators."""

import inspect
import itertools
import types

import pytest

from grader import check, fail, show, task

PULL_LIMIT = 10_000  # an endless source gives up after this many items, so nothing hangs


class PulledTooMuch(Exception):
    """The code under test kept pulling from an endless source."""


class Source:
    """An iterator over ``items`` (endless when None) that records every item pulled."""

    def __init__(self, items=None, events=None):
        self._items = iter(items) if items is not None else itertools.count()
        self.pulled = []
        self.events = events

    def __iter__(self):
        return self

    def __next__(self):
        if len(self.pulled) >= PULL_LIMIT:
            raise PulledTooMuch(f"pulled more than {PULL_LIMIT} items from an endless source")
        item = next(self._items)
        self.pulled.append(item)
        if self.events is not None:
            self.events.append(("pulled", item))
        return item


def first(iterator, n, what):
    """Up to ``n`` items from the learner's iterator, failing clearly if it is not one."""
    check(
        hasattr(iterator, "__next__"),
        f"{what} returned {show(iterator)}, which is not an iterator: next() cannot be "
        "called on it. Return a generator.",
    )
    return list(itertools.islice(iterator, n))


def expect_generator_function(func, name, *args):
    """Fail unless ``func`` is a generator function; an untouched stub says "Not done yet"."""
    if inspect.isgeneratorfunction(func):
        return
    if "NotImplementedError" in getattr(getattr(func, "__code__", None), "co_names", ()):
        func(*args)  # the stub raises NotImplementedError, reported as "Not done yet"
    fail(
        f"{name} is an ordinary function. A generator function has `yield` in its body; "
        "calling it then gives a generator, and the body runs only when next() is called.",
    )


# Task 1


@task(1)
def test_countdown_is_a_generator_function(topic):
    """countdown is a generator function: calling it gives a generator object."""
    expect_generator_function(topic.countdown, "countdown", 3)
    gen = topic.countdown(3)
    check(
        isinstance(gen, types.GeneratorType),
        f"countdown(3) returned {show(gen)}; expected a generator object.",
    )


@task(1)
def test_countdown_yields_then_stops(topic):
    """next(countdown(3)) gives 3, then 2, then 1, then raises StopIteration."""
    expect_generator_function(topic.countdown, "countdown", 3)
    gen = topic.countdown(3)
    for expected in (3, 2, 1):
        try:
            value = next(gen)
        except StopIteration:
            fail(
                f"next() on countdown(3) raised StopIteration where {expected} was expected: "
                "the generator ended too early."
            )
        check(
            value == expected,
            f"next() on countdown(3) gave {show(value)}; expected {expected}.",
        )
    try:
        extra = next(gen)
    except StopIteration:
        pass
    else:
        fail(
            f"After 3, 2 and 1, next() on countdown(3) gave {show(extra)}; expected it to "
            "raise StopIteration: the generator should end after 1."
        )
    nothing = list(itertools.islice(topic.countdown(0), 5))
    check(nothing == [], f"countdown(0) yielded {show(nothing)}; expected nothing at all.")
    many = list(itertools.islice(topic.countdown(50), 60))
    check(
        many == list(range(50, 0, -1)),
        f"countdown(50) yielded {show(many)}; expected 50, 49, ..., 1.",
    )


# Task 2


def story():
    """A generator that yields three words and returns a fourth."""
    yield "once"
    yield "upon"
    yield "a"
    return "time"


def silent():
    """A generator that yields nothing and returns nothing."""
    return
    yield


@task(2)
@pytest.mark.timeout(2)
def test_collect_returns_items_and_returned_value(topic):
    """collect(gen) gives the yielded items and the value the generator returned."""
    gen = story()
    result = topic.collect(gen)
    expected = (["once", "upon", "a"], "time")
    if isinstance(result, tuple | list) and len(result) == 2:
        items, returned = result
        check(
            list(items) == expected[0],
            f"Called collect(gen), where gen yields 'once', 'upon', 'a' and then returns "
            f"'time'. The items were {show(items)}; expected ['once', 'upon', 'a'].",
        )
        check(
            returned == "time",
            f"Called collect(gen), where gen yields 'once', 'upon', 'a' and then returns "
            f"'time'. The returned value was {show(returned)}; expected 'time'. It is on "
            "the StopIteration: `except StopIteration as stop: ... stop.value`.",
        )
    else:
        fail(
            f"Called collect(gen). It returned {show(result)}; expected a pair (items, "
            f"returned): {show(expected)}."
        )
    check(
        inspect.getgeneratorstate(gen) == inspect.GEN_CLOSED,
        "collect(gen) returned before gen had finished: drive it until StopIteration.",
    )


@task(2)
@pytest.mark.timeout(2)
def test_collect_of_an_empty_generator(topic):
    """collect of a generator that yields nothing gives ([], None)."""
    result = topic.collect(silent())
    check(
        isinstance(result, tuple | list) and len(result) == 2 and list(result[0]) == [],
        f"collect(gen) of a generator that yields nothing returned {show(result)}; "
        "expected ([], None).",
    )
    check(
        result[1] is None,
        f"collect(gen) of a generator that returns nothing gave {show(result[1])} as the "
        "returned value; expected None.",
    )


# Task 3


@task(3)
def test_even_squares_is_a_generator(topic):
    """even_squares(numbers) returns a generator, which pulls nothing until next()."""
    source = Source([1, 2, 3, 4])
    gen = topic.even_squares(source)
    check(
        isinstance(gen, types.GeneratorType),
        f"even_squares(numbers) returned {show(gen)}; expected a generator. Write a "
        "generator expression: parentheses around `x * x for x in numbers if ...`, not "
        "square brackets, which build a list.",
    )
    check(
        source.pulled == [],
        f"Just calling even_squares(numbers) already pulled {show(source.pulled)} from "
        "numbers; a generator pulls nothing until next() is called.",
    )


@task(3)
def test_even_squares_pulls_only_what_it_needs(topic):
    """Each next() on even_squares pulls only as far as the next even number."""
    numbers = [1, 3, 4, 5, 6, 7]
    source = Source(numbers)
    gen = topic.even_squares(source)
    value = next(iter(gen), None) if hasattr(gen, "__iter__") else None
    check(
        value == 16,
        f"next() on even_squares({numbers}) gave {show(value)}; expected 16 (4 squared).",
    )
    check(
        source.pulled == [1, 3, 4],
        f"To give its first square, even_squares({numbers}) pulled {show(source.pulled)}; "
        "expected only [1, 3, 4], up to the first even number. A list computes everything "
        "at once; a generator expression computes one value per next().",
    )
    rest = first(gen, 10, f"even_squares({numbers})")
    check(rest == [36], f"After 16, even_squares({numbers}) gave {show(rest)}; expected [36].")
    everything = first(topic.even_squares(range(-4, 5)), 20, "even_squares(range(-4, 5))")
    check(
        everything == [16, 4, 0, 4, 16],
        f"even_squares(range(-4, 5)) gave {show(everything)}; expected [16, 4, 0, 4, 16].",
    )


@task(3)
def test_even_squares_of_an_endless_source(topic):
    """even_squares of an endless iterator gives its first squares without hanging."""
    source = Source()
    try:
        squares = first(topic.even_squares(source), 3, "even_squares(itertools.count())")
    except PulledTooMuch:
        fail(
            "even_squares(itertools.count()) tried to read the whole endless input before "
            "giving anything back. A generator expression computes one value per next()."
        )
    check(
        squares == [0, 4, 16],
        f"The first three of even_squares(itertools.count()) were {show(squares)}; "
        "expected [0, 4, 16].",
    )


# Task 4


@task(4)
def test_fibonacci_starts_right(topic):
    """fibonacci() is a generator function yielding 0, 1, 1, 2, 3, 5, 8, ..."""
    expect_generator_function(topic.fibonacci, "fibonacci")
    head = list(itertools.islice(topic.fibonacci(), 10))
    expected = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]
    check(
        head == expected,
        f"The first ten of fibonacci() were {show(head)}; expected {show(expected)}.",
    )


@task(4)
def test_fibonacci_never_ends(topic):
    """fibonacci() keeps going: a thousand next() calls never raise StopIteration."""
    expect_generator_function(topic.fibonacci, "fibonacci")
    gen = topic.fibonacci()
    previous = None
    for count in range(1000):
        try:
            value = next(gen)
        except StopIteration:
            fail(
                f"fibonacci() stopped after {count} numbers; it should never end. Loop "
                "with `while True:` around the yield."
            )
        if count >= 3:
            check(
                value > previous,
                f"Number {count} of fibonacci() was {show(value)}, after {show(previous)}; "
                "each number should be the sum of the two before it.",
            )
        previous = value


# Task 5


@task(5)
def test_take_from_an_endless_source(topic):
    """take(5, endless) gives its first 5 items and pulls exactly 5."""
    source = Source()
    try:
        result = topic.take(5, source)
    except PulledTooMuch:
        fail(
            "Called take(5, itertools.count()). It tried to read the whole endless input. "
            "Use itertools.islice(iterable, n), which stops after n items."
        )
    check(
        result == [0, 1, 2, 3, 4],
        f"Called take(5, itertools.count()). It returned {show(result)}; expected the "
        "list [0, 1, 2, 3, 4].",
    )
    check(
        len(source.pulled) == 5,
        f"Called take(5, itertools.count()). It pulled {len(source.pulled)} items; "
        "expected exactly 5: the item after them is pulled and then lost.",
    )


@task(5)
def test_take_shares_an_iterator_without_losing_items(topic):
    """take(2, it) twice on one iterator gives items 1-2, then 3-4, none lost."""
    source = Source(["a", "b", "c", "d", "e"])
    try:
        one = topic.take(2, source)
        pulled_by_first = len(source.pulled)
        two = topic.take(2, source)
    except PulledTooMuch:
        fail("take(2, iterator) read far more than 2 items.")
    if (list(one), list(two)) != (["a", "b"], ["c", "d"]):
        why = (
            f"The first call pulled {pulled_by_first} items instead of 2, so the ones after "
            "'b' were lost to the second call."
            if pulled_by_first > 2
            else ""
        )
        fail(
            f"Called take(2, it) twice on it = iter('abcde'). It gave {show(one)}, then "
            f"{show(two)}; expected ['a', 'b'], then ['c', 'd']. {why} islice(it, n) pulls "
            "exactly n items."
        )
    zero = topic.take(0, Source())
    check(list(zero) == [], f"take(0, it) returned {show(zero)}; expected [].")
    short = topic.take(3, Source([1, 2]))
    check(
        list(short) == [1, 2],
        f"take(3, iter([1, 2])) returned {show(short)}; expected [1, 2]: all there is.",
    )


# Task 6


@task(6)
def test_running_total_is_lazy(topic):
    """running_total(numbers) pulls one number per total it gives."""
    source = Source([5, 1, 2])
    gen = topic.running_total(source)
    check(
        source.pulled == [] and hasattr(gen, "__next__"),
        f"running_total([5, 1, 2]) read {show(source.pulled)} and returned a "
        f"{type(gen).__name__} before anybody asked for a total. Make it a generator: yield "
        "each total as soon as you have it.",
    )
    value = next(gen)
    check(value == 5, f"The first total of running_total([5, 1, 2]) was {show(value)}; expected 5.")
    check(
        source.pulled == [5],
        f"To give its first total, running_total([5, 1, 2]) pulled {show(source.pulled)}; "
        "expected only [5]: do not compute ahead.",
    )
    rest = first(gen, 10, "running_total([5, 1, 2])")
    check(rest == [6, 8], f"After 5, running_total([5, 1, 2]) gave {show(rest)}; expected [6, 8].")


@task(6)
def test_running_total_of_an_endless_source(topic):
    """running_total(itertools.count(1)) gives 1, 3, 6, 10 without hanging."""
    source = Source(itertools.count(1))
    try:
        gen = topic.running_total(source)
        head = first(gen, 4, "running_total(itertools.count(1))")
    except PulledTooMuch:
        fail(
            "running_total(itertools.count(1)) tried to read the whole endless input "
            "before giving back a total. Yield each total as soon as you have it."
        )
    check(
        head == [1, 3, 6, 10],
        f"The first four of running_total(itertools.count(1)) were {show(head)}; "
        "expected [1, 3, 6, 10].",
    )
    empty = first(topic.running_total([]), 5, "running_total([])")
    check(empty == [], f"running_total([]) gave {show(empty)}; expected nothing.")


# Task 7

LINES = ["# readings", "3", "", "  4 ", "#  done?", "5\n"]


@task(7)
def test_clean_strips_and_skips(topic):
    """clean(lines) strips lines and drops blanks and comments, one line at a time."""
    source = Source(LINES)
    gen = topic.clean(source)
    check(
        source.pulled == [],
        f"Just calling clean(lines) pulled {show(source.pulled)}; it should pull nothing "
        "until next() is called.",
    )
    head = first(gen, 1, "clean(lines)")
    check(head == ["3"], f"The first line of clean({LINES}) was {show(head)}; expected ['3'].")
    check(
        source.pulled == LINES[:2],
        f"To give its first line, clean({LINES}) pulled {show(source.pulled)}; expected "
        f"only {show(LINES[:2])}.",
    )
    rest = first(gen, 10, "clean(lines)")
    check(
        rest == ["4", "5"],
        f"After '3', clean({LINES}) gave {show(rest)}; expected ['4', '5']: lines are "
        "stripped, and blank lines and lines starting with '#' are skipped.",
    )


@task(7)
def test_parse_turns_lines_into_ints(topic):
    """parse(['3', '-4', '10']) yields 3, -4 and 10, one at a time."""
    source = Source(["3", "-4", "10"])
    gen = topic.parse(source)
    check(
        source.pulled == [],
        f"Just calling parse(lines) pulled {show(source.pulled)}; it should pull nothing "
        "until next() is called.",
    )
    head = first(gen, 1, "parse(lines)")
    check(
        head == [3] and source.pulled == ["3"],
        f"The first next() on parse(['3', '-4', '10']) gave {show(head)} after pulling "
        f"{show(source.pulled)}; expected 3, after pulling only ['3'].",
    )
    rest = first(gen, 10, "parse(lines)")
    check(
        rest == [-4, 10], f"After 3, parse(['3', '-4', '10']) gave {show(rest)}; expected [-4, 10]."
    )


def reference_running_total(numbers):
    total = 0
    for number in numbers:
        total += number
        yield total


@task(7)
def test_totals_chains_the_stages_one_item_at_a_time(topic, monkeypatch):
    """totals(lines) gives each running total as soon as its line has been read."""
    # Task 6 is graded on its own: here totals uses a running_total known to be lazy.
    monkeypatch.setattr(topic.module, "running_total", reference_running_total)
    events = []
    source = Source(LINES, events=events)
    gen = topic.totals(source)
    check(
        events == [],
        f"Just calling totals(lines) pulled {show(source.pulled)}; building a pipeline "
        "should pull nothing until next() is called on its last stage.",
    )
    got = []
    for _ in range(10):
        try:
            value = next(gen)
        except StopIteration:
            break
        except PulledTooMuch:
            fail("totals(lines) kept reading far past the end of its input.")
        got.append(value)
        events.append(("gave", value))
    check(
        got == [3, 7, 12],
        f"totals({LINES}) gave {show(got)}; expected [3, 7, 12]: clean, then parse, then "
        "running_total.",
    )
    expected = [
        ("pulled", "# readings"),
        ("pulled", "3"),
        ("gave", 3),
        ("pulled", ""),
        ("pulled", "  4 "),
        ("gave", 7),
        ("pulled", "#  done?"),
        ("pulled", "5\n"),
        ("gave", 12),
    ]
    if events != expected:
        story = "\n".join(f"  {what} {value!r}" for what, value in events)
        fail(
            f"totals(lines) read its input ahead of what was asked. What happened:\n{story}\n"
            "Expected each total to be given as soon as its line was read: every stage "
            "should be a generator pulling one item at a time from the stage before."
        )
