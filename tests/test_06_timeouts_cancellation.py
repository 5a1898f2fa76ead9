"""Hidden tests for topic 06: timeouts and cancellation, on the virtual clock (exact deadlines).

The fakes record on a Timeline what was started, what finished, what was cancelled and when.
"""

import asyncio
import gc
import itertools
from dataclasses import dataclass

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
    task,
)
from grader.inside.evidence import learners_values, record
from grader.inside.running import (
    CLEANUP_GUARD,
    HOUR,
    KEEPS_WAITING,
    check_cancelled_while_waiting,
    check_no_deadline,
    fail_on_own_deadline,
    timed,
)
from grader.inside.spies import (
    ApiSpy,
    collecting_only_new_garbage,
    deadlines_set,
    destroyed_pending,
    loop_errors,
    wait_weakly_held,
)
from grader.inside.suite import Scene, called, show_typed

PROMISES = {
    1: {
        "fod-returns-default-on-timeout": "fetch_or_default returns default when fetch() takes "
        "longer than seconds, at seconds, the fetch cancelled",
        "fod-returns-the-answer": "a fetch that answers in time gives its answer as it is, "
        "as soon as it comes (an empty answer too)",
        "fod-uses-asyncio-timeout": "the limit is set with async with asyncio.timeout(seconds)",
        "fod-lets-other-errors-out": "an error of fetch() is not a timeout: it reaches the caller",
        "fod-caller-cancel": "cancelled by its own caller, it ends cancelled",
    },
    2: {
        "retries-fresh-timeout-each-attempt": "each call of fetch() gets seconds of its own; "
        "one that times out is cancelled and tried again; the first answer is returned",
        "retries-up-to-attempts-then-timeout-error": "at most attempts attempts, then TimeoutError",
        "retries-only-timeouts": "only a timeout is retried: any other error of fetch() "
        "reaches the caller at once",
        "retries-uses-wait-for": "each attempt is limited with asyncio.wait_for",
        "retries-caller-cancel": "cancelled by its own caller, it ends cancelled, not retried",
    },
    3: {
        "stop-all-cancels-and-waits-together": "stop_all cancels every task, then waits until "
        "all have finished, their cleanups overlapping",
        "stop-all-no-cancelled-error-escapes": "the tasks' CancelledError does not escape stop_all",
        "stop-all-counts-cancelled": "it returns how many tasks ended cancelled (not a "
        "finished one, nor one that refused; 0 for no tasks)",
        "stop-all-caller-cancel": "cancelled by its own caller while it waits, it ends cancelled",
    },
    4: {
        "use-connection-returns-work-result": "use_connection returns what await work(conn) "
        "returned, conn being the connection acquired",
        "use-connection-releases-after-success": "after the work succeeds, the connection is "
        "released exactly once, not before the work is over",
        "use-connection-releases-after-error": "after an error it is released exactly once "
        "and the error reaches the caller",
        "use-connection-releases-after-cancel": "after a cancellation it is released exactly "
        "once and the task still ends cancelled",
        "use-connection-releases-only-what-it-acquired": "when pool.acquire() itself fails or "
        "is cancelled, nothing is released",
    },
    5: {
        "keep-polling-polls-every-interval": "keep_polling appends await probe() to log every "
        "interval seconds until cancelled",
        "keep-polling-logs-stopped": "once cancelled it appends 'stopped'",
        "keep-polling-stays-cancelled": "it re-raises the CancelledError: the task ends "
        "cancelled and an asyncio.timeout around it raises TimeoutError",
    },
    6: {
        "save-within-false-on-timeout": "save_within returns False after seconds when the "
        "save is slower, and the save still completes",
        "save-within-true-when-quick": "it returns True as soon as a quick save is done",
        "save-within-caller-cancel": "cancelled by its caller, it ends cancelled and the save "
        "still completes",
        "save-within-uses-shield": "the save is protected with asyncio.shield",
        "save-within-keeps-a-reference": "a reference to the save's task is kept until it is "
        "done, so gc.collect() cannot destroy it",
    },
    7: {
        "crawl-one-after-another": "crawl fetches the urls one after another",
        "crawl-one-budget": "the whole crawl gets one budget, not budget per page: a step may "
        "use what the steps before it left",
        "crawl-returns-pages-so-far": "when the budget runs out, the fetch in progress is "
        "cancelled and crawl returns the list of pages it got so far",
        "crawl-leaves-urls": "urls, the caller's list, is left as it was",
        "crawl-caller-cancel": "cancelled by its own caller, it ends cancelled",
        "crawl-loop-clock": "a deadline is measured on the loop's clock, loop.time()",
    },
}


def outcome_of(job: asyncio.Task) -> str:
    """How a task ended, in words."""
    if not job.done():
        return _("was still running")
    if job.cancelled():
        return _("ended cancelled")
    if job.exception() is not None:
        return _("raised {error}").format(error=type(job.exception()).__name__)
    return _("returned {result}").format(result=show(job.result()))


def shown(got: object, want: object) -> str:
    """``show(got)``, with its types when it shows as ``want`` does: what the code put in the
    log may look like the entries expected (its repr says so) without being them."""
    text = show(got)
    return show_typed(got) if text == show(want) else text


def outcomes(timeline: Timeline) -> list[str]:
    return [span.outcome for span in timeline.spans]


@dataclass
@learners_values("result")
class Run(Scene):
    """The scene of a call awaited from its timeline's time zero: what came of it, and when."""

    call: str = ""
    result: object = None
    error: BaseException | None = None
    elapsed: float = 0.0
    attempts: int = 0

    def took(self, seconds: float, expected: str) -> None:
        """Fail unless the call took ``seconds`` of loop time, to the hundredth."""
        scene = {"call": self.call, "expected": expected, "timeline": self.timeline}
        expect_duration(self.elapsed, at_least=seconds, under=seconds + 0.01, **scene)


async def run(awaitable, call: str, timeline: Timeline | None, catch=TimeoutError) -> Run:
    """Await ``awaitable`` (``call``) from the timeline's time zero, catching ``catch``."""
    done = Run(called(call).setting, timeline, call)
    done.result, done.error, done.elapsed = await timed(awaitable, timeline, catch)
    return done


async def cancelled_at(coroutine, seconds: float, call: str, hint: str = "") -> asyncio.Task:
    """Run ``coroutine`` as a task cancelled at ``seconds``, which a minute of loop time must
    end; what it raised is raised again (the grader explains NotImplementedError...)."""
    job = asyncio.create_task(coroutine)
    await asyncio.sleep(seconds)
    job.cancel()
    await asyncio.wait([job], timeout=60.0)
    text = _("It was still running a minute after it was cancelled.{hint}")
    called(call).check(job.done(), text, hint=" " + hint if hint else "")
    if not job.cancelled() and job.exception() is not None:
        raise job.exception()
    return job


def check_cancelled(job: asyncio.Task, call: str, hint: str) -> None:
    """Fail unless ``job`` ended cancelled; ``hint`` says how to let the CancelledError go on."""
    text = _("The task {outcome} instead of ending cancelled: {hint}")
    called(call).check(job.cancelled(), text, outcome=outcome_of(job), hint=hint)


async def check_caller_cancel(coroutine, timeline: Timeline, call: str, hint: str) -> None:
    """Run ``coroutine`` as a task its caller cancels at 0.5 s: it ends cancelled (a minute of
    loop time allowed), or the message says how it ended, ``hint`` and the timeline."""
    scene = called(call, timeline)
    await check_cancelled_while_waiting(scene, coroutine, 0.5, patience=60.0, hint=hint)


NOT_AVAILABLE = "".join(["n/", "a"])  # a str object of its own: the default itself comes back


@task(1, checks=("fod-returns-default-on-timeout", "fod-uses-asyncio-timeout"))
async def test_fetch_or_default_gives_up_on_time(topic, monkeypatch):
    """fetch_or_default(fetch, 2.0, 'n/a'), fetch taking 5 s: 'n/a' at 2 s by asyncio.timeout."""
    spy = ApiSpy(monkeypatch, topic.module, "timeout", "timeout_at")
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=5.0, result=lambda: "page")
    call = _("fetch_or_default(fetch, 2.0, 'n/a'), the fetch taking 5 s")
    done = await run(topic.fetch_or_default(fetch, 2.0, NOT_AVAILABLE), call, timeline)
    text = _("It raised TimeoutError; expected the default 'n/a': catch it around `async with`.")
    done.check(done.error is None, text)
    text = _("It returned {result}; expected the default 'n/a'.")
    done.check(done.result is NOT_AVAILABLE, text, draw=True, result=show(done.result))
    text = _(
        "It gave up after {seconds} s of loop time; expected exactly 2 s: the timeout is "
        "`seconds`, the number it was given."
    )
    done.check(done.elapsed >= 2.0, text, draw=True, seconds=f"{done.elapsed:.2f}")
    done.took(2.0, _("exactly 2 s: give up when the timeout expires."))
    text = _("The fetch should have been cancelled by the timeout.")
    if outcomes(timeline) == ["running"]:
        text = _(
            "When it returned, the fetch was still running; expected it cancelled by the "
            "timeout, and over. Await fetch() itself inside "
            "`async with asyncio.timeout(seconds):`, which cancels it and waits for it to end "
            "(not a shielded fetch, nor a task of its own)."
        )
    done.check(outcomes(timeline) == ["cancelled"], text, draw=True)
    text = _(
        "fetch_or_default gave up in time, but not with `async with asyncio.timeout(seconds):`, "
        "this task's subject."
    )
    check(spy.used(), text)


@task(1, checks=("fod-returns-default-on-timeout",))
@pytest.mark.parametrize("seconds", [0.3, 0], ids=["0.3 s", "0 s"])
async def test_fetch_or_default_uses_its_seconds(topic, seconds):
    """fetch_or_default(fetch, s, 'n/a'), fetch taking 1 s: 'n/a' at s (0.3 s; 0: at once)."""
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=1.0, result=lambda: "page")
    limit = f"{seconds:g}"
    call = _("fetch_or_default(fetch, {seconds}, 'n/a'), the fetch taking 1 s").format(
        seconds=limit
    )
    done = await run(topic.fetch_or_default(fetch, seconds, NOT_AVAILABLE), call, timeline)
    text = _("It returned {result} after {took} s; expected the default 'n/a' at {seconds} s.")
    right = done.error is None and done.result is NOT_AVAILABLE
    took = f"{done.elapsed:.2f}"
    done.check(right, text, draw=True, result=show(done.result), took=took, seconds=limit)
    expected = _("exactly {seconds} s: the timeout is `seconds`, the number it was given.")
    done.took(seconds, expected.format(seconds=limit))


@task(1, checks=("fod-returns-the-answer",))
async def test_fetch_or_default_returns_a_quick_answer(topic):
    """fetch_or_default(fetch, 2.0, 'n/a'), the fetch answering at 0.5 s: its answer ('' too)."""
    for answer in ("page", "", None, 0):
        timeline = Timeline()
        fetch = timeline.fake("fetch", seconds=0.5, result=lambda answer=answer: answer)
        call = _("{call} with a fetch that answers {answer} after 0.5 s").format(
            call=show_call("fetch_or_default", fetch, 2.0, "n/a"), answer=show(answer)
        )
        done = await run(topic.fetch_or_default(fetch, 2.0, "n/a"), call, timeline)
        meaning = _("the answer as it is: only a timeout gives the default, not a falsy answer")
        expect_result(done.result, answer, call=call, meaning=meaning)
        done.took(0.5, _("0.5 s: return as soon as the fetch answers."))


@task(1, checks=("fod-lets-other-errors-out",))
async def test_fetch_or_default_lets_other_errors_out(topic):
    """fetch_or_default(fetch, 2.0, 'n/a'), the fetch raising ConnectionError: it raises it."""
    error = ConnectionError("host unreachable")
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=0.5, error=error)
    call = _("fetch_or_default(fetch, 2.0, 'n/a'), the fetch raising ConnectionError at 0.5 s")
    done = await run(topic.fetch_or_default(fetch, 2.0, "n/a"), call, timeline, ConnectionError)
    text = _(
        "It returned {result}; expected the ConnectionError to reach the caller: only a "
        "timeout gives the default (catch TimeoutError, not Exception)."
    )
    done.check(done.error is error, text, result=show(done.result))


@task(1, checks=("fod-caller-cancel",))
async def test_fetch_or_default_stays_cancelled(topic):
    """fetch_or_default(fetch, 10.0, 'n/a') cancelled by its caller at 0.5 s ends cancelled."""
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=5.0, result=lambda: "page")
    call = _("fetch_or_default(fetch, 10.0, 'n/a') as a task, the fetch taking 5 s")
    hint = _(
        "A cancellation is not a timeout: catch TimeoutError only, and let the CancelledError "
        "reach your caller."
    )
    await check_caller_cancel(topic.fetch_or_default(fetch, 10.0, "n/a"), timeline, call, hint)


async def retrying(topic, delays: list[float], setting: str, error=None) -> Run:
    """fetch_with_retries(fetch, 1.0, 3), the n-th attempt taking delays[n] (the last delay
    for the next ones), the first one raising ``error`` if given, the others answering
    f'answer {n}'; ``setting`` says so ("{call}, ...")."""
    timeline = Timeline()
    calls = record()

    async def fetch():
        calls.append(None)
        delay = delays[min(len(calls), len(delays)) - 1]
        async with timeline.span(f"attempt {len(calls)} ({delay:g} s)"):
            await asyncio.sleep(delay)
        if error is not None and len(calls) == 1:
            raise error
        return f"answer {len(calls)}"

    call = setting.format(call=show_call("fetch_with_retries", fetch, 1.0, 3))
    catch = TimeoutError if error is None else type(error)
    done = await run(topic.fetch_with_retries(fetch, 1.0, 3), call, timeline, catch)
    done.attempts = len(calls)
    return done


@task(
    2,
    checks=(
        "retries-fresh-timeout-each-attempt",
        "retries-uses-wait-for",
        "retries-up-to-attempts-then-timeout-error",
    ),
)
async def test_fetch_with_retries_retries_slow_attempts(topic, monkeypatch):
    """fetch_with_retries(fetch, 1.0, 3), attempts of 3, 3, 0.5 s: the third answer at 2.5 s."""
    spy = ApiSpy(monkeypatch, topic.module, "wait_for")
    setting = _("{call}, the attempts taking 3 s, 3 s and 0.5 s")
    done = await retrying(topic, [3.0, 3.0, 0.5], setting)
    text = _("It raised TimeoutError; expected it to try again after a timeout, up to 3 attempts.")
    done.check(done.error is None, text, draw=True)
    text = _("It returned {result}; expected 'answer 3', the first two attempts timing out at 1 s.")
    done.check(same(done.result, "answer 3"), text, draw=True, result=show(done.result))
    ended = outcomes(done.timeline)
    text = _("The attempts ended {outcomes}; expected 1 and 2 cancelled by their timeout, 3 done.")
    done.check(ended == ["cancelled", "cancelled", "done"], text, draw=True, outcomes=ended)
    done.took(2.5, _("2.5 s: 1 s, 1 s, then 0.5 s for the attempt that answers."))
    text = _(
        "It called asyncio.wait_for {count} time(s) for 3 attempts; expected "
        "`await asyncio.wait_for(fetch(), seconds)` for each."
    )
    check(spy.calls["wait_for"] >= 3, text, count=spy.calls["wait_for"])


@task(2, checks=("retries-fresh-timeout-each-attempt",))
async def test_fetch_with_retries_returns_a_falsy_answer(topic):
    """fetch_with_retries(fetch, 1.0, 3), a first answer of None, '' or 0 at 0.5 s: that answer."""
    for answer in (None, "", 0):
        timeline = Timeline()
        fetch = timeline.fake("fetch", seconds=0.5, result=lambda answer=answer: answer)
        call = _("{call} with a fetch that answers {answer} after 0.5 s").format(
            call=show_call("fetch_with_retries", fetch, 1.0, 3), answer=show(answer)
        )
        done = await run(topic.fetch_with_retries(fetch, 1.0, 3), call, timeline)
        text = _(
            "It raised TimeoutError after {count} attempt(s); expected {answer}, the first "
            "answer, at 0.5 s: an answer ends the retries, whatever its value."
        )
        count = len(timeline.spans)
        done.check(done.error is None, text, draw=True, count=count, answer=show(answer))
        meaning = _("the first answer as it is: only a timeout is tried again, not a falsy answer")
        expect_result(done.result, answer, call=call, meaning=meaning)
        text = _("It made {count} attempts; expected 1: the first one answered in time.")
        done.check(count == 1, text, draw=True, count=count)
        done.took(0.5, _("0.5 s: return as soon as the fetch answers."))


@task(2, checks=("retries-up-to-attempts-then-timeout-error",))
async def test_fetch_with_retries_gives_up_with_timeout_error(topic):
    """fetch_with_retries(fetch, 1.0, 3), no attempt ever answering: TimeoutError at 3 s."""
    done = await retrying(topic, [60.0], _("{call}, every attempt taking 60 s"))
    text = _("It returned {result}; expected it to raise TimeoutError after 3 attempts.")
    done.check(done.error is not None, text, draw=True, result=show(done.result))
    text = _("It made {count} attempt(s); expected exactly 3.")
    done.check(done.attempts == 3, text, draw=True, count=done.attempts)
    text = _("Every attempt that timed out should have been cancelled.")
    done.check(set(outcomes(done.timeline)) <= {"cancelled"}, text, draw=True)
    done.took(3.0, _("3 s: three attempts of 1 s each."))


@task(2, checks=("retries-fresh-timeout-each-attempt", "retries-up-to-attempts-then-timeout-error"))
async def test_fetch_with_retries_uses_its_arguments(topic):
    """fetch_with_retries(fetch, 0.25, 12), no attempt ever answering: TimeoutError at 3 s."""
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=60.0, result=lambda: "late")
    call = _("fetch_with_retries(fetch, 0.25, 12), every attempt taking 60 s")
    done = await run(topic.fetch_with_retries(fetch, 0.25, 12), call, timeline)
    text = _("It returned {result}; expected it to raise TimeoutError after 12 attempts.")
    done.check(done.error is not None, text, draw=True, result=show(done.result))
    text = _(
        "It made {count} attempt(s); expected exactly 12, as many as `attempts`, with no cap "
        "of its own."
    )
    done.check(len(timeline.spans) == 12, text, draw=True, count=len(timeline.spans))
    done.took(3.0, _("3 s: twelve attempts of 0.25 s each, `seconds` for each."))


@task(2, checks=("retries-only-timeouts",))
async def test_fetch_with_retries_lets_other_errors_out(topic):
    """fetch_with_retries(fetch, 1.0, 3), the first attempt raising ValueError: it raises it."""
    error = ValueError("bad url")
    setting = _("{call}, the first attempt raising ValueError('bad url') after 0.1 s")
    done = await retrying(topic, [0.1], setting, error)
    text = _(
        "It returned {result} after {count} attempts; expected the ValueError to reach the caller "
        "at once: only a timeout is retried (catch TimeoutError, not Exception)."
    )
    done.check(done.error is not None, text, result=show(done.result), count=done.attempts)
    text = _("It raised {raised}, another ValueError.")
    done.check(done.error is error, text, raised=show(done.error))
    text = _("It made {count} attempts; expected 1: an error that is not a timeout is not retried.")
    done.check(done.attempts == 1, text, count=done.attempts)


@task(2, checks=("retries-only-timeouts",))
async def test_fetch_with_retries_lets_a_connection_error_out(topic):
    """fetch_with_retries(fetch, 1.0, 3), attempt 1 raising ConnectionError: it raises it."""
    error = ConnectionError("host unreachable")
    setting = _("{call}, the first attempt raising ConnectionError('host unreachable') after 0.1 s")
    done = await retrying(topic, [0.1], setting, error)
    text = _(
        "It returned {result} after {count} attempts; expected the ConnectionError to reach the "
        "caller at once: only a timeout is retried, not a connection error (catch TimeoutError "
        "alone, not OSError or ConnectionError)."
    )
    done.check(done.error is not None, text, result=show(done.result), count=done.attempts)
    text = _("It raised {raised}; expected the ConnectionError fetch() raised, as it is.")
    done.check(done.error is error, text, raised=show(done.error))
    text = _(
        "It made {count} attempts; expected 1: an error that is not a timeout, a "
        "ConnectionError too, is not retried."
    )
    done.check(done.attempts == 1, text, count=done.attempts)


@task(2, checks=("retries-caller-cancel",))
async def test_fetch_with_retries_stays_cancelled(topic):
    """fetch_with_retries(fetch, 10.0, 3) cancelled by its caller at 0.5 s ends cancelled."""
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=60.0, result=lambda: "late")
    call = _("fetch_with_retries(fetch, 10.0, 3) as a task, every attempt taking 60 s")
    hint = _(
        "A cancellation is not a timeout, so it is not retried: catch TimeoutError only, and "
        "let the CancelledError reach your caller."
    )
    await check_caller_cancel(topic.fetch_with_retries(fetch, 10.0, 3), timeline, call, hint)


async def worker(timeline: Timeline, name: str, cleanup: float = 1.0, refuse: bool = False):
    """Waits forever; cancelled, it cleans up for ``cleanup`` s, then ends cancelled, or
    returns when it ``refuse``s (cancel is a request)."""
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        async with timeline.span(f"{name} cleanup"):
            await asyncio.sleep(cleanup)
        if not refuse:
            raise
        return "refused"


async def stopping_all(topic, workers: dict, timeline: Timeline, call: str):
    """Start ``workers`` (name: coroutine), call stop_all on them at 0.5 s: the run, the tasks
    and how each ended; an escaped CancelledError fails."""
    tasks = [asyncio.create_task(worker, name=name) for name, worker in workers.items()]
    await asyncio.sleep(0.5)  # let them all start waiting
    done = await run(topic.stop_all(tasks), call, timeline, asyncio.CancelledError)
    if done.error is not None and asyncio.current_task().cancelling():
        raise done.error  # the test's own hang guard fired
    done.check(
        done.error is None,
        _(
            "It raised CancelledError: awaiting a task that ended cancelled raises it in the "
            "awaiter. Catch it, or wait with asyncio.gather(*tasks, return_exceptions=True)."
        ),
        draw=True,
    )
    return done, tasks, {job.get_name(): outcome_of(job) for job in tasks}


@task(3, checks=("stop-all-cancels-and-waits-together", "stop-all-no-cancelled-error-escapes"))
async def test_stop_all_waits_for_every_cleanup(topic):
    """stop_all(3 workers) cancels them all and returns once their 1 s cleanups are done, at 1 s."""
    timeline = Timeline()
    workers = {f"w{n}": worker(timeline, f"w{n}") for n in (1, 2, 3)}
    call = _("stop_all([w1, w2, w3]), each worker taking 1 s to clean up")
    done, tasks, states = await stopping_all(topic, workers, timeline, call)
    text = _("None of the workers was cancelled: call task.cancel() on each. They are: {states}.")
    done.check(any(job.done() or job.cancelling() for job in tasks), text, states=states)
    text = _(
        "It returned before the workers had finished cleaning up ({states}). cancel() only asks: "
        "await the tasks after cancelling them, so that stop_all returns once they have finished."
    )
    finished = all(job.done() for job in tasks) and len(timeline.finished) == 3
    done.check(finished, text, states=states, draw=bool(timeline.spans))
    text = _("Expected every worker to end cancelled; they ended: {states}.")
    done.check(all(job.cancelled() for job in tasks), text, states=states)
    done.took(1.0, _("1 s: cancel them all first, then wait for all, so the cleanups overlap."))
    text = _("All three ended cancelled, but it returned {count}; expected 3.")
    done.check(same(done.result, 3), text, count=show(done.result))


@task(3, checks=("stop-all-caller-cancel", "left-running"), guard=CLEANUP_GUARD)
async def test_stop_all_cancelled_while_it_waits_ends_cancelled(topic):
    """stop_all([w1, w2]) cancelled 1 s into their 10 s cleanups ends cancelled."""
    timeline = Timeline()
    tasks = [asyncio.create_task(worker(timeline, name, 10.0)) for name in ("w1", "w2")]
    await asyncio.sleep(0.5)  # let them start waiting
    scene = called(_("stop_all([w1, w2]) as a task, each worker taking 10 s to clean up"))
    try:
        await check_cancelled_while_waiting(scene, topic.stop_all(tasks), after=1.0)
    finally:
        for job in tasks:
            job.cancel()
        await asyncio.wait(tasks)


@task(3, checks=("stop-all-counts-cancelled", "stop-all-cancels-and-waits-together"))
async def test_stop_all_counts_only_cancelled_tasks(topic):
    """stop_all counts the tasks ended cancelled (not one finished or refusing); 0 for none."""
    timeline = Timeline()
    workers = {
        "w1": worker(timeline, "w1", 0.2),
        "quick": asyncio.sleep(0, "finished"),  # finished before stop_all is called
        "stubborn": worker(timeline, "stubborn", 0.5, refuse=True),
        "w2": worker(timeline, "w2", 30.0),  # a long cleanup: stop_all has no time limit
    }
    call = "stop_all([w1, quick, stubborn, w2])"
    done, tasks, states = await stopping_all(topic, workers, timeline, call)
    text = _("It returned before every task had finished: {states}. Wait for them after cancel().")
    done.check(all(job.done() for job in tasks), text, states=states)
    text = _(
        "The tasks ended: {states}. It returned {count}; expected 2: only w1 and w2 ended "
        "cancelled (task.cancelled() is true only for those). quick had already finished, and "
        "stubborn caught the cancellation and returned."
    )
    done.check(same(done.result, 2), text, states=states, count=show(done.result))
    done = await run(topic.stop_all([]), "stop_all([])", None, ValueError)
    text = _(
        "It raised ValueError: {error}. asyncio.wait refuses an empty set, and with no tasks "
        "there is nothing to wait for: the answer is 0."
    )
    done.check(done.error is None, text, error=str(done.error).rstrip("."))
    expect_result(done.result, 0, call="stop_all([])")


class Pool:
    """A pool lending conn-1, conn-2... on ``timeline``; it counts the calls of release(), one
    never awaited too (that one releases nothing). Sealed, as every class of a suite: the
    code may call its methods, not set what it keeps."""

    def __init__(self, timeline: Timeline):
        numbers = itertools.count(1)
        self.released = record()
        self._release_calls = 0
        self.acquire = timeline.fake("acquire", 0.1, result=lambda: f"conn-{next(numbers)}")
        self._give_back = timeline.fake("release", 0.1, result=self._received)

    def release(self, *args, **kwargs):
        self._release_calls += 1
        return self._give_back(*args, **kwargs)

    def _received(self, conn):
        self.released.append(conn)

    @property
    def release_calls(self) -> int:
        return self._release_calls


def pool_and_work(seconds: float, error: Exception | None = None):
    """A :class:`Pool`; a work(conn) that uses one ``seconds``, then returns f'used {conn}' or
    raises ``error``; their timeline."""
    timeline = Timeline()
    pool = Pool(timeline)
    work = timeline.fake("work", seconds, result=lambda conn: f"used {conn}", error=error)
    return pool, work, timeline


def released_once_after(pool, timeline: Timeline, call: str, hint=""):
    """Fail unless the connection went back once, and only once the work was over."""
    scene = called(call, timeline)
    text = _("The pool got back {released}; expected ['conn-1'], once.{hint}")
    if pool.release_calls and not pool.released:
        hint = _(
            "pool.release(conn) was called, but never awaited: it is a coroutine function, "
            "so nothing happens until you `await pool.release(conn)`."
        )
    hint = " " + hint if hint else ""
    released = show(pool.released)
    scene.check(same(pool.released, ["conn-1"]), text, released=released, hint=hint, draw=True)
    work, release = (
        next((span for span in timeline.spans if span.label.startswith(label)), None)
        for label in ("work", "release")
    )
    text = _(
        "The connection was released at {released} s, while the work was still using it (it "
        "ended at {ended} s): release it only once the work is over."
    )
    if work is not None and release is not None and work.end is not None:
        values = {"released": f"{release.start:.1f}", "ended": f"{work.end:.1f}"}
        scene.check(release.start >= work.end, text, draw=True, **values)


@task(4, checks=("use-connection-returns-work-result", "use-connection-releases-after-success"))
async def test_use_connection_returns_what_work_returned(topic):
    """use_connection(pool, work) returns 'used conn-1', releasing conn-1 once, after the work."""
    pool, work, timeline = pool_and_work(1.0)
    result = await topic.use_connection(pool, work)
    call = _("use_connection(pool, work), where work(conn) returns f'used {conn}'")
    meaning = _("what work(conn) returned, with the connection from pool.acquire()")
    expect_result(result, "used conn-1", call=call, meaning=meaning)
    released_once_after(pool, timeline, _("use_connection(pool, work), work succeeding after 1 s"))


class FalseConnection:
    """A connection that is false (its __bool__ returns False), as an empty container is."""

    def __bool__(self):
        return False

    def __repr__(self):
        return "conn-1"


@task(4, checks=("use-connection-releases-after-success",))
async def test_use_connection_releases_a_false_connection(topic):
    """use_connection(pool, work), the connection being false: it is released all the same."""
    pool, work, timeline = pool_and_work(1.0)
    conn = FalseConnection()
    pool.acquire = timeline.fake("acquire", 0.1, result=lambda: conn)
    call = _(
        "use_connection(pool, work), the connection from pool.acquire() being false (its "
        "__bool__ returns False), work succeeding after 1 s"
    )
    await topic.use_connection(pool, work)
    text = _(
        "The pool got back {released}; expected that connection, once. Release the connection "
        "that was acquired, whatever its truth value: `if conn:` skips a connection that is "
        "false. Acquire before the try and release with no test (or, at most, `if conn is not "
        "None:`)."
    )
    released = len(pool.released) == 1 and pool.released[0] is conn
    called(call, timeline).check(released, text, released=show(pool.released), draw=True)


@task(4, checks=("use-connection-releases-after-error",))
async def test_use_connection_releases_after_an_error(topic):
    """use_connection(pool, failing_work): released once, and the ValueError reaches the caller."""
    pool, work, timeline = pool_and_work(0.5, ValueError("bad query"))
    call = _("use_connection(pool, work), where the work raises ValueError('bad query')")
    done = await run(topic.use_connection(pool, work), call, timeline, ValueError)
    text = _("It returned {result}; expected the ValueError to reach the caller, once released.")
    done.check(done.error is not None, text, result=show(done.result))
    hint = _("Release it in a `finally:` block, so it happens whether or not the work fails.")
    released_once_after(pool, timeline, call, hint)


@task(4, checks=("use-connection-releases-after-cancel",))
async def test_use_connection_releases_when_cancelled(topic):
    """use_connection cancelled during work releases the connection and still ends cancelled."""
    pool, work, timeline = pool_and_work(10.0)
    call = _("use_connection(pool, work), cancelled 1 s in while work(conn) was running")
    job = await cancelled_at(topic.use_connection(pool, work), 1.0, call)
    hint = _(
        "The release was skipped when the work was cancelled: release in a `finally:` block "
        "(CancelledError is not an Exception, so `except Exception:` does not see it)."
    )
    released_once_after(pool, timeline, call, "" if pool.released else hint)
    hint = _("after releasing, let the CancelledError go on (`finally:` does).")
    check_cancelled(job, call, hint)


@task(4, checks=("use-connection-releases-after-cancel",))
async def test_use_connection_cancelled_while_releasing(topic):
    """use_connection cancelled inside pool.release(conn), after the work: release called once."""
    pool, work, timeline = pool_and_work(1.0)
    call = _(
        "use_connection(pool, work), work(conn) succeeding at 1.1 s, cancelled at 1.15 s while "
        "pool.release(conn) (0.1 s) was running"
    )
    job = await cancelled_at(topic.use_connection(pool, work), 1.15, call)
    text = _(
        "pool.release(conn) was called {count} times; expected once: the cancellation came "
        "while the release after the work was running, and the connection was released again. "
        "Release in one place only, a `finally:` block, so it happens exactly once whatever "
        "comes."
    )
    called(call, timeline).check(pool.release_calls == 1, text, count=pool.release_calls, draw=True)
    check_cancelled(job, call, _("let the CancelledError go on."))


@task(4, checks=("use-connection-releases-only-what-it-acquired",))
async def test_use_connection_cancelled_while_acquiring(topic):
    """use_connection cancelled while pool.acquire() waits: nothing released, ends cancelled."""
    pool, work, timeline = pool_and_work(1.0)
    pool.acquire = timeline.fake("acquire", 10.0, result=lambda: "conn-1")
    call = _("use_connection(pool, work), cancelled 1 s in while pool.acquire() was waiting")
    job = await cancelled_at(topic.use_connection(pool, work), 1.0, call)
    text = _(
        "The pool got back {released}; expected nothing: the cancellation came while "
        "pool.acquire() was waiting, so there was no connection to release. Acquire before "
        "the try: release only what was acquired."
    )
    called(call, timeline).check(same(pool.released, []), text, released=show(pool.released))
    check_cancelled(job, call, _("let the CancelledError go on."))


def probe_and_log():
    return Timeline().fake("probe", seconds=0.0, result=lambda: "ok"), []


@task(
    5,
    checks=(
        "keep-polling-polls-every-interval",
        "keep-polling-logs-stopped",
        "keep-polling-stays-cancelled",
    ),
)
async def test_keep_polling_stays_cancelled(topic):
    """keep_polling cancelled at 2.5 s has polled 3 times, logs 'stopped' and ends cancelled."""
    probe, log = probe_and_log()
    call = _("keep_polling(probe, 1.0, log) as a task, cancelled at 2.5 s")
    hint = _("It ignores cancellation: let the CancelledError end it.")
    job = await cancelled_at(topic.keep_polling(probe, 1.0, log), 2.5, call, hint)
    text = _(
        "The log is {log}; expected ['ok', 'ok', 'ok', 'stopped']: polls at 0, 1 and 2 s, then "
        "'stopped' when cancelled."
    )
    want = ["ok", "ok", "ok", "stopped"]
    called(call).check(same(log, want), text, log=shown(log, want))
    hint = _("the CancelledError was swallowed. After logging 'stopped', re-raise it (`raise`).")
    check_cancelled(job, call, hint)


@task(5, checks=("keep-polling-logs-stopped", "keep-polling-stays-cancelled"))
async def test_keep_polling_cancelled_while_it_probes(topic):
    """keep_polling cancelled at 0.3 s, inside its first probe (0.5 s): logs only 'stopped'."""
    probe, log = Timeline().fake("probe", seconds=0.5, result=lambda: "ok"), []
    call = _("keep_polling(probe, 1.0, log) as a task, probe() taking 0.5 s, cancelled at 0.3 s")
    job = await cancelled_at(topic.keep_polling(probe, 1.0, log), 0.3, call)
    text = _(
        "The log is {log}; expected ['stopped']: the cancellation came while the first "
        "probe() was running, and it is a cancellation like any other. Catch it around the "
        "whole loop, the await probe() included, not only around the sleep."
    )
    called(call).check(same(log, ["stopped"]), text, log=shown(log, ["stopped"]))
    hint = _("the CancelledError was swallowed. After logging 'stopped', re-raise it (`raise`).")
    check_cancelled(job, call, hint)


@task(5, checks=("keep-polling-polls-every-interval",))
async def test_keep_polling_uses_its_interval(topic):
    """keep_polling(probe, 0.4, log) cancelled at 1.0 s polls at 0, 0.4 and 0.8 s."""
    loop, log = asyncio.get_running_loop(), []
    start = loop.time()
    probe = Timeline().fake("probe", seconds=0.0, result=lambda: round(loop.time() - start, 2))
    call = _("keep_polling(probe, 0.4, log) as a task, cancelled at 1.0 s, probe() giving its time")
    await cancelled_at(topic.keep_polling(probe, 0.4, log), 1.0, call)
    text = _(
        "The log is {log}; expected [0.0, 0.4, 0.8, 'stopped']: a poll every interval "
        "(0.4 s here), then 'stopped' when cancelled."
    )
    want = [0.0, 0.4, 0.8, "stopped"]
    called(call).check(same(log, want), text, log=shown(log, want))


@task(5, checks=("keep-polling-stays-cancelled",))
async def test_keep_polling_lets_a_timeout_fire(topic):
    """asyncio.timeout(2.5) around keep_polling raises TimeoutError at 2.5 s."""
    probe, log = probe_and_log()

    async def polling():
        async with asyncio.timeout(2.5):
            return await topic.keep_polling(probe, 1.0, log)

    call = _("keep_polling(probe, 1.0, log) under asyncio.timeout(2.5)")
    done = await run(polling(), call, None)
    text = _(
        "It returned {result} at {seconds} s: the timeout never raised TimeoutError, so its "
        "caller cannot tell it was cut short. asyncio.timeout works by cancelling: after "
        "logging, re-raise the CancelledError."
    )
    seconds = f"{done.elapsed:.2f}"
    done.check(done.error is not None, text, result=show(done.result), seconds=seconds)
    done.took(2.5, _("2.5 s: stop when the timeout cancels it."))
    text = _("Its log ends {log}; expected it to end with 'stopped'.")
    done.check(same(log[-1:], ["stopped"]), text, log=shown(log[-2:], [*log[-2:-1], "stopped"]))


def slow_save(timeline: Timeline, seconds: float, weakly_held: bool = False):
    """A save taking ``seconds``, noting what it stored; ``weakly_held``, it waits on a signal
    the loop holds only weakly (only a reference to its task keeps it alive)."""
    stored = record()

    async def save(record):
        async with timeline.span(f"save({record!r})"):
            await (wait_weakly_held(seconds) if weakly_held else asyncio.sleep(seconds))
        stored.append(record)

    save.stored = stored
    return save


async def expect_saved(save, record: str, call: str, timeline: Timeline) -> None:
    """Two seconds on, fail unless the save stored ``record``, saying how it went otherwise."""
    await asyncio.sleep(2.0)
    scene = called(call, timeline)
    scene.check(same(save.stored, [record]) or timeline.spans, _("save(record) was never called."))
    cancelled = _(
        "The save was cancelled halfway: the cancel that ended the wait reached the save too. "
        "Wait on asyncio.shield(task) instead of the task itself."
    )
    halfway = outcomes(timeline)[0] == "cancelled"
    scene.check(
        same(save.stored, [record]),
        cancelled if halfway else _("The save did not finish."),
        draw=True,
    )


@task(6, checks=("save-within-false-on-timeout", "save-within-uses-shield"))
async def test_save_within_gives_up_waiting_but_saves(topic, monkeypatch):
    """save_within(save, 'r1', 0.5), a 2 s save: False at 0.5 s, the shielded save done at 2 s."""
    spy = ApiSpy(monkeypatch, topic.module, "shield")
    timeline = Timeline()
    save = slow_save(timeline, 2.0)
    call = _("{call}, the save taking 2 s").format(call=show_call("save_within", save, "r1", 0.5))
    done = await run(topic.save_within(save, "r1", 0.5), call, timeline)
    done.check(done.error is None, _("It raised TimeoutError; expected it to return False."))
    text = _("It returned {result}; expected False (not saved in time).")
    done.check(done.result is False, text, result=show(done.result))
    done.took(0.5, _("0.5 s: stop waiting when the patience runs out."))
    await expect_saved(save, "r1", call, timeline)
    # Checked again (it passed above) to number the timeline as it is now, the save done: the
    # reference's timeline drawn beside the next message is then its own of the same moment.
    done.took(0.5, _("0.5 s: stop waiting when the patience runs out."))
    text = _(
        "save_within kept the save going, but not by waiting on `asyncio.shield(task)`, this "
        "task's subject."
    )
    done.check(spy.used(), text, draw=True)


@task(6, checks=("save-within-true-when-quick",))
async def test_save_within_reports_a_quick_save(topic):
    """save_within(save, 'r2', 1.0) with a 0.3 s save returns True at 0.3 s."""
    timeline = Timeline()
    save = slow_save(timeline, 0.3)
    call = _("{call}, the save taking 0.3 s").format(call=show_call("save_within", save, "r2", 1.0))
    done = await run(topic.save_within(save, "r2", 1.0), call, timeline)
    text = _("It returned {result} and saved {stored}; expected True and ['r2'].")
    saved = done.result is True and same(save.stored, ["r2"])
    done.check(saved, text, result=show(done.result), stored=show(save.stored))
    done.took(0.3, _("0.3 s: return as soon as the save is done."))


@task(6, checks=("save-within-true-when-quick",))
async def test_save_within_waits_as_long_as_it_is_given(topic):
    """save_within(save, 'r3', 3.0) with a 2 s save returns True at 2 s."""
    timeline = Timeline()
    save = slow_save(timeline, 2.0)
    call = _("{call}, the save taking 2 s").format(call=show_call("save_within", save, "r3", 3.0))
    done = await run(topic.save_within(save, "r3", 3.0), call, timeline)
    text = _(
        "It returned {result} after {seconds} s; expected True at 2 s: it may wait up to "
        "`seconds` (3 s here)."
    )
    seconds = f"{done.elapsed:.2f}"
    done.check(done.result is True, text, draw=True, result=show(done.result), seconds=seconds)
    done.took(2.0, _("2 s: return as soon as the save is done."))


@pytest.mark.may_leave_tasks  # the save goes on, as the task says
@task(6, checks=("save-within-caller-cancel",))
async def test_save_within_survives_its_caller_being_cancelled(topic):
    """save_within(save, 'r3', 10.0) cancelled at 0.5 s ends cancelled; the 2 s save completes."""
    timeline = Timeline()
    save = slow_save(timeline, 2.0)
    call = _("save_within(save, 'r3', 10.0) as a task, cancelled at 0.5 s")
    timeline.start_clock()
    job = await cancelled_at(topic.save_within(save, "r3", 10.0), 0.5, call)
    check_cancelled(job, call, _("let the CancelledError reach your caller: shield the save only."))
    await expect_saved(save, "r3", call, timeline)


@task(6, checks=("save-within-keeps-a-reference",))
async def test_save_within_keeps_the_save_alive(topic):
    """save_within(save, 'r5', 0.5), then gc.collect(): the 2 s save still completes."""
    timeline = Timeline()
    save = slow_save(timeline, 2.0, weakly_held=True)
    call = _("{call}, the save taking 2 s").format(call=show_call("save_within", save, "r5", 0.5))
    with collecting_only_new_garbage(), loop_errors() as errors:
        result = await topic.save_within(save, "r5", 0.5)
        # One loop step first: until this step ends, the cancelled wait's future (its error's
        # traceback holds save_within's frame) keeps alive a task held only in a local there.
        await asyncio.sleep(0)
        gc.collect()
        await asyncio.sleep(2.5)
    text = _("It returned {result}; expected False.")
    called(call).check(result is False, text, result=show(result))
    lost = _(": asyncio reported 'Task was destroyed but it is pending!'")
    text = _(
        "Then gc.collect(). The save never completed{lost}. Once save_within returned, only the "
        "loop's weak reference held the save's task: keep the task in a module-level set until "
        "it is done (task.add_done_callback(the_set.discard))."
    )
    lost = lost if destroyed_pending(errors) else ""
    called(call, timeline).check(same(save.stored, ["r5"]), text, draw=True, lost=lost)


async def crawl(topic, clock, delays: dict, budget: float, setting: str) -> Run:
    """crawl(fetch, list(delays), budget), each fetch taking its delay, one at a time;
    ``setting`` says so ("{call}, ..."); ``clock`` counts its reads of the wall clock."""
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=delays.get, result=lambda url: f"<{url}>")
    call = setting.format(call=show_call("crawl", fetch, list(delays), budget))
    urls = list(delays)
    done = await run(topic.crawl(fetch, urls, budget), call, timeline)
    text = _("It raised TimeoutError; expected the pages fetched before the budget ran out.")
    done.check(done.error is None, text, draw=True)
    text = _(
        "It changed the list it was given: {before} before the call, {after} after. The list is "
        "the caller's: read it (a for loop over it), do not pop from it or sort it."
    )
    done.check(same(urls, list(delays)), text, before=show(list(delays)), after=show(urls))
    text = _("{peak} fetches ran at once; this crawler is polite: fetch one url after another.")
    done.check(timeline.peak == 1, text, peak=timeline.peak, draw=True)
    text = _(
        "It ran for {seconds} s, over its {budget} s budget, and read the wall clock "
        "(time.monotonic(), time.time()...) {count} time(s): the grader runs a virtual clock, on "
        "which the wall clock stands still. Measure the deadline on the loop's clock: "
        "loop.time() + budget, or one asyncio.timeout around the loop."
    )
    within = not clock.reads or done.elapsed <= budget + 1e-6
    seconds = f"{done.elapsed:.2f}"
    done.check(within, text, draw=True, seconds=seconds, budget=f"{budget:g}", count=clock.reads)
    return done


@task(
    7,
    checks=(
        "crawl-one-budget",
        "crawl-returns-pages-so-far",
        "crawl-one-after-another",
        "crawl-leaves-urls",
        "crawl-loop-clock",
    ),
)
async def test_crawl_shares_one_budget(topic, wall_clock):
    """crawl(fetch, 5 urls of 0.4 s, 1.0) returns 2 pages at 1 s; the third fetch is cancelled."""
    setting = _("{call}, each fetch taking 0.4 s")
    done = await crawl(topic, wall_clock, dict.fromkeys("abcde", 0.4), 1.0, setting)
    fetched = len(done.timeline.finished)
    origin = done.timeline.spans[0].start if done.timeline.spans else 0.0
    started_late = [span for span in done.timeline.spans if span.start - origin >= 1.0 - 1e-6]
    overran = [
        span
        for span in done.timeline.spans
        if span.start - origin < 1.0 - 1e-6 and span.end is not None and span.end - origin > 1.0
    ]
    text = _(
        "It ran for {seconds} s: {fetch}, still running when the 1 s budget ran out, was left "
        "to finish; expected it cancelled at 1 s (one asyncio.timeout around the whole loop "
        "cancels it)."
    )
    cut_off = started_late or not overran or overran[0].outcome != "done"
    shown = overran[0].label if overran else ""
    done.check(cut_off, text, seconds=f"{done.elapsed:.2f}", fetch=shown, draw=True)
    text = _(
        "It ran for {seconds} s and fetched {count} pages: each fetch got a fresh timeout. The "
        "1 s budget is for the whole crawl: one asyncio.timeout around the loop."
    )
    within, seconds = done.elapsed <= 1.0 + 1e-6, f"{done.elapsed:.2f}"
    done.check(within or fetched <= 2, text, seconds=seconds, count=fetched, draw=True)
    text = _(
        "It returned {pages} ({type}); expected the list ['<a>', '<b>']: 2 fetches fit in 1 s."
    )
    pages, kind = show(done.result), type(done.result).__name__
    done.check(same(done.result, ["<a>", "<b>"]), text, pages=pages, type=kind, draw=True)
    done.took(1.0, _("exactly 1 s: the budget for the whole crawl."))
    text = _("Expected fetch('a'), fetch('b') done, fetch('c') cancelled, nothing started after.")
    done.check(outcomes(done.timeline) == ["done", "done", "cancelled"], text, draw=True)


@task(7, checks=("crawl-one-budget", "crawl-one-after-another"))
async def test_crawl_spends_the_budget_where_needed(topic, wall_clock):
    """crawl(fetch, ['a', 'b'], 1.2) with fetches of 0.2 s and 0.9 s returns both pages at 1.1 s."""
    setting = _("{call}, the fetches taking 0.2 s and 0.9 s")
    done = await crawl(topic, wall_clock, {"a": 0.2, "b": 0.9}, 1.2, setting)
    text = _(
        "It returned {pages}; expected ['<a>', '<b>']: together they take 1.1 s, within the 1.2 s "
        "budget (not split evenly: a step may use what the steps before it left)."
    )
    done.check(same(list(done.result), ["<a>", "<b>"]), text, pages=show(done.result), draw=True)
    done.took(1.1, _("1.1 s: one fetch after the other, both within the budget."))


TWO_CRAWLS = N_(
    "Called crawl(fetch, ['a1', 'a2', 'a3', 'a4', 'a5'], 1.0) and crawl(fetch, ['b1', 'b2', "
    "'b3'], 3.0) together, each fetch taking 0.4 s."
)


@task(7, checks=("shared-state",))
async def test_two_crawls_at_once_keep_their_own_budgets(topic):
    """Two crawls at once, with budgets of 1 s and 3 s: each returns its own pages in its budget."""
    fetch = Timeline().fake("fetch", seconds=0.4, result=lambda url: f"<{url}>")
    calls = ((["a1", "a2", "a3", "a4", "a5"], 1.0), (["b1", "b2", "b3"], 3.0))
    got = await asyncio.gather(*(topic.crawl(fetch, list(urls), budget) for urls, budget in calls))
    got = list(got)
    want = [["<a1>", "<a2>"], ["<b1>", "<b2>", "<b3>"]]
    Scene(_(TWO_CRAWLS)).check(
        same(got, want),
        _(
            "The first crawl returned {got_a}; expected {want_a}: two fetches of 0.4 s fit in "
            "its 1 s. The second returned {got_b}; expected {want_b}: all three fit in its 3 s. "
            "Each crawl has its own budget and its own pages: keep them in that call (its own "
            "deadline or asyncio.timeout, a new list), not in anything every call shares."
        ),
        got_a=show(got[0]),
        want_a=show(want[0]),
        got_b=show(got[1]),
        want_b=show(want[1]),
    )


@task(7, checks=("crawl-caller-cancel",))
async def test_crawl_stays_cancelled(topic):
    """crawl(fetch, ['a', 'b', 'c'], 10.0) cancelled by its caller at 0.5 s ends cancelled."""
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=0.4, result=lambda url: f"<{url}>")
    call = _("crawl(fetch, ['a', 'b', 'c'], 10.0) as a task, each fetch taking 0.4 s")
    hint = _(
        "A cancellation from the caller is not the budget running out: catch TimeoutError "
        "only, and let the CancelledError reach your caller."
    )
    await check_caller_cancel(topic.crawl(fetch, ["a", "b", "c"], 10.0), timeline, call, hint)


# Every task without a deadline of its own: it waits as long as it takes -----------------------

LONG_GUARD = 4 * HOUR  # loop seconds before a test gives up: the waits below last up to 3.5 h


def expect_no_early_error(done: Run) -> None:
    """Fail with NO_DEADLINE when the call raised, though nothing it awaited had failed."""
    if done.error is not None:
        fail_on_own_deadline(done, done.error, done.elapsed)


@task(1, checks=("limits",), guard=LONG_GUARD)
async def test_fetch_or_default_waits_up_to_seconds_in_hours(topic):
    """fetch_or_default(fetch, 10800.0, 'n/a'), the fetch taking 2 h: its answer, at 2 h."""
    timeline = Timeline()
    fetch = timeline.fake("fetch", 2 * HOUR, result=lambda: "page")
    call = _("fetch_or_default(fetch, 10800.0, 'n/a'), the fetch taking two hours")
    done = await run(topic.fetch_or_default(fetch, 3 * HOUR, "n/a"), call, timeline, Exception)
    expect_no_early_error(done)
    text = _(
        "It returned {result} after {minutes} min of loop time; expected 'page' after two hours: "
        "it waits up to `seconds` (three hours here), with no shorter limit of your own."
    )
    minutes = f"{done.elapsed / 60:g}"
    right = same(done.result, "page")
    done.check(right, text, draw=True, result=show(done.result), minutes=minutes)


@task(2, checks=("limits",), guard=LONG_GUARD)
async def test_fetch_with_retries_gives_each_attempt_its_hours(topic):
    """fetch_with_retries(fetch, 7200.0, 3), attempts of 3 h and 1 h: the answer, at 3 h."""
    timeline = Timeline()
    delays = iter([3 * HOUR, HOUR])
    fetch = timeline.fake("fetch", lambda: next(delays, HOUR), result=lambda: "page")
    call = _(
        "fetch_with_retries(fetch, 7200.0, 3), the first attempt taking three hours and the "
        "second one hour"
    )
    done = await run(topic.fetch_with_retries(fetch, 2 * HOUR, 3), call, timeline, Exception)
    expect_no_early_error(done)
    text = _(
        "It returned {result} after {minutes} min of loop time; expected 'page' after three "
        "hours: each attempt waits up to `seconds` (two hours here), with no shorter limit of "
        "your own."
    )
    minutes = f"{done.elapsed / 60:g}"
    right = same(done.result, "page")
    done.check(right, text, draw=True, result=show(done.result), minutes=minutes)


@task(
    3,
    checks=("stop-all-cancels-and-waits-together", "stop-all-counts-cancelled", "limits"),
    guard=LONG_GUARD,
)
async def test_stop_all_waits_as_long_as_the_cleanups_take(topic, monkeypatch):
    """stop_all([w1, w2]), cleanups of 5 and 10 min: returns 2 once both are over, at 10 min."""
    deadlines = deadlines_set(monkeypatch, topic)
    timeline = Timeline()
    # Minutes, not hours: a stop_all that polls task.done() costs real time for every poll.
    workers = {"w1": worker(timeline, "w1", 300.0), "w2": worker(timeline, "w2", 600.0)}
    call = _("stop_all([w1, w2]), the workers taking five and ten minutes to clean up")
    done, tasks, states = await stopping_all(topic, workers, timeline, call)
    text = _(
        "It returned {count} after {minutes} min of loop time, the workers being: {states}, "
        "not every cleanup done. The statement sets no deadline: wait until every task has "
        "finished its cleanup, however long it takes, with no timeout of your own (a second "
        "cancel cuts a cleanup short)."
    )
    minutes = f"{done.elapsed / 60:g}"
    finished = all(job.done() for job in tasks) and len(timeline.finished) == len(tasks)
    done.check(finished, text, draw=True, count=show(done.result), minutes=minutes, states=states)
    text = _("Both ended cancelled, but it returned {count}; expected 2.")
    done.check(same(done.result, 2), text, count=show(done.result))
    check_no_deadline(done, deadlines, "stop_all")


@task(
    4,
    checks=("use-connection-returns-work-result", "use-connection-releases-after-success"),
    guard=LONG_GUARD,
)
async def test_use_connection_waits_as_long_as_it_takes(topic):
    """use_connection(pool, work), acquire taking 1 h and work 2 h: 'used conn-1', released."""
    pool, work, timeline = pool_and_work(2 * HOUR)
    pool.acquire = timeline.fake("acquire", HOUR, result=lambda: "conn-1")
    call = _("use_connection(pool, work), pool.acquire() taking an hour and work(conn) two hours")
    done = await run(topic.use_connection(pool, work), call, timeline, Exception)
    expect_no_early_error(done)
    text = _("It returned {got}; expected 'used conn-1'.{hint}")
    hint = " " + _(KEEPS_WAITING)
    done.check(same(done.result, "used conn-1"), text, got=show(done.result), hint=hint)
    released_once_after(pool, timeline, call)


@task(5, checks=("keep-polling-polls-every-interval",), guard=LONG_GUARD)
async def test_keep_polling_polls_as_long_as_it_is_not_cancelled(topic):
    """keep_polling(probe, 3600.0, log) cancelled at 3.5 h: polls at 0, 1, 2 and 3 h, stopped."""
    probe, log = probe_and_log()
    call = _("keep_polling(probe, 3600.0, log) as a task, cancelled after 3.5 hours")
    loop = asyncio.get_running_loop()
    start, ended = loop.time(), []
    job = asyncio.create_task(topic.keep_polling(probe, HOUR, log))
    job.add_done_callback(lambda _job: ended.append(loop.time()))
    await asyncio.sleep(3.5 * HOUR)
    if job.done():
        text = _(
            "It {outcome} after {minutes} min of loop time, before anyone cancelled it. It "
            "polls until it is cancelled, however long that takes: no timeout of your own."
        )
        minutes = f"{(ended[0] - start) / 60:g}"
        called(call).fail(text, outcome=outcome_of(job), minutes=minutes)
    job.cancel()
    await asyncio.wait([job], timeout=60.0)
    text = _("The log is {log}; expected {want}: polls at 0, 1, 2 and 3 h, then 'stopped'.")
    want = ["ok", "ok", "ok", "ok", "stopped"]
    called(call).check(same(log, want), text, log=shown(log, want), want=show(want))


MANY_POLLS = 5_000  # more polls than any cap a worker might set itself


@task(5, checks=("keep-polling-polls-every-interval",), guard=2 * HOUR)
async def test_keep_polling_polls_5000_times_until_cancelled(topic):
    """keep_polling(probe, 1.0, log) cancelled at 5000.5 s: 5001 polls, then 'stopped'."""
    log, loop, ended = [], asyncio.get_running_loop(), []

    async def probe():
        return "ok"

    call = _("keep_polling(probe, 1.0, log) as a task, cancelled at {seconds} s").format(
        seconds=MANY_POLLS + 0.5
    )
    start = loop.time()
    job = asyncio.create_task(topic.keep_polling(probe, 1.0, log))
    job.add_done_callback(lambda _job: ended.append(loop.time()))
    await asyncio.sleep(MANY_POLLS + 0.5)
    polls = sum(same(entry, "ok") for entry in log)
    if job.done():
        text = _(
            "It {outcome} after {polls} polls ({seconds} s of loop time), before anyone "
            "cancelled it; expected it to poll every second until cancelled. It never ends by "
            "itself: no cap on how many polls it makes."
        )
        seconds = f"{ended[0] - start:g}"
        called(call).fail(text, outcome=outcome_of(job), polls=polls, seconds=seconds)
    job.cancel()
    await asyncio.wait([job], timeout=60.0)
    text = _(
        "The log had {polls} polls, then {last}; expected {want} polls (at 0, 1, ..., {end} s), "
        "then 'stopped'."
    )
    called(call).check(
        polls == MANY_POLLS + 1 and same(log[-1:], ["stopped"]),
        text,
        polls=polls,
        last=shown(log[-1:], ["stopped"]),
        want=MANY_POLLS + 1,
        end=MANY_POLLS,
    )


@task(6, checks=("save-within-true-when-quick",), guard=LONG_GUARD)
async def test_save_within_waits_as_long_as_it_is_given_in_hours(topic):
    """save_within(save, 'r4', 7200.0) with a save of 1 h returns True at 1 h."""
    timeline = Timeline()
    save = slow_save(timeline, HOUR)
    call = _("{call}, the save taking an hour").format(
        call=show_call("save_within", save, "r4", 2 * HOUR)
    )
    done = await run(topic.save_within(save, "r4", 2 * HOUR), call, timeline, Exception)
    expect_no_early_error(done)
    text = _(
        "It returned {result} after {minutes} min of loop time; expected True after an hour: it "
        "waits up to `seconds` (two hours here), with no shorter limit of your own."
    )
    minutes = f"{done.elapsed / 60:g}"
    done.check(done.result is True, text, draw=True, result=show(done.result), minutes=minutes)


@task(7, checks=("crawl-one-after-another", "crawl-one-budget"), guard=LONG_GUARD)
async def test_crawl_keeps_every_page_within_a_budget_of_hours(topic):
    """crawl(fetch, ['a', 'b', 'c'], 14000.0), fetches of 1 h, 'a' empty: ['', '<b>', '<c>']."""
    timeline = Timeline()
    fetch = timeline.fake("fetch", HOUR, result=lambda url: "" if url == "a" else f"<{url}>")
    urls = ["a", "b", "c"]
    call = _("{call}, each fetch taking an hour, the page of 'a' being empty ('')").format(
        call=show_call("crawl", fetch, urls, 14000.0)
    )
    done = await run(topic.crawl(fetch, urls, 14000.0), call, timeline, Exception)
    expect_no_early_error(done)
    want = ["", "<b>", "<c>"]
    text = _(
        "It returned {got}; expected {want}: every page fetched within the budget, an empty "
        "one too, however long each fetch takes (only the budget given limits the crawl)."
    )
    done.check(same(done.result, want), text, draw=True, got=show(done.result), want=show(want))
