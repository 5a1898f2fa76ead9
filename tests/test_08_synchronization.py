"""Hidden tests for topic 08: synchronization."""

import asyncio
import itertools
import types

import pytest

from grader import (
    N_,
    Timeline,
    _,
    expect_duration,
    expect_result,
    same,
    show,
    show_call,
    stopwatch,
    task,
)
from grader.inside.evidence import learner_may_change, record
from grader.inside.running import (
    CLEANUP_GUARD,
    FALSY_RESULTS,
    HOUR,
    KEEPS_WAITING,
    Started,
    as_long_as_it_takes,
    check_cancelled_while_waiting,
    check_no_deadline,
    expect_same,
    long_result,
    peak_of,
    reraise_failed,
    stop_tasks,
)
from grader.inside.spies import deadlines_set
from grader.inside.suite import Scene, called, reraise_not_done

PROMISES = {
    1: {
        "deposit-adds-amount": "deposit reads the balance and writes balance + amount back",
        "deposit-holds-the-shared-lock": "it holds the lock it is given from the read to the write",
        "deposit-verifies-first-outside-the-lock": "verify(amount) comes first, outside the lock",
        "deposit-cancelled-releases-the-lock": "cancelled while holding the lock, it releases it",
        "deposit-cancellation-propagates": "cancelled, it ends cancelled: CancelledError goes on",
    },
    2: {
        "worker-waits-for-the-event": "worker calls handle(name) only once ready is set",
        "worker-returns-handle-result": "worker returns what await handle(name) gave",
        "service-starts-workers-before-loading": "it starts a worker task per name first",
        "service-sets-the-event-after-loading": "it sets the event once load_config() has finished",
        "service-workers-start-at-once": "setting the event lets every worker start at once",
        "service-results-in-name-order": "it returns a list of the workers' results in name order",
        "service-leaves-names": "names, the caller's list, is left as it was",
    },
    3: {
        "poll-polls-then-pauses": "poll_until_stopped polls, pauses interval seconds, and again",
        "poll-pause-ends-when-stop-is-set": "the pause ends as soon as stop is set",
        "poll-returns-the-count": "it returns how many times poll was called",
        "poll-stop-already-set-returns-zero": "with stop already set, it returns 0 without polling",
        "poll-cancellation-propagates": "cancelled in a poll or a pause, it polls no more and ends "
        "cancelled: CancelledError goes on",
        "poll-leaves-no-waiter": "cancelled, it leaves no task of its own behind, none waiting "
        "on stop",
    },
    4: {
        "take-waits-then-removes": "take waits until count items are there, removes them, lets go",
        "take-rechecks-never-below-zero": "a woken take checks again: the shelf never goes below 0",
        "put-adds-and-wakes-every-taker": "put adds count items and wakes every waiting take",
        "put-notifies-holding-the-lock": "put notifies holding the condition lock, then lets go",
    },
    5: {
        "capped-never-above-limit": "fetch_capped never has more than limit fetches in flight",
        "capped-always-full": "a fetch starts as soon as one ends: limit at a time",
        "capped-results-in-url-order": "it returns a list of the results in the order of urls",
        "capped-leaves-urls": "urls, the caller's list, is left as it was",
    },
    6: {
        "barrier-plays-rounds-from-zero": "player plays rounds 0 to rounds - 1: play(name, round)",
        "barrier-waits-after-each-round": "no player starts a round before all finished the last",
        "barrier-zero-announces-once": "the player whose barrier.wait() gave 0 announces the round",
    },
}

EPSILON = 1e-6  # the virtual clock's resolution


def spans_named(timeline, prefix):
    """The recorded spans whose label starts with ``prefix``."""
    return [span for span in timeline.spans if span.label.startswith(prefix)]


def overlap_peak(spans):
    """The most ``spans`` running at once (one that ends as another starts: no overlap)."""
    return peak_of(((span.start, span.end) for span in spans), tolerance=EPSILON)


async def cancel_all(tasks):
    """Cancel what a test left running; what will not stop is left behind after 5 s."""
    await stop_tasks(tasks, patience=5)


def _who():
    current = asyncio.current_task()
    return current.get_name() if current else "?"


def _now():
    return asyncio.get_running_loop().time()


# Task 1: a lost update fixed with a Lock

VERIFY_SECONDS = 1.0
BOOKS_SECONDS = 0.1  # one read or one write of the balance


class FakeAccount:
    """A remote account: every call takes time, and each read and write is recorded."""

    def __init__(self, timeline, balance=0):
        self.timeline = timeline
        self.balance = balance
        self.log = record()  # (who, "read" or "wrote", value, loop time)
        self.verified = record()  # (who, amount, loop time the verification ended)

    async def verify(self, amount):
        who = _who()
        async with self.timeline.span(f"{who}: verify"):
            await asyncio.sleep(VERIFY_SECONDS)
        self.verified.append((who, amount, _now()))

    async def read(self):
        who = _who()
        async with self.timeline.span(f"{who}: read"):
            await asyncio.sleep(BOOKS_SECONDS)
            value = self.balance
        self.log.append((who, "read", value, _now()))
        return value

    async def write(self, value):
        who = _who()
        async with self.timeline.span(f"{who}: write {value}"):
            await asyncio.sleep(BOOKS_SECONDS)
            self.balance = value
        self.log.append((who, "wrote", value, _now()))

    def lost_update(self):
        """Describe the first deposit that read the balance while another was mid-update."""
        open_reads = {}
        for who, action, value, _at in self.log:
            if action == "read":
                for other, seen in open_reads.items():
                    if other != who:
                        return _(
                            " Lost update: {who} read the balance ({value}) after {other} read it "
                            "({seen}), before {other} wrote it back: hold the lock from the read "
                            "to the write."
                        ).format(who=who, value=value, other=other, seen=seen)
                open_reads[who] = value
            else:
                open_reads.pop(who, None)
        return ""

    def books(self):
        """For each deposit, the span from the start of its read to the end of its write."""
        books = {}
        for who, action, _value, when in self.log:
            if action == "read":
                books[who] = (when - BOOKS_SECONDS, when)
            else:
                books[who] = (books.get(who, (when, when))[0], when)
        return books.values()


AMOUNTS = [10, 20, 30, 40]


async def run_deposits(topic):
    """Every deposit at once, named, sharing a lock: the account, a scene, the time taken."""
    timeline = Timeline()
    account = FakeAccount(timeline)
    lock = asyncio.Lock()
    timeline.start_clock()
    with stopwatch() as watch:
        await asyncio.gather(
            *(
                asyncio.create_task(topic.deposit(account, amount, lock), name=f"deposit({amount})")
                for amount in AMOUNTS
            )
        )
    call = _("deposit(account, amount, lock) for 10, 20, 30 and 40 at the same time")
    return account, called(call, timeline), watch.elapsed


@task(
    1,
    checks=(
        "deposit-holds-the-shared-lock",
        "deposit-adds-amount",
        "deposit-verifies-first-outside-the-lock",
    ),
)
async def test_concurrent_deposits_verify_at_once_and_are_not_lost(topic):
    """Four deposits at once verify together, then update one at a time: the balance is 100."""
    account, scene, elapsed = await run_deposits(topic)
    text = _("Sharing one lock, from 0, the balance ended at {balance}; expected {total}.{why}")
    scene.check(
        account.balance == sum(AMOUNTS),
        text,
        draw=True,
        balance=account.balance,
        total=sum(AMOUNTS),
        why=account.lost_update(),
    )
    text = _("Two deposits were between read and write at once: hold the lock from read to write.")
    scene.check(peak_of(account.books(), tolerance=EPSILON) <= 1, text, draw=True)
    verifies = [s for s in spans_named(scene.timeline, "deposit") if s.label.endswith("verify")]
    text = _("account.verify was called {count} times; expected {expected}, once per deposit.")
    scene.check(
        len(verifies) == len(AMOUNTS), text, draw=True, count=len(verifies), expected=len(AMOUNTS)
    )
    verified = sorted((who, amount) for who, amount, _when in account.verified)
    text = _("account.verify was called as {verified} (deposit, amount); expected own amounts.")
    scene.check(
        verified == sorted((f"deposit({amount})", amount) for amount in AMOUNTS),
        text,
        verified=show(verified),
    )
    reads = {who: when - BOOKS_SECONDS for who, action, _v, when in account.log if action == "read"}
    late = sorted(
        who for who, _amount, when in account.verified if when > reads.get(who, when) + EPSILON
    )
    text = _("{late} read the balance before its account.verify(amount) was over: verify first.")
    scene.check(not late, text, draw=True, late=", ".join(late))
    text = _("At most {peak} verification(s) ran at once; expected {expected}: verify, then lock.")
    scene.check(
        overlap_peak(verifies) == len(AMOUNTS),
        text,
        draw=True,
        peak=overlap_peak(verifies),
        expected=len(AMOUNTS),
    )
    least = VERIFY_SECONDS + 2 * BOOKS_SECONDS * len(AMOUNTS)
    expect_duration(
        elapsed,
        at_least=least,
        under=least + 0.05,
        call=_(
            "deposit(account, amount, lock) for 10, 20, 30 and 40 at the same time, verify taking "
            "1 s and each read or write 0.1 s"
        ),
        expected=_(
            "1.8 s: the four verifications at once (1 s), then the four read-and-write pairs one "
            "at a time (4 x 0.2 s)."
        ),
        timeline=scene.timeline,
    )


@task(1, checks=("deposit-holds-the-shared-lock", "deposit-adds-amount"))
async def test_deposit_waits_for_the_lock_it_is_given(topic):
    """deposit(account, 10, lock) does not touch the balance while someone else holds lock."""
    timeline = Timeline()
    account = FakeAccount(timeline, balance=5)
    lock = asyncio.Lock()
    await lock.acquire()
    pending = asyncio.create_task(topic.deposit(account, 10, lock), name="deposit(10)")
    scene = called("deposit(account, 10, lock)", timeline)
    try:
        await asyncio.sleep(5)
        text = _("The test held lock, yet it used the balance: use the lock given, not a new one.")
        scene.check(not account.log, text, draw=True)
        lock.release()
        await asyncio.wait_for(pending, 10)
    finally:
        await cancel_all([pending])
    text = _("Once the test released the lock, the balance of 5 became {balance}; expected 15.")
    scene.check(account.balance == 15, text, balance=account.balance)


@task(1, checks=("deposit-cancelled-releases-the-lock", "deposit-cancellation-propagates"))
async def test_cancelled_deposit_releases_the_lock(topic):
    """A deposit cancelled while holding the lock re-raises CancelledError and releases it."""
    timeline = Timeline()
    account = FakeAccount(timeline)
    lock = asyncio.Lock()
    pending = asyncio.create_task(topic.deposit(account, 10, lock), name="deposit(10)")
    scene = called("deposit(account, 10, lock)", timeline)
    try:
        # verify takes 1 s, then the read 0.1 s: at 1.05 s the deposit is reading.
        await asyncio.sleep(VERIFY_SECONDS + BOOKS_SECONDS / 2)
        reraise_failed([pending])
        text = _("While reading the balance, it did not hold lock: hold it from read to write.")
        scene.check(lock.locked(), text, draw=True)
        pending.cancel()
        try:
            await asyncio.wait_for(pending, 10)
        except asyncio.CancelledError:
            pass
        else:
            text = _("Cancelled while reading, it returned normally: let CancelledError propagate.")
            scene.fail(text)
    finally:
        await cancel_all([pending])
    text = _("Cancelled while holding the lock, it left it locked: use `async with lock:`.")
    scene.check(not lock.locked(), text)


def books_spans(timeline):
    """The spans of the reads and writes of the balance, in the order they started."""
    return [
        span for span in timeline.spans if span.label.endswith(": read") or ": write" in span.label
    ]


def first_overlap(spans):
    """The first span that started while an earlier one still ran, and that earlier one."""
    for index, later in enumerate(spans):
        for earlier in spans[:index]:
            end = earlier.end if earlier.end is not None else _now()
            if later.start < end - EPSILON:
                return earlier, later
    return None


@task(1, checks=("deposit-holds-the-shared-lock", "deposit-cancelled-releases-the-lock"))
async def test_a_deposit_cancelled_in_its_write_lets_the_next_one_in_after_it(topic):
    """deposit(10) cancelled mid-write, deposit(5) waiting: no read before 10's write is over."""
    timeline = Timeline()
    account = FakeAccount(timeline)
    lock = asyncio.Lock()
    timeline.start_clock()
    first = asyncio.create_task(topic.deposit(account, 10, lock), name="deposit(10)")
    await asyncio.sleep(0.05)  # the second verifies 0.05 s later, then waits for the lock
    second = asyncio.create_task(topic.deposit(account, 5, lock), name="deposit(5)")
    cancel_at = VERIFY_SECONDS + 1.5 * BOOKS_SECONDS  # the first reads at 1 s, writes at 1.1 s
    call = _(
        "deposit(account, 10, lock), then deposit(account, 5, lock) 0.05 s later, the first "
        "cancelled at {at} s in the middle of its write while the second waited for the lock"
    )
    scene = called(call.format(at=f"{cancel_at:g}"), timeline)
    try:
        await asyncio.sleep(cancel_at - 0.05)
        reraise_failed([first, second])
        first.cancel()
        await asyncio.wait([first, second], timeout=10)
        reraise_failed([second])
    finally:
        await cancel_all([first, second])
    overlap = first_overlap(books_spans(timeline))
    if overlap is not None:
        earlier, later = overlap
        text = _(
            "With deposit(10) cancelled in its write, '{later}' started at {start} s while "
            "'{earlier}' still ran (until {end} s): the balance was used by two at once, and a "
            "deposit can be lost that way. Expected one at a time: a cancelled deposit lets go "
            "of the lock only once its write has ended or been cancelled (do not shield the "
            "write, or leave it running in a task, once you let go of the lock)."
        )
        end = earlier.end if earlier.end is not None else _now()
        scene.fail(
            text,
            draw=True,
            later=later.label,
            earlier=earlier.label,
            start=f"{later.start - timeline.origin:.2f}",
            end=f"{end - timeline.origin:.2f}",
        )


@task(1, checks=("deposit-cancelled-releases-the-lock", "deposit-cancellation-propagates"))
async def test_a_deposit_cancelled_while_waiting_for_the_lock_leaves_it_alone(topic):
    """A deposit cancelled while it waits for the lock another holds releases nothing."""
    timeline = Timeline()
    account = FakeAccount(timeline)
    lock = asyncio.Lock()
    holder = asyncio.create_task(topic.deposit(account, 10, lock), name="deposit(10)")
    await asyncio.sleep(0.05)  # the second verifies 0.05 s later, then waits for the lock
    waiter = asyncio.create_task(topic.deposit(account, 5, lock), name="deposit(5)")
    call = _(
        "deposit(account, 10, lock), then deposit(account, 5, lock), the second cancelled at "
        "1.15 s while it waited for the lock the first held"
    )
    scene = called(call, timeline)
    try:
        await asyncio.sleep(VERIFY_SECONDS + 1.5 * BOOKS_SECONDS - 0.05)  # the first writes
        reraise_failed([holder, waiter])
        waiter.cancel()
        await asyncio.wait([waiter], timeout=10)
        text = _(
            "The deposit cancelled while it waited for the lock released it all the same, "
            "while the other deposit held it: release only a lock you acquired. Acquire it "
            "before the try (or use `async with lock:`)."
        )
        scene.check(lock.locked(), text, draw=True)
        await asyncio.wait([holder], timeout=10)
        reraise_failed([holder])
    finally:
        await cancel_all([holder, waiter])
    text = _("The balance is {balance}; expected 10: the cancelled deposit adds nothing.")
    scene.check(account.balance == 10, text, draw=True, balance=account.balance)


# Task 2: Event, waited on by workers and set once the configuration is loaded


def handled(name):
    return f"handled {name}"


@task(2, checks=("worker-waits-for-the-event", "worker-returns-handle-result"))
async def test_worker_waits_for_the_event(topic):
    """worker(name, ready, handle) calls handle only once ready is set, then returns its result."""
    ready = asyncio.Event()
    ready.set()
    call = "worker('z', ready, handle)"
    with stopwatch() as watch:
        result = await topic.worker("z", ready, Timeline().fake("handle", 0.5, result=handled))
    expect_result(result, "handled z", call=call, meaning=_("handle's result"))
    text = _("With ready already set, it took {seconds} s; expected 0.5 s (handle's own time).")
    called(call).check(watch.elapsed < 0.5 + 0.05, text, seconds=f"{watch.elapsed:.2f}")
    set_at = 4.93  # not a multiple of any round polling interval
    timeline = Timeline()
    handle = timeline.fake("handle", seconds=1.0, result=handled)
    ready = asyncio.Event()
    names = ["a", "b", "c"]
    text = _("Started worker(name, ready, handle) for 'a', 'b' and 'c'; set ready at {set_at} s.")
    scene = Scene(text.format(set_at=set_at), timeline)
    timeline.start_clock()
    workers = [asyncio.create_task(topic.worker(name, ready, handle)) for name in names]
    try:
        await asyncio.sleep(set_at)
        first_call = min((span.start for span in timeline.spans), default=0.0)
        text = _("handle was called at {first} s, before the event was set: `await ready.wait()`.")
        scene.check(
            not timeline.spans, text, draw=True, first=f"{first_call - timeline.origin:.2f}"
        )
        set_time = _now()
        ready.set()
        with stopwatch() as watch:
            results = await asyncio.wait_for(asyncio.gather(*workers), 10)
    finally:
        await cancel_all(workers)
    late = max((span.start - set_time for span in timeline.spans), default=0.0)
    text = _(
        "A worker called handle {late} s after the event was set; expected at once: `await "
        "ready.wait()` wakes every waiter."
    )
    scene.check(late < EPSILON, text, draw=True, late=f"{late:.2f}")
    expected = [handled(name) for name in names]
    text = _("The workers returned {results}; expected {expected}, what handle(name) gives.")
    scene.check(same(results, expected), text, results=show(results), expected=show(expected))
    text = _("Once ready was set, at most {peak} worker(s) handled at once; expected {expected}.")
    scene.check(
        timeline.peak == len(names), text, draw=True, peak=timeline.peak, expected=len(names)
    )
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.5,
        call=_("worker(name, ready, handle) for three names, handle taking 1 s, once ready is set"),
        expected=_("1 s after the event was set."),
        timeline=timeline,
    )


EMPTY_REFUSED = N_(
    "It raised ValueError: {error}. With an empty list there is nothing to start or to wait "
    "for: the answer is [] (asyncio.wait, for one, refuses an empty set)."
)


async def start_service(topic, names, load_seconds, handle_seconds, result=handled):
    """start_service(names, load_config, handle): its results, a scene, the time, the call.

    ``handle(name)`` gives ``result(name)``."""
    timeline = Timeline()
    load_config = timeline.fake("load_config", seconds=load_seconds, result=lambda: None)
    handle = timeline.fake("handle", seconds=handle_seconds, result=result)
    call = show_call("start_service", names, load_config, handle)
    scene = called(call, timeline)
    timeline.start_clock()
    given = list(names)  # the learner's copy: a mistake there leaves the test's list intact
    try:
        with stopwatch() as watch:
            async with asyncio.timeout(60):
                results = await topic.start_service(given, load_config, handle)
    except ValueError as error:
        if names:
            raise
        scene.fail(_(EMPTY_REFUSED), error=str(error).rstrip("."))
    except TimeoutError:
        if not spans_named(timeline, "load_config"):
            hint = _("load_config() was never called: something waited for workers or event first.")
        else:
            hint = _("load_config() finished but the event was never set: set it, then await them.")
        text = _("It never finished (60 s of loop time). {hint}")
        scene.fail(text, draw=True, hint=hint)
    check_list_kept(scene, given, names)
    return results, scene, watch.elapsed, call


def check_list_kept(scene, given, before):
    """Fail when the call changed the list it was given, which its caller still holds."""
    message = _(
        "It changed the list it was given: {before} before the call, {after} after. The list is "
        "the caller's: read it (a for loop over it), do not pop from it or sort it."
    )
    kept = same(given, before)  # exact types: a stand-in that claims to equal a name is no name
    scene.check(kept, message, before=show(before), after=show(given))


@task(
    2,
    checks=(
        "service-sets-the-event-after-loading",
        "service-workers-start-at-once",
        "service-results-in-name-order",
        "service-starts-workers-before-loading",
        "service-leaves-names",
    ),
)
async def test_start_service_sets_the_event_after_loading(topic, monkeypatch):
    """start_service(names, load_config, handle): all handle at once, after loading, in order."""
    names = ["a", "b", "c"]
    waiting = record()  # (name, loop time) of every worker found waiting on the event
    calls = record()  # the name of every call of worker
    learners_worker = topic.worker

    async def watched_worker(name, ready, handle):
        calls.append(name)
        if not ready.is_set():
            waiting.append((name, _now()))
        return await learners_worker(name, ready, handle)

    monkeypatch.setattr(topic.module, "worker", watched_worker)
    handle_seconds = {"a": 1.0, "b": 0.5, "c": 0.8}
    results, scene, elapsed, call = await start_service(topic, names, 2.0, handle_seconds.get)
    expected = [handled(name) for name in names]
    text = _("handle taking 1, 0.5 and 0.8 s, it returned {results} ({type}); expected {expected}.")
    scene.check(
        same(results, expected),
        text,
        results=show(results),
        type=type(results).__name__,
        expected=show(expected),
    )
    loads = spans_named(scene.timeline, "load_config")
    handles = spans_named(scene.timeline, "handle")
    text = _("load_config was called {count} times; expected once.")
    scene.check(len(loads) == 1, text, count=len(loads))
    text = _(
        "It never called worker(name, ready, handle): start a task of `worker`, this task's "
        "own function, for every name, rather than handling the names some other way."
    )
    scene.check(calls, text)
    early = [span.label for span in handles if span.start < loads[0].end - EPSILON]
    text = _("{early} started before load_config() had finished: set the event after loading.")
    scene.check(not early, text, draw=True, early=early[0] if early else "")
    started = sorted(name for name, when in waiting if when < loads[0].end - EPSILON)
    text = _(
        "Workers waiting on the event during load_config(): {started}; expected one per name: "
        "start a worker task for every name before you await load_config(), so that they all "
        "wait on the event while it loads."
    )
    scene.check(same(started, names), text, started=show(started))
    text = _("At most {peak} worker(s) handled at once; expected {expected}: a task each, 1 event.")
    scene.check(
        overlap_peak(handles) == len(names),
        text,
        draw=True,
        peak=overlap_peak(handles),
        expected=len(names),
    )
    expect_duration(
        elapsed,
        at_least=3.0,
        under=3.5,
        call=_("{call}, load_config taking 2 s and handle 1 s").format(call=call),
        expected=_("3 s: 2 s of loading, then the three workers at once (the slowest 1 s)."),
        timeline=scene.timeline,
    )
    names, numbers = ["a", "b", "a"], itertools.count(1)

    def numbered(name):  # each call of handle gives its own result: 'handled a #1', ...
        return f"{handled(name)} #{next(numbers)}"

    results, scene, *_rest = await start_service(topic, names, 0.5, 1.0, numbered)
    loads = spans_named(scene.timeline, "load_config")
    loaded = max((span.end for span in loads if span.end is not None), default=0.0)
    handles = spans_named(scene.timeline, "handle")
    early = [span.label for span in handles if span.start < loaded - EPSILON]
    text = _(
        "In this second call, {early} started before load_config() had finished: an Event made "
        "once and kept between calls is still set from the call before. Create a new "
        "asyncio.Event in every call of start_service."
    )
    scene.check(not early, text, draw=True, early=early[0] if early else "")
    expected = [f"{handled(name)} #{number}" for number, name in enumerate(names, 1)]
    text = _(
        "handle gives each call its own result. It returned {results}; expected {expected}: "
        "a worker per name listed, each result in its own place (not a dict)."
    )
    scene.check(same(results, expected), text, results=show(results), expected=show(expected))
    text = _("handle was called {count} times; expected {expected}, once per entry of names.")
    scene.check(len(handles) == len(names), text, count=len(handles), expected=len(names))
    results, _scene, _elapsed, call = await start_service(topic, [], 0.5, 1.0)
    expect_result(results, [], call=call, meaning=_("no name, no worker"))


# Task 3: an Event as a stop signal that interrupts a pause

STOP_LATENESS = 0.001  # how long after stop is set the poller may return (virtual clock)


@task(
    3,
    checks=(
        "poll-polls-then-pauses",
        "poll-pause-ends-when-stop-is-set",
        "poll-returns-the-count",
        "poll-stop-already-set-returns-zero",
    ),
)
async def test_poll_stops_as_soon_as_the_event_is_set(topic):
    """poll_until_stopped(stop, poll, 1.0): 0 with stop set; stop set at 3.5 s: 4 polls, 3.5 s."""
    stop = asyncio.Event()
    stop.set()
    polled = Timeline()
    with stopwatch() as watch:
        polls = await topic.poll_until_stopped(stop, polled.fake("poll", seconds=0.0), 1.0)
    scene = called(_("poll_until_stopped(stop, poll, 1.0) with stop already set"))
    text = _("It returned {polls} after {count} poll(s) and {seconds} s; expected 0 at once.")
    scene.check(
        same(polls, 0) and not polled.spans and watch.elapsed < 0.05,
        text,
        polls=show(polls),
        count=len(polled.spans),
        seconds=f"{watch.elapsed:.2f}",
    )
    timeline = Timeline()
    poll = timeline.fake("poll", seconds=0.0)
    stop = asyncio.Event()
    asyncio.get_running_loop().call_later(3.5, stop.set)
    timeline.start_clock()
    with stopwatch() as watch:
        polls = await topic.poll_until_stopped(stop, poll, 1.0)
    times = [round(span.start - timeline.origin, 2) for span in timeline.spans]
    call = _("poll_until_stopped(stop, poll, 1.0), with stop set at 3.5 s")
    scene = called(call, timeline)
    text = _("poll was called at {times} s; expected at [0.0, 1.0, 2.0, 3.0], until stop was set.")
    scene.check(times == [0.0, 1.0, 2.0, 3.0], text, draw=True, times=show(times))
    expect_result(polls, 4, call=call, meaning=_("the number of polls"))
    text = _(
        "It returned {late} s after stop was set; expected at once, when stop is set: "
        "await stop.wait() with a timeout rather than sleeping."
    )
    late = watch.elapsed - 3.5
    # The virtual clock is exact: a pause that ends with stop returns at 3.5 s to the
    # microsecond, while one sliced into short sleeps ends at the next slice, a bit later.
    scene.check(late <= STOP_LATENESS, text, draw=True, late=f"{late:.3f}")
    expect_duration(
        watch.elapsed,
        at_least=3.5,
        under=3.5 + STOP_LATENESS,
        call=call,
        expected=_("3.5 s: it returns as soon as stop is set."),
        timeline=timeline,
    )


async def polled(topic, *, poll_takes, interval, stop_at):
    """poll_until_stopped with a poll taking ``poll_takes`` s and stop set at ``stop_at`` s: the
    timeline, what it returned, and when each poll began (from the call)."""
    timeline = Timeline()
    poll = timeline.fake("poll", seconds=poll_takes)
    stop = asyncio.Event()
    asyncio.get_running_loop().call_later(stop_at, stop.set)
    timeline.start_clock()
    polls = await topic.poll_until_stopped(stop, poll, interval)
    return timeline, polls, [round(span.start - timeline.origin, 2) for span in timeline.spans]


@task(3, checks=("poll-polls-then-pauses", "poll-returns-the-count"))
async def test_poll_pauses_for_the_interval_given(topic):
    """poll_until_stopped(stop, poll, 0.4), stop set at 1 s: polls at 0, 0.4 and 0.8 s; 3."""
    timeline, polls, times = await polled(topic, poll_takes=0.0, interval=0.4, stop_at=1.0)
    call = _("poll_until_stopped(stop, poll, 0.4), with stop set at 1 s")
    scene = called(call, timeline)
    text = _("poll was called at {times} s; expected at [0.0, 0.4, 0.8]: pause `interval` s.")
    scene.check(times == [0.0, 0.4, 0.8], text, draw=True, times=show(times))
    expect_result(polls, 3, call=call, meaning=_("the number of polls"))


@task(3, checks=("poll-polls-then-pauses", "poll-returns-the-count"))
async def test_poll_pauses_the_full_interval_after_a_slow_poll(topic):
    """poll taking 0.3 s, interval 1.0, stop set at 3.2 s: polls at 0, 1.3 and 2.6 s; 3."""
    timeline, polls, times = await polled(topic, poll_takes=0.3, interval=1.0, stop_at=3.2)
    pauses = [
        round(after.start - before.end, 2)
        for before, after in itertools.pairwise(timeline.spans)
        if before.end is not None
    ]
    call = _("poll_until_stopped(stop, poll, 1.0), each poll taking 0.3 s, with stop set at 3.2 s")
    scene = called(call, timeline)
    text = _(
        "poll was called at {times} s, {pauses} s after the poll before it had ended; expected "
        "at [0.0, 1.3, 2.6]: once a poll has ended, pause the full interval (1 s), whatever "
        "time the poll took."
    )
    scene.check(times == [0.0, 1.3, 2.6], text, draw=True, times=show(times), pauses=show(pauses))
    expect_result(polls, 3, call=call, meaning=_("the number of polls"))


POLL_SECONDS = 0.5  # each poll; with pauses of 1 s, polls run 0-0.5 s, 1.5-2 s, 3-3.5 s...
POLL_CANCELS = {  # when the poller is cancelled: the loop time, and what it is doing then
    1.0: N_("in a pause"),
    1.75: N_("in a poll"),
}


@task(3, checks=("poll-cancellation-propagates", "poll-leaves-no-waiter"))
@pytest.mark.parametrize("cancel_at", list(POLL_CANCELS))
async def test_cancelled_poller_ends_cancelled(topic, cancel_at):
    """poll_until_stopped cancelled in a pause (1 s) or a poll (1.75 s) ends cancelled at once."""
    timeline = Timeline()
    poll = timeline.fake("poll", seconds=POLL_SECONDS)
    stop = asyncio.Event()
    timeline.start_clock()
    started = Started()
    poller = asyncio.create_task(topic.poll_until_stopped(stop, poll, 1.0))
    text = _(
        "Started poll_until_stopped(stop, poll, 1.0) as a task, each poll taking 0.5 s, and "
        "cancelled it at {at} s, {doing}."
    )
    scene = Scene(text.format(at=cancel_at, doing=_(POLL_CANCELS[cancel_at])), timeline)
    try:
        await asyncio.sleep(cancel_at)
        reraise_failed([poller])
        if poller.done():
            text = _("It returned {result} before it was cancelled, with stop never set.")
            scene.fail(text, draw=True, result=show(poller.result()))
        poller.cancel()
        await asyncio.wait([poller], timeout=5.0)
        late = [
            span for span in timeline.spans if span.start - timeline.origin > cancel_at - EPSILON
        ]
        text = _(
            "It was still running 5 s after it was cancelled, and called poll {count} more "
            "time(s): let the CancelledError go on, so that the task stops and ends cancelled."
        )
        scene.check(poller.done(), text, draw=True, count=len(late))
        text = _(
            "It called poll {count} more time(s) after it was cancelled: let the CancelledError "
            "go on, so that the task stops at once."
        )
        scene.check(not late, text, draw=True, count=len(late))
        if not poller.cancelled():
            reraise_failed([poller])
            text = _(
                "Cancelled, it returned {result} instead of ending cancelled: it caught the "
                "CancelledError. Let it go on, so that whoever cancelled the task sees it stopped."
            )
            scene.fail(text, draw=True, result=show(poller.result()))
        await asyncio.sleep(0)  # one step for what it cancelled on its way out to end
        left = sorted({leftover.name for leftover in started.leftovers()})
        text = _(
            "Cancelled, it ended but left {count} task(s) of its own still waiting ({names}), "
            "for ever if stop is never set. Wait with asyncio.wait_for or asyncio.timeout, which "
            "cancel what they wait for (asyncio.wait(..., timeout=...) does not), or cancel the "
            "tasks you start."
        )
        scene.check(not left, text, count=len(left), names=", ".join(left))
    finally:
        stop.set()
        await cancel_all([poller])


# Task 4: Condition. The test plays the other side with its own put or take.


async def reference_put(shelf, condition, count):
    async with condition:
        shelf.items += count
        condition.notify_all()


async def reference_take(shelf, condition, count):
    async with condition:
        await condition.wait_for(lambda: shelf.items >= count)
        shelf.items -= count


async def stop_takers(tasks, condition):
    """Cancel the takers, freeing the condition's lock a call left held (they need it to stop)."""
    for taker in tasks:
        taker.cancel()
    for _turn in range(10):
        if all(taker.done() for taker in tasks):
            return
        if condition.locked():
            condition.release()
        await asyncio.wait(tasks, timeout=0.5)


@learner_may_change("items")  # take and put change the shelf's items
class Shelf(types.SimpleNamespace):
    """A shelf of items (what the learner's code sets there is kept as the plain value)."""


class WatchedShelf(Shelf):
    """A shelf that counts the changes of its items made without the condition's lock held."""

    def __setattr__(self, name, value):
        if name == "items" and not self.condition.locked():
            self.unlocked_changes += 1
        super().__setattr__(name, value)


def finish_times(tasks):
    """Record, for each task that returns (not cancelled), the loop time at which it does."""
    done = record(dict)

    def note(finished, index):
        if not finished.cancelled():
            done.setdefault(index, _now())

    for index, each in enumerate(tasks):
        each.add_done_callback(lambda finished, index=index: note(finished, index))
    return done


def check_holding_the_condition(shelf, condition, scene, what):
    """Fail unless the call changed the shelf under the condition's lock and let go of it."""
    text = _("It changed shelf.items without holding the condition: {what} in `async with`.")
    scene.check(not shelf.unlocked_changes, text, what=what)
    text = _("It returned still holding the condition's lock: use `async with condition:`.")
    scene.check(not condition.locked(), text)


@task(4, checks=("take-waits-then-removes", "take-rechecks-never-below-zero"))
async def test_take_waits_until_there_is_enough(topic):
    """take(shelf, condition, n) takes n at once when there are, else waits until there are."""
    condition = asyncio.Condition()
    shelf = WatchedShelf(items=5, condition=condition, unlocked_changes=0)
    with stopwatch() as watch:
        await asyncio.wait_for(topic.take(shelf, condition, 2), 10)
    scene = called(_("take(shelf, condition, 2) with 5 items on the shelf"))
    text = _("It left {items} after {seconds} s; expected 3, at once.")
    scene.check(
        shelf.items == 3 and watch.elapsed < 0.01,
        text,
        items=shelf.items,
        seconds=f"{watch.elapsed:.2f}",
    )
    check_holding_the_condition(
        shelf, condition, scene, _("remove the items where you checked that there were enough,")
    )
    shelf = Shelf(items=0)
    condition = asyncio.Condition()
    takers = [
        asyncio.create_task(topic.take(shelf, condition, 3)),
        asyncio.create_task(topic.take(shelf, condition, 5)),
    ]
    done = finish_times(takers)
    scene = Scene(_("take(shelf, condition, 3) and take(..., 5) wait on an empty shelf."))
    try:
        await asyncio.sleep(1)
        reraise_failed(takers)
        text = _("Before anything was put, a take returned (the shelf holds {items}).")
        scene.check(not done and shelf.items == 0, text, items=shelf.items)
        await reference_put(shelf, condition, 4)
        await asyncio.sleep(0.5)
        reraise_failed(takers)
        text = _(
            "After 4 items and notify_all, a take went on though the shelf held too few, leaving "
            "{items} (a shelf never goes below 0): after each wake-up, check again that there "
            "are enough, as condition.wait_for(...) does."
        )
        scene.check(shelf.items >= 0, text, items=shelf.items)
        text = _(
            "After 4 items at 1 s, {returned} take(s) returned, leaving {items}; expected take(3) "
            "alone to go, leaving 1."
        )
        scene.check(
            list(done) == [0] and shelf.items == 1, text, items=shelf.items, returned=len(done)
        )
        await asyncio.sleep(0.5)
        try:
            await asyncio.wait_for(reference_put(shelf, condition, 4), 10)
        except TimeoutError:
            text = _("After take(3) returned, the condition stayed locked: use `async with`.")
            scene.fail(text)
        await asyncio.wait_for(asyncio.gather(*takers), 10)
    except TimeoutError:
        text = _("After 4 items at 1 s and 4 at 2 s, take(5) never returned ({items} left).")
        scene.fail(text, items=shelf.items)
    finally:
        await stop_takers(takers, condition)
    text = _(
        "take(3) and take(5) returned at {first} s and {second} s, leaving {items}; expected at 1 "
        "s and 2 s, leaving 0."
    )
    scene.check(
        shelf.items == 0 and abs(done[0] - 1.0) < 0.01 and abs(done[1] - 2.0) < 0.01,
        text,
        first=f"{done.get(0, 0):.2f}",
        second=f"{done.get(1, 0):.2f}",
        items=shelf.items,
    )


async def put_or_explain(topic, shelf, condition, count, scene):
    try:
        await asyncio.wait_for(topic.put(shelf, condition, count), 10)
    except RuntimeError as error:
        reraise_not_done(error)
        text = _("It raised RuntimeError: {error}. Notify inside `async with condition:`.")
        scene.fail(text, error=error)


@task(4, checks=("put-adds-and-wakes-every-taker", "put-notifies-holding-the-lock"))
async def test_put_wakes_every_waiting_taker(topic):
    """put(shelf, condition, n) adds n items at once, and wakes both waiting takers of 2."""
    condition = asyncio.Condition()
    shelf = WatchedShelf(items=2, condition=condition, unlocked_changes=0)
    scene = called(_("put(shelf, condition, 3) on a shelf of 2"))
    await put_or_explain(topic, shelf, condition, 3, scene)
    text = _("It left {items}; expected 5.")
    scene.check(shelf.items == 5, text, items=shelf.items)
    check_holding_the_condition(shelf, condition, scene, _("add the items, and notify,"))
    shelf = Shelf(items=0)
    condition = asyncio.Condition()
    takers = [asyncio.create_task(reference_take(shelf, condition, 2)) for _taker in range(2)]
    done = finish_times(takers)
    scene = Scene(_("Two takes of 2 waited on an empty shelf, then put(shelf, condition, 4) ran."))
    try:
        await asyncio.sleep(1)
        await put_or_explain(topic, shelf, condition, 4, scene)
        await asyncio.sleep(0.5)
    finally:
        await stop_takers(takers, condition)
    if done:
        hint = _("condition.notify() wakes only one waiter: use condition.notify_all().")
    else:
        hint = _("Wake the waiters with condition.notify_all() after adding the items.")
    text = _("{woke} of them woke up; expected both, since there is enough for both. {hint}")
    scene.check(len(done) == 2, text, woke=len(done), hint=hint)
    text = _("{returned} take(s) returned and the shelf holds {items}: put should add exactly 4.")
    scene.check(shelf.items + 2 * len(done) == 4, text, returned=len(done), items=shelf.items)


@task(4, checks=("put-adds-and-wakes-every-taker",))
async def test_put_wakes_a_taker_that_fits_behind_one_that_does_not(topic):
    """put(shelf, condition, 1) wakes take(1), though a take(5) has waited longer."""
    shelf, condition = Shelf(items=0), asyncio.Condition()
    big = asyncio.create_task(reference_take(shelf, condition, 5))
    await asyncio.sleep(0.5)
    small = asyncio.create_task(reference_take(shelf, condition, 1))
    done = finish_times([big, small])
    scene = Scene(
        _("take(5) waited, then take(1), on an empty shelf; put(shelf, condition, 1) ran.")
    )
    try:
        await asyncio.sleep(0.5)
        await put_or_explain(topic, shelf, condition, 1, scene)
        await asyncio.sleep(0.5)
    finally:
        await stop_takers([big, small], condition)
    text = _(
        "take(1) never woke up ({items} left on the shelf): wake every waiter with "
        "condition.notify_all(); each one checks whether there is enough for it."
    )
    scene.check(list(done) == [1] and shelf.items == 0, text, items=shelf.items)


# Task 5: Semaphore capping concurrency


def check_cap(scene, limit, expected_peak):
    """Fail unless the scene's timeline ran ``expected_peak`` fetches at once, saying why."""
    peak = scene.timeline.peak
    if peak > limit:
        if peak == limit + 1:
            why = _("One too many: use asyncio.Semaphore(limit), made once, before the fetches.")
        else:
            why = _("Hold one asyncio.Semaphore(limit), made first, around each single fetch.")
        text = _("{peak} fetches ran at once, the limit is {limit}. {why}")
        scene.fail(text, draw=True, peak=peak, limit=limit, why=why)
    if peak < expected_peak:
        if expected_peak == limit:
            wanted = _("the limit is {limit}, and a fetch was always waiting for a slot")
        else:
            wanted = _("the limit is {limit}, above the {count} URLs: all of them at once")
        if peak == 1:
            why = _("A Lock, or Semaphore(1), lets only one through: use asyncio.Semaphore(limit).")
        elif peak == min(limit, expected_peak) - 1:
            why = _("One too few: the semaphore lets limit - 1 through; use Semaphore(limit).")
        else:
            why = _("Use one asyncio.Semaphore(limit), held around each single fetch.")
        text = _("At most {peak} at once, {wanted}. {why}")
        scene.fail(
            text,
            draw=True,
            peak=peak,
            wanted=wanted.format(limit=limit, count=expected_peak),
            why=why,
        )


# name: (each URL's fetch seconds, limit, (seconds at least, under, the call, expected) or None)
CAP_CASES = {
    "nine-by-three": (
        {f"u{n}": 1.0 for n in range(9)},
        3,
        (
            3.0,
            3.5,
            N_("{call}, each fetch taking 1 s"),
            N_("3 s: three rounds of three fetches at once."),
        ),
    ),
    "a-free-slot-is-used-at-once": (
        {"slow": 3.0, "b": 1.0, "c": 1.0, "d": 1.0, "e": 1.0, "f": 1.0},
        2,
        (
            4.0,
            4.05,
            N_("{call}, 'slow' taking 3 s and the others 1 s"),
            N_("4 s: while 'slow' runs, the other slot serves the short fetches."),
        ),
    ),
    "results-in-order": ({"a": 0.5, "b": 0.1, "c": 0.4, "d": 0.2, "e": 0.3}, 2, None),
    "cap-above-the-count": (
        dict.fromkeys("abcd", 1.0),
        10,
        (1.0, 1.5, "{call}", N_("1 s: all four at once.")),
    ),
    "cap-of-one": (dict.fromkeys("abc", 1.0), 1, None),
    "no-url": ({}, 2, None),
}


@task(
    5,
    checks=(
        "capped-never-above-limit",
        "capped-always-full",
        "capped-results-in-url-order",
        "capped-leaves-urls",
    ),
)
@pytest.mark.parametrize("case", list(CAP_CASES))
async def test_fetch_capped(topic, case):
    """fetch_capped(urls, fetch, limit) runs min(limit, len(urls)) fetches at a time, in order."""
    delays, limit, timing = CAP_CASES[case]
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=delays.get, result=lambda url: url.upper())
    urls = list(delays)
    given = list(urls)  # the learner's copy: a mistake there leaves the test's list intact
    call = show_call("fetch_capped", urls, fetch, limit)
    scene = called(call, timeline)
    timeline.start_clock()
    try:
        with stopwatch() as watch:
            results = await topic.fetch_capped(given, fetch, limit)
    except ValueError as error:
        if urls:
            raise
        scene.fail(_(EMPTY_REFUSED), error=str(error).rstrip("."))
    check_list_kept(scene, given, urls)
    check_cap(scene, limit, min(limit, len(urls)))
    expected = [url.upper() for url in urls]
    text = _("It returned {results}, in the order fetches finished; expected the order of urls.")
    scene.check(
        not (
            isinstance(results, list | tuple)
            and list(results) != expected
            and sorted(results) == sorted(expected)
        ),
        text,
        draw=True,
        results=show(results),
        expected=show(expected),
    )
    expect_result(results, expected, call=call, meaning=_("the results in the order of urls"))
    text = _("It took {seconds} s, not 4: fetches waited for a batch although a slot was free.")
    scene.check(
        "slow" not in delays or watch.elapsed <= 4.0 + 0.05,  # a long fetch beside short ones
        text,
        draw=True,
        seconds=f"{watch.elapsed:.2f}",
    )
    if timing is not None:
        at_least, under, setting, expected_time = timing
        expect_duration(
            watch.elapsed,
            at_least=at_least,
            under=under,
            call=_(setting).format(call=call),
            expected=_(expected_time),
            timeline=timeline,
        )


@task(5, checks=("capped-results-in-url-order",))
async def test_fetch_capped_fetches_a_url_listed_twice_twice(topic):
    """fetch_capped(['a', 'b', 'a'], fetch, 2) fetches 'a' twice; each fetch its own result."""
    timeline, numbers, urls = Timeline(), itertools.count(1), ["a", "b", "a"]
    fetch = timeline.fake("fetch", seconds=1.0, result=lambda url: f"{url} #{next(numbers)}")
    results = await topic.fetch_capped(urls, fetch, 2)
    call = show_call("fetch_capped", urls, fetch, 2)
    scene = called(call, timeline)
    text = _("fetch was called {times} times; expected {count}: once per url listed, 'a' twice.")
    times = len(timeline.spans)
    scene.check(times == len(urls), text, draw=True, times=times, count=len(urls))
    got = sorted(results) if isinstance(results, list) else results
    text = _("It returned {got}; expected each fetch's own result, one per url: {want}.")
    want = ["a #1", "a #3", "b #2"]
    scene.check(same(got, want), text, got=show(results), want=show(["a #1", "b #2", "a #3"]))


@task(5, checks=("shared-state",))
async def test_two_fetch_capped_calls_at_once_are_capped_separately(topic):
    """Two fetch_capped calls at once, 4 URLs and limit 2 each: 4 fetches in flight together."""
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=1.0, result=lambda url: url.upper())
    lists = (["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"])
    text = _("{first} and {second}, run at once, each fetch taking 1 s")
    call = text.format(
        first=show_call("fetch_capped", lists[0], fetch, 2),
        second=show_call("fetch_capped", lists[1], fetch, 2),
    )
    timeline.start_clock()
    results = await asyncio.gather(*(topic.fetch_capped(list(urls), fetch, 2) for urls in lists))
    scene = called(call, timeline)
    peak = overlap_peak(timeline.spans)
    text = _(
        "The two calls had at most {peak} fetches in flight together; expected 4, 2 per call: "
        "each call's limit caps only its own fetches, so two calls must not share a semaphore "
        "(make it inside the call)."
    )
    scene.check(peak >= 4, text, draw=True, peak=peak)
    for urls, result in zip(lists, results, strict=True):
        expected = [url.upper() for url in urls]
        call = show_call("fetch_capped", urls, fetch, 2)
        expect_result(result, expected, call=call, meaning=_("the results in the order of urls"))


# Task 6: Barrier

PLAY_SECONDS = {"a": 0.5, "b": 1.0, "c": 1.5}
ROUNDS = 3


def round_of(span):
    """The round number of a play span labelled ``play('a', 1)``."""
    return int(span.label.rstrip(")").rsplit(",", 1)[1])


@task(
    6,
    checks=(
        "barrier-waits-after-each-round",
        "barrier-plays-rounds-from-zero",
        "barrier-zero-announces-once",
    ),
)
async def test_players_keep_in_step_and_announce_each_round_once(topic):
    """Three players, three rounds: nobody runs ahead, and the player given 0 announces each."""
    timeline = Timeline()
    play = timeline.fake("play", seconds=lambda name, round_number: PLAY_SECONDS[name])
    announced = record()  # (round, loop time, the announcing player's name)
    asked = record()  # the rounds announce() was called for, its coroutine awaited or not

    async def announcing(round_number):
        announced.append((round_number, _now(), _who()))
        await asyncio.sleep(0)

    def announce(round_number):
        asked.append(round_number)
        return announcing(round_number)

    barrier = asyncio.Barrier(len(PLAY_SECONDS))
    timeline.start_clock()
    with stopwatch() as watch:
        await asyncio.gather(
            *(
                asyncio.create_task(topic.player(name, ROUNDS, barrier, play, announce), name=name)
                for name in PLAY_SECONDS
            )
        )
    game = _(
        "Three players a, b and c (a round takes them 0.5, 1 and 1.5 s) ran player(name, 3, "
        "barrier, play, announce) with one asyncio.Barrier(3)"
    )
    scene = Scene(game + ".", timeline)
    plays = spans_named(timeline, "play")
    expected = sorted(f"play({name!r}, {n})" for name in PLAY_SECONDS for n in range(ROUNDS))
    text = _("The plays were {plays}; expected each player to play rounds 0, 1 and 2 once.")
    scene.check(
        sorted(span.label for span in plays) == expected,
        text,
        draw=True,
        plays=show(sorted(span.label for span in plays)),
    )
    for number in range(1, ROUNDS):
        late = max((span for span in plays if round_of(span) == number - 1), key=lambda s: s.end)
        early = min((span for span in plays if round_of(span) == number), key=lambda s: s.start)
        text = _("{early} started at {start} s; {late} ran until {end} s: wait at the barrier.")
        scene.check(
            early.start >= late.end - EPSILON,
            text,
            draw=True,
            early=early.label,
            start=f"{early.start - timeline.origin:.2f}",
            late=late.label,
            end=f"{late.end - timeline.origin:.2f}",
        )
    rounds = [number for number, _when, _by in announced]
    text = _(
        "announce() was called for rounds {asked}, but its coroutine never ran: a coroutine "
        "does nothing until it is awaited. `await announce(round)`."
    )
    scene.check(len(rounds) == len(asked), text, asked=show(asked))
    everyone = _(" Every player announced.")
    text = _(
        "announce was called for rounds {rounds}; expected [0, 1, 2]: only the player whose "
        "barrier.wait() gave 0 announces.{everyone}"
    )
    scene.check(
        rounds == list(range(ROUNDS)),
        text,
        rounds=rounds,
        everyone=everyone if len(rounds) == ROUNDS * len(PLAY_SECONDS) else "",
    )
    text = _("The rounds were announced by {announcers}; expected 'a', whose wait() gives 0.")
    scene.check(
        [who for _number, _when, who in announced] == ["a"] * ROUNDS,
        text,
        announcers=[who for _number, _when, who in announced],
    )
    for number, when, _by in announced:
        last_end = max(span.end for span in plays if round_of(span) == number)
        text = _("Round {number} was announced at {when} s, before its last play ended ({end} s).")
        scene.check(
            when >= last_end - EPSILON,
            text,
            draw=True,
            number=number,
            when=f"{when - timeline.origin:.2f}",
            end=f"{last_end - timeline.origin:.2f}",
        )
    expect_duration(
        watch.elapsed,
        at_least=4.5,
        under=4.55,
        call=game,
        expected=_(
            "4.5 s: three rounds, each as long as its slowest player (1.5 s), the players of a "
            "round playing at the same time."
        ),
        timeline=timeline,
    )


@task(6, checks=("barrier-plays-rounds-from-zero", "barrier-zero-announces-once"))
async def test_players_play_the_rounds_given(topic):
    """Two players, five rounds: each plays rounds 0 to 4, and each round is announced once."""
    timeline = Timeline()
    play = timeline.fake("play", seconds=0.1)
    announced = record()

    async def announce(round_number):
        announced.append(round_number)

    barrier = asyncio.Barrier(2)
    players = [topic.player(name, 5, barrier, play, announce) for name in ("x", "y")]
    await asyncio.wait_for(asyncio.gather(*players), 60)
    scene = Scene(_("Two players ran player(name, 5, barrier, play, announce)."), timeline)
    plays = sorted(span.label for span in spans_named(timeline, "play"))
    expected = sorted(f"play({name!r}, {n})" for name in ("x", "y") for n in range(5))
    text = _("The plays were {plays}; expected each player to play rounds 0 to 4 once.")
    scene.check(plays == expected, text, draw=True, plays=show(plays))
    text = _("announce was called for rounds {rounds}; expected [0, 1, 2, 3, 4], once each.")
    scene.check(announced == list(range(5)), text, rounds=show(announced))


# Every task: no deadline and no cap of its own ------------------------------------------------


def pause_of(interval):
    """What ``deadlines_set`` leaves out for poll_until_stopped: the pause of ``interval``
    seconds its task gives (a timeout_at's deadline is a time on the loop's clock; any)."""

    def given_by_the_task(name, given):
        if name == "timeout_at":
            return True
        return isinstance(given, int | float) and abs(given - interval) <= 1e-6 * interval

    return given_by_the_task


LONG_GUARD = 4 * HOUR  # loop seconds before a test gives up: the waits below last up to 2 h
MANY = 25  # more than any pool or cap a learner might pick of their own


@task(1, checks=("deposit-holds-the-shared-lock", "deposit-adds-amount"), guard=LONG_GUARD)
async def test_deposit_waits_as_long_as_the_lock_is_held(topic, monkeypatch):
    """deposit(account, 10, lock) while the test holds lock for 2 h: it waits, then adds 10."""
    deadlines = deadlines_set(monkeypatch, topic)
    timeline = Timeline()
    account = FakeAccount(timeline, balance=5)
    lock = asyncio.Lock()
    await lock.acquire()
    text = _("Called deposit(account, 10, lock) while the test held lock for two hours.")
    scene = Scene(text, timeline)
    asyncio.get_running_loop().call_later(2 * HOUR, lock.release)
    await as_long_as_it_takes(scene, topic.deposit(account, 10, lock))
    text = _("The balance of 5 became {balance}; expected 15.{hint}")
    hint = " " + _(KEEPS_WAITING)
    scene.check(account.balance == 15, text, draw=True, balance=account.balance, hint=hint)
    check_no_deadline(called("deposit(account, 10, lock)"), deadlines, "deposit")


@task(
    2,
    checks=(
        "worker-returns-handle-result",
        "service-sets-the-event-after-loading",
        "service-results-in-name-order",
    ),
    guard=LONG_GUARD,
)
async def test_start_service_waits_as_long_as_loading_takes(topic, monkeypatch):
    """start_service(4 names, ...), loading 1 h and handling 2 h: the four results, falsy too."""
    deadlines = deadlines_set(monkeypatch, topic)

    async def known_good_worker(name, ready, handle):  # a polling worker would cost real time
        await ready.wait()
        return await handle(name)

    monkeypatch.setattr(topic.module, "worker", known_good_worker)
    timeline = Timeline()
    load_config = timeline.fake("load_config", seconds=HOUR, result=lambda: None)
    handle = timeline.fake("handle", seconds=2 * HOUR, result=long_result)
    names = list(FALSY_RESULTS)
    text = _(
        "Called start_service({names}, load_config, handle), load_config taking an hour and "
        "each handle(name) two hours, giving '', 0, None and []."
    )
    scene = Scene(text.format(names=show(names)), timeline)
    results = await as_long_as_it_takes(scene, topic.start_service(names, load_config, handle))
    cut = [span for span in spans_named(timeline, "load_config") if span.outcome != "done"]
    text = _(
        "load_config() was cut off after {minutes} min of loop time: the statement sets no "
        "deadline. Await it as long as it takes, then set the event."
    )
    minutes = (cut[0].end - cut[0].start) / 60 if cut and cut[0].end is not None else 0.0
    scene.check(not cut, text, draw=True, minutes=f"{minutes:g}")
    hint = " " + _(
        "Each worker's result in its place, whatever handle gave ('', 0, None and [] too), "
        "however long it took."
    )
    expect_same(scene, results, [long_result(name) for name in names], hint)
    check_no_deadline(
        called("start_service(names, load_config, handle)"), deadlines, "start_service"
    )


@task(2, checks=("worker-waits-for-the-event", "worker-returns-handle-result"), guard=LONG_GUARD)
async def test_worker_waits_as_long_as_it_takes(topic, monkeypatch):
    """worker('n1', ready, handle), ready set after 2 min, handle giving 0 after 2 h: 0."""
    deadlines = deadlines_set(monkeypatch, topic)
    timeline = Timeline()
    handle = timeline.fake("handle", seconds=2 * HOUR, result=long_result)
    ready = asyncio.Event()
    text = _(
        "Called worker('n1', ready, handle); the test set ready after two minutes, and "
        "handle('n1') gave 0 after two hours."
    )
    scene = Scene(text, timeline)
    asyncio.get_running_loop().call_later(
        120.0, ready.set
    )  # not longer: a polling worker costs real time
    result = await as_long_as_it_takes(scene, topic.worker("n1", ready, handle))
    hint = " " + _("Whatever handle gave (0 too), however long the event took to be set.")
    expect_same(scene, result, 0, hint)
    check_no_deadline(called("worker('n1', ready, handle)"), deadlines, "worker")


@task(2, checks=("service-workers-start-at-once",), guard=LONG_GUARD)
async def test_start_service_lets_many_workers_go_at_once(topic):
    """start_service(25 names, ...), handling 2 h: all 25 handle at once, done after 2 h."""
    timeline = Timeline()
    load_config = timeline.fake("load_config", seconds=1.0, result=lambda: None)
    handle = timeline.fake("handle", seconds=2 * HOUR, result=long_result)
    names = [f"n{number}" for number in range(MANY)]
    text = _(
        "Called start_service(names, load_config, handle) with {count} names, load_config "
        "taking 1 s and each handle(name) two hours."
    )
    scene = Scene(text.format(count=MANY), timeline)

    def check_all_went():
        text = _(
            "At most {peak} handle(name) calls ran at once; expected all {count}: the event "
            "lets every worker go at once, with no cap of your own."
        )
        peak = overlap_peak(spans_named(timeline, "handle"))
        scene.check(peak == MANY, text, draw=True, peak=peak, count=MANY)

    running = topic.start_service(names, load_config, handle)
    results = await as_long_as_it_takes(scene, running, 3 * HOUR, 2, check_all_went)
    check_all_went()
    hint = " " + _(KEEPS_WAITING)
    expect_same(scene, results, [long_result(name) for name in names], hint)


@task(3, checks=("poll-polls-then-pauses", "poll-returns-the-count"), guard=LONG_GUARD)
async def test_poll_waits_as_long_as_it_takes(topic, monkeypatch):
    """poll_until_stopped(stop, poll, 300.0), stop set at 12.5 min: 3 polls, however long."""
    deadlines = deadlines_set(monkeypatch, topic, pause_of(300.0))
    timeline = Timeline()
    poll = timeline.fake("poll", seconds=0.0)
    stop = asyncio.Event()
    text = _("Called poll_until_stopped(stop, poll, 300.0); the test set stop after 12.5 minutes.")
    scene = Scene(text, timeline)
    # Minutes, not hours: a pause that polls stop.is_set() costs real time for every poll.
    asyncio.get_running_loop().call_later(750.0, stop.set)
    polls = await as_long_as_it_takes(scene, topic.poll_until_stopped(stop, poll, 300.0))
    hint = " " + _(
        "Polls at 0, 5 and 10 min, then the pause ends when stop is set: only stop ends it."
    )
    expect_same(scene, polls, 3, hint)
    check_no_deadline(
        called("poll_until_stopped(stop, poll, 300.0)"), deadlines, "poll_until_stopped"
    )


@task(4, checks=("take-waits-then-removes",), guard=LONG_GUARD)
async def test_take_waits_as_long_as_it_takes(topic, monkeypatch):
    """take(shelf, condition, 2) on an empty shelf, 2 items put after 10 min: it takes them."""
    deadlines = deadlines_set(monkeypatch, topic)
    condition = asyncio.Condition()
    shelf = WatchedShelf(items=0, condition=condition, unlocked_changes=0)
    text = _(
        "Called take(shelf, condition, 2) on an empty shelf; the test put 2 items after ten "
        "minutes."
    )
    scene = Scene(text, Timeline())

    async def put_later():
        await asyncio.sleep(600.0)  # not hours: a take that polls would cost real time
        await reference_put(shelf, condition, 2)

    putter = asyncio.create_task(put_later())
    try:
        await as_long_as_it_takes(scene, topic.take(shelf, condition, 2))
    finally:
        await cancel_all([putter])
    text = _("It left {items} items on the shelf; expected 0.{hint}")
    scene.check(shelf.items == 0, text, items=shelf.items, hint=" " + _(KEEPS_WAITING))
    check_no_deadline(called("take(shelf, condition, 2)"), deadlines, "take")


@task(4, checks=("put-adds-and-wakes-every-taker",), guard=LONG_GUARD)
async def test_put_waits_as_long_as_the_lock_is_held(topic, monkeypatch):
    """put(shelf, condition, 3) while the test holds the condition 10 min: then it adds 3."""
    deadlines = deadlines_set(monkeypatch, topic)
    condition = asyncio.Condition()
    shelf = WatchedShelf(items=0, condition=condition, unlocked_changes=0)
    text = _(
        "Called put(shelf, condition, 3) while the test held the condition's lock; the test let "
        "it go after ten minutes."
    )
    scene = Scene(text, Timeline())

    async def hold_for_a_while():
        async with condition:
            await asyncio.sleep(600.0)  # not hours: a put that polls would cost real time

    holder = asyncio.create_task(hold_for_a_while())
    await asyncio.sleep(0)  # the test holds the lock first
    try:
        await as_long_as_it_takes(scene, topic.put(shelf, condition, 3))
    finally:
        await cancel_all([holder])
    text = _("The shelf held {items} items; expected 3.{hint}")
    scene.check(shelf.items == 3, text, items=shelf.items, hint=" " + _(KEEPS_WAITING))
    check_no_deadline(called("put(shelf, condition, 3)"), deadlines, "put")


@task(
    5,
    checks=("capped-never-above-limit", "capped-always-full", "capped-results-in-url-order"),
    guard=LONG_GUARD,
)
@pytest.mark.parametrize("limit", [MANY, MANY - 5])
async def test_fetch_capped_waits_as_long_as_it_takes_for_many(topic, monkeypatch, limit):
    """fetch_capped(25 urls, fetch, limit), fetches of 2 h and 1 h: the limit given, in order."""
    deadlines = deadlines_set(monkeypatch, topic)
    timeline = Timeline()
    fetch = timeline.fake(
        "fetch", seconds=lambda url: 2 * HOUR if url == "n0" else HOUR, result=long_result
    )
    urls = [f"n{number}" for number in range(MANY)]
    text = _(
        "Called fetch_capped(urls, fetch, {limit}) with {count} urls, the first fetch taking "
        "two hours and the others one, the first four giving '', 0, None and []."
    )
    scene = Scene(text.format(limit=limit, count=MANY), timeline)

    def check_limit_kept():
        text = _(
            "At most {peak} fetches ran at once; expected {limit}, the limit given: no cap of "
            "your own."
        )
        peak = timeline.peak
        scene.check(peak >= limit, text, draw=True, peak=peak, limit=limit)
        check_cap(scene, limit, limit)

    running = topic.fetch_capped(urls, fetch, limit)
    results = await as_long_as_it_takes(scene, running, 3 * HOUR, 2, check_limit_kept)
    check_limit_kept()
    hint = " " + _(
        "Each result in the place of its url, whatever fetch gave ('', 0, None and [] too), "
        "however long it took."
    )
    expect_same(scene, results, [long_result(url) for url in urls], hint)
    check_no_deadline(called("fetch_capped(urls, fetch, limit)"), deadlines, "fetch_capped")


@task(6, checks=("barrier-waits-after-each-round",), guard=LONG_GUARD)
async def test_players_wait_as_long_as_a_round_takes(topic, monkeypatch):
    """Players 'slow' (1 h a round) and 'quick' (0 s), two rounds: both finish, in step."""
    deadlines = deadlines_set(monkeypatch, topic)
    timeline = Timeline()
    seconds = {"slow": HOUR, "quick": 0.0}
    play = timeline.fake("play", seconds=lambda name, round_number: seconds[name])
    announced = record()

    async def announce(round_number):
        announced.append(round_number)

    barrier = asyncio.Barrier(len(seconds))
    text = _(
        "Two players, 'slow' (a round takes it an hour) and 'quick' (no time), ran "
        "player(name, 2, barrier, play, announce) with one asyncio.Barrier(2)."
    )
    scene = Scene(text, timeline)
    players = asyncio.gather(*(topic.player(name, 2, barrier, play, announce) for name in seconds))
    await as_long_as_it_takes(scene, players)
    text = _("announce was called for rounds {rounds}; expected [0, 1].{hint}")
    hint = " " + _(KEEPS_WAITING)
    scene.check(announced == [0, 1], text, draw=True, rounds=show(announced), hint=hint)
    check_no_deadline(called(_("player(name, 2, barrier, play, announce)")), deadlines, "player")


# ---------------------------------------------------------------------------------------
# Cancelled by its caller (the course's CANCELLED rule) while it waits


@task(2, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_start_service_cancelled_while_loading_ends_cancelled(topic):
    """start_service(['n1', 'n2'], ...), cancelled 1 s into an hour-long load: cancelled."""
    timeline = Timeline()
    load_config = timeline.fake("load_config", seconds=HOUR, result=lambda: None)
    handle = timeline.fake("handle", seconds=1.0)
    scene = called(
        _("start_service(['n1', 'n2'], load_config, handle) as a task, load_config taking an hour")
    )
    running = topic.start_service(["n1", "n2"], load_config, handle)
    await check_cancelled_while_waiting(scene, running, after=1.0)


@task(4, checks=("cancelled", "left-running", "take-waits-then-removes"), guard=CLEANUP_GUARD)
async def test_take_cancelled_while_it_waits_ends_cancelled(topic):
    """take(shelf, condition, 2) on an empty shelf, cancelled 1 s in: cancelled, lock let go."""
    condition = asyncio.Condition()
    shelf = WatchedShelf(items=0, condition=condition, unlocked_changes=0)
    scene = called(_("take(shelf, condition, 2) as a task, on a shelf that stays empty"))
    await check_cancelled_while_waiting(scene, topic.take(shelf, condition, 2), after=1.0)
    text = _(
        "Cancelled while it waited, take kept the condition's lock: every later put and take "
        "would wait for it for ever. Let go of it however take ends: `async with condition:`."
    )
    scene.check(not condition.locked(), text)


@task(4, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_put_cancelled_while_it_waits_for_the_condition_ends_cancelled(topic):
    """put(shelf, condition, 3), cancelled 1 s into waiting for the condition's lock: cancelled."""
    condition = asyncio.Condition()
    shelf = WatchedShelf(items=0, condition=condition, unlocked_changes=0)
    scene = called(
        _("put(shelf, condition, 3) as a task, while the test holds the condition's lock")
    )
    async with condition:
        await check_cancelled_while_waiting(scene, topic.put(shelf, condition, 3), after=1.0)


@task(5, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_fetch_capped_cancelled_while_it_fetches_ends_cancelled(topic):
    """fetch_capped(['a', 'b', 'c'], fetch, 2), cancelled 1 s into hour-long fetches: cancelled."""
    fetch = Timeline().fake("fetch", seconds=HOUR)
    scene = called(_("fetch_capped(['a', 'b', 'c'], fetch, 2) as a task, each fetch an hour"))
    running = topic.fetch_capped(["a", "b", "c"], fetch, 2)
    await check_cancelled_while_waiting(scene, running, after=1.0)


@task(6, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_player_cancelled_while_it_plays_ends_cancelled(topic):
    """player('a', 2, barrier, play, announce), cancelled 1 s into an hour-long round: cancelled."""
    timeline = Timeline()
    play, announce = timeline.fake("play", seconds=HOUR), timeline.fake("announce", seconds=0.0)
    scene = called(_("player('a', 2, barrier, play, announce) as a task, each round an hour"))
    running = topic.player("a", 2, asyncio.Barrier(1), play, announce)
    await check_cancelled_while_waiting(scene, running, after=1.0)
