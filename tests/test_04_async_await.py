"""Hidden tests for topic 04: async and await."""

import asyncio
import gc
import inspect
import warnings

from grader import (
    Timeline,
    check,
    expect_duration,
    expect_result,
    fail,
    same,
    show,
    show_call,
    stopwatch,
    task,
    watch_asyncio_sleep,
)

PROMISES = {
    1: {
        "greet-is-a-coroutine-function": "greet is a coroutine function: calling it without "
        "await gives a coroutine object",
        "greet-gives-hello": "awaiting greet('Ada') gives exactly the str 'Hello, Ada!'",
    },
    2: {
        "greet-from-sync-runs-greet": "greet_from_sync is an ordinary function that runs "
        "greet(name) to completion with asyncio.run",
        "greet-from-sync-returns-the-text": "it returns exactly the text greet gave",
    },
    3: {
        "save-all-awaits-each-save": "save_all awaits store.save(item) for every item, so "
        "each is saved and no coroutine is left un-awaited",
    },
    4: {
        "apply-in-order-chains-results": "each step is awaited with the previous step's "
        "result, and the last result is returned as it is (the value itself with no steps)",
        "apply-in-order-one-after-another": "the steps run one after another, each once",
    },
    5: {
        "sleeps-all-at-once": "the sleeps run all at once: ten sleeps of 1 s take at least "
        "1 s and under 2 s; none at all take no time",
        "sleeps-count-times": "it sleeps count times, for seconds each",
    },
    6: {
        "fetch-all-concurrently": "fetch_all awaits fetch(url) for every URL concurrently, "
        "once each",
        "fetch-all-in-url-order": "the results come back in the order of urls, whichever "
        "finishes first",
        "fetch-all-returns-a-list": "fetch_all returns a list ([] for no URLs)",
    },
    7: {
        "background-runs-while-work-is-awaited": "background() runs as a task while work() "
        "is awaited, then the task is awaited",
        "returns-both-results-as-a-tuple": "it returns exactly the tuple (work_result, "
        "background_result)",
        "work-and-background-called-once": "work and background are each called once",
    },
}


class Calls:
    """Wraps an async function: counts every call, awaited or not, and passes it on."""

    def __init__(self, function):
        self.function = function
        self.args = []
        self.__name__ = function.__name__

    def __call__(self, *args, **kwargs):
        self.args.append(args)
        return self.function(*args, **kwargs)

    @property
    def count(self):
        return len(self.args)


def sleeps(labels):
    """'1 sleep: sleep(1)' or '3 sleeps: ...' for messages."""
    listed = f": {', '.join(labels[:12])}" if labels else ""
    return f"{len(labels)} sleep{'s' * (len(labels) != 1)}{listed}"


def expect_called_once(calls, call):
    check(
        calls.count == 1,
        f"Called {call}. {calls.__name__}() was called {calls.count} times; expected once: "
        f"call it once and keep what it gives (a coroutine, or the task that runs it).",
    )


def forgotten_await(value, call, what):
    """Fail if ``value`` is a coroutine object: something was called but never awaited."""
    if inspect.iscoroutine(value):
        value.close()  # no "never awaited" warning on top of this message
        fail(
            f"Called {call}. It returned a coroutine object, not a result: {what} was "
            "called but never awaited. Write `await` before the call."
        )


# Task 1


@task(1, checks=("greet-is-a-coroutine-function",))
async def test_greet_is_a_coroutine_function(topic):
    """greet is written with async def, so calling it makes a coroutine object."""
    check(
        inspect.iscoroutinefunction(topic.greet),
        "greet is an ordinary function. Write it as `async def greet(name):`.",
    )
    coroutine = topic.greet("Ada")
    check(
        inspect.iscoroutine(coroutine),
        f"Calling greet('Ada') gave {show(coroutine)}; expected a coroutine object.",
    )
    await coroutine


@task(1, checks=("greet-gives-hello",))
async def test_greet_gives_the_greeting(topic):
    """Awaiting greet('Ada') gives 'Hello, Ada!', and greet('Lin') gives 'Hello, Lin!'."""
    for name in ("Ada", "Lin"):
        text = topic.greet(name)
        if inspect.isawaitable(text):
            text = await text
        expect_result(text, f"Hello, {name}!", call=f"greet({name!r}) and awaited it")


# Task 2


def spy_on_greet(topic, monkeypatch):
    """Replace greet by a spy that records each run and the loop it ran on."""
    runs = []

    async def spy_greet(name):
        runs.append((name, asyncio.get_running_loop()))
        return f"spied {name}"

    monkeypatch.setattr(topic.module, "greet", spy_greet)
    return runs


@task(2, checks=("greet-from-sync-runs-greet",))
def test_greet_from_sync_runs_the_coroutine(topic, monkeypatch):
    """greet_from_sync('Lin') runs greet('Lin') on an event loop, once."""
    runs = spy_on_greet(topic, monkeypatch)
    result = topic.greet_from_sync("Lin")
    if inspect.iscoroutine(result):
        result.close()
        fail(
            "greet_from_sync('Lin') returned a coroutine object. It should be an ordinary "
            "function that runs the coroutine with asyncio.run(...) and returns its text."
        )
    check(
        [name for name, _ in runs] == ["Lin"],
        f"greet_from_sync('Lin') ran greet {len(runs)} times"
        + (f", with {show([name for name, _ in runs])}" if runs else "")
        + "; expected greet('Lin') once. Call it and run it with asyncio.run.",
    )


@task(2, checks=("greet-from-sync-returns-the-text",))
def test_greet_from_sync_returns_the_text(topic, monkeypatch):
    """greet_from_sync('Lin') and then ('Bo') return exactly what greet gave."""
    spy_on_greet(topic, monkeypatch)
    for name in ("Lin", "Bo"):
        result = topic.greet_from_sync(name)
        if inspect.iscoroutine(result):
            result.close()
        expect_result(
            result,
            f"spied {name}",
            call=f"greet_from_sync({name!r}), where greet gave {f'spied {name}'!r}",
            meaning="return what the coroutine gives",
        )


# Task 3


class FakeStore:
    """A store whose save() is a coroutine, as a database client's would be."""

    def __init__(self):
        self.saved = []

    async def save(self, item):
        await asyncio.sleep(0.1)
        self.saved.append(item)


@task(3, checks=("save-all-awaits-each-save",))
async def test_save_all_saves_every_item(topic):
    """save_all(store, [1, 2, 3]) awaits store.save for each item."""
    store = FakeStore()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        await topic.save_all(store, [1, 2, 3])
        gc.collect()
    never_awaited = [w for w in caught if "never awaited" in str(w.message)]
    check(
        store.saved == [1, 2, 3],
        f"Called save_all(store, [1, 2, 3]). The store received {show(store.saved)}, but "
        "expected [1, 2, 3]."
        + (
            " Python warned that a coroutine was never awaited: put `await` before "
            "store.save(item)."
            if never_awaited
            else ""
        ),
    )
    check(
        not never_awaited,
        "Called save_all(store, [1, 2, 3]). Python warned that a coroutine was never "
        "awaited: every store.save(item) must be awaited.",
    )


# Task 4


def chain_steps(timeline, names):
    """Steps of 1 s each that append their name: 'x' -> 'x>a' -> 'x>a>b'."""
    return [
        Calls(timeline.fake(name, seconds=1.0, result=lambda value, name=name: f"{value}>{name}"))
        for name in names
    ]


@task(4, checks=("apply-in-order-chains-results",))
async def test_apply_in_order_chains_the_steps(topic):
    """apply_in_order('x', [a, b, c]) gives c(b(a('x'))): 'x>a>b>c'."""
    timeline = Timeline()
    steps = chain_steps(timeline, "abc")
    call = "apply_in_order('x', [a, b, c])"
    result = await topic.apply_in_order("x", steps)
    forgotten_await(result, call, "a step")
    if not same(result, "x>a>b>c"):
        fail(
            f"Called {call}. It returned {show(result)} ({type(result).__name__}); expected "
            "the str 'x>a>b>c': each step gets the previous step's result, and the last "
            "result is returned as it is.\n" + timeline.render()
        )


@task(4, checks=("apply-in-order-one-after-another",))
async def test_apply_in_order_runs_the_steps_one_after_another(topic):
    """apply_in_order('x', [a, b, c]) with steps of 1 s takes 3 s, each step called once."""
    timeline = Timeline()
    steps = chain_steps(timeline, "abc")
    call = "apply_in_order('x', [a, b, c]) with steps of 1 s each"
    timeline.start_clock()
    with stopwatch() as watch:
        result = await topic.apply_in_order("x", steps)
    forgotten_await(result, call, "a step")
    for step in steps:
        expect_called_once(step, call)
    expect_duration(
        watch.elapsed,
        at_least=3.0,
        under=3.5,
        call=call,
        expected="3 s, one step after another.",
        timeline=timeline,
    )


@task(4, checks=("apply-in-order-chains-results",))
async def test_apply_in_order_without_steps(topic):
    """apply_in_order(7, []) returns 7 unchanged."""
    result = await topic.apply_in_order(7, [])
    expect_result(result, 7, call="apply_in_order(7, [])", meaning="the value itself")


# Task 5


async def watched_sleeps(topic, monkeypatch, count, seconds):
    """Run sleep_concurrently(count, seconds), recording every asyncio.sleep it makes."""
    timeline = Timeline()
    watch_asyncio_sleep(monkeypatch, timeline, topic.module)
    timeline.start_clock()
    with stopwatch() as watch:
        await topic.sleep_concurrently(count, seconds)
    return timeline, watch.elapsed


@task(5, checks=("sleeps-all-at-once",))
async def test_ten_sleeps_of_one_second_take_under_two(topic, monkeypatch):
    """sleep_concurrently(10, 1.0) sleeps ten times at once: at least 1 s, under 2 s."""
    timeline, elapsed = await watched_sleeps(topic, monkeypatch, 10, 1.0)
    expect_duration(
        elapsed,
        at_least=1.0,
        under=2.0,
        call="sleep_concurrently(10, 1.0)",
        expected="at least 1 s and under 2 s: all ten sleeps at the same time.",
        timeline=timeline,
    )


@task(5, checks=("sleeps-count-times",))
async def test_ten_sleeps_are_ten_sleeps(topic, monkeypatch):
    """sleep_concurrently(10, 1.0) makes ten sleeps of 1 s, all in flight together."""
    timeline, _ = await watched_sleeps(topic, monkeypatch, 10, 1.0)
    labels = [span.label for span in timeline.spans]
    check(
        labels == ["sleep(1)"] * 10,
        f"Called sleep_concurrently(10, 1.0). It made {sleeps(labels)}"
        + "; expected ten of asyncio.sleep(1.0), one per count.\n"
        + timeline.render(),
    )
    check(
        timeline.peak == 10,
        f"Called sleep_concurrently(10, 1.0). At most {timeline.peak} sleeps were in "
        "flight at once; expected all 10 at the same time.\n" + timeline.render(),
    )


@task(5, checks=("sleeps-all-at-once", "sleeps-count-times"))
async def test_three_sleeps_of_half_a_second(topic, monkeypatch):
    """sleep_concurrently(3, 0.5) makes three sleeps of 0.5 s at once: 0.5 s in all."""
    timeline, elapsed = await watched_sleeps(topic, monkeypatch, 3, 0.5)
    labels = [span.label for span in timeline.spans]
    check(
        labels == ["sleep(0.5)"] * 3,
        f"Called sleep_concurrently(3, 0.5). It made {sleeps(labels)}"
        + "; expected three of asyncio.sleep(0.5).",
    )
    expect_duration(
        elapsed,
        at_least=0.5,
        under=1.0,
        call="sleep_concurrently(3, 0.5)",
        expected="0.5 s: three sleeps of 0.5 s at the same time.",
        timeline=timeline,
    )


@task(5, checks=("sleeps-all-at-once",))
async def test_no_sleeps_take_no_time(topic):
    """sleep_concurrently(0, 1.0) returns at once."""
    with stopwatch() as watch:
        await topic.sleep_concurrently(0, 1.0)
    expect_duration(
        watch.elapsed,
        at_least=0.0,
        under=0.5,
        call="sleep_concurrently(0, 1.0)",
        expected="no waiting at all: there is nothing to sleep.",
    )


# Task 6

PAGE_DELAYS = {"a.test": 1.0, "b.test": 0.5, "c.test": 0.8, "d.test": 0.2, "e.test": 0.6}


async def fetch_five(topic):
    """fetch_all over five URLs of different delays; returns the timeline, calls and result."""
    timeline = Timeline()
    fetch = Calls(timeline.fake("fetch", seconds=PAGE_DELAYS.get, result=lambda url: f"<{url}>"))
    urls = list(PAGE_DELAYS)
    timeline.start_clock()
    with stopwatch() as watch:
        results = await topic.fetch_all(urls, fetch)
    return timeline, fetch, results, watch.elapsed


@task(6, checks=("fetch-all-in-url-order", "fetch-all-returns-a-list"))
async def test_fetch_all_keeps_the_order_of_urls(topic):
    """fetch_all(five urls, fetch) returns the list of results in the order of urls."""
    _, fetch, results, _ = await fetch_five(topic)
    urls = list(PAGE_DELAYS)
    call = show_call("fetch_all", urls, fetch)
    forgotten_await(results, call, "asyncio.gather (or a task)")
    expected = [f"<{url}>" for url in urls]
    if isinstance(results, list | tuple) and sorted(results) == sorted(expected):
        check(
            list(results) == expected,
            f"Called {call}. The results came back as {show(list(results))}, in the order "
            f"the fetches finished; expected them in the order of urls: {show(expected)}.",
        )
    expect_result(results, expected, call=call, meaning="the results in the order of urls")


@task(6, checks=("fetch-all-concurrently",))
async def test_fetch_all_overlaps_the_fetches(topic):
    """fetch_all(five urls, fetch) runs the five fetches at once, each once: about 1 s."""
    timeline, fetch, results, elapsed = await fetch_five(topic)
    urls = list(PAGE_DELAYS)
    call = show_call("fetch_all", urls, fetch)
    forgotten_await(results, call, "asyncio.gather (or a task)")
    check(
        sorted(fetch.args) == sorted((url,) for url in urls),
        f"Called {call}. fetch was called {fetch.count} times, with "
        f"{show([args[0] if args else None for args in fetch.args])}; expected once for "
        "each URL.",
    )
    expect_duration(
        elapsed,
        at_least=1.0,
        under=1.5,
        call=f"{call}, where the slowest fetch takes 1 s",
        expected="about 1 s: all five fetches at the same time.",
        timeline=timeline,
    )
    check(
        timeline.peak == len(urls),
        f"Called {call}. At most {timeline.peak} fetches ran at once; expected all "
        f"{len(urls)}.\n" + timeline.render(),
    )


@task(6, checks=("fetch-all-returns-a-list",))
async def test_fetch_all_of_nothing(topic):
    """fetch_all([], fetch) returns an empty list."""
    fetch = Calls(Timeline().fake("fetch"))
    results = await topic.fetch_all([], fetch)
    expect_result(results, [], call="fetch_all([], fetch)")
    check(fetch.count == 0, f"fetch_all([], fetch) called fetch {fetch.count} times; expected 0.")


# Task 7


async def run_both(topic, work_seconds=2.0, background_seconds=1.5):
    """run_with_background with a 2 s work and a 1.5 s background, counted and timed."""
    timeline = Timeline()
    work = Calls(timeline.fake("work", seconds=work_seconds, result=lambda: "worked"))
    background = Calls(
        timeline.fake("background", seconds=background_seconds, result=lambda: "backgrounded")
    )
    timeline.start_clock()
    with stopwatch() as watch:
        result = await topic.run_with_background(work, background)
    return timeline, work, background, result, watch.elapsed


@task(7, checks=("returns-both-results-as-a-tuple",))
async def test_background_returns_both_results(topic):
    """run_with_background(work, background) returns ('worked', 'backgrounded')."""
    _, _, _, result, _ = await run_both(topic)
    call = "run_with_background(work, background)"
    forgotten_await(result, call, "something")
    expect_result(
        result,
        ("worked", "backgrounded"),
        call=call,
        meaning="the tuple (work_result, background_result)",
    )


@task(7, checks=("work-and-background-called-once",))
async def test_work_and_background_are_each_called_once(topic):
    """run_with_background(work, background) calls work once and background once."""
    _, work, background, _, _ = await run_both(topic)
    call = "run_with_background(work, background)"
    expect_called_once(work, call)
    expect_called_once(background, call)


@task(7, checks=("background-runs-while-work-is-awaited",))
async def test_background_runs_while_work_is_awaited(topic):
    """run_with_background(work, background) overlaps them: 2 s, not 3.5 s."""
    timeline, _, _, _, elapsed = await run_both(topic)
    expect_duration(
        elapsed,
        at_least=2.0,
        under=3.0,
        call="run_with_background(work, background), work taking 2 s and background 1.5 s",
        expected="2 s: background runs as a task while work is awaited.",
        timeline=timeline,
    )
    unfinished = [span.label for span in timeline.spans if span.outcome != "done"]
    check(
        not unfinished,
        "Called run_with_background(work, background). It returned while "
        f"{', '.join(unfinished)} had not finished: await the task before returning.",
    )


@task(7, checks=("background-runs-while-work-is-awaited", "returns-both-results-as-a-tuple"))
async def test_background_that_outlasts_work_is_awaited(topic):
    """A background of 2 s beside a work of 1 s: run_with_background waits for it, 2 s in all."""
    call = "run_with_background(work, background), work taking 1 s and background 2 s"
    try:
        timeline, _, _, result, elapsed = await run_both(
            topic, work_seconds=1.0, background_seconds=2.0
        )
    except asyncio.InvalidStateError as error:
        fail(
            f"Called {call}. It raised InvalidStateError ({error}): it asked the background "
            "task for its result before the task was done. Await the task instead: `await "
            "task` waits for it and gives its result."
        )
    forgotten_await(result, call, "something")
    expect_result(
        result,
        ("worked", "backgrounded"),
        call=call,
        meaning="the tuple (work_result, background_result), once both are done",
    )
    expect_duration(
        elapsed,
        at_least=2.0,
        under=2.5,
        call=call,
        expected="2 s: the background runs beside work, and is awaited to its end.",
        timeline=timeline,
    )
