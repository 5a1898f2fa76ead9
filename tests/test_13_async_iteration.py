"""Hidden tests for topic 13: async iteration and context managers."""

import asyncio
import contextlib
import functools
import inspect
import itertools

import pytest

from grader import (
    N_,
    Timeline,
    _,
    check,
    expect_duration,
    expect_result,
    fail,
    same,
    show,
    stopwatch,
    task,
    watch_asyncio_sleep,
)
from grader.inside.evidence import record
from grader.inside.running import (
    CLEANUP_GUARD,
    HOUR,
    KEEPS_WAITING,
    as_long_as_it_takes,
    check_cancelled_while_waiting,
    check_no_deadline,
)
from grader.inside.spies import deadlines_set
from grader.inside.suite import Scene, called, coroutines_never_awaited, expect_equal
from grader.inside.timeline import loop_clock

PROMISES = {
    1: {
        "paginate-is-lazy": "paginate(fetch_page) is an async generator: no page is fetched before "
        "it is iterated",
        "paginate-yields-every-item": "it yields every item of every page, one by one, in order",
        "paginate-follows-cursors": "the first call gets cursor None, then each next_cursor "
        "(whatever its value) until it is None",
        "paginate-fetches-on-demand": "a page is fetched only when the consumer asks for an item "
        "past the previous one",
        "paginate-empty-page": "a page may be empty: only next_cursor None ends the data",
    },
    2: {
        "countdown-is-its-own-iterator": "Countdown is a class whose __aiter__ returns the "
        "iterator itself",
        "countdown-numbers-an-interval-apart": "it gives start, start-1, ..., 1, sleeping interval "
        "(asyncio.sleep) before each",
        "countdown-ends-at-once": "after the last number it ends with no wait; Countdown(0, ...) "
        "ends at once",
        "countdown-stop-async-iteration": "__anext__ raises StopAsyncIteration at the end, and "
        "again if asked again",
        "countdown-negative-start-ends-at-once": "a start below 0 gives no number and ends at "
        "once, as 0 does",
    },
    3: {
        "select-awaits-keep": "select awaits keep(item) for every item, in order, and keeps those "
        "it accepts",
        "select-any-async-iterable": "source is any async iterable: an iterator class or an async "
        "generator, empty too",
        "select-returns-a-list": "the kept items come back as a list",
        "select-keeps-every-accepted": "every accepted item is kept as it is: an item that repeats "
        "each time, a false one (0, '', None) too",
    },
    4: {
        "borrowed-class-is-a-class": "Borrowed is an async context manager class (__aenter__, "
        "__aexit__)",
        "borrowed-class-acquires": "async with Borrowed(pool) as conn awaits pool.acquire() once "
        "and gives that connection",
        "borrowed-class-releases": "pool.release(conn) is awaited once on the way out: normally, "
        "on an error, cancelled",
        "borrowed-class-lets-errors-through": "the block's exception (a CancelledError too) goes "
        "on: __aexit__ returns no true value",
        "borrowed-class-acquire-fails": "when pool.acquire() raises or is cancelled, that error "
        "goes on and nothing is released",
        "borrowed-class-own-connection": "two Borrowed in use at once each release the connection "
        "they acquired",
    },
    5: {
        "borrowed-is-a-generator": "borrowed is an async generator decorated with "
        "@contextlib.asynccontextmanager",
        "borrowed-acquires": "async with borrowed(pool) as conn awaits pool.acquire() once and "
        "gives that connection",
        "borrowed-releases": "pool.release(conn) is awaited once however the block ends (finally)",
        "borrowed-lets-errors-through": "what the block raises, a CancelledError too, goes on to "
        "the caller",
        "borrowed-acquire-fails": "when pool.acquire() raises or is cancelled, that error "
        "goes on and nothing is released",
        "borrowed-own-connection": "two borrowed in use at once each release the connection they "
        "acquired",
    },
    6: {
        "take-first-n": "take(source, n) returns the first n items as a list, fewer if the source "
        "ends first",
        "take-asks-no-more": "it never asks the source for an item more than it needs (n=0 asks "
        "for none)",
        "take-closes-before-return": "the source is closed before take returns: its cleanup has "
        "run",
    },
    7: {
        "stream-rows-one-connection": "stream_rows acquires one connection and keeps it while rows "
        "come",
        "stream-rows-until-none": "it yields await conn.next_row() until that gives None (a falsy "
        "row is still a row)",
        "stream-rows-release-at-end": "run to its end, it releases the connection exactly once",
        "stream-rows-release-when-closed": "closed early by its consumer, it releases the "
        "connection exactly once",
        "stream-rows-release-when-cancelled": "cancelled while waiting for a row, it releases and "
        "stays cancelled",
        "stream-rows-release-on-error": "when next_row() raises, it releases the connection "
        "exactly once and the error goes on to the consumer",
        "stream-rows-acquire-fails": "when pool.acquire() raises or is cancelled, that error "
        "goes on and nothing is released",
    },
}


def is_async_iterator(value):
    return hasattr(value, "__anext__") and hasattr(value, "__aiter__")


def expect_async_generator(value, call):
    check(
        is_async_iterator(value),
        _("{call} returned {got}; expected an async generator: an `async def` with `yield` in it."),
        call=call,
        got=show(value),
    )


async def close_quietly(agen):
    """Close a generator the test made, whatever the learner's code left it in."""
    with contextlib.suppress(BaseException):
        await agen.aclose()


async def read_all(source, on_item=lambda item: None):
    """Every item of ``source``, an async generator the test made; closed whatever happens."""
    items = []
    try:
        async for item in source:
            items.append(item)
            on_item(item)
    finally:
        await close_quietly(source)
    return items


def at_times(arrivals):
    """``a at 1 s, b at 1 s``: when each item came, from ``[(item, seconds), ...]``."""
    return ", ".join(
        _("{item} at {seconds} s").format(item=item, seconds=f"{at:g}") for item, at in arrivals
    )


async def ends_cancelled(worker):
    """Cancel the task ``worker`` and await it: whether it ended cancelled."""
    worker.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await worker
    return worker.cancelled()


class FakeConnection:
    """A database connection whose next_row() is a coroutine: one row a second (a row that
    is an exception is raised instead, as a lost connection would)."""

    seconds = 1.0  # how long next_row() takes

    def __init__(self, name, rows):
        self.name = name
        self.rows = iter(rows)

    async def next_row(self):
        await asyncio.sleep(self.seconds)
        row = next(self.rows, None)
        if isinstance(row, Exception):
            raise row
        return row

    def __repr__(self):
        return f"<connection {self.name}>"


class FakePool:
    """A connection pool whose acquire() and release() are coroutines, as asyncpg's are.
    release() returns True (it was given back), so an __aexit__ that returns what release
    returned swallows the block's exception, as it would with such a pool."""

    connection = FakeConnection  # the class of the connections it gives

    def __init__(self, rows=()):
        self.rows = tuple(rows)
        self.log = record()  # "acquire conn1", "release conn1", ...
        self.out = record()  # connections borrowed and not given back
        self.problems = record()
        self.counter = itertools.count(1)

    async def acquire(self):
        await asyncio.sleep(0.1)
        conn = self.connection(f"conn{next(self.counter)}", self.rows)
        self.out.append(conn)
        self.log.append(f"acquire {conn.name}")
        return conn

    async def release(self, conn):
        await asyncio.sleep(0.1)
        if conn in self.out:
            self.out.remove(conn)
        else:
            text = _("release({conn}) of a connection that was not borrowed")
            self.problems.append(text.format(conn=repr(conn)))
        self.log.append(f"release {getattr(conn, 'name', conn)}")
        return True

    def expect(self, condition, happened, want, fix):
        """Fail unless ``condition``: "{happened}, the pool had seen [...]; expected {want}"."""
        also = " " + _("Also: {problem}.").format(problem=self.problems[0]) if self.problems else ""
        check(
            condition and not self.problems,
            _("{happened}: the pool had seen {log}; expected {want}. {fix}{also}"),
            happened=happened,
            log=show(self.log),
            want=want,
            fix=fix,
            also=also,
        )


class Boom(Exception):
    """The error the test raises inside an ``async with`` block."""


def expect_went_on(went_on, happened, exception, fix):
    """Fail unless ``exception`` reached the code around the block."""
    check(
        went_on,
        _("{happened}: the {exception} never reached the caller, it was swallowed. {fix}"),
        happened=happened,
        exception=exception,
        fix=fix,
    )


# --------------------------------------------------------------------------- Task 1

PAGES = {None: (["a", "b"], "p2"), "p2": (["c", "d"], "p3"), "p3": (["e"], None)}
PAGE_SETS = {  # pages, the items and cursors expected, the pages in words, why
    "three pages": (
        PAGES,
        ["a", "b", "c", "d", "e"],
        [None, "p2", "p3"],
        N_("Pages ['a', 'b'] (next 'p2'), ['c', 'd'] (next 'p3'), ['e'] (next None)"),
        N_("Start with None, pass each page's next_cursor, stop after a None one."),
    ),
    "empty pages": (
        {None: ([], "p2"), "p2": (["z"], "p3"), "p3": ([], None), "p4": (["!"], None)},
        ["z"],
        [None, "p2", "p3"],
        N_("Pages [] (next 'p2'), ['z'] (next 'p3'), [] (next None)"),
        N_("An empty page is not the end: only next_cursor None is."),
    ),
    "one empty page": (
        {None: ([], None)},
        [],
        [None],
        N_("A single empty page (next None)"),
        N_("An empty page with next_cursor None is the end."),
    ),
    "false cursors": (
        {None: (["x"], 0), 0: (["y"], ""), "": (["z"], None)},
        ["x", "y", "z"],
        [None, 0, ""],
        N_("Pages ['x'] (next cursor 0), ['y'] (next cursor ''), ['z'] (next None)"),
        N_(
            "0 and '' are cursors like any other: only `cursor is None` ends the data, not "
            "`not cursor`."
        ),
    ),
}


def page_api(timeline, pages):
    """The fake API: ``await fetch_page(cursor)``, the cursor passed by position or by name."""
    fetch = timeline.fake("fetch_page", seconds=1.0, result=lambda cursor: pages[cursor])

    async def fetch_page(cursor):
        return await fetch(cursor)  # recorded as fetch_page(cursor) however it was passed

    return fetch_page


@task(1, checks=("paginate-is-lazy", "paginate-fetches-on-demand", "paginate-yields-every-item"))
async def test_paginate_yields_each_page_when_needed(topic):
    """paginate(fetch_page) yields a, b, c, d, e, each page fetched when it is needed."""
    timeline = Timeline()
    pages = topic.paginate(page_api(timeline, PAGES))
    expect_async_generator(pages, "paginate(fetch_page)")
    await asyncio.sleep(2.0)
    check(
        not timeline.spans,
        _(
            "Called paginate(fetch_page) and waited 2 s without iterating: it already fetched "
            "{calls}. It should fetch nothing until someone asks for an item.\n{timeline}"
        ),
        calls=show(timeline.labels),
        timeline=timeline.render(),
    )
    timeline.start_clock()
    start = loop_clock()
    arrivals = []
    try:
        async for item in pages:
            arrivals.append((item, round(loop_clock() - start, 3)))
            if len(arrivals) == 2:
                await asyncio.sleep(5.0)  # the consumer pauses after the first page
    finally:
        await close_quietly(pages)
    expect_pages([item for item, _at in arrivals], timeline, PAGE_SETS["three pages"])
    hint = ""
    if arrivals[0][1] >= 3.0:
        hint = " " + _(
            "The first item came only after every page was fetched: yield each page's "
            "items before fetching the next page."
        )
    elif len(arrivals) > 2 and arrivals[2][1] < 7.0:
        hint = " " + _(
            "The next page was fetched during the pause: fetch it only when the consumer asks "
            "for an item past the previous one, not ahead of time."
        )
    check(
        arrivals == [("a", 1.0), ("b", 1.0), ("c", 7.0), ("d", 7.0), ("e", 8.0)],
        _(
            "Each page takes 1 s to fetch, and the consumer paused 5 s after b. The items "
            "arrived: {when}; expected a and b at 1 s, c and d at 7 s, e at 8 s.{hint}\n{timeline}"
        ),
        when=at_times(arrivals),
        hint=hint,
        timeline=timeline.render(),
    )


def expect_pages(items, timeline, case):
    """Fail unless paginate gave the case's items after fetching the case's cursors."""
    _pages, expected, cursors, given, why = case
    calls = [f"fetch_page({cursor!r})" for cursor in cursors]
    check(
        items == expected and timeline.labels == calls,
        _(
            "{pages}: paginate gave {got} after the calls {calls}; expected {want} after "
            "{want_calls}. {why}\n{timeline}"
        ),
        pages=_(given),
        got=show(items),
        calls=show(timeline.labels),
        want=show(expected),
        want_calls=show(calls),
        why=_(why),
        timeline=timeline.render(),
    )


@task(1, checks=("paginate-yields-every-item", "paginate-empty-page", "paginate-follows-cursors"))
@pytest.mark.parametrize("case", PAGE_SETS.values(), ids=PAGE_SETS)
async def test_paginate_stops_only_at_a_none_cursor(topic, case):
    """paginate yields every item, past empty pages and the cursors 0 and '', until None."""
    timeline = Timeline()
    expect_pages(await read_all(topic.paginate(page_api(timeline, case[0]))), timeline, case)


# --------------------------------------------------------------------------- Task 2


def explain_end(error, call):
    """Fail if ``call`` ended the iteration with StopIteration rather than StopAsyncIteration."""
    check(
        not (isinstance(error, StopIteration) or "StopIteration" in str(error)),
        _(
            "{call} raised {error}. A coroutine cannot end an iteration with StopIteration: "
            "raise StopAsyncIteration in __anext__."
        ),
        call=call,
        error=repr(error),
    )


NEXT = "Countdown(3, 1.0).__anext__()"
COUNTING = "async for n in Countdown(3, 1.0)"
COMPREHENSION = "[n async for n in Countdown({start}, {interval})]"


async def next_or_end(iterator, call):
    """``await anext(iterator)``, or the StopAsyncIteration that ended the iteration."""
    try:
        return await iterator.__anext__()
    except StopAsyncIteration as end:
        return end
    except (StopIteration, RuntimeError) as error:
        explain_end(error, call)  # else not about ending: NotImplementedError is a RuntimeError
        raise


@task(
    2,
    checks=(
        "countdown-is-its-own-iterator",
        "countdown-numbers-an-interval-apart",
        "countdown-ends-at-once",
        "countdown-stop-async-iteration",
        "limits",
    ),
)
async def test_countdown_gives_numbers_one_interval_apart(topic, monkeypatch):
    """async for over Countdown(3, 1.0) gives 3, 2, 1 at 1 s, 2 s and 3 s, then ends."""
    deadlines = deadlines_set(monkeypatch, topic)
    check(
        inspect.isclass(topic.Countdown),
        _("Countdown should be a class with __aiter__ and __anext__ methods."),
    )
    timeline = Timeline()
    watch_asyncio_sleep(monkeypatch, timeline, topic.module)
    countdown = topic.Countdown(3, 1.0)
    iterator = countdown.__aiter__()
    check(
        iterator is countdown,
        _("Countdown(3, 1.0).__aiter__() returned {got}; expected the iterator itself (self)."),
        got=show(iterator),
    )
    timeline.start_clock()
    start = loop_clock()
    arrivals = []
    for _attempt in range(4):  # one more than 3, 2, 1
        if isinstance(value := await next_or_end(countdown, NEXT), StopAsyncIteration):
            break
        arrivals.append((value, round(loop_clock() - start, 3)))
    ended = round(loop_clock() - start, 3)
    numbers = [number for number, _at in arrivals]
    hint = _("3, 2, 1, then StopAsyncIteration.")
    expect_equal(numbers, [3, 2, 1], what="Countdown(3, 1.0)", hint=hint)
    check(
        arrivals == [(3, 1.0), (2, 2.0), (1, 3.0)],
        _(
            "Countdown(3, 1.0) gave {when}; expected 3 at 1 s, 2 at 2 s, 1 at 3 s: sleep 1 s "
            "with asyncio.sleep before each number.\n{timeline}"
        ),
        when=at_times(arrivals),
        timeline=timeline.render(),
    )
    check(
        ended < 3.5,
        _(
            "Countdown(3, 1.0) gave 1 at 3 s, as it should, but the iteration ended at {ended} s: "
            "__anext__ slept once more before raising StopAsyncIteration. Expected the end at "
            "3 s, at once: check for the end before sleeping.\n{timeline}"
        ),
        ended=f"{ended:g}",
        timeline=timeline.render(),
    )
    expect_duration(
        ended,
        at_least=3.0,
        under=3.5,
        call=COUNTING,
        expected=_("3 s: no wait after the last number (check for the end before sleeping)."),
        timeline=timeline,
    )
    again = await next_or_end(countdown, NEXT)
    check(
        isinstance(again, StopAsyncIteration),
        _("Asking a finished Countdown again gave {got}; expected StopAsyncIteration again."),
        got=show(again),
    )
    more = []
    async for number in countdown:  # __aiter__, then __anext__: a finished iterator stays so
        more.append(number)
        if len(more) > 3:
            break
    check(
        not more,
        _(
            "A second async for over the finished Countdown(3, 1.0) gave {got}; expected no "
            "number: __aiter__ returns the iterator as it is, and a finished iterator stays "
            "finished. Do not rewind it in __aiter__."
        ),
        got=show(more),
    )
    check_no_deadline(called(COUNTING), deadlines, "Countdown.__anext__")


@task(2, checks=("countdown-numbers-an-interval-apart", "countdown-ends-at-once"))
async def test_countdown_works_with_async_for(topic):
    """[n async for n in Countdown(2, 0.5)] is [2, 1]; Countdown(0, 1.0) ends at once."""
    cases = [
        (2, 0.5, [2, 1], 1.0, 1.25, N_("1 s: two intervals of 0.5 s.")),
        (0, 1.0, [], 0.0, 0.5, N_("no waiting: there is no number to give, so it ends first.")),
    ]
    for start, interval, expected, at_least, under, why in cases:
        call = COMPREHENSION.format(start=start, interval=interval)
        with stopwatch() as watch:
            try:
                numbers = [n async for n in topic.Countdown(start, interval)]
            except RuntimeError as error:
                explain_end(error, call)
                raise
        expect_result(numbers, expected, call=call)
        expect_duration(watch.elapsed, at_least=at_least, under=under, call=call, expected=_(why))


CONSUMER_SECONDS = 0.6  # what the slow consumer spends on each number before asking again


@task(2, checks=("countdown-numbers-an-interval-apart",))
async def test_countdown_sleeps_the_interval_after_each_request(topic):
    """async for over Countdown(3, 1.0), 0.6 s spent on each number: each 1 s after it is asked."""
    call = _("async for n in Countdown(3, 1.0), the loop's body taking 0.6 s for each number")
    waits = []  # (number, seconds from when it was asked to when it came)
    countdown = topic.Countdown(3, 1.0)
    for _attempt in range(4):  # one more than 3, 2, 1
        asked = loop_clock()
        value = await next_or_end(countdown, NEXT)
        if isinstance(value, StopAsyncIteration):
            break
        waits.append((value, round(loop_clock() - asked, 3)))
        await asyncio.sleep(CONSUMER_SECONDS)
    numbers = [number for number, _wait in waits]
    expect_equal(numbers, [3, 2, 1], what="Countdown(3, 1.0)", hint=_("3, 2, 1, then the end."))
    text = _(
        "Each number came this long after it was asked for: {waits}; expected 1 s each time. "
        "Sleep the full interval in every __anext__, from when it is called, not until a "
        "schedule fixed in advance: a consumer that takes its time must still get each number "
        "an interval after it asks."
    )
    called(call).check(
        all(wait == 1.0 for _number, wait in waits),
        text,
        waits=", ".join(f"{number}: {wait:g} s" for number, wait in waits),
    )


NEGATIVE_PULLS = 3  # numbers asked of Countdown(-2, 1.0) at most: one that never ends goes on


@task(2, checks=("countdown-negative-start-ends-at-once",))
async def test_countdown_of_a_negative_start_ends_at_once(topic):
    """Countdown(-2, 1.0) gives no number and ends at once, as Countdown(0, 1.0) does."""
    call = "async for n in Countdown(-2, 1.0)"
    iterator = topic.Countdown(-2, 1.0).__aiter__()
    given = []
    with stopwatch() as watch:
        for _attempt in range(NEGATIVE_PULLS):
            value = await next_or_end(iterator, "Countdown(-2, 1.0).__anext__()")
            if isinstance(value, StopAsyncIteration):
                break
            given.append(value)
    shown = ", ".join(map(show, given)) + (", ..." if len(given) == NEGATIVE_PULLS else "")
    message = _(
        "It gave {got}; expected no number at all: a start of 0 or less counts nothing and "
        "ends at once. End when the number left is 0 or less (<= 0): a test of == 0 is never "
        "true counting down from below zero."
    )
    scene = Scene(
        _("Ran {call}, asking for {count} numbers at most.").format(call=call, count=NEGATIVE_PULLS)
    )
    scene.check(not given, message, got=shown)
    expected = _("no waiting: there is no number to give, so it ends first.")
    expect_duration(watch.elapsed, at_least=0.0, under=0.5, call=call, expected=expected)


async def numbers_of(countdown, call):
    """Every number ``countdown`` gives, six at most (one that never ends goes on)."""
    iterator = countdown.__aiter__()
    numbers = []
    for _attempt in range(6):
        value = await next_or_end(iterator, call)
        if isinstance(value, StopAsyncIteration):
            break
        numbers.append(value)
    return numbers


@task(2, checks=("countdown-numbers-an-interval-apart",))
async def test_two_countdowns_at_once_count_their_own_numbers(topic):
    """Countdown(3, 1.0) and Countdown(2, 1.0), read at once: [3, 2, 1] and [2, 1]."""
    first, second = topic.Countdown(3, 1.0), topic.Countdown(2, 1.0)
    got = await asyncio.gather(
        numbers_of(first, "Countdown(3, 1.0).__anext__()"),
        numbers_of(second, "Countdown(2, 1.0).__anext__()"),
    )
    scene = Scene(
        _(
            "Made Countdown(3, 1.0) and Countdown(2, 1.0), then read both at once, each in a "
            "task of its own."
        )
    )
    message = _(
        "They gave {first} and {second}; expected [3, 2, 1] and [2, 1]: each Countdown counts "
        "down its own numbers. Keep the number left on self (set in __init__), not in a class "
        "attribute or a global that every Countdown shares."
    )
    scene.check(same(got, [[3, 2, 1], [2, 1]]), message, first=show(got[0]), second=show(got[1]))


# --------------------------------------------------------------------------- Task 3

WORDS = ["ant", "bee", "cat", "bat", "cow"]


class Words:
    """An async iterable that is not an iterator: each pass gives one word every 0.1 s."""

    def __init__(self, words):
        self.words = tuple(words)

    def __aiter__(self):
        return WordsIterator(iter(self.words))


class WordsIterator:
    def __init__(self, words):
        self.words = words

    def __aiter__(self):
        return self

    async def __anext__(self):
        await asyncio.sleep(0.1)
        with contextlib.suppress(StopIteration):
            return next(self.words)
        raise StopAsyncIteration

    def __repr__(self):
        return "<Words iterator>"


def make_keep(rule):
    asked = record()

    async def keep(item):
        asked.append(item)
        await asyncio.sleep(0.1)
        return rule(item)

    return keep, asked


async def call_select(topic, source, keep, call):
    """What select(source, keep) returned, and whether a coroutine was never awaited."""
    with coroutines_never_awaited() as unawaited:
        try:
            result = await topic.select(source, keep)
        except TypeError as error:
            if "async" in str(error) or "iter" in str(error):
                fail(
                    _(
                        "Called {call}. It raised TypeError: {error}. An async iterable is read "
                        "with `async for`, in a comprehension too: "
                        "[item async for item in source if ...]."
                    ),
                    call=call,
                    error=error,
                )
            raise
    return result, bool(unawaited)


@task(3, checks=("select-awaits-keep", "select-any-async-iterable", "select-returns-a-list"))
async def test_select_keeps_what_the_async_predicate_accepts(topic):
    """select(Words([...]), keep) awaits keep for every word and returns the kept ones."""
    keep, asked = make_keep(lambda word: word.upper() if word.startswith(("b", "c")) else "")
    call = f"select(Words({WORDS}), keep)"
    result, never_awaited = await call_select(topic, Words(WORDS), keep, call)
    scene = called(call)
    scene.check(
        not is_async_iterator(result) and not inspect.isawaitable(result),
        _("It returned {got}; expected a list: [item async for item in source if ...]."),
        got=show(result),
    )
    expected = ["bee", "cat", "bat", "cow"]
    result_list = list(result) if isinstance(result, list | tuple) else result
    scene.check(
        result_list == expected or not (never_awaited or result_list == WORDS),
        _(
            "It returned {got}, every word: keep(item) gives a coroutine, and a coroutine "
            "object is always true. Write `if await keep(item)`."
        ),
        got=show(result_list),
    )
    expect_result(
        result,
        expected,
        call=call,
        meaning=_(
            "the words that start with b or c, as a list: for those keep gives the word in "
            "capitals, for the others '', and an item is kept when that value is true, not only "
            "when it is True"
        ),
    )
    check(
        asked == WORDS,
        _("keep was awaited for {got}; expected once for every word, in order."),
        got=show(asked),
    )


@task(3, checks=("select-any-async-iterable",))
async def test_select_reads_an_async_generator(topic):
    """select(numbers(), is_even) over an async generator gives [2, 4]; empty gives []."""

    async def numbers(limit):
        for number in range(1, limit + 1):
            await asyncio.sleep(0.1)
            yield number

    keep, _asked = make_keep(lambda number: number % 2 == 0)
    for limit, expected in ((5, [2, 4]), (0, [])):
        call = f"select(numbers({limit}), is_even)"
        result, _never_awaited = await call_select(topic, numbers(limit), keep, call)
        expect_result(result, expected, call=call)


EDGE_ITEMS = [0, 2, 2, "", 3, None, 4, 0]


@task(3, checks=("select-keeps-every-accepted",))
async def test_select_keeps_duplicates_and_falsy_items(topic):
    """select keeps every accepted item as it is: duplicates, 0, '' and None too."""

    async def items():
        for item in EDGE_ITEMS:
            await asyncio.sleep(0.1)
            yield item

    keep, asked = make_keep(lambda item: not isinstance(item, int) or item % 2 == 0)
    call = _("select(items(), keep), items() giving {items}").format(items=show(EDGE_ITEMS))
    result, _never_awaited = await call_select(topic, items(), keep, call)
    expect_result(
        result,
        [0, 2, 2, "", None, 4, 0],
        call=call,
        meaning=_(
            "every item that keep accepts, in order and as it is: an item that repeats is kept "
            "each time, and an item that is false (0, '', None) is kept when keep accepts it"
        ),
    )
    check(
        asked == EDGE_ITEMS,
        _("keep was awaited for {got}; expected once for every item, in order: {want}."),
        got=show(asked),
        want=show(EDGE_ITEMS),
    )


# --------------------------------------------------------------------------- Tasks 4 and 5


async def end_block(manager, pool, call, ending):
    """Use ``async with manager as conn`` (conn checked), ended normally, by Boom or cancelled:
    whether the block's exception went on to the code around (True when it raised none)."""
    raised, entered = Boom(), asyncio.Event()

    async def user():
        async with manager as conn:
            inside = list(pool.log)
            check(
                inside == ["acquire conn1"] and conn is pool.out[0],
                _(
                    "Inside `async with {call} as conn`, conn was {conn} and the pool had seen "
                    "{log}; expected the connection from `await pool.acquire()` (return it from "
                    "the way in)."
                ),
                call=call,
                conn=show(conn),
                log=show(inside),
            )
            entered.set()
            await asyncio.sleep(10.0 if ending == "cancel" else 1.0)
            if ending == "error":
                raise raised
        return "finished"

    worker = asyncio.create_task(user())
    if ending != "cancel":
        try:
            return await worker == "finished" and ending == "normal"
        except Boom as error:
            return error is raised
    waiter = asyncio.create_task(entered.wait())
    await asyncio.wait({worker, waiter}, return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()
    if worker.done():
        await worker  # it failed on the way in: let its error speak
    await asyncio.sleep(1.0)
    return await ends_cancelled(worker)


ENDINGS = {  # how a test ends the block, in words, and the exception that must go on
    "normal": (N_("`async with {call}` ended normally"), ""),
    "error": (N_("Boom raised inside `async with {call}`"), "Boom"),
    "cancel": (N_("A task cancelled inside `async with {call}`"), "CancelledError"),
}
FIXES = {  # (manager, ending): how to release then; manager: how not to swallow
    ("Borrowed", "error"): N_("__aexit__ runs for errors too: release there."),
    ("Borrowed", "cancel"): N_(
        "CancelledError is a BaseException, not an Exception: release in __aexit__, which runs "
        "for it too."
    ),
    "Borrowed": N_(
        "__aexit__ returned a true value, which tells Python to swallow the exception: return "
        "None (or False)."
    ),
    ("borrowed", "error"): N_("Release it in a finally, which runs however the block ends."),
    ("borrowed", "cancel"): N_(
        "CancelledError is a BaseException, not an Exception: release in finally."
    ),
    "borrowed": N_(
        "Do not catch the exception at the yield without raising it again: release in finally "
        "and let it go on."
    ),
}


async def check_borrowing(topic, name, ending):
    """Borrow from a pool with ``name``, end the block as ``ending`` says, check the pool."""
    pool, call = FakePool(), f"{name}(pool)"
    happened, exception = ENDINGS[ending]
    happened = _(happened).format(call=call)
    went_on = await end_block(getattr(topic, name)(pool), pool, call, ending)
    fix = FIXES.get((name, ending), N_("Await pool.release(conn) on the way out."))
    log = ["acquire conn1", "release conn1"]
    pool.expect(pool.log == log and not pool.out, happened, show(log), _(fix))
    expect_went_on(went_on, happened, exception, _(FIXES[name]))


@task(
    4,
    checks=(
        "borrowed-class-is-a-class",
        "borrowed-class-acquires",
        "borrowed-class-releases",
        "borrowed-class-lets-errors-through",
    ),
)
@pytest.mark.parametrize("ending", ENDINGS)
async def test_borrowed_class_acquires_and_releases(topic, ending):
    """async with Borrowed(pool) as conn: conn from pool.acquire(), released however it ends."""
    check(
        inspect.isclass(topic.Borrowed)
        and hasattr(topic.Borrowed, "__aenter__")
        and hasattr(topic.Borrowed, "__aexit__"),
        _(
            "Borrowed is {got}; expected a class with async __aenter__ and __aexit__ methods "
            "(the generator version is task 5's borrowed)."
        ),
        got=show(topic.Borrowed),
    )
    await check_borrowing(topic, "Borrowed", ending)


@task(
    5,
    checks=(
        "borrowed-is-a-generator",
        "borrowed-acquires",
        "borrowed-releases",
        "borrowed-lets-errors-through",
    ),
)
@pytest.mark.parametrize("ending", ENDINGS)
async def test_borrowed_is_an_asynccontextmanager(topic, ending):
    """borrowed is an @asynccontextmanager generator: acquire, yield conn, release in finally."""
    check(
        inspect.isasyncgenfunction(inspect.unwrap(topic.borrowed)),
        _(
            "borrowed should be an async generator function decorated with "
            "@contextlib.asynccontextmanager: acquire, `yield conn`, release in finally."
        ),
    )
    await check_borrowing(topic, "borrowed", ending)


NESTED_LOG = ["acquire conn1", "acquire conn2", "release conn2", "release conn1"]


async def borrow_twice_at_once(manager, name):
    """Nest two borrowings from one pool; fail unless each released its own connection."""
    pool = FakePool()
    call = _("`async with {name}(pool) as first, {name}(pool) as second`").format(name=name)
    async with manager(pool) as first, manager(pool) as second:
        distinct = first is not second
    pool.expect(
        pool.log == NESTED_LOG and distinct and not pool.out,
        _("{call} ended").format(call=call),
        show(NESTED_LOG),
        _(
            "Each borrowing keeps the connection it acquired and releases that one: keep it on "
            "self (or in the generator's own variable), not in a class attribute or a global."
        ),
    )


@task(4, checks=("borrowed-class-own-connection",))
async def test_two_borrowed_at_once_release_their_own(topic):
    """Two Borrowed(pool) at once, one inside the other: each gives back its own connection."""
    await borrow_twice_at_once(topic.Borrowed, "Borrowed")


@task(5, checks=("borrowed-own-connection",))
async def test_two_borrowed_generators_at_once_release_their_own(topic):
    """Two borrowed(pool) at once, one inside the other: each gives back its own connection."""
    await borrow_twice_at_once(topic.borrowed, "borrowed")


OVERLAPPING = N_(
    "In two tasks at once, `async with {name}(pool_a)` and, 0.5 s later, `async with "
    "{name}(pool_b)`, each block lasting 1 s: the first one ends first, while the second is "
    "still open."
)


async def borrow_overlapping(manager, name):
    """Two borrowings open at once that end in the order they began (not nested), from two
    pools; fail unless each got, and gave back to its pool, its own connection."""
    pools = (FakePool(), FakePool())
    pools[1].counter = itertools.count(2)  # pool_b's connection is conn2
    got = record(dict)

    async def borrow(index):
        await asyncio.sleep(0.5 * index)
        async with manager(pools[index]) as conn:
            got[index] = getattr(conn, "name", conn)
            await asyncio.sleep(1.0)

    await asyncio.gather(borrow(0), borrow(1))
    logs = [list(pool.log) for pool in pools]
    problems = [problem for pool in pools for problem in pool.problems]
    want_logs = [[f"acquire conn{n}", f"release conn{n}"] for n in (1, 2)]
    Scene(_(OVERLAPPING).format(name=name)).check(
        logs == want_logs and [got.get(0), got.get(1)] == ["conn1", "conn2"] and not problems,
        _(
            "The first got {conn_a} and pool_a saw {log_a}; the second got {conn_b} and pool_b "
            "saw {log_b}. Expected conn1 with {want_log_a}, and conn2 with {want_log_b}. Each "
            "borrowing releases the connection it acquired, whichever ends first: keep it on "
            "self (or in the generator's own variable), not in a class attribute or a global."
            "{also}"
        ),
        conn_a=show(got.get(0)),
        log_a=show(logs[0]),
        conn_b=show(got.get(1)),
        log_b=show(logs[1]),
        want_log_a=show(want_logs[0]),
        want_log_b=show(want_logs[1]),
        also=" " + _("Also: {problem}.").format(problem=problems[0]) if problems else "",
    )


@task(4, checks=("borrowed-class-own-connection",))
async def test_two_borrowed_overlapping_release_their_own(topic):
    """Two Borrowed open at once, the first ending first: each gives back its own connection."""
    await borrow_overlapping(topic.Borrowed, "Borrowed")


@task(5, checks=("borrowed-own-connection",))
async def test_two_borrowed_generators_overlapping_release_their_own(topic):
    """Two borrowed open at once, the first ending first: each gives back its own connection."""
    await borrow_overlapping(topic.borrowed, "borrowed")


class PoolExhausted(Exception):
    """The error the test's pool.acquire() raises: no connection to give."""


class FailingPool(FakePool):
    """A pool whose acquire() never gives a connection: after 0.1 s it raises PoolExhausted,
    or, when ``hang``, it waits (for the test to cancel it)."""

    def __init__(self, hang=False):
        super().__init__()
        self._error = PoolExhausted(_("no connection left"))  # only acquire() raises it
        self.hang = hang

    async def acquire(self):
        self.log.append("acquire")
        await asyncio.sleep(60.0 if self.hang else 0.1)
        raise self._error


ACQUIRE_FAILURES = {  # how acquire fails, in words, and what must reach the caller
    "raises": (N_("pool.acquire() raised PoolExhausted"), N_("that PoolExhausted")),
    "cancelled": (
        N_("A task was cancelled while pool.acquire() waited"),
        N_("the task to end cancelled"),
    ),
}
ACQUIRE_FIRST = N_(
    "Acquire before the try whose finally releases, not inside it: when acquire fails there is "
    "nothing to release, and its error goes on as it is."
)
LET_AENTER_RAISE = N_(
    "Let acquire's error leave __aenter__ as it is: Python then runs neither the block nor "
    "__aexit__, and there is nothing to release."
)


async def fail_acquiring(use, pool, way, what, fix):
    """Run ``use(pool)`` as a task while ``pool.acquire()`` fails ``way``; check the error
    went on as it was, and that nothing was released. ``what`` names the code in messages,
    ``fix`` says how to do it right."""
    happened, want = ACQUIRE_FAILURES[way]
    happened = _("{happened}, in {what}").format(happened=_(happened), what=what)
    worker = asyncio.create_task(use(pool))
    if way == "cancelled":
        await asyncio.sleep(0.05)
        worker.cancel()
    try:
        outcome = await worker
    except asyncio.CancelledError:
        if not worker.cancelled():
            raise
        outcome = asyncio.CancelledError()
    except NotImplementedError:
        raise
    except Exception as error:
        outcome = error
    # The fake's own error, out of the code's reach: only acquire() raises it.
    right = worker.cancelled() if way == "cancelled" else outcome is pool._error
    if isinstance(outcome, BaseException):
        got = f"{type(outcome).__name__}: {outcome}" if str(outcome) else type(outcome).__name__
    else:
        got = _("no error: it ended normally, with {result}").format(result=show(outcome))
    check(
        right,
        _("{happened}, and the caller got {got}; expected {want}. {fix}"),
        happened=happened,
        got=got,
        want=_(want),
        fix=_(fix),
    )
    pool.expect(
        not any(entry.startswith("release") for entry in pool.log),
        happened,
        _("no release: nothing was acquired"),
        _(fix),
    )


async def borrow_from(make_manager, pool):
    """``async with make_manager(pool) as conn``: what the block got, had it ever run."""
    async with make_manager(pool) as conn:
        return _("the block running with conn = {conn}").format(conn=show(conn))


@task(4, checks=("borrowed-class-acquire-fails",))
@pytest.mark.parametrize("way", ACQUIRE_FAILURES)
async def test_borrowed_class_releases_nothing_when_acquire_fails(topic, way):
    """async with Borrowed(pool) whose acquire fails: its error goes on, nothing is released."""
    pool = FailingPool(hang=way == "cancelled")
    use = functools.partial(borrow_from, topic.Borrowed)
    await fail_acquiring(use, pool, way, "async with Borrowed(pool)", LET_AENTER_RAISE)


@task(5, checks=("borrowed-acquire-fails",))
@pytest.mark.parametrize("way", ACQUIRE_FAILURES)
async def test_borrowed_releases_nothing_when_acquire_fails(topic, way):
    """async with borrowed(pool) whose acquire fails: its error goes on, nothing is released."""
    pool = FailingPool(hang=way == "cancelled")
    use = functools.partial(borrow_from, topic.borrowed)
    await fail_acquiring(use, pool, way, "async with borrowed(pool)", ACQUIRE_FIRST)


class FalseConnection(FakeConnection):
    """A connection that is false, as an object whose __len__ gives 0 is."""

    def __bool__(self):
        return False


class FalsePool(FakePool):
    """A pool whose connections are false."""

    connection = FalseConnection


A_FALSE_CONNECTION = N_(
    "{happened}, the connection from pool.acquire() being false (its __bool__ returns False)"
)
RELEASE_WHATEVER_ITS_TRUTH = N_(
    "Release the connection that was acquired, whatever its truth value: `if conn:` skips a "
    "connection that is false. Release it with no test (or, at most, `if conn is not None:`)."
)
RELEASED_ONCE = "['acquire conn1', 'release conn1']"


async def borrow_a_false_connection(make_manager, name):
    """``async with make_manager(pool)`` on a FalsePool; fail unless the connection came back."""
    pool = FalsePool()
    async with make_manager(pool):
        await asyncio.sleep(1.0)
    happened = _(ENDINGS["normal"][0]).format(call=f"{name}(pool)")
    happened = _(A_FALSE_CONNECTION).format(happened=happened)
    log = ["acquire conn1", "release conn1"]
    fix = _(RELEASE_WHATEVER_ITS_TRUTH)
    pool.expect(pool.log == log and not pool.out, happened, RELEASED_ONCE, fix)


@task(4, checks=("borrowed-class-releases",))
async def test_borrowed_class_releases_a_false_connection(topic):
    """async with Borrowed(pool), whose connection is false: released all the same."""
    await borrow_a_false_connection(topic.Borrowed, "Borrowed")


@task(5, checks=("borrowed-releases",))
async def test_borrowed_releases_a_false_connection(topic):
    """async with borrowed(pool), whose connection is false: released all the same."""
    await borrow_a_false_connection(topic.borrowed, "borrowed")


# --------------------------------------------------------------------------- Task 6


def counting_source(log, limit=None):
    """An async generator of 1, 2, 3, ... whose cleanup awaits, as closing a cursor would."""

    async def numbers():
        try:
            for number in itertools.count(1) if limit is None else range(1, limit + 1):
                await asyncio.sleep(0.1)
                log.append(f"yield {number}")
                yield number
        finally:
            await asyncio.sleep(0.1)
            log.append("cleanup")

    return numbers()


TAKE_LIMIT = 30  # seconds of loop time take may run: 300 items of an endless source

TAKES = {  # the source's last number (None: endless), n, what take returns, the source in words
    "three of many": (None, 3, [1, 2, 3], N_("a generator counting 1, 2, 3 without end")),
    "five of two": (2, 5, [1, 2], N_("a generator of only 1 and 2")),
    "none": (None, 0, [], N_("a generator counting 1, 2, 3 without end")),
}


@task(6, checks=("take-first-n", "take-asks-no-more", "take-closes-before-return"))
@pytest.mark.parametrize("case", TAKES.values(), ids=TAKES)
async def test_take_gives_n_items_and_closes_the_source(topic, case):
    """take(numbers, n) gives the first n items, asks for no more, closes the source first."""
    limit, n, expected, given = case
    call = _("{call} on {source}").format(call=f"take(numbers, {n})", source=_(given))
    log = []
    source = counting_source(log, limit)
    try:
        try:
            async with asyncio.timeout(TAKE_LIMIT):
                result = await topic.take(source, n)
        except StopAsyncIteration:
            message = _(
                "It raised StopAsyncIteration: the source ended after {count} items, before n, "
                "and anext() raises that at its end. Expected {want}: fewer items when the "
                "source ends first (async for stops there by itself)."
            )
            asked = sum(entry.startswith("yield") for entry in log)
            called(call).fail(message, count=asked, want=show(expected))
        except TimeoutError:
            asked = sum(entry.startswith("yield") for entry in log)
            message = _(
                "It had not returned after {limit} s of loop time, having asked the generator for "
                "{count} items: it reads on to the end of a source that has none. Expected {want} "
                "after {n} items: stop as soon as you have n items."
            )
            scene = called(call)
            scene.fail(message, limit=TAKE_LIMIT, count=asked, want=show(expected), n=n)
        log_at_return = list(log)
        # A closed async generator has no frame left, even one that never started.
        closed = source.ag_frame is None and ("cleanup" in log or "yield 1" not in log)
    finally:
        await close_quietly(source)
    scene = called(call)
    scene.check(
        f"yield {n + 1}" not in log_at_return,
        _(
            "It asked the generator for an item it did not need (it logged {log}) and returned "
            "{got}. Stop as soon as you have n items: check the count before asking for more."
        ),
        log=show(log_at_return),
        got=show(result),
    )
    expect_result(
        result, expected, call=call, meaning=_("the first n items, fewer if the source ends")
    )
    scene.check(
        closed,
        _(
            "It returned with the generator still open, its finally not run (it logged {log}): "
            "the garbage collector would close it some time later. Iterate inside `async with "
            "contextlib.aclosing(source)` so that it is closed before you return, even for n=0."
        ),
        log=show(log_at_return),
    )


# --------------------------------------------------------------------------- Task 7

ROWS = ["row 1", "row 2", "row 3", "row 4", "row 5"]
READING = "[row async for row in stream_rows(pool)]  # {rows} rows, 1 s each"
READ_ALL = "[row async for row in stream_rows(pool)]"
ROW_SETS = {  # the rows, how long reading them takes (acquire, a second a row and for the
    # final None, release), and what to fix when they do not all come
    "five rows": (ROWS, 6.2, N_("yield each row that next_row() gives, until it gives None.")),
    "false rows": (
        ["", 0, "row 3"],
        4.2,
        N_("an empty row or a 0 is still a row; stop at `row is None`, not at a false row."),
    ),
}


@task(
    7, checks=("stream-rows-one-connection", "stream-rows-until-none", "stream-rows-release-at-end")
)
@pytest.mark.parametrize("case", ROW_SETS.values(), ids=ROW_SETS)
async def test_stream_rows_yields_every_row_then_releases(topic, case):
    """Iterating stream_rows(pool) to the end gives every row, then releases the connection."""
    given, seconds, fix = case
    pool = FakePool(rows=given)
    rows = topic.stream_rows(pool)
    expect_async_generator(rows, "stream_rows(pool)")
    seen_at_first_row = record()

    def at_first_row(_row):
        """Check the pool there and then: a connection per row would give rows forever."""
        if seen_at_first_row:
            return
        seen_at_first_row.append(list(pool.log))
        check(
            seen_at_first_row[0] == ["acquire conn1"],
            _(
                "While yielding the first row, the pool had seen {log}; expected ['acquire "
                "conn1']: one connection, kept while rows come."
            ),
            log=show(seen_at_first_row[0]),
        )

    with stopwatch() as watch:
        got = await read_all(rows, at_first_row)
    expect_equal(got, given, what="stream_rows(pool)", hint=_(fix))
    pool.expect(
        pool.log == ["acquire conn1", "release conn1"],
        _("Every row read"),
        "['acquire conn1', 'release conn1']",
        _("Release it by the time `async for` ends."),
    )
    expect_duration(
        watch.elapsed,
        at_least=seconds - 0.2,
        under=seconds + 0.8,
        call=READING.format(rows=len(given)),
        expected=_(
            "about {seconds} s: acquire, the rows and the final None at 1 s each, release."
        ).format(seconds=seconds),
    )


async def close_after_two(topic, pool, got):
    """Read two rows from stream_rows(pool), then close it (aclosing + break)."""
    async with contextlib.aclosing(topic.stream_rows(pool)) as rows:
        async for row in rows:
            got.append(row)
            if len(got) == 2:
                break
    return True


async def cancel_after_two(topic, pool, got):
    """Cancel a task reading stream_rows(pool) while it waits for the third row."""

    async def reader():
        async for row in topic.stream_rows(pool):
            got.append(row)
        return "read everything"

    worker = asyncio.create_task(reader())
    await asyncio.sleep(2.5)  # two rows read, waiting for the third
    return await ends_cancelled(worker)


EARLY_ENDS = {  # how the rows end early, what that is in words, how to release then
    "closed": (
        close_after_two,
        N_("Two rows read from stream_rows(pool), then closed with aclosing"),
        N_("Closing throws GeneratorExit in at the yield: release in a finally around the loop."),
    ),
    "cancelled": (
        cancel_after_two,
        N_("A task cancelled while stream_rows(pool) waited for its third row"),
        N_("The CancelledError comes out of `await conn.next_row()`: release in a finally."),
    ),
}


@task(7, checks=("stream-rows-release-when-closed", "stream-rows-release-when-cancelled"))
@pytest.mark.parametrize("case", EARLY_ENDS.values(), ids=EARLY_ENDS)
async def test_stream_rows_releases_when_ended_early(topic, case):
    """stream_rows(pool) closed or cancelled after two rows releases the connection once."""
    end_early, happened, fix = case
    pool = FakePool(rows=ROWS)
    got = []
    went_on = await end_early(topic, pool, got)
    check(
        same(got, ROWS[:2]),
        _("{happened}: the rows read were {got}; expected {want}."),
        happened=_(happened),
        got=show(got),
        want=ROWS[:2],
    )
    released = sum(entry.startswith("release") for entry in pool.log)
    once = _("the connection released exactly once")
    pool.expect(released == 1 and not pool.out, _(happened), once, _(fix))
    expect_went_on(went_on, _(happened), "CancelledError", _("Let it go on after releasing."))


class LostConnection(Exception):
    """The error the test's next_row() raises, as a database driver would."""


FAILURES = {  # the rows next_row() gives before it raises, and the case in words
    "at the first row": (0, N_("next_row() raised LostConnection at once, before any row")),
    "after two rows": (2, N_("next_row() raised LostConnection after two rows")),
}


@task(7, checks=("stream-rows-release-on-error",))
@pytest.mark.parametrize("case", FAILURES.values(), ids=FAILURES)
async def test_stream_rows_releases_when_next_row_fails(topic, case):
    """When next_row() raises, stream_rows releases the connection once; the error goes on."""
    count, happened = case
    lost = LostConnection(_("connection lost"))
    pool = FakePool(rows=[*ROWS[:count], lost])
    got, raised = [], None
    try:
        async for row in topic.stream_rows(pool):
            got.append(row)
    except LostConnection as error:
        raised = error
    check(
        same(got, ROWS[:count]),
        _("{happened}: the rows read were {got}; expected {want}."),
        happened=_(happened),
        got=show(got),
        want=ROWS[:count],
    )
    released = sum(entry.startswith("release") for entry in pool.log)
    pool.expect(
        released == 1 and not pool.out,
        _(happened),
        _("the connection released exactly once"),
        _(
            "An error from next_row() is neither GeneratorExit nor CancelledError: release in a "
            "finally, which runs however the generator ends."
        ),
    )
    expect_went_on(
        raised is lost,
        _(happened),
        "LostConnection",
        _("Let it go on after releasing: the consumer must hear that the rows stopped."),
    )


async def read_rows(topic, pool):
    """Every row of stream_rows(pool), as a list."""
    return [row async for row in topic.stream_rows(pool)]


TWO_STREAMS = N_(
    "Read stream_rows(pool_a) and stream_rows(pool_b) at once, in two tasks: pool_a's "
    "connection conn1 gives the rows 'a1', 'a2', 'a3', pool_b's conn2 'b1', 'b2'."
)


@task(7, checks=("shared-state",))
async def test_two_stream_rows_at_once_read_their_own_connection(topic):
    """Two stream_rows read at once, from two pools: each yields and releases its own connection."""
    pools = (FakePool(rows=["a1", "a2", "a3"]), FakePool(rows=["b1", "b2"]))
    pools[1].counter = itertools.count(2)  # pool_b's connection is conn2
    got = list(await asyncio.gather(*(read_all(topic.stream_rows(pool)) for pool in pools)))
    want = [["a1", "a2", "a3"], ["b1", "b2"]]
    logs = [list(pool.log) for pool in pools]
    problems = [problem for pool in pools for problem in pool.problems]
    want_logs = [[f"acquire conn{n}", f"release conn{n}"] for n in (1, 2)]
    Scene(_(TWO_STREAMS)).check(
        same(got, want) and logs == want_logs and not problems,
        _(
            "The first gave {got_a} and pool_a saw {log_a}; the second gave {got_b} and pool_b "
            "saw {log_b}. Expected {want_a} with {want_log_a}, and {want_b} with {want_log_b}. "
            "Each stream_rows reads and releases the connection it acquired: keep it in the "
            "generator's own variable, not in anything every call shares.{also}"
        ),
        got_a=show(got[0]),
        log_a=show(logs[0]),
        got_b=show(got[1]),
        log_b=show(logs[1]),
        want_a=show(want[0]),
        want_log_a=show(want_logs[0]),
        want_b=show(want[1]),
        want_log_b=show(want_logs[1]),
        also=" " + _("Also: {problem}.").format(problem=problems[0]) if problems else "",
    )


@task(7, checks=("stream-rows-acquire-fails",))
@pytest.mark.parametrize("way", ACQUIRE_FAILURES)
async def test_stream_rows_releases_nothing_when_acquire_fails(topic, way):
    """stream_rows(pool) whose acquire fails: the error goes on, nothing is released."""
    pool = FailingPool(hang=way == "cancelled")
    use = functools.partial(read_rows, topic)
    await fail_acquiring(use, pool, way, READ_ALL, ACQUIRE_FIRST)


@task(7, checks=("stream-rows-release-at-end",))
async def test_stream_rows_releases_a_false_connection(topic):
    """stream_rows(pool), whose connection is false, read to its end: released all the same."""
    pool = FalsePool(rows=ROWS[:2])
    got = await read_all(topic.stream_rows(pool))
    expect_equal(got, ROWS[:2], what="stream_rows(pool)")
    happened = _(A_FALSE_CONNECTION).format(happened=_("Every row read"))
    log = ["acquire conn1", "release conn1"]
    fix = _(RELEASE_WHATEVER_ITS_TRUTH)
    pool.expect(pool.log == log and not pool.out, happened, RELEASED_ONCE, fix)


# ----------------------------------------------- Every task that waits: no deadline of its own

LONG_GUARD = 12 * HOUR  # loop seconds before these tests give up: their fakes take hours
FALSE_ITEMS_TOO = N_(
    "It gave {got}; expected {want}. A false item (0, '', None, False) is an item like any "
    "other: keep it as it came; only the end of the source ends the items."
)


LONG_PAGES = {None: ([0, ""], "p2"), "p2": ([None, False], None)}


@task(1, checks=("paginate-yields-every-item",), guard=LONG_GUARD)
async def test_paginate_waits_as_long_as_the_pages_take(topic):
    """paginate(fetch_page), pages of 2 h and 1 h holding 0, '', None, False: all four."""
    timeline = Timeline()
    fetch = timeline.fake(
        "fetch_page",
        seconds=lambda cursor: 2 * HOUR if cursor is None else HOUR,
        result=LONG_PAGES.__getitem__,
    )

    async def fetch_page(cursor):
        return await fetch(cursor)

    setting = _(
        "paginate(fetch_page), where the page [0, ''] (next 'p2') takes two hours and the page "
        "[None, False] (next None) an hour"
    )
    scene = called(setting, timeline)
    items = await as_long_as_it_takes(scene, read_all(topic.paginate(fetch_page)))
    want = [0, "", None, False]
    scene.check(same(items, want), _(FALSE_ITEMS_TOO), got=show(items), want=show(want))


@task(3, checks=("select-awaits-keep",), guard=LONG_GUARD)
async def test_select_waits_as_long_as_keep_takes(topic):
    """select(words(), keep), where keep takes an hour an item: every word it accepts."""
    timeline = Timeline()
    keep = timeline.fake("keep", seconds=HOUR, result=lambda word: word != "bee")

    async def words():
        for word in ["ant", "bee", "cat"]:
            yield word

    setting = _(
        "select(words(), keep), where words() yields 'ant', 'bee', 'cat' and keep(word) takes "
        "an hour and accepts all but 'bee'"
    )
    scene = called(setting, timeline)
    kept = await as_long_as_it_takes(scene, topic.select(words(), keep))
    want = ["ant", "cat"]
    message = _("It returned {got}; expected {want}. {hint}")
    hint = _(KEEPS_WAITING)
    scene.check(same(kept, want), message, got=show(kept), want=show(want), hint=hint)


@task(1, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_paginate_cancelled_while_it_waits_for_a_page_ends_cancelled(topic):
    """Reading paginate(fetch_page), cancelled 1 s into an hour-long fetch, ends cancelled."""
    fetch_page = Timeline().fake("fetch_page", seconds=HOUR, result=lambda cursor: ([1], None))
    scene = called(_("paginate(fetch_page), read to its end in a task, fetch_page taking an hour"))
    await check_cancelled_while_waiting(scene, read_all(topic.paginate(fetch_page)), after=1.0)


@task(3, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_select_cancelled_while_keep_runs_ends_cancelled(topic):
    """select(words(), keep) as a task, cancelled 1 s into an hour-long keep, ends cancelled."""
    keep = Timeline().fake("keep", seconds=HOUR, result=lambda word: True)

    async def words():
        yield "ant"

    scene = called(_("select(words(), keep) as a task, keep(word) taking an hour"))
    await check_cancelled_while_waiting(scene, topic.select(words(), keep), after=1.0)


@task(2, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_countdown_cancelled_while_it_sleeps_ends_cancelled(topic):
    """Countdown(3, 3600.0)'s first __anext__(), cancelled 1 s into its sleep, ends cancelled."""
    countdown = topic.Countdown(3, HOUR)
    scene = called(_("anext(Countdown(3, 3600.0)) as a task, its first number an hour away"))
    await check_cancelled_while_waiting(scene, anext(countdown), after=1.0)


class SlowToReleasePool(FakePool):
    """A pool that takes an hour to take a connection back."""

    async def release(self, conn):
        await asyncio.sleep(HOUR)
        return await super().release(conn)


@task(4, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_borrowed_class_cancelled_while_it_releases_ends_cancelled(topic):
    """async with Borrowed(pool) as a task, cancelled 1 s into an hour-long release: cancelled."""

    async def borrow(pool):
        async with topic.Borrowed(pool):
            pass

    setting = _(
        "Ran `async with Borrowed(pool): pass` as a task, pool.release(conn) taking an hour."
    )
    scene = Scene(setting)
    await check_cancelled_while_waiting(scene, borrow(SlowToReleasePool()), after=1.1)


@task(6, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_take_cancelled_while_it_waits_for_an_item_ends_cancelled(topic):
    """take(items(), 2) as a task, cancelled 1 s into an hour-long wait for an item: cancelled."""

    async def items():
        await asyncio.sleep(HOUR)
        yield "late"

    source = items()
    scene = called(_("take(items(), 2) as a task, where items() yields its first item in an hour"))
    try:
        await check_cancelled_while_waiting(scene, topic.take(source, 2), after=1.0)
    finally:
        await close_quietly(source)


class SlowPool(FakePool):
    """A pool that takes two hours to give a connection and an hour to take it back; its
    connections take an hour a row."""

    async def acquire(self):
        await asyncio.sleep(2 * HOUR)
        conn = await super().acquire()
        conn.seconds = HOUR
        return conn

    async def release(self, conn):
        await asyncio.sleep(HOUR)
        return await super().release(conn)


async def borrow_from_a_slow_pool(make_manager, name):
    """``async with make_manager(pool)`` for an hour, on a SlowPool: acquired and released."""
    pool = SlowPool()
    setting = _(
        "async with {name}(pool) as conn, a block that works an hour, where pool.acquire() "
        "takes two hours and pool.release(conn) an hour"
    )
    scene = called(setting.format(name=name))

    async def use():
        async with make_manager(pool):
            await asyncio.sleep(HOUR)

    await as_long_as_it_takes(scene, use())
    want = "['acquire conn1', 'release conn1']"
    happened = _("After the block")
    pool.expect(pool.log == ["acquire conn1", "release conn1"], happened, want, _(KEEPS_WAITING))


@task(4, checks=("borrowed-class-acquires",), guard=LONG_GUARD)
async def test_borrowed_class_waits_as_long_as_the_pool_takes(topic):
    """async with Borrowed(pool), a pool taking hours: acquired and released, no timeout."""
    await borrow_from_a_slow_pool(topic.Borrowed, "Borrowed")


@task(5, checks=("borrowed-acquires",), guard=LONG_GUARD)
async def test_borrowed_waits_as_long_as_the_pool_takes(topic):
    """async with borrowed(pool), a pool taking hours: acquired and released, no timeout."""
    await borrow_from_a_slow_pool(topic.borrowed, "borrowed")


@task(6, checks=("take-first-n",), guard=LONG_GUARD)
async def test_take_waits_as_long_as_the_items_take(topic):
    """take(items(), 3) on 0, '', None, 'more', an hour or two apart: [0, '', None]."""

    async def items():
        for item, hours in ((0, 2), ("", 1), (None, 1), ("more", 1)):
            await asyncio.sleep(hours * HOUR)
            yield item

    setting = _(
        "take(items(), 3), where items() yields 0 after two hours, then '', None and 'more' an "
        "hour apart"
    )
    scene = called(setting)
    source = items()
    try:
        got = await as_long_as_it_takes(scene, topic.take(source, 3))
    finally:
        await close_quietly(source)
    want = [0, "", None]
    scene.check(same(got, want), _(FALSE_ITEMS_TOO), got=show(got), want=show(want))


@task(7, checks=("stream-rows-until-none",), guard=LONG_GUARD)
async def test_stream_rows_waits_as_long_as_the_rows_take(topic):
    """stream_rows(pool), a pool and rows that take hours: every row, then released."""
    given = ["row 1", 0, ""]
    pool = SlowPool(rows=given)
    setting = _(
        "{call}, where pool.acquire() takes two hours, each next_row() an hour and "
        "pool.release(conn) an hour"
    )
    scene = called(setting.format(call=READ_ALL))
    got = await as_long_as_it_takes(scene, read_all(topic.stream_rows(pool)))
    scene.check(same(got, given), _(FALSE_ITEMS_TOO), got=show(got), want=show(given))
    want = "['acquire conn1', 'release conn1']"
    happened = _("Every row read")
    pool.expect(pool.log == ["acquire conn1", "release conn1"], happened, want, _(KEEPS_WAITING))


# ------------------------------------------ Every task that counts: no cap of its own on steps

MANY = 5000  # more items, pages, rows or numbers than any cap a solution might set itself
NO_CAP = N_(
    "It gave {count} items, {got}; expected all {want}, {expected}. The task sets no cap on "
    "how many {what}: go on until the end of the data, however long."
)


def span(items):
    """``from 0 to 4999``: the first and the last of ``items``."""
    return _("from {first} to {last}").format(first=show(items[0]), last=show(items[-1]))


def expect_every_one(scene, got, want, what):
    """Fail in ``scene`` unless ``got`` is exactly ``want``, saying how many came and how many
    were expected."""
    count = len(got) if isinstance(got, list) else 0
    scene.check(
        same(got, want),
        _(NO_CAP),
        count=count,
        got=span(got) if count else _("none at all"),
        want=len(want),
        expected=span(want),
        what=_(what),
    )


@task(1, checks=("paginate-yields-every-item",))
async def test_paginate_follows_many_pages(topic):
    """paginate(fetch_page) over 5000 pages of one item each: all 5000 items, in order."""

    async def fetch_page(cursor):
        await asyncio.sleep(0)
        page = 0 if cursor is None else cursor
        return [page], (page + 1 if page + 1 < MANY else None)

    scene = called(_("paginate(fetch_page), over {many} pages of one item each").format(many=MANY))
    items = await read_all(topic.paginate(fetch_page))
    expect_every_one(scene, items, list(range(MANY)), N_("pages it fetches"))


@task(2, checks=("countdown-numbers-an-interval-apart",))
async def test_countdown_from_a_large_start(topic):
    """async for over Countdown(5000, 0): 5000, 4999, ..., 1, every one of them."""
    numbers = []
    async for number in topic.Countdown(MANY, 0):
        numbers.append(number)
        if len(numbers) > MANY:
            break
    scene = called(_("async for n in Countdown({many}, 0)").format(many=MANY))
    expect_every_one(scene, numbers, list(range(MANY, 0, -1)), N_("numbers it gives"))


@task(3, checks=("select-awaits-keep",))
async def test_select_keeps_many_items(topic):
    """select(numbers(), keep) over 10000 numbers, keep accepting the even ones: all 5000."""

    async def numbers():
        for number in range(2 * MANY):
            yield number

    async def keep(number):
        await asyncio.sleep(0)
        return number % 2 == 0

    setting = _(
        "select(numbers(), keep), where numbers() yields 0 to {last} and keep accepts the even ones"
    )
    scene = called(setting.format(last=2 * MANY - 1))
    kept = await topic.select(numbers(), keep)
    expect_every_one(scene, kept, list(range(0, 2 * MANY, 2)), N_("items it keeps"))


@task(6, checks=("take-first-n",))
async def test_take_many_items(topic):
    """take(numbers(), 5000) from 6000 numbers: the first 5000."""

    async def numbers():
        for number in range(MANY + 1000):
            yield number

    scene = called(f"take(numbers(), {MANY})")
    source = numbers()
    try:
        got = await topic.take(source, MANY)
    finally:
        await close_quietly(source)
    expect_every_one(scene, got, list(range(MANY)), N_("items it takes"))


class QuickPool(FakePool):
    """A pool whose connections give a row at once (a loop turn each)."""

    async def acquire(self):
        conn = await super().acquire()
        conn.seconds = 0
        return conn


@task(7, checks=("stream-rows-until-none",))
async def test_stream_rows_yields_many_rows(topic):
    """stream_rows(pool) on a connection with 5000 rows: every row, then released once."""
    given = [f"row {number}" for number in range(1, MANY + 1)]
    pool = QuickPool(rows=given)
    scene = called(
        _("{call}, where the connection has {many} rows").format(call=READ_ALL, many=MANY)
    )
    got = await read_all(topic.stream_rows(pool))
    expect_every_one(scene, got, given, N_("rows it reads"))
