"""Hidden tests for topic 02: generator coroutines."""

import inspect
import types

from grader import check, fail, same, show, task

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


def start(gen, call):
    """Prime the learner's generator ``gen`` (made by ``call``); return what it yielded."""
    check(
        isinstance(gen, types.GeneratorType),
        f"{call} returned {show(gen)}; expected a generator. A function with `yield` in "
        "its body returns a generator when called.",
    )
    try:
        return next(gen)
    except StopIteration:
        fail(
            f"Priming {call} with next() ended it at once (StopIteration); it should stop "
            "at its first yield and wait there. Loop forever with `while True:`."
        )


def send(gen, value, call):
    """``gen.send(value)``, failing in plain words if the generator ended instead."""
    try:
        return gen.send(value)
    except StopIteration:
        fail(
            f"After {call}.send({value!r}) the generator ended (StopIteration); it should "
            "keep going, waiting at its yield for the next value: loop with `while True:`."
        )


def expect_generator_function(func, name, *args):
    """Fail unless ``func`` is a generator function; an untouched stub says "Not done yet"."""
    if inspect.isgeneratorfunction(func):
        return
    if "NotImplementedError" in getattr(getattr(func, "__code__", None), "co_names", ()):
        func(*args)  # the stub raises NotImplementedError, reported as "Not done yet"
    fail(
        f"{name} is an ordinary function; it should have `yield` in its body, so that "
        "calling it gives a generator.",
    )


# Task 1


@task(1, checks=("averager-primes-to-none",))
def test_averager_primes_to_none(topic):
    """averager() is a generator; priming it with next() gives None."""
    expect_generator_function(topic.averager, "averager")
    gen = topic.averager()
    first = start(gen, "averager()")
    check(
        first is None,
        f"Priming averager() with next() gave {show(first)}; expected None: there is no "
        "average before the first number.",
    )


@task(1, checks=("averager-yields-the-running-average",))
def test_averager_averages_what_is_sent(topic):
    """send(10), send(20), send(30), send(0) on a primed averager return 10, 15, 20, 15."""
    gen = topic.averager()
    start(gen, "averager()")
    sent = []
    for value, expected in ((10, 10.0), (20, 15.0), (30, 20.0), (0, 15.0)):
        sent.append(value)
        got = send(gen, value, "averager()")
        if got is None and len(sent) > 1:
            fail(
                f"After priming, sending {show(sent)} to averager(): the last send returned "
                f"None; expected {expected}. Each send() must get back the new average from "
                "the same yield that receives the number: `value = yield average`. Two "
                "separate yields (one to receive, one to give) take turns instead."
            )
        check(
            same(got, expected),
            f"After priming, sending {show(sent)} to averager(): the last send returned "
            f"{show(got)} ({type(got).__name__}); expected the float {expected}, the average "
            f"of {show(sent)}: divide with /, which always gives a float.",
        )


@task(1, checks=("averager-yields-the-running-average",))
def test_averager_gives_the_exact_average(topic):
    """send(1), send(1), send(2) on a primed averager return 1.0, 1.0, then exactly 4 / 3."""
    gen = topic.averager()
    start(gen, "averager()")
    got = [send(gen, value, "averager()") for value in (1, 1, 2)]
    check(
        same(got, [1.0, 1.0, 4 / 3]),
        f"After priming, averager() was sent 1, 1 and 2. The sends returned {show(got)}; "
        f"expected [1.0, 1.0, {4 / 3!r}]: the exact average total / count, not rounded.",
    )


@task(1, checks=("averager-keeps-its-own-numbers",))
def test_two_averagers_keep_their_own_numbers(topic):
    """A second averager, sent 4 after another was sent 10, 20 and 30, returns 4.0."""
    gen = topic.averager()
    start(gen, "averager()")
    for value in (10, 20, 30):
        send(gen, value, "averager()")
    other = topic.averager()
    start(other, "averager()")
    got = send(other, 4, "averager()")
    check(
        same(got, 4.0),
        f"A second averager(), sent 4, returned {show(got)}; expected 4.0: each generator "
        "keeps its own numbers in its own local variables.",
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


@task(2, checks=("primed-primes-at-each-call",))
def test_primed_returns_a_started_generator(topic):
    """primed(gen_function)(args) returns a generator already at its first yield."""
    log = []
    recorder = make_recorder(log)
    wrapped = topic.primed(recorder)
    check(
        callable(wrapped),
        f"primed(recorder) returned {show(wrapped)}; a decorator must return a function.",
    )
    check(
        log == [],
        "primed(recorder) already started a generator while decorating. Priming belongs "
        "inside the function it returns, at each call.",
    )
    gen = wrapped("a")
    check(
        isinstance(gen, types.GeneratorType),
        f"Calling the decorated recorder('a') returned {show(gen)}; expected "
        "the generator that recorder('a') makes. Return it.",
    )
    check(
        log == [("started", "a", 0)],
        "Calling the decorated recorder('a') did not run the generator up to its "
        f"first yield (its log is {show(log)}). Call next() on it before returning it.",
    )
    check(
        inspect.getgeneratorstate(gen) == inspect.GEN_SUSPENDED,
        "The decorated recorder('a') should return a generator waiting at its "
        f"first yield; it is {inspect.getgeneratorstate(gen)}.",
    )
    reply = gen.send("hello")
    check(
        reply == "done" and log[-1] == ("received", "a", "hello"),
        "Sending 'hello' to the primed generator should reach its first yield. It did not: "
        "was next() called more than once?",
    )


@task(2, checks=("primed-passes-the-arguments",))
def test_primed_passes_the_arguments(topic):
    """The decorated recorder('a', start=5) makes recorder('a', start=5), primed."""
    log = []
    wrapped = topic.primed(make_recorder(log))
    try:
        wrapped("a", start=5)
    except TypeError as error:
        fail(
            f"Calling the decorated recorder('a', start=5) raised TypeError: {error}. Pass "
            "every argument through: `def inner(*args, **kwargs)`, then "
            "`generator_function(*args, **kwargs)`."
        )
    check(
        log == [("started", "a", 5)],
        f"Calling the decorated recorder('a', start=5) logged {show(log)}; expected "
        "[('started', 'a', 5)]: the generator made with the caller's arguments.",
    )


@task(2, checks=("primed-new-generator-each-call",))
def test_primed_makes_a_new_generator_each_call(topic):
    """Each call of a primed function makes and primes a new generator."""
    log = []
    wrapped = topic.primed(make_recorder(log))
    one = wrapped("one")
    two = wrapped("two")
    check(
        one is not two,
        "Two calls of the decorated function returned the same generator; each call must "
        "make a new one.",
    )
    check(
        log == [("started", "one", 0), ("started", "two", 0)],
        f"Two calls of the decorated recorder, with 'one' and 'two', logged {show(log)}; "
        "expected each to start its own generator with its own arguments.",
    )


@task(2, checks=("primed-keeps-name-and-docstring",))
def test_primed_keeps_name_and_docstring(topic):
    """The decorated function keeps the name and docstring of the original."""
    recorder = make_recorder([])
    wrapped = topic.primed(recorder)
    check(
        getattr(wrapped, "__name__", None) == "recorder"
        and getattr(wrapped, "__doc__", None) == recorder.__doc__,
        f"primed(recorder) is named {getattr(wrapped, '__name__', None)!r}; expected "
        "'recorder', with recorder's docstring. Decorate the inner function with "
        "@functools.wraps(generator_function).",
    )


# Task 3


@task(3, checks=("subtotal-returns-the-sum-on-none",))
def test_subtotal_returns_the_sum(topic):
    """subtotal(), sent 4, 0, 5 then None, ends with StopIteration carrying 9."""
    expect_generator_function(topic.subtotal, "subtotal")
    gen = topic.subtotal()
    start(gen, "subtotal()")
    for value in (4, 0, 5):
        try:
            gen.send(value)
        except StopIteration:
            zero = " Only None ends it: test `value is None`, since 0 counts as false." * (
                value == 0
            )
            fail(f"After priming, subtotal() ended when sent {value}.{zero}")
    try:
        extra = gen.send(None)
    except StopIteration as stop:
        check(
            same(stop.value, 9),
            "After priming, sending 4, 0, 5 then None to subtotal() ended it, but with "
            f"{show(stop.value)} ({type(stop.value).__name__}) on the StopIteration; "
            "expected the int 9: `return total`, the total starting at 0.",
        )
    else:
        fail(
            "After priming, sending 4, 0, 5 then None to subtotal() should end it with "
            f"`return total`, but it yielded {show(extra)} and kept going."
        )


@task(3, checks=("subtotal-returns-the-sum-on-none",))
def test_subtotal_of_nothing(topic):
    """subtotal() sent None straight after priming returns 0."""
    gen = topic.subtotal()
    start(gen, "subtotal()")
    try:
        extra = gen.send(None)
    except StopIteration as stop:
        check(
            same(stop.value, 0),
            f"subtotal() sent None at once returned {show(stop.value)}; expected the int 0.",
        )
    else:
        fail(f"subtotal() sent None at once yielded {show(extra)}; expected it to return 0.")


@task(3, checks=("subtotal-yields-none",))
def test_subtotal_yields_none(topic):
    """subtotal() yields None when primed and after each number sent."""
    expect_generator_function(topic.subtotal, "subtotal")
    gen = topic.subtotal()
    yielded = [start(gen, "subtotal()")]
    for value in (4, 0, 5):
        try:
            yielded.append(gen.send(value))
        except StopIteration:
            fail(f"After priming, subtotal() ended when sent {value}; only None ends it.")
    check(
        yielded == [None, None, None, None],
        f"Primed, then sent 4, 0 and 5, subtotal() yielded {show(yielded)}; expected None "
        "each time: a bare `value = yield` hands out nothing useful. The sum travels only "
        "on the StopIteration, once None is sent.",
    )


# Task 4


class FakeSubtotals:
    """Stands in for ``subtotal``: records what each one receives; yields and returns labels."""

    def __init__(self):
        self.received = []

    def __call__(self):
        received = []
        self.received.append(received)
        while True:
            value = yield f"ready {len(received)}"
            if value is None:
                return f"sum of {received}"
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
    """group_totals passes sends in to subtotal, its yields out, keeps what it returns, and
    starts the next subtotal."""
    fake = FakeSubtotals()
    monkeypatch.setattr(topic.module, "subtotal", fake)
    results = []
    gen = topic.group_totals(results)
    first = start(gen, "group_totals(results)")
    check(
        first == "ready 0",
        f"Priming group_totals(results) gave {show(first)}; expected 'ready 0', what "
        "subtotal() yields first. What subtotal yields must come out of group_totals.",
    )
    replies = [send(gen, value, "group_totals(results)") for value in (1, 2)]
    if fake.received and fake.received[0][:2] != [1, 2]:
        fail(
            "Sent 1 and 2 to group_totals(results), but subtotal() received "
            f"{show(fake.received[0])}. A for loop over subtotal() only calls next() on it: "
            "what you send to group_totals is lost. `yield from subtotal()` passes each "
            "send() through."
        )
    check(
        replies == ["ready 1", "ready 2"],
        f"Sent 1 and 2 to group_totals(results); it returned {show(replies)}; expected "
        "['ready 1', 'ready 2'], what subtotal() yielded.",
    )
    after_end = send(gen, None, "group_totals(results)")
    check(
        results == ["sum of [1, 2]"],
        "Sent 1, 2 then None to group_totals(results); subtotal() returned 'sum of [1, 2]', "
        f"but results is {show(results)}. `total = yield from subtotal()` gives you what "
        "subtotal returned: append it to results.",
    )
    check(
        after_end == "ready 0" and len(fake.received) == 2,
        f"After a subtotal() ended, group_totals should start a new one (and give back its "
        f"first yield, 'ready 0'); it returned {show(after_end)}.",
    )
    send(gen, 5, "group_totals(results)")
    send(gen, None, "group_totals(results)")
    check(
        results == ["sum of [1, 2]", "sum of [5]"],
        "Sent 1, 2, None, 5, None to group_totals(results); results is "
        f"{show(results)}; expected ['sum of [1, 2]', 'sum of [5]'].",
    )


# Task 5


@task(5, checks=("resettable-averages-like-averager",))
def test_resettable_averager_averages(topic):
    """resettable_averager, primed, averages what is sent like averager: 10, 15."""
    expect_generator_function(topic.resettable_averager, "resettable_averager")
    gen = topic.resettable_averager()
    first = start(gen, "resettable_averager()")
    check(first is None, f"Priming resettable_averager() gave {show(first)}; expected None.")
    got = [send(gen, value, "resettable_averager()") for value in (10, 20)]
    check(
        same(got, [10.0, 15.0]),
        f"Sending 10 and 20 to a primed resettable_averager() returned {show(got)}; "
        "expected [10.0, 15.0].",
    )


@task(5, checks=("reset-starts-over",))
def test_reset_thrown_in_starts_over(topic):
    """throw(Reset()) returns None, and the next send(4) returns 4.0."""
    gen = topic.resettable_averager()
    start(gen, "resettable_averager()")
    send(gen, 10, "resettable_averager()")
    send(gen, 20, "resettable_averager()")
    for round_ in (1, 2):
        try:
            reply = gen.throw(topic.Reset())
        except topic.Reset:
            fail(
                "throw(Reset()) came straight back out of resettable_averager(). Catch it "
                "inside the generator: `try: value = yield average` / `except Reset: ...`."
            )
        except StopIteration:
            fail(
                "After throw(Reset()), resettable_averager() ended. It should start over and "
                "keep going: catch Reset inside the while loop, around the yield."
            )
        check(
            reply is None,
            f"throw(Reset()) returned {show(reply)}; expected None, the average of no "
            "numbers (throw returns the next value the generator yields).",
        )
        got = [send(gen, value, "resettable_averager()") for value in (4, 6)]
        check(
            same(got, [4.0, 5.0]),
            f"After throw(Reset()) (round {round_}), sending 4 and 6 returned {show(got)}; "
            "expected [4.0, 5.0]: the numbers before the reset are forgotten.",
        )


@task(5, checks=("other-exceptions-come-out",))
def test_other_exceptions_come_out(topic):
    """throw(ValueError()) is not swallowed: it comes out, and the generator is finished."""
    gen = topic.resettable_averager()
    start(gen, "resettable_averager()")
    send(gen, 3, "resettable_averager()")
    problem = ValueError("not a number")
    try:
        reply = gen.throw(problem)
    except ValueError as error:
        check(
            error is problem,
            f"throw(ValueError('not a number')) came out as {show(error)}, another error.",
        )
    except StopIteration:
        fail(
            "throw(ValueError('not a number')) ended resettable_averager() quietly; the "
            "ValueError should come out. Catch only Reset, not every exception."
        )
    else:
        fail(
            f"throw(ValueError('not a number')) returned {show(reply)}: the generator "
            "swallowed an error that was not a Reset. Catch only Reset (`except Reset:`), "
            "not Exception."
        )
    check(
        inspect.getgeneratorstate(gen) == inspect.GEN_CLOSED,
        "After a ValueError came out of it, the generator should be finished.",
    )


# Task 6


class Flushes:
    """A fake flush() that keeps every batch it is handed, and a copy to tell if it changed."""

    def __init__(self):
        self.batches = []
        self.handed = []

    def __call__(self, batch):
        self.handed.append((batch, list(batch) if isinstance(batch, list) else batch))
        self.batches.append(batch)

    @property
    def copies(self):
        """The batches as they were when flush got them."""
        return [copy for _, copy in self.handed]

    def expect_lists(self, call):
        """Fail unless every batch was a list."""
        for batch, _ in self.handed:
            check(
                type(batch) is list,
                f"{call} called flush with {show(batch)} ({type(batch).__name__}); expected "
                "a list of the items.",
            )

    def expect_unchanged(self, call):
        """Fail unless every batch is as it was when flush got it."""
        for batch, copy in self.handed:
            check(
                batch == copy,
                f"{call} called flush with {show(copy)}, then changed that same list to "
                f"{show(batch)}. The list handed to flush is flush's to keep (it may store "
                "it): start a new list (`batch = []`) instead of clearing the old one.",
            )


def close(gen, call):
    try:
        gen.close()
    except RuntimeError as error:
        fail(
            f"{call}.close() raised RuntimeError ({error}). After GeneratorExit the "
            "generator must end; it yielded again instead. Clean up in `finally` (or in "
            "`except GeneratorExit:` and then return), outside the while loop."
        )


@task(6, checks=("batcher-flushes-full-batches",))
def test_batcher_flushes_full_batches(topic):
    """batcher(3, flush) calls flush([1, 2, 3]) at the third item, [4, 5, 6] at the sixth."""
    flush = Flushes()
    gen = topic.batcher(3, flush)
    start(gen, "batcher(3, flush)")
    for item in range(1, 8):
        send(gen, item, "batcher(3, flush)")
        full = item // 3
        expected = [[1, 2, 3], [4, 5, 6]][:full]
        flush.expect_lists("batcher(3, flush)")
        check(
            flush.copies == expected,
            f"After sending 1 to {item} to batcher(3, flush), flush was called with "
            f"{show(flush.copies)}; expected {show(expected)}.",
        )


@task(6, checks=("batcher-hands-over-each-batch",))
def test_batcher_leaves_flushed_lists_alone(topic):
    """The lists batcher(2, flush) hands to flush stay as they were, items 1-2 then 3-4."""
    flush = Flushes()
    gen = topic.batcher(2, flush)
    start(gen, "batcher(2, flush)")
    for item in range(1, 6):
        send(gen, item, "batcher(2, flush)")
    close(gen, "batcher(2, flush)")
    flush.expect_unchanged("batcher(2, flush), sent 1 to 5 and closed,")
    check(
        flush.batches == [[1, 2], [3, 4], [5]],
        f"Sent 1 to 5 to batcher(2, flush), then closed it; flush kept {show(flush.batches)}; "
        "expected [[1, 2], [3, 4], [5]].",
    )


@task(6, checks=("batcher-close-flushes-the-rest", "batcher-ends-on-close"))
def test_batcher_close_flushes_the_rest(topic):
    """close() on batcher(3, flush) after 7 items flushes [7], once, and ends it."""
    flush = Flushes()
    gen = topic.batcher(3, flush)
    start(gen, "batcher(3, flush)")
    for item in range(1, 8):
        send(gen, item, "batcher(3, flush)")
    close(gen, "batcher(3, flush)")
    check(
        flush.copies == [[1, 2, 3], [4, 5, 6], [7]],
        f"Sent 1 to 7 to batcher(3, flush), then closed it. flush was called with "
        f"{show(flush.copies)}; expected [[1, 2, 3], [4, 5, 6], [7]]: close() raises "
        "GeneratorExit at the yield, and the items still waiting must be flushed then "
        "(in a finally block, or except GeneratorExit, which except Exception does not "
        "catch).",
    )
    check(
        inspect.getgeneratorstate(gen) == inspect.GEN_CLOSED,
        "After close(), the batcher should be finished.",
    )
    close(gen, "batcher(3, flush)")
    check(
        flush.copies == [[1, 2, 3], [4, 5, 6], [7]],
        f"Closing the batcher a second time called flush again: {show(flush.copies)}.",
    )


@task(6, checks=("batcher-close-without-leftovers-does-not-flush",))
def test_batcher_close_with_nothing_waiting(topic):
    """close() when no item is waiting does not call flush with an empty batch."""
    flush = Flushes()
    gen = topic.batcher(2, flush)
    start(gen, "batcher(2, flush)")
    close(gen, "batcher(2, flush)")
    check(
        flush.copies == [],
        f"Closed batcher(2, flush) before sending anything; flush was called with "
        f"{show(flush.copies)}; expected no call: there was nothing to flush.",
    )
    flush = Flushes()
    gen = topic.batcher(2, flush)
    start(gen, "batcher(2, flush)")
    send(gen, "a", "batcher(2, flush)")
    send(gen, "b", "batcher(2, flush)")
    close(gen, "batcher(2, flush)")
    check(
        flush.copies == [["a", "b"]],
        f"Sent 'a' and 'b' to batcher(2, flush), then closed it; flush was called with "
        f"{show(flush.copies)}; expected [['a', 'b']] only: the batch was already "
        "flushed, so close() has nothing left to flush.",
    )
