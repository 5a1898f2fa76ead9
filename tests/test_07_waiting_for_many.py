"""Hidden tests for topic 07: waiting for many."""

import asyncio

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
from grader.inside.running import check_none_left, finish_within, leaves, leftovers_stopped
from grader.inside.suite import Scene, called

PROMISES = {
    1: {
        "settled-at-once": "fetch_all_settled fetches every URL at once",
        "settled-returns-list": "it returns a list in the order of urls holding each page",
        "settled-error-in-place": "a failed fetch's place holds the exception object it raised",
        "settled-failure-stops-nothing": "one failure neither raises nor stops the others",
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
        "report-results-when-ok": "with no failure, 'results' lists the results in job order",
        "report-results-none-on-failure": "'results' is None when the group failed",
        "report-sorts-errors-by-kind": "'invalid'/'offline' hold str(error) of every such error",
        "report-other-errors-propagate": "any other error keeps propagating in its ExceptionGroup",
    },
}

# Loop-time delays of the fake operations. Distinct, so that the finishing order is known.
PAGE_DELAYS = {"a.test": 1.0, "b.test": 0.5, "c.test": 0.8, "d.test": 0.2, "e.test": 0.6}
FINISH_ORDER = sorted(PAGE_DELAYS, key=PAGE_DELAYS.get)
OUT_OF_ORDER = N_("The items are out of order: keep them in the order of urls.")


def page_of(url):
    return f"<{url}>"


def succeed(server):
    return None


def raising(errors, result=page_of):
    """A ``result=`` for Timeline.fake: raise ``errors[arg]`` where given, else ``result``."""

    def outcome(*args):
        key = args[0] if args else None
        if key in errors:
            raise errors[key]
        return result(*args)

    return outcome


def ended(timeline, outcome, labels=None):
    """The labels of the spans (of ``labels`` if given) that ended with ``outcome``."""
    found = [span.label for span in timeline.spans if span.outcome == outcome]
    return found if labels is None else [label for label in labels if label in found]


def describe(error):
    return f"{type(error).__name__}({str(error)!r})"


def hint(condition, text):
    """`` text`` (translated) when ``condition``, else nothing: the end of a message."""
    return " " + _(text) if condition else ""


def expect_all_at_once(scene, watch, *, call, count, what, expected=None):
    """All ``count`` operations ran together: 1 s in all (the slowest), ``count`` at the peak."""
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.5,
        call=_("{call}, where the slowest takes 1 s").format(call=call),
        expected=expected
        or _("1 s: all {count} {what} at the same time.").format(count=count, what=what),
        timeline=scene.timeline,
    )
    scene.check(
        scene.timeline.peak == count,
        _("At most {peak} {what} ran at once; expected all {count}."),
        draw=True,
        peak=scene.timeline.peak,
        what=what,
        count=count,
    )


def check_stopped(scene, labels, started):
    """Fail when one of ``labels`` still runs: never cancelled, or cancelled but not awaited."""
    still = ended(scene.timeline, "running", labels)
    leftovers = started.leftovers()
    if still and leftovers and all(leftover.cancel_requested for leftover in leftovers):
        scene.fail(
            _(
                "When it returned, {names} had been asked to cancel but were still running: "
                "task.cancel() only asks. Await the cancelled tasks (for example "
                "`await asyncio.gather(*tasks, return_exceptions=True)`) before you return."
            ),
            draw=True,
            names=", ".join(still),
        )
    scene.check(
        not still,
        _(
            "When it returned, {names} were still running: they were never cancelled. Cancel "
            "them with task.cancel() and await them before you return."
        ),
        draw=True,
        names=", ".join(still),
    )


# Task 1: gather(return_exceptions=True)


def settled_errors():
    """The errors of the failing fetches of task 1 (their texts in the learner's language)."""
    return {
        "b.test": ConnectionError(_("b.test refused the connection")),
        "d.test": ValueError(_("d.test sent a broken page")),
    }


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
    timeline = Timeline()
    errors = settled_errors()
    fetch = timeline.fake("fetch", seconds=PAGE_DELAYS.get, result=raising(errors))
    urls = list(PAGE_DELAYS)
    call = show_call("fetch_all_settled", urls, fetch)
    scene = called(call, timeline)
    async with leftovers_stopped():
        timeline.start_clock()
        with stopwatch() as watch:
            try:
                results = await topic.fetch_all_settled(urls, fetch)
            except Exception as error:
                ours = [leaf for leaf in leaves(error) if leaf in errors.values()]
                if not ours:
                    raise
                orphans = len(ended(timeline, "running"))
                left = _("{count} other fetches were left running, with nobody waiting for them.")
                scene.fail(
                    _(
                        "fetch('b.test') and fetch('d.test') fail. It raised {error} from the "
                        "failing fetch instead of returning it in the list: one failure must not "
                        "stop the others. {orphans}`asyncio.gather(..., return_exceptions=True)` "
                        "puts each error in its place."
                    ),
                    draw=True,
                    error=describe(ours[0]),
                    orphans=left.format(count=orphans) + " " if orphans else "",
                )
        expected = [errors.get(url, page_of(url)) for url in urls]
        scene.check(
            type(results) is list and len(results) == len(urls),
            _("It returned {got} ({type}); expected a list of {count} items, one per url."),
            got=show(results),
            type=type(results).__name__,
            count=len(urls),
        )
        for url, got, want in zip(urls, results, expected, strict=True):
            if isinstance(want, Exception) and got is not want:
                text = isinstance(got, str) and want.args[0] in got
                shuffled = got in errors.values() or got in expected
                scene.fail(
                    _(
                        "fetch({url}) raises {error}. In its place the list holds {got}; "
                        "expected that exception object.{hint}"
                    ),
                    url=repr(url),
                    error=describe(want),
                    got=show(got),
                    hint=hint(
                        text, N_("Put the exception object itself in the list, not its text.")
                    )
                    or hint(shuffled, OUT_OF_ORDER),
                )
        scene.check(
            same(results, expected),
            _("It returned {got}; expected {want}.{hint}"),
            got=show(results),
            want=show(expected),
            hint=hint(sorted(map(str, results)) == sorted(map(str, expected)), OUT_OF_ORDER),
        )
        scene.check(
            not ended(timeline, "cancelled"),
            _("{names} were cancelled: one failure must not stop the other fetches."),
            draw=True,
            names=", ".join(ended(timeline, "cancelled")),
        )
        expect_all_at_once(scene, watch, call=call, count=len(urls), what=_("fetches"))


@task(1, checks=("settled-returns-list", "settled-error-in-place"))
async def test_settled_with_one_failing_url_and_with_none(topic):
    """fetch_all_settled(['x.test'], fetch) failing gives [error]; for no urls, []."""
    error = TimeoutError(_("x.test did not answer"))
    fetch = Timeline().fake("fetch", seconds=0.5, result=raising({"x.test": error}))
    scene = called(show_call("fetch_all_settled", ["x.test"], fetch))
    try:
        results = await topic.fetch_all_settled(["x.test"], fetch)
    except Exception as raised:
        if error not in leaves(raised):
            raise
        scene.fail(
            _(
                "The fetch raises {error}. It raised it; expected [that exception] returned as "
                "the result: pass return_exceptions=True to asyncio.gather."
            ),
            error=describe(error),
        )
    scene.check(
        type(results) is list and len(results) == 1 and results[0] is error,
        _(
            "The fetch raises {error}. It returned {got}; expected a list holding that exception "
            "object."
        ),
        error=describe(error),
        got=show(results),
    )
    results = await topic.fetch_all_settled([], fetch)
    expect_result(results, [], call="fetch_all_settled([], fetch)")


@task(1, checks=("settled-at-once", "settled-returns-list"))
async def test_settled_fetches_a_url_listed_twice_twice(topic):
    """fetch_all_settled(['a.test', 'b.test', 'a.test'], fetch) calls fetch three times."""
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=PAGE_DELAYS.get, result=page_of)
    urls = ["a.test", "b.test", "a.test"]
    call = show_call("fetch_all_settled", urls, fetch)
    async with leftovers_stopped():
        timeline.start_clock()
        results = await topic.fetch_all_settled(urls, fetch)
    expect_result(results, [page_of(url) for url in urls], call=call)
    called(call, timeline).check(
        len(timeline.spans) == len(urls),
        _("fetch was called {times} times; expected {count}, once per URL listed, 'a.test' twice."),
        draw=True,
        times=len(timeline.spans),
        count=len(urls),
    )


# Task 2: as_completed


async def progress_run(topic, delays):
    """Call fetch_with_progress(list(delays), ...): (call, returned, calls of progress, ...).

    Each call of progress is noted as (url, page, loop time since the call began).
    """
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=delays.get, result=page_of)
    loop = asyncio.get_running_loop()
    origin = loop.time()
    calls = []

    def progress(url, page):
        calls.append((url, page, round(loop.time() - origin, 6)))

    call = show_call("fetch_with_progress", list(delays), fetch, progress)
    timeline.start_clock()
    with stopwatch() as watch:
        finished = await topic.fetch_with_progress(list(delays), fetch, progress)
    return call, finished, calls, timeline, watch


@task(
    2,
    checks=(
        "progress-at-once",
        "progress-on-finish",
        "progress-every-url-once",
        "progress-returns-finish-order",
    ),
)
async def test_progress_reports_each_page_as_it_arrives(topic):
    """fetch_with_progress calls progress(url, page) the moment each fetch finishes."""
    urls = list(PAGE_DELAYS)
    call, finished, calls, timeline, watch = await progress_run(topic, PAGE_DELAYS)
    scene = called(call, timeline)
    reported = [url for url, _page, _when in calls]
    scene.check(
        sorted(reported) == sorted(urls),
        _("progress was called for {got}; expected once for each url."),
        got=show(reported),
    )
    for url, page, _when in calls:
        scene.check(
            page == page_of(url),
            _(
                "progress({url}, {got}) was called; expected progress({url}, {want}): the page "
                "that url's fetch returned."
            ),
            url=repr(url),
            got=show(page),
            want=repr(page_of(url)),
        )
    expect_all_at_once(scene, watch, call=call, count=len(urls), what=_("fetches"))
    late = [(url, when) for url, _page, when in calls if when > PAGE_DELAYS[url] + 1e-6]
    if late:
        url, when = late[0]
        if all(when >= max(PAGE_DELAYS.values()) - 1e-6 for _u, _p, when in calls):
            verdict = _(
                "progress was only called after every fetch had finished: gather waits for "
                "all of them. Use asyncio.as_completed to handle each fetch as it finishes."
            )
        else:
            verdict = _(
                "progress({url}, ...) came at {when} s, though its fetch finished at {done} s."
            ).format(url=repr(url), when=f"{when:.2f}", done=f"{PAGE_DELAYS[url]:.2f}")
        scene.fail(_("The fetches take from 0.2 s to 1 s. {verdict}"), draw=True, verdict=verdict)
    scene.check(
        reported == FINISH_ORDER,
        _("progress was called for {got}; expected the order the fetches finished: {want}."),
        got=show(reported),
        want=show(FINISH_ORDER),
    )
    scene.check(
        same(finished, FINISH_ORDER),
        _(
            "It returned {got} ({type}); expected the list of urls in the order their fetches "
            "finished: {want}.{hint}"
        ),
        got=show(finished),
        type=type(finished).__name__,
        want=show(FINISH_ORDER),
        hint=hint(same(finished, urls), N_("That is the order of urls.")),
    )


@task(2, checks=("progress-every-url-once", "progress-on-finish"))
async def test_progress_with_fetches_finishing_together(topic):
    """fetch_with_progress, where three of four fetches finish at the same instant."""
    delays = {"a.test": 0.5, "b.test": 0.5, "c.test": 0.2, "d.test": 0.5}
    call, finished, calls, _timeline, _watch = await progress_run(topic, delays)
    scene = called(call)
    together = _("c.test finishes at 0.2 s and the three others together at 0.5 s.")
    scene.check(
        sorted((url, page) for url, page, _when in calls)
        == sorted((url, page_of(url)) for url in delays),
        _(
            "{together} progress received {got}; expected one call per url, with its page. "
            "Several fetches can finish in the same instant: handle every one that is done."
        ),
        together=together,
        got=show(calls),
    )
    for url, _page, when in calls:
        scene.check(
            when <= delays[url] + 1e-6,
            _(
                "progress{late} came after its fetch finished at {done} s: report each page as "
                "it arrives."
            ),
            late=(url, when),
            done=f"{delays[url]:.2f}",
        )
    scene.check(
        type(finished) is list
        and finished[:1] == ["c.test"]
        and sorted(finished[1:]) == ["a.test", "b.test", "d.test"],
        _(
            "{together} It returned {got}; expected a list of the four urls, 'c.test' first, "
            "then the three that finished together (in any order)."
        ),
        together=together,
        got=show(finished),
    )


@task(2, checks=("progress-every-url-once", "progress-returns-finish-order"))
async def test_progress_with_one_url(topic):
    """fetch_with_progress(['x.test'], fetch, progress) reports it once and returns ['x.test']."""
    call, finished, calls, _timeline, _watch = await progress_run(topic, {"x.test": 0.3})
    reported = [(url, page) for url, page, _when in calls]
    called(call).check(
        reported == [("x.test", "<x.test>")],
        _("progress received {got}; expected one call, {want}."),
        got=show(reported),
        want="progress('x.test', '<x.test>')",
    )
    expect_result(finished, ["x.test"], call=call)


# Task 3: a race, first response wins

MIRROR_DELAYS = {"slow.test": 1.0, "fast.test": 0.3, "far.test": 2.0}


def data_from(mirror):
    return f"data from {mirror}"


@task(3, checks=("race-at-once", "race-returns-first", "race-losers-stopped"))
async def test_first_response_wins_and_losers_are_cancelled(topic):
    """first_response(3 mirrors) returns the fastest at 0.3 s; the others are cancelled."""
    timeline = Timeline()
    download = timeline.fake("download", seconds=MIRROR_DELAYS.get, result=data_from)
    mirrors = list(MIRROR_DELAYS)
    call = show_call("first_response", mirrors, download)
    scene = called(call, timeline)
    async with leftovers_stopped() as started:
        timeline.start_clock()
        with stopwatch() as watch:
            result = await topic.first_response(mirrors, download)
        scene.check(
            timeline.peak == len(mirrors),
            _("At most {peak} downloads ran at once; expected all {count} to start together."),
            draw=True,
            peak=timeline.peak,
            count=len(mirrors),
        )
        last_start = max(span.start - timeline.origin for span in timeline.spans)
        scene.check(
            last_start < 1e-6,
            _(
                "The last download started at {start} s; expected all {count} to start at "
                "once, at 0.00 s."
            ),
            draw=True,
            start=f"{last_start:.2f}",
            count=len(mirrors),
        )
        losers = ["download('slow.test')", "download('far.test')"]
        scene.check(
            not ended(timeline, "done", losers),
            _(
                "{names} ran to the end: the race should be over when the first download "
                "finishes, and the losers cancelled. (asyncio.wait waits for all of them unless "
                "you pass return_when=asyncio.FIRST_COMPLETED.)"
            ),
            draw=True,
            names=", ".join(ended(timeline, "done", losers)),
        )
        scene.check(
            result == data_from("fast.test"),
            _(
                "fast.test answers after 0.3 s, slow.test after 1 s and far.test after 2 s. It "
                "returned {got}; expected {want}, the first download to finish."
            ),
            draw=True,
            got=show(result),
            want=repr(data_from("fast.test")),
        )
        check_stopped(scene, losers, started)
        expect_duration(
            watch.elapsed,
            at_least=0.3,
            under=0.5,
            call=_("{call}, where the fastest download takes 0.3 s").format(call=call),
            expected=_("0.3 s: the race ends when the fastest download finishes."),
            timeline=timeline,
        )
        check_none_left(
            started.leftovers(),
            call=call,
            remedy=_("Nothing may be left running after the race."),
        )


@task(3, checks=("race-cancellation-propagates", "race-cancelled-cancels-downloads"))
async def test_first_response_cancelled_from_outside_cancels_downloads(topic):
    """first_response cancelled by asyncio.timeout(0.5) cancels its downloads too."""
    timeline = Timeline()
    delays = {"slow.test": 1.0, "far.test": 2.0}
    download = timeline.fake("download", seconds=delays.get, result=data_from)
    call = show_call("first_response", list(delays), download)
    scene = Scene(
        _(
            "Ran {call} inside `async with asyncio.timeout(0.5)`, every download taking 1 s or "
            "more."
        ).format(call=call),
        timeline,
    )
    async with leftovers_stopped() as started:
        timeline.start_clock()
        finished, outcome = await finish_within(topic.first_response(list(delays), download), 0.5)
        scene.check(
            not finished,
            _(
                "It returned {got} instead of being cancelled at 0.5 s: do not swallow "
                "CancelledError."
            ),
            draw=True,
            got=show(outcome),
        )
        leftovers = started.leftovers()
        if leftovers and all(leftover.cancel_requested for leftover in leftovers):
            what = _("had been asked to cancel but were still running (await them after cancel())")
        elif leftovers:
            what = _("were left running")
        else:
            what = _("were not cancelled")
        scene.check(
            len(ended(timeline, "cancelled")) == len(timeline.spans) and not leftovers,
            _(
                "first_response was cancelled at 0.5 s, but its downloads {what}. When you are "
                "cancelled, cancel the downloads too and await them: do it in a `finally` block."
            ),
            draw=True,
            what=what,
        )


# Task 4: wait(FIRST_EXCEPTION)

DEPLOY_DELAYS = {"alpha": 0.2, "bravo": 0.5, "charlie": 1.0, "delta": 2.0}


@task(
    4, checks=("deploy-waits-for-all-when-none-fails", "deploy-at-once", "deploy-reports-outcomes")
)
async def test_deploy_all_reports_every_success(topic):
    """deploy_all(3 servers, deploy), none failing: all 'ok' after the slowest, 1 s."""
    timeline = Timeline()
    delays = {"alpha": 0.4, "bravo": 1.0, "charlie": 0.7}
    deploy = timeline.fake("deploy", seconds=delays.get, result=succeed)
    call = show_call("deploy_all", list(delays), deploy)
    scene = called(call, timeline)
    timeline.start_clock()
    with stopwatch() as watch:
        report = await topic.deploy_all(list(delays), deploy)
    expected = dict.fromkeys(delays, "ok")
    scene.check(
        same(report, expected),
        _("It returned {got}; expected {want}."),
        draw=True,
        got=show(report),
        want=expected,
    )
    expect_all_at_once(
        scene,
        watch,
        call=call,
        count=len(delays),
        what=_("deployments"),
        expected=_("1 s: all three at the same time, waiting for every one when none fails."),
    )


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
    timeline = Timeline()
    error = RuntimeError(_("bravo: disk full"))
    deploy = timeline.fake(
        "deploy", seconds=DEPLOY_DELAYS.get, result=raising({"bravo": error}, result=succeed)
    )
    servers = list(DEPLOY_DELAYS)
    call = show_call("deploy_all", servers, deploy)
    scene = Scene(
        _(
            "Called {call}, where alpha finishes at 0.2 s, bravo fails at 0.5 s, charlie and "
            "delta would take 1 s and 2 s."
        ).format(call=call),
        timeline,
    )
    async with leftovers_stopped() as started:
        timeline.start_clock()
        with stopwatch() as watch:
            try:
                report = await topic.deploy_all(servers, deploy)
            except Exception as raised:
                if error not in leaves(raised):
                    raise
                scene.fail(
                    _(
                        "It raised {error}; expected it to report 'failed' for bravo instead of "
                        "raising."
                    ),
                    draw=True,
                    error=describe(error),
                )
        late = ["deploy('charlie')", "deploy('delta')"]
        scene.check(
            not ended(timeline, "done", late),
            _(
                "{names} ran to the end: deploy_all kept waiting after bravo failed. Stop at "
                "the first failure (asyncio.wait with return_when=asyncio.FIRST_EXCEPTION) and "
                "cancel the rest."
            ),
            draw=True,
            names=", ".join(ended(timeline, "done", late)),
        )
        check_stopped(called(call, timeline), late, started)
        expected = {"alpha": "ok", "bravo": "failed", "charlie": "cancelled", "delta": "cancelled"}
        scene.check(
            same(report, expected),
            _("It returned {got}; expected {want}."),
            got=show(report),
            want=expected,
        )
        expect_duration(
            watch.elapsed,
            at_least=0.5,
            under=0.7,
            call=call,
            expected=_("0.5 s: stop as soon as bravo fails."),
            timeline=timeline,
        )
        scene.check(
            timeline.peak == len(servers),
            _("At most {peak} {what} ran at once; expected all {count}."),
            draw=True,
            peak=timeline.peak,
            what=_("deployments"),
            count=len(servers),
        )


@task(4, checks=("deploy-reports-outcomes",))
async def test_deploy_all_reports_failures_at_the_same_instant(topic):
    """deploy_all: bravo and charlie fail together at 0.5 s; both are 'failed'."""
    timeline = Timeline()
    delays = {"alpha": 0.2, "bravo": 0.5, "charlie": 0.5, "delta": 2.0}
    errors = {
        "bravo": RuntimeError(_("bravo: disk full")),
        "charlie": OSError(_("charlie: no route")),
    }
    deploy = timeline.fake("deploy", seconds=delays.get, result=raising(errors, result=succeed))
    call = show_call("deploy_all", list(delays), deploy)
    async with leftovers_stopped():
        timeline.start_clock()
        report = await topic.deploy_all(list(delays), deploy)
    expected = {"alpha": "ok", "bravo": "failed", "charlie": "failed", "delta": "cancelled"}
    called(call, timeline).check(
        same(report, expected),
        _(
            "bravo and charlie both fail at 0.5 s. It returned {got}; expected {want}: every "
            "task that failed is 'failed', even when several fail in the same instant."
        ),
        draw=True,
        got=show(report),
        want=expected,
    )


@task(4, checks=("deploy-never-raises", "deploy-reports-outcomes"))
async def test_deploy_all_with_no_servers(topic):
    """deploy_all([], deploy) returns {} without raising."""
    deploy = Timeline().fake("deploy", seconds=0.5, result=succeed)
    try:
        report = await topic.deploy_all([], deploy)
    except ValueError as error:
        called("deploy_all([], deploy)").fail(
            _(
                "It raised {error}; expected {{}}: asyncio.wait refuses an empty collection, so "
                "return early when there is nothing to deploy."
            ),
            error=describe(error),
        )
    expect_result(report, {}, call="deploy_all([], deploy)", meaning=_("no server, no outcome"))


# Tasks 5 and 6: TaskGroup, ExceptionGroup and except*


def make_jobs(timeline, plan):
    """Zero-argument fake jobs from ``{name: (seconds, result or exception)}``."""
    jobs = []
    for name, (seconds, outcome) in plan.items():

        def result(outcome=outcome):
            if isinstance(outcome, BaseException):
                raise outcome
            return outcome

        jobs.append(timeline.fake(name, seconds=seconds, result=result))
    return jobs


THREE_JOBS = {"one": (1.0, "first"), "two": (0.3, "second"), "three": (0.6, "third")}
THREE_RESULTS = ["first", "second", "third"]


async def run_three_jobs(topic, name):
    """Call ``name([one, two, three])`` (1, 0.3 and 0.6 s): (call, returned, scene, watch)."""
    timeline = Timeline()
    jobs = make_jobs(timeline, THREE_JOBS)
    call = show_call(name, jobs)
    timeline.start_clock()
    with stopwatch() as watch:
        returned = await getattr(topic, name)(jobs)
    return call, returned, called(call, timeline), watch


@task(5, checks=("run-all-at-once", "run-all-results-in-job-order"))
async def test_run_all_returns_results_in_job_order(topic):
    """run_all([one, two, three]) runs them at once; results in job order."""
    call, results, scene, watch = await run_three_jobs(topic, "run_all")
    scene.check(
        same(results, THREE_RESULTS),
        _(
            "The jobs take 1 s (one()), 0.3 s (two()) and 0.6 s (three()). It returned {got} "
            "({type}); "
            "expected the list {want}, in the order of jobs.{hint}"
        ),
        got=show(results),
        type=type(results).__name__,
        want=THREE_RESULTS,
        hint=hint(
            same(results, ["second", "third", "first"]), N_("That is the order they finished.")
        ),
    )
    expect_all_at_once(scene, watch, call=call, count=3, what=_("jobs"))


@task(5, checks=("run-all-failure-raises-group",))
async def test_run_all_failure_cancels_the_rest_and_raises_a_group(topic):
    """run_all: two() fails at 0.5 s; the group cancels the others and raises ExceptionGroup."""
    timeline = Timeline()
    error = ValueError(_("two went wrong"))
    jobs = make_jobs(
        timeline, {"one": (2.0, "first"), "two": (0.5, error), "three": (1.0, "third")}
    )
    call = show_call("run_all", jobs)
    scene = Scene(
        _("Called {call}, where two() fails at 0.5 s and the others take 1 s and 2 s.").format(
            call=call
        ),
        timeline,
    )
    async with leftovers_stopped() as started:
        timeline.start_clock()
        raised = None
        with stopwatch() as watch:
            try:
                results = await topic.run_all(jobs)
            except Exception as exc:
                raised = exc
        leftovers = started.leftovers()
        if raised is None:
            scene.fail(
                _("It returned {got}; expected it to raise an ExceptionGroup."), got=show(results)
            )
        scene.check(
            raised is not error,
            _(
                "It raised the ValueError itself; expected an ExceptionGroup holding it. Run "
                "the jobs in `async with asyncio.TaskGroup() as group:`, which wraps its tasks' "
                "errors in an ExceptionGroup, and let that propagate.{left}"
            ),
            draw=True,
            left=hint(leftovers, N_("The other jobs were left running, too.")),
        )
        if error not in leaves(raised):
            raise raised
        scene.check(
            isinstance(raised, BaseExceptionGroup),
            _(
                "It raised {error}; expected an ExceptionGroup holding two()'s ValueError, as "
                "asyncio.TaskGroup raises it."
            ),
            error=describe(raised),
        )
        not_cancelled = [
            label for label in ("one()", "three()") if label not in ended(timeline, "cancelled")
        ]
        scene.check(
            not not_cancelled and not leftovers,
            _(
                "{names} were not cancelled when two() failed: an asyncio.TaskGroup cancels the "
                "other tasks for you."
            ),
            draw=True,
            names=", ".join(not_cancelled) or _("Some jobs"),
        )
        expect_duration(
            watch.elapsed,
            at_least=0.5,
            under=0.7,
            call=call,
            expected=_("0.5 s: the group stops when two() fails."),
            timeline=timeline,
        )


@task(6, checks=("report-results-when-ok",))
async def test_report_gives_results_when_nothing_fails(topic):
    """run_and_report([3 jobs]), none failing: results in job order, no invalid or offline."""
    call, report, scene, watch = await run_three_jobs(topic, "run_and_report")
    expected = {"results": THREE_RESULTS, "invalid": [], "offline": []}
    scene.check(
        same(report, expected),
        _("It returned {got}; expected {want}."),
        got=show(report),
        want=expected,
    )
    expect_all_at_once(scene, watch, call=call, count=3, what=_("jobs"))


def report_run(topic, setting, **failures):
    """run_and_report's coroutine, its jobs failing with ``failures`` at 0.5 s (beside a job
    that succeeds at 0.2 s and one at 2 s); and the scene, ``setting`` naming the call."""
    plan = {"fine": (0.2, "fine result"), "slow": (2.0, "slow result")}
    plan.update({name: (0.5, error) for name, error in failures.items()})
    jobs = make_jobs(Timeline(), plan)
    call = f"run_and_report([{', '.join(job.__name__ for job in jobs)}])"  # every job named
    return Scene(setting.format(call=call)), topic.run_and_report(jobs)


@task(6, checks=("report-sorts-errors-by-kind", "report-results-none-on-failure"))
async def test_report_sorts_several_failures_by_kind(topic):
    """run_and_report: two ValueErrors and a ConnectionError at once go to invalid/offline."""
    invalid = [_("row 7 is empty"), _("row 9 has no id")]
    offline = _("database is down")
    scene, running = report_run(
        topic,
        _(
            "Called {call}, where rows() and ids() raise ValueError and database() raises "
            "ConnectionError, all three at 0.5 s."
        ),
        rows=ValueError(invalid[0]),
        database=ConnectionError(offline),
        ids=ValueError(invalid[1]),
    )
    try:
        report = await running
    except BaseExceptionGroup as group:
        scene.fail(
            _(
                "An ExceptionGroup of {kinds} came out of it. A plain `except ValueError:` does "
                "not look inside an ExceptionGroup: use `except* ValueError as errors:` and "
                "`except* ConnectionError as errors:`."
            ),
            kinds=", ".join(sorted({type(leaf).__name__ for leaf in leaves(group)})),
        )
    except (ValueError, ConnectionError) as error:
        scene.fail(
            _(
                "It raised {error}; expected it to report the failures. Run the jobs in an "
                "asyncio.TaskGroup and catch its errors with except*."
            ),
            error=describe(error),
        )
    expected = {
        "results": None,
        "invalid": sorted(invalid),
        "offline": [offline],
    }
    scene.check(
        isinstance(report, dict) and set(report) == set(expected),
        _("It returned {got}; expected a dict with the keys 'results', 'invalid' and 'offline'."),
        got=show(report),
    )
    got = {"results": report["results"]}
    for key in ("invalid", "offline"):
        got[key] = sorted(report[key], key=str) if type(report[key]) is list else None
    scene.check(
        same(got, expected),
        _("It returned {got}; expected {want}.{hint}"),
        got=show(report),
        want=expected,
        hint=hint(
            type(got["invalid"]) is list and len(got["invalid"]) == 1,
            N_(
                "Only one ValueError was reported: the group holds every error raised, in "
                "errors.exceptions."
            ),
        ),
    )


async def check_other_error_propagates(scene, running, name, other):
    """run_and_report must let ``other``, raised by ``name()``, propagate in its group."""
    kind = type(other).__name__
    try:
        report = await running
    except BaseExceptionGroup as group:
        inside = leaves(group)
        scene.check(
            other in inside,
            _("An ExceptionGroup came out, but without {name}()'s {kind}: {got}."),
            name=name,
            kind=kind,
            got=show(inside),
        )
        scene.check(
            not any(isinstance(leaf, ValueError) for leaf in inside),
            _(
                "The ExceptionGroup that came out still held the ValueError: only the KeyError "
                "should propagate. Handle ValueError with `except* ValueError`."
            ),
        )
        return
    except type(other):
        scene.fail(
            _(
                "It raised the {kind} on its own; expected it to propagate inside its "
                "ExceptionGroup, as except* leaves it."
            ),
            kind=kind,
        )
    offline = report.get("offline") if isinstance(report, dict) else None
    if isinstance(other, KeyError):
        why = _(
            "It returned {got}: the {kind} was swallowed. Only ValueError and ConnectionError "
            "are yours to handle; except* lets the rest propagate by itself."
        )
    elif isinstance(offline, list) and str(other) in offline:
        why = _(
            "It returned {got}: the {kind} was swallowed, reported as offline. PermissionError "
            "is an OSError but not a ConnectionError: catch `except* ConnectionError`, not a "
            "wider kind."
        )
    else:
        why = _(
            "It returned {got}: the {kind} was swallowed. Only ValueError and ConnectionError "
            "are yours to handle."
        )
    scene.fail(why, got=show(report), kind=kind)


@task(6, checks=("report-other-errors-propagate",))
async def test_report_lets_other_errors_propagate(topic):
    """run_and_report: a KeyError beside a ValueError propagates in an ExceptionGroup."""
    key_error = KeyError("customer_id")
    scene, running = report_run(
        topic,
        _(
            "Called {call}, where rows() raises ValueError and lookup() raises KeyError, both "
            "at 0.5 s."
        ),
        rows=ValueError(_("row 7 is empty")),
        lookup=key_error,
    )
    await check_other_error_propagates(scene, running, "lookup", key_error)


@task(6, checks=("report-other-errors-propagate",))
async def test_report_lets_other_oserrors_propagate(topic):
    """run_and_report: a PermissionError (an OSError, not a ConnectionError) propagates."""
    denied = PermissionError(_("reports/ is read-only"))
    scene, running = report_run(
        topic,
        _(
            "Called {call}, where database() raises ConnectionError and save() raises "
            "PermissionError, both at 0.5 s."
        ),
        database=ConnectionError(_("database is down")),
        save=denied,
    )
    await check_other_error_propagates(scene, running, "save", denied)
