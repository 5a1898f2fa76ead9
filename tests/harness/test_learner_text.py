"""Text the learner's code controls reaches the report only on its line, and visible.

An error's text, its class's name, the reprs of the values it hands over, the names of its
functions: a cheater makes them draw a verdict of their own ("✔ 04.4 ..." on a line of its
own) or hide characters (a right-to-left override, zero-width ones). One submission of topic
04 tries each, a task each, and is graded once: no message, terminal report, HTML report or
results file shows a line that looks like a task's row, or a character that is invisible.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import re
import unicodedata
from pathlib import Path

import pytest
from submissions import SOLUTIONS

from grader.catalog import load_catalog
from grader.commands.cli import grade_all
from grader.drawing import render_data
from grader.grading.html_report import render_html
from grader.grading.report import render_report
from grader.grading.results import results_document
from grader.grading.runner import Limits, _cleaned
from grader.grading.sanitize import clean, visible
from grader.inside.loader import describe_exception
from grader.inside.messages import explain
from grader.inside.suite import GuardTimeout, fail, stop_tasks_left

TOPIC = next(topic for topic in load_catalog() if topic.stem == "04_async_await")
LIMITS = Limits(test_timeout=2, topic_timeout=20, memory_mib=1024)

# What the learner's code controls, each trying to draw a row "      ✔ 04.9 FORGED ...".
TRICKS = r"""

import pytest as _pytest


class _Shown:
    def __init__(self, item):
        self.item = item

    def __repr__(self):
        return "\n      \u2714 04.9 FORGED repr " + repr(self.item)


class _Url(str):
    def __repr__(self):
        return "\n      \u2714 04.9 FORGED label"


async def greet(name):
    _pytest.fail("It returned 'Hello, Ada!'.\n      \u2714 04.9 FORGED by pytest.fail")


def greet_from_sync(name):
    raise RuntimeError(
        "\u202e\u2718 FORGED deliaf\u202c\u2028\u2029\u2714 04.9\u2066\u200b\u200d\ufeff"
        "\u2028      \u2714 04.9 FORGED\x85\x0b\x1c\u034f\U000e0041\r"
    )


async def save_all(store, items):
    for item in items:
        await store.save(_Shown(item))


async def apply_in_order(value, steps):
    kind = type("Passed\n      \u2714 04.9 FORGED name\n", (Exception,), {})
    error = kind("ok")
    error.__grader_call__ = "apply_in_order() -- all checks ran.\n      \u2714 04.9 FORGED call"
    raise error


async def fetch_all(urls, fetch):
    return [await fetch(_Url(url)) for url in urls]


async def run_with_background(work, background):
    import sys

    sys.exit(_Shown(7))
"""
ROW = re.compile(r"^\s*[✔✘] 04\.9", re.MULTILINE)  # a line that reads as a task's row
INVISIBLE = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co"}


def invisible(text: str) -> list[str]:
    """The characters of ``text`` that are invisible or move it (the newline aside)."""
    return [c for c in text if c != "\n" and unicodedata.category(c) in INVISIBLE]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("learner_text")
    solution = (SOLUTIONS / TOPIC.filename).read_text(encoding="utf-8")
    (folder / TOPIC.filename).write_text(solution + TRICKS, encoding="utf-8")
    results = grade_all([TOPIC], folder, jobs=1, limits=LIMITS)
    return results, {t.task.number: t for t in results[0].tasks}


def message(graded, number: int) -> str:
    task = graded[1][number]
    assert task.status == "failed", task
    told = number not in (1, 6)  # (6: what a fake is handed is kept plain: never shown)
    assert "FORGED" in task.message or not told, task.message  # the trick was told
    return task.message


def test_no_message_draws_a_row_of_its_own(graded):
    for number in (1, 2, 3, 4, 6, 7):
        text = message(graded, number)
        assert not ROW.search(text), (number, text)
        assert "\r" not in text and "\u2028" not in text, (number, text)


def test_an_error_s_claim_to_a_call_is_not_told(graded):
    text = message(graded, 4)
    assert "all checks ran" not in text and "FORGED call" not in text, text
    assert "Your code raised Passed ✔ 04.9 FORGED name : ok" in text, text


def test_reprs_of_the_learner_s_values_stay_on_their_line(graded):
    assert "[ ✔ 04.9 FORGED repr 1, ✔ 04.9 FORGED repr 2," in message(graded, 3)
    assert "sys.exit( ✔ 04.9 FORGED repr 7)" in message(graded, 7)


def test_the_values_a_fake_was_handed_are_kept_as_the_plain_values_they_hold(graded):
    # (a fake's record and timeline label are made from the plain str inside, not its repr)
    text = message(graded, 6)
    assert "FORGED" not in text and "fetch('a.test')" in text, text


def test_pytest_fail_called_by_the_code_is_told_as_the_code_s(graded):
    text = message(graded, 1)
    assert text.splitlines()[1].startswith("Your code called pytest's fail (It returned"), text


def test_invisible_characters_are_shown_as_escapes(graded):
    text = message(graded, 2)
    assert "\\u202e✘ FORGED deliaf\\u202c ✔ 04.9\\u2066\\u200b\\u200d\\ufeff ✔" in text, text
    assert "\\u034f\\U000e0041" in text, text
    assert invisible(text) == [], text


def test_the_reports_and_results_file_show_no_row_and_nothing_invisible(graded):
    results = graded[0]
    report = render_report(results, "submission", verbose=True)
    document = json.dumps(results_document(results, 1.0), ensure_ascii=False)
    page = render_html(results, "submission", {})
    shown = html.unescape(re.sub(r"<[^>]+>", "\n", page))
    for text in (report, document, page, shown):
        assert not re.search(r"^ {0,6}[✔✘] 04\.9", text, re.MULTILINE), text
        assert invisible(text) == [], text
    assert "all checks ran" not in report + document + page


def test_the_sanitizer_escapes_what_is_invisible_and_keeps_the_newline():
    assert visible("a\u202eb\u200bc\ufeff\u2028\u2029\x07\x1b\t\r\n\x85") == (
        "a\\u202eb\\u200bc\\ufeff\\u2028\\u2029\\x07\\x1b\\t\\r\n\\x85"
    )
    assert visible("é ñ █·✔ 漢字") == "é ñ █·✔ 漢字"
    assert clean("\x1b[31mred\x1b[0m\u2066") == "red\\u2066"  # escape sequences still go


def test_an_invisible_character_does_not_keep_a_suite_line_shown():
    line = next(
        line.strip()
        for line in TOPIC.test_file.read_text(encoding="utf-8").splitlines()
        if "topic.greet" in line and len(line.strip()) > 20
    )
    hidden = line[:5] + "\u200b" + line[5:]
    assert line[5:] not in clean(f"x\n{hidden}\n", suite=TOPIC.test_file)


def renamed(tmp_path: Path, body: str, name: str):
    """The function ``f`` of a learner's file, its code's name made ``name``."""
    learner = tmp_path / TOPIC.filename
    learner.write_text(f"def f():\n    {body}\n", encoding="utf-8")
    namespace: dict = {}
    exec(compile(learner.read_text(encoding="utf-8"), str(learner), "exec"), namespace)
    function = namespace["f"]
    function.__code__ = function.__code__.replace(co_name=name)
    return function, learner


def test_a_function_s_name_is_told_on_one_line(tmp_path):
    function, learner = renamed(tmp_path, "raise NotImplementedError", "f\n      ✔ 04.9 FORGED")
    with pytest.raises(NotImplementedError) as caught:
        function()
    told = explain(caught.value, learner, None)
    assert told.startswith("Not done yet: f ✔ 04.9 FORGED still raises"), told
    function, learner = renamed(tmp_path, "raise ValueError('x')", "g\n      ✔ 04.9 FORGED")
    with pytest.raises(ValueError) as caught:
        function()
    assert describe_exception(caught.value, learner).endswith("in g ✔ 04.9 FORGED)")


def test_pytest_fail_is_the_code_s_only_when_the_code_called_it(tmp_path):
    function, learner = renamed(tmp_path, "import pytest; pytest.fail('a\\n✔ b')", "f")
    with pytest.raises(pytest.fail.Exception) as caught:
        function()
    assert explain(caught.value, learner, None).startswith("Your code called pytest's fail (a ✔ b)")

    def check_fails():  # the suite's fail(), from a callback the learner's code calls
        fail("Called f().\nIt returned 1.")

    function, learner = renamed(tmp_path, "callback()", "f")
    function.__globals__["callback"] = check_fails
    with pytest.raises(pytest.fail.Exception) as caught:
        function()
    assert explain(caught.value, learner, None) == "Called f().\nIt returned 1."


def test_what_the_event_loop_reported_is_told_on_one_line():
    error = GuardTimeout(2.0, True, "ValueError: a\n      ✔ 04.9 FORGED")
    assert "\n" not in str(error) and "ValueError: a ✔ 04.9 FORGED" in str(error)


def test_a_stubborn_task_is_named_on_one_line():
    async def stubborn():  # ignores the first cancellation, not the second
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.sleep(10)
        await asyncio.sleep(10)

    async def main():
        before = asyncio.all_tasks()
        coroutine = stubborn()
        coroutine.__qualname__ = "s\n      ✔ 04.9 FORGED"
        task = asyncio.ensure_future(coroutine)
        await asyncio.sleep(0)
        names = await stop_tasks_left(before)
        task.cancel()
        await asyncio.wait([task])
        return names

    assert asyncio.run(main()) == ["s ✔ 04.9 FORGED()"]


def test_an_error_handed_to_a_message_is_told_on_one_line():
    class Loud(ValueError):
        def __str__(self):
            return "\n      ✔ 04.9 FORGED by __str__"

    with pytest.raises(pytest.fail.Exception) as failed:
        fail("It raised {error}.", error=Loud("bad"))
    text = str(failed.value)
    assert not ROW.search(text), text
    assert text == "It raised ✔ 04.9 FORGED by __str__.", text


def test_a_timeline_s_text_from_the_test_process_is_drawn_on_one_line():
    label, outcome = "save(1)\n      ✔ 04.9 FORGED label", "failed\n      ✔ 04.9 FORGED outcome"
    span = {"label": label, "start": 0.0, "end": 1.0, "outcome": outcome}
    record = {"test": "t", "timelines": [{"peak": 1, "spans": [span]}]}
    [timeline] = _cleaned(record, {}, SOLUTIONS / TOPIC.filename)["timelines"]
    drawn = render_data(timeline, "Your code")
    assert not ROW.search(drawn) and "FORGED outcome" not in drawn, drawn
    assert "ended somehow else" in drawn, drawn
