"""The pytest plugin: virtual clock, blocking detection, loading and learner messages.

Each test writes a tiny topic (catalog entry, suite and submission) and runs pytest on it in
a subprocess, with the options the grader uses.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from grader.catalog import ROOT
from grader.inside.plugin import stored_outcome

pytest_plugins = ["pytester"]

CATALOG = """
[[topics]]
stem = "99_canary"
title = "canary"
tasks = [
    { number = 1, points = 1, title = "the check" },
    { number = 2, title = "more" },
    { number = 3, title = "more" },
    { number = 4, title = "more" },
    { number = 5, title = "more" },
]
"""


@pytest.fixture
def run_suite(pytester, monkeypatch):
    """Run a suite against a submission; return {test name: (outcome, learner message)}."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makeini(
        "[pytest]\nasyncio_mode = strict\nasyncio_default_fixture_loop_scope = function\n"
    )

    def run(suite: str, submission: str, *args: str) -> dict[str, tuple[str, str]]:
        (pytester.path / "topics.toml").write_text(CATALOG)
        pytester.makepyfile(test_99_canary=textwrap.dedent(suite))
        (pytester.path / "work").mkdir(exist_ok=True)
        (pytester.path / "work" / "99_canary.py").write_text(textwrap.dedent(submission))
        outcomes = pytester.path / "outcomes.jsonl"
        pytester.runpytest_subprocess(
            "-p", "grader.inside.plugin", "-p", "no:looptime_plugin", "-p", "no:cacheprovider",
            "--timeout=5", f"--catalog={pytester.path / 'topics.toml'}",
            f"--submission={pytester.path / 'work'}", f"--outcomes-file={outcomes}", *args,
        )  # fmt: skip
        records = [json.loads(line) for line in outcomes.read_text().splitlines()]
        return {  # (a teardown that passed only says the test came to its end)
            r["test"].split("::")[-1]: (r["outcome"], r["message"])
            for r in records
            if "test" in r and (r["when"], r["outcome"]) != ("teardown", "passed")
        }

    return run


CLOCK_SUITE = """
    import asyncio, time
    from grader import task, check

    @task(1)
    async def test_virtual(topic):
        '''ten seconds of sleep take no real time.'''
        loop = asyncio.get_running_loop()
        start, real = loop.time(), time.perf_counter()
        await topic.nap(10)
        check(loop.time() - start == 10.0, f"loop time {loop.time() - start}")
        check(time.perf_counter() - real < 1.0, "real time passed")

    @task(2, realtime=True)
    async def test_real(topic):
        '''a realtime test runs on the real clock.'''
        loop = asyncio.get_running_loop()
        start = loop.time()
        await topic.nap(0.05)
        check(0.05 <= loop.time() - start < 1.0, f"loop time {loop.time() - start}")
"""


def test_async_tests_run_on_the_virtual_clock_unless_realtime(run_suite):
    results = run_suite(
        CLOCK_SUITE, "import asyncio\nasync def nap(s):\n    await asyncio.sleep(s)\n"
    )
    assert results == {"test_virtual": ("passed", ""), "test_real": ("passed", "")}


SECOND_TRY_SUITE = '''
    from grader import task, check

    @task(1, realtime=True)
    async def test_flaky(topic):
        """passes on its second run."""
        check(topic.bump("flaky") == 2, "its first run fails")

    @task(2, realtime=True)
    async def test_wrong(topic):
        """fails on every run."""
        check(False, f"run {topic.bump('wrong')}")

    @task(3, realtime=True)
    async def test_unfinished(topic):
        """not done yet."""
        topic.bump("unfinished")
        topic.todo()

    @task(4)
    async def test_virtual(topic):
        """a virtual-clock test runs once."""
        check(False, f"run {topic.bump('virtual')}")

    @task(5)
    def test_runs(topic):
        """how often each test ran."""
        check(False, repr(topic.counts()))
'''

# Runs are counted in a module of their own that the import system holds: the shared-state rule
# does not look into an imported module, and these counts are meant to last from test to test.
COUNTING = """
import sys, types
RUNS = sys.modules.setdefault("canary_runs", types.ModuleType("canary_runs"))
def bump(name):
    setattr(RUNS, name, getattr(RUNS, name, 0) + 1)
    return getattr(RUNS, name)
def counts():
    return sorted((name, runs) for name, runs in vars(RUNS).items() if type(runs) is int)
def todo():
    raise NotImplementedError
"""


def test_a_failed_real_clock_test_runs_again_and_only_its_second_run_counts(run_suite):
    results = run_suite(SECOND_TRY_SUITE, COUNTING)
    assert results["test_flaky"] == ("passed", "")
    assert results["test_wrong"][0] == "failed"
    assert results["test_wrong"][1].endswith("run 2")
    assert results["test_unfinished"][0] == "failed"
    runs = [("flaky", 2), ("unfinished", 1), ("virtual", 1), ("wrong", 2)]
    assert results["test_runs"][1].endswith(repr(runs)), "not done yet or virtual: run once"


DECIDED_SUITE = """
    from grader import task, check

    @task(1)
    def test_first(topic):
        '''fails: it decides task 1.'''
        check(topic.bump("first") == 0, "wrong")

    @task(1)
    def test_second(topic):
        '''of a task already failed: not run.'''
        topic.bump("second")

    @task(2)
    def test_other(topic):
        '''of another task: runs.'''
        check(False, repr(topic.counts()))
"""


def test_a_test_of_a_task_already_failed_is_skipped(run_suite):
    """The first failure decides a task; the scorer fails a task with a skipped test
    (test_skips.py), so the skip only saves the time its tests would take."""
    results = run_suite(DECIDED_SUITE, COUNTING)
    assert results["test_first"][0] == "failed"
    outcome, message = results["test_second"]
    assert outcome == "skipped"
    assert message == "Not run: an earlier test of task 1 failed, and decides the task."
    assert results["test_other"][1].endswith("[('first', 1)]"), "test_second must not run"


def test_a_blocking_call_in_a_coroutine_is_named(run_suite):
    submission = "import asyncio\nfrom time import sleep\nasync def nap(s):\n    sleep(s)\n"
    outcome, message = run_suite(CLOCK_SUITE, submission)["test_virtual"]
    assert outcome == "failed"
    assert "Checking: ten seconds of sleep take no real time." in message
    assert "blocking call, time.sleep()" in message
    assert "The call was made at 99_canary.py, line 4, in nap." in message


def test_a_missing_function_is_one_line(run_suite):
    outcome, message = run_suite(CLOCK_SUITE, "import asyncio\n")["test_virtual"]
    assert outcome == "failed"
    assert "MISSING NAME: 99_canary.py has no function or class named 'nap'" in message


def test_an_import_error_is_one_line(run_suite):
    outcome, message = run_suite(CLOCK_SUITE, "import asyncio\ndef nap(:\n")["test_virtual"]
    assert outcome == "failed"
    assert "raised an error while being imported: SyntaxError" in message


def test_a_coroutine_waiting_forever_fails_at_the_guard(run_suite):
    submission = "import asyncio\nasync def nap(s):\n    await asyncio.Event().wait()\n"
    # Only the virtual test: the real one would wait its 5 s guard for nothing.
    outcome, message = run_suite(CLOCK_SUITE, submission, "-k", "test_virtual")["test_virtual"]
    assert outcome == "failed"
    assert "did not finish within 120 s of loop time" in message


def test_a_wait_whose_callback_failed_names_the_loops_report(run_suite):
    """The future a callback was to settle never is: the guard's message says why."""
    submission = (
        "import asyncio\nasync def nap(s):\n    loop = asyncio.get_running_loop()\n"
        "    future = loop.create_future()\n"
        "    loop.call_later(s, lambda: future.set_exception(None))\n    await future\n"
    )
    outcome, message = run_suite(CLOCK_SUITE, submission, "-k", "test_virtual")["test_virtual"]
    assert outcome == "failed"
    assert "did not finish within 120 s of loop time" in message
    assert "(meanwhile the event loop reported: TypeError" in message


def test_not_implemented_says_not_done_yet(run_suite):
    submission = "async def nap(s):\n    raise NotImplementedError('task 1')\n"
    outcome, message = run_suite(CLOCK_SUITE, submission)["test_virtual"]
    assert outcome == "failed"
    assert message.splitlines()[-1] == (
        "Not done yet: nap still raises NotImplementedError (the TODO at 99_canary.py, line 2)."
    )


def test_a_test_without_a_task_or_with_an_unknown_one_is_refused(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    (pytester.path / "topics.toml").write_text(CATALOG)
    pytester.makepyfile(
        test_99_canary="""
            from grader import task

            def test_untagged(topic):
                pass

            @task(7)
            def test_unknown_task(topic):
                pass
        """
    )
    result = pytester.runpytest_subprocess(
        "-p", "grader.inside.plugin", "-p", "no:looptime_plugin", "--collect-only",
        f"--catalog={pytester.path / 'topics.toml'}",
    )  # fmt: skip
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*test_untagged has no @task(N) marker*", "*marked task 7*"])


LEFTOVER_SUITE = """
    from grader import task

    @task(1)
    def test_leaves_something(topic):
        '''the code under test returns.'''
        topic.start()

    @task(2)
    def test_next(topic):
        '''the next test is not affected.'''
        assert topic.nothing() is None
"""


@pytest.mark.parametrize(
    ("start", "words"),
    [
        (
            "import threading\n_stop = threading.Event()\n"
            "def start():\n    threading.Thread(target=_stop.wait, name='forever').start()\n",
            "a thread (forever) still running",
        ),
        (
            "import subprocess, sys\nSLEEPER = 'import time; time.sleep(60)'\n"
            "def start():\n    subprocess.Popen([sys.executable, '-c', SLEEPER])\n",
            "a child process",
        ),
        (
            "import socket\n_servers = []\n"
            "def start():\n    s = socket.socket()\n    s.bind(('127.0.0.1', 0))\n    s.listen()\n"
            "    _servers.append(s)\n",
            "a server still listening on 127.0.0.1:",
        ),
        (
            "import asyncio\n_loops = []\n"
            "def start():\n    _loops.append(asyncio.new_event_loop())\n",
            "an event loop that was never closed",
        ),
        (
            "import asyncio\n_loops = []\n"
            "def start():\n    _loops.extend(asyncio.new_event_loop() for _ in range(2))\n",
            "2 event loops that were never closed",
        ),
    ],
    ids=["thread", "process", "server", "loop", "two-loops"],
)
def test_what_a_test_leaves_running_fails_it_and_is_stopped(run_suite, start, words):
    results = run_suite(LEFTOVER_SUITE, start + "def nothing():\n    return None\n")
    outcome, message = results["test_leaves_something"]
    assert outcome == "failed"
    assert words in message
    assert "your code had left" in message
    assert results["test_next"] == ("passed", "")


CANCELLING = """
    import asyncio
    import pytest
    from grader import task

    async def cancel_soon(task):
        await asyncio.sleep(1)
        task.cancel()
        await asyncio.wait([task])
"""
KEPT_ON_SUITE = (
    CANCELLING
    + """
    @task(1)
    async def test_learner_task(topic):
        '''the task of the learner's coroutine is cancelled; the test looks no further.'''
        await cancel_soon(asyncio.create_task(topic.serve()))

    @task(2)
    async def test_inner_task(topic):
        '''a task the learner's code starts itself.'''
        await topic.spawn_and_cancel()

    @task(3)
    async def test_converted(topic):
        '''the learner's coroutine turns the cancellation into another error.'''
        await cancel_soon(asyncio.create_task(topic.converts()))

    @task(4)
    async def test_suite_task(topic):
        '''a coroutine of the suite's own that keeps on is not the learner's doing.'''
        async def keeps_on():
            try:
                await asyncio.sleep(5)
            except asyncio.CancelledError:
                return 1
        await cancel_soon(asyncio.create_task(keeps_on()))

    @task(5)
    async def test_timeout(topic):
        '''asyncio.timeout takes back the cancel it makes: not kept on.'''
        await asyncio.create_task(topic.with_timeout())
"""
)
KEEPS_ON = """
    import asyncio

    async def serve():
        try:
            await asyncio.sleep(5)
        except asyncio.CancelledError:
            return "stopped"

    async def converts():
        try:
            await asyncio.sleep(5)
        except asyncio.CancelledError:
            raise RuntimeError("stopped") from None

    async def spawn_and_cancel():
        task = asyncio.create_task(serve())
        await asyncio.sleep(1)
        task.cancel()
        await asyncio.wait([task])

    async def with_timeout():
        try:
            async with asyncio.timeout(1):
                await asyncio.sleep(5)
        except TimeoutError:
            return "timed out"
"""


def test_a_task_of_the_learners_that_was_cancelled_and_still_returned_fails(run_suite):
    results = run_suite(KEPT_ON_SUITE, KEEPS_ON)
    for test in ("test_learner_task", "test_inner_task"):
        outcome, message = results[test]
        assert outcome == "failed", test
        heading, _, body = message.partition("\n")  # the test's check heads the message
        assert heading.startswith("Checking: ") and len(heading) > len("Checking: "), message
        assert body.startswith("serve was cancelled and still returned a result"), message
        assert "lets `asyncio.CancelledError` go on" in message
    outcome, message = results["test_converted"]
    assert outcome == "failed"
    body = message.partition("\n")[2]
    assert body.startswith("converts was cancelled and raised RuntimeError instead"), message
    assert results["test_suite_task"] == ("passed", "")
    assert results["test_timeout"] == ("passed", "")
    letting_go = KEEPS_ON.replace('return "stopped"', "raise")
    assert run_suite(KEPT_ON_SUITE, letting_go)["test_learner_task"] == ("passed", "")


LEFT_RUNNING_SUITE = (
    CANCELLING
    + """
    @task(1)
    async def test_learner_task(topic):
        '''the learner's coroutine is cancelled while the task it started waits.'''
        await cancel_soon(asyncio.create_task(topic.starts_one()))

    @task(2)
    async def test_suite_wrapper(topic):
        '''the suite's own coroutine runs the learner's code and is cancelled.'''
        async def around():
            await topic.starts_one()
        await cancel_soon(asyncio.create_task(around()))

    @pytest.mark.may_leave_tasks
    @task(3)
    async def test_allowed(topic):
        '''the same, in a test whose task lets the tasks go on.'''
        await cancel_soon(asyncio.create_task(topic.starts_one()))

    @task(4)
    async def test_left_by_the_test(topic):
        '''tasks still running when the test ends are the grader's to stop.'''
        asyncio.create_task(topic.starts_one())
        await asyncio.sleep(1)
"""
)
LEAVES_ONE = """
    import asyncio

    async def starts_one():
        started = asyncio.create_task(asyncio.sleep(3600))
        await asyncio.sleep(3600)
"""
STOPS_IT = """
    import asyncio

    async def starts_one():
        started = asyncio.create_task(asyncio.sleep(3600))
        try:
            await asyncio.sleep(3600)
        finally:
            started.cancel()
            await asyncio.gather(started, return_exceptions=True)
"""


def test_a_cancelled_task_that_leaves_a_task_it_started_running_fails(run_suite, pytester):
    results = run_suite(LEFT_RUNNING_SUITE, LEAVES_ONE)
    outcome, message = results["test_learner_task"]
    assert outcome == "failed"
    heading, _, body = message.partition("\n")
    assert (
        heading == "Checking: the learner's coroutine is cancelled while the task it started waits."
    )
    assert body.startswith("starts_one was cancelled and ended cancelled while tasks it "), message
    assert "started (sleep) still ran." in message
    assert "A cancelled `async` function leaves none of the tasks" in message
    outcome, message = results["test_suite_wrapper"]
    assert outcome == "failed"
    assert "around was cancelled and ended cancelled" in message, message
    assert results["test_allowed"] == ("passed", "")
    assert results["test_left_by_the_test"] == ("passed", "")
    results = run_suite(LEFT_RUNNING_SUITE, STOPS_IT)
    assert results["test_learner_task"] == results["test_suite_wrapper"] == ("passed", "")
    # A submission that turns the switch off (rules_in_force, which only says where the
    # message goes) is refused, and the topic scores 0 for it.
    switching = LEAVES_ONE.replace(
        "        started =",
        "        import sys\n"
        "        sys.modules['grader.inside.rules'].rules_in_force.left_running = False\n"
        "        started =",
    )
    assert "left_running = False" in switching
    run_suite(LEFT_RUNNING_SUITE, switching)
    records = (pytester.path / "outcomes.jsonl").read_text()
    assert "changed what the tests keep to grade the run (RulesInForce.left_running)" in records


def test_a_traceback_formatted_in_a_coroutine_is_not_a_blocking_call(run_suite):
    """The guard keeps the hidden sources out of linecache, looking at each file's path: its
    own work, which a traceback formatted on the loop (the learner's, or pytest's for an
    unraisable exception) must not have blamed on the learner as a blocking call."""
    suite = """
        from grader import task, check

        @task(1)
        async def test_formats(topic):
            '''a coroutine formats the traceback of an error it caught.'''
            text = await topic.formats()
            check("ZeroDivisionError" in text, text)
    """
    submission = (
        "import traceback\n"
        "async def formats():\n"
        "    try:\n"
        "        1 / 0\n"
        "    except ZeroDivisionError:\n"
        "        return traceback.format_exc()\n"
    )
    assert run_suite(suite, submission)["test_formats"] == ("passed", "")


def test_an_import_inside_a_coroutine_is_not_a_blocking_call(run_suite):
    """The guard looks at every file opened, imports included; that is not the learner blocking."""
    submission = (
        "import asyncio\nasync def nap(s):\n    import colorsys  # first import: opens files\n"
        "    await asyncio.sleep(s)\n"
    )
    assert run_suite(CLOCK_SUITE, submission)["test_virtual"] == ("passed", "")


def test_a_run_whose_session_could_not_finish_does_not_end_as_if_all_went_well(
    pytester, monkeypatch
):
    """A hook failing before the outcome writer's own at the end of the session: the process
    ends with pytest's internal-error code, its error printed for the grader's report."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    (pytester.path / "topics.toml").write_text(CATALOG)
    pytester.makeconftest(
        """
        import pytest

        @pytest.hookimpl(tryfirst=True)
        def pytest_sessionfinish(session):
            raise RuntimeError("the session could not finish")
        """
    )
    pytester.makepyfile(
        test_99_canary="from grader import task\n\n@task(1)\ndef test_one():\n    pass\n"
    )
    outcomes = pytester.path / "outcomes.jsonl"
    result = pytester.runpytest_subprocess(
        "-p", "grader.inside.plugin", "-p", "no:looptime_plugin", "-p", "no:cacheprovider",
        f"--catalog={pytester.path / 'topics.toml'}", f"--outcomes-file={outcomes}",
    )  # fmt: skip
    assert result.ret == pytest.ExitCode.INTERNAL_ERROR
    records = [json.loads(line) for line in outcomes.read_text().splitlines()]
    assert not any("finished" in record for record in records)
    assert "RuntimeError: the session could not finish" in result.stderr.str() + result.stdout.str()


LEAVES_ON_ITS_FIRST_RUN = '''
    from grader import task, check

    @task(1, realtime=True)
    async def test_leaves(topic):
        """fails its first run, leaving a thread behind."""
        check(topic.run() == 2, "its first run fails")
'''

AGENT = """
import threading, types
RUNS = types.SimpleNamespace(run=0)
STOP = threading.Event()
def run():
    RUNS.run += 1
    if RUNS.run == 1:
        threading.Thread(target=STOP.wait, name="agent", daemon=True).start()
    return RUNS.run
"""


def test_what_a_first_run_leaves_behind_is_not_forgiven_by_a_second(run_suite):
    outcome, message = run_suite(LEAVES_ON_ITS_FIRST_RUN, AGENT)["test_leaves"]
    assert outcome == "failed"
    assert "agent" in message, message


SLOW_FAILURE = '''
    import asyncio
    from grader import task, check

    @task(1, realtime=True)
    async def test_slow(topic):
        """fails after more than half of its time limit."""
        await asyncio.sleep(2.6)
        check(False, f"run {topic.bump('slow')}")
'''


def test_a_first_run_that_used_half_the_time_limit_is_not_run_again(run_suite):
    outcome, message = run_suite(SLOW_FAILURE, COUNTING)["test_slow"]  # --timeout=5
    assert outcome == "failed"
    assert message.endswith("run 1"), message


def test_an_outcome_is_read_from_the_report_itself_not_from_its_class():
    class Lying(pytest.TestReport):
        outcome = property(lambda self: "passed", lambda self, value: None)

    where = ("test_x.py", 1, "test_x")
    lying = Lying("test_x.py::test_x", where, {}, "failed", None, "call")
    assert lying.outcome == "passed"
    assert stored_outcome(lying) == "failed"  # none was stored: pytest's "failed" was lost
    honest = pytest.TestReport("test_x.py::test_x", where, {}, "passed", None, "call")
    assert stored_outcome(honest) == "passed"
