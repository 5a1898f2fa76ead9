"""Hidden tests for topic 04: async and await."""

import asyncio
import gc
import inspect
import warnings

from grader import (
    Timeline,
    check,
    expect_duration,
    show,
    show_call,
    stopwatch,
    task,
    watch_asyncio_sleep,
)


@task(1)
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
    text = await coroutine
    check(
        text == "Hello, Ada!",
        f"Awaiting greet('Ada') gave {show(text)}; expected 'Hello, Ada!'.",
    )
    check(await topic.greet("Lin") == "Hello, Lin!", "greet('Lin') should give 'Hello, Lin!'.")


@task(2)
def test_greet_from_sync_runs_the_coroutine(topic, monkeypatch):
    """greet_from_sync('Lin') runs greet('Lin') on an event loop and returns its text."""
    runs = []

    async def spy_greet(name):
        runs.append((name, asyncio.get_running_loop()))
        return f"spied {name}"

    monkeypatch.setattr(topic.module, "greet", spy_greet)
    result = topic.greet_from_sync("Lin")
    check(
        not inspect.iscoroutine(result),
        "greet_from_sync('Lin') returned a coroutine object. It should run the coroutine "
        "with asyncio.run(...) and return the text it gives.",
    )
    check(
        runs and runs[0][0] == "Lin",
        "greet_from_sync('Lin') never ran greet('Lin'). Call it and run it with asyncio.run.",
    )
    check(
        result == "spied Lin",
        f"greet_from_sync('Lin') returned {show(result)}, but greet gave 'spied Lin': "
        "return what the coroutine gives.",
    )
    check(topic.greet_from_sync("Bo") == "spied Bo", "A second call should work just the same.")


class FakeStore:
    """A store whose save() is a coroutine, as a database client's would be."""

    def __init__(self):
        self.saved = []

    async def save(self, item):
        await asyncio.sleep(0.1)
        self.saved.append(item)


@task(3)
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


@task(4)
async def test_apply_in_order_chains_the_steps(topic):
    """apply_in_order('x', [a, b, c]) gives c(b(a('x'))), one step at a time."""
    timeline = Timeline()
    steps = [
        timeline.fake(name, seconds=1.0, result=lambda value, name=name: f"{value}>{name}")
        for name in ("a", "b", "c")
    ]
    with stopwatch() as watch:
        result = await topic.apply_in_order("x", steps)
    check(
        result == "x>a>b>c",
        f"Called apply_in_order('x', [a, b, c]). It returned {show(result)}; expected "
        "'x>a>b>c': each step gets the previous step's result.\n" + timeline.render(),
    )
    expect_duration(
        watch.elapsed,
        at_least=3.0,
        under=3.5,
        call="apply_in_order('x', [a, b, c]) with steps of 1 s each",
        expected="3 s, one step after another.",
        timeline=timeline,
    )


@task(4)
async def test_apply_in_order_without_steps(topic):
    """apply_in_order(7, []) returns 7 unchanged."""
    result = await topic.apply_in_order(7, [])
    check(result == 7, f"apply_in_order(7, []) returned {show(result)}; expected 7.")


@task(5)
async def test_ten_sleeps_of_one_second_take_under_two(topic, monkeypatch):
    """sleep_concurrently(10, 1.0) sleeps ten times at once: at least 1 s, under 2 s."""
    timeline = Timeline()
    watch_asyncio_sleep(monkeypatch, timeline, topic.module)
    timeline.start_clock()
    with stopwatch() as watch:
        await topic.sleep_concurrently(10, 1.0)
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=2.0,
        call="sleep_concurrently(10, 1.0)",
        expected="at least 1 s and under 2 s: all ten sleeps at the same time.",
        timeline=timeline,
    )


@task(5)
async def test_sleeps_scale_with_count_and_length(topic):
    """sleep_concurrently(3, 0.5) takes 0.5 s; sleep_concurrently(0, 1.0) returns at once."""
    with stopwatch() as watch:
        await topic.sleep_concurrently(3, 0.5)
    expect_duration(
        watch.elapsed,
        at_least=0.5,
        under=1.0,
        call="sleep_concurrently(3, 0.5)",
        expected="0.5 s: three sleeps of 0.5 s at the same time.",
    )
    with stopwatch() as watch:
        await topic.sleep_concurrently(0, 1.0)
    expect_duration(
        watch.elapsed,
        at_least=0.0,
        under=0.5,
        call="sleep_concurrently(0, 1.0)",
        expected="no waiting at all: there is nothing to sleep.",
    )


PAGE_DELAYS = {"a.test": 1.0, "b.test": 0.5, "c.test": 0.8, "d.test": 0.2, "e.test": 0.6}


@task(6)
async def test_fetch_all_overlaps_and_keeps_order(topic):
    """fetch_all(five urls, fetch) runs the five fetches at once; results in url order."""
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=PAGE_DELAYS.get, result=lambda url: f"<{url}>")
    urls = list(PAGE_DELAYS)
    call = show_call("fetch_all", urls, fetch)
    timeline.start_clock()
    with stopwatch() as watch:
        results = await topic.fetch_all(urls, fetch)
    expected = [f"<{url}>" for url in urls]
    results = list(results) if isinstance(results, list | tuple) else results
    if results != expected and sorted(results or []) == sorted(expected):
        check(
            False,
            f"Called {call}. The results came back as {show(results)}, in the order the "
            f"fetches finished; expected them in the order of urls: {show(expected)}.",
        )
    check(
        results == expected,
        f"Called {call}. It returned {show(results)}; expected {show(expected)}.",
    )
    expect_duration(
        watch.elapsed,
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


@task(6)
async def test_fetch_all_of_nothing(topic):
    """fetch_all([], fetch) returns an empty list."""
    fetch = Timeline().fake("fetch")
    results = await topic.fetch_all([], fetch)
    check(list(results) == [], f"fetch_all([], fetch) returned {show(results)}; expected [].")


@task(7)
async def test_background_runs_while_work_is_awaited(topic):
    """run_with_background(work, background) overlaps them and returns both results."""
    timeline = Timeline()
    work = timeline.fake("work", seconds=2.0, result=lambda: "worked")
    background = timeline.fake("background", seconds=1.5, result=lambda: "backgrounded")
    timeline.start_clock()
    with stopwatch() as watch:
        result = await topic.run_with_background(work, background)
    check(
        result == ("worked", "backgrounded"),
        f"Called run_with_background(work, background). It returned {show(result)}; "
        "expected ('worked', 'backgrounded').",
    )
    expect_duration(
        watch.elapsed,
        at_least=2.0,
        under=3.0,
        call="run_with_background(work, background), work taking 2 s and background 1.5 s",
        expected="2 s: background runs as a task while work is awaited.",
        timeline=timeline,
    )
