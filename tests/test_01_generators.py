"""Hidden tests for topic 01: generators."""

import inspect
import itertools
import types

import pytest

from grader import check, expect_result, fail, same, show, task

PROMISES = {
    1: {
        "countdown-is-a-generator-function": "countdown is a generator function: calling it "
        "gives a generator object",
        "countdown-yields-n-to-1": "next() gives the ints n, n - 1, ..., 1, then raises "
        "StopIteration",
        "countdown-of-zero-yields-nothing": "countdown(0) yields nothing",
    },
    2: {
        "collect-returns-a-tuple-of-list-and-value": "collect returns a tuple (items, "
        "returned) whose items is the list of the values yielded",
        "collect-reads-the-returned-value": "returned is the value the body returned, found "
        "on the StopIteration",
        "collect-runs-to-stop-iteration": "only StopIteration ends the driving: falsy items "
        "are items, and the generator is finished when collect returns",
        "collect-of-an-empty-generator": "a generator that yields nothing and returns nothing "
        "gives ([], None)",
    },
    3: {
        "even-squares-is-a-generator-expression": "even_squares returns a generator; nothing "
        "is pulled from numbers before the first next",
        "even-squares-pulls-to-next-even": "each next pulls only as far as the next even "
        "number, so an endless source works",
        "even-squares-values": "the int squares of the even numbers, in order",
    },
    4: {
        "fibonacci-is-a-generator-function": "fibonacci is a generator function",
        "fibonacci-values": "it yields exactly 0, 1, 1, 2, 3, 5, 8, ..., each the sum of the "
        "two before",
        "fibonacci-never-ends": "it never stops",
    },
    5: {
        "take-returns-a-list": "take returns the first n items as a list",
        "take-fewer-when-it-runs-out": "fewer than n items if the iterable runs out, and "
        "nothing added",
        "take-works-on-endless": "it works on an endless iterable",
        "take-pulls-exactly-what-it-returns": "it pulls exactly the items it returns: a second "
        "take on a shared iterator carries on without losing an item",
    },
    6: {
        "running-total-is-lazy": "running_total pulls nothing until asked and one number per "
        "total, so it works on an endless input",
        "running-total-values": "it yields the running total after each number, nothing for "
        "an empty input",
    },
    7: {
        "clean-strips-lines": "clean yields each line stripped of surrounding whitespace",
        "clean-skips-blank-lines": "clean skips empty and whitespace-only lines",
        "clean-skips-comment-lines": "clean skips comment lines, starting with # once "
        "stripped (indented comments too)",
        "clean-one-line-at-a-time": "clean pulls nothing when called and one line at a time",
        "parse-yields-ints": "parse yields int(line) for each line",
        "parse-one-line-at-a-time": "parse pulls nothing when called and one line per number",
        "totals-chains-the-stages": "totals chains clean, then parse, then running_total",
        "totals-one-item-at-a-time": "totals pulls nothing when called and gives each total "
        "as soon as its number line has been read",
    },
}

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


def type_names(values):
    """The types in ``values``, for messages: 'int', 'float and int'."""
    return " and ".join(sorted({type(value).__name__ for value in values})) or "nothing"


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


@task(1, checks=("countdown-is-a-generator-function",))
def test_countdown_is_a_generator_function(topic):
    """countdown is a generator function: calling it gives a generator object."""
    expect_generator_function(topic.countdown, "countdown", 3)
    gen = topic.countdown(3)
    check(
        isinstance(gen, types.GeneratorType),
        f"countdown(3) returned {show(gen)}; expected a generator object.",
    )


@task(1, checks=("countdown-yields-n-to-1",))
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
            same(value, expected),
            f"next() on countdown(3) gave {show(value)} ({type(value).__name__}); expected "
            f"the int {expected}.",
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


@task(1, checks=("countdown-yields-n-to-1",))
def test_countdown_from_fifty(topic):
    """countdown(50) yields 50, 49, ..., 1."""
    expect_generator_function(topic.countdown, "countdown", 50)
    many = list(itertools.islice(topic.countdown(50), 60))
    check(
        same(many, list(range(50, 0, -1))),
        f"countdown(50) yielded {show(many)}; expected the ints 50, 49, ..., 1.",
    )


@task(1, checks=("countdown-of-zero-yields-nothing",))
def test_countdown_of_zero(topic):
    """countdown(0) yields nothing at all."""
    expect_generator_function(topic.countdown, "countdown", 0)
    nothing = list(itertools.islice(topic.countdown(0), 5))
    check(nothing == [], f"countdown(0) yielded {show(nothing)}; expected nothing at all.")


# Task 2


def story():
    """A generator that yields three words and returns a fourth."""
    yield "once"
    yield "upon"
    yield "a"
    return "time"


def falsy_story():
    """A generator whose items are falsy: only StopIteration ends it."""
    yield 0
    yield None
    yield ""
    yield "end"
    return 42


def silent():
    """A generator that yields nothing and returns nothing."""
    return
    yield


@task(2, checks=("collect-returns-a-tuple-of-list-and-value", "collect-reads-the-returned-value"))
@pytest.mark.timeout(2)
def test_collect_returns_items_and_returned_value(topic):
    """collect(gen) gives the yielded items and the value the generator returned."""
    gen = story()
    result = topic.collect(gen)
    call = "collect(gen), where gen yields 'once', 'upon', 'a' and then returns 'time'"
    if (
        isinstance(result, tuple | list)
        and len(result) == 2
        and same(result[0], ["once", "upon", "a"])
    ):
        check(
            same(result[1], "time"),
            f"Called {call}. The returned value was {show(result[1])}; expected 'time'. It "
            "is on the StopIteration: `except StopIteration as stop: ... stop.value`.",
        )
    expect_result(
        result,
        (["once", "upon", "a"], "time"),
        call=call,
        meaning="a tuple (items, returned), items being a list",
    )
    check(
        inspect.getgeneratorstate(gen) == inspect.GEN_CLOSED,
        "collect(gen) returned before gen had finished: drive it until StopIteration.",
    )


@task(2, checks=("collect-runs-to-stop-iteration",))
@pytest.mark.timeout(2)
def test_collect_keeps_falsy_items(topic):
    """collect(gen) keeps 0, None and '' items: only StopIteration ends the generator."""
    gen = falsy_story()
    result = topic.collect(gen)
    expect_result(
        result,
        ([0, None, "", "end"], 42),
        call="collect(gen), where gen yields 0, None, '', 'end' and then returns 42",
        meaning="falsy items are items too: only StopIteration ends the generator",
    )
    check(
        inspect.getgeneratorstate(gen) == inspect.GEN_CLOSED,
        "collect(gen) returned before gen had finished: drive it until StopIteration.",
    )


@task(2, checks=("collect-of-an-empty-generator",))
@pytest.mark.timeout(2)
def test_collect_of_an_empty_generator(topic):
    """collect of a generator that yields nothing gives ([], None)."""
    try:
        result = topic.collect(silent())
    except StopIteration:
        fail(
            "Called collect(gen), where gen yields nothing. StopIteration escaped from "
            "collect; expected ([], None): every next(gen) belongs inside the try."
        )
    expect_result(
        result,
        ([], None),
        call="collect(gen), where gen yields nothing and returns nothing",
    )


# Task 3


@task(3, checks=("even-squares-is-a-generator-expression",))
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


@task(3, checks=("even-squares-pulls-to-next-even",))
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


@task(3, checks=("even-squares-values",))
def test_even_squares_values(topic):
    """even_squares(range(-4, 5)) gives the int squares 16, 4, 0, 4, 16, in order."""
    everything = first(topic.even_squares(range(-4, 5)), 20, "even_squares(range(-4, 5))")
    check(
        same(everything, [16, 4, 0, 4, 16]),
        f"even_squares(range(-4, 5)) gave {show(everything)} ({type_names(everything)}); "
        "expected the ints 16, 4, 0, 4, 16: number * number keeps an int.",
    )


@task(3, checks=("even-squares-pulls-to-next-even",))
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


def fibonacci_numbers(count):
    """The first ``count`` Fibonacci numbers, computed here with ints."""
    numbers, current, following = [], 0, 1
    for _ in range(count):
        numbers.append(current)
        current, following = following, current + following
    return numbers


@task(4, checks=("fibonacci-is-a-generator-function", "fibonacci-values"))
def test_fibonacci_starts_right(topic):
    """fibonacci() is a generator function yielding 0, 1, 1, 2, 3, 5, 8, ..."""
    expect_generator_function(topic.fibonacci, "fibonacci")
    head = list(itertools.islice(topic.fibonacci(), 10))
    expected = fibonacci_numbers(10)
    check(
        same(head, expected),
        f"The first ten of fibonacci() were {show(head)} ({type_names(head)}); expected the "
        f"ints {show(expected)}.",
    )


@task(4, checks=("fibonacci-values",))
def test_fibonacci_stays_exact(topic):
    """The first thousand numbers of fibonacci() are each exactly the sum of the two before."""
    expect_generator_function(topic.fibonacci, "fibonacci")
    got = list(itertools.islice(topic.fibonacci(), 1000))
    for index, (value, expected) in enumerate(zip(got, fibonacci_numbers(1000), strict=True)):
        if not same(value, expected):
            fail(
                f"Number {index} of fibonacci() was {show(value)}; expected {show(expected)}, "
                "the sum of the two before it. Add ints, as in `a, b = b, a + b`: a float "
                "formula loses digits."
            )


@task(4, checks=("fibonacci-never-ends",))
def test_fibonacci_never_ends(topic):
    """fibonacci() keeps going: a thousand next() calls never raise StopIteration."""
    expect_generator_function(topic.fibonacci, "fibonacci")
    gen = topic.fibonacci()
    for count in range(1000):
        try:
            next(gen)
        except StopIteration:
            fail(
                f"fibonacci() stopped after {count} numbers; it should never end. Loop "
                "with `while True:` around the yield."
            )


# Task 5


@task(5, checks=("take-works-on-endless", "take-returns-a-list"))
def test_take_from_an_endless_source(topic):
    """take(5, endless) gives its first 5 items as a list."""
    source = Source()
    try:
        result = topic.take(5, source)
    except PulledTooMuch:
        fail(
            "Called take(5, itertools.count()). It tried to read the whole endless input. "
            "Use itertools.islice(iterable, n), which stops after n items."
        )
    expect_result(result, [0, 1, 2, 3, 4], call="take(5, itertools.count())")


@task(5, checks=("take-pulls-exactly-what-it-returns",))
def test_take_pulls_exactly_n(topic):
    """take(5, endless) pulls exactly 5 items, and take(0, it) pulls none."""
    source = Source()
    try:
        topic.take(5, source)
    except PulledTooMuch:
        fail("Called take(5, itertools.count()). It tried to read the whole endless input.")
    check(
        len(source.pulled) == 5,
        f"Called take(5, itertools.count()). It pulled {len(source.pulled)} items; "
        "expected exactly 5: the item after them is pulled and then lost.",
    )
    source = Source()
    zero = topic.take(0, source)
    expect_result(zero, [], call="take(0, itertools.count())")
    check(
        source.pulled == [],
        f"Called take(0, itertools.count()). It pulled {show(source.pulled)}; expected "
        "nothing: that item is lost for the next reader.",
    )


@task(5, checks=("take-pulls-exactly-what-it-returns",))
def test_take_shares_an_iterator_without_losing_items(topic):
    """take(2, it) twice on one iterator gives items 1-2, then 3-4, none lost."""
    source = Source(["a", "b", "c", "d", "e"])
    try:
        one = topic.take(2, source)
        pulled_by_first = len(source.pulled)
        two = topic.take(2, source)
    except PulledTooMuch:
        fail("take(2, iterator) read far more than 2 items.")
    if not same((one, two), (["a", "b"], ["c", "d"])):
        why = (
            f"The first call pulled {pulled_by_first} items instead of 2, so the ones after "
            "'b' were lost to the second call. "
            if pulled_by_first > 2
            else ""
        )
        fail(
            f"Called take(2, it) twice on it = iter('abcde'). It gave {show(one)}, then "
            f"{show(two)}; expected the lists ['a', 'b'], then ['c', 'd']. {why}"
            "islice(it, n) pulls exactly n items."
        )


@task(5, checks=("take-fewer-when-it-runs-out",))
def test_take_more_than_there_is(topic):
    """take(3, iter([1, 2])) gives [1, 2]: all there is, nothing added."""
    short = topic.take(3, Source([1, 2]))
    expect_result(
        short, [1, 2], call="take(3, iter([1, 2]))", meaning="all there is, nothing added"
    )


# Task 6


@task(6, checks=("running-total-is-lazy",))
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


@task(6, checks=("running-total-values",))
def test_running_total_values(topic):
    """running_total([5, 1, 2]) gives 5, 6, 8."""
    got = first(topic.running_total(Source([5, 1, 2])), 10, "running_total([5, 1, 2])")
    check(
        same(got, [5, 6, 8]),
        f"running_total([5, 1, 2]) gave {show(got)}; expected 5, 6, 8: the total after "
        "each number, yielded once the number has been added.",
    )


@task(6, checks=("running-total-is-lazy",))
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


@task(6, checks=("running-total-values",))
def test_running_total_of_nothing(topic):
    """running_total([]) yields nothing."""
    empty = first(topic.running_total([]), 5, "running_total([])")
    check(empty == [], f"running_total([]) gave {show(empty)}; expected nothing.")


# Task 7

LINES = ["# readings", "3", "", "  4 ", "#  done?", "5\n"]


@task(7, checks=("clean-one-line-at-a-time",))
def test_clean_pulls_one_line_at_a_time(topic):
    """clean(lines) pulls nothing when called, then only up to the first line it gives."""
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


@task(7, checks=("clean-strips-lines",))
def test_clean_strips_lines(topic):
    """clean(lines) yields each kept line stripped of surrounding whitespace."""
    lines = ["  4 ", "\t5\n", "6"]
    got = first(topic.clean(Source(lines)), 10, "clean(lines)")
    check(
        same(got, ["4", "5", "6"]),
        f"clean({lines}) gave {show(got)}; expected ['4', '5', '6']: each line stripped of "
        "the whitespace on both sides, with line.strip().",
    )


@task(7, checks=("clean-skips-blank-lines",))
def test_clean_skips_whitespace_only_lines(topic):
    """clean(lines) skips empty and whitespace-only lines."""
    lines = ["1", "", "   ", "\t\n", "2"]
    got = first(topic.clean(Source(lines)), 10, "clean(lines)")
    check(
        same(got, ["1", "2"]),
        f"clean({lines}) gave {show(got)}; expected ['1', '2']: a line of only spaces, "
        "tabs or a newline is blank too. Strip first, then test the stripped line.",
    )


@task(7, checks=("clean-skips-comment-lines",))
def test_clean_skips_indented_comments(topic):
    """clean(lines) skips comment lines, indented ones too."""
    lines = ["# top", "1", "   # indented", "\t#tab", "2"]
    got = first(topic.clean(Source(lines)), 10, "clean(lines)")
    check(
        same(got, ["1", "2"]),
        f"clean({lines}) gave {show(got)}; expected ['1', '2']: a line that starts with "
        "'#' once stripped is a comment, however far it is indented.",
    )


@task(7, checks=("parse-one-line-at-a-time", "parse-yields-ints"))
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
        same(head, [3]) and source.pulled == ["3"],
        f"The first next() on parse(['3', '-4', '10']) gave {show(head)} after pulling "
        f"{show(source.pulled)}; expected the int 3, after pulling only ['3'].",
    )
    rest = first(gen, 10, "parse(lines)")
    check(
        same(rest, [-4, 10]),
        f"After 3, parse(['3', '-4', '10']) gave {show(rest)} ({type_names(rest)}); expected "
        "the ints -4 and 10: int(line).",
    )


def reference_running_total(numbers):
    total = 0
    for number in numbers:
        total += number
        yield total


@task(7, checks=("totals-chains-the-stages",))
def test_totals_gives_the_running_totals(topic, monkeypatch):
    """totals(lines) gives the running totals of the number lines: clean, parse, then total."""
    # Task 6 is graded on its own: here totals uses a running_total known to be right.
    monkeypatch.setattr(topic.module, "running_total", reference_running_total)
    got = []
    gen = topic.totals(Source(LINES))
    for _ in range(10):
        try:
            got.append(next(gen))
        except StopIteration:
            break
        except (ValueError, TypeError) as error:
            fail(
                f"totals({LINES}) raised {type(error).__name__}: {error}. Chain the stages "
                "in order: clean first, so that parse sees only number lines, then "
                "running_total."
            )
        except PulledTooMuch:
            fail("totals(lines) kept reading far past the end of its input.")
    check(
        same(got, [3, 7, 12]),
        f"totals({LINES}) gave {show(got)}; expected [3, 7, 12]: clean, then parse, then "
        "running_total.",
    )


@task(7, checks=("totals-one-item-at-a-time",))
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
    for _ in range(10):
        try:
            value = next(gen)
        except StopIteration:
            break
        except (ValueError, TypeError) as error:
            fail(
                f"totals({LINES}) raised {type(error).__name__}: {error}. Chain the stages "
                "in order: clean first, so that parse sees only number lines, then "
                "running_total."
            )
        except PulledTooMuch:
            fail("totals(lines) kept reading far past the end of its input.")
        events.append(("gave", value))
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
