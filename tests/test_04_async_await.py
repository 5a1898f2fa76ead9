"""Hidden tests for topic 04: async and await."""

import asyncio
import gc
import inspect
import operator

import pytest

from grader import (
    N_,
    Timeline,
    _,
    check,
    expect_duration,
    expect_result,
    same,
    show,
    show_call,
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
    check_all_at_once,
    check_cancelled_while_waiting,
    check_no_deadline,
    expect_in_input_order,
    leaves,
    leftovers_stopped,
)
from grader.inside.spies import deadlines_set
from grader.inside.suite import (
    Scene,
    called,
    coroutines_never_awaited,
    expect_equal,
    reraise_not_done,
    show_typed,
)
from grader.text import NAME_LENGTH, error_text, one_line

# Tasks come before TaskGroup here: a cancelled function may leave tasks it started running
# (rules.LEFT_RUNNING is not in this topic's statement).
pytestmark = pytest.mark.may_leave_tasks

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
        "save-all-one-after-another": "the items are saved one after another, in the order of "
        "items",
        "save-all-leaves-items-alone": "the list items is left as it was given",
    },
    4: {
        "apply-in-order-chains-results": "each step is awaited with the previous step's "
        "result, and the last result is returned as it is (the value itself with no steps)",
        "apply-in-order-one-after-another": "the steps run one after another, each once",
        "apply-in-order-leaves-steps-alone": "the list steps is left as it was given",
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
        "fetch-all-failure-propagates": "when a fetch raises, its exception comes out of "
        "fetch_all (as it is, or inside a TaskGroup's ExceptionGroup)",
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
    """Wraps an async function: counts every call, awaited or not, and passes it on. The
    function it wraps stays in a closure: no attribute leads past the count to it."""

    def __init__(self, function):
        self.args = calls = record()
        self.__name__ = function.__name__

        def counted(*args, **kwargs):
            calls.append(args)
            return function(*args, **kwargs)

        self._counted = counted

    def __call__(self, *args, **kwargs):
        return self._counted(*args, **kwargs)

    @property
    def count(self):
        return len(self.args)


def expect_called_once(calls, call):
    called(call).check(
        calls.count == 1,
        _(
            "{name}() was called {count} times; expected once: call it once and keep what it "
            "gives (a coroutine, or the task that runs it)."
        ),
        name=calls.__name__,
        count=calls.count,
    )


async def await_on_nothing(awaitable, call, nothing):
    """Await ``awaitable``, a call given nothing to do; if it raises, say so and what was
    expected (``nothing`` says what it was given: an ``N_`` text)."""
    try:
        return await awaitable
    except Exception as error:
        message = _(
            "It raised {error}; expected it to return at once: with {nothing}, there is nothing "
            "to wait for."
        )
        if isinstance(error, ValueError) and "empty" in str(error):
            message += " " + _(
                "asyncio.wait raises ValueError on an empty collection: check for it, or use "
                "asyncio.gather, which returns at once."
            )
        text = error_text(error).rstrip(".")
        error_shown = f"{one_line(type(error).__name__, NAME_LENGTH)} ({text})"
        called(call).fail(message, error=error_shown, nothing=_(nothing))


def forgotten_await(value, call, what):
    """Fail if ``value`` is a coroutine object: ``what`` was called but never awaited."""
    if inspect.iscoroutine(value):
        value.close()  # no "never awaited" warning on top of this message
        called(call).fail(
            _(
                "It returned a coroutine object, not a result: {what} was called but never "
                "awaited. Write `await` before the call."
            ),
            what=_(what),
        )


# Task 1


@task(1, checks=("greet-is-a-coroutine-function", "greet-gives-hello"))
async def test_greet_is_a_coroutine_function(topic):
    """greet is an async def: greet('Ada') is a coroutine giving 'Hello, Ada!'; 'Lin' too."""
    check(
        inspect.iscoroutinefunction(topic.greet),
        _("greet is an ordinary function. Write it as `async def greet(name):`."),
    )
    coroutine = topic.greet("Ada")
    check(
        inspect.iscoroutine(coroutine),
        _("Calling greet('Ada') gave {got}; expected a coroutine object."),
        got=show(coroutine),
    )
    for name in ("Ada", "Lin"):
        text = await (coroutine if name == "Ada" else topic.greet(name))
        call = _("greet({name}) and awaited it").format(name=repr(name))
        expect_result(text, f"Hello, {name}!", call=call)


# Task 2


def spy_on_greet(topic, monkeypatch, loops=None):
    """Replace greet by a spy that records the name of each run (and its loop in ``loops``)."""
    runs = record()

    async def spy_greet(name):
        runs.append(name)
        if loops is not None:
            loops.append(asyncio.get_running_loop())
        return f"spied {name}"

    monkeypatch.setattr(topic.module, "greet", spy_greet)
    return runs


def greet_from_sync(topic, name):
    """The learner's greet_from_sync(name), failing if it gave a coroutine object."""
    try:
        result = topic.greet_from_sync(name)
    except RuntimeError as error:
        if "event loop" not in str(error):
            raise
        called(f"greet_from_sync({name!r})").fail(
            _(
                "It raised RuntimeError: {error}. Synchronous code has no event loop until it "
                "starts one: asyncio.run(greet(name)) makes a loop, runs the coroutine on it "
                "and closes it."
            ),
            error=error_text(error).rstrip("."),
        )
    if inspect.iscoroutine(result):
        result.close()
        called(f"greet_from_sync({name!r})").fail(
            _(
                "It returned a coroutine object. It should be an ordinary function that runs "
                "the coroutine with asyncio.run(...) and returns its text."
            )
        )
    return result


@task(2, checks=("greet-from-sync-runs-greet", "greet-from-sync-returns-the-text"))
def test_greet_from_sync_runs_the_coroutine(topic, monkeypatch):
    """greet_from_sync('Lin') runs greet('Lin') once, and returns exactly what greet gave."""
    loops = []
    runs = spy_on_greet(topic, monkeypatch, loops)
    text = greet_from_sync(topic, "Lin")
    expect_equal(
        runs,
        ["Lin"],
        what=_("The runs of greet by greet_from_sync('Lin')"),
        hint=_("greet('Lin') once. Call it and run it with asyncio.run."),
    )
    called("greet_from_sync('Lin')").check(
        all(loop.is_closed() for loop in loops),
        _(
            "greet ran on an event loop that was still open after greet_from_sync returned; "
            "expected it closed: asyncio.run makes a new loop for the coroutine and closes it "
            "when the coroutine is done."
        ),
    )
    for name in ("Lin", "Bo"):
        expect_result(
            text if name == "Lin" else greet_from_sync(topic, name),
            f"spied {name}",
            call=_("greet_from_sync({name}), where greet gave {text}").format(
                name=repr(name), text=repr(f"spied {name}")
            ),
            meaning=_("return what the coroutine gives"),
        )


# Task 3


class FakeStore:
    """A store whose save() is a coroutine, as a database client's would be; every save is
    recorded on ``timeline``."""

    def __init__(self, timeline=None, seconds=0.1):
        self.saved = record()
        self.timeline = timeline or Timeline()
        self.seconds = seconds

    async def save(self, item):
        async with self.timeline.span(f"save({item!r})"):
            await asyncio.sleep(self.seconds)
        self.saved.append(item)


@task(3, checks=("save-all-awaits-each-save", "save-all-leaves-items-alone"))
async def test_save_all_saves_every_item(topic):
    """save_all(store, [1, 2, 3]) awaits store.save for each item."""
    store = FakeStore()
    with coroutines_never_awaited() as unawaited:
        await topic.save_all(store, [1, 2, 3])
        gc.collect()
    scene = called("save_all(store, [1, 2, 3])")
    if unawaited:
        scene.fail(
            _(
                "The store received {got}, and Python warned that a coroutine was never "
                "awaited: every store.save(item) must be awaited (put `await` before it)."
            ),
            got=show(store.saved),
        )
    scene.check(
        same(store.saved, [1, 2, 3]),
        _("The store received {got}, but expected [1, 2, 3]."),
        got=show(store.saved),
    )


SAVE_ITEMS = (3, 0, 2, 3, 1)


@task(
    3,
    checks=(
        "save-all-awaits-each-save",
        "save-all-one-after-another",
        "save-all-leaves-items-alone",
    ),
)
async def test_save_all_saves_each_item_as_listed(topic):
    """save_all(store, [3, 0, 2, 3, 1]) saves 3, 0, 2, 3, 1 and leaves the list as it was."""
    store = FakeStore()
    items = list(SAVE_ITEMS)
    await topic.save_all(store, items)
    called(f"save_all(store, {list(SAVE_ITEMS)})").check(
        same(store.saved, list(SAVE_ITEMS)),
        _(
            "The store received {got}; expected {want}: every item, in the order of items, "
            "an item listed twice saved twice, and a falsy one such as 0 saved like any other."
        ),
        got=show(store.saved),
        want=show(list(SAVE_ITEMS)),
    )
    called(f"save_all(store, {list(SAVE_ITEMS)})").check(
        same(items, list(SAVE_ITEMS)),
        _(
            "Afterwards the list items was {got}; expected it left as given, {want}: the caller "
            "may still need it. Go through the list without changing it (for item in items)."
        ),
        got=show(items),
        want=show(list(SAVE_ITEMS)),
    )


@task(3, checks=("save-all-one-after-another",))
async def test_save_all_saves_one_item_at_a_time(topic):
    """save_all(store, [1, 2, 3]) saves 1, then 2, then 3: never two saves at once."""
    timeline = Timeline()
    store = FakeStore(timeline)
    timeline.start_clock()
    await topic.save_all(store, [1, 2, 3])
    scene = called(_("save_all(store, [1, 2, 3]), each save taking 0.1 s"), timeline)
    text = _(
        "{peak} saves were running at once; expected one at a time: await each save before "
        "the next starts, as the given loop does (a store may take only one save at a time)."
    )
    scene.check(timeline.peak <= 1, text, draw=True, peak=timeline.peak)
    text = _("The saves started in the order {got}; expected {want}, the order of items.")
    want = ["save(1)", "save(2)", "save(3)"]
    scene.check(
        timeline.labels == want, text, draw=True, got=show(timeline.labels), want=show(want)
    )


# Task 4


def chain_steps(timeline, names):
    """Steps of 1 s each that append their name: 'x' -> 'x>a' -> 'x>a>b'."""
    return [
        Calls(timeline.fake(name, seconds=1.0, result=lambda value, name=name: f"{value}>{name}"))
        for name in names
    ]


def step_names(steps):
    """The list of steps, as its steps' names: [a, b, c]."""
    return f"[{', '.join(getattr(step, '__name__', show(step)) for step in steps)}]"


@task(
    4,
    checks=(
        "apply-in-order-chains-results",
        "apply-in-order-one-after-another",
        "apply-in-order-leaves-steps-alone",
    ),
)
@pytest.mark.parametrize(("value", "names", "expected"), [("x", "abc", "x>a>b>c"), (7, "", 7)])
async def test_apply_in_order_chains_the_steps(topic, value, names, expected):
    """apply_in_order('x', [a, b, c]) gives 'x>a>b>c', one 1 s step after another; (7, []) 7."""
    timeline = Timeline()
    steps = chain_steps(timeline, names)
    call = f"apply_in_order({value!r}, [{', '.join(names)}])"
    given = list(steps)
    timeline.start_clock()
    with stopwatch() as watch:
        result = await topic.apply_in_order(value, steps)
    forgotten_await(result, call, N_("a step"))
    if not same(result, expected):
        called(call, timeline).fail(
            _(
                "It returned {got}; expected {want}: each step gets the previous step's result, "
                "and the last result is returned as it is (the value itself with no steps)."
            ),
            draw=bool(names),
            got=show_typed(result),
            want=show_typed(expected),
        )
    text = _(
        "Afterwards the list of steps was {got}; expected it left as given, {want}: the caller "
        "may run the same steps again. Go through the list without changing it."
    )
    called(call).check(
        len(steps) == len(given) and all(map(operator.is_, steps, given)),
        text,
        got=step_names(steps),
        want=step_names(given),
    )
    if not names:
        return
    call = _("apply_in_order('x', [a, b, c]) with steps of 1 s each")
    for step in steps:
        expect_called_once(step, call)
    expect_duration(
        watch.elapsed,
        at_least=3.0,
        under=3.5,
        call=call,
        expected=_("3 s, one step after another."),
        timeline=timeline,
    )


def step_giving(results, inputs, index):
    """An async step that records its input and gives ``results[index]``."""

    async def step(value):
        inputs.append(value)
        return results[index]

    step.__name__ = f"step{index + 1}"
    return step


FALSY_RESULTS = (0, "", None)


async def add_one(value):
    """A step: the value plus one."""
    return value + 1


@task(4, checks=("apply-in-order-chains-results",))
async def test_apply_in_order_takes_every_step_however_many(topic):
    """apply_in_order(0, [add_one] * 3000) gives 3000: every step, however many there are."""
    call = "apply_in_order(0, [add_one] * 3000)"
    result = await topic.apply_in_order(0, [add_one] * 3000)
    meaning = _("each of the 3000 steps awaited in turn, in a loop (no recursion, no cap)")
    expect_result(result, 3000, call=call, meaning=meaning)


@task(4, checks=("apply-in-order-chains-results",))
async def test_apply_in_order_passes_on_falsy_results(topic):
    """apply_in_order(1, steps giving 0, '' and None) feeds each to the next; returns None."""
    inputs = []
    steps = [step_giving(FALSY_RESULTS, inputs, index) for index in range(len(FALSY_RESULTS))]
    result = await topic.apply_in_order(1, steps)
    call = _("apply_in_order(1, [step1, step2, step3]), the steps giving 0, '' and None")
    forgotten_await(result, call, N_("a step"))
    want = [1, *FALSY_RESULTS[:-1]]
    called(call).check(
        same(inputs, want) and result is None,
        _(
            "The steps received {got} and it returned {result}; expected {want} and None: each "
            "step gets the previous step's result, even a falsy one (0, '' or None), and the "
            "last result is returned as it is."
        ),
        got=show(inputs),
        result=show(result),
        want=show(want),
    )


# Task 5


@task(5, checks=("sleeps-all-at-once", "sleeps-count-times"))
@pytest.mark.parametrize(
    ("count", "seconds", "under"), [(10, 1.0, 2.0), (3, 0.5, 1.0), (25, 0.5, 1.0), (0, 1.0, 0.5)]
)
async def test_sleeps_run_all_at_once(topic, monkeypatch, count, seconds, under):
    """sleep_concurrently(count, s) sleeps count times at once: (10, 1.0) in 1 s, (0, 1.0) in 0."""
    timeline = Timeline()
    watch_asyncio_sleep(monkeypatch, timeline, topic.module, yields=False)
    timeline.start_clock()
    call = f"sleep_concurrently({count}, {seconds})"
    with stopwatch() as watch:
        running = topic.sleep_concurrently(count, seconds)
        await (running if count else await_on_nothing(running, call, N_("count 0")))
    if count:
        expected = _(
            "at least {seconds} s and under {under} s: all {count} sleeps at the same time."
        )
    else:
        expected = _("no waiting at all: there is nothing to sleep.")
    expect_duration(
        watch.elapsed,
        at_least=seconds if count else 0.0,
        under=under,
        call=call,
        expected=expected.format(seconds=f"{seconds:g}", under=f"{under:g}", count=count),
        timeline=timeline if count else None,
    )
    labels = timeline.labels
    scene = called(call, timeline)
    scene.check(
        labels == [f"sleep({seconds:g})"] * count,
        _(
            "The sleeps it made ({made}): {labels}; expected {count} of asyncio.sleep({seconds}), "
            "one per count."
        ),
        draw=True,
        made=len(labels),
        labels=", ".join(labels[:12]) or _("none"),
        count=count,
        seconds=seconds,
    )
    check_all_at_once(scene, count, _("sleeps"))


MANY = 5_000  # more operations at once than any batch or cap a solution might set itself
ALL_AT_ONCE = N_(
    "It made {made} {what}, at most {peak} at once, and took {seconds} s of loop time; expected "
    "all {count} at the same time, in about 1 s. The statement sets no cap on how many run at "
    "once: start them all, however many there are."
)


@task(5, checks=("sleeps-all-at-once",))
async def test_sleep_concurrently_sleeps_5000_times_at_once(topic, monkeypatch):
    """sleep_concurrently(5000, 1.0) makes its 5000 sleeps all at once: 1 s in all."""
    timeline = Timeline()
    watch_asyncio_sleep(monkeypatch, timeline, topic.module, yields=False)
    timeline.start_clock()
    with stopwatch() as watch:
        await topic.sleep_concurrently(MANY, 1.0)
    made, peak = len(timeline.spans), timeline.peak
    called(f"sleep_concurrently({MANY}, 1.0)").check(
        made == peak == MANY and watch.elapsed < 1.5,
        _(ALL_AT_ONCE),
        made=made,
        what=_("sleeps"),
        peak=peak,
        seconds=f"{watch.elapsed:g}",
        count=MANY,
    )


# Task 6

PAGE_DELAYS = {"a.test": 1.0, "b.test": 0.5, "c.test": 0.8, "d.test": 0.2, "e.test": 0.6}
URLS = list(PAGE_DELAYS)
GATHER = N_("asyncio.gather (or a task)")


@task(6, checks=("fetch-all-in-url-order", "fetch-all-returns-a-list", "fetch-all-concurrently"))
async def test_fetch_all_overlaps_the_fetches(topic):
    """fetch_all(five urls, fetch) fetches each once, all at once, in url order; [] for []."""
    timeline = Timeline()
    fetch = Calls(timeline.fake("fetch", seconds=PAGE_DELAYS.get, result=lambda url: f"<{url}>"))
    timeline.start_clock()
    with stopwatch() as watch:
        results = await topic.fetch_all(URLS, fetch)
    call = show_call("fetch_all", URLS, fetch)
    forgotten_await(results, call, GATHER)
    expect_in_input_order(results, [f"<{url}>" for url in URLS], call=call)
    scene = called(call, timeline)
    scene.check(
        same(sorted(fetch.args, key=show), sorted(((url,) for url in URLS), key=show)),
        _("fetch was called {count} times, with {urls}; expected once for each URL."),
        count=fetch.count,
        urls=show([args[0] if args else None for args in fetch.args]),
    )
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.5,
        call=_("{call}, where the slowest fetch takes 1 s").format(call=call),
        expected=_("about 1 s: all five fetches at the same time."),
        timeline=timeline,
    )
    check_all_at_once(scene, len(URLS), _("fetches"))
    fetch = Calls(Timeline().fake("fetch"))
    nothing = await_on_nothing(topic.fetch_all([], fetch), "fetch_all([], fetch)", N_("no URLs"))
    expect_result(await nothing, [], call="fetch_all([], fetch)")
    called("fetch_all([], fetch)").check(
        fetch.count == 0, _("It called fetch {count} times; expected 0."), count=fetch.count
    )
    twice = ["a.test", "b.test", "a.test"]
    fetch = Calls(Timeline().fake("fetch", seconds=PAGE_DELAYS.get, result=lambda url: f"<{url}>"))
    call = show_call("fetch_all", twice, fetch)
    expect_result(await topic.fetch_all(twice, fetch), [f"<{url}>" for url in twice], call=call)
    called(call).check(
        fetch.count == len(twice),
        _(
            "fetch was called {count} times, with {urls}; expected once for each URL of the "
            "list: a URL listed twice is fetched twice."
        ),
        count=fetch.count,
        urls=show([args[0] if args else None for args in fetch.args]),
    )
    many = [f"{letter}.test" for letter in "abcdefghijkl"]
    timeline = Timeline()
    fetch = Calls(timeline.fake("fetch", seconds=1.0, result=lambda url: f"<{url}>"))
    timeline.start_clock()
    with stopwatch() as watch:
        results = await topic.fetch_all(many, fetch)
    call = show_call("fetch_all", many, fetch)
    expect_result(results, [f"<{url}>" for url in many], call=call)
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.5,
        call=_("{call}, each fetch taking 1 s").format(call=call),
        expected=_("about 1 s: all twelve fetches at the same time, however many URLs there are."),
        timeline=timeline,
    )


@task(6, checks=("fetch-all-concurrently",))
async def test_fetch_all_fetches_5000_urls_at_once(topic):
    """fetch_all(5000 urls, fetch), each fetch taking 1 s: all at once, 1 s in all, in order."""
    urls = [f"u{number}.test" for number in range(MANY)]
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=1.0, result=lambda url: f"<{url}>")
    timeline.start_clock()
    with stopwatch() as watch:
        results = await topic.fetch_all(list(urls), fetch)
    call = f"fetch_all([{urls[0]!r}, ..., {urls[-1]!r}], fetch)"
    expect_in_input_order(results, [f"<{url}>" for url in urls], call=call)
    made, peak = len(timeline.spans), timeline.peak
    called(_("{call}, each fetch taking 1 s").format(call=call)).check(
        made == peak == MANY and watch.elapsed < 1.5,
        _(ALL_AT_ONCE),
        made=made,
        what=_("fetches"),
        peak=peak,
        seconds=f"{watch.elapsed:g}",
        count=MANY,
    )


@task(6, checks=("fetch-all-failure-propagates",))
async def test_fetch_all_lets_a_failing_fetchs_error_out(topic):
    """fetch_all(five urls, fetch), fetch('b.test') failing: its ConnectionError comes out."""
    error = ConnectionError(_("b.test is down"))
    fetch = Timeline().fake(
        "fetch",
        seconds=PAGE_DELAYS.get,
        result=lambda url: f"<{url}>",
        error=lambda url: error if url == "b.test" else None,
    )
    call = _("{call}, where fetch('b.test') raises {error} after 0.5 s")
    call = call.format(call=show_call("fetch_all", URLS, fetch), error=show(error))
    scene = called(call)
    raised = returned = None
    async with leftovers_stopped():
        try:
            returned = await topic.fetch_all(URLS, fetch)
        except Exception as caught:  # what came out, whatever it is, is judged below
            reraise_not_done(caught)
            raised = caught
    forgotten_await(returned, call, GATHER)
    text = _(
        "It returned {got}; expected it to raise the {error} that fetch('b.test') raised: when "
        "a fetch fails, its exception comes out of fetch_all, and there is no list to return."
    )
    scene.check(raised is not None, text, got=show(returned), error=show(error))
    text = _(
        "It raised {got}; expected the {error} that fetch('b.test') raised, as it is (or inside "
        "the ExceptionGroup of a TaskGroup): let it come out, do not raise another in its place."
    )
    scene.check(error in leaves(raised), text, got=show(raised), error=show(error))


TWO_FETCH_ALLS = N_(
    "Called fetch_all(['a1.test', 'a2.test'], fetch) and fetch_all(['b1.test', 'b2.test'], "
    "fetch) together; b2.test, a1.test, b1.test and a2.test are fetched at 0.5, 1, 1.5 and 2 s."
)


@task(6, checks=("shared-state",))
async def test_two_fetch_alls_at_once_return_their_own_pages(topic):
    """Two fetch_all calls at once, their fetches ending in turns: each returns its own pages."""
    delays = {"a1.test": 1.0, "a2.test": 2.0, "b1.test": 1.5, "b2.test": 0.5}
    fetch = Timeline().fake("fetch", seconds=delays.get, result=lambda url: f"<{url}>")
    calls = (["a1.test", "a2.test"], ["b1.test", "b2.test"])
    got = list(await asyncio.gather(*(topic.fetch_all(list(urls), fetch) for urls in calls)))
    want = [[f"<{url}>" for url in urls] for urls in calls]
    Scene(_(TWO_FETCH_ALLS)).check(
        same(got, want),
        _(
            "The first call returned {got_a}; expected {want_a}. The second returned {got_b}; "
            "expected {want_b}. Each call returns only its own pages: keep them in that call "
            "(a new list for each call), not in anything every call shares."
        ),
        got_a=show(got[0]),
        want_a=show(want[0]),
        got_b=show(got[1]),
        want_b=show(want[1]),
    )


LONG_SETTING = N_("Called {call}, where one operation takes an hour and the other two hours.")


@task(6, checks=("fetch-all-in-url-order",), guard=4 * HOUR)
async def test_fetch_all_waits_as_long_as_the_fetches_take(topic):
    """fetch_all(['far.test', 'near.test']), fetches of 2 h and 1 h: both pages, in url order."""
    delays = {"far.test": 2 * HOUR, "near.test": HOUR}
    urls = list(delays)
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=delays.get, result=lambda url: f"<{url}>")
    scene = Scene(_(LONG_SETTING).format(call=show_call("fetch_all", urls, fetch)), timeline)
    pages = await as_long_as_it_takes(scene, topic.fetch_all(urls, fetch))
    want = [f"<{url}>" for url in urls]
    text = _("It returned {got}; expected {want}.{hint}")
    hint = " " + _(KEEPS_WAITING)
    scene.check(same(pages, want), text, draw=True, got=show(pages), want=show(want), hint=hint)


# Task 7


BOTH = {  # the seconds work and background take: the call, under what time, what it gives
    (2.0, 1.5): (
        N_("run_with_background(work, background), work taking 2 s and background 1.5 s"),
        3.0,
        N_("the tuple (work_result, background_result)"),
        N_("2 s: background runs as a task while work is awaited."),
    ),
    (1.0, 2.0): (
        N_("run_with_background(work, background), work taking 1 s and background 2 s"),
        2.5,
        N_("the tuple (work_result, background_result), once both are done"),
        N_("2 s: the background runs beside work, and is awaited to its end."),
    ),
}


@task(
    7,
    checks=(
        "returns-both-results-as-a-tuple",
        "work-and-background-called-once",
        "background-runs-while-work-is-awaited",
    ),
)
@pytest.mark.parametrize("seconds", list(BOTH))
async def test_background_runs_while_work_is_awaited(topic, seconds):
    """run_with_background(work, background) calls each once, overlaps them, returns both."""
    call, under, meaning, expected = BOTH[seconds]
    call = _(call)
    timeline = Timeline()
    work = Calls(timeline.fake("work", seconds=seconds[0], result=lambda: "worked"))
    background = Calls(timeline.fake("background", seconds[1], result=lambda: "backgrounded"))
    timeline.start_clock()
    with stopwatch() as watch:
        try:
            result = await topic.run_with_background(work, background)
        except asyncio.InvalidStateError as error:
            called(call).fail(
                _(
                    "It raised InvalidStateError ({error}): it asked the background task for its "
                    "result before the task was done. Await the task instead: `await task` waits "
                    "for it and gives its result."
                ),
                error=error,
            )
    forgotten_await(result, call, N_("something"))
    expect_result(result, ("worked", "backgrounded"), call=call, meaning=_(meaning))
    expect_called_once(work, call)
    expect_called_once(background, call)
    expect_duration(
        watch.elapsed,
        at_least=2.0,
        under=under,
        call=call,
        expected=_(expected),
        timeline=timeline,
    )
    unfinished = [span.label for span in timeline.spans if span.outcome != "done"]
    called(call).check(
        not unfinished,
        _("It returned while {unfinished} had not finished: await the task before returning."),
        unfinished=", ".join(unfinished),
    )


# ---------------------------------------------------------------------------------------
# Cancelled by its caller (the course's CANCELLED rule) while what it awaits runs


@task(3, checks=("cancelled",), guard=CLEANUP_GUARD)
async def test_save_all_cancelled_while_it_saves_ends_cancelled(topic):
    """save_all(store, [1, 2]), cancelled 1 s into an hour-long save: it ends cancelled."""
    scene = called(_("save_all(store, [1, 2]) as a task, each save taking an hour"))
    store = FakeStore(seconds=HOUR)
    await check_cancelled_while_waiting(scene, topic.save_all(store, [1, 2]), after=1.0)


@task(4, checks=("cancelled",), guard=CLEANUP_GUARD)
async def test_apply_in_order_cancelled_while_a_step_runs_ends_cancelled(topic):
    """apply_in_order('x', [a, b]), cancelled 1 s into an hour-long step: it ends cancelled."""
    scene = called(_("apply_in_order('x', [a, b]) as a task, each step taking an hour"))
    steps = [Timeline().fake(name, seconds=HOUR) for name in "ab"]
    await check_cancelled_while_waiting(scene, topic.apply_in_order("x", steps), after=1.0)


@task(5, checks=("cancelled",), guard=CLEANUP_GUARD)
async def test_sleep_concurrently_cancelled_while_it_sleeps_ends_cancelled(topic):
    """sleep_concurrently(3, 3600), cancelled 1 s into its sleeps: it ends cancelled."""
    scene = called(_("sleep_concurrently(3, 3600) as a task"))
    await check_cancelled_while_waiting(scene, topic.sleep_concurrently(3, HOUR), after=1.0)


@task(6, checks=("cancelled",), guard=CLEANUP_GUARD)
async def test_fetch_all_cancelled_while_it_fetches_ends_cancelled(topic):
    """fetch_all(['a.test', 'b.test'], fetch), cancelled 1 s into hour-long fetches: cancelled."""
    scene = called(_("fetch_all(['a.test', 'b.test'], fetch) as a task, each fetch an hour"))
    fetch = Timeline().fake("fetch", seconds=HOUR)
    await check_cancelled_while_waiting(scene, topic.fetch_all(URLS[:2], fetch), after=1.0)


@task(7, checks=("cancelled",), guard=CLEANUP_GUARD)
async def test_run_with_background_cancelled_while_work_runs_ends_cancelled(topic):
    """run_with_background(work, background), cancelled 1 s into hour-long work: cancelled."""
    scene = called(
        _("run_with_background(work, background) as a task, work and background each an hour")
    )
    timeline = Timeline()
    work, background = timeline.fake("work", HOUR), timeline.fake("background", HOUR)
    await check_cancelled_while_waiting(scene, topic.run_with_background(work, background), 1.0)


# ---------------------------------------------------------------------------------------
# No deadline of its own (the course's LIMITS rule): it waits as long as the work takes

LONG_GUARD = 4 * HOUR  # loop seconds before a test gives up: the work below takes up to 3 h


@task(3, checks=("limits",))
async def test_save_all_sets_no_deadline_of_its_own(topic, monkeypatch):
    """save_all(store, [1, 2]) sets no deadline of its own: it waits as long as saves take."""
    deadlines = deadlines_set(monkeypatch, topic)
    await topic.save_all(FakeStore(), [1, 2])
    check_no_deadline(called("save_all(store, [1, 2])"), deadlines, "save_all")


@task(4, checks=("limits",), guard=LONG_GUARD)
async def test_apply_in_order_waits_as_long_as_the_steps_take(topic):
    """apply_in_order('x', [a, b]), steps of 1 h and 2 h: 'x>a>b', after three hours."""
    timeline = Timeline()
    steps = [
        timeline.fake(name, seconds, result=lambda value, name=name: f"{value}>{name}")
        for name, seconds in (("a", HOUR), ("b", 2 * HOUR))
    ]
    scene = Scene(_(LONG_SETTING).format(call="apply_in_order('x', [a, b])"), timeline)
    result = await as_long_as_it_takes(scene, topic.apply_in_order("x", steps))
    text = _("It returned {got}; expected {want}.{hint}")
    hint = " " + _(KEEPS_WAITING)
    want = "x>a>b"
    scene.check(same(result, want), text, draw=True, got=show(result), want=show(want), hint=hint)


@task(5, checks=("limits",), guard=LONG_GUARD)
async def test_sleep_concurrently_sleeps_as_long_as_it_is_told(topic, monkeypatch):
    """sleep_concurrently(3, 7200.0) sleeps its two hours, however long that is."""
    timeline = Timeline()
    watch_asyncio_sleep(monkeypatch, timeline, topic.module, yields=False)
    scene = called("sleep_concurrently(3, 7200.0)", timeline)
    await as_long_as_it_takes(scene, topic.sleep_concurrently(3, 2 * HOUR))


@task(7, checks=("limits",), guard=LONG_GUARD)
async def test_run_with_background_waits_as_long_as_both_take(topic):
    """run_with_background(work, background), of 1 h and 2 h: ('worked', 'backgrounded')."""
    timeline = Timeline()
    work = timeline.fake("work", HOUR, result=lambda: "worked")
    background = timeline.fake("background", 2 * HOUR, result=lambda: "backgrounded")
    call = "run_with_background(work, background)"
    scene = Scene(_(LONG_SETTING).format(call=call), timeline)
    result = await as_long_as_it_takes(scene, topic.run_with_background(work, background))
    text = _("It returned {got}; expected {want}.{hint}")
    hint = " " + _(KEEPS_WAITING)
    want = ("worked", "backgrounded")
    scene.check(same(result, want), text, draw=True, got=show(result), want=show(want), hint=hint)
