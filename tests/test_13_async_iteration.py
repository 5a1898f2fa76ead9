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
    fail,
    show,
    stopwatch,
    task,
    watch_asyncio_sleep,
)

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


@task(1)
async def test_paginate_yields_each_page_when_needed(topic):
    """paginate(fetch_page) yields a, b, c, d, e, each page fetched when it is needed."""
    timeline = Timeline()
    fetch_page = page_api(timeline, PAGES)
    timeline.start_clock()
    start = loop_now()
    pages = topic.paginate(fetch_page)
    check(
        is_async_iterator(pages),
        f"paginate(fetch_page) returned {show(pages)}; expected an async generator. Write "
        "it as an `async def` with `yield` in it.",
    )
    check(
        not timeline.spans,
        "Calling paginate(fetch_page) already fetched a page, before anything asked for an "
        "item: it should only start when iterated.\n" + timeline.render(),
    )
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


@task(1)
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


@task(2)
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


@task(2)
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


@task(3)
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
    check(
        isinstance(result, list),
        f"Called {call}. It returned a {type(result).__name__}; expected a list.",
    )
    check(
        asked == ["ant", "bee", "cat", "bat", "cow"],
        f"keep was awaited for {show(asked)}; expected once for every word, in order.",
    )


@task(3)
async def test_select_reads_an_async_generator(topic):
    """select(numbers(), is_even) over an async generator gives [2, 4]; empty gives []."""

    async def numbers(limit):
        for number in range(1, limit + 1):
            await asyncio.sleep(0.1)
            yield number

    keep, _ = make_keep(lambda number: number % 2 == 0)
    result, _ = await call_select(topic, numbers(5), keep, "select(numbers(5), is_even)")
    check(
        result == [2, 4],
        f"select(numbers(5), is_even) returned {show(result)}; expected [2, 4].",
    )
    result, _ = await call_select(topic, numbers(0), keep, "select(numbers(0), is_even)")
    check(result == [], f"select over an empty source returned {show(result)}; expected [].")


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


@task(4)
async def test_borrowed_class_acquires_and_releases(topic):
    """async with Borrowed(pool) as conn: conn comes from pool.acquire(), released after."""
    await check_normal_use(topic, "Borrowed")


@task(4)
async def test_borrowed_class_releases_on_error_and_lets_it_through(topic):
    """An error inside async with Borrowed(pool) releases the connection and reaches us."""
    await check_release_on_error(topic, "Borrowed", AEXIT_HINT)


@task(4)
async def test_borrowed_class_releases_when_cancelled(topic):
    """A task cancelled inside async with Borrowed(pool) releases and stays cancelled."""
    await check_release_on_cancel(topic, "Borrowed", AEXIT_HINT)


@task(5)
async def test_borrowed_is_an_asynccontextmanager(topic):
    """borrowed is an @asynccontextmanager generator: acquire, yield conn, release."""
    inner = inspect.unwrap(topic.borrowed)
    check(
        inspect.isasyncgenfunction(inner),
        "borrowed should be an async generator function decorated with "
        "@contextlib.asynccontextmanager: acquire, `yield conn`, release in finally.",
    )
    await check_normal_use(topic, "borrowed")


@task(5)
async def test_borrowed_releases_on_error_and_lets_it_through(topic):
    """An error inside async with borrowed(pool) releases the connection and reaches us."""
    await check_release_on_error(topic, "borrowed", GENERATOR_HINT)


@task(5)
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


@task(6)
async def test_take_closes_the_generator_before_returning(topic):
    """take(numbers, 3) gives [1, 2, 3], asks for no 4th, and the cleanup ran before return."""
    log = []
    source = counting_source(log)
    try:
        result = await topic.take(source, 3)
        log_at_return = list(log)
    finally:
        await close_quietly(source)
    check(
        result == [1, 2, 3],
        f"Called take(numbers, 3) on a generator of 1, 2, 3, ... It returned {show(result)}; "
        "expected [1, 2, 3].",
    )
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


@task(6)
async def test_take_from_a_short_generator(topic):
    """take(numbers up to 2, 5) gives [1, 2], and the generator's cleanup ran."""
    log = []
    source = counting_source(log, limit=2)
    try:
        result = await topic.take(source, 5)
        log_at_return = list(log)
    finally:
        await close_quietly(source)
    check(
        result == [1, 2],
        f"take(numbers, 5) on a generator of only 1 and 2 returned {show(result)}; "
        "expected [1, 2].",
    )
    check(
        log_at_return[-1:] == ["cleanup"],
        f"take(numbers, 5) returned before the generator's cleanup ran (it logged "
        f"{show(log_at_return)}).",
    )


# --------------------------------------------------------------------------- Task 7

ROWS = ["row 1", "row 2", "row 3", "row 4", "row 5"]


@task(7)
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


@task(7)
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


@task(7)
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
