"""Hidden tests for topic 01: generators."""

import inspect
import itertools
import sys
import types

import pytest

from grader import N_, _, check, expect_result, fail, same, show, task
from grader.inside.evidence import record
from grader.inside.suite import called, expect_equal, expect_generator_function, show_typed

PROMISES = {
    1: {
        "countdown-is-a-generator-function": "countdown is a generator function: calling it "
        "gives a generator object",
        "countdown-yields-n-to-1": "next() gives the ints n, n - 1, ..., 1, then raises "
        "StopIteration",
        "countdown-of-zero-yields-nothing": "countdown(0) yields nothing, and so does a negative n",
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
ISLICE = N_("Use itertools.islice(iterable, n), which stops after n items.")
ONE_PER_NEXT = N_("A generator expression computes one value per next().")
ZERO_IS_EVEN = N_("0 is even too (0 % 2 == 0), and its square, 0, is a value like any other.")
YIELD_AT_ONCE = N_("Yield each total as soon as you have it.")


class PulledTooMuch(Exception):
    """The code under test kept pulling from an endless source."""


class Source:
    """An iterator over ``items`` (endless when None) that records every item pulled."""

    def __init__(self, items=None, events=None):
        self._items = iter(items) if items is not None else itertools.count()
        self.pulled = record()
        self.events = events

    def __iter__(self):
        return self

    def __next__(self):
        if len(self.pulled) >= PULL_LIMIT:
            raise PulledTooMuch(_("pulled more than {limit} items").format(limit=PULL_LIMIT))
        item = next(self._items)
        self.pulled.append(item)
        if self.events is not None:
            self.events.append(("pulled", item))
        return item


def first(iterator, n, what):
    """Up to ``n`` items from the learner's iterator, failing clearly if it is not one."""
    check(
        hasattr(iterator, "__next__"),
        _("{what} returned {got}, which is not an iterator: next() cannot be called on it."),
        what=what,
        got=show(iterator),
    )
    return list(itertools.islice(iterator, n))


def endless(function, *args, what, remedy):
    """``function(*args)``, failing with ``remedy`` (an ``N_`` text) if it kept reading an
    endless source."""
    try:
        return function(*args)
    except PulledTooMuch:
        fail(
            _("{what} tried to read the whole endless input before giving anything back. {remedy}"),
            what=what,
            remedy=_(remedy),
        )


def expect_pulled(source, want, what):
    """Fail unless ``what`` pulled exactly ``want`` from ``source`` (nothing when called)."""
    if want == []:
        message = _("Just calling {what} pulled {pulled}; it should pull nothing until next().")
    else:
        message = _("To give its first item, {what} pulled {pulled}; expected only {want}.")
    check(source.pulled == want, message, what=what, pulled=show(source.pulled), want=show(want))


# Task 1


@task(1, checks=("countdown-is-a-generator-function", "countdown-yields-n-to-1"))
def test_countdown_yields_then_stops(topic):
    """countdown(3) gives a generator: next() gives 3, then 2, then 1, then StopIteration."""
    expect_generator_function(topic.countdown, "countdown", 3)
    gen = topic.countdown(3)
    check(
        isinstance(gen, types.GeneratorType),
        _("countdown(3) returned {got}; expected a generator object."),
        got=show(gen),
    )
    for expected in (3, 2, 1):
        value = next(gen, StopIteration)
        check(
            value is not StopIteration,
            _("next() on countdown(3) raised StopIteration where {want} was expected."),
            want=expected,
        )
        expect_equal(value, expected, what=_("next() on countdown(3)"))
    extra = next(gen, StopIteration)
    check(
        extra is StopIteration,
        _(
            "After 3, 2 and 1, next() on countdown(3) gave {got}; expected it to raise "
            "StopIteration: the generator should end after 1."
        ),
        got=show(extra),
    )


@task(1, checks=("countdown-yields-n-to-1", "countdown-of-zero-yields-nothing"))
@pytest.mark.parametrize("n", [50, 0, -3, 5000])
def test_countdown_from_fifty_and_from_zero(topic, n):
    """countdown(50) yields 50, 49, ..., 1, and countdown(0) yields nothing at all."""
    expect_generator_function(topic.countdown, "countdown", n)
    got = list(itertools.islice(topic.countdown(n), max(n, 0) + 10))  # every number, however many
    if n < 0:
        hint = _("like 0, a negative n yields nothing: go on while n > 0, not while n != 0.")
    else:
        hint = _("every number from n down to 1, however large n is.")
    expect_equal(got, list(range(n, 0, -1)), what=f"countdown({n})", hint=hint if n else "")


# Task 2


def story(items, returned):
    """A generator that yields ``items``, then returns ``returned``."""
    yield from items
    return returned


COLLECT_CASES = {
    "story": (
        (("once", "upon", "a"), "time"),
        N_("collect(gen), where gen yields 'once', 'upon', 'a' and then returns 'time'"),
        N_("a tuple (items, returned), items being a list"),
    ),
    "long": (
        (range(5000), "end"),
        N_("collect(gen), where gen yields 0, 1, ..., 4999 and then returns 'end'"),
        N_("every item, however many: only StopIteration ends the driving"),
    ),
    "falsy": (
        ((0, None, "", "end"), 42),
        N_("collect(gen), where gen yields 0, None, '', 'end' and then returns 42"),
        N_("falsy items are items too: only StopIteration ends the generator"),
    ),
    "falsy-return": (
        (("zero",), 0),
        N_("collect(gen), where gen yields 'zero' and then returns 0"),
        N_("the value the body returned, even a falsy one such as 0: stop.value as it is"),
    ),
    "silent": (
        ((), None),
        N_("collect(gen), where gen yields nothing and returns nothing"),
        N_("a tuple (items, returned), items being a list"),
    ),
}


@task(
    2,
    checks=(
        "collect-returns-a-tuple-of-list-and-value",
        "collect-reads-the-returned-value",
        "collect-runs-to-stop-iteration",
        "collect-of-an-empty-generator",
    ),
)
@pytest.mark.timeout(2)
@pytest.mark.parametrize("case", list(COLLECT_CASES))
def test_collect_returns_items_and_returned_value(topic, case):
    """collect(gen) gives the yielded items and the value the generator returned."""
    (yielded, returned), call, meaning = COLLECT_CASES[case]
    expected = (list(yielded), returned)  # the suite's data stays a tuple, a range: unchanging
    gen, call = story(*expected), _(call)
    try:
        result = topic.collect(gen)
    except StopIteration:
        called(call).fail(
            _("StopIteration escaped from collect: every next(gen) belongs inside the try.")
        )
    items, returned = expected
    if isinstance(result, tuple | list) and len(result) == 2 and same(result[0], items):
        called(call).check(
            same(result[1], returned),
            _(
                "The returned value was {got}; expected {want}. It is on the StopIteration: "
                "`except StopIteration as stop: ... stop.value`."
            ),
            got=show(result[1]),
            want=show(returned),
        )
    expect_result(result, expected, call=call, meaning=_(meaning))
    check(
        inspect.getgeneratorstate(gen) == inspect.GEN_CLOSED,
        _("collect(gen) returned before gen had finished: drive it until StopIteration."),
    )


def broken_story():
    """A generator that yields twice, then fails with ValueError."""
    yield "once"
    yield "upon"
    raise ValueError


@task(2, checks=("collect-runs-to-stop-iteration",))
@pytest.mark.timeout(2)
def test_collect_lets_other_errors_out(topic):
    """collect(gen) of a generator that raises ValueError lets the ValueError out."""
    call = _("collect(gen), where gen yields 'once', 'upon' and then raises ValueError")
    try:
        result = topic.collect(broken_story())
    except ValueError:
        return
    called(call).fail(
        _(
            "It returned {got}; expected the ValueError to come out of collect. Only "
            "StopIteration means the generator has finished: catch StopIteration, not "
            "Exception."
        ),
        got=show_typed(result),
    )


# Task 3


@task(
    3,
    checks=(
        "even-squares-is-a-generator-expression",
        "even-squares-pulls-to-next-even",
        "even-squares-values",
    ),
)
def test_even_squares_pulls_only_what_it_needs(topic):
    """even_squares(numbers) is a generator; each next() pulls only up to the next even number."""
    numbers = [1, 3, 4, 5, 6, 7]
    source = Source(numbers)
    gen = topic.even_squares(source)
    check(
        isinstance(gen, types.GeneratorType),
        _(
            "even_squares(numbers) returned {got}; expected a generator. Write a generator "
            "expression: parentheses around `x * x for x in numbers if ...`, not square "
            "brackets, which build a list."
        ),
        got=show(gen),
    )
    expect_pulled(source, [], "even_squares(numbers)")
    call = f"even_squares({numbers})"
    head = first(gen, 1, call)
    expect_equal(head, [16], what=call)
    expect_pulled(source, [1, 3, 4], call)
    expect_equal(first(gen, 10, call), [36], what=_("After 16, {call}").format(call=call))
    call = "even_squares(itertools.count())"
    squares = endless(
        lambda: first(topic.even_squares(Source()), 3, call), what=call, remedy=ONE_PER_NEXT
    )
    zero = _(ZERO_IS_EVEN) if squares[:1] != [0] and 0 not in squares else ""
    expect_equal(squares, [0, 4, 16], what=call, hint=zero)


@task(3, checks=("even-squares-values",))
def test_even_squares_values(topic):
    """even_squares(range(-4, 5)) gives the int squares 16, 4, 0, 4, 16, in order."""
    call = "even_squares(range(-4, 5))"
    got = first(topic.even_squares(range(-4, 5)), 20, call)
    hint = _("number * number keeps an int.")
    if isinstance(got, list) and len(got) == 4 and 0 not in got:
        hint = _(ZERO_IS_EVEN)
    expect_equal(got, [16, 4, 0, 4, 16], what=call, hint=hint)


# Task 4


FIBONACCI_PULLS = 20_000  # numbers pulled from fibonacci(): any count it stops at is too few


def fibonacci_numbers(count):
    """The first ``count`` Fibonacci numbers, computed here with ints."""
    numbers, current, following = [], 0, 1
    for _index in range(count):
        numbers.append(current)
        current, following = following, current + following
    return numbers


@task(4, checks=("fibonacci-is-a-generator-function", "fibonacci-values", "fibonacci-never-ends"))
def test_fibonacci_stays_exact_and_never_ends(topic):
    """fibonacci() is a generator function yielding 0, 1, 1, 2, 3, 5, 8, ... for ever."""
    expect_generator_function(topic.fibonacci, "fibonacci")
    head = list(itertools.islice(topic.fibonacci(), 10))
    expect_equal(head, fibonacci_numbers(10), what=_("The first ten of fibonacci()"))
    pulled = list(itertools.islice(topic.fibonacci(), FIBONACCI_PULLS))
    expected = fibonacci_numbers(FIBONACCI_PULLS)
    # The first number that is wrong, or where it stopped: told as it came, in order.
    index = (
        len(pulled)
        if same(pulled, expected[: len(pulled)])
        else next(index for index, value in enumerate(pulled) if not same(value, expected[index]))
    )
    check(
        index < len(pulled) or len(pulled) == FIBONACCI_PULLS,
        _("fibonacci() stopped after {count} numbers; it should never end: `while True:`."),
        count=len(pulled),
    )
    if index < len(pulled):
        expect_equal(
            pulled[index],
            expected[index],
            what=_("Number {index} of fibonacci()").format(index=index),
            hint=_(
                "the sum of the two before it. Add ints, as in `a, b = b, a + b`: a float "
                "formula loses digits."
            ),
        )


@task(4, checks=("shared-state",))
def test_two_fibonaccis_at_once_each_give_the_whole_sequence(topic):
    """Two fibonacci() pulled in turns, one number each: both give 0, 1, 1, 2, 3, 5, 8, 13."""
    gens = (topic.fibonacci(), topic.fibonacci())
    got = [[], []]
    for _turn in range(8):
        for gen, numbers in zip(gens, got, strict=True):
            numbers.extend(first(gen, 1, "fibonacci()"))
    want = fibonacci_numbers(8)
    check(
        same(got, [want, want]),
        _(
            "Two fibonacci() in use at once, pulled in turns, one number each: the first gave "
            "{first}, the second {second}; expected {want} from each. Each generator keeps its "
            "own two numbers in local variables of its body: not in anything that every "
            "fibonacci() shares."
        ),
        first=show(got[0]),
        second=show(got[1]),
        want=show(want),
    )


# Task 5


@task(
    5, checks=("take-works-on-endless", "take-returns-a-list", "take-pulls-exactly-what-it-returns")
)
@pytest.mark.parametrize("n", [5, 0])
def test_take_from_an_endless_source(topic, n):
    """take(5, endless) gives its first 5 items as a list, pulling exactly 5; take(0, it) none."""
    source = Source()
    call = f"take({n}, itertools.count())"
    result = endless(topic.take, n, source, what=call, remedy=ISLICE)
    expect_result(result, list(range(n)), call=call)
    called(call).check(
        len(source.pulled) == n,
        _("It pulled {count} items; expected exactly {n}: one more is pulled and then lost."),
        count=len(source.pulled),
        n=n,
    )


@task(5, checks=("take-pulls-exactly-what-it-returns", "take-fewer-when-it-runs-out"))
def test_take_shares_an_iterator_without_losing_items(topic):
    """take(2, it) twice on one iterator gives items 1-2, then 3-4; take(3, iter([1, 2])) [1, 2]."""
    source = Source(["a", "b", "c", "d", "e"])
    got = [topic.take(2, source), topic.take(2, source)]
    expect_equal(
        got,
        [["a", "b"], ["c", "d"]],
        what=_("Called twice on it = iter('abcde'), take(2, it)"),
        hint=_(
            "the second call goes on where the first stopped, if that pulled only 2 items. "
            "islice(it, n) pulls exactly n items."
        ),
    )
    try:
        short = topic.take(3, Source([1, 2]))
    except StopIteration:
        called("take(3, iter([1, 2]))").fail(
            _(
                "StopIteration escaped from take: the iterable ran out after 2 items. Give "
                "back what there is: islice(iterable, n) stops by itself."
            )
        )
    expect_result(
        short,
        [1, 2],
        call="take(3, iter([1, 2]))",
        meaning=_("all there is, nothing added"),
    )


@task(5, checks=("take-pulls-exactly-what-it-returns", "take-fewer-when-it-runs-out"))
def test_take_keeps_falsy_items(topic):
    """take(4, iter([None, 0, '', False, 'x'])) gives [None, 0, '', False], pulling exactly 4."""
    items = [None, 0, "", False, "x"]
    source = Source(items)
    call = "take(4, iter([None, 0, '', False, 'x']))"
    got = topic.take(4, source)
    hint = _(
        "None, 0, '' and False are items like any other: only the end of the iterable stops "
        "take early (islice(iterable, n) does it; next(it, None) takes a None for the end)."
    )
    expect_equal(got, items[:4], what=call, hint=hint)
    called(call).check(
        len(source.pulled) == 4,
        _("It pulled {count} items; expected exactly {n}: one more is pulled and then lost."),
        count=len(source.pulled),
        n=4,
    )


@task(5, checks=("take-fewer-when-it-runs-out",))
def test_take_of_a_huge_n_from_a_short_iterable(topic):
    """take(sys.maxsize, iter([1, 2, 3])) gives [1, 2, 3]: n is only how many items at most."""
    call = "take(sys.maxsize, iter([1, 2, 3]))"
    try:
        got = topic.take(sys.maxsize, Source([1, 2, 3]))
    except (MemoryError, OverflowError) as error:
        called(call).fail(
            _(
                "It raised {error}; expected [1, 2, 3], all there is. n is how many items "
                "at most, not a size to make room for up front: build the list from the items "
                "that come, as list(itertools.islice(iterable, n)) does."
            ),
            error=type(error).__name__,
        )
    expect_result(got, [1, 2, 3], call=call, meaning=_("all there is, nothing added"))


# Task 6


@task(6, checks=("running-total-is-lazy", "running-total-values"))
def test_running_total_is_lazy(topic):
    """running_total(numbers) pulls one number per total it gives."""
    source = Source([5, 1, 2])
    call = "running_total([5, 1, 2])"
    gen = topic.running_total(source)
    check(
        source.pulled == [] and hasattr(gen, "__next__"),
        _(
            "{call} read {pulled} and returned {got} before anybody asked for a total. Make it "
            "a generator: yield each total as soon as you have it."
        ),
        call=call,
        pulled=show(source.pulled),
        got=show_typed(gen),
    )
    expect_equal(first(gen, 1, call), [5], what=call)
    expect_pulled(source, [5], call)
    call = "running_total(itertools.count(1))"
    head = endless(
        lambda: first(topic.running_total(Source(itertools.count(1))), 4, call),
        what=call,
        remedy=YIELD_AT_ONCE,
    )
    expect_equal(head, [1, 3, 6, 10], what=call)


@task(6, checks=("running-total-values",))
@pytest.mark.parametrize(
    ("numbers", "expected"), [([5, 1, 2], [5, 6, 8]), ([0, 2, 0, -2], [0, 2, 2, 0]), ([], [])]
)
def test_running_total_values(topic, numbers, expected):
    """running_total([5, 1, 2]) gives 5, 6, 8, and running_total([]) nothing."""
    call = f"running_total({numbers})"
    got = first(topic.running_total(Source(numbers)), 10, call)
    hint = _(
        "the total after each number, yielded once the number has been added: one total "
        "for every number, 0 included."
    )
    expect_equal(got, expected, what=call, hint=hint)


@task(6, checks=("shared-state",))
def test_two_running_totals_at_once_add_their_own_numbers(topic):
    """Two running_total() pulled in turns give 1, 3, 6 and 10, 30, 60: each adds its own."""
    gens = (topic.running_total(Source([1, 2, 3])), topic.running_total(Source([10, 20, 30])))
    got = [[], []]
    for _turn in range(3):
        for gen, totals in zip(gens, got, strict=True):
            totals.extend(first(gen, 1, "running_total(numbers)"))
    want = [[1, 3, 6], [10, 30, 60]]
    check(
        same(got, want),
        _(
            "running_total([1, 2, 3]) and running_total([10, 20, 30]) in use at once, pulled in "
            "turns, one total each: the first gave {first}, the second {second}; expected "
            "{want_first} and {want_second}. Each generator adds up only its own numbers: keep "
            "the total in a local variable of its body, not in anything every call shares."
        ),
        first=show(got[0]),
        second=show(got[1]),
        want_first=show(want[0]),
        want_second=show(want[1]),
    )


# Task 7

LINES = ["# readings", "3", "", "  4 ", "#  done?", "5\n"]
EVENTS = {"pulled": N_("pulled"), "gave": N_("gave")}  # what a pipeline's story tells


@task(7, checks=("clean-one-line-at-a-time",))
def test_clean_pulls_one_line_at_a_time(topic):
    """clean(lines) pulls nothing when called, then only up to the first line it gives."""
    source = Source(LINES)
    gen = topic.clean(source)
    expect_pulled(source, [], "clean(lines)")
    call = f"clean({LINES})"
    expect_equal(first(gen, 1, call), ["3"], what=call)
    expect_pulled(source, LINES[:2], call)


CLEAN_CASES = {
    "strips": (
        ["  4 ", "\t5\n", "6"],
        ["4", "5", "6"],
        N_("each line stripped of the whitespace on both sides, with line.strip()."),
    ),
    "blank": (
        ["1", "", "   ", "\t\n", "2"],
        ["1", "2"],
        N_(
            "a line of only spaces, tabs or a newline is blank too. Strip first, then test "
            "the stripped line."
        ),
    ),
    "comments": (
        ["# top", "1", "   # indented", "\t#tab", "2"],
        ["1", "2"],
        N_("a line that starts with '#' once stripped is a comment, however far it is indented."),
    ),
    "zero": (
        ["0", " 0 ", "00", "1"],
        ["0", "0", "00", "1"],
        N_(
            "'0' is a line like any other: skip only blank and comment lines, testing the "
            "stripped text, never its value."
        ),
    ),
    "hash-inside": (
        ["1", "a#b", " c # d ", "#e"],
        ["1", "a#b", "c # d"],
        N_("only a line starting with '#' once stripped is a comment; a '#' further on is text."),
    ),
}


@task(7, checks=("clean-strips-lines", "clean-skips-blank-lines", "clean-skips-comment-lines"))
@pytest.mark.parametrize("case", list(CLEAN_CASES))
def test_clean_strips_and_skips(topic, case):
    """clean(lines) strips each line, and skips blank lines and comment lines, indented too."""
    lines, expected, hint = CLEAN_CASES[case]
    call = f"clean({lines})"
    expect_equal(first(topic.clean(Source(lines)), 10, call), expected, what=call, hint=_(hint))


@task(7, checks=("parse-one-line-at-a-time", "parse-yields-ints"))
def test_parse_turns_lines_into_ints(topic):
    """parse(['3', '-4', '10']) yields 3, -4 and 10, one at a time."""
    source = Source(["3", "-4", "10"])
    call = "parse(['3', '-4', '10'])"
    gen = topic.parse(source)
    expect_pulled(source, [], "parse(lines)")
    expect_equal(first(gen, 1, call), [3], what=call)
    expect_pulled(source, ["3"], call)
    rest = first(gen, 10, call)
    expect_equal(rest, [-4, 10], what=_("After 3, {call}").format(call=call), hint="int(line).")


@task(7, checks=("parse-yields-ints",))
def test_parse_yields_zero_like_any_number(topic):
    """parse(['0', '5', '0']) yields 0, 5 and 0: a zero is a number like any other."""
    call = "parse(['0', '5', '0'])"
    got = first(topic.parse(Source(["0", "5", "0"])), 10, call)
    hint = _("0 is a number like any other: yield int(line) for every line, whatever its value.")
    expect_equal(got, [0, 5, 0], what=call, hint=hint)


@task(7, checks=("parse-yields-ints",))
def test_parse_lets_a_bad_line_raise(topic):
    """parse(['1', 'two', '3']) yields 1, then lets out the ValueError of int('two')."""
    call = "parse(['1', 'two', '3'])"
    gen = topic.parse(iter(["1", "two", "3"]))
    expect_equal(first(gen, 1, call), [1], what=call)
    message = _(
        "After 1, it gave {got}; expected the ValueError that int('two') raises: parse "
        "yields int(line) for each line, so a line that is not a number is an error to let "
        "out, not a line to skip."
    )
    expect_value_error_next(gen, call, message)


def expect_value_error_next(gen, call, message):
    """``gen``'s next step raises ValueError; else fail with ``message`` (its ``{got}``: what
    came instead)."""
    try:
        got = next(gen)
    except ValueError:
        return
    except StopIteration:
        got = _("the end (StopIteration)")
    else:
        got = show(got)
    called(call).fail(message, got=got)


BIG_LINES = ["12345678901234567891", "-98765432109876543210", "2.5"]


@task(7, checks=("parse-yields-ints",))
def test_parse_is_int_of_each_line(topic):
    """parse of two 20-digit lines yields those exact ints, then '2.5' raises as int('2.5') does."""
    call = f"parse({BIG_LINES})"
    gen = topic.parse(iter(BIG_LINES))
    hint = _(
        "int(line) reads every digit, however many; going through float() keeps only about "
        "16 of them."
    )
    expected = [int(line) for line in BIG_LINES[:2]]
    expect_equal(first(gen, 2, call), expected, what=call, hint=hint)
    message = _(
        "After the two numbers, it gave {got}; expected the ValueError that int('2.5') "
        "raises: parse yields int(line) for each line, and '2.5' is not an int (float() "
        "would accept it)."
    )
    expect_value_error_next(gen, call, message)


def reference_running_total(numbers):
    total = 0
    for number in numbers:
        total += number
        yield total


def drive_totals(topic, monkeypatch, events=None):
    """Every total of the learner's totals(LINES), on a running_total known to be right (task
    6 is graded on its own); the lines pulled and totals given are noted in ``events``."""
    monkeypatch.setattr(topic.module, "running_total", reference_running_total)
    source = Source(LINES, events=events)
    gen = topic.totals(source)
    expect_pulled(source, [], "totals(lines)")
    got = []
    for _turn in range(10):
        try:
            value = next(gen)
        except StopIteration:
            break
        except (ValueError, TypeError) as error:
            fail(
                _(
                    "totals({lines}) raised {error}. Chain the stages in order: clean first, "
                    "so that parse sees only number lines, then running_total."
                ),
                lines=LINES,
                error=f"{type(error).__name__}: {error}",
            )
        except PulledTooMuch:
            fail(_("totals(lines) kept reading far past the end of its input."))
        got.append(value)
        if events is not None:
            events.append(("gave", value))
    return got


@task(7, checks=("totals-chains-the-stages", "totals-one-item-at-a-time"))
def test_totals_chains_the_stages_one_item_at_a_time(topic, monkeypatch):
    """totals(lines) gives the running totals of the number lines, each once its line is read."""
    events = record(label="events")
    got = drive_totals(topic, monkeypatch, events)
    hint = _("clean, then parse, then running_total.")
    expect_equal(got, [3, 7, 12], what=f"totals({LINES})", hint=hint)
    expected = [("pulled", "# readings"), ("pulled", "3"), ("gave", 3), ("pulled", "")]
    expected += [("pulled", "  4 "), ("gave", 7), ("pulled", "#  done?"), ("pulled", "5\n")]
    check(
        events == [*expected, ("gave", 12)],
        _(
            "totals(lines) read its input ahead of what was asked. What happened:\n{story}\n"
            "Expected each total to be given as soon as its line was read: every stage should "
            "be a generator pulling one item at a time from the stage before."
        ),
        story="\n".join(f"  {_(EVENTS[what])} {value!r}" for what, value in events),
    )
