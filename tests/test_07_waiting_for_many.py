"""Hidden tests for topic 07: waiting for many."""

import asyncio
import contextlib

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
)

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


def page_of(url):
    return f"<{url}>"


def raising(errors, result=page_of):
    """A ``result=`` for Timeline.fake: raise ``errors[arg]`` where given, else ``result``."""

    def outcome(*args):
        key = args[0] if args else None
        if key in errors:
            raise errors[key]
        return result(*args)

    return outcome


def outcomes(timeline):
    """``{label: outcome}`` of every recorded span: done, failed, cancelled or running."""
    return {span.label: span.outcome for span in timeline.spans}


def running_tasks(before):
    """Tasks started since ``before`` that have not finished."""
    return [t for t in asyncio.all_tasks() if t not in before and not t.done()]


@contextlib.asynccontextmanager
async def leftovers_stopped():
    """Yield the tasks running now; on the way out, stop any the learner's code left running.

    They are stopped only after the checks, so that the timeline drawn in a message shows
    them as the learner's code left them.
    """
    before = asyncio.all_tasks()
    try:
        yield before
    finally:
        leftovers = running_tasks(before)
        for leftover in leftovers:
            leftover.cancel()
        await asyncio.gather(*leftovers, return_exceptions=True)


def leaves(error):
    """The exceptions inside ``error``, flattening nested groups."""
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in leaves(inner)]
    return [error]


def describe(error):
    return f"{type(error).__name__}({str(error)!r})"


def not_stopped_message(call, labels, leftovers):
    """Say whether the still-running operations were never cancelled or not awaited."""
    names = ", ".join(labels)
    if leftovers and all(t.cancelling() for t in leftovers):
        return (
            f"Called {call}. When it returned, {names} had been asked to cancel but were "
            "still running: task.cancel() only asks. Await the cancelled tasks (for example "
            "`await asyncio.gather(*tasks, return_exceptions=True)`) before you return."
        )
    return (
        f"Called {call}. When it returned, {names} were still running: they were never "
        "cancelled. Cancel them with task.cancel() and await them before you return."
    )


# Task 1: gather(return_exceptions=True)

SETTLED_ERRORS = {
    "b.test": ConnectionError("b.test refused the connection"),
    "d.test": ValueError("d.test sent a broken page"),
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
    fetch = timeline.fake("fetch", seconds=PAGE_DELAYS.get, result=raising(SETTLED_ERRORS))
    urls = list(PAGE_DELAYS)
    call = show_call("fetch_all_settled", urls, fetch)
    async with leftovers_stopped():
        timeline.start_clock()
        with stopwatch() as watch:
            try:
                results = await topic.fetch_all_settled(urls, fetch)
            except Exception as error:
                ours = [leaf for leaf in leaves(error) if leaf in SETTLED_ERRORS.values()]
                if not ours:
                    raise
                orphans = [span for span in timeline.spans if span.outcome == "running"]
                fail(
                    f"Called {call}, where fetch('b.test') and fetch('d.test') fail. It raised "
                    f"{describe(ours[0])} from the failing fetch instead of returning it in the "
                    "list: one failure must not stop the others."
                    + (
                        f" {len(orphans)} other fetches were left running, with nobody "
                        "waiting for them."
                        if orphans
                        else ""
                    )
                    + " `asyncio.gather(..., return_exceptions=True)` puts each error in its "
                    "place.\n" + timeline.render()
                )
        expected = [SETTLED_ERRORS.get(url, page_of(url)) for url in urls]
        check(
            type(results) is list and len(results) == len(urls),
            f"Called {call}. It returned {show(results)} ({type(results).__name__}); expected "
            f"a list of {len(urls)} items, one per url.",
        )
        for url, got, want in zip(urls, results, expected, strict=True):
            if isinstance(want, Exception) and got is not want:
                hint = ""
                if isinstance(got, str) and want.args[0] in got:
                    hint = " Put the exception object itself in the list, not its text."
                elif got in SETTLED_ERRORS.values() or got in expected:
                    hint = " The items are out of order: keep them in the order of urls."
                fail(
                    f"Called {call}, where fetch({url!r}) raises {describe(want)}. In its place "
                    f"the list holds {show(got)}; expected that exception object.{hint}"
                )
        if not same(results, expected):
            order_hint = ""
            if sorted(map(str, results)) == sorted(map(str, expected)):
                order_hint = " The items are out of order: keep them in the order of urls."
            fail(
                f"Called {call}. It returned {show(results)}; expected {show(expected)}."
                + order_hint
            )
        cancelled = [span.label for span in timeline.spans if span.outcome == "cancelled"]
        check(
            not cancelled,
            f"Called {call}. {', '.join(cancelled)} were cancelled: one failure must not "
            "stop the other fetches.\n" + timeline.render(),
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


@task(1, checks=("settled-returns-list", "settled-error-in-place"))
async def test_settled_with_one_failing_url_and_with_none(topic):
    """fetch_all_settled(['x.test'], fetch) failing gives [error]; for no urls, []."""
    error = TimeoutError("x.test did not answer")
    fetch = Timeline().fake("fetch", seconds=0.5, result=raising({"x.test": error}))
    call = show_call("fetch_all_settled", ["x.test"], fetch)
    try:
        results = await topic.fetch_all_settled(["x.test"], fetch)
    except Exception as raised:
        if error not in leaves(raised):
            raise
        fail(
            f"Called {call}, where the fetch raises {describe(error)}. It raised it; "
            "expected [that exception] returned as the result: pass return_exceptions=True "
            "to asyncio.gather."
        )
    check(
        type(results) is list and len(results) == 1 and results[0] is error,
        f"Called {call}, where the fetch raises {describe(error)}. It returned "
        f"{show(results)}; expected a list holding that exception object.",
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
    check(
        len(timeline.spans) == len(urls),
        f"Called {call}. fetch was called {len(timeline.spans)} times; expected "
        f"{len(urls)}, once per URL listed, 'a.test' twice.\n" + timeline.render(),
    )


# Task 2: as_completed


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
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=PAGE_DELAYS.get, result=page_of)
    urls = list(PAGE_DELAYS)
    loop = asyncio.get_running_loop()
    origin = loop.time()
    calls = []

    def progress(url, page):
        calls.append((url, page, loop.time() - origin))

    call = show_call("fetch_with_progress", urls, fetch, progress)
    timeline.start_clock()
    with stopwatch() as watch:
        finished = await topic.fetch_with_progress(urls, fetch, progress)
    reported = [url for url, _page, _when in calls]
    check(
        sorted(reported) == sorted(urls),
        f"Called {call}. progress was called for {show(reported)}; expected once for each url.",
    )
    wrong_pages = [(url, page) for url, page, _when in calls if page != page_of(url)]
    check(
        not wrong_pages,
        f"Called {call}. progress({wrong_pages[0][0]!r}, {show(wrong_pages[0][1])}) was "
        f"called; expected progress({wrong_pages[0][0]!r}, {page_of(wrong_pages[0][0])!r}): "
        "the page that url's fetch returned."
        if wrong_pages
        else "",
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
    late = [(url, when) for url, _page, when in calls if when > PAGE_DELAYS[url] + 1e-6]
    if late:
        url, when = late[0]
        if all(when >= max(PAGE_DELAYS.values()) - 1e-6 for _u, _p, when in calls):
            verdict = (
                "progress was only called after every fetch had finished: gather waits for "
                "all of them. Use asyncio.as_completed to handle each fetch as it finishes."
            )
        else:
            verdict = (
                f"progress({url!r}, ...) came at {when:.2f} s, though its fetch finished at "
                f"{PAGE_DELAYS[url]:.2f} s."
            )
        fail(
            f"Called {call}, where the fetches take from 0.2 s to 1 s. {verdict}\n"
            + timeline.render()
        )
    check(
        reported == FINISH_ORDER,
        f"Called {call}. progress was called for {show(reported)}; expected the order the "
        f"fetches finished: {show(FINISH_ORDER)}.",
    )
    check(
        same(finished, FINISH_ORDER),
        f"Called {call}. It returned {show(finished)} ({type(finished).__name__}); expected "
        f"the list of urls in the order their fetches finished: {show(FINISH_ORDER)}."
        + (" That is the order of urls." if same(finished, urls) else ""),
    )


@task(2, checks=("progress-every-url-once", "progress-on-finish"))
async def test_progress_with_fetches_finishing_together(topic):
    """fetch_with_progress, where three of four fetches finish at the same instant."""
    delays = {"a.test": 0.5, "b.test": 0.5, "c.test": 0.2, "d.test": 0.5}
    fetch = Timeline().fake("fetch", seconds=delays.get, result=page_of)
    urls = list(delays)
    loop = asyncio.get_running_loop()
    origin = loop.time()
    calls = []

    def progress(url, page):
        calls.append((url, page, round(loop.time() - origin, 6)))

    call = show_call("fetch_with_progress", urls, fetch, progress)
    finished = await topic.fetch_with_progress(urls, fetch, progress)
    reported = sorted((url, page) for url, page, _when in calls)
    expected = sorted((url, page_of(url)) for url in urls)
    check(
        reported == expected,
        f"Called {call}, where c.test finishes at 0.2 s and the three others together at "
        f"0.5 s. progress received {show(calls)}; expected one call per url, with its page. "
        "Several fetches can finish in the same instant: handle every one that is done.",
    )
    late = [(url, when) for url, _page, when in calls if when > delays[url] + 1e-6]
    check(
        not late,
        f"Called {call}. progress{late[0] if late else ''} came after its fetch finished at "
        f"{delays[late[0][0]] if late else 0:.2f} s: report each page as it arrives.",
    )
    check(
        type(finished) is list
        and finished[:1] == ["c.test"]
        and sorted(finished[1:]) == ["a.test", "b.test", "d.test"],
        f"Called {call}, where c.test finishes at 0.2 s and the three others together at "
        f"0.5 s. It returned {show(finished)}; expected a list of the four urls, 'c.test' "
        "first, then the three that finished together (in any order).",
    )


@task(2, checks=("progress-every-url-once", "progress-returns-finish-order"))
async def test_progress_with_one_url(topic):
    """fetch_with_progress(['x.test'], fetch, progress) reports it once and returns ['x.test']."""
    fetch = Timeline().fake("fetch", seconds=0.3, result=page_of)
    calls = []
    finished = await topic.fetch_with_progress(
        ["x.test"], fetch, lambda url, page: calls.append((url, page))
    )
    check(
        calls == [("x.test", "<x.test>")],
        f"Called fetch_with_progress(['x.test'], fetch, progress). progress received "
        f"{show(calls)}; expected one call, progress('x.test', '<x.test>').",
    )
    expect_result(finished, ["x.test"], call="fetch_with_progress(['x.test'], fetch, progress)")


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
    async with leftovers_stopped() as before:
        timeline.start_clock()
        with stopwatch() as watch:
            result = await topic.first_response(mirrors, download)
        ends = outcomes(timeline)
        leftovers = running_tasks(before)
        check(
            timeline.peak == len(mirrors),
            f"Called {call}. At most {timeline.peak} downloads ran at once; expected all "
            f"{len(mirrors)} to start together.\n" + timeline.render(),
        )
        starts = [span.start - timeline.origin for span in timeline.spans]
        check(
            max(starts) < 1e-6,
            f"Called {call}. The last download started at {max(starts):.2f} s; expected all "
            f"{len(mirrors)} to start at once, at 0.00 s.\n" + timeline.render(),
        )
        losers = ["download('slow.test')", "download('far.test')"]
        finished = [label for label in losers if ends.get(label) == "done"]
        check(
            not finished,
            f"Called {call}. {', '.join(finished)} ran to the end: the race should be over when "
            "the first download finishes, and the losers cancelled. (asyncio.wait waits for "
            "all of them unless you pass return_when=asyncio.FIRST_COMPLETED.)\n"
            + timeline.render(),
        )
        check(
            result == data_from("fast.test"),
            f"Called {call}, where fast.test answers after 0.3 s, slow.test after 1 s and "
            f"far.test after 2 s. It returned {show(result)}; expected "
            f"{data_from('fast.test')!r}, the first download to finish.\n" + timeline.render(),
        )
        still = [label for label in losers if ends.get(label) == "running"]
        check(not still, not_stopped_message(call, still, leftovers) + "\n" + timeline.render())
        expect_duration(
            watch.elapsed,
            at_least=0.3,
            under=0.5,
            call=f"{call}, where the fastest download takes 0.3 s",
            expected="0.3 s: the race ends when the fastest download finishes.",
            timeline=timeline,
        )
        check(
            not leftovers,
            f"Called {call}. When it returned, {len(leftovers)} task(s) it started were still "
            "running; nothing may be left running after the race.",
        )


@task(3, checks=("race-cancellation-propagates", "race-cancelled-cancels-downloads"))
async def test_first_response_cancelled_from_outside_cancels_downloads(topic):
    """first_response cancelled by asyncio.timeout(0.5) cancels its downloads too."""
    timeline = Timeline()
    delays = {"slow.test": 1.0, "far.test": 2.0}
    download = timeline.fake("download", seconds=delays.get, result=data_from)
    call = show_call("first_response", list(delays), download)
    async with leftovers_stopped() as before:
        timeline.start_clock()
        outcome = None
        try:
            async with asyncio.timeout(0.5):
                outcome = await topic.first_response(list(delays), download)
        except TimeoutError:
            timed_out = True
        else:
            timed_out = False
        ends = outcomes(timeline)
        leftovers = running_tasks(before)
        check(
            timed_out,
            f"Ran {call} inside `async with asyncio.timeout(0.5)`, every download taking 1 s "
            f"or more. It returned {show(outcome)} instead of being cancelled at 0.5 s: do not "
            "swallow CancelledError.\n" + timeline.render(),
        )
        not_cancelled = [label for label, end in ends.items() if end != "cancelled"]
        if leftovers and all(t.cancelling() for t in leftovers):
            what = "had been asked to cancel but were still running (await them after cancel())"
        elif leftovers:
            what = "were left running"
        else:
            what = "were not cancelled"
        check(
            not not_cancelled and not leftovers,
            f"Ran {call} inside `async with asyncio.timeout(0.5)`, every download taking 1 s "
            f"or more. first_response was cancelled at 0.5 s, but its downloads {what}. When "
            "you are cancelled, cancel the downloads too and await them: do it in a `finally` "
            "block.\n" + timeline.render(),
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
    deploy = timeline.fake("deploy", seconds=delays.get, result=lambda server: None)
    call = show_call("deploy_all", list(delays), deploy)
    timeline.start_clock()
    with stopwatch() as watch:
        report = await topic.deploy_all(list(delays), deploy)
    expected = dict.fromkeys(delays, "ok")
    check(
        same(report, expected),
        f"Called {call}. It returned {show(report)}; expected {expected}.\n" + timeline.render(),
    )
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.5,
        call=f"{call}, where the slowest deployment takes 1 s",
        expected="1 s: all three at the same time, waiting for every one when none fails.",
        timeline=timeline,
    )
    check(
        timeline.peak == len(delays),
        f"Called {call}. At most {timeline.peak} deployments ran at once; expected all "
        f"{len(delays)}.\n" + timeline.render(),
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
    error = RuntimeError("bravo: disk full")
    deploy = timeline.fake(
        "deploy",
        seconds=DEPLOY_DELAYS.get,
        result=raising({"bravo": error}, result=lambda server: None),
    )
    servers = list(DEPLOY_DELAYS)
    call = show_call("deploy_all", servers, deploy)
    setting = (
        f"Called {call}, where alpha finishes at 0.2 s, bravo fails at 0.5 s, charlie and "
        "delta would take 1 s and 2 s."
    )
    async with leftovers_stopped() as before:
        timeline.start_clock()
        with stopwatch() as watch:
            try:
                report = await topic.deploy_all(servers, deploy)
            except Exception as raised:
                if error not in leaves(raised):
                    raise
                fail(
                    f"{setting} It raised {describe(error)}; expected it to report "
                    "'failed' for bravo instead of raising.\n" + timeline.render()
                )
        ends = outcomes(timeline)
        leftovers = running_tasks(before)
        expected = {"alpha": "ok", "bravo": "failed", "charlie": "cancelled", "delta": "cancelled"}
        late = ["deploy('charlie')", "deploy('delta')"]
        finished = [label for label in late if ends.get(label) == "done"]
        check(
            not finished,
            f"{setting} {', '.join(finished)} ran to the end: deploy_all kept waiting after "
            "bravo failed. Stop at the first failure (asyncio.wait with "
            "return_when=asyncio.FIRST_EXCEPTION) and cancel the rest.\n" + timeline.render(),
        )
        still = [label for label in late if ends.get(label) == "running"]
        check(not still, not_stopped_message(call, still, leftovers) + "\n" + timeline.render())
        check(
            same(report, expected),
            f"{setting} It returned {show(report)}; expected {expected}.",
        )
        expect_duration(
            watch.elapsed,
            at_least=0.5,
            under=0.7,
            call=call,
            expected="0.5 s: stop as soon as bravo fails.",
            timeline=timeline,
        )
        check(
            timeline.peak == len(servers),
            f"{setting} At most {timeline.peak} deployments ran at once; expected all "
            f"{len(servers)}.\n" + timeline.render(),
        )


@task(4, checks=("deploy-reports-outcomes",))
async def test_deploy_all_reports_failures_at_the_same_instant(topic):
    """deploy_all: bravo and charlie fail together at 0.5 s; both are 'failed'."""
    timeline = Timeline()
    delays = {"alpha": 0.2, "bravo": 0.5, "charlie": 0.5, "delta": 2.0}
    errors = {"bravo": RuntimeError("bravo: disk full"), "charlie": OSError("charlie: no route")}
    deploy = timeline.fake(
        "deploy", seconds=delays.get, result=raising(errors, result=lambda server: None)
    )
    call = show_call("deploy_all", list(delays), deploy)
    async with leftovers_stopped():
        timeline.start_clock()
        report = await topic.deploy_all(list(delays), deploy)
    expected = {"alpha": "ok", "bravo": "failed", "charlie": "failed", "delta": "cancelled"}
    check(
        same(report, expected),
        f"Called {call}, where bravo and charlie both fail at 0.5 s. It returned "
        f"{show(report)}; expected {expected}: every task that failed is 'failed', even "
        "when several fail in the same instant.\n" + timeline.render(),
    )


@task(4, checks=("deploy-never-raises", "deploy-reports-outcomes"))
async def test_deploy_all_with_no_servers(topic):
    """deploy_all([], deploy) returns {} without raising."""
    deploy = Timeline().fake("deploy", seconds=0.5, result=lambda server: None)
    try:
        report = await topic.deploy_all([], deploy)
    except ValueError as error:
        fail(
            f"Called deploy_all([], deploy). It raised {describe(error)}; expected {{}}: "
            "asyncio.wait refuses an empty collection, so return early when there is nothing "
            "to deploy."
        )
    expect_result(report, {}, call="deploy_all([], deploy)", meaning="no server, no outcome")


# Task 5: TaskGroup and ExceptionGroup


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


def jobs_call(name, jobs):
    """``run_all([one, two])``, naming the jobs."""
    return f"{name}([{', '.join(job.__name__ for job in jobs)}])"


@task(5, checks=("run-all-at-once", "run-all-results-in-job-order"))
async def test_run_all_returns_results_in_job_order(topic):
    """run_all([one, two, three]) runs them at once; results in job order."""
    timeline = Timeline()
    plan = {"one": (1.0, "first"), "two": (0.3, "second"), "three": (0.6, "third")}
    jobs = make_jobs(timeline, plan)
    call = jobs_call("run_all", jobs)
    timeline.start_clock()
    with stopwatch() as watch:
        results = await topic.run_all(jobs)
    expected = ["first", "second", "third"]
    check(
        same(results, expected),
        f"Called {call}, where one() takes 1 s, two() 0.3 s and three() 0.6 s. It returned "
        f"{show(results)} ({type(results).__name__}); expected the list {expected}, in the "
        "order of jobs."
        + (
            " That is the order they finished."
            if same(results, ["second", "third", "first"])
            else ""
        ),
    )
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.5,
        call=f"{call}, where the slowest job takes 1 s",
        expected="1 s: all three jobs at the same time.",
        timeline=timeline,
    )
    check(
        timeline.peak == len(jobs),
        f"Called {call}. At most {timeline.peak} jobs ran at once; expected all "
        f"{len(jobs)}.\n" + timeline.render(),
    )


@task(5, checks=("run-all-failure-raises-group",))
async def test_run_all_failure_cancels_the_rest_and_raises_a_group(topic):
    """run_all: two() fails at 0.5 s; the group cancels the others and raises ExceptionGroup."""
    timeline = Timeline()
    error = ValueError("two went wrong")
    plan = {"one": (2.0, "first"), "two": (0.5, error), "three": (1.0, "third")}
    jobs = make_jobs(timeline, plan)
    call = jobs_call("run_all", jobs)
    setting = f"Called {call}, where two() fails at 0.5 s and the others take 1 s and 2 s."
    async with leftovers_stopped() as before:
        timeline.start_clock()
        raised = None
        with stopwatch() as watch:
            try:
                results = await topic.run_all(jobs)
            except Exception as exc:
                raised = exc
        ends = outcomes(timeline)
        leftovers = running_tasks(before)
        if raised is None:
            fail(f"{setting} It returned {show(results)}; expected it to raise an ExceptionGroup.")
        if raised is error:
            fail(
                f"{setting} It raised the ValueError itself; expected an ExceptionGroup holding "
                "it. Run the jobs in `async with asyncio.TaskGroup() as group:`, which wraps "
                "its tasks' errors in an ExceptionGroup, and let that propagate."
                + (" The other jobs were left running, too." if leftovers else "")
                + "\n"
                + timeline.render()
            )
        if error not in leaves(raised):
            raise raised
        check(
            isinstance(raised, BaseExceptionGroup),
            f"{setting} It raised {describe(raised)}; expected an ExceptionGroup holding "
            "two()'s ValueError, as asyncio.TaskGroup raises it.",
        )
        others = ["one()", "three()"]
        not_cancelled = [label for label in others if ends.get(label) != "cancelled"]
        check(
            not not_cancelled and not leftovers,
            f"{setting} {', '.join(not_cancelled) or 'Some jobs'} were not cancelled when two() "
            "failed: an asyncio.TaskGroup cancels the other tasks for you.\n" + timeline.render(),
        )
        expect_duration(
            watch.elapsed,
            at_least=0.5,
            under=0.7,
            call=call,
            expected="0.5 s: the group stops when two() fails.",
            timeline=timeline,
        )


# Task 6: except*


def report_plan(**failures):
    plan = {"fine": (0.2, "fine result"), "slow": (2.0, "slow result")}
    plan.update({name: (0.5, error) for name, error in failures.items()})
    return plan


@task(6, checks=("report-results-when-ok",))
async def test_report_gives_results_when_nothing_fails(topic):
    """run_and_report([3 jobs]), none failing: results in job order, no invalid or offline."""
    timeline = Timeline()
    plan = {"one": (1.0, "first"), "two": (0.3, "second"), "three": (0.6, "third")}
    jobs = make_jobs(timeline, plan)
    call = jobs_call("run_and_report", jobs)
    timeline.start_clock()
    with stopwatch() as watch:
        report = await topic.run_and_report(jobs)
    expected = {"results": ["first", "second", "third"], "invalid": [], "offline": []}
    check(
        same(report, expected),
        f"Called {call}. It returned {show(report)}; expected {expected}.",
    )
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.5,
        call=f"{call}, where the slowest job takes 1 s",
        expected="1 s: all three jobs at the same time.",
        timeline=timeline,
    )


@task(6, checks=("report-sorts-errors-by-kind", "report-results-none-on-failure"))
async def test_report_sorts_several_failures_by_kind(topic):
    """run_and_report: two ValueErrors and a ConnectionError at once go to invalid/offline."""
    timeline = Timeline()
    plan = report_plan(
        rows=ValueError("row 7 is empty"),
        database=ConnectionError("database is down"),
        ids=ValueError("row 9 has no id"),
    )
    jobs = make_jobs(timeline, plan)
    call = jobs_call("run_and_report", jobs)
    setting = (
        f"Called {call}, where rows() and ids() raise ValueError and database() raises "
        "ConnectionError, all three at 0.5 s."
    )
    try:
        report = await topic.run_and_report(jobs)
    except BaseExceptionGroup as group:
        kinds = sorted({type(leaf).__name__ for leaf in leaves(group)})
        fail(
            f"{setting} An ExceptionGroup of {', '.join(kinds)} came out of it. A plain "
            "`except ValueError:` does not look inside an ExceptionGroup: use "
            "`except* ValueError as errors:` and `except* ConnectionError as errors:`."
        )
    except (ValueError, ConnectionError) as error:
        fail(
            f"{setting} It raised {describe(error)}; expected it to report the failures. "
            "Run the jobs in an asyncio.TaskGroup and catch its errors with except*."
        )
    expected = {
        "results": None,
        "invalid": ["row 7 is empty", "row 9 has no id"],
        "offline": ["database is down"],
    }
    check(
        isinstance(report, dict) and set(report) == set(expected),
        f"{setting} It returned {show(report)}; expected a dict with the keys 'results', "
        "'invalid' and 'offline'.",
    )
    got = {
        "results": report["results"],
        "invalid": sorted(report["invalid"], key=str) if type(report["invalid"]) is list else None,
        "offline": sorted(report["offline"], key=str) if type(report["offline"]) is list else None,
    }
    hint = ""
    if len(got["invalid"]) == 1:
        hint = (
            " Only one ValueError was reported: the group holds every error raised, in "
            "errors.exceptions."
        )
    check(same(got, expected), f"{setting} It returned {show(report)}; expected {expected}.{hint}")


@task(6, checks=("report-other-errors-propagate",))
async def test_report_lets_other_errors_propagate(topic):
    """run_and_report: a KeyError beside a ValueError propagates in an ExceptionGroup."""
    timeline = Timeline()
    key_error = KeyError("customer_id")
    plan = report_plan(rows=ValueError("row 7 is empty"), lookup=key_error)
    jobs = make_jobs(timeline, plan)
    call = jobs_call("run_and_report", jobs)
    setting = (
        f"Called {call}, where rows() raises ValueError and lookup() raises KeyError, "
        "both at 0.5 s."
    )
    try:
        report = await topic.run_and_report(jobs)
    except BaseExceptionGroup as group:
        inside = leaves(group)
        check(
            key_error in inside,
            f"{setting} An ExceptionGroup came out, but without lookup()'s KeyError: "
            f"{show(inside)}.",
        )
        values = [leaf for leaf in inside if isinstance(leaf, ValueError)]
        check(
            not values,
            f"{setting} The ExceptionGroup that came out still held the ValueError: only "
            "the KeyError should propagate. Handle ValueError with `except* ValueError`.",
        )
    except KeyError:
        fail(
            f"{setting} It raised the KeyError on its own; expected it to propagate inside "
            "its ExceptionGroup, as except* leaves it."
        )
    else:
        fail(
            f"{setting} It returned {show(report)}: the KeyError was swallowed. Only "
            "ValueError and ConnectionError are yours to handle; except* lets the rest "
            "propagate by itself."
        )


@task(6, checks=("report-other-errors-propagate",))
async def test_report_lets_other_oserrors_propagate(topic):
    """run_and_report: a PermissionError (an OSError, not a ConnectionError) propagates."""
    timeline = Timeline()
    denied = PermissionError("reports/ is read-only")
    plan = report_plan(database=ConnectionError("database is down"), save=denied)
    jobs = make_jobs(timeline, plan)
    call = jobs_call("run_and_report", jobs)
    setting = (
        f"Called {call}, where database() raises ConnectionError and save() raises "
        "PermissionError, both at 0.5 s."
    )
    try:
        report = await topic.run_and_report(jobs)
    except BaseExceptionGroup as group:
        inside = leaves(group)
        check(
            denied in inside,
            f"{setting} An ExceptionGroup came out, but without save()'s PermissionError: "
            f"{show(inside)}.",
        )
    except PermissionError:
        fail(
            f"{setting} It raised the PermissionError on its own; expected it to propagate "
            "inside its ExceptionGroup, as except* leaves it."
        )
    else:
        offline = report.get("offline") if isinstance(report, dict) else None
        caught_too_much = isinstance(offline, list) and str(denied) in offline
        fail(
            f"{setting} It returned {show(report)}: the PermissionError was swallowed"
            + (
                ", reported as offline. PermissionError is an OSError but not a "
                "ConnectionError: catch `except* ConnectionError`, not a wider kind."
                if caught_too_much
                else ". Only ValueError and ConnectionError are yours to handle."
            )
        )
