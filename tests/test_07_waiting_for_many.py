"""Hidden tests for topic 07: waiting for many."""

import asyncio
import errno

from grader import N_, Timeline, _, expect_duration, expect_result, same, show, show_call, task
from grader.inside.running import (
    CLEANUP_GUARD,
    HOUR,
    KEEPS_WAITING,
    Identities,
    as_long_as_it_takes,
    check_all_at_once,
    check_cancelled_while_waiting,
    check_none_left,
    finish_within,
    leaves,
    leftovers_stopped,
    timed,
)
from grader.inside.suite import Scene, called, reraise_not_done, show_typed
from grader.inside.timeline import slow_stops

PROMISES = {
    1: {
        "settled-at-once": "fetch_all_settled fetches every URL at once",
        "settled-returns-list": "it returns a list in the order of urls holding each page",
        "settled-error-in-place": "a failed fetch's place holds the exception object it raised",
        "settled-failure-stops-nothing": "one failure neither raises nor stops the others",
        "settled-cancelled-cancels-fetches": "cancelled from outside, it cancels its fetches "
        "and waits until they have stopped",
        "settled-cancellation-propagates": "cancelled from outside, it lets the cancellation "
        "through, not into the list",
    },
    2: {
        "progress-at-once": "fetch_with_progress fetches every URL at once",
        "progress-on-finish": "progress(url, page) is called as soon as each fetch finishes",
        "progress-every-url-once": "progress is called once per URL with its page, ties included",
        "progress-returns-finish-order": "it returns a list of the URLs in the order they finished",
    },
    3: {
        "race-at-once": "first_response downloads from every mirror at once",
        "race-returns-first": "it returns the result of the first download to finish",
        "race-losers-stopped": "the other downloads are cancelled and have stopped when it returns",
        "race-first-failure-propagates": "when the first download to finish failed, its "
        "exception comes out (as it is, or inside a TaskGroup's ExceptionGroup)",
        "race-failure-stops-the-others": "then too, the other downloads are cancelled and have "
        "stopped when it raises",
        "race-cancelled-cancels-downloads": "cancelled from outside, it cancels its downloads too",
        "race-cancellation-propagates": "cancelled from outside, it lets the cancellation through",
    },
    4: {
        "deploy-at-once": "deploy_all runs deploy(server) on every server at once",
        "deploy-stops-at-first-failure": "it stops as soon as one deployment fails",
        "deploy-cancels-and-awaits-rest": "it cancels the ones still running and awaits them",
        "deploy-reports-outcomes": "it returns {server: 'ok' | 'failed' | 'cancelled'}",
        "deploy-waits-for-all-when-none-fails": "when none fails, it waits for every one: all 'ok'",
        "deploy-never-raises": "it does not raise, for no servers either",
    },
    5: {
        "run-all-at-once": "run_all runs every job at once in a TaskGroup",
        "run-all-results-in-job-order": "it returns a list of the results in the order of jobs",
        "run-all-failure-raises-group": "a failure cancels the rest; its ExceptionGroup propagates",
    },
    6: {
        "report-at-once": "run_and_report runs every job at once in a TaskGroup",
        "report-results-when-ok": "with no failure, 'results' lists the results in job order",
        "report-results-none-on-failure": "'results' is None when the group failed",
        "report-sorts-errors-by-kind": "'invalid'/'offline' hold str(error) of every such error",
        "report-other-errors-propagate": "any other error keeps propagating in its ExceptionGroup",
        "report-failure-cancels-rest": "a failure cancels the other jobs, as the group does",
    },
}

# Loop-time delays of the fake operations. Distinct, so that the finishing order is known.
PAGE_DELAYS = {"a.test": 1.0, "b.test": 0.5, "c.test": 0.8, "d.test": 0.2, "e.test": 0.6}
FINISH_ORDER = sorted(PAGE_DELAYS, key=PAGE_DELAYS.get)
OUT_OF_ORDER = N_("The items are out of order: keep them in the order of urls.")
NOT_ITS_TEXT = N_("Put the exception object itself in the list, not its text.")
SUBCLASSES = N_(
    "A ConnectionRefusedError is a ConnectionError too (a subclass), and `except* "
    "ConnectionError` catches it: keep every error it gives you."
)
RESULTS_NONE = N_("'results' is None when the group failed, not a list of what finished.")
FROM_STR = N_(
    "The message is str(error), {message} here; error.args[0] is only the first argument ({first})."
)

SUBCLASS_LET_THROUGH = N_(
    "An ExceptionGroup of {kinds} came out: a BadRow is a ValueError too (a subclass). `except* "
    "ValueError` catches it, and every ValueError goes to 'invalid', whatever its exact type."
)


class BadRow(ValueError):
    """A ValueError of the suite's own: a subclass, raised with two arguments."""


page_of = "<{}>".format  # the page that fetching a url gives


def succeed(server):
    return None


def ended(timeline, outcome, labels=None):
    """The labels of the spans (of ``labels`` if given) that ended with ``outcome``."""
    found = [span.label for span in timeline.spans if span.outcome == outcome]
    return found if labels is None else [label for label in labels if label in found]


def hint(condition, text):
    """`` text`` (translated) when ``condition``, else nothing: the end of a message."""
    return " " + _(text) if condition else ""


def expect_same(scene, got, want, hint="", draw=False):
    """Fail unless ``got`` is exactly ``want``: "It returned {got}; expected {want}.{hint}"."""
    if not hint and got == want and type(got) is not type(want):
        text = _("Its type is {got_type}; return a plain {want_type}.")
        hint = " " + text.format(got_type=type(got).__name__, want_type=type(want).__name__)
    text = _("It returned {got}; expected {want}.{hint}")
    scene.check(same(got, want), text, draw=draw, got=show(got), want=show(want), hint=hint)


def staged(topic, function: str, fake: str, delays: dict, result, errors=None, setting=None):
    """``function(list(delays), fake)``, the fake taking ``delays[arg]``, then raising
    ``errors[arg]`` or giving ``result(arg)``: its coroutine, call and scene (of ``setting``)."""
    timeline = Timeline()
    operation = timeline.fake(fake, seconds=delays.get, result=result, error=(errors or {}).get)
    call = show_call(function, list(delays), operation)
    scene = Scene(setting.format(call=call), timeline) if setting else called(call, timeline)
    return getattr(topic, function)(list(delays), operation), call, scene


def expect_all_at_once(scene, elapsed, *, call, count, what, expected=None):
    """All ``count`` operations ran together: 1 s in all (the slowest), ``count`` at the peak."""
    together = _("1 s: all {count} {what} at the same time.").format(count=count, what=what)
    slowest = _("{call}, where the slowest takes 1 s").format(call=call)
    scene_kw = {"call": slowest, "expected": expected or together, "timeline": scene.timeline}
    expect_duration(elapsed, at_least=1.0, under=1.5, **scene_kw)
    check_all_at_once(scene, count, what)


AWAIT_WITH_RETURN_EXCEPTIONS = N_(
    "Await the tasks you cancelled with `asyncio.gather(*tasks, return_exceptions=True)`: a "
    "plain gather raises the first CancelledError."
)
CANCELLED_FIRST = N_(
    "task.exception() and task.result() raise CancelledError for a cancelled task: ask "
    "task.cancelled() first."
)


async def timed_own(scene, running, timeline, remedy):
    """``timed(running, timeline)``, failing with ``remedy`` (an ``N_`` text) when the code
    under test raises a CancelledError though nothing cancelled it: one of its own tasks'."""
    try:
        return await timed(running, timeline)
    except asyncio.CancelledError:
        if asyncio.current_task().cancelling():
            raise
        text = _(
            "It raised CancelledError, though nothing cancelled it: the CancelledError of a "
            "task it cancelled came out of it. {remedy}"
        )
        scene.fail(text, draw=True, remedy=_(remedy))


ROUNDING = 1e-3  # loop seconds: the virtual clock is exact, this only absorbs float rounding
ROLLBACK = 0.1  # loop seconds a cancelled operation of slow_to_stop takes to stop


def slow_to_stop(timeline, operation, cleanup):
    """``operation``, which once cancelled takes ROLLBACK s to stop, recorded in ``timeline``
    as ``cleanup(arg)`` (closing a connection, rolling back): cancel() alone does not stop it."""
    undo = timeline.fake(cleanup, ROLLBACK)

    async def stopping(arg):
        try:
            return await operation(arg)
        except asyncio.CancelledError:
            await undo(arg)
            raise

    stopping.__name__ = stopping.__qualname__ = operation.__name__
    return stopping


def stray(started):
    """How the tasks ``started`` left behind were left: still running though asked to cancel,
    never cancelled, or (none left) never cancelled at all."""
    leftovers = started.leftovers()
    if leftovers and all(leftover.cancel_requested for leftover in leftovers):
        return _("had been asked to cancel but were still running (await them after cancel())")
    if leftovers:
        return _("were left running")
    return _("were not cancelled")


def check_stopped(scene, labels, started):
    """Fail when one of ``labels`` still runs: never cancelled, or cancelled but not awaited."""
    still = ", ".join(ended(scene.timeline, "running", labels))
    leftovers = started.leftovers()
    asked = still and leftovers and all(leftover.cancel_requested for leftover in leftovers)
    text = _("When it returned, {names} were cancelled but still ran: await them after cancel().")
    scene.check(not asked, text, draw=True, names=still)
    text = _("When it returned, {names} still ran, never cancelled: cancel and await them first.")
    scene.check(not still, text, draw=True, names=still)


@task(
    1,
    checks=(
        "settled-at-once",
        "settled-returns-list",
        "settled-error-in-place",
        "settled-failure-stops-nothing",
    ),
)
async def test_settled_keeps_each_failure_in_its_place(topic):
    """fetch_all_settled(five urls, fetch), two fetches failing: pages and errors in order."""
    urls = list(PAGE_DELAYS)
    errors = {
        "b.test": ConnectionError(_("b.test refused the connection")),
        "d.test": ValueError(_("d.test sent a broken page")),
    }
    running, call, scene = staged(topic, "fetch_all_settled", "fetch", PAGE_DELAYS, page_of, errors)
    timeline = scene.timeline
    misplaced = _(
        "fetch({url}) raises {error}. In its place the list holds {got}; expected that "
        "exception object.{hint}"
    )
    raised = _(
        "fetch('b.test') and fetch('d.test') fail. It raised {error} instead of returning it in "
        "the list: one failure must not stop the others. {orphans}"
        "`gather(..., return_exceptions=True)` puts each error in its place."
    )
    left = _("{count} other fetches were left running, with nobody waiting for them.")
    async with leftovers_stopped():
        try:
            results, _error, elapsed = await timed(running, timeline)
        except Exception as error:
            ours = [leaf for leaf in leaves(error) if leaf in Identities(errors.values())]
            if not ours:
                raise
            orphans = len(ended(timeline, "running"))
            left = left.format(count=orphans) + " " if orphans else ""
            scene.fail(raised, draw=True, error=show(ours[0]), orphans=left)
        expected = [errors.get(url, page_of(url)) for url in urls]
        text = _("It returned {got} ({type}); expected a list of {count} items, one per url.")
        one_per_url = type(results) is list and len(results) == len(urls)
        values = {"got": show(results), "type": type(results).__name__, "count": len(urls)}
        scene.check(one_per_url, text, **values)
        for url, got, want in zip(urls, results, expected, strict=True):
            if isinstance(want, Exception) and got is not want:
                its_text = isinstance(got, str) and want.args[0] in got
                shuffled = got in errors.values() or got in expected
                why = hint(its_text, NOT_ITS_TEXT) or hint(shuffled, OUT_OF_ORDER)
                scene.fail(misplaced, url=repr(url), error=show(want), got=show(got), hint=why)
        shuffled = sorted(map(str, results)) == sorted(map(str, expected))
        expect_same(scene, results, expected, hint(shuffled, OUT_OF_ORDER))
        cancelled = ", ".join(ended(timeline, "cancelled"))
        text = _("{names} were cancelled: one failure must not stop the other fetches.")
        scene.check(not cancelled, text, draw=True, names=cancelled)
        expect_all_at_once(scene, elapsed, call=call, count=len(urls), what=_("fetches"))


@task(1, checks=("settled-at-once", "settled-returns-list", "settled-error-in-place"))
async def test_settled_with_a_url_twice_one_failing_url_and_none(topic):
    """fetch_all_settled: a url listed twice fetched twice; one failing url, [error]; no url, []."""
    timeline, urls = Timeline(), ["a.test", "b.test", "a.test"]
    fetch = timeline.fake("fetch", seconds=PAGE_DELAYS.get, result=page_of)
    call = show_call("fetch_all_settled", urls, fetch)
    async with leftovers_stopped():
        results, _error, _elapsed = await timed(topic.fetch_all_settled(urls, fetch), timeline)
    expect_result(results, [page_of(url) for url in urls], call=call)
    times = len(timeline.spans)
    text = _("fetch was called {times} times; expected {count}: once per url, 'a.test' twice.")
    called(call, timeline).check(times == len(urls), text, draw=True, times=times, count=len(urls))
    error = TimeoutError(_("x.test did not answer"))
    fetch = Timeline().fake("fetch", seconds=0.5, result=page_of, error=error)
    scene = called(show_call("fetch_all_settled", ["x.test"], fetch))
    text = _("The fetch raises {error}. It raised it; expected [it]: return_exceptions=True.")
    try:
        results = await topic.fetch_all_settled(["x.test"], fetch)
    except Exception as raised:
        if error not in leaves(raised):
            raise
        scene.fail(text, error=show(error))
    text = _("The fetch raises {error}. It returned {got}; expected a list holding that error.")
    holds_it = type(results) is list and len(results) == 1 and results[0] is error
    scene.check(holds_it, text, error=show(error), got=show(results))
    call = "fetch_all_settled([], fetch)"
    text = _("It raised {error}; expected []: asyncio.wait refuses an empty set, return early.")
    try:
        results = await topic.fetch_all_settled([], fetch)
    except ValueError as raised:
        called(call).fail(text, error=show(raised))
    expect_result(results, [], call=call)


@task(1, checks=("settled-cancellation-propagates", "settled-cancelled-cancels-fetches"))
async def test_settled_cancelled_from_outside_cancels_its_fetches(topic):
    """fetch_all_settled cancelled by asyncio.timeout(0.5) cancels its fetches and ends too."""
    delays = {"a.test": 1.0, "b.test": 2.0, "c.test": 0.2, "d.test": 0.3}
    errors = {"d.test": ConnectionError(_("d.test refused the connection"))}
    ran = _(
        "Ran {call} under asyncio.timeout(0.5): c.test's fetch gives its page at 0.2 s, "
        "d.test's fails at 0.3 s, a.test's and b.test's take 1 s and 2 s."
    )
    job, _call, scene = staged(topic, "fetch_all_settled", "fetch", delays, page_of, errors, ran)
    timeline = scene.timeline
    async with leftovers_stopped() as started:
        timeline.start_clock()
        with slow_stops():  # each cancelled fetch takes a while to stop
            finished, outcome = await finish_within(job, 0.5)
        own = [item for item in outcome or () if isinstance(item, asyncio.CancelledError)]
        why = hint(own, N_("Its own CancelledError went into the list: catch Exception there."))
        text = _(
            "It returned {got}, not cancelled at 0.5 s: the cancellation is no fetch's error. "
            "Let the CancelledError go on to the caller.{hint}"
        )
        scene.check(not finished, text, draw=True, got=show(outcome), hint=why)
        text = _(
            "Cancelled at 0.5 s, its fetches {what}: cancel them and await them in a `finally` "
            "(gather with return_exceptions=True does both by itself when it is cancelled)."
        )
        running = ["fetch('a.test')", "fetch('b.test')"]
        stopped = ended(timeline, "cancelled", running) == running
        scene.check(stopped and not started.leftovers(), text, draw=True, what=stray(started))


ASYNC_FOR = N_(
    "It used `async for` over asyncio.as_completed, which only Python 3.13 allows; your code "
    "must run on 3.11 too, and here as_completed is the one of 3.11. Use a plain `for` and "
    "await each awaitable it gives."
)


def as_completed_of_3_11(topic, monkeypatch):
    """Make asyncio.as_completed (and the learner's own name for it) behave as on Python 3.11,
    a plain iterator, so that `async for` over it fails on every version alike."""
    real = asyncio.as_completed

    def as_completed(fs, *, timeout=None):
        yield from real(fs, timeout=timeout)

    monkeypatch.setattr(asyncio, "as_completed", as_completed)
    if getattr(topic.module, "as_completed", None) is real:
        monkeypatch.setattr(topic.module, "as_completed", as_completed)


async def progress_run(topic, delays, monkeypatch):
    """fetch_with_progress(list(delays), fetch, progress), as_completed as on 3.11: the call,
    what it returned, each call of progress as (url, page, loop time since the call began),
    the scene, seconds."""
    as_completed_of_3_11(topic, monkeypatch)
    timeline, calls = Timeline(), []
    fetch = timeline.fake("fetch", seconds=delays.get, result=page_of)
    loop = asyncio.get_running_loop()
    origin = loop.time()

    def progress(url, page):
        calls.append((url, page, round(loop.time() - origin, 6)))

    call = show_call("fetch_with_progress", list(delays), fetch, progress)
    running = topic.fetch_with_progress(list(delays), fetch, progress)
    try:
        finished, _error, elapsed = await timed(running, timeline)
    except TypeError as error:
        if "async for" not in str(error):
            raise
        called(call).fail(_(ASYNC_FOR))
    return call, finished, calls, called(call, timeline), elapsed


@task(
    2,
    checks=(
        "progress-at-once",
        "progress-on-finish",
        "progress-every-url-once",
        "progress-returns-finish-order",
    ),
)
async def test_progress_reports_each_page_as_it_arrives(topic, monkeypatch):
    """fetch_with_progress calls progress(url, page) the moment each fetch finishes."""
    urls = list(PAGE_DELAYS)
    call, finished, calls, scene, elapsed = await progress_run(topic, PAGE_DELAYS, monkeypatch)
    reported = [url for url, _page, _when in calls]
    text = _("progress was called for {got}; expected once for each url.")
    every = same(sorted(reported, key=repr), sorted(urls, key=repr))  # exact types: no __eq__ run
    typed = any(type(url) is not str for url in reported)
    scene.check(every, text, got=show_typed(reported) if typed else show(reported))
    text = _("progress({url}, {got}) was called; expected progress({url}, {want}), its page.")
    for url, page, _when in calls:
        want = repr(page_of(url))
        scene.check(same(page, page_of(url)), text, url=repr(url), got=show(page), want=want)
    expect_all_at_once(scene, elapsed, call=call, count=len(urls), what=_("fetches"))
    late = [(url, when) for url, _page, when in calls if when > PAGE_DELAYS[url] + 1e-6]
    if late:
        url, when = late[0]
        if all(when >= max(PAGE_DELAYS.values()) - 1e-6 for _u, _p, when in calls):
            verdict = _(
                "progress was only called after every fetch had finished. Call it as each "
                "fetch finishes, inside the loop over asyncio.as_completed, not after "
                "collecting every page (gather waits for all of them)."
            )
        else:
            verdict = _(
                "progress({url}, ...) came at {when} s, though its fetch finished at {done} s."
            ).format(url=repr(url), when=f"{when:.2f}", done=f"{PAGE_DELAYS[url]:.2f}")
        scene.fail(_("The fetches take from 0.2 s to 1 s. {verdict}"), draw=True, verdict=verdict)
    text = _("progress was called for {got}; expected the order the fetches finished: {want}.")
    scene.check(same(reported, FINISH_ORDER), text, got=show(reported), want=show(FINISH_ORDER))
    text = _("It returned {got} ({type}); expected the urls in finishing order: {want}.{hint}")
    why = hint(same(finished, urls), N_("That is the order of urls."))
    values = {"got": show(finished), "type": type(finished).__name__, "want": show(FINISH_ORDER)}
    scene.check(same(finished, FINISH_ORDER), text, hint=why, **values)


@task(2, checks=("progress-every-url-once", "progress-on-finish", "progress-returns-finish-order"))
async def test_progress_with_fetches_finishing_together_and_with_one_url(topic, monkeypatch):
    """fetch_with_progress, three of four fetches finishing at the same instant; and one url."""
    delays = {"a.test": 0.5, "b.test": 0.5, "c.test": 0.2, "d.test": 0.5}
    _call, finished, calls, scene, _elapsed = await progress_run(topic, delays, monkeypatch)
    together = _("c.test finishes at 0.2 s and the three others together at 0.5 s.")
    text = _("{together} progress got {got}; expected one call per url with its page, ties too.")
    pages = sorted((url, page) for url, page, _when in calls)
    every_url = pages == sorted((url, page_of(url)) for url in delays)
    scene.check(every_url, text, together=together, got=show(calls))
    text = _("progress{late} came after its fetch ended at {done} s: report pages as they come.")
    for url, _page, when in calls:
        done = f"{delays[url]:.2f}"
        scene.check(when <= delays[url] + 1e-6, text, late=(url, when), done=done)
    text = _("{together} It returned {got}; expected 'c.test', then the 3 others in any order.")
    ties = type(finished) is list and finished[:1] == ["c.test"]
    ties = ties and sorted(finished[1:]) == ["a.test", "b.test", "d.test"]
    scene.check(ties, text, together=together, got=show(finished))
    call, finished, calls, scene, _elapsed = await progress_run(topic, {"x.test": 0.3}, monkeypatch)
    reported = [(url, page) for url, page, _when in calls]
    text = _("progress received {got}; expected one call, {want}.")
    want = "progress('x.test', '<x.test>')"
    scene.check(same(reported, [("x.test", "<x.test>")]), text, got=show(reported), want=want)
    expect_result(finished, ["x.test"], call=call)


@task(2, checks=("progress-every-url-once", "progress-returns-finish-order"))
async def test_progress_with_a_url_listed_twice_and_with_no_url(topic):
    """fetch_with_progress: a url listed twice is fetched and reported twice; no url, []."""
    timeline, urls, calls = Timeline(), ["x.test", "y.test", "x.test"], []
    fetch = timeline.fake("fetch", seconds={"x.test": 0.3, "y.test": 0.6}.get, result=page_of)

    def progress(url, page):
        calls.append((url, page))

    call = show_call("fetch_with_progress", urls, fetch, progress)
    scene = called(call, timeline)
    async with leftovers_stopped():
        finished, _error, _elapsed = await timed(
            topic.fetch_with_progress(urls, fetch, progress), timeline
        )
    times = len(timeline.spans)
    text = _("fetch was called {times} times; expected {count}: once per url, 'x.test' twice.")
    scene.check(times == len(urls), text, draw=True, times=times, count=len(urls))
    want = [(url, page_of(url)) for url in urls]
    text = _("progress received {got}; expected one call per url listed, {want} in some order.")
    every = same(sorted(calls, key=repr), sorted(want, key=repr))
    scene.check(every, text, got=show(calls), want=show(want))
    want = ["x.test", "x.test", "y.test"]
    text = _("It returned {got}; expected {want}: both 'x.test' finish first, at 0.3 s.")
    scene.check(same(finished, want), text, got=show(finished), want=show(want))
    calls.clear()
    finished = await topic.fetch_with_progress([], fetch, progress)
    expect_result(finished, [], call="fetch_with_progress([], fetch, progress)")
    text = _("progress was called {got} with no url; expected never.")
    called("fetch_with_progress([], fetch, progress)").check(not calls, text, got=show(calls))


data_from = "data from {}".format  # what downloading from a mirror gives


@task(3, checks=("race-at-once", "race-returns-first", "race-losers-stopped"))
async def test_first_response_wins_and_losers_are_cancelled(topic):
    """first_response(3 mirrors) returns the fastest at 0.3 s; the others are cancelled."""
    delays = {"slow.test": 1.0, "fast.test": 0.3, "far.test": 2.0}
    mirrors = list(delays)
    running, call, scene = staged(topic, "first_response", "download", delays, data_from)
    timeline = scene.timeline
    fastest = _("{call}, where the fastest download takes 0.3 s").format(call=call)
    expected = _("0.3 s: the race ends when the fastest download finishes.")
    async with leftovers_stopped() as started:
        result, _error, elapsed = await timed_own(
            scene, running, timeline, AWAIT_WITH_RETURN_EXCEPTIONS
        )
        check_all_at_once(scene, len(mirrors), _("downloads"))
        start = max(span.start - timeline.origin for span in timeline.spans)
        text = _("The last download started at {start} s; expected all {count} at 0.00 s.")
        scene.check(start < 1e-6, text, draw=True, start=f"{start:.2f}", count=len(mirrors))
        losers = ["download('slow.test')", "download('far.test')"]
        text = _("{names} ran to the end: cancel the losers once one finishes (FIRST_COMPLETED).")
        names = ", ".join(ended(timeline, "done", losers))
        scene.check(not names, text, draw=True, names=names)
        text = _("It returned {got}; expected {want}: fast.test answers first, at 0.3 s.")
        want = data_from("fast.test")
        scene.check(same(result, want), text, draw=True, got=show(result), want=repr(want))
        check_stopped(scene, losers, started)
        expect_duration(  # the virtual clock is exact: returning any later is waiting more
            elapsed,
            at_least=0.3,
            under=0.3 + ROUNDING,
            call=fastest,
            expected=expected,
            timeline=timeline,
        )
        remedy = _("Nothing may be left running after the race.")
        check_none_left(started.leftovers(), call=call, remedy=remedy)


@task(3, checks=("race-returns-first", "race-losers-stopped"))
async def test_first_response_with_a_single_mirror(topic):
    """first_response([one mirror]) returns its download: there is no loser to cancel."""
    delays = {"only.test": 0.3}
    running, call, scene = staged(topic, "first_response", "download", delays, data_from)
    async with leftovers_stopped() as started:
        result, error, _elapsed = await timed(running, scene.timeline, Exception)
        text = _(
            "It raised {error}; with a single mirror its download wins and nothing is left "
            "to cancel. asyncio.wait() raises ValueError for an empty set: cancel and await "
            "the tasks that are left, if there are any."
        )
        scene.check(error is None, text, draw=True, error=show(error))
        want = data_from("only.test")
        expect_same(scene, result, want, draw=True)
        remedy = _("Nothing may be left running after the race.")
        check_none_left(started.leftovers(), call=call, remedy=remedy)


@task(3, checks=("race-losers-stopped",))
async def test_first_response_waits_for_losers_slow_to_stop(topic):
    """first_response: losers taking 0.1 s to stop once cancelled have stopped when it returns."""
    delays = {"slow.test": 1.0, "fast.test": 0.3, "far.test": 2.0}
    timeline = Timeline()
    fake = timeline.fake("download", seconds=delays.get, result=data_from)
    download = slow_to_stop(timeline, fake, "close")
    call = show_call("first_response", list(delays), download)
    setting = _(
        "Called {call}, where a cancelled download takes {seconds} s to stop (it closes its "
        "connection, close(...) in the timeline)."
    )
    scene = Scene(setting.format(call=call, seconds=ROLLBACK), timeline)
    async with leftovers_stopped() as started:
        result, _error, _elapsed = await timed(
            topic.first_response(list(delays), download), timeline
        )
        remedy = _("Nothing may be left running after the race.")
        check_none_left(started.leftovers(), call=call, remedy=remedy)
        expect_same(scene, result, data_from("fast.test"), draw=True)


@task(3, checks=("race-first-failure-propagates", "race-failure-stops-the-others"))
async def test_first_response_lets_a_failed_first_download_out(topic):
    """first_response(3 mirrors), the fastest failing at 0.3 s: its error out, the rest stopped."""
    delays = {"slow.test": 1.0, "broken.test": 0.3, "far.test": 2.0}
    error = ConnectionRefusedError(_("broken.test refused"))
    errors = {"broken.test": error}
    setting = _("Called {call}, where download('broken.test') fails first, at 0.3 s.")
    running, _call, scene = staged(
        topic, "first_response", "download", delays, data_from, errors, setting
    )
    async with leftovers_stopped() as started:
        result, raised, _elapsed = await timed(running, scene.timeline, Exception)
        if raised is not None:
            reraise_not_done(raised)
        text = _(
            "It returned {got}; expected the {error} of download('broken.test'), the first "
            "download to finish, to come out: a failed first download ends the race with its "
            "error; do not skip it to wait for another."
        )
        scene.check(raised is not None, text, draw=True, got=show(result), error=show(error))
        text = _(
            "It raised {got}; expected the {error} that download('broken.test') raised, as it "
            "is (or inside a TaskGroup's ExceptionGroup): let it come out, do not raise another "
            "in its place."
        )
        scene.check(error in leaves(raised), text, draw=True, got=show(raised), error=show(error))
        losers = ["download('slow.test')", "download('far.test')"]
        still = ", ".join(ended(scene.timeline, "running", losers))
        text = _(
            "When its error came out, {names} {what}: cancel and await the other downloads in a "
            "`finally`, which runs when an exception goes through too."
        )
        left = bool(still) or bool(started.leftovers())
        scene.check(not left, text, draw=True, names=still or _("downloads"), what=stray(started))


@task(3, checks=("race-cancellation-propagates", "race-cancelled-cancels-downloads"))
async def test_first_response_cancelled_from_outside_cancels_downloads(topic):
    """first_response cancelled by asyncio.timeout(0.5) cancels its downloads too."""
    delays = {"slow.test": 1.0, "far.test": 2.0}
    ran = _("Ran {call} under asyncio.timeout(0.5), each download taking 1 s or more.")
    job, _call, scene = staged(topic, "first_response", "download", delays, data_from, None, ran)
    timeline = scene.timeline
    text_stray = _(
        "Cancelled at 0.5 s, its downloads {what}: cancel and await them in a `finally`."
    )
    async with leftovers_stopped() as started:
        timeline.start_clock()
        finished, outcome = await finish_within(job, 0.5)
        text = _("It returned {got}, not cancelled at 0.5 s: do not swallow CancelledError.")
        scene.check(not finished, text, draw=True, got=show(outcome))
        stopped = len(ended(timeline, "cancelled")) == len(timeline.spans)
        scene.check(stopped and not started.leftovers(), text_stray, draw=True, what=stray(started))


@task(
    4, checks=("deploy-waits-for-all-when-none-fails", "deploy-at-once", "deploy-reports-outcomes")
)
async def test_deploy_all_reports_every_success(topic):
    """deploy_all(3 servers, deploy), none failing: all 'ok' after the slowest, 1 s."""
    delays = {"alpha": 0.4, "bravo": 1.0, "charlie": 0.7}
    running, call, scene = staged(topic, "deploy_all", "deploy", delays, succeed)
    report, _error, elapsed = await timed(running, scene.timeline)
    expect_same(scene, report, dict.fromkeys(delays, "ok"), draw=True)
    expected = _("1 s: all three at the same time, waiting for every one when none fails.")
    what = _("deployments")
    expect_all_at_once(scene, elapsed, call=call, count=3, what=what, expected=expected)


@task(
    4,
    checks=(
        "deploy-stops-at-first-failure",
        "deploy-cancels-and-awaits-rest",
        "deploy-reports-outcomes",
        "deploy-never-raises",
        "deploy-at-once",
    ),
)
async def test_deploy_all_stops_at_the_first_failure(topic):
    """deploy_all: bravo fails at 0.5 s; charlie and delta are cancelled then and there."""
    error = RuntimeError(_("bravo: disk full"))
    setting = _(
        "Called {call}, where alpha finishes at 0.2 s, bravo fails at 0.5 s, charlie and "
        "delta would take 1 s and 2 s."
    )
    failing, delays = {"bravo": error}, {"alpha": 0.2, "bravo": 0.5, "charlie": 1.0, "delta": 2.0}
    running, call, scene = staged(topic, "deploy_all", "deploy", delays, succeed, failing, setting)
    timeline = scene.timeline
    raising_text = _("It raised {error}; expected it to report 'failed' for bravo, not raise.")
    ran_on = _("{names} ran on after bravo failed: stop then (FIRST_EXCEPTION), cancel the rest.")
    async with leftovers_stopped() as started:
        try:
            report, _error, elapsed = await timed_own(scene, running, timeline, CANCELLED_FIRST)
        except Exception as raised:
            if error not in leaves(raised):
                raise
            scene.fail(raising_text, draw=True, error=show(error))
        late = ["deploy('charlie')", "deploy('delta')"]
        names = ", ".join(ended(timeline, "done", late))
        scene.check(not names, ran_on, draw=True, names=names)
        check_stopped(called(call, timeline), late, started)
        expected = {"alpha": "ok", "bravo": "failed", "charlie": "cancelled", "delta": "cancelled"}
        expect_same(scene, report, expected)
        expected = _("0.5 s: stop as soon as bravo fails.")
        expect_duration(
            elapsed, at_least=0.5, under=0.7, call=call, expected=expected, timeline=timeline
        )
        check_all_at_once(scene, len(delays), _("deployments"))


@task(4, checks=("deploy-cancels-and-awaits-rest", "deploy-reports-outcomes"))
async def test_deploy_all_waits_for_deployments_slow_to_stop(topic):
    """deploy_all: a deployment that takes 0.1 s to roll back once cancelled is awaited."""
    delays = {"alpha": 0.2, "bravo": 0.5, "charlie": 1.0}
    errors = {"bravo": RuntimeError(_("bravo: disk full"))}
    timeline = Timeline()
    fake = timeline.fake("deploy", seconds=delays.get, result=succeed, error=errors.get)
    deploy = slow_to_stop(timeline, fake, "rollback")
    call = show_call("deploy_all", list(delays), deploy)
    setting = _(
        "Called {call}, where bravo fails at 0.5 s and a cancelled deployment takes {seconds} s "
        "to stop (it rolls back, rollback(...) in the timeline)."
    )
    scene = Scene(setting.format(call=call, seconds=ROLLBACK), timeline)
    async with leftovers_stopped() as started:
        report, error, _elapsed = await timed(
            topic.deploy_all(list(delays), deploy), timeline, Exception
        )
        remedy = _("Cancel the deployments still running, then await them.")
        check_none_left(started.leftovers(), call=call, remedy=remedy)
    if error is not None:
        raise error
    expect_same(
        scene, report, {"alpha": "ok", "bravo": "failed", "charlie": "cancelled"}, draw=True
    )


@task(4, checks=("deploy-reports-outcomes", "deploy-never-raises"))
async def test_deploy_all_reports_failures_at_the_same_instant_and_no_servers(topic):
    """deploy_all: bravo and charlie fail together at 0.5 s, both 'failed'; no servers, {}."""
    # not by name; echo succeeds in the very instant bravo and charlie fail (four servers:
    # a report of five would be shown cut short)
    delays = {"delta": 2.0, "echo": 0.5, "charlie": 0.5, "bravo": 0.5}
    errors = {
        "bravo": RuntimeError(_("bravo: disk full")),
        "charlie": OSError(_("charlie: no route")),
    }
    running, _call, scene = staged(topic, "deploy_all", "deploy", delays, succeed, errors)
    async with leftovers_stopped():
        report, _error, _elapsed = await timed_own(scene, running, scene.timeline, CANCELLED_FIRST)
    expected = {"bravo": "failed", "charlie": "failed", "delta": "cancelled", "echo": "ok"}
    text = _(
        "bravo and charlie fail at 0.5 s, when echo succeeds. It returned {got}; expected "
        "{want}: both 'failed', and echo 'ok' (ask each task how it ended)."
    )
    scene.check(same(report, expected), text, draw=True, got=show(report), want=expected)
    text = _("It raised {error}; expected {{}}: asyncio.wait refuses an empty set, return early.")
    deploy = Timeline().fake("deploy", seconds=0.5, result=succeed)
    try:
        report = await topic.deploy_all([], deploy)
    except ValueError as error:
        called("deploy_all([], deploy)").fail(text, error=show(error))
    meaning = _("no server, no outcome")
    expect_result(report, {}, call="deploy_all([], deploy)", meaning=meaning)


TWO_DEPLOYS = N_(
    "Called deploy_all(['a1', 'a2'], deploy) and deploy_all(['b1', 'b2'], deploy) together: "
    "a1 fails at 0.5 s, b1 ends at 0.4 s, a2 and b2 would end at 1 s."
)


@task(4, checks=("shared-state",))
async def test_two_deploy_alls_at_once_stop_only_their_own(topic):
    """Two deploy_all calls at once, a failure in one: each stops and reports only its own."""
    errors = {"a1": RuntimeError(_("a1: disk full"))}
    delays = {"a1": 0.5, "a2": 1.0, "b1": 0.4, "b2": 1.0}
    timeline = Timeline()
    deploy = timeline.fake("deploy", seconds=delays.get, result=succeed, error=errors.get)
    async with leftovers_stopped():
        got = await asyncio.gather(
            topic.deploy_all(["a1", "a2"], deploy), topic.deploy_all(["b1", "b2"], deploy)
        )
    got = list(got)
    want = [{"a1": "failed", "a2": "cancelled"}, {"b1": "ok", "b2": "ok"}]
    Scene(_(TWO_DEPLOYS), timeline).check(
        same(got, want),
        _(
            "The first call returned {got_a}; expected {want_a}. The second returned {got_b}; "
            "expected {want_b}: a1's failure stops the first call's deployments, not the "
            "second's. Each call cancels and reports only its own tasks: keep them in that "
            "call, not in anything every call shares."
        ),
        draw=True,
        got_a=show(got[0]),
        want_a=show(want[0]),
        got_b=show(got[1]),
        want_b=show(want[1]),
    )


def make_jobs(timeline, plan):
    """Zero-argument fake jobs from ``{name: (seconds, result or exception)}``."""
    return [
        timeline.fake(name, seconds, result=lambda outcome=outcome: outcome, error=outcome)
        if isinstance(outcome, BaseException)
        else timeline.fake(name, seconds, result=lambda outcome=outcome: outcome)
        for name, (seconds, outcome) in plan.items()
    ]


THREE_JOBS = {"one": (1.0, "first"), "two": (0.3, "second"), "three": (0.6, "third")}
THREE_RESULTS = ["first", "second", "third"]


async def run_three_jobs(topic, name):
    """Call ``name([one, two, three])`` (1, 0.3 and 0.6 s): (call, returned, scene, seconds)."""
    timeline = Timeline()
    jobs = make_jobs(timeline, THREE_JOBS)
    call = show_call(name, jobs)
    returned, error, elapsed = await timed(getattr(topic, name)(jobs), timeline, Exception)
    early = [leaf for leaf in leaves(error) if isinstance(leaf, asyncio.InvalidStateError)]
    text = _(
        "It raised {error}: it asked a task for its result inside the `async with` block, "
        "before the group had waited for it. Read the results after the block ends."
    )
    called(call, timeline).check(not early, text, error=show(early[:1] and early[0]))
    if error is not None:
        raise error
    return call, returned, called(call, timeline), elapsed


@task(5, checks=("run-all-at-once", "run-all-results-in-job-order"))
async def test_run_all_returns_results_in_job_order(topic):
    """run_all([one, two, three]) runs them at once; results in job order."""
    call, results, scene, elapsed = await run_three_jobs(topic, "run_all")
    text = _("It returned {got} ({type}); expected the list {want}, in the order of jobs.{hint}")
    why = hint(same(results, ["second", "third", "first"]), N_("That is the order they finished."))
    values = {"got": show(results), "type": type(results).__name__, "want": THREE_RESULTS}
    scene.check(same(results, THREE_RESULTS), text, draw=True, hint=why, **values)
    expect_all_at_once(scene, elapsed, call=call, count=3, what=_("jobs"))


async def run_twice_and_none(topic, name, wrap):
    """``name([one, two, one])`` then ``name([])``: each job listed runs, once per listing.

    ``wrap(results)`` is what ``name`` returns for those results (a list, or a report)."""
    timeline = Timeline()
    one, two = make_jobs(timeline, {"one": (0.5, "first"), "two": (0.2, "second")})
    jobs = [one, two, one]
    call = show_call(name, jobs)
    scene = called(call, timeline)
    async with leftovers_stopped():
        returned, _error, _elapsed = await timed(getattr(topic, name)(jobs), timeline)
    runs = len(timeline.spans)
    text = _("The jobs ran {times} times; expected {count}: once per job listed, one() twice.")
    scene.check(runs == len(jobs), text, draw=True, times=runs, count=len(jobs))
    expect_same(scene, returned, wrap(["first", "second", "first"]))
    call = f"{name}([])"
    expect_result(await getattr(topic, name)([]), wrap([]), call=call, meaning=_("no job"))


@task(5, checks=("run-all-results-in-job-order",))
async def test_run_all_with_a_job_listed_twice_and_with_no_job(topic):
    """run_all([one, two, one]) runs one() twice: three results; run_all([]) returns []."""
    await run_twice_and_none(topic, "run_all", list)


@task(5, checks=("run-all-failure-raises-group", "arguments"))
async def test_run_all_failure_cancels_the_rest_and_raises_a_group(topic):
    """run_all: two() fails at 0.5 s; the group cancels the others and raises ExceptionGroup."""
    timeline, error = Timeline(), ValueError(_("two went wrong"))
    plan = {"one": (2.0, "first"), "two": (0.5, error), "three": (1.0, "third")}
    jobs = make_jobs(timeline, plan)
    call = show_call("run_all", jobs)
    setting = _("Called {call}, where two() fails at 0.5 s and the others take 1 s and 2 s.")
    scene = Scene(setting.format(call=call), timeline)
    async with leftovers_stopped() as started:
        results, raised, elapsed = await timed(topic.run_all(jobs), timeline, Exception)
        leftovers = started.leftovers()
        text = _("It returned {got}; expected it to raise an ExceptionGroup.")
        scene.check(raised is not None, text, got=show(results))
        text = _(
            "It raised the ValueError itself; expected an ExceptionGroup holding it: run the "
            "jobs in an asyncio.TaskGroup and let its ExceptionGroup propagate.{left}"
        )
        left = hint(leftovers, N_("The other jobs were left running, too."))
        scene.check(raised is not error, text, draw=True, left=left)
        if error not in leaves(raised):
            raise raised
        text = _("It raised {error}; expected an ExceptionGroup holding two()'s ValueError.")
        scene.check(isinstance(raised, BaseExceptionGroup), text, error=show(raised))
        cancelled = ended(timeline, "cancelled")
        not_cancelled = [label for label in ("one()", "three()") if label not in cancelled]
        text = _("{names} were not cancelled when two() failed: a TaskGroup cancels the rest.")
        names = ", ".join(not_cancelled) or _("Some jobs")
        scene.check(not not_cancelled and not leftovers, text, draw=True, names=names)
        expected = _("0.5 s: the group stops when two() fails.")
        expect_duration(
            elapsed, at_least=0.5, under=0.7, call=call, expected=expected, timeline=timeline
        )


@task(6, checks=("report-results-when-ok",))
async def test_report_gives_results_when_nothing_fails(topic):
    """run_and_report([3 jobs]), none failing: results in job order, no invalid or offline."""
    call, report, scene, elapsed = await run_three_jobs(topic, "run_and_report")
    expect_same(scene, report, {"results": THREE_RESULTS, "invalid": [], "offline": []})
    expect_all_at_once(scene, elapsed, call=call, count=3, what=_("jobs"))


@task(6, checks=("report-results-when-ok",))
async def test_report_with_a_job_listed_twice_and_with_no_job(topic):
    """run_and_report([one, two, one]) runs one() twice; with no job, results is []."""

    def report(results):
        return {"results": results, "invalid": [], "offline": []}

    await run_twice_and_none(topic, "run_and_report", report)


def report_run(topic, setting, **failures):
    """run_and_report's coroutine, its jobs failing with ``failures`` at 0.5 s (beside a job
    that succeeds at 0.2 s and one at 2 s); and the scene, ``setting`` naming the call."""
    plan = {"fine": (0.2, "fine result"), "slow": (2.0, "slow result")}
    plan.update({name: (0.5, error) for name, error in failures.items()})
    timeline = Timeline()
    jobs = make_jobs(timeline, plan)
    call = f"run_and_report([{', '.join(job.__name__ for job in jobs)}])"  # every job named
    return Scene(setting.format(call=call), timeline), topic.run_and_report(jobs)


@task(
    6,
    checks=(
        "report-sorts-errors-by-kind",
        "report-results-none-on-failure",
        "report-failure-cancels-rest",
    ),
)
async def test_report_sorts_several_failures_by_kind(topic):
    """run_and_report: two ValueErrors and a ConnectionError at once go to invalid/offline."""
    bad_row = BadRow(_("row 9 has no id"), 9)  # str(): "('row 9 has no id', 9)"
    invalid = [_("row 7 is empty"), str(bad_row)]
    refused = ConnectionRefusedError(errno.ECONNREFUSED, _("database is down"))
    offline = str(refused)  # "[Errno 111] database is down": str(error), not error.args[0]
    setting = _(
        "Called {call}: rows() raises ValueError, ids() {bad_row} (a ValueError), database() "
        "{refused} (a ConnectionError), at once."
    ).format(
        call="{call}",
        bad_row=f"BadRow{bad_row.args}",
        refused=f"ConnectionRefusedError{refused.args}",
    )
    failures = {"rows": ValueError(invalid[0]), "database": refused}
    scene, running = report_run(topic, setting, **failures, ids=bad_row)
    try:
        report = await running
    except BaseExceptionGroup as group:
        kinds = ", ".join(sorted({type(leaf).__name__ for leaf in leaves(group)}))
        if all(type(leaf) is BadRow for leaf in leaves(group)):
            scene.fail(_(SUBCLASS_LET_THROUGH), kinds=kinds)
        text = _(
            "An ExceptionGroup of {kinds} came out: `except ValueError:` does not look inside "
            "one; use `except* ValueError` and `except* ConnectionError`."
        )
        scene.fail(text, kinds=kinds)
    except (ValueError, ConnectionError) as error:
        text = _("It raised {error}; expected a report: catch the TaskGroup's errors with except*.")
        scene.fail(text, error=show(error))
    expected = {"results": None, "invalid": sorted(invalid), "offline": [offline]}
    text = _("It returned {got}; expected a dict with the keys 'results', 'invalid' and 'offline'.")
    scene.check(isinstance(report, dict) and set(report) == set(expected), text, got=show(report))
    got = {"results": report["results"]}
    for key in ("invalid", "offline"):
        got[key] = sorted(report[key], key=str) if type(report[key]) is list else None
    only_one = type(got["invalid"]) is list and len(got["invalid"]) == 1
    why = N_("Only one ValueError was reported: errors.exceptions holds every one raised.")
    text = _("It returned {got}; expected {want}.{hint}")
    no_subclass = got["offline"] == []
    from_args = any(not isinstance(message, str) for message in got["offline"] or [])
    example = refused
    if bad_row.args[0] in (got["invalid"] or []):
        from_args, example = True, bad_row
    why = (
        hint(only_one, why)
        + hint(no_subclass, SUBCLASSES)
        + hint(from_args, FROM_STR).format(message=repr(str(example)), first=repr(example.args[0]))
        + hint(got["results"] is not None, RESULTS_NONE)
    )
    # got: the messages sorted as in expected, so that only what matters differs
    scene.check(same(got, expected), text, got=show(got), want=show(expected), hint=why)
    text = _(
        "slow() was not cancelled when the others failed at 0.5 s: it ran on to 2 s. Let each "
        "error reach the TaskGroup, which then cancels the other jobs (as in run_all), and "
        "handle the errors with except* around the group."
    )
    scene.check("slow()" in ended(scene.timeline, "cancelled"), text, draw=True)


@task(6, checks=("report-sorts-errors-by-kind",))
async def test_report_keeps_every_message_even_the_same_twice(topic):
    """run_and_report: two ValueErrors with the same message give that message twice."""
    same_message = _("row 7 is empty")
    setting = _("Called {call}: rows() and cells() both raise ValueError({message}), at once.")
    setting = setting.format(call="{call}", message=repr(same_message))
    failures = {"rows": ValueError(same_message), "cells": ValueError(same_message)}
    scene, running = report_run(topic, setting, **failures)
    report = await running
    got = report.get("invalid") if isinstance(report, dict) else report
    text = _(
        "Its 'invalid' was {got}; expected {want}: one message per ValueError, even when two "
        "say the same (a list, not a set)."
    )
    want = [same_message, same_message]
    scene.check(same(got, want), text, got=show(got), want=show(want))


async def check_other_error_propagates(scene, running, name, other):
    """run_and_report must let ``other``, raised by ``name()``, propagate in its group."""
    kind = type(other).__name__
    try:
        report = await running
    except BaseExceptionGroup as group:
        inside = leaves(group)
        text = _("An ExceptionGroup came out, but without {name}()'s {kind}: {got}.")
        scene.check(other in inside, text, name=name, kind=kind, got=show(inside))
        text = _("Its ExceptionGroup held the ValueError too: handle it with `except* ValueError`.")
        scene.check(not any(isinstance(leaf, ValueError) for leaf in inside), text)
        return
    except type(other):
        scene.fail(_("It raised the {kind} bare; expected it in its ExceptionGroup."), kind=kind)
    offline = report.get("offline") if isinstance(report, dict) else None
    text = _(
        "It returned {got}: the {kind} was swallowed{how}. Only ValueError and ConnectionError "
        "are yours to handle; except* lets the rest propagate by itself."
    )
    wide = isinstance(offline, list) and str(other) in offline and not isinstance(other, KeyError)
    how = _(", reported as offline: it is an OSError, not a ConnectionError") if wide else ""
    scene.fail(text, got=show(report), kind=kind, how=how)


@task(6, checks=("report-other-errors-propagate",))
async def test_report_lets_other_errors_propagate(topic):
    """run_and_report: a KeyError, or a PermissionError (not a ConnectionError), propagates."""
    key_error = KeyError("customer_id")
    setting = _("Called {call}, where rows() raises ValueError and lookup() KeyError, at 0.5 s.")
    failures = {"rows": ValueError(_("row 7 is empty")), "lookup": key_error}
    scene, running = report_run(topic, setting, **failures)
    await check_other_error_propagates(scene, running, "lookup", key_error)
    denied = PermissionError(_("reports/ is read-only"))
    setting = _(
        "Called {call}: database() raises ConnectionError, save() PermissionError, at once."
    )
    failures = {"database": ConnectionError(_("database is down")), "save": denied}
    scene, running = report_run(topic, setting, **failures)
    await check_other_error_propagates(scene, running, "save", denied)


# Every task: no deadline of its own ---------------------------------------------------------

LONG_GUARD = 4 * HOUR  # loop seconds before a test gives up: the fakes below take up to 2 h
LONG_DELAYS = {"far.test": 2 * HOUR, "near.test": HOUR}
LONG_SETTING = N_("Called {call}, where one operation takes an hour and the other two hours.")


def long_jobs(name):
    """``name``'s coroutine for two jobs, of 2 h and 1 h, and its scene."""
    timeline = Timeline()
    jobs = make_jobs(timeline, {"far": (2 * HOUR, "far result"), "near": (HOUR, "near result")})
    scene = Scene(_(LONG_SETTING).format(call=show_call(name, jobs)), timeline)
    return scene, jobs


@task(1, checks=("settled-returns-list",), guard=LONG_GUARD)
async def test_settled_waits_as_long_as_the_fetches_take(topic):
    """fetch_all_settled(['far.test', 'near.test']), fetches of 2 h and 1 h: both pages."""
    running, _call, scene = staged(
        topic, "fetch_all_settled", "fetch", LONG_DELAYS, page_of, setting=_(LONG_SETTING)
    )
    pages = await as_long_as_it_takes(scene, running)
    want = [page_of(url) for url in LONG_DELAYS]
    expect_same(scene, pages, want, hint=" " + _(KEEPS_WAITING), draw=True)


@task(2, checks=("progress-returns-finish-order",), guard=LONG_GUARD)
async def test_progress_waits_as_long_as_the_fetches_take(topic):
    """fetch_with_progress(['far.test', 'near.test'], ...), of 2 h and 1 h: near, then far."""
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=LONG_DELAYS.get, result=page_of)
    urls = list(LONG_DELAYS)

    def progress(url, page):
        """Receives each page; this test reads only what fetch_with_progress returns."""

    call = show_call("fetch_with_progress", urls, fetch, progress)
    scene = Scene(_(LONG_SETTING).format(call=call), timeline)
    order = await as_long_as_it_takes(scene, topic.fetch_with_progress(urls, fetch, progress))
    expect_same(scene, order, ["near.test", "far.test"], hint=" " + _(KEEPS_WAITING), draw=True)


@task(3, checks=("race-returns-first",), guard=LONG_GUARD)
async def test_first_response_waits_as_long_as_it_takes_and_takes_an_empty_page(topic):
    """first_response(['far.test', 'near.test']): near.test gives '' after 1 h, and wins."""

    def empty_near(mirror):
        return "" if mirror == "near.test" else data_from(mirror)

    setting = _(
        "Called {call}, where download('near.test') gives '' (an empty page) after an hour "
        "and download('far.test') takes two hours."
    )
    running, _call, scene = staged(
        topic, "first_response", "download", LONG_DELAYS, empty_near, setting=setting
    )
    result = await as_long_as_it_takes(scene, running)
    hint = _(
        "The first download to finish wins, whatever it gives (an empty page too) and however "
        "long it takes: no test of the page, no timeout of your own."
    )
    expect_same(scene, result, "", hint=" " + hint, draw=True)


@task(4, checks=("deploy-waits-for-all-when-none-fails",), guard=LONG_GUARD)
async def test_deploy_all_waits_as_long_as_the_deployments_take(topic):
    """deploy_all(['far.test', 'near.test'], deploy), of 2 h and 1 h, none failing: all 'ok'."""
    running, _call, scene = staged(
        topic, "deploy_all", "deploy", LONG_DELAYS, succeed, setting=_(LONG_SETTING)
    )
    report = await as_long_as_it_takes(scene, running)
    want = dict.fromkeys(LONG_DELAYS, "ok")
    expect_same(scene, report, want, hint=" " + _(KEEPS_WAITING), draw=True)


@task(5, checks=("run-all-results-in-job-order",), guard=LONG_GUARD)
async def test_run_all_waits_as_long_as_the_jobs_take(topic):
    """run_all([far, near]), jobs of 2 h and 1 h: ['far result', 'near result']."""
    scene, jobs = long_jobs("run_all")
    results = await as_long_as_it_takes(scene, topic.run_all(jobs))
    want = ["far result", "near result"]
    expect_same(scene, results, want, hint=" " + _(KEEPS_WAITING), draw=True)


@task(6, checks=("report-results-when-ok",), guard=LONG_GUARD)
async def test_report_waits_as_long_as_the_jobs_take(topic):
    """run_and_report([far, near]), jobs of 2 h and 1 h, none failing: both results."""
    scene, jobs = long_jobs("run_and_report")
    report = await as_long_as_it_takes(scene, topic.run_and_report(jobs))
    want = {"results": ["far result", "near result"], "invalid": [], "offline": []}
    expect_same(scene, report, want, hint=" " + _(KEEPS_WAITING), draw=True)


# Every task: all at once, however many ---------------------------------------------------

MANY = 150  # more operations than a cap of one's own (8, 10, 50 or 100 at a time) lets run
MANY_NAMES = [f"u{number:03}.test" for number in range(MANY)]
ALL_OF_THEM = N_(
    "At most {peak} {what} ran at once; expected all {count}: the statement sets no limit on "
    "how many run together, so start them all, however many there are."
)


def many_call(function, fake):
    """How the call with MANY_NAMES reads in a message (the list shortened)."""
    return f"{function}([{MANY_NAMES[0]!r}, ..., {MANY_NAMES[-1]!r}], {fake})"


async def expect_many_at_once(scene, running, what):
    """Await ``running`` and fail unless its MANY operations all ran at the same time."""
    async with leftovers_stopped():
        await timed(running, scene.timeline)
    peak = scene.timeline.peak
    scene.check(peak == MANY, _(ALL_OF_THEM), draw=True, peak=peak, what=what, count=MANY)


@task(1, checks=("settled-at-once",))
async def test_settled_fetches_150_urls_at_once(topic):
    """fetch_all_settled(150 urls, fetch), each fetch taking 1 s: all 150 at the same time."""
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=1.0, result=page_of)
    scene = called(many_call("fetch_all_settled", "fetch"), timeline)
    running = topic.fetch_all_settled(list(MANY_NAMES), fetch)
    await expect_many_at_once(scene, running, _("fetches"))


@task(2, checks=("progress-at-once",))
async def test_progress_fetches_150_urls_at_once(topic):
    """fetch_with_progress(150 urls, fetch, progress), each taking 1 s: all 150 at once."""
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=1.0, result=page_of)
    scene = called(many_call("fetch_with_progress", "fetch, progress"), timeline)
    running = topic.fetch_with_progress(list(MANY_NAMES), fetch, lambda url, page: None)
    await expect_many_at_once(scene, running, _("fetches"))


@task(3, checks=("race-at-once",))
async def test_first_response_downloads_from_150_mirrors_at_once(topic):
    """first_response(150 mirrors), the last one fastest (0.5 s, the others 1 s): all at once."""
    timeline = Timeline()
    fastest = MANY_NAMES[-1]
    download = timeline.fake(
        "download", seconds=lambda mirror: 0.5 if mirror == fastest else 1.0, result=data_from
    )
    scene = called(many_call("first_response", "download"), timeline)
    running = topic.first_response(list(MANY_NAMES), download)
    await expect_many_at_once(scene, running, _("downloads"))


@task(4, checks=("deploy-at-once",))
async def test_deploy_all_deploys_to_150_servers_at_once(topic):
    """deploy_all(150 servers, deploy), each taking 1 s, none failing: all 150 at once."""
    timeline = Timeline()
    deploy = timeline.fake("deploy", seconds=1.0, result=succeed)
    scene = called(many_call("deploy_all", "deploy"), timeline)
    running = topic.deploy_all(list(MANY_NAMES), deploy)
    await expect_many_at_once(scene, running, _("deployments"))


@task(5, checks=("run-all-at-once",))
async def test_run_all_runs_150_jobs_at_once(topic):
    """run_all(150 jobs), each taking 1 s: all 150 at the same time."""
    timeline = Timeline()
    jobs = make_jobs(timeline, {f"job{number:03}": (1.0, number) for number in range(MANY)})
    scene = called(f"run_all([job000, ..., job{MANY - 1:03}])", timeline)
    await expect_many_at_once(scene, topic.run_all(jobs), _("jobs"))


@task(6, checks=("report-at-once",))
async def test_run_and_report_runs_150_jobs_at_once(topic):
    """run_and_report(150 jobs), each taking 1 s, none failing: all 150 at the same time."""
    timeline = Timeline()
    jobs = make_jobs(timeline, {f"job{number:03}": (1.0, number) for number in range(MANY)})
    scene = called(f"run_and_report([job000, ..., job{MANY - 1:03}])", timeline)
    await expect_many_at_once(scene, topic.run_and_report(jobs), _("jobs"))


# ---------------------------------------------------------------------------------------
# Cancelled by its caller (the course's CANCELLED rule), each while what it waits for runs


def hour_long(name):
    """A fake that takes an hour: what the function waits for when it is cancelled."""
    return Timeline().fake(name, seconds=HOUR)


@task(2, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_fetch_with_progress_cancelled_while_it_waits_ends_cancelled(topic):
    """fetch_with_progress(['a', 'b'], fetch, progress), cancelled 1 s in: ends cancelled."""
    scene = called(
        _("fetch_with_progress(['a', 'b'], fetch, progress) as a task, each fetch an hour")
    )
    running = topic.fetch_with_progress(["a", "b"], hour_long("fetch"), lambda url, page: None)
    await check_cancelled_while_waiting(scene, running, after=1.0)


@task(4, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_deploy_all_cancelled_while_it_waits_ends_cancelled(topic):
    """deploy_all(['s1', 's2'], deploy), cancelled 1 s into hour-long deployments: cancelled."""
    scene = called(_("deploy_all(['s1', 's2'], deploy) as a task, each deployment an hour"))
    running = topic.deploy_all(["s1", "s2"], hour_long("deploy"))
    await check_cancelled_while_waiting(scene, running, after=1.0)


@task(5, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_run_all_cancelled_while_it_waits_ends_cancelled(topic):
    """run_all([job, job]), cancelled 1 s into hour-long jobs: it ends cancelled."""
    scene = called(_("run_all([job, job]) as a task, each job taking an hour"))
    job = hour_long("job")
    await check_cancelled_while_waiting(scene, topic.run_all([job, job]), after=1.0)


@task(6, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_run_and_report_cancelled_while_it_waits_ends_cancelled(topic):
    """run_and_report([job, job]), cancelled 1 s into hour-long jobs: it ends cancelled."""
    scene = called(_("run_and_report([job, job]) as a task, each job taking an hour"))
    job = hour_long("job")
    await check_cancelled_while_waiting(scene, topic.run_and_report([job, job]), after=1.0)
