"""Hidden tests for topic 02: generator coroutines."""

import inspect
import math
import sys
import types

import pytest

from grader import N_, _, check, fail, same, show, task
from grader.inside.evidence import record
from grader.inside.suite import expect_equal, expect_generator_function, show_typed

PROMISES = {
    1: {
        "averager-primes-to-none": "primed with next, averager yields None",
        "averager-yields-the-running-average": "each send returns the float average of every "
        "number sent so far",
        "averager-keeps-its-own-numbers": "each averager keeps its own numbers",
    },
    2: {
        "primed-primes-at-each-call": "the decorated function returns its generator advanced "
        "to its first yield, once, at each call (not while decorating)",
        "primed-new-generator-each-call": "every call makes a new generator",
        "primed-passes-the-arguments": "the arguments, keyword ones too, are passed through",
        "primed-keeps-name-and-docstring": "the decorated function keeps its name and docstring",
    },
    3: {
        "subtotal-yields-none": "subtotal yields None, nothing useful",
        "subtotal-returns-the-sum-on-none": "sent None, it returns the int sum of the numbers "
        "sent (0 counts as a number), on the StopIteration",
    },
    4: {
        "group-totals-passes-sends-in": "every value sent reaches the current subtotal",
        "group-totals-passes-yields-out": "whatever subtotal yields comes back out",
        "group-totals-appends-return-values": "each subtotal's return value is appended to results",
        "group-totals-runs-one-subtotal-after-another": "when a subtotal ends, the next one starts",
    },
    5: {
        "resettable-averages-like-averager": "primed it yields None, then each send returns "
        "the float average, like averager",
        "reset-starts-over": "throw(Reset()) returns None and forgets every number: the next "
        "send(4) returns 4.0",
        "other-exceptions-come-out": "any other exception thrown in comes out of throw",
    },
    6: {
        "batcher-flushes-full-batches": "each time it holds size items it calls "
        "flush(list_of_items)",
        "batcher-hands-over-each-batch": "a list handed to flush is flush's to keep: batcher "
        "never changes it afterwards",
        "batcher-close-flushes-the-rest": "close() flushes the items still waiting, once",
        "batcher-close-without-leftovers-does-not-flush": "close() with nothing waiting "
        "calls no flush",
        "batcher-ends-on-close": "once closed it ends, without yielding again",
    },
}


WHILE_TRUE = N_("Loop forever with `while True:`.")


def start(gen, call):
    """Prime the learner's generator ``gen`` (made by ``call``); return what it yielded."""
    message = _(
        "{call} returned {got}; expected a generator. A function with `yield` in its body "
        "returns a generator when called."
    )
    check(isinstance(gen, types.GeneratorType), message, call=call, got=show(gen))
    try:
        return next(gen)
    except StopIteration:
        message = _(
            "Priming {call} with next() ended it at once (StopIteration); it should stop "
            "at its first yield and wait there. {remedy}"
        )
        fail(message, call=call, remedy=_(WHILE_TRUE))


def send(gen, value, call):
    """``gen.send(value)``, failing in plain words if the generator ended instead."""
    try:
        return gen.send(value)
    except StopIteration:
        message = _(
            "After {call}.send({value}) the generator ended (StopIteration); it should "
            "keep going, waiting at its yield for the next value. {remedy}"
        )
        fail(message, call=call, value=repr(value), remedy=_(WHILE_TRUE))


def started(make, *values):
    """A generator made by ``make()``, primed, then sent each of ``values``; and the replies."""
    gen, call = make(), f"{make.__name__}()"
    start(gen, call)
    return gen, [send(gen, value, call) for value in values]


# Task 1


@task(
    1,
    checks=(
        "averager-primes-to-none",
        "averager-yields-the-running-average",
        "averager-keeps-its-own-numbers",
    ),
)
@pytest.mark.parametrize(
    ("sent", "averages"),
    [
        ((10, 20, 30, 0), (10.0, 15.0, 20.0, 15.0)),
        ((1, 1, 2), (1.0, 1.0, 4 / 3)),
        ((2.5, 0.5, -1.5), (2.5, 1.5, 0.5)),
    ],
    ids=["whole", "exact", "fractions"],
)
def test_averager_averages_what_is_sent(topic, sent, averages):
    """averager(), primed to None, returns the average of all sent; another keeps its own."""
    expect_generator_function(topic.averager, "averager")
    gen = topic.averager()
    what = _("Priming averager() with next()")
    hint = _("there is no average before the first number.")
    expect_equal(start(gen, "averager()"), None, what=what, hint=hint)
    for count, (value, expected) in enumerate(zip(sent, averages, strict=True), 1):
        got = send(gen, value, "averager()")
        message = _(
            "After priming, sending {sent} to averager(): the last send returned None; "
            "expected {want}. Each send() must get back the new average from the same "
            "yield that receives the number: `value = yield average`. Two separate yields "
            "(one to receive, one to give) take turns instead."
        )
        check(got is not None or count == 1, message, sent=show(list(sent[:count])), want=expected)
        what = _("After priming, sending {sent} to averager(), the last send").format(
            sent=show(list(sent[:count]))
        )
        if got == expected:  # the right value, of another type (15 for 15.0)
            hint = _("the exact average total / count: divide with /, which gives a float.")
        else:
            hint = _("the average of every number sent so far: their total / their count.")
        expect_equal(got, expected, what=what, hint=hint)
    _other, (got,) = started(topic.averager, 4)
    what = _("A second averager(), sent 4")
    hint = _("each generator keeps its own numbers in its own local variables.")
    expect_equal(got, 4.0, what=what, hint=hint)


@task(1, checks=("averager-yields-the-running-average",))
@pytest.mark.parametrize(("sent", "averages"), [((0,), (0.0,)), ((2, -2), (2.0, 0.0))])
def test_averager_averages_numbers_adding_up_to_zero(topic, sent, averages):
    """averager() sent 0, or 2 then -2, returns the average 0.0, not None."""
    gen = topic.averager()
    start(gen, "averager()")
    for count, (value, expected) in enumerate(zip(sent, averages, strict=True), 1):
        got = send(gen, value, "averager()")
        message = _(
            "After priming, sending {sent} to averager(): the last send returned None; "
            "expected {want}. Numbers that add up to 0 have the average 0.0; None is only "
            "the average of no numbers at all. Decide on the count of numbers (or simply "
            "compute total / count after each one), never on the total."
        )
        check(got is not None, message, sent=show(list(sent[:count])), want=expected)
        what = _("After priming, sending {sent} to averager(), the last send").format(
            sent=show(list(sent[:count]))
        )
        hint = _("the average of every number sent so far: their total / their count.")
        expect_equal(got, expected, what=what, hint=hint)


MANY_SENDS = 5000  # more numbers than any window of the latest ones an averager might keep


@task(1, checks=("averager-yields-the-running-average",))
def test_averager_averages_every_number_however_many(topic):
    """averager() sent 1, 2, ..., 5000 returns each time the average of every number so far."""
    gen = topic.averager()
    start(gen, "averager()")
    for count in range(1, MANY_SENDS + 1):
        got = send(gen, count, "averager()")
        want = (count + 1) / 2  # the average of 1, 2, ..., count
        number = isinstance(got, int | float) and not isinstance(got, bool)
        if number and math.isclose(got, want, rel_tol=1e-9):
            continue
        message = _(
            "After priming, sending 1, 2, ..., {count} to averager(): the last send returned "
            "{got}; expected {want}, the average of all {count} numbers sent so far. Keep the "
            "total and the count of every number sent, not only of the latest ones."
        )
        fail(message, count=count, got=show(got), want=show(want))


@task(1, checks=("averager-keeps-its-own-numbers",))
def test_two_averagers_at_once_keep_their_own_numbers(topic):
    """Two averager() open at once, sent 10, 1, 20, 3 in turns: they give 10, 1, 15, 2."""
    gens = (topic.averager(), topic.averager())
    for gen in gens:
        start(gen, "averager()")
    got = []
    for gen, value in zip(gens * 2, (10, 1, 20, 3), strict=True):
        got.append(send(gen, value, "averager()"))
    want = [10.0, 1.0, 15.0, 2.0]
    check(
        same(got, want),
        _(
            "Two averager() open at once, primed, then sent 10 (to the first), 1 (to the "
            "second), 20 (first), 3 (second): the sends returned {got}; expected {want}. Each "
            "averager keeps its own total and count in local variables, not in anything every "
            "averager shares."
        ),
        got=show(got),
        want=show(want),
    )


# Task 2


def make_recorder(log):
    def recorder(tag, *, start=0):
        """A generator that logs when its body starts."""
        log.append(("started", tag, start))
        received = yield "ready"
        log.append(("received", tag, received))
        yield "done"

    return recorder


@task(
    2,
    checks=(
        "primed-primes-at-each-call",
        "primed-passes-the-arguments",
        "primed-new-generator-each-call",
        "primed-keeps-name-and-docstring",
    ),
)
def test_primed_returns_a_started_generator(topic):
    """primed(recorder) keeps its name, and each call primes a new generator with its arguments."""
    log = []
    recorder = make_recorder(log)
    wrapped = topic.primed(recorder)
    message = _("primed(recorder) returned {got}; a decorator must return a function.")
    check(callable(wrapped), message, got=show(wrapped))
    message = _(
        "primed(recorder) already started a generator while decorating. Priming belongs "
        "inside the function it returns, at each call."
    )
    check(log == [], message)
    message = _(
        "primed(recorder) is named {name}, with the docstring {doc}; expected the name "
        "'recorder' and recorder's docstring, {want}: decorate the inner function with "
        "@functools.wraps(generator_function), which copies both."
    )
    check(
        getattr(wrapped, "__name__", None) == "recorder"
        and getattr(wrapped, "__doc__", None) == recorder.__doc__,
        message,
        name=repr(getattr(wrapped, "__name__", None)),
        doc=repr(getattr(wrapped, "__doc__", None)),
        want=repr(recorder.__doc__),
    )
    try:
        gen = wrapped("a", start=5)
    except TypeError as error:
        message = _(
            "Calling the decorated recorder('a', start=5) raised TypeError: {error}. Pass "
            "every argument through: `def inner(*args, **kwargs)`, then "
            "`generator_function(*args, **kwargs)`."
        )
        fail(message, error=error)
    message = _(
        "Calling the decorated recorder('a', start=5) returned {got}; expected the generator "
        "that recorder('a', start=5) makes. Return it."
    )
    check(isinstance(gen, types.GeneratorType), message, got=show(gen))
    message = _(
        "Calling the decorated recorder('a', start=5) did not leave its generator waiting at "
        "its first yield, its arguments passed (its log is {log}; it is {state}). Call "
        "next() on it before returning it."
    )
    check(
        log == [("started", "a", 5)] and inspect.getgeneratorstate(gen) == inspect.GEN_SUSPENDED,
        message,
        log=show(log),
        state=inspect.getgeneratorstate(gen),
    )
    message = _(
        "Two calls of the decorated function, {calls}, returned the same generator; each call "
        "must make a new one, with the same arguments too."
    )
    again = wrapped("a", start=5)
    check(again is not gen, message, calls="recorder('a', start=5)")
    check(wrapped("b") is not gen, message, calls="recorder('a', start=5), recorder('b')")
    what = _("The log of the decorated recorder('a', start=5), called twice, then recorder('b')")
    hint = _("each call starts its own generator with the caller's arguments.")
    started = [("started", "a", 5), ("started", "a", 5), ("started", "b", 0)]
    expect_equal(log, started, what=what, hint=hint)
    reply = gen.send("hello")
    message = _(
        "Sending 'hello' to the primed generator should reach its first yield. It did "
        "not: was next() called more than once?"
    )
    check(same(reply, "done") and same(log[-1], ("received", "a", "hello")), message)


# Task 3


def run_subtotal(topic, values):
    """Prime a subtotal(), send it ``values`` then None; return what it yielded, the
    StopIteration's value, and the values sent as messages show them."""
    sent = ", ".join(map(repr, values)) or _("nothing")
    gen = topic.subtotal()
    yielded = [start(gen, "subtotal()")]
    for value in values:
        try:
            yielded.append(gen.send(value))
        except StopIteration:
            zero = _("0 counts as false: test `value is None`.") if value == 0 else ""
            message = _(
                "After priming, subtotal() ended when sent {value}; only None ends it. {zero}"
            )
            fail(message, value=value, zero=zero)
    try:
        extra = gen.send(None)
    except StopIteration as stop:
        return yielded, stop.value, sent
    message = _(
        "After priming, sending {sent} then None to subtotal() should end it with `return "
        "total`, but it yielded {got} and kept going."
    )
    fail(message, sent=sent, got=show(extra))


@task(3, checks=("subtotal-returns-the-sum-on-none", "subtotal-yields-none"))
@pytest.mark.parametrize(("values", "total"), [((4, 0, 5), 9), ((), 0)], ids=["4+0+5", "none"])
def test_subtotal_returns_the_sum(topic, values, total):
    """subtotal(), sent 4, 0, 5 then None, yields None each time, then returns 9."""
    expect_generator_function(topic.subtotal, "subtotal")
    yielded, returned, sent = run_subtotal(topic, values)
    what = _("After priming, sending {sent} then None to subtotal(), the StopIteration").format(
        sent=sent
    )
    hint = _("`return total`, the total starting at 0.")
    expect_equal(returned, total, what=what, hint=hint)
    what = _("Primed, then sent {sent}, what subtotal() yielded").format(sent=sent)
    hint = _(
        "None each time: a bare `value = yield` hands out nothing useful. The sum travels "
        "only on the StopIteration, once None is sent."
    )
    expect_equal(yielded, [None] * len(yielded), what=what, hint=hint)


@task(3, checks=("subtotal-returns-the-sum-on-none", "shared-state"))
def test_two_subtotals_at_once_keep_their_own_numbers(topic):
    """Two subtotal() open at once, sent 1, 10, 2, 20 in turn, then None: they return 3 and 30."""
    first, second = topic.subtotal(), topic.subtotal()
    start(first, "subtotal()")
    start(second, "subtotal()")
    for gen, value in ((first, 1), (second, 10), (first, 2), (second, 20)):
        send(gen, value, "subtotal()")
    returned = []
    for gen in (first, second):
        try:
            extra = gen.send(None)
        except StopIteration as stop:
            returned.append(stop.value)
            continue
        message = _(
            "Two subtotal() open at once, sent 1, 10, 2 and 20 in turn, then None: one "
            "yielded {got} and kept going instead of ending with `return total`."
        )
        fail(message, got=show(extra))
    message = _(
        "Two subtotal() open at once, primed, then sent 1 (to the first), 10 (to the second), "
        "2 (first), 20 (second), then None each: they returned {got}; expected [3, 30]. "
        "Each subtotal adds up only the numbers sent to it: keep its total in a local "
        "variable. A default argument (`def subtotal(seen=[])`) or a module-level variable "
        "is one object, shared by every subtotal."
    )
    check(same(returned, [3, 30]), message, got=show(returned))


# Task 4


class FakeSubtotals:
    """Stands in for ``subtotal``: records what each one receives; yields and returns labels
    (0, a falsy value, for one that received nothing)."""

    def __init__(self):
        self.received = record()

    def __call__(self):
        received = []
        self.received.append(received)
        while True:
            value = yield f"ready {len(received)}"
            if value is None:
                return f"sum of {received}" if received else 0
            received.append(value)


@task(
    4,
    checks=(
        "group-totals-passes-sends-in",
        "group-totals-passes-yields-out",
        "group-totals-appends-return-values",
        "group-totals-runs-one-subtotal-after-another",
    ),
)
def test_group_totals_delegates_with_yield_from(topic, monkeypatch):
    """group_totals relays sends and yields, keeps each subtotal's return, starts the next one."""
    fake = FakeSubtotals()
    monkeypatch.setattr(topic.module, "subtotal", fake)
    results = []
    call = "group_totals(results)"
    gen = topic.group_totals(results)
    what = _("Priming {call}").format(call=call)
    hint = _(
        "what the grader's subtotal() yields first (it stands in for yours here: call subtotal "
        "by its name). What subtotal yields must come out of group_totals."
    )
    expect_equal(start(gen, call), "ready 0", what=what, hint=hint)
    replies = [send(gen, value, call) for value in (1, 2)]
    message = _(
        "Sent 1 and 2 to group_totals(results), but subtotal() received {got}. A for loop "
        "over subtotal() only calls next() on it: what you send to group_totals is lost. "
        "`yield from subtotal()` passes each send() through."
    )
    check(
        not fake.received or fake.received[0][:2] == [1, 2],
        message,
        got=show(fake.received[0] if fake.received else None),
    )
    what = _("Sent 1 and 2 to {call}, the replies").format(call=call)
    hint = _("what the grader's subtotal() yielded.")
    expect_equal(replies, ["ready 1", "ready 2"], what=what, hint=hint)
    after_end = send(gen, None, call)
    own = gen.gi_frame.f_locals.get("results") if gen.gi_frame else None
    message = _(
        "Sent 1, 2 then None to group_totals(results); its own variable results now holds "
        "{own}, but the list it was given is still {got}: `results = results + [...]` makes a "
        "new list. Append to the caller's list: results.append(total)."
    )
    rebound = isinstance(own, list) and own is not results and not results
    check(not rebound, message, own=show(own), got=show(results))
    message = _(
        "Sent 1, 2 then None to group_totals(results); subtotal() returned 'sum of [1, 2]', "
        "but results is {got}. `total = yield from subtotal()` gives you what subtotal "
        "returned: append it to results."
    )
    check(same(results, ["sum of [1, 2]"]), message, got=show(results))
    message = _(
        "After a subtotal() ended, group_totals should start a new one (and give back its "
        "first yield, 'ready 0'); it returned {got}."
    )
    check(same(after_end, "ready 0") and len(fake.received) == 2, message, got=show(after_end))
    send(gen, 5, call)
    send(gen, None, call)
    what = _("Sent 1, 2, None, 5, None to group_totals(results), the results")
    expect_equal(results, ["sum of [1, 2]", "sum of [5]"], what=what)
    send(gen, None, call)
    what = _(
        "Sent 1, 2, None, 5, None, then None again (a subtotal that received nothing and "
        "returned 0) to group_totals(results), the results"
    )
    hint = _("every subtotal's return value is appended, even a falsy one such as 0.")
    expect_equal(results, ["sum of [1, 2]", "sum of [5]", 0], what=what, hint=hint)


@task(4, checks=("group-totals-appends-return-values",))
def test_group_totals_appends_after_what_results_holds(topic, monkeypatch):
    """group_totals(results), results already holding 'earlier': the totals go after it."""
    monkeypatch.setattr(topic.module, "subtotal", FakeSubtotals())
    results = ["earlier"]
    call = "group_totals(['earlier'])"
    gen = topic.group_totals(results)
    start(gen, call)
    for value in (1, None):
        send(gen, value, call)
    what = _("Called {call}, then sent 1 and None; the list it was given").format(call=call)
    hint = _(
        "append each total after what the list already holds: the caller's items are not "
        "group_totals' to remove."
    )
    expect_equal(results, ["earlier", "sum of [1]"], what=what, hint=hint)


# Task 5

NOT_A_NUMBER = "not a number"  # the message of the ValueError thrown in


def throw_reset(topic, gen, again):
    """``gen.throw(Reset())``, failing unless it gives None; ``again`` when the throw
    before it was a Reset too."""
    try:
        reply = gen.throw(topic.Reset())
    except topic.Reset:
        if again:
            message = _(
                "A second throw(Reset()) right after the first came straight back out of "
                "resettable_averager(): the yield reached after a reset is outside the try. "
                "Keep a single `value = yield average` inside the try, and after a reset go "
                "round the loop to it (`continue`)."
            )
        else:
            message = _(
                "throw(Reset()) came straight back out of resettable_averager(). Catch it "
                "inside the generator: `try: value = yield average` / `except Reset: ...`."
            )
        fail(message)
    except StopIteration:
        message = _(
            "After throw(Reset()), resettable_averager() ended. It should start over "
            "and keep going: catch Reset inside the while loop, around the yield."
        )
        fail(message)
    hint = _("the average of no numbers (throw returns the next value the generator yields).")
    expect_equal(reply, None, what="throw(Reset())", hint=hint)


@task(5, checks=("resettable-averages-like-averager", "reset-starts-over"))
def test_reset_thrown_in_starts_over(topic):
    """resettable_averager averages like averager; throw(Reset()) returns None, then 4.0."""
    expect_generator_function(topic.resettable_averager, "resettable_averager")
    gen = topic.resettable_averager()
    expect_equal(start(gen, "resettable_averager()"), None, what=_("Priming resettable_averager()"))
    got = [send(gen, value, "resettable_averager()") for value in (10, 20)]
    expect_equal(got, [10.0, 15.0], what=_("Sending 10 and 20 to a primed resettable_averager()"))
    for round_, throws in ((1, 1), (2, 2)):
        for throw in range(throws):
            throw_reset(topic, gen, again=throw > 0)
        got = [send(gen, value, "resettable_averager()") for value in (4, 6)]
        what = _("After throw(Reset()) (round {round}), sending 4 and 6").format(round=round_)
        hint = _("the numbers before the reset are forgotten.")
        expect_equal(got, [4.0, 5.0], what=what, hint=hint)
    gen = topic.resettable_averager()
    start(gen, "resettable_averager()")
    try:
        reply = gen.throw(topic.Reset())
    except topic.Reset:
        message = _(
            "throw(Reset()) right after priming, before any number, came straight back out of "
            "resettable_averager(): the yield reached by priming is outside the try. Put the "
            "only `value = yield average` inside the try, in the loop, from the first one on."
        )
        fail(message)
    hint = _("nothing to forget yet: the average of no numbers.")
    expect_equal(reply, None, what=_("throw(Reset()) right after priming"), hint=hint)
    got = send(gen, 4, "resettable_averager()")
    what = _("After priming and throw(Reset()), sending 4")
    expect_equal(got, 4.0, what=what)
    resets = sys.getrecursionlimit() + 100
    try:
        for _throw in range(resets):
            gen.throw(topic.Reset())
        got = send(gen, 4, "resettable_averager()")
    except RecursionError:
        message = _(
            "After {count} throw(Reset()) in a row, resettable_averager() raised RecursionError: "
            "each reset went one generator deeper (`yield from resettable_averager()` inside "
            "the generator). Forget the numbers in the variables you have and go round the "
            "same loop (`continue`)."
        )
        fail(message, count=resets)
    what = _("After {count} throw(Reset()) in a row, sending 4").format(count=resets)
    expect_equal(got, 4.0, what=what)


@task(5, checks=("other-exceptions-come-out",))
def test_other_exceptions_come_out(topic):
    """throw(ValueError()) is not swallowed: it comes out, and the generator is finished."""
    gen, _replies = started(topic.resettable_averager, 3)
    problem = ValueError(NOT_A_NUMBER)
    try:
        reply = gen.throw(problem)
    except ValueError as error:
        message = _("throw(ValueError('not a number')) came out as {got}, another error.")
        check(error is problem, message, got=show(error))
    except StopIteration:
        message = _(
            "throw(ValueError('not a number')) ended resettable_averager() quietly; the "
            "ValueError should come out. Catch only Reset, not every exception."
        )
        fail(message)
    else:
        message = _(
            "throw(ValueError('not a number')) returned {got}: the generator swallowed an "
            "error that was not a Reset. Catch only Reset (`except Reset:`), not Exception."
        )
        fail(message, got=show(reply))
    message = _("After a ValueError came out of it, the generator should be finished.")
    check(inspect.getgeneratorstate(gen) == inspect.GEN_CLOSED, message)
    gen, _replies = started(topic.resettable_averager, 3)
    try:
        gen.close()
    except RuntimeError as error:
        message = _(
            "close() on a primed resettable_averager() raised RuntimeError ({error}): the "
            "generator caught the GeneratorExit that close() throws in, and yielded again. "
            "Catch only Reset, so that close() ends it."
        )
        fail(message, error=error)


@task(5, checks=("shared-state",))
def test_two_resettable_averagers_at_once_keep_their_own_numbers(topic):
    """Two resettable_averager() open at once, one reset: each averages only its own numbers."""
    first, second = topic.resettable_averager(), topic.resettable_averager()
    call = "resettable_averager()"
    start(first, call)
    start(second, call)
    steps = [  # (which, what is done, the number sent or None for a reset, the reply expected)
        ("first", "send(10)", first, 10, 10.0),
        ("second", "send(20)", second, 20, 20.0),
        ("first", "send(30)", first, 30, 20.0),
        ("second", "throw(Reset())", second, None, None),
        ("first", "send(2)", first, 2, 14.0),
        ("second", "send(4)", second, 4, 4.0),
    ]
    done = []
    for which, action, gen, value, expected in steps:
        done.append(f"{which}.{action}")
        if value is None:
            throw_reset(topic, gen, again=False)
            got = None
        else:
            got = send(gen, value, call)
        message = _(
            "Two resettable_averager() open at once, primed, then {done}: the last one "
            "returned {got}; expected {want}. Each generator keeps its own total and count, "
            "in local variables, and a reset forgets only its own: a module-level variable "
            "(or a default argument) is one object, shared by every averager."
        )
        check(same(got, expected), message, done=", ".join(done), got=show(got), want=expected)


# Task 6


class Flushes:
    """A fake flush() that keeps every batch it is handed, and a copy to tell if it changed."""

    def __init__(self):
        self.handed = record()

    def __call__(self, batch):
        self.handed.append((batch, list(batch) if isinstance(batch, list) else batch))

    @property
    def copies(self):
        """The batches as they were when flush got them."""
        return [copy for _batch, copy in self.handed]


GENERATOR_EXIT = N_(
    "close() raises GeneratorExit at the yield, and the items still waiting must be flushed "
    "then, once (in a finally block, or except GeneratorExit, which except Exception does not "
    "catch)."
)
ONLY_WAITING = N_("close() flushes only the items still waiting, if there are any.")
FALSY_ITEMS = N_("every item sent is an item, even 0, None, '' or False: keep them all.")
CLOSES = [  # size, the items sent before closing, the batches flushed, and why
    (3, (1, 2, 3, 4, 5, 6, 7), [[1, 2, 3], [4, 5, 6], [7]], GENERATOR_EXIT),
    (2, (1, 2, 3, 4, 5), [[1, 2], [3, 4], [5]], GENERATOR_EXIT),
    (2, (), [], ONLY_WAITING),
    (2, ("a", "b"), [["a", "b"]], ONLY_WAITING),
    (2, (0, None, "", False, 0), [[0, None], ["", False], [0]], FALSY_ITEMS),
]


@task(
    6,
    checks=(
        "batcher-flushes-full-batches",
        "batcher-hands-over-each-batch",
        "batcher-close-flushes-the-rest",
        "batcher-ends-on-close",
        "batcher-close-without-leftovers-does-not-flush",
    ),
)
@pytest.mark.parametrize(("size", "items", "batches", "why"), CLOSES)
def test_batcher_close_flushes_the_rest(topic, size, items, batches, why):
    """batcher flushes each full batch; close() flushes the rest, once, if any, and ends it."""
    call = f"batcher({size}, flush)"
    flush = Flushes()
    gen = topic.batcher(size, flush)
    start(gen, call)
    for count, item in enumerate(items, 1):
        send(gen, item, call)
        for batch, _copy in flush.handed:
            message = _("{call} called flush with {got}; expected a list of the items.")
            check(type(batch) is list, message, call=call, got=show_typed(batch))
        what = _("After sending {items} to {call}, the batches flushed").format(
            items=show(list(items[:count])), call=call
        )
        hint = _(FALSY_ITEMS) if why == FALSY_ITEMS else ""
        expect_equal(flush.copies, batches[: count // size], what=what, hint=hint)
    for _time in range(2):
        try:
            gen.close()
        except RuntimeError as error:
            message = _(
                "{call}.close() raised RuntimeError ({error}). After GeneratorExit the "
                "generator must end; it yielded again instead. Clean up in `finally` (or in "
                "`except GeneratorExit:` and then return), outside the while loop."
            )
            fail(message, call=call, error=error)
        message = _("After close(), the batcher should be finished.")
        check(inspect.getgeneratorstate(gen) == inspect.GEN_CLOSED, message)
    for batch, copy in flush.handed:
        message = _(
            "{call}, sent {items} and closed, called flush with {copy}, then changed that "
            "same list to {batch}. The list handed to flush is flush's to keep (it may store "
            "it): start a new list (`batch = []`) instead of clearing the old one."
        )
        check(
            batch == copy,
            message,
            call=call,
            items=show(list(items)),
            copy=show(copy),
            batch=show(batch),
        )
    what = _("Sent {items} to {call}, then closed it twice, the batches flushed").format(
        items=show(list(items)), call=call
    )
    hint = _(why)
    expect_equal(flush.copies, batches, what=what, hint=hint)


@task(6, checks=("shared-state",))
def test_two_batchers_at_once_keep_their_own_items(topic):
    """Two batcher(2, flush) open at once, sent items in turns: each flushes only its own."""
    flushes = (Flushes(), Flushes())
    calls = ("batcher(2, flush_a)", "batcher(2, flush_b)")
    gens = [topic.batcher(2, flush) for flush in flushes]
    for gen, call in zip(gens, calls, strict=True):
        start(gen, call)
    for items in (("a1", "b1"), ("a2", "b2"), ("a3", "b3")):
        for gen, item, call in zip(gens, items, calls, strict=True):
            send(gen, item, call)
    for gen in gens:
        gen.close()
    got = [flush.copies for flush in flushes]
    want = [[["a1", "a2"], ["a3"]], [["b1", "b2"], ["b3"]]]
    check(
        same(got, want),
        _(
            "batcher(2, flush_a) and batcher(2, flush_b) open at once, primed, sent 'a1' (to the "
            "first), 'b1' (to the second), 'a2', 'b2', 'a3', 'b3' in turns, then closed: "
            "flush_a got {got_a}, flush_b {got_b}; expected {want_a} and {want_b}. Each batcher "
            "keeps the items "
            "sent to it in its own local list, not in anything every batcher shares."
        ),
        got_a=show(got[0]),
        got_b=show(got[1]),
        want_a=show(want[0]),
        want_b=show(want[1]),
    )
