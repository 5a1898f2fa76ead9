"""Hidden tests for topic 13: async iteration and context managers."""

import asyncio
import contextlib
import inspect
import itertools
import warnings

from grader import (
    Timeline,
    check,
    expect_duration,
    expect_result,
    fail,
    show,
    stopwatch,
    task,
    watch_asyncio_sleep,
)

PROMISES = {
    1: {
        "paginate-is-lazy": (
            "paginate(fetch_page) is an async generator: no page is fetched before it is iterated"
        ),
        "paginate-yields-every-item": "it yields every item of every page, one by one, in order",
        "paginate-follows-cursors": (
            "the first call gets cursor None, then each next_cursor (whatever its value) until it "
            "is None"
        ),
        "paginate-fetches-on-demand": (
            "a page is fetched only when the consumer asks for an item past the previous one"
        ),
        "paginate-empty-page": "a page may be empty: only next_cursor None ends the data",
    },
    2: {
        "countdown-is-its-own-iterator": (
            "Countdown is a class whose __aiter__ returns the iterator itself"
        ),
        "countdown-numbers-an-interval-apart": (
            "it gives start, start-1, ..., 1, sleeping interval (asyncio.sleep) before each"
        ),
        "countdown-ends-at-once": (
            "after the last number it ends with no wait; Countdown(0, ...) ends at once"
        ),
        "countdown-stop-async-iteration": (
            "__anext__ raises StopAsyncIteration at the end, and again if asked again"
        ),
    },
    3: {
        "select-awaits-keep": (
            "select awaits keep(item) for every item, in order, and keeps those it accepts"
        ),
        "select-any-async-iterable": (
            "source is any async iterable: an iterator class or an async generator, empty too"
        ),
        "select-returns-a-list": "the kept items come back as a list",
    },
    4: {
        "borrowed-class-is-a-class": (
            "Borrowed is an async context manager class (__aenter__, __aexit__)"
        ),
        "borrowed-class-acquires": (
            "async with Borrowed(pool) as conn awaits pool.acquire() once and gives that connection"
        ),
        "borrowed-class-releases": (
            "pool.release(conn) is awaited once on the way out: normally, on an error, cancelled"
        ),
        "borrowed-class-lets-errors-through": (
            "the block's exception (a CancelledError too) goes on: __aexit__ returns no true value"
        ),
    },
    5: {
        "borrowed-is-a-generator": (
            "borrowed is an async generator decorated with @contextlib.asynccontextmanager"
        ),
        "borrowed-acquires": (
            "async with borrowed(pool) as conn awaits pool.acquire() once and gives that connection"
        ),
        "borrowed-releases": "pool.release(conn) is awaited once however the block ends (finally)",
        "borrowed-lets-errors-through": (
            "what the block raises, a CancelledError too, goes on to the caller"
        ),
    },
    6: {
        "take-first-n": (
            "take(source, n) returns the first n items as a list, fewer if the source ends first"
        ),
        "take-asks-no-more": (
            "it never asks the source for an item more than it needs (n=0 asks for none)"
        ),
        "take-closes-before-return": (
            "the source is closed before take returns: its cleanup has run"
        ),
    },
    7: {
        "stream-rows-one-connection": (
            "stream_rows acquires one connection and keeps it while rows come"
        ),
        "stream-rows-until-none": (
            "it yields await conn.next_row() until that gives None (a falsy row is still a row)"
        ),
        "stream-rows-release-at-end": "run to its end, it releases the connection exactly once",
        "stream-rows-release-when-closed": (
            "closed early by its consumer, it releases the connection exactly once"
        ),
        "stream-rows-release-when-cancelled": (
            "cancelled while waiting for a row, it releases and stays cancelled"
        ),
    },
}

# --------------------------------------------------------------------------- helpers


def loop_now():
    return asyncio.get_running_loop().time()


def is_async_iterator(value):
    return hasattr(value, "__anext__") and hasattr(value, "__aiter__")


async def close_quietly(agen):
    """Close a generator the test made, whatever the learner's code left it in."""
    with contextlib.suppress(BaseException):
        await agen.aclose()


class FakeConnection:
    """A database connection whose next_row() is a coroutine: one row a second."""

    def __init__(self, name, rows):
        self.name = name
        self.rows = list(rows)
        self.fetched = 0

    async def next_row(self):
        await asyncio.sleep(1.0)
        if self.fetched >= len(self.rows):
            return None
        self.fetched += 1
        return self.rows[self.fetched - 1]

    def __repr__(self):
        return f"<connection {self.name}>"


class FakePool:
    """A connection pool whose acquire() and release() are coroutines, as asyncpg's are."""

    def __init__(self, rows=()):
        self.rows = rows
        self.log = []  # "acquire conn1", "release conn1", ...
        self.out = []  # connections borrowed and not given back
        self.problems = []
        self.counter = itertools.count(1)

    async def acquire(self):
        await asyncio.sleep(0.1)
        conn = FakeConnection(f"conn{next(self.counter)}", self.rows)
        self.out.append(conn)
        self.log.append(f"acquire {conn.name}")
        return conn

    async def release(self, conn):
        await asyncio.sleep(0.1)
        if conn in self.out:
            self.out.remove(conn)
        else:
            self.problems.append(f"release({conn!r}) of a connection that was not borrowed")
        self.log.append(f"release {getattr(conn, 'name', conn)}")

    @property
    def released(self):
        return sum(entry.startswith("release") for entry in self.log)


class Boom(Exception):
    """The error the test raises inside an ``async with`` block."""


# --------------------------------------------------------------------------- Task 1

PAGES = {
    None: (["a", "b"], "p2"),
    "p2": (["c", "d"], "p3"),
    "p3": (["e"], None),
}


def fetches(timeline):
    count = len(timeline.spans)
    return f"{count} fetch" if count == 1 else f"{count} fetches"


def page_api(timeline, pages):
    return timeline.fake("fetch_page", seconds=1.0, result=lambda cursor: pages[cursor])


@task(
    1,
    checks=(
        "paginate-is-lazy",
        "paginate-yields-every-item",
        "paginate-follows-cursors",
        "paginate-fetches-on-demand",
    ),
)
async def test_paginate_yields_each_page_when_needed(topic):
    """paginate(fetch_page) yields a, b, c, d, e, each page fetched when it is needed."""
    timeline = Timeline()
    fetch_page = page_api(timeline, PAGES)
    pages = topic.paginate(fetch_page)
    check(
        is_async_iterator(pages),
        f"paginate(fetch_page) returned {show(pages)}; expected an async generator. Write "
        "it as an `async def` with `yield` in it.",
    )
    await asyncio.sleep(2.0)
    check(
        not timeline.spans,
        "Called paginate(fetch_page) and waited 2 s without iterating: it already fetched "
        f"{show([span.label for span in timeline.spans])}. It should fetch nothing until "
        "someone asks for an item.\n" + timeline.render(),
    )
    timeline.start_clock()
    start = loop_now()
    arrivals = []
    try:
        async for item in pages:
            arrivals.append((item, round(loop_now() - start, 3)))
    finally:
        await close_quietly(pages)
    items = [item for item, _ in arrivals]
    check(
        items == ["a", "b", "c", "d", "e"],
        f"Iterating paginate(fetch_page) over pages ['a', 'b'], ['c', 'd'], ['e'] gave "
        f"{show(items)}; expected ['a', 'b', 'c', 'd', 'e'].\n" + timeline.render(),
    )
    cursors = [span.label for span in timeline.spans]
    expected_cursors = ["fetch_page(None)", "fetch_page('p2')", "fetch_page('p3')"]
    check(
        cursors == expected_cursors,
        f"paginate made the calls {show(cursors)}; expected {expected_cursors}: start with "
        "None, then pass each page's next_cursor, and stop after a page whose next_cursor is "
        "None.",
    )
    expected = [("a", 1.0), ("b", 1.0), ("c", 2.0), ("d", 2.0), ("e", 3.0)]
    if arrivals != expected:
        when = ", ".join(f"{item} at {at:g} s" for item, at in arrivals)
        hint = ""
        if arrivals and arrivals[0][1] >= 3.0:
            hint = (
                " The first item came only after every page was fetched: yield each page's "
                "items before fetching the next page."
            )
        fail(
            "Each page takes 1 s to fetch. The items arrived: "
            f"{when}; expected a and b at 1 s, c and d at 2 s, e at 3 s.{hint}\n"
            + timeline.render()
        )


@task(1, checks=("paginate-empty-page",))
async def test_paginate_handles_empty_pages(topic):
    """paginate goes on past an empty page and ends after the page with no next cursor."""
    timeline = Timeline()
    fetch_page = page_api(
        timeline, {None: ([], "p2"), "p2": (["z"], "p3"), "p3": ([], None), "p4": (["!"], None)}
    )
    pages = topic.paginate(fetch_page)
    try:
        items = [item async for item in pages]
    finally:
        await close_quietly(pages)
    check(
        items == ["z"] and len(timeline.spans) == 3,
        "Pages [] (next 'p2'), ['z'] (next 'p3'), [] (next None): paginate gave "
        f"{show(items)} after {fetches(timeline)}; expected ['z'] after 3 fetches. "
        "An empty page is not the end: only next_cursor None is.\n" + timeline.render(),
    )
    timeline = Timeline()
    pages = topic.paginate(page_api(timeline, {None: ([], None)}))
    try:
        items = [item async for item in pages]
    finally:
        await close_quietly(pages)
    check(
        items == [] and len(timeline.spans) == 1,
        f"With a single empty page, paginate gave {show(items)} after "
        f"{fetches(timeline)}; expected [] after 1 fetch.",
    )


@task(1, checks=("paginate-fetches-on-demand",))
async def test_paginate_fetches_no_page_ahead(topic):
    """A consumer that reads a and b, then waits 5 s: paginate has fetched one page only."""
    timeline = Timeline()
    pages = topic.paginate(page_api(timeline, PAGES))
    try:
        first_two = [await pages.__anext__(), await pages.__anext__()]
        await asyncio.sleep(5.0)
        started = [span.label for span in timeline.spans]
    finally:
        await close_quietly(pages)
    check(
        first_two == ["a", "b"],
        f"The first two items of paginate(fetch_page) were {show(first_two)}; expected ['a', 'b'].",
    )
    check(
        started == ["fetch_page(None)"],
        "The consumer read a and b (the whole first page), then waited 5 s without asking "
        f"for more. Meanwhile paginate made the calls {show(started)}; expected only "
        "['fetch_page(None)']: fetch the next page only when the consumer asks for an item "
        "past the previous one, not ahead of time.\n" + timeline.render(),
    )


@task(1, checks=("paginate-follows-cursors",))
async def test_paginate_follows_cursors_that_are_false(topic):
    """paginate follows the cursors 0 and '' (false, but not None) and stops only at None."""
    timeline = Timeline()
    pages = {None: (["x"], 0), 0: (["y"], ""), "": (["z"], None)}
    source = topic.paginate(page_api(timeline, pages))
    try:
        items = [item async for item in source]
    finally:
        await close_quietly(source)
    calls = [span.label for span in timeline.spans]
    expected_calls = ["fetch_page(None)", "fetch_page(0)", "fetch_page('')"]
    check(
        items == ["x", "y", "z"] and calls == expected_calls,
        "Pages ['x'] (next cursor 0), ['y'] (next cursor ''), ['z'] (next None): paginate "
        f"gave {show(items)} after the calls {show(calls)}; expected ['x', 'y', 'z'] after "
        f"{expected_calls}. 0 and '' are cursors like any other: only `cursor is None` ends "
        "the data, not `not cursor`.",
    )


# --------------------------------------------------------------------------- Task 2


async def next_or_error(iterator):
    """``await anext(iterator)``, or the exception it raised."""
    try:
        return await iterator.__anext__()
    except (StopAsyncIteration, StopIteration) as error:
        return error  # how it ended is checked by the caller
    except RuntimeError as error:
        if explain_end(error, "") is None:
            raise  # not about ending (NotImplementedError is a RuntimeError too)
        return error


def explain_end(error, call):
    if isinstance(error, RuntimeError) and "StopIteration" in str(error):
        return (
            f"{call} raised RuntimeError ({error}). A coroutine cannot end an iteration with "
            "StopIteration: raise StopAsyncIteration in __anext__."
        )
    if isinstance(error, StopIteration):
        return f"{call} raised StopIteration; raise StopAsyncIteration in __anext__."
    return None


@task(
    2,
    checks=(
        "countdown-is-its-own-iterator",
        "countdown-numbers-an-interval-apart",
        "countdown-ends-at-once",
        "countdown-stop-async-iteration",
    ),
)
async def test_countdown_gives_numbers_one_interval_apart(topic, monkeypatch):
    """async for over Countdown(3, 1.0) gives 3, 2, 1 at 1 s, 2 s and 3 s, then ends."""
    check(
        inspect.isclass(topic.Countdown),
        "Countdown should be a class with __aiter__ and __anext__ methods.",
    )
    timeline = Timeline()
    watch_asyncio_sleep(monkeypatch, timeline, topic.module)
    countdown = topic.Countdown(3, 1.0)
    iterator = countdown.__aiter__()
    check(
        iterator is countdown,
        f"Countdown(3, 1.0).__aiter__() returned {show(iterator)}; an async iterator's "
        "__aiter__ returns the iterator itself (return self).",
    )
    timeline.start_clock()
    start = loop_now()
    arrivals = []
    for _ in range(4):
        value = await next_or_error(countdown)
        if isinstance(value, BaseException):
            break
        arrivals.append((value, round(loop_now() - start, 3)))
    else:
        fail(
            f"Countdown(3, 1.0) gave {show([v for v, _ in arrivals])} and did not stop: after "
            "1, __anext__ should raise StopAsyncIteration."
        )
    ended = round(loop_now() - start, 3)
    problem = explain_end(value, "At the end, __anext__()")
    check(problem is None, problem or "")
    if not isinstance(value, StopAsyncIteration):
        fail(f"Countdown(3, 1.0)'s __anext__ raised {value!r}; expected 3, 2, 1, then the end.")
    numbers = [number for number, _ in arrivals]
    check(
        numbers == [3, 2, 1],
        f"Countdown(3, 1.0) gave {show(numbers)}; expected [3, 2, 1].",
    )
    if arrivals != [(3, 1.0), (2, 2.0), (1, 3.0)]:
        when = ", ".join(f"{n} at {at:g} s" for n, at in arrivals)
        fail(
            f"Countdown(3, 1.0) gave {when}; expected 3 at 1 s, 2 at 2 s, 1 at 3 s: sleep "
            "1 s with asyncio.sleep before each number.\n" + timeline.render()
        )
    expect_duration(
        ended,
        at_least=3.0,
        under=3.5,
        call="async for n in Countdown(3, 1.0)",
        expected="3 s: one interval before each number, and no wait after the last one "
        "(check for the end before sleeping).",
        timeline=timeline,
    )
    again = await next_or_error(countdown)
    check(
        isinstance(again, StopAsyncIteration),
        f"Asking a finished Countdown for another number gave {show(again)}; it should "
        "raise StopAsyncIteration again.",
    )


@task(2, checks=("countdown-numbers-an-interval-apart", "countdown-ends-at-once"))
async def test_countdown_works_with_async_for(topic):
    """[n async for n in Countdown(2, 0.5)] is [2, 1]; Countdown(0, 1.0) ends at once."""
    with stopwatch() as watch:
        try:
            numbers = [n async for n in topic.Countdown(2, 0.5)]
        except RuntimeError as error:
            problem = explain_end(error, "async for over Countdown(2, 0.5)")
            if problem is None:
                raise
            fail(problem)
    check(numbers == [2, 1], f"Countdown(2, 0.5) gave {show(numbers)}; expected [2, 1].")
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.25,
        call="[n async for n in Countdown(2, 0.5)]",
        expected="1 s: two intervals of 0.5 s.",
    )
    with stopwatch() as watch:
        numbers = [n async for n in topic.Countdown(0, 1.0)]
    check(numbers == [], f"Countdown(0, 1.0) gave {show(numbers)}; expected nothing.")
    expect_duration(
        watch.elapsed,
        at_least=0.0,
        under=0.5,
        call="[n async for n in Countdown(0, 1.0)]",
        expected="no waiting: there is no number to give, so it ends before any sleep.",
    )


# --------------------------------------------------------------------------- Task 3


class Words:
    """An async iterable that is not a generator: one word every 0.1 s."""

    def __init__(self, words):
        self.words = list(words)
        self.given = 0

    def __aiter__(self):
        return WordsIterator(self)


class WordsIterator:
    def __init__(self, words):
        self.source = words
        self.index = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        await asyncio.sleep(0.1)
        if self.index >= len(self.source.words):
            raise StopAsyncIteration
        self.index += 1
        self.source.given += 1
        return self.source.words[self.index - 1]

    def __repr__(self):
        return "<Words iterator>"


def make_keep(rule):
    asked = []

    async def keep(item):
        await asyncio.sleep(0.1)
        asked.append(item)
        return rule(item)

    return keep, asked


async def call_select(topic, source, keep, call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = await topic.select(source, keep)
        except TypeError as error:
            if "async" in str(error) or "iter" in str(error):
                fail(
                    f"Called {call}. It raised TypeError: {error}. An async iterable is "
                    "read with `async for`, in a comprehension too: "
                    "[item async for item in source if ...]."
                )
            raise
    never_awaited = any("never awaited" in str(w.message) for w in caught)
    return result, never_awaited


@task(3, checks=("select-awaits-keep", "select-any-async-iterable", "select-returns-a-list"))
async def test_select_keeps_what_the_async_predicate_accepts(topic):
    """select(Words([...]), keep) awaits keep for every word and returns the kept ones."""
    words = Words(["ant", "bee", "cat", "bat", "cow"])
    keep, asked = make_keep(lambda word: word.startswith(("b", "c")))
    call = "select(Words(['ant', 'bee', 'cat', 'bat', 'cow']), keep)"
    result, never_awaited = await call_select(topic, words, keep, call)
    check(
        not is_async_iterator(result) and not inspect.isawaitable(result),
        f"Called {call}. It returned {show(result)}; expected a list. Use square brackets: "
        "[item async for item in source if await keep(item)].",
    )
    expected = ["bee", "cat", "bat", "cow"]
    result_list = list(result) if isinstance(result, list | tuple) else result
    if never_awaited or result_list == ["ant", "bee", "cat", "bat", "cow"]:
        check(
            result_list == expected,
            f"Called {call}. It returned {show(result_list)}, every word: keep(item) gives a "
            "coroutine, and a coroutine object is always true. Write `if await keep(item)`.",
        )
    check(
        result_list == expected,
        f"Called {call}, keeping words that start with b or c. It returned "
        f"{show(result_list)}; expected {show(expected)}.",
    )
    expect_result(result, expected, call=call, meaning="the kept words, as a list")
    check(
        asked == ["ant", "bee", "cat", "bat", "cow"],
        f"keep was awaited for {show(asked)}; expected once for every word, in order.",
    )


@task(3, checks=("select-any-async-iterable",))
async def test_select_reads_an_async_generator(topic):
    """select(numbers(), is_even) over an async generator gives [2, 4]; empty gives []."""

    async def numbers(limit):
        for number in range(1, limit + 1):
            await asyncio.sleep(0.1)
            yield number

    keep, _ = make_keep(lambda number: number % 2 == 0)
    result, _ = await call_select(topic, numbers(5), keep, "select(numbers(5), is_even)")
    expect_result(result, [2, 4], call="select(numbers(5), is_even)")
    result, _ = await call_select(topic, numbers(0), keep, "select(numbers(0), is_even)")
    expect_result(result, [], call="select(numbers(0), is_even)", meaning="an empty source")


# --------------------------------------------------------------------------- Tasks 4 and 5


def describe_manager(name):
    return "Borrowed(pool)" if name == "Borrowed" else "borrowed(pool)"


async def check_normal_use(topic, name):
    pool = FakePool()
    call = describe_manager(name)
    async with getattr(topic, name)(pool) as conn:
        inside = list(pool.log)
        check(
            inside == ["acquire conn1"] and conn is pool.out[0],
            f"Inside `async with {call} as conn`, conn was {show(conn)} and the pool had "
            f"seen {show(inside)}; expected the connection from `await pool.acquire()` "
            "(return it from the way in).",
        )
        await asyncio.sleep(1.0)
    check(
        pool.log == ["acquire conn1", "release conn1"] and not pool.out and not pool.problems,
        f"After `async with {call}` ended normally, the pool had seen {show(pool.log)}; "
        "expected ['acquire conn1', 'release conn1']: await pool.release(conn) on the way "
        "out." + (f" Also: {pool.problems[0]}." if pool.problems else ""),
    )


async def check_release_on_error(topic, name, swallow_hint):
    pool = FakePool()
    call = describe_manager(name)
    raised = Boom("raised inside the block")
    caught = None
    try:
        async with getattr(topic, name)(pool):
            await asyncio.sleep(1.0)
            raise raised
    except Boom as error:
        caught = error
    check(
        pool.released == 1 and not pool.out,
        f"Raised an exception inside `async with {call}`. The pool saw {show(pool.log)}: "
        "the connection was never released. Release it however the block ends "
        + ("(in a finally)." if name == "borrowed" else "(__aexit__ runs for errors too)."),
    )
    check(
        caught is raised,
        f"Raised Boom inside `async with {call}`. It never reached the caller: it was "
        f"swallowed. {swallow_hint}",
    )


async def check_release_on_cancel(topic, name, swallow_hint):
    pool = FakePool()
    call = describe_manager(name)
    entered = asyncio.Event()

    async def user():
        async with getattr(topic, name)(pool):
            entered.set()
            await asyncio.sleep(10.0)
        return "finished the block"

    worker = asyncio.create_task(user())
    waiter = asyncio.create_task(entered.wait())
    await asyncio.wait({worker, waiter}, return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()
    if worker.done():
        await worker  # it failed on the way in: let its error speak
    await asyncio.sleep(1.0)
    worker.cancel()
    outcome = None
    try:
        outcome = await worker
    except asyncio.CancelledError:
        outcome = "cancelled"
    check(
        pool.released == 1 and not pool.out,
        f"Cancelled a task while it was inside `async with {call}`. The pool saw "
        f"{show(pool.log)}: the connection was never released. CancelledError is a "
        "BaseException, not an Exception: release in "
        + ("finally." if name == "borrowed" else "__aexit__, which runs for it too."),
    )
    check(
        outcome == "cancelled" and worker.cancelled(),
        f"Cancelled a task while it was inside `async with {call}`. The task was not "
        f"cancelled: the CancelledError was swallowed. {swallow_hint}",
    )


AEXIT_HINT = (
    "__aexit__ returned a true value, which tells Python to swallow the exception: return "
    "None (or False)."
)
GENERATOR_HINT = (
    "Do not catch the exception at the yield without raising it again: release in finally "
    "and let it go on."
)


@task(4, checks=("borrowed-class-is-a-class", "borrowed-class-acquires", "borrowed-class-releases"))
async def test_borrowed_class_acquires_and_releases(topic):
    """async with Borrowed(pool) as conn: conn comes from pool.acquire(), released after."""
    check(
        inspect.isclass(topic.Borrowed)
        and hasattr(topic.Borrowed, "__aenter__")
        and hasattr(topic.Borrowed, "__aexit__"),
        f"Borrowed is {show(topic.Borrowed)}; expected a class with async __aenter__ and "
        "__aexit__ methods (the generator version is task 5's borrowed).",
    )
    await check_normal_use(topic, "Borrowed")


@task(4, checks=("borrowed-class-releases", "borrowed-class-lets-errors-through"))
async def test_borrowed_class_releases_on_error_and_lets_it_through(topic):
    """An error inside async with Borrowed(pool) releases the connection and reaches us."""
    await check_release_on_error(topic, "Borrowed", AEXIT_HINT)


@task(4, checks=("borrowed-class-releases", "borrowed-class-lets-errors-through"))
async def test_borrowed_class_releases_when_cancelled(topic):
    """A task cancelled inside async with Borrowed(pool) releases and stays cancelled."""
    await check_release_on_cancel(topic, "Borrowed", AEXIT_HINT)


@task(5, checks=("borrowed-is-a-generator", "borrowed-acquires", "borrowed-releases"))
async def test_borrowed_is_an_asynccontextmanager(topic):
    """borrowed is an @asynccontextmanager generator: acquire, yield conn, release."""
    inner = inspect.unwrap(topic.borrowed)
    check(
        inspect.isasyncgenfunction(inner),
        "borrowed should be an async generator function decorated with "
        "@contextlib.asynccontextmanager: acquire, `yield conn`, release in finally.",
    )
    await check_normal_use(topic, "borrowed")


@task(5, checks=("borrowed-releases", "borrowed-lets-errors-through"))
async def test_borrowed_releases_on_error_and_lets_it_through(topic):
    """An error inside async with borrowed(pool) releases the connection and reaches us."""
    await check_release_on_error(topic, "borrowed", GENERATOR_HINT)


@task(5, checks=("borrowed-releases", "borrowed-lets-errors-through"))
async def test_borrowed_releases_when_cancelled(topic):
    """A task cancelled inside async with borrowed(pool) releases and stays cancelled."""
    await check_release_on_cancel(topic, "borrowed", GENERATOR_HINT)


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


@task(6, checks=("take-first-n", "take-asks-no-more", "take-closes-before-return"))
async def test_take_closes_the_generator_before_returning(topic):
    """take(numbers, 3) gives [1, 2, 3], asks for no 4th, and the cleanup ran before return."""
    log = []
    source = counting_source(log)
    try:
        result = await topic.take(source, 3)
        log_at_return = list(log)
    finally:
        await close_quietly(source)
    expect_result(result, [1, 2, 3], call="take(numbers, 3) on a generator of 1, 2, 3, ...")
    check(
        "yield 4" not in log_at_return,
        "take(numbers, 3) asked the generator for a 4th item it did not need (the generator "
        "logged "
        f"{show(log_at_return)}). Stop as soon as you have n items, before the next "
        "`async for` step.",
    )
    check(
        "cleanup" in log_at_return,
        "take(numbers, 3) returned while the generator was still paused at its yield: its "
        "finally had not run. After a `break`, an async generator's cleanup is left to the "
        "garbage collector, some time later. Iterate inside "
        "`async with contextlib.aclosing(source)` so it is closed before you return.",
    )


@task(6, checks=("take-first-n", "take-closes-before-return"))
async def test_take_from_a_short_generator(topic):
    """take(numbers up to 2, 5) gives [1, 2], and the generator's cleanup ran."""
    log = []
    source = counting_source(log, limit=2)
    try:
        result = await topic.take(source, 5)
        log_at_return = list(log)
    finally:
        await close_quietly(source)
    expect_result(result, [1, 2], call="take(numbers, 5) on a generator of only 1 and 2")
    check(
        log_at_return[-1:] == ["cleanup"],
        f"take(numbers, 5) returned before the generator's cleanup ran (it logged "
        f"{show(log_at_return)}).",
    )


@task(6, checks=("take-asks-no-more", "take-closes-before-return"))
async def test_take_zero_asks_for_nothing(topic):
    """take(numbers, 0) gives [] without asking the generator for any item."""
    log = []
    source = counting_source(log)
    try:
        result = await topic.take(source, 0)
        log_at_return = list(log)
        # A closed async generator has no frame left, even one that never started.
        closed_at_return = source.ag_frame is None
    finally:
        await close_quietly(source)
    check(
        "yield 1" not in log_at_return,
        "Called take(numbers, 0). It asked the generator for an item (the generator logged "
        f"{show(log_at_return)}) and returned {show(result)}: with n = 0 nothing is needed. "
        "Check the count before asking for the next item.",
    )
    expect_result(result, [], call="take(numbers, 0)", meaning="no items")
    check(
        closed_at_return,
        "Called take(numbers, 0). It returned [] but left the generator open: it was handed "
        "over to take, which closes it before returning, even when n is 0 "
        "(`await source.aclose()`, or the same `async with contextlib.aclosing(source)`).",
    )


# --------------------------------------------------------------------------- Task 7

ROWS = ["row 1", "row 2", "row 3", "row 4", "row 5"]


@task(
    7, checks=("stream-rows-one-connection", "stream-rows-until-none", "stream-rows-release-at-end")
)
async def test_stream_rows_yields_every_row_then_releases(topic):
    """Iterating stream_rows(pool) to the end gives every row, then releases the connection."""
    pool = FakePool(rows=ROWS)
    rows = topic.stream_rows(pool)
    check(
        is_async_iterator(rows),
        f"stream_rows(pool) returned {show(rows)}; expected an async generator.",
    )
    got = []
    try:
        with stopwatch() as watch:
            async for row in rows:
                got.append(row)
                if len(got) == 1:
                    check(
                        pool.log == ["acquire conn1"],
                        f"While yielding the first row, the pool had seen {show(pool.log)}; "
                        "expected ['acquire conn1']: one connection, kept while rows come.",
                    )
    finally:
        await close_quietly(rows)
    check(got == ROWS, f"stream_rows(pool) gave {show(got)}; expected {show(ROWS)}.")
    check(
        pool.log == ["acquire conn1", "release conn1"] and not pool.problems,
        f"After every row was read, the pool had seen {show(pool.log)}; expected "
        "['acquire conn1', 'release conn1'] by the time `async for` ends."
        + (f" Also: {pool.problems[0]}." if pool.problems else ""),
    )
    expect_duration(
        watch.elapsed,
        at_least=6.0,
        under=7.0,
        call="async for over stream_rows(pool) with five rows, 1 s each",
        expected="about 6.2 s: acquire, five rows and the final None at 1 s each, release.",
    )


@task(7, checks=("stream-rows-until-none",))
async def test_stream_rows_keeps_false_rows(topic):
    """stream_rows gives the rows '', 0 and 'row 3': only None ends the rows."""
    rows_given = ["", 0, "row 3"]
    pool = FakePool(rows=rows_given)
    rows = topic.stream_rows(pool)
    try:
        got = [row async for row in rows]
    finally:
        await close_quietly(rows)
    check(
        got == rows_given and [type(row) for row in got] == [str, int, str],
        f"next_row() gave '', 0, 'row 3', then None. stream_rows gave {show(got)}; expected "
        "['', 0, 'row 3']: an empty row or a 0 is still a row. Stop at `row is None`, not at "
        "a false row.",
    )
    check(
        pool.log == ["acquire conn1", "release conn1"] and not pool.problems,
        f"After every row was read, the pool had seen {show(pool.log)}; expected "
        "['acquire conn1', 'release conn1'].",
    )


@task(7, checks=("stream-rows-release-when-closed",))
async def test_stream_rows_releases_when_closed_early(topic):
    """Closing stream_rows(pool) after two rows (aclosing + break) releases the connection."""
    pool = FakePool(rows=ROWS)
    got = []
    async with contextlib.aclosing(topic.stream_rows(pool)) as rows:
        async for row in rows:
            got.append(row)
            if len(got) == 2:
                break
    check(got == ROWS[:2], f"The first two rows were {show(got)}; expected {show(ROWS[:2])}.")
    check(
        pool.released == 1 and not pool.out,
        "Read two rows from stream_rows(pool), then closed it with aclosing. The pool saw "
        f"{show(pool.log)}: the connection was never given back. Closing throws "
        "GeneratorExit in at the yield: release in a finally around the loop.",
    )
    check(
        not pool.problems and pool.released == 1,
        f"The pool saw {show(pool.log)}: release the connection exactly once."
        + (f" {pool.problems[0]}." if pool.problems else ""),
    )


@task(7, checks=("stream-rows-release-when-cancelled",))
async def test_stream_rows_releases_when_cancelled(topic):
    """A task cancelled while reading stream_rows(pool) releases and stays cancelled."""
    pool = FakePool(rows=ROWS)
    got = []

    async def reader():
        async for row in topic.stream_rows(pool):
            got.append(row)
        return "read everything"

    worker = asyncio.create_task(reader())
    await asyncio.sleep(2.5)  # two rows read, waiting for the third
    worker.cancel()
    outcome = None
    try:
        outcome = await worker
    except asyncio.CancelledError:
        outcome = "cancelled"
    check(got == ROWS[:2], f"After 2.5 s the reader had {show(got)}; expected two rows.")
    check(
        pool.released == 1 and not pool.out,
        "Cancelled a task while stream_rows(pool) was waiting for a row. The pool saw "
        f"{show(pool.log)}: the connection was never released. The CancelledError comes "
        "out of `await conn.next_row()`: release in a finally.",
    )
    check(
        outcome == "cancelled" and worker.cancelled(),
        "Cancelled a task while stream_rows(pool) was waiting for a row. The task was not "
        f"cancelled (it returned {show(outcome)}): the CancelledError was swallowed. Let it "
        "go on after releasing.",
    )
