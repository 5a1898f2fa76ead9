"""The helpers suites compare results with: exact types and values, all the way down."""

from __future__ import annotations

import asyncio
import contextvars
import socket
import threading

import pytest

from grader import expect_result, same, show
from grader.inside.loops import (
    RealLoop,
    after_learners_callbacks,
    callbacks_waiting_under,
    still_running_under,
    unclaimed_running_since,
    virtual_loop,
)
from grader.inside.network import EPHEMERAL_LOW, free_port, lowest_ephemeral_port
from grader.inside.running import Started, check_none_left
from grader.inside.spies import loop_errors
from grader.inside.suite import line_end_hint


class AlwaysEqualList(list):
    def __eq__(self, other):
        return True


class AlwaysEqualStr(str):
    def __eq__(self, other):
        return True


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ([1, "a", (2.5, None)], [1, "a", (2.5, None)]),
        ({"x": [1, 2]}, {"x": [1, 2]}),
        ({1, 2}, {2, 1}),
        ({"b": 1, "a": 2}, {"a": 2, "b": 1}),
        (float("nan"), float("nan")),
        ([float("nan"), 1], [float("nan"), 1]),
        ([10**400, "a", b"b", None, True], [10**400, "a", b"b", None, True]),
    ],
)
def test_same_accepts_equal_values_of_the_same_types(actual, expected):
    assert same(actual, expected)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (AlwaysEqualList(), [1, 2]),
        (AlwaysEqualStr("no"), "yes"),
        ([AlwaysEqualStr("no")], ["yes"]),
        (True, 1),
        (1.0, 1),
        ((1, 2), [1, 2]),
        ([1, 2], [2, 1]),
        ({True: 1}, {1: 1}),
        ({1, 2}, {1, 3}),
        ([1, True], [1, 1]),
        ([1, AlwaysEqualStr("no")], [1, "yes"]),
        ([1, 2, 3], [1, 2]),
    ],
)
def test_same_refuses_lookalikes(actual, expected):
    assert not same(actual, expected)


def test_expect_result_names_the_subclass():
    with pytest.raises(pytest.fail.Exception, match="a subclass of list"):
        expect_result(AlwaysEqualList(), [1], call="f()")


@pytest.mark.parametrize(
    "value",
    [
        "the quick brown fox jumps over the lazy dog and then runs far away into the woods",
        ["a long line of words that keeps going well past the limit of a short repr"],
    ],
)
def test_show_never_cuts_text_in_the_middle_of_a_word(value):
    text = str(value[0] if isinstance(value, list) else value)
    shown = show(value)
    assert "..." in shown
    kept = shown.split("...")[0].strip("['\"")
    assert text.startswith(kept)
    assert text[len(kept)] == " ", f"cut inside a word: {shown}"


def test_peak_of_counts_overlaps_but_not_intervals_that_only_touch():
    from grader.inside.running import peak_of

    assert peak_of([(0, 2), (1, 3), (1.5, 4)]) == 3
    assert peak_of([(0, 1), (1, 2), (2, 3)]) == 1
    assert peak_of(((0, 1.0000001), (1, 2)), tolerance=1e-6) == 1
    assert peak_of([(0, 1.0000001), (1, 2)]) == 2
    assert peak_of([]) == 0


def test_reraise_failed_raises_a_failed_task_error_and_ignores_the_others():
    import asyncio

    from grader.inside.running import reraise_failed

    async def scene():
        async def boom():
            raise KeyError("x")

        failed = asyncio.create_task(boom())
        cancelled = asyncio.create_task(asyncio.sleep(1))
        running = asyncio.create_task(asyncio.sleep(1))
        await asyncio.sleep(0)
        cancelled.cancel()
        await asyncio.wait([failed, cancelled], timeout=1)
        reraise_failed([cancelled, running])  # nothing failed among these
        with pytest.raises(KeyError):
            reraise_failed([cancelled, running, failed])
        running.cancel()

    asyncio.run(scene())


def test_a_thread_call_keeps_what_the_call_returned_or_raised():
    import asyncio
    import threading

    from grader.inside.running import ThreadCall

    release = threading.Event()
    slow = ThreadCall(release.wait, 5.0)
    assert not slow.ended(0.01)
    release.set()
    assert slow.ended(1.0)
    assert slow.outcome() is True
    failing = ThreadCall(int, "not a number")
    assert asyncio.run(failing.wait(1.0))
    with pytest.raises(ValueError):
        failing.outcome()
    assert failing.result is None


def test_check_all_at_once_says_how_many_ran_together_and_draws_them():
    import asyncio

    from grader.inside.running import check_all_at_once
    from grader.inside.suite import called
    from grader.inside.timeline import Timeline

    now = [0.0]
    timeline = Timeline(clock=lambda: now[0])

    async def two_together_then_one():
        async with timeline.span("fetch('a')"), timeline.span("fetch('b')"):
            now[0] = 1.0
        async with timeline.span("fetch('c')"):
            now[0] = 2.0

    asyncio.run(two_together_then_one())
    check_all_at_once(called("f()", timeline), 2, "fetches")
    with pytest.raises(pytest.fail.Exception) as failure:
        check_all_at_once(called("f()", timeline), 3, "fetches")
    text = str(failure.value)
    assert text.startswith("Called f(). At most 2 fetches ran at once; expected all 3.\n")
    assert "fetch('c')" in text


def test_timed_gives_the_result_or_the_caught_error_and_the_loop_time_taken():
    import asyncio

    from grader.inside.running import timed
    from grader.inside.timeline import Timeline

    async def answer():
        await asyncio.sleep(0.01)
        return 42

    async def broken():
        raise KeyError("x")

    async def scene():
        timeline = Timeline()
        result, error, elapsed = await timed(answer(), timeline)
        assert (result, error) == (42, None) and 0.009 <= elapsed < 1.0
        assert timeline.origin is not None
        result, error, _elapsed = await timed(broken(), catch=KeyError)
        assert result is None and isinstance(error, KeyError)
        with pytest.raises(KeyError):
            await timed(broken())

    asyncio.run(scene())


def test_loop_errors_collect_and_pass_on_only_when_asked():
    """A callback's error is collected; the handler set before sees it only with pass_on."""
    from grader.inside.spies import loop_errors

    async def scene():
        loop = asyncio.get_running_loop()
        seen = []
        loop.set_exception_handler(lambda _loop, context: seen.append(context["exception"]))
        for pass_on in (False, True):
            with loop_errors(pass_on=pass_on) as errors:
                loop.call_soon(lambda: 1 / 0)
                await asyncio.sleep(0)
            assert [type(e["exception"]) for e in errors] == [ZeroDivisionError]
            assert len(seen) == int(pass_on)

    asyncio.run(scene())


def test_free_port_is_bindable_and_never_one_the_kernel_hands_out(tmp_path):
    port = free_port()
    assert port < EPHEMERAL_LOW
    with socket.socket() as server:
        server.bind(("127.0.0.1", port))
    with socket.socket() as anyone:
        anyone.bind(("127.0.0.1", 0))
        assert anyone.getsockname()[1] >= EPHEMERAL_LOW


def test_the_ephemeral_range_is_read_or_linux_default_assumed(tmp_path):
    (tmp_path / "range").write_text("40000\t60999\n")
    assert lowest_ephemeral_port(tmp_path / "range") == 40000
    assert lowest_ephemeral_port(tmp_path / "missing") == 32768


def test_a_fake_called_by_keyword_records_and_answers_as_called_by_position():
    import asyncio

    from grader.inside.timeline import Timeline

    async def both():
        timeline = Timeline()
        fetch = timeline.fake("fetch", seconds=lambda url: len(url) / 1000, result=str.upper)
        return await fetch("ab"), await fetch(url="cd"), timeline.labels

    assert asyncio.run(both()) == ("AB", "CD", ["fetch('ab')", "fetch('cd')"])


def test_a_fake_on_the_loops_clock_runs_only_on_the_loop_its_timeline_was_made_on():
    """Awaited on a loop of the code's own (in a thread), its time is none of the test's."""
    import asyncio

    import pytest

    from grader.inside.timeline import Timeline

    async def elsewhere():
        timeline = Timeline()
        work = timeline.fake("work", seconds=0)
        await work(1)  # on the test's loop
        other = asyncio.new_event_loop()
        try:
            await asyncio.to_thread(other.run_until_complete, work(2))
        finally:
            other.close()

    with pytest.raises(RuntimeError, match=r"the tests' work\(2\) ran on an event loop other"):
        asyncio.run(elsewhere())


def test_a_timeline_made_outside_a_loop_keeps_to_the_first_loop_its_spans_run_on():
    import asyncio

    import pytest

    from grader.inside.timeline import Timeline

    timeline = Timeline()
    work = timeline.fake("work", seconds=0)
    asyncio.run(work(1))
    with pytest.raises(RuntimeError, match="other than the test's"):
        asyncio.run(work(2))
    wall = Timeline(clock=lambda: 0.0)  # a clock of its own: any loop, any thread
    asyncio.run(wall.fake("work", seconds=0)(1))
    asyncio.run(wall.fake("work", seconds=0)(2))
    assert wall.labels == ["work(1)", "work(2)"]


def test_cancelled_fakes_stop_at_once_but_in_a_cancellation_check_each_later():
    """Under slow_stops, the n-th fake cancelled takes n steps to stop: gather with no
    return_exceptions, cancelled, ends on the first and leaves the others running."""
    import asyncio
    import contextlib
    import contextvars

    from grader.inside.loops import virtual_loop
    from grader.inside.timeline import STOP_STEP, Timeline, slow_stops

    async def cancelled_at_one(slow: bool) -> tuple[list[float], bool]:
        timeline = Timeline()
        fetch = timeline.fake("fetch", seconds=60)
        loop = asyncio.get_running_loop()  # tasks in a context of their own: it holds no flag
        fetches = [loop.create_task(fetch(n), context=contextvars.Context()) for n in (1, 2, 3)]
        waiting = asyncio.ensure_future(asyncio.gather(*fetches))
        await asyncio.sleep(1)
        with slow_stops() if slow else contextlib.nullcontext():
            waiting.cancel()
            await asyncio.wait({waiting})
            still = any(span.outcome == "running" for span in timeline.spans)
        await asyncio.sleep(10)  # the others end in their own time
        return [round(span.end - 1, 3) for span in timeline.spans], still

    def run(slow: bool):
        loop = virtual_loop()  # time compaction on from the start
        try:
            return loop.run_until_complete(cancelled_at_one(slow))
        finally:
            loop.close()

    assert run(slow=False) == ([0.0, 0.0, 0.0], False)
    ends, still = run(slow=True)
    assert ends == [round(step * STOP_STEP, 3) for step in (1, 2, 3)], ends
    assert still  # when gather had ended, the later two were still stopping


def test_what_a_fake_hands_out_is_a_copy_the_suites_data_never_changes_with():
    import asyncio

    from grader.inside.timeline import Timeline

    pages = {None: (["a", "b"], "p2")}

    async def take_a_page():
        page = await Timeline().fake("fetch_page", seconds=0, result=pages.__getitem__)(None)
        page[0].pop()
        return page

    assert asyncio.run(take_a_page()) == (["a"], "p2")
    assert pages == {None: (["a", "b"], "p2")}


def test_loop_errors_hears_every_report_whatever_handler_the_code_sets():
    async def main() -> list[dict]:
        with loop_errors() as errors:
            loop = asyncio.get_running_loop()
            loop.set_exception_handler(lambda loop, context: None)  # the learner's, say
            loop.call_soon(lambda: 1 / 0)
            await asyncio.sleep(0)
        return errors

    with asyncio.Runner(loop_factory=virtual_loop) as runner:
        errors = runner.run(main())
    assert [type(context["exception"]) for context in errors] == [ZeroDivisionError]


def test_loop_errors_nested_each_hear_what_came_while_they_listened():
    async def main() -> tuple[list[dict], list[dict]]:
        loop = asyncio.get_running_loop()
        with loop_errors() as outer:
            with loop_errors() as inner:
                pass  # two equal, empty lists: the inner one must be the one let go
            loop.call_soon(lambda: 1 / 0)
            await asyncio.sleep(0)
        return outer, inner

    with asyncio.Runner(loop_factory=virtual_loop) as runner:
        outer, inner = runner.run(main())
    assert [type(context["exception"]) for context in outer] == [ZeroDivisionError]
    assert inner == []


@pytest.mark.parametrize(
    ("got", "hint"),
    [
        ("then\u2028more", "the spaces are part of the line"),
        ("  then\u2028more", "the spaces are part of the line"),
        ("  then", "which str.splitlines() takes for a line break"),
        ("  then\u2028more  ", ""),
        ("then", ""),
        (b"  then more  ", ""),
    ],
)
def test_line_end_hint_tells_what_more_than_the_newline_was_taken(got, hint):
    said = line_end_hint(got, "  then\u2028more  ")
    assert hint in said if hint else said == ""


def test_a_task_a_callback_starts_counts_as_started_by_the_task_that_scheduled_it():
    """``loop.call_soon(start)`` from a task: the tasks ``start`` makes, with no task current,
    are still that task's to stop when it is cancelled (rules.LEFT_RUNNING)."""
    loop = RealLoop()
    started = []

    async def scheduling():
        def start():
            started.append(loop.create_task(asyncio.sleep(3600)))

        loop.call_soon(start)
        await asyncio.sleep(0.01)

    async def scene():
        task = loop.create_task(scheduling())
        await task
        return still_running_under(task)

    try:
        running = loop.run_until_complete(scene())
        assert running == started and len(started) == 1
    finally:
        for each in started:
            each.cancel()
        loop.run_until_complete(asyncio.sleep(0))
        loop.close()


def test_a_task_no_task_started_counts_for_a_call_made_before_it():
    """A callback run in a context of its own makes a task with no current task and no note
    of who scheduled it: it counts for the cancelled call checked since it was made."""
    loop = RealLoop()
    started = []

    async def calling():
        loop.call_soon(
            lambda: started.append(loop.create_task(asyncio.sleep(3600))),
            context=contextvars.Context(),
        )
        await asyncio.sleep(0.01)

    async def scene():
        task = loop.create_task(calling())
        await task
        return still_running_under(task), unclaimed_running_since(task)

    try:
        claimed, unclaimed = loop.run_until_complete(scene())
        assert claimed == [] and unclaimed == started and len(started) == 1
    finally:
        for each in started:
            each.cancel()
        loop.run_until_complete(asyncio.sleep(0))
        loop.close()


def _later():
    """A callback of "the learner's code" (this file plays it), scheduled and never run."""


def test_a_callback_of_the_learner_s_still_waiting_to_run_is_its_scheduler_s(monkeypatch):
    """A cancelled call that leaves a callback of the learner's code scheduled (call_later,
    or from a done callback of its own task) answers for it while it waits to run."""
    monkeypatch.setattr(after_learners_callbacks, "file", __file__)
    loop = RealLoop()

    async def cancelled():
        loop.call_later(3600, _later)
        asyncio.current_task().add_done_callback(lambda task: loop.call_later(3600, _later))
        await asyncio.sleep(3600)

    async def scene():
        task = loop.create_task(cancelled())
        await asyncio.sleep(0.01)
        task.cancel()
        await asyncio.wait([task])
        await asyncio.sleep(0)  # the done callback has run
        return callbacks_waiting_under(task)

    try:
        assert loop.run_until_complete(scene()) == ["_later", "_later"]
    finally:
        loop.close()


def test_a_call_that_returns_with_a_callback_of_its_own_still_scheduled_left_it(monkeypatch):
    """Work left behind is a callback too: ``check_none_left`` tells one still scheduled
    when the call returned, and the grader's clean-up cancels it."""
    monkeypatch.setattr(after_learners_callbacks, "file", __file__)
    loop = RealLoop()

    async def returns_early():
        asyncio.get_running_loop().call_later(3600, _later)

    async def scene():
        started = Started()
        await returns_early()
        leftovers = started.leftovers()
        await started.stop()
        return leftovers, started.leftovers()

    try:
        leftovers, after_stop = loop.run_until_complete(scene())
    finally:
        loop.close()
    assert [(each.name, each.callback) for each in leftovers] == [("_later", True)]
    assert after_stop == []
    with pytest.raises(pytest.fail.Exception) as failed:
        check_none_left(leftovers, call="returns_early()", remedy="Wait for it.")
    assert "1 callback(s) of yours (_later) were still scheduled" in str(failed.value)


def test_a_job_handed_to_a_thread_and_still_running_when_the_call_returns_is_left(monkeypatch):
    """Handed over by ``run_in_executor`` or ``asyncio.to_thread`` and not awaited: a job still
    running after the grace is a leftover; one that ends within it is not."""
    monkeypatch.setattr(after_learners_callbacks, "file", __file__)
    loop = RealLoop()
    release, kept = threading.Event(), []

    async def returns_early():
        running = asyncio.get_running_loop()
        running.run_in_executor(None, _waits_for, release)
        kept.append(asyncio.ensure_future(asyncio.to_thread(_waits_for, release)))
        running.run_in_executor(None, _returns)
        await asyncio.sleep(0)  # to_thread hands its job over once its task runs

    async def scene():
        started = Started()
        await returns_early()
        leftovers = started.leftovers()
        release.set()
        await asyncio.gather(*kept)
        return leftovers, started.leftovers()

    try:
        leftovers, after_release = loop.run_until_complete(scene())
    finally:
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()
    names = sorted(each.name for each in leftovers if each.thread)
    assert names == ["_waits_for", "_waits_for"]
    assert not [each for each in after_release if each.thread]
    with pytest.raises(pytest.fail.Exception) as failed:
        check_none_left(leftovers, call="returns_early()", remedy="Wait for them.")
    assert "2 job(s) of yours handed to a thread (_waits_for) were still" in str(failed.value)


def _waits_for(event: threading.Event) -> None:
    event.wait(5)


def _returns() -> None:
    pass


def test_a_task_is_named_on_one_line_whatever_its_coroutine_was_called():
    import asyncio

    from grader.inside.loops import task_name

    async def work():
        return None

    async def named() -> str:
        coroutine = work()
        coroutine.__qualname__ = "work\n ✔ 07.1 forged"
        task = asyncio.ensure_future(coroutine)
        await task
        return task_name(task)

    assert asyncio.run(named()) == "work ✔ 07.1 forged"


class LyingFloat(float):
    """A float that shows (format, repr, str) and converts as 1.0, whatever it holds."""

    def __format__(self, spec):
        return format(1.0, spec)

    def __repr__(self):
        return "1.0"

    __str__ = __repr__

    def __float__(self):
        return 1.0

    def __radd__(self, other):
        return other + 1.0


class LyingStr(str):
    def __repr__(self):
        return "'a.test'"

    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class LyingList(list):
    def __iter__(self):
        return iter(["a.test"])


def test_plain_value_reads_what_a_subclass_holds_without_running_its_methods():
    from grader.inside.evidence import plain_value

    for lying, plain in ((LyingFloat(0.01), 0.01), (LyingStr("b.test"), "b.test")):
        value = plain_value(lying)
        assert type(value) is type(plain) and value == plain
    big = type("Big", (int,), {"__index__": lambda self: 0})(10**5000)
    assert type(plain_value(big)) is int and plain_value(big) == 10**5000
    kept = object()
    assert plain_value(kept) is kept and plain_value(True) is True


def test_plain_repr_shows_a_subclass_and_a_container_of_them_by_what_they_hold():
    from grader.inside.timeline import plain_repr

    assert plain_repr(LyingFloat(0.01)) == "0.01"
    assert plain_repr([LyingStr("b.test"), (LyingFloat(2.5),)]) == "['b.test', (2.5,)]"
    assert plain_repr(LyingList(["b.test", "c.test"])) == "['b.test', 'c.test']"
    assert plain_repr({LyingStr("k"): LyingFloat(2.0)}) == "{'k': 2.0}"
    assert plain_repr(10**5000) == "<int of 16610 bits>"


def test_a_fake_labels_and_works_with_the_plain_values_it_was_handed():
    from grader.inside.timeline import Timeline

    async def scene():
        timeline = Timeline()
        fetch = timeline.fake("fetch", seconds={"b.test": 0.5}.get, result=lambda url: url)
        got = await fetch(LyingStr("b.test"))
        return got, timeline.labels, timeline.spans[0].end - timeline.spans[0].start

    got, labels, took = asyncio.run(scene())
    assert type(got) is str and got == "b.test"
    assert labels == ["fetch('b.test')"] and took == pytest.approx(0.5, abs=0.05)


def test_the_sleep_spy_labels_and_sleeps_the_plain_number_it_was_given(monkeypatch):
    from grader.inside.suite import watch_asyncio_sleep
    from grader.inside.timeline import Timeline

    async def scene():
        timeline = Timeline()
        watch_asyncio_sleep(monkeypatch, timeline)
        await asyncio.sleep(LyingFloat(0.01))
        await asyncio.sleep(0.02)
        with pytest.raises(TypeError, match=r"asyncio\.sleep was given"):
            await asyncio.sleep("1")
        return timeline.labels, [span.end - span.start for span in timeline.spans]

    labels, took = asyncio.run(scene())
    assert labels == ["sleep(0.01)", "sleep(0.02)"]
    assert took[0] < 0.5


def test_a_deadline_spy_judges_and_hands_on_the_plain_number(monkeypatch):
    """A float whose __le__ says it is within the limit is a deadline of 5 s all the same."""
    import types

    from grader.inside.spies import deadlines_set, within_the_limit

    learner = types.ModuleType("learner")
    learner.asyncio = asyncio
    source = (
        "class Sneaky(float):\n"
        "    def __le__(self, other):\n"
        "        return True\n"
        "    def __radd__(self, other):\n"
        "        return other + 0.01\n"
        "async def wait():\n"
        "    async with asyncio.timeout(Sneaky(5.0)) as deadline:\n"
        "        return deadline.when() - asyncio.get_running_loop().time()\n"
    )
    exec(source, vars(learner))
    seen = deadlines_set(monkeypatch, types.SimpleNamespace(module=learner), within_the_limit(2))
    left = asyncio.run(learner.wait())
    assert seen == ["asyncio.timeout(5.0)"]
    assert left == pytest.approx(5.0, abs=0.5)


def test_a_loop_report_is_told_by_the_builtin_text_of_its_error():
    from grader.inside.spies import describe_error

    class Loud(KeyError):
        def __str__(self):
            return "all\nfine"

    assert describe_error({"exception": Loud("x")}) == "Loud: 'x'"
    assert describe_error({"exception": ValueError()}) == "ValueError"
    assert describe_error({"message": "a\nb"}) == "a b"


def test_a_task_made_as_asyncio_task_counts_among_its_starter_s():
    """``asyncio.Task(coro)`` goes past the loop's create_task: its first step still names
    who started it, for the rule that a cancelled function leaves none running."""
    loop = virtual_loop()

    async def child():
        await asyncio.sleep(10)

    async def parent():
        made = asyncio.Task(child())
        await asyncio.sleep(0)
        return made

    try:
        starter = loop.create_task(parent())
        made = loop.run_until_complete(starter)
        assert still_running_under(starter) == [made]
        made.cancel()
        loop.run_until_complete(asyncio.wait([made]))
    finally:
        loop.close()
